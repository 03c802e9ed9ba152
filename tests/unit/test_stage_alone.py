"""A stage run alone names why it cannot run (red team 2, finding 11): the earliest stage whose output it needs,
itself or through the stages between, and the file of that output that is missing or changed, or the input that
changed since that stage ran; never an input that is there and as it was written. Three small stages stand in
for the build's (a writes build/a from data.txt, b build/b from build/a, c build/c from build/b): nothing is built."""

from types import SimpleNamespace

import pytest

from build_scripts import cli
from build_scripts.core import freshness
from build_scripts.core.paths import Paths


def _stage(project: Paths, source, target: str):
    def run(paths):
        folder = paths.build_dir / target
        folder.mkdir(parents=True)
        for name in ("x.txt", "y.txt"):
            text = "".join(p.read_text(encoding="utf-8") for p in sorted(source.rglob("*")) if p.is_file()) \
                if source.is_dir() else source.read_text(encoding="utf-8")
            (folder / name).write_text(f"{target}:{name}:{text}", encoding="utf-8")
        return "ran"

    return SimpleNamespace(inputs=lambda paths: [source], outputs=lambda paths: [project.build_dir / target], run=run,
                           __doc__=f"{target}: a stage")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The three stages, each run once (their stamps written as the build writes them)."""
    project = Paths(tmp_path)
    (tmp_path / "data.txt").write_text("1\n", encoding="utf-8")
    stages = {"a": _stage(project, tmp_path / "data.txt", "a"), "b": _stage(project, project.build_dir / "a", "b"),
              "c": _stage(project, project.build_dir / "b", "c")}
    monkeypatch.setattr(cli, "STAGES", stages)
    for name in stages:
        cli.run_stage(project, name, force=False)
    return project


def said(da: str, en: str) -> str:
    return f"{da} / {en}"


def test_a_stage_whose_inputs_are_as_written_can_run(project, capsys):
    capsys.readouterr()
    assert cli.missing_input(project, "c") is None


def test_nothing_built_names_the_first_stage(tmp_path, project):
    for name in ("a", "b", "c"):
        freshness.forget(project, name)
    assert cli.missing_input(project, "c") == said(
        "c mangler build/a: kør `python -m build_scripts a` først (eller `build`).",
        "c needs build/a: run `python -m build_scripts a` first (or `build`).")


@pytest.mark.parametrize("harm,file,da,en", [
    (lambda a: (a / "x.txt").unlink(), "build/a/x.txt", "er slettet", "was deleted"),
    (lambda a: (a / "y.txt").write_text("hand-edited", encoding="utf-8"), "build/a/y.txt", "er ændret", "has changed"),
    (lambda a: (a / "z.txt").write_text("stray", encoding="utf-8"), "build/a/z.txt", "er kommet til", "was added"),
])
def test_an_earlier_output_deleted_changed_or_added_names_that_stage_and_file(project, harm, file, da, en):
    """The red team's case: build/downloads/dcat.ttl deleted, then `site`: it named build/docs and pages."""
    harm(project.build_dir / "a")
    expected = said(f"c mangler {file}, som {da}, siden `a` skrev det: kør `python -m build_scripts a` igen (eller "
                    "`build`).",
                    f"c needs {file}, which {en} since `a` wrote it: run `python -m build_scripts a` again (or `build`).")
    assert cli.missing_input(project, "c") == expected
    assert cli.missing_input(project, "b") == expected.replace("c mangler", "b mangler").replace("c needs", "b needs")


def test_the_stage_just_before_is_named_with_its_own_file(project):
    (project.build_dir / "b" / "x.txt").unlink()
    assert cli.missing_input(project, "c") == said(
        "c mangler build/b/x.txt, som er slettet, siden `b` skrev det: kør `python -m build_scripts b` igen (eller "
        "`build`).",
        "c needs build/b/x.txt, which was deleted since `b` wrote it: run `python -m build_scripts b` again (or "
        "`build`).")


def test_a_changed_source_names_the_first_stage_that_reads_it(project):
    """b reads what a wrote from data.txt before it changed. (c, which reads b's output as b wrote it, can run: a
    stage run alone asks that its inputs are as their stages wrote them, as the build would find them.)"""
    (project.root / "data.txt").write_text("2\n", encoding="utf-8")
    assert cli.missing_input(project, "b") == said(
        "b mangler det, `a` laver af data.txt, som er ændret, siden det kørte: kør `python -m build_scripts a` igen "
        "(eller `build`).",
        "b needs what `a` makes from data.txt, which has changed since it ran: run `python -m build_scripts a` again "
        "(or `build`).")


def test_a_stage_run_again_names_the_next_one_and_what_changed_for_it(project):
    (project.root / "data.txt").write_text("2\n", encoding="utf-8")
    cli.run_stage(project, "a", force=False)
    assert cli.missing_input(project, "c") == said(
        "c mangler det, `b` laver af build/a/x.txt, som er ændret, siden det kørte: kør `python -m build_scripts b` "
        "igen (eller `build`).",
        "c needs what `b` makes from build/a/x.txt, which has changed since it ran: run `python -m build_scripts b` "
        "again (or `build`).")


def test_a_missing_source_is_named_as_missing(project):
    (project.root / "data.txt").unlink()
    assert cli.missing_input(project, "b") == said(
        "b mangler data.txt: gendan den (fx `git checkout -- data.txt`).",
        "b needs data.txt, which is missing: restore it (e.g. `git checkout -- data.txt`).")


def test_other_code_names_the_first_stage_it_wrote(project, monkeypatch):
    monkeypatch.setattr(freshness, "_code", lambda: "other code")
    assert cli.missing_input(project, "c") == said(
        "c mangler build/a, som `a` skrev med anden kode (build_scripts/, requirements.txt eller Python): kør "
        "`python -m build_scripts a` igen (eller `build`).",
        "c needs build/a, which `a` wrote with other code (build_scripts/, requirements.txt or Python): run "
        "`python -m build_scripts a` again (or `build`).")


def test_a_stamp_of_an_earlier_build_without_its_files_asks_for_the_stage(project):
    stamp = project.stamps_dir / "a.json"
    stamp.write_text('{"inputs": "x", "outputs": "y"}\n', encoding="utf-8")
    assert cli.missing_input(project, "b") == said(
        "b mangler build/a: kør `python -m build_scripts a` først (eller `build`).",
        "b needs build/a: run `python -m build_scripts a` first (or `build`).")


def test_a_whole_output_deleted_is_named_as_the_folder(project):
    import shutil

    shutil.rmtree(project.build_dir / "a")
    assert cli.missing_input(project, "b") == said(
        "b mangler build/a, som er slettet, siden `a` skrev det: kør `python -m build_scripts a` igen (eller `build`).",
        "b needs build/a, which was deleted since `a` wrote it: run `python -m build_scripts a` again (or `build`).")


def test_the_build_skips_fresh_stages_and_force_runs_them_all(project, capsys):
    """`build` skips a stage whose inputs and code are as at its last run; `build --force` runs every stage and
    empties the caches (the charts' rendered images), so nothing is reused. (tests/e2e/test_incremental.py shows
    which of the real stages rerun after a change.)"""
    project.chart_cache_dir.mkdir(parents=True)
    (project.chart_cache_dir / "key").write_text("old", encoding="utf-8")
    capsys.readouterr()
    cli.build(project)
    assert capsys.readouterr().out.count("unchanged since its last run: skipped") == 3
    cli.build(project, force=True)
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.endswith("] …")] == ["[a] …", "[b] …", "[c] …"]
    assert "skipped" not in out and not project.cache_dir.exists()


def test_a_stale_stage_is_checksummed_once(project, monkeypatch):
    """missing_input read each stage's files twice: once to find it stale (is_fresh) and again to name the file
    (why_stale); and the build's code once for each. Now each set of files, and the code, is read once."""
    read = []
    original = freshness.files
    monkeypatch.setattr(freshness, "files", lambda roots, base: read.append(tuple(roots)) or original(roots, base))
    (project.build_dir / "a" / "y.txt").write_text("hand-edited", encoding="utf-8")
    assert "build/a/y.txt" in cli.missing_input(project, "c")
    a, b = project.build_dir / "a", project.build_dir / "b"
    assert sorted(read, key=str) == sorted([tuple(freshness.code_roots()), (a,), (b,), (project.root / "data.txt",),
                                            (a,)], key=str)  # b's inputs and a's outputs are both build/a
