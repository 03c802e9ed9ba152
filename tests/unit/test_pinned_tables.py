"""Tables the code gives a fixed meaning are held to it (red team 6, findings 2-4), each refusal one exact line naming
file, line and field:
- units.csv, qualifiers.csv and measures.csv: the labels and descriptions of every unit, qualifier and measure the
  code computes with (core/text.py UNIT_LABELS, QUALIFIER_LABELS, MEASURE_LABELS and their *_DESCRIPTIONS; 'DKK
  billion' for mio_kr was published beside a reconciliation in millions, and after red team 7 finding 3 'Billions of
  Danish kroner' and 'Net expenditure' for the gross figures);
- questionnaire_codes.csv: the submission standard's enums both ways, each label in its quote, distinct labels;
- datapackage/submission/municipalities.csv: the reference, line by line; and aggregate refuses a municipality
  without population rather than writing NaN and floats.
"""

import csv

import pandas as pd
import pytest
from test_gate import problems_for, set_cell
from test_submission import THREE
from test_units import set_row

from build_scripts.commands import aggregate
from build_scripts.core.text import (
    MEASURE_DESCRIPTIONS,
    MEASURE_LABELS,
    QUALIFIER_DESCRIPTIONS,
    QUALIFIER_LABELS,
    QUALIFIERS,
    UNIT_DESCRIPTIONS,
    UNIT_FORMS,
    UNIT_LABELS,
    UNIT_WORDS,
)
from build_scripts.devtools import synthetic
from build_scripts.stages.derive.stage import AREA_UNITS
from build_scripts.stages.validate.contract import TABLES
from conftest import CHECKOUT

STANDARD = "datapackage/submission/datapackage.json"
COPY_RULE = ("Indberetningsstandardens kommuner skal være en nøjagtig kopi af referencen: kør import-reference, eller "
             "{da}. | line {line}, field {field}: {en_head} The submission standard's municipalities must be an exact "
             "copy of the reference: run import-reference, or {en}.")


def pinned(file, line, field, unit, expected, label, constant="UNIT_LABELS"):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Koden kalder {unit} '{expected}' ({constant} i "
            f"build_scripts/core/text.py) og regner med den betydning, ikke '{label}'. Skriv '{expected}'; en anden "
            f"betydning skal have sit eget id. | line {line}, field {field}: The code calls {unit} '{expected}' "
            f"({constant} in build_scripts/core/text.py) and computes with that meaning, not '{label}'. Write "
            f"'{expected}'; another meaning needs an id of its own.")


def test_the_code_pins_every_unit_and_qualifier_it_gives_a_meaning_to():
    assert set(UNIT_LABELS) == set(UNIT_WORDS) | set(UNIT_FORMS)
    assert set(QUALIFIER_LABELS) == set(QUALIFIERS)
    with (CHECKOUT.datapackage_dir / "data" / "units.csv").open(encoding="utf-8") as fh:
        assert {r["unit_id"]: (r["label_da"], r["label_en"]) for r in csv.DictReader(fh)} == UNIT_LABELS
    with (CHECKOUT.datapackage_dir / "data" / "qualifiers.csv").open(encoding="utf-8") as fh:
        assert {r["qualifier"]: r["label_en"] for r in csv.DictReader(fh)} == QUALIFIER_LABELS


def rows_of(table, key):
    with (CHECKOUT.datapackage_dir / "data" / f"{table}.csv").open(encoding="utf-8") as fh:
        return {r[key]: r for r in csv.DictReader(fh)}


def test_the_code_pins_every_description_and_every_measure_it_computes_with():
    """Red team 7, finding 3: the descriptions and the measures' texts were free; the real data passes unchanged."""
    assert set(UNIT_DESCRIPTIONS) == set(UNIT_LABELS) and set(QUALIFIER_DESCRIPTIONS) == set(QUALIFIERS)
    measures = set(AREA_UNITS) - {"net_expenditure"}  # derived as expenditure - income, not a row of measures.csv
    assert set(MEASURE_LABELS) == set(MEASURE_DESCRIPTIONS) == measures == set(TABLES["measures"].enums["measure_id"])
    assert {k: r["description_en"] for k, r in rows_of("units", "unit_id").items()} == UNIT_DESCRIPTIONS
    assert {k: r["description_en"] for k, r in rows_of("qualifiers", "qualifier").items()} == QUALIFIER_DESCRIPTIONS
    rows = rows_of("measures", "measure_id")
    assert {k: (r["label_da"], r["label_en"]) for k, r in rows.items()} == MEASURE_LABELS
    assert {k: r["description_en"] for k, r in rows.items()} == MEASURE_DESCRIPTIONS


# --- finding 2 ---------------------------------------------------------------------------------------------------


def test_mio_kr_called_dkk_billion_is_refused(package_copy):
    """The review's repro: one word in units.csv made every English amount a thousand times larger."""
    set_cell(package_copy, "units", "unit_id", "mio_kr", "label_en", "DKK billion")
    assert problems_for(package_copy) == [pinned("units.csv", 2, "label_en", "mio_kr", "DKK million", "DKK billion")]


def test_mio_kr_called_mia_kr_in_danish_is_refused(package_copy):
    set_cell(package_copy, "units", "unit_id", "mio_kr", "label_da", "mia. kr.")
    assert problems_for(package_copy) == [pinned("units.csv", 2, "label_da", "mio_kr", "mio. kr.", "mia. kr.")]


def test_under_called_over_is_refused(package_copy):
    set_cell(package_copy, "qualifiers", "qualifier", "under", "label_en", "over")
    assert problems_for(package_copy) == [
        pinned("qualifiers.csv", 5, "label_en", "under", "under", "over", "QUALIFIER_LABELS")]


def test_mio_kr_described_as_billions_is_refused(package_copy):
    """Red team 7, finding 3: 'Billions of Danish kroner' was published beside 'DKK million'."""
    set_cell(package_copy, "units", "unit_id", "mio_kr", "description_en", "Billions of Danish kroner")
    assert problems_for(package_copy) == [pinned("units.csv", 2, "description_en", "mio_kr", "Millions of Danish kroner",
                                                 "Billions of Danish kroner", "UNIT_DESCRIPTIONS")]


def test_gross_expenditure_called_net_is_refused(package_copy):
    """Red team 7, finding 3: 'Net expenditure' on every English area page, over figures derive treats as gross."""
    set_cell(package_copy, "measures", "measure_id", "expenditure", "label_en", "Net expenditure")
    set_cell(package_copy, "measures", "measure_id", "income", "label_da", "Nettoindtægter")
    assert problems_for(package_copy) == [
        pinned("measures.csv", 2, "label_en", "expenditure", "Gross expenditure", "Net expenditure", "MEASURE_LABELS"),
        pinned("measures.csv", 4, "label_da", "income", "Bruttoindtægter", "Nettoindtægter", "MEASURE_LABELS")]


def test_a_measures_and_a_qualifiers_description_are_held_too(package_copy):
    set_cell(package_copy, "measures", "measure_id", "expenditure", "description_en", "Net expenditure")
    set_cell(package_copy, "qualifiers", "qualifier", "under", "description_en", "The true figure is above")
    assert problems_for(package_copy) == [
        pinned("qualifiers.csv", 5, "description_en", "under", "The true figure is below the one given (under)",
               "The true figure is above", "QUALIFIER_DESCRIPTIONS"),
        pinned("measures.csv", 2, "description_en", "expenditure", MEASURE_DESCRIPTIONS["expenditure"],
               "Net expenditure", "MEASURE_DESCRIPTIONS")]


# --- finding 3 ---------------------------------------------------------------------------------------------------


def test_a_code_the_standard_does_not_have_and_the_one_it_lost_are_refused(package_copy):
    """The review's repro (a): '7,5,Flere målgrupper' as code 6; the template's guide said 6, its validation 1-5."""
    set_row(package_copy, "questionnaire_codes", {"field_no": "7", "code": "5"}, code="6")
    assert problems_for(package_copy) == [
        "datapackage/data/questionnaire_codes.csv: linje 14, felt code: Felt 7 (secondary_target_group) har ikke koden "
        f"'6' i indberetningsstandarden ({STANDARD}), som tillader 1, 2, 3, 4, 5. Ret koden, eller ret standarden og "
        "spørgeskemaet sammen. | line 14, field code: Field 7 (secondary_target_group) has no code '6' in the "
        f"submission standard ({STANDARD}), which allows 1, 2, 3, 4, 5. Fix the code, or change the standard and the "
        "questionnaire together.",
        "datapackage/data/questionnaire_codes.csv: felt code: Koden '5' i felt 7 (secondary_target_group), som "
        f"indberetningsstandarden ({STANDARD}) tillader, har ingen række. Tilføj rækken med sin etiket og sit citat. | "
        "field code: The code '5' of field 7 (secondary_target_group), which the submission standard "
        f"({STANDARD}) allows, has no row. Add the row with its label and quote."]


def test_a_label_not_in_its_quote_and_a_repeated_label_are_refused(package_copy):
    """The review's repro (b): state grants published as private grants."""
    set_row(package_copy, "questionnaire_codes", {"field_no": "4", "code": "1"},
            label_da="Tilskud fra private (fx fondsmidler)", label_en="Grant from private sources (e.g. foundations)")
    assert problems_for(package_copy) == [
        "datapackage/data/questionnaire_codes.csv: linje 2, felt label_da: Etiketten 'Tilskud fra private (fx "
        "fondsmidler)' står ikke i citatets tekst for koden ('tilskud fra staten (fx puljemidler)'): 'private', "
        "'fondsmidler' mangler der. Skriv etiketten med kildens ord. | line 2, field label_da: The label 'Tilskud fra "
        "private (fx fondsmidler)' is not in the quote's text for the code ('tilskud fra staten (fx puljemidler)'): "
        "'private', 'fondsmidler' missing there. Write the label in the source's words.",
        "datapackage/data/questionnaire_codes.csv: linje 3, felt label_da: Koden '2' har samme etiket som koden '1' på "
        "linje 2 i felt 4: 'Tilskud fra private (fx fondsmidler)'. To koder med én etiket kan ikke skelnes på siden, i "
        "skabelonen eller i optællingen. Skriv etiketten med kildens ord. | line 3, field label_da: The code '2' has "
        "the label of the code '1' on line 2 of field 4: 'Tilskud fra private (fx fondsmidler)'. Two codes with one "
        "label cannot be told apart on the site, in the template or in the counts. Write the label in the source's "
        "words.",
        "datapackage/data/questionnaire_codes.csv: linje 3, felt label_en: Koden '2' har samme etiket som koden '1' på "
        "linje 2 i felt 4: 'Grant from private sources (e.g. foundations)'. To koder med én etiket kan ikke skelnes på "
        "siden, i skabelonen eller i optællingen. Skriv etiketten med kildens ord. | line 3, field label_en: The code "
        "'2' has the label of the code '1' on line 2 of field 4: 'Grant from private sources (e.g. foundations)'. Two "
        "codes with one label cannot be told apart on the site, in the template or in the counts. Write the label in "
        "the source's words."]


def test_labels_swapped_within_one_quote_are_refused(package_copy):
    """Field 7's five codes share one quote: each label is read in the quote's text for its own code ('1) mænd')."""
    set_row(package_copy, "questionnaire_codes", {"field_no": "7", "code": "1"}, label_da="Kvinder")
    set_row(package_copy, "questionnaire_codes", {"field_no": "7", "code": "2"}, label_da="Mænd")
    assert [p.split(": ", 2)[1] for p in problems_for(package_copy)] == ["linje 10, felt label_da",
                                                                         "linje 11, felt label_da"]


# --- finding 4 ---------------------------------------------------------------------------------------------------


def edit_copy(package_json, old, new):
    path = package_json.parent / "submission" / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_differs(line, field, value, expected):
    return (f"datapackage/submission/municipalities.csv: linje {line}, felt {field}: '{value}' er ikke referencens "
            f"'{expected}' (datapackage/data/ref_municipalities.csv, linje {line}). "
            + COPY_RULE.format(da="ret kopien", line=line, field=field, en="fix the copy", en_head=(
                f"'{value}' is not the reference's '{expected}' (datapackage/data/ref_municipalities.csv, line "
                f"{line}).")))


@pytest.mark.parametrize(("old", "new", "field", "value", "expected"), [
    ("147,0147,Frederiksberg,1084", "147,0147,Gentofte,1084", "name", "Gentofte", "Frederiksberg"),
    ("147,0147,Frederiksberg,1084", "147,0147,Frederiksberg,1085", "region_code", "1085", "1084"),
])
def test_the_standards_municipalities_differing_from_the_reference_are_refused(package_copy, old, new, field, value,
                                                                               expected):
    """The review's repro (b): a second 'Gentofte' in the template, or a region aggregate does not use."""
    edit_copy(package_copy, old, new)
    assert problems_for(package_copy) == [copy_differs(3, field, value, expected)]


def test_a_municipality_added_to_the_standard_is_refused(package_copy):
    """The review's repro (a): Atlantis (999) passed check-submission and came out of aggregate as empty cells."""
    path = package_copy.parent / "submission" / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8") + "999,0999,Atlantis,1084\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert problems_for(package_copy) == [
        f"datapackage/submission/municipalities.csv: linje {line}: Referencen (datapackage/data/ref_municipalities.csv) "
        f"har ingen linje {line}. " + COPY_RULE.format(da="slet rækken", line=line, field="", en="delete the row",
                                                       en_head="").replace(
            f"| line {line}, field : ", f"| line {line}: The reference (datapackage/data/ref_municipalities.csv) has "
                                       f"no line {line}.")]


def test_aggregate_refuses_a_municipality_without_population(tmp_path):
    """aggregate() read 999's population as NaN: empty cells, floats in integer columns and a wrong coverage."""
    rows = [dict(THREE[0]), {**THREE[2], "municipality_code": 999}]
    path = synthetic.write_csv(pd.DataFrame(rows), tmp_path / "atl.csv")
    with pytest.raises(aggregate.AggregationError) as err:
        aggregate.aggregate(CHECKOUT, [path], tmp_path / "out", "2021-01-01")
    assert str(err.value) == (
        f"{path}: linje 3: kommune 999 har intet folketal den 2021-01-01 (ref_population_municipalities); intet er lagt "
        f"sammen. Ret kommunekoden, eller tilføj folketallet. / {path}: line 3: municipality 999 has no population on "
        "2021-01-01 (ref_population_municipalities); nothing was aggregated. Fix the municipality code, or add the "
        "population.")
    assert not (tmp_path / "out").exists()


def test_by_municipality_keeps_its_integer_columns_integers(tmp_path):
    path = synthetic.write_csv(pd.DataFrame(THREE), tmp_path / "ok.csv")
    aggregate.aggregate(CHECKOUT, [path], tmp_path / "out", "2021-01-01")
    with (tmp_path / "out" / "by_municipality.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for column in ("municipality_code", "region_code", "initiatives", "population", "gross_expenditure_dkk"):
            assert row[column].isdigit(), (column, row[column])
    assert {"__file", "__line"}.isdisjoint(rows[0])
