"""A figure's unit is checked (red team 5, finding 5): the quote gives the unit beside the figure, as the sources write
it (stages/validate/units.py, with the words in code: core/text.py UNIT_WORDS), the areas' figures are in the unit
of their column, and the reconciliation neither adds nor compares figures in different units (reconcile.py
unit_misfit), in `validate` and in the derive stage alone. Each refusal is one exact line naming file, line, field.
"""

import csv
from pathlib import Path

import pytest
from test_gate import problems_for, set_cell

from build_scripts.core.paths import Paths
from build_scripts.core.text import COUNT_UNITS, UNIT_FORMS, UNIT_WORDS
from build_scripts.stages.derive import reconcile
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.validate import stage as validate
from build_scripts.stages.validate import units
from conftest import CHECKOUT


def set_row(package_json, table, keys: dict, **cells):
    """Change cells of the one row of `table` whose columns have the values `keys`."""
    path = package_json.parent / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    matching = [row for row in rows if all(row[k] == v for k, v in keys.items())]
    assert len(matching) == 1, keys
    matching[0].update(cells)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def other_unit(file, line, written, found, unit):
    return (f"datapackage/data/{file}: linje {line}, felt unit: Citatet skriver '{written}', altså i {found}, men unit "
            f"er {unit}. Skriv {found} i unit, eller ret tallet og citatet. | line {line}, field unit: The quote writes "
            f"'{written}', that is in {found}, but unit is {unit}. Write {found} in unit, or fix the figure and the "
            "quote.")


# --- the review's repro and its class --------------------------------------------------------------------------------


def test_the_reviews_100_mio_kr_as_mia_kr_is_refused(package_copy):
    """'udgifter til indsatser for 100 mio. kr.' was published as 100 mia. kr. (and reconciled as consistent)."""
    set_row(package_copy, "area_figures", {"area_id": "beskaeftigelse", "measure": "expenditure"}, unit="mia_kr")
    assert problems_for(package_copy) == [other_unit("area_figures.csv", 2, "100 mio. kr.", "mio_kr", "mia_kr")]


def test_an_amount_in_kroner_is_not_mio_kr(package_copy):
    """The review's class: an area's expenditure of '0 kroner' (a quote about municipalities) kept as mio_kr."""
    set_row(package_copy, "area_figures", {"area_id": "sundhed_aeldre", "measure": "expenditure"}, value="0",
            value_text="0", source_quote="hvoraf 10 kommuner har indberettet 0 kroner i udgifter")
    assert problems_for(package_copy) == [other_unit("area_figures.csv", 21, "0 kroner", "kr", "mio_kr")]


def test_the_longest_words_after_the_figure_are_its_unit(package_copy):
    """'54 kr. pr. indbygger' is kr_per_inhabitant: 'kr.' alone does not make it kr."""
    set_cell(package_copy, "key_figures", "figure_id", "expenditure_per_inhabitant", "unit", "kr")
    assert other_unit("key_figures.csv", 8, "54 kr. pr. indbygger", "kr_per_inhabitant", "kr") in problems_for(
        package_copy)


def test_a_count_names_what_it_counts(package_copy):
    """'Ud af de 98 kommuner har 80 responderet.': 80 is a count of municipalities, not of persons."""
    set_cell(package_copy, "key_figures", "figure_id", "municipalities_responding", "unit", "personer")
    words = ", ".join(f"'{w}'" for w in UNIT_WORDS["personer"])
    assert (f"datapackage/data/key_figures.csv: linje 3, felt unit: Citatet giver ikke enheden personer efter eller i "
            f"samme sætning som '80' (kilderne skriver den {words}). Ret unit, eller citér den sætning, der giver "
            f"tallet med sin enhed. | line 3, field unit: The quote does not give the unit personer after or in the "
            f"same sentence as '80' (the sources write it {words}). Fix unit, or quote the sentence that gives the "
            "figure with its unit.") in problems_for(package_copy)


def test_a_unit_that_follows_the_figure_is_not_found_elsewhere(package_copy):
    """'Knap 1/3 af …' as pct: the quote has no 'pct.' after the figure."""
    set_cell(package_copy, "target_group", "figure_id", "three_cities_share", "unit", "pct")
    assert problems_for(package_copy) == [
        "datapackage/data/target_group.csv: linje 22, felt unit: Citatet giver ikke enheden pct lige efter '1/3' "
        "(kilderne skriver den 'pct.', 'procent', '%'). Ret unit, eller citér den sætning, der giver tallet med sin "
        "enhed. | line 22, field unit: The quote does not give the unit pct right after '1/3' (the sources write it "
        "'pct.', 'procent', '%'). Fix unit, or quote the sentence that gives the figure with its unit."]


def test_a_year_is_four_digits(package_copy):
    set_cell(package_copy, "target_group", "figure_id", "three_cities_share", "unit", "year")
    assert problems_for(package_copy) == [
        "datapackage/data/target_group.csv: linje 22, felt unit: unit er year, men '1/3' er ikke et årstal med fire "
        "cifre. Ret unit eller value_text. | line 22, field unit: unit is year, but '1/3' is not a year in four digits. "
        "Fix unit or value_text."]


def test_a_unit_without_words_in_the_code_is_refused(package_copy):
    """units.csv is data a pull request can extend: a new unit has no words the quote could be checked for."""
    with (package_copy.parent / "data" / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write("liter,liter,litres,Litres\n")
    set_cell(package_copy, "statements", "statement_id", "questionnaire_questions", "unit", "liter")
    known = ", ".join(sorted({*UNIT_WORDS, *UNIT_FORMS}))
    assert problems_for(package_copy) == [
        f"datapackage/data/statements.csv: linje 8, felt unit: Enheden 'liter' har ingen ord i koden (UNIT_WORDS i "
        f"build_scripts/core/text.py), så citatet kan ikke kontrolleres for den. Brug en af {known}, eller lad en "
        "vedligeholder skrive enhedens ord dér. | line 8, field unit: The unit 'liter' has no words in the code "
        "(UNIT_WORDS in build_scripts/core/text.py), so the quote cannot be checked for it. Use one of "
        f"{known}, or have a maintainer write the unit's words there."]


def test_every_unit_of_units_csv_has_words_or_a_form_in_the_code():
    with (CHECKOUT.datapackage_dir / "data" / "units.csv").open(encoding="utf-8", newline="") as fh:
        ids = {row["unit_id"] for row in csv.DictReader(fh)}
    assert ids == set(UNIT_WORDS) | set(UNIT_FORMS)
    assert COUNT_UNITS <= set(UNIT_WORDS) and set(units.FORM_WORDS) == set(UNIT_FORMS)


@pytest.mark.parametrize("quote,figure,unit", [
    ("for 100 mio. kr., hvilket", "100", "mio_kr"),
    ("på godt 31 mia. kr. i", "godt 31", "mia_kr"),
    ("er ca. 742.000 kroner", "ca. 742.000", "kr"),
    ("svarende til 54 kr. pr. indbygger.", "54", "kr_per_inhabitant"),
    ("svarer til 14,1 pct. af", "14,1", "pct"),
    ("svarer til 32 % af", "32", "pct"),
    ("når de er fyldt 65 år.", "65", "aar"),
    ("Ud af de 98 kommuner har 80 responderet.", "80", "kommuner"),  # the count's noun elsewhere in the sentence
    ("indrapporteret 706 ikke-lovpligtige integrationsindsatser.", "706", "indsatser"),  # the end of a compound
    ("Hovedparten (10.300) af de 17.600 var flygtninge", "10.300", "personer"),
    ("I 2012 gennemførte", "2012", "year"),
    ("Knap 1/3 af alle", "Knap 1/3", "andel"),
])
def test_the_sources_ways_of_giving_a_unit_are_accepted(quote, figure, unit):
    places = [m.span() for m in validate._figure_at(quote, figure)]
    assert places and units.finding(quote, places, figure.split()[-1], unit) is None


@pytest.mark.parametrize("quote,figure,unit", [
    ("svarer til 5 pct.-point", "5", "pct"),  # percentage points are not per cent
    ("for 100 mio. kr. Der er 80 kommuner.", "100", "kommuner"),  # the figure's own unit, not the next sentence's
    ("Der er 80 kommuner. Kommunerne har 706", "706", "kommuner"),  # another sentence's noun
    ("i alt 706 indsatser", "706", "kommuner"),
    ("på 2019 kr.", "2019", "year"),
])
def test_another_unit_or_none_is_refused(quote, figure, unit):
    places = [m.span() for m in validate._figure_at(quote, figure)]
    assert places and units.finding(quote, places, figure, unit) is not None


# --- the areas' figures side by side ---------------------------------------------------------------------------------


def test_an_areas_figure_is_in_its_columns_unit(package_copy):
    """A quote that does say kroner: the areas table would still publish it in expenditure_mio_kr."""
    set_row(package_copy, "area_figures", {"area_id": "sundhed_aeldre", "measure": "expenditure"}, value="0",
            value_text="0", unit="kr", source_quote="hvoraf 10 kommuner har indberettet 0 kroner i udgifter")
    assert problems_for(package_copy) == [
        "datapackage/data/area_figures.csv: linje 21, felt unit: Tilbudsområdernes expenditure er i mio_kr: byggeriet "
        "stiller dem side om side i kolonnen expenditure_mio_kr (build/derived/areas.csv). unit er kr. Skriv mio_kr i "
        "unit, eller ret tallet og citatet. | line 21, field unit: The policy areas' expenditure is in mio_kr: the build "
        "puts them side by side in the column expenditure_mio_kr (build/derived/areas.csv). unit is kr. Write mio_kr "
        "in unit, or fix the figure and the quote."]


# --- the reconciliation ----------------------------------------------------------------------------------------------

NINE_PCT = "Den 1. januar 2021 var der knap 523.000 ikke-vestlige indvandrere og efterkommere i Danmark. Det er 9 pct. af befolkningen."
MISFIT = ("datapackage/data/target_group.csv: linje 13, felt unit: Enheden er pct, men afstemningens kontrol boks3_age "
          "(build_scripts/stages/derive/checks.yml) regner med dette tal i personer; den lægger ikke tal i forskellige "
          "enheder sammen og sammenligner dem ikke. Ret unit, eller tallet og citatet. | line 13, field unit: The unit "
          "is pct, but the reconciliation's check boks3_age (build_scripts/stages/derive/checks.yml) computes with this "
          "figure in personer; it does not add or compare figures in different units. Fix unit, or the figure and the "
          "quote.")


def nine_pct_under_18(package_copy):
    """A figure whose quote gives its unit, in another unit than the check that adds it: 9 pct. as an age group."""
    set_row(package_copy, "target_group", {"figure_id": "under_18"}, value="9", value_text="9", unit="pct",
            source_quote=NINE_PCT, label_da="Ikke-vestlige indvandrere og efterkommere",
            label_en="Non-Western immigrants and descendants")  # the labels say no number the new quote lacks


def test_validate_refuses_a_figure_the_reconciliation_would_add_in_another_unit(package_copy):
    nine_pct_under_18(package_copy)
    assert problems_for(package_copy) == [MISFIT]


def test_the_derive_stage_alone_refuses_to_add_units_that_differ(package_copy):
    """The engine's own rule, for a derive run without validate: it stops in one line, and adds nothing."""
    nine_pct_under_18(package_copy)
    with pytest.raises(reconcile.UnitMisfit) as stopped:
        derive.reconciliation(Paths(Path(package_copy).parent.parent))
    assert str(stopped.value) == MISFIT


@pytest.mark.parametrize("formula,unit,published,inputs,misfit", [
    ("sum", "mio_kr", "mio_kr", ["mio_kr", "mia_kr", "mio_kr"], (1, "mio_kr")),
    ("sum", "mio_kr", "mia_kr", ["mio_kr", "mio_kr"], (-1, "mio_kr")),  # compared with another unit
    ("sum", "kommuner", "kommuner", [None, None], None),  # the regions' columns have no unit
    ("same", "published", "pct", ["pct"], None),
    ("same", "published", "pct", ["mio_kr"], (0, "pct")),
    ("share", "pct", "pct", ["mio_kr", "mio_kr"], None),
    ("share", "pct", "pct", ["mio_kr", "kr"], (1, "mio_kr")),  # a share divides like by like
    ("share", "pct", "pct", ["personer", None], None),  # a population has no unit
    ("scaled_by_coverage", "mio_kr", "mio_kr", ["mio_kr", "pct"], None),
    ("scaled_by_coverage", "mio_kr", "mio_kr", ["mio_kr", "personer"], (1, "pct")),
    ("sum_scaled_by_coverage", "mio_kr", "mio_kr", ["pct", "mio_kr", "mia_kr"], (2, "mio_kr")),
    ("kr_per_unit", "kr", "kr", ["mio_kr", "indsatser"], None),
    ("kr_per_unit", "kr", "kr", ["kr", "indsatser"], (0, "mio_kr")),
    ("first_share_of_sum", "pct", "pct", ["mio_kr", "mio_kr", "mia_kr"], (2, "mio_kr")),
    ("weighted_by_region_population", "pct", "pct", [None, None], None),
])
def test_each_formula_computes_in_its_units(formula, unit, published, inputs, misfit):
    assert reconcile.unit_misfit({"formula": formula, "unit": unit}, published, inputs) == misfit


def test_every_formula_has_its_units():
    assert set(reconcile.FORMULA_UNITS) == set(reconcile.FORMULAS)
