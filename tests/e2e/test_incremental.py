"""The incremental build: a stage reruns when what it reads or its code changed, and only then; its outputs are
cleared before it runs, so nothing an earlier build wrote survives by accident. One built copy of the checkout,
changed step by step (each step builds once)."""

import hashlib
import re
import shutil
import subprocess
import sys

import pytest

from build_scripts import cli
from build_scripts.core.paths import Paths
from conftest import built_copy

STAGES = list(cli.STAGES)


def build(repo, *args):
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", *args], cwd=repo,
                            capture_output=True, text=True)
    return result


def ran(result) -> list[str]:
    """The stages that ran (not skipped), from the build's output."""
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = set(re.findall(r"^\[(\w+)\] unchanged since its last run: skipped", result.stdout, re.M))
    started = re.findall(r"^\[(\w+)\] …$", result.stdout, re.M)
    assert set(started) | skipped == set(STAGES), result.stdout
    return started


def site_digest(repo) -> str:
    total = hashlib.sha256()
    for file in sorted((repo / "site").rglob("*")):
        if file.is_file():
            total.update(file.relative_to(repo).as_posix().encode() + file.read_bytes())
    return total.hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A copy of the test run's built project (built(): its build/, with the charts' render cache, and its site/),
    without releases/, so that a change of data is not a change of a frozen release. Its first build here runs the
    stages that read releases/ again, and only those; every later step starts from a build that is up to date."""
    repo = built_copy(tmp_path_factory.mktemp("incremental") / "main", site=True).root
    shutil.rmtree(repo / "releases")
    assert set(ran(build(repo))) < set(STAGES), "only what reads releases/ runs again: the copy is as it was built"
    return repo


def test_the_build_reruns_what_changed_and_only_that(repo):
    before = site_digest(repo)
    assert ran(build(repo)) == [], "nothing changed: every stage is skipped"
    assert site_digest(repo) == before

    page = repo / "docs" / "kilder.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny sætning til prøve.\n", encoding="utf-8")
    assert ran(build(repo)) == ["validate", "pages", "site"], "a page template is read by validate (what it asks for) and pages"
    assert "En ny sætning til prøve." in (repo / "site" / "kilder" / "index.html").read_text(encoding="utf-8")

    examples = repo / "datapackage" / "data" / "examples.csv"
    text = examples.read_text(encoding="utf-8")
    examples.write_text(text.replace("Consultants or ambassadors who help", "Consultants or ambassadors helping", 1),
                        encoding="utf-8")
    assert ran(build(repo)) == ["validate", "downloads", "pages", "site"], (
        "derive and charts do not read the examples (their TABLES); the page changed, so site runs too")
    assert "Consultants or ambassadors helping" in (repo / "site" / "en" / "omraader" / "beskaeftigelse" /
                                                     "index.html").read_text(encoding="utf-8")

    units = repo / "datapackage" / "data" / "units.csv"  # a unit no row uses (the code's units are pinned in code)
    units.write_text(units.read_text(encoding="utf-8") + "liter,l,litre,Litres\n", encoding="utf-8")
    assert ran(build(repo)) == ["validate", "charts", "downloads", "pages", "site"], "charts read the units; derive not"
    # `--force` runs every stage: tests/unit/test_stage_alone.py (a forced build of this copy would cost a minute)


def test_what_an_earlier_build_left_is_cleared(repo):
    (repo / "build" / "derived" / "old_name.csv").write_text("a\n1\n", encoding="utf-8")
    (repo / "build" / "charts" / "removed-chart.svg").write_text("<svg/>", encoding="utf-8")
    result = build(repo)
    assert "derive" in ran(result) and "charts" in ran(result), "a changed output makes its stage run again"
    assert not (repo / "build" / "derived" / "old_name.csv").exists()
    assert not list((repo / "site").rglob("removed-chart.svg")), "a removed chart is not published"


def test_a_stage_that_failed_is_run_again_next_time(repo):
    data = repo / "datapackage" / "data" / "key_figures.csv"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("reported_expenditure", "reported expenditure", 1), encoding="utf-8")
    failed = build(repo)
    assert failed.returncode == 1 and "[validate] …" in failed.stdout
    data.write_text(good, encoding="utf-8")
    assert ran(build(repo)) == ["validate"], "the failed validate ran again; the others' inputs are as they were"


def test_what_the_fingerprint_sees(tmp_path):
    """An empty folder counts (an unfinished releases/vX.Y.Z/), and a linked file counts by its content."""
    from build_scripts.core import freshness

    root = tmp_path / "inputs"
    root.mkdir()
    before = freshness.digest([root], tmp_path)
    (root / "v9.9.9").mkdir()
    assert freshness.digest([root], tmp_path) != before
    target = tmp_path / "elsewhere.css"
    target.write_text("a {}", encoding="utf-8")
    (root / "linked.css").symlink_to(target)
    linked = freshness.digest([root], tmp_path)
    target.write_text("a { color: red }", encoding="utf-8")
    assert freshness.digest([root], tmp_path) != linked


def test_a_stage_whose_input_changed_while_it_ran_runs_again(tmp_path, monkeypatch, capsys):
    from build_scripts.core import freshness

    project = Paths(tmp_path)
    data = tmp_path / "input.csv"
    data.write_text("a\n1\n", encoding="utf-8")
    stage = cli.STAGES["validate"]

    def edited_meanwhile(paths):
        data.write_text("a\n2\n", encoding="utf-8")
        return "ran"

    monkeypatch.setattr(stage, "inputs", lambda paths: [data])
    monkeypatch.setattr(stage, "run", edited_meanwhile)
    cli.run_stage(project, "validate", force=False)
    assert "An input changed while the stage ran; it runs again at the next build." in capsys.readouterr().out
    assert not freshness.is_fresh(project, "validate", freshness.fingerprint(project, [data]), [])
    monkeypatch.setattr(stage, "run", lambda paths: "ran")
    cli.run_stage(project, "validate", force=False)
    assert freshness.is_fresh(project, "validate", freshness.fingerprint(project, [data]), [])
