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
