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

import datetime
import re
import shutil

import pandas as pd

from build_scripts.core.lang import say
from build_scripts.core.paths import SOURCE_TEXT_FILES, Paths

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


def _write(paths: Paths, df: pd.DataFrame, name: str) -> None:
    df.to_csv(paths.data_dir / name, index=False, lineterminator="\n")
    print("  " + say("import_wrote", file=f"datapackage/data/{name}", rows=len(df)))


def run(paths: Paths) -> None:
    ref = paths.shared_reference_dir
    regions = pd.read_csv(ref / "regions.csv", dtype={"dst_omraade_region": str})
    _write(paths, 
        pd.DataFrame(
            {
                "region_code": regions["regionskode"],
                "name_da": regions["regionsnavn"],
                "name_en": regions["regionskode"].map(REGION_NAMES_EN),
                "dst_code": regions["dst_omraade_region"],
                "municipalities": regions["n_kommuner"],
            }
        ),
        "ref_regions.csv",
    )

    munis = pd.read_csv(ref / "municipalities.csv", dtype={"kommunekode_dagi": str})
    _write(paths, 
        pd.DataFrame(
            {
                "municipality_code": munis["kommunekode"],
                "dagi_code": munis["kommunekode_dagi"],
                "name": munis["kommunenavn"],
                "region_code": munis["regionskode"],
            }
        ).sort_values("municipality_code"),
        "ref_municipalities.csv",
    )
    # The submission standard carries its own copy, so that it validates on its own.
    shutil.copyfile(paths.data_dir / "ref_municipalities.csv", paths.submission_dir / "municipalities.csv")
    print("  " + say("import_copied_it", target="datapackage/submission/municipalities.csv"))

    pop = pd.read_csv(ref / "population_kommuner_2019_2023.csv")
    long = pop.melt(
        id_vars=["kommunekode"], value_vars=list(POPULATION_COLUMNS), var_name="date", value_name="population"
    )
    long["date"] = long["date"].map(POPULATION_COLUMNS)
    long = long.rename(columns={"kommunekode": "municipality_code"}).sort_values(["municipality_code", "date"])
    _write(paths, long, "ref_population_municipalities.csv")

    totals = pd.read_csv(ref / "population_regions_2019_2023.csv")
    denmark = totals[totals["area_code"] == 0].melt(
        value_vars=list(POPULATION_COLUMNS), var_name="date", value_name="population"
    )
    denmark["date"] = denmark["date"].map(POPULATION_COLUMNS)
    _write(paths, denmark, "ref_population_denmark.csv")

    shutil.copyfile(ref / "dagi_2014_regioner.topojson", paths.data_dir / "ref_regions.topojson")
    print("  " + say("import_copied", source="dagi_2014_regioner.topojson", target="datapackage/data/ref_regions.topojson"))

    import_sources(paths)
    import_dcat_shapes(paths)


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


def import_sources(paths: Paths, source_dir=None, target_dir=None, today: datetime.date | None = None) -> None:
    """Copy the two source texts into datapackage/sources/ and write their README (provenance)."""
    source_dir = source_dir or paths.shared_sources_dir
    target_dir = target_dir or paths.sources_dir
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_TEXT_FILES.values():
        shutil.copyfile(source_dir / name, target_dir / name)
        print("  " + say("import_copied", source=name, target=f"datapackage/sources/{name}"))
    readme = SOURCES_README
    for source_id, name in SOURCE_TEXT_FILES.items():
        readme = readme.replace("{" + source_id + "}", name)
    readme = readme.replace("{date}", (today or datetime.date.today()).isoformat())
    (target_dir / "README.md").write_text(readme, encoding="utf-8")
    print("  " + say("import_wrote_file", file="datapackage/sources/README.md"))


# The shape folders copied from ../shared/reference/, each with the heading of its section of SOURCES.md.
SHAPES = (("dcat-ap-dk", "DCAT-AP-DK"), ("dcat-ap", "DCAT-AP 3"))


def import_dcat_shapes(paths: Paths, reference_dir=None, target_root=None) -> None:
    """Copy the SHACL shapes (DCAT-AP-DK and DCAT-AP) and, beside each folder's files, the section of SOURCES.md
    that says where they come from. Every file of a shared folder is copied as it is (a README among them too)."""
    reference_dir = reference_dir or paths.shared_reference_dir
    target_root = target_root or paths.dcat_shapes_dir.parent
    sources = (reference_dir / "SOURCES.md").read_text(encoding="utf-8")
    for folder, heading in SHAPES:
        source = reference_dir / folder
        target = target_root / folder
        section = re.search(rf"^## {re.escape(heading)}\b.*?(?=^## |\Z)", sources, flags=re.M | re.S)
        if section is None:
            raise SystemExit(say("import_no_section", file=reference_dir / "SOURCES.md", heading=heading))
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(source.iterdir()):
            shutil.copyfile(path, target / path.name)
        (target / "SOURCES.md").write_text(
            f"# Where these files come from\n\nCopied from `../shared/reference/{folder}/` by "
            "`python -m build_scripts import-reference`; the text below is the section of "
            "`../shared/reference/SOURCES.md` that describes them.\n\n" + section.group(0).rstrip() + "\n",
            encoding="utf-8")
        shown = paths.shown(target)
        print("  " + say("import_copied_shapes", source=source, target=shown))
