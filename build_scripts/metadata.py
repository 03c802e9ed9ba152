"""Citation and discovery metadata generated from datapackage.json. Pure functions.

Used by the pages stage for the "how to cite" box (APA and BibTeX), the schema.org
Dataset JSON-LD of the home and data pages, and the Atom feed of data releases.
"""

import re
import xml.etree.ElementTree as ET

FORMATS = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           ".json": "application/json", ".zip": "application/zip", ".topojson": "application/json"}


ATOM = "http://www.w3.org/2005/Atom"


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
                   temporal: str) -> dict:
    """schema.org Dataset, for the jsonld macro (docs/_macros/figures.html), which dumps it as JSON
    that cannot end the script element it stands in."""
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
    return data


def changelog_entries(text: str) -> list[dict]:
    """'## 1.0.0 — 2026-11-21' sections of CHANGELOG.md as {version, date, body}."""
    parts = re.split(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})\s*$", text, flags=re.M)
    return [{"version": v, "date": d, "body": body.strip()} for v, d, body in zip(parts[1::3], parts[2::3], parts[3::3])]


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
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
