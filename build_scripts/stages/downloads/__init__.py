"""downloads: the files researchers download (CSV, XLSX, JSON, Parquet, SQLite, ZIP, DCAT, figure records).

Reads  datapackage/, build/derived/, CHANGELOG.md (release dates and notes), CITATION.cff (the DOIs of earlier
       versions), mkdocs.yml (the site's and the repository's addresses) and releases/ (every version's files).
Writes build/downloads/.
"""

from pathlib import Path

from build_scripts.core import paths


def inputs() -> list[Path]:
    return [paths.DATAPACKAGE_DIR, paths.DERIVED_DIR, paths.CHANGELOG, paths.CITATION_CFF, paths.MKDOCS_YML,
            paths.RELEASES_DIR]


def outputs() -> list[Path]:
    return [paths.DOWNLOADS_DIR]


def run() -> str:
    from build_scripts.stages.downloads import stage

    return stage.run()
