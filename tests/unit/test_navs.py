"""validate promises the build for 2-6 policy areas (red team 5, finding 6): each MkDocs nav lists exactly the pages
the build writes (docs/'s pages and one per area of policy_areas.csv), in one line naming mkdocs.yml or
mkdocs.en.yml, the line and the field; and the reconciliation's words say the number of areas the package holds.
"""

import csv
import shutil
from pathlib import Path

import pytest
from test_gate import problems_for

from build_scripts.core import lang
from build_scripts.core.paths import Paths
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT

NAVS = ("mkdocs.yml", "mkdocs.en.yml")
AREAS = "datapackage/data/policy_areas.csv"
DA_YML = "build_scripts/core/i18n/da.yml"


@pytest.fixture
def project(package_copy):
    """The package with both MkDocs files beside it, as in a checkout; returns the project folder."""
    root = package_copy.parent.parent
    for name in NAVS:
        shutil.copyfile(CHECKOUT.root / name, root / name)
    return root


def line_of(path: Path, text: str) -> int:
    """The line holding `text` (the top-level key 'nav:': the line that is it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if (line == text if text == "nav:" else text in line)]
    assert len(found) == 1, text
    return found[0]


def drop_area(root: Path, area: str) -> None:
    """The review's repro: an area removed with its figures and examples, and the number of areas in
    datapackage.json's description of policy_areas (validate holds it to the rows: descriptor_prose.py)."""
    descriptor = root / "datapackage" / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    assert text.count("The six policy areas") == 1
    descriptor.write_text(text.replace("The six policy areas", "The five policy areas"), encoding="utf-8")
    for table in ("policy_areas", "area_figures", "examples"):
        path = root / "datapackage" / "data" / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(row for row in rows if row["area_id"] != area)
    drop_from_standard(root, area)


def drop_from_standard(root: Path, area: str) -> None:
    """The submission standard's areas are policy_areas.csv's (validate: standard.area_problems): the area leaves its
    enum and descriptions too."""
    standard = root / "datapackage" / "submission" / "datapackage.json"
    text = standard.read_text(encoding="utf-8")
    assert text.count(f',\n                "{area}"') == 1
    text = text.replace(f',\n                "{area}"', "").replace(f", {area}.", ".")
    standard.write_text(text, encoding="utf-8")


def edit_navs(root: Path, old: str, new: str, names=NAVS) -> None:
    for name in names:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def unknown_area(name, line, area):
    return (f"{name}: linje {line}, felt nav: nav viser tilbudsområdets side 'omraader/{area}.md', men {AREAS} har "
            f"intet område '{area}': byggeriet skriver én side pr. område dér. Slet linjen, eller tilføj området. | "
            f"line {line}, field nav: nav lists the policy area page 'omraader/{area}.md', but {AREAS} has no area "
            f"'{area}': the build writes one page per area there. Delete the entry, or add the area.")


def unknown_page(name, line, page):
    return (f"{name}: linje {line}, felt nav: nav viser '{page}', som ikke er en side: docs/ har ingen sådan fil "
            f"(byggeriet skriver docs/'s sider og én side pr. område i {AREAS}). Slet linjen, eller ret stien. | line "
            f"{line}, field nav: nav lists '{page}', which is not a page: docs/ has no such file (the build writes "
            f"docs/'s pages and one page per area of {AREAS}). Delete the entry, or fix its path.")


def lacks(name, line, pages):
    return (f"{name}: linje {line}, felt nav: nav viser ikke {pages}, som byggeriet skriver (docs/'s sider og én side "
            f"pr. område i {AREAS}); MkDocs stopper ved en side, dens nav udelader. Tilføj dem i nav. | line {line}, "
            f"field nav: nav does not list {pages}, which the build writes (docs/'s pages and one page per area of "
            f"{AREAS}); MkDocs stops on a page its nav leaves out. Add them to nav.")


def danish_says_five(monkeypatch) -> None:
    """The Danish data dictionary's description of policy_areas says 'De fem tilbudsområder', as the pull request
    that drops an area writes it in da.yml (validate holds it to the rows too: dictionary_prose.py); here in the
    loaded language file."""
    resources = lang.get("da").data_dictionary["resources"]
    assert resources["policy_areas"].count("De seks tilbudsområder") == 1
    monkeypatch.setitem(resources, "policy_areas", resources["policy_areas"].replace("De seks", "De fem"))


def test_the_reviews_five_areas_stop_in_validate_not_in_the_site_stage(project):
    """The navs that still list the area, and da.yml's 'De seks tilbudsområder', are named before the site stage."""
    drop_area(project, "sundhed_aeldre")
    danish = (CHECKOUT.root / DA_YML).read_text(encoding="utf-8")
    line = danish.count("\n", 0, danish.index("\n    policy_areas:", danish.index("\ndata_dictionary:"))) + 2
    counted = "COUNTED i build_scripts/stages/validate/descriptor_prose.py"
    assert problems_for(project / "datapackage" / "datapackage.json") == [
        *(unknown_area(name, line_of(project / name, "omraader/sundhed_aeldre.md"), "sundhed_aeldre")
          for name in NAVS),
        f"{DA_YML}: linje {line}, felt data_dictionary.resources.policy_areas: Teksten skriver 'seks', men pakken "
        f"angiver antallet af 'tilbudsområder' som 5 (se {counted}). Ret teksten, så den kun skriver tal, som "
        f"pakken selv angiver. | line {line}, field data_dictionary.resources.policy_areas: The text writes 'seks', "
        f"but the package counts 'tilbudsområder' as 5 (see {counted.replace(' i ', ' in ')}). Fix the text so that "
        f"it writes only numbers the package itself states."]


def test_five_areas_with_navs_that_list_them_are_valid(project, monkeypatch):
    drop_area(project, "sundhed_aeldre")
    danish_says_five(monkeypatch)
    edit_navs(project, "      - omraader/sundhed_aeldre.md\n", "")
    assert problems_for(project / "datapackage" / "datapackage.json") == []


def test_a_renamed_area_is_named_in_both_ways(project):
    """An area the navs do not list, beside the one they list that is gone."""
    for path, old in [(project / "datapackage" / "data" / f"{table}.csv", "sundhed_aeldre,")
                      for table in ("policy_areas", "area_figures", "examples")] + [
                      (project / "datapackage" / "datapackage.json", '"sundhed_aeldre"'),  # the areas' enum
                      (project / "datapackage" / "submission" / "datapackage.json", "sundhed_aeldre")]:  # the standard's
        path.write_text(path.read_text(encoding="utf-8").replace(old, old.replace("sundhed_aeldre", "sundhed")),
                        encoding="utf-8")
    expected = []
    for name in NAVS:
        expected += [unknown_area(name, line_of(project / name, "omraader/sundhed_aeldre.md"), "sundhed_aeldre"),
                     lacks(name, line_of(project / name, "nav:"), "omraader/sundhed.md")]
    assert problems_for(project / "datapackage" / "datapackage.json") == expected


def test_a_page_in_one_nav_only_is_named_in_the_other(project, tmp_path):
    """The review's related repro: docs/ny.md in mkdocs.yml's nav but not in mkdocs.en.yml's."""
    docs = tmp_path / "docs"
    shutil.copytree(CHECKOUT.docs_dir, docs)
    (docs / "ny.md").write_text("# Ny\n", encoding="utf-8")
    edit_navs(project, "  - Om siden: om-siden.md\n", "  - Om siden: om-siden.md\n  - Ny: ny.md\n", names=("mkdocs.yml",))
    problems, _ = validate.collect_problems(project / "datapackage" / "datapackage.json", docs_dir=docs)
    assert [str(p) for p in problems] == [lacks("mkdocs.en.yml", line_of(project / "mkdocs.en.yml", "nav:"), "ny.md")]


def test_a_nav_entry_docs_does_not_have_is_named(project):
    edit_navs(project, "om-siden.md\n", "om-siden.md\n  - Ny: ny.md\n")
    assert problems_for(project / "datapackage" / "datapackage.json") == [
        unknown_page(name, line_of(project / name, "ny.md"), "ny.md") for name in NAVS]


def test_a_link_in_the_nav_is_not_a_page(project):
    edit_navs(project, "om-siden.md\n", "om-siden.md\n  - GitHub: https://github.com/\n")
    assert problems_for(project / "datapackage" / "datapackage.json") == []


def test_the_reconciliation_says_the_number_of_areas(project):
    """checks.yml's words said "seks"/"six" over any number of areas; they say the package's number, and the six of
    the project's own package as before (the released files are unchanged)."""
    six = derive.reconciliation(CHECKOUT).set_index("check_id")
    assert six.loc["areas_sum_vs_total", "label_da"] == "De seks områders udgifter lagt sammen mod de indberettede udgifter i alt"
    assert six.loc["areas_sum_vs_total", "label_en"] == "The six areas' expenditure added up against total reported expenditure"
    drop_area(project, "sundhed_aeldre")
    five = derive.reconciliation(Paths(project)).set_index("check_id")
    assert five.loc["areas_sum_vs_total", "label_da"] == "De fem områders udgifter lagt sammen mod de indberettede udgifter i alt"
    assert five.loc["areas_sum_vs_total", "label_en"] == "The five areas' expenditure added up against total reported expenditure"
    assert five.loc["areas_sum_vs_total", "how_computed_da"] == "Summen af udgifterne for de fem tilbudsområder."
    assert five.loc["area_shares_sum", "how_computed_en"] == "Sum of the five shares; should be 100 by definition."
    assert five.loc["employment_income_share", "explanation_en"].endswith(
        "The report does not state total reported income; here the sum of the five areas'.")
    assert not any("seks" in str(v) or "six" in str(v) for v in five.to_numpy().ravel())
