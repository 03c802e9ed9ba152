"""site: the HTML site, built by MkDocs for both editions and put in place atomically.

Reads  mkdocs.yml and every edition's configuration (mkdocs.en.yml), docs/ (the theme's overrides in _overrides/,
       and every file, whose kinds and pinned scripts and stylesheets it checks before MkDocs runs: validate's
       assets.script_problems) and every edition's pages (build/docs/, build/docs-en/).
Writes site/, never cleared first: a finished site replaces it in one rename, so a failed build keeps the old one.
"""

from pathlib import Path

from build_scripts.core.lang import languages
from build_scripts.core.paths import Paths

# site/ is replaced whole by an atomic swap (stage.py), so the build does not clear it before the stage runs.
REPLACED_ATOMICALLY = True


def inputs(paths: Paths) -> list[Path]:
    editions = [lang.mkdocs(paths) for lang in languages() if not lang.is_main]  # mkdocs.en.yml, … (one per edition)
    return [paths.mkdocs_yml, *editions, paths.docs_dir, paths.docs_dir / "_overrides",  # (the theme: named, needed)
            *(lang.out(paths) for lang in languages())]


def outputs(paths: Paths) -> list[Path]:
    return [paths.site_dir]


def run(paths: Paths) -> str:
    from build_scripts.stages.site import stage

    return stage.run(paths)
