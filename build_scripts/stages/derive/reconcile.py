"""The reconciliation's engine: the report's numbers checked against each other by interval arithmetic.

Reads  checks.yml beside this file (every check, its words and the verdicts' words) and, through package.py, the
       data package. Writes nothing; the derive stage writes the table (build/derived/reconciliation.csv).

Every published figure stands for the interval its text implies (precision.py: "318" → [317,5; 318,5], "ca. 350"
→ [345; 355]). A check evaluates its formula on its inputs' intervals and on their values as written, and the
verdict says whether the computed and the published interval overlap: rounding can explain a difference, or not.
A check that needs a choice the report does not state (the date of the population) has one row per choice.
A check adds and compares figures in its units only (FORMULA_UNITS): a figure in another unit stops the stage in one
line naming the figure's file, line and field, as `validate` does before (unit_problems).
"""

import functools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import yaml

from build_scripts.core import fmt, lang, package
from build_scripts.core.errors import BuildStopped
from build_scripts.core.paths import Paths
from build_scripts.core.text import yaml_loader
from build_scripts.stages.derive import precision
from build_scripts.stages.derive.population import population
from build_scripts.stages.validate.problem import Problem

CHECKS_YML = Path(__file__).with_name("checks.yml")
LANGS = ("da", "en")  # the reconciliation table has its words in these two languages (label_da, label_en, …)

# The report does not say on which date it counted the population. Plausible: 1 January of the accounts year
# (2019) up to 1 January of the year the report was published (2022). Each is its own row of a check that needs it.
POPULATION_DATES = ("2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01")
# The decimals the computed values, their bounds and the difference are rounded to in the table. The columns'
# descriptions say it ('rounded to 4 decimals'): derive.schema.METHOD_NUMBERS, which validate holds them to.
DECIMALS = 4


@functools.cache
def _checks_file() -> dict:
    return yaml.load(CHECKS_YML.read_text(encoding="utf-8"), Loader=yaml_loader())


def fixed_dates() -> set[str]:
    """The population dates that single checks name themselves (`date:` in checks.yml)."""
    return {check["date"] for check in _checks_file()["checks"] if check.get("date")}


def words(group: str) -> dict[str, tuple[str, str]]:
    """The verdicts' or the variant results' words, by key, as (Danish, English)."""
    return {key: (text["da"], text["en"]) for key, text in _checks_file()[group].items()}


def total_of(*xs):
    return sum(xs[1:], xs[0])


# How a check computes its value from its inputs; each works on numbers and on intervals alike. `weights` is the
# regions' population on the row's date (only weighted_by_region_population uses it).
FORMULAS = {
    "sum": lambda xs, weights: total_of(*xs),
    "same": lambda xs, weights: xs[0],
    "share": lambda xs, weights: 100 * xs[0] / xs[1],
    "share_of_two": lambda xs, weights: 100 * (xs[0] + xs[1]) / xs[2],
    "scaled_by_coverage": lambda xs, weights: xs[0] / (xs[1] / 100),
    "sum_scaled_by_coverage": lambda xs, weights: total_of(*xs[1:]) / (xs[0] / 100),
    "kr_per_unit": lambda xs, weights: xs[0] * 1_000_000 / xs[1],
    "first_share_of_sum": lambda xs, weights: 100 / (1 + total_of(*xs[1:]) / xs[0]),  # each figure occurs once
    "weighted_by_region_population": lambda xs, weights:
        total_of(*[x * w for x, w in zip(xs, weights)]) / sum(weights),
}
# The units each formula computes with. A check's `unit` is the unit of its result and of the published figure it is
# compared with; per input, in order: "unit" (the check's), "alike" (one unit, whichever: a share divides like by
# like), a unit id, or None (any: what an amount is divided by); the last entry stands for every further input. A
# figure without a unit (an exact number, a population, a count of rows, a region's column) fits every place.
FORMULA_UNITS = {
    "sum": ("unit",),
    "same": ("unit",),
    "share": ("alike",),
    "share_of_two": ("alike",),
    "scaled_by_coverage": ("unit", "pct"),
    "sum_scaled_by_coverage": ("pct", "unit"),
    "kr_per_unit": ("mio_kr", None),  # an amount in mio. kr. (× 1.000.000) per person or initiative
    "first_share_of_sum": ("alike",),
    "weighted_by_region_population": ("unit",),
}


def unit_misfit(check: dict, published: str | None, inputs: list[str | None]) -> tuple[int, str] | None:
    """The first figure whose unit does not fit the check (FORMULA_UNITS), as (its place: -1 for the published
    figure, else the input's index; the unit it should have), or None. `published`, `inputs`: the figures' units
    (None: a figure without one). The reconciliation adds and compares numbers: 100 mia. kr. added to 98 mio. kr. is
    no sum."""
    unit = published if check["unit"] == "published" else check["unit"]
    if published is not None and published != unit:
        return -1, unit
    roles, alike = FORMULA_UNITS[check["formula"]], None
    for i, found in enumerate(inputs):
        role = roles[min(i, len(roles) - 1)]
        expected = unit if role == "unit" else alike if role == "alike" else role
        if role == "alike" and alike is None:
            alike = found
        if None not in (found, expected) and found != expected:
            return i, expected
    return None


class Figure:
    """A published figure: its value as written, and the interval its text implies."""

    def __init__(self, value, interval, text, qualifier="", ref="", unit=None, place=None):
        self.value, self.interval, self.text, self.qualifier = float(value), interval, text, qualifier or ""
        self.ref = ref  # the published figure's table and key ('key_figures/initiatives'); '' for a computed one
        self.unit, self.place = unit, place  # a data row's unit, and (file, line) of the row; None for the others

    @classmethod
    def of(cls, row: dict, ref: str = "", place: tuple[str, int] | None = None) -> "Figure":
        """From a data row with value, value_text, qualifier and unit, at `place` (file, line)."""
        qualifier = row.get("qualifier") or None
        text = f"{qualifier} {row['value_text']}" if qualifier else str(row["value_text"])
        return cls(row["value"], precision.interval(row["value_text"], qualifier, row.get("unit")), text,
                   qualifier, ref, row.get("unit"), place)

    @classmethod
    def exact(cls, value) -> "Figure":
        """A number without rounding: a population count, a count of rows, a value a definition fixes."""
        return cls(value, precision.exact(value), str(value))


class Figures(dict):
    """Figure.of(row) for each row, made when a check first uses it (not every figure is written in digits)."""

    def __init__(self, rows: dict, table: str, file: str):
        super().__init__()
        self.rows, self.table, self.file = rows, table, file
        self.lines = {key: line for line, key in enumerate(rows, start=2)}  # one line a row (header = 1)

    def __missing__(self, key):
        self[key] = Figure.of(self.rows[key], f"{self.table}/{key}", (self.file, self.lines[key]))
        return self[key]


def rounded_as(value: float, published_text: str) -> Decimal:
    """`value` rounded to the unit of the published figure's last written digit (90.47 as '91' -> 90)."""
    _, unit = precision.parse(published_text.split()[-1])
    return (Decimal(repr(value)) / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit


def variant_result(point: float, published: Figure) -> tuple[str, str]:
    """The sentence of `variant_results` for a row with a chosen population date, in Danish and English."""
    rounded = rounded_as(point, published.text)
    key = "same" if rounded == Decimal(repr(published.value)) else "other"
    return tuple(text.format(value=fmt.number(point, 2, code), rounded=fmt.number(float(rounded), lang=code),
                             published=published.text if code == "da" else fmt.number(published.value, lang=code))
                 for text, code in zip(words("variant_results")[key], LANGS))


class Sources:
    """The package's figures as the checks refer to them (see checks.yml for the forms of a reference)."""

    def __init__(self, paths: Paths):
        self.paths = paths
        package_json = paths.datapackage_json

        def file(table: str) -> str:
            return paths.shown(package_json.parent / package.resource(table, package_json)["path"])

        self.key_rows = package.figures(package_json, "key_figures")
        self.tables = {"key_figures": Figures(self.key_rows, "key_figures", file("key_figures")),
                       "target_group": Figures(package.figures(package_json, "target_group"), "target_group",
                                               file("target_group"))}
        self.areas = {f"{r['area_id']}-{r['measure']}": Figure.of(r, f"area_figures/{r['area_id']}-{r['measure']}",
                                                                  (file("area_figures"), line))
                      for line, r in enumerate(package.records("area_figures", package_json), start=2)}
        self.area_ids = [a["area_id"] for a in sorted(package.records("policy_areas", package_json), key=lambda a: a["sort_order"])]
        self.area_names = package.table("policy_areas", package_json).set_index("area_id")
        self.regions = package.table("regions", package_json)

    def figures(self, ref: str, date: str | None) -> list[Figure]:
        """The figures a reference stands for: one, or one per area or region."""
        table, _, key = ref.partition("/")
        if table == "area_figures":
            return [self.areas[k] for k in area_keys(key, self.area_ids)]
        if table in self.tables:
            return [self.tables[table][key]]
        if table == "exact":
            return [Figure.exact(int(key))]
        if table == "population":
            return [Figure.exact(population(self.paths, date)[0])]
        if table == "count":
            return [Figure.exact(len(package.table(key, self.paths.datapackage_json)))]
        if table == "regions" and key == "coverage":  # as box 1 writes it: whole per cent
            return [Figure(v, precision.interval(str(int(v))), str(int(v))) for v in self.regions["population_coverage_pct"]]
        if table == "regions":
            return [Figure.exact(v) for v in self.regions[key]]
        raise KeyError(f"{CHECKS_YML.name}: unknown reference {ref!r}")

    def region_weights(self, date: str | None) -> list[int]:
        if date is None:
            return []
        _, region_pop = population(self.paths, date)
        return [int(region_pop[code]) for code in self.regions["region_code"]]


def area_keys(key: str, area_ids: list[str]) -> list[str]:
    """The area figures a reference's key names: 'social-income' itself; '*-income' one per area, in order;
    '*-income except beskaeftigelse' all but one."""
    area, _, measure = key.partition("-")
    if area != "*":
        return [key]
    measure, _, left_out = measure.partition(" except ")
    return [f"{a}-{measure}" for a in area_ids if a != left_out]


def expansions(check: dict, area_ids: list[str]) -> list[tuple[dict, str | None]]:
    """The check once per area or key figure it is written for (for_each), with its placeholders filled in, and the
    area or figure (None for a check written once)."""
    each = check.get("for_each")
    if each is None:
        return [(check, None)]
    placeholder, values = ("{area}", area_ids) if each == "area" else ("{figure}", each)
    return [(_filled(check, placeholder, value), value) for value in values]


def expanded(check: dict, sources: Sources) -> list[tuple[dict, dict]]:
    """The check once per area or key figure it is written for, with its placeholders filled in: (check, words'
    values per language). Every check's words may use {areas}, the number of policy areas in words ('seks')."""
    each = check.get("for_each")
    areas = {code: {"areas": lang.get(code).cardinal(len(sources.area_ids))} for code in LANGS}
    if each is None:
        return [(check, areas)]
    if each == "area":
        return [(filled, {code: {**areas[code], "area_name": sources.area_names.loc[area, f"name_{code}"]}
                          for code in LANGS}) for filled, area in expansions(check, sources.area_ids)]
    return [(filled, {code: {**areas[code], "figure_label": sources.key_rows[figure][f"label_{code}"].lower()}
                      for code in LANGS}) for filled, figure in expansions(check, sources.area_ids)]


def _filled(check: dict, placeholder: str, value: str) -> dict:
    """The check's id, published figure and inputs with `placeholder` replaced by `value`."""
    return {**check, "id": check["id"].replace(placeholder, value),
            "published": check["published"].replace(placeholder, value),
            "inputs": [ref.replace(placeholder, value) for ref in check["inputs"]]}


def dates(check: dict) -> list[tuple[str | None, str]]:
    """(population date, variant) of each row the check makes."""
    if check.get("per") == "population_date":
        return [(date, f"population_{date}") for date in POPULATION_DATES]
    return [(check.get("date"), "")]


def evaluate(check: dict, values: dict, sources: Sources, date: str | None, variant: str) -> dict:
    """One row of the reconciliation table: the check evaluated on its inputs' intervals and values as written."""
    published = sources.figures(check["published"], date)[0]
    inputs = [figure for ref in check["inputs"] for figure in sources.figures(ref, date)]
    misfit = unit_misfit(check, published.unit, [i.unit for i in inputs])
    if misfit:  # validate refuses it first (unit_problems); the engine never adds units silently
        where, expected = [published, *inputs][misfit[0] + 1], misfit[1]
        raise UnitMisfit(str(_misfit_problem(check, (where.unit, *where.place), expected)))
    formula, weights = FORMULAS[check["formula"]], sources.region_weights(date)
    computed = formula([i.interval for i in inputs], weights)
    point = formula([i.value for i in inputs], weights)
    not_comparable = check.get("not_comparable")
    if not_comparable:
        verdict = "not_comparable"
    else:
        verdict = "consistent" if precision.meets(computed, published.interval) else "inconsistent"
    results = variant_result(point, published) if variant and not not_comparable else ("", "")
    unit = published_unit(check, sources) if check["unit"] == "published" else check["unit"]
    row = {"check_id": check["id"], "variant": variant}
    row |= {f"label_{code}": check["label"][code].format(**values[code]) for code in LANGS}
    row |= {"published_figure": published.ref, "published_value": published.value,
            "published_qualifier": published.qualifier, "published_text": published.text,
            "published_low": precision.low(published.interval), "published_high": precision.high(published.interval),
            "expected_from": check.get("expected_from", "source"),
            "computed_value": round(point, DECIMALS), "computed_low": round(precision.low(computed), DECIMALS),
            "computed_high": round(precision.high(computed), DECIMALS),
            "difference": round(point - published.value, DECIMALS),
            "unit": unit, "verdict": verdict}
    for n, code in enumerate(LANGS):
        said = values[code] | ({"on": fmt.date(date, code)} if date else {})
        row[f"how_computed_{code}"] = check["how"][code].format(**said)
        parts = [words("verdicts")[verdict][n], (not_comparable or {}).get(code, "").format(**said), results[n],
                 check.get("note", {}).get(code, "").format(**said)]
        row[f"explanation_{code}"] = " ".join(p for p in parts if p)
    return row


class UnitMisfit(BuildStopped):
    """A check would add or compare figures in different units (unit_misfit)."""


def _misfit_problem(check: dict, figure: tuple[str, str, int], expected: str) -> Problem:
    """The problem of a figure (unit, file, line) whose unit does not fit a check, at the figure's row."""
    found, file, line = figure
    return Problem("unit_not_the_checks", file, line, "unit",
                   {"found": found, "check": check["id"], "expected": expected}, kind="unit_mismatch")


# The data rows a reference can name, by table: how a row's key is written in a reference.
ROW_KEYS = {"key_figures": ("figure_id",), "target_group": ("figure_id",), "area_figures": ("area_id", "measure")}


def unit_problems(area_ids: list[str], rows: dict) -> list[Problem]:
    """The engine's rule (unit_misfit) over every check, for `validate`: one problem per check at the first figure
    whose unit does not fit it, unless an earlier check has named one of its figures (a share of an amount in the
    wrong unit is not also the total's fault). `rows`: table of ROW_KEYS -> [(file, line, row)] as the package has
    them; `area_ids` in their order. A check that names a row the package lacks is left to requirements.py."""
    units = {f"{table}/{'-'.join(row.get(c, '') for c in ROW_KEYS[table])}": (row.get("unit") or None, file, line)
             for table, found in rows.items() for file, line, row in found}
    problems, named = [], set()
    for check in _checks_file()["checks"]:
        for filled, _ in expansions(check, area_ids):
            figures = []
            for ref in [filled["published"], *filled["inputs"]]:
                table, _, key = ref.partition("/")
                names = [f"{table}/{k}" for k in area_keys(key, area_ids)] if table == "area_figures" else [ref]
                figures += [units.get(name) if table in ROW_KEYS else (None, None, None) for name in names]
            if None in figures:
                continue
            misfit = unit_misfit(filled, figures[0][0], [unit for unit, _, _ in figures[1:]])
            if misfit and not named & {figure[1:] for figure in figures}:
                problems.append(_misfit_problem(filled, figures[misfit[0] + 1], misfit[1]))
                named.add(figures[misfit[0] + 1][1:])
    return problems


def published_unit(check: dict, sources: Sources) -> str:
    """The unit of the key figure a check compares with (for checks whose unit is "published")."""
    return sources.key_rows[check["published"].partition("/")[2]]["unit"]


def reconciliation(paths: Paths, columns: list[str]) -> pd.DataFrame:
    """The report's numbers checked against each other, one row per check (and choice), in checks.yml's order."""
    sources = Sources(paths)
    rows = []
    for check in _checks_file()["checks"]:
        for filled, values in expanded(check, sources):
            for date, variant in dates(filled):
                rows.append(evaluate(filled, values, sources, date, variant))
    return pd.DataFrame(rows, columns=columns)
