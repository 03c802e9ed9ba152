"""The data package: its shape, its row counts and the reconciliation results.

Nothing here hard-codes what a data pull request changes: row counts and reconciliation results are
golden files (tests/golden/package/), rewritten by `make golden` after an intended change.
"""

import json
import re

import pandas as pd
import yaml

from build_scripts.core import package
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, GOLDEN, assert_matches_golden

TABLES = [r["name"] for r in package.descriptor(CHECKOUT.datapackage_json)["resources"] if r.get("type") == "table"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def test_package_validates():
    problems, _ = validate.collect_problems(CHECKOUT.datapackage_json)
    assert [str(p) for p in problems] == []


def test_row_counts_match_golden():
    """Row counts per table, from the golden file that `make golden` rewrites after an intended data change."""
    assert_matches_golden(_json({name: len(package.table(name, CHECKOUT.datapackage_json)) for name in TABLES}), GOLDEN / "package" / "rows.json")


def test_reconciliation_matches_golden():
    """The reconciliation's results (every check, its bounds and its verdict), from the golden file that
    `make golden` rewrites: a corrected figure that turns a check inconsistent shows in the diff a reviewer sees."""
    table = derive.reconciliation(CHECKOUT).to_csv(index=False, lineterminator="\n")
    assert_matches_golden(table, GOLDEN / "package" / "reconciliation.csv")


def test_descriptor_basics():
    dp = package.descriptor(CHECKOUT.datapackage_json)
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert re.fullmatch(r"\d+\.\d+\.\d+", dp["version"])
    citation = yaml.safe_load((CHECKOUT.root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == dp["version"], "CITATION.cff: `make release VERSION=...` sets both"
    assert dp["licenses"][0]["name"] == "CC-BY-4.0"
    tables = [r for r in dp["resources"] if r.get("type") == "table"]
    assert tables, "the package has no tables"
    for res in tables:
        assert res["encoding"] == "utf-8" and res["dialect"]["delimiter"] == ","
        assert res["schema"]["primaryKey"], res["name"]
        for field in res["schema"]["fields"]:
            assert field["type"] and field["description"], (res["name"], field["name"])


def test_every_area_has_at_least_three_examples():
    examples = package.table("examples", CHECKOUT.datapackage_json)
    counts = examples.dropna(subset=["area_id"]).groupby("area_id").size()
    assert set(counts.index) == set(package.table("policy_areas", CHECKOUT.datapackage_json)["area_id"])
    assert counts.min() >= 3


def test_no_figure_is_read_off_a_chart():
    """The report's figures 1-8 are images: no row may cite a 'figur' as its location, except the text of a figure's
    note ('Afsnit 2, Figur 1, Anm.'), which the text version holds and which says what the figure covers."""
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        if res.get("type") == "table" and "source_location" in [f["name"] for f in res["schema"]["fields"]]:
            locations = package.table(res["name"], CHECKOUT.datapackage_json)["source_location"].str.lower()
            figures = locations[locations.str.contains("figur")]
            assert figures.str.endswith(", anm.").all(), (res["name"], list(figures))


def test_derived_areas_net_expenditure():
    areas = derive.areas_table(CHECKOUT)
    assert set(areas["area_id"]) == set(package.table("policy_areas", CHECKOUT.datapackage_json)["area_id"])
    net = areas["expenditure_mio_kr"] - areas["income_mio_kr"]
    assert areas["net_expenditure_mio_kr"].equals(net)


def test_frictionless_cli_validates_the_package():
    import subprocess
    import sys
    from pathlib import Path

    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", str(CHECKOUT.datapackage_json)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_derived_areas_keep_the_source_qualifiers():
    """Every figure column of the derived areas table is followed by the qualifier its source gives."""
    areas = derive.areas_table(CHECKOUT).set_index("area_id")
    assert areas.loc["beskaeftigelse", "income_mio_kr_qualifier"] == "ca."  # "ca. 28 mio. kr."
    assert pd.isna(areas.loc["beskaeftigelse", "expenditure_mio_kr_qualifier"])  # "100 mio. kr."
    assert areas.loc["kultur_fritid", "average_per_initiative_kr_qualifier"] == "ca."
    assert areas.loc["social", "expenditure_share_pct_qualifier"] == "ca."
    # A difference with an approximate input is approximate; one of plain figures is not.
    assert areas.loc["beskaeftigelse", "net_expenditure_mio_kr_qualifier"] == "ca."
    assert pd.isna(areas.loc["social", "net_expenditure_mio_kr_qualifier"])
    figures = package.table("area_figures", CHECKOUT.datapackage_json)
    for row in figures.itertuples():
        column = derive.AREA_COLUMNS[row.measure]
        assert areas.loc[row.area_id, column] == row.value
        expected = row.qualifier if isinstance(row.qualifier, str) else None
        got = areas.loc[row.area_id, f"{column}_qualifier"]
        assert (None if pd.isna(got) else got) == expected, (row.area_id, row.measure)
