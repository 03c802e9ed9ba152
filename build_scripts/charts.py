"""Stage 3: draw the charts with Altair and render them to static SVG, in Danish and English.

Reads  the data package and build/derived/areas.csv and regions.csv.
Writes build/charts/<id>.vl.json   the Vega-Lite spec (data inlined)
       build/charts/<id>.svg       rendered at build time with the language's number format
       build/charts/<id>.csv       exactly the data the chart shows
       build/charts/<id>.meta.json title, caption (the finding in words), text
                                   alternative and the table's column labels
       build/charts/preview.png, preview-en.png  the main chart as the pages' social-media image
English charts have ids ending in '-en'. Names of areas, regions, groups and
units come from the data package in the chart's language; the sentences around
them are written here. An SVG is re-rendered only when its spec changed.
"""

import json
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert

from . import fmt, geo, package, paths
from . import lang as languages

# Colour-blind safe, each at least 4.5:1 against white (WCAG AA for text and graphics).
BLUE = "#1f4e79"      # 8.9:1
ORANGE = "#a84300"    # 5.9:1
GREY = "#6b6b6b"      # 5.3:1
WIDTH = 560
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a",
             "domainColor": "#6b6b6b", "tickColor": "#6b6b6b", "gridColor": "#e0e0e0"},
    "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a",
               "orient": "bottom"},
    "text": {"fontSize": 13, "color": "#1a1a1a"},
}
LOCALE = {"da": "da-DK", "en": "en-GB"}

# The words around the data, per language.
TEXT = {
    "da": {
        "area": "Tilbudsområde", "region": "Region", "expenditure": "Bruttoudgifter", "income": "Bruttoindtægter",
        "net": "Nettoudgifter", "share": "Andel af udgifterne", "item": "Post", "accounts": "regnskab",
        "prices": "priser", "responded": "Kommuner der svarede", "not_responded": "Kommuner der ikke svarede",
        "municipalities": "Kommuner", "coverage": "Befolkningsdækning (pct.)", "total": "Kommuner i alt",
        "split": "Opdelt efter", "group": "Gruppe", "persons": "Personer",
        "splits": ["Opholdstid", "Alder", "Oprindelse"],
        "source": "Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022).",
        "source_box1": "Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022), boks 1. Kort: DAGI, SDFI (tidl. Geodatastyrelsen).",
        "source_box3": "Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022), boks 3.",
        "t_by_area": "Bruttoudgifter pr. tilbudsområde",
        "c_by_area": "{top} og {second} har de største udgifter: {a} og {b} {mio} af i alt {total} {mio} indberettet.",
        "c_highlight": "{name} har udgifter for {value} og er nummer {rank} af {n} tilbudsområder.",
        "a_by_area": "Vandret søjlediagram over bruttoudgifter pr. tilbudsområde: ",
        "t_income": "Bruttoudgifter og bruttoindtægter pr. tilbudsområde",
        "c_income": "{name} har de største indtægter, {value} {mio}; på de fleste andre områder finansierer kommunerne det meste selv. Nettoudgiften er bruttoudgifter minus bruttoindtægter.",
        "a_income": "Søjlediagram med bruttoudgifter og bruttoindtægter pr. tilbudsområde: ",
        "a_income_row": "{name} udgifter {exp}, indtægter {inc} {mio}",
        "t_share": "Tilbudsområdernes andel af de indberettede udgifter",
        "c_share": "Dagtilbud og folkeskole samt beskæftigelse udgør tilsammen {value} {pct} af de indberettede udgifter.",
        "a_share": "Søjlediagram over hvert tilbudsområdes andel af udgifterne: ",
        "t_response": "Kommuner der svarede, pr. region",
        "c_response": "{resp} af {inv} kommuner svarede. Dækningen var lavest i {region}, hvor de kommuner, der svarede, har {value} pct. af regionens befolkning.",
        "a_response": "Stablet søjlediagram over kommuner der svarede og ikke svarede pr. region: ",
        "a_response_row": "{name} {resp} af {total}",
        "t_map": "Befolkningsdækning pr. region",
        "c_map": "De svarende kommuner dækker mellem {low} pct. ({low_name}) og {high} pct. ({high_name}) af regionens befolkning.",
        "a_map": "Kort over de fem regioner farvet efter befolkningsdækning: ",
        "t_target": "Ikke-vestlige indvandrere og efterkommere, boks 3",
        "x_target": "Ikke-vestlige indvandrere og efterkommere ({unit})",
        "c_target": "Af de {total} ikke-vestlige indvandrere og efterkommere den {date} er {desc} født i Danmark, og {young} er under 18 år.",
        "a_target": "Søjlediagram, der deler de ikke-vestlige indvandrere og efterkommere op efter opholdstid, alder og oprindelse: ",
    },
    "en": {
        "area": "Policy area", "region": "Region", "expenditure": "Gross expenditure", "income": "Gross income",
        "net": "Net expenditure", "share": "Share of expenditure", "item": "Item", "accounts": "accounts",
        "prices": "prices", "responded": "Municipalities that responded",
        "not_responded": "Municipalities that did not respond", "municipalities": "Municipalities",
        "coverage": "Population coverage (per cent)", "total": "Municipalities in all", "split": "Split by",
        "group": "Group", "persons": "Persons", "splits": ["Length of residence", "Age", "Origin"],
        "source": "Source: Kommunernes ikke-lovpligtige integrationsindsatser (2022).",
        "source_box1": "Source: Kommunernes ikke-lovpligtige integrationsindsatser (2022), box 1. Map: DAGI, SDFI.",
        "source_box3": "Source: Kommunernes ikke-lovpligtige integrationsindsatser (2022), box 3.",
        "t_by_area": "Gross expenditure by policy area",
        "c_by_area": "{top} and {second} have the largest expenditure: {a} and {b} {mio} of {total} {mio} reported in all.",
        "c_highlight": "{name} has expenditure of {value}, the {rank_word} largest of the {n_word} policy areas.",
        "a_by_area": "Horizontal bar chart of gross expenditure by policy area: ",
        "t_income": "Gross expenditure and gross income by policy area",
        "c_income": "{name} has the largest income, {value} {mio}; in most other areas the municipalities pay for most of it themselves. Net expenditure is gross expenditure minus gross income.",
        "a_income": "Bar chart of gross expenditure and gross income by policy area: ",
        "a_income_row": "{name} expenditure {exp}, income {inc} {mio}",
        "t_share": "The policy areas' share of reported expenditure",
        "c_share": "Day care and schools together with employment make up {value} {pct} of reported expenditure.",
        "a_share": "Bar chart of each policy area's share of expenditure: ",
        "t_response": "Municipalities that responded, by region",
        "c_response": "{resp} of {inv} municipalities responded. Coverage was lowest in {region}, where the municipalities that responded have {value} per cent of the region's population.",
        "a_response": "Stacked bar chart of municipalities that did and did not respond, by region: ",
        "a_response_row": "{name} {resp} of {total}",
        "t_map": "Population coverage by region",
        "c_map": "The responding municipalities cover between {low} per cent ({low_name}) and {high} per cent ({high_name}) of the region's population.",
        "a_map": "Map of the five regions coloured by population coverage: ",
        "t_target": "Non-Western immigrants and descendants, box 3",
        "x_target": "Non-Western immigrants and descendants ({unit})",
        "c_target": "Of the {total} non-Western immigrants and descendants on {date}, {desc} were born in Denmark and {young} are under 18.",
        "a_target": "Bar chart splitting non-Western immigrants and descendants by length of residence, age and origin: ",
    },
}


@dataclass
class Chart:
    chart_id: str
    title: str
    caption: str
    alt: str
    data: pd.DataFrame            # the table shown under the chart (labels in the chart's language)
    spec: alt.TopLevelMixin
    source_note: str
    lang: str = "da"


def _esc(field_name: str) -> str:
    """Vega-Lite reads '.' in a field name as nesting; our Danish labels have dots."""
    return field_name.replace(".", "\\.")


def _unit(unit_id: str, lang: str) -> str:
    return package.table("units").set_index("unit_id").loc[unit_id, f"label_{lang}"]


def _areas() -> pd.DataFrame:
    return pd.read_csv(paths.DERIVED_DIR / "areas.csv")


def _id(base: str, lang: str) -> str:
    return base if lang == "da" else f"{base}-en"


def expenditure_by_area(lang: str = "da", highlight: str | None = None) -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    areas = _areas().sort_values("expenditure_mio_kr", ascending=False)
    total = package.figures()["reported_expenditure"]
    mio = _unit("mio_kr", lang)
    value_col = f"{t['expenditure']} ({mio})"
    data = areas[[f"name_{lang}", "expenditure_mio_kr"]].rename(
        columns={f"name_{lang}": t["area"], "expenditure_mio_kr": value_col})
    base = alt.Chart(data).encode(
        y=alt.Y(f"{t['area']}:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{_esc(value_col)}:Q", axis=alt.Axis(tickCount=5),
                title=f"{mio} ({t['accounts']} {total['reference_period']}, {total['price_level'][:4]} {t['prices']})"),
    )
    if highlight:
        name = areas.set_index("area_id").loc[highlight, f"name_{lang}"]
        colour = alt.condition(alt.datum[t["area"]] == name, alt.value(ORANGE), alt.value(GREY))
    else:
        colour = alt.value(BLUE)
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{_esc(value_col)}:Q", format=",.0f"))
    top, second = areas.iloc[0], areas.iloc[1]
    caption = t["c_by_area"].format(top=top[f"name_{lang}"], second=second[f"name_{lang}"].lower(),
                                    a=n(top["expenditure_mio_kr"]), b=n(second["expenditure_mio_kr"]),
                                    total=n(total["value"]), mio=mio)
    if highlight:
        row = areas.set_index("area_id").loc[highlight]
        rank = list(areas["area_id"]).index(highlight) + 1
        caption = t["c_highlight"].format(name=row[f"name_{lang}"], value=fmt.with_unit(row["expenditure_mio_kr"], mio, lang=lang),
                                          rank=rank, n=len(areas), rank_word=languages.get(lang).ordinal(rank),
                                          n_word=languages.get(lang).cardinal(len(areas)))
    alt_text = t["a_by_area"] + "; ".join(
        f"{r[f'name_{lang}']} {n(r['expenditure_mio_kr'])} {mio}" for _, r in areas.iterrows()) + "."
    chart_id = _id(f"area-{highlight}" if highlight else "expenditure-by-area", lang)
    return Chart(chart_id, t["t_by_area"], caption, alt_text, data,
                 (bars + labels).properties(width=WIDTH - 260, height=6 * 34), t["source"], lang)


def income_vs_expenditure(lang: str = "da") -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    areas = _areas().sort_values("expenditure_mio_kr", ascending=False)
    mio = _unit("mio_kr", lang)
    exp, inc, net = f"{t['expenditure']} ({mio})", f"{t['income']} ({mio})", f"{t['net']} ({mio})"
    data = areas[[f"name_{lang}", "expenditure_mio_kr", "income_mio_kr", "net_expenditure_mio_kr"]].rename(columns={
        f"name_{lang}": t["area"], "expenditure_mio_kr": exp, "income_mio_kr": inc, "net_expenditure_mio_kr": net})
    long = data.melt(id_vars=t["area"], value_vars=[exp, inc], var_name=t["item"], value_name=mio)
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y(f"{t['area']}:N", sort=list(data[t["area"]]), title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset(f"{t['item']}:N", sort=[exp, inc]),
        x=alt.X(f"{_esc(mio)}:Q", title=mio, axis=alt.Axis(tickCount=5)),
        color=alt.Color(f"{t['item']}:N", title=None, sort=[exp, inc], scale=alt.Scale(range=[BLUE, ORANGE]),
                        legend=alt.Legend(columns=1)),
    ).properties(width=WIDTH - 260, height=6 * 44)
    top = areas.sort_values("income_mio_kr", ascending=False).iloc[0]
    caption = t["c_income"].format(name=top[f"name_{lang}"], value=n(top["income_mio_kr"]), mio=mio)
    alt_text = t["a_income"] + "; ".join(
        t["a_income_row"].format(name=r[f"name_{lang}"], exp=n(r["expenditure_mio_kr"]), inc=n(r["income_mio_kr"]), mio=mio)
        for _, r in areas.iterrows()) + "."
    return Chart(_id("income-vs-expenditure", lang), t["t_income"], caption, alt_text, data, chart, t["source"], lang)


def expenditure_share(lang: str = "da") -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    areas = _areas().sort_values("expenditure_share_pct", ascending=False)
    pct = _unit("pct", lang)
    col = f"{t['share']} ({pct})"
    data = areas[[f"name_{lang}", "expenditure_share_pct"]].rename(columns={f"name_{lang}": t["area"], "expenditure_share_pct": col})
    base = alt.Chart(data).encode(
        y=alt.Y(f"{t['area']}:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{_esc(col)}:Q", title=col, scale=alt.Scale(domain=[0, 100])),
    )
    chart = (base.mark_bar(color=BLUE) + base.mark_text(align="left", dx=4).encode(text=f"{_esc(col)}:Q")).properties(
        width=WIDTH - 260, height=6 * 34)
    caption = t["c_share"].format(value=n(package.figures()["two_areas_share"]["value"]), pct=pct)
    alt_text = t["a_share"] + "; ".join(
        f"{r[f'name_{lang}']} {n(r['expenditure_share_pct'])} {pct}" for _, r in areas.iterrows()) + "."
    return Chart(_id("expenditure-share", lang), t["t_share"], caption, alt_text, data, chart, t["source"], lang)


def response_by_region(lang: str = "da") -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    regions = pd.read_csv(paths.DERIVED_DIR / "regions.csv").sort_values("municipalities", ascending=False)
    data = regions[[f"name_{lang}", "municipalities_responding", "municipalities_not_responding", "population_coverage_pct"]].rename(
        columns={f"name_{lang}": t["region"], "municipalities_responding": t["responded"],
                 "municipalities_not_responding": t["not_responded"], "population_coverage_pct": t["coverage"]})
    long = data.melt(id_vars=t["region"], value_vars=[t["responded"], t["not_responded"]], var_name="status",
                     value_name=t["municipalities"])
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y(f"{t['region']}:N", sort=list(data[t["region"]]), title=None),
        x=alt.X(f"{t['municipalities']}:Q", title=t["municipalities"]),
        color=alt.Color("status:N", title=None, sort=[t["responded"], t["not_responded"]],
                        scale=alt.Scale(range=[BLUE, "#8c8c8c"]), legend=alt.Legend(columns=1)),
        order=alt.Order("status:N", sort="descending" if lang == "da" else "ascending"),
    ).properties(width=WIDTH - 200, height=5 * 36)
    kf = package.figures()
    low = regions.sort_values("population_coverage_pct").iloc[0]
    caption = t["c_response"].format(resp=n(kf["municipalities_responding"]["value"]),
                                     inv=n(kf["municipalities_invited"]["value"]), region=low[f"name_{lang}"],
                                     value=n(low["population_coverage_pct"]))
    alt_text = t["a_response"] + "; ".join(
        t["a_response_row"].format(name=r[f"name_{lang}"], resp=r["municipalities_responding"], total=r["municipalities"])
        for _, r in regions.iterrows()) + "."
    return Chart(_id("response-by-region", lang), t["t_response"], caption, alt_text, data, chart, t["source"], lang)


def coverage_map(lang: str = "da") -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    regions = pd.read_csv(paths.DERIVED_DIR / "regions.csv")
    topology = json.loads((paths.DATA_DIR / "ref_regions.topojson").read_text(encoding="utf-8"))
    shapes = geo.simplified_geojson(topology, "REGIONKODE", tolerance=0.02, min_area=0.003, digits=2)
    data = regions[[f"name_{lang}", "population_coverage_pct", "municipalities_responding", "municipalities"]].rename(columns={
        f"name_{lang}": t["region"], "population_coverage_pct": t["coverage"],
        "municipalities_responding": t["responded"], "municipalities": t["total"]})
    lookup = regions.assign(REGIONKODE=regions["region_code"].astype(str))[["REGIONKODE", "population_coverage_pct"]]
    chart = alt.Chart(alt.Data(values=shapes["features"])).mark_geoshape(stroke="#1a1a1a", strokeWidth=0.5).transform_lookup(
        lookup="properties.REGIONKODE", from_=alt.LookupData(lookup, "REGIONKODE", ["population_coverage_pct"]),
    ).encode(
        color=alt.Color("population_coverage_pct:Q", title=t["coverage"], scale=alt.Scale(scheme="blues", domain=[75, 100])),
    ).project(type="mercator").properties(width=WIDTH - 60, height=420)
    high = regions.sort_values("population_coverage_pct", ascending=False).iloc[0]
    low = regions.sort_values("population_coverage_pct").iloc[0]
    caption = t["c_map"].format(low=n(low["population_coverage_pct"]), low_name=low[f"name_{lang}"],
                                high=n(high["population_coverage_pct"]), high_name=high[f"name_{lang}"])
    alt_text = t["a_map"] + "; ".join(
        f"{r[f'name_{lang}']} {n(r['population_coverage_pct'])} {_unit('pct', lang)}" for _, r in regions.iterrows()) + "."
    return Chart(_id("coverage-map", lang), t["t_map"], caption, alt_text, data, chart, t["source_box1"], lang)


def target_group_composition(lang: str = "da") -> Chart:
    t, n = TEXT[lang], lambda v: fmt.number(v, lang=lang)
    tg = package.figures("target_group")
    people = _unit("personer", lang)
    groups = list(zip(t["splits"], [["residence_under_10_years", "residence_over_10_years", "descendants"],
                                    ["under_18", "aged_18_and_over"], ["origin_menapt", "origin_other_non_western"]]))
    data = pd.DataFrame([{t["split"]: g, t["group"]: tg[f][f"label_{lang}"], t["persons"]: tg[f]["value"]}
                         for g, ids in groups for f in ids])
    base = alt.Chart(data).encode(
        y=alt.Y(f"{t['group']}:N", sort=list(data[t["group"]]), title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X(f"{t['persons']}:Q", title=t["x_target"].format(unit=people), axis=alt.Axis(format=",.0f")),
    )
    bars = base.mark_bar().encode(color=alt.Color(f"{t['split']}:N", title=t["split"], sort=t["splits"],
                                                  scale=alt.Scale(range=[BLUE, ORANGE, GREY])))
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{t['persons']}:Q", format=",.0f"))
    total = tg["non_western"]
    qualifier = total["qualifier"] if lang == "da" else package.table("qualifiers").set_index("qualifier").loc[total["qualifier"], "label_en"]
    caption = t["c_target"].format(total=fmt.figure_text(total, people, qualifier, lang).removesuffix(f" {people}"),
                                   date=fmt.date(total["reference_period"], lang), desc=n(tg["descendants"]["value"]),
                                   young=n(tg["under_18"]["value"]))
    alt_text = t["a_target"] + "; ".join(f"{r[t['group']]} {n(r[t['persons']])}" for _, r in data.iterrows()) + "."
    return Chart(_id("target-group", lang), t["t_target"], caption, alt_text, data,
                 (bars + labels).properties(width=WIDTH - 300, height=len(data) * 30), t["source_box3"], lang)


def all_charts() -> list[Chart]:
    charts = []
    for lang in TEXT:
        charts += [expenditure_by_area(lang), income_vs_expenditure(lang), expenditure_share(lang),
                   response_by_region(lang), coverage_map(lang), target_group_composition(lang)]
        charts += [expenditure_by_area(lang, highlight=a) for a in package.table("policy_areas")["area_id"]]
    return charts


def spec_dict(chart: Chart) -> dict:
    spec = chart.spec.configure(**CONFIG).to_dict()
    spec["description"] = chart.alt
    # Room for the reader's font being wider than the one the SVG was measured with.
    spec["padding"] = {"left": 48, "right": 16, "top": 4, "bottom": 4}
    return spec


def run() -> str:
    paths.CHARTS_DIR.mkdir(parents=True, exist_ok=True)
    charts = all_charts()
    rendered = 0
    for chart in charts:
        spec = spec_dict(chart)
        base = paths.CHARTS_DIR / chart.chart_id
        spec_text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        spec_path, svg_path = base.with_suffix(".vl.json"), base.with_suffix(".svg")
        # Rendering is the slow part: reuse the SVG when the spec has not changed since the last build.
        if not (svg_path.exists() and spec_path.exists() and spec_path.read_text(encoding="utf-8") == spec_text):
            svg = vl_convert.vegalite_to_svg(spec, format_locale=LOCALE[chart.lang], time_format_locale=LOCALE[chart.lang])
            svg_path.write_text(svg, encoding="utf-8")
            rendered += 1
        spec_path.write_text(spec_text, encoding="utf-8")
        chart.data.to_csv(base.with_suffix(".csv"), index=False, lineterminator="\n")
        meta = {"id": chart.chart_id, "title": chart.title, "caption": chart.caption, "alt": chart.alt,
                "source_note": chart.source_note, "columns": list(chart.data.columns)}
        base.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for chart in charts:  # the preview image for links shared on social media (Open Graph)
        if chart.chart_id in ("expenditure-by-area", "expenditure-by-area-en"):
            png = paths.CHARTS_DIR / ("preview.png" if chart.lang == "da" else "preview-en.png")
            spec = spec_dict(chart) | {"background": "white"}
            if rendered or not png.exists():
                png.write_bytes(vl_convert.vegalite_to_png(spec, scale=2, format_locale=LOCALE[chart.lang]))
    return f"wrote {len(charts)} charts to build/charts/ ({rendered} rendered, {len(charts) - rendered} unchanged)"
