"""The site's words say what the sources say, no more: the findings of the data-fidelity audit (issue 22), each
held by a test where a test can hold it. The reconciliation's reading of "ca." is tested in test_reconciliation.py."""

import re

import pytest
from bs4 import BeautifulSoup

from build_scripts.core import package
from build_scripts.stages.downloads import metadata
from conftest import CHECKOUT


def page_text(site, page: str) -> str:
    doc = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return " ".join(doc.select_one("article").get_text(" ").split())


def test_the_note_under_figure_1_is_kept_to_figure_1():
    """The report's 'Anm.' under figur 1 says what that figure covers; it is no claim about the report's figures
    for new arrivals in general, and its location is the one the source gives."""
    row = next(r for r in package.records("statements", CHECKOUT.datapackage_json) if r["statement_id"] == "programme_group_five_years")
    assert row["source_location"] == "Afsnit 2, Figur 1, Anm."
    assert row["statement_da"].startswith("Figur 1 omfatter") and row["statement_en"].startswith("Figure 1 covers")
    assert row["source_quote"].startswith("Figuren omfatter")
    for r in package.records("statements", CHECKOUT.datapackage_json):
        assert "tal for nyankomne" not in r["statement_da"] and "figures for new arrivals" not in r["statement_en"]


def test_questionnaire_definitions_quote_the_sentence_that_says_it():
    """A definition that names the accounts year quotes the sentence with that year ('i regnskabet for 2019')."""
    for row in package.records("questionnaire_fields", CHECKOUT.datapackage_json):
        for phrase in re.findall(r"i regnskabet for \d{4}", row["definition_da"]):
            assert phrase in row["source_quote"], row["field_no"]
        for year in re.findall(r"\b(?:19|20)\d\d\b", row["definition_da"]):
            assert year in row["source_quote"], (row["field_no"], year)


def test_kora_estimate_keeps_its_scope():
    row = package.figures(CHECKOUT.datapackage_json, "target_group")["kora_2010_estimate"]
    assert "excl. tolke og modtageindsatsen" in row["source_quote"]
    assert "ekskl. tolke og modtageindsatsen" in row["label_da"] and "excluding interpreters" in row["label_en"]


def test_the_ministers_answer_is_cited_by_its_parliamentary_identity():
    answer = next(s for s in package.records("sources", CHECKOUT.datapackage_json) if s["document_type"] == "parliamentary_answer")
    for words in ("Indenrigsudvalget", "spørgsmål nr. 1 (alm. del)", "folketingsåret 2022-23", "10. februar 2023"):
        assert words in answer["citation"], words
    assert "session 2022-23" in answer["description_en"] and "10 February 2023" in answer["description_en"]
    bib = metadata.bibtex(package.descriptor(CHECKOUT.datapackage_json), package.records("sources", CHECKOUT.datapackage_json), "2026-12-07")
    entry = bib.split("@misc{integrationsindsatser-svar-2023,")[1]
    assert "date   = {2023-02-10}" in entry and "Indenrigsudvalget, folketingsåret 2022-23" in " ".join(entry.split())
    assert not answer["url"]  # no address of the answer could be verified, so none is given


@pytest.mark.parametrize("page, present, absent", [
    # The mapping began in September 2021 (the terms of reference); October to December 2021 is when the
    # municipalities were invited. The answer's hedges stay hedges.
    ("index.html", ["primo september 2021", "oktober til december 2021", "kan være præget af", "ikke entydigt"],
     ["kortlagde disse indsatser i perioden"]),
    ("en/index.html", ["may therefore reflect", "cannot be clearly separated", "October to December 2021"], []),
    ("metode/index.html", ["Aftale om kommunernes økonomi for 2022", "ekskl. tolke og modtageindsatsen"], []),
    ("en/metode/index.html", ["Aftale om kommunernes økonomi for 2022", "excluding interpreters"], []),
    # No source says that another mapping is planned: the standard is ready for one, if it comes.
    ("indberetning/index.html", ["Ingen af kilderne nævner en ny kortlægning"], ["næste kortlægning"]),
    ("en/indberetning/index.html", ["Neither source mentions a new mapping"], ["next mapping"]),
])
def test_pages_say_what_the_sources_say(built_site, page, present, absent):
    text = page_text(built_site, page)
    for words in present:
        assert words in text, (page, words)
    for words in absent:
        assert words not in text, (page, words)
