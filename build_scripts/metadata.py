"""Citation and discovery metadata generated from datapackage.json. Pure functions.

Used by the pages stage for the "how to cite" box (APA and BibTeX), the schema.org
Dataset JSON-LD of the home and data pages, and the Atom feed of data releases; and by
`python -m build_scripts zenodo` for `.zenodo.json` (Zenodo's GitHub integration).
The DCAT-AP-DK metadata (dcat.py) is made from the same descriptor: names, version and
licence agree across all of them (tests/test_dcat.py checks it).
"""

import html
import json
import re

from .catalogue import is_figure_record

FORMATS = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           ".json": "application/json", ".zip": "application/zip", ".topojson": "application/json",
           ".parquet": "application/vnd.apache.parquet", ".sqlite": "application/vnd.sqlite3",
           ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


def year(dp: dict) -> str:
    return dp["created"][:4]


def apa(dp: dict, lang: str) -> str:
    creator = dp["contributors"][0]["title"]
    title = dp["title"] if lang == "da" else f"{dp['title_en']} [{dp['title']}]"
    kind = "Datasæt" if lang == "da" else "Data set"
    return f"{creator}. ({year(dp)}). {title} (Version {dp['version']}) [{kind}]. {dp['homepage']}"


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


def dataset_jsonld(dp: dict, page_url: str, lang: str, download_base: str, manifest: list[dict],
                   temporal: str) -> str:
    """schema.org Dataset as a JSON string safe to put inside <script type="application/ld+json">."""
    publisher = {"@type": "Organization", "name": dp["contributors"][0]["title"], "url": dp["homepage"]}
    downloads = [
        {"@type": "DataDownload", "name": m["path"], "contentUrl": download_base + m["path"],
         "encodingFormat": FORMATS.get("." + m["path"].rsplit(".", 1)[-1], "application/octet-stream"),
         "contentSize": f"{m['bytes']} B", "sha256": m["sha256"]}
        for m in manifest if m["path"] != "manifest.json" and not is_figure_record(m["path"])
    ]  # the single figures' records are listed in figures/index.json, which is here
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dp["title"] if lang == "da" else dp["title_en"],
        "alternateName": dp["title_en"] if lang == "da" else dp["title"],
        "description": dp["description"] if lang == "da" else dp["description_en"],
        "url": page_url,
        "sameAs": dp["homepage"],
        "version": dp["version"],
        "dateModified": dp["created"][:10],
        "datePublished": dp["created"][:10],
        "inLanguage": lang,
        "license": dp["licenses"][0]["path"],
        "isAccessibleForFree": True,
        "keywords": dp["keywords"],
        "creator": publisher,
        "publisher": publisher,
        "temporalCoverage": temporal,
        "spatialCoverage": {"@type": "Place", "name": "Danmark" if lang == "da" else "Denmark",
                            "address": {"@type": "PostalAddress", "addressCountry": "DK"}},
        "citation": apa(dp, lang),
        "isBasedOn": {"@type": "Report", "name": dp["sources"][0]["title"]},
        "distribution": downloads,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def zenodo(dp: dict) -> dict:
    """The deposit metadata Zenodo reads from `.zenodo.json` when a GitHub release is archived."""
    creators = [c for c in dp["contributors"] if "creator" in c.get("roles", [])]
    others = [c for c in dp["contributors"] if "creator" not in c.get("roles", [])]
    return {
        "upload_type": "dataset",
        "title": f"{dp['title']} ({dp['title_en']})",
        "version": dp["version"],
        "description": f"<p>{html.escape(dp['description_en'], quote=False)}</p><p lang=\"da\">{html.escape(dp['description'], quote=False)}</p>",
        "creators": [{"name": c["title"]} for c in creators],
        "contributors": [{"name": c["title"], "type": "Other"} for c in others],
        "license": dp["licenses"][0]["name"].lower(),
        "access_right": "open",
        "keywords": dp["keywords"],
        "language": "dan",
        "related_identifiers": [{"identifier": dp["homepage"], "relation": "isDocumentedBy", "scheme": "url"}],
        "references": [s["title"] for s in dp["sources"]],
    }


def zenodo_json(dp: dict) -> str:
    return json.dumps(zenodo(dp), ensure_ascii=False, indent=2) + "\n"


def changelog_entries(text: str) -> list[dict]:
    """'## 1.0.0 — 2026-11-21' sections of CHANGELOG.md as {version, date, body}."""
    parts = re.split(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})\s*$", text, flags=re.M)
    return [{"version": v, "date": d, "body": body.strip()} for v, d, body in zip(parts[1::3], parts[2::3], parts[3::3])]


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
