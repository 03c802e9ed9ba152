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

# 9.0.0: newer than any version a clone of the recipes releases (they make the next patch and the next minor)
NEWER = ("CHANGELOG.md: linje 3: Version 9.0.0 er nyere end pakkens version {package} (datapackage.json): siden og "
         "feedet ville annoncere den med links til filer, der ikke findes. Kør `make release VERSION=9.0.0` (den "
         "sætter også pakkens version), eller slet afsnittet. | line 3: Version 9.0.0 is newer than the package's "
         "version {package} (datapackage.json): the site and the feed would announce it with links to files that do "
         "not exist. Run `make release VERSION=9.0.0` (it also sets the package's version), or delete the entry.")


def entry(version, day, da="Ny.", en="New."):
    return f"## {version} — {day}\n\n<!-- da -->\n{da}\n\n<!-- en -->\n{en}\n\n"


def package_version(package_json) -> str:
    return json.loads(package_json.read_text(encoding="utf-8"))["version"]


def test_an_entry_for_a_version_newer_than_the_package_is_refused(package_copy, changelog):  # noqa: F811
    """The review's example: '## 1.4.0 — …' above the package's own version (here 9.0.0, see NEWER)."""
    version = package_version(package_copy)
    replace_text(changelog, "## 1.1.0 — ", entry("9.0.0", "2026-11-22") + "## 1.1.0 — ")
    assert problems_for(package_copy) == [NEWER.format(package=version)]


def test_an_entry_for_the_package_version_or_older_is_accepted(package_copy, changelog):  # noqa: F811
    replace_text(changelog, "## 1.1.0 — ", entry(package_version(package_copy), "2026-11-23") + "## 1.1.0 — ")
    assert problems_for(package_copy) == []


def test_the_placeholder_release_writes_above_the_package_version_is_named_once(package_copy, changelog):  # noqa: F811
    """`make release VERSION=X` writes X's heading before it sets the package's version: the entry's one message is
    the placeholder's (what to do next), not also that X is newer."""
    releases.changelog_stub(Paths(package_copy.parent.parent), "9.0.0", "2026-11-22")
    problems = problems_for(package_copy)
    assert len(problems) == 1 and "har stadig pladsholderen" in problems[0] and problems[0].startswith(
        "CHANGELOG.md: linje 3: Version 9.0.0 ")


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


# --- red team 5, finding 2: an entry for a version never released, or dated otherwise than its release ----------
# The changelog page and the feed linked to data/v1.2.5/, which no build writes; a released version's entry with
# another date gave the catalogue a date the frozen release contradicts. Synthetic releases: each folder holds only
# the catalogue (dcat.jsonld) that records the dates, as `release` leaves it (1.0.0 made before there was one).


def catalogue(*dated):
    """A release's dcat.jsonld as the downloads stage writes it (expanded JSON-LD), listing (version, date)."""
    site = "https://example.invalid/"
    return json.dumps([{"@id": f"{site}data/v{version}/#dataset",
                        "http://purl.org/dc/terms/modified": [
                            {"@type": "http://www.w3.org/2001/XMLSchema#date", "@value": day}]}
                       for version, day in dated])


@pytest.fixture
def released(package_copy, changelog):  # noqa: F811
    """The changelog's two versions frozen: releases/v1.0.0/ (no catalogue yet) and releases/v1.1.0/."""
    root = package_copy.parent.parent
    (root / "releases" / "v1.0.0").mkdir(parents=True)
    (root / "releases" / "v1.1.0").mkdir()
    (root / "releases" / "v1.1.0" / "dcat.jsonld").write_text(
        catalogue(("1.0.0", "2026-11-21"), ("1.1.0", "2026-11-22")), encoding="utf-8")
    assert problems_for(package_copy) == []
    return root / "releases"


NOT_RELEASED = (
    "CHANGELOG.md: linje {line}: Version {version} er aldrig udgivet: releases/v{version}/ findes ikke, så siden og "
    "feedet ville linke til filer, der ikke findes. Ret versionen til den udgivne version, afsnittet handler om, "
    "eller slet afsnittet; en ny version får sit afsnit af `make release VERSION=X.Y.Z`. | line {line}: Version "
    "{version} was never released: releases/v{version}/ does not exist, so the site and the feed would link to files "
    "that do not exist. Correct the version to the released one the entry is about, or delete the entry; a new "
    "version gets its entry from `make release VERSION=X.Y.Z`.")
OTHER_DATE = (
    "CHANGELOG.md: linje {line}: Version {version} er dateret {date}, men de frosne udgivelser angiver {released} som "
    "dens udgivelsesdato ({record}): kataloget og feedet ville modsige dem. Skriv {released}. | line {line}: Version "
    "{version} is dated {date}, but the frozen releases give {released} as its release date ({record}): the "
    "catalogue and the feed would contradict them. Write {released}.")


def test_an_entry_for_an_older_version_never_released_is_refused(package_copy, changelog, released):  # noqa: F811
    """The red team's example: '## 1.2.5' between released versions, older than the package's version."""
    replace_text(changelog, "## 1.0.0 — ", entry("1.0.5", "2026-11-21") + "## 1.0.0 — ")
    assert problems_for(package_copy) == [NOT_RELEASED.format(line=11, version="1.0.5")]


def test_a_folder_that_is_not_a_version_is_no_release(package_copy, changelog, released):  # noqa: F811
    (released / "v1.0.5-draft").mkdir()
    replace_text(changelog, "## 1.0.0 — ", entry("1.0.5", "2026-11-21") + "## 1.0.0 — ")
    assert problems_for(package_copy) == [NOT_RELEASED.format(line=11, version="1.0.5")]


@pytest.mark.parametrize("heading,line,version,date,released_on,record", [
    ("## 1.1.0 — 2026-11-22", 3, "1.1.0", "2026-11-21", "2026-11-22", "releases/v1.1.0/dcat.jsonld"),
    # 1.0.0 has no catalogue of its own: the next release's records its date
    ("## 1.0.0 — 2026-11-21", 11, "1.0.0", "2026-11-20", "2026-11-21", "releases/v1.1.0/dcat.jsonld"),
])
def test_a_released_version_dated_otherwise_than_its_release_is_refused(package_copy, changelog, released,  # noqa: F811
                                                                         heading, line, version, date, released_on,
                                                                         record):
    replace_text(changelog, heading, f"## {version} — {date}")
    assert problems_for(package_copy) == [OTHER_DATE.format(line=line, version=version, date=date,
                                                            released=released_on, record=record)]


def test_the_package_version_is_not_released_until_it_is_frozen(package_copy, changelog, released):  # noqa: F811
    """`release`'s second run sets the package's version and today's date on its entry, then builds (validate)
    before it freezes releases/vX.Y.Z/: that entry needs no folder yet. Once frozen, its date is the release's."""
    version = package_version(package_copy)
    replace_text(changelog, "## 1.1.0 — ", entry(version, "2026-11-23") + "## 1.1.0 — ")
    assert problems_for(package_copy) == []
    (released / f"v{version}").mkdir()
    (released / f"v{version}" / "dcat.jsonld").write_text(catalogue((version, "2026-11-24")), encoding="utf-8")
    assert problems_for(package_copy) == [OTHER_DATE.format(
        line=3, version=version, date="2026-11-23", released="2026-11-24", record=f"releases/v{version}/dcat.jsonld")]


def test_a_project_that_has_released_nothing_yet_is_not_held_to_releases(package_copy, changelog):  # noqa: F811
    """No releases/ (a new project), or an empty one: Paths.optional_inputs."""
    replace_text(changelog, "## 1.0.0 — ", entry("1.0.5", "2026-11-21") + "## 1.0.0 — ")
    assert problems_for(package_copy) == []
    (package_copy.parent.parent / "releases").mkdir()
    assert problems_for(package_copy) == []


@pytest.mark.parametrize("damage", ["{", "[1, \"x\"]", "{\"@graph\": []}", catalogue(("1.1.0", None))])
def test_a_catalogue_that_cannot_be_read_records_no_date(package_copy, changelog, released, damage):  # noqa: F811
    """A release's folder is checked whole by the stages that read it (check_releases); here its date is unknown,
    never a traceback, and the entry needs only its folder."""
    (released / "v1.1.0" / "dcat.jsonld").write_text(damage, encoding="utf-8")
    replace_text(changelog, "## 1.1.0 — 2026-11-22", "## 1.1.0 — 2026-11-21")
    assert problems_for(package_copy) == []
    assert releases.release_dates(Paths(package_copy.parent.parent)) == {"1.0.0": None, "1.1.0": None}


def test_the_checkouts_releases_record_their_changelog_dates():
    """Every frozen release of this checkout has a date in a frozen catalogue, and CHANGELOG.md agrees."""
    dates = releases.release_dates(CHECKOUT)
    assert dates and all(dates.values()), dates
    log = CHECKOUT.changelog.read_text(encoding="utf-8")
    assert files.changelog_problems(log, version=package_version(CHECKOUT.datapackage_json), released=dates) == []


def test_a_version_below_the_newest_release_says_it_went_backwards():
    """Red team 7, finding 7: the package's version 1.2.5 below the frozen 1.3.1 was told, once per newer entry, to
    re-release a frozen version or delete its entry. Now one line names both versions and what to do. (0.0.1: below
    every release, whichever a clone of the recipes has made last.)"""
    dates = releases.release_dates(CHECKOUT)
    newest = max(dates, key=lambda v: tuple(map(int, v.split("."))))
    major, minor, patch = (int(p) for p in newest.split("."))
    patch_up, minor_up = f"{major}.{minor}.{patch + 1}", f"{major}.{minor + 1}.0"
    log = CHECKOUT.changelog.read_text(encoding="utf-8")
    assert [str(p) for p in files.changelog_problems(log, version="0.0.1", released=dates)] == [
        f"datapackage/datapackage.json: felt version: Versionen 0.0.1 er lavere end den udgivne {newest} "
        f"(releases/v{newest}/): versionen er gået baglæns. Hæv den, fx til {patch_up} eller {minor_up}. | field "
        f"version: The version 0.0.1 is below the released {newest} (releases/v{newest}/): the version went "
        f"backwards. Raise it, e.g. to {patch_up} or {minor_up}."]


def test_a_character_reference_is_read_as_the_character_the_page_shows():
    """Red team 39, finding 2: the changelog page's Markdown decodes '&#x202E;', '&#x200B;' and '&#1640;&#1632;' (٨٠),
    but the text rule read the eight ASCII characters, so the page drew 'Kommuner 80 / 98' from '89 / 08'."""
    log = ("## 1.3.1 — 2026-01-01\n\n<!-- da -->\nKommuner &#x202E;89 / 08&#x202C; svarede.\n\n<!-- en -->\n"
           "Municipalities &#1640;&#1632; and &#x200B;x.\n")
    assert [str(p).split(" | ")[0] for p in files.changelog_problems(log)] == [
        "CHANGELOG.md: linje 4: Teksten 'Kommuner \\u202e89 / 08\\u202c svarede.' indeholder U+202E RIGHT-TO-LEFT "
        "OVERRIDE, et usynligt tegn, der ændrer tekstens retning, så den vises i en anden rækkefølge, end den står. "
        "Slet tegnet.", escaped(4, "&#x202E;"),
        "CHANGELOG.md: linje 7: Teksten 'Municipalities ٨٠ and \\u200bx.' indeholder U+0668 ARABIC-INDIC DIGIT EIGHT, "
        "et ciffer, der ikke er 0-9. Skriv tallet med cifrene 0-9.", escaped(7, "&#1640;")]


def escaped(line, shown):
    return (f"CHANGELOG.md: linje {line}: '{shown}' står for ét tegn: ændringssiden viser tegnet, men feed.xml og "
            "dcat.ttl viser teksten, som den står. Skriv tegnet selv (et tegn, Markdown læser som formatering, skrives "
            "bedst med andre ord).")


@pytest.mark.parametrize("written,shown", [("&#56;0 kommuner", "&#56;"), ("&amp; mere", "&amp;"),
                                           ("\\*80\\* kommuner", "\\*"), ("98 &#x2F; 80", "&#x2F;")])
def test_an_escape_the_page_reads_as_one_character_is_refused(written, shown):
    """Red team 47, finding 4: the changelog page renders '&#56;0' as '80' and '\\*' as '*', but feed.xml and the
    catalogue carry the entry's text as written, so the three read differently. Write the character itself."""
    log = f"## 1.3.1 — 2026-01-01\n\n<!-- da -->\nKommuner svarede: {written}.\n\n<!-- en -->\nMunicipalities.\n"
    assert [str(p).split(" | ")[0] for p in files.changelog_problems(log)] == [escaped(4, shown)]
