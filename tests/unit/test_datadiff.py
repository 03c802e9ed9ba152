"""The pull request's data diff: a changed figure shows as its cell with the old and the new value."""

import csv
import shutil
import subprocess

import pytest

from build_scripts.commands import datadiff
from build_scripts.core.paths import Paths
from conftest import CHECKOUT


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a copy of datapackage/, committed (a project folder for Paths)."""
    root = tmp_path / "repo"
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def _edit(path, key_column, key, changes):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    old = next(r for r in rows if r[key_column] == key)
    before = {c: old[c] for c in changes}
    old.update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return before


def test_a_changed_value_shows_old_and_new_in_the_summary(repo, tmp_path):
    table = repo / "datapackage" / "data" / "key_figures.csv"
    before = _edit(table, "figure_id", "initiatives", {"value": "7060", "value_text": "7.060"})
    summary, report = tmp_path / "summary.md", tmp_path / "report.md"
    assert datadiff.run(Paths(repo), "HEAD", summary, report, with_pages=False) == 0
    text = summary.read_text(encoding="utf-8")
    assert "| `key_figures` | 0 | 0 | 1 |" in text
    assert f"| figure_id=initiatives | `value` | {before['value']} | 7060 |" in text
    assert f"| figure_id=initiatives | `value_text` | {before['value_text']} | 7.060 |" in text
    assert "artifact `data-diff`" in text
    assert f"| figure_id=initiatives | `value` | {before['value']} | 7060 |" in report.read_text(encoding="utf-8")


def test_added_and_removed_rows_and_an_unchanged_package(repo, tmp_path):
    assert "No table changed." in datadiff.render(datadiff.diff_package(Paths(repo), "HEAD"), "HEAD", None, 30)
    table = repo / "datapackage" / "data" / "units.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    removed_id = lines[1].split(",")[0]
    table.write_text(lines[0] + "".join(lines[2:]) + "ny_enhed," + ",".join(["x"] * (lines[0].count(","))) + "\n",
                     encoding="utf-8")
    diffs = {d.name: d for d in datadiff.diff_package(Paths(repo), "HEAD")}
    units = diffs["units"]
    assert [r[units.key[0]] for r in units.added] == ["ny_enhed"]
    assert [r[units.key[0]] for r in units.removed] == [removed_id]
    assert units.changed == []
    assert all(d.status == "unchanged" for name, d in diffs.items() if name != "units")


def test_markup_in_a_cell_is_shown_as_text():
    assert datadiff._md("<b>x</b> | y\nz") == "&lt;b&gt;x&lt;/b&gt; \\| y z"


def test_an_unknown_base_is_one_line(repo, capsys):
    from build_scripts import cli

    assert cli.main(["--root", str(repo), "datadiff", "--base", "no-such-ref"]) == 1
    assert capsys.readouterr().out == (
        "--base no-such-ref: er ikke en revision (en gren, et mærke eller en commit) i dette repository. / "
        "--base no-such-ref: is not a revision (a branch, a tag or a commit) in this repository.\n")
