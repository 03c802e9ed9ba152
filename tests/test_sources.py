"""Every sourced row quotes its source verbatim, and the quote holds the figure.

Reads the repository's own copy of the source texts (datapackage/sources/), so it runs the same on a
maintainer's machine, on a fork and on GitHub Actions; nothing here reads ../shared.
`validate` runs the same checks on every build; this test states them row by row, independently.
"""

import csv

import pytest

from build_scripts import package, paths, validate


def sourced_rows():
    for res in package.descriptor()["resources"]:
        if res.get("type") != "table":
            continue
        if "source_quote" not in [f["name"] for f in res["schema"]["fields"]]:
            continue
        with (paths.DATAPACKAGE_DIR / res["path"]).open(encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                yield pytest.param(res["name"], row, id=f"{res['name']}:{line}")


@pytest.fixture(scope="module")
def sources():
    return {sid: validate.normalise_whitespace((paths.SOURCES_DIR / name).read_text(encoding="utf-8"))
            for sid, name in paths.SOURCE_TEXT_FILES.items()}


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
        "method_criteria", "questionnaire_fields", "questionnaire_codes", "timeline",
    }


def test_source_texts_are_in_the_repository_with_their_provenance():
    readme = (paths.SOURCES_DIR / "README.md").read_text(encoding="utf-8")
    for source_id, name in paths.SOURCE_TEXT_FILES.items():
        assert (paths.SOURCES_DIR / name).stat().st_size > 1000
        assert f"| `{source_id}` | `{name}` |" in readme
    assert "extracted from the published PDF" in readme and "Imported on 20" in readme
    assert set(paths.SOURCE_TEXT_FILES) == set(package.table("sources")["source_id"])


def test_import_reference_copies_the_texts_and_writes_the_date(tmp_path):
    import datetime

    from build_scripts import import_reference

    shared = tmp_path / "shared"
    shared.mkdir()
    for name in paths.SOURCE_TEXT_FILES.values():
        (shared / name).write_text(f"tekst {name}", encoding="utf-8")
    import_reference.import_sources(shared, tmp_path / "sources", datetime.date(2026, 11, 22))
    for name in paths.SOURCE_TEXT_FILES.values():
        assert (tmp_path / "sources" / name).read_text(encoding="utf-8") == f"tekst {name}"
    assert "Imported on 2026-11-22 by `python -m build_scripts import-reference`" in (
        tmp_path / "sources" / "README.md").read_text(encoding="utf-8")
