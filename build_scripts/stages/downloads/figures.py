"""One figure, one address: a small JSON record per sourced figure, so a journalist can cite one number.

Used by the downloads stage. Reads the data package (key_figures, area_figures, target_group, statements and their
lookup tables), releases/v*/data/*.csv (the frozen CSVs of every released version) and mkdocs.yml (the site's URLs).
Writes build/downloads/figures/<table>/<id>.json   value, value as written, unit, qualifier, period, price level,
                                                    source (document, location, quote), the permalink of the
                                                    figure on the sources page, and the versions in which the
                                                    figure was added or changed
       build/downloads/figures/index.json           every record with its label and address

The permalink is the figure's anchor on the sources page (kilder), which links back to the record.
"""

import csv
import json

from build_scripts.commands.releases import frozen_versions
from build_scripts.core import config, package
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from build_scripts.core.text import figure_anchor

TABLES = ("key_figures", "area_figures", "target_group", "statements")
# The column that identifies a row of each table but area_figures (whose key is area_id and measure).
ID_COLUMN = {"key_figures": "figure_id", "target_group": "figure_id", "statements": "statement_id"}
RECORD_FIELDS = ("value", "value_text", "qualifier", "unit", "reference_period", "price_level",
                 "source_document", "source_location", "source_quote")


def key_columns(table: str) -> tuple[str, ...]:
    """The columns whose values, joined by '-', are a figure's key in its table."""
    return ("area_id", "measure") if table == "area_figures" else (ID_COLUMN[table],)


def key(table: str, row: dict) -> str:
    return "-".join(row[column] for column in key_columns(table))


def record_path(table: str, figure_key: str) -> str:
    return f"figures/{table}/{figure_key}.json"


def _rows_as_text(path) -> dict[str, dict]:
    """A figure table's rows as written in the CSV, keyed by figure key; {} if the file does not exist."""
    if not path.exists():
        return {}
    table = path.stem
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {key(table, row): row for row in csv.DictReader(f)}


def history(paths: Paths, table: str, version: str) -> dict[str, list[dict]]:
    """Per figure key: the versions in which it was added or changed, oldest first.

    Each released version's frozen CSV (releases/vX.Y.Z/data/<table>.csv) is compared with the version before;
    this version, if not yet released, is compared with the package's CSV as it is now.
    """
    releases = frozen_versions(paths)  # the same folders as everywhere: vX.Y.Z, oldest first
    states = [(v, _rows_as_text(paths.releases_dir / f"v{v}" / "data" / f"{table}.csv")) for v in releases]
    if version not in releases:
        states.append((version, _rows_as_text(paths.data_dir / f"{table}.csv")))
    changes: dict[str, list[dict]] = {}
    previous: dict[str, dict] = {}
    for v, rows in states:
        for figure_key, row in rows.items():
            before = previous.get(figure_key)
            if before is None:
                changes.setdefault(figure_key, []).append({"version": v, "change": "added"})
            else:
                fields = sorted(f for f in set(row) | set(before) if row.get(f) != before.get(f))
                if fields:
                    changes.setdefault(figure_key, []).append({"version": v, "change": "changed", "fields": fields})
        previous = rows
    return changes


def _number(value):
    return int(value) if value is not None and float(value).is_integer() else value


def records(paths: Paths, dp: dict) -> dict[str, dict]:
    """Every figure's record, keyed by its path under the version's folder."""
    base = f"{config.site_url(paths, main_language().code)}data/v{dp['version']}/"
    units = package.table("units", paths.datapackage_json).set_index("unit_id")
    qualifiers = package.table("qualifiers", paths.datapackage_json).set_index("qualifier")
    sources = {s["source_id"]: s for s in package.records("sources", paths.datapackage_json)}
    areas = package.table("policy_areas", paths.datapackage_json).set_index("area_id")
    measures = package.table("measures", paths.datapackage_json).set_index("measure_id")
    result = {}
    for table in TABLES:
        changes = history(paths, table, dp["version"])
        for row in package.records(table, paths.datapackage_json):
            figure_key = key(table, row)
            if table == "area_figures":
                labels = {lang: f"{areas.loc[row['area_id'], f'name_{lang}']} – {measures.loc[row['measure'], f'label_{lang}']}"
                          for lang in ("da", "en")}
            elif table == "statements":  # a statement is its sentence; one without a number has no unit
                labels = {lang: row[f"statement_{lang}"] for lang in ("da", "en")}
            else:
                labels = {lang: row[f"label_{lang}"] for lang in ("da", "en")}
            qualifier = row.get("qualifier")
            path = record_path(table, figure_key)
            result[path] = {
                "table": table,
                "id": figure_key,
                "label_da": labels["da"],
                "label_en": labels["en"],
                "value": _number(row["value"]),
                "value_text": row["value_text"],
                "qualifier": qualifier,
                "qualifier_en": qualifiers.loc[qualifier, "label_en"] if qualifier else None,
                "unit": row["unit"],
                "unit_da": units.loc[row["unit"], "label_da"] if row["unit"] else None,
                "unit_en": units.loc[row["unit"], "label_en"] if row["unit"] else None,
                "reference_period": row.get("reference_period"),
                "price_level": row.get("price_level"),
                "source": {"document": row["source_document"], "title": sources[row["source_document"]]["title"],
                           "location": row["source_location"], "quote": row["source_quote"]},
                "permalink_da": f"{config.site_url(paths, 'da')}kilder/#{figure_anchor(table, figure_key)}",
                "permalink_en": f"{config.site_url(paths, 'en')}kilder/#{figure_anchor(table, figure_key)}",
                "record": base + path,
                "package": dp["name"],
                "version": dp["version"],
                "license": dp["licenses"][0]["name"],
                "changes": changes.get(figure_key, []),
            }
            if table == "statements":  # a figure the source states again elsewhere names the key figure it repeats
                result[path]["same_as"] = row["same_as"]
    return result


def write(paths: Paths, out, dp: dict) -> int:
    """The records and figures/index.json in `out`; returns how many figures."""
    recs = records(paths, dp)
    for path, rec in recs.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    index = [{k: rec[k] for k in ("table", "id", "label_da", "label_en", "value_text", "unit", "record",
                                   "permalink_da", "permalink_en")} for rec in recs.values()]
    (out / "figures" / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    return len(recs)
