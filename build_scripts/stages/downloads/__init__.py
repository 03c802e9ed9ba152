"""downloads: the files researchers download (CSV, XLSX, JSON, Parquet, SQLite, ZIP, DCAT, figure records).

Reads  datapackage/, build/derived/, CHANGELOG.md (release dates and notes), CITATION.cff (the DOIs of earlier
       versions), mkdocs.yml (the site's and the repository's addresses) and releases/ (every version's files).
Writes build/downloads/.
"""

from pathlib import Path

from build_scripts.core.paths import Paths


def inputs(paths: Paths) -> list[Path]:
    return [paths.datapackage_dir, paths.derived_dir, paths.changelog, paths.citation_cff, paths.mkdocs_yml,
            paths.releases_dir]


def outputs(paths: Paths) -> list[Path]:
    return [paths.downloads_dir]


def run(paths: Paths) -> str:
    from build_scripts.commands import releases
    from build_scripts.stages.downloads import stage

    releases.check_releases(paths)  # a folder of releases/ that is no complete release stops it, named, in one line
    return stage.run(paths)
