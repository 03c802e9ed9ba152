"""A folder of releases/ is a release only when it is complete (red team 2, finding 7): its manifest.json lists
every file it holds, each with its size and checksum. Anything else (a folder made by hand, half-copied or
half-deleted) is named in one line by `release` and by the stages that read releases/, never taken for a release
and never a traceback. Synthetic release folders only: nothing is built."""

import json
import shutil

import pytest

from build_scripts import cli
from build_scripts.commands import releases
from build_scripts.core.paths import Paths
from build_scripts.stages import downloads, pages
from build_scripts.stages.downloads.stage import write_checksums
from conftest import CHECKOUT

CLOSING = "Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.\n"


def refusal(folder: str, why_da: str, why_en: str) -> str:
    return (f"{folder}/ er ikke en hel udgivelse: {why_da}. Kun `make release` laver en: slet mappen, hvis versionen "
            f"aldrig blev udgivet, eller gendan den (`git checkout -- {folder}/`). / {folder}/ is not a complete "
            f"release: {why_en}. Only `make release` makes one: delete the folder if that version was never "
            f"released, or restore it (`git checkout -- {folder}/`).")


@pytest.fixture
def project(tmp_path):
    """A project folder with the package's descriptor and one complete release, v1.0.0, as `release` leaves it."""
    root = tmp_path / "project"
    (root / "datapackage").mkdir(parents=True)
    shutil.copyfile(CHECKOUT.datapackage_json, root / "datapackage" / "datapackage.json")
    folder = root / "releases" / "v1.0.0"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "units.csv").write_text("unit_id,label\nkr,kroner\n", encoding="utf-8")
    (folder / "datapackage.json").write_text('{"name": "x"}\n', encoding="utf-8")
    write_checksums(folder)
    return Paths(root)


def test_a_complete_release_is_one(project):
    assert releases.release_problem(project, "1.0.0") is None
    releases.check_releases(project)


def _manifest(folder, edit):
    path = folder / "manifest.json"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


DAMAGE = {  # how a release folder is damaged -> (why in Danish, why in English)
    "no_manifest": (lambda f: (f / "manifest.json").unlink(),
                    "den har ingen manifest.json", "it has no manifest.json"),
    "file_deleted": (lambda f: (f / "data" / "units.csv").unlink(),
                     "filer, som dens manifest.json nævner, mangler: data/units.csv",
                     "files its manifest.json lists are missing: data/units.csv"),
    "file_added": (lambda f: (f / "partial.csv").write_text("junk\n", encoding="utf-8"),
                   "den indeholder filer, som dens manifest.json ikke nævner: partial.csv",
                   "it holds files its manifest.json does not list: partial.csv"),
    "same_size_other_bytes": (lambda f: (f / "data" / "units.csv").write_text("unit_id,label\nkr,kronor\n",
                                                                               encoding="utf-8"),
                              "filer har en anden størrelse eller kontrolsum end i dens manifest.json: data/units.csv",
                              "files differ from the size or checksum its manifest.json gives: data/units.csv"),
    "truncated": (lambda f: (f / "datapackage.json").write_text("{", encoding="utf-8"),
                  "filer har en anden størrelse eller kontrolsum end i dens manifest.json: datapackage.json",
                  "files differ from the size or checksum its manifest.json gives: datapackage.json"),
    "manifest_not_json": (lambda f: _manifest(f, lambda text: text[:-5]),
                          "dens manifest.json er ikke en liste over filer med deres størrelser og kontrolsummer",
                          "its manifest.json is not a list of files with their sizes and checksums"),
    "manifest_wrong_shape": (lambda f: _manifest(f, lambda text: json.dumps({"data/units.csv": 1})),
                             "dens manifest.json er ikke en liste over filer med deres størrelser og kontrolsummer",
                             "its manifest.json is not a list of files with their sizes and checksums"),
    "manifest_without_sizes": (lambda f: _manifest(f, lambda text: json.dumps([{"path": "datapackage.json"}])),
                               "dens manifest.json er ikke en liste over filer med deres størrelser og kontrolsummer",
                               "its manifest.json is not a list of files with their sizes and checksums"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_an_incomplete_release_folder_is_named_with_what_is_wrong(project, damage):
    harm, da, en = DAMAGE[damage]
    harm(project.releases_dir / "v1.0.0")
    assert releases.release_problem(project, "1.0.0") == refusal("releases/v1.0.0", da, en)
    for stage in (downloads, pages):  # before either reads releases/
        with pytest.raises(releases.ReleaseChanged) as stopped:
            stage.run(project)
        assert str(stopped.value) == refusal("releases/v1.0.0", da, en)


def test_many_missing_files_are_counted_after_five(project):
    folder = project.releases_dir / "v1.0.0"
    for n in range(7):
        (folder / f"extra{n}.csv").write_text("x\n", encoding="utf-8")
    write_checksums(folder)
    for n in range(7):
        (folder / f"extra{n}.csv").unlink()
    assert "mangler: extra0.csv, extra1.csv, extra2.csv, extra3.csv, extra4.csv (+2). Kun " in releases.release_problem(
        project, "1.0.0")


@pytest.mark.parametrize("asked", ["1.3.0", "1.3.1"])
def test_release_refuses_in_one_line_before_taking_a_partial_folder_for_a_release(project, capsys, asked):
    """The red team's folder: releases/v1.3.0/ with one stray file. It was taken for release 1.3.0 ('already
    released'), and releasing 1.3.1 as advised then failed with a traceback in the downloads stage."""
    (project.releases_dir / "v1.3.0").mkdir()
    (project.releases_dir / "v1.3.0" / "partial.csv").write_text("junk\n", encoding="utf-8")
    before = project.datapackage_json.read_bytes()
    assert cli.main(["--root", str(project.root), "release", "--version", asked]) == 1
    out = capsys.readouterr()
    assert out.out == refusal("releases/v1.3.0", "den har ingen manifest.json", "it has no manifest.json") + "\n" + CLOSING
    assert out.err == ""
    assert project.datapackage_json.read_bytes() == before  # nothing was set, built or frozen
    assert sorted(p.name for p in project.releases_dir.iterdir()) == ["v1.0.0", "v1.3.0"]


def test_a_folder_that_is_not_named_as_a_version_is_no_release(project):
    for name in ("v1.3", "v1.3.0.bak", ".v1.4.0.partial"):
        (project.releases_dir / name).mkdir()
    assert releases.frozen_versions(project) == ["1.0.0"]
    releases.check_releases(project)
