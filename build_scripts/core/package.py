"""Read the data package: its descriptor and its tables as pandas DataFrames.

Reads a datapackage.json (the caller says which: usually Paths.datapackage_json) and the CSV files it lists. Writes nothing.
Only call this after `validate` has passed: it trusts the files.
"""

import json
from functools import cache
from pathlib import Path

# pandas dtypes per Table Schema type; everything else is read as text.
_DTYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


def descriptor(package_json: Path) -> dict:
    return json.loads(package_json.read_text(encoding="utf-8"))


def resource(name: str, package_json: Path) -> dict:
    for res in descriptor(package_json)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource named {name!r} in {package_json}")


@cache
def table(name: str, package_json: Path):
    """One tabular resource as a pandas DataFrame with dtypes from its Table Schema."""
    import pandas as pd  # here, so that reading the descriptor alone stays light

    res = resource(name, package_json)
    dtypes = {f["name"]: _DTYPES.get(f["type"], "string") for f in res["schema"]["fields"]}
    return pd.read_csv(
        package_json.parent / res["path"],
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8-sig",
    )


def figures(package_json: Path, name: str = "key_figures") -> dict[str, dict]:
    """A figure table keyed by figure_id, each row a dict (missing values as None): new dicts for each caller, made
    from the rows read once per run (records())."""
    return {row["figure_id"]: row for row in records(name, package_json)}


def _records(df) -> list[dict]:
    import pandas as pd

    return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


@cache
def _table_records(name: str, package_json: Path) -> tuple[dict, ...]:
    return tuple(_records(table(name, package_json)))


def records(name: str, package_json: Path) -> list[dict]:
    """A table's rows as dicts (missing values as None): new dicts for each caller, read once per run (the charts
    stage asks for the same table's rows hundreds of times; cli.forget_cached_reads empties it when a stage starts)."""
    return [dict(row) for row in _table_records(name, package_json)]


class Package:
    """The data package at `package_json`, for the page templates (their `package`): they read a table's rows by
    name, as plain data. Nothing else: no path, no DataFrame (a template could reach files through their methods;
    red team 9, finding 1); the path is private, which the templates' sandbox does not let them read."""

    def __init__(self, package_json: Path):
        self._package_json = package_json

    def records(self, name: str) -> list[dict]:
        return records(name, self._package_json)


def table_files(package_json: Path, names: tuple[str, ...]) -> list[Path]:
    """The descriptor and the files of the tables named, where the descriptor puts them: a stage that reads only
    those tables declares these as its inputs, so an edit of another table does not run it again. A descriptor
    that cannot be read (validate names why) stands for the whole package folder."""
    try:
        where = {res["name"]: res["path"] for res in descriptor(package_json)["resources"]}
        return [package_json] + [package_json.parent / where[name] for name in names if name in where]
    except (OSError, ValueError, KeyError, TypeError):
        return [package_json.parent]
