"""Danish formatting of numbers and figures, shared by charts and pages. Pure functions."""

import math


def number(value, decimals: int | None = None) -> str:
    """825080 -> '825.080', 14.1 -> '14,1', 54.4516 with decimals=1 -> '54,5'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value) == int(value) else len(repr(float(value)).split(".")[1])
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value, unit_label: str, qualifier: str | None = None, decimals: int | None = None) -> str:
    """'ca. 350 mio. kr.'"""
    parts = [qualifier] if qualifier else []
    parts += [number(value, decimals), unit_label]
    return " ".join(p for p in parts if p)


def figure_text(row: dict, unit_label: str) -> str:
    """A figure row as the reader sees it; a fraction keeps the source's own notation."""
    if row["unit"] == "andel":
        return " ".join(p for p in [row.get("qualifier"), row["value_text"]] if p)
    return with_unit(row["value"], unit_label, row.get("qualifier"))


def size(n_bytes: int) -> str:
    """File size the Danish way: '1,2 MB', '830 kB', '412 bytes'."""
    if n_bytes < 1000:
        return f"{n_bytes} bytes"
    if n_bytes < 1_000_000:
        return f"{number(n_bytes / 1000, 0 if n_bytes >= 100_000 else 1)} kB"
    return f"{number(n_bytes / 1_000_000, 1)} MB"
