"""validate: the one gate. Checks the data package before anything is built; stops the build on any problem.

Reads  datapackage/ (the descriptor, its tables, the source texts every quote must occur in, the reference data),
       CHANGELOG.md and CITATION.cff (their headings and versions must agree with the package, and each entry with
       the frozen releases: releases/vX.Y.Z/ and the date its catalogue records), mkdocs.yml and each
       edition's MkDocs file (the addresses the build puts paths after) and docs/ (the rows and fields the page
       templates ask for must exist; each template is UTF-8 and Jinja, what it loads is there, each page's front
       matter is YAML in every language). The numbers of the texts the code publishes about the tables (each
       language file's data_dictionary, the derived tables' descriptions in stages/derive/) are held to the package
       too (dictionary_prose.py), so the code's files are the validate stage's as well (freshness: its code).
Writes nothing. Says one line per problem, naming file, line and field (stage.py); first, one line if the project
lacks a file or folder that any stage reads and none writes (inside `build` as alone).
"""

from pathlib import Path

from build_scripts.core.lang import languages
from build_scripts.core.paths import Paths


def inputs(paths: Paths) -> list[Path]:
    editions = [lang.mkdocs(paths) for lang in languages() if not lang.is_main]  # mkdocs.en.yml, … (one per edition)
    return [paths.datapackage_dir, paths.changelog, paths.citation_cff, paths.mkdocs_yml, *editions, paths.docs_dir,
            paths.releases_dir]


def outputs(paths: Paths) -> list[Path]:
    return []


def run(paths: Paths) -> str:
    from build_scripts.stages.validate import stage

    return stage.run(paths)
