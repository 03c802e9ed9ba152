"""MkDocs hook (mkdocs.yml `hooks:`): the theme's words of each edition come from its language file, and the theme's
templates are rendered sandboxed (on_env).

Reads  build_scripts/core/i18n/<code>.yml, section `theme`, for the edition's `theme.language`.
Sets   config.extra.words (what docs/_overrides/ writes: the page address, the theme credit, the preview image's
       text, the feed's title, the 404 page), the light/dark toggles' names, the title of the section links
       (toc's permalink_title) and the footer's copyright line.

So every word the reader meets around the pages is in the same file as the words of the pages themselves
(the search dialog's name is added by the site stage, from the same section). The MkDocs configurations keep
only the edition's identity (site name, description, addresses, navigation).
"""

import os
from collections.abc import MutableMapping, MutableSequence, MutableSet
from pathlib import Path

from jinja2.exceptions import SecurityError
from mkdocs.exceptions import PluginError

from build_scripts.core.lang import get as get_lang
from build_scripts.core.lang import say
from build_scripts.core.sandbox import LimitedTemplate, Sandbox, TemplateTooSlow, template_place
from build_scripts.core.text import excerpt

# The environment variable the site stage sets to a file: where a theme template that the sandbox stops writes the
# one line the stage then says (MkDocs itself prints it among its log lines).
STOP_FILE = "SITE_THEME_STOP"


def theme_words(code: str) -> dict:
    """The edition's theme words (i18n/<code>.yml, `theme`)."""
    return get_lang(code).theme


def into_yaml(config: dict) -> dict:
    """The same words put into a configuration read as plain YAML (mkdocs.yml as a dict), for a builder that runs no
    MkDocs hooks (Zensical, devtools/zensical_check.py)."""
    words = theme_words(config["theme"]["language"])
    config.setdefault("extra", {})["words"] = dict(words)
    config["copyright"] = words["copyright"]
    toggles = {"default": words["dark_mode"], "slate": words["light_mode"]}
    for option in config["theme"].get("palette", []):
        if option.get("toggle"):
            option["toggle"]["name"] = toggles[option["scheme"]]
    toc = config.setdefault("markdown_extensions", {}).get("toc") or {}
    config["markdown_extensions"]["toc"] = toc | {"permalink_title": words["section_link"]}
    return config


def on_config(config, **kwargs):
    words = theme_words(config.theme["language"])
    config.extra["words"] = dict(words)
    config.copyright = words["copyright"]
    toggles = {"default": words["dark_mode"], "slate": words["light_mode"]}  # the toggle names the scheme it leads to
    for option in config.theme["palette"]:
        if option.get("toggle"):
            option["toggle"]["name"] = toggles[option["scheme"]]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = words["section_link"]
    return config


class ThemeTemplate(LimitedTemplate):
    """A theme template: what the sandbox refuses while rendering it stops MkDocs with one line (theme_stop)."""

    def render(self, *args, **kwargs) -> str:
        try:
            return super().render(*args, **kwargs)
        except SecurityError as err:
            raise theme_stop(err, self.environment.time_limit) from None


CONTAINERS = (MutableSequence, MutableMapping, MutableSet)
READING = frozenset({"get", "items", "keys", "values", "copy", "count", "index", "union", "intersection",
                     "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint"})


class ThemeSandbox(Sandbox):
    """The pages' sandbox, and no method that changes a list, dict or set: MkDocs gives the theme its own
    configuration, whose config.extra_templates (a list) it renders after the theme as plain Jinja, outside any
    sandbox (red team 11, finding 1); the theme's templates change nothing."""

    template_class = ThemeTemplate

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """Of a list, dict or set (MkDocs's config, its lists and sets included), only the methods that read it
        (READING): Jinja's own list of changing methods misses set.intersection_update (red team 12, finding 2)."""
        changing = isinstance(obj, CONTAINERS) and callable(value) and attr not in READING
        return super().is_safe_attribute(obj, attr, value) and not changing


def theme_stop(err: SecurityError, seconds: float) -> PluginError:
    """The one line naming the template (and its line) that the sandbox stopped, written where the site stage reads
    it (STOP_FILE); MkDocs says a PluginError without a traceback."""
    template, line = template_place(err)
    if isinstance(err, TemplateTooSlow):
        text = say("theme_too_slow", template=template, line=line, seconds=f"{seconds:g}")
    else:
        text = say("theme_sandbox", template=template, line=line, error=excerpt(str(err), 200))
    if os.environ.get(STOP_FILE):
        Path(os.environ[STOP_FILE]).write_text(text, encoding="utf-8")
    return PluginError(text)


def on_env(env, config, files, **kwargs):
    """The theme's templates (docs/_overrides/ and the theme's own) rendered in the sandbox the pages are rendered in
    (core/sandbox.py): no attribute that starts with '_' and no call but of plain values' methods, Jinja's own and
    MkDocs's globals and filters, so a template reaches Python neither through a global such as cycler (red team 8,
    finding 1) nor through an object MkDocs passes it, such as config.theme.get_env() (red team 9, finding 1). Every
    option, extension, filter, test and global of MkDocs's environment is kept."""
    sandboxed = ThemeSandbox(
        loader=env.loader, extensions=list(env.extensions), autoescape=env.autoescape, undefined=env.undefined,
        trim_blocks=env.trim_blocks, lstrip_blocks=env.lstrip_blocks, keep_trailing_newline=env.keep_trailing_newline,
        finalize=env.finalize, auto_reload=env.auto_reload)
    sandboxed.filters.update(env.filters)
    sandboxed.tests.update(env.tests)
    sandboxed.globals.update({name: value for name, value in env.globals.items() if name != "range"})  # the sandbox's
    sandboxed.policies.update(env.policies)
    return sandboxed
