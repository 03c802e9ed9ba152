"""charts: the charts drawn with Altair and rendered to SVG and PNG, in every language, wide and narrow, light and dark.

Reads  datapackage/datapackage.json and the tables in TABLES, build/derived/, mkdocs.yml (the page addresses drawn
       into the exported images) and the export's template.
Writes build/charts/ (specs, images, data, metadata); keeps rendered images in build/.cache/charts/.
"""

from pathlib import Path

from build_scripts.core import package
from build_scripts.core.paths import Paths

# The tables the charts read (tests/e2e/test_stages.py runs the stage under an audit hook: it reads nothing else).
TABLES = ("area_figures", "key_figures", "policy_areas", "qualifiers", "target_group", "units")


def inputs(paths: Paths) -> list[Path]:
    return [*package.table_files(paths.datapackage_json, TABLES), paths.derived_dir, paths.mkdocs_yml,
            paths.docs_dir / "_templates" / "chart-export.svg"]


def outputs(paths: Paths) -> list[Path]:
    return [paths.charts_dir]


def run(paths: Paths) -> str:
    from build_scripts.stages.charts import stage

    return stage.run(paths)
