"""Stage 5: render the site's Markdown pages from the data package.

Reads  docs/**            hand-written page templates (Jinja + Markdown), styles and
                          assets; docs/en/** the English edition's templates; files
                          and folders whose name starts with '_' are templates for
                          generated pages or theme overrides, not pages
       the data package, build/derived/, build/charts/, build/downloads/
Writes build/docs/        what mkdocs builds for the Danish site: every page, one page
                          per policy area from docs/_templates/area.md, the charts
                          under charts/ and the downloads under downloads/
       build/docs-en/     the same for the English edition (mkdocs.en.yml); its
                          downloads link to the Danish site's, which are the same files

The editions are the languages with a translations file in build_scripts/i18n/ (see lang.py): each page
is rendered with its edition's `Lang`, which gives the words around the data, number and date formats, and
the source locations in the edition's words.

Every value that comes from the data is escaped on output (HTML and Markdown
characters become character references), so text in a CSV is shown as text and
never becomes markup, a link or a script.
"""

import copy
import json
import posixpath
import shutil

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import derive, fmt, metadata, package, paths
from .lang import Lang, get as get_lang, languages

AREA_DIR = "omraader"
# Per language (build_scripts/i18n/<code>.yml): where its templates are (relative to docs/), where its pages
# go, and the main site's root seen from the edition (its downloads link there: they are the same files).
LANGS = {lang.code: {"templates": lang.templates, "out": lang.out, "root": lang.root} for lang in languages()}
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
        self.manifest = {m["path"]: m for m in json.loads((published_downloads(self.dp) / "manifest.json").read_text())}
        self.population_denmark = package.records("ref_population_denmark")
        self.submission_json = paths.SUBMISSION_JSON
        self.qualifiers = package.table("qualifiers").set_index("qualifier")
        extra = yaml.safe_load(paths.MKDOCS_YML.read_text(encoding="utf-8"))["extra"]
        self.site_url = {lang.code: extra[f"site_{lang.code}"] for lang in languages()}
        self.data_path = f"data/v{self.dp['version']}/"  # where this version's downloads are published
        self.changelog = metadata.changelog_entries(paths.CHANGELOG.read_text(encoding="utf-8"))

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

    words = lang.words

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

    def source_link(row: dict, table: str, key: str, text: str) -> Markup:
        doc = site.sources[row["source_document"]]
        title = f"{words['source']}: {doc['title']}, {row['source_location']}"
        return Markup(f'<a href="{url("kilder.md#" + anchor(table, key))}" title="{escape(title)}">{escape(text)}</a>')

    def fig(figure_id: str, table: str = "key_figures") -> Markup:
        """A figure in running text, linked to its source quote."""
        row = (site.kf if table == "key_figures" else site.tg)[figure_id]
        return source_link(row, table, figure_id, figure_text(row))

    def area_fig(area: dict, measure: str) -> Markup:
        row = area["figures"][measure]
        return source_link(row, "area_figures", f"{area['area_id']}-{measure}", figure_text(row))

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
        value = figure_text(row)
        doc = site.sources[row["source_document"]]
        return Markup(
            '<div class="figure-card">'
            f'<p class="figure-card__value">{escape(value)}</p>'
            f'<p class="figure-card__label">{escape(label or row[f"label_{lang}"])}</p>'
            f'<p class="figure-card__basis">{escape(basis(row))} · '
            f'<a href="{url("kilder.md#" + anchor(table, key))}">{words["source"]}: {escape(doc["title"] if doc["document_type"] != "report" else words["report"])}, '
            f'{escape(row["source_location"])}</a></p></div>'
        )

    def chart(chart_id: str) -> Markup:
        chart_id = chart_id if lang == "da" else f"{chart_id}-en"
        meta = json.loads((paths.CHARTS_DIR / f"{chart_id}.meta.json").read_text(encoding="utf-8"))
        data = pd.read_csv(paths.CHARTS_DIR / f"{chart_id}.csv")
        svg = (paths.CHARTS_DIR / f"{chart_id}.svg").read_text(encoding="utf-8")
        width, height = _svg_size(svg)
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in data.columns)
        body = "".join(
            "<tr>" + "".join(
                (f'<th scope="row">{escape(v)}</th>' if i == 0 else
                 f'<td class="num">{escape(fmt.number(v, lang=lang))}</td>' if isinstance(v, (int, float)) else f"<td>{escape(v)}</td>")
                for i, v in enumerate(row)) + "</tr>"
            for row in data.itertuples(index=False))
        return Markup(
            f'<figure class="chart" id="figur-{chart_id}">\n'
            f'<p class="chart__title"><strong>{escape(meta["title"])}</strong></p>\n'
            f'<img src="{url("charts/" + chart_id + ".svg")}" alt="{escape(meta["alt"])}" width="{width}" height="{height}" loading="lazy" decoding="async">\n'
            f'<figcaption>{escape(meta["caption"])} <span class="chart__source">{escape(meta["source_note"])}</span></figcaption>\n'
            f'<details class="chart__data"><summary>{words["see_figures"]}</summary>\n'
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="{words["table"]}: {escape(meta["title"])}">'
            f'<table><caption>{escape(meta["title"])}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n'
            f'<p class="chart__downloads">{words["chart_data"]}: '
            f'<a href="{url("charts/" + chart_id + ".csv")}" download>CSV</a> · '
            f'<a href="{url("charts/" + chart_id + ".vl.json")}">{words["spec"]}</a></p>\n'
            f"</details>\n</figure>"
        )

    def download(path: str, label: str) -> Markup:
        entry = site.manifest[path]
        return Markup(
            f'<a href="{url(LANGS[lang]["root"] + site.data_path + path)}" download>{escape(label)}</a> '
            f'<span class="file-meta">({escape(fmt.size(entry["bytes"], lang))}, SHA-256 <code>{entry["sha256"]}</code>)</span>'
        )

    measures = package.table("measures").set_index("measure_id")
    region_names = package.table("ref_regions").set_index("region_code")

    def citation_box() -> Markup:
        return Markup(
            f'<div class="citation" id="{words["cite_id"]}">'
            f'<p><strong>{words["cite"]}</strong> (APA)</p><p>{escape(metadata.apa(site.dp, lang))}</p>'
            f'<p><strong>BibTeX</strong></p><pre><code>{escape(metadata.bibtex(site.dp))}</code></pre></div>')

    def jsonld() -> Markup:
        temporal = site.kf["reported_expenditure"]["reference_period"]
        text = metadata.dataset_jsonld(site.dp, site.site_url[lang] + page_url(page), lang,
                                       site.site_url["da"] + site.data_path, list(site.manifest.values()), temporal)
        return Markup(f'<script type="application/ld+json">\n{text}\n</script>')

    env.globals.update(
        citation_box=citation_box, jsonld=jsonld, lang_root=LANGS[lang]["root"],
        constraints=lambda field: constraints_text(field, lang),
        fmt_figure=figure_text,
        measure_label=lambda m: measures.loc[m, f"label_{lang}"],
        region_name=lambda code: region_names.loc[int(code), f"name_{lang}"],
        lang=lang, figure_text=figure_text,
        site=site, dp=site.dp, kf=site.kf, tg=site.tg, areas=site.areas, regions=site.regions,
        reconciliation=site.reconciliation, url=url, md=md, unit=unit, fig=fig, area_fig=area_fig, card=card,
        chart=chart, download=download, basis=basis, fmt_date=fmt_date, anchor=anchor, package=package,
        num=lambda v, decimals=None: fmt.number(v, decimals, lang), page=page,
        population_date=derive.POPULATION_DATE,
    )
    # The reader's language (build_scripts/lang.py): its words, amounts, ordinals, source locations, quotes,
    # and the changelog in its language. Plain text; the templates do the markup.
    env.globals.update(
        language=lang, word=lang.word, ordinal=lang.ordinal, cardinal=lang.cardinal,
        amount=lambda value, unit_id, decimals=None: fmt.with_unit(value, unit(unit_id), decimals=decimals, lang=lang),
        location=lang.location, location_parts=lang.location_parts, records=site.records,
        quote=lambda text: quote_text(text, lang), says_more=says_more,
        code_label=lambda row: code_label(row, lang),
        table_title=lang.table_title, table_description=lang.table_description, field_description=lang.field_description,
        changelog=[{**entry, "body": entry["text"].get(lang.code, entry["body"])} for entry in site.changelog],
    )
    return env


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
    if "pattern" in c:
        parts.append(lang.word("pattern", value=c["pattern"]))
    return "; ".join(parts)


def chart_language(file_name: str) -> Lang:
    """The language of a file in build/charts/: 'x-en.svg' is English, a name without a suffix the main language."""
    stem = file_name.split(".")[0]
    for lang in languages()[1:]:
        if stem.endswith(f"-{lang.code}"):
            return lang
    return languages()[0]


def _svg_size(svg: str) -> tuple[int, int]:
    import re

    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (round(float(match.group(1))), round(float(match.group(2)))) if match else (600, 400)


def render(site: Site, template: str, page: str, lang: "str | Lang", **context) -> str:
    return make_env(site, page, lang).get_template(template).render(**context)


def render_language(site: Site, lang: Lang) -> int:
    out, prefix = lang.out, lang.templates
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    src_root = paths.DOCS_DIR / prefix
    count = 0
    for src in sorted(src_root.rglob("*")):
        rel = src.relative_to(src_root)
        if src.is_dir() or any(part.startswith("_") for part in rel.parts):
            continue
        if lang.is_main and rel.parts[0] in {other.templates.rstrip("/") for other in languages() if other.templates}:
            continue  # another language's templates
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".md":
            target.write_text(render(site, prefix + rel.as_posix(), rel.as_posix(), lang), encoding="utf-8")
            count += 1
        else:
            shutil.copyfile(src, target)
    if not lang.is_main:  # the styles and assets are shared
        shutil.copytree(paths.DOCS_DIR / "assets", out / "assets", dirs_exist_ok=True)
    (out / AREA_DIR).mkdir(exist_ok=True)
    for area in site.localized(lang).areas:
        (out / area["page"]).write_text(render(site, prefix + "_templates/area.md", area["page"], lang, area=area),
                                        encoding="utf-8")
        count += 1
    shutil.copytree(paths.CHARTS_DIR, out / "charts", ignore=lambda d, names: [
        n for n in names if n.endswith(".meta.json") or chart_language(n) != lang])
    if lang.is_main:
        publish_downloads(site, out)
    return count


def published_downloads(dp: dict):
    """The folder whose files are published for this version: frozen if released, else this build's."""
    frozen = paths.RELEASES_DIR / f"v{dp['version']}"
    return frozen if frozen.exists() else paths.DOWNLOADS_DIR


def _content(path) -> bytes | list:
    """What a file says: a ZIP or workbook by its members (deflate output may differ between zlib builds)."""
    if path.suffix in (".zip", ".xlsx"):
        import zipfile

        with zipfile.ZipFile(path) as zf:
            return sorted((name, zf.read(name)) for name in zf.namelist())
    return path.read_bytes()


def publish_downloads(site: Site, out) -> None:
    """data/vX.Y.Z/ for every release, data/latest/ for this version, and the Atom feed of releases.

    A released version's files are frozen in releases/vX.Y.Z/ and published as they are. If this build
    makes different files for a released version, the data changed without a new version: the build stops.
    """
    for release in sorted(paths.RELEASES_DIR.glob("v*")) if paths.RELEASES_DIR.exists() else []:
        shutil.copytree(release, out / "data" / release.name)
    source = published_downloads(site.dp)
    if source != paths.DOWNLOADS_DIR:
        built = {p.relative_to(paths.DOWNLOADS_DIR) for p in paths.DOWNLOADS_DIR.rglob("*")
                 if p.is_file() and p.name != "manifest.json"}
        frozen = {p.relative_to(source) for p in source.rglob("*") if p.is_file() and p.name != "manifest.json"}
        changed = sorted(p.as_posix() for p in built ^ frozen) + sorted(
            p.as_posix() for p in built & frozen if _content(paths.DOWNLOADS_DIR / p) != _content(source / p))
        if changed:
            raise ReleaseChanged(f"Version {site.dp['version']} er allerede udgivet, men disse filer er ændret: "
                                 f"{', '.join(changed[:5])}. Hæv version i datapackage/datapackage.json og CHANGELOG.md. / "
                                 f"Version {site.dp['version']} is already released, but these files changed: "
                                 f"{', '.join(changed[:5])}. Bump the version in datapackage.json and CHANGELOG.md.")
    else:
        shutil.copytree(source, out / "data" / f"v{site.dp['version']}")
    shutil.copytree(source, out / "data" / "latest")
    (out / "feed.xml").write_text(metadata.atom_feed(site.dp, site.site_url[languages()[0].code], site.changelog),
                                  encoding="utf-8")


class ReleaseChanged(Exception):
    """A released version's files would change."""


def run() -> str:
    site = Site()
    counts = {lang: render_language(site, lang) for lang in languages()}
    return "rendered " + ", ".join(f"{n} {lang} pages" for lang, n in counts.items()) + " into build/docs*/"
