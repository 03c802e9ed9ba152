"""Stages declare what they read and write, and the declarations are true.

Each stage's package (build_scripts/stages/<name>/__init__.py) declares `inputs()` and `outputs()`. The build
trusts them twice: it clears a stage's outputs before the stage runs, and it skips a stage whose inputs and code
are unchanged (core/freshness.py). So a stage that read an undeclared file would be skipped when that file
changed. `test_stages_read_and_write_only_what_they_declare` runs every stage in a copy of the checkout under a
Python audit hook (in every process, MkDocs' included) and compares what each opened with what it declares.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from build_scripts import cli
from build_scripts.core.paths import Paths
from conftest import CHECKOUT, built, copy_checkout


def test_every_stage_is_declared_in_build_order():
    assert list(cli.stage_files(CHECKOUT)) == ["validate", "derive", "charts", "downloads", "pages", "site"]


def test_inputs_come_from_an_earlier_stage_or_the_repository():
    files = cli.stage_files(CHECKOUT)
    order = list(files)
    for stage, io in files.items():
        for path in io["inputs"]:
            writers = [s for s, other in files.items() if path in other["outputs"]]
            if writers:
                assert order.index(writers[0]) < order.index(stage), (stage, path)
            else:
                assert not path.is_relative_to(CHECKOUT.build_dir) and path.exists(), (stage, path)


def test_every_declared_output_is_written_by_the_build(built_site):
    for stage, io in cli.stage_files(built()).items():
        for path in io["outputs"]:
            assert path.exists(), f"{stage} declares {path} but the build did not write it"


@pytest.fixture
def clean_build(tmp_path):
    """A clean clone: the project without build/ and site/, in a temporary folder."""
    copy_checkout(tmp_path / "project", {"build", "site", "tests"})
    return tmp_path / "project"


@pytest.mark.parametrize("stage,first,missing", [
    ("charts", "derive", "build/derived"),
    ("downloads", "derive", "build/derived"),
    ("pages", "derive", "build/derived"),
    ("site", "derive", "build/derived"),  # pages, which writes build/docs, would stop there: derive runs first
])
def test_a_stage_alone_on_a_clean_clone_names_the_stage_to_run_first(clean_build, capsys, stage, first, missing):
    assert cli.main(["--root", str(clean_build), stage]) == 1
    out = capsys.readouterr()
    assert out.out == (f"{stage} mangler {missing}: kør `python -m build_scripts {first}` først (eller `build`). / "
                       f"{stage} needs {missing}: run `python -m build_scripts {first}` first (or `build`).\n")
    assert out.err == ""
    assert not (clean_build / "build").exists()  # nothing was run


@pytest.fixture
def built_copy_with_stamps(built_site, tmp_path):
    """The built project with its stamps, without site/: every stage is as the build left it."""
    root = built().root
    shutil.copytree(root, tmp_path / "project", ignore=lambda folder, names: {"site"} if folder == str(root) else set())
    return tmp_path / "project"


@pytest.mark.parametrize("stage,harm,writer,said_da,said_en", [
    # Red team 2, finding 11: it said "site needs build/docs: run pages first"; build/docs was there.
    ("site", lambda p: (p / "build/downloads/dcat.ttl").unlink(), "downloads",
     "build/downloads/dcat.ttl, som er slettet, siden `downloads` skrev det",
     "build/downloads/dcat.ttl, which was deleted since `downloads` wrote it"),
    ("site", lambda p: (p / "build/charts/area-beskaeftigelse-en.svg").write_text("<svg/>"), "charts",
     "build/charts/area-beskaeftigelse-en.svg, som er ændret, siden `charts` skrev det",
     "build/charts/area-beskaeftigelse-en.svg, which has changed since `charts` wrote it"),
    ("pages", lambda p: shutil.rmtree(p / "build/derived"), "derive",
     "build/derived, som er slettet, siden `derive` skrev det", "build/derived, which was deleted since `derive` wrote it"),
])
def test_a_stage_alone_names_the_earlier_output_that_changed(built_copy_with_stamps, capsys, stage, harm, writer,
                                                            said_da, said_en):
    harm(built_copy_with_stamps)
    assert cli.main(["--root", str(built_copy_with_stamps), stage]) == 1
    out = capsys.readouterr()
    assert out.out == (f"{stage} mangler {said_da}: kør `python -m build_scripts {writer}` igen (eller `build`). / "
                       f"{stage} needs {said_en}: run `python -m build_scripts {writer}` again (or `build`).\n")
    assert out.err == ""


# Written into every Python process of the audited build (through PYTHONPATH): each file opened, listed,
# created, renamed or removed, one line each, "r", "l" (a folder listed) or "w", to a log opened before the hook (os.write raises no
# audit event, so logging cannot recurse).
SITECUSTOMIZE = textwrap.dedent('''
    import os, sys
    _log = os.open(os.environ["STAGE_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    _WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def _record(kind, path):
        if isinstance(path, int) or path is None:
            return
        path = os.path.abspath(os.fsdecode(path))
        os.write(_log, (kind + " " + path + "\\n").encode("utf-8", "surrogateescape"))

    def _hook(event, args):
        if event == "open":
            mode, flags = args[1], args[2] or 0
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE)
            _record("w" if writing else "r", args[0])
        elif event in ("os.listdir", "os.scandir"):
            _record("l", args[0] if args[0] is not None else ".")
        elif event in ("os.rename", "os.replace"):
            _record("w", args[0]); _record("w", args[1])
        elif event in ("os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree"):
            _record("w", args[0])

    sys.addaudithook(_hook)
''')

# What the build itself keeps beside the stages' outputs: the lock, the stamps of the incremental build, the
# charts' render cache, and the site stage's folder before its atomic swap (build/site-*).
ENGINE_FILES = (".build.lock", ".stamps", ".cache", "site-")


def _audit(repo, tmp_path, stage):
    log = tmp_path / f"{stage}.log"
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(hook), "STAGE_AUDIT_LOG": str(log)}
    # The stage's own run(), without the command line around it (whose freshness check reads every input).
    run = f"from build_scripts.core.paths import Paths; from build_scripts.stages import {stage}; {stage}.run(Paths.checkout())"
    result = subprocess.run([sys.executable, "-c", run], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = {"r": set(), "l": set(), "w": set()}
    for line in log.read_text(encoding="utf-8").splitlines():
        kind, path = line.split(" ", 1)
        seen[kind].add(os.path.realpath(path))
    # The checkout is on sys.path (python -m), so finding modules lists its top-level folders (frictionless looks
    # for plugins in every folder there): a listing of those is the import system's, not a stage reading them.
    top = {os.path.realpath(repo / name) for name in os.listdir(repo)}
    seen["r"] |= seen.pop("l") - top
    return seen


def _outside(found, roots, repo):
    """The paths in `found` inside the checkout `repo` that lie under none of `roots` (nor the build's code)."""
    code = [repo / "build_scripts", repo / "requirements.txt"]  # what every stage runs (core/freshness.py)
    roots = [os.path.realpath(r) for r in list(roots) + code]
    build = os.path.realpath(repo / "build")
    bad = set()
    for path in found:
        if not path.startswith(os.path.realpath(repo) + os.sep) and path != os.path.realpath(repo):
            continue  # the standard library, the venv, the temporary folder: not the project's files
        if path.startswith(build + os.sep) and path[len(build) + 1:].startswith(ENGINE_FILES):
            continue
        if path in (os.path.realpath(repo), build):
            continue  # the checkout and build/ themselves (listed to find a stage's files, created by the lock)
        if not any(path == r or path.startswith(r + os.sep) for r in roots):
            bad.add(os.path.relpath(path, repo))
    return sorted(bad)


def test_stages_read_and_write_only_what_they_declare(tmp_path_factory, tmp_path):
    repo = tmp_path_factory.mktemp("audited") / "main"
    copy_checkout(repo, {"build", "site", "tests"})
    # The charts' rendered images: drawing them is vl-convert's (native code, which the audit hook cannot see), and
    # the cache key reads every file a drawing would (the export template), so the audit loses nothing.
    shutil.copytree(built().chart_cache_dir, Paths(repo).chart_cache_dir)
    declared = {name: (stage.inputs(CHECKOUT), stage.outputs(CHECKOUT)) for name, stage in cli.STAGES.items()}
    for name, (inputs, outputs) in declared.items():
        inputs = [repo / p.relative_to(CHECKOUT.root) for p in inputs]
        outputs = [repo / p.relative_to(CHECKOUT.root) for p in outputs]
        seen = _audit(repo, tmp_path, name)
        assert _outside(seen["r"], inputs + outputs, repo) == [], f"{name} reads files it does not declare"
        assert _outside(seen["w"], outputs, repo) == [], f"{name} writes files it does not declare"
