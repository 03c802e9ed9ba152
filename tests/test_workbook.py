"""Workbooks readers download (tables and each chart's data): text stays text, and the same content gives the
same bytes (build_scripts/core/workbook.py)."""

import zipfile

import pandas as pd
from openpyxl import Workbook, load_workbook

from build_scripts.core import package, workbook
from conftest import CHECKOUT, built


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


def test_every_chart_workbook_carries_the_packages_time_not_the_builds(built_site):
    stamp = package.descriptor(CHECKOUT.datapackage_json)["created"][:19]
    charts = sorted(built().charts_dir.glob("*.xlsx"))
    assert len(charts) >= 12
    for path in charts:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode()
            assert all(info.date_time == workbook.created(CHECKOUT.datapackage_json).timetuple()[:6] for info in zf.infolist()), path
        assert f">{stamp}Z<" in core, path
