"""A problem `validate` or `check-submission` found: where it is, and what is wrong as a code of the language files.

The words are data: a Problem holds a code (a key of `problems` in build_scripts/core/i18n/<code>.yml), the values
its message is filled in with, and the key of its short title (`problem_titles`). It is said in every language
when it is printed: 'file: linje 2, felt x: … | line 2, field x: …'. A Finding is what a rule says about a value
before the caller knows where the value stands.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

from build_scripts.core.lang import Phrase, get, languages, main


@dataclass(frozen=True, init=False)
class Problem:
    code: str            # the message's key under `problems`
    file: str
    line: int | None
    field: str | None
    params: tuple        # the message's values as (name, value) pairs, by name
    kind: str            # the title's key under `problem_titles`

    def __init__(self, code: str, file: str, line: int | None = None, field: str | None = None,
                 params: "dict | tuple | None" = None, *, kind: str):
        for name, value in (("code", code), ("file", file), ("line", line), ("field", field),
                            ("params", tuple(sorted(dict(params or {}).items()))), ("kind", kind)):
            object.__setattr__(self, name, value)

    @classmethod
    def saying(cls, phrase: Phrase, file: str, line: int | None = None, field: str | None = None, *,
               kind: str) -> "Problem":
        """The problem a rule's Phrase names, at a place."""
        return cls(phrase.key, file, line, field, phrase.values, kind=kind)

    @classmethod
    def found(cls, finding: "Finding", file: str, line: int | None = None, field: str | None = None) -> "Problem":
        return cls.saying(finding.phrase, file, line, field, kind=finding.kind)

    def renamed(self, file: str) -> "Problem":
        """The same problem, reported against another file name (the one the user gave)."""
        return replace(self, file=file)

    def text(self, lang) -> str:
        """What is wrong, in a language."""
        return get(lang).problem(self.code, **dict(self.params))

    @property
    def da(self) -> str:
        return self.text("da")

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def title(self) -> str:
        """The short title, in the main language (a GitHub annotation's title)."""
        plain = {name: value for name, value in self.params if isinstance(value, (str, int, float))}
        return main().problem_title(self.kind, **plain)  # frictionless's own errors carry their own title

    def where(self, lang) -> str:
        parts = []
        if self.line is not None:
            parts.append(get(lang).word("at_line", line=self.line))
        if self.field is not None:
            parts.append(get(lang).word("at_field", field=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        said = [(f"{self.where(lang)}: " if self.where(lang) else "") + self.text(lang) for lang in languages()]
        return f"{self.file}: " + " | ".join(said)


class Finding(NamedTuple):
    """What a rule says about a value (Phrase) and the key of its title, before it is placed in a file."""

    phrase: Phrase
    kind: str
