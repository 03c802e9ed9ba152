"""The prose beside a figure and the English texts (red team 6, findings 1 and 10; stages/validate/prose.py).

Finding 1: a statement's or a figure label's text stated other numbers than the row's value and quote ('October to
December 2020' beside a quote of 2021), in one edition only. Finding 10: Danish words in English fields outside »…«
were published without lang="da". Each refusal is one exact line naming file, line and field.
"""

from fractions import Fraction

from test_gate import problems_for
from test_units import set_row

from build_scripts.core.text import numbers_in
from build_scripts.stages.validate import prose


def unsourced(file, line, field, number, value_text):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Teksten skriver tallet '{number}', men det er "
            f"hverken rækkens tal (value_text '{value_text}') eller et tal i citatet. Ret teksten, så den kun skriver "
            f"tal, som rækken og dens kilde angiver. | line {line}, field {field}: The text writes the number "
            f"'{number}', which is neither the row's figure (value_text '{value_text}') nor a number of its quote. "
            "Fix the text so that it writes only numbers that the row and its source state.")


def month(file, line, field, name, danish, fields="source_quote/reference_period"):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Teksten nævner måneden '{name}', men '{danish}' "
            f"står ikke i {fields}. Ret teksten, så den kun nævner måneder, som rækken og dens kilde angiver. | line "
            f"{line}, field {field}: The text names the month '{name}', but '{danish}' is not in {fields}. Fix the "
            "text so that it names only months that the row and its source state.")


def unquoted(file, line, field, number):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Teksten skriver tallet '{number}', men det står "
            "hverken i citatet eller i rækkens andre felter. Ret teksten, så den kun skriver tal, som rækken og dens "
            f"kilde angiver. | line {line}, field {field}: The text writes the number '{number}', which is neither in "
            "the quote nor in the row's other fields. Fix the text so that it writes only numbers that the row and "
            "its source state.")


def danish_word(file, line, field, word):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Den engelske tekst har det danske ord '{word}' "
            "uden for »…«. Oversæt det, eller skriv de danske ord i »…«, så den engelske side markerer dem som dansk. "
            f"| line {line}, field {field}: The English text has the Danish word '{word}' outside »…«. Translate it, "
            "or write the Danish words in »…« so that the English page marks them as Danish.")


# --- finding 1: the red team's repros ---------------------------------------------------------------------------------


def test_a_statement_in_english_with_another_year_is_refused(package_copy):
    set_row(package_copy, "statements", {"statement_id": "survey_period"},
            statement_en="All municipalities were invited to take part in the mapping in the period October to "
                         "December 2020.")
    assert problems_for(package_copy) == [
        unsourced("statements.csv", 3, "statement_en", "2020", "oktober til december 2021")]


def test_a_statement_in_danish_with_another_year_is_refused(package_copy):
    set_row(package_copy, "statements", {"statement_id": "agreement_year"},
            statement_da="Regeringen og KL blev med Aftale om kommunernes økonomi for 2032 enige om at afdække "
                         "omfanget af og udgifterne til ikke-lovpligtige integrationsindsatser i kommunerne.")
    assert problems_for(package_copy) == [unsourced("statements.csv", 2, "statement_da", "2032", "2022")]


def test_a_label_with_another_amount_is_refused(package_copy):
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_above_50kr"},
            label_en="Municipalities spending more than DKK 500 per inhabitant")
    assert problems_for(package_copy) == [unsourced("key_figures.csv", 13, "label_en", "500", "30")]


def test_english_text_is_read_in_english_notation(package_copy):
    """'825.080' in English is 825.08, not the quote's 825.080 (825080); '825,080' is."""
    row = {"figure_id": "immigrants_descendants"}
    set_row(package_copy, "target_group", row, label_en="Immigrants and descendants in Denmark (825.080)")
    assert problems_for(package_copy) == [unsourced("target_group.csv", 2, "label_en", "825.080", "825.080")]
    set_row(package_copy, "target_group", row, label_en="Immigrants and descendants in Denmark (825,080)")
    assert problems_for(package_copy) == []


def test_a_number_word_is_read(package_copy):
    set_row(package_copy, "key_figures", {"figure_id": "top_municipalities_expenditure_share"},
            label_en="The six municipalities' share of expenditure")
    assert problems_for(package_copy) == [unsourced("key_figures.csv", 17, "label_en", "six", "50")]


def test_a_pinned_number_holds_only_while_its_row_states_it(package_copy, monkeypatch):
    """'(80 kommuner)' is pinned to the responding municipalities' key figure: pinned to a row that states another
    number (98 invited), the label is refused."""
    monkeypatch.setitem(prose.ALSO_STATED, ("key_figures", "reported_expenditure"),
                        {80: ("key_figures", "municipalities_invited")})
    assert problems_for(package_copy) == [
        unsourced("key_figures.csv", 6, "label_da", "80", "318"), unsourced("key_figures.csv", 6, "label_en", "80", "318")]


def test_what_the_real_rows_may_say_besides_their_figure():
    """The decisions: the quote's numbers (read the Danish way, '22-pl' as 2022), the row's periods, references
    to parts of the source, compounds of years."""
    assert [n for _, n in numbers_in("den femårige periode", "da")] == [5]
    assert [n for _, n in numbers_in("1,234.5 and 1.234,5", "en")] == [Fraction(2469, 2), None]
    assert [n for _, n in numbers_in("1.234,5 og en grad", "da")] == [Fraction(2469, 2)]
    assert prose.PART_REFERENCE.sub("", "udeladt af figur 4 og 5, Section 3 og Boks 2") == "udeladt af ,  og "
    row = {"value": "", "value_text": "x", "source_quote": "regnskabet for 2019 (22-pl)", "reference_period": "2018",
           "price_level": "2022-pl"}
    assert prose._row_numbers(row) == {2019, 22, 2022, 2018}


# --- red team 7, finding 2: number words above ten, fractions in words, month names ------------------------------


def test_number_words_above_ten_and_fractions_are_read(package_copy):
    """'Fifty municipalities' beside 80 that responded, 'Halvtreds kommuner' beside a quote of 80, 'Half of the
    municipalities' were accepted: the number words stopped at ten."""
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"},
            label_en="Fifty municipalities that responded", label_da="Halvdelen af kommunerne svarede")
    set_row(package_copy, "statements", {"statement_id": "survey_period_section3"},
            statement_da="Halvtreds kommuner bidrog til kortlægningen i perioden oktober 2021 til december 2021.")
    assert problems_for(package_copy) == [
        unsourced("key_figures.csv", 3, "label_da", "Halvdelen", "80"),
        unsourced("key_figures.csv", 3, "label_en", "Fifty", "80"),
        unsourced("statements.csv", 4, "statement_da", "Halvtreds", "oktober 2021 til december 2021")]


def test_number_words_as_written_in_each_language():
    def read(text, lang):
        return [(token, n) for token, n in numbers_in(text, lang)]
    assert read("Seventy-nine of ninety-eight, a third, two-thirds, the third round, one hundred and five, "
                "twelve, twice, half", "en") == [
        ("Seventy-nine", 79), ("ninety-eight", 98), ("a third", Fraction(1, 3)), ("two-thirds", Fraction(2, 3)),
        ("one hundred and five", 105), ("twelve", 12), ("twice", 2), ("half", Fraction(1, 2))]
    assert read("niogfyrre, halvfjerdsindstyve, to hundrede og halvtreds, en tredjedel, to tredjedele, halvdelen, "
                "5 tusind, elleve, tres, dobbelt, en grad", "da") == [
        ("niogfyrre", 49), ("halvfjerdsindstyve", 70), ("to hundrede og halvtreds", 250),
        ("en tredjedel", Fraction(1, 3)), ("to tredjedele", Fraction(2, 3)), ("halvdelen", Fraction(1, 2)),
        ("5 tusind", 5000), ("elleve", 11), ("tres", 60), ("dobbelt", 2)]


def test_a_fraction_in_words_is_held_to_its_per_cent():
    """'halvdelen af udgifterne' beside a quote of '50 pct.' (key_figures' top_municipalities) is the quote's
    number; 'a third' beside it is not."""
    assert prose._vouched(Fraction(1, 2), {Fraction(50)})
    assert prose._vouched(Fraction(50), {Fraction(1, 2)})
    assert not prose._vouched(Fraction(1, 3), {Fraction(50)})
    assert not prose._vouched(Fraction(200), {Fraction(2)})


def test_a_month_the_quote_does_not_name_is_refused(package_copy):
    """The red team's repro: 'November to December 2021' beside 'oktober til december 2021', in both editions."""
    set_row(package_copy, "statements", {"statement_id": "survey_period"},
            statement_en="All municipalities were invited to take part in the mapping in the period November to "
                         "December 2021.",
            statement_da="Alle kommuner blev inviteret til at deltage i kortlægningen i perioden november til "
                         "december 2021.")
    assert problems_for(package_copy) == [month("statements.csv", 3, "statement_da", "november", "november"),
                                          month("statements.csv", 3, "statement_en", "November", "november")]


def test_months_are_read_by_their_names():
    row = {"source_quote": "i perioden oktober til december 2021", "reference_period": "primo Maj 2020",
           "x_en": "from October to December, as it may be; in May", "x_da": "Oktober til december og maj",
           "y_en": "mid-March", "y_da": "i juli"}
    assert [prose.month_problems(row, f, ("source_quote", "reference_period"), "t.csv", 2) for f in
            ("x_en", "x_da")] == [[], []]
    assert [p.params for f in ("y_en", "y_da") for p in prose.month_problems(row, f, ("source_quote",), "t", 2)] == [
        (("fields", "source_quote"), ("month", "March"), ("month_da", "marts")),
        (("fields", "source_quote"), ("month", "juli"), ("month_da", "juli"))]


def test_the_texts_of_tables_without_figures_state_only_their_quotes_numbers(package_copy):
    """The red team's repros in examples, policy_areas and timeline (whose row says 6-10 September)."""
    set_row(package_copy, "examples", {"example_id": "besk-igu"},
            description_da="Kommunen vil få 500 flere flygtninge i job.")
    set_row(package_copy, "policy_areas", {"area_id": "beskaeftigelse"},
            description_en="Initiatives that bring 3,000 refugees into work.")
    set_row(package_copy, "timeline", {"step_no": "1"}, activity_en="Opening meeting on 5 September")
    set_row(package_copy, "timeline", {"step_no": "2"}, activity_en="Drafting the questionnaire in October")
    assert sorted(problems_for(package_copy)) == [
        unquoted("examples.csv", 2, "description_da", "500"), unquoted("policy_areas.csv", 2, "description_en", "3,000"),
        unquoted("timeline.csv", 2, "activity_en", "5"),
        month("timeline.csv", 3, "activity_en", "October", "oktober", "source_quote")]


def test_a_timeline_row_may_name_the_month_of_its_dates():
    tables = {"timeline": (["step_no", "activity_en", "when_text", "date_from", "source_quote"], [
        (2, {"step_no": "1", "activity_en": "Meeting on 6 September", "when_text": "Uge 36 (6.-10 sep)",
             "date_from": "2021-09-06", "source_quote": "Møde"})])}
    assert prose.quoted_prose_problems(tables, {"timeline": "t.csv"}) == []


# --- finding 10 -----------------------------------------------------------------------------------------------------


def test_danish_letters_in_an_english_field_are_refused(package_copy):
    set_row(package_copy, "examples", {"example_id": "besk-kvinder"},
            title_en='Initiatives for immigrant women "i selvforsørgelse"')
    assert problems_for(package_copy) == [danish_word("examples.csv", 3, "title_en", "selvforsørgelse")]


def test_the_rule_needs_no_build():
    tables = {"examples": (["id", "title_en", "title_da"], [
        (2, {"id": "a", "title_en": "Work in »i selvforsørgelse«", "title_da": "Arbejde i selvforsørgelse"}),
        (3, {"id": "b", "title_en": "Help in Læsø and Køge", "title_da": "Hjælp på Læsø"}),
        (4, {"id": "c", "title_en": "The Aftale om kommunernes økonomi for 2022", "title_da": ""}),
        (5, {"id": "d", "title_en": "Help in Sæby (Ærø)", "title_da": ""})]),
        "ref_municipalities": (["name"], [(2, {"name": "Læsø"}), (3, {"name": "Køge"}), (4, {"name": "Ærø"})])}
    names = {"examples": "datapackage/data/examples.csv", "ref_municipalities": "x.csv"}
    found = prose.danish_letter_problems(tables, names, ["Aftale om kommunernes økonomi for 2022"])
    assert [str(p) for p in found] == [danish_word("examples.csv", 5, "title_en", "Sæby")]


def test_upper_case_danish_letters_are_refused():
    tables = {"t": (["x_en"], [(2, {"x_en": "ÆBLE"})])}
    assert [p.params for p in prose.danish_letter_problems(tables, {"t": "t.csv"}, [])] == [(("word", "ÆBLE"),)]


# --- red team 8, finding 2: 'eighty-one', abbreviated months, vulgar fractions ---------------------------------------


def test_one_after_a_tens_word_is_part_of_the_number(package_copy):
    """'Eighty-one municipalities that responded' beside a figure of 80 was read as 80 and passed: 'one' was skipped
    as an article after the tens word."""
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"},
            label_en="Eighty-one municipalities that responded")
    assert problems_for(package_copy) == [unsourced("key_figures.csv", 3, "label_en", "Eighty-one", "80")]


def test_one_is_read_after_tens_and_hundreds_but_alone_is_an_article():
    def read(text):
        return [(token, n) for token, n in numbers_in(text, "en")]
    assert read("eighty one, (twenty-one of them), one hundred and one, no one, one third") == [
        ("eighty one", 81), ("twenty-one", 21), ("one hundred and one", 101), ("one third", Fraction(1, 3))]
    assert read("Eighty municipalities, one of which") == [("Eighty", 80)]


def test_an_abbreviated_month_the_row_does_not_name_is_refused(package_copy):
    """The red team's repros: 'Sep.–Dec. 2021' beside 'oktober til december 2021', and 'Opening meeting (Oct.)' on a
    row whose dates are in September; the full names were refused, the abbreviations passed."""
    set_row(package_copy, "statements", {"statement_id": "survey_period"},
            statement_en="All municipalities were invited to take part in the mapping in Sep.–Dec. 2021.",
            statement_da="Alle kommuner blev inviteret til at deltage i kortlægningen i perioden sep.-dec. 2021.")
    set_row(package_copy, "timeline", {"step_no": "1"}, activity_en="Opening meeting (Oct.) on the nature of the study")
    assert sorted(problems_for(package_copy)) == [
        month("statements.csv", 3, "statement_da", "sep.", "september"),
        month("statements.csv", 3, "statement_en", "Sep.", "september"),
        month("timeline.csv", 2, "activity_en", "Oct.", "oktober", "source_quote")]


def test_abbreviated_months_are_read_where_they_are_written_as_months():
    row = {"source_quote": "Uge 39 (27 sep-1. okt)", "reference_period": "",
           "ok_en": "Sep.–Oct. 2021, Sept 2021, Oct 2021", "ok_da": "sep.-okt., okt 2021",
           "names_en": "Jan said Mar", "names_da": "inden jul. og Jan", "no_en": "Oct–Nov 2021", "no_da": "okt.-nov."}
    problems = {f: [dict(p.params)["month"] for p in prose.month_problems(row, f, ("source_quote",), "t", 2)]
                for f in row if f.endswith(("_en", "_da"))}
    assert problems == {"ok_en": [], "ok_da": [], "names_en": [], "names_da": [], "no_en": ["Nov"],
                        "no_da": ["nov."]}


def test_a_vulgar_fraction_is_read(package_copy):
    """'¾ of municipalities responded' beside a figure of 80 passed: '¾' was no number."""
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"},
            label_en="¾ of municipalities responded")
    assert problems_for(package_copy) == [unsourced("key_figures.csv", 3, "label_en", "¾", "80")]


def test_vulgar_fractions_as_numbers():
    assert numbers_in("¾ of them, 1½ years, ⅔ and ⅛", "en") == [
        ("¾", Fraction(3, 4)), ("1½", Fraction(3, 2)), ("⅔", Fraction(2, 3)), ("⅛", Fraction(1, 8))]
    assert numbers_in("⅓ af kommunerne, 2¼ mio.", "da") == [("⅓", Fraction(1, 3)), ("2¼", Fraction(9, 4))]
    assert prose._vouched(Fraction(1, 2), {Fraction(50)})  # '½' beside '50 pct.'


# --- red team 8, finding 2 (the rest): quarters, seasons, share words, Roman numerals, a hyphenated number --------------


def period(file, line, field, written, months, fields="source_quote/reference_period"):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Teksten nævner perioden '{written}' ({months}), men "
            f"hverken den eller en af dens måneder står i {fields}. Ret teksten, så den kun nævner perioder, som rækken "
            f"og dens kilde angiver. | line {line}, field {field}: The text names the period '{written}' ({months}), but "
            f"neither it nor one of its months is in {fields}. Fix the text so that it names only periods that the row "
            "and its source state.")


def share(file, line, field, word, quote_words):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Teksten siger '{word}', men citatet siger ikke "
            f"{quote_words}. Ret teksten, så den kun siger, hvad rækken og dens kilde angiver. | line {line}, field "
            f"{field}: The text says '{word}', but the quote does not say {quote_words}. Fix the text so that it says "
            "only what the row and its source state.")


EACH = "'alle'/'samtlige'/'hver'/'hvert'/'enhver'/'ethvert'/'de enkelte'/'det enkelte'/'den enkelte'"


def test_a_quarter_or_season_outside_the_rows_period_is_refused(package_copy):
    """The red team's repros: 'in the third quarter of 2021' and 'in spring 2021' beside 'oktober til december 2021',
    and a timeline row dated in September called 'Q4'; quarters and seasons were not read."""
    set_row(package_copy, "statements", {"statement_id": "survey_period"},
            statement_en="All municipalities were invited to take part in the mapping in the third quarter of 2021.",
            statement_da="Alle kommuner blev inviteret til at deltage i kortlægningen i foråret 2021.")
    set_row(package_copy, "timeline", {"step_no": "1"}, activity_en="Opening meeting (Q4) on the nature of the study")
    assert sorted(problems_for(package_copy)) == [
        period("statements.csv", 3, "statement_da", "foråret", "marts–maj"),
        period("statements.csv", 3, "statement_en", "third quarter", "juli–september"),
        period("timeline.csv", 2, "activity_en", "Q4", "oktober–december", "source_quote")]


def test_a_quarter_or_season_of_the_rows_months_passes():
    row = {"source_quote": "i perioden oktober til december 2021", "reference_period": "",
           "a_en": "in the fourth quarter (Q4, 2021Q4, 4th quarter) of 2021, in autumn and winter",
           "a_da": "i 4. kvartal, fjerde kvartal, 4. kvt., 2021K4, i efteråret og vinteren 2021",
           "b_en": "a quarter of the municipalities; Fall in the net cost; the spring of hope", "b_da": "Q1",
           "c_en": "in fall 2021", "c_da": "første kvartal"}
    found = {f: [dict(p.params)["period"] for p in prose.period_problems(row, f, ("source_quote",), "t", 2)]
             for f in row if f.endswith(("_en", "_da"))}
    assert found == {"a_en": [], "a_da": [], "b_en": ["spring"], "b_da": ["Q1"], "c_en": [], "c_da": ["første kvartal"]}
    named = {"source_quote": "i 3. kvartal og i sommeren", "x_en": "in Q3, in summer", "y_en": "in Q2"}
    assert [prose.period_problems(named, "x_en", ("source_quote",), "t", 2),
            [dict(p.params)["months"] for p in prose.period_problems(named, "y_en", ("source_quote",), "t", 2)]] == [
        [], ["april–juni"]]


def test_a_share_word_the_quote_does_not_say_is_refused(package_copy):
    """The red team's repro: 'All municipalities responded' beside 80 of 98; and 'every' in an example's text."""
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"},
            label_en="All municipalities responded", label_da="Samtlige kommuner svarede")
    set_row(package_copy, "examples", {"example_id": "besk-igu"},
            description_en="Consultants who help every refugee start an integration basic education (IGU).")
    assert sorted(problems_for(package_copy)) == [
        share("examples.csv", 2, "description_en", "every", EACH),
        share("key_figures.csv", 3, "label_da", "Samtlige", "'alle'/'samtlige'"),
        share("key_figures.csv", 3, "label_en", "All", "'alle'/'samtlige'")]


def test_share_words_are_read_as_the_quote_says_them():
    def words(text, quote, numbers=frozenset(), field="x_en"):
        row = {"source_quote": quote, field: text}
        return [dict(p.params)["word"] for p in prose.share_word_problems(row, field, numbers, "t", 2)]
    assert words("All municipalities were invited", "Alle kommuner er blevet inviteret") == []
    assert words("reported no initiative, none at all", "men ikke indberettet indsats") == []  # a negation
    assert words("none of them", "De 10 kommuner", {Fraction(0)}) == []  # a figure 0
    assert words("none of them", "De 10 kommuner", {Fraction(10)}) == ["none"]
    assert words("ingen kommuner", "Ud af de 98 kommuner har 80 responderet.", field="x_da") == ["ingen"]
    assert words("after all, above all, at all, a ball, allotted", "x") == []


def test_a_roman_numeral_is_refused_unless_the_quote_writes_it(package_copy):
    """The red team's repro: 'LXXXI municipalities that responded' beside a figure of 80 passed."""
    set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"},
            label_en="LXXXI municipalities that responded")
    set_row(package_copy, "examples", {"example_id": "besk-igu"},
            description_da="Konsulenter der skal få XII flere flygtninge i gang med en integrationsgrunduddannelse (IGU).")
    assert sorted(problems_for(package_copy)) == [
        unquoted("examples.csv", 2, "description_da", "XII"), unsourced("key_figures.csv", 3, "label_en", "LXXXI", "80")]


def test_roman_numerals_are_whole_capital_words_of_two_letters_or_more():
    assert prose._roman_numerals("LXXXI, XII, MMXXI, IV; I, V, Mix, IVC, XIIII, VIVE, ii", "") == [
        ("LXXXI", None), ("XII", None), ("MMXXI", None), ("IV", None)]
    assert prose._roman_numerals("Boks XII og IV", "jf. boks XII") == [("IV", None)]


def test_a_hyphenated_number_is_named_whole(package_copy):
    """'eighty-one' in an example's text is named as written, also with Unicode's (non-breaking) hyphen, which was
    read as 'eighty' and 'one' apart, so the message named only 'eighty'."""
    for hyphen in ("-", "\u2011", "\u2010"):
        set_row(package_copy, "examples", {"example_id": "besk-igu"},
                description_en=f"Consultants who help eighty{hyphen}one more refugees start an IGU.")
        assert problems_for(package_copy) == [unquoted("examples.csv", 2, "description_en", f"eighty{hyphen}one")]
    assert numbers_in("twenty\u2011two", "en") == [("twenty\u2011two", 22)]


# --- red team 10, finding 5: share words, number words and Roman numerals beyond the lists ----------------------------

NONE = "'ingen'/'intet'/'ikke'"
COUNTRY = "'hele landet'/'hele danmark'/'landsplan'/'landsdækkende'"
MANY = "'mange'/'talrige'/'utallige'/'adskillige'/'en lang række'"


def test_each_none_and_the_whole_country_are_refused_unless_the_quote_says_them(package_copy):
    """The red team's repros, in key_figures' municipalities_responding (80 of 98, quote 'Ud af de 98 kommuner har 80
    responderet.'): each passed."""
    repros = [("Each municipality responded", "Hver kommune svarede", "Each", "Hver", EACH, EACH),
              ("No municipality failed to respond", "Hele landet svarede", "No", "Hele landet", NONE, COUNTRY),
              ("Municipalities that responded (the whole country)", None, "the whole country", None, COUNTRY, None)]
    for label_en, label_da, word_en, word_da, said_en, said_da in repros:
        set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"}, label_en=label_en,
                label_da=label_da or "Kommuner der svarede")
        assert sorted(problems_for(package_copy)) == (
            [share("key_figures.csv", 3, "label_da", word_da, said_da)] if label_da else []) + [
            share("key_figures.csv", 3, "label_en", word_en, said_en)]


def test_counts_by_the_score_and_dozen_and_one_letter_numerals_are_read(package_copy):
    """The red team's repros: 'A score of' (20), 'Dozens of', 'L municipalities' (50), 'En snes' (20), 'Et dusin' (12)
    beside a figure of 80 passed; a Danish quantifier ('Mange') in a count figure's label passed too."""
    repros = [("A score of municipalities responded", "En snes kommuner svarede", "A score", "En snes"),
              ("Dozens of municipalities responded", "Et dusin kommuner svarede", "Dozens", "Et dusin"),
              ("L municipalities responded", None, "L", None)]
    for label_en, label_da, word_en, word_da in repros:
        set_row(package_copy, "key_figures", {"figure_id": "municipalities_responding"}, label_en=label_en,
                label_da=label_da or "Mange kommuner svarede")
        assert sorted(problems_for(package_copy)) == [
            unsourced("key_figures.csv", 3, "label_da", word_da, "80") if label_da
            else share("key_figures.csv", 3, "label_da", "Mange", MANY),
            unsourced("key_figures.csv", 3, "label_en", word_en, "80")]


def test_the_words_for_a_score_and_a_dozen():
    def read(text, lang):
        return numbers_in(text, lang)
    assert read("a score, two dozen, four score and seven, dozens of them, scores of them", "en") == [
        ("a score", 20), ("two dozen", 24), ("four score and seven", 87), ("dozens", None), ("scores", None)]
    assert read("the score, the scores were high", "en") == []
    assert read("en snes, to snese, et dusin, snesevis af, dusinvis, hundredvis, tusindvis", "da") == [
        ("en snes", 20), ("to snese", 40), ("et dusin", 12), ("snesevis", None), ("dusinvis", None),
        ("hundredvis", 100), ("tusindvis", 1000)]


def test_a_count_it_does_not_state_passes_where_the_quote_writes_it():
    row = {"value": "80", "value_text": "80", "source_quote": "snesevis af kommuner har svaret", "unit": "kommuner"}
    assert prose._text_problems(dict(row, label_en="Dozens of municipalities"), "label_en", {80}, "t", 2) == []
    assert prose._text_problems(dict(row, label_da="Snesevis af kommuner"), "label_da", {80}, "t", 2) == []
    assert [dict(p.params)["number"] for p in prose._text_problems(
        dict(row, label_da="Dusinvis af kommuner"), "label_da", {80}, "t", 2)] == ["Dusinvis"]


def test_a_one_letter_roman_numeral_counts_only_before_a_counted_noun():
    assert prose._roman_numerals("L municipalities, V kommuner, X integrationsindsatser, C people", "", "en") == [
        ("L", 50), ("C", 100)]
    assert prose._roman_numerals("V kommuner, X integrationsindsatser, I kommuner med over 50 kr.", "", "da") == [
        ("V", 5), ("X", 10)]  # Danish 'I' is the preposition
    assert prose._roman_numerals("Box L, vitamin C, I municipalities", "", "en") == [("I", 1)]
    row = {"value": "5", "value_text": "5", "source_quote": "5 kommuner", "label_en": "V municipalities"}
    assert prose._text_problems(row, "label_en", {5}, "t", 2) == []


def test_share_words_and_what_says_them():
    """The decisions, each beside a quote of the real data or of an attack."""
    def words(text, quote, numbers=frozenset(), field="x_en", unit=""):
        row = {"source_quote": quote, field: text, "unit": unit}
        return [dict(p.params)["word"] for p in prose.share_word_problems(row, field, numbers, "t", 2)]
    assert words("in whole DKK 1,000", "angivet i hele 1.000 kr.") == []
    assert words("each municipality's answers", "i de enkelte kommuners besvarelser") == []
    assert words("reported no initiative", "men ikke indberettet indsats") == []
    assert words("reported no initiative", "706 ikke-lovpligtige integrationsindsatser") == ["no"]  # no negation
    assert words("scaled to the whole country", "opregnes til landsplan") == []
    assert words("a total of 80 municipalities", "Der er i alt 80 kommuner") == []
    english = ["Nobody", "not a single one", "everyone", "entirely", "both", "Total"]
    assert [words(text, "x") for text in english] == [
        ["Nobody"], ["not a single"], ["everyone"], ["entirely"], ["both"], ["Total"]]
    assert words("No. 3, no more than 80, each other, on the whole, at all", "x") == []
    assert words("i hvert fald, alt i alt, i det hele taget", "x", field="x_da") == []
    danish = ["hvert år", "ikke en eneste", "ingenting", "begge", "fuldstændigt", "i alt", "alt"]
    assert [words(text, "i hvert fald", field="x_da") for text in danish] == [
        ["hvert"], ["ikke en eneste"], ["ingenting"], ["begge"], ["fuldstændigt"], ["i alt"], ["alt"]]


def test_a_quantifier_of_a_count_figure_must_be_said_in_its_quote():
    """In a count figure's label anywhere, in its other texts in the clause of a counted noun; other figures' texts
    ('a large share … but many may also need support') are not read for them."""
    def words(text, quote, field="label_en", unit="kommuner"):
        row = {"source_quote": quote, field: text, "unit": unit}
        return [dict(p.params)["word"] for p in prose.share_word_problems(row, field, set(), "t", 2)]
    quote = "Ud af de 98 kommuner har 80 responderet."
    assert words("Many municipalities responded", quote) == ["Many"]
    assert words("Municipalities that responded (most)", quote) == ["most"]
    assert words("A handful of municipalities", quote, unit="indsatser") == ["A handful"]
    assert words("De fleste kommuner svarede", quote, field="label_da") == ["fleste"]
    assert words("80 municipalities answered; several reported late", quote, field="statement_en") == []
    assert words("Several municipalities answered", quote, field="statement_en") == ["Several"]
    assert words("Several municipalities answered", quote, unit="mio_kr") == []
    assert words("Municipalities spending more than DKK 50", "bruger over 30 kommuner mere end 50 kr.") == []
    assert words("Many municipalities responded", "mange kommuner har svaret") == []


def test_a_pinned_share_holds_only_while_the_named_row_says_it(package_copy):
    """'Bruttoindtægter opregnet til hele landet' is said by national_expenditure's quote ('til landsplan')."""
    set_row(package_copy, "key_figures", {"figure_id": "national_expenditure"},
            source_quote="Det betyder, at kommunerne anvender samlet set ca. 350 mio. kr. på ikke-lovpligtige "
                         "integrationsindsatser", label_da="Bruttoudgifter", label_en="Gross expenditure")
    found = [p for p in problems_for(package_copy) if "key_figures.csv: linje 9," in p or "statements.csv: linje 14" in p]
    assert found == [share("key_figures.csv", 9, "label_da", "hele landet", COUNTRY),
                     share("key_figures.csv", 9, "label_en", "the whole country", COUNTRY),
                     share("statements.csv", 14, "statement_da", "hele landet", COUNTRY),
                     share("statements.csv", 14, "statement_en", "the whole country", COUNTRY)]
