"""The charts as files: colours with enough contrast, no cut-off text, axes that fit the data, the site's
order, the source's qualifiers in captions and CSVs, the CSVW sidecars, embed pages and Open Graph images."""

import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from build_scripts.core import package
from build_scripts.stages.charts import stage as charts
from conftest import CHECKOUT, built


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour '#rrggbb'."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", charts.THEMES, ids=["light", "dark"])
def test_chart_colours_pass_wcag_aa(theme):
    assert contrast(theme.text, theme.background) >= 4.5
    for mark in (theme.primary, theme.secondary, theme.neutral, theme.axis):
        assert contrast(mark, theme.background) >= 3, mark  # graphical objects (WCAG 1.4.11)


@pytest.fixture(scope="module")
def rendered(built_site):
    return built_site


def svg_texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def test_every_chart_has_four_images_and_no_text_is_cut_off(rendered):
    ids = [c.chart_id for c in charts.all_charts(built())]
    for chart_id in ids:
        for suffix in (".svg", ".dark.svg", ".narrow.svg", ".narrow.dark.svg"):
            svg = (built().charts_dir / f"{chart_id}{suffix}").read_text(encoding="utf-8")
            texts = svg_texts(svg)
            assert texts and not [t for t in texts if t.rstrip().endswith(("…", "..."))], (chart_id, suffix)
            sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)}
            assert min(sizes) >= charts.FONT_SIZE, (chart_id, suffix, sizes)


def test_each_layout_is_no_wider_than_where_it_is_shown(rendered):
    for chart_id in [c.chart_id for c in charts.all_charts(built())]:
        meta = json.loads((built().charts_dir / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        assert meta["sizes"]["narrow"][0] <= charts.NARROW.width  # 375 px phone: 343 px of column
        assert meta["sizes"]["wide"][0] <= charts.WIDE.width


def x_domain(svg: str) -> tuple[float, float]:
    """The x axis's range as Vega describes it for screen readers ('... with values from 0 to 35')."""
    low, high = re.search(r'aria-label="X-axis[^"]*values from ([\d.,]+) to ([\d.,]+)"', svg).groups()
    return float(low.replace(",", "")), float(high.replace(",", ""))


@pytest.mark.parametrize("chart_id", ["expenditure-share", "expenditure-share.narrow", "expenditure-share-en"])
def test_share_axis_fits_the_data(rendered, chart_id):
    svg = (built().charts_dir / f"{chart_id}.svg").read_text(encoding="utf-8")
    largest = max(r["value"] for r in package.records("area_figures", CHECKOUT.datapackage_json) if r["measure"] == "expenditure_share")
    low, high = x_domain(svg)
    assert low == 0 and largest <= high < 1.25 * largest, (low, high)


def test_areas_are_in_the_packages_order_as_in_the_tables(rendered):
    order = [a["name_da"] for a in sorted(package.records("policy_areas", CHECKOUT.datapackage_json), key=lambda a: a["sort_order"])]
    for chart_id in ("expenditure-by-area", "income-vs-expenditure", "expenditure-share", "area-social"):
        data = pd.read_csv(built().charts_dir / f"{chart_id}.csv")
        assert list(data["Tilbudsområde"]) == order, chart_id
    home = BeautifulSoup((rendered / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = [t for t in home.select("article table") if "Tilbudsområde" in t.get_text()][-1]
    assert [tr.find("td").get_text(strip=True) for tr in table.select("tbody tr")] == order


def test_target_group_chart_has_one_panel_per_breakdown(rendered):
    spec = json.loads((built().charts_dir / "target-group.vl.json").read_text(encoding="utf-8"))
    assert [panel["title"] for panel in spec["vconcat"]] == ["Opholdstid", "Alder", "Oprindelse"]
    assert spec["resolve"]["scale"]["x"] == "shared"


def test_coverage_chart_labels_every_region(rendered):
    svg = (built().charts_dir / "coverage-map.svg").read_text(encoding="utf-8")
    texts = svg_texts(svg)
    for region in package.records("ref_regions", CHECKOUT.datapackage_json):
        assert region["name_da"] in " ".join(texts)


@pytest.mark.parametrize("lang,qualifier", [("da", "ca."), ("en", "approx.")])
def test_captions_and_csvs_keep_the_sources_qualifier(rendered, lang, qualifier):
    suffix = "" if lang == "da" else "-en"
    income = next(r for r in package.records("area_figures", CHECKOUT.datapackage_json) if r["area_id"] == "beskaeftigelse" and r["measure"] == "income")
    assert income["qualifier"] == "ca."
    meta = json.loads((built().charts_dir / f"income-vs-expenditure{suffix}.meta.json").read_text(encoding="utf-8"))
    # The amount in the language's own pattern (build_scripts/core/i18n/<code>.yml): 'approx. DKK 28 million'.
    assert {"da": "ca. 28 mio. kr.", "en": "approx. DKK 28 million"}[lang] in meta["caption"]
    assert [qualifier, "28"] == meta["rows"][0][2].split(" ")
    data = pd.read_csv(built().charts_dir / f"income-vs-expenditure{suffix}.csv", keep_default_na=False)
    qualifier_columns = [c for c in data.columns if c.startswith(("Forbehold", "Qualifier"))]
    assert len(qualifier_columns) == 3
    income_q = qualifier_columns[1]
    assert list(data[income_q]) == [qualifier, "", "", "", "", ""]
    shares = pd.read_csv(built().charts_dir / f"expenditure-share{suffix}.csv", keep_default_na=False)
    expected = ["" if not r["qualifier"] else qualifier for r in sorted(
        (r for r in package.records("area_figures", CHECKOUT.datapackage_json) if r["measure"] == "expenditure_share"),
        key=lambda r: [a["area_id"] for a in sorted(package.records("policy_areas", CHECKOUT.datapackage_json), key=lambda a: a["sort_order"])].index(r["area_id"]))]
    assert list(shares.iloc[:, 2]) == expected
    target = json.loads((built().charts_dir / f"target-group{suffix}.meta.json").read_text(encoding="utf-8"))
    knap = "knap" if lang == "da" else "just under"
    assert f"{knap} 523" in target["caption"]


def test_csvw_sidecar_describes_the_csv(rendered):
    for chart in charts.all_charts(built()):
        meta = json.loads((built().charts_dir / f"{chart.chart_id}.csv-metadata.json").read_text(encoding="utf-8"))
        header = list(pd.read_csv(built().charts_dir / f"{chart.chart_id}.csv", nrows=0).columns)
        assert meta["url"] == f"{chart.chart_id}.csv"
        assert [c["titles"] for c in meta["tableSchema"]["columns"]] == header
        assert meta["dc:title"] and meta["dc:source"].startswith(("Kilde", "Source"))
        assert meta["dc:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        units = [c for c in meta["tableSchema"]["columns"] if "schema:unitText" in c]
        assert units and all(c["datatype"] == "number" for c in units)


def test_embed_pages_are_standalone_with_one_hashed_script(rendered):
    """The embed page runs one script, its own embed-height.js, allowed by its hash in the page's policy; no inline
    script, no inline style."""
    import base64
    import hashlib

    for lang_root, chart_id in (("", "expenditure-by-area"), ("en/", "target-group-en")):
        page = rendered / lang_root / "embed" / f"{chart_id}.html"
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        [script] = doc.find_all("script")
        body = (page.parent / script["src"]).resolve().read_bytes()
        digest = "sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        assert script["src"].endswith("assets/javascripts/embed-height.js") and script["integrity"] == digest
        policy = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert f"'{digest}'" in policy.split("script-src")[1].split(";")[0] and "unsafe-inline" not in policy
        assert not script.string and not doc.select("[style]")
        assert doc.html["lang"] == ("da" if not lang_root else "en")
        assert doc.h1.get_text() and doc.figcaption.get_text() and "CC BY 4.0" in doc.get_text()
        sources = [s["media"] for s in doc.find_all("source")]
        assert any("prefers-color-scheme: dark" in m for m in sources)
        for src in [s["srcset"] for s in doc.find_all("source")] + [doc.img["src"]]:
            assert (page.parent / src).resolve().exists(), src


def test_each_chart_page_has_its_first_chart_as_open_graph_image(rendered):
    site_url = "https://kommunale-integrationsindsatser.github.io/"
    for page, image in (("maalgruppen/index.html", "charts/target-group.png"),
                        ("kommuner-og-regioner/index.html", "charts/response-by-region.png"),
                        ("en/omraader/social/index.html", "en/charts/area-social-en.png")):
        doc = BeautifulSoup((rendered / page).read_text(encoding="utf-8"), "html.parser")
        og = doc.find("meta", property="og:image")["content"]
        assert og == site_url + image and (rendered / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("autoescape", [True, False], ids=["autoescape", "finalize-escape"])
def test_chart_macro_shows_data_text_as_text(autoescape):
    """The macro escapes everything from the data, under the page environment's autoescape and without it."""
    from jinja2 import Environment, FileSystemLoader

    from build_scripts.stages.pages import stage as pages

    env = Environment(loader=FileSystemLoader(CHECKOUT.docs_dir), autoescape=autoescape,
                      finalize=None if autoescape else pages.escape, trim_blocks=True, lstrip_blocks=True)
    lang = pages.get_lang("da")
    env.filters["marked"] = lambda text: pages.mark_other_language(CHECKOUT, text, lang)
    meta = {"id": "x", "title": PAYLOAD, "caption": PAYLOAD, "alt": PAYLOAD, "source_note": PAYLOAD,
            "columns": [PAYLOAD, "n"], "rows": [[PAYLOAD, "1"]], "numeric": [False, True],
            "sizes": {"wide": [640, 300], "narrow": [340, 400]}, "narrow_max_width": 700, "anchor": "figur-x",
            "address": "https://e.x/#figur-x", "scope": PAYLOAD}
    files = {name: f"charts/x{suffix}" for name, suffix in pages.CHART_FILES.items()}
    share = {"embed": pages.embed_code(meta, "https://e.x/embed/x.html", "https://e.x/", "(() => {})();"),
             "citation": {"apa": PAYLOAD, "apa_head": PAYLOAD, "apa_report": PAYLOAD, "bibtex": PAYLOAD}}
    html = str(env.get_template("_macros/chart.html").module.chart(meta, files, "embed/x.html", share, lang))
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find_all("script") and not doc.select("img[onerror]") and not doc.find_all("iframe")
    assert doc.select_one(".cite-box__bibtex").get_text() == PAYLOAD
    assert doc.select_one(".chart__title").get_text() == PAYLOAD
    assert {img["alt"] for img in doc.find_all("img")} == {PAYLOAD}
    assert doc.find("table").find("th").get_text() == PAYLOAD
    # The embed code shown is itself safe HTML: pasted into a page, it is one iframe whose title is the text.
    snippet = BeautifulSoup(doc.select_one(".chart__embed-code code").get_text(), "html.parser")
    assert [tag.name for tag in snippet.find_all(True)] == ["iframe", "script"] and snippet.iframe["title"] == PAYLOAD
    assert snippet.script["src"] == "https://e.x/" + pages.EMBED_RESIZE_JS and snippet.script["integrity"] == \
        pages.sri(b"(() => {})();") and not snippet.script.string


@pytest.mark.parametrize("make", [charts.income_vs_expenditure, charts.response_by_region, charts.target_group_composition])
def test_dark_spec_is_the_chart_drawn_in_dark_colours(rendered, make):
    """recoloured() gives what drawing the chart with the dark theme gives, only faster."""
    chart = make(built(), "da")
    for layout in charts.LAYOUTS:
        drawn = chart.draw(layout, charts.DARK).configure(**charts.config(charts.DARK)).to_dict()
        recoloured = charts.recoloured(charts.spec_dict(chart, layout), charts.DARK)
        for key in ("description", "padding", "autosize"):
            recoloured.pop(key, None)
        assert recoloured == drawn


@pytest.mark.parametrize("label", ['mio"kr.', "mio\\kr.", "mio'kr.", 'mio. "kr."'])
def test_quotes_and_backslashes_in_a_unit_label_draw_every_bar(built_site, monkeypatch, label):
    """A unit label is part of an axis title, never of a field name: Vega-Lite read '"' and "'" in a field name as
    an error and a backslash as an escape (no bars at all, silently)."""
    import vl_convert

    from build_scripts.stages.charts import stage as charts

    real = charts._unit
    monkeypatch.setattr(charts, "_unit", lambda paths, unit_id, lang: label if unit_id in ("mio_kr", "pct")
                        else real(paths, unit_id, lang))
    project = built()  # the charts read the derived tables
    for chart in (charts.expenditure_by_area(project, "da"), charts.expenditure_share(project, "da"),
                  charts.income_vs_expenditure(project, "da")):
        svg = vl_convert.vegalite_to_svg(charts.spec_dict(chart))
        bars = 12 if chart.chart_id == "income-vs-expenditure" else 6
        assert svg.count('aria-roledescription="bar"') == bars, chart.chart_id
        assert label.replace('"', "&quot;").replace("'", "&#39;") in svg or label in svg, chart.chart_id
