"""The submission standard's guide text cannot contradict the code (red team 7, findings 4 and 8).

- Finding 4: each description of an amount field states the unit aggregate multiplies by (contract.AMOUNT_UNIT,
  AMOUNT_FACTOR): "in whole kroner" in the guide had municipalities send kroner that were published as thousands.
- Finding 8: check-submission tells a value a `pattern` refuses in words (submission.PATTERN_WORDS), never the
  regular expression; every patterned field of the standard has words, written for its pattern.
"""

import json

import pandas as pd
import pytest
from test_gate import problems_for
from test_submission import THREE

from build_scripts.commands import aggregate, submission
from build_scripts.devtools import synthetic
from build_scripts.stages.validate import contract, files
from conftest import CHECKOUT

STANDARD = "datapackage/submission/datapackage.json"


def edit_field(package_json, field, key, old, new):
    path = package_json.parent / "submission" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    spec = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == field)
    assert old in spec[key]
    spec[key] = spec[key].replace(old, new)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


LIMIT = {"description_da": contract.AMOUNT_LIMIT_SENTENCE["description_da"],
         "description": contract.AMOUNT_LIMIT_SENTENCE["description"]}


def unit_refused(field, key, words):
    return (f"{STANDARD}: felt resources/0/schema/fields/{field}/{key}: Feltet {field} indberettes i hele 1.000 kr. "
            f"(aggregate ganger med 1.000), så {key} skal skrive '{words}' uden flere cifre efter og ingen anden enhed "
            f"eller periode (kroner, mio., pr. måned, om året …) uden for de ord og sætningen '{LIMIT[key]}'; ellers "
            "viser skabelonens vejledning en anden enhed end den, der regnes med. | field "
            f"resources/0/schema/fields/{field}/{key}: The field {field} is submitted in whole DKK 1,000 (aggregate "
            f"multiplies by 1,000), so {key} must say '{words}' with no more digits after it and no other unit or "
            f"period (kroner, million, per month, per year …) outside those words and the sentence '{LIMIT[key]}'; "
            "otherwise the template's guide shows a unit other than the one computed with.")


def test_the_amounts_are_the_fields_named_in_thousands_and_aggregate_multiplies_by_the_pinned_factor():
    fields = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in fields["resources"][0]["schema"]["fields"]]
    assert tuple(n for n in names if n.endswith("_kr")) == contract.AMOUNT_FIELDS == aggregate.AMOUNTS
    assert all(n.endswith(f"_{contract.AMOUNT_FACTOR}_kr") for n in contract.AMOUNT_FIELDS)


def test_the_review_repro_whole_kroner_is_refused_in_both_languages(package_copy):
    """The review's repro (q2): the template's guide said 'i hele kroner' while aggregate multiplied by 1,000."""
    field = "gross_expenditure_1000_kr"
    edit_field(package_copy, field, "description", "in whole DKK 1,000", "in whole kroner")
    edit_field(package_copy, field, "description_da", "i hele 1.000 kr.", "i hele kroner")
    assert problems_for(package_copy) == [unit_refused(field, "description_da", "i hele 1.000 kr."),
                                          unit_refused(field, "description", "in whole DKK 1,000")]


@pytest.mark.parametrize(("old", "new"), [
    ("i hele 1.000 kr.", "i kroner"),  # the unit gone
    ("i hele 1.000 kr.;", "i hele 1.000 kr. (skriv beløbet i hele kroner);"),  # a second, contradicting unit
])
def test_a_description_that_loses_or_contradicts_the_unit_is_refused(package_copy, old, new):
    edit_field(package_copy, "gross_income_1000_kr", "description_da", old, new)
    assert problems_for(package_copy) == [
        unit_refused("gross_income_1000_kr", "description_da", "i hele 1.000 kr.")]


@pytest.mark.parametrize(("key", "old", "new"), [
    ("description", "in whole DKK 1,000;", "in whole DKK 1,000,000;"),  # red team 8 (amt_en_million)
    ("description_da", "i hele 1.000 kr.;", "i hele 1.000 kr. pr. måned;"),  # red team 8 (amt_da_month)
    ("description_da", "kun serviceudgifter.", "kun serviceudgifter. Beløbet skrives i kroner."),  # amt_da_kroner_later
    ("description", "in the accounts year", "per year"),  # a period word elsewhere in the text
    ("description", "(DKK 1 billion)", "(DKK 1 million)"),  # the limit sentence, changed, no longer excuses its units
])
def test_the_red_team_8_variants_of_the_unit_are_refused(package_copy, key, old, new):
    """Red team 8, finding 3: each passed the check that read only the words right after 'i hele'/'in whole'."""
    words = contract.AMOUNT_UNIT[key]
    edit_field(package_copy, "gross_expenditure_1000_kr", key, old, new)
    assert problems_for(package_copy) == [unit_refused("gross_expenditure_1000_kr", key, " ".join(words))]


def test_the_real_descriptions_state_the_unit_as_the_code_does():
    fields = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    specs = {f["name"]: f for f in fields["resources"][0]["schema"]["fields"]}
    assert [files.amount_unit_wrong(specs[f][k], k) for f in contract.AMOUNT_FIELDS for k in contract.AMOUNT_UNIT] == [
        False] * 4


def test_every_patterned_field_of_the_standard_has_words_for_its_pattern():
    """A new `pattern` in the standard, or a changed one, fails here until its words are written (or rewritten)."""
    descriptor = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    patterns = {f["name"]: f["constraints"]["pattern"] for r in descriptor["resources"]
                for f in r.get("schema", {}).get("fields", []) if "pattern" in f.get("constraints", {})}
    assert patterns == {field: pattern for field, (pattern, _, _) in submission.PATTERN_WORDS.items()}


ID_WORDS = ("'{value}' er ikke skrevet, som feltet kræver. Skriv id'et med bogstaverne A-Z (ikke æ, ø eller å), tal, "
            "'.', '_' eller '-', uden mellemrum, højst 40 tegn, og begynd med et bogstav eller et tal. | line 2, field "
            "initiative_id: '{value}' is not written as the field requires. Write the id with the letters A-Z (not "
            "æ, ø or å), digits, '.', '_' or '-', without spaces, at most 40 characters, beginning with a letter or a "
            "digit.")


@pytest.mark.parametrize(("value", "shown"), [("A 1", "A 1"), ("Ø1", "Ø1"), ("A" * 5000, "A" * 60 + "…")])
def test_a_bad_initiative_id_is_told_in_words_not_a_regex(tmp_path, value, shown):
    """The review's repro (idsp.csv, bigid.csv): 'does not have the required form (^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$)'."""
    path = synthetic.write_csv(pd.DataFrame([dict(THREE[0], initiative_id=value)]), tmp_path / "s.csv")
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [
        f"{path}: linje 2, felt initiative_id: " + ID_WORDS.format(value=shown)]


def test_a_value_outside_the_allowed_ones_is_told_in_words_with_a_hint_for_letter_case(tmp_path):
    """Red team 8, finding 4: "tilladte: ['1', '2', '3']" (a Python list), and no word that 'Social' is 'social'."""
    path = synthetic.write_csv(pd.DataFrame([dict(THREE[0], area_id="Social", financing_source="4")]), tmp_path / "s.csv")
    areas = "beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid"
    assert [str(p) for p in submission.check_files(CHECKOUT, [path])] == [
        f"{path}: linje 2, felt area_id: Værdien 'Social' er ikke en af de tilladte: {areas} eller sundhed_aeldre. "
        "Skriv 'social' med små bogstaver. | line 2, field area_id: The value 'Social' is not one of the allowed "
        f"values: {areas} or sundhed_aeldre. Write 'social' in lower case.",
        f"{path}: linje 2, felt financing_source: Værdien '4' er ikke en af de tilladte: 1, 2 eller 3. | line 2, field "
        "financing_source: The value '4' is not one of the allowed values: 1, 2 or 3."]
