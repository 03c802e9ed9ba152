"""The submission standard: template, validator and the report's method as code (synthetic data only)."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from build_scripts import aggregate, paths, submission, synthetic


def fill_xlsx(template, rows, target):
    wb = load_workbook(template)
    ws = wb[submission.SHEET]
    for row in rows:
        ws.append([row[name] for name in submission.field_names()])
    wb.save(target)
    return target


THREE = [
    {"initiative_id": "K1", "municipality_code": 101, "area_id": "beskaeftigelse", "title": "IGU-ambassadører",
     "gross_expenditure_1000_kr": 1200, "gross_income_1000_kr": 400, "financing_source": "1",
     "legal_basis": "Kommunalfuldmagten", "primary_target_group": "a", "secondary_target_group": "5",
     "content": "Ambassadører", "purpose": "Flere i IGU", "time_horizon": "2019-2021", "target_group_share": "100"},
    {"initiative_id": "K2", "municipality_code": 101, "area_id": "social", "title": "Brevhjælp",
     "gross_expenditure_1000_kr": 300, "gross_income_1000_kr": 0, "financing_source": "3",
     "legal_basis": "ukendt", "primary_target_group": "b", "secondary_target_group": "4",
     "content": "Rådgivning", "purpose": "Forstå breve", "time_horizon": "permanent", "target_group_share": "-"},
    {"initiative_id": "A1", "municipality_code": 751, "area_id": "social", "title": "Netværksgrupper",
     "gross_expenditure_1000_kr": 500, "gross_income_1000_kr": 100, "financing_source": "3",
     "legal_basis": "Serviceloven § 18", "primary_target_group": "c", "secondary_target_group": "2",
     "content": "Grupper", "purpose": "Netværk", "time_horizon": "permanent", "target_group_share": "80"},
    {"initiative_id": "O1", "municipality_code": 461, "area_id": "kultur_fritid", "title": "Foreningsliv",
     "gross_expenditure_1000_kr": 0, "gross_income_1000_kr": 0, "financing_source": "2",
     "legal_basis": "Folkeoplysningsloven", "primary_target_group": "c", "secondary_target_group": "3",
     "content": "Kontingent", "purpose": "Fritid", "time_horizon": "2019", "target_group_share": "_"},
]


@pytest.fixture
def template(tmp_path):
    return submission.write_template(tmp_path / "template")


def test_filled_template_for_three_municipalities_passes(template, tmp_path):
    filled = fill_xlsx(template[1], THREE, tmp_path / "kommuner.xlsx")
    assert [str(p) for p in submission.check_files([filled])] == []


def test_template_has_dropdowns_number_validation_and_instructions(template):
    wb = load_workbook(template[1])
    assert wb.sheetnames[0] == "Vejledning"
    validations = wb[submission.SHEET].data_validations.dataValidation
    types = sorted(v.type for v in validations)
    assert types.count("list") == 6 and types.count("whole") == 2 and types.count("custom") == 1
    guide = "\n".join(str(c.value) for row in wb["Vejledning"].iter_rows() for c in row if c.value)
    assert "Beløb bedes angivet i hele 1.000 kr., og der spørges kun ind til serviceudgifter." in guide
    assert template[0].read_text(encoding="utf-8").strip() == ",".join(submission.field_names())


def test_broken_submission_names_its_row(template, tmp_path):
    rows = [dict(r) for r in THREE]
    rows[1]["area_id"] = "sport"
    rows[2]["gross_expenditure_1000_kr"] = -5
    rows[3]["municipality_code"] = 999
    filled = fill_xlsx(template[1], rows, tmp_path / "fejl.xlsx")
    problems = [str(p) for p in submission.check_files([filled])]
    assert f"{filled}: linje 3, felt area_id: Værdien 'sport' er ikke en af de tilladte: ['beskaeftigelse', " \
           "'dagtilbud_folkeskole', 'integration_generelt', 'social', 'kultur_fritid', 'sundhed_aeldre']. | line 3, " \
           "field area_id: The value 'sport' is not one of the allowed values: ['beskaeftigelse', 'dagtilbud_folkeskole', " \
           "'integration_generelt', 'social', 'kultur_fritid', 'sundhed_aeldre']." in problems
    assert any(p.startswith(f"{filled}: linje 4, felt gross_expenditure_1000_kr: Værdien -5 er mindre end 0.") for p in problems)
    assert any(p.startswith(f"{filled}: linje 5, felt municipality_code: Koden '999' findes ikke i tabellen municipalities")
               for p in problems)
    assert len(problems) == 3


def test_cli_exit_codes(template, tmp_path):
    good = synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "good.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8").replace(",a,5,", ",x,5,"), encoding="utf-8")
    cmd = [sys.executable, "-m", "build_scripts", "check-submission"]
    ok = subprocess.run(cmd + [str(good)], cwd=paths.ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "Ingen fejl" in ok.stdout
    fail = subprocess.run(cmd + [str(good), str(bad)], cwd=paths.ROOT, capture_output=True, text=True)
    assert fail.returncode == 1 and "Traceback" not in fail.stdout + fail.stderr
    assert f"{bad}: linje 2, felt primary_target_group: Værdien 'x'" in fail.stdout


def test_duplicate_initiative_across_files(tmp_path):
    a = synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "a.csv")
    b = synthetic.write_csv(pd.DataFrame(THREE[:1]), tmp_path / "b.csv")
    assert [str(p) for p in submission.check_files([a, b])] == [
        f"{b}: linje 2, felt initiative_id: Indsatsen 'K1' fra kommune 101 står også i {a}. | line 2, field "
        f"initiative_id: Initiative 'K1' of municipality 101 is also in {a}."]


def test_aggregate_reproduces_hand_computed_totals(tmp_path):
    files = [synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "s.csv")]
    out = tmp_path / "out"
    assert aggregate.run(files, out, "2021-01-01") == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # By hand: 1.200 + 300 + 500 + 0 = 2.000 (1.000 kr.); income 400 + 0 + 100 + 0 = 500.
    assert summary["initiatives"] == 4
    assert summary["municipalities_responding"] == 3
    assert summary["reported_expenditure_dkk"] == 2_000_000
    assert summary["reported_income_dkk"] == 500_000
    # Population 1 January 2021: København 638.117, Aarhus 352.751 (751), Odense 205.509 (461); Denmark 5.840.045.
    responding = 638_117 + 352_751 + 205_509
    assert summary["population_responding"] == responding
    assert summary["population_coverage"] == pytest.approx(responding / 5_840_045)
    assert summary["national_expenditure_dkk"] == pytest.approx(2_000_000 * 5_840_045 / responding)
    assert summary["expenditure_per_inhabitant_dkk"] == pytest.approx(2_000_000 / 5_840_045)
    assert summary["municipalities_at_zero"] == 1
    assert summary["municipalities_below_1_kr_per_inhabitant"] == 1  # Odense: 0 kr.
    assert summary["municipalities_above_50_kr_per_inhabitant"] == 0  # København 2,35 kr., Aarhus 1,42 kr.
    areas = pd.read_csv(out / "by_area.csv").set_index("area_id")
    assert areas.loc["social", "gross_expenditure_dkk"] == 800_000
    assert areas.loc["social", "self_financed_share_pct"] == 100
    assert areas.loc["beskaeftigelse", "expenditure_share_pct"] == pytest.approx(60)
    assert areas.loc["social", "average_expenditure_per_initiative_dkk"] == 400_000
    counts = pd.read_csv(out / "counts.csv", dtype=str)
    legal = counts[counts["dimension"] == "legal_basis"].set_index("value")["initiatives"].to_dict()
    assert legal == {"Kommunalfuldmagten": "1", "anden hjemmel": "2", "ukendt": "1"}
    from frictionless import Package

    assert Package(str(out / "datapackage.json")).validate().valid


def test_unknown_population_date(tmp_path):
    files = [synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "s.csv")]
    assert aggregate.run(files, tmp_path / "out", "2020-07-01") == 1


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.integers(1, 60), seed=st.integers(0, 10_000),
       munis=st.lists(st.sampled_from([101, 147, 157, 751, 461, 851, 860]), min_size=1, max_size=5, unique=True))
def test_aggregation_properties(tmp_path, rows, seed, munis):
    df = synthetic.submission_frame(rows, seed, municipalities=munis)
    path = synthetic.write_csv(df, tmp_path / f"s{seed}.csv")
    assert submission.check_files([path]) == []
    out = tmp_path / f"out{seed}"
    summary = aggregate.aggregate([path], out, "2021-01-01")
    assert summary["national_expenditure_dkk"] >= summary["reported_expenditure_dkk"]
    areas = pd.read_csv(out / "by_area.csv")
    if summary["reported_expenditure_dkk"]:
        assert areas["expenditure_share_pct"].sum() == pytest.approx(100)
    per_muni = pd.read_csv(out / "by_municipality.csv").set_index("municipality_code")
    _, population = aggregate.population("2021-01-01")
    population = population.set_index("municipality_code")["population"]
    direct = df.assign(kr=df["gross_expenditure_1000_kr"] * 1000).groupby("municipality_code")["kr"].sum() / population
    for code, value in direct.dropna().items():
        assert per_muni.loc[code, "expenditure_per_inhabitant_dkk"] == pytest.approx(value)
    assert summary["initiatives"] == rows


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_template_round_trips_through_the_validator(tmp_path, rows, seed):
    template = submission.write_template(tmp_path / f"t{seed}")
    df = synthetic.submission_frame(rows, seed)
    filled = fill_xlsx(template[1], df.to_dict("records"), tmp_path / f"f{seed}.xlsx")
    assert submission.check_files([filled]) == []
    back = submission.read_table(filled)
    assert back.astype(str).equals(df.astype(str))
