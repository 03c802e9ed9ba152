"""What each MkDocs file (mkdocs.yml, and each edition's, e.g. mkdocs.en.yml) may say: pinned here, in code, so that
no data file can relax it (red team 9, finding 2). Used by `validate` (files.settings_problems) and, before it runs
MkDocs, by the site stage (which may run alone).

MkDocs's settings reach files and code: a Markdown extension or a plugin is Python that runs when the site is built
(pymdownx.snippets with base_path "/" published /etc/hostname), `hooks` names Python files to run, `INHERIT`,
`docs_dir`, `site_dir` and `theme.custom_dir` name folders MkDocs reads or writes, and `extra_css` /
`extra_javascript` put addresses in every page. So:
- a file holds only the top-level keys the project's files use (MAIN_KEYS, EDITION_KEYS); any other is refused;
- `markdown_extensions` names only the extensions the site uses, each with only the options it uses (EXTENSIONS);
- `plugins` is only `search`, with its `lang` (PLUGINS);
- `hooks`, `INHERIT` (an edition's only), `docs_dir`, `site_dir` and `theme`'s `name`, `custom_dir` and `font` (no
  web fonts: the site loads nothing from other hosts) have their one value where they are given (pinned); the main
  file has `hooks` and an edition's `INHERIT` (so that it has them too): the hook renders the theme in a sandbox;
  the main file gives every pinned key, an edition those it would otherwise inherit with another value (_required);
- `theme` holds only THEME_KEYS;
- each of `extra_css` / `extra_javascript` is the path of a file in docs/ (no scheme, no '//', no '..'), and each of
  `extra_javascript` a script the code pins (assets.SCRIPTS): MkDocs loads it on every page, in the reader's browser,
  where it could change any figure (red team 16, finding 1);
- `extra` holds only each edition's address and `editions`, one per language with its fields in the forms the theme
  writes (Material writes any other setting of `extra` into every page unescaped: red team 51, finding 1), and the
  texts every page shows (site_name, site_description, site_author, repo_name, the nav's titles) meet the character
  rule and hold no digit and no markup character; `theme.palette`, `theme.features`, `theme.language` (the
  edition's), `edit_uri`, `use_directory_urls`, `strict`, `validation` and toc's `permalink` are pinned.
Each problem is one line naming the file, the key's line and the key.
"""

import json
import re
from pathlib import Path

from build_scripts.core.lang import Phrase, languages
from build_scripts.core.text import excerpt
from build_scripts.stages.validate import assets, text
from build_scripts.stages.validate.problem import Problem

HOOKS = ["build_scripts/stages/site/theme_words.py"]  # the theme's words (stages/site/theme_words.py)
MAIN_KEYS = ("site_name", "site_url", "repo_url", "repo_name", "edit_uri", "site_description", "site_author",
             "docs_dir", "site_dir", "strict", "use_directory_urls", "theme", "plugins", "hooks", "extra_css",
             "extra_javascript", "extra", "markdown_extensions", "validation", "nav")
EDITION_KEYS = ("INHERIT", "site_name", "site_url", "site_description", "docs_dir", "theme", "plugins", "nav")
THEME_KEYS = ("name", "language", "font", "custom_dir", "features", "palette")
# Each extension the site uses, with the options it may be given.
EXTENSIONS = {"admonition": (), "attr_list": (), "md_in_html": (), "tables": (),
              "build_scripts.stages.site.md_tables": (), "def_list": (), "toc": ("permalink",)}
# The value an extension's option must have: toc's permalink is the text after every heading ('81 af 98 kommuner'
# was written after each: red team 55, finding 9); true is the theme's link symbol.
OPTION_VALUES = {("toc", "permalink"): True}
# How MkDocs checks the site's links (mkdocs build --strict turns each warning into a stop).
VALIDATION = {"nav": {"omitted_files": "warn", "not_found": "warn"},
              "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn", "unrecognized_links": "warn"}}
PLUGINS = {"search": ("lang",)}
# The light and dark schemes, each in the site's own colours (docs/assets/stylesheets): Material writes a palette's
# values into every page's <body> unescaped, and the theme's words hook reads each scheme (red team 53, finding 3).
PALETTE = [{"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
            "toggle": {"icon": "material/weather-night"}},
           {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
            "toggle": {"icon": "material/weather-sunny"}}]
# extra.editions: one mapping per language (its translations file), the main one first, each with these fields, in
# these forms where given; the theme writes them into every page as they are (Material's Jinja escapes nothing).
EDITION_FIELDS = ("code", "url", "path", "to_main", "name", "og_locale", "preview_image")
EDITION_FORMS = {"path": r"(?:[a-z]{2}/)?", "to_main": r"(?:/\.\.)?", "og_locale": r"[a-z]{2}_[A-Z]{2}",
                 "preview_image": r"charts/[a-z0-9-]+\.png"}
# The texts every page writes (the header, the title, the description, the nav): the character rule, and no digit
# (no number may be typed: red team 51, finding 1, '81 af 98' in an edition's name).
TEXT_SETTINGS = ("site_name", "site_description", "site_author", "repo_name")
# An asset's path in docs/: names of letters, digits, '_', '-' and '.', joined by '/' (no '//', no scheme).
ASSET_PART = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")


# The theme's features the site uses. Each other writes more of the settings into the pages (content.action.edit:
# a link built from repo_url and edit_uri on every page, unescaped: red team 54, finding 4).
FEATURES = ["navigation.top", "navigation.footer", "toc.follow", "content.code.copy"]


def pinned(main: bool, code: str) -> dict:
    """The keys that have one value in a file, where they are given: (key path) -> value."""
    values = {("hooks",): HOOKS, ("theme", "name"): "material", ("theme", "custom_dir"): "docs/_overrides",
              ("theme", "font"): False, ("theme", "palette"): PALETTE, ("theme", "language"): code,
              ("theme", "features"): FEATURES}
    if main:  # no page has a file to edit behind it (they are generated): edit_uri is empty
        # the pages' addresses (folder/, which every source link and permalink assumes: red team 55, finding 10)
        # and MkDocs's checks of the links are the build's
        return {**values, ("docs_dir",): "build/docs", ("site_dir",): "site", ("edit_uri",): "",
                ("use_directory_urls",): True, ("strict",): True, ("validation",): VALIDATION}
    return {**values, ("docs_dir",): f"build/docs-{code}", ("INHERIT",): "mkdocs.yml"}


def _required(main: bool, code: str) -> set[tuple]:
    """The pinned keys a file must give: all of them in the main file (without `theme.palette` MkDocs would use the
    theme's default, which the words hook cannot read), and in an edition's those whose value differs from the main
    file's, which it would otherwise inherit (its language and its pages' folder)."""
    if main:
        return set(pinned(True, code))
    main_values = pinned(True, languages()[0].code)
    return {where for where, value in pinned(False, code).items() if main_values.get(where, _ABSENT) != value}


def problems(settings: dict, lines: dict, name: str, main: bool, code: str, docs_dir: Path) -> list[Problem]:
    """What the MkDocs file `name` (read as `settings`, its keys' lines `lines`: files._key_lines) says that it may
    not (see the module's docstring). `main`: the main edition's file; `code`: the edition's language."""
    found = _unknown(settings, MAIN_KEYS if main else EDITION_KEYS, (), lines, name)
    theme = settings.get("theme")
    if isinstance(theme, dict):
        found += _unknown(theme, THEME_KEYS, ("theme",), lines, name)
    for where, expected in pinned(main, code).items():
        value = _at(settings, where)
        if value is _ABSENT and where == (("hooks",) if main else ("INHERIT",)):
            found.append(Problem("setting_missing", name, None, where[0], {"key": where[0],
                                 "expected": _as_json(expected)}, kind="setting_not_allowed"))
        elif value is _ABSENT and where in _required(main, code):
            found.append(Problem("setting_required", name, None, ".".join(where), {
                "key": ".".join(where), "expected": _as_json(expected)}, kind="setting_not_allowed"))
        elif value is not _ABSENT and value != expected:
            found.append(Problem("setting_pinned", name, _line(lines, where), ".".join(where), {
                "key": ".".join(where), "value": excerpt(_as_json(value), 120), "expected": _as_json(expected)},
                kind="setting_not_allowed"))
    for key, known in (("markdown_extensions", EXTENSIONS), ("plugins", PLUGINS)):
        if key in settings:
            found += _entry_problems(settings[key], known, key, lines, name)
    for key in ("extra_css", "extra_javascript"):
        found += _asset_problems(settings.get(key), key, lines, name, docs_dir)
    found += _shown_text_problems(settings, lines, name)
    return found + (_extra_problems(settings.get("extra"), lines, name) if main else [])


def _extra_problems(extra, lines: dict, name: str) -> list[Problem]:
    """`extra` holds only each edition's address (site_<code>) and `editions` (EDITION_FIELDS): Material writes any
    other of its settings into every page unescaped, from a cookie dialog to footer links (red team 51, finding 1),
    and an edition the theme's language has none of stopped the site stage with a traceback."""
    if not isinstance(extra, dict):
        return []  # named by files.settings_problems
    codes = [lang.code for lang in languages()]
    found = _unknown(extra, (*(f"site_{code}" for code in codes), "editions"), ("extra",), lines, name)
    editions = extra.get("editions")
    if not (isinstance(editions, list) and len(editions) == len(codes) and all(isinstance(e, dict) for e in editions)):
        return found + [Problem("setting_editions", name, _line(lines, ("extra", "editions")), "extra.editions",
                                {"codes": ", ".join(codes)}, kind="invalid_settings")]
    for i, (edition, code) in enumerate(zip(editions, codes)):
        found += _unknown(edition, EDITION_FIELDS, ("extra", "editions", i), lines, name)
        for field in EDITION_FIELDS:
            value = edition.get(field)
            bad = (not isinstance(value, str) or (field == "code" and value != code)
                   or not re.fullmatch(EDITION_FORMS.get(field, r"(?s:.*)"), value)
                   or (field == "name" and _shown_text_problem(value, name, None, "") is not None))
            if bad:
                found.append(Problem("setting_edition_field", name, _line(lines, ("extra", "editions", i, field)),
                                     f"extra.editions/{i}/{field}", {"value": excerpt(_as_json(value)), "code": code},
                                     kind="invalid_settings"))
    return found


def _shown_text_problems(settings: dict, lines: dict, name: str) -> list[Problem]:
    """TEXT_SETTINGS and the nav's titles, as every page shows them."""
    texts = [((key,), settings[key]) for key in TEXT_SETTINGS if key in settings]
    texts += _nav_titles(settings.get("nav"), ("nav",))
    return [found for where, value in texts
            for found in [_shown_text_problem(value, name, _line(lines, where), excerpt(".".join(map(str, where))))]
            if found]


def _nav_titles(nav, where: tuple) -> list[tuple[tuple, object]]:
    if isinstance(nav, list):
        return [found for i, item in enumerate(nav) for found in _nav_titles(item, (*where, i))]
    if isinstance(nav, dict):
        return [pair for key, value in nav.items() for pair in [((*where, key), key), *_nav_titles(value, (*where, key))]]
    return []


def _shown_text_problem(value, name: str, line: int | None, key: str) -> Problem | None:
    if not isinstance(value, str):
        return None  # MkDocs's own schema names it
    found = text.problem(value)
    if found:
        return Problem.found(found, name, line, key or None)
    if re.search(r"[0-9]", value):
        return Problem("setting_number", name, line, key or None, {"value": excerpt(value)}, kind="invalid_settings")
    if re.search(r"[<>&\"]", value):  # the theme writes it unescaped (red team 53, finding 2: repo_name '<b>…</b>')
        return Problem("setting_markup", name, line, key or None, {"value": excerpt(value)}, kind="invalid_settings")
    return None


_ABSENT = object()


def _at(settings: dict, where: tuple):
    """The value at a key path (('theme', 'name')), or _ABSENT; a theme given as a text is its name (MkDocs)."""
    value = settings
    for key in where:
        if isinstance(value, str) and key == "name" and where[0] == "theme":
            return value
        if not isinstance(value, dict) or key not in value:
            return _ABSENT
        value = value[key]
    return value


def _line(lines: dict, where: tuple) -> int | None:
    """The line of a key path, or of the nearest key above it that has one."""
    while where and where not in lines:
        where = where[:-1]
    return lines.get(where)


def _as_json(value) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _refused(name: str, lines: dict, where: tuple, key: str, allowed) -> Problem:
    return Problem("setting_not_allowed", name, _line(lines, where), key, {
        "key": excerpt(key, 120), "allowed": ", ".join(allowed) or Phrase("setting_allows_nothing")},
        kind="setting_not_allowed")


def _unknown(mapping: dict, allowed: tuple, where: tuple, lines: dict, name: str) -> list[Problem]:
    return [_refused(name, lines, (*where, key), ".".join(map(str, (*where, key))), allowed)
            for key in mapping if key not in allowed]


def _entries(value, key: str) -> list[tuple[str, object, tuple]]:
    """(name, options, key path) of each extension or plugin, as MkDocs takes them: a mapping of names to options,
    or a list of names and one-key mappings. Anything else is an entry named by its JSON, which no name matches."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [(str(entry), options, (key, entry)) for entry, options in value.items()]
    if not isinstance(value, list):
        return [(_as_json(value), None, (key,))]
    found = []
    for i, item in enumerate(value):
        if isinstance(item, dict) and len(item) == 1:
            entry, options = next(iter(item.items()))
            found.append((str(entry), options, (key, i, entry)))
        else:
            found.append((item if isinstance(item, str) else _as_json(item), None, (key, i)))
    return found


def _entry_problems(value, known: dict, key: str, lines: dict, name: str) -> list[Problem]:
    """Each extension or plugin that is not `known`, and each option of a known one that it may not be given."""
    found = []
    for entry, options, where in _entries(value, key):
        if entry not in known:
            found.append(_refused(name, lines, where, f"{key}.{entry}", tuple(known)))
        elif isinstance(options, dict):
            found += [_refused(name, lines, (*where, option), f"{key}.{entry}.{option}", known[entry])
                      for option in options if option not in known[entry]]
            found += [Problem("setting_pinned", name, _line(lines, (*where, option)), f"{key}.{entry}.{option}", {
                "key": f"{key}.{entry}.{option}", "value": excerpt(_as_json(value), 120),
                "expected": _as_json(OPTION_VALUES[entry, option])}, kind="setting_not_allowed")
                for option, value in options.items()
                if (entry, option) in OPTION_VALUES and value != OPTION_VALUES[entry, option]]
        elif options is not None:
            found.append(_refused(name, lines, where, f"{key}.{entry}: {_as_json(options)}", known[entry]))
    return found


def _asset_problems(value, key: str, lines: dict, name: str, docs_dir: Path) -> list[Problem]:
    """Each path of extra_css / extra_javascript that is not a file in docs/ written as a plain relative path."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    found = []
    for i, item in enumerate(items):
        where = (key, i) if isinstance(value, list) else (key,)
        if not (isinstance(item, str) and _is_asset(item, docs_dir)):
            found.append(Problem("setting_asset", name, _line(lines, where), "/".join(map(str, where)), {
                "key": "/".join(map(str, where)), "value": excerpt(item if isinstance(item, str) else _as_json(item),
                                                                   120)}, kind="setting_not_allowed"))
        elif key == "extra_javascript" and item not in assets.SCRIPTS:
            found.append(Problem("setting_script", name, _line(lines, where), "/".join(map(str, where)), {
                "key": "/".join(map(str, where)), "value": excerpt(item, 120), "pinned": ", ".join(assets.SCRIPTS)},
                kind="setting_not_allowed"))
    return found


def _is_asset(path: str, docs_dir: Path) -> bool:
    parts = path.split("/")
    if not all(ASSET_PART.fullmatch(part) for part in parts):  # no empty part, no '.' or '..', no ':'…
        return False
    file = docs_dir.joinpath(*parts)
    return file.is_file() and file.resolve().is_relative_to(docs_dir.resolve())
