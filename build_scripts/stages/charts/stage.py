"""Stage 3: draw the charts with Altair and render them to static images, in Danish and English.

Reads  the data package and build/derived/areas.csv and regions.csv.
Writes, per chart, in build/charts/:
       <id>.vl.json, <id>.narrow.vl.json   the Vega-Lite specs (data inlined) of the wide and the narrow layout
       <id>.svg, <id>.dark.svg             the wide layout, light and dark
       <id>.narrow.svg, <id>.narrow.dark.svg  the narrow layout (phones), light and dark
       <id>.export.svg                     the image download: the wide light layout with its title, its scope
                                           ("80 af 98 kommuner · regnskab 2019 · 2022-priser"), source, licence
                                           and the address of the page that shows it drawn into the image, so
                                           that a copy shared on its own still says what it is and where it is from
       <id>.png                            the same at 2x: the image download and the page's Open Graph image
       <id>.csv                            exactly the data the chart shows, with the source's qualifiers ("ca.")
       <id>.xlsx                           the same data as an Excel workbook (a comma CSV opens badly in Danish
                                           Excel), with a sheet of its title, scope, source, licence and address
       <id>.csv-metadata.json              the CSV's CSVW metadata: title, columns, units, source, licence
       <id>.meta.json                      title, caption (the finding in words), text alternative, the table
                                           under the chart (as the reader sees it) and the images' sizes
Every language with a translations file gets every chart; outside the main language a chart's id ends in
'-<code>' ('-en'). Names of areas, regions, groups and units come from the data package in the chart's
language; the titles, captions and labels around them from the translations file (build_scripts/core/i18n/<code>.yml,
under `charts`). Every layout is drawn at the size it is shown, so its text
is never scaled below its font size (13 px): the wide one in the page's column
on a computer, the narrow one on a phone 375 px wide. Long labels wrap onto
several lines; nothing is cut off. Images are re-rendered only when a spec changed.
"""

import functools
import hashlib
import inspect
import json
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert
from jinja2.exceptions import SecurityError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from build_scripts.core import config as site_config
from build_scripts.core import fmt, package, workbook
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import Lang, languages, say
from build_scripts.core.lang import get as get_lang
from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt


@dataclass(frozen=True)
class Layout:
    """A size the chart is drawn for; the page serves the narrow one below NARROW_MAX_WIDTH."""
    suffix: str        # "" for the wide layout, ".narrow" for the narrow one
    width: int         # the whole image's width in CSS px
    label_chars: int   # characters per line of a category label before it wraps
    title_chars: int   # characters per line of an axis title
    ticks: int         # about how many ticks an axis gets


WIDE = Layout("", 640, 30, 60, 5)
# 300 px: shown 1:1 in a phone's column (343 px at 375, 288 px at 320, scaled to 96 %) and in an embed as narrow as
# 320 px (the embed page's padding leaves 300), so chart text is never drawn below 12 px.
NARROW = Layout(".narrow", 300, 16, 20, 3)
LAYOUTS = (WIDE, NARROW)
NARROW_MAX_WIDTH = 700  # px of viewport; below this the page's column is narrower than the wide layout


@dataclass(frozen=True)
class Theme:
    """Colours of one colour scheme; each mark colour at least 3:1 and text 4.5:1 against the background."""
    suffix: str
    background: str
    text: str
    axis: str       # axis lines and ticks
    grid: str       # grid lines (decoration, not information)
    primary: str
    secondary: str
    neutral: str


LIGHT = Theme("", "#ffffff", "#1a1a1a", "#6b6b6b", "#e0e0e0", "#1f4e79", "#a84300", "#767676")
# The background is Material's slate scheme: hsl(225, 15%, 14%).
DARK = Theme(".dark", "#1e2129", "#e8e8e8", "#a3a3a3", "#3b3f4a", "#7fb5e8", "#f0a05c", "#a3a3a3")
THEMES = (LIGHT, DARK)
# Arial's metrics everywhere (Windows and macOS have Arial, Linux its metric twin Liberation Sans), so text the
# renderer measured fits where the reader's browser draws it; a wider system font would run out of the image.
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
FONT_SIZE = 13
LICENCE = {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def config(theme: Theme) -> dict:
    text = {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": theme.text, "titleColor": theme.text,
            "labelLimit": 0}
    return {
        "font": FONT,
        "background": theme.background,
        "view": {"stroke": None},
        "axis": text | {"domainColor": theme.axis, "tickColor": theme.axis, "gridColor": theme.grid,
                        "labelOverlap": "greedy", "labelFlush": False, "titleLimit": 0},
        "legend": text | {"orient": "bottom", "symbolStrokeColor": theme.background},
        "header": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": theme.text,
                   "titleColor": theme.text, "labelLimit": 0},
        "title": {"fontSize": FONT_SIZE, "color": theme.text, "anchor": "start", "fontWeight": "bold", "limit": 0},
        "text": {"fontSize": FONT_SIZE, "color": theme.text},
    }


# The words around the data are in each language's translations file, under `charts` (see lang.py).
Draw = Callable[[Layout, Theme], alt.TopLevelMixin]


@dataclass
class Chart:
    chart_id: str
    title: str
    caption: str
    alt: str
    data: pd.DataFrame            # the chart's data as published in its CSV (labels in the chart's language)
    draw: Draw                    # the chart in a layout and colour scheme
    source_note: str
    lang: str = "da"
    units: dict[str, str] = field(default_factory=dict)        # CSV column -> unit label
    qualifiers: dict[str, str] = field(default_factory=dict)   # CSV value column -> its qualifier column
    scope: str = ""               # whose figures, when, at which prices: the subtitle of the exported image

    def __post_init__(self):
        # The text alternative is one sentence; a unit such as 'pct.' may already end it.
        self.alt = self.alt if self.alt.endswith(".") else self.alt + "."
        # Whole numbers are written without decimals in the CSV ('100', not '100.0').
        for col in self.data.columns:
            values = self.data[col]
            if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
                self.data[col] = values.astype("Int64")


def _esc(field_name: str) -> str:
    """Vega-Lite reads '.', '[' and ']' in a field name as nesting; our Danish labels have dots."""
    return field_name.replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


@functools.cache
def _indexed(name: str, column: str, package_json: Path) -> pd.DataFrame:
    """A table of the package indexed by one of its columns, made once per run (cli.forget_cached_reads empties it
    when a stage starts): the charts look up a unit's or a qualifier's label some 600 times. Callers only read it."""
    return package.table(name, package_json).set_index(column)


def _unit(paths: Paths, unit_id: str, lang: str) -> str:
    return _indexed("units", "unit_id", paths.datapackage_json).loc[unit_id, f"label_{lang}"]


def _qualifier(paths: Paths, row: dict, lang: str) -> str:
    """A figure's qualifier ('ca.', 'knap', ...) in the chart's language; '' if the source gives none."""
    q = row.get("qualifier")
    if not isinstance(q, str) or not q:
        return ""
    qualifiers = _indexed("qualifiers", "qualifier", paths.datapackage_json)
    # The sources write Danish; a language with a label column of its own shows its word ('approx.').
    return qualifiers.loc[q, f"label_{lang}"] if f"label_{lang}" in qualifiers.columns else q


def _figure(paths: Paths, row: dict, lang: str) -> str:
    """A figure as the reader sees it, with its qualifier and unit: 'ca. 28 mio. kr.'."""
    return fmt.figure_text(row, _unit(paths, row["unit"], lang), _qualifier(paths, row, lang), lang)


def _area_figure(paths: Paths, area_id: str, measure: str) -> dict:
    rows = [r for r in package.records("area_figures", paths.datapackage_json) if r["area_id"] == area_id and r["measure"] == measure]
    return rows[0]


def _areas(paths: Paths, lang: str, measures: list[str]) -> pd.DataFrame:
    """The areas in the package's sort_order (the order of every table on the site), with each measure's qualifier."""
    areas = pd.read_csv(paths.derived_dir / "areas.csv").sort_values("sort_order").reset_index(drop=True)
    for measure in measures:
        areas[f"{measure}_qualifier"] = [_qualifier(paths, _area_figure(paths, a, measure), lang) for a in areas["area_id"]]
    return areas


def _id(base: str, lang: str) -> str:
    return base + get_lang(lang).suffix


def _amount_scope(paths: Paths, lang: str, sentence: str = "c_scope") -> tuple[str, str]:
    """(subtitle, caption sentence) of a chart of reported amounts: they are the responding municipalities' only."""
    t = get_lang(lang).charts
    kf = package.figures(paths.datapackage_json)
    resp = fmt.number(kf["municipalities_responding"]["value"], lang=lang)
    inv = fmt.number(kf["municipalities_invited"]["value"], lang=lang)
    total = kf["reported_expenditure"]
    subtitle = t["scope_amounts"].format(resp=resp, inv=inv, year=total["reference_period"],
                                         prices=total["price_level"][:4])
    return subtitle, t[sentence].format(resp=resp, coverage=_figure(paths, kf["population_coverage"], lang))


def _label(value, qualifier: str, lang: str) -> str:
    """A bar's value label: the number in the chart's language, after its qualifier ('ca. 14')."""
    return " ".join(p for p in (qualifier, fmt.number(value, lang=lang)) if p)


def _wrap(text: str, width: int) -> list[str] | str:
    lines = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
    return lines if len(lines) > 1 else text


def _wrapped_labels(names, layout: Layout) -> str:
    """A labelExpr that breaks each category label onto lines of at most layout.label_chars characters.

    The labels are a JSON object inside a Vega expression, which is JavaScript: there U+2028 and U+2029 end a
    line inside a string (validate refuses them in the data; escaped here as well)."""
    table = {name: _wrap(name, layout.label_chars) for name in names}
    literal = json.dumps(table, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return literal + "[datum.label] || datum.label"


def _category_axis(names, layout: Layout) -> alt.Axis:
    return alt.Axis(labelExpr=_wrapped_labels(names, layout), labelLimit=0, labelPadding=6, ticks=False)


def _legend(names, layout: Layout) -> alt.Legend:
    """A legend below the chart, one entry a line, long entries wrapped like the axis labels."""
    return alt.Legend(columns=1, labelExpr=_wrapped_labels(names, layout), labelLimit=0)


def _line_height(names, layout: Layout) -> int:
    """Height of one category's band: room for its wrapped label's lines."""
    lines = max(len(textwrap.wrap(n, layout.label_chars, break_on_hyphens=False, break_long_words=False)) for n in names)
    return max(30, 16 * lines + 10)


def _qualified_columns(data: pd.DataFrame, areas: pd.DataFrame, t: dict, columns: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """Adds, after each value column, a column with the source's qualifier of that value."""
    qualifiers = {}
    for col, measure in columns.items():
        qcol = f"{t['qualifier']}: {col}"
        data.insert(list(data.columns).index(col) + 1, qcol, list(areas[f"{measure}_qualifier"]))
        qualifiers[col] = qcol
    return data, qualifiers


def expenditure_by_area(paths: Paths, lang: "str | Lang", highlight: str | None = None) -> Chart:
    t = get_lang(lang).charts
    areas = _areas(paths, lang, ["expenditure"])
    by_value = areas.sort_values("expenditure_mio_kr", ascending=False, kind="stable")
    total = package.figures(paths.datapackage_json)["reported_expenditure"]
    mio = _unit(paths, "mio_kr", lang)
    value_col = f"{t['expenditure']} ({mio})"
    names = list(areas[f"name_{lang}"])
    data = areas[[f"name_{lang}", "expenditure_mio_kr"]].rename(
        columns={f"name_{lang}": t["area"], "expenditure_mio_kr": value_col})
    data, qualifiers = _qualified_columns(data, areas, t, {value_col: "expenditure"})
    # The value's field in the spec has a fixed name: a unit label from the data ('mio. kr.') may hold a quote or a
    # backslash, which Vega-Lite reads as part of a field path (an error, or silently no bars).
    plotted = data.assign(value=areas["expenditure_mio_kr"],
                          label=[_label(v, q, lang) for v, q in zip(areas["expenditure_mio_kr"], areas["expenditure_qualifier"])])
    x_title = f"{mio} ({t['accounts']} {total['reference_period']}, {total['price_level'][:4]} {t['prices']})"
    highlight_name = areas.set_index("area_id").loc[highlight, f"name_{lang}"] if highlight else None

    def draw(layout: Layout, theme: Theme):
        base = alt.Chart(plotted).encode(
            y=alt.Y(f"{_esc(t['area'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
            x=alt.X("value:Q", title=_wrap(x_title, layout.title_chars),
                    scale=alt.Scale(nice=True, zero=True), axis=alt.Axis(tickCount=layout.ticks)),
        )
        if highlight_name:
            colour = alt.condition(alt.datum[t["area"]] == highlight_name, alt.value(theme.secondary), alt.value(theme.neutral))
        else:
            colour = alt.value(theme.primary)
        bars = base.mark_bar().encode(color=colour)
        labels = base.mark_text(align="left", dx=4).encode(text="label:N")
        return (bars + labels).properties(width=layout.width, height=len(names) * _line_height(names, layout))

    top, second = by_value.iloc[0], by_value.iloc[1]
    top_row, second_row = _area_figure(paths, top["area_id"], "expenditure"), _area_figure(paths, second["area_id"], "expenditure")
    caption = t["c_by_area"].format(top=top[f"name_{lang}"], second=second[f"name_{lang}"].lower(),
                                    a=_figure(paths, top_row, lang).removesuffix(f" {mio}"), b=_figure(paths, second_row, lang),
                                    total=_figure(paths, total, lang))
    if highlight:
        row = areas.set_index("area_id").loc[highlight]
        rank = list(by_value["area_id"]).index(highlight)
        caption = t["c_highlight"].format(name=row[f"name_{lang}"], value=_figure(paths, _area_figure(paths, highlight, "expenditure"), lang),
                                          ordinal=t["smallest"] if rank == len(areas) - 1 else t["ordinals"][rank],
                                          n=len(areas))
    alt_text = t["a_by_area"] + "; ".join(
        f"{r[f'name_{lang}']} {_figure(paths, _area_figure(paths, r['area_id'], 'expenditure'), lang)}" for _, r in areas.iterrows())
    chart_id = _id(f"area-{highlight}" if highlight else "expenditure-by-area", lang)
    scope, sentence = _amount_scope(paths, lang)
    return Chart(chart_id, t["t_by_area"], f"{caption} {sentence}", alt_text, data, draw, t["source"], lang,
                 units={value_col: mio}, qualifiers=qualifiers, scope=scope)


def income_vs_expenditure(paths: Paths, lang: "str | Lang") -> Chart:
    t = get_lang(lang).charts
    areas = _areas(paths, lang, ["expenditure", "income"])
    mio = _unit(paths, "mio_kr", lang)
    exp, inc, net = f"{t['expenditure']} ({mio})", f"{t['income']} ({mio})", f"{t['net']} ({mio})"
    names = list(areas[f"name_{lang}"])
    data = areas[[f"name_{lang}", "expenditure_mio_kr", "income_mio_kr", "net_expenditure_mio_kr"]].rename(columns={
        f"name_{lang}": t["area"], "expenditure_mio_kr": exp, "income_mio_kr": inc, "net_expenditure_mio_kr": net})
    data, qualifiers = _qualified_columns(data, areas, t, {exp: "expenditure", inc: "income"})
    # The net is computed from the two; where either is approximate ('ca. 28'), so is the net.
    approx = _qualifier(paths, {"qualifier": "ca."}, lang)
    qualifiers[net] = f"{t['qualifier']}: {net}"
    data[qualifiers[net]] = [approx if e or i else "" for e, i in zip(areas["expenditure_qualifier"], areas["income_qualifier"])]
    long = pd.DataFrame([
        {t["area"]: r[f"name_{lang}"], t["item"]: item, "value": r[col], "label": _label(r[col], r[f"{m}_qualifier"], lang)}
        for _, r in areas.iterrows()
        for item, col, m in ((exp, "expenditure_mio_kr", "expenditure"), (inc, "income_mio_kr", "income"))])

    def draw(layout: Layout, theme: Theme):
        base = alt.Chart(long).encode(
            y=alt.Y(f"{_esc(t['area'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
            yOffset=alt.YOffset(f"{_esc(t['item'])}:N", sort=[exp, inc]),
            x=alt.X("value:Q", title=mio, scale=alt.Scale(nice=True), axis=alt.Axis(tickCount=layout.ticks)),
        )
        bars = base.mark_bar().encode(
            color=alt.Color(f"{_esc(t['item'])}:N", title=None, sort=[exp, inc],
                            scale=alt.Scale(domain=[exp, inc], range=[theme.primary, theme.secondary]),
                            legend=_legend([exp, inc], layout)))
        labels = base.mark_text(align="left", dx=4).encode(text="label:N")
        return (bars + labels).properties(width=layout.width, height=len(names) * max(44, _line_height(names, layout)))

    top = areas.sort_values("income_mio_kr", ascending=False).iloc[0]
    caption = t["c_income"].format(name=top[f"name_{lang}"], value=_figure(paths, _area_figure(paths, top["area_id"], "income"), lang))
    alt_text = t["a_income"] + "; ".join(
        t["a_income_row"].format(name=r[f"name_{lang}"], exp=_figure(paths, _area_figure(paths, r["area_id"], "expenditure"), lang),
                                 inc=_figure(paths, _area_figure(paths, r["area_id"], "income"), lang))
        for _, r in areas.iterrows())
    scope, sentence = _amount_scope(paths, lang)
    return Chart(_id("income-vs-expenditure", lang), t["t_income"], f"{caption} {sentence}", alt_text, data, draw,
                 t["source"], lang, units={exp: mio, inc: mio, net: mio}, qualifiers=qualifiers, scope=scope)


def expenditure_share(paths: Paths, lang: "str | Lang") -> Chart:
    t = get_lang(lang).charts
    areas = _areas(paths, lang, ["expenditure_share"])
    pct = _unit(paths, "pct", lang)
    col = f"{t['share']} ({pct})"
    names = list(areas[f"name_{lang}"])
    data = areas[[f"name_{lang}", "expenditure_share_pct"]].rename(columns={f"name_{lang}": t["area"], "expenditure_share_pct": col})
    data, qualifiers = _qualified_columns(data, areas, t, {col: "expenditure_share"})
    plotted = data.assign(value=areas["expenditure_share_pct"],  # a fixed field name, as in expenditure_by_area
                          label=[_label(v, q, lang) for v, q in zip(areas["expenditure_share_pct"], areas["expenditure_share_qualifier"])])

    def draw(layout: Layout, theme: Theme):
        base = alt.Chart(plotted).encode(
            y=alt.Y(f"{_esc(t['area'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
            # The axis fits the data (a nice round end above the largest share), not 0-100.
            x=alt.X("value:Q", title=_wrap(col, layout.title_chars), scale=alt.Scale(nice=True, zero=True),
                    axis=alt.Axis(tickCount=layout.ticks)),
        )
        chart = base.mark_bar(color=theme.primary) + base.mark_text(align="left", dx=4).encode(text="label:N")
        return chart.properties(width=layout.width, height=len(names) * _line_height(names, layout))

    caption = t["c_share"].format(value=_figure(paths, package.figures(paths.datapackage_json)["two_areas_share"], lang))
    alt_text = t["a_share"] + "; ".join(
        f"{r[f'name_{lang}']} {_figure(paths, _area_figure(paths, r['area_id'], 'expenditure_share'), lang)}" for _, r in areas.iterrows())
    scope, sentence = _amount_scope(paths, lang, "c_scope_share")
    return Chart(_id("expenditure-share", lang), t["t_share"], f"{caption} {sentence}", alt_text, data, draw,
                 t["source"], lang, units={col: pct}, qualifiers=qualifiers, scope=scope)


def _response_scope(paths: Paths, lang: str) -> str:
    """The subtitle of a chart of the response by region: every municipality, and how many answered."""
    kf = package.figures(paths.datapackage_json)
    return get_lang(lang).charts["scope_response"].format(
        inv=fmt.number(kf["municipalities_invited"]["value"], lang=lang),
        resp=fmt.number(kf["municipalities_responding"]["value"], lang=lang))


def _regions(paths: Paths) -> pd.DataFrame:
    """The regions in the order of the region table on the page (by region code)."""
    return pd.read_csv(paths.derived_dir / "regions.csv").sort_values("region_code").reset_index(drop=True)


def response_by_region(paths: Paths, lang: "str | Lang") -> Chart:
    t, n = get_lang(lang).charts, lambda v: fmt.number(v, lang=lang)
    regions = _regions(paths)
    names = list(regions[f"name_{lang}"])
    data = regions[[f"name_{lang}", "municipalities_responding", "municipalities_not_responding", "population_coverage_pct"]].rename(
        columns={f"name_{lang}": t["region"], "municipalities_responding": t["responded"],
                 "municipalities_not_responding": t["not_responded"], "population_coverage_pct": t["coverage"]})
    long = data.melt(id_vars=t["region"], value_vars=[t["responded"], t["not_responded"]], var_name="status",
                     value_name=t["municipalities"])
    long["order"] = (long["status"] == t["not_responded"]).astype(int)

    def draw(layout: Layout, theme: Theme):
        return alt.Chart(long).mark_bar().encode(
            y=alt.Y(f"{_esc(t['region'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
            x=alt.X(f"{_esc(t['municipalities'])}:Q", title=t["municipalities"], scale=alt.Scale(nice=True),
                    axis=alt.Axis(tickCount=layout.ticks)),
            color=alt.Color("status:N", title=None, sort=[t["responded"], t["not_responded"]],
                            scale=alt.Scale(domain=[t["responded"], t["not_responded"]], range=[theme.primary, theme.neutral]),
                            legend=_legend([t["responded"], t["not_responded"]], layout)),
            order=alt.Order("order:Q"),
            stroke=alt.value(theme.background), strokeWidth=alt.value(1),
        ).properties(width=layout.width, height=len(names) * _line_height(names, layout))

    kf = package.figures(paths.datapackage_json)
    low = regions.sort_values("population_coverage_pct").iloc[0]
    responding = kf["municipalities_responding"]
    caption = t["c_response"].format(resp=_figure(paths, responding, lang).removesuffix(" " + _unit(paths, responding["unit"], lang)),
                                     inv=_figure(paths, kf["municipalities_invited"], lang), region=low[f"name_{lang}"],
                                     value=n(low["population_coverage_pct"]))
    alt_text = t["a_response"] + "; ".join(
        t["a_response_row"].format(name=r[f"name_{lang}"], resp=r["municipalities_responding"], total=r["municipalities"])
        for _, r in regions.iterrows())
    munis = t["municipalities"].lower()
    return Chart(_id("response-by-region", lang), t["t_response"], caption, alt_text, data, draw, t["source_box1"], lang,
                 units={t["responded"]: munis, t["not_responded"]: munis, t["coverage"]: _unit(paths, "pct", lang)},
                 scope=_response_scope(paths, lang))


def coverage_map(paths: Paths, lang: "str | Lang") -> Chart:
    """Population coverage by region as a labelled dot chart (it was a map: five shades of one colour
    without labels did not show the differences, and a map of Denmark 340 px wide has no room for labels)."""
    t, n = get_lang(lang).charts, lambda v: fmt.number(v, lang=lang)
    regions = _regions(paths)
    names = list(regions[f"name_{lang}"])
    pct = _unit(paths, "pct", lang)
    data = regions[[f"name_{lang}", "population_coverage_pct", "municipalities_responding", "municipalities"]].rename(columns={
        f"name_{lang}": t["region"], "population_coverage_pct": t["coverage"],
        "municipalities_responding": t["responded"], "municipalities": t["total"]})
    plotted = data.assign(label=[n(v) for v in regions["population_coverage_pct"]])
    # A dot's position is read against the axis, not against zero, so the axis may start near the data.
    start = int(regions["population_coverage_pct"].min() // 10 * 10)

    def draw(layout: Layout, theme: Theme):
        base = alt.Chart(plotted).encode(
            y=alt.Y(f"{_esc(t['region'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
            x=alt.X(f"{_esc(t['coverage'])}:Q", title=_wrap(t["coverage"], layout.title_chars), scale=alt.Scale(domain=[start, 100]),
                    axis=alt.Axis(tickCount=layout.ticks, values=list(range(start, 101, 5)))),
        )
        dots = base.mark_circle(size=140, opacity=1, color=theme.primary)
        labels = base.mark_text(align="left", dx=10).encode(text="label:N")
        return (dots + labels).properties(width=layout.width, height=len(names) * _line_height(names, layout))

    high = regions.sort_values("population_coverage_pct", ascending=False).iloc[0]
    low = regions.sort_values("population_coverage_pct").iloc[0]
    caption = t["c_map"].format(low=n(low["population_coverage_pct"]), low_name=low[f"name_{lang}"],
                                high=n(high["population_coverage_pct"]), high_name=high[f"name_{lang}"], start=start)
    alt_text = t["a_map"].format(regions=get_lang(lang).cardinal(len(regions))) + "; ".join(
        f"{r[f'name_{lang}']} {n(r['population_coverage_pct'])} {pct}" for _, r in regions.iterrows())
    munis = t["municipalities"].lower()
    return Chart(_id("coverage-map", lang), t["t_map"], caption, alt_text, data, draw, t["source_box1"], lang,
                 units={t["coverage"]: pct, t["responded"]: munis, t["total"]: munis}, scope=_response_scope(paths, lang))


def _lower_first(label: str) -> str:
    """A label inside a sentence: 'Under 18 år' -> 'under 18 år'."""
    return label[:1].lower() + label[1:]


def target_group_composition(paths: Paths, lang: "str | Lang") -> Chart:
    """One small bar chart per breakdown (residence, age, origin) on a shared axis: each sums to the same group."""
    t = get_lang(lang).charts
    tg = package.figures(paths.datapackage_json, "target_group")
    people = _unit(paths, "personer", lang)
    groups = list(zip(t["splits"], [["residence_under_10_years", "residence_over_10_years", "descendants"],
                                    ["under_18", "aged_18_and_over"], ["origin_menapt", "origin_other_non_western"]]))
    rows = [(split, tg[f]) for split, ids in groups for f in ids]
    data = pd.DataFrame([{t["split"]: split, t["group"]: row[f"label_{lang}"], t["persons"]: row["value"],
                          t["qualifier"]: _qualifier(paths, row, lang)} for split, row in rows])
    plotted = data.assign(label=[_label(row["value"], _qualifier(paths, row, lang), lang) for _, row in rows])
    largest = max(row["value"] for _, row in rows)

    def draw(layout: Layout, theme: Theme):
        panels = []
        for split, _ids in groups:
            part = plotted[plotted[t["split"]] == split]
            names = list(part[t["group"]])
            base = alt.Chart(part).encode(
                y=alt.Y(f"{_esc(t['group'])}:N", sort=names, title=None, axis=_category_axis(names, layout)),
                x=alt.X(f"{_esc(t['persons'])}:Q", title=_wrap(t["x_target"].format(unit=people), layout.title_chars)
                        if split == t["splits"][-1] else None,
                        scale=alt.Scale(domain=[0, largest], nice=True),
                        axis=alt.Axis(format=",.0f", tickCount=layout.ticks - 1, labels=split == t["splits"][-1])),
            )
            bars = base.mark_bar(color=theme.primary)
            labels = base.mark_text(align="left", dx=4).encode(text="label:N")
            # The plot's width leaves room for the wrapped labels on the left and the values on the right.
            plot_width = layout.width - 7 * layout.label_chars - 92
            panels.append((bars + labels).properties(
                title=split, width=plot_width, height=len(names) * _line_height(names, layout)))
        return alt.vconcat(*panels, spacing=14).resolve_scale(x="shared")

    total = tg["non_western"]
    caption = t["c_target"].format(total=_figure(paths, total, lang).removesuffix(f" {people}"),
                                   date=fmt.date(total["reference_period"], lang),
                                   desc=_figure(paths, tg["descendants"], lang).removesuffix(f" {people}"),
                                   young=_figure(paths, tg["under_18"], lang).removesuffix(f" {people}"),
                                   young_group=_lower_first(tg["under_18"][f"label_{lang}"]))
    panels = get_lang(lang).cardinal(len(groups))
    alt_text = t["a_target"].format(panels=panels[:1].upper() + panels[1:]) + "; ".join(f"{row[f'label_{lang}']} {_figure(paths, row, lang)}" for _, row in rows)
    return Chart(_id("target-group", lang), t["t_target"], caption, alt_text, data, draw, t["source_box3"], lang,
                 units={t["persons"]: people}, qualifiers={t["persons"]: t["qualifier"]},
                 scope=t["scope_target"].format(date=fmt.date(total["reference_period"], lang)))


# The page that shows each chart (docs/, relative): its address is drawn into the exported image. The pages stage
# stops the build if a chart is shown on another page (pages.CHART_PAGE_MISMATCH).
CHART_PAGES = {"expenditure-by-area": "index.md", "income-vs-expenditure": "omraader/index.md",
               "expenditure-share": "omraader/index.md", "response-by-region": "kommuner-og-regioner.md",
               "coverage-map": "kommuner-og-regioner.md", "target-group": "maalgruppen.md"}


def chart_page(chart_id: str) -> str:
    """The page (docs/, relative) that shows a chart: 'area-social-en' -> 'omraader/social.md'."""
    base = chart_id
    for lang in languages()[1:]:
        base = base.removesuffix(lang.suffix)
    return CHART_PAGES.get(base) or f"omraader/{base.removeprefix('area-')}.md"


def chart_address(paths: Paths, chart_id: str, lang: "str | Lang") -> str:
    """The absolute address of a chart on its page, its anchor in the page's language ('#figur-…', '#figure-…')."""
    lang = get_lang(lang)
    stem = chart_page(chart_id)[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return f"{site_url(paths, lang)}{path}#{lang.words['chart_anchor']}-{chart_id}"


def site_url(paths: Paths, lang: "str | Lang") -> str:
    """The edition's address (mkdocs.yml, extra.site_<code>)."""
    return site_config.site_url(paths, get_lang(lang).code)


def all_charts(paths: Paths) -> list[Chart]:
    charts = []
    for lang in languages():
        charts += [expenditure_by_area(paths, lang), income_vs_expenditure(paths, lang), expenditure_share(paths, lang),
                   response_by_region(paths, lang), coverage_map(paths, lang), target_group_composition(paths, lang)]
        charts += [expenditure_by_area(paths, lang, highlight=a) for a in package.table("policy_areas", paths.datapackage_json)["area_id"]]
    return charts


def spec_dict(chart: Chart, layout: Layout = WIDE) -> dict:
    """The chart's light Vega-Lite spec in a layout."""
    drawn = chart.draw(layout, LIGHT)
    spec = drawn.configure(**config(LIGHT)).to_dict()
    spec["description"] = chart.alt
    # Room on the left for the reader's font being wider than the one the SVG was measured with.
    spec["padding"] = {"left": 24, "right": 8, "top": 4, "bottom": 4}
    if not isinstance(drawn, alt.VConcatChart):
        # The whole image, labels included, is exactly the layout's width: shown 1:1, never scaled down.
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def recoloured(spec: dict, theme: Theme) -> dict:
    """The spec in another colour scheme: each of the light theme's colours replaced by the theme's.

    (Drawing and validating a chart again with Altair would give the same result, several times slower.)
    """
    text = json.dumps(spec, ensure_ascii=False)
    for name in ("background", "text", "axis", "grid", "primary", "secondary", "neutral"):
        text = text.replace(f'"{getattr(LIGHT, name)}"', f'"{getattr(theme, name)}"')
    return json.loads(text)


def _dump(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _svg_size(svg: str) -> list[int]:
    import re

    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return [round(float(match.group(1))), round(float(match.group(2)))]


def csvw(chart: Chart) -> dict:
    """CSVW metadata for the chart's CSV: what each column is, its unit, the source and the licence."""
    columns = []
    for col in chart.data.columns:
        dtype = chart.data[col].dtype
        column = {"titles": col, "datatype": "number" if pd.api.types.is_numeric_dtype(dtype) else "string"}
        if col in chart.units:
            column["schema:unitText"] = chart.units[col]
        qualified = [v for v, q in chart.qualifiers.items() if q == col]
        if qualified:
            column["dc:description"] = get_lang(chart.lang).charts["qualifier_note"].format(column=qualified[0])
        columns.append(column)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": chart.lang}],
        "url": f"{chart.chart_id}.csv",
        "dc:title": chart.title,
        "dc:description": chart.caption,
        "dc:source": chart.source_note,
        "dc:license": {"@id": LICENCE["url"]},
        "tableSchema": {"columns": columns},
    }


# --- The downloads: the image with its context drawn in, and the data as a workbook ------------------------------

EXPORT_PAD = 16                                   # px around the exported image's text
EXPORT_LINES = {"title": (16, "bold", LIGHT.text, 22), "scope": (13, "normal", "#4a4a4a", 19),
                "footer": (12, "normal", "#4a4a4a", 17)}   # font size, weight, colour, line height (px)


def _lines(text: str, width: int, size: int, bold: bool = False) -> list[str]:
    """Text wrapped to a width in px, by the widest average character width of Arial at that size (0.55 em,
    0.6 em bold: lower-case text runs narrower, so a line never runs out of the image); an address breaks after
    a '/' or before a '#'."""
    per_line = max(12, int(width / (size * (0.6 if bold else 0.55))))
    if "://" in text and " " not in text:
        parts, line = [], ""
        for piece in re.split(r"(?<=/)|(?=#)", text):
            if line and len(line) + len(piece) > per_line:
                parts.append(line)
                line = ""
            line += piece
        return parts + [line]
    return textwrap.wrap(text, per_line, break_on_hyphens=False, break_long_words=True) or [""]


def export_texts(paths: Paths, chart: Chart) -> dict[str, list[str]]:
    """The words drawn around the exported image: title, scope (header), source, licence and address (footer)."""
    t = get_lang(chart.lang).charts
    return {"title": [chart.title], "scope": [chart.scope],
            "footer": [chart.source_note, f"{t['export_licence']} · {t['export_site']}", chart_address(paths, chart.chart_id, chart.lang)]}


def export_svg(paths: Paths, chart: Chart, svg: str) -> str:
    """The image download: the chart's wide light SVG with its title and scope above it and its source, licence
    and address below it, all drawn as text of the image (the page's SVG stays lean). The markup is the template
    docs/_templates/chart-export.svg; this lays out its lines."""
    from jinja2 import FileSystemLoader
    from markupsafe import Markup

    from build_scripts.core.sandbox import Sandbox, TemplateTooSlow

    width, height = _svg_size(svg)
    texts = export_texts(paths, chart)
    room = width - 2 * EXPORT_PAD
    lines = []

    def block(kind: str, y: float) -> float:
        size, weight, colour, line_height = EXPORT_LINES[kind]
        for text in texts[kind]:
            for line in _lines(text, room, size, weight == "bold"):
                y += line_height
                lines.append({"x": EXPORT_PAD, "y": round(y - line_height * 0.3, 1), "size": size, "weight": weight,
                              "colour": colour, "text": line})
        return y

    top = round(block("scope", block("title", EXPORT_PAD)) + 8)
    total = round(block("footer", top + height + 8) + EXPORT_PAD)
    env = Sandbox(loader=FileSystemLoader(paths.docs_dir), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)  # as the pages' (pages.page_environment): no way to Python
    try:
        return env.get_template("_templates/chart-export.svg").render(
            width=width, height=total, lang=chart.lang, title=chart.title, top=top, font=FONT,
            description=" ".join([chart.alt] + [line for kind in ("scope", "footer") for line in texts[kind]]),
            background=LIGHT.background, lines=lines,
            chart=Markup(re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg))) + "\n"
    except TemplateTooSlow:  # the sandbox's time limit, which holds in this stage's threads too
        raise BuildStopped(say("page_too_slow", template="docs/_templates/chart-export.svg", lang=chart.lang,
                               seconds=f"{env.time_limit:g}")) from None
    except SecurityError as err:  # what the sandbox refuses while rendering: one line, as the pages stage says it
        raise BuildStopped(say("page_sandbox", template="docs/_templates/chart-export.svg", lang=chart.lang,
                               error=excerpt(str(err), 200))) from None


def write_xlsx(paths: Paths, chart: Chart, path) -> None:
    """The chart's data as a workbook: a sheet of the data (numbers as numbers) and one of what it is and whence."""
    t = get_lang(chart.lang).charts
    wb = Workbook()
    data = wb.active
    data.title = t["export_sheet_data"]
    workbook.write_frame(data, chart.data)  # text as text: a label can never become a formula
    for cell in data[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(chart.data.columns, start=1):
        longest = max([len(str(col))] + [len(str(v)) for v in chart.data[col]])
        data.column_dimensions[data.cell(1, i).column_letter].width = min(60, longest + 2)
    about = wb.create_sheet(t["export_sheet_about"])
    for label, value in ((t["export_title"], chart.title), (t["export_scope"], chart.scope),
                         (t["export_caption"], chart.caption), (t["export_source"], chart.source_note),
                         (t["export_licence"].split(":")[0], LICENCE["url"]),
                         (t["export_address"], chart_address(paths, chart.chart_id, chart.lang))):
        about.append([label, value])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.text_cells(about)
    workbook.save(wb, path, workbook.created(paths.datapackage_json))  # the same data gives the same bytes


def table_rows(chart: Chart) -> tuple[list[str], list[list[str]], list[bool]]:
    """The table under the chart as the reader sees it: numbers in the chart's language, after their qualifier."""
    hidden = set(chart.qualifiers.values())
    columns = [c for c in chart.data.columns if c not in hidden]
    rows = []
    for _, r in chart.data.iterrows():
        cells = []
        for c in columns:
            v = r[c]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                text = fmt.number(v, lang=chart.lang)
                q = r[chart.qualifiers[c]] if c in chart.qualifiers else ""
                cells.append(f"{q} {text}" if q else text)
            else:
                cells.append(str(v))
        rows.append(cells)
    numeric = [pd.api.types.is_numeric_dtype(chart.data[c].dtype) for c in columns]
    return columns, rows, numeric


def render(paths: Paths, chart: Chart) -> tuple[dict, int]:
    """Writes the chart's specs, images, data and metadata; returns the images' sizes and how many were rendered.

    Rendering is the slow part, so the images are kept in the stage's cache (paths.chart_cache_dir, one folder per
    chart with the key of the specs and export texts it was drawn from) and copied from there while none changed.
    """
    base = paths.charts_dir / chart.chart_id
    light = {layout: spec_dict(chart, layout) for layout in LAYOUTS}
    specs = {(layout, theme): recoloured(light[layout], theme) for layout in LAYOUTS for theme in THEMES}
    for layout in LAYOUTS:
        base.with_name(chart.chart_id + layout.suffix + ".vl.json").write_text(_dump(specs[layout, LIGHT]), encoding="utf-8")
    key = hashlib.sha256("".join(_dump(s) for s in specs.values()).encode() + vl_convert.__version__.encode()
                         + json.dumps(export_texts(paths, chart), ensure_ascii=False).encode()
                         + inspect.getsource(export_svg).encode()
                         + (paths.docs_dir / "_templates" / "chart-export.svg").read_bytes()).hexdigest()
    cache = paths.chart_cache_dir / chart.chart_id
    images = [chart.chart_id + lay.suffix + th.suffix + ".svg" for lay in LAYOUTS for th in THEMES]
    images += [chart.chart_id + ".png", chart.chart_id + ".export.svg"]
    rendered = 0
    if not ((cache / "key").exists() and (cache / "key").read_text() == key and all((cache / n).exists() for n in images)):
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        locale = get_lang(chart.lang).locale.replace("_", "-")  # Vega's locale names: da_DK -> da-DK
        for (layout, theme), spec in specs.items():
            svg = vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
            (cache / (chart.chart_id + layout.suffix + theme.suffix + ".svg")).write_text(svg, encoding="utf-8")
            rendered += 1
        exported = export_svg(paths, chart, (cache / (chart.chart_id + ".svg")).read_text(encoding="utf-8"))
        (cache / (chart.chart_id + ".export.svg")).write_text(exported, encoding="utf-8")
        (cache / (chart.chart_id + ".png")).write_bytes(vl_convert.svg_to_png(exported, scale=2))
        (cache / "key").write_text(key)
    for name in images:
        shutil.copyfile(cache / name, paths.charts_dir / name)
    sizes = {("narrow" if layout is NARROW else "wide"):
             _svg_size(base.with_name(chart.chart_id + layout.suffix + ".svg").read_text(encoding="utf-8"))
             for layout in LAYOUTS}
    return sizes, rendered


def run(paths: Paths) -> str:
    paths.charts_dir.mkdir(parents=True, exist_ok=True)
    charts = all_charts(paths)
    # vl-convert releases the GIL while it renders, so the charts render on every core at once.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda chart: render(paths, chart), charts))
    rendered = sum(count for _, count in results)
    for chart, (sizes, _) in zip(charts, results):
        base = paths.charts_dir / chart.chart_id
        chart.data.to_csv(base.with_suffix(".csv"), index=False, lineterminator="\n")
        write_xlsx(paths, chart, base.with_suffix(".xlsx"))
        base.with_name(chart.chart_id + ".csv-metadata.json").write_text(
            json.dumps(csvw(chart), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        columns, rows, numeric = table_rows(chart)
        meta = {"id": chart.chart_id, "lang": chart.lang, "title": chart.title, "caption": chart.caption,
                "alt": chart.alt, "source_note": chart.source_note, "scope": chart.scope, "columns": columns,
                "rows": rows, "numeric": numeric, "sizes": sizes, "narrow_max_width": NARROW_MAX_WIDTH,
                "licence": LICENCE, "page": chart_page(chart.chart_id), "address": chart_address(paths, chart.chart_id, chart.lang),
                "anchor": f"{get_lang(chart.lang).words['chart_anchor']}-{chart.chart_id}"}
        base.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return f"wrote {len(charts)} charts to build/charts/ ({rendered} images rendered)"
