"""derive: tables derived from the package, and the reconciliation of the report's numbers.

Reads  datapackage/datapackage.json and the tables in TABLES (an edit of another table does not run it again).
Writes build/derived/ (areas.csv, regions.csv, reconciliation.csv).
"""

from pathlib import Path

from build_scripts.core import package
from build_scripts.core.paths import Paths

# The tables derive reads (tests/e2e/test_stages.py runs it under an audit hook: it reads nothing else).
TABLES = ("area_figures", "key_figures", "policy_areas", "ref_municipalities", "ref_population_denmark",
          "ref_population_municipalities", "ref_regions", "regions", "target_group")


def inputs(paths: Paths) -> list[Path]:
    return package.table_files(paths.datapackage_json, TABLES)


def outputs(paths: Paths) -> list[Path]:
    return [paths.derived_dir]


def run(paths: Paths) -> str:
    from build_scripts.stages.derive import stage

    return stage.run(paths)
