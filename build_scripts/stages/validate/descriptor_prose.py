"""The prose of datapackage.json held to the package (red team 9, finding 4). Pure functions over the descriptor and
the rows floor.read_rows gives (tables: {resource: (header, [(line, row)])}, names: {resource: file name}).

The texts read: the package's `title`/`description` (Danish) and `title_en`/`description_en`; each resource's
`title` ('Dansk / English': each part in its language), `description` (English, as the project writes it; Danish
where the resource also has a `description_en`) and `description_en`; each field's `description` and `title`
(English). Each number in them, read as its language writes numbers (core.text.numbers_in: digits and number words,
'seven', 'niogfyrre'), is held to what the package states, by the first rule that applies:

1. A year after 'regnskab'/'regnskabet for'/'regnskabsår'/'accounts'/'accounts year' or a synonym ('fiscal (year)',
   'financial year', 'finansår', 'FY2019', 'R2019'), later in the clause of a noun of the accounts year ('regnskabsåret
   … for 2019', 'the financial year, which is 2019'), or before 'regnskab(et)'/'accounts' ('the 2019 accounts'), is
   the accounts year: the value of statements.csv's row accounts_year. A year before '-pl'/'priser'/'prices'/'price
   level'/'kroner', or after 'prices of'/'pris- og lønniveau for', is the price level: statements.csv's
   price_level_year and the years of the figure tables' price_level ('2022-pl'; '22-pl' is 2022). These two hold
   inside quotes too. A year that another word gives a role ('budget 2018', 'B2018', 'the 2018 budget', 'survey year
   2018', 'skoleåret 2021': any noun of a year but the plain ones, 'the year', 'kalenderåret', 'halvåret') is refused
   outside quotes: the package states only the accounts year and the price level, and no budget or other year.
   Every other rule leaves out what stands in quotes ('…', "…", »…«, “…”, `…`: an example of a cell, a source's
   words, a name of the code),
   a reference to a part of a source ('boks 1', 'table 1', 'bilag 2': prose.PART_REFERENCE) and the digits of a
   name ('FOLK1A').
2. A day before (or after) a month name ('1 January', '10. februar') is a date the package states: a date in its
   tables (date, date_from, date_to, date_published, reference_period, a value_text such as '13. januar 2023').
3. A count: a number before one of the nouns of COUNTED ('98 kommuner', 'the six policy areas', 'ten fields', '80
   responding municipalities': at most two words between, none of them a small word such as 'of' or 'the'; a
   Danish compound counts: 'integrationsindsatser') is one of the values COUNTED allows for that noun: the row count
   of the table the noun names, the figures whose unit counts it, the columns that count it. In 'N af M kommuner' /
   'N of M municipalities' / 'N ud af M' both N and M count the noun, so '79 af 98 kommuner' is refused: 79 is no
   count of municipalities the package states (80 responded).
   A share word right before the count ('all 98 municipalities', 'alle de 98 kommuner', 'each of the five regions':
   SHARE) states the noun's full count, the rows of its table (98, 5); with words between ('all 80 responding
   municipalities') it states the count of that part, and the rule above holds. A count of municipalities that
   responded - a response verb after the noun in its clause ('98 municipalities reported'), right before the count
   ('svarede alle 98 kommuner') or between count and noun ('98 responding municipalities'): RESPONSE - is a number of
   regions.csv's municipalities_responding or their sum (80); the M of 'N of M municipalities responded' is the base,
   not the count that responded. A share word before municipalities with no number ('All municipalities reported',
   'hver kommune svarede') states that the full count responded, and is refused unless the package says so.
   A number before another plural noun (English: at most one word between; Danish: none) counts it too, unless a word
   of a measure stands there (MEASURES: 'per cent', 'years', 'decimaler'): a noun that no table's name or title and
   no unit's label names ('seven sectors', 'syv sektorer') is no count the package states; one they name ('two
   figures', '825,080 persons') must be one of the package's counts (the rows of its tables, its figures in a
   COUNT_UNITS unit) or a number of the text's own (a field's constraints: '250 characters').
4. Any other year (1800-2099 written in digits) is a year the package states: a year of those dates and periods, of
   a value_text or price_level, or the value of a figure in the unit year. This rule stays (red team 10, finding 4):
   the real texts state years that only a row's period places ('net contribution 2018', "KORA's 2012 estimate",
   'the mapping in 2021', 'ISO week of 2021'); placing those too would need the rows' labels as another word list.
   What let 'fiscal year 2018' and 'budget 2018' pass was the role the text gives the year, which rule 1 now reads.
5. Any other number is a figure the package states: the value or value_text of a row of a table with a source_quote,
   or a number in a number column of such a table (a fraction also as its per cent, as prose.py reads them); in a
   field's description also a number of its own constraints (maxLength 250, minimum 101, the {4} of a pattern) or a
   code of its column written alone ('081'); in a resource's texts also a number its own `sources` cite (the DAGI
   edition '1:500,000, 2014').
The first number of a text that no rule allows is one problem, naming the JSON location ('resources[16].description')
and the number.

The titles of the package's and each resource's `sources`, `licenses` and `contributors` are read too, in the
language whose month names they write ('10. februar 2023'), else in both, and refused only if neither reading allows
them (a source's title is in the source's language: '1:500.000' or '1:500,000'):
- a source's or contributor's title is a name. Rules 1-4 hold (its accounts year, price level, dates, counts and
  years: 'Kommunernes ikke-lovpligtige integrationsindsatser (2022)' must be a year the package states), and a year
  may also be that of a source's own date, a date YYYY-MM-DD that a source's title writes (the DAGI edition
  '2014-02-13': its '(2014)' in the package's sources). Rule 5 does not: any other number is part of the name, which
  the package cannot state (a document number 'Svar på spørgsmål nr. 1', a scale '1:500.000', 'den 1. i
  kvartalet');
- a license's title is held by all five rules, and may also state the numbers of the license's own `name` and
  `path` (the version '4.0' of CC-BY-4.0).
"""

import functools
import re
from dataclasses import dataclass, field
from fractions import Fraction

from build_scripts.core.lang import Phrase
from build_scripts.core.text import VULGAR_FRACTIONS, danish_number, excerpt, numbers_in
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.prose import MONTHS_DA, MONTHS_EN, PART_REFERENCE, YEAR, _vouched

# A Danish noun may end a compound ('integrationsindsatser', 'tilbudsområder'); an English one stands alone.
_DA = r"[^\W\d_]*?"
# What a counted noun may be, by the noun: (its forms in Danish and English, as a pattern; the tables whose row count
# it may state; the units of the figures that count it; the (table, column) whose numbers count it). A count of
# municipalities is 98 (the reference table's rows: the municipalities asked), a key figure in the unit kommuner (80
# responded, 10 reported none, …) or a region's count (regions.csv, ref_regions.csv); a count of policy areas is the
# rows of policy_areas.csv; of fields, the questionnaire's fields (rows of questionnaire_fields.csv).
COUNTED = {
    "kommuner": (_DA + r"kommuner(?:ne)?|municipalities", ("ref_municipalities",), ("kommuner",),
                 (("regions", "municipalities"), ("regions", "municipalities_responding"),
                  ("ref_regions", "municipalities"))),
    "regioner": (_DA + r"regioner(?:ne)?|regions", ("ref_regions",), (), ()),
    "omraader": (_DA + r"områder(?:ne)?|(?:policy\s+)?areas", ("policy_areas",), (), ()),
    "felter": (_DA + r"felter(?:ne)?|fields", ("questionnaire_fields",), (), ()),
    "spoergsmaal": (_DA + r"spørgsmål(?:ene)?|questions", (), ("spoergsmaal",), ()),
    "indsatser": (_DA + r"indsatser(?:ne)?|initiatives", (), ("indsatser",), ()),
    "eksempler": (_DA + r"eksempler(?:ne)?|examples", ("examples",), (), ()),
    "dokumenter": (_DA + r"(?:dokumenter|kilder)(?:ne)?|documents|sources", ("sources",), (), ()),
    "kriterier": (_DA + r"kriterier(?:ne)?|criteria", ("method_criteria",), (), ()),
}
# Small words that end the words between a number and its noun: '2019 accounts of the municipalities' counts none.
SMALL_WORDS = ("af", "i", "for", "fra", "til", "med", "og", "eller", "de", "den", "det", "der", "som", "om", "på",
               "pr", "per", "hver", "of", "in", "from", "to", "with", "and", "or", "the", "that", "which", "on",
               "at", "by", "each", "as", "is", "are", "er")
_NOUNS = "|".join(f"(?P<{key}>{pattern})" for key, (pattern, *_) in COUNTED.items())
_SMALL = "|".join(SMALL_WORDS)
NOUN_AFTER = re.compile(r"(?:[\s-]+(?!(?:" + _SMALL + r")(?!\w))[^\W\d_][\w'’-]*){0,2}?[\s-]+(?:" + _NOUNS
                        + r")(?!\w)", re.IGNORECASE)
OUT_OF = re.compile(r"\s+(?:ud\s+af|out\s+of|af|of)\s+(?:(?:de|the|alle|all)\s+)?", re.IGNORECASE)
# The units whose figures count something (their values are counts, as the tables' row counts are).
COUNT_UNITS = tuple(unit for _, _, units, _ in COUNTED.values() for unit in units) + ("personer",)
# The column whose numbers count the municipalities that responded (one a region), and whose sum is all that did.
RESPONDED = ("regions", "municipalities_responding")
# A share word states the full count of the noun it stands before: 'all 98 municipalities', 'alle de 98 kommuner'.
SHARE = r"all|every|each|alle|samtlige|hver|hvert|enhver"
SHARE_BEFORE = re.compile(r"(?<!\w)(" + SHARE + r")(?:\s+(?:of|af))?(?:\s+(?:the|de|disse|these))?\s+$", re.IGNORECASE)
SHARE_NOUN = re.compile(r"(?<!\w)(" + SHARE + r")(?:\s+(?:of|af))?(?:\s+(?:the|de|disse|these))?\s+"
                        r"(?:kommuner(?:ne)?|kommune|municipalit(?:y|ies))(?!\w)", re.IGNORECASE)
# What the municipalities did that the package counts apart from the full count: they responded (80 of 98).
RESPONSE = (r"(?:respond(?:ed|ing)?|report(?:ed|ing)|answer(?:ed|ing)|repl(?:ied|ying)|participat(?:ed|ing)|"
            r"took\s+part|taken\s+part|submitt(?:ed|ing)|svarede|svaret|svarende|besvarede|besvaret|indberettede|"
            r"indberettet|indberettende|deltog|deltaget|deltagende|responderede|responderet|responderende|indsendte|"
            r"indsendt)")
RESPONSE_WORD = re.compile(r"(?<!\w)" + RESPONSE + r"(?!\w)", re.IGNORECASE)
RESPONSE_AFTER = re.compile(r"(?:\s+[^\W\d_][\w'’-]*){0,4}?\s+" + RESPONSE + r"(?!\w)", re.IGNORECASE)
RESPONSE_BEFORE = re.compile(r"(?<!\w)" + RESPONSE + r"\s+$", re.IGNORECASE)
# A number before a plural noun that COUNTED does not name counts it ('seven sectors', 'syv sektorer'), unless a word
# of a measure stands there ('14 per cent', '2 decimals', '10 years', '5 millioner'): in English at most one word
# between ('seven large sectors'), in Danish none (a verb ends in -er too: 'de to tal måler'). Such
# a noun is counted by the package only if a table's name or title or a unit's label names it ('figures', 'persons'):
# then the number is one of the package's counts; a noun that nothing names ('sectors') is no count the package states.
PLURAL = {"en": r"[^\W\d_]*[^\W\d_sui]s", "da": r"[^\W\d_]+(?:e|er|erne|ene)"}
MEASURES = {"cent", "percent", "procent", "points", "procentpoint", "procentpoints", "kroner", "millions", "millioner",
            "billions", "milliarder", "thousands", "tusinde", "hundreds", "hundrede", "decimals", "decimaler", "times",
            "gange", "years", "months", "måneder", "weeks", "uger", "days", "dage", "hours", "timer", "minutes",
            "minutter", "inhabitants", "indbyggere", "residents", "kilometres", "kilometers", "meters", "metres"}
NOT_NOUNS = {"was", "has", "does", "its", "his", "yes", "thus", "always", "plus", "minus", "less", "unless", "versus",
             "whereas", "ikke", "også", "mere", "flere", "færre", "disse", "alle", "være", "blive", "havde", "hele",
             "mange", "nogle", "andre", "samme", "egne", "hvorefter", "siden", "inde", "ude", "oppe", "nede"}
PLURAL_ENDINGS = ("erne", "ene", "er", "es", "s", "e", "r")
OTHER_NOUN = {lang: re.compile(r"((?:[\s-]+(?!(?:" + _SMALL + r")(?!\w))[^\W\d_][\w'’-]*)" + between + r")[\s-]+("
                               + PLURAL[lang] + r")(?!\w)", re.IGNORECASE) for lang, between in (("en", "?"), ("da", "{0}"))}
# The accounts year, by what names it: 'regnskab 2019', 'fiscal 2019', 'FY 2019', 'accounts of 2019', or a noun of the
# accounts year and the year later in its clause ('regnskabsåret … for 2019', 'the financial year, which is 2019').
ACCOUNTS_WORD = (r"regnskab(?:et|sår(?:et)?)?|accounts?|accounting(?:\s+year)?|(?:fiscal|financial)(?:\s+year)?|"
                 r"finansår(?:et)?|FY|(?-i:R)")
ACCOUNTS_YEAR = r"regnskabsår(?:et)?|(?:accounts|accounting|fiscal|financial)\s+year|finansår(?:et)?"
CLAUSE_WORDS = r"(?:[\s,…]+(?!(?:" + ACCOUNTS_WORD + r")(?!\w))[^\W\d_][\w'’-]*){0,5}?[\s,…]+$"
ACCOUNTS_BEFORE = re.compile(r"(?<!\w)(?:(?:" + ACCOUNTS_WORD + r")(?:\s+(?:for|of|year|fra|from|er|is|was|var))?"
                             r"[\s-]*$|(?:" + ACCOUNTS_YEAR + r")" + CLAUSE_WORDS + ")", re.IGNORECASE)
ACCOUNTS_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?:regnskab\w*|accounts?\b|accounting\b)", re.IGNORECASE)
PRICE_BEFORE = re.compile(r"(?:pris-\s+og\s+lønniveau(?:et)?|prisniveau(?:et)?|price(?:\s+and\s+wage)?\s+level|"
                          r"prices|priser)\s+(?:(?:for|of|in|i)\s+)?$", re.IGNORECASE)
PRICE_AFTER = re.compile(r"\s*-\s*pl\b|(?:\s*-\s*|\s+)(?:pris(?:er|niveau\w*)?\b|prices?\b|kroner\b|niveau\w*|"
                         r"DKK\b|kr\b)", re.IGNORECASE)
# A year that a word names a role the package states no year of: a budget ('budget 2018', 'B2018', 'the 2018
# budget'), or any other noun of a year ('survey year 2018', 'skoleåret 2018', 'indberetningsår 2018'); the plain
# ones ('the year 2021', 'kalenderåret', 'halvåret', 'foråret') state only a year.
PLAIN_YEAR = r"(?:(?:the|a|an|this|that|same|each|every|per|calendar|reference|half)\s+)?year|" \
             r"(?:kalender|reference|halv|for|efter)?år(?:et)?"
ROLE_BEFORE = re.compile(r"(?<!\w)(?!(?:" + PLAIN_YEAR + r")(?!\w))((?:[^\W\d_]+\s+)?year|[^\W\d_]{3,}[se]år(?:et)?|"
                         r"budget\w*|(?-i:B))(?:\s+(?:for|of|er|is|was|var))?[\s-]*$", re.IGNORECASE)
ROLE_AFTER = re.compile(r"(?:\s*-\s*|\s+)(budget\w*)", re.IGNORECASE)
# Budget years and accounts years written as a name: 'FY2018', 'B2018', 'R2019' read as 'FY 2018', 'B 2018'.
YEAR_NAME = re.compile(r"(?<!\w)((?i:FY)|B|R)-?((?:19|20)[0-9]{2})(?!\w)")
# A word with a digit in it is a name, not a number ('FOLK1A'); a vulgar fraction is no letter.
NAME_WITH_DIGITS = re.compile(r"(?<!\w)(?=\w*[^\W\d_" + VULGAR_FRACTIONS + r"])(?=\w*\d)\w+")
QUOTED = re.compile(r"»[^»«]*«|“[^”]*”|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)|`[^`]*`")
DAY_MONTH = {"da": re.compile(r"(?<![0-9])([0-9]{1,2})\.?\s+(" + "|".join(MONTHS_DA) + r")(?!\w)", re.IGNORECASE),
             "en": re.compile(r"(?<![0-9])([0-9]{1,2})\s+(" + "|".join(MONTHS_EN) + r")(?!\w)|(?<!\w)("
                              + "|".join(MONTHS_EN) + r")\s+([0-9]{1,2})(?![0-9])")}
ISO_DATE = re.compile(r"(?<![0-9])([12][0-9]{3})-([0-9]{2})-([0-9]{2})(?![0-9])")
DATE_FIELDS = ("date", "date_from", "date_to", "date_published", "reference_period", "value_text", "price_level")


@dataclass
class Facts:
    """What the package states, computed from its rows."""
    accounts: set = field(default_factory=set)
    prices: set = field(default_factory=set)
    years: set = field(default_factory=set)
    dates: set = field(default_factory=set)       # (month 1-12, day)
    figures: set = field(default_factory=set)
    counts: dict = field(default_factory=dict)    # COUNTED key -> set of numbers
    full: dict = field(default_factory=dict)      # COUNTED key -> (its table's row count, the table's file)
    responded: set = field(default_factory=set)   # the counts of municipalities that responded
    every_count: set = field(default_factory=set)  # every table's row count, every figure in a count unit
    named: set = field(default_factory=set)       # the stems of the words of the tables' names and titles, units' labels
    where: dict = field(default_factory=dict)     # 'accounts'/'prices' -> where the package states them


def _number(text: str) -> Fraction | None:
    try:
        return Fraction(text) if text else None
    except (ValueError, ZeroDivisionError):
        return None


def _statement(tables: dict, statement_id: str, name: str, skip) -> set:
    return {_number(row.get("value", "")) for line, row in tables.get("statements", ([], []))[1]
            if row.get("statement_id") == statement_id and (name, line) not in skip} - {None}


def facts(descriptor: dict, tables: dict, names: dict, skip=frozenset()) -> Facts:
    """The accounts year, the price level, the years, dates, figures and counts the package states. A statement of
    the accounts year or price level at (file, line) in `skip` (named for another problem) states none."""
    statements = names.get("statements", "statements.csv")
    found = Facts(accounts=_statement(tables, "accounts_year", statements, skip),
                  prices=_statement(tables, "price_level_year", statements, skip))
    found.where = {"accounts": f"{statements}, accounts_year",
                   "prices": f"{statements}, price_level_year / price_level"}
    types = {res.get("name"): {f.get("name"): f.get("type") for f in res.get("schema", {}).get("fields", [])}
             for res in descriptor.get("resources", [])}
    for res, (header, rows) in tables.items():
        for _, row in rows:
            _row_dates(row, found)
            if row.get("unit") == "year" and _number(row.get("value", "")):
                found.years.add(_number(row["value"]))
            if "source_quote" in header:
                found.figures |= _row_figures(row, types.get(res, {}))
    found.prices |= {Fraction(int(year)) for _, rows in (t for t in tables.values() if "price_level" in t[0])
                     for _, row in rows for year in YEAR.findall(row.get("price_level", ""))}
    found.counts = {key: _counts(tables, *spec[1:]) for key, spec in COUNTED.items()}
    _full_counts(found, tables, names)
    words = [str(res.get(key, "")) for res in descriptor.get("resources", []) for key in ("name", "title")]
    words += [row.get(key, "") for _, row in tables.get("units", ([], []))[1] for key in ("label_da", "label_en")]
    found.named = {_stem(word) for text in words for word in re.findall(r"[^\W\d_]{4,}", text)}
    return found


def _stem(word: str) -> str:
    """A word without its plural ending, in lower case: 'sectors' and 'sector' are 'sector', 'sektorer' 'sektor'."""
    word = word.lower()
    return next((word[:-len(end)] for end in PLURAL_ENDINGS if word.endswith(end) and len(word) > len(end) + 2), word)


def _names(stem: str, named: set) -> bool:
    """Whether a noun's stem is named by a table or unit: the same stem, or one ends the other (a Danish compound:
    'kategori' of 'svarkategorier')."""
    return stem in named or any(len(min(stem, word, key=len)) >= 5 and (stem.endswith(word) or word.endswith(stem))
                                for word in named)


def _full_counts(found: Facts, tables: dict, names: dict) -> None:
    """Each counted noun's full count (its table's rows), the municipalities that responded (RESPONDED's numbers and
    their sum) and every count the package states (the rows of each table, the figures in a COUNT_UNITS unit)."""
    found.full = {key: (Fraction(len(tables[spec[1][0]][1])), names.get(spec[1][0], spec[1][0]))
                  for key, spec in COUNTED.items() if spec[1] and spec[1][0] in tables}
    table, column = RESPONDED
    each = [danish_number(row.get(column, "")) for _, row in tables.get(table, ([], []))[1]]
    each = [number for number in each if number is not None]
    found.responded = set(each) | ({sum(each)} if each else set())
    found.where["responded"] = f"{names.get(table, table)}, {column}"
    found.every_count = {Fraction(len(rows)) for _, rows in tables.values()} | _counts(tables, (), COUNT_UNITS, ())
    found.every_count |= {number for numbers in found.counts.values() for number in numbers}


def _row_dates(row: dict, found: Facts) -> None:
    for name in DATE_FIELDS:
        value = row.get(name, "")
        found.years |= {Fraction(int(year)) for year in YEAR.findall(value)}
        for _, month, day in ISO_DATE.findall(value):
            found.dates.add((int(month), int(day)))
        for day, month in DAY_MONTH["da"].findall(value):
            found.dates.add((MONTHS_DA.index(month.lower()) + 1, int(day)))


def _row_figures(row: dict, types: dict) -> set:
    numbers = {_number(row.get("value", ""))}
    numbers |= {number for _, number in numbers_in(row.get("value_text", ""), "da")}
    numbers |= {danish_number(row.get(name, "")) for name, kind in types.items() if kind in ("integer", "number")}
    return numbers - {None}


def _counts(tables: dict, row_tables: tuple, units: tuple, columns: tuple) -> set:
    counts = {Fraction(len(tables[name][1])) for name in row_tables if name in tables}
    for header, rows in tables.values():
        if "unit" in header:
            counts |= {_number(row.get("value", "")) for _, row in rows if row.get("unit") in units}
    for name, column in columns:
        counts |= {danish_number(row.get(column, "")) for _, row in tables.get(name, ([], []))[1]}
    return counts - {None}


# --- the texts ------------------------------------------------------------------------------------------------------


def texts(descriptor: dict):
    """(JSON location, text, language, the resource and field it describes) of every text the rules read."""
    for key, lang in (("title", "da"), ("description", "da"), ("title_en", "en"), ("description_en", "en")):
        if isinstance(descriptor.get(key), str):
            yield key, descriptor[key], lang, None, None
    for i, res in enumerate(descriptor.get("resources", [])):
        where = f"resources[{i}]"
        title = res.get("title")
        if isinstance(title, str):
            parts = title.split(" / ")
            for part, lang in zip(parts, ("da", "en") if len(parts) == 2 else ("en",) * len(parts)):
                yield f"{where}.title", part, lang, res, None
        for key in ("description", "description_en"):
            if isinstance(res.get(key), str):
                lang = "da" if key == "description" and "description_en" in res else "en"
                yield f"{where}.{key}", res[key], lang, res, None
        for j, fld in enumerate(res.get("schema", {}).get("fields", [])):
            for key in ("title", "description"):
                if isinstance(fld.get(key), str):
                    yield f"{where}.schema.fields[{j}].{key}", fld[key], "en", res, fld


def titles(descriptor: dict):
    """(JSON location, title, 'sources'/'licenses'/'contributors', the entry) of the package's and each resource's
    sources, licenses and contributors."""
    parts = [("", descriptor)] + [(f"resources[{i}].", res) for i, res in enumerate(descriptor.get("resources", []))
                                  if isinstance(res, dict)]
    for prefix, part in parts:
        for key in ("sources", "licenses", "contributors"):
            entries = part.get(key)
            for j, entry in enumerate(entries if isinstance(entries, list) else []):
                if isinstance(entry, dict) and isinstance(entry.get("title"), str):
                    yield f"{prefix}{key}[{j}].title", entry["title"], key, entry


def _own_numbers(res: dict | None, fld: dict | None, tables: dict) -> set:
    """The numbers a resource's own texts may state besides the package's: what its `sources` cite and, for a
    field, the numbers of its constraints and the codes of its column written alone."""
    own = set()
    for source in (res or {}).get("sources", []) or []:
        title = str(source.get("title", "")) if isinstance(source, dict) else ""
        own |= {number for lang in ("da", "en") for _, number in numbers_in(title, lang)}
    if fld is None:
        return own - {None}
    constraints = fld.get("constraints", {}) if isinstance(fld.get("constraints"), dict) else {}
    for key, value in constraints.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                own.add(Fraction(str(item)))
            elif key == "pattern" and isinstance(item, str):
                own |= {Fraction(int(n)) for pair in re.findall(r"\{([0-9]+)(?:,([0-9]*))?\}", item) for n in pair if n}
            elif isinstance(item, str):
                own.add(danish_number(item))
    own |= _column_numbers(tuple(row.get(fld.get("name"), "") for _, row in tables.get((res or {}).get("name"),
                                                                                     ([], []))[1]))
    return own - {None}


# Keyed by the column's cells, all the numbers depend on: validate asks for the same columns' numbers for each text
# that describes them (a title, a description, a language file's entry), and of the same tables every time.
@functools.lru_cache(maxsize=1024)
def _column_numbers(cells: tuple[str, ...]) -> frozenset:
    """The numbers of a column's cells written alone ('98', '2,5'), read the Danish way."""
    return frozenset(danish_number(cell) for cell in cells if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", cell))


# --- the rules ------------------------------------------------------------------------------------------------------


def problems(descriptor: dict, tables: dict, names: dict, name: str, skip=frozenset()) -> list[Problem]:
    """One problem for each text of the descriptor with a number the package does not state (the module's rules);
    rows at (file, line) in `skip` already have a problem of their own."""
    known = facts(descriptor, tables, names, skip)
    found, said = [], set()
    for where, refused in _refusals(descriptor, tables, known):
        if refused and where not in said:
            said.add(where)
            token, why = refused
            found.append(Problem("descriptor_number", name, None, where, {"number": excerpt(token), "why": why},
                                 kind="descriptor_number"))
    return found


def _refusals(descriptor: dict, tables: dict, known: Facts):
    """(JSON location, the first number its text states that the rules refuse, or None) of every text and title."""
    for where, text, lang, res, fld in texts(descriptor):
        yield where, text_problem(text, lang, known, _own_numbers(res, fld, tables))
    dated = {Fraction(int(year)) for _, title, key, _ in titles(descriptor) if key == "sources"
             for year, _, _ in ISO_DATE.findall(title)}
    for where, title, key, entry in titles(descriptor):
        yield where, title_problem(title, key, entry, known, dated)


def title_problem(title: str, key: str, entry: dict, known: Facts, dated: set = frozenset()):
    """The first number of a source's, license's or contributor's title that the rules refuse in both languages,
    with why; None if either reading allows them all. `dated`: the years of the sources' own dates."""
    is_name = key != "licenses"
    own = set(dated) if is_name else _license_numbers(entry)
    readings = [text_problem(title, lang, known, own, is_name) for lang in _title_languages(title)]
    if None in readings:
        return None
    token, why = readings[0]
    instead = {"descriptor_year": "descriptor_source_year"} if is_name else {"descriptor_figure": "descriptor_license"}
    return token, Phrase(instead[why.key]) if why.key in instead else why


def _blank(text: str, pattern: re.Pattern) -> str:
    """The text with each match of `pattern` written as spaces, so that every other character keeps its place."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _located(text: str, lang: str) -> list[tuple[str, Fraction | None, int, int]]:
    """numbers_in's numbers with where each stands: (as written, number, start, end)."""
    found, cursor = [], 0
    for token, number in numbers_in(text, lang):
        match = re.compile(r"(?<!\w)" + re.escape(token) + r"(?!\w)").search(text, cursor)
        start = match.start() if match else text.find(token, cursor)
        if start < 0:
            continue
        cursor = start + len(token)
        found.append((token, number, start, cursor))
    return found


def _shown(numbers: set) -> str:
    return ", ".join(str(n) if n.denominator == 1 else str(float(n)) for n in sorted(numbers)) or "-"


def _title_languages(title: str) -> tuple[str, ...]:
    """The languages a title is read in: the one whose month names it writes ('10. februar 2023': Danish, '1
    January': English), else both."""
    written = [lang for lang, months in (("da", MONTHS_DA), ("en", MONTHS_EN))
               if re.search(r"(?<!\w)(?:" + "|".join(months) + r")(?!\w)", title)]
    return tuple(written) if len(written) == 1 else ("da", "en")


def _license_numbers(entry: dict) -> set:
    """The numbers of a license's `name` and `path`: the version 4.0 of 'CC-BY-4.0'."""
    values = [value for value in (entry.get("name"), entry.get("path")) if isinstance(value, str)]
    return {number for value in values for lang in ("da", "en") for _, number in numbers_in(value, lang)} - {None}


def text_problem(text: str, lang: str, known: Facts, own: set = frozenset(),
                 is_name: bool = False) -> tuple[str, Phrase] | None:
    """The first number of a text the rules refuse, with why; None if every number is stated. In a name (a source's
    title) rule 5 does not hold: a number that is no accounts year, price level, date, count or year is the name's."""
    text = YEAR_NAME.sub(lambda match: f"{match.group(1)} {match.group(2)}", text)
    base = _blank(_blank(text, NAME_WITH_DIGITS), PART_REFERENCE)
    for token, number, start, end in _located(base, lang):
        context = _context(base, token, start, end)
        # a package that states no accounts year (its row is missing or has a problem named already) holds none
        if context in ("accounts", "prices") and getattr(known, context) \
                and _as_year(number) not in getattr(known, context):
            phrase = "descriptor_accounts_year" if context == "accounts" else "descriptor_price_level"
            return token, Phrase(phrase, expected=_shown(getattr(known, context)), source=known.where[context])
    rest, refused = _dates_blanked(_blank(base, QUOTED), lang, known)
    if refused:
        return refused
    located = _located(rest, lang)
    for at, noun in zip(located, _nouns(rest, located)):
        token, number, start, end = at
        refused = None
        context = _context(base, token, start, end)
        if context == "role" and not is_name:
            refused = token, Phrase("descriptor_year_role", role=excerpt(_role(base, start, end)),
                                    accounts=_shown(known.accounts), prices=_shown(known.prices))
        elif context in ("accounts", "prices"):
            continue
        elif noun:
            refused = _count_problem(rest, at, noun, known)
        elif YEAR.fullmatch(token):
            refused = None if number in known.years | own else (token, Phrase("descriptor_year"))
        elif not is_name:
            refused = _figure_problem(rest, at, lang, known, own)
        if refused:
            return refused
    return _share_problem(rest, known)


def _count_problem(text: str, at: tuple, noun: tuple, known: Facts) -> tuple[str, Phrase] | None:
    """A number that counts a noun of COUNTED: after a share word ('all 98 municipalities') it is the noun's full
    count; a count of municipalities that responded ('80 municipalities responded', 'svarede 80 kommuner', '80
    responding municipalities') is one of RESPONDED's; any other is one of the noun's counts."""
    token, number, start, _ = at
    key, written, noun_end, between, is_base = noun
    share = SHARE_BEFORE.search(text, 0, start)
    if share and not between.strip() and key in known.full and number != known.full[key][0]:
        full, table = known.full[key]
        return token, Phrase("descriptor_share", share=excerpt(share.group(1)), noun=excerpt(written),
                             full=_shown({full}), source=table)
    at_start = share.start() if share else start
    if key == "kommuner" and not is_base and known.responded and number not in known.responded \
            and _responds(text, at_start, noun_end, between):
        return token, Phrase("descriptor_responded", allowed=_shown(known.responded), source=known.where["responded"])
    if number not in known.counts[key]:
        return token, Phrase("descriptor_count", noun=excerpt(written), allowed=_shown(known.counts[key]))
    return None


def _responds(text: str, start: int, noun_end: int, between: str) -> bool:
    """Whether a count that starts at `start` and whose noun ends at `noun_end` is of municipalities that responded:
    a response verb after the noun in its clause, right before the count, or between the count and its noun."""
    return bool(RESPONSE_AFTER.match(text, noun_end) or RESPONSE_BEFORE.search(text, 0, start)
                or RESPONSE_WORD.search(between))


def _share_problem(text: str, known: Facts) -> tuple[str, Phrase] | None:
    """A share word before municipalities with no number ('All municipalities reported', 'hver kommune svarede')
    states that the full count responded: refused unless the full count is one of RESPONDED's."""
    full = known.full.get("kommuner", (None, ""))[0]
    if full is None or not known.responded or full in known.responded:
        return None
    for match in SHARE_NOUN.finditer(text):
        if _responds(text, match.start(), match.end(), ""):
            return match.group(1), Phrase("descriptor_responded", allowed=_shown(known.responded),
                                          source=known.where["responded"])
    return None


def _figure_problem(text: str, at: tuple, lang: str, known: Facts, own: set) -> tuple[str, Phrase] | None:
    """A number that is no year and counts no noun of COUNTED: before another plural noun it is the text's own
    number or one of the package's counts (Facts.every_count), and the noun one a table or unit names ('two figures',
    not 'seven sectors', 'syv sektorer'); else a figure the package states."""
    token, number, _, end = at
    other = OTHER_NOUN[lang].match(text, end)
    words = set(other.group().lower().split()) if other else set()
    if other and not words & MEASURES and other.group(2).lower() not in NOT_NOUNS:
        if number in own or (number in known.every_count and _names(_stem(other.group(2)), known.named)):
            return None
        if not _names(_stem(other.group(2)), known.named):
            return token, Phrase("descriptor_uncounted", noun=excerpt(other.group(2)))
        return token, Phrase("descriptor_count_other", noun=excerpt(other.group(2)), allowed=_shown(known.every_count))
    if not _vouched(number, known.figures | known.years | own):
        return token, Phrase("descriptor_figure")
    return None


def _as_year(number: Fraction | None) -> Fraction | None:
    """A price level or accounts year as a year: '22-pl' is 2022."""
    return number + 2000 if number is not None and number.denominator == 1 and 0 <= number < 100 else number


def _context(text: str, token: str, start: int, end: int) -> str | None:
    """'accounts' if the number is a year where an accounts year stands, 'prices' a year (or '22' of '22-pl') where a
    price level stands, 'role' a year a word gives a role the package states no year of ('budget 2018', 'survey year
    2018'), else None ('accounts for 29 municipalities' states no year)."""
    if not YEAR.fullmatch(token) and not (re.fullmatch(r"[0-9]{2}", token) and re.match(r"-pl\b", text[end:])):
        return None
    if ACCOUNTS_BEFORE.search(text[:start]) or ACCOUNTS_AFTER.match(text, end):
        return "accounts"
    if PRICE_BEFORE.search(text[:start]) or PRICE_AFTER.match(text, end):
        return "prices"
    if YEAR.fullmatch(token) and _role(text, start, end):
        return "role"
    return None


def _role(text: str, start: int, end: int) -> str | None:
    """The word that gives the year at start:end a role of ROLE_BEFORE/ROLE_AFTER, as written."""
    match = ROLE_BEFORE.search(text[:start]) or ROLE_AFTER.match(text, end)
    return match.group(1) if match else None


def _dates_blanked(text: str, lang: str, known: Facts) -> tuple[str, tuple[str, Phrase] | None]:
    """The text with the day of each date the package states blanked out; or the first date it does not state."""
    for match in DAY_MONTH[lang].finditer(text):
        groups = [g for g in match.groups() if g]
        day, month = (groups[0], groups[1]) if groups[0].isdigit() else (groups[1], groups[0])
        months = MONTHS_DA if lang == "da" else MONTHS_EN
        number = months.index(month.lower() if lang == "da" else month) + 1
        if (number, int(day)) not in known.dates:
            return text, (match.group(), Phrase("descriptor_date"))
        at = match.start() + match.group().index(day)
        text = text[:at] + " " * len(day) + text[at + len(day):]
    return text, None


def _nouns(text: str, located: list) -> list[tuple | None]:
    """For each number, the counted noun it counts, or None: (COUNTED key, the noun as written, where the noun ends,
    the words between the number and the noun, whether the number is the M of 'N af M'/'N of M'). The noun is the
    one after the number, or that of the number after 'af'/'of'/'ud af'/'out of' ('79 af 98 kommuner')."""
    nouns: list = [None] * len(located)
    for i in range(len(located) - 1, -1, -1):
        end = located[i][3]
        match = NOUN_AFTER.match(text, end)
        if match:
            key = match.lastgroup
            nouns[i] = (key, match.group(key), match.end(), text[end:match.start(key)], False)
        elif i + 1 < len(located) and nouns[i + 1] and OUT_OF.fullmatch(text, end, located[i + 1][2]):
            nouns[i] = nouns[i + 1]
            nouns[i + 1] = nouns[i + 1][:4] + (True,)
    return nouns
