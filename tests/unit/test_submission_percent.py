"""A share in per cent (target_group_share) is told in words how to be written (red team 6, finding 7): a cell in a
percent format (Excel stores 100 % as 1) is not sent off to get 'a plain format', which would leave a silent 1 %, and
a text like '50 %' is not answered with the standard's pattern."""

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_submission import THREE, fill_xlsx

from build_scripts.commands import submission
from build_scripts.devtools import synthetic
from conftest import CHECKOUT

FIX_DA = ("Skriv andelen som et helt antal procent, 0-100 (100, ikke 100 %), eller '-' (eller '_'), hvis det ikke er "
          "relevant eller muligt.")
FIX_EN = ("Write the share as a whole number of per cent, 0-100 (100, not 100 %), or '-' (or '_') where it is not "
          "relevant or cannot be defined.")


@pytest.fixture
def filled(tmp_path):
    template = submission.write_template(CHECKOUT, tmp_path / "template")
    return fill_xlsx(template[1], THREE, tmp_path / "kommuner.xlsx")


def problems(path):
    return [str(p) for p in submission.check_files(CHECKOUT, [path])]


def with_n2(path, value, number_format="General"):
    wb = load_workbook(path)
    wb[submission.SHEET]["N2"].value = value
    wb[submission.SHEET]["N2"].number_format = number_format
    wb.save(path)
    return path


@pytest.mark.parametrize("value,number_format,shown", [(1, "0%", "100%"), (0.5, "0.0%", "50,0%"), (1, "0 %", "100 %")])
def test_a_share_in_a_percent_format_is_told_to_be_a_whole_per_cent(filled, value, number_format, shown):
    with_n2(filled, value, number_format)
    assert problems(filled) == [
        f"{filled}: linje 2, felt target_group_share: Celle N2 har procentformat: den viser '{shown}', men indeholder "
        f"værdien {str(value).replace('.', ',')}, som ville tælle som {str(value).replace('.', ',')} %. Fjern procentformatet. {FIX_DA} | line 2, field "
        f"target_group_share: Cell N2 has a percent format: it shows '{shown}', but holds the value {value}, which "
        f"would count as {value} %. Remove the percent format. {FIX_EN}"]


def test_a_percent_sign_in_quotes_is_no_percent_format(filled):
    with_n2(filled, 100, '0" %"')
    assert problems(filled) == []


def test_a_share_written_with_a_percent_sign_in_a_workbook_is_told_in_words(filled):
    with_n2(filled, "50 %")
    assert problems(filled) == [
        f"{filled}: linje 2, felt target_group_share: '50 %' er ikke en andel, som standarden skriver den. {FIX_DA} | "
        f"line 2, field target_group_share: '50 %' is not a share as the standard writes it. {FIX_EN}"]


@pytest.mark.parametrize("value", ["50 %", "50%", "0,5", "101"])
def test_a_share_written_otherwise_in_a_csv_is_told_in_words(tmp_path, value):
    path = synthetic.write_csv(pd.DataFrame([dict(THREE[0], target_group_share=value)]), tmp_path / "s.csv")
    assert problems(path) == [
        f"{path}: linje 2, felt target_group_share: '{value}' er ikke en andel, som standarden skriver den. {FIX_DA} | "
        f"line 2, field target_group_share: '{value}' is not a share as the standard writes it. {FIX_EN}"]


def test_the_templates_guide_says_how_to_write_the_share(tmp_path):
    guide = load_workbook(submission.write_template(CHECKOUT, tmp_path / "template")[1])["Vejledning"]
    row = next(r for r in guide.iter_rows(values_only=True) if r[0] == "target_group_share")
    assert row[4] == ("Et helt antal procent, 0-100: skriv 100, ikke 100 %, og giv ikke cellen procentformat (Excel "
                      "gemmer 100 % som 1, og det tæller som 1 %); _ = Ikke relevant eller ikke muligt at definere")
