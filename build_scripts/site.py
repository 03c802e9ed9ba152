"""Stage 6: build the HTML site with MkDocs and put it in place atomically.

Reads  mkdocs.yml and build/docs/ (the Danish site), mkdocs.en.yml and
       build/docs-en/ (the English edition), both written by the pages stage.
Writes site/ with the English edition in site/en/ — but only after both
`mkdocs build --strict` runs have succeeded into a temporary folder beside it;
a failed build leaves the old site/ untouched. The root sitemap.xml lists the
pages of both languages.

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
from .lang import languages


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


def run() -> str:
    paths.BUILD_DIR.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="site-", dir=paths.BUILD_DIR))
    # The main language's config is paths.MKDOCS_YML (the one the other stages read); the editions' their own.
    editions = [(paths.MKDOCS_YML if lang.is_main else lang.mkdocs, tmp if lang.is_main else tmp / lang.code)
                for lang in languages()]
    for config, target in editions:
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
    for _, target in editions:
        patch_theme_script(target)
    finish_pages(tmp)
    old = paths.BUILD_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if paths.SITE_DIR.exists():
        paths.SITE_DIR.rename(old)
    tmp.rename(paths.SITE_DIR)
    shutil.rmtree(old, ignore_errors=True)
    pages = len(list(paths.SITE_DIR.rglob("*.html")))
    return f"mkdocs built {pages} HTML pages into site/"
