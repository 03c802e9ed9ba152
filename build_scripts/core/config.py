"""The site's settings that the build needs, read once from mkdocs.yml's `extra` (the one place they are kept).

Reads  mkdocs.yml (paths.MKDOCS_YML). Writes nothing.
"""

import functools
from pathlib import Path

import yaml

from build_scripts.core import paths


@functools.cache
def _extra(mkdocs_yml: Path) -> dict:
    return yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))["extra"]


def extra() -> dict:
    """mkdocs.yml's `extra` mapping (read once per configuration file)."""
    return _extra(paths.MKDOCS_YML)


def site_url(code: str) -> str:
    """The address of the edition in language `code`, ending in '/', e.g. the main site's for 'da'."""
    return extra()[f"site_{code}"]
