"""Parquet and SQLite downloads hold exactly the CSV's rows and values, with the Table Schema's types.

The expected rows are read from the published data package by frictionless (which types each cell from the
Table Schema); the Parquet files are read back with DuckDB and the SQLite database with the standard library.
"""

import datetime
import decimal
import json
import sqlite3

import duckdb
import pytest
from frictionless import Package

from build_scripts.stages.derive import schema as derived_schema
from build_scripts.stages.downloads import formats
from conftest import built

DUCKDB_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "string": "VARCHAR", "date": "DATE", "boolean": "BOOLEAN"}
SQLITE_STORAGE = {"integer": "integer", "number": "real", "string": "text", "date": "text", "boolean": "integer"}


@pytest.fixture(scope="module")
def published(built_site):
    return json.loads(built().published_datapackage_json.read_text(encoding="utf-8"))


def tables(published):
    return [res for res in published["resources"] if res.get("type") == "table"]


def expected_rows(resource_name: str) -> list[tuple]:
    package = Package(str(built().published_datapackage_json))
    rows = package.get_resource(resource_name).read_rows()
    return [tuple(float(v) if isinstance(v, decimal.Decimal) else v for v in row.values()) for row in rows]


def sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_every_table_has_parquet_and_sqlite(published):
    db = sqlite3.connect(built().downloads_dir / f"{published['name']}-{published['version']}.sqlite")
    in_db = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for res in tables(published):
        assert (built().downloads_dir / res["path"]).with_suffix(".parquet").is_file(), res["name"]
        assert res["name"] in in_db
    assert {"derived_areas", "derived_regions", "derived_reconciliation", "_tables", "_fields"} <= in_db


def test_parquet_holds_the_csv_rows_and_types(published):
    for res in tables(published):
        parquet = (built().downloads_dir / res["path"]).with_suffix(".parquet").as_posix()
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()
        assert [(name, kind) for name, kind, *_ in described] == [
            (f["name"], DUCKDB_TYPES[f["type"]]) for f in res["schema"]["fields"]], res["name"]
        assert duckdb.sql(f"SELECT * FROM read_parquet('{parquet}')").fetchall() == expected_rows(res["name"]), res["name"]


def test_sqlite_holds_the_csv_rows_and_types(published):
    db = sqlite3.connect(built().downloads_dir / f"{published['name']}-{published['version']}.sqlite")
    for res in tables(published):
        fields = res["schema"]["fields"]
        declared = [(row[1], row[2]) for row in db.execute(f'PRAGMA table_info("{res["name"]}")')]
        assert declared == [(f["name"], formats.SQL_TYPES[f["type"]]) for f in fields]
        # A single INTEGER primary key is SQLite's rowid, which keeps rows in key order: compare in key order.
        key = [i for i, f in enumerate(fields) if f["name"] in res["schema"].get("primaryKey", [])]
        order = ", ".join(f'"{fields[i]["name"]}"' for i in key) or "rowid"
        actual = db.execute(f'SELECT * FROM "{res["name"]}" ORDER BY {order}').fetchall()
        expected = [tuple(sqlite_value(v) for v in row) for row in expected_rows(res["name"])]
        if key:
            expected.sort(key=lambda row: [row[i] for i in key])
        assert actual == expected, res["name"]
        for f in fields:  # every stored value has its field's storage class (or is NULL)
            stored = {t for (t,) in db.execute(f'SELECT DISTINCT typeof("{f["name"]}") FROM "{res["name"]}"')}
            assert stored <= {SQLITE_STORAGE[f["type"]], "null"}, (res["name"], f["name"], stored)
    described = db.execute("SELECT type, description FROM _fields WHERE table_name = 'ref_municipalities' "
                           "AND field_name = 'dagi_code'").fetchone()
    assert described[0] == "string" and described[1]


def test_codes_and_figures_as_written_stay_text(published):
    parquet = (built().downloads_dir / "data" / "ref_municipalities.parquet").as_posix()
    assert duckdb.sql(f"SELECT dagi_code FROM read_parquet('{parquet}') WHERE municipality_code = 101").fetchall() == [("0101",)]
    parquet = (built().downloads_dir / "data" / "area_figures.parquet").as_posix()
    assert ("742.000", 742000.0) in duckdb.sql(f"SELECT value_text, value FROM read_parquet('{parquet}')").fetchall()
    db = sqlite3.connect(built().downloads_dir / f"{published['name']}-{published['version']}.sqlite")
    assert db.execute("SELECT dagi_code FROM ref_municipalities WHERE municipality_code = 101").fetchone() == ("0101",)


def _sample(tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text('code,n,x,d,ok,text\n0101,1,742.000,2021-01-01,True,"a, ""b"""\n0202,,1.5,,False,\n',
                   encoding="utf-8")
    schema = {"fields": [{"name": "code", "type": "string"}, {"name": "n", "type": "integer"},
                         {"name": "x", "type": "number"}, {"name": "d", "type": "date"},
                         {"name": "ok", "type": "boolean"}, {"name": "text", "type": "string"}],
              "primaryKey": ["code"]}
    return csv, schema


def test_parquet_and_sqlite_are_byte_stable(tmp_path):
    csv, schema = _sample(tmp_path)
    resource = {"name": "t", "title": "T", "path": "t.csv", "schema": schema}
    for n in (1, 2):
        formats.write_parquet(csv, schema, tmp_path / f"{n}.parquet", {"table": "t"})
        formats.write_sqlite([(resource, csv)], tmp_path / f"{n}.sqlite")
    assert (tmp_path / "1.parquet").read_bytes() == (tmp_path / "2.parquet").read_bytes()
    assert (tmp_path / "1.sqlite").read_bytes() == (tmp_path / "2.sqlite").read_bytes()
    assert not list(tmp_path.glob("*-journal")) and not list(tmp_path.glob("*.tmp"))
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{(tmp_path / '1.parquet').as_posix()}')").fetchall()
    assert rows == [("0101", 1, 742.0, datetime.date(2021, 1, 1), True, 'a, "b"'),
                    ("0202", None, 1.5, None, False, None)]


def test_a_csv_whose_header_differs_from_its_schema_is_refused(tmp_path):
    csv, schema = _sample(tmp_path)
    schema["fields"] = schema["fields"][:-1] + [{"name": "other", "type": "string"}]
    with pytest.raises(ValueError, match=r"t\.csv: columns .* differ from the Table Schema's"):
        formats.read_csv(csv, schema)


def test_undescribed_derived_column_stops_the_build():
    with pytest.raises(derived_schema.UndescribedColumn) as err:
        derived_schema.schema("reconciliation", ["check_id", "verdict_new"])
    assert str(err.value) == ("build/derived/reconciliation.csv: column(s) verdict_new have no type and description. "
                              "Describe each in FIELDS in build_scripts/stages/derive/schema.py (the reconciliation's in "
                              "derive.RECONCILIATION_FIELDS).")


def test_published_datapackage_describes_the_derived_tables_and_validates(published):
    from frictionless import validate

    derived = {res["name"]: res for res in published["resources"] if res["path"].startswith("derived/")}
    assert set(derived) == {"derived_areas", "derived_regions", "derived_reconciliation"}
    for res in derived.values():
        assert "build_scripts/stages/derive/stage.py" in res["description"]
        assert any("build_scripts/stages/derive/stage.py" in s["title"] for s in res["sources"])
        assert all(f.get("description") for f in res["schema"]["fields"])
        columns = derived_schema.header(built().downloads_dir / res["path"])
        assert [f["name"] for f in res["schema"]["fields"]] == columns
    report = validate(str(built().published_datapackage_json))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_undescribed_derived_column_is_a_message_not_a_traceback(monkeypatch, capsys, tmp_path):
    from build_scripts import cli
    from conftest import built_copy

    project = built_copy(tmp_path / "project")  # built: the stages before downloads are fresh
    stage = cli.STAGES["downloads"]
    monkeypatch.setattr(stage, "run", lambda paths: derived_schema.schema("areas", ["area_id", "new_column"]))
    assert cli.main(["--root", str(project.root), "downloads"]) == 1
    out = capsys.readouterr().out
    assert ("build/derived/areas.csv: column(s) new_column have no type and description. "
            "Describe each in FIELDS in build_scripts/stages/derive/schema.py.\nByggeriet er stoppet") in out
