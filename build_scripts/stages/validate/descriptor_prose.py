"""The prose of datapackage.json held to the package (red team 9, finding 4). Pure functions over the descriptor and
the rows floor.read_rows gives (tables: {resource: (header, [(line, row)])}, names: {resource: file name}).

The texts read: the package's `title`/`description` (Danish) and `title_en`/`description_en`; each resource's
`title` ('Dansk / English': each part in its language), `description` (English, as the project writes it; Danish
where the resource also has a `description_en`) and `description_en`; each field's `description` and `title`
(English). Each number in them, read as its language writes numbers (core.text.numbers_in: digits and number words,
'seven', 'niogfyrre'), is held to what the package states, by the first rule that applies:

1. A year after 'regnskab'/'regnskabet for'/'regnskabsår'/'accounts'/'accounts year', or before 'regnskab(et)'/
   'accounts' ('the 2019 accounts'), is the accounts year: the value of statements.csv's row accounts_year. A year
   before '-pl'/'priser'/'prices'/'price level', or after 'prices of'/'pris- og lønniveau for', is the price level:
   statements.csv's price_level_year and the years of the figure tables' price_level ('2022-pl'; '22-pl' is 2022).
   These two hold inside quotes too.
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
4. Any other year (1800-2099 written in digits) is a year the package states: a year of those dates and periods, of
   a value_text or price_level, or the value of a figure in the unit year.
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
ACCOUNTS_BEFORE = re.compile(r"(?:regnskab(?:et|sår|såret)?|accounts?|accounting\s+year|financial\s+year)"
                             r"(?:\s+(?:for|of|year|fra|from))?\s+$", re.IGNORECASE)
ACCOUNTS_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?:regnskab\w*|accounts?\b|accounting\b)", re.IGNORECASE)
PRICE_BEFORE = re.compile(r"(?:pris-\s+og\s+lønniveau(?:et)?|prisniveau(?:et)?|price(?:\s+and\s+wage)?\s+level|"
                          r"prices|priser)\s+(?:(?:for|of|in|i)\s+)?$", re.IGNORECASE)
PRICE_AFTER = re.compile(r"\s*-\s*pl\b|(?:\s*-\s*|\s+)(?:pris(?:er|niveau\w*)?\b|prices?\b)", re.IGNORECASE)
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
    return found


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
    for _, row in tables.get((res or {}).get("name"), ([], []))[1]:
        cell = row.get(fld.get("name"), "")
        if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", cell):
            own.add(danish_number(cell))
    return own - {None}


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
    base = _blank(_blank(text, NAME_WITH_DIGITS), PART_REFERENCE)
    for token, number, start, end in _located(base, lang):
        context = _context(base, token, start, end)
        # a package that states no accounts year (its row is missing or has a problem named already) holds none
        if context and getattr(known, context) and _as_year(number) not in getattr(known, context):
            phrase = "descriptor_accounts_year" if context == "accounts" else "descriptor_price_level"
            return token, Phrase(phrase, expected=_shown(getattr(known, context)), source=known.where[context])
    rest, refused = _dates_blanked(_blank(base, QUOTED), lang, known)
    if refused:
        return refused
    located = _located(rest, lang)
    nouns = _nouns(rest, located)
    for (token, number, start, end), noun in zip(located, nouns):
        if _context(base, token, start, end):
            continue
        if noun:
            allowed = known.counts[noun[0]]
            if number not in allowed:
                return token, Phrase("descriptor_count", noun=excerpt(noun[1]), allowed=_shown(allowed))
        elif YEAR.fullmatch(token):
            if number not in known.years | own:
                return token, Phrase("descriptor_year")
        elif not is_name and not _vouched(number, known.figures | known.years | own):
            return token, Phrase("descriptor_figure")
    return None


def _as_year(number: Fraction | None) -> Fraction | None:
    """A price level or accounts year as a year: '22-pl' is 2022."""
    return number + 2000 if number is not None and number.denominator == 1 and 0 <= number < 100 else number


def _context(text: str, token: str, start: int, end: int) -> str | None:
    """'accounts' if the number is a year where an accounts year stands, 'prices' a year (or '22' of '22-pl') where a
    price level stands, else None ('accounts for 29 municipalities' states no year)."""
    if not YEAR.fullmatch(token) and not (re.fullmatch(r"[0-9]{2}", token) and re.match(r"-pl\b", text[end:])):
        return None
    if ACCOUNTS_BEFORE.search(text[:start]) or ACCOUNTS_AFTER.match(text, end):
        return "accounts"
    if PRICE_BEFORE.search(text[:start]) or PRICE_AFTER.match(text, end):
        return "prices"
    return None


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


def _nouns(text: str, located: list) -> list[tuple[str, str] | None]:
    """For each number, the counted noun it counts (COUNTED key, as written), or None: the noun after it, or the
    noun of the number after 'af'/'of'/'ud af'/'out of' ('79 af 98 kommuner')."""
    nouns: list = [None] * len(located)
    for i in range(len(located) - 1, -1, -1):
        end = located[i][3]
        match = NOUN_AFTER.match(text, end)
        if match:
            nouns[i] = (match.lastgroup, match.group(match.lastgroup))
        elif i + 1 < len(located) and OUT_OF.fullmatch(text, end, located[i + 1][2]):
            nouns[i] = nouns[i + 1]
    return nouns
