"""Every sourced row quotes its source verbatim, and the quote holds the figure."""

import csv
import os
import re

import pytest

from build_scripts import package, paths

SOURCE_FILES = {
    "rapport-2022": "002_b3c63c548a7e9823.txt",
    "svar-2023": "000_a48a0bc8c627c407.txt",
}


def normalise(text: str) -> str:
    """Ignore markdown emphasis and differences in whitespace."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


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
    if not paths.SHARED_SOURCES_DIR.exists():
        # On GitHub (a fork, or this repository's own Actions) there is no ../shared: skip and say why.
        # Anywhere else under CI=true (the project's own CI, which has ../shared beside the clone) it must run.
        if os.environ.get("CI") == "true" and os.environ.get("GITHUB_ACTIONS") != "true":
            pytest.fail(f"the source texts are missing at {paths.SHARED_SOURCES_DIR}; under CI=true this test must run")
        pytest.skip(f"the source texts are not here ({paths.SHARED_SOURCES_DIR}); a clone on GitHub has no ../shared")
    return {sid: normalise((paths.SHARED_SOURCES_DIR / name).read_text(encoding="utf-8")) for sid, name in SOURCE_FILES.items()}


def figures_as_written(resource: str, row: dict) -> list[str]:
    """The figures a row states, as the source writes them."""
    if "value_text" in row:
        qualifier = row.get("qualifier") or ""
        return [f"{qualifier} {row['value_text']}".strip()]
    if resource == "regions":
        return [f"{row['municipalities_responding']} ud af {row['municipalities']}", f"{row['population_coverage_pct']} pct."]
    if resource == "timeline":
        return [row["when_text"]]
    return []


@pytest.mark.parametrize("resource,row", list(sourced_rows()))
def test_quote_is_verbatim_and_holds_the_figure(sources, resource, row):
    quote = normalise(row["source_quote"])
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
