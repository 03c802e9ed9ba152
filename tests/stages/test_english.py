"""The English edition, discovery metadata, citation and versioned releases, checked on the built site."""

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from build_scripts.core import fmt, lang, package
from build_scripts.stages.downloads import catalogue, metadata
from conftest import CHECKOUT, built

EXTRA = yaml.safe_load(CHECKOUT.mkdocs_yml.read_text(encoding="utf-8"))["extra"]
SITE_DA, SITE_EN = EXTRA["site_da"], EXTRA["site_en"]


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def danish_pages(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                  if p.relative_to(site).parts[0] not in ("en", "data") or p.relative_to(site).as_posix() == "data/index.html")


def url_path(page):
    return page[: -len("index.html")]


def test_every_page_has_an_english_twin_and_back(built_site):
    da = danish_pages(built_site)
    en = sorted(p.relative_to(built_site / "en").as_posix() for p in (built_site / "en").rglob("index.html")
                if p.relative_to(built_site / "en").parts[0] != "data" or p.parent.name == "data")
    assert len(da) >= 17
    assert da == en
    for page in en:
        assert soup(built_site / "en" / page).html["lang"] == "en"


def test_hreflang_pairs_are_absolute_and_reciprocal(built_site):
    for page in danish_pages(built_site):
        for root, doc in ((SITE_DA, soup(built_site / page)), (SITE_EN, soup(built_site / "en" / page))):
            alternates = {link["hreflang"]: link["href"] for link in doc.find_all("link", rel="alternate")
                          if link.get("hreflang")}
            assert alternates == {"da": SITE_DA + url_path(page), "en": SITE_EN + url_path(page),
                                  "x-default": SITE_DA + url_path(page)}, (root, page)


def test_language_switch_leads_to_the_twin(built_site):
    for page in danish_pages(built_site):
        for here, twin in ((built_site / page, built_site / "en" / page), (built_site / "en" / page, built_site / page)):
            link = soup(here).select_one("p.lang-switch a")
            target = (here.parent / link["href"]).resolve() / "index.html"
            assert target == twin.resolve(), (here, link["href"])


def test_english_pages_take_their_labels_from_the_package(built_site):
    units = package.table("units", CHECKOUT.datapackage_json).set_index("unit_id")["label_en"]
    qualifiers = package.table("qualifiers", CHECKOUT.datapackage_json).set_index("qualifier")["label_en"]
    for area in package.records("policy_areas", CHECKOUT.datapackage_json):
        text = soup(built_site / "en" / "omraader" / area["area_id"] / "index.html").get_text(" ")
        assert area["name_en"] in text and area["description_en"] in text
        for row in (r for r in package.records("area_figures", CHECKOUT.datapackage_json) if r["area_id"] == area["area_id"]):
            label = qualifiers[row["qualifier"]] if row["qualifier"] else None
            assert fmt.figure_text(row, units[row["unit"]], label, "en") in text


@pytest.mark.parametrize("page", ["index.html", "data/index.html", "en/index.html", "en/data/index.html"])
def test_dataset_json_ld(built_site, page):
    doc = soup(built_site / page)
    data = json.loads(doc.find("script", type="application/ld+json").string)
    dp = package.descriptor(CHECKOUT.datapackage_json)
    assert data["@type"] == "Dataset" and data["version"] == dp["version"]
    for key in ("name", "description", "license", "creator", "publisher", "temporalCoverage", "spatialCoverage",
                "inLanguage", "dateModified", "citation", "isBasedOn"):
        assert data[key], key
    assert data["inLanguage"] == ("en" if page.startswith("en/") else "da")
    assert data["temporalCoverage"] == package.figures(CHECKOUT.datapackage_json)["reported_expenditure"]["reference_period"]
    # The sources are what the data set is based on and cites; the project compiled and publishes it.
    sources = package.records("sources", CHECKOUT.datapackage_json)
    assert [w["name"] for w in data["isBasedOn"]] == [s["title"] for s in sources]
    assert data["isBasedOn"][0]["@type"] == "Report" and data["isBasedOn"][0]["url"] == sources[0]["url"]
    assert data["citation"] == [metadata.source_apa(s) for s in sources]
    assert data["creator"]["name"] == data["publisher"]["name"] == metadata.project(dp)
    manifest = json.loads((built_site / "data" / f"v{dp['version']}" / "manifest.json").read_text())
    listed = {d["contentUrl"]: d for d in data["distribution"]}
    for entry in manifest:
        if entry["path"] == "manifest.json" or catalogue.is_figure_record(entry["path"]):
            continue  # the figures' records are listed in figures/index.json
        url = f"{SITE_DA}data/v{dp['version']}/{entry['path']}"
        assert url in listed and listed[url]["@type"] == "DataDownload" and listed[url]["encodingFormat"], url
        assert (built_site / url[len(SITE_DA):]).exists()


def test_open_graph_and_twitter_tags(built_site):
    for page, image in (("index.html", "charts/expenditure-by-area.png"), ("en/index.html", "charts/expenditure-by-area-en.png")):
        doc = soup(built_site / page)
        og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
        assert og["og:image"].endswith(image) and (built_site / Path(page).parent / image).exists()
        assert og["og:title"] and og["og:description"] and og["og:url"].startswith("https://")
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


def test_sitemap_has_both_languages(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in danish_pages(built_site):
        assert f"<loc>{SITE_DA}{url_path(page)}</loc>" in sitemap
        assert f"<loc>{SITE_EN}{url_path(page)}</loc>" in sitemap


def _citation_inputs():
    dp = package.descriptor(CHECKOUT.datapackage_json)
    released = metadata.release_date(dp, metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8")))
    return dp, package.records("sources", CHECKOUT.datapackage_json), released


def test_citation_box(built_site):
    """Two citations (the report, then this compilation) and the BibTeX of both, also as citation.bib."""
    dp, sources, released = _citation_inputs()
    report = next(s for s in sources if s["document_type"] == "report")
    bibtex = metadata.bibtex(dp, sources, released)
    for page in ("index.html", "data/index.html", "en/index.html", "en/data/index.html"):
        box = soup(built_site / page).select_one("div.citation")
        refs = [" ".join(p.get_text().split()) for p in box.select("p.citation__ref")]
        report_ref = metadata.source_apa(report)
        if page.startswith("en/"):  # the Danish title's translation after it, in brackets
            report_ref = report_ref.replace(report["url"], f"[{lang.get('en').translation(report['title'])}] {report['url']}")
        assert refs == [report_ref, metadata.apa(dp, "en" if page.startswith("en/") else "da", released)]
        assert box.select_one("p.citation__ref a")["href"] == report["url"]
        assert box.find("pre").get_text() == bibtex
        assert box.select_one('a[href$="citation.bib"]').has_attr("download")
    assert (built_site / "data" / f"v{dp['version']}" / "citation.bib").read_text(encoding="utf-8") == bibtex


def test_bibtex_is_readable():
    """One field per line, wrapped (only a URL may run past the width), the report first, version and date, then
    the minister's answer."""
    dp, sources, released = _citation_inputs()
    bibtex = metadata.bibtex(dp, sources, released)
    entries = bibtex.strip().split("\n\n")
    assert [e.split("{", 1)[0] for e in entries] == ["@techreport", "@misc", "@misc"]
    assert entries[2].startswith("@misc{integrationsindsatser-svar-2023,")  # the minister's answer, by its identity
    for line in bibtex.splitlines():
        assert len(line) <= metadata.BIB_WIDTH or line.lstrip().startswith("url"), line
    assert f"  version   = {{{dp['version']}}}," in entries[1] and f"  date      = {{{released}}}," in entries[1]
    assert "author    = {{" + metadata.project(dp) + "}}" in entries[1]
    assert "{Indenrigs- og Boligministeriet} and {KL}" in entries[0]  # never broken inside a name
    assert metadata.project(dp) != "" and "open data project" not in bibtex


def test_versioned_and_latest_downloads(built_site):
    from build_scripts.commands.releases import content as _content
    from build_scripts.commands.releases import published_downloads

    version = package.descriptor(CHECKOUT.datapackage_json)["version"]
    published = published_downloads(built(), package.descriptor(CHECKOUT.datapackage_json))
    expected = {p.relative_to(published): p.read_bytes() for p in published.rglob("*") if p.is_file()}
    for folder in (f"v{version}", "latest"):
        served = {p.relative_to(built_site / "data" / folder): p.read_bytes()
                  for p in (built_site / "data" / folder).rglob("*") if p.is_file()}
        assert served == expected, folder
    # What this build makes says the same as what is published (ZIP and XLSX compared by their members).
    for path in built().downloads_dir.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            assert _content(path) == _content(published / path.relative_to(built().downloads_dir)), path
    for release in CHECKOUT.releases_dir.glob("v*") if CHECKOUT.releases_dir.exists() else []:
        for frozen in release.rglob("*"):
            if frozen.is_file():
                served = built_site / "data" / release.name / frozen.relative_to(release)
                assert served.read_bytes() == frozen.read_bytes(), served


def test_the_downloads_stage_stops_when_a_released_version_would_change(tmp_path):
    """The frozen-release check belongs to the stage that makes the downloads: it stops before pages run."""
    import shutil

    from build_scripts.commands.releases import ReleaseChanged
    from build_scripts.stages.downloads import stage as downloads
    from conftest import built_copy

    project = built_copy(tmp_path / "project")
    version = package.descriptor(project.datapackage_json)["version"]
    frozen = project.releases_dir / f"v{version}"
    if not frozen.exists():  # a version not yet released: freeze this build's files as its release
        shutil.copytree(project.downloads_dir, frozen)
    (frozen / "data" / "units.csv").write_text("changed\n", encoding="utf-8")
    with pytest.raises(ReleaseChanged, match=f"releases/v{version} already holds different files \\(data/units.csv\\)"):
        downloads.run(project)


def test_atom_feed_and_changelog_page(built_site):
    feed = ET.parse(built_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == [f"Version {e['version']}" for e in entries]
    for page in ("aendringer/index.html", "en/aendringer/index.html"):
        text = soup(built_site / page).get_text(" ")
        for entry in entries:
            assert f"Version {entry['version']}" in text


def test_citation_cff_is_valid_and_current():
    cff = yaml.safe_load((CHECKOUT.root / "CITATION.cff").read_text(encoding="utf-8"))
    dp = package.descriptor(CHECKOUT.datapackage_json)
    assert cff["version"] == dp["version"] and cff["license"] == dp["licenses"][0]["name"]
    assert str(cff["date-released"]) == metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))[0]["date"]
    # The compilation by the project's one name; the report (first) and the minister's answer as references.
    assert [a["name"] for a in cff["authors"]] == [metadata.project(dp)]
    sources = package.records("sources", CHECKOUT.datapackage_json)
    assert [r["title"] for r in cff["references"]] == [s["title"] for s in sources]
    assert cff["references"][0]["type"] == "report" and cff["references"][0]["url"] == sources[0]["url"]
    assert [a["name"] for a in cff["references"][0]["authors"]] == metadata.source_authors(sources[0])
    cffconvert = CHECKOUT.root / ".venv-tools" / "bin" / "cffconvert"
    if not cffconvert.exists():
        pytest.fail("cffconvert is missing: `make setup` installs it in .venv-tools from tools/requirements.txt")
    result = subprocess.run([str(cffconvert), "--validate", "-i", str(CHECKOUT.root / "CITATION.cff")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_editions_use_the_same_markdown_extensions(built_site):  # MkDocs checks that docs_dir exists
    """mkdocs.en.yml inherits mkdocs.yml's markdown_extensions (a mapping, which INHERIT merges); the hook
    (build_scripts/stages/site/theme_words.py) changes only the words, from each edition's language file."""
    from mkdocs.config import load_config

    from build_scripts.stages.site import theme_words

    danish, english = (theme_words.on_config(load_config(str(built().root / config)))
                       for config in ("mkdocs.yml", "mkdocs.en.yml"))
    assert english["markdown_extensions"] == danish["markdown_extensions"]
    assert "build_scripts.stages.site.md_tables" in danish["markdown_extensions"]
    assert english["mdx_configs"] == danish["mdx_configs"] | {
        "toc": danish["mdx_configs"]["toc"] | {"permalink_title": "Link to this section"}}
    assert danish["mdx_configs"]["toc"]["permalink_title"] == "Link til dette afsnit"
    assert [o["toggle"]["name"] for o in english["theme"]["palette"]] == ["Switch to dark mode", "Switch to light mode"]
    assert english["extra"]["words"] == lang.get("en").theme and danish["extra"]["words"] == lang.get("da").theme


def test_every_word_of_the_theme_comes_from_the_language_files():
    """The MkDocs configurations name no words of the theme: they are in build_scripts/core/i18n/<code>.yml."""
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        data = yaml.safe_load((CHECKOUT.root / config).read_text(encoding="utf-8"))
        assert "copyright" not in data and "words" not in data.get("extra", {}), config
        for option in data.get("theme", {}).get("palette", []):
            assert "name" not in option.get("toggle", {}), config
    assert set(lang.get("da").theme) == set(lang.get("en").theme)
