"""The data package: its shape, its row counts and the reconciliation results.

Nothing here hard-codes what a data pull request changes: row counts and reconciliation results are
golden files (tests/golden/package/), rewritten by `make golden` after an intended change.
"""

import json
import re

import pandas as pd
import pytest
import yaml

from build_scripts import derive, package, paths, validate
from conftest import GOLDEN, assert_matches_golden

TABLES = [r["name"] for r in package.descriptor()["resources"] if r.get("type") == "table"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def test_package_validates():
    problems, _ = validate.collect_problems()
    assert [str(p) for p in problems] == []


def test_row_counts_match_golden():
    """Row counts per table, from the golden file that `make golden` rewrites after an intended data change."""
    assert_matches_golden(_json({name: len(package.table(name)) for name in TABLES}), GOLDEN / "package" / "rows.json")


def test_descriptor_basics():
    dp = package.descriptor()
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert re.fullmatch(r"\d+\.\d+\.\d+", dp["version"])
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
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
    examples = package.table("examples")
    counts = examples.dropna(subset=["area_id"]).groupby("area_id").size()
    assert set(counts.index) == set(package.table("policy_areas")["area_id"])
    assert counts.min() >= 3


def test_no_figure_is_read_off_a_chart():
    """The report's figures 1-8 are images: no row may cite a 'figur' as its location."""
    for res in package.descriptor()["resources"]:
        if res.get("type") == "table" and "source_location" in [f["name"] for f in res["schema"]["fields"]]:
            locations = package.table(res["name"])["source_location"].str.lower()
            assert not locations.str.contains("figur").any(), res["name"]


def test_reconciliation_results():
    """Every check's published and computed value and verdict, from the golden file (`make golden`)."""
    rec = derive.reconciliation()
    # Only the shares' sum is checked against a value no source states; it says so.
    assert rec.loc[rec["expected_from"] == "definition", "check_id"].tolist() == ["area_shares_sum"]
    assert set(rec["expected_from"]) == {"source", "definition"}
    for row in rec.itertuples():
        assert row.difference == pytest.approx(row.computed_value - row.published_value, abs=1e-3), row.check_id
    results = {row.check_id: {"published": _number(row.published_value), "computed": _number(row.computed_value),
                              "agrees": bool(row.agrees), "expected_from": row.expected_from}
               for row in rec.itertuples()}
    assert_matches_golden(_json(results), GOLDEN / "package" / "reconciliation.json")


def _number(value):
    return None if pd.isna(value) else round(float(value), 4)


@pytest.mark.parametrize("value,tolerance", [(54, 0.5), (350, 5), (495000, 500), (14.1, 0.05), (100, 50)])
def test_rounding_tolerance(value, tolerance):
    assert derive.rounding_tolerance(value) == pytest.approx(tolerance)


def test_derived_areas_net_expenditure():
    areas = derive.areas_table()
    assert set(areas["area_id"]) == set(package.table("policy_areas")["area_id"])
    net = areas["expenditure_mio_kr"] - areas["income_mio_kr"]
    assert areas["net_expenditure_mio_kr"].equals(net)


def test_frictionless_cli_validates_the_package():
    import subprocess
    import sys
    from pathlib import Path

    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", str(paths.DATAPACKAGE_JSON)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
