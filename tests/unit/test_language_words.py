"""The words the language files give the pages, the theme and the charts (stages/validate/language_words.py).

Red team 54, finding 1: validate read only the files' `data_dictionary`. A word with '<b>(81 af 98 kommuner)</b>'
and a foreign link was published as markup on two pages (pages' term() wrote it as template text), and the English
amount pattern 'DKK {number}0 million' made every amount of the English edition ten times the data. Each refusal is
one exact line naming the file, the key's line and the key."""

import pytest

from build_scripts.core.lang import I18N_DIR
from build_scripts.stages.validate import language_words

TEXTS = {code: (I18N_DIR / f"{code}.yml").read_text(encoding="utf-8") for code in ("da", "en")}


def said(code: str, old: str, new: str) -> list[str]:
    """validate's lines for the language file `code` with `old` written as `new`."""
    assert TEXTS[code].count(old) == 1, old
    text = TEXTS[code].replace(old, new)
    return [str(p) for p in language_words.file_problems(f"build_scripts/core/i18n/{code}.yml", text, code)]


def line_of(code: str, start: str) -> int:
    return next(n for n, line in enumerate(TEXTS[code].splitlines(), start=1) if line.startswith(start))


def test_the_checkouts_language_files_hold_no_such_word():
    assert language_words.problems() == []


def test_a_word_with_markup_is_refused():
    line = line_of("da", "  gross_expenditure:")
    assert said("da", "  gross_expenditure: Bruttoudgifter\n",
                '  gross_expenditure: "Bruttoudgifter <b>(kommuner)</b>"\n') == [
        f"build_scripts/core/i18n/da.yml: linje {line}, felt words.gross_expenditure: 'Bruttoudgifter "
        "<b>(kommuner)</b>' indeholder '<', som HTML eller Markdown læser som opmærkning: siderne og temaet skriver "
        f"ordet, som det står. Skriv ordet uden tegnet. | line {line}, field words.gross_expenditure: 'Bruttoudgifter "
        "<b>(kommuner)</b>' holds '<', which HTML or Markdown reads as markup: the pages and the theme write the word "
        "as it stands. Write the word without it."]


@pytest.mark.parametrize("word,char", [
    ("Bruttoudgifter [se her](https://evil.example/)", "["), ("**Bruttoudgifter**", "*"), ("Brutto|udgifter", "|"),
    ("`Bruttoudgifter`", "`"), ("Brutto\\\\udgifter", "\\"),
])
def test_a_word_with_markdowns_markup_is_refused(word, char):
    problems = said("da", "  gross_expenditure: Bruttoudgifter\n", f'  gross_expenditure: "{word}"\n')
    assert [p.split(" indeholder ")[1].split(",")[0] for p in problems] == [f"'{char}'"]


def test_a_number_typed_into_a_word_is_refused():
    line = line_of("da", "  gross_expenditure:")
    assert said("da", "  gross_expenditure: Bruttoudgifter\n", "  gross_expenditure: Bruttoudgifter i 81 kommuner\n") == [
        f"build_scripts/core/i18n/da.yml: linje {line}, felt words.gross_expenditure: 'Bruttoudgifter i 81 kommuner' "
        "skriver tallet '81' ind i siderne: et tal på en side kommer fra datapakken (kun henvisninger som 'tabel 1' må "
        f"skrives). Skriv ordet uden tallet. | line {line}, field words.gross_expenditure: 'Bruttoudgifter i 81 "
        "kommuner' types the number '81' into the pages: a number on a page comes from the data package (only "
        "references such as 'table 1' may be written). Write the word without the number."]
    assert said("da", "  gross_expenditure: Bruttoudgifter\n", "  gross_expenditure: Bruttoudgifter, se tabel 1\n") == []


def test_an_amount_pattern_that_changes_the_number_is_refused():
    line = line_of("en", "  DKK million:")
    assert said("en", "  DKK million: DKK {number} million\n", "  DKK million: DKK {number}0 million\n") == [
        f"build_scripts/core/i18n/en.yml: linje {line}, felt amounts.DKK million: Mønstret 'DKK {{number}}0 million' "
        "skal skrive {number} én gang og omkring det kun ord (ingen cifre, klammer eller opmærkning): det skriver "
        f"hvert beløb på siderne. | line {line}, field amounts.DKK million: The pattern 'DKK {{number}}0 million' must "
        "write {number} once and around it only words (no digits, braces or markup): it writes every amount on the "
        "pages."]
    assert len(said("en", "  DKK million: DKK {number} million\n", "  DKK million: DKK {number}{number} million\n")) == 1


def test_the_theme_writes_no_markup_but_the_licences_link():
    assert said("en", "  search_label: Search the site\n", '  search_label: Search" onfocus="x\n') != []
    assert said("en", 'licenses/by/4.0/deed.en">CC BY 4.0</a>.', 'licenses/by/4.0/deed.en">CC BY 4.0</a>. <b>x</b>') != []
    assert said("en", "https://creativecommons.org/licenses/by/4.0/deed.en", "https://evil.example/") != []


def test_a_bidi_control_in_a_chart_word_is_refused_by_the_character_rule():
    problems = said("en", "  area: Policy area\n", "  area: Policy \u202earea\n")
    assert len(problems) == 1 and "U+202E" in problems[0] and "felt charts.area" in problems[0]
