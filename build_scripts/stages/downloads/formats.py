"""Typed copies of the package's tables: Parquet (one file per table) and SQLite (one database).

Used by the downloads stage. Reads a table's CSV and its Table Schema; writes the file named.

Types come from the Table Schema, never from guessing: integer -> int64 / INTEGER, number -> float64 / REAL,
string -> string / TEXT, date -> date32 / TEXT (ISO 8601), boolean -> bool / INTEGER (0 or 1). So codes such as
"0101" and figures as written such as "742.000" stay text. An empty cell is a missing value (NULL).

Both formats are byte-stable: the same CSV and schema give the same bytes on every build with the same library
versions. Parquet is written with fixed writer options and metadata taken from the package only (no pandas
metadata, no timestamps; `created_by` names the pyarrow version). SQLite is written in a fresh file with no
journal, rows inserted in the CSV's order, then VACUUMed.
"""

import os
import sqlite3

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string(), "date": pa.date32(),
               "boolean": pa.bool_()}
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "string": "TEXT", "date": "TEXT", "boolean": "INTEGER"}
# Table Schema's default trueValues/falseValues.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
PARQUET_OPTIONS = {"version": "2.6", "compression": "zstd", "compression_level": 9, "use_dictionary": True,
                   "write_statistics": True, "data_page_version": "1.0", "store_schema": True}


def arrow_schema(schema: dict, metadata: dict[str, str] | None = None) -> pa.Schema:
    fields = [pa.field(f["name"], ARROW_TYPES[f["type"]], metadata={"description": f.get("description", "")})
              for f in schema["fields"]]
    return pa.schema(fields, metadata=metadata)


def read_csv(path, schema: dict) -> pa.Table:
    """A CSV as an Arrow table with the Table Schema's types; the header must match the schema's fields."""
    names = [f["name"] for f in schema["fields"]]
    types = {f["name"]: ARROW_TYPES[f["type"]] for f in schema["fields"]}
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="utf8"),
        parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""], strings_can_be_null=True,
                                             quoted_strings_can_be_null=True, true_values=TRUE_VALUES,
                                             false_values=FALSE_VALUES))
    if table.column_names != names:
        raise ValueError(f"{path}: columns {table.column_names} differ from the Table Schema's {names}")
    return table


def write_parquet(csv_path, schema: dict, out_path, metadata: dict[str, str]) -> None:
    table = read_csv(csv_path, schema)
    table = table.cast(arrow_schema(schema, metadata))
    pq.write_table(table, out_path, **PARQUET_OPTIONS)


def quote_identifier(name: str) -> str:
    """An SQL identifier, quoted as SQLite reads it: in double quotes, a double quote inside doubled. Whatever the
    name holds, it stays one identifier (validate also allows only [a-z][a-z0-9_]* as names)."""
    if "\x00" in name:
        raise ValueError(f"an SQL identifier cannot hold NUL: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def _ddl(name: str, schema: dict) -> str:
    q = quote_identifier
    cols = [f"{q(f['name'])} {SQL_TYPES[f['type']]}" for f in schema["fields"]]
    key = schema.get("primaryKey")
    if key:
        cols.append("PRIMARY KEY (" + ", ".join(q(c) for c in ([key] if isinstance(key, str) else key)) + ")")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        cols.append("FOREIGN KEY (" + ", ".join(q(c) for c in fk["fields"]) + f") REFERENCES {q(ref['resource'])} ("
                    + ", ".join(q(c) for c in ref["fields"]) + ")")
    return f"CREATE TABLE {q(name)} (\n  " + ",\n  ".join(cols) + "\n)"


def _sql_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def write_sqlite(tables: list[tuple[dict, object]], out_path) -> None:
    """One database with a table per resource (named as the resource) plus `_tables` and `_fields`, which
    describe them. `tables` holds (resource descriptor, CSV path) pairs."""
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA page_size = 4096")
        con.execute("BEGIN")
        con.execute('CREATE TABLE "_tables" ("name" TEXT PRIMARY KEY, "title" TEXT, "description" TEXT, "csv" TEXT)')
        con.execute('CREATE TABLE "_fields" ("table_name" TEXT, "field_name" TEXT, "position" INTEGER, '
                    '"type" TEXT, "description" TEXT, PRIMARY KEY ("table_name", "field_name"))')
        for res, csv_path in tables:
            schema = res["schema"]
            con.execute('INSERT INTO "_tables" VALUES (?, ?, ?, ?)',
                        (res["name"], res.get("title"), res.get("description"), res["path"]))
            con.executemany('INSERT INTO "_fields" VALUES (?, ?, ?, ?, ?)',
                            [(res["name"], f["name"], i, f["type"], f.get("description"))
                             for i, f in enumerate(schema["fields"], start=1)])
            con.execute(_ddl(res["name"], schema))
            rows = read_csv(csv_path, schema).to_pylist()
            marks = ", ".join("?" for _ in schema["fields"])
            con.executemany(f"INSERT INTO {quote_identifier(res['name'])} VALUES ({marks})",
                            [tuple(_sql_value(row[f["name"]]) for f in schema["fields"]) for row in rows])
        con.execute("COMMIT")
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, out_path)
