"""CHANGELOG.md announces only releases that exist (red team 3, finding 2).

The changelog page and the Atom feed list every entry with links to data/vX.Y.Z/. An entry for a version newer than
the package's `version`, or dated after the day of the build, announced a release that was never made, with dead
links, and `validate` accepted it. Now it is refused in one line naming CHANGELOG.md, the line and both versions;
and `release --version X` refuses up front when the changelog's newest entry is newer than X (it wrote X's heading
below it and left a file `validate` refuses). Nothing is built here.
"""

import datetime
import json
import shutil

import pytest
from test_gate import changelog, problems_for, replace_text  # noqa: F401 (changelog: a fixture)

from build_scripts.commands import releases
from build_scripts.core.paths import Paths
from build_scripts.stages.validate import files
from conftest import CHECKOUT

NEWER = ("CHANGELOG.md: linje 3: Version 1.4.0 er nyere end pakkens version {package} (datapackage.json): siden og "
         "feedet ville annoncere den med links til filer, der ikke findes. Kør `make release VERSION=1.4.0` (den "
         "sætter også pakkens version), eller slet afsnittet. | line 3: Version 1.4.0 is newer than the package's "
         "version {package} (datapackage.json): the site and the feed would announce it with links to files that do "
         "not exist. Run `make release VERSION=1.4.0` (it also sets the package's version), or delete the entry.")


def entry(version, day, da="Ny.", en="New."):
    return f"## {version} — {day}\n\n<!-- da -->\n{da}\n\n<!-- en -->\n{en}\n\n"


def package_version(package_json) -> str:
    return json.loads(package_json.read_text(encoding="utf-8"))["version"]


def test_an_entry_for_a_version_newer_than_the_package_is_refused(package_copy, changelog):  # noqa: F811
    """The review's example: '## 1.4.0 — …' above the package's own version."""
    version = package_version(package_copy)
    replace_text(changelog, "## 1.1.0 — ", entry("1.4.0", "2026-11-22") + "## 1.1.0 — ")
    assert problems_for(package_copy) == [NEWER.format(package=version)]


def test_an_entry_for_the_package_version_or_older_is_accepted(package_copy, changelog):  # noqa: F811
    replace_text(changelog, "## 1.1.0 — ", entry(package_version(package_copy), "2026-11-23") + "## 1.1.0 — ")
    assert problems_for(package_copy) == []


def test_the_placeholder_release_writes_above_the_package_version_is_named_once(package_copy, changelog):  # noqa: F811
    """`make release VERSION=X` writes X's heading before it sets the package's version: the entry's one message is
    the placeholder's (what to do next), not also that X is newer."""
    releases.changelog_stub(Paths(package_copy.parent.parent), "1.4.0", "2026-11-22")
    problems = problems_for(package_copy)
    assert len(problems) == 1 and "har stadig pladsholderen" in problems[0] and problems[0].startswith(
        "CHANGELOG.md: linje 3: Version 1.4.0 ")


def test_an_entry_dated_after_the_day_of_the_build_is_refused(package_copy, changelog, monkeypatch):  # noqa: F811
    monkeypatch.setattr(files, "build_date", lambda: datetime.date(2026, 11, 22))
    assert problems_for(package_copy) == []  # dated that very day: released today
    replace_text(changelog, "## 1.1.0 — 2026-11-22", "## 1.1.0 — 2026-11-23")
    assert problems_for(package_copy) == [
        "CHANGELOG.md: linje 3: Version 1.1.0 er dateret 2026-11-23, efter i dag (2026-11-22): siden og feedet ville "
        "annoncere en udgivelse, der ikke er sket. Skriv den dag, versionen blev udgivet; `make release` skriver selv "
        "dagens dato. | line 3: Version 1.1.0 is dated 2026-11-23, after today (2026-11-22): the site and the feed "
        "would announce a release that has not happened. Write the day the version was released; `make release` "
        "writes the day's date itself."]


def test_the_day_of_the_build_is_today():
    assert files.build_date() == datetime.date.today()


# --- `release --version X` below a newer entry ------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """What `release` reads before it builds: the package, CHANGELOG.md and CITATION.cff; no releases/."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    for name in ("CHANGELOG.md", "CITATION.cff"):
        shutil.copyfile(CHECKOUT.root / name, root / name)
    return root


def bump(version: str, minor: int) -> str:
    major, current, _ = (int(p) for p in version.split("."))
    return f"{major}.{current + minor}.0"


def test_release_below_a_newer_changelog_entry_is_refused_up_front(project):
    """The review's example: CHANGELOG.md has 1.4.0 (package 1.2.0), and `release --version 1.3.0` wrote its heading
    above 1.4.0's, rc 0; `validate` then refused the file it wrote."""
    current = package_version(project / "datapackage" / "datapackage.json")
    ahead, asked = bump(current, 2), bump(current, 1)
    log = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    at = log.index("\n## ") + 1
    (project / "CHANGELOG.md").write_text(log[:at] + entry(ahead, "2026-11-22") + log[at:], encoding="utf-8")
    before = {name: (project / name).read_bytes() for name in ("CHANGELOG.md", "CITATION.cff",
                                                                "datapackage/datapackage.json")}
    with pytest.raises(releases.ReleaseChanged) as err:
        releases.release(Paths(project), asked, lambda paths: pytest.fail("nothing is built"))
    assert str(err.value) == (
        f"CHANGELOG.md har allerede et afsnit for version {ahead}, som er nyere end {asked}, så overskriften for "
        f"{asked} ville komme under det. Udgiv {ahead} (`make release VERSION={ahead}`), eller slet afsnittet for "
        f"{ahead} først. / CHANGELOG.md already has an entry for version {ahead}, newer than {asked}; the heading of "
        f"{asked} would go below it. Release {ahead} (`make release VERSION={ahead}`), or delete the entry for "
        f"{ahead} first.")
    assert {name: (project / name).read_bytes() for name in before} == before
    assert not (project / "releases").exists() and not (project / ".zenodo.json").exists()


def test_release_of_the_newest_entry_goes_on(project):
    """The recipe's second `make release VERSION=X`: X's entry is the newest, so the release goes on (to the build)."""
    asked = bump(package_version(project / "datapackage" / "datapackage.json"), 1)
    releases.changelog_stub(Paths(project), asked, "2026-11-22")
    log = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    for placeholder, words in ((releases.PLACEHOLDERS["da"], "Ny."), (releases.PLACEHOLDERS["en"], "New.")):
        log = log.replace(placeholder, words, 1)
    (project / "CHANGELOG.md").write_text(log, encoding="utf-8")

    class Built(Exception):
        pass

    def build(paths):
        raise Built

    with pytest.raises(Built):  # it got as far as the build (the transaction then puts the files back)
        releases.release(Paths(project), asked, build)
    assert releases.newest_entry(Paths(project)) == asked
