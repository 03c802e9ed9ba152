"""Stage 6: build the HTML site with MkDocs and put it in place atomically.

Reads  mkdocs.yml and build/docs/ (written by the pages stage).
Writes site/ — but only after `mkdocs build --strict` has succeeded into a
temporary folder beside it; a failed build leaves the old site/ untouched.

Every HTML page gets a Content-Security-Policy <meta> that allows scripts,
styles, images, fonts and connections from the site's own origin only; the
theme's few inline scripts are allowed by their SHA-256 hashes, computed here.
The theme's search dialog gets the accessible name Material leaves out.
"""

import base64
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import paths


class BuildFailed(Exception):
    """mkdocs failed; its output has been printed."""


CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def content_security_policy(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                     for body in INLINE_SCRIPT.findall(html)})
    return CSP.format(hashes=" ".join(hashes)).replace("  ", " ")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def finish_pages(site_dir: Path) -> int:
    """Post-process every HTML page: name the search dialog, add the CSP."""
    pages = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Søg på siden">')
        meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
        html, n = re.subn(r'(<meta charset="utf-8">)', "\\1\n      " + meta, html, count=1)
        if n != 1:
            raise BuildFailed(f"{page}: no <meta charset> to put the Content-Security-Policy after")
        page.write_text(html, encoding="utf-8")
        pages += 1
    return pages


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
    finish_pages(tmp)
    old = paths.BUILD_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if paths.SITE_DIR.exists():
        paths.SITE_DIR.rename(old)
    tmp.rename(paths.SITE_DIR)
    shutil.rmtree(old, ignore_errors=True)
    pages = len(list(paths.SITE_DIR.rglob("*.html")))
    return f"mkdocs built {pages} HTML pages into site/"
