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
