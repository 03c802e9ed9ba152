"""The timeline (timeline.csv, the report's tabel 1) as the method page shows it: every step a period the page can
turn into dates. Used by `validate` (stage.py) for this project's package.

The page (docs/metode.md) shows each step's dates, or, for a step that gives only ISO weeks, Monday of the first
week to Friday of the last in the timeline's year (fmt.step_period, fmt.timeline_year). So, beyond the rules for
every row (floor.py: an end not before its start, a week that is its date's ISO week):

- a period's start and end are filled in together (date_from with date_to, week_from with week_to), and every
  step has one of the two;
- the weeks are those `when_text` names ('Uge 44-46': week_from 44 and week_to 46), the table's own words;
- a step with weeks and no dates needs the timeline's year (a step with dates), and its weeks exist in that ISO
  year (2021 has no week 53): fmt.iso_weeks can then compute every step the page shows.
"""

import re

from build_scripts.core import fmt
from build_scripts.core.text import excerpt
from build_scripts.stages.validate import contract
from build_scripts.stages.validate.floor import comparable
from build_scripts.stages.validate.problem import Problem

PAIRS = (("date_from", "date_to"), ("week_from", "week_to"))
# The weeks a when_text names: 'Uge 44-46', 'Primo uge 40 (4. okt – 8. okt)', 'uger 44 til 46', 'week 36'; the
# numbers after 'uge' joined by a dash, 'til' or 'og' (a day's '6.-10' after the week is not one).
WRITTEN_WEEKS = re.compile(
    r"\b(?:uge|uger|ugerne|week|weeks)\s+(\d{1,2}(?:\s*(?:-|–|—|til|og|to|and)\s*(?:uge\s+|week\s+)?\d{1,2})*)\b",
    flags=re.IGNORECASE)


def written_weeks(when_text: str) -> tuple[int, int] | None:
    """The first and last week a when_text names, or None where it names none ('29. okt')."""
    numbers = [int(n) for found in WRITTEN_WEEKS.findall(when_text) for n in re.findall(r"\d+", found)]
    return (numbers[0], numbers[-1]) if numbers else None


def problems(rows, name: str) -> list:
    """Every step of the timeline (rows as floor.read_rows gives them) against the rules above."""
    table = contract.TABLES["timeline"]
    year = fmt.timeline_year(row for _, row in rows if comparable(table, row, "date_from"))
    found = []
    for line, row in rows:
        written = _written_problems(table, line, row, name)
        of_row = written + _pair_problems(line, row, name, bool(written))
        if not row.get("date_from") and not row.get("date_to"):
            of_row += _week_year_problems(table, line, row, name, year, rows)
        named = set()
        for problem in of_row:  # one message per cell: the first said
            if problem.field not in named:
                found.append(problem)
                named.add(problem.field)
    return found


def _pair_problems(line: int, row: dict, name: str, weeks_named: bool) -> list:
    """Both ends of each period or neither, and at least one period (unless the missing weeks were named)."""
    found = []
    for first, last in PAIRS:
        for empty, filled in ((first, last), (last, first)):
            if not row.get(empty) and row.get(filled):
                found.append(Problem("period_half", name, line, empty,
                                     {"field": empty, "other": filled, "value": excerpt(row[filled])},
                                     kind="missing_value"))
    if not weeks_named and not any(row.get(field) for pair in PAIRS for field in pair):
        found.append(Problem("step_without_period", name, line, "date_from", kind="missing_value"))
    return found


def _written_problems(table: contract.Table, line: int, row: dict, name: str) -> list:
    """The weeks are those when_text names, where it names weeks."""
    written = written_weeks(row.get("when_text", ""))
    if written is None:
        return []
    found = []
    for field, expected in zip(("week_from", "week_to"), written):
        value = row.get(field, "")
        if not value:
            found.append(Problem("week_missing_as_written", name, line, field, {
                "field": field, "when_text": excerpt(row["when_text"]), "week": expected}, kind="missing_value"))
        elif comparable(table, row, field) not in (None, expected):
            found.append(Problem("week_not_as_written", name, line, field, {
                "field": field, "value": excerpt(value), "when_text": excerpt(row["when_text"]), "week": expected},
                kind="invalid_value"))
    return found


def _week_year_problems(table: contract.Table, line: int, row: dict, name: str, year: int | None, rows) -> list:
    """A step with only weeks: the timeline has a year, and the weeks exist in it as ISO weeks."""
    weeks = {field: comparable(table, row, field) for field in ("week_from", "week_to")}
    if not any(isinstance(week, int) for week in weeks.values()):
        return []
    if year is None:
        return [Problem("weeks_without_year", name, line, "week_from", kind="missing_value")]
    dated = next(number for number, other in rows if comparable(table, other, "date_from"))
    most = fmt.weeks_in_year(year)
    return [Problem("week_not_in_year", name, line, field,
                    {"field": field, "week": week, "year": year, "weeks": most, "line": dated}, kind="invalid_value")
            for field, week in weeks.items() if isinstance(week, int) and week > most]
