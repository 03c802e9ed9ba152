"""Stage 6: build the HTML site with MkDocs and put it in place atomically.

Reads  mkdocs.yml and build/docs/ (the Danish site), mkdocs.en.yml and
       build/docs-en/ (the English edition), both written by the pages stage.
Writes site/ with the English edition in site/en/ — but only after both
`mkdocs build --strict` runs have succeeded into a temporary folder
build/site-XXXX; a failed build leaves the old site/ untouched. The root
sitemap.xml lists the pages of both languages.

The swap: the finished folder is first renamed to build/site-new (so a complete
site is recognisable by its name), then site/ is renamed to build/site-old and
build/site-new to site/. Each rename is atomic; a build killed between the two
leaves site/ missing for that moment only: the next build (`recover()`, run
before anything else) puts build/site-new, or else build/site-old, back in
place, and removes every other build/site-* folder that killed builds left.
The build lock (cli.py) makes sure no other build is using them.

Every HTML page gets a Content-Security-Policy <meta> that allows scripts,
styles, images, fonts and connections from the site's own origin only; the
theme's few inline scripts are allowed by their SHA-256 hashes, computed here.
The theme's search dialog gets the accessible name Material leaves out, and the
theme's script no longer fetches a sitemap.xml beside every hreflang alternate
(it does so to switch languages on the same page; with page-level alternates
that is one failed request per twin on every page view).
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml
from pathlib import Path

from . import paths


class BuildFailed(Exception):
    """mkdocs failed; its output has been printed."""


CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
# Inline scripts that run (data blocks such as JSON and JSON-LD do not run, and CSP does not apply to them).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)


def content_security_policy(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                     for body in INLINE_SCRIPT.findall(html)})
    return CSP.format(hashes=" ".join(hashes)).replace("  ", " ")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


# Material's bundle fetches <href>/sitemap.xml for every link[rel=alternate]; our hreflang links are
# page-level, so keep the script to the others. The build stops if the theme's code no longer matches.
ALTERNATE_QUERY = 'M("link[rel=alternate]")'
ALTERNATE_QUERY_PATCHED = 'M("link[rel=alternate]:not([hreflang])")'


def patch_theme_script(site_dir: Path) -> None:
    bundles = list(site_dir.glob("assets/javascripts/bundle.*.min.js"))
    if len(bundles) != 1 or bundles[0].read_text(encoding="utf-8").count(ALTERNATE_QUERY) != 1:
        raise BuildFailed(f"{site_dir}: Material's bundle has changed; review patch_theme_script in build_scripts/site.py")
    bundles[0].write_text(bundles[0].read_text(encoding="utf-8").replace(ALTERNATE_QUERY, ALTERNATE_QUERY_PATCHED),
                          encoding="utf-8")


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


def merge_sitemaps(main: Path, other: Path, site_da: str, site_en: str) -> None:
    """One sitemap for both languages, each page with its hreflang twins (and no compressed copies)."""
    locs = re.findall(r"<loc>(.*?)</loc>", main.read_text(encoding="utf-8")) + \
        re.findall(r"<loc>(.*?)</loc>", other.read_text(encoding="utf-8"))
    entries = []
    for loc in locs:
        path = loc[len(site_en):] if loc.startswith(site_en) else loc[len(site_da):]
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{root}{path}"/>'
                        for lang, root in (("da", site_da), ("en", site_en), ("x-default", site_da)))
        entries.append(f"  <url><loc>{loc}</loc>{links}</url>")
    main.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
                    + "\n".join(entries) + "\n</urlset>\n", encoding="utf-8")
    for gz in (main.with_suffix(".xml.gz"), other.with_suffix(".xml.gz")):
        gz.unlink(missing_ok=True)


def recover() -> list[str]:
    """Undo what a killed build left: a missing site/ and stale build/site-* folders. Returns what it did."""
    done = []
    new, old = paths.BUILD_DIR / "site-new", paths.BUILD_DIR / "site-old"
    if not paths.SITE_DIR.exists():
        for candidate in (new, old):
            if candidate.is_dir():
                candidate.rename(paths.SITE_DIR)
                done.append(f"restored site/ from build/{candidate.name}")
                break
    for stale in sorted(paths.BUILD_DIR.glob("site-*")) if paths.BUILD_DIR.exists() else []:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            done.append(f"removed build/{stale.name}")
    return done


def swap_into_place(finished: Path) -> None:
    """Put a finished site in site/ (see the module's docstring for why in these steps)."""
    new, old = paths.BUILD_DIR / "site-new", paths.BUILD_DIR / "site-old"
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    finished.rename(new)
    if paths.SITE_DIR.exists():
        paths.SITE_DIR.rename(old)
    new.rename(paths.SITE_DIR)
    shutil.rmtree(old, ignore_errors=True)


def run() -> str:
    paths.BUILD_DIR.mkdir(exist_ok=True)
    for line in recover():
        print(f"[site] {line}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="site-", dir=paths.BUILD_DIR))
    for config, target in ((paths.MKDOCS_YML, tmp), (paths.MKDOCS_EN_YML, tmp / "en")):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
             "--site-dir", str(target)],
            cwd=paths.ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        if result.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            print(result.stdout + result.stderr, file=sys.stderr)
            raise BuildFailed(f"mkdocs build --strict failed for {config.name}")
    extra = yaml.safe_load(paths.MKDOCS_YML.read_text(encoding="utf-8"))["extra"]
    merge_sitemaps(tmp / "sitemap.xml", tmp / "en" / "sitemap.xml", extra["site_da"], extra["site_en"])
    patch_theme_script(tmp)
    patch_theme_script(tmp / "en")
    finish_pages(tmp)
    swap_into_place(tmp)
    pages = len(list(paths.SITE_DIR.rglob("*.html")))
    return f"mkdocs built {pages} HTML pages into site/"
