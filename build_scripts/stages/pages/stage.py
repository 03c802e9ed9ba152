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
{% endif %}` blocks; before anything is written, check_all_prose(paths) stops the build with one line naming the
template, the page and the line of a block that has no branch for a language with a translations file.

Pages are rendered with Jinja's autoescaping on, and the markup for figures,
cards and metadata lives in templates (docs/_macros/*.html); the helpers below
only gather values and pass them to those macros. Every value from the data is
escaped on output by `escape` (the environment's `finalize`): HTML and Markdown
characters become character references, so text in a CSV is shown as text and
never becomes markup, a Markdown link or a script. Markdown that comes from the
data (the changelog's entries) goes through the `markdown` filter, which renders
it with raw HTML disabled.

One Site and one set of globals serve every page of an edition: the data the templates
are given (the globals, what the helpers return from the Site, the area pages' `area`) is
frozen (frozen.py), so that no template changes what a later page reads (red team 10,
finding 3).
"""

import base64
import copy
import decimal
import functools
import hashlib
import json
import posixpath
import re
import shutil
import textwrap
import urllib.parse
from pathlib import Path

import pandas as pd
import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from markdown_it import MarkdownIt
from markupsafe import Markup
from markupsafe import escape as html_escape

from build_scripts.commands.releases import publish_downloads, published_downloads
from build_scripts.core import config, copying, fmt, package, sandbox, sandbox_bounds
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import ByLanguage, Lang, languages, say
from build_scripts.core.lang import get as get_lang
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import CODE_ROOT, Paths
from build_scripts.core.sandbox import Sandbox, TemplateTooSlow
from build_scripts.core.text import excerpt, figure_anchor
from build_scripts.stages.derive import precision
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.downloads import catalogue, figures, metadata
from build_scripts.stages.pages import snippets
from build_scripts.stages.pages.frozen import ReadOnlyList, frozen
from build_scripts.stages.validate import stage as validate
from build_scripts.stages.validate import templates
from build_scripts.stages.validate.templates import lang_test

AREA_DIR, AREA_TEMPLATE = templates.AREA_DIR, templates.AREA_TEMPLATE  # one page per policy area, under AREA_DIR
# One pass, character by character: HTML's special characters and Markdown's punctuation become
# character references, which both Markdown and HTML show as the plain character.
ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~:"} | {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
ESCAPE_TABLE = str.maketrans(ESCAPES)  # the same, for str.translate: one pass in C (pages escape about 50,000 values)


def escape(value) -> Markup:
    """Text from the data, made inert for both Markdown and HTML. Only a text or a number is: a list's, a mapping's or
    an object's Python form would show what its items hide (`{{ [m()] }}` showed a macro's hidden attribute: red team
    44; `{{ site.sources.values() }}` every field of every source: red team 46)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or (not isinstance(value, (str, int, float, decimal.Decimal)) and value is not None
                                   and value is not pd.NA):
        raise TypeError(f"a {type(value).__name__} is written as a text")  # (a list, a mapping's values, an object)
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return Markup("")
    return Markup(str(value).translate(ESCAPE_TABLE))


# CommonMark without raw HTML: '<script>' in a changelog entry is shown as text. Links whose
# scheme markdown-it considers unsafe (javascript:, vbscript:, file:, most data:) are not made links.
MARKDOWN = MarkdownIt("commonmark", {"html": False})
# A language file's word as template text (term()): HTML's markup characters as references, Markdown's as they are.
# Its braces too: '{ hidden }' after a heading's word was an attribute list (red team 55, finding 5).
TERM_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "{": "&#123;", "}": "&#125;"})


def front_matter(value, after: str = "") -> Markup:
    """A value of a page's YAML front matter (title, description): the data's text made inert (escape), then the
    template's own words `after`, as one double-quoted YAML string, so that no first character ('(', '&', '-', '?',
    '@' …) makes YAML read it as an anchor, a list or a flow collection and the front matter lose the page's title."""
    return Markup(json.dumps(str(escape(value)) + after, ensure_ascii=False))


def markdown(text: str) -> Markup:
    """Markdown from the data (e.g. a changelog entry) as HTML, with raw HTML shown as text; a backtick or backslash
    it leaves as text written as a reference, so that the site's Markdown, which reads the page after the value,
    cannot pair or escape with it (red team 40's lead: a lone '`' from the data paired with the page's)."""
    return Markup(MARKDOWN.render(str(text)).replace("`", "&#96;").replace("\\", "&#92;"))


def mark_other_language(paths: Paths, html: Markup | str, lang: Lang) -> Markup:
    """HTML with the names of another language that `lang`'s pages use as they are marked with that language:
    on an English page the sources' Danish names and the words in »…« get lang="da", on a Danish page 'Table
    Schema' and the like get lang="en" (the language file's `other_language` and `source_names`). `html` is
    escaped text or rendered HTML; a name is found in its escaped form, and never inside a tag."""
    html = Markup(html) if isinstance(html, Markup) else escape(html)
    pattern = _other_names_pattern(tuple(lang.other_names), lang.other_in_quotes)
    if pattern is None or not lang.other_code:
        return html
    other = lang_macros(paths).other_language  # docs/_macros/lang.html

    def mark(match: re.Match) -> str:
        return match.group(1) or str(other(lang.other_code, Markup(match.group(2))))

    return Markup(pattern.sub(mark, str(html)))


@functools.lru_cache(maxsize=16)
def _other_names_pattern(names: tuple[str, ...], in_quotes: bool) -> re.Pattern | None:
    """mark_other_language's pattern: a tag, or one of the names (escaped as a page writes them) or »…«; None when
    there is nothing to mark. Made once per language, not once per text marked (about 1,500 a build)."""
    patterns = [re.escape(str(escape(name))) for name in names]
    if in_quotes:
        patterns.append("»[^«<>]*«")
    if not patterns:
        return None
    return re.compile("(<[^>]*>)|(" + "|".join(patterns) + ")")


@functools.cache
def lang_macros(paths: Paths):
    """docs/_macros/lang.html's macros, for code that marks text outside a page's environment."""
    return embed_env(paths).get_template("_macros/lang.html").module


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

    def __init__(self, paths: Paths):
        self.paths = paths
        self.dp = package.descriptor(paths.datapackage_json)
        self.units = package.table("units", self.paths.datapackage_json).set_index("unit_id")
        self.kf = package.figures(self.paths.datapackage_json, "key_figures")
        self.tg = package.figures(self.paths.datapackage_json, "target_group")
        self.sources = {s["source_id"]: s for s in package.records("sources", self.paths.datapackage_json)}
        self.areas = self._areas()
        self.regions = pd.read_csv(self.paths.derived_dir / "regions.csv").to_dict("records")
        # Empty text stays "" (not NaN), so the pages can test `variant` and `published_qualifier`.
        self.reconciliation = pd.read_csv(self.paths.derived_dir / "reconciliation.csv",
                                          keep_default_na=False).to_dict("records")
        # Published figure ('key_figures/expenditure_per_inhabitant') -> the checks that find it inconsistent.
        self.inconsistent: dict[str, list[str]] = {}
        for r in self.reconciliation:
            if r["verdict"] == "inconsistent" and r["check_id"] not in self.inconsistent.get(r["published_figure"], []):
                self.inconsistent.setdefault(r["published_figure"], []).append(r["check_id"])
        self.manifest = {m["path"]: m for m in json.loads((published_downloads(self.paths, self.dp) / "manifest.json").read_text())}
        # The published descriptor (with the derived tables) and every published file with its human name.
        self.published = json.loads((published_downloads(self.paths, self.dp) / "datapackage.json").read_text(encoding="utf-8"))
        checksum_files = [{"path": name, "bytes": (published_downloads(self.paths, self.dp) / name).stat().st_size}
                          for name in ("manifest.json", "SHA256SUMS")]
        self.files = {f["path"]: f for f in catalogue.entries(self.published, list(self.manifest.values()) + checksum_files)}
        self.population_denmark = package.records("ref_population_denmark", self.paths.datapackage_json)
        self.submission_json = self.paths.submission_json
        self.qualifiers = package.table("qualifiers", self.paths.datapackage_json).set_index("qualifier")
        self.site_url = {lang.code: config.site_url(self.paths, lang.code) for lang in languages()}
        self.issue_tracker = config.issue_tracker(self.paths)  # where readers report an error (mkdocs.yml's repo_url)
        self.data_path = f"data/v{self.dp['version']}/"  # where this version's downloads are published
        self.changelog = metadata.changelog_entries(self.paths.changelog.read_text(encoding="utf-8"))
        self.released = metadata.release_date(self.dp, self.changelog)  # this version's date, for citations
        self.source_list = package.records("sources", self.paths.datapackage_json)
        self.report = next(s for s in self.source_list if s["document_type"] == "report")
        main_name = yaml.safe_load(self.paths.mkdocs_yml.read_text(encoding="utf-8"))["site_name"]
        self.embed_resize = embed_resize_script(self.paths, self.site_url[main_language()], main_name)
        self.charts_shown: dict[str, str] = {}  # chart id -> the page that shows it (filled while rendering)
        self.compiled = CompiledTemplates()  # the page templates' code, compiled once for every edition (make_env)
        for name in self.DATA:  # what the templates read, one for every page: no template may change it (frozen.py)
            setattr(self, name, frozen(getattr(self, name)))

    # The data the templates reach (through the globals, the helpers' results and the area pages' `area`).
    DATA = ("dp", "kf", "tg", "sources", "areas", "regions", "reconciliation", "inconsistent", "manifest",
            "published", "files", "population_denmark", "site_url", "changelog", "source_list", "report")

    def localized(self, lang: Lang) -> "Site":
        """This data as `lang`'s edition shows it: source locations in its words ('Boks 2' -> 'Box 2').

        The quotes stay as the sources write them; the Danish edition gets the data unchanged.
        """
        if not lang.source_locations:
            return self
        other = copy.copy(self)

        def loc(row: dict) -> dict:
            return {**row, "source_location": lang.location_words(row["source_location"])} if row.get("source_location") else row

        other.kf = frozen({key: loc(row) for key, row in self.kf.items()})
        other.tg = frozen({key: loc(row) for key, row in self.tg.items()})
        other.areas = frozen([{**area, "figures": {m: loc(row) for m, row in area["figures"].items()},
                               "examples": [loc(e) for e in area["examples"]]} for area in self.areas])
        other.records = lambda name: [loc(row) for row in package.records(name, self.paths.datapackage_json)]
        return other

    def records(self, name: str) -> list[dict]:
        """A table's rows as this edition shows them (see localized())."""
        return package.records(name, self.paths.datapackage_json)

    def _areas(self) -> list[dict]:
        derived = pd.read_csv(self.paths.derived_dir / "areas.csv").set_index("area_id")
        figures = package.records("area_figures", self.paths.datapackage_json)
        examples = package.records("examples", self.paths.datapackage_json)
        areas = []
        for area in sorted(package.records("policy_areas", self.paths.datapackage_json), key=lambda a: a["sort_order"]):
            area = dict(area)
            area["figures"] = {f["measure"]: f for f in figures if f["area_id"] == area["area_id"]}
            area["derived"] = derived.loc[area["area_id"]].to_dict()
            area["examples"] = [e for e in examples if e["area_id"] == area["area_id"]]
            area["page"] = templates.area_page(area["area_id"])
            areas.append(area)
        return areas


class PageHelpers:
    """What a page template can call, in one language: one method per template global of the same name
    (template_globals() lists them). One per language, as its Jinja environment; `start(page)` names the page
    being rendered (links are relative to it, and the charts it shows are collected). The methods return plain
    text, data, or Markup that an autoescaping macro of docs/_macros/ made; nothing here glues markup.
    """

    def __init__(self, env: Environment, site: "Site", lang: Lang):
        self.env, self.site, self.page, self.lang = env, site, "", lang
        self.words = lang.words  # build_scripts/core/i18n/<code>.yml
        self.charts_on_page: list[dict] = []  # the charts this page shows, in order (its first is its Open Graph image)
        self.timeline_year = fmt.timeline_year(package.records("timeline", self.site.paths.datapackage_json))
        self.measures = package.table("measures", self.site.paths.datapackage_json).set_index("measure_id")
        self.region_names = package.table("ref_regions", self.site.paths.datapackage_json).set_index("region_code")

    def start(self, page: str) -> None:
        """The page about to be rendered: what it links to is relative to it, and its charts are its own."""
        self.page = page
        self.charts_on_page.clear()  # the same list the templates see (template_globals)

    def url(self, target: str) -> Markup:
        """Relative URL for raw HTML, escaped for an attribute (and left alone by `finalize`)."""
        return html_escape(relative(target, self.page))

    def external(self, address: str) -> Markup:
        """An address on another site, for a Markdown link's destination: http(s) only, and every character that
        could end the destination or the link percent-encoded (not HTML-escaped, which MkDocs would take for a
        relative link)."""
        from build_scripts.stages.validate import floor

        if floor.url_problem(str(address), absolute=True):  # the same rule validate applies to the data's addresses
            raise BuildStopped(f"{self.page}: a link to {address!r} is not an http(s) address")
        return Markup(urllib.parse.quote(address, safe=":/?#@!$&'*+,;=%-._~"))

    def md(self, target: str) -> Markup:
        """Relative path of another page's Markdown file, for Markdown links mkdocs checks: only a page's path
        (validate/templates.py PAGE_PATH, which validate holds the pages to)."""
        from build_scripts.stages.validate.templates import PAGE_PATH

        if not PAGE_PATH.fullmatch(str(target)):
            raise BuildStopped(f"{self.page}: md({str(target)!r}) names no page of docs/")
        return Markup(posixpath.relpath(target, posixpath.dirname(self.page) or "."))

    def local(self, row: dict, field: str):
        """A data field in the page's language: local(area, "name") is area.name_da or area.name_en."""
        column = f"{field}_{self.lang.code}"
        if column not in row:
            raise KeyError(f"{self.page}: the data has no column {column} for language '{self.lang.code}'")
        return row[column]

    def unit(self, unit_id: str) -> str:
        return self.site.units.loc[unit_id, f"label_{self.lang}"]

    def qualifier(self, row: dict):
        if not row.get("qualifier") or f"label_{self.lang}" not in self.site.qualifiers.columns:
            return row.get("qualifier")  # the source's own word
        return self.site.qualifiers.loc[row["qualifier"], f"label_{self.lang}"]

    def figure_text(self, row: dict) -> str:
        return fmt.figure_text(row, self.unit(row["unit"]), self.qualifier(row), self.lang)

    def macros(self):
        return self.env.get_template("_macros/figures.html").module

    def source_href(self, table: str, key: str) -> Markup:
        return self.url("kilder.md#" + figure_anchor(table, key))

    def source_label(self, row: dict) -> str:
        doc = self.site.sources[row["source_document"]]
        return f"{self.words['source']}: {self.lang.name(doc['title'])}, {self.lang.location(row['source_location'])}"

    def fig(self, figure_id: str, table: str = "key_figures") -> Markup:
        """A figure in running text, with a superscript link to its source quote."""
        row = (self.site.kf if table == "key_figures" else self.site.tg)[figure_id]
        return self.macros().figure(self.figure_text(row), self.source_href(table, figure_id), self.source_label(row),
                               self.words["source_marker"])

    def source_link(self, row: dict, table: str, key: str, text: str) -> Markup:
        """Any text from a sourced row (a statement, a figure) with the source marker of its quote."""
        return self.macros().figure(text, self.source_href(table, key), self.source_label(row), self.words["source_marker"])

    def marker(self, table: str, key: str, label: str | None = None) -> Markup:
        """Only the source marker, for a figure the template writes itself (e.g. a table cell)."""
        return self.macros().source_marker(self.source_href(table, key), label or self.words["source"], self.words["source_marker"])

    def area_fig(self, area: dict, measure: str) -> Markup:
        row = area["figures"][measure]
        key = f"{area['area_id']}-{measure}"
        return self.macros().figure(self.figure_text(row), self.source_href("area_figures", key), self.source_label(row),
                               self.words["source_marker"])

    def basis(self, row: dict) -> str:
        parts = []
        period = row.get("reference_period")
        if period:
            parts.append((f"{self.words['accounts']} " if row.get("price_level") else "") + self.fmt_date(period))
        if row.get("price_level"):
            parts.append(self.lang.word("price_level", year=row["price_level"][:4]))
        return ", ".join(parts)

    def fmt_date(self, iso: str) -> str:
        return fmt.date(iso, self.lang)

    def card(self, row: dict, table: str, key: str, label: str | None = None) -> Markup:
        doc = self.site.sources[row["source_document"]]
        source = f"{self.words['source']}: {self.lang.name(doc['title']) if doc['document_type'] != 'report' else self.words['report']}, " \
                 f"{self.lang.location(row['source_location'])}"
        flag = None
        checks = self.site.inconsistent.get(f"{table}/{key}")
        if checks:  # the reconciliation finds rows where the report's own figures do not give this one
            flag = {"text": self.words["card_inconsistent"], "href": self.url("om-tallene.md#" + self.check_anchor(checks[0]))}
        return self.macros().card(self.figure_text(row), label or row[f"label_{self.lang}"], self.basis(row), source,
                             self.source_href(table, key), self.source_label(row), self.words["source_marker"], flag)

    def check_anchor(self, check_id: str) -> str:
        """The reconciliation page's anchor of a check, in the page's language ('kontrol-…' / 'check-…')."""
        return f"{self.words['check_anchor']}-{check_id.replace('_', '-')}"

    def chart(self, chart_id: str) -> Markup:
        """A chart with its toolbar and table, through the autoescaped macro in docs/_macros/chart.html."""
        chart_id = chart_id + self.lang.suffix  # the edition's own chart ('target-group-en')
        meta = json.loads((self.site.paths.charts_dir / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        if meta["page"] != self.page:  # the address drawn into the exported image must be this page's
            raise ChartOnAnotherPage(f"{self.page}: chart {chart_id} is declared on {meta['page']} "
                                     f"(build_scripts/stages/charts/stage.py, CHART_PAGES); show it there or move it")
        meta = frozen(meta)  # the page's Open Graph image is read from it after the page is rendered
        self.charts_on_page.append(meta)
        self.site.charts_shown[chart_id] = self.page
        files = {name: self.url(f"charts/{chart_id}{suffix}") for name, suffix in CHART_FILES.items()}
        embed = f"{EMBED_DIR}/{chart_id}.html"
        share = {"embed": embed_code(meta, self.site.site_url[self.lang] + embed, self.site.site_url[main_language()],
                                     self.site.embed_resize),
                 "citation": metadata.figure_citation(self.site.dp, self.lang, self.site.released, self.site.report, title=meta["title"],
                                                      kind=self.words["cite_kind_chart"], address=meta["address"],
                                                      key=chart_id)}
        macro = self.env.get_template("_macros/chart.html").module.chart
        return Markup(macro(meta, files, self.url(embed), share, self.lang))

    def figure_cite(self, table: str, key: str, title: str) -> dict:
        """The citation of one figure on the sources page (its permalink there)."""
        return metadata.figure_citation(self.site.dp, self.lang, self.site.released, self.site.report, title=title,
                                        kind=self.words["cite_kind_figure"], address=self.figure_address(table, key),
                                        key=figure_anchor(table, key))

    def figure_address(self, table: str, key: str) -> str:
        return f"{self.site.site_url[self.lang]}{page_url('kilder.md')}#{figure_anchor(table, key)}"

    # --- Downloads (data page and links elsewhere): names from catalogue.py, sizes from the manifest, markup in
    # docs/_macros/downloads.html. The macros escape every value; Markup() only keeps their output from being
    # escaped a second time.
    def download_macros(self):
        return self.env.get_template("_macros/downloads.html").module  # loaded only by pages that use it

    def published_file(self, path: str, label: str | None = None) -> dict:
        entry = self.site.files[path]
        return entry | {"href": self.url(self.lang.root + self.site.data_path + path),
                        "label": label or entry[f"title_{self.lang}"], "size": fmt.size(entry["bytes"], self.lang)}

    def download(self, path: str, label: str | None = None) -> Markup:
        """A link to one published file with its size."""
        return Markup(self.download_macros().download_link(self.published_file(path, label)))

    def download_tables(self) -> list[dict]:
        """One group per format, for download_table()."""
        return [{"key": g["key"], "title": g[f"title_{self.lang}"], "files": [self.published_file(f["path"]) for f in g["files"]]}
                for g in catalogue.grouped(self.site.published, list(self.site.files.values()))]

    def download_table(self, group: dict) -> Markup:
        return Markup(self.download_macros().download_table(group, self.lang))

    def table_text(self, res: dict, rows: int | None = None) -> dict:
        """A published table's cells as written in its CSV (text; empty cells empty), as plain data: its `columns`,
        the first `rows` rows (each a list of its cells) and the `total` number of rows."""
        df = pd.read_csv(published_downloads(self.site.paths, self.site.dp) / res["path"], dtype=str, keep_default_na=False,
                         encoding="utf-8-sig")
        shown = df if rows is None else df.head(rows)
        return {"columns": [str(c) for c in df.columns], "rows": shown.values.tolist(), "total": len(df)}

    def text_examples(self) -> dict:
        """Cells that typed readers keep as text and naive readers spoil, taken from the data: a code with a
        leading zero ('0101') and a figure as written with a thousands point ('742.000')."""
        codes = package.table("ref_municipalities", self.site.paths.datapackage_json)["dagi_code"]
        written = pd.concat([package.table(t, self.site.paths.datapackage_json)["value_text"] for t in ("area_figures", "key_figures")])
        return {"code": codes[codes.str.startswith("0")].iloc[0],
                "value_text": written[written.str.fullmatch(r"\d{1,3}(\.\d{3})+")].iloc[0]}

    def loading_snippets(self) -> list[Markup]:
        """Code that loads this version's files from their published address (see snippets.py)."""
        base = self.site.site_url[main_language()] + self.site.data_path
        return [Markup(self.download_macros().code_block(s, self.lang)) for s in snippets.all_snippets(self.site.published, base)]

    def figure_record(self, table: str, key: str) -> Markup | None:
        """URL of a figure's JSON record (figures.py), or None for a figure that has none."""
        path = figures.record_path(table, key)
        return self.url(self.lang.root + self.site.data_path + path) if path in self.site.manifest else None

    def resource_files(self, res: dict) -> list[dict]:
        """One table's files in every format (CSV, XLSX, Parquet, JSON), or a non-table resource's file."""
        stem = res["path"].rsplit(".", 1)[0]
        files = [self.published_file(p) for p in self.site.files
                 if p == res["path"] or (res.get("type") == "table" and p.rsplit(".", 1)[0] == stem
                                         and p.rsplit(".", 1)[1] in ("csv", "xlsx", "parquet", "json"))]
        return sorted(files, key=lambda f: catalogue.GROUP_ORDER[f["group"]])

    def resource_downloads(self, res: dict) -> Markup:
        """The links to one table in every format (CSV, XLSX, Parquet, JSON), or to a non-table file."""
        return Markup(self.download_macros().format_links(self.resource_files(res)))

    def download_groups(self, package_files: list[str]) -> dict:
        """Every published file once, grouped for the data page: `tables` (each resource with its files), and the
        rest by kind: `metadata` (descriptions, checksums, the figures' index) and `submission`; `package_files`
        (the whole package, shown first on the page) are left out."""
        tables = [{"res": res, "files": self.resource_files(res)} for res in self.site.published["resources"]]
        shown = set(package_files) | {f["path"] for t in tables for f in t["files"]}
        rest = [self.published_file(p) for p in self.site.files if p not in shown]
        return {"tables": tables,
                "submission": [f for f in rest if f["group"] == "submission"],
                "metadata": [f for f in rest if f["group"] != "submission"]}

    def step_dates(self, step: dict) -> dict:
        """When a step of the timeline (tabel 1) took place, as dates in the page's language: the table's own dates,
        or, where it gives only ISO weeks, Monday of the first to Friday of the last in the timeline's year (computed)."""
        start, end, computed = fmt.step_period(step, self.timeline_year)
        return {"text": fmt.date_range(start, end, self.lang), "computed": computed, "year": self.timeline_year}

    def jsonld(self) -> Markup:
        temporal = self.site.kf["reported_expenditure"]["reference_period"]
        data = metadata.dataset_jsonld(self.site.dp, self.site.site_url[self.lang] + page_url(self.page), self.lang,
                                       self.site.site_url[main_language()] + self.site.data_path, list(self.site.manifest.values()), temporal,
                                       sources=self.site.source_list, released=self.site.released)
        return self.macros().jsonld(data)

    def site_data(self) -> dict:
        """What the templates read of the site (their `site`), as plain data: the sources by id, the issue tracker's
        address and the submission standard's descriptor. Not the Site itself, whose paths and tables a template
        could reach files through (red team 9, finding 1)."""
        return {"sources": self.site.sources, "issue_tracker": self.site.issue_tracker,
                "submission": package.descriptor(self.site.submission_json)}

    def template_globals(self) -> dict:
        """Every template global this class gives, by name."""
        lang, site = self.lang, self.site
        return dict(
            jsonld=self.jsonld, lang_root=lang.root,
            constraints=lambda field: constraints_markup(field, lang), code_quoted=code_quoted, column_kind=column_kind,
            fmt_figure=self.figure_text,
            measure_label=lambda m: self.measures.loc[m, f"label_{lang}"],
            region_name=lambda code: self.region_names.loc[int(code), f"name_{lang}"],
            lang=lang, figure_text=self.figure_text,
            site=self.site_data(), dp=site.dp, kf=site.kf, tg=site.tg, areas=site.areas, regions=site.regions,
            reconciliation=site.reconciliation, url=self.url, md=self.md, unit=self.unit, fig=self.fig,
            area_fig=self.area_fig, marker=self.marker, card=self.card,
            chart=self.chart, check_anchor=self.check_anchor, figure_cite=self.figure_cite,
            figure_address=self.figure_address,
            download=self.download, download_tables=self.download_tables, download_table=self.download_table,
            resource_downloads=self.resource_downloads, download_groups=self.download_groups,
            table_text=self.table_text, text_examples=self.text_examples,
            loading_snippets=self.loading_snippets, figure_record=self.figure_record, published=site.published,
            basis=self.basis, external=self.external, fmt_date=self.fmt_date, anchor=figure_anchor, package=package.Package(self.site.paths.datapackage_json),
            num=lambda v, decimals=None: fmt.number(v, decimals, lang), step_dates=self.step_dates,
            population_date=derive.POPULATION_DATE,
            approx_share=fmt.number(float(precision.APPROXIMATE_SHARE) * 100, lang=lang),
            charts_on_page=ReadOnlyList(self.charts_on_page),
            local=self.local,
            amount=lambda value, unit_id, decimals=None: fmt.with_unit(value, self.unit(unit_id), decimals=decimals,
                                                                       lang=lang),
        )


def citation_globals(site: "Site", lang: Lang) -> dict:
    """The "how to cite" box: docs/_macros/citation.html (`{% include %}`d by the home and data pages) shows these."""
    report = next(s for s in site.source_list if s["document_type"] == "report")
    return {
        "report": report,
        "report_apa": metadata.source_apa(report, with_url=False),
        "dataset_apa": metadata.apa(site.dp, lang, site.released),
        "bibtex": metadata.bibtex(site.dp, site.source_list, site.released),
    }


def language_globals(site: "Site", lang: Lang) -> dict:
    """The reader's language (build_scripts/core/lang.py): its words, ordinals, source locations, quotes, and the
    changelog in its language. Plain text; the templates do the markup."""
    return dict(
        language=lang, word=lang.word,
        # A label or short phrase from the translations file as template text: not escaped for Markdown (a '(' stays
        # '('; validate's language_words.py refuses Markdown's markup in it), but with HTML's <, >, & and " as
        # references, so that a word can neither open a tag nor leave the attribute it is written in.
        term=lambda key: Markup(lang.word(key).translate(TERM_ESCAPE)),
        ordinal=lang.ordinal, cardinal=lang.cardinal,
        location=lang.location, location_parts=lang.location_parts, records=site.records,
        quote=lambda text: quote_text(text, lang), says_more=says_more,
        code_label=lambda row: code_label(row, lang),
        table_title=lang.table_title, table_description=lang.table_description, field_description=lang.field_description,
        changelog=[{**entry, "body": entry["text"].get(lang.code, entry["body"])} for entry in site.changelog],
    )


class CompiledTemplates(BytecodeCache):
    """The Python code Jinja compiles each template to, kept in memory for one run of the stage and shared by the
    editions' environments: their options, filters' names and tests are the same (page_environment; only the globals,
    which are read when a page renders, differ), so a template compiles to the same code in every edition. Jinja
    gives a template its code from here only if its name, file and text (a checksum) are those it was compiled from.
    Saves compiling every page template again for the second edition (about 0.2 s of a build)."""

    def __init__(self):
        self.code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        found = self.code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


def page_environment(paths: Paths, lang: Lang, compiled: CompiledTemplates | None = None) -> Environment:
    """The Jinja environment of one language's pages before its globals (make_env adds them): its options, filters
    and tests. validate compiles every page template with it (validate/templates.py), so that a filter or test the
    pages do not have is named there, with its line, and not by a traceback here. Sandboxed: a template reaches no
    attribute that starts with '_' and no unsafe method, so a page cannot reach Python (os, the environment) through
    a global such as cycler (red team 8, finding 1). `compiled`: the templates' code the editions share."""
    env = Sandbox(
        bytecode_cache=compiled,
        loader=TemplateLoader(paths.docs_dir),
        undefined=StrictUndefined,
        finalize=escape,  # every value: HTML and Markdown characters as character references
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.clear()  # not range, dict, lipsum, cycler, joiner, namespace: numbers a page counts (red team 13)
    env.filters["markdown"] = markdown
    env.filters["front_matter"] = front_matter
    env.filters["join"] = join
    env.filters["marked"] = lambda text: mark_other_language(paths, text, lang)  # names of the other language, marked
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


# What a page template can read besides Jinja's own globals: the globals make_env sets (PAGE_GLOBALS), and what
# render() passes one template besides (TEMPLATE_NAMES). validate checks every template's names against them
# (validate/templates.py), and make_env stops if its globals are other than PAGE_GLOBALS, so the two cannot drift.
PAGE_GLOBALS = frozenset({
    "amount", "anchor", "approx_share", "area_fig", "areas", "basis", "card", "cardinal", "changelog", "chart",
    "charts_on_page", "check_anchor", "citation", "code_label", "code_quoted", "column_kind", "constraints",
    "derived_figure", "download", "download_groups", "download_table", "download_tables", "dp", "external",
    "field_description", "fig", "figure_address", "figure_cite", "figure_record", "figure_text", "fmt_date",
    "fmt_figure", "jsonld", "kf", "lang", "lang_root", "language", "loading_snippets", "local", "location",
    "location_parts", "marker", "md", "measure_label", "num", "ordinal", "package", "period", "population_date",
    "published", "quote", "reconciliation", "reconciliation_fields", "records", "region_name", "regions",
    "resource_downloads", "says_more", "site", "st", "statement", "statement_value", "step_dates",
    "table_description", "table_text", "table_title", "term", "text_examples", "tg", "unit", "url", "word",
})
TEMPLATE_NAMES = {AREA_TEMPLATE: frozenset({"area"})}


def make_env(site: Site, lang: "str | Lang") -> tuple[Environment, PageHelpers]:
    """The Jinja environment of one language's pages, and the helpers its globals call (helpers.start(page) before
    each page)."""
    lang = get_lang(lang)  # the reader's language; compares as its code ("da", "en")
    site = site.localized(lang)  # the data as this edition shows it (source locations in its language)
    env = page_environment(site.paths, lang, site.compiled)
    helpers = PageHelpers(env, site, lang)
    env.globals.update(helpers.template_globals())
    add_statement_helpers(env, site, lang, helpers.source_link)
    add_derived_helpers(env, site, lang)
    # The reconciliation page's column list (the one description of the table's columns is in derive.py).
    env.globals.update(reconciliation_fields=derive.RECONCILIATION_FIELDS)
    env.globals.update(citation=citation_globals(site, lang))
    env.globals.update(language_globals(site, lang))
    env.globals.update({name: frozen(value) for name, value in env.globals.items()})  # one for every page: frozen.py
    given = set(env.globals)
    if given != PAGE_GLOBALS:  # a maintainer's change to this module: validate would check the templates wrongly
        raise RuntimeError(f"make_env sets globals other than PAGE_GLOBALS: {sorted(given ^ PAGE_GLOBALS)}; "
                           "add or remove them there")
    return env, helpers


# --- the sources' statements (statements.csv) in running text, each linked to its quote ---------------------------


def add_statement_helpers(env: Environment, site: "Site", lang: str, source_link) -> None:
    """Globals `st` (statements by id), `statement(id)` (the statement in words, in the page's language) and
    `statement_value(id)` (its figure or words as the source writes them, for Danish running text), both linked
    to the quote on the sources page; `period(text)` shows a reference period ('' when the source gives none)."""
    statements = {row["statement_id"]: row for row in package.records("statements", site.paths.datapackage_json)}

    def statement(statement_id: str) -> Markup:
        row = statements[statement_id]
        return source_link(row, "statements", statement_id, mark_other_language(site.paths, row[f"statement_{lang}"], lang))

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


def code_quoted(text: str) -> Markup:
    """Text with `backticked` names (a column, a value such as `consistent`) shown as code: names, not words of
    the page's language."""
    return Markup(re.sub(r"&#96;(.+?)&#96;", r"<code>\1</code>", str(escape(text))))


# Text columns whose cells are written in Danish whatever their name says (the sources' own words, Danish names).
DANISH_COLUMNS = {"authors", "citation", "title", "publisher", "name", "qualifier", "published_qualifier",
                  "published_text", "reference_period", "source_location", "source_quote", "value_text", "when_text",
                  "code"}


def column_kind(resource: dict, column: str) -> str:
    """How a table's cells are shown in its sample rows: 'da' or 'en' (text in that language, marked lang= on a
    page in the other), 'code' (identifiers and values of a vocabulary: 'expenditure', 'consistent') or 'number'."""
    field = next((f for f in resource.get("schema", {}).get("fields", []) if f["name"] == column), {})
    if field.get("type", "string") != "string":
        return "number"
    if column.endswith("_da") or column in DANISH_COLUMNS or column.endswith("_qualifier"):
        return "da"
    if column.endswith("_en"):
        return "en"
    return "code"


def constraints_markup(field: dict, lang: "str | Lang") -> Markup:
    """constraints_text with the allowed values and the pattern as code (they are values, not words)."""
    return code_quoted(constraints_text(field, lang, code="`"))


def constraints_text(field: dict, lang: "str | Lang", code: str = "") -> str:
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
        parts.append(lang.word("one_of", values=", ".join(f"{code}{v}{code}" for v in c["enum"])))
    if c.get("pattern") == validate.ONE_LINE:
        parts.append(lang.word("one_line"))
    elif c.get("pattern") == validate.QUOTE_TEXT:
        parts.append(lang.word("quote_text"))
    elif "pattern" in c:
        parts.append(lang.word("pattern", value=f"{code}{c['pattern']}{code}"))
    return "; ".join(parts)


class MissingProse(BuildStopped):
    """A page template has a `{% if lang.code == ... %}` block with no branch for a language that has a
    translations file: that edition would silently lack the text."""


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


def check_all_prose(paths: Paths) -> None:
    """check_prose for every page template and every language, before anything is rendered or written."""
    env = Environment(loader=FileSystemLoader(paths.docs_dir))
    templates = [(template, template) for template in page_templates(paths)]
    templates.append((AREA_TEMPLATE, f"{AREA_DIR}/{{area_id}}.md"))
    for template, page in templates:
        check_prose(env, template, page, languages())


def page_templates(paths: Paths) -> list[str]:
    """The pages' templates in docs/, relative to it; names starting with '_' are not pages."""
    return templates.page_templates(paths.docs_dir)


def render_sandboxed(env: Environment, template: str, lang: Lang, /, **context) -> str:
    """The template (relative to docs/) rendered in its sandboxed environment, or one line naming it and the
    language: a page, an embed page or the embed pages' script."""
    try:
        return env.get_template(template).render(**{name: frozen(value) for name, value in context.items()})
    except TemplateTooSlow:  # loops in loops: the sandbox's time limit (core/sandbox.py)
        raise BuildStopped(say("page_too_slow", template=f"docs/{template}", lang=lang.code,
                               seconds=f"{env.time_limit:g}")) from None
    except SecurityError as err:  # what validate cannot see in the text, e.g. '{0.__class__}'.format(x)
        raise BuildStopped(say("page_sandbox", template=f"docs/{template}", lang=lang.code,
                               error=excerpt(str(err), 200))) from None
    except BuildStopped:
        raise  # a helper's own one line (a figure the page asks for that the data lacks …)
    except Exception as err:  # an expression on the data ({{ 1/0 }}, {{ none + 1 }}), an include that recurses …
        raise template_stopped(err, env, f"docs/{template}", lang) from None


def render(env: Environment, helpers: PageHelpers, template: str, page: str, **context) -> str:
    """One page of the language of `env`: the template rendered for `page`, with its first chart as its image; its
    front matter checked as MkDocs will read it (check_front_matter)."""
    helpers.start(page)
    rendered = render_sandboxed(env, template, helpers.lang, **context)
    text = with_og_image(rendered, helpers.charts_on_page)
    check_front_matter(text, template, helpers.site.paths.shown(helpers.lang.out(helpers.site.paths) / page),
                       helpers.lang)
    return text


def template_stopped(err: Exception, env: Environment, template: str, lang: Lang) -> BuildStopped:
    """One line for an error while a page template rendered, never a traceback: the template and the language, the
    template (the page's, or one it includes) and line Jinja's traceback gives, and the error. An error raised in
    the build's own Python code that the template called (not a Jinja error, such as a value that is undefined) also
    names that code's file, line and function, so that a bug there is not taken for the template's. The sandbox's
    own code (core/sandbox.py, which does the template's `+`, its calls …) is not such code: its errors are the
    template's (`none + 1`)."""
    roots = [Path(root).resolve() for root in getattr(env.loader, "searchpath", [])]
    code_root = (CODE_ROOT / "build_scripts").resolve()
    sandbox_code = {Path(module.__file__).resolve() for module in (sandbox, sandbox_bounds)}
    at = code = None
    frame = err.__traceback__
    while frame is not None:
        path = Path(frame.tb_frame.f_code.co_filename).resolve()
        root = next((r for r in roots if path.is_relative_to(r)), None)
        if root is not None:
            at, code = (f"docs/{path.relative_to(root).as_posix()}", frame.tb_lineno), None
        elif path.is_relative_to(code_root) and at is not None and path not in sandbox_code:
            code = f"{path.relative_to(code_root.parent).as_posix()}:{frame.tb_lineno} ({frame.tb_frame.f_code.co_name})"
        frame = frame.tb_next
    if at is None and isinstance(err, TemplateSyntaxError) and err.lineno:  # an included template that does not parse
        at = (f"docs/{err.name}" if err.name else template, err.lineno)
    where = template if at is None else ByLanguage.of(lambda each: f"{at[0]}, {each.word('at_line', line=at[1])}")
    error = excerpt(f"{type(err).__name__}: {err}", 200)
    if code is not None and not isinstance(err, TemplateError):
        return BuildStopped(say("page_code_error", template=template, lang=lang.code, where=where, code=code,
                                error=error))
    return BuildStopped(say("page_template_error", template=template, lang=lang.code, where=where, error=error))


def check_front_matter(text: str, template: str, page: str, lang: Lang) -> None:
    """Stop the build, naming the template, the language and the line of the page as written (`page`), when the
    rendered page begins with front matter that MkDocs would show as text (and the page lose its title and
    description): not closed, not YAML, or not keys with values; or whose title, description or og_image… is not a
    text with content (templates.front_matter_not_text). validate reads a front matter of text per language
    before; this reads every page as rendered, with the values from the data (area pages) too."""
    first, newline, _ = text.partition("\n")
    if templates.META_LINE.match(first) and not templates.OPENING.fullmatch(first):  # MultiMarkdown metadata
        raise BuildStopped(f"docs/{template} ({lang.code}): {page} begins with 'key:' lines without '---'")
    if not (newline and templates.OPENING.fullmatch(first)):
        return  # no front matter: MkDocs shows the page as it is
    shown = {"template": f"docs/{template}", "lang": lang.code, "page": page}
    found = templates.FRONT_MATTER.match(text)
    if found is None:
        raise BuildStopped(say("page_front_matter_unclosed", **shown))
    error = templates.front_matter_error(found.group(1))
    if error:
        line = error[0] + 2  # the block starts on the page's second line
        raise BuildStopped(say("page_front_matter", **shown, line=line, error=error[1],
                               text=excerpt(text.split("\n")[line - 1], 120)))
    not_text = templates.front_matter_not_text(found.group(1))
    if not_text:
        line, key, value = not_text[0] + 2, not_text[1], not_text[2]
        raise BuildStopped(say("page_front_matter_not_text", **shown, line=line, key=key, value=value,
                               text=excerpt(text.split("\n")[line - 1], 120)))
    other = templates.front_matter_other_key(found.group(1))
    if other:
        line = other[0] + 2
        raise BuildStopped(say("page_front_matter_key", **shown, line=line, key=other[1],
                               keys=", ".join(templates.FRONT_MATTER_KEYS), text=excerpt(text.split("\n")[line - 1], 120)))


def chart_language(file_name: str) -> Lang:
    """The language of a file in build/charts/: 'x-en.svg' is English, a name without a suffix the main language."""
    stem = file_name.split(".")[0]
    for lang in languages()[1:]:
        if stem.endswith(f"-{lang.code}"):
            return lang
    return main_language()


# --- Charts: the files each chart has, its Open Graph image, and its embed page ---------------------------

CHART_FILES = {"light": ".svg", "dark": ".dark.svg", "narrow": ".narrow.svg", "narrow_dark": ".narrow.dark.svg",
               "export": ".export.svg", "png": ".png", "csv": ".csv", "xlsx": ".xlsx", "csvw": ".csv-metadata.json",
               "spec": ".vl.json"}
EMBED_DIR = "embed"  # embed/<chart id>.html: the chart alone, for an <iframe> on another site
# The two scripts of an embed: embed-height.js on the embed page reports its height, embed-resize.js on the host page
# (rendered from docs/_templates/embed-resize.js with the site's origin) sets the iframe's. Both self-hosted.
EMBED_HEIGHT_JS = "assets/javascripts/embed-height.js"
EMBED_RESIZE_JS = "assets/javascripts/embed-resize.js"
# The narrowest embed the fallback height (no script) is made for, and the embed page's padding there (embed.css).
EMBED_NARROWEST, EMBED_PADDING = 320, 10


class ChartOnAnotherPage(Exception):
    """A page shows a chart whose export names another page's address (charts.CHART_PAGES)."""


def sri(data: bytes) -> str:
    """A Subresource Integrity value ('sha256-…'): the host's browser runs the script only if it is these bytes."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def embed_resize_script(paths: Paths, main_url: str, site_name: str) -> str:
    """docs/_templates/embed-resize.js with the site's origin (the only sender whose messages it reads)."""
    origin = main_url.split("://")[0] + "://" + main_url.split("://")[1].split("/")[0]
    return render_sandboxed(embed_env(paths), "_templates/embed-resize.js", main_language(), origin=origin,
                            site=site_name)


def embed_fallback_height(meta: dict) -> int:
    """The embed's height when the host runs no script: enough for everything (title, chart, caption, source, licence
    line) in an iframe EMBED_NARROWEST px wide, and in a wide one; the resize script sets the exact height."""
    room = EMBED_NARROWEST - 2 * EMBED_PADDING

    def lines(text: str, size: float, width: int) -> int:  # generous: 0.6 em per character
        return len(textwrap.wrap(text, max(10, int(width / (size * 0.6))))) or 1

    def total(width: int, image_height: float) -> int:
        return round(2 * EMBED_PADDING + lines(meta["title"], 16, width) * 24 + 8 + image_height + 8
                     + lines(meta["caption"], 16, width) * 24 + lines(meta["source_note"], 14, width) * 21 + 8
                     + 3 * 21)

    narrow_w, narrow_h = meta["sizes"]["narrow"]
    wide_w, wide_h = meta["sizes"]["wide"]
    narrow = total(room, narrow_h * min(1, room / narrow_w))
    wide = total(meta["narrow_max_width"] + 1 - 2 * EMBED_PADDING, wide_h)
    return max(narrow, wide) + 24


def embed_code(meta: dict, embed_url: str, main_url: str, script: str) -> dict:
    """What the embed code a host pastes is made of (docs/_macros/chart.html writes it): the iframe's address and
    fallback height (which shows all at 320 px without script), and the resize script's address and integrity (the
    host's browser runs it only if it is these bytes: `script`, the text of embed-resize.js)."""
    # Markup: addresses and a hash of our own, written as they are (the page's escape would turn ':' into '&#58;',
    # which the code block would then show).
    return {"embed_url": Markup(html_escape(embed_url)), "height": embed_fallback_height(meta),
            "script_url": Markup(html_escape(main_url + EMBED_RESIZE_JS)), "integrity": Markup(sri(script.encode()))}


def with_og_image(text: str, charts_on_page: list[dict]) -> str:
    """Adds the page's first chart as its Open Graph image to the page's front matter (main.html reads it)."""
    if not charts_on_page or not text.startswith("---\n"):
        return text
    first = charts_on_page[0]
    meta = (f"og_image: {json.dumps('charts/' + first['id'] + '.png')}\n"
            f"og_image_alt: {json.dumps(first['title'], ensure_ascii=False)}\n")
    return "---\n" + meta + text[len("---\n"):]


class TemplateLoader(FileSystemLoader):
    """The pages' loader: only the files validate reads as templates (templates.is_template), whatever way a page
    names one, so that no file is rendered that validate has not read (red team 13, finding 1); and of those only the
    roles given (templates.LOADABLE): the pages' environment loads only pages and macros, which validate reads with a
    page's rules, not the code's templates (_templates/) or the theme's (_overrides/) (red team 14, finding 1)."""

    def __init__(self, searchpath, roles: frozenset = templates.LOADABLE["page"]):
        super().__init__(searchpath)
        self.roles = roles

    def get_source(self, environment, template: str):
        if (template != templates.normal_name(template) or not templates.is_template(template)
                or templates.role(template) not in self.roles):  # './_templates/x.md' too (red team 15, finding 1)
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


def embed_env(paths: Paths) -> Environment:
    """The embed pages' environment, sandboxed as the pages' is (page_environment): its own templates (_templates/)
    and the macros."""
    return Sandbox(loader=TemplateLoader(paths.docs_dir, templates.LOADABLE["code"]), undefined=StrictUndefined,
                   autoescape=True,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def write_embed_pages(site: Site, lang: Lang, out) -> int:
    """One page per chart shown in this language: the chart alone, with title, caption, source and licence."""
    env = embed_env(site.paths)
    site_name = yaml.safe_load(lang.mkdocs(site.paths).read_text(encoding="utf-8"))["site_name"]
    count = 0
    for chart_id, page in sorted(site.charts_shown.items()):
        if chart_language(chart_id) != lang:
            continue
        meta = json.loads((site.paths.charts_dir / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        files = {name: f"../charts/{chart_id}{suffix}" for name, suffix in CHART_FILES.items()}
        height_js = (site.paths.docs_dir / EMBED_HEIGHT_JS).read_bytes()
        html = render_sandboxed(env, "_templates/embed.html", lang, c=meta, files=files, lang=lang,
                                site_name=site_name,
                                source_note=mark_other_language(site.paths, meta["source_note"], lang),
                                page_url=meta["address"], licence=meta["licence"],
                                height_script={"src": f"../{EMBED_HEIGHT_JS}", "integrity": sri(height_js)})
        (out / EMBED_DIR).mkdir(exist_ok=True)
        (out / EMBED_DIR / f"{chart_id}.html").write_text(html, encoding="utf-8")
        count += 1
    return count


def render_language(site: Site, lang: Lang) -> int:
    """Every page of docs/ rendered with `lang` into its edition's folder (lang.out); other files copied."""
    sources = sorted(site.paths.docs_dir.rglob("*"))
    for src in sources:  # first: a page or asset that is a link would publish what it points to
        copying.refuse_link(src)
    out = lang.out(site.paths)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    env, helpers = make_env(site, lang)
    count = 0
    for src in sources:
        rel = src.relative_to(site.paths.docs_dir)
        if src.is_dir() or any(part.startswith("_") for part in rel.parts):
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".md":
            target.write_text(render(env, helpers, rel.as_posix(), rel.as_posix()), encoding="utf-8")
            count += 1
        else:
            copying.copy_file(src, target)
    (out / AREA_DIR).mkdir(exist_ok=True)
    for area in site.localized(lang).areas:
        if (out / area["page"]).exists():  # validate names the area (requirements._area_page_problems)
            raise BuildStopped(say("area_page_taken", page=area["page"], area=area["area_id"]))
        (out / area["page"]).write_text(render(env, helpers, AREA_TEMPLATE, area["page"], area=area), encoding="utf-8")
        count += 1
    (out / EMBED_RESIZE_JS).parent.mkdir(parents=True, exist_ok=True)
    (out / EMBED_RESIZE_JS).write_text(site.embed_resize, encoding="utf-8")
    copying.copy_tree(site.paths.charts_dir, out / "charts", ignore=lambda d, names: [
        n for n in names if n.endswith(".meta.json") or chart_language(n) != lang])
    write_embed_pages(site, lang, out)
    if lang.is_main:
        publish_downloads(site, out)
    return count


def run(paths: Paths) -> str:
    check_all_prose(paths)  # a language without its prose in a template stops the build before anything is written
    site = Site(paths)
    counts = {lang: render_language(site, lang) for lang in languages()}
    return "rendered " + ", ".join(f"{n} {lang} pages" for lang, n in counts.items()) + " into build/docs*/"
