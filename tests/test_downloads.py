"""Downloads: formulas never run, files are reproducible."""

from datetime import datetime, timezone

import pandas as pd
from openpyxl import load_workbook

from build_scripts.stages.downloads import stage as downloads


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


class _Clock:
    """Stands in for the clocks openpyxl and zipfile read when saving, set to a chosen moment."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def patch(self, monkeypatch):
        import time
        import types
        import zipfile

        from openpyxl.writer import excel

        clock = self

        class FrozenDateTime(datetime):
            @classmethod
            def now(cls, tz=None):
                return clock.moment.replace(tzinfo=tz) if tz else clock.moment

        monkeypatch.setattr(excel, "datetime", types.SimpleNamespace(datetime=FrozenDateTime, timezone=timezone))
        fake_time = types.SimpleNamespace(**{n: getattr(time, n) for n in dir(time) if not n.startswith("_")})
        fake_time.time = lambda: clock.moment.timestamp()
        monkeypatch.setattr(zipfile, "time", fake_time)


def _save_at_two_moments(monkeypatch, tmp_path, save):
    df = pd.DataFrame({"a": ["x"], "b": [1.5]})
    clock = _Clock(datetime(2024, 1, 2, 3, 4, 5))
    clock.patch(monkeypatch)
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    save({"s": df}, first)
    clock.moment = datetime(2025, 6, 7, 8, 9, 10)  # a year and more later: every timestamp differs
    save({"s": df}, second)
    return first.read_bytes(), second.read_bytes()


def test_workbooks_saved_at_different_times_are_byte_identical(monkeypatch, tmp_path):
    first, second = _save_at_two_moments(monkeypatch, tmp_path, downloads._workbook)
    assert first == second


def test_without_normalising_the_same_workbook_differs(monkeypatch, tmp_path):
    """The check above can fail: openpyxl's own bytes depend on the time of saving."""
    from build_scripts.core import workbook

    monkeypatch.setattr(workbook, "normalise_zip", lambda path: None)
    first, second = _save_at_two_moments(monkeypatch, tmp_path, downloads._workbook)
    assert first != second


def test_downloads_stage_is_reproducible(built_site, tmp_path, monkeypatch):
    """The stage run again (into a temporary folder, so parallel tests keep reading build/) makes the same bytes."""
    import json

    from build_scripts.core import paths

    before = json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text())
    monkeypatch.setattr(paths, "DOWNLOADS_DIR", tmp_path / "downloads")
    downloads.run()
    assert json.loads((tmp_path / "downloads" / "manifest.json").read_text()) == before


def test_the_combined_workbook_holds_every_table(built_site):
    """Every table of the published descriptor, the derived ones included, has a sheet in the one workbook, in the
    descriptor's order and then the metadata sheet; each sheet starts with its header row, which stays in view."""
    import csv
    import json

    from build_scripts.core import paths

    published = json.loads(paths.PUBLISHED_DATAPACKAGE_JSON.read_text(encoding="utf-8"))
    tables = [res for res in published["resources"] if res.get("type") == "table"]
    assert any(res["path"].startswith("derived/") for res in tables)
    wb = load_workbook(paths.DOWNLOADS_DIR / f"{published['name']}-{published['version']}.xlsx")
    assert wb.sheetnames == [res["name"] for res in tables] + ["metadata"]
    for res in tables:
        ws = wb[res["name"]]
        with open(paths.DOWNLOADS_DIR / res["path"], encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header = [cell.value for cell in ws[1]]
        assert header == [field["name"] for field in res["schema"]["fields"]] == rows[0], res["name"]
        assert ws.max_row == len(rows), res["name"]
        assert ws.freeze_panes == "A2", res["name"]
    described = {row[0].value.split(".", 1)[0] for row in wb["metadata"].iter_rows(min_row=2) if "." in row[0].value}
    assert {res["name"] for res in tables} <= described
    assert wb["metadata"].freeze_panes == "A2"
