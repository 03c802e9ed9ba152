"""Copying the project's files into what the build publishes, never through a symbolic link.

validate refuses every link among the project's inputs (stages/validate/links.py); these stop a stage run alone
too, before it copies what a link points to (a file of the build machine, such as /proc/self/environ), in one line
naming the link and its target (red team 7, finding 1).
"""

import os
import shutil
from pathlib import Path

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import say
from build_scripts.core.text import excerpt, shown_path


def refuse_link(path: Path) -> None:
    """Stop if `path` is a symbolic link: one line naming it and where it points."""
    if os.path.islink(path):
        raise BuildStopped(say("link_not_copied", path=shown_path(path), target=excerpt(os.readlink(path), 200)))


def copy_file(src: Path, dst: Path) -> None:
    """shutil.copyfile, refusing a link."""
    refuse_link(src)
    shutil.copyfile(src, dst, follow_symlinks=False)


def read_bytes(path: Path) -> bytes:
    """Path.read_bytes, refusing a link (what the build publishes inside a file, such as the ZIP)."""
    refuse_link(path)
    return path.read_bytes()


def copy_tree(src: Path, dst: Path, ignore=None) -> None:
    """shutil.copytree, refusing the folder if it, or anything in it, is a link (none is followed)."""
    refuse_link(src)
    for folder, dirs, files in os.walk(src, followlinks=False):
        for name in sorted(dirs + files):
            refuse_link(Path(folder, name))
    shutil.copytree(src, dst, symlinks=True, ignore=ignore)
