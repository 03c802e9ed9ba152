"""Releases: frozen once by `release`, compared by content, and a mistake names its exact remedy."""

import shutil
import zipfile
from datetime import datetime

import pandas as pd
import pytest

from build_scripts.commands import releases
from build_scripts.core import workbook
from build_scripts.core.paths import Paths
from build_scripts.stages.downloads import stage as downloads
from conftest import CHECKOUT, built


def _workbook(path, value, when=datetime(2020, 1, 1)):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "t"
    wb.active.append(["a", "b"])
    wb.active.append(["x", value])
    wb.properties.created = wb.properties.modified = when
    wb.save(path)


def test_workbooks_are_compared_by_cells_not_bytes(tmp_path):
    _workbook(tmp_path / "a.xlsx", 1.5)
    _workbook(tmp_path / "b.xlsx", 1.5, when=datetime(2024, 5, 6, 7, 8, 9))  # other bytes, same cells
    _workbook(tmp_path / "c.xlsx", 2.5)
    assert (tmp_path / "a.xlsx").read_bytes() != (tmp_path / "b.xlsx").read_bytes()
    assert releases.content(tmp_path / "a.xlsx") == releases.content(tmp_path / "b.xlsx")
    assert releases.content(tmp_path / "a.xlsx") != releases.content(tmp_path / "c.xlsx")


def test_zips_are_compared_by_their_members_recursively(tmp_path):
    for name, wb, level in (("a", "a.xlsx", 1), ("b", "b.xlsx", 9), ("c", "c.xlsx", 9)):
        _workbook(tmp_path / "a.xlsx", 1.5)
        _workbook(tmp_path / "b.xlsx", 1.5, when=datetime(2024, 5, 6))
        _workbook(tmp_path / "c.xlsx", 2.5)
        with zipfile.ZipFile(tmp_path / f"{name}.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
            zf.writestr("data/t.csv", "a,b\nx,1\n")
            zf.write(tmp_path / wb, "book.xlsx")
    assert releases.content(tmp_path / "a.zip") == releases.content(tmp_path / "b.zip")
    assert releases.content(tmp_path / "a.zip") != releases.content(tmp_path / "c.zip")


def test_csv_is_compared_by_bytes(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"a,b\n1,2\n")
    (tmp_path / "b.csv").write_bytes(b"a,b\r\n1,2\r\n")
    assert releases.content(tmp_path / "a.csv") != releases.content(tmp_path / "b.csv")


@pytest.fixture
def frozen(built_site, tmp_path):
    """A project whose build's downloads are frozen as the current version in its releases/ folder."""
    from build_scripts.core import package

    project = Paths(tmp_path)
    version = package.descriptor(CHECKOUT.datapackage_json)["version"]
    shutil.copytree(built().downloads_dir, project.downloads_dir)
    shutil.copytree(built().downloads_dir, project.releases_dir / f"v{version}")
    return project, version, project.releases_dir / f"v{version}"


def test_a_library_that_rewrites_bytes_keeps_the_release_frozen(frozen):
    project, version, folder = frozen
    book = next(folder.glob("*.xlsx"))
    with zipfile.ZipFile(book) as src:  # the same cells, stored with another compression level
        items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for name, data in items:
            dst.writestr(name, data)
    releases.check_frozen(project, version)


def test_a_changed_cell_stops_the_build_with_the_remedy(frozen):
    project, version, folder = frozen
    table = pd.read_excel(folder / "data" / "units.xlsx")
    table.iloc[0, 1] = "ændret"
    downloads._workbook({"units": table}, folder / "data" / "units.xlsx", workbook.created(CHECKOUT.datapackage_json))
    major, minor, patch = version.split(".")
    after = f"{major}.{minor}.{int(patch) + 1}"
    with pytest.raises(releases.ReleaseChanged) as err:
        releases.check_frozen(project, version)
    assert str(err.value).endswith(
        f"releases/v{version} already holds different files (data/units.xlsx): if you meant to change {version} "
        f"before it was published, delete releases/v{version} and run `make release VERSION={version}` again; "
        f"otherwise run `make release VERSION={after}`.")


@pytest.fixture
def project(tmp_path, built_site):
    """A temporary project root with the data package, CITATION.cff, CHANGELOG.md and this build's downloads."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    for name in ("CITATION.cff", "CHANGELOG.md"):
        shutil.copyfile(CHECKOUT.root / name, root / name)
    shutil.copytree(built().downloads_dir, root / "build" / "downloads")
    return root


def write_entry(project, version: str) -> None:
    """The recipe's step before the freeze: the changelog entry of `version`, written in every language."""
    releases.changelog_stub(Paths(project), version, "2026-12-01")
    log = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    log = log.replace(releases.PLACEHOLDERS["da"], "Rettet.", 1).replace(releases.PLACEHOLDERS["en"], "Corrected.", 1)
    (project / "CHANGELOG.md").write_text(log, encoding="utf-8")


def test_a_release_without_its_changelog_text_writes_the_heading_and_freezes_nothing(project):
    """What a release freezes includes its changelog text (dcat.ttl's version notes): it is written first."""
    before = (project / "datapackage" / "datapackage.json").read_bytes()
    message = releases.release(Paths(project), "7.8.9", lambda paths: pytest.fail("nothing is built before the text is written"))
    assert message.endswith("Write what changed and run `make release VERSION=7.8.9` again: the text goes into the "
                            "frozen files.")
    assert "\n## 7.8.9 — " in (project / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (project / "datapackage" / "datapackage.json").read_bytes() == before
    assert not (project / "releases").exists()
    assert not releases.finished_entry(Paths(project), "7.8.9")
    write_entry(project, "7.8.9")
    assert releases.finished_entry(Paths(project), "7.8.9")


def test_release_sets_the_version_everywhere_and_freezes_once(project):
    import json

    import yaml

    builds = []
    write_entry(project, "7.8.9")
    message = releases.release(Paths(project), "7.8.9", lambda paths: builds.append(1))
    today = datetime.now().date().isoformat()
    assert builds == [1]
    assert json.loads((project / "datapackage" / "datapackage.json").read_text())["version"] == "7.8.9"
    cff = yaml.safe_load((project / "CITATION.cff").read_text())
    assert (cff["version"], str(cff["date-released"])) == ("7.8.9", today)
    assert f"\n## 7.8.9 — {today}\n" in (project / "CHANGELOG.md").read_text()
    assert json.loads((project / ".zenodo.json").read_text())["version"] == "7.8.9"
    assert (project / "releases" / "v7.8.9" / "datapackage.json").exists()
    assert " / Froze " in message and "files in releases/v7.8.9/" in message
    # The same release again, unchanged: nothing to do.
    assert "nothing to do" in releases.release(Paths(project), "7.8.9", lambda paths: None)
    # An older version than a frozen one names the next one to use.
    with pytest.raises(releases.ReleaseChanged, match=r"run `make release VERSION=7\.8\.10`\.$"):
        releases.release(Paths(project), "7.8.1", lambda paths: None)


def test_release_rejects_a_malformed_version(project):
    with pytest.raises(releases.ReleaseChanged, match="VERSION must look like X.Y.Z"):
        releases.release(Paths(project), "v1.2", lambda paths: None)


# --- a release is a transaction (issue 20, section 5) ---------------------------------------------------------

VERSION_FILES = ("datapackage/datapackage.json", "CITATION.cff", "CHANGELOG.md", ".zenodo.json")


def snapshot(root):
    return {name: (root / name).read_bytes() if (root / name).exists() else None for name in VERSION_FILES}


def test_a_failed_release_leaves_the_tree_as_it_was(project, capsys):
    from build_scripts.stages.validate import stage as validate

    write_entry(project, "7.8.9")
    before = snapshot(project)

    def failing_build(paths):
        raise validate.ValidationFailed(["a problem"])

    with pytest.raises(validate.ValidationFailed):
        releases.release(Paths(project), "7.8.9", failing_build)
    assert snapshot(project) == before  # the version files are as they were, byte for byte
    assert not (project / "releases").exists() or not list((project / "releases").iterdir())
    assert capsys.readouterr().out.strip().endswith("CHANGELOG.md, .zenodo.json are as they were; "
                                                    "releases/v7.8.9/ was not made.")


def test_an_interrupted_release_leaves_the_tree_as_it_was(project):
    write_entry(project, "7.8.9")
    before = snapshot(project)

    def interrupted_build(paths):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        releases.release(Paths(project), "7.8.9", interrupted_build)
    assert snapshot(project) == before


def test_a_killed_release_is_completed_by_running_it_again(project):
    """Killed after the version files were set and while the files were being copied: the same command again
    finishes the release (the version files say the version already; the half-copied folder is not the release)."""
    import json

    write_entry(project, "7.8.9")
    releases.set_version(Paths(project), "7.8.9", "2026-12-01")  # the release got this far, then was killed
    partial = project / "releases" / ".v7.8.9.partial"
    (partial / "data").mkdir(parents=True)
    (partial / "data" / "half.csv").write_text("a,b\n", encoding="utf-8")
    assert releases.frozen_versions(Paths(project)) == []  # a half-copied folder is never a release
    message = releases.release(Paths(project), "7.8.9", lambda paths: None)
    assert " / Froze " in message and "releases/v7.8.9/" in message
    assert releases.frozen_versions(Paths(project)) == ["7.8.9"] and not partial.exists()
    assert json.loads((project / "datapackage" / "datapackage.json").read_text())["version"] == "7.8.9"
    assert not (project / "releases" / "v7.8.9" / "data" / "half.csv").exists()


def test_the_changelog_placeholder_has_each_language_and_cannot_be_published_unfilled(project):
    from build_scripts.stages.validate import files

    assert releases.changelog_stub(Paths(project), "7.8.9", "2026-12-31")
    log = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = log[log.index("## 7.8.9"):log.index("## ", log.index("## 7.8.9") + 3)]
    assert entry == ("## 7.8.9 — 2026-12-31\n\n<!-- da -->\n" + releases.PLACEHOLDERS["da"] + "\n\n<!-- en -->\n"
                     + releases.PLACEHOLDERS["en"] + "\n\n")
    assert [str(p) for p in files.changelog_problems(log)] == [
        "CHANGELOG.md: linje 10: Version 7.8.9 har stadig pladsholderen »Beskriv ændringen her …«, som `make release` "
        "skrev. Skriv, hvad der er ændret, efter <!-- da --> og <!-- en -->. | line 10: Version 7.8.9 still holds the "
        "placeholder 'Describe the change here …' that `make release` wrote. Write what changed after <!-- da --> and "
        "<!-- en -->."]
    filled = log.replace(releases.PLACEHOLDERS["da"], "Rettet.").replace(releases.PLACEHOLDERS["en"], "Corrected.")
    assert files.changelog_problems(filled) == []


def test_a_version_with_leading_zeros_is_refused(project):
    with pytest.raises(releases.ReleaseChanged, match="VERSION must look like X.Y.Z"):
        releases.release(Paths(project), "1.02.0", lambda paths: None)


def test_a_build_with_a_partial_release_folder_stops_in_one_line(built_site, tmp_path, capsys):
    """Red team 2, finding 7: a folder of releases/ without its manifest.json stopped the downloads stage with a
    traceback (dcat.py read the manifest). The build copied with its stamps: only downloads and pages read
    releases/, and the first of them stops, naming the folder."""
    from build_scripts import cli

    root = tmp_path / "project"
    shutil.copytree(built().root, root, ignore=lambda folder, names: {"site"} if folder == str(built().root) else set())
    # A version no clone has released, and below the package's (validate refuses a package version below a release)
    (root / "releases" / "v0.9.9").mkdir(parents=True)
    (root / "releases" / "v0.9.9" / "partial.csv").write_text("junk\n", encoding="utf-8")
    assert cli.main(["--root", str(root), "build"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and out.err == ""
    assert out.out.splitlines()[-3:] == [
        "[downloads] …",
        "releases/v0.9.9/ er ikke en hel udgivelse: den har ingen manifest.json. Kun `make release` laver en: slet "
        "mappen, hvis versionen aldrig blev udgivet, eller gendan den (`git checkout -- releases/v0.9.9/`). / "
        "releases/v0.9.9/ is not a complete release: it has no manifest.json. Only `make release` makes one: delete "
        "the folder if that version was never released, or restore it (`git checkout -- releases/v0.9.9/`).",
        "Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published."]
