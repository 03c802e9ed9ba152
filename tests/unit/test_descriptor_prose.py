"""The numbers in datapackage.json's own prose (red team 9, finding 4; stages/validate/descriptor_prose.py).

The package's description, its resources' descriptions and titles and its fields' descriptions were read only for
their characters: a wrong accounts year or price level ('regnskab 2018, 2021-pl'), '79 af 98 kommuner', 'seven
policy areas', '99 municipalities' and 'twelve fields' validated clean and were published on the site, in DCAT, the
SQLite file and the ZIP. Each refusal is one exact line naming the file, the JSON location and the number.
"""

import json
from pathlib import Path

import pytest
from test_gate import edit_descriptor, problems_for, resource

from build_scripts.stages.validate import descriptor_prose, floor
from conftest import CHECKOUT

NAME = "datapackage/datapackage.json"
STATEMENTS = "datapackage/data/statements.csv"
MUNICIPALITY_COUNTS = "5, 9, 10, 11, 13, 16, 17, 18, 19, 22, 24, 29, 30, 33, 80, 98"
EN_FIX = "Fix the text so that it writes only numbers the package itself states."
DA_FIX = "Ret teksten, så den kun skriver tal, som pakken selv angiver."



def at(name: str) -> str:
    """Where the resource `name` stands in the descriptor, as the messages name it: its index follows the package (a
    recipe of CONTRIBUTING adds a table before it), so no test pins it."""
    names = [res["name"] for res in json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))["resources"]]
    return f"resources[{names.index(name)}]"

def refused(where, number, why_da, why_en):
    return (f"{NAME}: felt {where}: Teksten skriver '{number}', men {why_da}. {DA_FIX} | field {where}: The text "
            f"writes '{number}', but {why_en}. {EN_FIX}")


def accounts(where, number):
    return refused(where, number, f"regnskabsåret er 2019 ({STATEMENTS}, accounts_year)",
                   f"the accounts year is 2019 ({STATEMENTS}, accounts_year)")


def price_level(where, number):
    source = f"{STATEMENTS}, price_level_year / price_level"
    return refused(where, number, f"pris- og lønniveauet er 2022 ({source})", f"the price level is 2022 ({source})")


def count(where, number, noun, allowed):
    see = "build_scripts/stages/validate/descriptor_prose.py"
    return refused(where, number, f"pakken angiver antallet af '{noun}' som {allowed} (se COUNTED i {see})",
                   f"the package counts '{noun}' as {allowed} (see COUNTED in {see})")


def replace(descriptor_part: dict, key: str, old: str, new: str) -> None:
    assert old in descriptor_part[key], old
    descriptor_part[key] = descriptor_part[key].replace(old, new, 1)


def reports_repro(descriptor: dict) -> None:
    """The red team's five edits."""
    replace(descriptor, "description", "(regnskab 2019, 2022-pl)", "(regnskab 2018, 2021-pl, 79 af 98 kommuner)")
    replace(descriptor, "description_en", "(accounts 2019, 2022 prices)",
            "(accounts 2018, 2021 prices, 79 of 98 municipalities)")
    replace(resource(descriptor, "policy_areas"), "description", "The six policy areas", "The seven policy areas")
    replace(resource(descriptor, "ref_municipalities"), "description", "The 98 municipalities", "The 99 municipalities")
    replace(resource(descriptor, "questionnaire_fields"), "description", "ten fields", "twelve fields")


# --- the report's repro ---------------------------------------------------------------------------------------------


def test_the_reports_five_edits_are_refused(package_copy):
    edit_descriptor(package_copy, reports_repro)
    assert problems_for(package_copy) == [
        accounts("description", "2018"),
        accounts("description_en", "2018"),
        count(f"{at('policy_areas')}.description", "seven", "policy areas", "6"),
        count(f"{at('questionnaire_fields')}.description", "twelve", "fields", "10"),
        count(f"{at('ref_municipalities')}.description", "99", "municipalities", MUNICIPALITY_COUNTS)]


def test_a_wrong_price_level_and_a_wrong_count_are_refused(package_copy):
    """The repro's other numbers, each alone: '2021-pl', '2021 prices', '79 af 98 kommuner'."""
    def change(descriptor):
        replace(descriptor, "description", "2022-pl)", "2021-pl)")
        replace(descriptor, "description_en", "2022 prices)", "2021 prices)")
        replace(resource(descriptor, "regions"), "description", "how many responded", "79 of 98 municipalities")

    edit_descriptor(package_copy, change)
    assert problems_for(package_copy) == [
        price_level("description", "2021"),
        price_level("description_en", "2021"),
        count(f"{at('regions')}.description", "79", "municipalities", MUNICIPALITY_COUNTS)]


def test_the_counts_follow_the_rows():
    """'The six policy areas' holds while policy_areas.csv has six rows: with a seventh the same text is refused."""
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    tables, names = tables_of(CHECKOUT.datapackage_json)
    text = resource(descriptor, "policy_areas")["description"]
    assert descriptor_prose.text_problem(text, "en", descriptor_prose.facts(descriptor, tables, names)) is None
    header, rows = tables["policy_areas"]
    tables["policy_areas"] = (header, [*rows, (8, dict(rows[-1][1], area_id="seventh"))])
    token, why = descriptor_prose.text_problem(text, "en", descriptor_prose.facts(descriptor, tables, names))
    assert (token, why.key, dict(why.values)) == ("six", "descriptor_count", {"noun": "policy areas", "allowed": "7"})


# --- red team 10, finding 4: synonyms, share words and uncounted nouns -------------------------------------------

RESPONDED = "9, 13, 16, 18, 24, 80"
REGIONS = "datapackage/data/regions.csv, municipalities_responding"


def responded(where, number):
    return refused(where, number, f"pakken angiver antallet af kommuner, der svarede, som {RESPONDED} ({REGIONS}, og "
                                  "summen af den); 'alle', 'hver' og 'samtlige' angiver hele antallet",
                   f"the package counts the municipalities that responded as {RESPONDED} ({REGIONS}, and its sum); "
                   "'all', 'every' and 'each' state the full count")


def year_role(where, number, role):
    return refused(where, number, f"det er året for '{role}', som pakken ikke angiver: den angiver regnskabsåret "
                                  "(2019), pris- og lønniveauet (2022) og årene i sine datoer og perioder",
                   f"it is the year of '{role}', which the package does not state: it states the accounts year "
                   "(2019), the price level (2022) and the years of its dates and periods")


def uncounted(where, number, noun):
    see = "build_scripts/stages/validate/descriptor_prose.py"
    return refused(where, number, f"pakken tæller ikke '{noun}': ingen tabel, enhed eller navneord i COUNTED ({see}) "
                                  "nævner dem",
                   f"the package counts no '{noun}': no table, unit or noun of COUNTED ({see}) names them")


def test_a_fiscal_year_and_a_budget_year_are_refused(package_copy):
    """d5: 'fiscal year 2018' is the accounts year under another name; a budget is a year the package states none
    of. Both passed as 'a year the package states' (2018 is a reference period of the target group's rows)."""
    def change(descriptor):
        replace(descriptor, "description_en", "(accounts 2019, 2022 prices)", "(fiscal year 2018, 2022 prices)")
        replace(descriptor, "description", "(regnskab 2019, 2022-pl)", "(budget 2018, 2022-pl)")

    edit_descriptor(package_copy, change)
    assert problems_for(package_copy) == [year_role("description", "2018", "budget"),
                                          accounts("description_en", "2018")]


def test_all_98_municipalities_did_not_report(package_copy):
    """d1: 98 were asked, 80 responded: 'All 98 municipalities reported' states that 98 responded."""
    edit_descriptor(package_copy, lambda descriptor: replace(
        descriptor, "description_en", "Every figure carries", "All 98 municipalities reported; every figure carries"))
    assert problems_for(package_copy) == [responded("description_en", "98")]


def test_a_count_of_a_noun_the_package_does_not_count_is_refused(package_copy):
    """d3: 'The seven sectors' counted nothing COUNTED names, and seven is a count the package states (the
    timeline's seven rows): a noun that no table, unit or COUNTED names is no count the package states."""
    edit_descriptor(package_copy, lambda descriptor: replace(
        resource(descriptor, "policy_areas"), "description", "The six policy areas", "The seven sectors"))
    assert problems_for(package_copy) == [uncounted(f"{at('policy_areas')}.description", "seven", "sectors")]


@pytest.mark.parametrize("text, lang, number, why", [
    ("regnskabsåret for kommunernes udgifter er 2018", "da", "2018", "descriptor_accounts_year"),
    ("regnskabsåret … for 2018", "da", "2018", "descriptor_accounts_year"),
    ("accounts of fiscal 2018, at 2022 prices", "en", "2018", "descriptor_accounts_year"),
    ("the financial year 2020", "en", "2020", "descriptor_accounts_year"),
    ("FY2018", "en", "2018", "descriptor_accounts_year"),
    ("R2018", "da", "2018", "descriptor_accounts_year"),
    ("B2019", "da", "2019", "descriptor_year_role"),
    ("the 2019 budget", "en", "2019", "descriptor_year_role"),
    ("budgetåret 2019", "da", "2019", "descriptor_year_role"),
    ("the survey year 2021", "en", "2021", "descriptor_year_role"),
    ("i skoleåret 2021", "da", "2021", "descriptor_year_role"),
    ("I 2021 svarede alle 98 kommuner", "da", "98", "descriptor_responded"),
    ("samtlige 98 kommuner har indberettet", "da", "98", "descriptor_responded"),
    ("the 98 municipalities reporting", "en", "98", "descriptor_responded"),
    ("All municipalities reported", "en", "All", "descriptor_responded"),
    ("hver kommune har svaret", "da", "hver", "descriptor_responded"),
    ("alle 80 kommuner", "da", "80", "descriptor_share"),
    ("all of the 80 municipalities", "en", "80", "descriptor_share"),
    ("each of the four regions", "en", "four", "descriptor_share"),
    ("de syv sektorer", "da", "syv", "descriptor_uncounted"),
    ("the seven large sectors", "en", "seven", "descriptor_uncounted"),
    ("about 42 things", "en", "42", "descriptor_uncounted"),
    ("the three figures", "en", "three", "descriptor_count_other"),  # 'figures' names key figures; 3 is no count
])
def test_a_year_role_a_share_or_a_count_the_package_does_not_state_is_refused(known, text, lang, number, why):
    token, phrase = descriptor_prose.text_problem(text, lang, known)
    assert (token, phrase.key) == (number, why)


@pytest.mark.parametrize("text, lang", [
    ("fiscal year 2019; regnskabsåret er 2019; FY2019; R2019", "en"),
    ("the year 2021, i kalenderåret 2021, foråret 2021", "da"),
    ("net contribution 2018, KORA's 2012 estimate; the mapping in 2021", "en"),
    ("All 98 municipalities were invited; every municipality was asked", "en"),
    ("80 of 98 municipalities responded; Ud af de 98 kommuner har 80 responderet", "da"),
    ("80 af 98 kommuner svarede; alle 80 svarende kommuner; all 98 municipalities", "da"),
    ("Of the 98 municipalities, 80 responded; the report of the 98 municipalities", "en"),
    ("the two figures measure different things; 825,080 persons, 14.1 per cent; in 10 years", "en"),
])
def test_the_packages_own_roles_shares_and_counts_pass(known, text, lang):
    assert descriptor_prose.text_problem(text, lang, known) is None


# --- the rules, without a build ------------------------------------------------------------------------------------


def tables_of(package_json: Path):
    descriptor = json.loads(package_json.read_text(encoding="utf-8"))
    tables, names = {}, {}
    for res in descriptor["resources"]:
        if res.get("type") == "table":
            path = package_json.parent / res["path"]
            tables[res["name"]], names[res["name"]] = floor.read_rows(path), f"datapackage/{res['path']}"
    return tables, names


@pytest.fixture(scope="module")
def known():
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    return descriptor_prose.facts(descriptor, *tables_of(CHECKOUT.datapackage_json))


def test_the_real_descriptor_states_only_the_packages_numbers():
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    tables, names = tables_of(CHECKOUT.datapackage_json)
    assert descriptor_prose.problems(descriptor, tables, names, NAME) == []
    read = {where for where, *_ in descriptor_prose.texts(descriptor)}
    assert {"description", "description_en", "title", "title_en", f"{at('policy_areas')}.description",
            f"{at('ref_municipalities')}.schema.fields[1].description"} <= read


def test_what_the_package_states(known):
    assert (known.accounts, known.prices) == ({2019}, {2022})
    assert {2012, 2018, 2019, 2021, 2022, 2023} <= known.years and 2014 not in known.years
    assert {(1, 1), (2, 10), (1, 13)} <= known.dates
    assert {key: sorted(known.counts[key]) for key in ("regioner", "omraader", "felter", "dokumenter")} == {
        "regioner": [5], "omraader": [6], "felter": [10], "dokumenter": [2]}
    assert {80, 98} <= known.counts["kommuner"] and 79 not in known.counts["kommuner"]


@pytest.mark.parametrize("text, lang, number, why", [
    ("(regnskab 2018, 2022-pl)", "da", "2018", "descriptor_accounts_year"),
    ("regnskabet for 2020", "da", "2020", "descriptor_accounts_year"),
    ("the 2020 accounts", "en", "2020", "descriptor_accounts_year"),
    ("»regnskab 2018«", "da", "2018", "descriptor_accounts_year"),  # the accounts year holds in quotes too
    ("`regnskab 2018`", "da", "2018", "descriptor_accounts_year"),  # and in a code span
    ("pris- og lønniveau for 2021", "da", "2021", "descriptor_price_level"),
    ("gross, 21-pl", "en", "21", "descriptor_price_level"),
    ("otte regioner", "da", "otte", "descriptor_count"),
    ("de syv tilbudsområder", "da", "syv", "descriptor_count"),
    ("706 integrationsindsatser og 700 indsatser", "da", "700", "descriptor_count"),
    ("79 responding municipalities", "en", "79", "descriptor_responded"),  # 80 responded
    ("79 municipalities", "en", "79", "descriptor_count"),
    ("79 ud af de 98 kommuner", "da", "79", "descriptor_count"),
    ("the Capital Region accounts for 31 municipalities", "en", "31", "descriptor_count"),  # 'accounts for': no year
    ("from 2016", "en", "2016", "descriptor_year"),
    ("on 2 January 2020", "en", "2 January", "descriptor_date"),
    ("den 3. januar 2021", "da", "3. januar", "descriptor_date"),
    ("about 42", "en", "42", "descriptor_figure"),
    ("1.234,5", "en", "1.234,5", "descriptor_figure"),  # not a number as English writes it
])
def test_a_number_the_package_does_not_state_is_refused(known, text, lang, number, why):
    token, phrase = descriptor_prose.text_problem(text, lang, known)
    assert (token, phrase.key) == (number, why)


@pytest.mark.parametrize("text, lang", [
    ("(regnskab 2019, 2022-pl)", "da"),
    ("Amounts are gross, accounts 2019, 2022 prices.", "en"),
    ("the 2019 accounts of the 98 municipalities (22-pl)", "en"),
    ("Regnskabsåret 2019 i 2022-priser", "da"),
    ("80 af 98 kommuner; 24 out of 29 municipalities", "da"),
    ("The six policy areas, the five regions, the ten fields and the two documents", "en"),
    ("706 integrationsindsatser", "da"),
    ("Population on 1 January 2019-2023 (FOLK1A), the answer of 10 February 2023", "en"),
    ("for example '825.080', »fra 2015 frem til 2017« or \"42\"", "en"),
    ("a cell such as `2016` or `population_2016-01-01`", "en"),  # a code span is a cell or a name of the code
    ("The timeline (table 1, boks 3, bilag 2) in 2021", "en"),
    ("Indvandrere: 825.080 personer, 14,1 pct.", "da"),
    ("the Capital Region accounts for 29 municipalities", "en"),
])
def test_the_packages_own_numbers_pass(known, text, lang):
    assert descriptor_prose.text_problem(text, lang, known) is None


def test_a_fields_description_may_state_its_constraints_and_codes():
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    tables, names = tables_of(CHECKOUT.datapackage_json)
    known = descriptor_prose.facts(descriptor, tables, names)
    regions = resource(descriptor, "ref_regions")
    dst_code = next(f for f in regions["schema"]["fields"] if f["name"] == "dst_code")
    own = descriptor_prose._own_numbers(regions, dst_code, tables)
    assert descriptor_prose.text_problem("area code (081-085)", "en", known, own) is None
    assert descriptor_prose.text_problem("area code (081-086)", "en", known, own)[0] == "086"
    quote = next(f for f in resource(descriptor, "key_figures")["schema"]["fields"] if f["name"] == "source_quote")
    own = descriptor_prose._own_numbers(resource(descriptor, "key_figures"), quote, tables)
    assert descriptor_prose.text_problem("at most 250 characters", "en", known, own) is None
    assert descriptor_prose.text_problem("at most 300 characters", "en", known, own)[0] == "300"


def test_an_english_noun_is_no_part_of_a_longer_word():
    """'sources' counts the source documents, 'resources' nothing; Danish compounds count ('integrationsindsatser')."""
    assert descriptor_prose.NOUN_AFTER.match(" resources") is None
    assert descriptor_prose.NOUN_AFTER.match(" sources").lastgroup == "dokumenter"
    assert descriptor_prose.NOUN_AFTER.match(" kildedokumenter").lastgroup == "dokumenter"


def test_an_accounts_year_with_a_problem_of_its_own_holds_no_text():
    """statements.csv's accounts_year row named for another problem (an empty value) is no accounts year: the text
    is not refused again as a follow-on."""
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    tables, names = tables_of(CHECKOUT.datapackage_json)
    line = next(line for line, row in tables["statements"][1] if row["statement_id"] == "accounts_year")
    known = descriptor_prose.facts(descriptor, tables, names, {(STATEMENTS, line)})
    assert known.accounts == set()
    assert descriptor_prose.text_problem("regnskab 2018", "da", known) is None


# --- the titles of sources, licenses and contributors --------------------------------------------------------------

SOURCE_YEAR = ("det er hverken et år, pakken angiver (i en dato, en periode, en value_text eller et tal med enheden "
               "year), eller året i en kildes egen dato (en dato ÅÅÅÅ-MM-DD i en kildes titel)",
               "it is neither a year the package states (in a date, a period, a value_text or a figure in the unit "
               "year) nor the year of a source's own date (a date YYYY-MM-DD in a source's title)")
NO_DATE = ("det er ikke en dato, pakken angiver (en dato i dens tabeller)",
           "it is no date the package states (a date in its tables)")
LICENSE = ("det er hverken et tal, pakken angiver (value, value_text eller et talfelt i en tabel med citat), eller et "
           "tal i licensens name eller path (versionen 4.0 i CC-BY-4.0)",
           "it is neither a figure the package states (value, value_text or a number column of a table with a quote) "
           "nor a number of the license's name or path (the version 4.0 of CC-BY-4.0)")


def test_the_titles_of_sources_licenses_and_contributors_are_read(package_copy):
    """A source's year, the minister's answer's date, the license's date and version and a contributor's year, each
    wrong, were published unread (in DCAT, the package, the site's sources)."""
    def change(descriptor):
        replace(descriptor["sources"][0], "title", "(2022)", "(2016)")
        replace(descriptor["sources"][1], "title", "10. februar 2023", "11. februar 2023")
        replace(descriptor["licenses"][0], "title", "10 February 2023", "11 February 2023")
        replace(descriptor["contributors"][1], "title", "Finansministeriet", "Finansministeriet (2016)")
        replace(resource(descriptor, "ref_population_denmark")["sources"][0], "title", "1 January", "2 January")

    edit_descriptor(package_copy, change)
    assert problems_for(package_copy) == [
        refused("sources[0].title", "2016", *SOURCE_YEAR),
        refused("sources[1].title", "11. februar", *NO_DATE),
        refused("licenses[0].title", "11 February", *NO_DATE),
        refused("contributors[1].title", "2016", *SOURCE_YEAR),
        refused(f"{at('ref_population_denmark')}.sources[0].title", "2 January", *NO_DATE)]


def test_a_source_title_may_state_its_own_date_and_document_numbers(known):
    """'(2014)' of the DAGI edition holds while a source's title gives its date 2014-02-13 (the boundaries' source),
    not without; a document number, a scale and an ordinal are the name's own."""
    title = "SDFI (tidl. Geodatastyrelsen): DAGI, administrative grænser 1:500.000 (2014)"
    assert descriptor_prose.title_problem(title, "sources", {}, known, {2014}) is None
    token, why = descriptor_prose.title_problem(title, "sources", {}, known)
    assert (token, why.key) == ("2014", "descriptor_source_year")
    for name in ("Svar på spørgsmål nr. 123 (alm. del), 10. februar 2023", "DAGI 1:250,000",
                 "Danmarks Statistik: FOLK1A, folketal den 1. i kvartalet"):
        assert descriptor_prose.title_problem(name, "sources", {}, known) is None, name


def test_a_license_title_may_state_its_own_version_only(package_copy):
    """'Creative Commons Attribution 4.0' holds: 4.0 is the version in the license's name (CC-BY-4.0); 4.7 is not."""
    edit_descriptor(package_copy, lambda descriptor: replace(descriptor["licenses"][0], "title", "Attribution 4.0",
                                                             "Attribution 4.7"))
    assert problems_for(package_copy) == [refused("licenses[0].title", "4.7", *LICENSE)]


def test_the_real_titles_are_read():
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    read = {where for where, *_ in descriptor_prose.titles(descriptor)}
    assert {"sources[4].title", "licenses[0].title", "contributors[4].title",
            f"{at('ref_regions_boundaries')}.sources[0].title"} <= read
