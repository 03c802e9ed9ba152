"""Skip a stage whose inputs and code are unchanged since it last succeeded (dirty checking by checksum, as
owid/etl skips clean steps).

A stage's fingerprint is one SHA-256 over
- the build's code: every file under build_scripts/ (modules and translations) and the lock file
  requirements.txt, so that a change of code or of a library reruns every stage;
- each declared input: every file under it, by its path and its bytes (a symbolic link by its target).
When a stage succeeds, build/.stamps/<stage>.json records its fingerprint and that of its outputs. The next
build skips the stage when both still match: nothing it reads has changed, and nothing has changed or removed
what it wrote. A stage's stamp is removed before it runs, so a stage that failed or was killed half-way is never
taken for fresh. `python -m build_scripts build --force` ignores the stamps.
"""

import hashlib
import json
import os
from pathlib import Path

from build_scripts.core import paths


def _files(root: Path) -> list[Path]:
    """Every file under `root` (itself if it is a file), sorted; links are listed, never followed."""
    if root.is_symlink() or root.is_file():
        return [root]
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if name != "__pycache__"]  # Python's own cache of compiled modules
        found += [Path(folder) / name for name in names]
        found += [Path(folder) / name for name in dirs if (Path(folder) / name).is_symlink()]
    return sorted(found)


def digest(roots: list[Path]) -> str:
    """One SHA-256 over the paths and contents of every file under `roots` (a missing root counts as missing)."""
    total = hashlib.sha256()
    for root in roots:
        for file in _files(root) if root.exists() or root.is_symlink() else []:
            total.update(str(file.relative_to(paths.ROOT) if file.is_relative_to(paths.ROOT) else file).encode())
            if file.is_symlink():
                total.update(b"-> " + os.readlink(file).encode())
            else:
                with file.open("rb") as fh:
                    total.update(hashlib.file_digest(fh, "sha256").digest())
        total.update(b"\0")
    return total.hexdigest()


def code_roots() -> list[Path]:
    """The code every stage runs: the build's package and the locked libraries."""
    return [paths.ROOT / "build_scripts", paths.ROOT / "requirements.txt"]


def _stamp(name: str) -> Path:
    return paths.BUILD_DIR / ".stamps" / f"{name}.json"


def fingerprint(inputs: list[Path]) -> str:
    return digest(code_roots() + inputs)


def is_fresh(name: str, inputs_fingerprint: str, outputs: list[Path]) -> bool:
    """True when the stage's stamp matches its inputs and code (`fingerprint(inputs)`) and its outputs as they are."""
    stamp = _stamp(name)
    if not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"inputs": inputs_fingerprint, "outputs": digest(outputs)}


def forget(name: str) -> None:
    """Remove the stage's stamp: called before it runs, so that a failed run is never taken for fresh."""
    _stamp(name).unlink(missing_ok=True)


def record(name: str, inputs_fingerprint: str, outputs: list[Path]) -> None:
    """After a successful run: the fingerprint its inputs had when it started, and its outputs as written."""
    stamp = _stamp(name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    data = {"inputs": inputs_fingerprint, "outputs": digest(outputs)}
    stamp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
