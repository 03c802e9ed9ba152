"""Code that loads the published data, shown on the data page. Pure functions.

Each snippet is generated from the published descriptor and the version's real download address (the site's
URL from mkdocs.yml plus data/vX.Y.Z/), so it never goes stale and no number is typed into the page. The types
come from the Table Schemas: codes such as "0101" and figures as written such as "742.000" stay text.
tests/stages/test_snippets.py runs the Python snippets, as shown on the built page, against the built site.
"""

PANDAS_DTYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string", "boolean": "boolean"}
READR_TYPES = {"integer": "col_integer()", "number": "col_double()", "string": "col_character()",
               "date": "col_date()", "boolean": "col_logical()"}
# The tables the snippets load: figures with their text as written, and municipality codes with leading zeros.
TABLES = ("area_figures", "ref_municipalities")


def _resource(dp: dict, name: str) -> dict:
    return next(res for res in dp["resources"] if res["name"] == name)


def _pandas_read(dp: dict, name: str) -> str:
    res = _resource(dp, name)
    dtypes = "".join(f'        "{f["name"]}": "{PANDAS_DTYPES[f["type"]]}",\n' for f in res["schema"]["fields"])
    return (f"{name} = pd.read_csv(\n"
            f'    BASE + "{res["path"]}",\n'
            f"    dtype={{\n{dtypes}    }},\n"
            f'    keep_default_na=False, na_values=[""],  # only an empty cell is missing\n'
            f")\n")


def pandas(dp: dict, base: str) -> str:
    return ("import pandas as pd\n\n"
            f'BASE = "{base}"\n'
            + "".join(_pandas_read(dp, name) for name in TABLES))


def frictionless(dp: dict, base: str) -> str:
    return ("from frictionless import Package\n\n"
            f'package = Package("{base}datapackage.json")\n'
            f'{TABLES[0]} = package.get_resource("{TABLES[0]}").read_rows()  # typed from the Table Schema\n')


def duckdb(dp: dict, base: str) -> str:
    path = _resource(dp, TABLES[0])["path"].rsplit(".", 1)[0] + ".parquet"
    return ("import duckdb\n\n"
            f'BASE = "{base}"\n'
            f'{TABLES[0]} = duckdb.sql(f"SELECT * FROM read_parquet(\'{{BASE}}{path}\')").df()\n')


def readr(dp: dict, base: str) -> str:
    lines = ["library(readr)", "", f'base <- "{base}"']
    for name in TABLES:
        res = _resource(dp, name)
        types = ",\n".join(f"    {f['name']} = {READR_TYPES[f['type']]}" for f in res["schema"]["fields"])
        lines.append(f'{name} <- read_csv(\n  paste0(base, "{res["path"]}"),\n'
                     f'  col_types = cols(\n{types}\n  ),\n  na = ""\n)')
    return "\n".join(lines) + "\n"


def all_snippets(dp: dict, base: str) -> list[dict]:
    """[{id, language, title_da, title_en, code}] in the order the data page shows them."""
    return [
        {"id": "pandas", "language": "python", "title_da": "Python med pandas", "title_en": "Python with pandas",
         "code": pandas(dp, base)},
        {"id": "frictionless", "language": "python", "title_da": "Python med frictionless",
         "title_en": "Python with frictionless", "code": frictionless(dp, base)},
        {"id": "duckdb", "language": "python", "title_da": "Python med DuckDB (Parquet)",
         "title_en": "Python with DuckDB (Parquet)", "code": duckdb(dp, base)},
        {"id": "readr", "language": "r", "title_da": "R med readr", "title_en": "R with readr",
         "code": readr(dp, base)},
    ]
