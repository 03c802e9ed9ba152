"""What each downloadable file is: its format group, its human name and description in Danish and English, its
media type and its file type. Pure functions.

Used by the DCAT metadata (one distribution per file, dcat.py) and by the data page (one table of downloads
per format). Names come from the published descriptor (each resource's title, "Dansk / English"), so every file
has a name of its own: the reference regions and the response by region are told apart by their titles.
"""

from pathlib import PurePosixPath

# Format groups in the order the data page shows them: (key, Danish heading, English heading).
GROUPS = [
    ("csv", "CSV", "CSV"),
    ("xlsx", "Excel (XLSX)", "Excel (XLSX)"),
    ("parquet", "Parquet", "Parquet"),
    ("sqlite", "SQLite", "SQLite"),
    ("json", "JSON", "JSON"),
    ("zip", "ZIP", "ZIP"),
    ("metadata", "Metadata", "Metadata"),
    ("submission", "Indberetningsstandarden", "The submission standard"),
]
GROUP_ORDER = {key: i for i, (key, _, _) in enumerate(GROUPS)}
FORMAT_NAMES = {".csv": "CSV", ".xlsx": "XLSX", ".parquet": "Parquet", ".sqlite": "SQLite", ".json": "JSON",
                ".topojson": "TopoJSON", ".zip": "ZIP"}
SUFFIX_GROUP = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".sqlite": "sqlite", ".json": "json",
                ".topojson": "json", ".zip": "zip"}
# Media types as registered with IANA (https://www.iana.org/assignments/media-types/), nothing else: BibTeX has no
# registered type, so citation.bib is text/plain (its file type says TXT), as is SHA256SUMS.
MEDIA_TYPES = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               ".parquet": "application/vnd.apache.parquet", ".sqlite": "application/vnd.sqlite3",
               ".json": "application/json", ".topojson": "application/json", ".zip": "application/zip",
               ".ttl": "text/turtle", ".jsonld": "application/ld+json", ".bib": "text/plain", "": "text/plain"}
# EU file-type authority list (http://publications.europa.eu/resource/authority/file-type/...). It has no TopoJSON
# (a TopoJSON file is JSON) and no SQLite (SQL, a database, is the nearest).
EU_FILE_TYPES = {".csv": "CSV", ".xlsx": "XLSX", ".parquet": "PARQUET", ".json": "JSON", ".topojson": "JSON",
                 ".sqlite": "SQL", ".zip": "ZIP", ".ttl": "RDF_TURTLE", ".jsonld": "JSON_LD", ".bib": "TXT", "": "TXT"}
# What a file of each kind holds, for the description of its distribution: (Danish, English). A table's own files
# (data/<table>.*, derived/<table>.*) say how the format holds the table; every other file says what its format is.
TABLE_FORMATS = {
    ".csv": ("Tabellen som CSV: UTF-8, komma som skilletegn, kolonnenavnene i første række.",
             "The table as CSV: UTF-8, comma-separated, the column names in the first row."),
    ".xlsx": ("Tabellen som Excel-regneark (XLSX): kolonnenavnene i første række, der står fast ved rulning.",
              "The table as an Excel workbook (XLSX): the column names in the first row, which stays in view."),
    ".json": ("Tabellen som JSON: dens Table Schema og rækkerne som poster.",
              "The table as JSON: its Table Schema and the rows as records."),
    ".parquet": ("Tabellen som Parquet, med kolonnernes typer fra dens Table Schema.",
                 "The table as Parquet, with the column types of its Table Schema."),
    ".topojson": ("Grænserne som TopoJSON (længde og bredde, WGS 84).",
                  "The boundaries as TopoJSON (longitude and latitude, WGS 84)."),
}
FILE_FORMATS = {
    ".csv": ("CSV-fil (UTF-8, komma som skilletegn).", "A CSV file (UTF-8, comma-separated)."),
    ".xlsx": ("Excel-regneark (XLSX).", "An Excel workbook (XLSX)."),
    ".json": ("JSON-fil.", "A JSON file."),
    ".sqlite": ("SQLite-database med tabellernes typer fra deres Table Schema.",
                "An SQLite database with the column types of the Table Schemas."),
    ".zip": ("ZIP-arkiv.", "A ZIP archive."),
    ".ttl": ("RDF i Turtle-syntaks.", "RDF in Turtle syntax."),
    ".jsonld": ("RDF som JSON-LD.", "RDF as JSON-LD."),
    ".bib": ("BibTeX (almindelig tekst).", "BibTeX (plain text)."),
    "": ("Almindelig tekst.", "Plain text."),
}
# Files that are not a table, by path relative to the version's folder ({stem} = <name>-<version>).
NAMED = {
    "{stem}.zip": ("Hele datapakken (CSV og datapackage.json)", "The whole data package (CSV and datapackage.json)"),
    "{stem}.xlsx": ("Alle tabeller i ét regneark, med et ark med metadata", "Every table in one workbook, with a metadata sheet"),
    "{stem}.sqlite": ("Alle tabeller i én SQLite-database", "Every table in one SQLite database"),
    "datapackage.json": ("Datapakkens beskrivelse (Frictionless datapackage.json)",
                         "The package's descriptor (Frictionless datapackage.json)"),
    "dcat.ttl": ("DCAT-metadata efter DCAT-AP og DCAT-AP-DK (Turtle)", "DCAT metadata in DCAT-AP and DCAT-AP-DK (Turtle)"),
    "dcat.jsonld": ("DCAT-metadata efter DCAT-AP og DCAT-AP-DK (JSON-LD)",
                    "DCAT metadata in DCAT-AP and DCAT-AP-DK (JSON-LD)"),
    "figures/index.json": ("Hvert tal for sig: indeks over tallenes JSON-poster",
                           "Every figure on its own: index of the figures' JSON records"),
    "citation.bib": ("Kildehenvisning til rapporten og datasættet (BibTeX)",
                     "Citation of the report and of this data set (BibTeX)"),
    "SHA256SUMS": ("Kontrolsummer (SHA-256) for alle filer", "Checksums (SHA-256) of every file"),
    "manifest.json": ("Filliste med størrelser og kontrolsummer (JSON)", "List of files with sizes and checksums (JSON)"),
    "submission/datapackage.json": ("Datastandarden (Table Schema, datapackage.json)",
                                    "The data standard (Table Schema, datapackage.json)"),
    "submission/submission-template.xlsx": ("Skabelon (Excel)", "Template (Excel)"),
    "submission/submission-template.csv": ("Skabelon (CSV)", "Template (CSV)"),
    "submission/municipalities.csv": ("Kommunelisten, som skabelonen bruger", "The list of municipalities the template uses"),
}
METADATA = {"datapackage.json", "dcat.ttl", "dcat.jsonld", "citation.bib", "SHA256SUMS", "manifest.json"}


def is_figure_record(path: str) -> bool:
    """figures/<table>/<id>.json: one record per figure, listed in figures/index.json rather than one by one."""
    return path.startswith("figures/") and path.count("/") == 2


def _titles(resource: dict) -> tuple[str, str]:
    da, _, en = resource["title"].partition(" / ")
    return da, en or da


def media_type(path: str | PurePosixPath) -> str:
    """A file's IANA media type, by its suffix (MEDIA_TYPES); application/octet-stream for a kind not listed."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix, "application/octet-stream")


def entries(dp: dict, manifest: list[dict], names: list[dict] | None = None) -> list[dict]:
    """Every file of the manifest (but the single figures' records) as {path, group, title_da, title_en,
    description_da, description_en, bytes, media_type, file_type, download_as, format}.

    `download_as` is the file name a browser should save it under (unique: derived tables get their resource name).
    `names`: resources that name files `dp` does not describe, by path (an older release's descriptor lacks the
    derived tables; the current descriptor names them).
    """
    stem = f"{dp['name']}-{dp['version']}"
    named = {k.format(stem=stem): v for k, v in NAMED.items()}
    resources = dp["resources"] + [r for r in names or [] if r["path"] not in {res["path"] for res in dp["resources"]}]
    by_path = {res["path"]: res for res in resources}
    # A table's other formats share its CSV's path stem: "data/key_figures" -> the key_figures resource.
    by_stem = {str(PurePosixPath(res["path"]).with_suffix("")): res for res in resources if res.get("type") == "table"}
    result = []
    for item in manifest:
        if is_figure_record(item["path"]):
            continue
        path = PurePosixPath(item["path"])
        suffix = path.suffix
        res = None
        if item["path"] in named:
            title_da, title_en = named[item["path"]]
            download_as = path.name
        else:
            res = by_path.get(item["path"]) or by_stem.get(str(path.with_suffix("")))
            if res is None:
                raise KeyError(f"build/downloads/{item['path']}: no human name for this file; "
                               f"add it to NAMED in build_scripts/stages/downloads/catalogue.py")
            title_da, title_en = _titles(res)
            download_as = res["name"] + suffix
        if item["path"].startswith("submission/"):
            group = "submission"
        elif item["path"] in METADATA:
            group = "metadata"
        else:
            group = SUFFIX_GROUP[suffix]
        about_da, about_en = (TABLE_FORMATS if res is not None and suffix in TABLE_FORMATS else FILE_FORMATS).get(
            suffix, FILE_FORMATS[""] if not suffix else (f"{suffix[1:].upper()}-fil.", f"A {suffix[1:].upper()} file."))
        result.append({"path": item["path"], "group": group, "title_da": title_da, "title_en": title_en,
                       "description_da": f"{title_da}. {about_da}", "description_en": f"{title_en}. {about_en}",
                       "bytes": item["bytes"], "media_type": media_type(path),
                       "file_type": EU_FILE_TYPES.get(suffix), "download_as": download_as,
                       "format": FORMAT_NAMES.get(suffix, suffix.lstrip(".").upper() or path.name)})
    return result


def grouped(dp: dict, manifest: list[dict]) -> list[dict]:
    """The entries per format group, in GROUPS order: [{key, title_da, title_en, files: [...]}]."""
    files = entries(dp, manifest)
    return [{"key": key, "title_da": da, "title_en": en, "files": [f for f in files if f["group"] == key]}
            for key, da, en in GROUPS if any(f["group"] == key for f in files)]
