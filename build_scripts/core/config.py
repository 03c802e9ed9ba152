"""The site's settings that the build needs, read once from mkdocs.yml (the one place they are kept).

Reads  mkdocs.yml (Paths.mkdocs_yml): `extra` (each edition's address, site_da and site_en) and `repo_url` (the
       project's repository on GitHub, which the theme's header links to). The issue tracker is the repository's
       `issues/`, as GitHub serves it: the DCAT contact point and the "report an error" sections link to it.
Writes nothing.
"""

import functools
from pathlib import Path

import yaml

from build_scripts.core.errors import BuildStopped
from build_scripts.core.paths import Paths


@functools.cache
def _settings(mkdocs_yml: Path) -> dict:
    return yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))


def extra(paths: Paths) -> dict:
    """mkdocs.yml's `extra` mapping (read once per configuration file)."""
    return _settings(paths.mkdocs_yml)["extra"]


def site_url(paths: Paths, code: str) -> str:
    """The address of the edition in language `code`, ending in '/', e.g. the main site's for 'da'."""
    return extra(paths)[f"site_{code}"]


def repository(paths: Paths) -> str:
    """The repository's address, with a trailing slash."""
    url = _settings(paths.mkdocs_yml).get("repo_url")
    if not url:
        raise BuildStopped(f"{paths.mkdocs_yml.name}: repo_url is missing (the project's repository, e.g. "
                           "https://github.com/OWNER/NAME/)")
    return url.rstrip("/") + "/"


def issue_tracker(paths: Paths) -> str:
    """Where readers report an error: the repository's issues."""
    return repository(paths) + "issues"


def owner(paths: Paths) -> str:
    """The address of the repository's owner (https://github.com/OWNER): the publisher's account."""
    return repository(paths).rstrip("/").rsplit("/", 1)[0]
