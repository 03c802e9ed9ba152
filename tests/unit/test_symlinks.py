"""No symbolic link among the files the build reads is followed (red team 7, finding 1).

A link in docs/ to /proc/self/cmdline, /etc/hostname or a file outside the checkout was copied or rendered onto the
public site. validate refuses every link among the inputs the stages declare, one line each naming the link and its
target, so `build` stops before anything is written; and the copying code refuses a link too (a stage run alone).
"""

import os

import pytest

from build_scripts import cli
from build_scripts.core import copying
from build_scripts.core.errors import BuildStopped
from build_scripts.core.paths import Paths
from build_scripts.stages import derive
from build_scripts.stages.validate import stage as validate
from conftest import linked_project


def link_line(path, target):
    return (f"{path}: Stien er et symbolsk link (til '{target}'). Byggeriet ville udgive det, linket peger på; læg "
            f"selve filen her, eller fjern linket. | The path is a symbolic link (to '{target}'). The build would "
            f"publish what it points to; put the file itself here, or remove the link.")


@pytest.fixture
def project(tmp_path):
    return linked_project(tmp_path / "project")


def test_the_review_links_stop_build_before_anything_is_written(project, tmp_path, monkeypatch, capsys):
    """The review's three links, and one in datapackage/ and releases/: one line each; no stage after validate runs."""
    outside = tmp_path / "outside.md"
    outside.write_text("not the project's\n", encoding="utf-8")
    (project / "docs" / "assets" / "cmd.txt").symlink_to("/proc/self/cmdline")
    (project / "docs" / "assets" / "outside.md.txt").symlink_to(outside)
    (project / "docs" / "leak.md").symlink_to("/etc/hostname")
    (project / "datapackage" / "sources" / "extra.txt").symlink_to("/etc/os-release")
    (project / "releases" / "notes").symlink_to("/etc", target_is_directory=True)  # a folder: not followed either
    monkeypatch.setattr(derive, "run", lambda paths: pytest.fail("derive ran"))
    assert cli.main(["--root", str(project), "build"]) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "symbolsk link" in line] == [
        link_line("datapackage/sources/extra.txt", "/etc/os-release"),
        link_line("docs/assets/cmd.txt", "/proc/self/cmdline"),
        link_line("docs/assets/outside.md.txt", outside),
        link_line("docs/leak.md", "/etc/hostname"),
        link_line("releases/notes", "/etc")]
    assert not (project / "build" / "derived").exists() and not (project / "site").exists()


@pytest.mark.parametrize("name", ["datapackage", "docs", "releases", "mkdocs.en.yml", "docs/_overrides"])
def test_a_declared_input_that_is_itself_a_link_is_refused(project, tmp_path, name):
    """Not only a link inside a folder: the folder or file a stage declares (a link to a copy elsewhere)."""
    moved = tmp_path / "elsewhere" / name.replace("/", "_")
    moved.parent.mkdir(exist_ok=True)
    os.rename(project / name, moved)
    (project / name).symlink_to(moved)
    with pytest.raises(validate.ValidationFailed) as failed:
        validate.run(Paths(project))
    assert [str(p) for p in failed.value.problems] == [link_line(name, moved)]


def test_the_real_project_has_no_link_among_its_inputs():
    from build_scripts.stages.validate.links import link_problems
    from conftest import CHECKOUT

    assert link_problems(CHECKOUT) == []


def copy_line(path, target):
    return (f"{path} er et symbolsk link (til '{target}'); byggeriet kopierer ikke det, et link peger på. Læg selve "
            f"filen der, eller fjern linket. / {path} is a symbolic link (to '{target}'); the build does not copy what "
            f"a link points to. Put the file itself there, or remove the link.")


def test_copying_refuses_a_link_file(tmp_path):
    link = tmp_path / "cmd.txt"
    link.symlink_to("/proc/self/cmdline")
    with pytest.raises(BuildStopped) as stopped:
        copying.copy_file(link, tmp_path / "copy.txt")
    assert str(stopped.value) == copy_line(link, "/proc/self/cmdline")
    assert not (tmp_path / "copy.txt").exists()


def test_copying_refuses_a_folder_holding_a_link(tmp_path):
    folder = tmp_path / "release" / "data"
    folder.mkdir(parents=True)
    (folder / "units.csv").write_text("a\n", encoding="utf-8")
    (folder / "leak.txt").symlink_to("/etc/hostname")
    with pytest.raises(BuildStopped) as stopped:
        copying.copy_tree(tmp_path / "release", tmp_path / "published")
    assert str(stopped.value) == copy_line(folder / "leak.txt", "/etc/hostname")
    assert not (tmp_path / "published").exists()


def test_the_pages_stage_refuses_a_linked_page_or_asset(project, monkeypatch):
    """The pages stage run alone (its freshness says nothing of links) stops at the link, before copying it."""
    from build_scripts.core.lang import languages
    from build_scripts.stages.pages import stage as pages

    (project / "docs" / "assets" / "cmd.txt").symlink_to("/proc/self/cmdline")
    site = type("Site", (), {"paths": Paths(project)})()
    monkeypatch.setattr(pages, "make_env", lambda site, lang: pytest.fail("rendered before the check"))
    with pytest.raises(BuildStopped) as stopped:
        pages.render_language(site, languages()[0])
    assert str(stopped.value) == copy_line(project / "docs" / "assets" / "cmd.txt", "/proc/self/cmdline")
