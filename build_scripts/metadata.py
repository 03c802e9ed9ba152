"""Citation and discovery metadata generated from datapackage.json. Pure functions.

Used by the pages stage for the "how to cite" box (APA and BibTeX), the schema.org
Dataset JSON-LD of the home and data pages, and the Atom feed of data releases.
"""

import html
import json
import re

from .lang import get as get_lang

FORMATS = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           ".json": "application/json", ".zip": "application/zip", ".topojson": "application/json"}


def year(dp: dict) -> str:
    return dp["created"][:4]


def title(dp: dict, lang) -> str:
    """The package's title in `lang` (`title_<code>`), or its own title (in the main language)."""
    return dp.get(f"title_{get_lang(lang).code}", dp["title"])


def apa(dp: dict, lang) -> str:
    """APA reference; another language than the package's own gives the title as 'Translated [Original]'."""
    lang = get_lang(lang)
    creator = dp["contributors"][0]["title"]
    name = dp["title"] if title(dp, lang) == dp["title"] else f"{title(dp, lang)} [{dp['title']}]"
    kind = lang.word("data_set")
    return f"{creator}. ({year(dp)}). {name} (Version {dp['version']}) [{kind}]. {dp['homepage']}"


def bibtex(dp: dict) -> str:
    key = re.sub(r"[^a-z0-9]+", "", dp["name"].split("-")[0]) + year(dp)
    return (f"@misc{{{key},\n"
            f"  author    = {{{{{dp['contributors'][0]['title']}}}}},\n"
            f"  title     = {{{dp['title']}}},\n"
            f"  year      = {{{year(dp)}}},\n"
            f"  version   = {{{dp['version']}}},\n"
            f"  publisher = {{{dp['contributors'][0]['title']}}},\n"
            f"  url       = {{{dp['homepage']}}},\n"
            f"  note      = {{Data set. {dp['licenses'][0]['name']}. Based on: {dp['sources'][0]['title']}}}\n"
            f"}}")


def dataset_jsonld(dp: dict, page_url: str, lang, download_base: str, manifest: list[dict],
                   temporal: str) -> str:
    """schema.org Dataset as a JSON string safe to put inside <script type="application/ld+json">."""
    lang = get_lang(lang)
    publisher = {"@type": "Organization", "name": dp["contributors"][0]["title"], "url": dp["homepage"]}
    downloads = [
        {"@type": "DataDownload", "name": m["path"], "contentUrl": download_base + m["path"],
         "encodingFormat": FORMATS.get("." + m["path"].rsplit(".", 1)[-1], "application/octet-stream"),
         "contentSize": f"{m['bytes']} B", "sha256": m["sha256"]}
        for m in manifest if m["path"] != "manifest.json"
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": title(dp, lang),
        "alternateName": dp["title"] if title(dp, lang) != dp["title"] else dp.get("title_en", dp["title"]),
        "description": dp.get(f"description_{lang.code}", dp["description"]),
        "url": page_url,
        "sameAs": dp["homepage"],
        "version": dp["version"],
        "dateModified": dp["created"][:10],
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
        "citation": apa(dp, lang),
        "isBasedOn": {"@type": "Report", "name": dp["sources"][0]["title"]},
        "distribution": downloads,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


LANGUAGE_MARK = re.compile(r"^<!-- ([a-z]{2}) -->[ \t]*$", re.M)


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
    items = "".join(
        f"  <entry>\n    <title>Version {e['version']}</title>\n"
        f"    <id>{site_url}data/v{e['version']}/</id>\n"
        f"    <link href=\"{site_url}data/v{e['version']}/\"/>\n"
        f"    <updated>{e['date']}T00:00:00Z</updated>\n"
        f"    <summary>{html.escape(e['body'])}</summary>\n  </entry>\n"
        for e in entries)
    updated = entries[0]["date"] if entries else dp["created"][:10]
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
            f"  <title>{html.escape(dp['title'])}: dataudgivelser / data releases</title>\n"
            f"  <id>{site_url}feed.xml</id>\n  <link rel=\"self\" href=\"{site_url}feed.xml\"/>\n"
            f"  <link href=\"{site_url}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n"
            f"  <author><name>{html.escape(dp['contributors'][0]['title'])}</name></author>\n{items}</feed>\n")
