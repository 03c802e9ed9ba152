"""The numbers of the texts the code publishes about the data (stages/validate/dictionary_prose.py).

The Danish edition shows da.yml's `data_dictionary` in place of the descriptor's descriptions, and the derived
tables' descriptions come from the derive code; both repeated the package's numbers ('regnskab 2019, 2022-priser',
'De seks tilbudsområder', 'De 98 kommuner', '1. januar') unchecked, and said how the derive code rounds ('4
decimaler', '100 ×') without being tied to it. validate now holds them to the package and to the code's constants:
each refusal is one exact line naming the file, the key's line and the key.
"""

import csv
import json

import pytest
import yaml
from test_descriptor_prose import accounts, count, refused, responded, tables_of, uncounted, year_role
from test_gate import problems_for

from build_scripts.core.lang import I18N_DIR
from build_scripts.stages.derive import reconcile, schema
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.validate import dictionary_prose
from conftest import CHECKOUT

DA_YML = "build_scripts/core/i18n/da.yml"
SCHEMA = "build_scripts/stages/derive/schema.py"
DANISH = (I18N_DIR / "da.yml").read_text(encoding="utf-8")
MUNICIPALITY_COUNTS = "5, 9, 10, 11, 13, 16, 17, 18, 19, 22, 24, 29, 30, 33, 80, 98"


def line_of(text: str, start: str, after: str = "\ndata_dictionary:\n") -> int:
    """The line of the first line that begins with `start` after `after`."""
    at = text.index(start, text.index(after))
    return text.count("\n", 0, at) + 1


def at_line(message: str, line: int, file: str = DA_YML) -> str:
    """A message of test_descriptor_prose, said of a line of a code file instead of datapackage.json."""
    return message.replace("datapackage/datapackage.json: felt", f"{file}: linje {line}, felt", 1).replace(
        "| field", f"| line {line}, field", 1)


def accounts_are(year: str, file: str, line: int, where: str, number: str) -> str:
    source = "datapackage/data/statements.csv, accounts_year"
    return at_line(refused(where, number, f"regnskabsåret er {year} ({source})",
                           f"the accounts year is {year} ({source})"), line, file)


@pytest.fixture(scope="module")
def package():
    descriptor = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    return (descriptor, *tables_of(CHECKOUT.datapackage_json))


def danish_problems(package, old: str, new: str) -> list[str]:
    """validate's lines for da.yml's data dictionary with `old` written as `new`."""
    assert DANISH.count(old) >= 1, old
    text = DANISH.replace(old, new, 1)
    texts = dictionary_prose.language_texts(DA_YML, "da", yaml.safe_load(text)["data_dictionary"],
                                            dictionary_prose.key_lines(text))
    return [str(p) for p in dictionary_prose.problems(*package, texts=list(texts))]


# --- the data can make the code's texts wrong: validate refuses them -----------------------------------------------


def test_a_new_accounts_year_refuses_the_code_texts_that_still_say_the_old(package_copy):
    """A pull request that changes the accounts year in statements.csv (its row consistent, its quote verbatim) but
    not da.yml: validate names da.yml's keys and the derive code's description that still say 2019."""
    path = package_copy.parent / "data" / "statements.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(row for row in rows if row["statement_id"] == "accounts_year")
    row |= {"value": "2018", "value_text": "2018", "reference_period": "2018",
            "statement_da": row["statement_da"].replace("2019", "2018"),
            "statement_en": row["statement_en"].replace("2019", "2018"),
            "source_quote": "Antallet af udlændinge omfattet af et fuldt program er halveret siden 2018."}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    said = [line for line in problems_for(package_copy) if line.startswith("build_scripts/")]
    schema_line = line_of(derive_source(), '    "expenditure_mio_kr": (', "FIELDS")
    assert said == [
        accounts_are("2018", DA_YML, line_of(DANISH, "    key_figures:"), "data_dictionary.resources.key_figures",
                     "2019"),
        accounts_are("2018", DA_YML, line_of(DANISH, "    derived_areas.expenditure_mio_kr:"),
                     "data_dictionary.fields.derived_areas.expenditure_mio_kr", "2019"),
        accounts_are("2018", SCHEMA, schema_line, "FIELDS[expenditure_mio_kr]", "2019")]


def derive_source() -> str:
    return (CHECKOUT.root / SCHEMA).read_text(encoding="utf-8")


def test_the_real_texts_state_only_the_packages_numbers(package):
    assert dictionary_prose.problems(*package) == []
    read = {(text.file, text.where) for text in [*dictionary_prose.dictionary_texts(),
                                                 *dictionary_prose.derived_texts()]}
    assert {(DA_YML, "data_dictionary.resources.key_figures"), (DA_YML, "data_dictionary.fields.source_quote"),
            (SCHEMA, "FIELDS[response_rate_pct]"), (SCHEMA, "TABLES[areas].description"),
            ("build_scripts/stages/derive/stage.py", "RECONCILIATION_FIELDS[computed_value].description_da")} <= read


@pytest.mark.parametrize("old, new, key, message", [
    ("regnskab 2019, 2022-priser. Rækker", "regnskab 2018, 2022-priser. Rækker", "resources.key_figures",
     lambda where: accounts(where, "2018")),
    ("regnskab 2019, 2022-priser. Rækker", "regnskab 2019, 2021-priser. Rækker", "resources.key_figures",
     lambda where: refused(where, "2021", "pris- og lønniveauet er 2022 (datapackage/data/statements.csv, "
                           "price_level_year / price_level)", "the price level is 2022 (datapackage/data/"
                           "statements.csv, price_level_year / price_level)")),
    ("De seks tilbudsområder", "De syv tilbudsområder", "resources.policy_areas",
     lambda where: count(where, "syv", "tilbudsområder", "6")),
    ("De 98 kommuner", "De 99 kommuner", "resources.ref_municipalities",
     lambda where: count(where, "99", "kommuner", MUNICIPALITY_COUNTS)),
    ("Folketal i hver kommune 1. januar", "Folketal i hver kommune 2. januar",
     "resources.ref_population_municipalities",
     lambda where: refused(where, "2. januar", "det er ikke en dato, pakken angiver (en dato i dens tabeller)",
                           "it is no date the package states (a date in its tables)")),
    ("(højst 250 tegn)", "(højst 300 tegn)", "fields.source_quote",
     lambda where: refused(where, "300", "det er hverken et tal, pakken angiver (value, value_text eller et talfelt i "
                           "en tabel med citat), et tal i feltets constraints eller et tal, som ressourcens sources "
                           "nævner", "it is neither a figure the package states (value, value_text or a number "
                           "column of a table with a quote), nor a number of the field's constraints, nor a number "
                           "the resource's sources cite")),
])
def test_a_wrong_number_in_the_danish_data_dictionary_is_refused(package, old, new, key, message):
    line = line_of(DANISH, "    " + key.split(".", 1)[1] + ":")
    assert danish_problems(package, old, new) == [at_line(message(f"data_dictionary.{key}"), line)]


def test_the_danish_data_dictionary_is_held_to_roles_shares_and_counts(package):
    """Red team 10, finding 4 in da.yml: a budget year, 'alle 98 kommuner svarede' (80 did) and 'De syv sektorer'
    are refused in the language file as in datapackage.json."""
    key_figures = line_of(DANISH, "    key_figures:")
    policy_areas = line_of(DANISH, "    policy_areas:")
    ref_municipalities = line_of(DANISH, "    ref_municipalities:")
    assert danish_problems(package, "regnskab 2019, 2022-priser. Rækker", "budget 2018, 2022-priser. Rækker") == [
        at_line(year_role("data_dictionary.resources.key_figures", "2018", "budget"), key_figures)]
    assert danish_problems(package, "De seks tilbudsområder, kommunerne", "De syv sektorer, kommunerne") == [
        at_line(uncounted("data_dictionary.resources.policy_areas", "syv", "sektorer"), policy_areas)]
    assert danish_problems(package, "De 98 kommuner med", "Alle 98 kommuner svarede, med") == [
        at_line(responded("data_dictionary.resources.ref_municipalities", "98"), ref_municipalities)]


def test_an_english_data_dictionary_is_held_too(package):
    """en.yml has none today; one that said 'accounts 2018' would be refused, naming en.yml."""
    text = "data_dictionary:\n  resources:\n    key_figures: Gross, accounts 2018, 2022 prices.\n"
    texts = dictionary_prose.language_texts("build_scripts/core/i18n/en.yml", "en",
                                            yaml.safe_load(text)["data_dictionary"], dictionary_prose.key_lines(text))
    assert [str(p) for p in dictionary_prose.problems(*package, texts=list(texts))] == [
        accounts_are("2019", "build_scripts/core/i18n/en.yml", 3, "data_dictionary.resources.key_figures", "2018")]


# --- the derived tables' method numbers: the code's constants --------------------------------------------------------

FIX_DA = "Ret teksten, så den siger, hvad koden gør (eller ret koden, hvis det er teksten, der har ret)."
FIX_EN = "Fix the text so that it says what the code does (or the code, if the text is right)."


def method(file, line, where, number, why_da, why_en):
    return (f"{file}: linje {line}, felt {where}: Teksten skriver '{number}', men {why_da}. {FIX_DA} | line {line}, "
            f"field {where}: The text writes '{number}', but {why_en}. {FIX_EN}")


def test_the_method_numbers_are_the_codes_constants():
    assert schema.METHOD_NUMBERS["response_rate_pct"] == {
        "scale": (derive.PER_CENT, f"PER_CENT in {derive_path()}"),
        "decimals": (derive.RESPONSE_RATE_DECIMALS, f"RESPONSE_RATE_DECIMALS in {derive_path()}")}
    assert schema.METHOD_NUMBERS["computed_value"]["decimals"][0] == reconcile.DECIMALS


def derive_path() -> str:
    return "build_scripts/stages/derive/stage.py"


@pytest.mark.parametrize("old, new, key, number, why_da, why_en", [
    ("afrundet til én decimal", "afrundet til to decimaler", "derived_regions.response_rate_pct", "to",
     "koden afrunder kolonnen til 1 decimal(er) (RESPONSE_RATE_DECIMALS in build_scripts/stages/derive/stage.py)",
     "the code rounds the column to 1 decimal(s) (RESPONSE_RATE_DECIMALS in build_scripts/stages/derive/stage.py)"),
    ("Beregnet: 100 ×", "Beregnet: 1000 ×", "derived_regions.response_rate_pct", "1000",
     "koden ganger med 100 (PER_CENT in build_scripts/stages/derive/stage.py)",
     "the code multiplies by 100 (PER_CENT in build_scripts/stages/derive/stage.py)"),
    ("(afrundet til 4 decimaler)", "(afrundet til 3 decimaler)", "derived_reconciliation.computed_value", "3",
     "koden afrunder kolonnen til 4 decimal(er) (DECIMALS in build_scripts/stages/derive/reconcile.py)",
     "the code rounds the column to 4 decimal(s) (DECIMALS in build_scripts/stages/derive/reconcile.py)"),
    ("Rækkefølgen, rapporten viser områderne i", "Rækkefølgen afrundet til 2 decimaler",
     "derived_areas.sort_order", "2",
     "koden angiver intet sådant tal for kolonnen (se METHOD_NUMBERS i build_scripts/stages/derive/schema.py)",
     "the code states no such number for the column (see METHOD_NUMBERS in build_scripts/stages/derive/schema.py)"),
])
def test_a_method_number_the_code_does_not_use_is_refused(package, old, new, key, number, why_da, why_en):
    line = line_of(DANISH, f"    {key}:")
    assert danish_problems(package, old, new) == [
        method(DA_YML, line, f"data_dictionary.fields.{key}", number, why_da, why_en)]


def test_the_texts_follow_the_code(package, monkeypatch):
    """Round the response rate to two decimals in the code, and its descriptions ('én decimal', 'one decimal') are
    refused in da.yml and in schema.py: the text and the code cannot drift apart."""
    monkeypatch.setitem(schema.METHOD_NUMBERS, "response_rate_pct",
                        schema.METHOD_NUMBERS["response_rate_pct"] | {"decimals": (2, "RESPONSE_RATE_DECIMALS in x")})
    said = [str(p) for p in dictionary_prose.problems(*package)]
    why = ("koden afrunder kolonnen til 2 decimal(er) (RESPONSE_RATE_DECIMALS in x)",
           "the code rounds the column to 2 decimal(s) (RESPONSE_RATE_DECIMALS in x)")
    assert said == [
        method(DA_YML, line_of(DANISH, "    derived_regions.response_rate_pct:"),
               "data_dictionary.fields.derived_regions.response_rate_pct", "én", *why),
        method(SCHEMA, line_of(derive_source(), '    "response_rate_pct": (', "FIELDS"), "FIELDS[response_rate_pct]",
               "one", *why)]
