"""Small rules about text that several stages and commands apply, each written once. Pure functions.

- how a message quotes a value (excerpt), used by `validate`, `check-submission` and the site stage;
- what a spreadsheet runs as a formula (is_formula_like), refused by `validate` and `check-submission`;
- versions and anchors.
"""

import re

# A bad value is quoted in a message only this far (a 50 MB cell must not become a 50 MB message).
EXCERPT_LENGTH = 60


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def excerpt(value, limit: int = EXCERPT_LENGTH) -> str:
    """A value as a message may quote it: at most `limit` characters (then '…'), and every character that does not
    print (control, line-break, direction and invisible characters, spaces other than ' ') written as \\x.., \\u....
    or \\U........, so that it cannot act (a direction override in a message would turn the terminal's line
    around) and can be seen."""
    text = "" if value is None else str(value)
    shown = "".join(c if c.isprintable() else _escaped(c) for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")


# Text a spreadsheet runs as a formula when it starts with one of these ("formula injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Text starting like a formula; a lone '-' (nothing to report) and plain numbers are not formulas: a
    spreadsheet shows them as a dash and a number, and runs nothing."""
    return text.startswith(FORMULA_STARTS) and text != "-" and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", text)


def version_key(version: str) -> tuple[int, ...]:
    """A version X.Y.Z as numbers, so that 1.10.0 sorts after 1.9.0."""
    return tuple(int(part) for part in version.split("."))


def figure_anchor(table: str, figure_key: str) -> str:
    """A sourced figure's id on the sources page: 'key_figures', 'reported_expenditure' -> key-figures-reported-expenditure."""
    return f"{table}-{figure_key}".replace("_", "-")
