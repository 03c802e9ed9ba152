"""The words the language files (build_scripts/core/i18n/<code>.yml) give the pages, the theme and the charts.

A pull request may edit a language file as it edits the data ("words are data"), and these words reach every page:
the pages write `words` as template text (pages' term(): into Markdown and into attributes), the theme writes
`theme` into every page's header and footer (Material's Jinja escapes nothing), and every amount of the English
edition is written with an `amounts` pattern. Red team 54, finding 1: a word with '<b>(81 af 98 kommuner)</b>' and
a foreign link was published on two pages, and 'DKK {number}0 million' made every amount ten times the data. So:
- every text of these sections meets the character rule (text.py);
- `words`, `theme`, `charts`, `source_names` and `other_language` hold no character HTML reads as markup (<, >, &;
  the theme's also no '"'), but the theme's `copyright`, whose one link is the licence's (COPYRIGHT); `words` also none that Markdown reads
  as markup (MARKDOWN: a link's brackets, emphasis, code, a table's '|', an escape), and no typed number (the
  pages' rule, typed_numbers.py: 'tabel 1' is a reference, '81' a number);
- each `amounts` pattern writes `{number}` once, and around it only words: no digit, brace or markup character.
Not read for numbers: `theme`, `charts` and `source_names`, whose citations state the report's year and licence
('(2022)', 'CC BY 4.0'), and the number words of `ordinals` and `cardinals`, which are what they are for.
"""

import functools
import re

import yaml

from build_scripts.core import lang as languages
from build_scripts.core.text import excerpt, yaml_loader
from build_scripts.stages.validate import text
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.typed_numbers import first_typed, references_out

SHOWN = ("words", "theme", "charts", "amounts", "source_locations", "source_names", "other_language", "date_range",
         "ordinals", "cardinals")
NO_MARKUP = ("words", "theme", "charts", "source_names", "other_language")
HTML = re.compile(r"[<>&]")
THEME = re.compile(r'[<>&"]')  # the theme writes its words into attributes too, unescaped
MARKDOWN = re.compile(r"[\[\]*_`|\\]")
# The theme's footer: the licence's link first, then text.
COPYRIGHT = re.compile(r'Data: <a href="https://creativecommons\.org/licenses/by/4\.0/deed\.[a-z]{2}">CC BY 4\.0</a>\. '
                       r"([^<>&]*)")
AMOUNT = re.compile(r"[^0-9{}<>&\"]*\{number\}[^0-9{}<>&\"]*")


def problems() -> list[Problem]:
    """What each language file's shown words may not say (see the module's docstring)."""
    found = []
    for language in languages.languages():
        path = languages.I18N_DIR / f"{language.code}.yml"
        found += file_problems(f"build_scripts/core/i18n/{path.name}", path.read_text(encoding="utf-8"), language.code)
    return found


@functools.lru_cache(maxsize=8)
def file_problems(name: str, source: str, code: str) -> tuple[Problem, ...]:
    """One language file's (`source`, in language `code`), each at its key's line."""
    data, lines, found = yaml.load(source, Loader=yaml_loader()), key_lines(source), []
    for section in SHOWN:
        for key, value in _texts(data.get(section)):
            where, line = f"{section}.{key}" if key else section, lines.get((section, key.split(".")[0]))
            refused = text.problem(value)
            if refused:
                found.append(Problem.found(refused, name, line, where))
                continue
            problem = _problem(section, key, value, code)
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


def _problem(section: str, key: str, value: str, code: str) -> tuple[str, dict] | None:
    if section == "amounts":
        return None if AMOUNT.fullmatch(value) else ("words_amount", {"text": excerpt(value)})
    shown = value
    if (section, key) == ("theme", "copyright"):
        match = COPYRIGHT.fullmatch(value)
        if not match:
            return "words_copyright", {"text": excerpt(value)}
        shown = match.group(1)
    markup = (THEME if section == "theme" else HTML).search(shown) if section in NO_MARKUP else None
    if markup:
        return "words_markup", {"text": excerpt(value), "char": markup.group()}
    if section != "words":
        return None
    if MARKDOWN.search(value):
        return "words_markup", {"text": excerpt(value), "char": MARKDOWN.search(value).group()}
    typed = first_typed(references_out(value), code)
    return ("words_number", {"text": excerpt(value), "number": excerpt(typed)}) if typed else None


def key_lines(source: str) -> dict:
    """(section, key) -> the line of each key of each top-level section of a language file."""
    root = yaml.compose(source, Loader=yaml_loader())
    lines = {}
    for section, value in root.value if isinstance(root, yaml.MappingNode) else []:
        lines[(section.value, "")] = section.start_mark.line + 1
        for key, _ in value.value if isinstance(value, yaml.MappingNode) else []:
            lines[(section.value, str(key.value))] = key.start_mark.line + 1
    return lines
