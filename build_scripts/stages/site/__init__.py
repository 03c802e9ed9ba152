"""site: the HTML site, built by MkDocs for both editions and put in place atomically.

Reads  mkdocs.yml, mkdocs.en.yml, docs/_overrides/ (the theme's overrides) and build/docs/, build/docs-en/.
Writes site/, never cleared first: a finished site replaces it in one rename, so a failed build keeps the old one.
"""

from pathlib import Path

from build_scripts.core import paths

# site/ is replaced whole by an atomic swap (stage.py), so the build does not clear it before the stage runs.
REPLACED_ATOMICALLY = True


def inputs() -> list[Path]:
    return [paths.MKDOCS_YML, paths.MKDOCS_EN_YML, paths.DOCS_DIR / "_overrides", paths.BUILD_DOCS_DIR,
            paths.BUILD_DOCS_EN_DIR]


def outputs() -> list[Path]:
    return [paths.SITE_DIR]


def run() -> str:
    from build_scripts.stages.site import stage

    return stage.run()
