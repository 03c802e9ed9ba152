"""Danish and English formatting of numbers and figures, shared by charts and pages. Pure functions."""

import math
import re

SEPARATORS = {"da": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def number(value, decimals: int | None = None, lang: str = "da") -> str:
    """da: 825080 -> '825.080', 14.1 -> '14,1'; en: '825,080', '14.1'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value) == int(value) else len(repr(float(value)).split(".")[1])
    thousands, decimal = SEPARATORS[lang]
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def with_unit(value, unit_label: str, qualifier: str | None = None, decimals: int | None = None, lang: str = "da") -> str:
    """'ca. 350 mio. kr.' / 'approx. 350 DKK million'"""
    parts = [qualifier] if qualifier else []
    parts += [number(value, decimals, lang), unit_label]
    return " ".join(p for p in parts if p)


def figure_text(row: dict, unit_label: str, qualifier_label: str | None = None, lang: str = "da") -> str:
    """A figure row as the reader sees it; a fraction keeps the source's own notation.

    `qualifier_label` is the qualifier in the reader's language (the Danish row holds the source's own).
    """
    qualifier = qualifier_label if qualifier_label is not None else row.get("qualifier")
    if row["unit"] == "andel":
        return " ".join(p for p in [qualifier, row["value_text"]] if p)
    return with_unit(row["value"], unit_label, qualifier, lang=lang)


def size(n_bytes: int, lang: str = "da") -> str:
    """File size: '1,2 MB', '830 kB', '412 bytes' (English: '1.2 MB')."""
    if n_bytes < 1000:
        return f"{n_bytes} bytes"
    if n_bytes < 1_000_000:
        return f"{number(n_bytes / 1000, 0 if n_bytes >= 100_000 else 1, lang)} kB"
    return f"{number(n_bytes / 1_000_000, 1, lang)} MB"


MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
           "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December"],
}


def date(iso: str | None, lang: str = "da") -> str:
    """'2021-01-01' -> '1. januar 2021' / '1 January 2021'; a year or a period in words ('primo 2021') is
    returned as it is, and no date as ''."""
    if not iso:
        return ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        early = re.fullmatch(r"primo (\d{4})", iso)
        return f"early {early.group(1)}" if early and lang == "en" else iso
    year, month, day = iso.split("-")
    return f"{int(day)}{'.' if lang == 'da' else ''} {MONTHS[lang][int(month) - 1]} {year}"
