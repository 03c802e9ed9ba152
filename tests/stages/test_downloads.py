"""Downloads: formulas never run, files are reproducible."""

import shutil
from datetime import datetime, timezone

import pandas as pd
from openpyxl import load_workbook

from build_scripts.core import package
from build_scripts.core.paths import SOURCE_TEXT_FILES
from build_scripts.stages.downloads import stage as downloads
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    df = pd.DataFrame({"title": ['=HYPERLINK("http://example.invalid","klik")', "+1+1", "@SUM(A1)", "almindelig"],
                       "value": [1, 2, 3, 4]})
    path = tmp_path / "t.xlsx"
    downloads._workbook({"t": df}, path, datetime(2020, 1, 1))
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


def _save(sheets, path) -> None:
    """The downloads stage's workbook, stamped with a fixed `created` as the stage stamps the package's."""
    downloads._workbook(sheets, path, datetime(2020, 1, 1))


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
    first, second = _save_at_two_moments(monkeypatch, tmp_path, _save)
    assert first == second


def test_without_normalising_the_same_workbook_differs(monkeypatch, tmp_path):
    """The check above can fail: openpyxl's own bytes depend on the time of saving."""
    from build_scripts.core import workbook

    monkeypatch.setattr(workbook, "normalise_zip", lambda path, stamp: None)
    first, second = _save_at_two_moments(monkeypatch, tmp_path, _save)
    assert first != second


def test_downloads_stage_is_reproducible(built_site, tmp_path):
    """The stage run again (in a copy of the built project, so parallel tests keep reading it) makes the same bytes."""
    import json

    from conftest import built, built_copy

    before = json.loads((built().downloads_dir / "manifest.json").read_text())
    copy = built_copy(tmp_path / "project")
    shutil.rmtree(copy.downloads_dir)
    downloads.run(copy)
    assert json.loads((copy.downloads_dir / "manifest.json").read_text()) == before


def test_the_combined_workbook_holds_every_table(built_site):
    """Every table of the published descriptor, the derived ones included, has a sheet in the one workbook, in the
    descriptor's order and then the metadata sheet; each sheet starts with its header row, which stays in view."""
    import csv
    import json

    from conftest import built

    published = json.loads(built().published_datapackage_json.read_text(encoding="utf-8"))
    tables = [res for res in published["resources"] if res.get("type") == "table"]
    assert any(res["path"].startswith("derived/") for res in tables)
    wb = load_workbook(built().downloads_dir / f"{published['name']}-{published['version']}.xlsx")
    assert wb.sheetnames == [res["name"] for res in tables] + ["metadata"]
    for res in tables:
        ws = wb[res["name"]]
        with open(built().downloads_dir / res["path"], encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header = [cell.value for cell in ws[1]]
        assert header == [field["name"] for field in res["schema"]["fields"]] == rows[0], res["name"]
        assert ws.max_row == len(rows), res["name"]
        assert ws.freeze_panes == "A2", res["name"]
    described = {row[0].value.split(".", 1)[0] for row in wb["metadata"].iter_rows(min_row=2) if "." in row[0].value}
    assert {res["name"] for res in tables} <= described
    assert wb["metadata"].freeze_panes == "A2"


def test_the_zip_carries_the_source_texts_and_validates_with_its_quotes(built_site, tmp_path):
    import zipfile

    dp = package.descriptor(CHECKOUT.datapackage_json)
    archive = built_site / "data" / f"v{dp['version']}" / f"{dp['name']}-{dp['version']}.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "datapackage")
    for name in SOURCE_TEXT_FILES.values():
        assert (tmp_path / "datapackage" / "sources" / name).read_bytes() == (CHECKOUT.sources_dir / name).read_bytes()
    problems, _ = validate.collect_problems(tmp_path / "datapackage" / "datapackage.json")
    assert [str(p) for p in problems] == []
