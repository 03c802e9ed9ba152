"""Stage 6: build the HTML site with MkDocs and put it in place atomically.

Reads  mkdocs.yml and build/docs/ (written by the pages stage).
Writes site/ — but only after `mkdocs build --strict` has succeeded into a
temporary folder beside it; a failed build leaves the old site/ untouched.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import paths


class BuildFailed(Exception):
    """mkdocs failed; its output has been printed."""


def run() -> str:
    paths.BUILD_DIR.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="site-", dir=paths.BUILD_DIR))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(paths.MKDOCS_YML),
         "--site-dir", str(tmp)],
        cwd=paths.ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(result.stdout + result.stderr, file=sys.stderr)
        raise BuildFailed("mkdocs build --strict failed")
    old = paths.BUILD_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if paths.SITE_DIR.exists():
        paths.SITE_DIR.rename(old)
    tmp.rename(paths.SITE_DIR)
    shutil.rmtree(old, ignore_errors=True)
    pages = len(list(paths.SITE_DIR.rglob("*.html")))
    return f"mkdocs built {pages} HTML pages into site/"
