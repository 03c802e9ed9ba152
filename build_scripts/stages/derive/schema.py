"""Table Schemas and provenance of the derived tables (build/derived/*.csv), for the published datapackage.json.

Reads  build/derived/*.csv (only the header row) and datapackage/datapackage.json. Writes nothing.

The fields of each derived table are taken from the CSV's own header, in its order; their type and description
come from ONE mapping, FIELDS, keyed by column name. A column that is not in FIELDS stops the build with a message
saying to describe it there, so adding a column to build_scripts/stages/derive/stage.py means adding one entry below.
"""

import csv
from pathlib import Path

from build_scripts.core.errors import BuildStopped
from build_scripts.stages.derive import reconcile
from build_scripts.stages.derive import stage as derive

# Column name -> (Table Schema type, description), for areas.csv and regions.csv. The reconciliation's columns are
# described where it is computed (derive.RECONCILIATION_FIELDS); `<column>_qualifier` columns by QUALIFIER below.
FIELDS: dict[str, tuple[str, str]] = {
    # areas.csv and regions.csv
    "area_id": ("string", "Policy area id. Key into policy_areas."),
    "sort_order": ("integer", "Order in which the report presents the areas (from policy_areas)."),
    "name_da": ("string", "Danish name."),
    "name_en": ("string", "English name."),
    "expenditure_mio_kr": ("number", "Gross expenditure on the area's initiatives, DKK million (accounts 2019, "
                                     "2022 prices). From area_figures, measure 'expenditure'."),
    "income_mio_kr": ("number", "Gross income for the area's initiatives, DKK million. From area_figures, "
                                "measure 'income'; empty where the report gives none."),
    "net_expenditure_mio_kr": ("number", "Computed: expenditure_mio_kr - income_mio_kr, DKK million; empty where "
                                         "income is not given."),
    "expenditure_share_pct": ("number", "The area's share of all reported gross expenditure as the report states "
                                        "it, per cent. From area_figures, measure 'expenditure_share'."),
    "income_share_pct": ("number", "The area's share of all reported gross income as the report states it, per "
                                   "cent (measure 'income_share'); empty where the report gives none."),
    "average_per_initiative_kr": ("number", "Average gross expenditure per reported initiative in the area as the "
                                            "report states it, DKK (measure 'average_per_initiative'); empty where "
                                            "the report gives none."),
    "self_financed_share_pct": ("number", "Share of the area's initiatives the municipality finances itself (share "
                                          "of cases) as the report states it, per cent (measure "
                                          "'self_financed_share'); empty where the report gives none."),
    "region_code": ("integer", "Official region code (1081-1085). Key into ref_regions."),
    "municipalities": ("integer", "Municipalities in the region (report, box 1)."),
    "municipalities_responding": ("integer", "Municipalities in the region that answered (report, box 1)."),
    "municipalities_not_responding": ("integer", "Computed: municipalities - municipalities_responding."),
    "response_rate_pct": ("number", "Computed: 100 × municipalities_responding / municipalities, rounded to one "
                                    "decimal."),
    "population_coverage_pct": ("number", "Share of the region's population living in municipalities that "
                                          "answered, per cent, as the report states it (box 1)."),
    "population_2021": ("integer", "Computed: population of the region's municipalities on 1 January 2021 "
                                    "(sum of ref_population_municipalities; Danmarks Statistik, FOLK1A)."),
}

# Per derived table: title, description, primary key, foreign keys and the package tables it is computed from.
TABLES: dict[str, dict] = {
    "areas": {
        "title": "Tilbudsområderne side om side (afledt) / Policy areas side by side (derived)",
        "description": "One row per policy area with its figures side by side and the net expenditure. Computed by "
                       "areas_table() in build_scripts/stages/derive/stage.py.",
        "primaryKey": ["area_id"],
        "foreignKeys": [{"fields": ["area_id"], "reference": {"resource": "policy_areas", "fields": ["area_id"]}}],
        "inputs": ["area_figures", "policy_areas"],
    },
    "regions": {
        "title": "Besvarelse pr. region med folketal (afledt) / Response by region with population (derived)",
        "description": "The report's response by region with region names, response rate and population. Computed "
                       "by regions_table() in build_scripts/stages/derive/stage.py.",
        "primaryKey": ["region_code"],
        "foreignKeys": [{"fields": ["region_code"], "reference": {"resource": "ref_regions", "fields": ["region_code"]}}],
        "inputs": ["regions", "ref_regions", "ref_municipalities", "ref_population_municipalities"],
    },
    "reconciliation": {
        "title": "Afstemning af rapportens tal (afledt) / Reconciliation of the report's figures (derived)",
        "description": "The report's and the minister's figures checked against each other: each row computes one "
                       "published figure from others and says whether they agree. Computed by reconciliation() in "
                       "build_scripts/stages/derive/stage.py.",
        "primaryKey": [],  # check_id with variant: a check that depends on an unstated choice has one row per choice
        "foreignKeys": [{"fields": ["unit"], "reference": {"resource": "units", "fields": ["unit_id"]}}],
        "inputs": ["key_figures", "area_figures", "policy_areas", "target_group", "regions", "ref_regions",
                   "ref_municipalities", "ref_population_municipalities", "ref_population_denmark"],
    },
}

CODE = "build_scripts/stages/derive/stage.py"

# The numbers a derived column's description states about how the code computes it, by column: the factor it
# multiplies by ('100 ×') and the decimals it is rounded to ('rounded to 4 decimals'), each as (value, the constant
# it is). They are the constants the code computes with, so that a description can no longer say what the code does
# not: validate holds the descriptions to them (build_scripts/stages/validate/dictionary_prose.py).
METHOD_NUMBERS: dict[str, dict[str, tuple[int, str]]] = {
    "response_rate_pct": {"scale": (derive.PER_CENT, f"PER_CENT in {CODE}"),
                          "decimals": (derive.RESPONSE_RATE_DECIMALS, f"RESPONSE_RATE_DECIMALS in {CODE}")},
    **{column: {"decimals": (reconcile.DECIMALS, "DECIMALS in build_scripts/stages/derive/reconcile.py")}
       for column in ("computed_value", "computed_low", "computed_high", "difference")},
}


class UndescribedColumn(BuildStopped):
    """A derived table has a column that FIELDS does not describe."""


def header(path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


QUALIFIER = ("The qualifier the source puts before {base} ('ca.', 'knap', 'godt', 'over' …; see the qualifiers table), "
             "or empty. For a computed figure: 'ca.' when one of its inputs has a qualifier.")


def described(name: str) -> dict[str, dict]:
    """Column name -> Table Schema field for derived table `name`."""
    if name == "reconciliation":
        return {f["name"]: {k: v for k, v in f.items() if k != "description_da"} for f in derive.RECONCILIATION_FIELDS}
    fields = {c: {"name": c, "type": kind, "description": text} for c, (kind, text) in FIELDS.items()}
    fields |= {f"{c}_qualifier": {"name": f"{c}_qualifier", "type": "string", "description": QUALIFIER.format(base=c)}
               for c, (kind, _) in FIELDS.items() if kind == "number"}
    return fields


def schema(name: str, columns: list[str]) -> dict:
    """The Table Schema of derived table `name` with these columns (in this order)."""
    known = described(name)
    missing = [c for c in columns if c not in known]
    if missing:
        raise UndescribedColumn(
            f"build/derived/{name}.csv: column(s) {', '.join(missing)} have no type and description. "
            f"Describe each in FIELDS in build_scripts/stages/derive/schema.py"
            + (" (the reconciliation's in derive.RECONCILIATION_FIELDS)." if name == "reconciliation" else "."))
    fields = [known[c] for c in columns]
    result = {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json", "fields": fields,
              "missingValues": [""]}
    table = TABLES[name]
    if table["primaryKey"] and all(c in columns for c in table["primaryKey"]):
        result["primaryKey"] = table["primaryKey"]
    keys = [fk for fk in table["foreignKeys"] if all(c in columns for c in fk["fields"])]
    if keys:
        result["foreignKeys"] = keys
    return result


def resources(derived_dir: Path) -> list[dict]:
    """Data Package resources for every derived table, with schema, provenance (`sources`) and description."""
    result = []
    for name, table in TABLES.items():
        path = derived_dir / f"{name}.csv"
        inputs = ", ".join(table["inputs"])
        result.append({
            "name": f"derived_{name}",
            "type": "table",
            "path": f"derived/{name}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": table["title"],
            "description": f"{table['description']} Inputs: the package's tables {inputs}. "
                           f"Derived: not typed in, but computed by the code in {CODE} each time the package is "
                           f"built.",
            "sources": [{"title": f"Data package table {i}", "path": f"data/{i}.csv"} for i in table["inputs"]]
                       + [{"title": f"Code: {CODE} in the project's repository (the module that computes it)"}],
            "schema": schema(name, header(path)),
        })
    return result
