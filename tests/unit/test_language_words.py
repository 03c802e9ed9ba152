"""The words the language files give the pages, the theme and the charts (stages/validate/language_words.py).

Red team 54, finding 1: validate read only the files' `data_dictionary`. A word with '<b>(81 af 98 kommuner)</b>'
and a foreign link was published as markup on two pages (pages' term() wrote it as template text), and the English
amount pattern 'DKK {number}0 million' made every amount of the English edition ten times the data. Each refusal is
one exact line naming the file, the key's line and the key."""

import pytest

from build_scripts.core.lang import I18N_DIR
from build_scripts.stages.validate import language_words

TEXTS = {code: (I18N_DIR / f"{code}.yml").read_text(encoding="utf-8") for code in ("da", "en")}
YEARS = frozenset({"2022", "2023"})  # the sources' years (sources.csv), which a citation states


def found(code: str, old: str, new: str) -> list:
    """validate's problems for the language file `code` with `old` written as `new` (and, for the English file, its
    words against the Danish)."""
    assert TEXTS[code].count(old) == 1, old
    text = TEXTS[code].replace(old, new)
    name = f"build_scripts/core/i18n/{code}.yml"
    problems = list(language_words.file_problems(name, text, code, code == "da", YEARS))
    if code == "en":
        problems += language_words.parity_problems(name, text, TEXTS["da"])
    return problems


def said(code: str, old: str, new: str) -> list[str]:
    return [str(p) for p in found(code, old, new)]


def codes(code: str, old: str, new: str) -> list[str]:
    return [p.code for p in found(code, old, new)]


def line_of(code: str, start: str) -> int:
    return next(n for n, line in enumerate(TEXTS[code].splitlines(), start=1) if line.startswith(start))


def test_the_checkouts_language_files_hold_no_such_word():
    assert language_words.problems(YEARS) == []


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
        "skriver tallet '81' ind i siderne: et tal på en side kommer fra datapakken (kun henvisninger som 'tabel 1' og "
        f"en kildes årstal må skrives). Skriv ordet uden tallet. | line {line}, field words.gross_expenditure: "
        "'Bruttoudgifter i 81 kommuner' types the number '81' into the pages: a number on a page comes from the data "
        "package (only references such as 'table 1' and a source's year may be written). Write the word without the "
        "number."]
    assert said("da", "  gross_expenditure: Bruttoudgifter\n", "  gross_expenditure: Bruttoudgifter, se tabel 1\n") == []


def test_an_amount_pattern_that_changes_the_number_is_refused():
    line = line_of("en", "  DKK million:")
    assert said("en", "  DKK million: DKK {number} million\n", "  DKK million: DKK {number}0 million\n") == [
        f"build_scripts/core/i18n/en.yml: linje {line}, felt amounts.DKK million: Mønstret 'DKK {{number}}0 million' "
        "skal skrive {number} én gang og omkring det enhedens ord, som nøglen 'DKK million' nævner dem (ingen cifre, "
        f"klammer eller opmærkning): det skriver hvert beløb på siderne. | line {line}, field amounts.DKK million: The "
        "pattern 'DKK {number}0 million' must write {number} once and around it its unit's words, as the key 'DKK "
        "million' names them (no digits, braces or markup): it writes every amount on the pages."]
    assert len(said("en", "  DKK million: DKK {number} million\n", "  DKK million: DKK {number}{number} million\n")) == 1
    assert codes("en", "  DKK million: DKK {number} million\n", "  DKK million: DKK {number} billion\n") == [
        "words_amount"]  # red team 55, finding 2: every amount a thousand times the data


def test_the_theme_writes_no_markup_but_the_licences_link():
    assert said("en", "  search_label: Search the site\n", '  search_label: Search" onfocus="x\n') != []
    assert said("en", 'licenses/by/4.0/deed.en">CC BY 4.0</a>.', 'licenses/by/4.0/deed.en">CC BY 4.0</a>. <b>x</b>') != []
    assert said("en", "https://creativecommons.org/licenses/by/4.0/deed.en", "https://evil.example/") != []


def test_a_bidi_control_in_a_chart_word_is_refused_by_the_character_rule():
    problems = said("en", "  area: Policy area\n", "  area: Policy \u202earea\n")
    assert len(problems) == 1 and "U+202E" in problems[0] and "felt charts.area" in problems[0]



# --- red team 55, findings 1-5 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code,old,new", [
    ("da", "{resp} af {inv} kommuner · regnskab", "{resp} af 99 kommuner · regnskab"),  # a chart's scope
    ("da", "  not_found_text: Der er ingen side", "  not_found_text: Der er 81 af 98 kommuner. Der er ingen side"),
    ("en", "  Boks: Box\n", "  Boks: Box 99\n"),  # source_locations
    ("en", "  Indledning: Introduction\n", "  Indledning: Introduction (81 of 98 municipalities)\n"),
])
def test_a_number_typed_into_any_shown_section_is_refused(code, old, new):
    """Finding 1: charts, theme, source_locations and source_names were not read for numbers."""
    assert codes(code, old, new) == ["words_number"]


def test_a_sources_year_and_the_licence_may_stand():
    assert codes("da", "  not_found_text: Der er ingen side", "  not_found_text: Se rapporten (2022). Der er ingen side") \
        == []
    assert codes("da", "  not_found_text: Der er ingen side", "  not_found_text: CC BY 4.0. Der er ingen side") == []


def test_a_date_range_pattern_writes_no_text():
    assert codes("da", 'day: "d."', 'day: "d. \'(81 af 98)\'"') == ["words_date_pattern"]


def test_cardinals_are_the_numbers_they_stand_for():
    """Finding 2: 'seks' written 'syv' gave 'de syv tilbudsområder' (there are six)."""
    assert codes("da", "fem, seks, syv", "fem, syv, syv") == ["words_cardinal"]


@pytest.mark.parametrize("old,new,key", [
    ("date_format: long", 'date_format: "d MMMM 2020"', "date_format"),  # every English date in 2020
    ("locale: en_GB", "locale: xx_YY", "locale"),  # a traceback in the derive stage
    ('root: "../"', 'root: "https://evil.example/"', "root"),  # 321 broken download links
    ("out: build/docs-en", "out: build/docs", "out"),  # the English pages over the Danish
])
def test_an_editions_settings_are_its_own(old, new, key):
    """Finding 3: the language files' settings were not read."""
    text = TEXTS["en"].replace(old, new, 1)
    assert text != TEXTS["en"]
    found = language_words.file_problems("build_scripts/core/i18n/en.yml", text, "en", False, YEARS)
    assert [p.field for p in found] == [key]


@pytest.mark.parametrize("old,new", [
    ("{responding} af {municipalities} kommuner", "{municipalities} af {responding} kommuner"),  # '29 af 24'
    ("  t_share: ", "  t_share_gone: "),  # a key the charts stage reads: KeyError
])
def test_the_other_languages_words_have_the_main_ones_keys_and_placeholders(old, new):
    """Finding 2 and 4: the placeholders swapped in one file, a key deleted, a number for a text."""
    found = language_words.parity_problems("da.yml", TEXTS["da"].replace(old, new, 1), TEXTS["en"]) \
        if old.startswith("{") else language_words.parity_problems(
            "build_scripts/core/i18n/en.yml", TEXTS["en"].replace(old, new, 1), TEXTS["da"])
    assert found and all(p.code == "words_parity" for p in found)


def test_a_word_that_is_not_a_text_is_refused():
    assert codes("en", "  not_found_title: Page not found\n", "  not_found_title: 404\n") == [
        "words_not_text", "words_parity"]


@pytest.mark.parametrize("old,new,code", [
    ("  key_figures: Key figures\n", "  key_figures: Key figures { hidden }\n", "words_markup"),
    ("  downloads_id: downloads\n", "  downloads_id: downloads style=display:none\n", "words_anchor"),
])
def test_a_word_cannot_write_an_attribute_list(old, new, code):
    """Finding 5: attr_list read '{ hidden }' after a heading's word, and an anchor's word ran into its list."""
    assert code in codes("en", old, new)


def test_a_chart_word_the_file_lacks_stops_the_stage_in_one_line():
    from build_scripts.core import lang
    from build_scripts.core.errors import BuildStopped

    with pytest.raises(BuildStopped) as stopped:
        lang.get("en").charts["t_nothing"]
    assert str(stopped.value).endswith("build_scripts/core/i18n/en.yml: the section charts has no key 't_nothing', "
                                       "which the build reads. Add it.")


# --- red team 57, findings 1-6 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["seks af syv", "VII", "sekser"])
def test_a_cardinal_is_its_number_and_nothing_else(word):
    """Finding 1: only the first number of a word was read, and a word the reader cannot read was not read at all:
    'fordelt på de seks af syv tilbudsområder', 'by the VII policy areas'."""
    assert codes("da", "fem, seks, syv", f"fem, {word}, syv") == ["words_cardinal"]


@pytest.mark.parametrize("old,new,code", [
    ('day: "d."', 'day: "y"', "words_date_pattern"),  # '2021–10 September 2021'
    ('date_range: {day: "d.", day_month: "d. MMMM"}', 'date_range: "d."', "words_setting"),  # a traceback in fmt
    ('date_range: {day: "d.", day_month: "d. MMMM"}', 'date_range: {days: "d.", day_month: "d. MMMM"}',
     "words_setting"),
])
def test_a_date_range_is_the_day_in_a_known_form(old, new, code):
    """Findings 2 and 5: any mix of d, M, y and E passed ('9.–10. september' for the 6th); a string or a renamed key
    stopped the pages stage."""
    assert code in codes("da", old, new)


@pytest.mark.parametrize("old,new", [
    ("  not_found_title: Siden findes ikke\n", "  not_found_title: 81\n"),  # '<h1>81</h1>' on the 404 page
    ("  t_by_area: ", "  t_by_area: \n  t_by_area_gone: "),  # an empty word: a traceback in the charts stage
])
def test_a_word_is_a_text_that_says_something(old, new):
    """Findings 3 and 4: a number or an empty value in both files was read by no rule."""
    assert "words_not_text" in codes("da", old, new)


def test_the_order_of_an_edition_is_a_whole_number_after_the_main_ones():
    """Finding 6: order "2" made validate itself end in a traceback (languages() sorted a text with numbers)."""
    assert codes("en", "order: 2\n", 'order: "2"\n') == ["words_setting"]
    assert codes("en", "order: 2\n", "order: 1\n") == ["words_setting"]
