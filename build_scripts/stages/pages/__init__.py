"""pages: the site's Markdown pages rendered from docs/ once per language, with every number from the package.

Reads  docs/, mkdocs.yml and every edition's MkDocs configuration (its site name), CHANGELOG.md, datapackage/, releases/ (the frozen downloads it publishes), and
       build/derived/, build/charts/, build/downloads/.
Writes build/docs/ (Danish) and build/docs-en/ (English).
"""

from pathlib import Path

from build_scripts.core import paths
from build_scripts.core.lang import languages


def inputs() -> list[Path]:
    editions = [lang.mkdocs for lang in languages() if not lang.is_main]
    return [paths.DOCS_DIR, paths.MKDOCS_YML, *editions, paths.CHANGELOG, paths.DATAPACKAGE_DIR, paths.RELEASES_DIR,
            paths.DERIVED_DIR, paths.CHARTS_DIR, paths.DOWNLOADS_DIR]


def outputs() -> list[Path]:
    return [lang.out for lang in languages()]  # build/docs (main language), build/docs-en, … (one per edition)


def run() -> str:
    from build_scripts.stages.pages import stage

    return stage.run()
