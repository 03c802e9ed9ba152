"""Numbers, amounts and dates in the reader's language, shared by charts and pages. Pure functions.

Numbers and dates are formatted by Babel with the language's locale (build_scripts/core/i18n/<code>.yml):
Danish '1.234,5' and '1. januar 2021', English '1,234.5' and '1 January 2021'. `lang` is a `Lang` or its
code; the functions keep their Danish default only so that older callers keep working.
"""

import datetime
import math
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from build_scripts.core import lang as languages

MAX_DECIMALS = 12  # the most decimals a number is written with (validate's page_decimals holds pages to it)


def number(value, decimals: int | None = None, lang: "str | languages.Lang" = "da") -> str:
    """da: 825080 -> '825.080', 14.1 -> '14,1'; en: '825,080', '14.1'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value) == int(value) else len(repr(float(value)).split(".")[1])
    if not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:  # -1 would round 98 to 100
        raise ValueError(f"decimals must be a whole number from 0 to {MAX_DECIMALS}, not {decimals!r}")
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=languages.get(lang).locale)


def with_unit(value, unit_label: str, qualifier: str | None = None, decimals: int | None = None,
              lang: "str | languages.Lang" = "da") -> str:
    """'ca. 350 mio. kr.' / 'approx. DKK 350 million' (the language's pattern for the unit, if it has one)."""
    pattern = languages.get(lang).amounts.get(unit_label, "{number} {unit}")
    amount = pattern.format(number=number(value, decimals, lang), unit=unit_label).strip()
    return " ".join(p for p in (qualifier, amount) if p)


def figure_text(row: dict, unit_label: str, qualifier_label: str | None = None,
                lang: "str | languages.Lang" = "da") -> str:
    """A figure row as the reader sees it; a fraction keeps the source's own notation.

    `qualifier_label` is the qualifier in the reader's language (the Danish row holds the source's own).
    """
    qualifier = qualifier_label if qualifier_label is not None else row.get("qualifier")
    if row["unit"] == "andel":
        return " ".join(p for p in [qualifier, row["value_text"]] if p)
    return with_unit(row["value"], unit_label, qualifier, lang=lang)


def size(n_bytes: int, lang: "str | languages.Lang" = "da") -> str:
    """File size: '1,2 MB', '830 kB', '412 bytes' (English: '1.2 MB')."""
    if n_bytes < 1000:
        return f"{n_bytes} {languages.get(lang).word('bytes')}"
    if n_bytes < 1_000_000:
        return f"{number(n_bytes / 1000, 0 if n_bytes >= 100_000 else 1, lang)} kB"
    return f"{number(n_bytes / 1_000_000, 1, lang)} MB"


def date(iso: str | None, lang: "str | languages.Lang" = "da") -> str:
    """'2021-01-01' -> '1. januar 2021' / '1 January 2021' (Babel, the language's locale); a year or a period
    in words ('primo 2021') is returned as it is, in English as 'early 2021', and no date as ''."""
    if not iso:
        return ""
    language = languages.get(lang)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        early = re.fullmatch(r"primo (\d{4})", iso)
        return language.word("early", year=early.group(1)) if early else iso
    return format_date(datetime.date.fromisoformat(iso), format=language.date_format, locale=language.locale)


def date_range(start: str, end: str, lang: "str | languages.Lang" = "da") -> str:
    """'2021-09-06'..'2021-09-10' -> '6.–10. september 2021' / '6–10 September 2021'; across months
    '27. september – 1. oktober 2021'; one day as date(). Patterns from the language file (`date_range`)."""
    language = languages.get(lang)
    first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if first == last:
        return date(start, language)
    patterns = language.date_range
    head = patterns["day"] if (first.year, first.month) == (last.year, last.month) else patterns["day_month"]
    separator = "–" if head == patterns["day"] else " – "
    return format_date(first, format=head, locale=language.locale) + separator + date(end, language)


def weeks_in_year(year: int) -> int:
    """How many ISO weeks a year has, 52 or 53 (28 December always lies in the year's last week)."""
    return datetime.date(year, 12, 28).isocalendar().week


def iso_weeks(year: int, week_from: int, week_to: int) -> tuple[str, str]:
    """ISO weeks as the working days they span: Monday of the first to Friday of the last ('2021-11-01', '2021-11-19').
    Each week lies in 1..weeks_in_year(year): `validate` refuses a timeline whose weeks do not (validate/timeline.py)."""
    return (datetime.date.fromisocalendar(year, week_from, 1).isoformat(),
            datetime.date.fromisocalendar(year, week_to, 5).isoformat())


def timeline_year(steps) -> int | None:
    """The year a timeline's steps without dates count their ISO weeks in: the year of its first step's date_from
    (in the table's order); None for a timeline without dates."""
    return next((int(s["date_from"][:4]) for s in steps if s["date_from"]), None)


def step_period(step: dict, year: int | None) -> tuple[str, str, bool]:
    """When a step of the timeline took place, as ISO dates (first, last) and whether they were computed: the
    step's own dates, or, where it gives only ISO weeks, Monday of the first to Friday of the last in `year`."""
    if not step["date_from"] and step["week_from"]:
        return (*iso_weeks(year, int(step["week_from"]), int(step["week_to"])), True)
    return step["date_from"], step["date_to"], False
