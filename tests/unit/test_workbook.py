"""Workbooks readers download (tables and each chart's data): text stays text, and the same content gives the
same bytes (build_scripts/core/workbook.py)."""


import pandas as pd
from openpyxl import Workbook, load_workbook

from build_scripts.core import workbook
from conftest import CHECKOUT


def test_a_formula_in_the_data_stays_text_and_the_bytes_repeat(tmp_path):
    df = pd.DataFrame({"label": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)"], "value": [1, 2, None]})
    files = []
    for name in ("a.xlsx", "b.xlsx"):
        wb = Workbook()
        workbook.write_frame(wb.active, df)
        workbook.save(wb, tmp_path / name, workbook.created(CHECKOUT.datapackage_json))
        files.append((tmp_path / name).read_bytes())
    assert files[0] == files[1]
    ws = load_workbook(tmp_path / "a.xlsx").active
    assert [c.value for c in ws["A"]] == ["label", '=HYPERLINK("http://x")', "+1", "@SUM(A1)"]
    assert {c.data_type for c in ws["A"][1:]} == {"s"}
    assert ws.freeze_panes == "A2"


def test_excels_escape_of_a_character_is_written_as_those_letters(tmp_path):
    """Red team 41, finding 3: openpyxl wrote '_xFEFF_' as it stands, and Excel showed U+FEFF where the CSV, SQLite
    and site show the letters. Its '_' is written escaped ('_x005F_'), as Excel reads it back: the letters."""
    import zipfile

    wb = Workbook()
    workbook.write_frame(wb.active, pd.DataFrame({"label": ["a_xFEFF_b", "_x202e_", "x_y", "_x12_"]}))
    workbook.save(wb, tmp_path / "a.xlsx", workbook.created(CHECKOUT.datapackage_json))
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "a_x005F_xFEFF_b" in sheet and "_x005F_x202e_" in sheet and ">x_y<" in sheet and ">_x12_<" in sheet
    assert ">a_xFEFF_b<" not in sheet
