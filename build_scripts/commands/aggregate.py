"""The report's method as code: aggregate validated submissions into statistics.

Reads  submission files (CSV or XLSX, see submission.py), validated first;
       population from the main package (ref_population_municipalities and
       ref_population_denmark) on a date given as a parameter; the package is
       checked first as `validate` checks it (submission.run_check), so a
       population of 0 is refused, not divided by.
Writes <out>/by_area.csv, by_municipality.csv, by_region.csv, counts.csv,
       national.csv, summary.json and a datapackage.json describing them;
       <out> must be a new or empty folder (else a one-line refusal).
Amounts are checked against the standard's maximum before they become int64,
and each amount column's total is first summed exactly (Python integers, in
DKK) and refused in one line if int64 cannot hold it: every other total (an
area's, a municipality's, a region's, a code's) is a part of it, as no amount
is negative, so no total can wrap, whatever the maximum. No result is written that is not a finite number
(summary.json is strict JSON: no NaN or Infinity; no table holds ±inf): such a
result is refused in one line, and nothing is written.

The method, as the 2022 report applies it (see the site's page on the standard):
- amounts are entered in DKK 1,000 and reported here in DKK;
- an area's share is its gross expenditure over all reported gross expenditure;
- the average per initiative is gross expenditure over the number of initiatives;
- the self-financed share is the share of an area's initiatives the municipality
  finances itself (financing source 3), i.e. a share of cases, not of money;
- population coverage is the population of the responding municipalities over
  Denmark's population; the national estimate is reported expenditure ÷ coverage;
- expenditure per inhabitant is reported expenditure over Denmark's population
  (this is what reproduces the report's 54 kr.); per municipality, over its own
  population; per region, over the population of its responding municipalities;
- the distribution counts responding municipalities above 50 kr. and below 1 kr.
  per inhabitant and at zero; the top five are the five municipalities with the
  highest expenditure, with their share of expenditure and of Denmark's population.
"""

import json
import math
import os
from pathlib import Path

import pandas as pd

from build_scripts.commands import DEFAULT_POPULATION_DATE, submission
from build_scripts.core import package
from build_scripts.core.lang import say
from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt, printable, shown_path
from build_scripts.stages.validate import contract

ABOVE_KR, BELOW_KR, TOP = 50, 1, 5  # the report's thresholds (section 3) and its "fem kommuner"
DIMENSIONS = ["financing_source", "legal_basis", "primary_target_group", "secondary_target_group"]


class AggregationError(Exception):
    """The input cannot be aggregated (its problems have been printed)."""


AMOUNTS = contract.AMOUNT_FIELDS  # in DKK 1,000: validate holds their descriptions to that unit
FILE, LINE = "__file", "__line"  # columns of load()'s rows: where a row stands, for messages


def amount_maximum(paths: Paths, name: str) -> int:
    """The submission standard's largest amount (DKK 1,000); it keeps every total far inside int64."""
    field = next(f for f in submission.schema(paths)["fields"] if f["name"] == name)
    return int(field["constraints"]["maximum"])


def load(paths: Paths, files: list[Path]) -> pd.DataFrame:
    repeated = submission.distinct_files(files)[1]
    if repeated:  # `run` has refused it already; a caller of aggregate() is refused the same way, never counted twice
        raise AggregationError(str(repeated[0]))
    try:
        tables = [submission.read_table(paths, f) for f in files]
    except submission.SubmissionUnreadable as err:
        raise AggregationError(str(err)) from None
    _one_file_per_municipality(files, tables)
    # Where each row stands (file as given, line with the header as 1), for a message about one row.
    df = pd.concat([table.assign(**{FILE: shown_path(f), LINE: range(2, len(table) + 2)})
                    for f, table in zip(files, tables)], ignore_index=True)
    df["municipality_code"] = df["municipality_code"].astype(int)
    for col in AMOUNTS:
        # Parsed as exact integers first: int64 would wrap a huge amount, and a wrapped total is silently wrong.
        values = pd.to_numeric(df[col], errors="coerce")
        limit = amount_maximum(paths, col)
        bad = values.isna() | (values < 0) | (values > limit) | (values != values.round())
        if bad.any():
            first = df.loc[bad.idxmax(), col]
            raise AggregationError(say("aggregate_not_whole_amount", column=col, value=excerpt(first), limit=limit))
        check_total(col, values)
        df[col] = values.astype("int64")
    df["expenditure_dkk"] = df["gross_expenditure_1000_kr"] * contract.AMOUNT_FACTOR
    df["income_dkk"] = df["gross_income_1000_kr"] * contract.AMOUNT_FACTOR
    return df


INT64_MAX = 2**63 - 1


def check_total(column: str, values) -> None:
    """The column's total in DKK, summed exactly (Python integers, never int64): refused in one line if int64 cannot
    hold it, since the tables sum it in int64 and a wrapped total (a negative national total) would be silently wrong."""
    total = sum(int(v) for v in values) * contract.AMOUNT_FACTOR
    if total > INT64_MAX:
        raise AggregationError(say("aggregate_total_too_large", column=column, total=total, limit=INT64_MAX))


def _one_file_per_municipality(files: list[Path], tables: list[pd.DataFrame]) -> None:
    """A municipality's submission is one file: a second file of the same municipality (a corrected resubmission
    beside the original, say) would be added to the first without a word, so it is refused, naming both files."""
    first: dict[int, Path] = {}
    for path, table in zip(files, tables):
        for code in dict.fromkeys(int(c) for c in table["municipality_code"]):
            if code in first and first[code] != path:
                raise AggregationError(say("aggregate_municipality_in_two_files", municipality=code,
                                           first=shown_path(first[code]), second=shown_path(path)))
            first.setdefault(code, path)


def population(paths: Paths, date: str) -> tuple[int, pd.DataFrame]:
    denmark = package.table("ref_population_denmark", paths.datapackage_json)
    if date not in set(denmark["date"]):
        raise AggregationError(say("aggregate_no_population", date=printable(date, 60), dates=", ".join(denmark["date"])))
    total = int(denmark.loc[denmark["date"] == date, "population"].iloc[0])
    munis = package.table("ref_population_municipalities", paths.datapackage_json)
    munis = munis[munis["date"] == date][["municipality_code", "population"]]
    every = package.table("ref_municipalities", paths.datapackage_json)[["municipality_code", "name", "region_code"]]
    munis = munis.merge(every, on="municipality_code")
    munis = munis.astype({"population": "int64", "municipality_code": "int64", "region_code": "int64"})
    _check_denmark(date, total, int(munis["population"].sum()), complete=len(munis) == len(every))
    return total, munis


def _check_denmark(date: str, denmark: int, municipalities: int, complete: bool) -> None:
    """validate's rule (requirements.denmark_disagrees), checked where the coverage's divisor is read: else the
    coverage could be above 1 and the national estimate below what was reported."""
    from build_scripts.stages.validate.requirements import DENMARK_MARGIN, denmark_disagrees

    if denmark_disagrees(denmark, municipalities, complete):
        raise AggregationError(say("aggregate_population_sum", date=date, denmark=denmark,
                                   municipalities=municipalities, margin=DENMARK_MARGIN))


def _require_populations(df: pd.DataFrame, munis: pd.DataFrame, date: str) -> None:
    """Every submitted municipality has a population on `date` (and so a name and a region): else its row would be
    published with empty cells, turn the integer columns into floats and leave its money out of the coverage."""
    without = ~df["municipality_code"].isin(munis["municipality_code"])
    if without.any():
        row = df[without].iloc[0]
        raise AggregationError(say("aggregate_municipality_without_population", file=row[FILE], line=int(row[LINE]),
                                   code=int(row["municipality_code"]), date=printable(date, 60),
                                   table="ref_population_municipalities"))


def legal_basis_group(text: str) -> str:
    normalised = text.strip().lower()
    if normalised == "kommunalfuldmagten":
        return "Kommunalfuldmagten"
    if normalised == "ukendt":
        return "ukendt"
    return "anden hjemmel"


def by_area(df: pd.DataFrame) -> pd.DataFrame:
    total_exp, total_inc = df["expenditure_dkk"].sum(), df["income_dkk"].sum()
    g = df.groupby("area_id")
    out = pd.DataFrame({
        "initiatives": g.size(),
        "gross_expenditure_dkk": g["expenditure_dkk"].sum(),
        "gross_income_dkk": g["income_dkk"].sum(),
        "self_financed_initiatives": g["financing_source"].apply(lambda s: int((s == "3").sum())),
    })
    out["net_expenditure_dkk"] = out["gross_expenditure_dkk"] - out["gross_income_dkk"]
    out["expenditure_share_pct"] = 100 * out["gross_expenditure_dkk"] / total_exp if total_exp else 0.0
    out["income_share_pct"] = 100 * out["gross_income_dkk"] / total_inc if total_inc else 0.0
    out["average_expenditure_per_initiative_dkk"] = out["gross_expenditure_dkk"] / out["initiatives"]
    out["self_financed_share_pct"] = 100 * out["self_financed_initiatives"] / out["initiatives"]
    return out.reset_index()


def by_municipality(df: pd.DataFrame, munis: pd.DataFrame) -> pd.DataFrame:
    g = df.groupby("municipality_code")
    out = pd.DataFrame({"initiatives": g.size(), "gross_expenditure_dkk": g["expenditure_dkk"].sum(),
                        "gross_income_dkk": g["income_dkk"].sum()}).reset_index()
    out = out.merge(munis, on="municipality_code", how="left")
    out["expenditure_per_inhabitant_dkk"] = out["gross_expenditure_dkk"] / out["population"]
    return out[["municipality_code", "name", "region_code", "initiatives", "gross_expenditure_dkk", "gross_income_dkk",
                "population", "expenditure_per_inhabitant_dkk"]].sort_values("municipality_code")


def by_region(paths: Paths, per_muni: pd.DataFrame, munis: pd.DataFrame) -> pd.DataFrame:
    regions = package.table("ref_regions", paths.datapackage_json)[["region_code", "name_da"]].astype({"region_code": "int64"})
    all_munis = munis.groupby("region_code").agg(municipalities=("municipality_code", "size"), population=("population", "sum"))
    resp = per_muni.groupby("region_code").agg(municipalities_responding=("municipality_code", "size"),
                                               population_responding=("population", "sum"),
                                               gross_expenditure_dkk=("gross_expenditure_dkk", "sum"))
    out = regions.set_index("region_code").join(all_munis).join(resp).fillna(0).reset_index()
    out = out.astype({"municipalities_responding": "int64", "population_responding": "int64", "gross_expenditure_dkk": "int64"})
    out["population_coverage_pct"] = 100 * out["population_responding"] / out["population"]
    out["expenditure_per_inhabitant_dkk"] = (out["gross_expenditure_dkk"] / out["population_responding"]).where(
        out["population_responding"] > 0)
    return out


def counts(paths: Paths, df: pd.DataFrame) -> pd.DataFrame:
    labels = {(int(r["field_no"]), r["code"]): r["label_da"] for r in package.records("questionnaire_codes", paths.datapackage_json)}
    frame = df.assign(legal_basis=df["legal_basis"].map(legal_basis_group))
    rows = []
    for dim in DIMENSIONS:
        for value, group in frame.groupby(dim):
            label = labels.get((contract.QUESTIONNAIRE_FIELD[dim], value), value)
            rows.append({"dimension": dim, "value": value, "label_da": label,
                         "initiatives": len(group), "gross_expenditure_dkk": int(group["expenditure_dkk"].sum())})
    return pd.DataFrame(rows)


def summarise(df: pd.DataFrame, per_muni: pd.DataFrame, denmark: int, date: str) -> dict:
    reported = int(df["expenditure_dkk"].sum())
    coverage = per_muni["population"].sum() / denmark
    per_inh = per_muni["expenditure_per_inhabitant_dkk"]
    top = per_muni.nlargest(TOP, "gross_expenditure_dkk")
    return {
        "population_date": date,
        "initiatives": int(len(df)),
        "municipalities_responding": int(per_muni["municipality_code"].nunique()),
        "reported_expenditure_dkk": reported,
        "reported_income_dkk": int(df["income_dkk"].sum()),
        "population_denmark": denmark,
        "population_responding": int(per_muni["population"].sum()),
        "population_coverage": coverage,
        "national_expenditure_dkk": reported / coverage,
        "national_income_dkk": int(df["income_dkk"].sum()) / coverage,
        "expenditure_per_inhabitant_dkk": reported / denmark,
        "average_expenditure_per_initiative_dkk": reported / len(df),
        "municipalities_above_50_kr_per_inhabitant": int((per_inh > ABOVE_KR).sum()),
        "municipalities_below_1_kr_per_inhabitant": int((per_inh < BELOW_KR).sum()),
        "municipalities_at_zero": int((per_muni["gross_expenditure_dkk"] == 0).sum()),
        "top5_expenditure_share": top["gross_expenditure_dkk"].sum() / reported if reported else 0.0,
        "top5_population_share": top["population"].sum() / denmark,
    }


def aggregate(paths: Paths, files: list[Path], out: Path, date: str = DEFAULT_POPULATION_DATE) -> dict:
    import numpy as np

    denmark, munis = population(paths, date)
    df = load(paths, files)
    _require_populations(df, munis, date)
    with np.errstate(divide="ignore", invalid="ignore"):  # a division by 0 is named below (not_finite), not warned
        per_muni = by_municipality(df, munis)
        summary = summarise(df, per_muni, denmark, date)
        tables = {
            "by_area": by_area(df),
            "by_municipality": per_muni,
            "by_region": by_region(paths, per_muni, munis),
            "counts": counts(paths, df),
            "national": pd.DataFrame([{"measure": k, "value": v} for k, v in summary.items()
                                      if k != "population_date"]),
        }
    infinite = not_finite(summary, tables)
    if infinite:  # before anything is written
        raise AggregationError(infinite)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
    text = json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False)  # strict JSON, whatever slips through
    (out / "summary.json").write_text(text + "\n", encoding="utf-8")
    _describe(out, tables, date)
    return summary


def not_finite(summary: dict, tables: dict[str, pd.DataFrame]) -> str | None:
    """The first result that is not a finite number, in one line: any in summary.json (strict JSON has no NaN or
    Infinity), ±inf in a table (an empty cell, NaN, stays: a region without respondents has no rate); else None."""
    for measure, value in summary.items():
        if isinstance(value, float) and not math.isfinite(value):
            return say("aggregate_not_finite", measure=measure, file="summary.json", value=value)
    for name, table in tables.items():
        for column in table.columns:
            values = table[column]
            if values.dtype.kind == "f" and values.abs().eq(math.inf).any():
                return say("aggregate_not_finite", measure=column, file=f"{name}.csv",
                           value=values[values.abs().eq(math.inf)].iloc[0])
    return None


TABLE_TYPES = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}  # numpy kind -> Table Schema type


def _describe(out: Path, tables: dict[str, pd.DataFrame], date: str) -> None:
    """datapackage.json for the aggregate tables, typed from their columns (no second read of the files)."""
    resources = [{
        "name": name, "type": "table", "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "description": f"Aggregated from submissions; population on {date}.",
        "schema": {"fields": [{"name": column, "type": TABLE_TYPES.get(df[column].dtype.kind, "string")}
                              for column in df.columns]},
    } for name, df in tables.items()]
    descriptor = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "name": "aggregate",
                  "title": "Aggregated submissions", "description": __doc__.split("\n\n", 1)[1],
                  "resources": resources}
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def out_problem(out: Path) -> str | None:
    """Why the aggregate cannot be written to `out`, in one line; None if it can. A path the system refuses to look
    at (a name over 255 bytes: pathlib passes ENAMETOOLONG on) is one line too (red team 27, finding 4)."""
    try:
        return _out_problem(out)
    except OSError as err:
        return say("aggregate_cannot_write", out=shown_path(out), reason=err.strerror or err)


def _out_problem(out: Path) -> str | None:
    shown = shown_path(out)
    if out.exists() and not out.is_dir():
        if not out.is_file():  # a device or a FIFO: say what it is
            from build_scripts.commands import arguments

            return arguments.output_folder(out, "--out", empty=True)
        return say("aggregate_out_is_file", out=shown)
    if out.is_dir() and any(out.iterdir()):
        return say("aggregate_out_not_empty", out=shown)
    parent = next(p for p in [out, *out.parents] if p.exists())
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return say("aggregate_out_cannot_create", out=shown, parent=shown_path(parent))
    return None


def run(paths: Paths, files: list[Path], out: Path, date: str) -> int:
    shown = shown_path(out)
    problem = out_problem(out)
    if problem:
        print(problem)
        return 1
    if submission.run_check(paths, files):
        print(say("aggregate_fix_first"))
        return 1
    try:
        summary = aggregate(paths, files, out, date)
    except AggregationError as err:
        print(err)
        return 1
    except OSError as err:  # e.g. a read-only file system, a full disk
        print(say("aggregate_cannot_write", out=shown, reason=err.strerror or err))
        return 1
    print(say("aggregate_done", initiatives=summary["initiatives"], municipalities=summary["municipalities_responding"],
              out=shown, date=date))
    return 0
