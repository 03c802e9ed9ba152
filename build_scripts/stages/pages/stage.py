"""Stage 5: render the site's Markdown pages from the data package.

Reads  docs/**            hand-written page templates (Jinja + Markdown), one per page
                          for every edition, styles and assets; files and folders
                          whose name starts with '_' are templates for generated
                          pages or theme overrides, not pages
       the data package, build/derived/, build/charts/, build/downloads/
Writes build/docs/        what mkdocs builds for the Danish site: every page, one page
                          per policy area from docs/_templates/area.md, the charts
                          under charts/ (shown through docs/_macros/chart.html), one
                          embed page per chart shown under embed/<chart id>.html
                          (docs/_templates/embed.html) and the downloads under downloads/
       build/docs-en/     the same for the English edition (mkdocs.en.yml); its
                          downloads link to the Danish site's, which are the same files

The editions are the languages with a translations file in build_scripts/core/i18n/ (see lang.py): each page
template is rendered once per edition with its `Lang`, which gives the words around the data and the
templates' labels (`term("key")`, `word("key")`), data fields in its language (`local(row, "name")` is
name_da or name_en), number and date formats, and the source locations in the edition's words. Prose that
differs between languages stays in the template, in `{% if lang.code == "da" %}…{% elif lang.code == "en" %}…
{% endif %}` blocks; before anything is written, check_all_prose() stops the build with one line naming the
template, the page and the line of a block that has no branch for a language with a translations file.

Pages are rendered with Jinja's autoescaping on, and the markup for figures,
cards and metadata lives in templates (docs/_macros/*.html); the helpers below
only gather values and pass them to those macros. Every value from the data is
escaped on output by `escape` (the environment's `finalize`): HTML and Markdown
characters become character references, so text in a CSV is shown as text and
never becomes markup, a Markdown link or a script. Markdown that comes from the
data (the changelog's entries) goes through the `markdown` filter, which renders
it with raw HTML disabled.
"""

import copy
import json
import posixpath
import shutil

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes
from markdown_it import MarkdownIt
from markupsafe import Markup
from markupsafe import escape as html_escape

# Freezing and comparing releases lives in releases.py; these names stay importable from here.
from build_scripts.commands.releases import ReleaseChanged, publish_downloads, published_downloads  # noqa: F401
from build_scripts.commands.releases import content as _content  # noqa: F401
from build_scripts.core import fmt, package, paths
from build_scripts.core.lang import Lang, languages
from build_scripts.core.lang import get as get_lang
from build_scripts.core.lang import main as main_language
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.downloads import catalogue, figures, metadata
from build_scripts.stages.pages import snippets
from build_scripts.stages.validate import stage as validate

AREA_DIR = "omraader"
AREA_TEMPLATE = "_templates/area.md"  # one page per policy area, under AREA_DIR
# One pass, character by character: HTML's special characters and Markdown's punctuation become
# character references, which both Markdown and HTML show as the plain character.
ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~:"} | {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def escape(value) -> Markup:
    """Text from the data, made inert for both Markdown and HTML."""
    if isinstance(value, Markup):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return Markup("")
    return Markup("".join(ESCAPES.get(c, c) for c in str(value)))


# CommonMark without raw HTML: '<script>' in a changelog entry is shown as text. Links whose
# scheme markdown-it considers unsafe (javascript:, vbscript:, file:, most data:) are not made links.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown(text: str) -> Markup:
    """Markdown from the data (e.g. a changelog entry) as HTML, with raw HTML shown as text."""
    return Markup(MARKDOWN.render(str(text)))


def join(items, separator: str = "") -> Markup:
    """Jinja's `join` for the pages: each item escaped for Markdown as well (Jinja's own escapes only HTML)."""
    return Markup(escape(separator).join(escape(item) for item in items))


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
        # Empty text stays "" (not NaN), so the pages can test `variant` and `published_qualifier`.
        self.reconciliation = pd.read_csv(paths.DERIVED_DIR / "reconciliation.csv",
                                          keep_default_na=False).to_dict("records")
        self.manifest = {m["path"]: m for m in json.loads((published_downloads(self.dp) / "manifest.json").read_text())}
        # The published descriptor (with the derived tables) and every published file with its human name.
        self.published = json.loads((published_downloads(self.dp) / "datapackage.json").read_text(encoding="utf-8"))
        checksum_files = [{"path": name, "bytes": (published_downloads(self.dp) / name).stat().st_size}
                          for name in ("manifest.json", "SHA256SUMS")]
        self.files = {f["path"]: f for f in catalogue.entries(self.published, list(self.manifest.values()) + checksum_files)}
        self.population_denmark = package.records("ref_population_denmark")
        self.submission_json = paths.SUBMISSION_JSON
        self.qualifiers = package.table("qualifiers").set_index("qualifier")
        extra = yaml.safe_load(paths.MKDOCS_YML.read_text(encoding="utf-8"))["extra"]
        self.site_url = {lang.code: extra[f"site_{lang.code}"] for lang in languages()}
        self.data_path = f"data/v{self.dp['version']}/"  # where this version's downloads are published
        self.changelog = metadata.changelog_entries(paths.CHANGELOG.read_text(encoding="utf-8"))
        self.released = metadata.release_date(self.dp, self.changelog)  # this version's date, for citations
        self.source_list = package.records("sources")
        self.charts_shown: dict[str, str] = {}  # chart id -> the page that shows it (filled while rendering)

    def localized(self, lang: Lang) -> "Site":
        """This data as `lang`'s edition shows it: source locations in its words ('Boks 2' -> 'Box 2').

        The quotes stay as the sources write them; the Danish edition gets the data unchanged.
        """
        if not lang.source_locations:
            return self
        other = copy.copy(self)

        def loc(row: dict) -> dict:
            return {**row, "source_location": lang.location(row["source_location"])} if row.get("source_location") else row

        other.kf = {key: loc(row) for key, row in self.kf.items()}
        other.tg = {key: loc(row) for key, row in self.tg.items()}
        other.areas = [{**area, "figures": {m: loc(row) for m, row in area["figures"].items()},
                        "examples": [loc(e) for e in area["examples"]]} for area in self.areas]
        other.records = lambda name: [loc(row) for row in package.records(name)]
        return other

    def records(self, name: str) -> list[dict]:
        """A table's rows as this edition shows them (see localized())."""
        return package.records(name)

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


def make_env(site: Site, page: str, lang: "str | Lang") -> Environment:
    lang = get_lang(lang)  # the reader's language; compares as its code ("da", "en")
    site = site.localized(lang)  # the data as this edition shows it (source locations in its language)
    env = Environment(
        loader=FileSystemLoader(paths.DOCS_DIR),
        undefined=StrictUndefined,
        finalize=escape,  # every value: HTML and Markdown characters as character references
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["join"] = join
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}

    def url(target: str) -> Markup:
        """Relative URL for raw HTML, escaped for an attribute (and left alone by `finalize`)."""
        return html_escape(relative(target, page))

    def link(address: str) -> Markup:
        """An address from the data as a Markdown link's target ([name]({{ link(url) }})). `validate` allows only
        https:// (or http://) addresses of plain characters there (floor.url_problem); checked again here, it is
        written as it is: escaped for Markdown ('&#58;'), it would be no address at all."""
        from build_scripts.stages.validate import floor

        if floor.url_problem(str(address), absolute=True):
            raise ValueError(f"{page}: not an address a page may link to: {address!r}")
        return Markup(address)

    def md(target: str) -> Markup:
        """Relative path of another page's Markdown file, for Markdown links mkdocs checks."""
        return Markup(posixpath.relpath(target, posixpath.dirname(page) or "."))

    words = lang.words  # build_scripts/core/i18n/<code>.yml

    def local(row: dict, field: str):
        """A data field in the page's language: local(area, "name") is area.name_da or area.name_en."""
        column = f"{field}_{lang.code}"
        if column not in row:
            raise KeyError(f"{page}: the data has no column {column} for language '{lang.code}'")
        return row[column]
    charts_on_page: list[dict] = []  # the charts this page shows, in order (its first is its Open Graph image)

    def unit(unit_id: str) -> str:
        return site.units.loc[unit_id, f"label_{lang}"]

    def qualifier(row: dict):
        if not row.get("qualifier") or f"label_{lang}" not in site.qualifiers.columns:
            return row.get("qualifier")  # the source's own word
        return site.qualifiers.loc[row["qualifier"], f"label_{lang}"]

    def figure_text(row: dict) -> str:
        return fmt.figure_text(row, unit(row["unit"]), qualifier(row), lang)

    def anchor(table: str, key: str) -> str:
        return f"{table}-{key}".replace("_", "-")

    def macros():
        return env.get_template("_macros/figures.html").module

    def source_href(table: str, key: str) -> Markup:
        return url("kilder.md#" + anchor(table, key))

    def source_label(row: dict) -> str:
        doc = site.sources[row["source_document"]]
        return f"{words['source']}: {doc['title']}, {lang.location(row['source_location'])}"

    def fig(figure_id: str, table: str = "key_figures") -> Markup:
        """A figure in running text, with a superscript link to its source quote."""
        row = (site.kf if table == "key_figures" else site.tg)[figure_id]
        return macros().figure(figure_text(row), source_href(table, figure_id), source_label(row),
                               words["source_marker"])

    def source_link(row: dict, table: str, key: str, text: str) -> Markup:
        """Any text from a sourced row (a statement, a figure) with the source marker of its quote."""
        return macros().figure(text, source_href(table, key), source_label(row), words["source_marker"])

    def marker(table: str, key: str, label: str | None = None) -> Markup:
        """Only the source marker, for a figure the template writes itself (e.g. a table cell)."""
        return macros().source_marker(source_href(table, key), label or words["source"], words["source_marker"])

    def area_fig(area: dict, measure: str) -> Markup:
        row = area["figures"][measure]
        key = f"{area['area_id']}-{measure}"
        return macros().figure(figure_text(row), source_href("area_figures", key), source_label(row),
                               words["source_marker"])

    def basis(row: dict) -> str:
        parts = []
        period = row.get("reference_period")
        if period:
            parts.append((f"{words['accounts']} " if row.get("price_level") else "") + fmt_date(period))
        if row.get("price_level"):
            parts.append(lang.word("price_level", year=row["price_level"][:4]))
        return ", ".join(parts)

    def fmt_date(iso: str) -> str:
        return fmt.date(iso, lang)

    def card(row: dict, table: str, key: str, label: str | None = None) -> Markup:
        doc = site.sources[row["source_document"]]
        source = f"{words['source']}: {doc['title'] if doc['document_type'] != 'report' else words['report']}, " \
                 f"{lang.location(row['source_location'])}"
        return macros().card(figure_text(row), label or row[f"label_{lang}"], basis(row), source,
                             source_href(table, key), source_label(row), words["source_marker"])

    def chart(chart_id: str) -> Markup:
        """A chart with its toolbar and table, through the autoescaped macro in docs/_macros/chart.html."""
        chart_id = chart_id + lang.suffix  # the edition's own chart ('target-group-en')
        meta = json.loads((paths.CHARTS_DIR / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        charts_on_page.append(meta)
        site.charts_shown[chart_id] = page
        files = {name: url(f"charts/{chart_id}{suffix}") for name, suffix in CHART_FILES.items()}
        embed = f"{EMBED_DIR}/{chart_id}.html"
        macro = env.get_template("_macros/chart.html").module.chart
        return Markup(macro(meta, files, url(embed), Markup(site.site_url[lang] + embed), lang))

    # --- Downloads (data page and links elsewhere): names from catalogue.py, sizes from the manifest, markup in
    # docs/_macros/downloads.html. The macros escape every value; Markup() only keeps their output from being
    # escaped a second time.
    def download_macros():
        return env.get_template("_macros/downloads.html").module  # loaded only by pages that use it

    def published_file(path: str, label: str | None = None) -> dict:
        entry = site.files[path]
        return entry | {"href": url(lang.root + site.data_path + path),
                        "label": label or entry[f"title_{lang}"], "size": fmt.size(entry["bytes"], lang)}

    def download(path: str, label: str | None = None) -> Markup:
        """A link to one published file with its size."""
        return Markup(download_macros().download_link(published_file(path, label)))

    def download_tables() -> list[dict]:
        """One group per format, for download_table()."""
        return [{"key": g["key"], "title": g[f"title_{lang}"], "files": [published_file(f["path"]) for f in g["files"]]}
                for g in catalogue.grouped(site.published, list(site.files.values()))]

    def download_table(group: dict) -> Markup:
        return Markup(download_macros().download_table(group, lang))

    def table_text(res: dict, rows: int | None = None) -> pd.DataFrame:
        """A published table's cells as written in its CSV (text; empty cells empty), the first `rows` rows."""
        df = pd.read_csv(published_downloads(site.dp) / res["path"], dtype=str, keep_default_na=False,
                         encoding="utf-8-sig")
        return df if rows is None else df.head(rows)

    def text_examples() -> dict:
        """Cells that typed readers keep as text and naive readers spoil, taken from the data: a code with a
        leading zero ('0101') and a figure as written with a thousands point ('742.000')."""
        codes = package.table("ref_municipalities")["dagi_code"]
        written = pd.concat([package.table(t)["value_text"] for t in ("area_figures", "key_figures")])
        return {"code": codes[codes.str.startswith("0")].iloc[0],
                "value_text": written[written.str.fullmatch(r"\d{1,3}(\.\d{3})+")].iloc[0]}

    def loading_snippets() -> list[Markup]:
        """Code that loads this version's files from their published address (see snippets.py)."""
        base = site.site_url[main_language()] + site.data_path
        return [Markup(download_macros().code_block(s, lang)) for s in snippets.all_snippets(site.published, base)]

    def figure_record(table: str, key: str) -> Markup | None:
        """URL of a figure's JSON record (figures.py), or None for a figure that has none."""
        path = figures.record_path(table, key)
        return url(lang.root + site.data_path + path) if path in site.manifest else None

    def resource_downloads(res: dict) -> Markup:
        """The links to one table in every format (CSV, XLSX, Parquet, JSON), or to a non-table file."""
        stem = res["path"].rsplit(".", 1)[0]
        files = [published_file(p) for p in site.files
                 if p == res["path"] or (res.get("type") == "table" and p.rsplit(".", 1)[0] == stem)]
        return Markup(download_macros().format_links(sorted(files, key=lambda f: catalogue.GROUP_ORDER[f["group"]])))

    measures = package.table("measures").set_index("measure_id")
    region_names = package.table("ref_regions").set_index("region_code")

    def jsonld() -> Markup:
        temporal = site.kf["reported_expenditure"]["reference_period"]
        data = metadata.dataset_jsonld(site.dp, site.site_url[lang] + page_url(page), lang,
                                       site.site_url[main_language()] + site.data_path, list(site.manifest.values()), temporal,
                                       sources=site.source_list, released=site.released)
        return macros().jsonld(data)

    env.globals.update(
        jsonld=jsonld, lang_root=lang.root,
        constraints=lambda field: constraints_text(field, lang),
        fmt_figure=figure_text,
        measure_label=lambda m: measures.loc[m, f"label_{lang}"],
        region_name=lambda code: region_names.loc[int(code), f"name_{lang}"],
        lang=lang, figure_text=figure_text,
        site=site, dp=site.dp, kf=site.kf, tg=site.tg, areas=site.areas, regions=site.regions,
        reconciliation=site.reconciliation, url=url, link=link, md=md, unit=unit, fig=fig, area_fig=area_fig, marker=marker, card=card,
        chart=chart, download=download, download_tables=download_tables, download_table=download_table,
        resource_downloads=resource_downloads, table_text=table_text, text_examples=text_examples,
        loading_snippets=loading_snippets, figure_record=figure_record, published=site.published, basis=basis, fmt_date=fmt_date, anchor=anchor, package=package,
        num=lambda v, decimals=None: fmt.number(v, decimals, lang), page=page,
        population_date=derive.POPULATION_DATE,
        charts_on_page=charts_on_page,
    )
    add_statement_helpers(env, site, lang, source_link)
    add_derived_helpers(env, site, lang)
    # The reconciliation page's column list (the one description of the table's columns is in derive.py).
    env.globals.update(reconciliation_fields=derive.RECONCILIATION_FIELDS)
    # The "how to cite" box: docs/_macros/citation.html (`{% include %}`d by the home and data pages) shows these.
    report = next(s for s in site.source_list if s["document_type"] == "report")
    env.globals.update(citation={
        "report": report,
        "report_apa": metadata.source_apa(report, with_url=False),
        "dataset_apa": metadata.apa(site.dp, lang, site.released),
        "bibtex": metadata.bibtex(site.dp, site.source_list, site.released),
    })
    # The reader's language (build_scripts/core/lang.py): its words, amounts, ordinals, source locations, quotes,
    # and the changelog in its language. Plain text; the templates do the markup.
    env.globals.update(
        language=lang, word=lang.word,
        # A label or short phrase from the translations file as template text: written by us like the templates,
        # so not escaped for Markdown (a '(' stays '(').
        term=lambda key: Markup(lang.word(key)),
        local=local, ordinal=lang.ordinal, cardinal=lang.cardinal,
        amount=lambda value, unit_id, decimals=None: fmt.with_unit(value, unit(unit_id), decimals=decimals, lang=lang),
        location=lang.location, location_parts=lang.location_parts, records=site.records,
        quote=lambda text: quote_text(text, lang), says_more=says_more,
        code_label=lambda row: code_label(row, lang),
        table_title=lang.table_title, table_description=lang.table_description, field_description=lang.field_description,
        changelog=[{**entry, "body": entry["text"].get(lang.code, entry["body"])} for entry in site.changelog],
    )
    return env


# --- the sources' statements (statements.csv) in running text, each linked to its quote ---------------------------


def add_statement_helpers(env: Environment, site: "Site", lang: str, source_link) -> None:
    """Globals `st` (statements by id), `statement(id)` (the statement in words, in the page's language) and
    `statement_value(id)` (its figure or words as the source writes them, for Danish running text), both linked
    to the quote on the sources page; `period(text)` shows a reference period ('' when the source gives none)."""
    statements = {row["statement_id"]: row for row in package.records("statements")}

    def statement(statement_id: str) -> Markup:
        row = statements[statement_id]
        return source_link(row, "statements", statement_id, row[f"statement_{lang}"])

    def statement_value(statement_id: str) -> Markup:
        row = statements[statement_id]
        text = " ".join(p for p in (row.get("qualifier"), row["value_text"]) if p)
        return source_link(row, "statements", statement_id, text)

    env.globals.update(st=statements, statement=statement, statement_value=statement_value,
                       period=lambda text: fmt.date(text, lang))


def add_derived_helpers(env: Environment, site: "Site", lang: str) -> None:
    """Global `derived_figure(row, column, unit_id)`: a figure of a derived table (build/derived/*.csv) with the
    qualifier its `<column>_qualifier` carries ('ca. 72 mio. kr.'), in the page's language."""

    def derived_figure(row: dict, column: str, unit_id: str) -> str:
        qualifier = row.get(f"{column}_qualifier")
        if not isinstance(qualifier, str) or not qualifier:
            qualifier = None
        elif f"label_{lang}" in site.qualifiers.columns:  # else the source's own (Danish) word
            qualifier = site.qualifiers.loc[qualifier, f"label_{lang}"]
        return fmt.with_unit(row[column], site.units.loc[unit_id, f"label_{lang}"], qualifier, lang=lang)

    env.globals.update(derived_figure=derived_figure)


def quote_text(text: str, lang: Lang) -> str:
    """A verbatim quote in the language's quotation marks, with '…' where it starts or ends mid-sentence.

    'kommunen finansierer selv' -> '»… kommunen finansierer selv …«'; the words themselves are never changed.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if text[0].islower():
        text = "… " + text
    if text[-1] not in ".!?:;»«”\"')…":
        text = text + " …"
    return lang.word("quote_open") + text + lang.word("quote_close")


def says_more(shown: str, text: str) -> bool:
    """Whether `text` adds anything to what is `shown` already: not if the title or quote shown contains it
    word for word ('Sundhedsindsatser.' under the title 'Sundhedsindsatser')."""
    def norm(s):
        return " ".join((s or "").casefold().strip(" .").split())

    return bool(norm(text)) and norm(text) not in norm(shown)


def code_label(row: dict, lang: Lang) -> str:
    """An answer category as a reader sees it: '1: Tilskud fra staten', but 'Kommunalfuldmagten', not
    'Kommunalfuldmagten: Kommunalfuldmagten' (a code that is a word, or '_', is not shown)."""
    label = row[f"label_{lang}"]
    code = str(row["code"])
    return f"{code}: {label}" if len(code) <= 2 and code.isalnum() else label


def constraints_text(field: dict, lang: "str | Lang") -> str:
    """A field's constraints in plain words of `lang`, for the data dictionary."""
    lang = get_lang(lang)
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append(lang.word("required"))
    if c.get("unique"):
        parts.append(lang.word("unique"))
    if "minimum" in c:
        parts.append(lang.word("minimum", value=fmt.number(c["minimum"], lang=lang)))
    if "maximum" in c:
        parts.append(lang.word("maximum", value=fmt.number(c["maximum"], lang=lang)))
    if "maxLength" in c:
        parts.append(lang.word("max_length", value=c["maxLength"]))
    if "enum" in c:
        parts.append(lang.word("one_of", values=", ".join(str(v) for v in c["enum"])))
    if c.get("pattern") == validate.ONE_LINE:
        parts.append(lang.word("one_line"))
    elif c.get("pattern") == validate.QUOTE_TEXT:
        parts.append(lang.word("quote_text"))
    elif "pattern" in c:
        parts.append(lang.word("pattern", value=c["pattern"]))
    return "; ".join(parts)


class MissingProse(Exception):
    """A page template has a `{% if lang.code == ... %}` block with no branch for a language that has a
    translations file: that edition would silently lack the text."""


def lang_test(test: nodes.Node) -> str | None:
    """The code in a test `lang.code == "xx"`, or None for any other test."""
    if (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0].op == "eq"
            and isinstance(test.expr, nodes.Getattr) and test.expr.attr == "code"
            and isinstance(test.expr.node, nodes.Name) and test.expr.node.name == "lang"
            and isinstance(test.ops[0].expr, nodes.Const)):
        return test.ops[0].expr.value
    return None


def check_prose(env: Environment, template: str, page: str, langs: list[Lang]) -> None:
    """Raises MissingProse if a `{% if lang.code == "da" %}…{% elif lang.code == "en" %}…{% endif %}` block of
    `template` (or of a template it `{% include %}`s) has no branch for one of `langs` (an `{% else %}` does not
    count: each language writes its own prose). The template is parsed once for all of them."""
    source, _, _ = env.loader.get_source(env, template)
    tree = env.parse(source)
    ifs = list(tree.find_all(nodes.If))
    elifs = {id(branch) for node in ifs for branch in node.elif_}
    for node in ifs:
        if id(node) in elifs:
            continue
        codes = [lang_test(branch.test) for branch in [node, *node.elif_]]
        if None in codes:
            continue  # not a block of prose per language
        for lang in langs:
            if lang.code not in codes:
                raise MissingProse(f"docs/{template} (page {page}): no prose for language '{lang.code}' in the block "
                                   f"at line {node.lineno} ({', '.join(codes)}); add "
                                   f"{{% elif lang.code == \"{lang.code}\" %}}")
    for include in tree.find_all(nodes.Include):  # what a page includes is part of the page
        if isinstance(include.template, nodes.Const):
            check_prose(env, include.template.value, page, langs)


def check_all_prose() -> None:
    """check_prose for every page template and every language, before anything is rendered or written."""
    env = Environment(loader=FileSystemLoader(paths.DOCS_DIR))
    templates = [(template, template) for template in page_templates()]
    templates.append((AREA_TEMPLATE, f"{AREA_DIR}/{{area_id}}.md"))
    for template, page in templates:
        check_prose(env, template, page, languages())


def page_templates() -> list[str]:
    """The pages' templates in docs/, relative to it; names starting with '_' are not pages."""
    return [p.relative_to(paths.DOCS_DIR).as_posix() for p in sorted(paths.DOCS_DIR.rglob("*.md"))
            if not any(part.startswith("_") for part in p.relative_to(paths.DOCS_DIR).parts)]


def render(site: Site, template: str, page: str, lang: "str | Lang", **context) -> str:
    env = make_env(site, page, lang)
    text = env.get_template(template).render(**context)
    return with_og_image(text, env.globals["charts_on_page"])


def chart_language(file_name: str) -> Lang:
    """The language of a file in build/charts/: 'x-en.svg' is English, a name without a suffix the main language."""
    stem = file_name.split(".")[0]
    for lang in languages()[1:]:
        if stem.endswith(f"-{lang.code}"):
            return lang
    return main_language()


# --- Charts: the files each chart has, its Open Graph image, and its embed page ---------------------------

CHART_FILES = {"light": ".svg", "dark": ".dark.svg", "narrow": ".narrow.svg", "narrow_dark": ".narrow.dark.svg",
               "png": ".png", "csv": ".csv", "csvw": ".csv-metadata.json", "spec": ".vl.json"}
EMBED_DIR = "embed"  # embed/<chart id>.html: the chart alone, for an <iframe> on another site


def with_og_image(text: str, charts_on_page: list[dict]) -> str:
    """Adds the page's first chart as its Open Graph image to the page's front matter (main.html reads it)."""
    if not charts_on_page or not text.startswith("---\n"):
        return text
    first = charts_on_page[0]
    meta = (f"og_image: {json.dumps('charts/' + first['id'] + '.png')}\n"
            f"og_image_alt: {json.dumps(first['title'], ensure_ascii=False)}\n")
    return "---\n" + meta + text[len("---\n"):]


def embed_env() -> Environment:
    return Environment(loader=FileSystemLoader(paths.DOCS_DIR), undefined=StrictUndefined, autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def write_embed_pages(site: Site, lang: Lang, out) -> int:
    """One page per chart shown in this language: the chart alone, with title, caption, source and licence."""
    template = embed_env().get_template("_templates/embed.html")
    site_name = yaml.safe_load(lang.mkdocs.read_text(encoding="utf-8"))["site_name"]
    count = 0
    for chart_id, page in sorted(site.charts_shown.items()):
        if chart_language(chart_id) != lang:
            continue
        meta = json.loads((paths.CHARTS_DIR / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        files = {name: f"../charts/{chart_id}{suffix}" for name, suffix in CHART_FILES.items()}
        html = template.render(c=meta, files=files, lang=lang, site_name=site_name,
                               page_url=f"{site.site_url[lang]}{page_url(page)}#figur-{chart_id}",
                               licence=meta["licence"])
        (out / EMBED_DIR).mkdir(exist_ok=True)
        (out / EMBED_DIR / f"{chart_id}.html").write_text(html, encoding="utf-8")
        count += 1
    return count


def render_language(site: Site, lang: Lang) -> int:
    """Every page of docs/ rendered with `lang` into its edition's folder (lang.out); other files copied."""
    out = lang.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    count = 0
    for src in sorted(paths.DOCS_DIR.rglob("*")):
        rel = src.relative_to(paths.DOCS_DIR)
        if src.is_dir() or any(part.startswith("_") for part in rel.parts):
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".md":
            target.write_text(render(site, rel.as_posix(), rel.as_posix(), lang), encoding="utf-8")
            count += 1
        else:
            shutil.copyfile(src, target)
    (out / AREA_DIR).mkdir(exist_ok=True)
    for area in site.localized(lang).areas:
        (out / area["page"]).write_text(render(site, AREA_TEMPLATE, area["page"], lang, area=area),
                                        encoding="utf-8")
        count += 1
    shutil.copytree(paths.CHARTS_DIR, out / "charts", ignore=lambda d, names: [
        n for n in names if n.endswith(".meta.json") or n.startswith(".") or chart_language(n) != lang])
    write_embed_pages(site, lang, out)
    if lang.is_main:
        publish_downloads(site, out)
    return count


def run() -> str:
    check_all_prose()  # a language without its prose in a template stops the build before anything is written
    site = Site()
    counts = {lang: render_language(site, lang) for lang in languages()}
    return "rendered " + ", ".join(f"{n} {lang} pages" for lang, n in counts.items()) + " into build/docs*/"
