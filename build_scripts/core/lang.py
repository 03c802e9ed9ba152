"""The reader's language as data: one `Lang` per translations file in build_scripts/core/i18n/<code>.yml.

Reads  build_scripts/core/i18n/*.yml   per language: its code, Babel locale, MkDocs config, where its pages go,
                                  the URL root of the main site seen from the edition, and every word the
                                  build puts around the data and every label the page templates use.

A `Lang` is the language code itself (a `str`, so `f"label_{lang}"` and `lang == "en"` keep working in
code that still takes a code) carrying its settings. Pass it explicitly; `get()` turns a code into it.
Every edition is rendered from the same page templates in docs/; they hold prose per language in
`{% if lang.code == "da" %}…{% elif lang.code == "en" %}…{% endif %}` blocks (pages.check_prose fails the
build when a block has no branch for a language). Adding a language means adding one translations file, its
MkDocs config, and its branch in those blocks.

What the build says to people is in the same files, by key: the commands' `messages` (say(): every language,
joined by " / "), the problems `validate` and `check-submission` find (`problems`, said by
stages/validate/problem.py's Problem) and their short titles (`problem_titles`). A message's {placeholders} are
filled in by the code; a value that is itself words (a Phrase) is said in the message's language, from the same
section, and a value written differently in each language (ByLanguage: a file size) is taken in it.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_scripts.core.paths import Paths
from build_scripts.core.text import yaml_loader

I18N_DIR = Path(__file__).resolve().parent / "i18n"


class Section(dict):
    """A section of a language file, by key: a key it lacks stops the stage that reads it in one line naming the
    file, the section and the key (red team 55, finding 4: the charts stage stopped with KeyError: 't_share')."""

    def __init__(self, values: dict, code: str, name: str):
        super().__init__(values)
        self.code, self.name = code, name

    def __missing__(self, key):
        from build_scripts.core.errors import BuildStopped

        raise BuildStopped(say("language_key_missing", file=f"build_scripts/core/i18n/{self.code}.yml",
                               section=self.name, key=key))


class Lang(str):
    """A language code with its settings; compares and formats as the bare code ("da", "en")."""

    code: str
    locale: str            # Babel locale, e.g. "da_DK"
    order: int             # 1 = the main site, the others are editions under /<code>/
    mkdocs_path: str       # the edition's MkDocs configuration, relative to the repository (mkdocs: the path)
    out_path: str          # where the pages stage writes its pages, relative to the repository (out: the path)
    root: str              # the main site's root, relative to the edition's root
    date_format: str
    date_range: dict       # Babel patterns of a date range's first date: same month ('d.'), other month ('d. MMMM')
    words: dict            # the words put around the data and the page templates' labels, by key
    messages: dict         # what the commands say to maintainers, by key (say())
    problems: dict         # what validate and check-submission say about a problem, by code (Problem)
    problem_titles: dict   # the short title of each kind of problem, by key
    charts: dict           # the charts' words (titles, captions, labels), by key
    theme: dict            # the theme's words (search, 404 page, toggles, footer), set by stages/site/theme_words.py
    source_names: dict     # the sources' Danish names (titles, sections, publishers) -> this language's
    other_code: str        # the language of names this edition shows as they are (its `other_language`)
    other_names: list      # those names (with every key of source_names), longest first
    other_in_quotes: bool  # text in »…« is in the other language (the sources' words quoted in English prose)
    amounts: dict          # unit label -> pattern with {number}, e.g. "DKK {number} million"
    source_locations: dict  # the source documents' Danish location words -> this language's
    ordinals: list
    cardinals: list

    def __new__(cls, settings: dict):
        self = super().__new__(cls, settings["code"])
        self.code = settings["code"]
        self.locale = settings["locale"]
        self.order = settings["order"]
        self.mkdocs_path, self.out_path = settings["mkdocs"], settings["out"]  # relative to the repository
        self.root = settings["root"]
        self.date_format = settings.get("date_format", "long")
        self.date_range = settings.get("date_range") or {"day": "d", "day_month": "d MMMM"}
        self.words = settings["words"]
        self.messages = settings.get("messages") or {}
        self.problems = settings.get("problems") or {}
        self.problem_titles = settings.get("problem_titles") or {}
        self.amounts = settings.get("amounts") or {}
        self.source_locations = settings.get("source_locations") or {}
        self.ordinals = settings.get("ordinals") or []
        self.cardinals = settings.get("cardinals") or []
        self.data_dictionary = settings.get("data_dictionary") or {}
        self.charts = Section(settings.get("charts") or {}, self.code, "charts")
        self.theme = settings.get("theme") or {}
        self.source_names = settings.get("source_names") or {}
        other = settings.get("other_language") or {}
        self.other_code = other.get("code", "")
        self.other_names = sorted({*other.get("names", []), *self.source_names}, key=len, reverse=True)
        self.other_in_quotes = bool(other.get("in_guillemets"))
        return self

    def mkdocs(self, paths: Paths) -> Path:
        """The edition's MkDocs configuration in the project folder `paths`."""
        return paths.root / self.mkdocs_path

    def out(self, paths: Paths) -> Path:
        """Where the pages stage writes this edition's pages."""
        return paths.root / self.out_path

    @property
    def is_main(self) -> bool:
        return self.order == 1

    @property
    def suffix(self) -> str:
        """What the edition's chart files add to a chart's id: '' in the main language, '-en' in English."""
        return "" if self.is_main else f"-{self.code}"

    def word(self, key: str, /, **values) -> str:
        """A word or phrase from the translations file, with {placeholders} filled in."""
        try:
            text = self.words[key]
        except KeyError:
            raise KeyError(f"build_scripts/core/i18n/{self.code}.yml: no word '{key}' under words") from None
        return text.format(**values) if values else text

    def message(self, key: str, /, **values) -> str:
        """What a command says, from the translations file's `messages`, with {placeholders} filled in."""
        return self._said("messages", key, values)

    def problem(self, key: str, /, **values) -> str:
        """What a problem's code says, from the translations file's `problems`, with {placeholders} filled in."""
        return self._said("problems", key, values)

    def problem_title(self, key: str, /, **values) -> str:
        """The short title of a kind of problem, from the translations file's `problem_titles`."""
        return self._said("problem_titles", key, values)

    def _said(self, section: str, key: str, values: dict) -> str:
        try:
            text = getattr(self, section)[key]
        except KeyError:
            what = {"messages": "message", "problems": "problem", "problem_titles": "problem title"}[section]
            raise KeyError(f"build_scripts/core/i18n/{self.code}.yml: no {what} '{key}' under {section}") from None
        return text.format(**{name: self._value(section, value) for name, value in values.items()})

    def _value(self, section: str, value):
        """A message's value as this language writes it: a Phrase said from the same section, a ByLanguage taken."""
        if isinstance(value, Phrase):
            return self._said(section, value.key, dict(value.values))
        if isinstance(value, ByLanguage):
            return dict(value.texts)[self.code]
        return value

    def ordinal(self, n: int) -> str:
        """3 -> 'third' / 'tredje'; beyond the file's list, the number with a full stop ('11.')."""
        return self.ordinals[n - 1] if 0 < n <= len(self.ordinals) else f"{n}."

    def cardinal(self, n: int) -> str:
        """6 -> 'six' / 'seks'; beyond the file's list, the number itself."""
        return self.cardinals[n] if 0 <= n < len(self.cardinals) else str(n)

    def location_parts(self, location: str | None) -> list[tuple[str, bool]]:
        """A source location as (text, translated) parts: 'Afsnit 3, Socialområdet' in English is
        [('Section 3', True), (', ', True), ('Socialområdet', False)]; a part that is not translated is a
        title in the source's own language (mark it as such on the page)."""
        if not location:
            return []
        parts: list[tuple[str, bool]] = []
        for i, part in enumerate(location.split(", ")):
            if i:
                parts.append((", ", True))
            word, _, rest = part.partition(" ")
            known = word in self.source_locations or word in self.source_locations.values()
            if known and (not rest or re.fullmatch(r"[\dA-Za-z.]+", rest)):
                parts.append((" ".join(p for p in (self.source_locations.get(word, word), rest) if p), True))
            else:
                parts.append((part, not self.source_locations))  # in the main language nothing is foreign
        return parts

    def table_title(self, resource: dict) -> str:
        """A table's title in this language: 'Enheder / Units' is 'Enheder' in the main language, else 'Units'."""
        parts = resource.get("title", resource["name"]).split(" / ")
        return parts[0] if self.is_main or len(parts) == 1 else parts[1]

    def table_description(self, resource: dict) -> str:
        """A table's description: this language's from the translations file, else datapackage.json's (English)."""
        return self.data_dictionary.get("resources", {}).get(resource["name"]) or resource.get("description", "")

    def field_description(self, resource: dict, field: dict) -> str:
        """A field's description: 'table.field', then 'field' in the translations file, else datapackage.json's."""
        fields = self.data_dictionary.get("fields", {})
        return fields.get(f"{resource['name']}.{field['name']}") or fields.get(field["name"]) or field.get("description", "")

    def location(self, location: str | None) -> str:
        """A source location as plain text in this language: its location words ('Boks 2' -> 'Box 2') and the
        titles of its sections translated where this language has a name for them ('Afsnit 3, Socialområdet' ->
        'Section 3, Social services'). For text that cannot mark a language: a link's title, an image."""
        return "".join(text if translated else self.name(text) for text, translated in self.location_parts(location))

    def location_words(self, location: str | None) -> str:
        """A source location with only its location words in this language ('Afsnit 3, Socialområdet' -> 'Section 3,
        Socialområdet'): the section's title stays the source's, for markup that shows it with its translation."""
        return "".join(text for text, _ in self.location_parts(location))

    def translation(self, name: str | None) -> str | None:
        """This language's name for a Danish name of the sources (a title, a section, a publisher), or None."""
        return self.source_names.get(" ".join((name or "").split()))

    def name(self, name: str | None) -> str:
        """A Danish name of the sources in this language where it has one, else as the source writes it."""
        return self.translation(name) or (name or "")


@dataclass(frozen=True, init=False)
class Phrase:
    """Words of a language file with their values, not yet said: a value of a message that is said in the
    message's language, from the same section. Phrase("kind_folder") is 'en mappe' in a Danish message and 'a
    folder' in an English one. Compares and hashes by its key and values."""

    key: str
    values: tuple  # (name, value) pairs, by name

    def __init__(self, key: str, /, **values):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", tuple(sorted(values.items())))


@dataclass(frozen=True, init=False)
class ByLanguage:
    """A value of a message that each language writes its own way ('1,5 MB' / '1.5 MB'), by language code."""

    texts: tuple  # (code, text) pairs

    def __init__(self, texts: dict):
        object.__setattr__(self, "texts", tuple(sorted(texts.items())))

    @classmethod
    def of(cls, write) -> "ByLanguage":
        """write(lang) in every language: ByLanguage.of(lambda lang: fmt.size(n, lang))."""
        return cls({lang.code: write(lang) for lang in languages()})


@functools.cache
def languages() -> tuple[Lang, ...]:
    """Every language with a translations file, the main language first."""
    langs = [Lang(yaml.load(p.read_text(encoding="utf-8"), Loader=yaml_loader())) for p in sorted(I18N_DIR.glob("*.yml"))]
    # A file whose order is no whole number goes last (validate's language_words names it; red team 57, finding 6)
    return tuple(sorted(langs, key=lambda lang: (type(lang.order) is not int, lang.order if type(lang.order) is int
                                                 else 0, lang.code)))


def get(code: "str | Lang") -> Lang:
    """The Lang for a code ('da', 'en'), or the Lang itself."""
    if isinstance(code, Lang):
        return code
    for lang in languages():
        if lang.code == code:
            return lang
    raise KeyError(f"no translations file build_scripts/core/i18n/{code}.yml")


def main() -> Lang:
    return languages()[0]


def say(key: str, /, **values) -> str:
    """A command's message in every language, the main one first, joined by " / " (maintainers read either)."""
    return " / ".join(lang.message(key, **values) for lang in languages())
