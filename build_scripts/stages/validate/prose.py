"""The prose published beside the package's figures and in its English texts. Pure functions over the rows
floor.read_rows gives (tables: {resource: (header, [(line, row)])}, names: {resource: file name}).

- numbers_problems: a figure table's texts (statement_da/en, label_da/en: every `_da`/`_en` field of a table with
  value, value_text and source_quote) state only numbers the row vouches for. Each number in them, read as its
  language writes numbers (core.text.numbers_in: '318 mio. kr.', '1.234,5' in Danish; 'DKK 318 million',
  '1,234.5' in English; number words such as 'fem'/'five', 'niogfyrre'/'seventy-nine' and 'to hundrede', fractions
  and multiples such as 'halvdelen'/'half', 'en tredjedel'/'a third' and 'dobbelt'/'twice' too), must be
  - the row's value, or a number of its value_text (a fraction also as its per cent: 'half' beside '50 pct.');
  - a number of its source_quote, read the Danish way (the Danish price level '22-pl' also states 2022);
  - a year of its reference_period or price_level (the period the row says it is about: 'from 2017 to 2018');
  - a reference to a part of the source ('Afsnit 3', 'Box 2', 'figur 4 og 5'), which is no figure;
  - or one of ALSO_STATED, pinned here in code with the row of the package that states it.
  So a statement cannot say 2020 where its value and quote say 2021, in one edition only. A Roman numeral of two
  letters or more ('LXXXI') is refused unless the quote writes it; one of a letter before a counted noun ('L
  municipalities') is its number; a count the text does not state ('dozens', 'snesevis') is refused unless the
  quote writes it. Each month the text names ('oktober', 'October', 'okt.', 'Oct.') must be named in Danish in its
  source_quote or reference_period (month_problems); each quarter ('3. kvartal', 'third quarter', 'Q3') and season
  ('foråret', 'spring') named there as such or by one of its months (period_problems); and each word stating a share
  of all, none or a whole ('alle', 'hver', 'ingen', 'hele landet', 'all', 'each', 'no', 'the whole country': SHARES)
  said in the quote, as each quantifier of a count figure's noun phrase ('Many municipalities': QUANTIFIERS)
  (share_word_problems). The tables without figures are read the same way (quoted_prose_problems).
- danish_letter_problems: an `_en` text holds æ, ø or å only inside »…« (the pages stage marks those words
  lang="da") or in a Danish name the English edition marks itself: the language file's `source_names` and
  `other_language` names, and the names of the reference tables (municipalities, regions).
"""

import functools
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from build_scripts.core.text import COUNT_UNITS, UNIT_WORDS, UNSTATED_COUNTS, danish_number, excerpt, numbers_in
from build_scripts.stages.validate.problem import Problem

# Numbers a row's text states that neither its value nor its quote does, each pinned to the row of the package
# that states it (its value, value_text or a year of its reference_period), or to None where the quote says it
# in other words. A pull request can change the data but not these: the named row must still state the number.
ALSO_STATED = {
    # 'Indberettede bruttoudgifter (80 kommuner)': the municipalities that responded.
    ("key_figures", "reported_expenditure"): {80: ("key_figures", "municipalities_responding")},
    # 'To områders andel': the quote names the two areas ('dagtilbuds- og folkeskoleområdet samt
    # beskæftigelsesområdet').
    ("key_figures", "answer_two_areas_share"): {2: None},
    # 'Regnskabet for 2019 blev brugt, fordi …': the accounts year.
    ("statements", "accounts_year_reason"): {2019: ("statements", "accounts_year")},
    # '… fra oktober 2021 (tal for 2018)': the year of the net contribution the estimate gives.
    ("statements", "net_contribution_october_2021"): {2018: ("target_group", "net_cost_non_western_2018")},
}

# A number after the name of a part of a document is a reference to the source, not a figure: 'Afsnit 3',
# 'Boks 2', 'figur 4 og 5', 'Section 3', 'figures 4 and 5'.
PART_WORDS = ("afsnit", "boks", "figur", "figurerne", "bilag", "tabel", "fodnote", "kapitel", "section", "sections",
              "box", "figure", "figures", "appendix", "annex", "table", "tables", "footnote", "chapter")
PART_REFERENCE = re.compile(r"(?<!\w)(?:" + "|".join(PART_WORDS) + r")\s+[0-9]+(?:(?:\s*,\s*|\s+(?:og|and)\s+)[0-9]+)*"
                            r"(?![0-9])", re.IGNORECASE)
YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2})(?![0-9])")
# The Danish price level '22-pl' (2022 prices).
PRICE_LEVEL = re.compile(r"(?<![0-9])([0-9]{2})-pl\b")
# The months, as Danish and English name them (red team 7, finding 2a: 'November to December 2021' beside a quote
# of 'oktober til december 2021'). English month names are read only with their capital, so that 'may' is no month.
MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
# Their abbreviations (red team 8, finding 2: 'Sep.–Dec. 2021', 'Opening meeting (Oct.)'), each with the Danish month
# it names. Danish 'jul' is Christmas, so it is left out. In a text an abbreviation is a month where it is written as
# one: with its full stop, before a dash ('Sep–Dec') or before a year or day ('Oct 2021'); in a source it is read
# wherever it stands as a word ('Uge 36 (6.-10 sep)').
MONTH_ABBREVIATIONS = {
    "da": {"jan": "januar", "feb": "februar", "mar": "marts", "mrts": "marts", "apr": "april", "jun": "juni",
           "aug": "august", "sept": "september", "sep": "september", "okt": "oktober", "nov": "november",
           "dec": "december"},
    "en": {"Jan": "januar", "Feb": "februar", "Mar": "marts", "Apr": "april", "Jun": "juni", "Jul": "juli",
           "Aug": "august", "Sept": "september", "Sep": "september", "Oct": "oktober", "Nov": "november",
           "Dec": "december"}}
_ABBREVIATED = r"(?:{})(?:\.|(?=\s*[–-]|\s+[0-9]))"
MONTH_NAMES = {"da": re.compile(r"(?<!\w)(?:" + "|".join(MONTHS_DA) + "|" + _ABBREVIATED.format(
                   "|".join(MONTH_ABBREVIATIONS["da"])) + r")(?!\w)", re.IGNORECASE),
               "en": re.compile(r"(?<!\w)(?:" + "|".join(MONTHS_EN) + "|" + _ABBREVIATED.format(
                   "|".join(MONTH_ABBREVIATIONS["en"])) + r")(?!\w)")}
SOURCE_MONTHS = re.compile(r"(?<!\w)(?:" + "|".join(MONTHS_DA + tuple(MONTH_ABBREVIATIONS["da"])) + r")(?!\w)",
                           re.IGNORECASE)
ISO_MONTH = re.compile(r"(?<![0-9])[12][0-9]{3}-([0-9]{2})-[0-9]{2}(?![0-9])")
# Quarters and seasons (red team 8, finding 2: 'in the third quarter of 2021' and 'in spring 2021' beside a quote of
# 'oktober til december 2021'), each with the months it is (1-12): one the text names must be named in the row's
# sources as such, or by one of its months (period_problems), as a month must be named itself (month_problems). A
# quarter is written with an ordinal ('første kvartal', '3. kvartal', '3. kvt.', 'third quarter', '3rd quarter') or as
# Q3 (also '2021Q3', and Danish '2021K3'); 'a quarter' is a fraction (core.text), no period. The seasons are the
# Danish ones by month (forår March-May …); English 'fall' is the season only before a year ('fall 2021'), else it is
# a decline ('Fall in the net cost').
PERIOD_MONTHS = {"Q1": (1, 2, 3), "Q2": (4, 5, 6), "Q3": (7, 8, 9), "Q4": (10, 11, 12),
                 "forår": (3, 4, 5), "sommer": (6, 7, 8), "efterår": (9, 10, 11), "vinter": (12, 1, 2)}
QUARTER_ORDINALS = {"første": 1, "anden": 2, "andet": 2, "tredje": 3, "fjerde": 4, "first": 1, "second": 2, "third": 3,
                    "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
QUARTER_WORDS = {"da": re.compile(r"(?<!\w)(første|anden|andet|tredje|fjerde|[1-4]\.)\s*(?:kvartal|kvt\.)(?!\w)",
                                  re.IGNORECASE),
                 "en": re.compile(r"(?<!\w)(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?!\w)", re.IGNORECASE)}
QUARTER_CODES = {"da": re.compile(r"(?:(?<!\w)Q|(?<=[0-9]{4})[QK])([1-4])(?!\w)"),
                 "en": re.compile(r"(?:(?<!\w)|(?<=[0-9]{4}))Q([1-4])(?!\w)")}
SEASONS = {"da": {"forår": "forår", "foråret": "forår", "forårets": "forår", "sommer": "sommer", "sommeren": "sommer",
                  "sommerens": "sommer", "efterår": "efterår", "efteråret": "efterår", "efterårets": "efterår",
                  "vinter": "vinter", "vinteren": "vinter", "vinterens": "vinter"},
           "en": {"spring": "forår", "summer": "sommer", "autumn": "efterår", "winter": "vinter"}}
SEASON_WORDS = {lang: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)" + (r"|(?<!\w)fall(?=\s+(?:of\s+)?[12][0-9]{3})"
                                 if lang == "en" else ""), re.IGNORECASE) for lang, words in SEASONS.items()}
# Words that state a share of all, of none or of a whole (red team 8, finding 2: 'All municipalities responded' beside
# 80 of 98; red team 10, finding 5: 'Each municipality responded', 'No municipality failed to respond', 'Hver kommune
# svarede', 'Hele landet svarede', '(the whole country)'), held like numbers: each must be said in the row's quote
# (Danish, as the sources are) by one of the words of its kind (the keys below: what says it; the values: the words of
# each language that state it). A word of the quote says it only as a word of its own: the 'ikke' of
# 'ikke-lovpligtige' is no negation. 'ingen'/'no'/'none' are said by a negation ('ikke indberettet indsats') or by a
# figure 0 of the row; 'each' by 'de enkelte' too ('de enkelte kommuners besvarelser'); 'hele landet'/'the whole
# country' by the quote's 'landsplan' too; 'whole' by 'hele' ('i hele 1.000 kr.': 'in whole DKK 1,000').
ALL_SAID = ("alle", "samtlige")
EACH_SAID = ALL_SAID + ("hver", "hvert", "enhver", "ethvert", "de enkelte", "det enkelte", "den enkelte")
NONE_SAID = ("ingen", "intet", "ikke")
WHOLE_SAID = ("hele", "hel", "helt", "fuldt ud", "fuldstændig", "fuldstændigt")
COUNTRY_SAID = ("hele landet", "hele danmark", "landsplan", "landsdækkende")
TOTAL_SAID = ("i alt", "samlet", "samlede", "total", "totalt")
BOTH_SAID = ("begge", "både")
SHARES = {
    "da": {ALL_SAID: ("alle", "samtlige", "allesammen", "al", "alt"),
           EACH_SAID: ("hver", "hvert", "enhver", "ethvert", "hver eneste", "hvert eneste"),
           NONE_SAID: ("ingen", "intet", "ingenting", "aldrig", "hverken", "ikke en eneste", "ikke et eneste", "ikke én",
                       "ikke ét", "ikke nogen"),
           WHOLE_SAID: WHOLE_SAID, COUNTRY_SAID: COUNTRY_SAID, TOTAL_SAID: ("i alt", "samlet", "samlede", "totalt"),
           BOTH_SAID: ("begge",)},
    "en": {ALL_SAID: ("all", "everyone", "everybody", "everything"),
           EACH_SAID: ("every", "each", "every single"),
           NONE_SAID: ("no", "none", "nobody", "no one", "nothing", "never", "neither", "not a single", "not one",
                       "not any"),
           WHOLE_SAID: ("whole", "entire", "entirely", "wholly", "fully", "completely", "totally", "in full"),
           COUNTRY_SAID: ("the whole country", "the entire country", "whole country", "entire country",
                          "the whole of denmark", "all of denmark", "nationwide", "countrywide"),
           TOTAL_SAID: ("total", "in total", "in all"), BOTH_SAID: ("both",)}}
# What is no share although its words are: 'at all', 'after all', 'each other', 'on the whole', 'No. 3', 'no more
# than' (a bound, which the numbers rule reads), 'alt i alt', 'i det hele taget', 'i hvert fald' (in any case).
NO_SHARE = {"da": re.compile(r"(?<!\w)(?:alt\s+i\s+alt|i\s+det\s+hele\s+taget|i\s+hvert\s+fald)(?!\w)", re.IGNORECASE),
            "en": re.compile(r"(?<!\w)(?:(?:at|after|above)\s+all|all\s+in\s+all|each\s+other|on\s+the\s+whole|no\.|"
                             r"no\s+(?:longer|later|earlier|sooner|more|less|fewer))(?!\w)", re.IGNORECASE)}
# Lists always leak, so in the texts of a count figure (its unit one of COUNT_UNITS) every quantifier of the counted
# noun's phrase must be said in the quote as well (red team 10, finding 5: 'Dozens of municipalities responded'):
# in a label anywhere, in a statement in the clause of a counted noun ('Many municipalities responded, …').
MOST_SAID = ("fleste", "flest", "hovedparten", "størstedelen", "flertallet", "flertal", "majoriteten", "overvejende")
MANY_SAID = ("mange", "talrige", "utallige", "adskillige", "en lang række")
SOME_SAID = ("nogle", "nogen", "flere", "adskillige", "en række", "en del", "visse", "enkelte", "diverse")
FEW_SAID = ("få", "færre", "færrest", "enkelte", "en håndfuld")
MORE_SAID = ("flere", "mere", "over")
MINORITY_SAID = ("mindretal", "mindretallet", "minoriteten")
QUANTIFIERS = {
    "da": {MOST_SAID: MOST_SAID, MANY_SAID: MANY_SAID, SOME_SAID: SOME_SAID, FEW_SAID: FEW_SAID,
           MINORITY_SAID: MINORITY_SAID},
    "en": {MOST_SAID: ("most", "majority", "the bulk", "the greater part", "the larger part"),
           MANY_SAID: ("many", "numerous", "countless", "a lot", "lots", "plenty", "a large number", "a great number"),
           SOME_SAID: ("some", "several", "various", "multiple", "certain", "a number of", "sundry"),
           FEW_SAID: ("few", "a few", "fewer", "fewest", "handful", "a handful"),
           MORE_SAID: ("more",), MINORITY_SAID: ("minority",)}}


def _phrases(kinds: dict) -> tuple[re.Pattern, dict]:
    """A pattern of every word or phrase of `kinds` (the longest first), and what says each (lower case)."""
    said = {phrase: key for key, phrases in kinds.items() for phrase in phrases}
    alternatives = sorted(said, key=len, reverse=True)
    return (re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in alternatives)
                       + r")(?!\w)", re.IGNORECASE), said)


SHARE_WORDS = {lang: _phrases(kinds) for lang, kinds in SHARES.items()}
QUANTIFIER_WORDS = {lang: _phrases(kinds) for lang, kinds in QUANTIFIERS.items()}
# The nouns a count figure counts (its unit's words, core.text.UNIT_WORDS, in any form and compound: 'kommunerne',
# 'integrationsindsatser'; in English their names), before which a quantifier or a one-letter Roman numeral ('L
# municipalities', 50) counts them.
COUNTED = {"da": r"\w*(?:" + "|".join(sorted({re.sub(r"(?:er|e)$", "", word) for unit in COUNT_UNITS
                                               for word in UNIT_WORDS[unit]})) + r")\w*",
           "en": r"(?:municipalit(?:y|ies)|initiatives?|questions?|persons?|people|citizens?|inhabitants?|immigrants?|"
                 r"descendants?|refugees?|famil(?:y|ies)|foreigners?|adults?|child(?:ren)?|residents?)(?!\w)"}
CLAUSE = re.compile(r"[^.;:,()!?]+")
# A Roman numeral of one letter is read as its number where it stands as a word before a counted noun ('L kommuner'
# 50). Danish 'I' is the preposition ('I kommuner med …').
ROMAN_LETTERS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN_LETTER = {lang: re.compile(r"(?<!\w)([" + ("VXLCDM" if lang == "da" else "IVXLCDM") + r"])\s+(?=(?i:"
                                 + COUNTED[lang] + "))") for lang in ("da", "en")}
# Pinned like ALSO_STATED: a share a row's text states that its own quote says in other words, said by the quote of
# the row named here (while that quote says it). 'Bruttoindtægter opregnet til hele landet': the quote gives the
# estimate ('skønnes'), which the expenditure's row says is scaled 'til landsplan'; 'opregningen til hele landet':
# the quote names 'opregningen', the same row's.
ALSO_SAID = {("key_figures", "national_income"): {COUNTRY_SAID: ("key_figures", "national_expenditure")},
             ("statements", "scaling_uncertainty"): {COUNTRY_SAID: ("key_figures", "national_expenditure")}}
# A Roman numeral of two or more letters as a word of its own ('LXXXI municipalities'): a number the text writes,
# refused unless the quote has the same word (red team 8, finding 2). Capitals only, and only a well-formed numeral,
# so 'Mix' and 'IVC' are none.
ROMAN = re.compile(r"(?<!\w)(?=[MDCLXVI]{2,}(?!\w))M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?!\w)")
DANISH_LETTERS = re.compile(r"[\w-]*[æøå][\w-]*", re.IGNORECASE)
GUILLEMETS = re.compile(r"»[^»«]*«")


def _value(text: str) -> Fraction | None:
    try:
        return Fraction(Decimal(text)) if text else None
    except (InvalidOperation, ValueError):
        return None


def _row_numbers(row: dict) -> set:
    """The numbers a row vouches for by itself: its value, value_text and quote, the years of its periods."""
    numbers = {_value(row.get("value", ""))}
    for field in ("value_text", "source_quote"):
        numbers |= {number for _, number in numbers_in(row.get(field, ""), "da", articles=True)}
    numbers |= {Fraction(2000 + int(short)) for short in PRICE_LEVEL.findall(row.get("source_quote", ""))}
    for field in ("reference_period", "price_level"):
        numbers |= {Fraction(int(year)) for year in YEAR.findall(row.get(field, ""))}
    return numbers - {None}


def _pinned(resource: str, row_id: str, rows: dict, skip) -> set:
    """The numbers ALSO_STATED lets a row's text say, each only while the row it names still states it (or has a
    problem of its own, which is named instead)."""
    pinned = set()
    for number, at in ALSO_STATED.get((resource, row_id), {}).items():
        place, row = rows.get(at[0], {}).get(at[1], (None, None)) if at else (None, None)
        if at is None or place in skip or number in _stated_by(row):
            pinned.add(Fraction(number))
    return pinned


def _stated_by(row: dict | None) -> set:
    if row is None:
        return set()
    numbers = {_value(row.get("value", "")), danish_number(row.get("value_text", ""))}
    return numbers | {Fraction(int(year)) for year in YEAR.findall(row.get("reference_period", ""))}


def numbers_problems(tables: dict, names: dict, skip: set = frozenset()) -> list[Problem]:
    """Every number of a figure table's texts that the row does not vouch for (see the module's docstring); rows
    at (file, line) in `skip` (already named for another problem) are left out."""
    figure_tables = {res: table for res, table in tables.items()
                     if {"value", "value_text", "source_quote"} <= set(table[0])}
    by_id = {res: {row.get(header[0], ""): ((names[res], line), row) for line, row in rows}
             for res, (header, rows) in figure_tables.items()}
    problems = []
    for res, (header, rows) in figure_tables.items():
        texts = [field for field in header if field.endswith(("_da", "_en"))]
        for line, row in rows:
            if (names[res], line) in skip:
                continue
            vouched = _row_numbers(row) | _pinned(res, row.get(header[0], ""), by_id, skip)
            also = {said: by_id.get(at[0], {}).get(at[1], (None, {}))[1].get("source_quote", "")
                    for said, at in ALSO_SAID.get((res, row.get(header[0], "")), {}).items()}
            for field in texts:
                problems += _text_problems(row, field, vouched, names[res], line)
                problems += month_problems(row, field, ("source_quote", "reference_period"), names[res], line)
                problems += period_problems(row, field, ("source_quote", "reference_period"), names[res], line)
                problems += share_word_problems(row, field, vouched, names[res], line, also)
    return problems


def _text_problems(row: dict, field: str, vouched: set, name: str, line: int) -> list[Problem]:
    text = _figure_text(row.get(field, ""), field[-2:])
    quote_tokens = {token for token, _ in numbers_in(row.get("source_quote", ""), "da", articles=True)}
    for token, number in numbers_in(text, field[-2:]) + _roman_numerals(text, row.get("source_quote", ""), field[-2:]):
        if _vouched(number, vouched) or (number is None and _quoted(token, quote_tokens)):
            continue
        shown = row.get("value_text") or row.get("value") or "-"
        return [Problem("text_number_unsourced", name, line, field,
                        {"number": excerpt(token), "value_text": excerpt(shown)}, kind="text_number")]
    return []


def quoted_prose_problems(tables: dict, names: dict, skip: set = frozenset()) -> list[Problem]:
    """The texts of the tables with a source_quote but no figure (examples, policy_areas, timeline,
    questionnaire_fields, method_criteria): each number of a `_da`/`_en` text must be a number of the row's quote or
    of its other fields that are not prose (read the Danish way: a timeline's when_text 'Uge 36 (6.-10 sep)' and
    dates, a field's number), and each month it names must be named in the quote or be a month of its dates."""
    problems = []
    for res, (header, rows) in tables.items():
        if "source_quote" not in header or {"value", "value_text"} & set(header):
            continue
        texts = [field for field in header if field.endswith(("_da", "_en"))]
        plain = [field for field in header if field not in texts and field not in ("source_document", "source_location")]
        for line, row in rows:
            if (names[res], line) in skip:
                continue
            stated = {number for field in plain for _, number in numbers_in(row.get(field, ""), "da", articles=True)}
            dated = {MONTHS_DA[int(month) - 1] for field in plain
                     for month in ISO_MONTH.findall(row.get(field, "")) if 1 <= int(month) <= 12}
            for field in texts:
                problems += _quoted_text_problems(row, field, stated - {None}, names[res], line)
                problems += month_problems(row, field, ("source_quote",), names[res], line, dated)
                problems += period_problems(row, field, ("source_quote",), names[res], line, dated)
                problems += share_word_problems(row, field, stated, names[res], line)
    return problems


def _quoted_text_problems(row: dict, field: str, stated: set, name: str, line: int) -> list[Problem]:
    text = _figure_text(row.get(field, ""), field[-2:])
    quote_tokens = {token for token, _ in numbers_in(row.get("source_quote", ""), "da", articles=True)}
    for token, number in numbers_in(text, field[-2:]) + _roman_numerals(text, row.get("source_quote", ""), field[-2:]):
        if not (_vouched(number, stated) or (number is None and _quoted(token, quote_tokens))):
            return [Problem("text_number_unquoted", name, line, field, {"number": excerpt(token)},
                            kind="text_number")]
    return []


def month_problems(row: dict, field: str, sources: tuple, name: str, line: int, dated: set = frozenset()
                   ) -> list[Problem]:
    """The first month a text names that none of the row's `sources` fields names (in Danish), nor `dated`."""
    named = {_danish_month(month, "da") for source in sources for month in SOURCE_MONTHS.findall(row.get(source, ""))}
    named |= dated
    for month in MONTH_NAMES[field[-2:]].findall(row.get(field, "")):
        danish = _danish_month(month, field[-2:])
        if danish not in named:
            return [Problem("text_month_unsourced", name, line, field,
                            {"month": excerpt(month), "month_da": danish, "fields": "/".join(sources)},
                            kind="text_number")]
    return []


def period_problems(row: dict, field: str, sources: tuple, name: str, line: int, dated: set = frozenset()
                    ) -> list[Problem]:
    """The first quarter or season a text names that the row's `sources` fields (read in Danish) name neither as
    such nor by one of its months, and none of whose months is `dated` (Danish month names)."""
    source = " ".join(row.get(field_name, "") for field_name in sources)
    months = {MONTHS_DA.index(_danish_month(month, "da")) + 1 for month in SOURCE_MONTHS.findall(source)}
    months |= {MONTHS_DA.index(month) + 1 for month in dated}
    named = {period for _, period in _periods(source, "da")}
    for written, period in _periods(row.get(field, ""), field[-2:]):
        covered = PERIOD_MONTHS[period]
        if period not in named and not months & set(covered):
            shown = f"{MONTHS_DA[covered[0] - 1]}–{MONTHS_DA[covered[-1] - 1]}"
            return [Problem("text_period_unsourced", name, line, field,
                            {"period": excerpt(written), "months": shown, "fields": "/".join(sources)},
                            kind="text_number")]
    return []


def _periods(text: str, lang: str) -> list[tuple[str, str]]:
    """(as written, its key in PERIOD_MONTHS) of each quarter and season a text in `lang` names, in its order."""
    found = [(m.start(), m.group(), f"Q{QUARTER_ORDINALS.get(m.group(1).lower()) or m.group(1)[0]}")
             for m in QUARTER_WORDS[lang].finditer(text)]
    found += [(m.start(), m.group(), f"Q{m.group(1)}") for m in QUARTER_CODES[lang].finditer(text)]
    found += [(m.start(), m.group(), SEASONS[lang].get(m.group().lower(), "efterår"))  # 'fall' before a year
              for m in SEASON_WORDS[lang].finditer(text)]
    return [(written, period) for _, written, period in sorted(found)]


def share_word_problems(row: dict, field: str, numbers: set, name: str, line: int, also: dict | None = None
                        ) -> list[Problem]:
    """The first word of a text that states a share of all, none or a whole (SHARE_WORDS), or in a count figure's
    noun phrase a quantifier (QUANTIFIER_WORDS), that the row's quote does not say ('ingen'/'none' is also said by a
    figure 0 among the row's `numbers`; a share in `also` by the quote given there)."""
    lang, quote = field[-2:], row.get("source_quote", "")
    for written, said in _share_words(row.get(field, ""), lang, row.get("unit") in COUNT_UNITS, field.startswith("label")):
        if (_says(quote, said) or (also and said in also and _says(also[said], said))
                or (said is NONE_SAID and 0 in numbers)):
            continue
        return [Problem("text_share_unquoted", name, line, field,
                        {"word": excerpt(written), "quote_words": "/".join(f"'{word}'" for word in said)},
                        kind="text_number")]
    return []


def _share_words(text: str, lang: str, counted: bool, label: bool) -> list[tuple[str, tuple]]:
    """(as written, what says it) of each share word of a text, and of each quantifier of its count phrases if it is a
    count figure's (`counted`): a label's whole text, a statement's clauses that name a counted noun; in their order."""
    text = NO_SHARE[lang].sub(lambda match: " " * len(match.group()), text)
    pattern, said = SHARE_WORDS[lang]
    found = [(match.start(), match.group(), said[_phrase(match.group())]) for match in pattern.finditer(text)]
    if counted:
        pattern, said = QUANTIFIER_WORDS[lang]
        spans = [(0, len(text))] if label else [clause.span() for clause in CLAUSE.finditer(text)
                                                if re.search(COUNTED[lang], clause.group(), re.IGNORECASE)]
        found += [(match.start(), match.group(), said[_phrase(match.group())])
                  for start, end in spans for match in pattern.finditer(text, start, end)]
    return [(written, says) for _, written, says in sorted(found)]


def _phrase(written: str) -> str:
    return " ".join(written.lower().split())


def _says(quote: str, said: tuple) -> bool:
    """Whether a quote says one of the words or phrases `said`, each as words of their own ('ikke-lovpligtige' says
    no 'ikke'), outside what is no share ('i hvert fald')."""
    quote = NO_SHARE["da"].sub(" ", quote)
    return any(re.search(r"(?<![\w-])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w-])", quote,
                         re.IGNORECASE) for phrase in said)


def _figure_text(text: str, lang: str) -> str:
    """A text without what holds digits but states no figure: references to the source ('Afsnit 3') and quarters
    ('3. kvartal', 'Q3'), which period_problems holds to the row's period."""
    for pattern in (PART_REFERENCE, QUARTER_WORDS[lang], QUARTER_CODES[lang]):
        text = pattern.sub(" ", text)
    return text


def _roman_numerals(text: str, quote: str, lang: str = "en") -> list[tuple[str, Fraction | None]]:
    """Each Roman numeral of two or more letters (ROMAN) a text writes that its quote does not write as a word, as a
    number no row vouches for; and each of one letter before a counted noun (ROMAN_LETTER), as the number it is."""
    numerals = [(numeral, None) for numeral in ROMAN.findall(text) if numeral not in ROMAN.findall(quote)]
    return numerals + [(letter, Fraction(ROMAN_LETTERS[letter])) for letter in ROMAN_LETTER[lang].findall(text)]


def _quoted(token: str, quote_tokens: set) -> bool:
    """A number a text writes without stating it (a Roman numeral, 'dozens') that the quote writes too: the same
    word, or for a count it does not state (core.text.UNSTATED_COUNTS) the Danish word for it."""
    words = {word.lower() for word in quote_tokens}
    return token in quote_tokens or any(word in words for lang in UNSTATED_COUNTS
                                        for word in UNSTATED_COUNTS[lang].get(token.lower(), ()))


def _danish_month(month: str, lang: str) -> str:
    """The Danish name of a month as a text writes it: 'oktober', 'October', 'Oct.', 'okt' are all 'oktober'."""
    word = month.rstrip(".") if lang == "en" else month.rstrip(".").lower()
    if lang == "en":
        return MONTHS_DA[MONTHS_EN.index(word)] if word in MONTHS_EN else MONTH_ABBREVIATIONS["en"][word]
    return MONTH_ABBREVIATIONS["da"].get(word, word)


def _vouched(number: Fraction | None, vouched: set) -> bool:
    """A number the row vouches for; a fraction ('halvdelen', 'a third') also as a per cent of it ('50 pct.'), and a
    per cent as the fraction ('halvdelen' in the quote vouches for '50 pct.')."""
    if number is None:
        return False
    return (number in vouched or (0 < number < 1 and number * 100 in vouched)
            or (0 < number < 100 and number / 100 in vouched))


def danish_letter_problems(tables: dict, names: dict, allowed_names) -> list[Problem]:
    """Every `_en` text with a word of æ, ø or å outside »…« and outside the Danish names the English edition marks
    (`allowed_names`, with the names of ref_municipalities and ref_regions added here)."""
    allowed = set(allowed_names)
    for res, field in (("ref_municipalities", "name"), ("ref_regions", "name_da")):
        allowed |= {row.get(field, "") for _, row in tables.get(res, ([], []))[1]}
    known = sorted((name for name in allowed if name), key=len, reverse=True)
    names_pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in known)) if known else None
    problems = []
    for res, (header, rows) in tables.items():
        for field in (f for f in header if f.endswith("_en")):
            for line, row in rows:
                word = _danish_word(row.get(field, ""), names_pattern)
                if word:
                    problems.append(Problem("english_text_danish_word", names[res], line, field,
                                            {"word": excerpt(word)}, kind="danish_in_english"))
    return problems


# Keyed by the text and the pattern of the Danish names it may hold (a compiled pattern is equal to another of the
# same text and flags), all the word found depends on: validate reads the same English texts every time, and a
# search with some hundred names at each place of each text cost a test run's validate 0.035 s.
@functools.lru_cache(maxsize=16384)
def _danish_word(text: str, names_pattern: re.Pattern | None) -> str | None:
    """The first word of æ, ø or å of an English text outside »…« and the names `names_pattern` finds; None if none."""
    rest = GUILLEMETS.sub(" ", text)
    rest = names_pattern.sub(" ", rest) if names_pattern else rest
    word = DANISH_LETTERS.search(rest)
    return word.group() if word else None
