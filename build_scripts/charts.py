"""Stage 3: draw the charts with Altair and render them to static SVG.

Reads  the data package and build/derived/areas.csv and regions.csv.
Writes build/charts/<id>.vl.json   the Vega-Lite spec (data inlined)
       build/charts/<id>.svg       rendered at build time with Danish number format
       build/charts/<id>.csv       exactly the data the chart shows
       build/charts/<id>.meta.json title, caption (the finding in words), text
                                   alternative and the table's column labels

An SVG is re-rendered only when its spec changed since the last build.
Captions and alternatives are written here from the data, so they always
state the figures the chart shows.
"""

import json
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import vl_convert

from . import fmt, geo, package, paths

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


@dataclass
class Chart:
    chart_id: str
    title: str
    caption: str
    alt: str
    data: pd.DataFrame            # the table shown under the chart (Danish column labels)
    spec: alt.TopLevelMixin
    source_note: str = "Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022)."
    formats: dict = field(default_factory=dict)  # column -> decimals, for the HTML table


def _esc(field_name: str) -> str:
    """Vega-Lite reads '.' in a field name as nesting; our Danish labels have dots."""
    return field_name.replace(".", "\\.")


def _unit(unit_id: str) -> str:
    units = package.table("units").set_index("unit_id")
    return units.loc[unit_id, "label_da"]


def _areas() -> pd.DataFrame:
    return pd.read_csv(paths.DERIVED_DIR / "areas.csv")


def expenditure_by_area(highlight: str | None = None) -> Chart:
    areas = _areas().sort_values("expenditure_mio_kr", ascending=False)
    kf = package.figures()
    mio = _unit("mio_kr")
    data = areas[["name_da", "expenditure_mio_kr"]].rename(
        columns={"name_da": "Tilbudsområde", "expenditure_mio_kr": f"Bruttoudgifter ({mio})"})
    value_col = f"Bruttoudgifter ({mio})"
    base = alt.Chart(data).encode(
        y=alt.Y("Tilbudsområde:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{_esc(value_col)}:Q", axis=alt.Axis(tickCount=5),
                title=f"Bruttoudgifter, {mio} (regnskab {kf['reported_expenditure']['reference_period']}, {kf['reported_expenditure']['price_level']})"),
    )
    if highlight:
        name = areas.set_index("area_id").loc[highlight, "name_da"]
        colour = alt.condition(alt.datum["Tilbudsområde"] == name, alt.value(ORANGE), alt.value(GREY))
    else:
        colour = alt.value(BLUE)
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{_esc(value_col)}:Q", format=",.0f"))
    top, second = areas.iloc[0], areas.iloc[1]
    total = kf["reported_expenditure"]
    caption = (f"{top['name_da']} og {second['name_da'].lower()} har de største udgifter: "
               f"{fmt.number(top['expenditure_mio_kr'])} og {fmt.number(second['expenditure_mio_kr'])} {mio} "
               f"af i alt {fmt.number(total['value'])} {mio} indberettet.")
    if highlight:
        row = areas.set_index("area_id").loc[highlight]
        rank = list(areas["area_id"]).index(highlight) + 1
        caption = (f"{row['name_da']} har udgifter for {fmt.number(row['expenditure_mio_kr'])} {mio} "
                   f"og er nummer {rank} af {len(areas)} tilbudsområder.")
    alt_text = "Vandret søjlediagram over bruttoudgifter pr. tilbudsområde: " + "; ".join(
        f"{r['name_da']} {fmt.number(r['expenditure_mio_kr'])} {mio}" for _, r in areas.iterrows()) + "."
    chart_id = f"area-{highlight}" if highlight else "expenditure-by-area"
    return Chart(chart_id, "Bruttoudgifter pr. tilbudsområde", caption, alt_text, data,
                 (bars + labels).properties(width=WIDTH - 260, height=6 * 34))


def income_vs_expenditure() -> Chart:
    areas = _areas().sort_values("expenditure_mio_kr", ascending=False)
    mio = _unit("mio_kr")
    data = areas[["name_da", "expenditure_mio_kr", "income_mio_kr", "net_expenditure_mio_kr"]].rename(columns={
        "name_da": "Tilbudsområde", "expenditure_mio_kr": f"Bruttoudgifter ({mio})",
        "income_mio_kr": f"Bruttoindtægter ({mio})", "net_expenditure_mio_kr": f"Nettoudgifter ({mio})"})
    long = data.melt(id_vars="Tilbudsområde", value_vars=[f"Bruttoudgifter ({mio})", f"Bruttoindtægter ({mio})"],
                     var_name="Post", value_name=mio)
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("Tilbudsområde:N", sort=list(data["Tilbudsområde"]), title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("Post:N", sort=[f"Bruttoudgifter ({mio})", f"Bruttoindtægter ({mio})"]),
        x=alt.X(f"{_esc(mio)}:Q", title=mio, axis=alt.Axis(tickCount=5)),
        color=alt.Color("Post:N", title=None, sort=[f"Bruttoudgifter ({mio})", f"Bruttoindtægter ({mio})"],
                        scale=alt.Scale(range=[BLUE, ORANGE]), legend=alt.Legend(columns=1)),
    ).properties(width=WIDTH - 260, height=6 * 44)
    top_income = areas.sort_values("income_mio_kr", ascending=False).iloc[0]
    caption = (f"{top_income['name_da']} har de største indtægter, {fmt.number(top_income['income_mio_kr'])} {mio}; "
               f"på de fleste andre områder finansierer kommunerne det meste selv. "
               f"Nettoudgiften er bruttoudgifter minus bruttoindtægter.")
    alt_text = "Søjlediagram med bruttoudgifter og bruttoindtægter pr. tilbudsområde: " + "; ".join(
        f"{r['name_da']} udgifter {fmt.number(r['expenditure_mio_kr'])}, indtægter {fmt.number(r['income_mio_kr'])} {mio}"
        for _, r in areas.iterrows()) + "."
    return Chart("income-vs-expenditure", "Bruttoudgifter og bruttoindtægter pr. tilbudsområde", caption, alt_text,
                 data, chart)


def expenditure_share() -> Chart:
    areas = _areas().sort_values("expenditure_share_pct", ascending=False)
    pct = _unit("pct")
    col = f"Andel af udgifterne ({pct})"
    data = areas[["name_da", "expenditure_share_pct"]].rename(columns={"name_da": "Tilbudsområde", "expenditure_share_pct": col})
    base = alt.Chart(data).encode(
        y=alt.Y("Tilbudsområde:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{_esc(col)}:Q", title=col, scale=alt.Scale(domain=[0, 100])),
    )
    chart = (base.mark_bar(color=BLUE) + base.mark_text(align="left", dx=4).encode(text=f"{_esc(col)}:Q")).properties(
        width=WIDTH - 260, height=6 * 34)
    two = package.figures()["two_areas_share"]
    caption = (f"Dagtilbud og folkeskole samt beskæftigelse udgør tilsammen {fmt.number(two['value'])} {pct} "
               f"af de indberettede udgifter.")
    alt_text = "Søjlediagram over hvert tilbudsområdes andel af udgifterne: " + "; ".join(
        f"{r['name_da']} {fmt.number(r['expenditure_share_pct'])} {pct}" for _, r in areas.iterrows()) + "."
    return Chart("expenditure-share", "Tilbudsområdernes andel af de indberettede udgifter", caption, alt_text, data, chart)


def response_by_region() -> Chart:
    regions = pd.read_csv(paths.DERIVED_DIR / "regions.csv").sort_values("municipalities", ascending=False)
    data = regions[["name_da", "municipalities_responding", "municipalities_not_responding", "population_coverage_pct"]].rename(
        columns={"name_da": "Region", "municipalities_responding": "Kommuner der svarede",
                 "municipalities_not_responding": "Kommuner der ikke svarede",
                 "population_coverage_pct": "Befolkningsdækning (pct.)"})
    long = data.melt(id_vars="Region", value_vars=["Kommuner der svarede", "Kommuner der ikke svarede"],
                     var_name="Besvarelse", value_name="Kommuner")
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("Region:N", sort=list(data["Region"]), title=None),
        x=alt.X("Kommuner:Q", title="Kommuner"),
        color=alt.Color("Besvarelse:N", title=None, sort=["Kommuner der svarede", "Kommuner der ikke svarede"],
                        scale=alt.Scale(range=[BLUE, "#8c8c8c"]), legend=alt.Legend(columns=1)),
        order=alt.Order("Besvarelse:N", sort="descending"),
    ).properties(width=WIDTH - 200, height=5 * 36)
    kf = package.figures()
    low = regions.sort_values("population_coverage_pct").iloc[0]
    caption = (f"{fmt.number(kf['municipalities_responding']['value'])} af {fmt.number(kf['municipalities_invited']['value'])} "
               f"kommuner svarede. Dækningen var lavest i {low['name_da']}, hvor de kommuner, der svarede, har "
               f"{fmt.number(low['population_coverage_pct'])} pct. af regionens befolkning.")
    alt_text = "Stablet søjlediagram over kommuner der svarede og ikke svarede pr. region: " + "; ".join(
        f"{r['name_da']} {r['municipalities_responding']} af {r['municipalities']}" for _, r in regions.iterrows()) + "."
    return Chart("response-by-region", "Kommuner der svarede, pr. region", caption, alt_text, data, chart)


def coverage_map() -> Chart:
    regions = pd.read_csv(paths.DERIVED_DIR / "regions.csv")
    topology = json.loads((paths.DATA_DIR / "ref_regions.topojson").read_text(encoding="utf-8"))
    shapes = geo.simplified_geojson(topology, "REGIONKODE", tolerance=0.02, min_area=0.003, digits=2)
    data = regions[["name_da", "population_coverage_pct", "municipalities_responding", "municipalities"]].rename(columns={
        "name_da": "Region", "population_coverage_pct": "Befolkningsdækning (pct.)",
        "municipalities_responding": "Kommuner der svarede", "municipalities": "Kommuner i alt"})
    lookup = regions.assign(REGIONKODE=regions["region_code"].astype(str))[["REGIONKODE", "population_coverage_pct", "name_da"]]
    chart = alt.Chart(alt.Data(values=shapes["features"])).mark_geoshape(
        stroke="#1a1a1a", strokeWidth=0.5
    ).transform_lookup(
        lookup="properties.REGIONKODE",
        from_=alt.LookupData(lookup, "REGIONKODE", ["population_coverage_pct", "name_da"]),
    ).encode(
        color=alt.Color("population_coverage_pct:Q", title="Befolkningsdækning (pct.)",
                        scale=alt.Scale(scheme="blues", domain=[75, 100])),
    ).project(type="mercator").properties(width=WIDTH - 60, height=420)
    high = regions.sort_values("population_coverage_pct", ascending=False).iloc[0]
    low = regions.sort_values("population_coverage_pct").iloc[0]
    caption = (f"De svarende kommuner dækker mellem {fmt.number(low['population_coverage_pct'])} pct. "
               f"({low['name_da']}) og {fmt.number(high['population_coverage_pct'])} pct. ({high['name_da']}) "
               f"af regionens befolkning.")
    alt_text = "Kort over de fem regioner farvet efter befolkningsdækning: " + "; ".join(
        f"{r['name_da']} {fmt.number(r['population_coverage_pct'])} pct." for _, r in regions.iterrows()) + "."
    return Chart("coverage-map", "Befolkningsdækning pr. region", caption, alt_text, data, chart,
                 source_note="Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022), boks 1. "
                             "Kort: DAGI, SDFI (tidl. Geodatastyrelsen).")


def target_group_composition() -> Chart:
    tg = package.figures("target_group")
    people = _unit("personer")
    groups = [
        ("Opholdstid", ["residence_under_10_years", "residence_over_10_years", "descendants"]),
        ("Alder", ["under_18", "aged_18_and_over"]),
        ("Oprindelse", ["origin_menapt", "origin_other_non_western"]),
    ]
    rows = [{"Opdeling": g, "Gruppe": tg[f]["label_da"], "Personer": tg[f]["value"]} for g, ids in groups for f in ids]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("Gruppe:N", sort=list(data["Gruppe"]), title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("Personer:Q", title=f"Ikke-vestlige indvandrere og efterkommere ({people})", axis=alt.Axis(format=",.0f")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("Opdeling:N", title="Opdelt efter", sort=[g for g, _ in groups],
                        scale=alt.Scale(range=[BLUE, ORANGE, GREY])))
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("Personer:Q", format=",.0f"))
    chart = (bars + labels).properties(width=WIDTH - 300, height=len(data) * 30)
    total = tg["non_western"]
    caption = (f"Af de {fmt.figure_text(total, people)} ikke-vestlige indvandrere og efterkommere den 1. januar "
               f"{total['reference_period'][:4]} er {fmt.number(tg['descendants']['value'])} født i Danmark, og "
               f"{fmt.number(tg['under_18']['value'])} er under 18 år.")
    alt_text = "Tre stablede søjler, der deler de ikke-vestlige indvandrere og efterkommere op efter opholdstid, alder og oprindelse: " + "; ".join(
        f"{r['Gruppe']} {fmt.number(r['Personer'])}" for _, r in data.iterrows()) + "."
    return Chart("target-group", "Ikke-vestlige indvandrere og efterkommere, boks 3", caption, alt_text, data,
                 chart, source_note="Kilde: Kommunernes ikke-lovpligtige integrationsindsatser (2022), boks 3.")


def all_charts() -> list[Chart]:
    charts = [expenditure_by_area(), income_vs_expenditure(), expenditure_share(), response_by_region(),
              coverage_map(), target_group_composition()]
    charts += [expenditure_by_area(highlight=a) for a in package.table("policy_areas")["area_id"]]
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
            svg = vl_convert.vegalite_to_svg(spec, format_locale="da-DK", time_format_locale="da-DK")
            svg_path.write_text(svg, encoding="utf-8")
            rendered += 1
        spec_path.write_text(spec_text, encoding="utf-8")
        chart.data.to_csv(base.with_suffix(".csv"), index=False, lineterminator="\n")
        meta = {"id": chart.chart_id, "title": chart.title, "caption": chart.caption, "alt": chart.alt,
                "source_note": chart.source_note, "columns": list(chart.data.columns)}
        base.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return f"wrote {len(charts)} charts to build/charts/ ({rendered} rendered, {len(charts) - rendered} unchanged)"
