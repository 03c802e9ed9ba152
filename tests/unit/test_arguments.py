"""Commands: one line for a bad argument (issue 20, section 4).

Every path argument is checked before anything is read or written: a missing file, a folder, a device, a FIFO.
Each command is run as a maintainer runs it, in a new process with a time limit: a command that read /dev/zero or
opened a FIFO would never end.
"""

import os
import subprocess
import sys

import pytest

from conftest import CHECKOUT


def run(*args, cwd=CHECKOUT.root):
    result = subprocess.run([sys.executable, "-m", "build_scripts", *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["missing", "folder", "device", "fifo"])
def test_validate_package_gets_one_line(tmp_path, fifo, kind):
    path = {"missing": tmp_path / "nope.json", "folder": tmp_path, "device": "/dev/zero", "fifo": fifo}[kind]
    what = {"missing": ("filen findes ikke.", "the file does not exist."),
            "folder": ("er en mappe, ikke en fil. Angiv en fil.", "is a folder, not a file. Give a file."),
            "device": ("er en enhed, ikke en fil. Angiv en fil.", "is a device, not a file. Give a file."),
            "fifo": ("er en FIFO (navngivet rør), ikke en fil. Angiv en fil.",
                     "is a FIFO (named pipe), not a file. Give a file.")}[kind]
    result = run("validate", "--package", path)
    assert result.returncode == 1
    assert result.stdout == f"--package {path}: {what[0]} / --package {path}: {what[1]}\n"


@pytest.mark.parametrize("kind", ["folder", "device", "fifo"])
def test_check_submission_gets_one_line_per_file(tmp_path, fifo, kind):
    path = {"folder": tmp_path, "device": "/dev/zero", "fifo": fifo}[kind]
    what = {"folder": ("Stien er en mappe, ikke en fil. Angiv filen.", "The path is a folder, not a file. Give the file."),
            "device": ("Stien er ikke en almindelig fil (men fx en enhed eller en FIFO). Angiv en fil.",
                       "The path is not a regular file (but e.g. a device or a FIFO). Give a file."),
            "fifo": ("Stien er ikke en almindelig fil (men fx en enhed eller en FIFO). Angiv en fil.",
                     "The path is not a regular file (but e.g. a device or a FIFO). Give a file.")}[kind]
    result = run("check-submission", path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{path}: {what[0]} | {what[1]}", "1 fejl fundet / 1 problem(s) found"]


@pytest.mark.parametrize("option", ["--summary", "--report"])
@pytest.mark.parametrize("kind", ["folder", "device", "fifo"])
def test_datadiff_outputs_get_one_line(tmp_path, fifo, option, kind):
    path = {"folder": tmp_path, "device": "/dev/null", "fifo": fifo}[kind]
    what = {"folder": ("en mappe", "a folder"), "device": ("en enhed", "a device"),
            "fifo": ("en FIFO (navngivet rør)", "a FIFO (named pipe)")}[kind]
    result = run("datadiff", "--base", "HEAD", option, path)
    assert result.returncode == 1
    assert result.stdout == (f"{option} {path}: er {what[0]}, ikke en fil. Angiv en fil. / {option} {path}: is "
                             f"{what[1]}, not a file. Give a file.\n")


def test_datadiff_summary_in_a_missing_folder_gets_one_line(tmp_path):
    path = tmp_path / "nope" / "summary.md"
    result = run("datadiff", "--base", "HEAD", "--summary", path)
    assert result.returncode == 1
    assert result.stdout == (f"--summary {path}: mappen {path.parent} findes ikke. / --summary {path}: the folder "
                             f"{path.parent} does not exist.\n")


@pytest.mark.parametrize("base", ["--output=written-by-git.txt", "-p", "no-such-ref", "HEAD:datapackage"])
def test_datadiff_base_is_verified_as_a_revision_before_git_sees_it(tmp_path, base):
    """`--base=--output=FILE` made `git show` write FILE: the base is now a revision or nothing."""
    result = run("datadiff", f"--base={base}")
    assert result.returncode == 1
    assert result.stdout == (f"--base {base}: er ikke en revision (en gren, et mærke eller en commit) i dette "
                             f"repository. / --base {base}: is not a revision (a branch, a tag or a commit) in this "
                             "repository.\n")
    assert not (CHECKOUT.root / "written-by-git.txt").exists()


def test_submission_template_out_that_is_a_file_gets_one_line(tmp_path):
    existing = tmp_path / "file.txt"
    existing.write_text("keep", encoding="utf-8")
    result = run("submission-template", "--out", existing)
    assert result.returncode == 1
    assert result.stdout == (f"--out {existing}: er en fil; angiv en mappe. / --out {existing}: is a file; give a "
                             "folder.\n")
    assert existing.read_text(encoding="utf-8") == "keep"
    under = existing / "sub"
    result = run("submission-template", "--out", under)
    assert result.stdout == (f"--out {under}: kan ikke oprettes, fordi {existing} er ikke en mappe. / --out {under}: "
                             f"cannot be created because {existing} is not a folder.\n")


def test_aggregate_out_that_is_a_fifo_gets_one_line(tmp_path, fifo):
    from build_scripts.devtools import synthetic

    good = synthetic.write_csv(synthetic.submission_frame(CHECKOUT, 3, seed=1), tmp_path / "s.csv")
    result = run("aggregate", good, "--out", fifo)
    assert result.returncode == 1
    assert result.stdout == (f"--out {fifo}: er en FIFO (navngivet rør); angiv en ny eller tom mappe. / --out {fifo}: "
                             "is a FIFO (named pipe); give a new or empty folder.\n")


# --- a name from the command line is printed with its control characters visible (red team, finding 12) ----------

FORGED = "x.csv\nIngen fejl i 1 fil(er). \u202eNo problems"  # a line break, then a made-up verdict and a direction override
FORGED_SHOWN = "x.csv\\x0aIngen fejl i 1 fil(er). \\u202eNo problems"


def test_check_submission_prints_a_file_name_with_a_line_break_on_one_line(tmp_path):
    """A name with a line break split a problem into two lines, and could print a forged 'Ingen fejl' line."""
    path = tmp_path / FORGED
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    missing = tmp_path / "missing\x1b[32m.csv"  # an escape sequence would colour the terminal
    result = run("check-submission", path, missing)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(str(tmp_path)) for line in lines[:-1]) and len(lines) == 18
    assert lines[0] == (f"{tmp_path}/{FORGED_SHOWN}: linje 1, felt initiative_id: Kolonnen 'initiative_id' mangler. "
                        "Tilføj den. | line 1, field initiative_id: The column 'initiative_id' is missing. Add it.")
    assert lines[-2:] == [f"{tmp_path}/missing\\x1b[32m.csv: Filen findes ikke. | The file does not exist.",
                          "17 fejl fundet / 17 problem(s) found"]


def test_an_initiative_found_in_another_file_names_that_file_escaped(tmp_path):
    from build_scripts.devtools import synthetic

    rows = synthetic.submission_frame(CHECKOUT, 1, seed=1)
    first = synthetic.write_csv(rows, tmp_path / "første\tfil.csv")
    second = synthetic.write_csv(rows, tmp_path / "anden.csv")
    result = run("check-submission", first, second)
    assert f"står også i {tmp_path}/første\\x09fil.csv." in result.stdout
    assert f"is also in {tmp_path}/første\\x09fil.csv." in result.stdout
    assert "\t" not in result.stdout


def test_datadiff_output_names_are_printed_escaped(tmp_path):
    path = tmp_path / "nope\n" / "summary.md"
    result = run("datadiff", "--base", "HEAD", "--summary", path)
    assert result.returncode == 1
    shown, folder = f"{tmp_path}/nope\\x0a/summary.md", f"{tmp_path}/nope\\x0a"
    assert result.stdout == (f"--summary {shown}: mappen {folder} findes ikke. / --summary {shown}: the folder "
                             f"{folder} does not exist.\n")


def test_datadiff_base_is_printed_escaped():
    result = run("datadiff", "--base", "nope\nIngen fejl")
    assert result.returncode == 1
    assert result.stdout == ("--base nope\\x0aIngen fejl: er ikke en revision (en gren, et mærke eller en commit) i "
                             "dette repository. / --base nope\\x0aIngen fejl: is not a revision (a branch, a tag or a "
                             "commit) in this repository.\n")


def test_other_names_are_printed_escaped(tmp_path):
    root = tmp_path / "no\rproject"
    assert run("--root", root, "validate").stdout == (
        f"--root {tmp_path}/no\\x0dproject: mappen rummer ikke et projekt (datapackage/datapackage.json mangler). / "
        f"--root {tmp_path}/no\\x0dproject: the folder holds no project (datapackage/datapackage.json is missing).\n")
    existing = tmp_path / "a file\n"
    existing.write_text("keep", encoding="utf-8")
    assert run("submission-template", "--out", existing).stdout == (
        f"--out {tmp_path}/a file\\x0a: er en fil; angiv en mappe. / --out {tmp_path}/a file\\x0a: is a file; give a "
        "folder.\n")
    assert run("aggregate", tmp_path / "s.csv", "--out", existing).stdout == (
        f"--out {tmp_path}/a file\\x0a er en fil; angiv en ny eller tom mappe. / --out {tmp_path}/a file\\x0a is a "
        "file; give a new or empty folder.\n")


def test_every_problem_is_printed_on_one_line(capsys, monkeypatch):
    """The last guard: whatever a problem quotes, report.emit prints it as one line, its controls visible."""
    from build_scripts.core import report
    from build_scripts.stages.validate.stage import Problem

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    report.emit([Problem("csv_unreadable", "a\nb.csv", 2, "f\r", {"error": "x\ny\x1b[0m"}, kind="invalid_csv")])
    assert capsys.readouterr().out == (
        "a\\x0ab.csv: linje 2, felt f\\x0d: Filen kan ikke læses som CSV (x\\x0ay\\x1b[0m). Gem den igen som CSV UTF-8. | "
        "line 2, field f\\x0d: The file cannot be read as CSV (x\\x0ay\\x1b[0m). Save it again as CSV UTF-8.\n"
        "1 fejl fundet / 1 problem(s) found\n")


def test_submission_template_prints_the_files_it_wrote_escaped(tmp_path):
    out = tmp_path / "ny\nmappe"
    assert run("submission-template", "--out", out).stdout == (
        f"wrote {tmp_path}/ny\\x0amappe/submission-template.csv\nwrote {tmp_path}/ny\\x0amappe/submission-template.xlsx\n")


@pytest.mark.parametrize("option", ["--summary", "--report"])
@pytest.mark.parametrize("target", ["datapackage/data/key_figures.csv", ".git/config", "README.md", "docs/x.md",
                                    ".Git/config", "DataPackage/data/key_figures.csv", "build/.cache/x.png"])
def test_datadiff_never_writes_the_projects_own_files(option, target):
    """Red team 45, finding 4: `--summary datapackage/data/key_figures.csv` appended Markdown to a table, and
    `--summary .git/config` broke every git command. The checkout is left as it was."""
    path = CHECKOUT.root / target
    before = path.read_bytes() if path.exists() else None
    result = run("datadiff", "--base", "HEAD", option, target)
    assert result.returncode == 1
    assert result.stdout == (f"{option} {target}: er en af projektets egne filer; skriv rapporten et andet sted (fx "
                             f"data-diff/). / {option} {target}: is one of the project's own files; write the report "
                             "elsewhere (e.g. data-diff/).\n")
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_root_whose_name_is_too_long_is_no_project(tmp_path):
    """Red team 54, finding 6: Path.is_file() raised 'File name too long' through `argument_problem`."""
    root = tmp_path / ("a" * 300)
    result = run("--root", root, "validate")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (f"--root {root}: mappen rummer ikke et projekt (datapackage/datapackage.json mangler). / "
                             f"--root {root}: the folder holds no project (datapackage/datapackage.json is missing).\n")


# --- red team 56, finding 7: what the template's folder holds under the template's names -------------------------


@pytest.mark.parametrize("taken", ["folder", "link"])
def test_a_template_name_taken_by_a_folder_or_a_link_is_one_line(tmp_path, taken):
    """A folder named submission-template.xlsx ended in a traceback after the CSV was written; a link named
    submission-template.csv had the template written through it, over a file outside --out."""
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("KEEP", encoding="utf-8")
    name = {"folder": "submission-template.xlsx", "link": "submission-template.csv"}[taken]
    (out / name).mkdir() if taken == "folder" else (out / name).symlink_to(victim)
    result = run("submission-template", "--out", out)
    kind = {"folder": ("en mappe", "a folder"), "link": ("et symbolsk link", "a symbolic link")}[taken]
    assert (result.returncode, result.stdout) == (1, (
        f"--out {out}/{name}: er {kind[0]}, ikke en fil: skabelonen ville blive skrevet ind i den eller igennem den til "
        f"en fil et andet sted. Flyt eller slet den, eller angiv en anden mappe. / --out {out}/{name}: is {kind[1]}, "
        "not a file: the template would be written into it, or through it to a file elsewhere. Move or delete it, or "
        "give another folder.\n"))
    assert victim.read_text(encoding="utf-8") == "KEEP" and sorted(p.name for p in out.iterdir()) == [name]


def test_a_template_write_that_fails_is_one_line(tmp_path, monkeypatch, capsys):
    """A write the arguments' check cannot foresee (a kernel folder, a full disk) ended in a traceback."""
    from build_scripts import cli
    from build_scripts.commands import submission

    def refuse(paths, out):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(submission, "write_template", refuse)
    assert cli.main(["submission-template", "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out == (
        f"--out {tmp_path}/out: skabelonen kan ikke skrives: No space left on device. / --out {tmp_path}/out: the "
        "template cannot be written: No space left on device.\n")


def test_a_file_the_system_cannot_read_is_one_problem():
    """check-submission /proc/self/mem: a regular file to stat, an I/O error to read (a traceback)."""
    from pathlib import Path

    from build_scripts.commands import submission

    assert [str(p) for p in submission.check_file(CHECKOUT, Path("/proc/self/mem"))] == [
        "/proc/self/mem: Filen kan ikke læses (Input/output error). | The file cannot be read (Input/output error)."]
