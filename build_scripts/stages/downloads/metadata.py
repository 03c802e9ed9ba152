"""Citation and discovery metadata generated from datapackage.json. Pure functions.

Used by the pages stage for the "how to cite" box (APA and BibTeX), the schema.org
Dataset JSON-LD of the home and data pages, and the Atom feed of data releases; by the
downloads stage for citation.bib.

What is cited: the report is the authority for every figure, so every citation names it
(sources.csv, with its authors and the address where the ministries published it); this
compilation is cited as a data set with the package's title, version and release date
(CHANGELOG.md), authored and published by the project, whose one name is datapackage.json's
contributors[0] (also CITATION.cff's author and mkdocs.yml's site_author).
Also used by
`python -m build_scripts zenodo` (and `release`) for `.zenodo.json` (Zenodo's GitHub integration) and
CITATION.cff's authors and keywords: both from datapackage.json. The DCAT metadata (dcat.py) is
made from the same descriptor: names, version and licence agree across all of them
(tests/stages/test_dcat.py checks it).
"""

import json
import re
import textwrap
import xml.etree.ElementTree as ET

from build_scripts.core.lang import get as get_lang
from build_scripts.stages.downloads.catalogue import is_figure_record, media_type

ATOM = "http://www.w3.org/2005/Atom"


def year(dp: dict) -> str:
    return dp["created"][:4]


def release_date(dp: dict, entries: list[dict]) -> str:
    """The date of this version's entry in CHANGELOG.md (changelog_entries), else the package's `created` date."""
    return next((e["date"] for e in entries if e["version"] == dp["version"]), dp["created"][:10])


def project(dp: dict) -> str:
    """The compilation's author and publisher: the project, named once in datapackage.json (contributors[0])."""
    return dp["contributors"][0]["title"]


def source_authors(source: dict) -> list[str]:
    """A source's authors (sources.csv `authors`, separated by '; ')."""
    return [a.strip() for a in source["authors"].split(";") if a.strip()]


def source_apa(source: dict, with_url: bool = True) -> str:
    """APA reference of a source document (a row of sources.csv): the authority for the figures."""
    names = source_authors(source)
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    parts = [f"{authors}. ({source['date_published'][:4]}). {source['title']}."]
    if with_url and source.get("url"):
        parts.append(source["url"])
    return " ".join(parts)


def title(dp: dict, lang) -> str:
    """The package's title in `lang` (`title_<code>`), or its own title (in the main language)."""
    return dp.get(f"title_{get_lang(lang).code}", dp["title"])


title_of = title  # for functions with an argument named `title`


def apa(dp: dict, lang, released: str) -> str:
    """APA reference of this compilation (a data set; author and publisher are the project, so no publisher).
    Another language than the package's own gives the title as 'Translated [Original]'."""
    lang = get_lang(lang)
    name = dp["title"] if title(dp, lang) == dp["title"] else f"{title(dp, lang)} [{dp['title']}]"
    kind = lang.word("data_set")
    return f"{project(dp)}. ({released[:4]}). {name} (Version {dp['version']}) [{kind}]. {dp['homepage']}"


BIB_WIDTH = 100  # the .bib file's and the page's line width


# LaTeX's special characters as BibTeX fields must write them; braces stay balanced whatever the text holds.
# BibTeX counts every brace when it finds where a field ends, one after a backslash too, so `\}` would end it:
# braces are written as commands whose own braces balance (red team 7, finding 5).
BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}


def _bib_escape(text: str) -> str:
    """Text for a BibTeX field: every special character escaped, one character at a time; every brace it holds is
    one of a balanced pair, so no text can end the field or start another entry."""
    return "".join(BIB_ESCAPES.get(c, c) for c in text)

def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One BibTeX entry, one field per line, long values wrapped under the value's first character."""
    width = max(len(name) for name, _ in fields)
    lines = [f"@{kind}{{{key},"]
    for i, (name, value) in enumerate(fields):
        head = f"  {name:<{width}} = {{"
        tail = "}" + ("," if i < len(fields) - 1 else "")
        room = BIB_WIDTH - len(head) - 1
        if name == "author":  # break between authors, never inside a name
            wrapped = [""]
            for author in value.split(" and "):
                joined = f"{wrapped[-1]} and {author}" if wrapped[-1] else author
                if len(joined) <= room or not wrapped[-1]:
                    wrapped[-1] = joined
                else:
                    wrapped[-1] += " and"
                    wrapped.append(author)
        else:
            wrapped = textwrap.wrap(value, room, break_long_words=False, break_on_hyphens=False)
        lines.append(head + ("\n" + " " * len(head)).join(wrapped) + tail)
    return "\n".join(lines + ["}"])


def bibtex(dp: dict, sources: list[dict], released: str) -> str:
    """BibTeX for the report (the authority for every figure), for this compilation and for each other source (the
    minister's answer, cited by its parliamentary identity: committee, question number, session, date), in that order."""
    report = next(s for s in sources if s["document_type"] == "report")
    report_fields = [
        ("author", " and ".join(f"{{{_bib_escape(a)}}}" for a in source_authors(report))),
        ("title", _bib_escape(report["title"])),
        ("institution", _bib_escape(report["publisher"])),
        ("year", report["date_published"][:4]),
    ] + ([("url", report["url"])] if report.get("url") else [])
    dataset_fields = [
        ("author", f"{{{_bib_escape(project(dp))}}}"),
        ("title", _bib_escape(dp["title"])),
        ("year", released[:4]),
        ("date", released),
        ("version", dp["version"]),
        ("publisher", _bib_escape(project(dp))),
        ("url", dp["homepage"]),
        ("note", _bib_escape(f"Data set, {dp['licenses'][0]['name']}. Every figure comes from "
                             f"{report['citation'].rstrip('.')}.")),
    ]
    report_key = "integrationsindsatser-rapport-" + report["date_published"][:4]
    dataset_key = "integrationsindsatser-data-" + dp["version"].replace(".", "-")
    entries = [_bib_entry("techreport", report_key, report_fields), _bib_entry("misc", dataset_key, dataset_fields)]
    for source in sources:
        if source is report:
            continue
        fields = [
            ("author", " and ".join(f"{{{_bib_escape(a)}}}" for a in source_authors(source))),
            ("title", _bib_escape(source["title"])),
            ("year", source["date_published"][:4]),
            ("date", source["date_published"]),
            ("note", _bib_escape(source["citation"])),
        ] + ([("url", source["url"])] if source.get("url") else [])
        entries.append(_bib_entry("misc", "integrationsindsatser-" + source["source_id"], fields))
    return "\n\n".join(entries) + "\n"


def figure_citation(dp: dict, lang, released: str, report: dict, *, title: str, kind: str, address: str,
                    key: str) -> dict[str, str]:
    """APA and BibTeX for one chart or one figure of this compilation: the figure (its title, its kind, its address),
    the compilation with its version, and the report every number comes from. `kind` is the edition's word ('Figur',
    'Chart', 'Tal'), `key` a stable id of the figure ('expenditure-by-area', 'key-figures-initiatives')."""
    lang = get_lang(lang)
    words = lang.words
    report_ref = source_apa(report, with_url=False)
    within = dp["title"] if title_of(dp, lang) == dp["title"] else f"{title_of(dp, lang)} [{dp['title']}]"
    apa_text = (f"{project(dp)}. ({released[:4]}). {title} [{kind}]. {words['cite_in']} {within} (Version {dp['version']}) "
                f"[{words['data_set']}]. {address} {words['cite_figures_from']} {report_ref}")
    fields = [
        ("author", f"{{{_bib_escape(project(dp))}}}"),
        ("title", _bib_escape(title)),
        ("year", released[:4]),
        ("date", released),
        ("version", dp["version"]),
        ("howpublished", _bib_escape(f"{kind} {words['cite_in'].lower()} {dp['title']}, version {dp['version']}")),
        ("url", address),
        ("note", _bib_escape(f"{words['cite_figures_from']} {report['citation']}")),
    ]
    bib_key = "integrationsindsatser-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") + "-" + dp["version"].replace(".", "-")
    return {"apa": apa_text, "apa_head": apa_text.removesuffix(report_ref).rstrip(), "apa_report": report_ref,
            "bibtex": _bib_entry("misc", bib_key, fields)}


def _source_jsonld(source: dict) -> dict:
    work = {"@type": "Report" if source["document_type"] == "report" else "CreativeWork",
            "name": source["title"],
            "author": [{"@type": "Organization", "name": a} for a in source_authors(source)],
            "datePublished": source["date_published"],
            "inLanguage": "da"}
    if source.get("url"):
        work["url"] = source["url"]
    return work


def dataset_jsonld(dp: dict, page_url: str, lang, download_base: str, manifest: list[dict],
                   temporal: str, *, sources: list[dict], released: str) -> dict:
    """schema.org Dataset, for the jsonld macro (docs/_macros/figures.html), which dumps it as JSON
    that cannot end the script element it stands in.

    isBasedOn and citation name the source documents (the report and the minister's answer); creator and
    publisher are the project that compiled them.
    """
    lang = get_lang(lang)
    publisher = {"@type": "Organization", "name": project(dp), "url": dp["homepage"]}
    downloads = [
        {"@type": "DataDownload", "name": m["path"], "contentUrl": download_base + m["path"],
         "encodingFormat": media_type(m["path"]),
         "contentSize": f"{m['bytes']} B", "sha256": m["sha256"]}
        for m in manifest if m["path"] != "manifest.json" and not is_figure_record(m["path"])
    ]  # the single figures' records are listed in figures/index.json, which is here
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": title(dp, lang),
        "alternateName": dp["title"] if title(dp, lang) != dp["title"] else dp.get("title_en", dp["title"]),
        "description": dp.get(f"description_{lang.code}", dp["description"]),
        "url": page_url,
        "sameAs": dp["homepage"],
        "version": dp["version"],
        "dateModified": released,
        "datePublished": dp["created"][:10],
        "inLanguage": lang.code,
        "license": dp["licenses"][0]["path"],
        "isAccessibleForFree": True,
        "keywords": dp["keywords"],
        "creator": publisher,
        "publisher": publisher,
        "temporalCoverage": temporal,
        "spatialCoverage": {"@type": "Place", "name": lang.word("denmark"),
                            "address": {"@type": "PostalAddress", "addressCountry": "DK"}},
        "citation": [source_apa(s) for s in sources],
        "isBasedOn": [_source_jsonld(s) for s in sources],
        "distribution": downloads,
    }
    return data


def _paragraphs(texts: list[tuple[str, str | None]]) -> str:
    """HTML paragraphs (text, language) for Zenodo's description, every text escaped by ElementTree."""
    parts = []
    for text, lang in texts:
        p = ET.Element("p", {"lang": lang} if lang else {})
        p.text = text
        parts.append(ET.tostring(p, encoding="unicode"))
    return "".join(parts)


def creators(dp: dict) -> list[dict]:
    """The compilation's creators (datapackage.json's contributors with the role `creator`): CITATION.cff's authors
    and Zenodo's creators."""
    return [c for c in dp["contributors"] if "creator" in c.get("roles", [])]


def related_identifiers(dp: dict, sources: list[dict]) -> list[dict]:
    """What the deposit is related to, for Zenodo: derived from the report's page and from the minister's answer
    where sources.csv gives an address, supplemented by the site."""
    derived = [{"identifier": s["url"], "relation": "isDerivedFrom", "scheme": "url"}
               for s in sources if s.get("url")]
    return derived + [{"identifier": dp["homepage"], "relation": "isSupplementedBy", "scheme": "url"}]


def zenodo(dp: dict, sources: list[dict]) -> dict:
    """The deposit metadata Zenodo reads from `.zenodo.json` when a GitHub release is archived.

    Keywords and creators come from datapackage.json, as CITATION.cff's do (citation_cff)."""
    others = [c for c in dp["contributors"] if "creator" not in c.get("roles", [])]
    return {
        "upload_type": "dataset",
        "title": f"{dp['title']} ({dp['title_en']})",
        "version": dp["version"],
        "description": _paragraphs([(dp["description_en"], None), (dp["description"], "da")]),
        "creators": [{"name": c["title"]} for c in creators(dp)],
        "contributors": [{"name": c["title"], "type": "Other"} for c in others],
        "license": dp["licenses"][0]["name"].lower(),
        "access_right": "open",
        "keywords": dp["keywords"],
        "language": "dan",
        "related_identifiers": related_identifiers(dp, sources),
        "references": [s["title"] for s in dp["sources"]],
    }


def zenodo_json(dp: dict, sources: list[dict]) -> str:
    return json.dumps(zenodo(dp, sources), ensure_ascii=False, indent=2) + "\n"


def _cff_block(key: str, items: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  - {item}\n" for item in items)


def citation_cff(dp: dict, text: str) -> str:
    """CITATION.cff's text with its `authors` and `keywords` written from datapackage.json (the creators and the
    keywords, as in .zenodo.json); every other line stays as it is. Values are JSON strings, which YAML reads. A
    list's last line is its own also at the file's end without a newline (red team 50, finding 3: it stayed)."""
    authors = _cff_block("authors", [f"name: {json.dumps(c['title'], ensure_ascii=False)}\n"
                                     f"    website: {json.dumps(c['path'], ensure_ascii=False)}" for c in creators(dp)])
    keywords = _cff_block("keywords", [json.dumps(k, ensure_ascii=False) for k in dp["keywords"]])
    for key, block in (("authors", authors), ("keywords", keywords)):
        text, count = re.subn(rf"^{key}:\n(?:[ \t]+.*(?:\n|\Z)|\n(?=[ \t]))*", lambda _, block=block: block, text,
                              count=1, flags=re.M)
        if not count:
            raise ValueError(f"CITATION.cff: no top-level `{key}:` to write")
    return text


def doi_record(cff: dict) -> dict:
    """The DOIs Zenodo gave, as CITATION.cff holds them (CONTRIBUTING.md): `doi`, the concept DOI of every version,
    and one `identifiers` entry per archived version (type doi, description 'Zenodo: version X.Y.Z').
    Returns {"concept": DOI or None, "versions": {version: DOI}}."""
    versions = {}
    for item in cff.get("identifiers") or []:
        found = re.search(r"\bversion (\d+\.\d+\.\d+)\b", str(item.get("description", "")))
        if item.get("type") == "doi" and found:
            versions[found.group(1)] = str(item["value"])
    return {"concept": str(cff["doi"]) if cff.get("doi") else None, "versions": versions}


LANGUAGE_MARK = re.compile(r"^<!-- ([a-z]{2}) -->[ \t]*$", re.M)
LANGUAGE_MARK_LINE = "<!-- {code} -->"


def language_mark(code: str) -> str:
    """The line before a language's text in a CHANGELOG.md entry ('<!-- da -->'): a Markdown comment, never shown
    (the changelog page splits the entry at it); `make release` writes it and `validate` names it."""
    return LANGUAGE_MARK_LINE.replace("{code}", code)


def changelog_entries(text: str) -> list[dict]:
    """'## 1.0.0 — 2026-11-21' sections of CHANGELOG.md as {version, date, body, text}.

    An entry may hold one text per language, each after a line '<!-- da -->', '<!-- en -->' …: `text` maps
    the language code to its text, `body` is all of the entry (every language, without the marks).
    """
    parts = re.split(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})\s*$", text, flags=re.M)
    entries = []
    for version, date, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        chunks = LANGUAGE_MARK.split(body.strip())
        texts = {code: chunk.strip() for code, chunk in zip(chunks[1::2], chunks[2::2])}
        shared = chunks[0].strip()  # text before the first mark belongs to every language
        if shared:
            texts = {code: f"{shared}\n\n{chunk}".strip() for code, chunk in texts.items()}
        whole = "\n\n".join(c.strip() for c in [chunks[0], *chunks[2::2]] if c.strip())
        entries.append({"version": version, "date": date, "body": whole, "text": texts})
    return entries


def atom_feed(dp: dict, site_url: str, entries: list[dict]) -> str:
    """The Atom feed of releases, built with ElementTree, which escapes every value."""
    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "title", f"{dp['title']}: dataudgivelser / data releases")
    add(feed, "id", f"{site_url}feed.xml")
    add(feed, "link", rel="self", href=f"{site_url}feed.xml")
    add(feed, "link", href=site_url)
    add(feed, "updated", f"{entries[0]['date'] if entries else dp['created'][:10]}T00:00:00Z")
    add(add(feed, "author"), "name", dp["contributors"][0]["title"])
    for e in entries:
        entry = add(feed, "entry")
        add(entry, "title", f"Version {e['version']}")
        add(entry, "id", f"{site_url}data/v{e['version']}/")
        add(entry, "link", href=f"{site_url}data/v{e['version']}/")
        add(entry, "updated", f"{e['date']}T00:00:00Z")
        add(entry, "summary", e["body"])
    ET.indent(feed)
    xml = ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
    # ElementTree writes any character, also those XML forbids (control characters): the feed must parse.
    # `validate` refuses such characters in CHANGELOG.md and the descriptor; this keeps an invalid feed unpublished.
    ET.fromstring(xml.encode("utf-8"))
    return xml
