"""Commands that compute from the package, or write with it, check it as `validate` does first (red team 3,
findings 4 and 6).

`aggregate` divided by a population of 0 that `validate` refuses and wrote `inf` into by_municipality.csv and
`Infinity`/`NaN` into summary.json (not JSON); `check-submission` read the same package; `zenodo` wrote a contributor
that `validate` refuses into .zenodo.json and CITATION.cff. Each now prints the problems `validate` would print and
one closing line, exits 1 and writes nothing (validate.require_valid, one helper for the three). Nothing is built.
"""

import json
import shutil

import pandas as pd
import pytest

from build_scripts import cli
from build_scripts.commands import aggregate
from build_scripts.core.paths import Paths
from build_scripts.devtools import synthetic
from conftest import CHECKOUT

REFUSED = ("Datapakken har fejl (de samme, som `make validate` nævner); ret dem først. Intet er kontrolleret, beregnet "
           "eller skrevet. / The data package has problems (the same that `make validate` names); fix them first. "
           "Nothing was checked, computed or written.")
ROW = {"initiative_id": "K1", "municipality_code": 101, "area_id": "social", "title": "Brevhjælp",
       "gross_expenditure_1000_kr": 100, "gross_income_1000_kr": 0, "financing_source": "3",
       "legal_basis": "Kommunalfuldmagten", "primary_target_group": "a", "secondary_target_group": "1",
       "content": "Rådgivning", "purpose": "Forstå breve", "time_horizon": "permanent", "target_group_share": "50"}


@pytest.fixture
def project(tmp_path):
    """A project folder as `--root` takes it: a copy of the package, CITATION.cff and .zenodo.json (a test edits
    them); the page templates, which validate reads, copied (validate refuses a symbolic link among its inputs)."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    shutil.copytree(CHECKOUT.docs_dir, root / "docs")
    for name in ("CITATION.cff", ".zenodo.json"):
        shutil.copyfile(CHECKOUT.root / name, root / name)
    return root


def run(capsys, root, *argv) -> str:
    code = cli.main(["--root", str(root), *map(str, argv)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and out.err == ""
    assert code == 1
    return out.out


def no_population(root) -> list[str]:
    """Population 0 on every row of municipality 101 (the review's example); the lines `validate` prints for it."""
    path = root / "datapackage" / "data" / "ref_population_municipalities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = table.index[table["municipality_code"] == "101"]
    table.loc[rows, "population"] = "0"
    table.to_csv(path, index=False, lineterminator="\n")
    return [f"datapackage/data/ref_population_municipalities.csv: linje {row + 2}, felt population: Værdien 0 ligger "
            f"uden for 1-1e+09, som byggeriet regner med. | line {row + 2}, field population: The value 0 lies outside "
            f"1-1e+09, which the build relies on." for row in rows]


def test_aggregate_refuses_a_package_validate_refuses(project, tmp_path, capsys):
    lines = no_population(project)
    submission = synthetic.write_csv(pd.DataFrame([ROW]), tmp_path / "ok.csv")
    out = tmp_path / "agg"
    assert run(capsys, project, "aggregate", "--out", out, submission).splitlines() == [
        *lines, f"{len(lines)} fejl fundet / {len(lines)} problem(s) found", REFUSED]
    assert not out.exists()


def test_check_submission_refuses_the_same_package(project, tmp_path, capsys):
    lines = no_population(project)
    submission = synthetic.write_csv(pd.DataFrame([ROW]), tmp_path / "ok.csv")
    assert run(capsys, project, "check-submission", submission).splitlines() == [
        *lines, f"{len(lines)} fejl fundet / {len(lines)} problem(s) found", REFUSED]


def test_aggregate_never_writes_a_number_that_is_not_finite(project, tmp_path):
    """aggregate() as a library (no check of the package first): a division by 0 is refused in one line before
    anything is written, not written as inf, Infinity or NaN. Denmark's population is made to agree with the
    municipalities' (as aggregate checks), so that the division by 0 itself is reached."""
    no_population(project)
    data = project / "datapackage" / "data"
    municipalities = pd.read_csv(data / "ref_population_municipalities.csv")
    denmark = pd.read_csv(data / "ref_population_denmark.csv", dtype=str, keep_default_na=False)
    sums = municipalities.groupby("date")["population"].sum()
    denmark["population"] = [str(sums[date] + 90) if date in sums else population
                             for date, population in zip(denmark["date"], denmark["population"])]
    denmark.to_csv(data / "ref_population_denmark.csv", index=False, lineterminator="\n")
    submission = synthetic.write_csv(pd.DataFrame([ROW]), tmp_path / "ok.csv")
    out = tmp_path / "agg"
    with pytest.raises(aggregate.AggregationError) as err:
        aggregate.aggregate(Paths(project), [submission], out, "2021-01-01")
    assert str(err.value) == (
        "national_expenditure_dkk i summary.json blev inf, ikke et endeligt tal, så intet er skrevet. Et folketal "
        "eller en sum i datapakken kan ikke bruges: kør `make validate`. / national_expenditure_dkk in summary.json "
        "came out as inf, not a finite number, so nothing was written. A population or a total in the data package "
        "cannot be used: run `make validate`.")
    assert not out.exists()


def test_a_table_with_an_infinite_rate_is_refused_too():
    summary = {"initiatives": 1, "population_coverage": 0.5}
    tables = {"by_municipality": pd.DataFrame({"municipality_code": [101, 147],
                                               "expenditure_per_inhabitant_dkk": [1.5, float("inf")]}),
              "by_region": pd.DataFrame({"expenditure_per_inhabitant_dkk": [float("nan")]})}  # no respondents: empty
    assert aggregate.not_finite(summary, tables).endswith(
        "/ expenditure_per_inhabitant_dkk in by_municipality.csv came out as inf, not a finite number, so nothing was "
        "written. A population or a total in the data package cannot be used: run `make validate`.")
    assert aggregate.not_finite(summary, {"by_region": tables["by_region"]}) is None


def contributor(root, index, title):
    path = root / "datapackage" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["contributors"][index]["title"] = title
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("index,title,line", [
    (0, 'Ny\nlinje: "x" #y',  # the review's example: CITATION.cff got a name that made validate refuse it after
     "datapackage/datapackage.json: felt contributors/0/title: Teksten 'Ny\\x0alinje: \"x\" #y' indeholder U+000A "
     "(LF), et linjeskift. Skriv teksten på én linje. | field contributors/0/title: The text 'Ny\\x0alinje: \"x\" #y' "
     "holds U+000A (LF), a line break. Write the text on one line."),
    (1, "x\u2028y",  # a contributor, not a creator: written into .zenodo.json only
     "datapackage/datapackage.json: felt contributors/1/title: Teksten 'x\\u2028y' indeholder U+2028 LINE SEPARATOR, "
     "et linjeskift. Skriv teksten på én linje. | field contributors/1/title: The text 'x\\u2028y' holds U+2028 LINE "
     "SEPARATOR, a line break. Write the text on one line."),
])
def test_zenodo_refuses_a_descriptor_validate_refuses_and_writes_nothing(project, capsys, index, title, line):
    before = {name: (project / name).read_bytes() for name in ("CITATION.cff", ".zenodo.json")}
    contributor(project, index, title)
    assert run(capsys, project, "zenodo").splitlines() == [line, "1 fejl fundet / 1 problem(s) found", REFUSED]
    assert {name: (project / name).read_bytes() for name in before} == before


def test_zenodo_writes_from_a_valid_descriptor(project, capsys):
    contributor(project, 1, "Finansministeriet (FM)")
    assert cli.main(["--root", str(project), "zenodo"]) == 0
    assert capsys.readouterr().out == "wrote .zenodo.json\n"
    assert "Finansministeriet (FM)" in (project / ".zenodo.json").read_text(encoding="utf-8")
