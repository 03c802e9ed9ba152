"""charts: the charts drawn with Altair and rendered to SVG and PNG, in every language, wide and narrow, light and dark.

Reads  datapackage/, build/derived/ and mkdocs.yml (the page addresses drawn into the exported images).
Writes build/charts/ (specs, images, data, metadata); keeps rendered images in build/.cache/charts/.
"""

from pathlib import Path

from build_scripts.core.paths import Paths


def inputs(paths: Paths) -> list[Path]:
    return [paths.datapackage_dir, paths.derived_dir, paths.mkdocs_yml, paths.docs_dir / "_templates" / "chart-export.svg"]


def outputs(paths: Paths) -> list[Path]:
    return [paths.charts_dir]


def run(paths: Paths) -> str:
    from build_scripts.stages.charts import stage

    return stage.run(paths)
