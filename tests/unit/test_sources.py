"""Every sourced row quotes its source verbatim, and the quote holds the figure.

Reads the repository's own copy of the source texts (datapackage/sources/), so it runs the same on a
maintainer's machine, on a fork and on GitHub Actions; nothing here reads ../shared.
`validate` runs the same checks on every build; this test states them row by row, independently.
"""

import csv
import json

import pytest

from build_scripts.core import package
from build_scripts.core.paths import SOURCE_TEXT_FILES
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, GOLDEN, assert_matches_golden


def sourced_rows():
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        if res.get("type") != "table":
            continue
        if "source_quote" not in [f["name"] for f in res["schema"]["fields"]]:
            continue
        with (CHECKOUT.datapackage_dir / res["path"]).open(encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                yield pytest.param(res["name"], row, id=f"{res['name']}:{line}")


@pytest.fixture(scope="module")
def sources():
    return {sid: validate.normalise_whitespace((CHECKOUT.sources_dir / name).read_text(encoding="utf-8"))
            for sid, name in SOURCE_TEXT_FILES.items()}


def figures_as_written(resource: str, row: dict) -> list[str]:
    """The figures a row states, as the source writes them."""
    if row.get("value_text"):
        qualifier = row.get("qualifier") or ""
        return [f"{qualifier} {row['value_text']}".strip()]
    if resource == "regions":
        return [f"{row['municipalities_responding']} ud af {row['municipalities']}", f"{row['population_coverage_pct']} pct."]
    if resource == "timeline":
        return [row["when_text"]]
    return []


@pytest.mark.parametrize("resource,row", list(sourced_rows()))
def test_quote_is_verbatim_and_holds_the_figure(sources, resource, row):
    quote = validate.normalise_whitespace(row["source_quote"])
    assert len(row["source_quote"]) <= 250
    assert quote in sources[row["source_document"]], f"quote not found verbatim in {row['source_document']}: {quote!r}"
    for figure in figures_as_written(resource, row):
        assert figure.lower() in quote.lower(), f"the quote does not contain {figure!r}"


def test_every_sourced_table_is_checked():
    names = {p.values[0] for p in sourced_rows()}
    assert names == {
        "key_figures", "area_figures", "policy_areas", "examples", "regions", "target_group",
        "method_criteria", "questionnaire_fields", "questionnaire_codes", "timeline", "statements",
    }


# The inventory of every quantitative statement of both sources (enumerated sentence by sentence) is a golden
# file, tests/golden/package/inventory.json: every table's keys and the rows per source document. A later edit
# that drops a row fails here; an intended change (a row added by the "add a row" recipe) is accepted with
# `make golden`, and the diff shows the reviewer exactly which rows came or went.
INVENTORIED = ["key_figures", "target_group", "statements", "area_figures", "regions", "timeline"]


def _keys(name: str) -> list[str]:
    res = package.resource(name, CHECKOUT.datapackage_json)
    table = package.table(name, CHECKOUT.datapackage_json).astype(str)
    return sorted(table[res["schema"]["primaryKey"]].agg("-".join, axis=1))


def _rows_per_document() -> dict[str, int]:
    """Rows per source document over every sourced table (figures, statements, areas, examples, method, …)."""
    counts: dict[str, int] = {}
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        if res.get("type") == "table" and "source_quote" in [f["name"] for f in res["schema"]["fields"]]:
            for doc, n in package.table(res["name"], CHECKOUT.datapackage_json)["source_document"].value_counts().items():
                counts[doc] = counts.get(doc, 0) + int(n)
    return dict(sorted(counts.items()))


def test_inventory_of_statements_and_rows_per_document():
    inventory = {"keys": {name: _keys(name) for name in INVENTORIED}, "rows_per_document": _rows_per_document()}
    assert_matches_golden(json.dumps(inventory, ensure_ascii=False, indent=1) + "\n",
                          GOLDEN / "package" / "inventory.json")


@pytest.mark.parametrize("words", [
    "oktober til december 2021", "betydelig usikkerhed", "vis usikkerhed", "halveret", "steg markant", "aftagende",
    "historisk lavt niveau", "april 2021", "1980'erne og 1990'erne", "oktober 2021", "halvdelen",
])
def test_statements_without_a_figure_are_rows_with_empty_value(words):
    rows = package.table("statements", CHECKOUT.datapackage_json)
    row = rows[rows["value_text"] == words]
    assert len(row) == 1, words
    assert row["value"].isna().all() and row["statement_da"].notna().all()


def test_reference_periods_are_never_invented():
    """A reference date the quote does not give is empty (or the source's own words, 'primo 2021')."""
    tg = package.figures(CHECKOUT.datapackage_json, "target_group")
    assert tg["three_cities_share"]["reference_period"] is None
    assert tg["danish_citizenship_share"]["reference_period"] is None
    assert {tg[f]["reference_period"] for f in ("programme_adults", "programme_refugees", "programme_full")} == {"primo 2021"}
    kf = package.figures(CHECKOUT.datapackage_json, "key_figures")
    assert kf["target_group_size"]["reference_period"] is None


def test_source_texts_are_in_the_repository_with_their_provenance():
    readme = (CHECKOUT.sources_dir / "README.md").read_text(encoding="utf-8")
    for source_id, name in SOURCE_TEXT_FILES.items():
        assert (CHECKOUT.sources_dir / name).stat().st_size > 1000
        assert f"| `{source_id}` | `{name}` |" in readme
    assert "extracted from the published PDF" in readme and "Imported on 20" in readme
    assert set(SOURCE_TEXT_FILES) == set(package.table("sources", CHECKOUT.datapackage_json)["source_id"])


def test_import_reference_copies_the_texts_and_writes_the_date(tmp_path):
    import datetime

    from build_scripts.commands import import_reference

    shared = tmp_path / "shared"
    shared.mkdir()
    for name in SOURCE_TEXT_FILES.values():
        (shared / name).write_text(f"tekst {name}", encoding="utf-8")
    import_reference.import_sources(CHECKOUT, shared, tmp_path / "sources", datetime.date(2026, 11, 22))
    for name in SOURCE_TEXT_FILES.values():
        assert (tmp_path / "sources" / name).read_text(encoding="utf-8") == f"tekst {name}"
    assert "Imported on 2026-11-22 by `python -m build_scripts import-reference`" in (
        tmp_path / "sources" / "README.md").read_text(encoding="utf-8")


def test_import_reference_copies_both_shape_folders_with_their_provenance(tmp_path):
    """DCAT-AP-DK and DCAT-AP: every file of each shared folder (its README too), and beside them SOURCES.md with the
    section of the shared SOURCES.md that describes the folder; the repository's copies are such copies."""
    from build_scripts.commands import import_reference

    shared = tmp_path / "reference"
    for folder in ("dcat-ap-dk", "dcat-ap"):
        (shared / folder).mkdir(parents=True)
        (shared / folder / "shapes.ttl").write_text(f"# {folder}\n", encoding="utf-8")
    (shared / "dcat-ap" / "README.md").write_text("# DCAT-AP 3.0.0\n", encoding="utf-8")
    (shared / "SOURCES.md").write_text("# Sources\n\n## DCAT-AP-DK 2.0.2 (`dcat-ap-dk/`)\nDanish.\n\n"
                                       "## DCAT-AP 3.0.0 (`dcat-ap/`)\nEuropean.\n", encoding="utf-8")
    import_reference.import_dcat_shapes(CHECKOUT, shared, tmp_path / "out")
    assert (tmp_path / "out" / "dcat-ap" / "README.md").read_text(encoding="utf-8") == "# DCAT-AP 3.0.0\n"
    for folder, section in (("dcat-ap-dk", "## DCAT-AP-DK 2.0.2 (`dcat-ap-dk/`)\nDanish.\n"),
                            ("dcat-ap", "## DCAT-AP 3.0.0 (`dcat-ap/`)\nEuropean.\n")):
        assert (tmp_path / "out" / folder / "shapes.ttl").read_text(encoding="utf-8") == f"# {folder}\n"
        provenance = (tmp_path / "out" / folder / "SOURCES.md").read_text(encoding="utf-8")
        assert provenance.endswith(section) and provenance.count("## ") == 1
    for folder in (CHECKOUT.dcat_shapes_dir, CHECKOUT.dcat_ap_shapes_dir):
        assert "Copied from `../shared/reference/" in (folder / "SOURCES.md").read_text(encoding="utf-8")
    assert {p.name for p in CHECKOUT.dcat_ap_shapes_dir.iterdir()} == {
        "README.md", "SOURCES.md", "dcat-ap_3.0.0_shapes.ttl", "dcat-ap_3.0.0_range.ttl",
        "dcat-ap_3.0.0_shapes_recommended.ttl"}


# --- the source texts are pinned in code (red team 4, note 1) ------------------------------------------------------

REPORT = "002_b3c63c548a7e9823.txt"
REPORT_SHA256 = "926742a89ed2606df220c42975027e4237a5d35d620d09564bb55dc42788dacc"


def test_every_source_text_is_pinned_and_matches():
    from build_scripts.core.paths import SOURCE_TEXT_SHA256

    assert set(SOURCE_TEXT_SHA256) == set(SOURCE_TEXT_FILES)
    assert validate._source_texts(CHECKOUT.datapackage_json)[1] == []


def test_a_source_text_changed_with_its_quotes_is_refused(package_copy):
    """A pull request that rewords a sentence in the source text and every quote of it: the quotes still occur in
    the text, but the text is not the one the code pins."""
    import hashlib

    old, new = "Kommunerne har indberettet udgifter for 44 mio. kr.", "Kommunerne har selv indberettet udgifter for 44 mio. kr."
    source = package_copy.parent / "sources" / REPORT
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    table = package_copy.parent / "data" / "area_figures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    actual = hashlib.sha256(source.read_bytes()).hexdigest()
    problems, _ = validate.collect_problems(package_copy)
    assert [str(p) for p in problems] == [
        f"datapackage/sources/{REPORT}: Kildeteksten til rapport-2022 er ændret: dens SHA-256 er {actual}, men koden "
        f"fastlåser {REPORT_SHA256} (SOURCE_TEXT_SHA256 i build_scripts/core/paths.py). Gendan filen (git checkout). "
        "Skal teksten ændres med vilje, skriver en vedligeholder den nye SHA-256 i koden (se CONTRIBUTING.md). | The "
        f"source text of rapport-2022 has changed: its SHA-256 is {actual}, but the code pins {REPORT_SHA256} "
        "(SOURCE_TEXT_SHA256 in build_scripts/core/paths.py). Restore the file (git checkout). If the text is to "
        "change on purpose, a maintainer puts its new SHA-256 in the code (see CONTRIBUTING.md)."]


def test_a_source_text_without_a_pin_is_refused_with_its_hash(package_copy, monkeypatch):
    from build_scripts.core.paths import SOURCE_TEXT_SHA256

    monkeypatch.setattr(validate, "SOURCE_TEXT_SHA256", {k: v for k, v in SOURCE_TEXT_SHA256.items()
                                                         if k != "rapport-2022"})
    assert [str(p) for p in validate._source_texts(package_copy)[1]] == [
        f"datapackage/sources/{REPORT}: Kildeteksten til rapport-2022 har ingen SHA-256 i koden (SOURCE_TEXT_SHA256 i "
        "build_scripts/core/paths.py), så en ændring af den ville ikke ses. En vedligeholder tilføjer "
        f"\"rapport-2022\": \"{REPORT_SHA256}\" dér (se CONTRIBUTING.md). | The source text of rapport-2022 has no "
        "SHA-256 in the code (SOURCE_TEXT_SHA256 in build_scripts/core/paths.py), so a change to it would go unseen. "
        f"A maintainer adds \"rapport-2022\": \"{REPORT_SHA256}\" there (see CONTRIBUTING.md)."]


def test_a_changed_text_that_is_not_utf8_is_said_once(package_copy):
    source = package_copy.parent / "sources" / REPORT
    source.write_bytes(source.read_bytes() + b"\xff")
    problems = validate._source_texts(package_copy)[1]
    assert [(p.file, p.code) for p in problems] == [(f"datapackage/sources/{REPORT}", "source_text_changed")]


def test_the_sources_folder_holds_only_the_texts_and_a_readme_held_to_the_changelogs_rules(package_copy):
    """Red team 39, finding 1: every file in datapackage/sources/ went into the release ZIP, unread, under any name
    (an HTML file, a name with U+202E), and the README was read by no rule (a javascript: link, U+202E, BEL)."""
    sources = package_copy.parent / "sources"
    (sources / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    (sources / "a\u202elmth.txt").write_text("x", encoding="utf-8")
    readme = sources / "README.md"
    line = readme.read_text(encoding="utf-8").count("\n") + 1
    with readme.open("a", encoding="utf-8") as out:
        out.write("Klik [her](javascript:alert(1)) og &#x202E;98 / 08.\n")
    problems = [str(p) for p in validate._source_folder_problems(package_copy)]
    assert problems[:2] == [
        f"datapackage/sources: Mappen rummer kun kildeteksterne (SOURCE_TEXT_FILES i build_scripts/core/paths.py) og "
        f"README.md, som udgives med datapakken; '{name}' er ingen af dem og ville blive udgivet ulæst. Fjern den, "
        "eller tilføj kilden, som CONTRIBUTING beskriver. | The folder holds only the source texts (SOURCE_TEXT_FILES "
        f"in build_scripts/core/paths.py) and README.md, which are published with the data package; '{name}' is "
        "neither and would be published unread. Remove it, or add the source as CONTRIBUTING says."
        for name in ("a\\u202elmth.txt", "evil.html")]
    assert [p.split(":")[:2] for p in problems[2:]] == [["datapackage/sources/README.md", f" linje {line}"]] * 2
    assert "U+202E" in problems[2] and "javascript" in problems[3]
    assert validate._source_folder_problems(CHECKOUT.datapackage_json) == []


def test_the_reference_folder_holds_the_pinned_shapes_and_nothing_else(package_copy):
    """Red team 49: datapackage/reference/ (the SHACL shapes CI checks dcat.ttl against) was read by no rule, so one
    pull request could relax a shape together with the metadata it checks. Each file is pinned by its SHA-256."""
    import hashlib

    from build_scripts.core.paths import REFERENCE_SHA256
    from build_scripts.stages.validate import files

    reference = package_copy.parent / "reference"
    shapes = reference / "dcat-ap" / "dcat-ap_3.0.0_shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8").replace("sh:minCount 1", "sh:minCount 0"), encoding="utf-8")
    (reference / "dcat-ap-dk" / "basic-example1.ttl").unlink()
    (reference / "dcat-ap" / "more\u202e.ttl").write_text("x", encoding="utf-8")
    actual = hashlib.sha256(shapes.read_bytes()).hexdigest()
    assert [str(p) for p in validate.collect_problems(package_copy, docs_dir=CHECKOUT.docs_dir)[0]] == [
        "datapackage/reference/dcat-ap-dk/basic-example1.ttl: Filen mangler: koden fastlåser den (REFERENCE_SHA256 i "
        "build_scripts/core/paths.py), og testene tjekker metadataene mod den. Gendan den (git checkout), eller kør "
        "'python -m build_scripts import-reference'. | The file is missing: the code pins it (REFERENCE_SHA256 in "
        "build_scripts/core/paths.py), and the tests check the metadata against it. Restore it (git checkout), or run "
        "'python -m build_scripts import-reference'.",
        f"datapackage/reference/dcat-ap/dcat-ap_3.0.0_shapes.ttl: Filen er ændret: dens SHA-256 er {actual}, men koden "
        "fastlåser en anden (REFERENCE_SHA256 i build_scripts/core/paths.py). Det er de officielle SHACL-former, som "
        "metadataene tjekkes mod. Gendan filen (git checkout). Skal den ændres med vilje (en ny version fra "
        "import-reference), skriver en vedligeholder dens nye SHA-256 i koden. | The file has changed: its SHA-256 is "
        f"{actual}, but the code pins another (REFERENCE_SHA256 in build_scripts/core/paths.py). These are the official "
        "SHACL shapes the metadata is checked against. Restore the file (git checkout). If it is to change on purpose "
        "(a new version from import-reference), a maintainer writes its new SHA-256 in the code.",
        "datapackage/reference: Mappen rummer kun de filer, koden fastlåser (REFERENCE_SHA256 i "
        "build_scripts/core/paths.py); 'dcat-ap/more\\u202e.ttl' er ikke blandt dem. Fjern den, eller lad en "
        "vedligeholder skrive dens SHA-256 i koden. | The folder holds only the files the code pins (REFERENCE_SHA256 "
        "in build_scripts/core/paths.py); 'dcat-ap/more\\u202e.ttl' is not among them. Remove it, or have a maintainer "
        "write its SHA-256 in the code."]
    assert set(REFERENCE_SHA256) == {p.relative_to(CHECKOUT.datapackage_dir / "reference").as_posix()
                                     for p in (CHECKOUT.datapackage_dir / "reference").rglob("*") if p.is_file()}
    assert files.reference_problems(CHECKOUT.datapackage_json) == []


def test_the_reference_folder_removed_from_a_checkout_is_named(package_copy):
    """Red team 50, finding 6: with datapackage/reference/ gone, validate passed and the SHACL tests ended in a
    traceback. In a checkout (mkdocs.yml beside datapackage/) each pinned file is named missing; an unpacked
    download, which has no such folder, has nothing to say."""
    import shutil

    from build_scripts.core.paths import REFERENCE_SHA256
    from build_scripts.stages.validate import files

    shutil.rmtree(package_copy.parent / "reference")
    assert files.reference_problems(package_copy) == []
    (package_copy.parent.parent / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert [(p.file, p.code) for p in files.reference_problems(package_copy)] == [
        (f"datapackage/reference/{name}", "reference_file_missing") for name in REFERENCE_SHA256]
