"""The submission standard's guide text cannot contradict the code (red team 7, findings 4 and 8).

- Finding 4: each description of an amount field states the unit aggregate multiplies by (contract.AMOUNT_UNIT,
  AMOUNT_FACTOR): "in whole kroner" in the guide had municipalities send kroner that were published as thousands.
"""

import json

import pytest
from test_gate import problems_for

from build_scripts.commands import aggregate
from build_scripts.stages.validate import contract
from conftest import CHECKOUT

STANDARD = "datapackage/submission/datapackage.json"


def edit_field(package_json, field, key, old, new):
    path = package_json.parent / "submission" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    spec = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == field)
    assert old in spec[key]
    spec[key] = spec[key].replace(old, new)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def unit_refused(field, key, words, lead):
    return (f"{STANDARD}: felt resources/0/schema/fields/{field}/{key}: Feltet {field} indberettes i hele 1.000 kr. "
            f"(aggregate ganger med 1.000), så {key} skal skrive '{words}' og ingen anden enhed efter '{lead}'; ellers "
            "viser skabelonens vejledning en anden enhed end den, der regnes med. | field "
            f"resources/0/schema/fields/{field}/{key}: The field {field} is submitted in whole DKK 1,000 (aggregate "
            f"multiplies by 1,000), so {key} must say '{words}' and no other unit after '{lead}'; otherwise the "
            "template's guide shows a unit other than the one computed with.")


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
    assert problems_for(package_copy) == [unit_refused(field, "description_da", "i hele 1.000 kr.", "i hele"),
                                          unit_refused(field, "description", "in whole DKK 1,000", "in whole")]


@pytest.mark.parametrize(("old", "new"), [
    ("i hele 1.000 kr.", "i kroner"),  # the unit gone
    ("i hele 1.000 kr.;", "i hele 1.000 kr. (skriv beløbet i hele kroner);"),  # a second, contradicting unit
])
def test_a_description_that_loses_or_contradicts_the_unit_is_refused(package_copy, old, new):
    edit_field(package_copy, "gross_income_1000_kr", "description_da", old, new)
    assert problems_for(package_copy) == [
        unit_refused("gross_income_1000_kr", "description_da", "i hele 1.000 kr.", "i hele")]
