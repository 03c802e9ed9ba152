"""The commands' path arguments, checked before anything is read or written: one line for a bad one.

Used by cli.py for `validate --package`, `check-submission FILE…`, `datadiff --report/--summary`,
`submission-template --out` and `aggregate --out`. Nothing here reads a file: a device such as /dev/zero or a
FIFO would never end (or never open), so a path must be a regular file (or a folder where one is asked for), and
an input is bounded by its size before it is read. Each function returns the one line to print, or None.
"""

import os
import stat
from pathlib import Path

from build_scripts.core.text import shown_path


def _shown(option: str, path: Path) -> str:
    """An argument as a message names it: a line break or escape sequence in a path is printed visible, so it
    cannot start a line of its own (a forged 'no problems') or act on the terminal."""
    return f"{option} {shown_path(path)}" if option else shown_path(path)


def _kind(mode: int) -> tuple[str, str]:
    if stat.S_ISDIR(mode):
        return "en mappe", "a folder"
    if stat.S_ISFIFO(mode):
        return "en FIFO (navngivet rør)", "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhed", "a device"
    if stat.S_ISSOCK(mode):
        return "en sokkel", "a socket"
    return "ikke en almindelig fil", "not a regular file"


def input_file(path: Path, option: str = "", max_bytes: int | None = None) -> str | None:
    """A file to read: it exists, is a regular file, can be read, and is not larger than max_bytes."""
    where = _shown(option, path)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return f"{where}: filen findes ikke. / {where}: the file does not exist."
    except OSError as err:
        return f"{where}: kan ikke læses ({err.strerror}). / {where}: cannot be read ({err.strerror})."
    if not stat.S_ISREG(mode):
        da, en = _kind(mode)
        return f"{where}: er {da}, ikke en fil. Angiv en fil. / {where}: is {en}, not a file. Give a file."
    if not os.access(path, os.R_OK):
        return f"{where}: kan ikke læses (ingen adgang). / {where}: cannot be read (no access)."
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return (f"{where}: fylder {size} bytes; højst {max_bytes} bytes læses. / "
                f"{where}: is {size} bytes; at most {max_bytes} bytes are read.")
    return None


def _nearest_folder(path: Path) -> tuple[Path, tuple[str, str] | None]:
    """The nearest existing ancestor of `path` and, if it cannot hold new files, why (Danish, English: the middle
    of a line; a tuple, since a folder's name may itself hold ' / ')."""
    parent = next(p for p in [*path.absolute().parents] if p.exists())
    folder = shown_path(parent)
    if not parent.is_dir():
        return parent, (f"{folder} er ikke en mappe", f"{folder} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        return parent, (f"{folder} kan ikke skrives i (ingen adgang)", f"{folder} cannot be written to (no access)")
    return parent, None


def _mode_of_output(path: Path, where: str) -> tuple[int | None, str | None]:
    """(the file mode of what stands at `path`, or None where nothing does: a new one; or the line why it cannot be
    used)."""
    try:
        return path.stat().st_mode, None
    except (FileNotFoundError, NotADirectoryError):  # not there (or under a file): a new one
        return None, None
    except OSError as err:
        return None, f"{where}: kan ikke bruges ({err.strerror}). / {where}: cannot be used ({err.strerror})."


def output_file(path: Path, option: str, create_folders: bool = False) -> str | None:
    """A file to write or append to: a regular file that can be written, or a new file in a folder that exists and
    can be written to, or (create_folders) a new file whose folders can be made under a writable folder."""
    where = _shown(option, path)
    mode, problem = _mode_of_output(path, where)
    if problem:
        return problem
    if mode is not None:
        if not stat.S_ISREG(mode):
            da, en = _kind(mode)
            return f"{where}: er {da}, ikke en fil. Angiv en fil. / {where}: is {en}, not a file. Give a file."
        if not os.access(path, os.W_OK):
            return f"{where}: kan ikke skrives (ingen adgang). / {where}: cannot be written (no access)."
        return None
    if not create_folders and not path.absolute().parent.is_dir():
        folder = shown_path(path.absolute().parent)
        return (f"{where}: mappen {folder} findes ikke. / {where}: the folder {folder} does not exist.")
    _, why = _nearest_folder(path)
    if why:
        da, en = why
        return f"{where}: {da}. / {where}: {en}."
    return None


def output_folder(path: Path, option: str, empty: bool = False) -> str | None:
    """A folder to write into: an existing folder (empty, if `empty`) or a new one under a writable folder."""
    where = _shown(option, path)
    mode, problem = _mode_of_output(path, where)
    if problem:
        return problem
    if mode is not None and not stat.S_ISDIR(mode):
        da, en = _kind(mode)
        da, en = ("en fil", "a file") if stat.S_ISREG(mode) else (da, en)
        return (f"{where}: er {da}; angiv en {'ny eller tom ' if empty else ''}mappe. / "
                f"{where}: is {en}; give a{' new or empty' if empty else ''} folder.")
    if mode is not None:
        if empty and any(path.iterdir()):
            return (f"{where}: er en mappe, der ikke er tom; angiv en ny eller tom mappe, så gamle filer ikke blandes "
                    f"med nye. / {where}: is a folder that is not empty; give a new or empty folder, so that old "
                    "files are not mixed with new ones.")
        if not os.access(path, os.W_OK | os.X_OK):
            return f"{where}: kan ikke skrives i (ingen adgang). / {where}: cannot be written to (no access)."
        return None
    _, why = _nearest_folder(path)
    if why:
        da, en = why
        return f"{where}: kan ikke oprettes, fordi {da}. / {where}: cannot be created because {en}."
    return None
