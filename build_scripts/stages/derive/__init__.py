"""derive: tables derived from the package, and the reconciliation of the report's numbers.

Reads  datapackage/.
Writes build/derived/ (areas.csv, regions.csv, reconciliation.csv).
"""

from pathlib import Path

from build_scripts.core import paths


def inputs() -> list[Path]:
    return [paths.DATAPACKAGE_DIR]


def outputs() -> list[Path]:
    return [paths.DERIVED_DIR]


def run() -> str:
    from build_scripts.stages.derive import stage

    return stage.run()
