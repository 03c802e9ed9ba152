"""The precision a published figure's text implies, as an interval. Pure functions.

Used by the derive stage's reconciliation (build_scripts/stages/derive/stage.py). Every rule is written down here, once:

| the text says                 | the figure lies in                          | example                          |
| ----------------------------- | ------------------------------------------- | -------------------------------- |
| a number, e.g. "318", "14,1"  | ± half a unit of its last written digit     | 318 → [317,5; 318,5]             |
|                               |                                             | 14,1 → [14,05; 14,15]            |
| whole thousands, "495.000"    | ± half a thousand (the "000" groups after   | 495.000 → [494.500; 495.500]     |
|                               | the thousands separator are not digits the  |                                  |
|                               | text vouches for)                           |                                  |
| a count that cannot have been | exactly that number                         | 98 kommuner → [98; 98]           |
| rounded (units in EXACT_UNITS)|                                             |                                  |
| "ca. X", "omkring X"          | X rounded at its last non-zero digit:       | ca. 350 → [345; 355]             |
|                               | ± half a unit of that digit, and never      | ca. 68 → [67,32; 68,68]          |
|                               | narrower than ± 1 % of X                    | ca. 525.000 → [519.750; 530.250] |
| "knap X" (just under X)       | [X − one unit of X's last non-zero digit; X]| knap 523.000 → [522.000; 523.000]|
| "godt X" (a little over X)    | [X; X + one unit of X's last non-zero digit]| godt 700 → [700; 800]            |
| "over X"                      | [X; +∞]                                     | over 30 → [30; +∞]               |
| "under X"                     | [−∞; X]                                     | under 1 → [−∞; 1]                |
| a value no source states but  | exactly that number                         | the shares' sum, 100             |
| a definition fixes            |                                             |                                  |
| words or fractions ("fem",    | not read: PrecisionError (no check uses     |                                  |
| "1/3")                        | such a figure)                              |                                  |

Why these widths: "ca." says the figure is rounded but not to what. The written digits show the finest rounding
it can be (at the last non-zero digit: "ca. 350" is at least rounded to tens), never the coarsest: Boks 2 writes
825.080 as "ca. 825.000" (to thousands) and, in the same sentence, 526.692 as "ca. 525.000" (to the nearest 5.000,
or coarser). So "ca." is read as the rounding its digits show, widened to ± 1 % of the figure where that is wider:
the sources' own "ca." figures are within 1 % of the figures they round wherever both are given. "Knap"/"godt" say
the true figure is a little under/over X; had it been more than one unit of X's last non-zero digit away, the
text would have named the next round number (knap 523.000 is not 521.800, which would be "knap 522.000").
"Over"/"under" give one bound only. Open or closed ends make no difference to the comparisons made here, so
every interval is closed.

Interval arithmetic is mpmath's `iv` context (mpmath, a long-maintained, pure-Python library): its intervals
round outwards, so a computed interval always contains every value the inputs allow. An interval computed by
naive interval arithmetic can be wider than the true range when an input occurs twice in a formula; the
reconciliation writes each formula with every input once where it can, and a wider interval can only turn an
"inconsistent" into a "consistent", never the other way round.
"""

from decimal import Decimal

from mpmath import iv

from build_scripts.core.lang import say
from build_scripts.core.text import QUALIFIERS  # the qualifiers of the sources, written once

EXACT_UNITS = {"kommuner", "indsatser"}  # counts of municipalities and initiatives: whole numbers, never rounded
APPROXIMATE_SHARE = Decimal("0.01")  # "ca. X" / "omkring X" is never read narrower than X ± 1 %
Interval = type(iv.mpf(0))


class PrecisionError(ValueError):
    """A figure's text cannot be read as a number with a known precision."""


def parse(value_text: str) -> tuple[Decimal, Decimal]:
    """A number as Danish text ("318", "14,1", "495.000") → (value, unit of its last significant digit)."""
    text = str(value_text).strip()
    if not text or not all(c.isdigit() or c in ".,-" for c in text):
        raise PrecisionError(say("precision_not_digits", text=value_text))
    whole, _, decimals = text.partition(",")
    groups = whole.split(".")
    if any(not g.isdigit() for g in groups[1:]) or any(len(g) != 3 for g in groups[1:]):
        raise PrecisionError(say("precision_separator", text=value_text))
    value = Decimal(whole.replace(".", "") + ("." + decimals if decimals else ""))
    if decimals:
        return value, Decimal(1).scaleb(-len(decimals))
    zero_groups = 0
    for group in reversed(groups[1:]):
        if group != "000":
            break
        zero_groups += 1
    return value, Decimal(1000) ** zero_groups


def last_nonzero_unit(value: Decimal, unit: Decimal) -> Decimal:
    """The unit of a number's last non-zero digit, never smaller than the unit it is written in (350 → 10)."""
    if value == 0:
        return unit
    step = unit
    while value % (step * 10) == 0:
        step *= 10
    return step


def bounds(value_text: str, qualifier: str | None = None, unit_id: str | None = None) -> tuple[Decimal, Decimal]:
    """The interval (low, high) a figure's text implies; ±infinity for a one-sided bound."""
    value, unit = parse(value_text)
    qualifier = qualifier or None
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise PrecisionError(say("precision_qualifier", qualifier=qualifier))
    if qualifier == "over":
        return value, Decimal("Infinity")
    if qualifier == "under":
        return Decimal("-Infinity"), value
    if qualifier in ("knap", "godt"):
        step = last_nonzero_unit(value, unit)
        return (value - step, value) if qualifier == "knap" else (value, value + step)
    if qualifier in ("ca.", "omkring"):
        half = max(last_nonzero_unit(value, unit) / 2, abs(value) * APPROXIMATE_SHARE)
        return value - half, value + half
    if unit_id in EXACT_UNITS:
        return value, value
    return value - unit / 2, value + unit / 2


def interval(value_text: str, qualifier: str | None = None, unit_id: str | None = None) -> Interval:
    """The same as `bounds`, as an mpmath interval (outward-rounded from the exact decimal bounds)."""
    low, high = bounds(value_text, qualifier, unit_id)
    return iv.mpf([_iv_bound(low), _iv_bound(high)])


def exact(value) -> Interval:
    """A number that carries no rounding (a population count, a value fixed by definition)."""
    return iv.mpf(str(value))


def _iv_bound(d: Decimal) -> str:
    if d.is_infinite():
        return "inf" if d > 0 else "-inf"
    return str(d)


def meets(a: Interval, b: Interval) -> bool:
    """Whether two intervals share at least one value."""
    return a.a <= b.b and b.a <= a.b


def low(x: Interval) -> float:
    return float(x.a)


def high(x: Interval) -> float:
    return float(x.b)
