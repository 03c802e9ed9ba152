"""Submissions: what a municipality's file shows is what gets counted (issue 20, section 3).

Hidden sheets, hidden rows and columns holding values, and cells formatted to show nothing are refused by name;
an initiative id is one id however it is written (case, width, invisible characters); the text and digit rules
of the published data apply to a submission too.
"""

import json
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill
from test_submission import THREE, fill_xlsx, rewrite_member

from build_scripts.commands import submission
from build_scripts.core.paths import Paths
from build_scripts.devtools import synthetic
from conftest import CHECKOUT


@pytest.fixture
def filled(tmp_path):
    template = submission.write_template(CHECKOUT, tmp_path / "template")
    return fill_xlsx(template[1], THREE, tmp_path / "kommuner.xlsx")


def changed(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def problems(*files):
    return [str(p) for p in submission.check_files(CHECKOUT, list(files))]


def test_the_filled_template_shows_everything(filled):
    assert problems(filled) == []


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_refused(filled, state):
    def hide(wb):
        wb.create_sheet("Noter")["A1"] = "ekstra"
        wb["Noter"].sheet_state = state

    changed(filled, hide)
    assert problems(filled) == [
        f"{filled}: Arket »Noter« er skjult ({state}). En indberetning må ikke have skjulte ark: vis arket, eller "
        f"slet det. | The sheet 'Noter' is hidden ({state}). A submission may not have hidden sheets: show the sheet, "
        "or delete it."]


def test_a_hidden_row_with_values_is_refused(filled):
    changed(filled, lambda wb: setattr(wb[submission.SHEET].row_dimensions[3], "hidden", True))
    assert problems(filled) == [
        f"{filled}: linje 3: Række 3 er skjult, men har indhold; den ville blive talt med uden at kunne ses. Vis "
        "rækken (eller slet den). | line 3: Row 3 is hidden but holds values; it would be counted without being "
        "seen. Show the row (or delete it)."]


def test_a_hidden_column_with_values_is_refused_once(filled):
    changed(filled, lambda wb: setattr(wb[submission.SHEET].column_dimensions["E"], "hidden", True))
    assert problems(filled) == [
        f"{filled}: linje 1, felt gross_expenditure_1000_kr: Kolonne E er skjult, men har indhold; den ville blive "
        "talt med uden at kunne ses. Vis kolonnen (eller slet den). | line 1, field gross_expenditure_1000_kr: Column "
        "E is hidden but holds values; it would be counted without being seen. Show the column (or delete it)."]


@pytest.mark.parametrize("cell,line,style,why_da,why_en", [
    ("E3", 3, {"number_format": ";;;"}, "talformatet ';;;' viser intet", "the number format ';;;' shows nothing"),
    ("E5", 5, {"number_format": '0;-0;"";@'}, "talformatet '0;-0;\"\";@' viser intet",  # zero's section is empty
     "the number format '0;-0;\"\";@' shows nothing"),
    ("E3", 3, {"font": Font(color="FFFFFFFF")}, "skriften har samme farve som baggrunden",
     "the text has the same colour as its background"),
    ("E3", 3, {"font": Font(color="FF1F4E79"), "fill": PatternFill("solid", fgColor="FF1F4E79")},
     "skriften har samme farve som baggrunden", "the text has the same colour as its background"),
])
def test_a_cell_formatted_to_show_nothing_is_refused(filled, cell, line, style, why_da, why_en):
    def hide(wb):
        for name, value in style.items():
            setattr(wb[submission.SHEET][cell], name, value)

    changed(filled, hide)
    assert problems(filled) == [
        f"{filled}: linje {line}, felt gross_expenditure_1000_kr: Cellen {cell} har en værdi, der ikke kan ses: "
        f"{why_da}. Giv cellen et almindeligt format og en synlig farve. | line {line}, field gross_expenditure_1000_kr: "
        f"Cell {cell} holds a value that cannot be seen: {why_en}. Give the cell a plain format and a visible colour."]


def test_an_initiative_id_is_one_id_whatever_its_case(tmp_path):
    rows = [dict(r) for r in THREE]
    rows[1]["initiative_id"] = "k1"
    path = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "s.csv")
    assert problems(path) == [
        f"{path}: linje 3, felt initiative_id: Indsatsen 'k1' fra kommune 101 står også i linje 2 (som 'K1'); store og "
        "små bogstaver, bredde og usynlige tegn gør ikke to id'er forskellige. | line 3, field initiative_id: "
        "Initiative 'k1' of municipality 101 is also in line 2 (as 'K1'); upper and lower case, width and invisible "
        "characters do not make two ids differ."]


@pytest.mark.parametrize("written,shown", [("Ｋ1", "Ｋ1"), ("K\u2060" + "1", "K\\u20601")])
def test_an_initiative_id_is_one_id_whatever_its_width_without_the_descriptors_pattern(tmp_path, written,
                                                                                        shown):
    """The standard's pattern allows only A-Z, 0-9, '.', '_' and '-'; without it (a pull request can change the
    descriptor) the rule in code still makes 'Ｋ1' (fullwidth K) and 'K\u20601' (a word joiner) the id 'K1'."""
    descriptor = json.loads(CHECKOUT.submission_json.read_text(encoding="utf-8"))
    for field in descriptor["resources"][0]["schema"]["fields"]:
        if field["name"] == "initiative_id":
            field["constraints"].pop("pattern")
    relaxed = Paths(tmp_path).submission_dir  # a project whose submission standard is the relaxed one
    shutil.copytree(CHECKOUT.submission_dir, relaxed)
    (relaxed / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    rows = [dict(r) for r in THREE]
    rows[1]["initiative_id"] = written
    path = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "s.csv")
    found = [str(p) for p in submission.check_files(Paths(tmp_path), [path]) if "felt initiative_id" in str(p)]
    assert found and found[0].startswith(f"{path}: linje 3, felt initiative_id: ")


def test_same_id_across_files_however_written(tmp_path):
    a = synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "a.csv")
    rows = [dict(THREE[0]) | {"initiative_id": "k1"}]
    b = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "b.csv")
    assert problems(a, b) == [
        f"{b}: linje 2, felt initiative_id: Indsatsen 'k1' fra kommune 101 står også i {a} (som 'K1'); store og små "
        "bogstaver, bredde og usynlige tegn gør ikke to id'er forskellige. | line 2, field initiative_id: Initiative "
        f"'k1' of municipality 101 is also in {a} (as 'K1'); upper and lower case, width and invisible characters do "
        "not make two ids differ."]


@pytest.mark.parametrize("value,shown,da,en", [
    ("IGU\u202eugi", "IGU\\u202eugi", "U+202E RIGHT-TO-LEFT OVERRIDE, et usynligt tegn, der ændrer tekstens retning, så "
     "den vises i en anden rækkefølge, end den står. Slet tegnet.", "U+202E RIGHT-TO-LEFT OVERRIDE, an invisible "
     "character that changes the text's direction, so it is shown in another order than it is stored. Delete it."),
    ("IGU ٢٠٢١", "IGU ٢٠٢١", "U+0662 ARABIC-INDIC DIGIT TWO, et ciffer, der ikke er 0-9. Skriv tallet med cifrene 0-9.",
     "U+0662 ARABIC-INDIC DIGIT TWO, a digit other than 0-9. Write the number with the digits 0-9."),
])
def test_the_text_and_digit_rules_of_the_data_apply(tmp_path, value, shown, da, en):
    rows = [dict(r) for r in THREE]
    rows[0]["title"] = value
    path = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "s.csv")
    assert problems(path) == [
        f"{path}: linje 2, felt title: Teksten '{shown}' indeholder {da} | line 2, field title: The text '{shown}' "
        f"holds {en}"]


def test_digits_other_than_0_9_are_not_an_amount(tmp_path):
    rows = [dict(r) for r in THREE]
    rows[0]["gross_expenditure_1000_kr"] = "١٢٠٠"
    path = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "s.csv")
    assert problems(path)[0].startswith(
        f"{path}: linje 2, felt gross_expenditure_1000_kr: Teksten '١٢٠٠' indeholder U+0661 ARABIC-INDIC DIGIT ONE")


def test_a_value_under_a_merged_cell_is_refused(filled):
    """Excel shows only a merged range's first cell: a value in another cell of it would be counted unseen."""
    # openpyxl empties a merged range's other cells, so the merge is written into the sheet's XML as Excel keeps it.
    rewrite_member(filled, r"xl/worksheets/sheet2\.xml", lambda xml: xml.replace(  # the sheet Indberetning
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="D3:E3"/></mergeCells>', 1))
    assert problems(filled) == [
        f"{filled}: linje 3, felt gross_expenditure_1000_kr: Cellen E3 har en værdi, men ligger under en flettet celle, "
        "så den ikke kan ses. Ophæv fletningen, eller slet værdien. | line 3, field gross_expenditure_1000_kr: Cell E3 "
        "holds a value but lies under a merged cell, so it cannot be seen. Unmerge the cells, or delete the value."]
