"""Stage 4: make the files researchers download.

Reads  datapackage/ (descriptor, data and sources/), build/derived/*.csv, and releases/ (frozen versions).
Writes build/downloads/
         datapackage.json                    the published descriptor: the repository's, plus the
                                             derived tables with their schemas and provenance
                                             (see derived_schema.py)
         data/<resource>.csv                 byte-for-byte copies of the package's files
         data/<resource>.xlsx, .json         the same table as a workbook and as JSON records
         data/<resource>.parquet             the same table typed from its Table Schema (formats.py)
         data/ref_regions.topojson           the region boundaries
         derived/<table>.csv, .parquet       derived tables (areas, regions, reconciliation)
         <name>-<version>.zip                the whole package, ready for `frictionless validate`, with
                                             sources/ (the source texts, so `validate` checks its quotes)
         <name>-<version>.xlsx               every table in one workbook (the derived ones too), plus a
                                             metadata sheet; each sheet's header row stays in view
         citation.bib                        BibTeX for the report and this compilation (metadata.py)
         <name>-<version>.sqlite             every table, typed, in one SQLite database
         submission/                         the submission standard: datapackage.json and the
                                             template as CSV and XLSX (see submission.py)
         figures/<table>/<id>.json           one record per sourced figure and statement, figures/index.json
                                             lists them (figures.py)
         dcat.ttl, dcat.jsonld               DCAT metadata (DCAT-AP 3.0.0 and DCAT-AP-DK 2.0.2): the
                                             data set with every released version and one distribution
                                             per file (dcat.py)
         manifest.json                       size and SHA-256 of every file above
         SHA256SUMS                          the same checksums in `sha256sum` format, for
                                             `sha256sum -c SHA256SUMS`

Stops the build (ReleaseChanged, with the remedy) when the package's version is frozen in releases/vX.Y.Z/ and
these files say something else: the data changed without a new version.

Files are reproducible: workbooks and the ZIP carry the package's `created`
timestamp, not the time of the build. Every text cell in a workbook is stored
as text, so a value such as '=HYPERLINK(…)' can never become a formula.
"""

import hashlib
import json
import shutil

import pandas as pd
from openpyxl import Workbook

from build_scripts.commands import releases, submission
from build_scripts.core import copying, package, workbook
from build_scripts.core.paths import SOURCE_README, SOURCE_TEXT_FILES, Paths
from build_scripts.stages.derive import schema as derived_schema
from build_scripts.stages.downloads import dcat, figures, formats, metadata


def _workbook(sheets: dict[str, pd.DataFrame], path, stamp) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for title, df in sheets.items():
        workbook.write_frame(wb.create_sheet(title[:31]), df)
    workbook.save(wb, path, stamp)


def metadata_sheet(dp: dict) -> pd.DataFrame:
    """The workbook's metadata sheet: the package's title, version, licence and sources, and every field of every
    table of `dp` (the published descriptor, so the derived tables' fields too) with its type and description."""
    rows = [(k, dp[k]) for k in ("title", "title_en", "version", "created", "description", "description_en")]
    rows += [("license", f"{lic['name']}: {lic.get('title', '')}") for lic in dp["licenses"]]
    rows += [("source", src["title"]) for src in dp["sources"]]
    for res in dp["resources"]:
        if res.get("type") != "table":
            continue
        for field in res["schema"]["fields"]:
            rows.append((f"{res['name']}.{field['name']}", f"{field['type']}: {field['description']}"))
    return pd.DataFrame(rows, columns=["key", "value"])


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published_descriptor(paths: Paths) -> dict:
    """The repository's descriptor with the derived tables added as described resources."""
    dp = package.descriptor(paths.datapackage_json)
    dp["resources"] = dp["resources"] + derived_schema.resources(paths.derived_dir)
    return dp


def typed_frame(csv_path, schema: dict) -> pd.DataFrame:
    """A table's CSV with the types of its Table Schema, as plain Python values (None where a cell is empty), so a
    workbook gets numbers as numbers and codes as text (formats.read_csv, the same reading as Parquet's)."""
    table = formats.read_csv(csv_path, schema)
    return pd.DataFrame(table.to_pylist(), columns=table.column_names, dtype=object)


def _typed_copies(out, dp: dict) -> None:
    """Parquet beside every table's CSV, and every table in one SQLite database."""
    meta = {"package": dp["name"], "version": dp["version"], "license": dp["licenses"][0]["name"]}
    tables = []
    for res in dp["resources"]:
        if res.get("type") != "table":
            continue
        csv_path = out / res["path"]
        tables.append((res, csv_path))
        formats.write_parquet(csv_path, res["schema"], csv_path.with_suffix(".parquet"),
                              meta | {"table": res["name"], "title": res["title"]})
    formats.write_sqlite(tables, out / f"{dp['name']}-{dp['version']}.sqlite")


def write_checksums(out) -> list[dict]:
    """manifest.json (path, bytes, SHA-256 of every file) and SHA256SUMS (every file but itself)."""
    manifest = [
        {"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size, "sha256": sha256(p)}
        for p in sorted(out.rglob("*")) if p.is_file() and p.relative_to(out).as_posix() not in releases.CHECKSUMS
    ]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    (out / "SHA256SUMS").write_text(releases.checksums_text(manifest, sha256(out / "manifest.json")),
                                    encoding="utf-8")
    return manifest


def run(paths: Paths) -> str:
    out = paths.downloads_dir
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    (out / "derived").mkdir()
    dp = package.descriptor(paths.datapackage_json)
    stamp = workbook.created(paths.datapackage_json)  # every workbook and ZIP carries it, not the clock
    sheets = {}
    for res in dp["resources"]:
        src = paths.datapackage_dir / res["path"]
        copying.copy_file(src, out / res["path"])
        if res.get("type") != "table":
            continue
        df = package.table(res["name"], paths.datapackage_json)
        sheets[res["name"]] = df
        _workbook({res["name"]: df}, out / "data" / f"{res['name']}.xlsx", stamp)
        records = json.loads(df.to_json(orient="records", force_ascii=False))
        (out / "data" / f"{res['name']}.json").write_text(
            json.dumps({"name": res["name"], "schema": res["schema"], "data": records}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    (out / "submission").mkdir()
    copying.copy_file(paths.submission_json, out / "submission" / "datapackage.json")
    copying.copy_file(paths.submission_dir / "municipalities.csv", out / "submission" / "municipalities.csv")
    submission.write_template(paths, out / "submission")
    workbook.normalise_zip(out / "submission" / "submission-template.xlsx", stamp)
    for derived in sorted(paths.derived_dir.glob("*.csv")):
        copying.copy_file(derived, out / "derived" / derived.name)

    released = metadata.release_date(dp, metadata.changelog_entries(paths.changelog.read_text(encoding="utf-8")))
    (out / "citation.bib").write_text(metadata.bibtex(dp, package.records("sources", paths.datapackage_json), released), encoding="utf-8")
    figures.write(paths, out, dp)
    published = published_descriptor(paths)
    descriptor_bytes = (json.dumps(published, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    (out / "datapackage.json").write_bytes(descriptor_bytes)
    _typed_copies(out, published)

    stem = f"{dp['name']}-{dp['version']}"
    # The combined workbook holds every table of the published descriptor, the derived ones included (after the
    # package's, under their resource names), then the metadata sheet; every sheet has its header row frozen.
    for res in published["resources"]:
        if res.get("type") == "table" and res["name"] not in sheets:
            sheets[res["name"]] = typed_frame(out / res["path"], res["schema"])
    sheets["metadata"] = metadata_sheet(published)
    _workbook(sheets, out / f"{stem}.xlsx", stamp)
    zip_items = [("datapackage.json", descriptor_bytes)]
    zip_items += [(res["path"], (out / res["path"]).read_bytes()) for res in published["resources"]]
    # The source texts travel with the package, so `validate --package` checks the quotes of an unpacked ZIP too.
    # By name: what validate reads there (SOURCE_TEXT_FILES and the README; red team 39, finding 1), nothing else.
    zip_items += [(f"sources/{name}", copying.read_bytes(paths.sources_dir / name))
                  for name in sorted({*SOURCE_TEXT_FILES.values(), SOURCE_README}) if (paths.sources_dir / name).is_file()]
    workbook.write_zip(out / f"{stem}.zip", zip_items, stamp)

    described = [{"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size}
                 for p in sorted(out.rglob("*")) if p.is_file()]
    dcat.write(paths, out, published, described)
    manifest = write_checksums(out)
    # A released version's files are frozen: if these say something else, the data changed without a new version.
    releases.check_frozen(paths, dp["version"])
    return f"wrote {len(manifest) + 2} files to build/downloads/ ({stem}.zip, {stem}.xlsx, {stem}.sqlite)"
