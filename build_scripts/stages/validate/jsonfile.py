"""Strict JSON: what `validate` accepts as datapackage.json, the submission's descriptor and the TopoJSON. Pure.

Python's json module accepts what JSON does not: NaN, Infinity and -Infinity (and 1e400 becomes infinity), and
an object with the same key twice (the last one wins, silently). Both are refused here, with the place named as
a path of keys and indexes ('resources/3/schema/fields/2'); so is a file over MAX_BYTES, before it is read.
"""

import io
import json
import math
from pathlib import Path

from build_scripts.core.lang import Phrase, main

MAX_BYTES = 20_000_000  # a descriptor or a boundary file; the package's own are far smaller


class StrictJSONError(ValueError):
    """The text is not strict JSON: `phrase` says why (an entry of the language files' `problems`), `line` (or None)
    and `where` (a path of keys) say where."""

    def __init__(self, phrase: Phrase, line: int | None = None, where: str | None = None):
        super().__init__(main().problem(phrase.key, **dict(phrase.values)))
        self.phrase, self.line, self.where = phrase, line, where


class _Pairs(list):
    """An object's (key, value) pairs as read, duplicates kept, until check() has looked at them."""


def _constant(name: str):
    raise StrictJSONError(Phrase("json_not_a_number", name=name))


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise StrictJSONError(Phrase("json_number_too_large", number=text[:40]))
    return value


def _unpack(node, path: tuple = ()):
    """The document with its objects as dicts; raises StrictJSONError at the first duplicate key."""
    if isinstance(node, _Pairs):
        result = {}
        for key, value in node:
            if key in result:
                where = "/".join(str(p) for p in (*path, key))
                raise StrictJSONError(Phrase("json_key_twice", key=key[:60], where=where), where=where)
            result[key] = _unpack(value, (*path, key))
        return result
    if isinstance(node, list):
        return [_unpack(value, (*path, i)) for i, value in enumerate(node)]
    return node


def loads(text: str):
    """Strict JSON text to Python; raises StrictJSONError or json.JSONDecodeError (with its line and column)."""
    try:
        tree = json.loads(text, object_pairs_hook=_Pairs, parse_constant=_constant, parse_float=_float)
    except StrictJSONError as err:
        if err.line is None and err.where is None:
            err.line = _line_of(text, err)
        raise
    return _unpack(tree)


def _line_of(text: str, err: StrictJSONError) -> int | None:
    """The line of the first NaN/Infinity or huge number the error is about (a best effort)."""
    import re

    match = re.search(r"(?<![\w\"])(-?Infinity|NaN|-?\d+(?:\.\d+)?[eE][+]?\d{3,})(?![\w\"])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load(path: Path):
    """A strict JSON file (UTF-8, a BOM allowed); the size is checked before it is read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise StrictJSONError(Phrase("file_too_large_json", size=size, limit=MAX_BYTES))
    return loads(path.read_text(encoding="utf-8-sig"))


def as_read(data: bytes) -> str:
    """A file's bytes as load reads its text: UTF-8, a BOM dropped, each line break a '\\n' (text mode's newlines,
    as Path.read_text reads them); raises UnicodeDecodeError as load does."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()
