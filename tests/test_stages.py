"""Stages declare the files they read and write (paths.stage_files); a stage run alone says what it lacks."""

import pytest

from build_scripts import cli
from build_scripts.core import paths


def test_every_stage_is_declared_in_build_order():
    assert list(paths.stage_files()) == list(cli.STAGES)


def test_inputs_come_from_an_earlier_stage_or_the_repository():
    files = paths.stage_files()
    order = list(files)
    for stage, io in files.items():
        for path in io["inputs"]:
            writers = [s for s, other in files.items() if path in other["outputs"]]
            if writers:
                assert order.index(writers[0]) < order.index(stage), (stage, path)
            else:
                assert not path.is_relative_to(paths.BUILD_DIR) and path.exists(), (stage, path)


def test_every_declared_output_is_written_by_the_build(built_site):
    for stage, io in paths.stage_files().items():
        for path in io["outputs"]:
            assert path.exists(), f"{stage} declares {path} but the build did not write it"


@pytest.fixture
def clean_build(tmp_path, monkeypatch):
    """The build folders of a clean clone: empty, under a temporary project root."""
    real_root = paths.ROOT
    for name in ("BUILD_DIR", "DERIVED_DIR", "CHARTS_DIR", "DOWNLOADS_DIR", "BUILD_DOCS_DIR", "BUILD_DOCS_EN_DIR", "SITE_DIR"):
        monkeypatch.setattr(paths, name, tmp_path / getattr(paths, name).relative_to(real_root))
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize("stage,first,missing", [
    ("charts", "derive", "build/derived/areas.csv"),
    ("downloads", "derive", "build/derived/areas.csv"),
    ("pages", "derive", "build/derived/areas.csv"),
    ("site", "pages", "build/docs/index.md"),
])
def test_a_stage_alone_on_a_clean_clone_names_the_stage_to_run_first(clean_build, capsys, stage, first, missing):
    assert cli.main([stage]) == 1
    out = capsys.readouterr()
    assert out.out == f"{stage} needs {missing}: run `python -m build_scripts {first}` first (or `build`).\n"
    assert out.err == ""
    assert not (clean_build / "build").exists()  # nothing was run
