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
    assert f"| `figure_id=initiatives` | `value` | `{before['value']}` | `7060` |" in text
    assert f"| `figure_id=initiatives` | `value_text` | `{before['value_text']}` | `7.060` |" in text
    assert "artifact `data-diff`" in text
    assert f"| `figure_id=initiatives` | `value` | `{before['value']}` | `7060` |" in report.read_text(encoding="utf-8")


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
    """In code spans (tests/unit/test_datadiff_markdown.py renders them): HTML is text, a line break a code point."""
    assert datadiff._code("<b>x</b> | y\nz") == "`<b>x</b> \\| y` U+000A `z`"


def test_an_unknown_base_is_one_line(repo, capsys):
    from build_scripts import cli

    assert cli.main(["--root", str(repo), "datadiff", "--base", "no-such-ref"]) == 1
    assert capsys.readouterr().out == (
        "--base no-such-ref: er ikke en revision (en gren, et mærke eller en commit) i dette repository. / "
        "--base no-such-ref: is not a revision (a branch, a tag or a commit) in this repository.\n")


# --- the working tree and the base are read by validate's rules, or refused in one line (red team, finding 10) ----

def run_datadiff(repo, *args, timeout=60):
    """The command as a reviewer runs it, in a new process with a time limit (a read of /dev/zero never ends)."""
    import sys

    result = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(repo), "datadiff", "--base", "HEAD",
                             *args], cwd=CHECKOUT.root, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def _descriptor_edit(repo, old, new):
    package_json = repo / "datapackage" / "datapackage.json"
    text = package_json.read_text(encoding="utf-8")
    assert old in text
    package_json.write_text(text.replace(old, new, 1), encoding="utf-8")


OUTSIDE = ("datapackage/datapackage.json: felt resources/units/path: Stien '{path}' peger uden for datapackage/. Læg "
           "filen i datapackage/data/. | field resources/units/path: The path '{path}' points outside datapackage/. "
           "Put the file in datapackage/data/.\n")


@pytest.mark.parametrize("path", ["../../../../../../../../etc/hostname", "/etc/passwd", "../../../../../../../../dev/zero"])
def test_a_path_out_of_the_package_is_not_read(repo, path):
    """It was read: /etc/hostname became a column of the diff, /dev/zero was read until memory ran out."""
    _descriptor_edit(repo, '"data/units.csv"', f'"{path}"')
    result = run_datadiff(repo)
    assert result.returncode == 1
    assert result.stdout == OUTSIDE.format(path=path)


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd"])
def test_a_link_out_of_the_package_is_not_read(repo, target):
    units = repo / "datapackage" / "data" / "units.csv"
    units.unlink()
    units.symlink_to(target)
    result = run_datadiff(repo)
    assert result.returncode == 1
    assert result.stdout == OUTSIDE.format(path="data/units.csv")


def test_a_fifo_is_not_opened(repo):
    import os

    os.mkfifo(repo / "datapackage" / "data" / "pipe.csv")
    _descriptor_edit(repo, '"data/units.csv"', '"data/pipe.csv"')
    assert run_datadiff(repo).stdout == (
        "datapackage/datapackage.json: felt resources/units/path: Stien 'data/pipe.csv' er ikke en almindelig fil (men "
        "fx en enhed eller en FIFO). Angiv en fil. | field resources/units/path: The path 'data/pipe.csv' is not a "
        "regular file (but e.g. a device or a FIFO). Give a file.\n")


@pytest.mark.parametrize("content,message", [
    ('{', "datapackage/datapackage.json: linje 1: Ugyldig JSON i kolonne 2: Expecting property name enclosed in double "
          "quotes. Ret tegnsætningen (komma, anførselstegn, klammer). | line 1: Invalid JSON at column 2: Expecting "
          "property name enclosed in double quotes. Fix the punctuation (comma, quotes, brackets)."),
    ('[]', "datapackage/datapackage.json: felt resources: Pakken skal have \"resources\": en liste af objekter, hver "
           "med et navn af små bogstaver a-z, tal og understreg (højst 31 tegn). | field resources: The package needs "
           "\"resources\": a list of objects, each with a name of lower-case letters a-z, digits and underscores (at "
           "most 31 characters)."),
    ('{"resources": [{"name": "x`y\\n", "path": "data/units.csv"}]}',
     "datapackage/datapackage.json: felt resources: Pakken skal have \"resources\": en liste af objekter, hver "
     "med et navn af små bogstaver a-z, tal og understreg (højst 31 tegn). | field resources: The package needs "
     "\"resources\": a list of objects, each with a name of lower-case letters a-z, digits and underscores (at "
     "most 31 characters)."),
])
def test_a_malformed_descriptor_is_one_line(repo, content, message):
    """'{' was a json.decoder.JSONDecodeError traceback."""
    (repo / "datapackage" / "datapackage.json").write_text(content, encoding="utf-8")
    result = run_datadiff(repo)
    assert result.returncode == 1
    assert result.stdout == message + "\n"


@pytest.mark.parametrize("content,message", [
    ('unit_id,label_da\n"unterminated', "datapackage/data/units.csv: linje 2: Et anførselstegn (\") åbnes i denne "
     "række, men lukkes aldrig, så resten af filen læses som én celle. Tilføj det afsluttende anførselstegn. | line 2: "
     "A double quote (\") opens in this row but is never closed, so the rest of the file is read as one cell. Add the "
     "closing quote."),
    ('unit_id,label_da\nk1,a\n\n"x\ny",b,c\n', "datapackage/data/units.csv: linje 4: Rækken har 3 celle(r), men "
     "overskriften har 2. | line 4: The row has 3 cell(s), but the header has 2."),
    ("", "datapackage/data/units.csv: Filen er tom; den har ingen overskriftslinje. | The file is empty; it has no "
     "header line."),
    ("unit_id,label\nk1,\xe6\n", "datapackage/data/units.csv: linje 2: Filen er ikke gemt som UTF-8. Gem den igen "
     "som UTF-8. | line 2: The file is not saved as UTF-8. Save it again as UTF-8."),
])
def test_a_malformed_table_is_one_line(repo, content, message):
    """An unterminated quote, and any row not as wide as the header, were an IndexError inside daff."""
    (repo / "datapackage" / "data" / "units.csv").write_bytes(content.encode("latin-1" if "\xe6" in content else "utf-8"))
    result = run_datadiff(repo)
    assert result.returncode == 1
    assert result.stdout == message + "\n"


def _commit(repo, message="change"):
    for args in (["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()


def test_the_base_is_read_by_the_same_rules(repo):
    """The base comes from git: a link in it to an absolute path is not followed, a malformed file is one line."""
    units = repo / "datapackage" / "data" / "units.csv"
    kept = units.read_bytes()
    units.unlink()
    units.symlink_to("/etc/passwd")
    commit = _commit(repo)
    units.unlink()
    units.write_bytes(kept)
    assert run_datadiff(repo).stdout == (
        f"--base {commit}: basens filer kan ikke pakkes sikkert ud ('datapackage/data/units.csv' is a link to an "
        f"absolute path); intet er læst. / --base {commit}: the base's files cannot be extracted safely "
        "('datapackage/data/units.csv' is a link to an absolute path); nothing was read.\n")
    units.write_text("unit_id,label_da\nk1\n", encoding="utf-8")
    commit = _commit(repo)
    units.write_bytes(kept)
    assert run_datadiff(repo).stdout == (f"--base {commit}: datapackage/data/units.csv: linje 2: Rækken har 1 celle(r), men "
                                     "overskriften har 2. | line 2: The row has 1 cell(s), but the header has 2.\n")


def test_a_base_over_the_limit_is_not_read(repo, monkeypatch):
    monkeypatch.setattr(datadiff, "MAX_ARCHIVE_BYTES", 10_000)
    commit = datadiff.revision(Paths(repo), "HEAD")
    with pytest.raises(datadiff.DiffFailed) as refused:
        datadiff.diff_package(Paths(repo), commit)
    assert str(refused.value) == (f"--base {commit}: git archive gav mere end 10000 bytes; intet er læst. / "
                                  f"--base {commit}: git archive gave more than 10000 bytes; nothing was read.")


def test_a_column_name_cannot_break_the_report(repo):
    """A header cell of an unvalidated CSV with a backtick, a pipe and a line break is shown as it is: in code spans
    (the fence longer than the backticks inside), the line break as its code point between them; outside a table a
    pipe needs no backslash."""
    table = repo / "datapackage" / "data" / "units.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(line.rstrip("\n") + (',"a`b|c\nd <img>"\n' if i == 0 else ",x\n")
                             for i, line in enumerate(lines)), encoding="utf-8")
    text = datadiff.render(datadiff.diff_package(Paths(repo), "HEAD"), "HEAD", None, 30)
    assert "Kolonner / columns: + ``a`b|c`` U+000A `d <img>`; − –" in text


def test_a_table_daff_cannot_compare_is_one_line(repo, monkeypatch):
    """The last guard: whatever daff raises on a table is one line naming the table."""
    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(datadiff, "diff_table", broken)
    with pytest.raises(datadiff.DiffFailed) as refused:
        datadiff.diff_package(Paths(repo), "HEAD")
    assert str(refused.value).endswith(": tabellen kan ikke sammenlignes (IndexError: list index out of range). / "
                                       f"{str(refused.value).split(':')[0]}: the table cannot be compared (IndexError: "
                                       "list index out of range).")


def test_a_renamed_column_is_reported_removed_and_added():
    """Red team 52, finding 3: daff marks a renamed column '(old)' in its schema row, which was read as no change,
    so a pure rename reported 'No table changed'."""
    from build_scripts.commands import datadiff

    old = [["region_code", "municipalities", "population_coverage_pct"], ["1084", "29", "92"]]
    new = [["region_code", "municipalities", "coverage_pct"], ["1084", "29", "92"]]
    result = datadiff.diff_table("regions", old, new, ["region_code"])
    assert (result.status, result.columns_added, result.columns_removed) == (
        "changed", ["coverage_pct"], ["population_coverage_pct"])


# --- red team 56, findings 3-6 ---------------------------------------------------------------------------------------


def test_a_changed_descriptor_is_reported_by_the_path_of_each_value(repo):
    """Finding 3: a loosened enum and a changed description in datapackage.json, which validate accepts, were
    reported as 'No table changed': the descriptor is compared as a table of (path, value)."""
    package_json = repo / "datapackage" / "datapackage.json"
    text = package_json.read_text(encoding="utf-8")
    edited = text.replace('"parliamentary_answer"\n', '"parliamentary_answer",\n                "blog_post"\n', 1)
    assert edited != text
    package_json.write_text(edited, encoding="utf-8")
    report = datadiff.render(datadiff.diff_package(Paths(repo), "HEAD"), "HEAD", None, 30)
    assert "No table changed." not in report
    assert "| `datapackage.json` | 1 | 0 | 0 |" in report
    assert "- `path=resources/sources/schema/fields/document_type/constraints/enum/2`: `value`: `\"blog_post\"`" in report


def test_rows_in_a_new_order_are_reported(repo):
    """Finding 4: two rows swapped (the downloads and any list in file order change) were 'No table changed'."""
    table = repo / "datapackage" / "data" / "examples.csv"
    lines = table.read_text(encoding="utf-8").split("\n")
    lines[1], lines[2] = lines[2], lines[1]
    table.write_text("\n".join(lines), encoding="utf-8")
    report = datadiff.render(datadiff.diff_package(Paths(repo), "HEAD"), "HEAD", None, 30)
    assert "| `examples` | 0 | 0 | 0 |" in report
    assert "### `examples`\n\nRækkerne står i en ny rækkefølge / The rows are in a new order.\n" in report
    result = datadiff.diff_table("x", [["a", "b"], ["1", "2"]], [["b", "a"], ["2", "1"]], ["a"])
    assert result.status == "changed" and len(result.reordered) == 2


@pytest.mark.parametrize("value", ["NULL", "_NULL", "__NULL"])
def test_a_cell_null_is_shown_as_the_file_holds_it(value):
    """Finding 5: daff writes a text 'NULL' as '_NULL', which the report showed, a value the file does not hold."""
    result = datadiff.diff_table("x", [["k", "v"], ["1", ""], ["3", "x"]], [["k", "v"], ["1", value], ["2", value]],
                                 ["k"])
    assert result.changed == [({"k": "1"}, [("v", "", value)])]
    assert [row["v"] for row in result.added] == [value]


def test_a_report_that_cannot_be_written_is_one_line(repo, tmp_path, capsys, monkeypatch):
    """Finding 6: a write that fails after the arguments' check (a kernel file, a full disk) ended in a traceback."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(datadiff.Path, "write_text", refuse)
    assert datadiff.run(Paths(repo), "HEAD", None, tmp_path / "report.md", with_pages=False) == 1
    assert capsys.readouterr().out == (
        f"--report {tmp_path}/report.md: kan ikke skrives: Permission denied. / --report {tmp_path}/report.md: cannot "
        "be written: Permission denied.\n")
