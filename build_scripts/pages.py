"""Stage 5: render the site's Markdown pages from the data package.

Reads  docs/**            hand-written page templates (Jinja + Markdown), styles and
                          assets; files and folders whose name starts with '_' are
                          templates for generated pages or theme overrides, not pages
       the data package, build/derived/, build/charts/, build/downloads/
Writes build/docs/        what mkdocs builds: every page rendered, one page per
                          policy area from docs/_templates/area.md, the charts
                          under charts/ and the downloads under downloads/

Every value that comes from the data is escaped on output (HTML and Markdown
characters become character references), so text in a CSV is shown as text and
never becomes markup, a link or a script.
"""

import html
import json
import posixpath
import shutil

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import derive, fmt, package, paths

AREA_TEMPLATE = "_templates/area.md"
AREA_DIR = "omraader"
MARKDOWN_SPECIALS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|<>~:"}


def escape(value) -> Markup:
    """Text from the data, made inert for both Markdown and HTML."""
    if isinstance(value, Markup):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return Markup("")
    text = html.escape(str(value), quote=True)
    return Markup("".join(MARKDOWN_SPECIALS.get(c, c) for c in text))


def page_url(md_path: str) -> str:
    """The directory URL mkdocs gives a page ('omraader/social.md' -> 'omraader/social/')."""
    stem = md_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(target: str, from_page: str) -> str:
    """Link from a page to another page (.md, optionally with #fragment) or file, as a relative URL."""
    target, _, fragment = target.partition("#")
    is_page = target.endswith(".md")
    target_url = page_url(target) if is_page else target
    start = (page_url(from_page) or ".").rstrip("/") or "."
    rel = posixpath.relpath(target_url or ".", start)
    if is_page:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


class Site:
    """What the templates can use: the data, and helpers that format it."""

    def __init__(self):
        self.dp = package.descriptor()
        self.units = package.table("units").set_index("unit_id")
        self.kf = package.figures("key_figures")
        self.tg = package.figures("target_group")
        self.sources = {s["source_id"]: s for s in package.records("sources")}
        self.areas = self._areas()
        self.regions = pd.read_csv(paths.DERIVED_DIR / "regions.csv").to_dict("records")
        self.reconciliation = pd.read_csv(paths.DERIVED_DIR / "reconciliation.csv").to_dict("records")
        self.manifest = {m["path"]: m for m in json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text())}
        self.population_denmark = package.records("ref_population_denmark")
        self.submission_json = paths.SUBMISSION_JSON

    def _areas(self) -> list[dict]:
        derived = pd.read_csv(paths.DERIVED_DIR / "areas.csv").set_index("area_id")
        figures = package.records("area_figures")
        examples = package.records("examples")
        areas = []
        for area in sorted(package.records("policy_areas"), key=lambda a: a["sort_order"]):
            area = dict(area)
            area["figures"] = {f["measure"]: f for f in figures if f["area_id"] == area["area_id"]}
            area["derived"] = derived.loc[area["area_id"]].to_dict()
            area["examples"] = [e for e in examples if e["area_id"] == area["area_id"]]
            area["page"] = f"{AREA_DIR}/{area['area_id']}.md"
            areas.append(area)
        return areas


def make_env(site: Site, page: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(paths.DOCS_DIR),
        undefined=StrictUndefined,
        finalize=escape,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def url(target: str) -> Markup:
        """Relative URL for raw HTML (our own paths and ids, so safe to mark as markup)."""
        return Markup(relative(target, page))

    def md(target: str) -> Markup:
        """Relative path of another page's Markdown file, for Markdown links mkdocs checks."""
        return Markup(posixpath.relpath(target, posixpath.dirname(page) or "."))

    def unit(unit_id: str) -> str:
        return site.units.loc[unit_id, "label_da"]

    def anchor(table: str, key: str) -> str:
        return f"{table}-{key}".replace("_", "-")

    def source_link(row: dict, table: str, key: str, text: str) -> Markup:
        doc = site.sources[row["source_document"]]
        title = f"Kilde: {doc['title']}, {row['source_location']}"
        return Markup(f'<a href="{url("kilder.md#" + anchor(table, key))}" title="{escape(title)}">{escape(text)}</a>')

    def fig(figure_id: str, table: str = "key_figures") -> Markup:
        """A figure in running text, linked to its source quote."""
        row = (site.kf if table == "key_figures" else site.tg)[figure_id]
        return source_link(row, table, figure_id, fmt.figure_text(row, unit(row["unit"])))

    def area_fig(area: dict, measure: str) -> Markup:
        row = area["figures"][measure]
        return source_link(row, "area_figures", f"{area['area_id']}-{measure}", fmt.figure_text(row, unit(row["unit"])))

    def basis(row: dict) -> str:
        parts = []
        period = row.get("reference_period")
        if period:
            parts.append(("regnskab " if row.get("price_level") else "") + (fmt_date(period) if len(period) == 10 else period))
        if row.get("price_level"):
            parts.append(f"{row['price_level'][:4]}-priser")
        return ", ".join(parts)

    def fmt_date(iso: str) -> str:
        months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                  "november", "december"]
        year, month, day = iso.split("-")
        return f"{int(day)}. {months[int(month) - 1]} {year}"

    def card(row: dict, table: str, key: str, label: str | None = None) -> Markup:
        value = fmt.figure_text(row, unit(row["unit"]))
        doc = site.sources[row["source_document"]]
        return Markup(
            '<div class="figure-card">'
            f'<p class="figure-card__value">{escape(value)}</p>'
            f'<p class="figure-card__label">{escape(label or row["label_da"])}</p>'
            f'<p class="figure-card__basis">{escape(basis(row))} · '
            f'<a href="{url("kilder.md#" + anchor(table, key))}">Kilde: {escape(doc["title"] if doc["document_type"] != "report" else "rapporten")}, '
            f'{escape(row["source_location"])}</a></p></div>'
        )

    def chart(chart_id: str) -> Markup:
        meta = json.loads((paths.CHARTS_DIR / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        data = pd.read_csv(paths.CHARTS_DIR / f"{chart_id}.csv")
        svg = (paths.CHARTS_DIR / f"{chart_id}.svg").read_text(encoding="utf-8")
        width, height = _svg_size(svg)
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in data.columns)
        body = "".join(
            "<tr>" + "".join(
                (f'<th scope="row">{escape(v)}</th>' if i == 0 else
                 f'<td class="num">{escape(fmt.number(v))}</td>' if isinstance(v, (int, float)) else f"<td>{escape(v)}</td>")
                for i, v in enumerate(row)) + "</tr>"
            for row in data.itertuples(index=False))
        return Markup(
            f'<figure class="chart" id="figur-{chart_id}">\n'
            f'<p class="chart__title"><strong>{escape(meta["title"])}</strong></p>\n'
            f'<img src="{url("charts/" + chart_id + ".svg")}" alt="{escape(meta["alt"])}" width="{width}" height="{height}" loading="lazy" decoding="async">\n'
            f'<figcaption>{escape(meta["caption"])} <span class="chart__source">{escape(meta["source_note"])}</span></figcaption>\n'
            f'<details class="chart__data"><summary>Se tallene bag figuren</summary>\n'
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="Tabel: {escape(meta["title"])}">'
            f'<table><caption>{escape(meta["title"])}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n'
            f'<p class="chart__downloads">Hent figurens data: <a href="{url("charts/" + chart_id + ".csv")}" download>CSV</a> · '
            f'<a href="{url("charts/" + chart_id + ".vl.json")}">Vega-Lite-specifikation</a></p>\n'
            f"</details>\n</figure>"
        )

    def download(path: str, label: str) -> Markup:
        entry = site.manifest[path]
        return Markup(
            f'<a href="{url("downloads/" + path)}" download>{escape(label)}</a> '
            f'<span class="file-meta">({escape(fmt.size(entry["bytes"]))}, SHA-256 <code>{entry["sha256"]}</code>)</span>'
        )

    measures = package.table("measures").set_index("measure_id")
    region_names = package.table("ref_regions").set_index("region_code")["name_da"]

    env.globals.update(
        constraints=constraints_text,
        fmt_figure=lambda row: fmt.figure_text(row, unit(row["unit"])),
        measure_label=lambda m: measures.loc[m, "label_da"],
        region_name=lambda code: region_names.loc[int(code)],
        site=site, dp=site.dp, kf=site.kf, tg=site.tg, areas=site.areas, regions=site.regions,
        reconciliation=site.reconciliation, url=url, md=md, unit=unit, fig=fig, area_fig=area_fig, card=card,
        chart=chart, download=download, basis=basis, fmt_date=fmt_date, anchor=anchor, package=package,
        num=lambda v, decimals=None: fmt.number(v, decimals), size=fmt.size, page=page,
        population_date=derive.POPULATION_DATE,
    )
    return env


def constraints_text(field: dict) -> str:
    """A field's constraints in plain Danish, for the data dictionary."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("skal udfyldes")
    if c.get("unique"):
        parts.append("unik")
    if "minimum" in c:
        parts.append(f"mindst {fmt.number(c['minimum'])}")
    if "maximum" in c:
        parts.append(f"højst {fmt.number(c['maximum'])}")
    if "maxLength" in c:
        parts.append(f"højst {c['maxLength']} tegn")
    if "enum" in c:
        parts.append("en af: " + ", ".join(str(v) for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"form: {c['pattern']}")
    return "; ".join(parts)


def _svg_size(svg: str) -> tuple[int, int]:
    import re

    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (round(float(match.group(1))), round(float(match.group(2)))) if match else (600, 400)


def render(site: Site, template: str, page: str, **context) -> str:
    return make_env(site, page).get_template(template).render(**context)


def run() -> str:
    out = paths.BUILD_DOCS_DIR
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    site = Site()
    count = 0
    for src in sorted(paths.DOCS_DIR.rglob("*")):
        rel = src.relative_to(paths.DOCS_DIR)
        if src.is_dir() or any(part.startswith("_") for part in rel.parts):
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".md":
            target.write_text(render(site, rel.as_posix(), rel.as_posix()), encoding="utf-8")
            count += 1
        else:
            shutil.copyfile(src, target)
    (out / AREA_DIR).mkdir(exist_ok=True)
    for area in site.areas:
        (out / area["page"]).write_text(render(site, AREA_TEMPLATE, area["page"], area=area), encoding="utf-8")
        count += 1
    shutil.copytree(paths.CHARTS_DIR, out / "charts", ignore=shutil.ignore_patterns("*.meta.json"))
    shutil.copytree(paths.DOWNLOADS_DIR, out / "downloads")
    return f"rendered {count} pages into build/docs/"
