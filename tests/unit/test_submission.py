"""The submission standard: template, validator and the report's method as code (synthetic data only)."""

import csv
import json
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from build_scripts.commands import aggregate, submission
from build_scripts.devtools import synthetic
from conftest import CHECKOUT


def fill_xlsx(template, rows, target):
    wb = load_workbook(template)
    ws = wb[submission.SHEET]
    for row in rows:
        ws.append([row[name] for name in submission.field_names(CHECKOUT)])
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
    return submission.write_template(CHECKOUT, tmp_path / "template")


def test_filled_template_for_three_municipalities_passes(template, tmp_path):
    filled = fill_xlsx(template[1], THREE, tmp_path / "kommuner.xlsx")
    assert [str(p) for p in submission.check_files(CHECKOUT, [filled])] == []


def test_template_has_dropdowns_number_validation_and_instructions(template):
    wb = load_workbook(template[1])
    assert wb.sheetnames[0] == "Vejledning"
    validations = wb[submission.SHEET].data_validations.dataValidation
    types = sorted(v.type for v in validations)
    assert types.count("list") == 6 and types.count("whole") == 2 and types.count("custom") == 1 and \
        types.count("textLength") == 4
    guide = "\n".join(str(c.value) for row in wb["Vejledning"].iter_rows() for c in row if c.value)
    assert "Beløb bedes angivet i hele 1.000 kr., og der spørges kun ind til serviceudgifter." in guide
    assert template[0].read_text(encoding="utf-8").strip() == ",".join(submission.field_names(CHECKOUT))


def _validations_by_range(xlsx):
    validations = load_workbook(xlsx)[submission.SHEET].data_validations.dataValidation
    return {str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.showErrorMessage) for v in validations}


def test_template_validations_are_the_schemas_limits(template):
    """Excel refuses in the template what check-submission refuses: an amount over the schema's maximum, a text over
    its maxLength (red team 3, finding 8: amounts had only '>= 0', texts no limit). legal_basis keeps its list of
    suggestions (a cell has one validation); check-submission judges its length."""
    assert _validations_by_range(template[1]) == {
        "B2:B5000": ("list", None, "=Koder!$A$2:$A$99", None, True),
        "C2:C5000": ("list", None, "=Koder!$C$2:$C$7", None, True),
        "D2:D5000": ("textLength", "lessThanOrEqual", "200", None, True),  # title
        "E2:E5000": ("whole", "between", "0", "1000000", True),
        "F2:F5000": ("whole", "between", "0", "1000000", True),
        "G2:G5000": ("list", None, '"1,2,3"', None, True),
        "H2:H5000": ("list", None, '"Kommunalfuldmagten,ukendt"', None, False),
        "I2:I5000": ("list", None, '"a,b,c"', None, True),
        "J2:J5000": ("list", None, '"1,2,3,4,5"', None, True),
        "K2:K5000": ("textLength", "lessThanOrEqual", "2000", None, True),  # content
        "L2:L5000": ("textLength", "lessThanOrEqual", "2000", None, True),  # purpose
        "M2:M5000": ("textLength", "lessThanOrEqual", "200", None, True),  # time_horizon
        "N2:N5000": ("custom", None, '=OR(N2="-",N2="_",AND(ISNUMBER(N2),N2>=0,N2<=100,INT(N2)=N2))', None, True)}


def test_template_validations_follow_a_changed_schema(tmp_path, monkeypatch):
    """The limits are read from the standard, not typed: a changed maximum or length changes the template."""
    fields = submission.schema(CHECKOUT)["fields"]
    for field in fields:
        if field["name"] == "gross_income_1000_kr":
            field["constraints"] = {"required": True, "maximum": 5000}  # no minimum: only an upper end
        if field["name"] == "title":
            field["constraints"].update(minLength=3, maxLength=80)
    monkeypatch.setattr(submission, "schema", lambda paths: {"fields": fields})
    found = _validations_by_range(submission.write_template(CHECKOUT, tmp_path / "template")[1])
    assert found["D2:D5000"] == ("textLength", "between", "3", "80", True)
    assert found["E2:E5000"] == ("whole", "between", "0", "1000000", True)
    assert found["F2:F5000"] == ("whole", "lessThanOrEqual", "5000", None, True)


def test_broken_submission_names_its_row(template, tmp_path):
    rows = [dict(r) for r in THREE]
    rows[1]["area_id"] = "sport"
    rows[2]["gross_expenditure_1000_kr"] = -5
    rows[3]["municipality_code"] = 999
    filled = fill_xlsx(template[1], rows, tmp_path / "fejl.xlsx")
    problems = [str(p) for p in submission.check_files(CHECKOUT, [filled])]
    assert f"{filled}: linje 3, felt area_id: Værdien 'sport' er ikke en af de tilladte: beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid " \
           "eller sundhed_aeldre. | line 3, field area_id: The value 'sport' is not one of the allowed values: " \
           "beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid or sundhed_aeldre." in problems
    assert any(p.startswith(f"{filled}: linje 4, felt gross_expenditure_1000_kr: Værdien -5 er mindre end 0.") for p in problems)
    assert any(p.startswith(f"{filled}: linje 5, felt municipality_code: Koden '999' findes ikke i tabellen municipalities")
               for p in problems)
    assert len(problems) == 3


def test_cli_exit_codes(template, tmp_path):
    good = synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "good.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text(encoding="utf-8").replace(",a,5,", ",x,5,"), encoding="utf-8")
    cmd = [sys.executable, "-m", "build_scripts", "check-submission"]
    ok = subprocess.run(cmd + [str(good)], cwd=CHECKOUT.root, capture_output=True, text=True)
    assert ok.returncode == 0 and "Ingen fejl" in ok.stdout
    fail = subprocess.run(cmd + [str(good), str(bad)], cwd=CHECKOUT.root, capture_output=True, text=True)
    assert fail.returncode == 1 and "Traceback" not in fail.stdout + fail.stderr
    assert f"{bad}: linje 2, felt primary_target_group: Værdien 'x'" in fail.stdout


def test_duplicate_initiative_across_files(tmp_path):
    a = synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "a.csv")
    b = synthetic.write_csv(pd.DataFrame(THREE[:1]), tmp_path / "b.csv")
    assert [str(p) for p in submission.check_files(CHECKOUT, [a, b])] == [
        f"{b}: linje 2, felt initiative_id: Indsatsen 'K1' fra kommune 101 står også i {a}. | line 2, field "
        f"initiative_id: Initiative 'K1' of municipality 101 is also in {a}."]


TWICE = ("Dette er filen {first} igen (samme sti, eller et link til samme fil); den ville blive talt med to gange. "
         "Angiv hver fil én gang. | This is the file {first} again (the same path, or a link to the same file); it "
         "would be counted twice. Give each file once.")


def _again(path, how):
    """Another way to name the file `path`: the same path, one through '..', a symbolic link, a hard link."""
    if how == "same":
        return path
    if how == "dotdot":
        return path.parent / ".." / path.parent.name / path.name
    other = path.with_name(f"{how}.csv")
    if how == "symlink":
        other.symlink_to(path)
    else:
        other.hardlink_to(path)
    return other


@pytest.mark.parametrize("how", ["same", "dotdot", "symlink", "hardlink"])
def test_one_file_given_twice_is_refused_and_never_counted_twice(tmp_path, capsys, how):
    a = synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "a.csv")
    again = _again(a, how)
    line = f"{again}: " + TWICE.format(first=a)
    assert [str(p) for p in submission.check_files(CHECKOUT, [a, again])] == [line]
    assert one_line_refusal(capsys, ["check-submission", str(a), str(again)]) == line + "\n1 fejl fundet / 1 problem(s) found\n"
    out = tmp_path / "out"
    assert one_line_refusal(capsys, ["aggregate", "--out", str(out), str(a), str(again)]) == (
        line + "\n1 fejl fundet / 1 problem(s) found\nRettes først; intet er beregnet. / Fix these first; nothing "
        "was aggregated.\n")
    assert not out.exists()
    with pytest.raises(aggregate.AggregationError, match="counted twice"):  # also when called without the check
        aggregate.aggregate(CHECKOUT, [a, again], out, "2021-01-01")


def test_a_file_given_three_times_among_others_is_read_once(tmp_path):
    a = synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "a.csv")
    b = synthetic.write_csv(pd.DataFrame(THREE[2:]), tmp_path / "b.csv")
    problems = [str(p) for p in submission.check_files(CHECKOUT, [a, b, a, _again(a, "symlink")])]
    assert problems == [f"{a}: " + TWICE.format(first=a), f"{tmp_path / 'symlink.csv'}: " + TWICE.format(first=a)]


def test_aggregate_reproduces_hand_computed_totals(tmp_path):
    files = [synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "s.csv")]
    out = tmp_path / "out"
    assert aggregate.run(CHECKOUT, files, out, "2021-01-01") == 0
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
    assert aggregate.run(CHECKOUT, files, tmp_path / "out", "2020-07-01") == 1


@given(rows=st.integers(1, 60), seed=st.integers(0, 10_000),
       munis=st.lists(st.sampled_from([101, 147, 157, 751, 461, 851, 860]), min_size=1, max_size=5, unique=True))
def test_aggregation_properties(tmp_path, rows, seed, munis):
    df = synthetic.submission_frame(CHECKOUT, rows, seed, municipalities=munis)
    path = synthetic.write_csv(df, tmp_path / f"s{seed}.csv")
    assert submission.check_files(CHECKOUT, [path]) == []
    out = tmp_path / f"out{seed}"
    summary = aggregate.aggregate(CHECKOUT, [path], out, "2021-01-01")
    assert summary["national_expenditure_dkk"] >= summary["reported_expenditure_dkk"]
    areas = pd.read_csv(out / "by_area.csv")
    if summary["reported_expenditure_dkk"]:
        assert areas["expenditure_share_pct"].sum() == pytest.approx(100)
    per_muni = pd.read_csv(out / "by_municipality.csv").set_index("municipality_code")
    _, population = aggregate.population(CHECKOUT, "2021-01-01")
    population = population.set_index("municipality_code")["population"]
    direct = df.assign(kr=df["gross_expenditure_1000_kr"] * 1000).groupby("municipality_code")["kr"].sum() / population
    for code, value in direct.dropna().items():
        assert per_muni.loc[code, "expenditure_per_inhabitant_dkk"] == pytest.approx(value)
    assert summary["initiatives"] == rows


@given(rows=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_template_round_trips_through_the_validator(tmp_path, rows, seed):
    template = submission.write_template(CHECKOUT, tmp_path / f"t{seed}")
    df = synthetic.submission_frame(CHECKOUT, rows, seed)
    filled = fill_xlsx(template[1], df.to_dict("records"), tmp_path / f"f{seed}.xlsx")
    assert submission.check_files(CHECKOUT, [filled]) == []
    back = submission.read_table(CHECKOUT, filled)
    assert back.astype(str).equals(df.astype(str))


# --- hostile and broken submissions (issue 12): one scenario per test, the message asserted -----------------


def csv_of(rows, target):
    return synthetic.write_csv(pd.DataFrame(rows), target)


def with_row(changes, index=0):
    rows = [dict(r) for r in THREE]
    rows[index].update(changes)
    return rows


def rewrite_member(xlsx, name_pattern, edit):
    """The workbook with the XML of its members matching name_pattern passed through edit (text -> text)."""
    import re
    import zipfile

    members = {}
    with zipfile.ZipFile(xlsx) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if re.fullmatch(name_pattern, info.filename):
                data = edit(data.decode("utf-8")).encode("utf-8")
            members[info.filename] = data
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return xlsx


def make_stale(xlsx):
    """The data sheet declares A1:N2 while it holds rows 1-5, as some programs leave it."""
    import re

    def edit(xml):
        stale, count = re.subn(r'<dimension ref="A1:N5" ?/>', '<dimension ref="A1:N2"/>', xml)
        assert count in (0, 1)
        return stale

    rewrite_member(xlsx, r"xl/worksheets/sheet\d+\.xml", edit)
    assert '<dimension ref="A1:N2"/>' in zip_text(xlsx, "xl/worksheets/sheet2.xml")
    return xlsx


def zip_text(xlsx, member):
    import zipfile

    with zipfile.ZipFile(xlsx) as archive:
        return archive.read(member).decode("utf-8")


def refuse_parsing(monkeypatch):
    import openpyxl

    def fail(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    monkeypatch.setattr("build_scripts.stages.validate.stage.collect_problems", fail)


def test_zip_bomb_workbook_is_refused_before_parsing(template, tmp_path, monkeypatch):
    import time
    import zipfile

    bomb = tmp_path / "zip-bomb.xlsx"
    with zipfile.ZipFile(template[1]) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
        with out.open("xl/sharedStrings.xml", "w") as member:  # one cell of 60 MB of text
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            for _ in range(60):
                member.write(b"A" * 1_000_000)
            member.write(b"</t></si></sst>")
    assert bomb.stat().st_size < 1_000_000
    refuse_parsing(monkeypatch)
    start = time.perf_counter()
    problems = [str(p) for p in submission.check_files(CHECKOUT, [bomb])]
    assert time.perf_counter() - start < 1
    assert problems == [
        f"{bomb}: Regnearket fylder 60,0 MB udpakket (heraf xl/sharedStrings.xml 60,0 MB); en indberetning må højst "
        "fylde 50,0 MB udpakket. Filen er ikke læst. Fjern store celler og billeder, eller del indberetningen i flere "
        "filer. | The workbook is 60.0 MB uncompressed (xl/sharedStrings.xml: 60.0 MB); a submission may be at most "
        "50.0 MB uncompressed. The file was not read. Remove large cells and pictures, or split the submission."]


def test_oversized_csv_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "oversized.csv"
    with big.open("wb") as fh:
        fh.truncate(submission.max_bytes(CHECKOUT) + 1)  # sparse: nothing is written, nothing may be read
    refuse_parsing(monkeypatch)
    assert [str(p) for p in submission.check_files(CHECKOUT, [big])] == [
        f"{big}: Filen fylder 50,0 MB; en indberetning må højst fylde 50,0 MB. Del den i flere filer. | "
        "The file is 50.0 MB; a submission may be at most 50.0 MB. Split it into several files."]


def test_stale_dimension_still_reads_every_row(template, tmp_path):
    stale = make_stale(fill_xlsx(template[1], THREE, tmp_path / "stale-dimension.xlsx"))
    trusting = load_workbook(stale, read_only=True)[submission.SHEET]
    assert len(list(trusting.iter_rows())) == 2  # the fixture really is stale: read-only mode drops rows
    assert submission.check_files(CHECKOUT, [stale]) == []
    assert list(submission.read_table(CHECKOUT, stale)["initiative_id"]) == ["K1", "K2", "A1", "O1"]
    out = tmp_path / "out"
    assert aggregate.aggregate(CHECKOUT, [stale], out)["initiatives"] == 4


def test_stale_dimension_does_not_hide_a_bad_row(template, tmp_path):
    stale = make_stale(fill_xlsx(template[1], with_row({"area_id": "sport"}, index=3),
                                 tmp_path / "stale-dimension-bad-row.xlsx"))
    problems = submission.check_files(CHECKOUT, [stale])
    assert [(p.line, p.field) for p in problems] == [(5, "area_id")]


def test_guide_sheet_first_is_not_read_as_data(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Vejledning"
    wb.active.append(["Udfyld arket Indberetning."])
    data = wb.create_sheet(submission.SHEET)
    data.append(submission.field_names(CHECKOUT))
    for row in THREE:
        data.append([row[name] for name in submission.field_names(CHECKOUT)])
    guide_first = tmp_path / "guide-sheet-first.xlsx"
    wb.save(guide_first)
    assert submission.check_files(CHECKOUT, [guide_first]) == []
    assert len(submission.read_table(CHECKOUT, guide_first)) == 4


def test_workbook_without_data_sheet_names_the_sheet(template, tmp_path):
    renamed = fill_xlsx(template[1], THREE, tmp_path / "data-sheet-renamed.xlsx")
    wb = load_workbook(renamed)
    wb[submission.SHEET].title = "Ark1"
    wb.save(renamed)
    assert [str(p) for p in submission.check_files(CHECKOUT, [renamed])] == [
        f"{renamed}: Regnearket har intet ark med navnet »Indberetning« (det har: »Vejledning«, »Ark1«, »Koder«). "
        "Skriv indberetningen i arket »Indberetning« fra skabelonen. | The workbook has no sheet named 'Indberetning' "
        "(it has: »Vejledning«, »Ark1«, »Koder«). Enter the submission in the template's sheet 'Indberetning'."]


def formula_problem(path, line, field, cell, formula):
    return (f"{path}: linje {line}, felt {field}: Cellen {cell} indeholder en formel ({formula}). En indberetning skal "
            "indeholde værdier, ikke formler: den værdi, filen gemmer for en formel, kan være en anden end den, "
            "regnearket viser. Indsæt værdien i stedet for formlen (kopiér, og indsæt som værdi). | "
            f"line {line}, field {field}: Cell {cell} holds a formula ({formula}). A submission holds values, not "
            "formulas: the value the file stores for a formula can differ from the one the spreadsheet shows. Paste "
            "the value instead of the formula (copy, paste as value).")


def test_formula_without_cached_value_is_reported_as_formula(template, tmp_path):
    rows = with_row({"gross_expenditure_1000_kr": "=SUM(B2:B9)"}, index=2)  # openpyxl stores no computed value
    formula = fill_xlsx(template[1], rows, tmp_path / "formula-without-value.xlsx")
    assert [str(p) for p in submission.check_files(CHECKOUT, [formula])] == [
        formula_problem(formula, 4, "gross_expenditure_1000_kr", "E4", "=SUM(B2:B9)")]


# A formula's stored value is what it gave when the file was last calculated, not what the spreadsheet shows: the
# template (as openpyxl writes it) asks for a full recalculation on opening (fullCalcOnLoad), so Excel would show 2
# where the file stores 999 (red team 3, finding 3). Every formula is refused, also one whose stored value is right
# (=1000+200 stored as 1200, which this check accepted before): a value read from a formula can never be trusted
# without calculating it, and a submission is a record of values.
@pytest.mark.parametrize("cell_xml,formula", [
    ("<f>1+1</f><v>999</v>", "=1+1"),  # a stale stored value
    ("<f>1000+200</f><v>1200</v>", "=1000+200"),  # a right one
    ('<f t="array" ref="E2">SUM(1)</f><v>999</v>', "{=SUM(1)}"),
    ('<f t="shared" si="0"/><v>999</v>', "="),  # a shared formula's child without its first cell
])
def test_formula_with_a_stored_value_is_refused(template, tmp_path, cell_xml, formula):
    stored = fill_xlsx(template[1], with_row({"gross_expenditure_1000_kr": "=1000+200"}), tmp_path / "formula.xlsx")
    rewrite_member(stored, r"xl/worksheets/sheet\d+\.xml",
                   lambda xml: xml.replace('<c r="E2"><f>1000+200</f><v /></c>', f'<c r="E2" t="n">{cell_xml}</c>'))
    assert f'<c r="E2" t="n">{cell_xml}</c>' in zip_text(stored, "xl/worksheets/sheet2.xml")
    assert 'fullCalcOnLoad="1"' in zip_text(stored, "xl/workbook.xml")
    assert [str(p) for p in submission.check_files(CHECKOUT, [stored])] == [
        formula_problem(stored, 2, "gross_expenditure_1000_kr", "E2", formula)]


def test_shared_formula_is_refused_in_every_cell(template, tmp_path):
    """A shared formula with its first cell: each cell that shares it is named with its own formula."""
    shared = fill_xlsx(template[1], THREE, tmp_path / "shared-formula.xlsx")
    rewrite_member(shared, r"xl/worksheets/sheet\d+\.xml",
                   lambda xml: xml.replace('<c r="F2" t="n"><v>400</v></c>',
                                           '<c r="F2"><f t="shared" ref="F2:F3" si="0">E2/3</f><v>400</v></c>')
                   .replace('<c r="F3" t="n"><v>0</v></c>', '<c r="F3"><f t="shared" si="0"/><v>100</v></c>'))
    assert '<f t="shared" si="0"/>' in zip_text(shared, "xl/worksheets/sheet2.xml")
    assert [str(p) for p in submission.check_files(CHECKOUT, [shared])] == [
        formula_problem(shared, 2, "gross_income_1000_kr", "F2", "=E2/3"),
        formula_problem(shared, 3, "gross_income_1000_kr", "F3", "=E3/3")]


def test_text_formula_is_refused_even_when_it_gives_the_text(template, tmp_path):
    """A formula that gives text ('="K"&"1"', stored as 'K1') is refused like a number's."""
    text = fill_xlsx(template[1], THREE, tmp_path / "text-formula.xlsx")
    rewrite_member(text, r"xl/worksheets/sheet\d+\.xml",
                   lambda xml: xml.replace('<c r="A2" t="inlineStr"><is><t>K1</t></is></c>',
                                           '<c r="A2" t="str"><f>"K"&amp;"1"</f><v>K1</v></c>'))
    assert submission.read_table(CHECKOUT, text)["initiative_id"][0] == "K1"
    assert [str(p) for p in submission.check_files(CHECKOUT, [text])] == [
        formula_problem(text, 2, "initiative_id", "A2", '="K"&"1"')]


def test_aggregate_refuses_a_workbook_with_a_formula(template, tmp_path, capsys):
    stale = fill_xlsx(template[1], with_row({"gross_expenditure_1000_kr": "=1+1"}), tmp_path / "stale.xlsx")
    rewrite_member(stale, r"xl/worksheets/sheet\d+\.xml",
                   lambda xml: xml.replace("<f>1+1</f><v />", "<f>1+1</f><v>999</v>"))
    assert aggregate.run(CHECKOUT, [stale], tmp_path / "out", aggregate.DEFAULT_POPULATION_DATE) == 1
    assert formula_problem(stale, 2, "gross_expenditure_1000_kr", "E2", "=1+1") in capsys.readouterr().out
    assert not (tmp_path / "out" / "by_municipality.csv").exists()


@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_csv_is_named_as_utf16(tmp_path, bom, codec):
    """Excel's 'Unicode Text' writes UTF-16 with a byte order mark: named as such, not as Windows-1252 (red team 3,
    finding 9)."""
    utf8 = csv_of(THREE, tmp_path / "utf8.csv")
    utf16 = tmp_path / f"{codec}.csv"
    utf16.write_bytes(bom + utf8.read_text(encoding="utf-8").encode(codec))
    assert [str(p) for p in submission.check_files(CHECKOUT, [utf16])] == [
        f"{utf16}: Filen er gemt som UTF-16 (fx fra Excel som »Unicode-tekst«), ikke som UTF-8. Gem den som "
        "'CSV UTF-8'. | The file is saved as UTF-16 (e.g. from Excel as 'Unicode Text'), not as UTF-8. Save it as "
        "'CSV UTF-8'."]


def test_control_characters_are_refused(tmp_path):
    rows = [dict(r) for r in THREE]
    rows[0]["title"] = "IGU\x1b[31m-ambassadører"
    rows[1]["legal_basis"] = "ukendt\x07"
    rows[2]["title"] = "Netværks-\ngrupper"
    rows[3]["content"] = "Kontingent\nog udstyr"  # content may run over several lines
    control = csv_of(rows, tmp_path / "control-characters.csv")
    assert [str(p) for p in submission.check_files(CHECKOUT, [control])] == [
        f"{control}: linje 2, felt title: Teksten indeholder styretegnet U+001B (ESC), som ikke må stå i en "
        "indberetning: 'IGU\\x1b[31m-ambassadører'. Slet tegnet; det kommer ofte med, når man kopierer fra andre "
        "programmer. | line 2, field title: The text holds the control character U+001B (ESC), which a submission may "
        "not contain: 'IGU\\x1b[31m-ambassadører'. Delete it; it often comes along when copying from other programs.",
        f"{control}: linje 3, felt legal_basis: Teksten indeholder styretegnet U+0007 (BEL), som ikke må stå i en "
        "indberetning: 'ukendt\\x07'. Slet tegnet; det kommer ofte med, når man kopierer fra andre programmer. | "
        "line 3, field legal_basis: The text holds the control character U+0007 (BEL), which a submission may not "
        "contain: 'ukendt\\x07'. Delete it; it often comes along when copying from other programs.",
        f"{control}: linje 4, felt title: Teksten har et linjeskift, men feltet skal stå på én linje: "
        "'Netværks-\\x0agrupper'. Fjern linjeskiftet. | line 4, field title: The text has a line break, but the field "
        "must be one line: 'Netværks-\\x0agrupper'. Remove the line break."]


def test_text_a_spreadsheet_would_run_is_refused(tmp_path):
    rows = [dict(r) for r in THREE]
    rows[0]["title"] = '=HYPERLINK("http://example.org","klik")'
    rows[1]["time_horizon"] = "@SUM(1)"
    rows[2]["content"] = "+45 12 34 56 78"
    rows[3]["initiative_id"] = "-O1"
    formula_text = csv_of(rows, tmp_path / "formula-text.csv")
    problems = submission.check_files(CHECKOUT, [formula_text])
    assert [(p.line, p.field, p.title) for p in problems] == [
        (2, "title", "Tekst som formel"), (3, "time_horizon", "Tekst som formel"), (4, "content", "Tekst som formel"),
        (5, "initiative_id", "Tekst som formel")]
    assert str(problems[0]) == (
        f"{formula_text}: linje 2, felt title: Teksten begynder med '=', så et regneark vil udføre den som en formel: "
        "'=HYPERLINK(\"http://example.org\",\"klik\")'. Begynd teksten med et bogstav eller et tal. | line 2, field "
        "title: The text begins with '=', so a spreadsheet would run it as a formula: "
        "'=HYPERLINK(\"http://example.org\",\"klik\")'. Begin the text with a letter or a digit.")
    # '-' alone is the standard's own code for "not relevant" in target_group_share (THREE uses it): accepted.


def test_amounts_whose_sum_overflows_int64_are_refused(tmp_path):
    rows = [dict(r) for r in THREE]
    rows[0]["gross_expenditure_1000_kr"] = 5_000_000_000_000_000_000
    rows[1]["gross_expenditure_1000_kr"] = 5_000_000_000_000_000_000
    huge = csv_of(rows, tmp_path / "int64-overflow.csv")
    assert [str(p) for p in submission.check_files(CHECKOUT, [huge])] == [
        f"{huge}: linje {line}, felt gross_expenditure_1000_kr: Værdien 5000000000000000000 er større end 1000000, det "
        f"største tilladte. | line {line}, field gross_expenditure_1000_kr: The value 5000000000000000000 is greater "
        "than 1000000, the largest allowed." for line in (2, 3)]
    with pytest.raises(aggregate.AggregationError, match="'5000000000000000000' er ikke et helt beløb mellem 0 og 1000000"):
        aggregate.aggregate(CHECKOUT, [huge], tmp_path / "direct")
    assert aggregate.run(CHECKOUT, [huge], tmp_path / "out", "2021-01-01") == 1
    assert not (tmp_path / "out").exists()


def test_totals_at_the_maximum_are_exact(tmp_path):
    rows = [dict(THREE[0], initiative_id=f"M{i}", gross_expenditure_1000_kr=1_000_000, gross_income_1000_kr=999_999)
            for i in range(3)]
    at_max = csv_of(rows, tmp_path / "amounts-at-maximum.csv")
    assert submission.check_files(CHECKOUT, [at_max]) == []
    summary = aggregate.aggregate(CHECKOUT, [at_max], tmp_path / "out")
    assert summary["reported_expenditure_dkk"] == 3_000_000_000
    assert summary["reported_income_dkk"] == 2_999_997_000


def one_line_refusal(capsys, argv):
    from build_scripts import cli

    assert cli.main(argv) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return out.out


def test_aggregate_refuses_one_municipality_in_two_files(tmp_path, capsys):
    """Red team 6, finding 5: an original and a resubmission of municipality 101 (other ids) were added up."""
    first = csv_of(THREE, tmp_path / "a.csv")
    second = csv_of([dict(THREE[0], initiative_id="B1")], tmp_path / "b.csv")
    out = tmp_path / "out"
    assert aggregate.run(CHECKOUT, [first, second], out, "2021-01-01") == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Kommune 101 er i både {first} og {second}, og en kommunes indberetning er én fil: saml alle dens indsatser "
        "i én fil (kopiér rækkerne fra den ene over i den anden), og giv kun den fil; intet er beregnet. / "
        f"Municipality 101 is in both {first} and {second}, and a municipality's submission is one file: put all its "
        "initiatives in one file (copy the rows of the one into the other) and give only that file; nothing was "
        "aggregated.")
    assert not out.exists()
    other = csv_of([dict(THREE[0], initiative_id="B1", municipality_code=147)], tmp_path / "c.csv")
    assert aggregate.run(CHECKOUT, [first, other], tmp_path / "out2", "2021-01-01") == 0


def test_aggregate_out_is_an_existing_file(tmp_path, capsys):
    good = csv_of(THREE, tmp_path / "good.csv")
    existing = tmp_path / "summary.txt"
    existing.write_text("keep me", encoding="utf-8")
    assert one_line_refusal(capsys, ["aggregate", str(good), "--out", str(existing)]) == (
        f"--out {existing} er en fil; angiv en ny eller tom mappe. / --out {existing} is a file; give a new or empty folder.\n")
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_aggregate_out_is_a_non_empty_folder(tmp_path, capsys):
    good = csv_of(THREE, tmp_path / "good.csv")
    assert one_line_refusal(capsys, ["aggregate", str(good), "--out", str(tmp_path)]) == (
        f"--out {tmp_path} er en mappe, der ikke er tom; angiv en ny eller tom mappe, så gamle tabeller ikke blandes "
        f"med nye. / --out {tmp_path} is a folder that is not empty; give a new or empty folder, so that old tables "
        "are not mixed with new ones.\n")


def test_aggregate_out_under_a_file_cannot_be_created(tmp_path, capsys):
    good = csv_of(THREE, tmp_path / "good.csv")
    out = good / "out"
    assert one_line_refusal(capsys, ["aggregate", str(good), "--out", str(out)]) == (
        f"--out {out} kan ikke oprettes her ({good} er ikke en skrivbar mappe). / "
        f"--out {out} cannot be created here ({good} is not a writable folder).\n")


@pytest.mark.parametrize("tail", ["", "/x"])
def test_aggregate_out_with_a_name_too_long_gets_one_line(tmp_path, capsys, tail):
    """A path part over 255 bytes: pathlib's exists() passes ENAMETOOLONG on, which was a traceback (red team 27,
    finding 4)."""
    good = csv_of(THREE, tmp_path / "good.csv")
    out = tmp_path / f"{'a' * 300}{tail}"
    assert one_line_refusal(capsys, ["aggregate", str(good), "--out", str(out)]) == (
        f"Kan ikke skrive til {out}: File name too long. / Cannot write to {out}: File name too long.\n")


def test_aggregate_out_unwritable_while_writing(tmp_path, capsys, monkeypatch):
    good = csv_of(THREE, tmp_path / "good.csv")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pd.DataFrame, "to_csv", denied)  # as on a read-only share: the folder exists, files cannot
    out = tmp_path / "out"
    assert one_line_refusal(capsys, ["aggregate", str(good), "--out", str(out)]).splitlines()[-1] == (
        f"Kan ikke skrive til {out}: Permission denied. / Cannot write to {out}: Permission denied.")


def test_long_bad_value_is_quoted_as_an_excerpt(tmp_path):
    long_value = csv_of(with_row({"area_id": "x" * 100_000}), tmp_path / "long-bad-value.csv")
    problems = [str(p) for p in submission.check_files(CHECKOUT, [long_value])]
    assert problems == [
        f"{long_value}: linje 2, felt area_id: Værdien '{'x' * 60}…' er ikke en af de tilladte: beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid "
        "eller sundhed_aeldre. | line 2, "
        f"field area_id: The value '{'x' * 60}…' is not one of the allowed values: beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid or sundhed_aeldre."]


def test_unterminated_quote_is_named_once(tmp_path):
    rows = [dict(THREE[i % 4], initiative_id=f"Q{i}") for i in range(80)]
    unterminated = csv_of(rows, tmp_path / "unterminated-quote.csv")
    lines = unterminated.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[2].startswith("Q1,101,social,Brevhjælp,300,0,3,ukendt,b,4,Rådgivning,")
    lines[2] = lines[2].replace(",Rådgivning,", ',"Rådgivning,', 1)  # 77 rows follow the open quote
    unterminated.write_text("".join(lines), encoding="utf-8")
    assert [str(p) for p in submission.check_files(CHECKOUT, [unterminated])] == [
        f"{unterminated}: linje 3, felt content: Et anførselstegn (\") åbner en celle, men lukkes aldrig, så resten af "
        "filen ville blive læst som én celle. Tilføj det afsluttende anførselstegn, eller fjern det. | line 3, field "
        "content: A double quote (\") opens a cell but is never closed, so the rest of the file would be read as one "
        "cell. Add the closing quote, or remove it."]


def test_unterminated_quote_before_a_large_rest_is_named_once(tmp_path):
    rows = [dict(THREE[1], initiative_id=f"Q{i}", content="Rådgivning " + "x" * 1500) for i in range(200)]
    unterminated = csv_of(rows, tmp_path / "unterminated-quote-large-rest.csv")
    text = unterminated.read_text(encoding="utf-8").replace(",Rådgivning ", ',"Rådgivning ', 1)
    unterminated.write_text(text, encoding="utf-8")
    assert len(text) > 131_072  # more than the csv module's largest field follows the open quote
    previous = csv.field_size_limit()
    for field_size_limit in (131_072, sys.maxsize):  # the csv module's default, and as other libraries leave it
        csv.field_size_limit(field_size_limit)
        assert csv.field_size_limit() == field_size_limit
        assert [str(p) for p in submission.check_files(CHECKOUT, [unterminated])] == [
            f"{unterminated}: linje 2, felt content: Et anførselstegn (\") åbner en celle, men lukkes aldrig, så resten "
            "af filen ville blive læst som én celle. Tilføj det afsluttende anførselstegn, eller fjern det. | line 2, "
            "field content: A double quote (\") opens a cell but is never closed, so the rest of the file would be read "
            "as one cell. Add the closing quote, or remove it."]
    csv.field_size_limit(previous)


def test_cell_far_right_does_not_widen_every_row(template, tmp_path):
    far_right = fill_xlsx(template[1], THREE, tmp_path / "cell-in-column-xfd.xlsx")
    stray = "".join(f'<row r="{i}"><c r="XFD{i}"><v>1</v></c></row>' for i in range(6, 2006))
    rewrite_member(far_right, r"xl/worksheets/sheet2\.xml", lambda xml: xml.replace("</sheetData>", stray + "</sheetData>"))
    assert 'r="XFD2005"' in zip_text(far_right, "xl/worksheets/sheet2.xml")
    assert submission.check_files(CHECKOUT, [far_right]) == []  # only columns A-AN are read; no field is further right
    assert submission.read_table(CHECKOUT, far_right).shape == (4, 14)


def test_long_column_name_is_quoted_as_an_excerpt(tmp_path):
    renamed = tmp_path / "long-column-name.csv"
    csv_of(THREE, renamed)
    long_name = "title_" + "y" * 5_000
    renamed.write_text(renamed.read_text(encoding="utf-8").replace(",title,", f",{long_name},", 1), encoding="utf-8")
    short = f"title_{'y' * 54}…"
    assert [str(p) for p in submission.check_files(CHECKOUT, [renamed])] == [
        f"{renamed}: linje 1, felt {short}: Kolonnen '{short}' skal hedde 'title'. Omdøb den. | line 1, field {short}: "
        f"The column '{short}' must be called 'title'. Rename it."]


# --- a workbook whose data sheet is not a worksheet (red team, finding 8) ---------------------------------------

NOT_A_WORKSHEET = ("{path}: Arket »Indberetning« er {da}, ikke et regneark med celler. Skriv indberetningen i arket "
                   "»Indberetning« fra skabelonen. | The sheet 'Indberetning' is {en}, not a worksheet. Enter the "
                   "submission in the template's sheet 'Indberetning'.")


def test_a_chart_sheet_named_indberetning_is_one_line_not_a_traceback(tmp_path, capsys):
    """It was an AttributeError (a chart sheet has no reset_dimensions) outside the reading's try."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append([1])
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=1, min_row=1, max_row=1))
    wb.create_chartsheet(submission.SHEET).add_chart(chart)
    path = tmp_path / "chartsheet.xlsx"
    wb.save(path)
    message = NOT_A_WORKSHEET.format(path=path, da="et diagramark", en="a chart sheet")
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [message]
    assert one_line_refusal(capsys, ["check-submission", str(path)]) == f"{message}\n1 fejl fundet / 1 problem(s) found\n"
    with pytest.raises(submission.SubmissionUnreadable):
        submission.read_table(CHECKOUT, path)  # aggregate's reading refuses it the same way


@pytest.mark.parametrize("edit,da,en", [
    # An Excel 4.0 macro sheet, which openpyxl would read as a worksheet: by its root element ...
    ({r"xl/worksheets/sheet2\.xml": lambda xml: xml.replace("<worksheet xmlns=", '<xm:macrosheet xmlns:xm="http://'
                                                            'schemas.microsoft.com/office/excel/2006/main" xmlns=', 1)
      .replace("</worksheet>", "</xm:macrosheet>")}, "et makroark", "a macro sheet"),
    # ... or by its declared content type.
    ({r"\[Content_Types\]\.xml": lambda xml: xml.replace(
        'PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"', 'PartName="/xl/worksheets/sheet2.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.dialogsheet+xml"')}, "et dialogark", "a dialog sheet"),
])
def test_a_macro_or_dialog_sheet_named_indberetning_is_refused(template, tmp_path, edit, da, en):
    path = fill_xlsx(template[1], THREE, tmp_path / "other-kind.xlsx")
    for member, change in edit.items():
        before = zip_text(path, member.replace("\\", ""))
        rewrite_member(path, member, change)
        assert zip_text(path, member.replace("\\", "")) != before
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [NOT_A_WORKSHEET.format(path=path, da=da, en=en)]


def test_a_workbook_without_sheets_says_it_has_none(template, tmp_path):
    import re

    path = fill_xlsx(template[1], THREE, tmp_path / "no-sheets.xlsx")
    rewrite_member(path, r"xl/workbook\.xml", lambda xml: re.sub(r"<sheets>.*</sheets>", "<sheets/>", xml))
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [
        f"{path}: Regnearket har intet ark med navnet »Indberetning« (det har: ingen ark). Skriv indberetningen i "
        "arket »Indberetning« fra skabelonen. | The workbook has no sheet named 'Indberetning' (it has: no sheets). "
        "Enter the submission in the template's sheet 'Indberetning'."]


@pytest.mark.parametrize("name,content", [
    ("zip-not-xlsx.xlsx", {"hello.txt": "not a workbook"}),
    ("broken-sheet.xlsm", None),  # a workbook whose data sheet is not XML
])
def test_a_zip_that_is_not_a_workbook_is_one_line(template, tmp_path, name, content):
    import zipfile

    path = tmp_path / name
    if content:
        with zipfile.ZipFile(path, "w") as archive:
            for member, text in content.items():
                archive.writestr(member, text)
    else:
        fill_xlsx(template[1], THREE, path)
        rewrite_member(path, r"xl/worksheets/sheet2\.xml", lambda xml: xml[:200])
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [
        f"{path}: Filen kan ikke læses som et Excel-regneark (.xlsx). | The file cannot be read as an Excel workbook "
        "(.xlsx)."]


def test_a_protected_sheet_and_a_macro_enabled_workbook_are_read(template, tmp_path):
    """Protection does not hide a cell; an .xlsm's data sheet is a worksheet like an .xlsx's."""
    wb = load_workbook(template[1])
    wb[submission.SHEET].protection.sheet = True
    wb[submission.SHEET].protection.password = "hemmelig"
    for row in THREE:
        wb[submission.SHEET].append([row[name] for name in submission.field_names(CHECKOUT)])
    protected = tmp_path / "protected.xlsm"
    wb.save(protected)
    rewrite_member(protected, r"\[Content_Types\]\.xml", lambda xml: xml.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    assert "macroEnabled" in zip_text(protected, "[Content_Types].xml")
    assert submission.check_files(CHECKOUT, [protected]) == []
    assert len(submission.read_table(CHECKOUT, protected)) == 4


def test_a_merged_range_over_the_whole_sheet_still_hides_nothing(template, tmp_path):
    """A range of a million rows was skipped as too large to list, so what lay under it was counted."""
    path = fill_xlsx(template[1], THREE, tmp_path / "merged-sheet.xlsx")
    rewrite_member(path, r"xl/worksheets/sheet2\.xml", lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="E4:E1048576"/></mergeCells>', 1))
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [
        f"{path}: linje 5, felt gross_expenditure_1000_kr: Cellen E5 har en værdi, men ligger under en flettet celle, "
        "så den ikke kan ses. Ophæv fletningen, eller slet værdien. | line 5, field gross_expenditure_1000_kr: Cell E5 "
        "holds a value but lies under a merged cell, so it cannot be seen. Unmerge the cells, or delete the value."]


@pytest.mark.parametrize("refs,cell,covered", [
    (["B2:C3"], (2, 2), False), (["B2:C3"], (2, 3), True), (["B2:C3"], (3, 2), True), (["B2:C3"], (4, 2), False),
    (["E:E"], (1, 5), False), (["E:E"], (900_000, 5), True), (["3:3"], (3, 1), False), (["3:3"], (3, 40), True),
    (["A1:A100", "A5:A6"], (50, 1), True),  # overlapping ranges (only a crafted file has them)
])
def test_merged_cells_cover_all_but_the_first_cell(refs, cell, covered):
    merged = submission.MergedCells()
    for ref in refs:
        merged.add(ref)
    assert (cell in merged) is covered
