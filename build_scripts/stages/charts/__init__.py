"""charts: the charts drawn with Altair and rendered to SVG and PNG, in every language, wide and narrow, light and dark.

Reads  datapackage/, build/derived/ and mkdocs.yml (the page addresses drawn into the exported images).
Writes build/charts/ (specs, images, data, metadata); keeps rendered images in build/.cache/charts/.
"""

from pathlib import Path

from build_scripts.core import paths


def inputs() -> list[Path]:
    return [paths.DATAPACKAGE_DIR, paths.DERIVED_DIR, paths.MKDOCS_YML, paths.DOCS_DIR / "_templates" / "chart-export.svg"]


def outputs() -> list[Path]:
    return [paths.CHARTS_DIR]


def run() -> str:
    from build_scripts.stages.charts import stage

    return stage.run()
