"""The commands' path arguments, checked before anything is read or written: one line for a bad one.

Used by cli.py for `validate --package`, `check-submission FILE…`, `datadiff --report/--summary`,
`submission-template --out` and `aggregate --out`. Nothing here reads a file: a device such as /dev/zero or a
FIFO would never end (or never open), so a path must be a regular file (or a folder where one is asked for), and
an input is bounded by its size before it is read. Each function returns the one line to print, or None.
"""

import os
import stat
from pathlib import Path

from build_scripts.core.lang import Phrase, say
from build_scripts.core.text import shown_path


def _shown(option: str, path: Path) -> str:
    """An argument as a message names it: a line break or escape sequence in a path is printed visible, so it
    cannot start a line of its own (a forged 'no problems') or act on the terminal."""
    return f"{option} {shown_path(path)}" if option else shown_path(path)


def kind_of(mode: int) -> Phrase:
    if stat.S_ISDIR(mode):
        return Phrase("kind_folder")
    if stat.S_ISFIFO(mode):
        return Phrase("kind_fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Phrase("kind_device")
    if stat.S_ISSOCK(mode):
        return Phrase("kind_socket")
    return Phrase("kind_irregular")


def input_file(path: Path, option: str = "", max_bytes: int | None = None) -> str | None:
    """A file to read: it exists, is a regular file, can be read, and is not larger than max_bytes."""
    where = _shown(option, path)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return say("argument_missing", where=where)
    except OSError as err:
        return say("argument_unreadable", where=where, reason=err.strerror)
    if not stat.S_ISREG(mode):
        return say("argument_not_a_file", where=where, kind=kind_of(mode))
    if not os.access(path, os.R_OK):
        return say("argument_no_access", where=where)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return say("argument_too_large", where=where, size=size, limit=max_bytes)
    return None


def _nearest_folder(path: Path) -> tuple[Path, Phrase | None]:
    """The nearest existing ancestor of `path` and, if it cannot hold new files, why (words of a message)."""
    parent = next(p for p in [*path.absolute().parents] if p.exists())
    folder = shown_path(parent)
    if not parent.is_dir():
        return parent, Phrase("not_a_folder", folder=folder)
    if not os.access(parent, os.W_OK | os.X_OK):
        return parent, Phrase("folder_not_writable", folder=folder)
    return parent, None


def _mode_of_output(path: Path, where: str) -> tuple[int | None, str | None]:
    """(the file mode of what stands at `path`, or None where nothing does: a new one; or the line why it cannot be
    used)."""
    try:
        return path.stat().st_mode, None
    except (FileNotFoundError, NotADirectoryError):  # not there (or under a file): a new one
        return None, None
    except OSError as err:
        return None, say("argument_unusable", where=where, reason=err.strerror)


def output_file(path: Path, option: str, create_folders: bool = False) -> str | None:
    """A file to write or append to: a regular file that can be written, or a new file in a folder that exists and
    can be written to, or (create_folders) a new file whose folders can be made under a writable folder."""
    where = _shown(option, path)
    mode, problem = _mode_of_output(path, where)
    if problem:
        return problem
    if mode is not None:
        if not stat.S_ISREG(mode):
            return say("argument_not_a_file", where=where, kind=kind_of(mode))
        if not os.access(path, os.W_OK):
            return say("argument_not_writable", where=where)
        return None
    if not create_folders and not path.absolute().parent.is_dir():
        return say("argument_no_folder", where=where, folder=shown_path(path.absolute().parent))
    _, why = _nearest_folder(path)
    if why:
        return say("argument_folder_unusable", where=where, why=why)
    return None


# What a command's report may never overwrite or append to: the project's own files (red team 45, finding 4:
# `datadiff --summary datapackage/data/key_figures.csv` appended Markdown to a table, `--summary .git/config` broke
# every git command), nor build/ (the charts' cache, which the next build trusts) or site/. Everything else of the
# project's folder may be written (CI writes data-diff/ there).
PROJECT_PARTS = (".git", ".github", "build", "build_scripts", "datapackage", "docs", "releases", "site", "tests")


def project_file(path: Path, option: str, root: Path) -> str | None:
    """Why an output file may not be written: it is one of the project's own (PROJECT_PARTS, or a file at the top of
    the project's folder that exists), or None."""
    where = _shown(option, path)
    try:
        inside = path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    # (by case too: on a file system that ignores case, '.Git/config' is '.git/config': red team 49, finding 4)
    if inside.parts and (inside.parts[0].casefold() in PROJECT_PARTS or (len(inside.parts) == 1 and path.exists())):
        return say("argument_project_file", where=where)
    return None


def output_folder(path: Path, option: str, empty: bool = False) -> str | None:
    """A folder to write into: an existing folder (empty, if `empty`) or a new one under a writable folder."""
    where = _shown(option, path)
    mode, problem = _mode_of_output(path, where)
    if problem:
        return problem
    if mode is not None and not stat.S_ISDIR(mode):
        kind = Phrase("kind_file") if stat.S_ISREG(mode) else kind_of(mode)
        if empty:
            return say("argument_want_empty_folder", where=where, kind=kind)
        return say("argument_want_folder", where=where, kind=kind)
    if mode is not None:
        if empty and any(path.iterdir()):
            return say("argument_folder_not_empty", where=where)
        if not os.access(path, os.W_OK | os.X_OK):
            return say("argument_folder_not_writable", where=where)
        return None
    _, why = _nearest_folder(path)
    if why:
        return say("argument_cannot_create", where=where, why=why)
    return None
