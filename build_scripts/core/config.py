"""The site's settings that the build needs, read once from mkdocs.yml (the one place they are kept).

Reads  mkdocs.yml (Paths.mkdocs_yml): `extra` (each edition's address, site_da and site_en) and `repo_url` (the
       project's repository on GitHub, which the theme's header links to). The issue tracker is the repository's
       `issues/`, as GitHub serves it: the DCAT contact point and the "report an error" sections link to it.
Writes nothing. An address the build puts paths after (each edition's, the repository's) that is not one
(core/text.py is_base_address: https, a path ending in '/', no query or fragment) stops the stage that asks for
it with one line naming mkdocs.yml and the key, so no sitemap, link or download address is made from it; `validate`
checks the same, and more (stages/validate/files.py, settings_problems).
"""

import functools
from pathlib import Path

import yaml

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import say
from build_scripts.core.paths import Paths
from build_scripts.core.text import is_base_address, printable, yaml_loader


@functools.cache
def _settings(mkdocs_yml: Path) -> dict:
    return yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=yaml_loader())


def extra(paths: Paths) -> dict:
    """mkdocs.yml's `extra` mapping (read once per configuration file)."""
    return _settings(paths.mkdocs_yml)["extra"]


def base_address(paths: Paths, key: str, value) -> str:
    """`value`, the setting `key` of mkdocs.yml, if the build can put paths after it; else one line that stops."""
    if not is_base_address(value):
        shown = printable(value, 200)  # whole up to 200 characters: what is wrong is often at the end
        raise BuildStopped(say("setting_not_base_address", file=paths.mkdocs_yml.name, key=key, value=shown))
    return value


def site_url(paths: Paths, code: str) -> str:
    """The address of the edition in language `code`, ending in '/', e.g. the main site's for 'da'."""
    return base_address(paths, f"extra.site_{code}", extra(paths).get(f"site_{code}"))


def repository(paths: Paths) -> str:
    """The repository's address, with a trailing slash."""
    return base_address(paths, "repo_url", _settings(paths.mkdocs_yml).get("repo_url"))


def issue_tracker(paths: Paths) -> str:
    """Where readers report an error: the repository's issues."""
    return repository(paths) + "issues"


def owner(paths: Paths) -> str:
    """The address of the repository's owner (https://github.com/OWNER): the publisher's account."""
    return repository(paths).rstrip("/").rsplit("/", 1)[0]
