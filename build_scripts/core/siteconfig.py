"""The site's addresses as mkdocs.yml states them, for the stages that write them into files.

Reads mkdocs.yml: `site_url` (the site), `repo_url` (the project's repository on GitHub, which the theme's header
links to). The issue tracker is the repository's `issues/`, as GitHub serves it; the DCAT contact point and the
"report an error" sections link to it.
"""

import yaml

from build_scripts.core import paths


def config() -> dict:
    return yaml.safe_load(paths.MKDOCS_YML.read_text(encoding="utf-8"))


def repository() -> str:
    """The repository's address, with a trailing slash."""
    url = config().get("repo_url")
    if not url:
        raise SystemExit(f"{paths.MKDOCS_YML}: repo_url is missing (the project's repository, e.g. "
                         "https://github.com/OWNER/NAME/)")
    return url.rstrip("/") + "/"


def issue_tracker() -> str:
    """Where readers report an error: the repository's issues."""
    return repository() + "issues"


def owner() -> str:
    """The address of the repository's owner (https://github.com/OWNER): the publisher's account."""
    return repository().rstrip("/").rsplit("/", 1)[0]
