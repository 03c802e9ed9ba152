"""The submission standard's guide text cannot contradict the code (red team 7, findings 4 and 8).

- Finding 4: each description of an amount field states the unit aggregate multiplies by (contract.UNIT_PHRASE,
  AMOUNT_FACTOR): "in whole kroner" in the guide had municipalities send kroner that were published as thousands.
  Red team 8, finding 3: so does each questionnaire definition of an amount (questionnaire_fields.csv, on /metode/),
  and the share (target_group_share, field 10) is pinned to a whole per cent in both texts.
- Finding 8: check-submission tells a value a `pattern` refuses in words (submission.PATTERN_WORDS), never the
  regular expression; every patterned field of the standard has words, written for its pattern.
"""

import csv
import json

import pandas as pd
import pytest
from test_gate import problems_for
from test_submission import THREE

from build_scripts.commands import aggregate, submission
from build_scripts.devtools import synthetic
from build_scripts.stages.validate import contract, files, standard
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
    edit_field(package_copy, "gross_expenditure_1000_kr", key, old, new)
    assert problems_for(package_copy) == [unit_refused("gross_expenditure_1000_kr", key, AMOUNT_WORDS[key])]


AMOUNT_WORDS = {"description_da": "i hele 1.000 kr.", "description": "in whole DKK 1,000"}


def standard_fields():
    fields = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    return {f["name"]: f for f in fields["resources"][0]["schema"]["fields"]}


def questionnaire_tables(edit=None):
    """questionnaire_fields.csv's rows as validate holds them ({name: (header, [(line, row)])}), one cell edited."""
    path = CHECKOUT.datapackage_dir / "data" / "questionnaire_fields.csv"
    rows = [(n, row) for n, row in enumerate(csv.DictReader(path.open(encoding="utf-8", newline="")), start=2)]
    if edit:
        field_no, column, old, new = edit
        row = next(row for _, row in rows if row["field_no"] == field_no)
        assert old in row[column]
        row[column] = row[column].replace(old, new)
    return {"questionnaire_fields": (None, rows)}, {"questionnaire_fields": "datapackage/data/questionnaire_fields.csv"}


def test_the_real_descriptions_and_definitions_state_the_units_as_the_code_does():
    assert files.standard_unit_problems(standard_fields(), STANDARD) == []
    assert standard.definition_unit_problems(*questionnaire_tables()) == []


def test_each_text_is_held_to_the_one_unit_the_code_has_for_its_field():
    """One copy of the fact: the words each text must say are made of contract.UNIT, the kind of each field."""
    said = {(place, field, lang): contract.unit_words(place, field, lang)[1] for place in ("standard", "questionnaire")
            for field in ("gross_income_1000_kr", "target_group_share") for lang in ("da", "en")}
    assert said == {
        ("standard", "gross_income_1000_kr", "da"): "i hele 1.000 kr.",
        ("standard", "gross_income_1000_kr", "en"): "in whole DKK 1,000",
        ("standard", "target_group_share", "da"): "en hel procent 0-100",
        ("standard", "target_group_share", "en"): "a whole per cent 0-100",
        ("questionnaire", "gross_income_1000_kr", "da"): "i hele 1.000 kr.",
        ("questionnaire", "gross_income_1000_kr", "en"): "in whole DKK 1,000",
        ("questionnaire", "target_group_share", "da"): "andel i procent",
        ("questionnaire", "target_group_share", "en"): "share in per cent"}


SHARE_WORDS = {"description_da": "en hel procent 0-100", "description": "a whole per cent 0-100"}


def share_refused(key):
    return (f"{STANDARD}: felt resources/0/schema/fields/target_group_share/{key}: Feltet target_group_share "
            "indberettes som en hel procent 0-100 (check-submission afviser alt andet), så "
            f"{key} skal skrive '{SHARE_WORDS[key]}' uden flere cifre efter og ingen anden enhed eller periode "
            "(promille, en brøk, kr., pr. måned …) uden for de ord; ellers beder skabelonens vejledning om et andet tal "
            "end det, der tjekkes. | field resources/0/schema/fields/target_group_share/"
            f"{key}: The field target_group_share is submitted as a whole per cent 0-100 (check-submission refuses "
            f"anything else), so {key} must say '{SHARE_WORDS[key]}' with no more digits after it and no other unit or "
            "period (per mille, a fraction, DKK, per month …) outside those words; otherwise the template's guide asks "
            "for a number other than the one checked.")


def test_the_review_repro_a_share_in_per_mille_is_refused(package_copy):
    """Red team 8, finding 3 (share_fraction): 'a whole per cent 0-100' -> 'a per mille 0-100' passed validate."""
    edit_field(package_copy, "target_group_share", "description", "a whole per cent 0-100", "a per mille 0-100")
    assert problems_for(package_copy) == [share_refused("description")]


@pytest.mark.parametrize(("key", "new"), [
    ("description", "a whole per mille 0-100"),
    ("description", "a whole per cent 0-100 (a fraction, e.g. 0.25)"),
    ("description", "a whole per cent 0-1000"),
    ("description", "a whole per cent 0-100 per month"),
    ("description_da", "en hel promille 0-100"),
    ("description_da", "en hel procent 0-100 pr. måned"),
    ("description_da", "en hel procent 0-100 (en brøk)"),
    ("description_da", "en hel procent 0-100,5"),
    ("description_da", "en hel procent 0-100 (12 ‰)"),
])
def test_a_share_description_in_another_unit_is_refused(key, new):
    fields = standard_fields()
    assert SHARE_WORDS[key] in fields["target_group_share"][key]
    fields["target_group_share"][key] = fields["target_group_share"][key].replace(SHARE_WORDS[key], new)
    assert [str(p) for p in files.standard_unit_problems(fields, STANDARD)] == [share_refused(key)]


QUESTIONNAIRE = "datapackage/data/questionnaire_fields.csv"


def definition_refused(line, field_no, field, column, words):
    if field == "target_group_share":
        return (f"{QUESTIONNAIRE}: linje {line}, felt {column}: Felt {field_no} ({field}) indberettes som en hel "
                f"procent 0-100, så definitionen skal skrive '{words}' uden flere cifre efter og ingen anden enhed "
                "eller periode (promille, en brøk, kr., pr. måned …) uden for de ord; ellers viser metodesiden en "
                f"anden enhed end den, der tjekkes. | line {line}, field {column}: Field {field_no} ({field}) is "
                f"submitted as a whole per cent 0-100, so the definition must say '{words}' with no more digits after "
                "it and no other unit or period (per mille, a fraction, DKK, per month …) outside those words; "
                "otherwise the method page shows a unit other than the one checked.")
    return (f"{QUESTIONNAIRE}: linje {line}, felt {column}: Felt {field_no} ({field}) indberettes i hele 1.000 kr. "
            f"(aggregate ganger med 1.000), så definitionen skal skrive '{words}' uden flere cifre efter og ingen "
            "anden enhed eller periode (kroner, mio., pr. måned, om året …) uden for de ord; ellers viser metodesiden "
            f"en anden enhed end den, der regnes med. | line {line}, field {column}: Field {field_no} ({field}) is "
            f"submitted in whole DKK 1,000 (aggregate multiplies by 1,000), so the definition must say '{words}' with "
            "no more digits after it and no other unit or period (kroner, million, per month, per year …) outside "
            "those words; otherwise the method page shows a unit other than the one computed with.")


def test_the_review_repro_a_monthly_amount_in_the_questionnaire_is_refused(package_copy):
    """Red team 8, finding 3 (qf_monthly): field 2's definition_en '… per month' passed and was published on
    /en/metode/."""
    path = package_copy.parent / "data" / "questionnaire_fields.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("in whole DKK 1,000; service") == 1
    path.write_text(text.replace("in whole DKK 1,000; service", "in whole DKK 1,000 per month; service"),
                    encoding="utf-8")
    assert problems_for(package_copy) == [
        definition_refused(3, 2, "gross_expenditure_1000_kr", "definition_en", "in whole DKK 1,000")]


@pytest.mark.parametrize(("field_no", "column", "old", "new"), [
    ("2", "definition_da", "i hele 1.000 kr.;", "i hele 1.000 kr. pr. måned;"),
    ("2", "definition_da", "i hele 1.000 kr.;", "i hele kroner;"),
    ("3", "definition_da", "servicerammen.", "servicerammen. Beløbet skrives i kroner."),
    ("3", "definition_en", "in whole DKK 1,000;", "in whole DKK 1,000,000;"),
    ("3", "definition_en", "in whole DKK 1,000;", "in DKK;"),
    ("10", "definition_en", "share in per cent", "share in per mille"),
    ("10", "definition_en", "share in per cent", "share as a fraction"),
    ("10", "definition_da", "andel i procent", "andel i promille"),
    ("10", "definition_da", "andel i procent", "andel i procent pr. måned"),
])
def test_a_questionnaire_definition_in_another_unit_is_refused(field_no, column, old, new):
    field = {"2": "gross_expenditure_1000_kr", "3": "gross_income_1000_kr", "10": "target_group_share"}[field_no]
    words = {"definition_da": {"10": "andel i procent"}.get(field_no, "i hele 1.000 kr."),
             "definition_en": {"10": "share in per cent"}.get(field_no, "in whole DKK 1,000")}[column]
    problems = standard.definition_unit_problems(*questionnaire_tables((field_no, column, old, new)))
    assert [str(p) for p in problems] == [definition_refused(int(field_no) + 1, field_no, field, column, words)]


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
