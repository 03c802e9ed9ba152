"""Skip a stage whose inputs and code are unchanged since it last succeeded (dirty checking by checksum, as
owid/etl skips clean steps).

A stage's fingerprint is one SHA-256 over
- the build's code: every file under build_scripts/ (modules, translations, checks.yml), the lock file
  requirements.txt and the Python version, so that a change of code or of a library reruns every stage;
- each declared input: every file and folder under it, by its path and its bytes (links followed: a linked file
  counts by its content; an empty folder counts too).
When a stage succeeds, build/.stamps/<stage>.json records its fingerprint and that of its outputs, with the
checksum of each file it read and wrote. The next build skips the stage when both still match: nothing it reads
has changed, and nothing has changed or removed what it wrote; a stage run alone names the file that did
(why_stale, for cli.missing_input). A stage's stamp is removed before it runs, so a stage that failed or was killed half-way is never
taken for fresh, and a stage whose inputs changed while it ran gets no stamp (it runs again next time).
`python -m build_scripts build --force` ignores the stamps and empties the stages' caches (build/.cache/).
"""

import errno
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from build_scripts.core.paths import CODE_ROOT, Paths


def _entries(root: Path) -> list[str]:
    """Every file and folder under `root` (itself if it is a file), sorted as their paths sort (part by part). Links
    are followed: a linked file counts by its content, a linked folder by what it holds. A folder counts even when
    empty (releases/vX.Y.Z/). As text, not Path objects: a build checksums some 10,000 entries, and making a Path of
    each was most of the time files() took besides reading them."""
    top = str(root)
    if _is_file(top):
        return [top]
    found = []
    for folder, dirs, names in os.walk(top, followlinks=True):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")  # Python's own cache of compiled modules
        found += [os.path.join(folder, name) for name in dirs + names]
    return sorted(found, key=lambda path: path.split(os.sep))


def _is_file(path: str) -> bool:
    """Path(path).is_file(), of a path as text: an error other than a path that is missing, not there or a loop of
    links raises, as there."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as err:
        if err.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            raise
        return False
    except ValueError:  # a NUL in the name
        return False


def files(roots: list[Path], base: Path) -> dict[str, str]:
    """Every file and folder under `roots` by its path (relative to `base`, the project folder): a file's SHA-256,
    '/' for a folder. A missing root has none."""
    found = {}
    inside = os.path.join(str(base), "")  # the project folder's path and a separator: what a path inside it starts with
    for root in roots:
        for entry in _entries(root) if root.exists() else []:
            name = entry[len(inside):] if entry.startswith(inside) else "." if entry == str(base) else entry
            if _is_file(entry):
                with open(entry, "rb") as fh:
                    found[name] = hashlib.file_digest(fh, "sha256").hexdigest()
            else:
                found[name] = "/"
    return found


def _combined(found: dict[str, str]) -> str:
    total = hashlib.sha256()
    for name, sha in found.items():
        total.update(f"{name}\0{sha}\n".encode("utf-8", "surrogateescape"))
    return total.hexdigest()


def digest(roots: list[Path], base: Path) -> str:
    """One SHA-256 over the paths and contents of every file and folder under `roots` (files())."""
    return _combined(files(roots, base))


def code_roots() -> list[Path]:
    """The code every stage runs: the build's package and the locked libraries (where this code is, whichever
    project folder it builds)."""
    return [CODE_ROOT / "build_scripts", CODE_ROOT / "requirements.txt"]


def _code() -> str:
    return digest(code_roots(), CODE_ROOT) + sys.version


def _stamp(paths: Paths, name: str) -> Path:
    return paths.stamps_dir / f"{name}.json"


def fingerprint(paths: Paths, inputs: list[Path]) -> str:
    """The stage's inputs and the code that reads them, with the Python that runs it."""
    return fingerprint_of(files(inputs, paths.root))


def fingerprint_of(input_files: dict[str, str]) -> str:
    """fingerprint() of inputs whose files() are known."""
    return _code() + _combined(input_files)


def _recorded(paths: Paths, name: str) -> dict | None:
    try:
        recorded = json.loads(_stamp(paths, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def is_fresh(paths: Paths, name: str, inputs_fingerprint: str, outputs: list[Path]) -> bool:
    """True when the stage's stamp matches its inputs and code (`fingerprint(inputs)`) and its outputs as they are."""
    recorded = _recorded(paths, name)
    return recorded is not None and recorded.get("inputs") == inputs_fingerprint and recorded.get(
        "outputs") == digest(outputs, paths.root)


def state(paths: Paths, inputs: list[Path], outputs: list[Path], code: str | None = None) -> dict:
    """A stage's inputs and outputs as they are now (files() of each) and the code's digest (`code`, if the caller
    has it), each read once for both fresh() and why_stale()."""
    return {"input": files(inputs, paths.root), "output": files(outputs, paths.root),
            "code": _code() if code is None else code}


def fresh(paths: Paths, name: str, now: dict) -> bool:
    """is_fresh() of a stage's state() as read."""
    recorded = _recorded(paths, name)
    return recorded is not None and recorded.get("inputs") == now["code"] + _combined(now["input"]) and recorded.get(
        "outputs") == _combined(now["output"])


def why_stale(paths: Paths, name: str, inputs: list[Path], outputs: list[Path],
              now: dict | None = None) -> tuple[str, str | None, str | None]:
    """Why a stage is not fresh, as (reason, the file, how it changed): ('never', None, None) without a stamp of a
    success; ('output', file, change) when a file it wrote is missing, changed, or one was added; ('input', file,
    change) when a file it read is; ('code', None, None) when the build's code, its libraries or Python are; a
    change is 'removed', 'added' or 'edited'. `now`: the stage's state() if already read (not read again)."""
    recorded = _recorded(paths, name)
    if recorded is None or not isinstance(recorded.get("files"), dict):
        return "never", None, None
    now = now or state(paths, inputs, outputs)
    for reason, roots in (("output", outputs), ("input", inputs)):
        then = recorded["files"].get(reason) or {}
        gone = next((root for root in roots if not root.exists() and root.is_relative_to(paths.root) and any(
            name.startswith(f"{paths.shown(root)}/") or name == paths.shown(root) for name in then)), None)
        if gone:  # a whole folder (or file) it wrote or read: named as such, not by its first file
            return reason, paths.shown(gone), "removed"
        change = _first_change(then, now[reason])
        if change:
            return reason, *change
    if recorded.get("code") != now["code"]:
        return "code", None, None
    return "never", None, None


def code_digest() -> str:
    """The digest of the build's code, libraries and Python that a stamp records (state(..., code=))."""
    return _code()


def _first_change(then: dict[str, str], now: dict[str, str]) -> tuple[str, str] | None:
    """The first file (in path order) that is missing, added or changed between two files() of the same roots."""
    changed = [(name, "removed") for name in then if name not in now]
    changed += [(name, "added" if name not in then else "edited") for name, sha in now.items() if then.get(name) != sha]
    return min(changed) if changed else None


def forget(paths: Paths, name: str) -> None:
    """Remove the stage's stamp: called before it runs, so that a failed run is never taken for fresh."""
    _stamp(paths, name).unlink(missing_ok=True)


def record(paths: Paths, name: str, input_files: dict[str, str], outputs: list[Path]) -> None:
    """After a successful run: the files() its inputs had when it started (with their fingerprint), and its outputs
    as written, each file by its checksum, so that a later run alone can name the file that changed (why_stale)."""
    stamp = _stamp(paths, name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    written = files(outputs, paths.root)
    data = {"inputs": fingerprint_of(input_files), "outputs": _combined(written), "code": _code(),
            "files": {"input": input_files, "output": written}}
    stamp.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
