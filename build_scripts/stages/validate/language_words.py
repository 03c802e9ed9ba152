"""The words and settings of the language files (build_scripts/core/i18n/<code>.yml) that the pages, the theme and
the charts show.

A pull request may edit a language file as it edits the data ("words are data"), and these words reach every page:
the pages write `words` as template text (pages' term(): into Markdown and into attributes), the theme writes
`theme` into every page's header and footer (Material's Jinja escapes nothing), the charts draw `charts`, and every
amount and date of an edition is written with its `amounts` patterns and date settings. Red teams 54 (finding 1)
and 55 (findings 1-5) published markup, a foreign link, typed numbers ('81 af 98'), amounts ten and a thousand times
the data, 'de syv tilbudsområder', '29 af 24 kommuner', the year 2020 on every date, hidden headings, and stopped
later stages with tracebacks. So, for each file:
- every text of the shown sections (SHOWN) meets the character rule (text.py);
- `words`, `theme`, `charts`, `source_names` and `other_language` hold no character HTML reads as markup (<, >, &;
  the theme's also no '"'), but the theme's `copyright`, whose one link is the licence's (COPYRIGHT); `words` also
  none that Markdown reads as markup (MARKDOWN), no brace but a placeholder's, and a word that is an anchor (a key
  ending in _id) is one (ANCHOR);
- no shown text types a number (the pages' rule, typed_numbers.py): references ('tabel 1', 'boks 3', 'CC BY 4.0')
  and a source's year ('(2022)', sources.csv's date_published) may stand, but in `source_locations`, whose words
  stand before the data's numbers; a source's English name states the numbers of its Danish name; `cardinals` are
  the numbers they stand for;
- each `amounts` pattern writes {number} once and around it its unit's words, as its key names them;
- the settings are what the edition needs: `code` the file's name, `order` 1 for the main edition and a greater
  whole number for another, `locale` a locale of that language, `date_format` one of Babel's named formats,
  `date_range` the day (and the day and month) in one of DATE_RANGE's forms, and `mkdocs`, `out` and `root` the
  edition's (the main edition's: mkdocs.yml, build/docs, ''; another's: mkdocs.<code>.yml, build/docs-<code>, '../');
- every word of `words`, `theme` and `charts` is a text that says something (or a list of such texts): a number or
  an empty value escaped the rules above or stopped a later stage;
- every other language's file has the main one's keys in `words`, `theme` and `charts`, each a text (or a list of
  texts) where the main one's is, with the same placeholders in the same order (PARITY).
Not read: the order of `ordinals` and of the charts' `ordinals` ('largest', 'second largest'), which no rule here can
tell from another order; a key the code reads and neither file has stops the stage that reads it in one line.
"""

import functools
import re
import string

import yaml

from build_scripts.core import lang as languages
from build_scripts.core.text import excerpt, numbers_in, yaml_loader
from build_scripts.stages.validate import text
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.typed_numbers import first_typed, references_out

SHOWN = ("words", "theme", "charts", "amounts", "source_locations", "source_names", "other_language", "date_range",
         "ordinals", "cardinals")
NO_MARKUP = ("words", "theme", "charts", "source_names", "other_language")
NO_NUMBERS = ("words", "theme", "charts", "source_locations", "source_names", "other_language")
PARITY = ("words", "theme", "charts")
HTML = re.compile(r"[<>&]")
THEME = re.compile(r'[<>&"]')  # the theme writes its words into attributes too, unescaped
MARKDOWN = re.compile(r"[\[\]*_`|\\]")
BRACES = re.compile(r"\{[a-z_]+\}")  # a placeholder; any other brace starts an attribute list ({ hidden })
ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The theme's footer: the licence's link first, then text.
COPYRIGHT = re.compile(r'Data: <a href="https://creativecommons\.org/licenses/by/4\.0/deed\.[a-z]{2}">CC BY 4\.0</a>\. '
                       r"([^<>&]*)")
LICENCE = re.compile(r"CC BY 4\.0")
DATE_FORMATS = ("short", "medium", "long", "full")
# The first date of a range, without what it shares with the last (its month and year, its year): the day as each
# language writes it. Any other pattern letters wrote another date ('9.–10. september' for the 6th: red team 57).
DATE_RANGE = {"day": ("d", "d."), "day_month": ("d MMMM", "d. MMMM")}


def problems(source_years: frozenset = frozenset()) -> list[Problem]:
    """What the language files' words and settings may not say (see the module's docstring). `source_years`: the
    years of the sources (sources.csv's date_published), which a citation may state."""
    files = {}
    for language in languages.languages():
        path = languages.I18N_DIR / f"{language.code}.yml"
        files[language.code] = (f"build_scripts/core/i18n/{path.name}", path.read_text(encoding="utf-8"))
    main = languages.languages()[0].code
    found = []
    for code, (name, source) in files.items():
        found += file_problems(name, source, code, code == main, source_years)
        if code != main:
            found += parity_problems(name, source, files[main][1])
    return found


@functools.lru_cache(maxsize=8)
def file_problems(name: str, source: str, code: str, main: bool = True,
                  source_years: frozenset = frozenset()) -> tuple[Problem, ...]:
    """One language file's (`source`, in language `code`), each at its key's line."""
    data, lines = _read(source)
    found = [Problem(problem[0], name, lines.get((key, "")), key, problem[1], kind="invalid_words")
             for key, problem in _setting_problems(data, code, main)]
    for section in PARITY:  # each word a text (or a list of texts) that says something: red team 57, findings 3-4
        for key, value in (data.get(section) or {}).items():
            if _shape(value) == "text" and value.strip() or isinstance(_shape(value), tuple) and all(
                    v.strip() for v in value) and value:
                continue
            found.append(Problem("words_not_text", name, lines.get((section, str(key))), f"{section}.{key}",
                                 {"value": excerpt(str(value))}, kind="invalid_words"))
    for section in SHOWN:
        for key, value in _texts(data.get(section)):
            where, line = f"{section}.{key}" if key else section, lines.get((section, key.split(".")[0]))
            refused = text.problem(value)
            if refused:
                found.append(Problem.found(refused, name, line, where))
                continue
            problem = _problem(section, key, value, code, source_years)
            if problem:
                found.append(Problem(problem[0], name, line, where, problem[1], kind="invalid_words"))
    return tuple(found)


def _texts(value, key: str = ""):
    """(key, text) of every text in a section: a mapping's by key, a list's by position."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, f"{key}.{i}" if key else str(i))


def _problem(section: str, key: str, value: str, code: str, source_years: frozenset) -> tuple[str, dict] | None:
    shown = value
    if section == "amounts":
        words = value.replace("{number}", " ").split()
        return None if value.count("{number}") == 1 and words == key.split() and not re.search(r"[0-9{}<>&\"]", "".join(
            words)) else ("words_amount", {"text": excerpt(value), "unit": excerpt(key)})
    if section == "date_range":
        return None if value in DATE_RANGE.get(key, ()) else ("words_date_pattern", {"text": excerpt(value)})
    if section == "cardinals":  # one word; from two on, read as exactly its number ('nul', 'en', 'one' are not read)
        said = numbers_in(value, code, articles=True)
        exact = said == [(value, int(key))] if int(key) >= 2 else re.fullmatch(r"[^\W\d_]+", value) and said in (
            [], [(value, int(key))])
        return None if exact else ("words_cardinal", {"text": excerpt(value), "number": key})
    if (section, key) == ("theme", "copyright"):
        match = COPYRIGHT.fullmatch(value)
        if not match:
            return "words_copyright", {"text": excerpt(value)}
        shown = match.group(1)
    markup = (THEME if section == "theme" else HTML).search(shown) if section in NO_MARKUP else None
    if section == "words" and not markup:
        markup = MARKDOWN.search(value) or re.search(r"[{}]", BRACES.sub("", value))
    if markup:
        return "words_markup", {"text": excerpt(value), "char": markup.group()}
    if section == "words" and key.endswith("_id") and not ANCHOR.fullmatch(value):
        return "words_anchor", {"text": excerpt(value)}
    typed = _typed(section, key, shown, code, source_years) if section in NO_NUMBERS else None
    return ("words_number", {"text": excerpt(value), "number": excerpt(typed)}) if typed else None


def _typed(section: str, key: str, value: str, code: str, source_years: frozenset) -> str | None:
    """The first number `value` types, but a reference, the licence's name, a source's year and (a source's
    English name) a number of its Danish name."""
    allowed = set(source_years) | (set(re.findall(r"[0-9]+", key)) if section == "source_names" else set())
    shown = LICENCE.sub(" ", BRACES.sub(" ", value))
    if section != "source_locations":  # a location word's number is the data's ('Boks 2' -> 'Box 2'), never its own
        shown = references_out(shown)
    shown = re.sub(r"[0-9]+", lambda m: " " if m.group() in allowed else m.group(), shown)
    return first_typed(shown, code)


def _setting_problems(data: dict, code: str, main: bool) -> list[tuple[str, tuple[str, dict]]]:
    """(key, problem) of each setting that is not what the edition `code` needs."""
    from babel import Locale, UnknownLocaleError

    expected = {"code": code, "mkdocs": "mkdocs.yml" if main else f"mkdocs.{code}.yml",
                "out": "build/docs" if main else f"build/docs-{code}", "root": "" if main else "../"}
    found = [(key, ("words_setting", {"key": key, "value": excerpt(str(data.get(key))), "expected": value}))
             for key, value in expected.items() if data.get(key) != value]
    try:
        locale = Locale.parse(data.get("locale"))
        known = locale.language == code
    except (TypeError, ValueError, UnknownLocaleError):
        known = False
    if not known:
        found.append(("locale", ("words_locale", {"value": excerpt(str(data.get("locale"))), "code": code})))
    order = data.get("order")
    if type(order) is not int or (order == 1) != main or order < 1:
        found.append(("order", ("words_setting", {"key": "order", "value": excerpt(str(order)),
                                                  "expected": "1" if main else "2, 3 …"})))
    ranges = data.get("date_range")
    if not (isinstance(ranges, dict) and set(ranges) == set(DATE_RANGE)):
        found.append(("date_range", ("words_setting", {"key": "date_range", "value": excerpt(str(ranges)),
                                                       "expected": "{day: …, day_month: …}"})))
    if data.get("date_format") not in DATE_FORMATS:
        found.append(("date_format", ("words_setting", {"key": "date_format", "value": excerpt(
            str(data.get("date_format"))), "expected": ", ".join(DATE_FORMATS)})))
    return found


@functools.lru_cache(maxsize=8)
def parity_problems(name: str, source: str, main_source: str) -> tuple[Problem, ...]:
    """Another language's `words`, `theme` and `charts` against the main language's: the same keys, each a text
    (or a list of texts) where the main one's is, with the same placeholders in the same order."""
    (data, lines), (main, _) = _read(source), _read(main_source)
    found = []
    for section in PARITY:
        ours, theirs = data.get(section) or {}, main.get(section) or {}
        for key in sorted(set(ours) | set(theirs), key=str):
            expected, value = theirs.get(key), ours.get(key)
            if _shape(value) != _shape(expected) or _placeholders(value) != _placeholders(expected):
                found.append(Problem("words_parity", name, lines.get((section, str(key))), f"{section}.{key}", {
                    "value": excerpt(str(value)), "expected": excerpt(str(expected))}, kind="invalid_words"))
    return tuple(found)


def _shape(value):
    """A text, a list of texts (as many as there are), or anything else, as a comparable form."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ("texts", len(value))
    return type(value).__name__


def _placeholders(value) -> list:
    """The {names} of a text (of each text of a list), in order; a field with an attribute, index, conversion or
    format is kept whole, so that it differs from any plain name."""
    texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    found = []
    for item in texts:
        try:
            found += [(field, conversion, spec) for _, field, spec, conversion in string.Formatter().parse(item)
                      if field is not None]
        except ValueError:
            found.append(("?", item))
    return found


@functools.lru_cache(maxsize=8)
def _read(source: str) -> tuple[dict, dict]:
    """A language file's text as data, and its keys' lines (key_lines): each file is read once, however many rules
    read it (its own and, for the main language, every other file's parity)."""
    return yaml.load(source, Loader=yaml_loader()), key_lines(source)


def key_lines(source: str) -> dict:
    """(section, key) -> the line of each key of each top-level section of a language file; (key, '') -> the line
    of a top-level key."""
    root = yaml.compose(source, Loader=yaml_loader())
    lines = {}
    for section, value in root.value if isinstance(root, yaml.MappingNode) else []:
        lines[(section.value, "")] = section.start_mark.line + 1
        for key, _ in value.value if isinstance(value, yaml.MappingNode) else []:
            lines[(section.value, str(key.value))] = key.start_mark.line + 1
    return lines
