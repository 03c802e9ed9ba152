"""pages: the site's Markdown pages rendered from docs/ once per language, with every number from the package.

Reads  docs/, mkdocs.yml and every edition's MkDocs configuration (its site name), CHANGELOG.md, datapackage/, releases/ (the frozen downloads it publishes), and
       build/derived/, build/charts/, build/downloads/.
Writes build/docs/ (Danish) and build/docs-en/ (English).
"""

from pathlib import Path

from build_scripts.core.lang import languages
from build_scripts.core.paths import Paths


def inputs(paths: Paths) -> list[Path]:
    editions = [lang.mkdocs(paths) for lang in languages() if not lang.is_main]
    return [paths.docs_dir, paths.mkdocs_yml, *editions, paths.changelog, paths.datapackage_dir, paths.releases_dir,
            paths.derived_dir, paths.charts_dir, paths.downloads_dir]


def outputs(paths: Paths) -> list[Path]:
    return [lang.out(paths) for lang in languages()]  # build/docs (main language), build/docs-en, … (one per edition)


def run(paths: Paths) -> str:
    from build_scripts.commands import releases
    from build_scripts.stages.pages import stage

    releases.check_releases(paths)  # a folder of releases/ that is no complete release stops it, named, in one line
    return stage.run(paths)
