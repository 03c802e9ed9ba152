"""What a reader takes away (issue 22): exported images that say what they are, data as XLSX, embeds that fit,
cite and copy-link boxes, the scope of the amounts, flags on headline figures, search on demand and page weight.
Checked on the built site and the charts stage's files; the browser tests (test_browser.py) check the same pages
in a browser (axe with WCAG 2.2 AA, text sizes, targets)."""

import base64
import hashlib
import html
import json
import re
import struct
import zipfile

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from build_scripts.core import fmt, lang, package, workbook
from build_scripts.stages.charts import stage as charts
from build_scripts.stages.pages import stage as pages
from build_scripts.stages.site import stage as site_stage
from conftest import CHECKOUT, built


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def metas():
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(built().charts_dir.glob("*.meta.json"))]


def site_page(site, meta) -> "Path":  # noqa: F821
    root = site / ("" if meta["lang"] == "da" else meta["lang"])
    return root / pages.page_url(meta["page"]) / "index.html"


# --- Exports ----------------------------------------------------------------------------------------------------

def test_every_export_carries_title_scope_source_licence_and_address(built_site):
    """The PNG and SVG a reader downloads say, in the image itself, what the chart is, whose figures they are, where
    they come from, under which licence, and where the chart is; the address leads to the chart on its page."""
    assert len(metas()) == 24
    for meta in metas():
        svg = (built().charts_dir / f"{meta['id']}.export.svg").read_text(encoding="utf-8")
        drawn = " ".join(html.unescape(t) for t in re.findall(r"<text [^>]*>([^<]*)</text>", svg))
        for words in (meta["title"], meta["scope"], "CC BY 4.0"):
            assert words in drawn, (meta["id"], words)
        assert meta["source_note"].split(" (")[0] in drawn and meta["address"].replace("#", "") in drawn.replace(" ", "").replace("#", "")
        assert meta["address"].startswith(charts.site_url(CHECKOUT, meta["lang"]))
        page = site_page(built_site, meta)
        assert soup(page).find(id=meta["address"].split("#")[1]), (meta["id"], page)
        png = (built().charts_dir / f"{meta['id']}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = struct.unpack(">I", png[16:20])[0]
        assert width == 2 * int(re.search(r'<svg [^>]*width="(\d+)"', svg).group(1))  # the export, at 2x
    toolbar = soup(built_site / "index.html").select_one("figure.chart .chart__toolbar")
    assert toolbar.select_one("a.chart__tool--svg")["href"].endswith(".export.svg")


def test_scope_subtitles_name_whose_figures_they_are():
    kf = package.figures(CHECKOUT.datapackage_json)
    responding, invited = (fmt.number(kf[k]["value"]) for k in ("municipalities_responding", "municipalities_invited"))
    by_id = {m["id"]: m for m in metas()}
    assert by_id["expenditure-by-area"]["scope"] == f"{responding} af {invited} kommuner · regnskab 2019 · 2022-priser"
    assert by_id["area-social-en"]["scope"] == f"{responding} of {invited} municipalities · 2019 accounts · 2022 prices"
    for meta in metas():
        amounts = meta["id"].startswith(("expenditure", "income", "area-"))
        if amounts:  # the caption says the amounts are the responding municipalities' only
            assert f" {responding} " in meta["caption"] and ("svarede" in meta["caption"] or "responded" in meta["caption"])


def test_every_chart_has_its_data_as_xlsx_beside_the_csv(built_site):
    import pandas as pd

    for meta in metas():
        book = load_workbook(built().charts_dir / f"{meta['id']}.xlsx", read_only=True)
        data, about = book.worksheets
        rows = list(data.iter_rows(values_only=True))
        csv = pd.read_csv(built().charts_dir / f"{meta['id']}.csv", keep_default_na=False)
        assert list(rows[0]) == list(csv.columns) and len(rows) == len(csv) + 1
        numbers = [c for c in csv.columns if pd.api.types.is_numeric_dtype(csv[c])]
        for column in numbers:  # numbers as numbers, not text: a Danish Excel adds them up
            values = [r[list(csv.columns).index(column)] for r in rows[1:]]
            assert all(isinstance(v, (int, float)) or v is None for v in values), (meta["id"], column)
        facts = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
        assert meta["title"] in facts.values() and meta["address"] in facts.values()
        assert "https://creativecommons.org/licenses/by/4.0/" in facts.values()
        book.close()
        page = site_page(built_site, meta)
        link = soup(page).select_one(f"#{meta['anchor']} a.chart__tool--xlsx")
        assert link and (page.parent / link["href"]).resolve().exists()


# --- Embeds -----------------------------------------------------------------------------------------------------

def test_embed_code_has_a_fallback_height_and_a_hashed_resize_script(built_site):
    main = built_site / pages.EMBED_RESIZE_JS
    script = main.read_bytes()
    assert b'var ORIGIN = "https://kommunale-integrationsindsatser.github.io";' in script
    digest = "sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode()
    for meta in metas():
        page = site_page(built_site, meta)
        code = soup(page).select_one(f"#{meta['anchor']} .chart__embed-code code").get_text()
        snippet = BeautifulSoup(code, "html.parser")
        assert int(snippet.iframe["height"]) == pages.embed_fallback_height(meta) >= meta["sizes"]["narrow"][1]
        assert snippet.script["integrity"] == digest and snippet.script["crossorigin"] == "anonymous"
        assert snippet.script["src"] == charts.site_url(CHECKOUT, "da") + pages.EMBED_RESIZE_JS


def test_embed_chart_text_stays_12_px_at_320():
    """The narrow layout fits an embed 320 px wide (its padding leaves EMBED_NARROWEST - 2 × EMBED_PADDING) at its
    own size, so its 13 px text is not scaled below 12 px."""
    room = pages.EMBED_NARROWEST - 2 * pages.EMBED_PADDING
    assert charts.FONT_SIZE * min(1, room / charts.NARROW.width) >= 12
    for meta in metas():
        assert meta["sizes"]["narrow"][0] <= room, meta["id"]
    css = (CHECKOUT.docs_dir / "assets" / "stylesheets" / "embed.css").read_text(encoding="utf-8")
    assert f"body {{ padding: {pages.EMBED_PADDING}px; }}" in css


# --- Cite and share ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page, anchor_word", [("index.html", "figur"), ("en/index.html", "figure"),
                                                ("omraader/social/index.html", "figur"),
                                                ("en/maalgruppen/index.html", "figure")])
def test_every_chart_has_a_cite_box_and_a_copy_link_button(built_site, page, anchor_word):
    dp = package.descriptor(CHECKOUT.datapackage_json)
    report = next(s for s in package.records("sources", CHECKOUT.datapackage_json) if s["document_type"] == "report")
    for figure in soup(built_site / page).select("figure.chart"):
        assert figure["id"].startswith(anchor_word + "-")  # the edition's own word in the anchor
        button = figure.select_one(".chart__toolbar button.copy-button")
        assert button["data-clipboard-text"].endswith("#" + figure["id"]) and button["data-clipboard-text"].startswith("https://")
        box = figure.select_one("details.cite-box")
        apa, bib = box.select_one(".cite-box__apa"), box.select_one("pre.cite-box__bibtex")
        title = figure.select_one(".chart__title").get_text()
        assert title in apa.get_text() and f"Version {dp['version']}" in apa.get_text() and report["title"] in apa.get_text()
        assert f"version      = {{{dp['version']}}}" in bib.get_text() and figure["id"] in bib.get_text()
        for copy in box.select("button.copy-button"):
            assert box.find(id=copy["data-clipboard-target"].lstrip("#"))


def test_every_figure_on_the_sources_page_can_be_cited_and_its_link_copied(built_site):
    for page, root in (("kilder/index.html", charts.site_url(CHECKOUT, "da")), ("en/kilder/index.html", charts.site_url(CHECKOUT, "en"))):
        entries = soup(built_site / page).select("div.source-entry")
        assert len(entries) > 100
        for entry in entries:
            address = entry.select_one("button.copy-button[data-clipboard-text]")["data-clipboard-text"]
            assert address == f"{root}kilder/#{entry['id']}"
            assert entry.select_one("details.cite-box pre.cite-box__bibtex")


def test_the_sources_page_lists_each_document_in_its_own_bullet(built_site):
    for page in ("kilder/index.html", "en/kilder/index.html"):
        doc = soup(built_site / page)
        first_list = doc.select_one("article ul")
        assert len(first_list.find_all("li", recursive=False)) == len(package.records("sources", CHECKOUT.datapackage_json))
        assert ".- " not in doc.get_text()


# --- Scope and flags --------------------------------------------------------------------------------------------

def test_area_pages_say_whose_amounts_they_are(built_site):
    kf = package.figures(CHECKOUT.datapackage_json)
    for area in package.records("policy_areas", CHECKOUT.datapackage_json):
        for root in ("", "en/"):
            note = soup(built_site / f"{root}omraader/{area['area_id']}/index.html").select_one("p.scope-note")
            text = " ".join(note.get_text().split())
            assert fmt.number(kf["municipalities_responding"]["value"]) in text
            assert fmt.number(kf["population_coverage"]["value"]) in text


def test_headline_cards_the_reconciliation_finds_inconsistent_carry_a_note(built_site):
    import pandas as pd

    rec = pd.read_csv(built().derived_dir / "reconciliation.csv", keep_default_na=False)
    inconsistent = set(rec.loc[rec["verdict"] == "inconsistent", "published_figure"])
    assert "key_figures/expenditure_per_inhabitant" in inconsistent
    for page, word in (("index.html", "kontrol"), ("en/index.html", "check")):
        doc = soup(built_site / page)
        cards = doc.select(".figure-card")
        flagged = 0
        for card in cards:
            href = card.select_one(".figure-card__value a")["href"]
            key = href.split("#")[1].replace("key-figures-", "").replace("-", "_")
            flag = card.select_one(".figure-card__flag a")
            assert bool(flag) == (f"key_figures/{key}" in inconsistent), key
            if flag:
                flagged += 1
                target_page, anchor = flag["href"].split("#")
                assert anchor.startswith(word + "-")
                assert soup((built_site / page).parent / target_page / "index.html").find(id=anchor), anchor
        assert flagged >= 1


# --- Search on demand and weight --------------------------------------------------------------------------------

def test_search_index_and_worker_load_only_when_the_search_is_opened(built_site):
    for bundle in list(built_site.glob("assets/javascripts/bundle.*.min.js")) + list(built_site.glob("en/assets/javascripts/bundle.*.min.js")):
        script = bundle.read_text(encoding="utf-8")
        assert site_stage.SEARCH_ON_OPEN in script and site_stage.SEARCH_AT_ONCE not in script
        assert site_stage.WORKER_ON_FIRST_MESSAGE in script and site_stage.WORKER_AT_ONCE not in script


def test_search_dialog_is_named_in_the_pages_language(built_site):
    for page, code in (("index.html", "da"), ("en/index.html", "en"), ("en/404.html", "en")):
        assert soup(built_site / page).select_one(".md-search")["aria-label"] == lang.get(code).theme["search_label"]


def test_what_a_page_loads_is_counted_with_the_search_only_when_fetched_at_once(built_site):
    from build_scripts.devtools import bench

    files = bench.loads_at_open(built_site / "index.html")
    assert built_site / "index.html" in files and not any(f.name == "search_index.json" for f in files)
    assert any(f.suffix == ".css" for f in files) and any(f.name.startswith("bundle.") for f in files)


def test_every_chart_workbook_carries_the_packages_time_not_the_builds(built_site):
    stamp = package.descriptor(CHECKOUT.datapackage_json)["created"][:19]
    charts = sorted(built().charts_dir.glob("*.xlsx"))
    assert len(charts) >= 12
    for path in charts:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode()
            assert all(info.date_time == workbook.created(CHECKOUT.datapackage_json).timetuple()[:6] for info in zf.infolist()), path
        assert f">{stamp}Z<" in core, path
