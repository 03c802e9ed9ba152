"""Downloads: formulas never run, files are reproducible."""

import pandas as pd
from openpyxl import load_workbook

from build_scripts import downloads


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    df = pd.DataFrame({"title": ['=HYPERLINK("http://example.invalid","klik")', "+1+1", "@SUM(A1)", "almindelig"],
                       "value": [1, 2, 3, 4]})
    path = tmp_path / "t.xlsx"
    downloads._workbook({"t": df}, path)
    ws = load_workbook(path)["t"]
    cells = [ws.cell(row=r, column=1) for r in range(2, 6)]
    assert [c.value for c in cells] == list(df["title"])
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=2, column=2).value == 1 and ws.cell(row=2, column=2).data_type == "n"


def test_workbooks_are_reproducible(tmp_path):
    df = pd.DataFrame({"a": ["x"], "b": [1.5]})
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    downloads._workbook({"s": df}, first)
    downloads._workbook({"s": df}, second)
    assert first.read_bytes() == second.read_bytes()


def test_downloads_stage_is_reproducible(built_site):
    import json

    from build_scripts import paths

    before = json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text())
    downloads.run()
    assert json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text()) == before
