"""Tests on the built site in site/: figures, charts, downloads, links and privacy."""

import hashlib
import json
import re
import zipfile
from urllib.parse import urlparse

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from build_scripts.core import fmt, package
from build_scripts.stages.downloads import catalogue
from conftest import CHECKOUT, built


def html_pages(site):
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_text(path):
    return re.sub(r"\s+", " ", soup(path).get_text(" "))


@pytest.mark.parametrize("area_id", list(package.table("policy_areas", CHECKOUT.datapackage_json)["area_id"]))
def test_area_page_shows_its_figures(built_site, area_id):
    text = page_text(built_site / "omraader" / area_id / "index.html")
    units = package.table("units", CHECKOUT.datapackage_json).set_index("unit_id")["label_da"]
    figures = [r for r in package.records("area_figures", CHECKOUT.datapackage_json) if r["area_id"] == area_id]
    assert figures
    for row in figures:
        assert fmt.figure_text(row, units[row["unit"]]) in text, row["measure"]
    examples = [r for r in package.records("examples", CHECKOUT.datapackage_json) if r["area_id"] == area_id]
    for example in examples:
        assert example["title_da"] in text


def test_home_page_headline_figures(built_site):
    text = page_text(built_site / "index.html")
    for figure_id in ("reported_expenditure", "national_expenditure", "initiatives", "expenditure_per_inhabitant"):
        row = package.figures(CHECKOUT.datapackage_json)[figure_id]
        assert fmt.figure_text(row, package.table("units", CHECKOUT.datapackage_json).set_index("unit_id").loc[row["unit"], "label_da"]) in text


def test_every_chart_figure_has_svg_caption_table_and_downloads(built_site):
    figures = [(page, fig) for page in html_pages(built_site) if "embed" not in page.relative_to(built_site).parts
               for fig in soup(page).select("figure.chart")]
    assert len(figures) >= 12
    for page, fig in figures:
        images = [img["src"] for img in fig.find_all("img")] + [s["srcset"] for s in fig.find_all("source")]
        assert len(images) == 4 and all(img["alt"].strip() for img in fig.find_all("img"))
        for src in images:
            svg = (page.parent / src).resolve()
            assert src.endswith(".svg") and svg.read_text(encoding="utf-8").lstrip().startswith("<svg"), src
        assert fig.find("figcaption").get_text(strip=True)
        table = fig.find("table")
        assert table.find("thead") and len(table.find("tbody").find_all("tr")) >= 2
        links = [a["href"] for a in fig.select(".chart__toolbar a, .chart__downloads a")]
        assert any(h.endswith(".csv") for h in links) and any(h.endswith(".vl.json") for h in links)
        for href in links:
            if not href.startswith("#"):
                assert (page.parent / href).resolve().exists(), href


def test_every_csv_resource_downloads_byte_equal(built_site):
    version = package.descriptor(CHECKOUT.datapackage_json)["version"]
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        for folder in ("latest", f"v{version}"):
            served = built_site / "data" / folder / res["path"]
            assert served.read_bytes() == (CHECKOUT.datapackage_dir / res["path"]).read_bytes(), (folder, res["name"])


def test_zip_unpacks_to_a_valid_package(built_site, tmp_path):
    from frictionless import Package

    dp = package.descriptor(CHECKOUT.datapackage_json)
    archive = built_site / "data" / f"v{dp['version']}" / f"{dp['name']}-{dp['version']}.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


def test_data_page_lists_every_download_once_with_its_size(built_site):
    """Every published file is on the data page once, with its size: the whole package first, then three closed
    groups (each table in every format, one line per table; metadata; the submission standard), so that a phone
    shows every choice at once."""
    version_dir = built_site / "data" / f"v{package.descriptor(CHECKOUT.datapackage_json)['version']}"
    manifest = json.loads((version_dir / "manifest.json").read_text())
    sizes = {m["path"]: m["bytes"] for m in manifest if not catalogue.is_figure_record(m["path"])}
    sizes |= {name: (version_dir / name).stat().st_size for name in ("manifest.json", "SHA256SUMS")}
    tables = [r for r in json.loads((version_dir / "datapackage.json").read_text())["resources"]]
    for page, lang in (("data/index.html", "da"), ("en/data/index.html", "en")):
        doc = soup(built_site / page)
        groups = doc.select("div.downloads > details.downloads__group")
        assert len(groups) == 3 and not any(g.has_attr("open") for g in groups)
        assert len(groups[0].select("ul.table-files > li")) == len(tables)
        listed = {}
        for a in doc.select("article div.box a[download], article div.downloads a[download]"):
            target = (built_site / page).parent.joinpath(a["href"]).resolve()
            path = target.relative_to(version_dir.resolve()).as_posix()
            assert path not in listed, path
            listed[path] = a.get_text()
            size = a.find_next_sibling("span", class_="file-meta").get_text()
            assert size.startswith(f"({fmt.size(sizes[path], lang)}"), (path, size)
        assert set(listed) == set(sizes), set(sizes) ^ set(listed)
        assert not doc.select("table.downloads")
        for script in doc.find_all("script"):
            script.decompose()
        assert not re.search(r"\b[0-9a-f]{64}\b", doc.get_text()), "checksums belong in SHA256SUMS, not on the page"


def test_sha256sums_checks_every_published_file(built_site):
    version_dir = built_site / "data" / f"v{package.descriptor(CHECKOUT.datapackage_json)['version']}"
    lines = (version_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    checked = set()
    for line in lines:
        digest, path = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()  # `sha256sum` text-mode format
        assert hashlib.sha256((version_dir / path).read_bytes()).hexdigest() == digest, path
        checked.add(path)
    files = {p.relative_to(version_dir).as_posix() for p in version_dir.rglob("*") if p.is_file()}
    assert checked == files - {"SHA256SUMS"}


def test_every_page_has_lang_title_and_meta_description(built_site):
    for page in html_pages(built_site):
        doc = soup(page)
        assert doc.html["lang"] == ("en" if page.relative_to(built_site).parts[0] == "en" else "da"), page
        description = doc.find("meta", attrs={"name": "description"})
        assert description and len(description["content"]) > 40, page


def test_no_resource_is_loaded_from_another_host(built_site):
    for page in html_pages(built_site):
        doc = soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "srcset")):
            for el in doc.find_all(tag):
                value = el.get(attr)
                if not value or (tag == "link" and "stylesheet" not in el.get("rel", []) and "icon" not in el.get("rel", [])
                                 and "preload" not in el.get("rel", [])):
                    continue
                assert not urlparse(value).netloc, f"{page}: {tag} loads {value}"
    for asset in list(built_site.rglob("*.css")):
        css = asset.read_text(encoding="utf-8")
        for url in re.findall(r"url\(([^)]+)\)|@import\s+['\"]([^'\"]+)", css):
            target = (url[0] or url[1]).strip("'\"")
            assert not re.match(r"^(https?:)?//", target), f"{asset}: {target}"
    for asset in list(built_site.rglob("*.js")):
        text = asset.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis.com" not in text and "googletagmanager" not in text, asset


def test_internal_links_and_anchors_resolve(built_site):
    ids = {}
    for page in html_pages(built_site):
        ids[page] = {el["id"] for el in soup(page).find_all(id=True)}
    for page in html_pages(built_site):
        for a in soup(page).find_all("a", href=True):
            href = a["href"]
            if urlparse(href).scheme or href.startswith(("mailto:", "//")):
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(built_site)}: broken link {href}"
            if fragment and target.suffix == ".html":
                assert fragment in ids[target], f"{page.relative_to(built_site)}: missing anchor {href}"


def test_sitemap_lists_every_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in html_pages(built_site):
        if "embed" in page.relative_to(built_site).parts:
            continue  # a chart's embed page is not a page of the site: its canonical URL is the chart on its page
        rel = page.relative_to(built_site).parent.as_posix()
        assert (rel + "/" if rel != "." else "") in sitemap


def test_every_page_has_a_csp_and_a_named_search_dialog(built_site):
    for page in html_pages(built_site):
        doc = soup(page)
        csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp, page
        policy = dict(part.strip().split(" ", 1) for part in csp["content"].split(";"))
        for directive in ("default-src", "style-src", "img-src", "font-src", "connect-src"):
            assert policy[directive].split()[0] == "'self'" and "unsafe" not in policy[directive], (page, directive)
        assert policy["script-src"].startswith("'self'") and "unsafe" not in policy["script-src"]
        dialog = doc.find(attrs={"role": "dialog"})
        # Named in the page's own language: a Danish name on an English page is not a name its reader hears.
        edition = "en" if page.relative_to(built_site).parts[0] == "en" else "da"
        expected = {"da": "Søg på siden", "en": "Search the site"}[edition]
        assert dialog is None or dialog.get("aria-label") == expected, (page, dialog.get("aria-label"))
        assert doc.html.get("lang") == edition, page


def test_every_code_block_is_focusable_without_javascript(built_site):
    """A code block that scrolls sideways must be reachable by keyboard (axe: scrollable-region-focusable).
    Material's script adds tabindex only after it has measured the block, too late for a quick reader (or
    for axe on a slow machine), so our templates write it into the page."""
    missing = [f"{page.relative_to(built_site)}: {pre.get('class')}"
               for page in html_pages(built_site) for pre in soup(page).find_all("pre")
               if pre.code is not None and pre.code.get("tabindex") != "0"]
    assert missing == []


def test_zensical_builds_the_same_mkdocs_yml(built_site, capsys, tmp_path):
    """`make zensical` (README, "Zensical"): the pinned Zensical builds mkdocs.yml, our Markdown extension
    included, with every page of the Danish edition."""
    from build_scripts.devtools import zensical_check
    from conftest import built_copy

    code = zensical_check.main(built_copy(tmp_path / "project", site=True))
    out = capsys.readouterr().out
    assert code == 0, out
    # The check builds mkdocs.yml only, so the English edition (site/en/) is MkDocs' alone.
    assert [line for line in out.splitlines() if "only in" in line and "build: en/" not in line] == []


@pytest.mark.parametrize("page", ["om-tallene/index.html", "en/om-tallene/index.html"])
def test_page_headline_counts_the_built_table(built_site, page):
    table = pd.read_csv(built().derived_dir / "reconciliation.csv", keep_default_na=False)
    doc = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    assert int(doc.select_one('span[data-count="rows"]').get_text()) == len(table)
    for verdict in ("consistent", "inconsistent", "not_comparable"):
        shown = int(doc.select_one(f'span[data-verdict="{verdict}"]').get_text())
        assert shown == (table["verdict"] == verdict).sum(), verdict
    assert int(doc.select_one('span[data-verdict="inconsistent"]').get_text()) > 0
