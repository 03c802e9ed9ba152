"""The submission standard cannot relax what check-submission and aggregate rely on (red team 27, finding 2): a pull
request that removed an amount's maximum or a field's `required`, changed a type or added an area passed validate,
then aggregate stopped with a traceback or published totals that had wrapped to a negative national total.

- validate pins each field aggregate reads (files.SUBMISSION_PINS: its type, required, the amounts' minimum 0 and a
  maximum no larger than the project's), the municipality foreignKeys (SUBMISSION_FOREIGN_KEYS), and area_id's enum
  to policy_areas.csv's area ids (standard.area_problems); each refusal is one line naming the field.
- validate pins the standard's resources the key names (files.SUBMISSION_RESOURCES, red team 29 finding 2): a renamed
  resource made the key point at the submission itself (municipality 999 passed) or at nothing (every file refused).
- aggregate sums each amount column exactly before it sums in int64, and refuses a total int64 cannot hold.
"""

import json

import pandas as pd
import pytest
from test_gate import problems_for
from test_submission import THREE, csv_of

from build_scripts.commands import aggregate
from build_scripts.stages.validate import files
from conftest import CHECKOUT

STANDARD = "datapackage/submission/datapackage.json"
PINS = "(SUBMISSION_PINS i build_scripts/stages/validate/files.py)"
PINS_EN = "(SUBMISSION_PINS in build_scripts/stages/validate/files.py)"


def edit_standard(package_json, edit):
    path = package_json.parent / "submission" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor["resources"][0]["schema"],
         {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]})
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def test_the_pins_are_the_projects_own_standard():
    """The constants were built from the standard as it is; the real standard passes them unchanged."""
    descriptor = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    schema = descriptor["resources"][0]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    for name, pins in files.SUBMISSION_PINS.items():
        assert {p: fields[name]["type"] if p == "type" else fields[name]["constraints"][p] for p in pins} == pins
    assert schema["foreignKeys"] == files.SUBMISSION_FOREIGN_KEYS
    assert schema["primaryKey"] == files.SUBMISSION_PRIMARY_KEY
    assert set(files.SUBMISSION_PINS) >= {"initiative_id", "municipality_code", "area_id", *aggregate.AMOUNTS, *aggregate.DIMENSIONS}


def test_the_review_repro_maximum_removed_is_refused(package_copy):
    edit_standard(package_copy, lambda s, f: f["gross_expenditure_1000_kr"]["constraints"].pop("maximum"))
    where = "resources/0/schema/fields/gross_expenditure_1000_kr/constraints/maximum"
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "maximum" mangler, men check-submission og aggregate bygger på 1000000 {PINS}. '
        f'Skriv "maximum": 1000000. | field {where}: "maximum" is missing, but check-submission and aggregate rely '
        f'on 1000000 {PINS_EN}. Write "maximum": 1000000.']


@pytest.mark.parametrize("maximum", [10**15, 1_000_001, -1, 1e6, "1000000", True])
def test_a_maximum_raised_or_not_a_whole_number_is_refused(package_copy, maximum):
    edit_standard(package_copy, lambda s, f: f["gross_income_1000_kr"]["constraints"].update(maximum=maximum))
    where = "resources/0/schema/fields/gross_income_1000_kr/constraints/maximum"
    shown = json.dumps(maximum)
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "maximum": {shown} skal være et helt tal mellem 0 og 1000000: check-submission '
        f"afviser et større beløb som en tastefejl, og aggregate regner med grænsen {PINS}. Skriv højst 1000000. | "
        f'field {where}: "maximum": {shown} must be a whole number from 0 to 1000000: check-submission refuses a '
        f"larger amount as a typing error, and aggregate counts on the limit {PINS_EN}. Write at most 1000000."]


def test_a_lower_maximum_is_allowed(package_copy):
    edit_standard(package_copy, lambda s, f: f["gross_income_1000_kr"]["constraints"].update(maximum=500_000))
    assert problems_for(package_copy) == []


def test_the_review_repro_required_removed_is_refused(package_copy):
    edit_standard(package_copy, lambda s, f: f["municipality_code"]["constraints"].pop("required"))
    where = "resources/0/schema/fields/municipality_code/constraints/required"
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "required" mangler, men check-submission og aggregate bygger på true {PINS}. '
        f'Skriv "required": true. | field {where}: "required" is missing, but check-submission and aggregate rely '
        f'on true {PINS_EN}. Write "required": true.']


@pytest.mark.parametrize(("field", "prop", "value", "want"), [
    ("municipality_code", "type", "number", '"integer"'),  # the review's repro: '101.0' then stopped aggregate
    ("gross_expenditure_1000_kr", "type", "number", '"integer"'),
    ("financing_source", "required", False, "true"),
    ("gross_expenditure_1000_kr", "minimum", -5, "0"),
])
def test_a_type_or_constraint_changed_is_refused(package_copy, field, prop, value, want):
    def edit(schema, fields):
        (fields[field] if prop == "type" else fields[field]["constraints"])[prop] = value

    edit_standard(package_copy, edit)
    where = f"resources/0/schema/fields/{field}/{prop}" if prop == "type" else \
        f"resources/0/schema/fields/{field}/constraints/{prop}"
    shown = json.dumps(value)
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "{prop}": {shown} løsner det, check-submission og aggregate bygger på; koden '
        f"fastlåser {want} {PINS}. Skriv {want}. | field {where}: \"{prop}\": {shown} relaxes what check-submission "
        f"and aggregate rely on; the code pins {want} {PINS_EN}. Write {want}."]


@pytest.mark.parametrize("prop,pinned,constant", [
    ("foreignKeys", files.SUBMISSION_FOREIGN_KEYS, "SUBMISSION_FOREIGN_KEYS"),
    # red team 41, finding 2: without the key, a row pasted twice was counted twice
    ("primaryKey", files.SUBMISSION_PRIMARY_KEY, "SUBMISSION_PRIMARY_KEY"),
])
def test_the_review_repro_keys_removed_are_refused(package_copy, prop, pinned, constant):
    edit_standard(package_copy, lambda s, f: s.pop(prop))
    where, want = f"resources/0/schema/{prop}", json.dumps(pinned)
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "{prop}" mangler, men check-submission og aggregate bygger på {want} '
        f'({constant} i build_scripts/stages/validate/files.py). Skriv "{prop}": {want}. | field {where}: '
        f'"{prop}" is missing, but check-submission and aggregate rely on {want} ({constant} in '
        f'build_scripts/stages/validate/files.py). Write "{prop}": {want}.']


# --- the resources the key names (red team 29, finding 2) ------------------------------------------------------------


RESOURCES = "(SUBMISSION_RESOURCES i build_scripts/stages/validate/files.py)"
RESOURCES_EN = "(SUBMISSION_RESOURCES in build_scripts/stages/validate/files.py)"


def edit_resources(package_json, edit):
    path = package_json.parent / "submission" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor["resources"])
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def renamed(i, prop, value, want):
    where = f"resources/{i}/{prop}"
    return (f'{STANDARD}: felt {where}: "{prop}": "{value}" løsner det, check-submission og aggregate bygger på; koden '
            f'fastlåser "{want}" {RESOURCES}. Skriv "{want}". | field {where}: "{prop}": "{value}" relaxes what '
            f'check-submission and aggregate rely on; the code pins "{want}" {RESOURCES_EN}. Write "{want}".')


def test_the_resource_pins_are_the_projects_own_standard():
    descriptor = json.loads((CHECKOUT.datapackage_dir / "submission" / "datapackage.json").read_text(encoding="utf-8"))
    assert [{k: r[k] for k in ("name", "path")} for r in descriptor["resources"]] == files.SUBMISSION_RESOURCES


def test_the_review_repro_the_key_made_a_self_reference_is_refused(package_copy):
    """(a): the submission renamed 'municipalities', so the key pointed at itself and municipality 999 passed."""
    def edit(resources):
        resources[0]["name"], resources[1]["name"] = "municipalities", "kommuner"

    edit_resources(package_copy, edit)
    assert problems_for(package_copy) == [renamed(0, "name", "municipalities", "submission"),
                                          renamed(1, "name", "kommuner", "municipalities")]


def test_the_review_repro_the_key_naming_nothing_is_refused(package_copy):
    """(b): the municipalities renamed, so check-submission refused every file with frictionless's English."""
    edit_resources(package_copy, lambda resources: resources[1].update(name="kommuner"))
    assert problems_for(package_copy) == [renamed(1, "name", "kommuner", "municipalities")]


def test_the_municipalities_moved_is_refused(package_copy):
    folder = package_copy.parent / "submission"
    (folder / "kommuner.csv").write_bytes((folder / "municipalities.csv").read_bytes())
    edit_resources(package_copy, lambda resources: resources[1].update(path="kommuner.csv"))
    assert problems_for(package_copy) == [renamed(1, "path", "kommuner.csv", "municipalities.csv")]


def test_a_third_resource_is_refused_in_one_line(package_copy):
    edit_resources(package_copy, lambda resources: resources.append({**resources[1], "name": "extra"}))
    want = json.dumps(files.SUBMISSION_RESOURCES)
    shown = '["submission", "municipalities", "extra"]'
    where = "resources"
    assert problems_for(package_copy) == [
        f'{STANDARD}: felt {where}: "resources": {shown} løsner det, check-submission og aggregate bygger på; koden '
        f"fastlåser {want} {RESOURCES}. Skriv {want}. | field {where}: \"resources\": {shown} relaxes what "
        f"check-submission and aggregate rely on; the code pins {want} {RESOURCES_EN}. Write {want}."]


AREAS = "beskaeftigelse, dagtilbud_folkeskole, integration_generelt, social, kultur_fritid, sundhed_aeldre"


def area_refused(diff):
    where, table = "resources/0/schema/fields/area_id/constraints/enum", "datapackage/data/policy_areas.csv"
    return (f"{STANDARD}: felt {where}: area_id's værdier (enum) skal være netop områderne i {table}, hvert én gang "
            f"({AREAS}), men listen afviger i {diff}; aggregate offentliggør hvert område, en indberetning nævner. Ret "
            f"listen, eller ret {table} og standarden sammen. | field {where}: area_id's values (enum) must be exactly "
            f"the areas of {table}, each once ({AREAS}), but the list differs in {diff}; aggregate publishes every "
            f"area a submission names. Fix the list, or change {table} and the standard together.")


@pytest.mark.parametrize(("edit", "diff"), [
    (lambda enum: enum.append("Social"), "'Social'"),  # the review's repro: an area beside 'social'
    (lambda enum: enum.remove("sundhed_aeldre"), "'sundhed_aeldre'"),
    (lambda enum: enum.append("social"), "'social'"),  # listed twice
])
def test_an_area_the_package_does_not_have_is_refused(package_copy, edit, diff):
    edit_standard(package_copy, lambda s, f: edit(f["area_id"]["constraints"]["enum"]))
    assert problems_for(package_copy) == [area_refused(diff)]


def test_the_areas_in_another_order_pass(package_copy):
    edit_standard(package_copy, lambda s, f: f["area_id"]["constraints"]["enum"].reverse())
    assert problems_for(package_copy) == []


# --- aggregate -----------------------------------------------------------------------------------------------------


def test_a_total_int64_cannot_hold_is_refused_not_wrapped():
    """The review's repro: 12 amounts of 10^15 (DKK 1,000) summed in int64 wrapped to DKK -6,446,744,073,709,551,616."""
    values = pd.Series([10**15] * 12, dtype="int64")
    assert int((values * 1000).sum()) < 0  # what aggregate summed before
    with pytest.raises(aggregate.AggregationError) as err:
        aggregate.check_total("gross_expenditure_1000_kr", values)
    total = 12 * 10**18
    assert str(err.value) == too_large("gross_expenditure_1000_kr", total)


def too_large(column, total):
    return (f"{column}: summen er {total} kr., mere end de 9223372036854775807 kr., aggregate kan lægge sammen uden at "
            f"tallet løber over; intet er lagt sammen. / {column}: the total is DKK {total}, more than the DKK "
            "9223372036854775807 aggregate can add up without the number overflowing; nothing was aggregated.")


def test_the_review_repro_through_aggregate_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    """The review's big15.csv under a standard whose maximum was 10^15 (validate now refuses that standard; aggregate
    itself no longer relies on it)."""
    monkeypatch.setattr(aggregate, "amount_maximum", lambda paths, name: 10**15)
    rows = [{**THREE[0], "initiative_id": f"K{i}", "gross_expenditure_1000_kr": 10**15, "gross_income_1000_kr": 0}
            for i in range(1, 13)]
    out = tmp_path / "out"
    with pytest.raises(aggregate.AggregationError) as err:
        aggregate.aggregate(CHECKOUT, [csv_of(rows, tmp_path / "big15.csv")], out, "2021-01-01")
    assert str(err.value) == too_large("gross_expenditure_1000_kr", 12 * 10**18)
    assert not out.exists()


def test_a_total_int64_can_hold_passes():
    aggregate.check_total("gross_income_1000_kr", pd.Series([(2**63 - 1) // 1000]))  # the largest it can hold
    aggregate.check_total("gross_income_1000_kr", pd.Series([], dtype="int64"))
