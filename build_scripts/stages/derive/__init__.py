"""derive: tables derived from the package, and the reconciliation of the report's numbers.

Reads  datapackage/.
Writes build/derived/ (areas.csv, regions.csv, reconciliation.csv).
"""

from pathlib import Path

from build_scripts.core.paths import Paths


def inputs(paths: Paths) -> list[Path]:
    return [paths.datapackage_dir]


def outputs(paths: Paths) -> list[Path]:
    return [paths.derived_dir]


def run(paths: Paths) -> str:
    from build_scripts.stages.derive import stage

    return stage.run(paths)
