"""Maintainer command: copy the official reference data and the source texts into the data package.

Reads  ../shared/reference/{municipalities,regions,population_kommuner_2019_2023,
       population_regions_2019_2023}.csv and dagi_2014_regioner.topojson,
       dcat-ap-dk/, dcat-ap/ and SOURCES.md;
       ../shared/sources/*.txt (the two source documents as text).
Writes datapackage/data/ref_*.csv, datapackage/data/ref_regions.topojson,
       datapackage/submission/municipalities.csv, and
       datapackage/sources/*.txt with datapackage/sources/README.md (what each text is, where it
       comes from, and the date of this import), and datapackage/reference/dcat-ap-dk/ and
       datapackage/reference/dcat-ap/ (the official DCAT-AP-DK 2.0.2 and DCAT-AP 3.0.0 SHACL shapes the
       tests validate our metadata against, each folder with its provenance in SOURCES.md).

The build never reads ../shared: run this only when the reference data or the source texts
change, then review the diff and commit it. `validate` finds every source_quote in the copied texts.
"""

import csv
import datetime
import io
import re
import shutil
from pathlib import Path

import pandas as pd

from build_scripts.core.lang import say
from build_scripts.core.paths import SOURCE_TEXT_FILES, Paths
from build_scripts.core.text import excerpt

# Official English names of the regions (labels only; the codes are the keys).
REGION_NAMES_EN = {
    1081: "North Denmark Region",
    1082: "Central Denmark Region",
    1083: "Region of Southern Denmark",
    1084: "Capital Region of Denmark",
    1085: "Region Zealand",
}
POPULATION_COLUMNS = {
    "pop_2019_01_01": "2019-01-01",
    "pop_2020_01_01": "2020-01-01",
    "pop_2021_01_01": "2021-01-01",
    "pop_2022_01_01": "2022-01-01",
    "pop_2023_01_01": "2023-01-01",
}


# The columns read from each shared table: name -> whether it is a whole number (a population, a code).
POPULATION_INTEGERS = dict.fromkeys(POPULATION_COLUMNS, True)
TABLES = {
    "regions.csv": {"regionskode": True, "regionsnavn": False, "dst_omraade_region": False, "n_kommuner": True},
    "municipalities.csv": {"kommunekode": True, "kommunekode_dagi": False, "kommunenavn": False, "regionskode": True},
    "population_kommuner_2019_2023.csv": {"kommunekode": True, **POPULATION_INTEGERS},
    "population_regions_2019_2023.csv": {"area_code": True, **POPULATION_INTEGERS},
}


class ImportProblems(Exception):
    """The shared files cannot be imported; one line per problem, and nothing has been written."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _regular(path: Path, problems: list[str]) -> bool:
    """Whether path is a readable regular file; else its problem (missing, a folder, …) in one line."""
    from build_scripts.stages.validate.stage import path_problem

    problem = path_problem(path, str(path))
    if problem:
        problems.append(str(problem))
    return problem is None


def _bytes(path: Path, problems: list[str]) -> bytes | None:
    return path.read_bytes() if _regular(path, problems) else None


def read_table(path: Path, columns: dict[str, bool], problems: list[str]) -> pd.DataFrame | None:
    """A shared CSV's wanted columns, whole numbers as int64, the rest as text; or None, with the file's first
    problem (missing, not UTF-8, a missing column, a row of another length, a number that is not whole) in one line."""
    data = _bytes(path, problems)
    if data is None:
        return None
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as err:
        problems.append(f"{path}: " + say("import_unreadable", reason=err))
        return None
    header = rows[0] if rows else []
    missing = [name for name in columns if name not in header]
    if missing:
        problems.append(f"{path}: " + say("import_columns_missing", columns=", ".join(missing),
                                             header=excerpt(",".join(header), 200)))
        return None
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.append(f"{path}: " + say("import_cells", line=line, cells=len(row), expected=len(header)))
            return None
        for name, whole in columns.items():
            value = row[header.index(name)]
            if whole and not re.fullmatch(r"-?[0-9]+", value):
                problems.append(f"{path}: " + say("import_not_whole", line=line, column=name, value=excerpt(value)))
                return None
    table = pd.DataFrame([[row[header.index(name)] for name in columns] for row in rows[1:]], columns=list(columns),
                         dtype=str)
    return table.astype({name: "int64" for name, whole in columns.items() if whole})


def _tables(paths: Paths, problems: list[str]) -> dict[str, pd.DataFrame]:
    """The four reference tables the package holds, from the shared tables (read, not yet written)."""
    read = {name: read_table(paths.shared_reference_dir / name, columns, problems) for name, columns in TABLES.items()}
    if any(table is None for table in read.values()):
        return {}
    regions, munis = read["regions.csv"], read["municipalities.csv"]
    pop, totals = read["population_kommuner_2019_2023.csv"], read["population_regions_2019_2023.csv"]
    long = pop.melt(
        id_vars=["kommunekode"], value_vars=list(POPULATION_COLUMNS), var_name="date", value_name="population"
    )
    long["date"] = long["date"].map(POPULATION_COLUMNS)
    long = long.rename(columns={"kommunekode": "municipality_code"}).sort_values(["municipality_code", "date"])
    denmark = totals[totals["area_code"] == 0].melt(
        value_vars=list(POPULATION_COLUMNS), var_name="date", value_name="population"
    )
    denmark["date"] = denmark["date"].map(POPULATION_COLUMNS)
    return {
        "ref_regions.csv": pd.DataFrame({
            "region_code": regions["regionskode"], "name_da": regions["regionsnavn"],
            "name_en": regions["regionskode"].map(REGION_NAMES_EN), "dst_code": regions["dst_omraade_region"],
            "municipalities": regions["n_kommuner"]}),
        "ref_municipalities.csv": pd.DataFrame({
            "municipality_code": munis["kommunekode"], "dagi_code": munis["kommunekode_dagi"],
            "name": munis["kommunenavn"], "region_code": munis["regionskode"]}).sort_values("municipality_code"),
        "ref_population_municipalities.csv": long,
        "ref_population_denmark.csv": denmark,
    }


def run(paths: Paths) -> int:
    """Read and check every shared file first; write only when all of them could be read (else one line each)."""
    problems: list[str] = []
    tables = _tables(paths, problems)
    topojson = _bytes(paths.shared_reference_dir / "dagi_2014_regioner.topojson", problems)
    texts = read_sources(paths.shared_sources_dir, problems)
    shapes = read_dcat_shapes(paths.shared_reference_dir, problems)
    if problems:
        for problem in problems:
            print(problem)
        print(say("import_nothing_written"))
        return 1
    for name, table in tables.items():
        table.to_csv(paths.data_dir / name, index=False, lineterminator="\n")
        print("  " + say("import_wrote", file=f"datapackage/data/{name}", rows=len(table)))
        if name == "ref_municipalities.csv":
            # The submission standard carries its own copy, so that it validates on its own.
            shutil.copyfile(paths.data_dir / name, paths.submission_dir / "municipalities.csv")
            print("  " + say("import_copied_it", target="datapackage/submission/municipalities.csv"))
    (paths.data_dir / "ref_regions.topojson").write_bytes(topojson)
    print("  " + say("import_copied", source="dagi_2014_regioner.topojson", target="datapackage/data/ref_regions.topojson"))
    write_sources(paths, texts)
    write_dcat_shapes(paths, shapes)
    return 0


SOURCES_README = """# Kildetekster / Source texts

The two documents every figure of this data package comes from, as plain text. `python -m build_scripts
validate` checks that every `source_quote` in `data/*.csv` occurs verbatim in the text of the document the
row names (`source_document`), after one normalisation: every run of whitespace (spaces, tabs, line
breaks) counts as one space. Nothing else is ignored.

| source_document | file | what it is |
| --- | --- | --- |
| `rapport-2022` | `{rapport-2022}` | The report *Kommunernes ikke-lovpligtige integrationsindsatser* (2022) by Finansministeriet, Udlændinge- og Integrationsministeriet, Indenrigs- og Boligministeriet and KL: the mapping of municipalities' non-statutory integration initiatives (accounts 2019, 2022 price level), with its questionnaire (Bilag 1) and terms of reference (Bilag 2). |
| `svar-2023` | `{svar-2023}` | The Minister for Immigration and Integration's answer of 10 February 2023 to question no. 1 (alm. del) from Folketingets Indenrigsudvalg, which summarises the report. |

Provenance: both texts were extracted from the published PDF documents and are kept here unchanged, as the
project received them. The extraction lost the report's figures 1-8 (they were images): only the numbers in
the running text, the boxes (Boks 1-3) and Tabel 1 are available, and nothing is read off the figures. Page
breaks and footnote markers (¹ ² ³ ⁴) survive in places; footnote texts are inline; Markdown emphasis
(`*...*`) marks the PDF's italics.

Imported on {date} by `python -m build_scripts import-reference` from the project's shared source folder.
To update: replace the texts there, run the command again, review the diff, put each changed text's SHA-256 in
SOURCE_TEXT_SHA256 (build_scripts/core/paths.py; `validate` refuses a text without it) and commit it.
"""


def read_sources(source_dir: Path, problems: list[str]) -> dict[str, bytes]:
    """The two source texts, by file name (each missing or unreadable one named in problems)."""
    texts = {name: _bytes(source_dir / name, problems) for name in SOURCE_TEXT_FILES.values()}
    return {name: data for name, data in texts.items() if data is not None}


def write_sources(paths: Paths, texts: dict[str, bytes], target_dir=None, today: datetime.date | None = None) -> None:
    target_dir = target_dir or paths.sources_dir
    target_dir.mkdir(parents=True, exist_ok=True)
    for name, data in texts.items():
        (target_dir / name).write_bytes(data)
        print("  " + say("import_copied", source=name, target=f"datapackage/sources/{name}"))
    readme = SOURCES_README
    for source_id, name in SOURCE_TEXT_FILES.items():
        readme = readme.replace("{" + source_id + "}", name)
    readme = readme.replace("{date}", (today or datetime.date.today()).isoformat())
    (target_dir / "README.md").write_text(readme, encoding="utf-8")
    print("  " + say("import_wrote_file", file="datapackage/sources/README.md"))


def import_sources(paths: Paths, source_dir=None, target_dir=None, today: datetime.date | None = None) -> None:
    """Copy the two source texts into datapackage/sources/ and write their README (provenance)."""
    problems: list[str] = []
    texts = read_sources(source_dir or paths.shared_sources_dir, problems)
    if problems:
        raise ImportProblems(problems)
    write_sources(paths, texts, target_dir, today)


# The shape folders copied from ../shared/reference/, each with the heading of its section of SOURCES.md.
SHAPES = (("dcat-ap-dk", "DCAT-AP-DK"), ("dcat-ap", "DCAT-AP 3"))


def read_dcat_shapes(reference_dir: Path, problems: list[str]) -> dict[str, tuple[str, dict[str, bytes]]]:
    """Each shape folder's files (only regular files: anything else, a folder in it too, is named in problems) and its
    section of SOURCES.md, by folder."""
    sources = _bytes(reference_dir / "SOURCES.md", problems)
    found = {}
    for folder, heading in SHAPES:
        source = reference_dir / folder
        if not source.is_dir():
            problems.append(f"{source}: " + say("import_no_folder"))
            continue
        files = {}
        for path in sorted(source.iterdir()):
            if path.is_dir() and not path.is_symlink():  # not copied: say so, not validate's 'give the file'
                problems.append(f"{path}: " + say("import_shape_folder", folder=source))
            else:
                files[path.name] = _bytes(path, problems)
        section = re.search(rf"^## {re.escape(heading)}\b.*?(?=^## |\Z)", (sources or b"").decode("utf-8", "replace"),
                            flags=re.M | re.S)
        if sources is not None and section is None:
            problems.append(say("import_no_section", file=reference_dir / "SOURCES.md", heading=heading))
        elif section is not None:
            found[folder] = (section.group(0), files)
    return found


def write_dcat_shapes(paths: Paths, shapes: dict, target_root=None) -> None:
    target_root = target_root or paths.dcat_shapes_dir.parent
    for folder, (section, files) in shapes.items():
        target = target_root / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
        (target / "SOURCES.md").write_text(
            f"# Where these files come from\n\nCopied from `../shared/reference/{folder}/` by "
            "`python -m build_scripts import-reference`; the text below is the section of "
            "`../shared/reference/SOURCES.md` that describes them.\n\n" + section.rstrip() + "\n",
            encoding="utf-8")
        print("  " + say("import_copied_shapes", source=f"../shared/reference/{folder}", target=paths.shown(target)))


def import_dcat_shapes(paths: Paths, reference_dir=None, target_root=None) -> None:
    """Copy the SHACL shapes (DCAT-AP-DK and DCAT-AP) and, beside each folder's files, the section of SOURCES.md
    that says where they come from. Every file of a shared folder is copied as it is (a README among them too)."""
    problems: list[str] = []
    shapes = read_dcat_shapes(reference_dir or paths.shared_reference_dir, problems)
    if problems:
        raise ImportProblems(problems)
    write_dcat_shapes(paths, shapes, target_root)
