"""Skip a stage whose inputs and code are unchanged since it last succeeded (dirty checking by checksum, as
owid/etl skips clean steps).

A stage's fingerprint is one SHA-256 over
- the build's code: every file under build_scripts/ (modules, translations, checks.yml), the lock file
  requirements.txt and the Python version, so that a change of code or of a library reruns every stage;
- each declared input: every file and folder under it, by its path and its bytes (links followed: a linked file
  counts by its content; an empty folder counts too).
When a stage succeeds, build/.stamps/<stage>.json records its fingerprint and that of its outputs. The next
build skips the stage when both still match: nothing it reads has changed, and nothing has changed or removed
what it wrote. A stage's stamp is removed before it runs, so a stage that failed or was killed half-way is never
taken for fresh, and a stage whose inputs changed while it ran gets no stamp (it runs again next time).
`python -m build_scripts build --force` ignores the stamps and empties the stages' caches (build/.cache/).
"""

import hashlib
import json
import os
import sys
from pathlib import Path

from build_scripts.core.paths import CODE_ROOT, Paths


def _entries(root: Path) -> list[Path]:
    """Every file and folder under `root` (itself if it is a file), sorted. Links are followed: a linked file
    counts by its content, a linked folder by what it holds. A folder counts even when empty (releases/vX.Y.Z/)."""
    if root.is_file():
        return [root]
    found = []
    for folder, dirs, names in os.walk(root, followlinks=True):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")  # Python's own cache of compiled modules
        found += [Path(folder) / name for name in dirs + names]
    return sorted(found)


def digest(roots: list[Path], base: Path) -> str:
    """One SHA-256 over the paths (relative to `base`, the project folder) and contents of every file and folder
    under `roots` (a missing root counts as missing)."""
    total = hashlib.sha256()
    for root in roots:
        for entry in _entries(root) if root.exists() else []:
            total.update(str(entry.relative_to(base) if entry.is_relative_to(base) else entry).encode())
            if entry.is_file():
                with entry.open("rb") as fh:
                    total.update(hashlib.file_digest(fh, "sha256").digest())
            else:
                total.update(b"/")
        total.update(b"\0")
    return total.hexdigest()


def code_roots() -> list[Path]:
    """The code every stage runs: the build's package and the locked libraries (where this code is, whichever
    project folder it builds)."""
    return [CODE_ROOT / "build_scripts", CODE_ROOT / "requirements.txt"]


def _stamp(paths: Paths, name: str) -> Path:
    return paths.stamps_dir / f"{name}.json"


def fingerprint(paths: Paths, inputs: list[Path]) -> str:
    """The stage's inputs and the code that reads them, with the Python that runs it."""
    return digest(code_roots(), CODE_ROOT) + digest(inputs, paths.root) + sys.version


def is_fresh(paths: Paths, name: str, inputs_fingerprint: str, outputs: list[Path]) -> bool:
    """True when the stage's stamp matches its inputs and code (`fingerprint(inputs)`) and its outputs as they are."""
    stamp = _stamp(paths, name)
    if not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"inputs": inputs_fingerprint, "outputs": digest(outputs, paths.root)}


def forget(paths: Paths, name: str) -> None:
    """Remove the stage's stamp: called before it runs, so that a failed run is never taken for fresh."""
    _stamp(paths, name).unlink(missing_ok=True)


def record(paths: Paths, name: str, inputs_fingerprint: str, outputs: list[Path]) -> None:
    """After a successful run: the fingerprint its inputs had when it started, and its outputs as written."""
    stamp = _stamp(paths, name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    data = {"inputs": inputs_fingerprint, "outputs": digest(outputs, paths.root)}
    stamp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
