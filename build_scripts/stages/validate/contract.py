"""The shape of the data package that the build relies on, in code. Data only; `floor.py` checks it.

datapackage.json describes the package, and a pull request can change it together with the data. What the
build's code relies on is written here instead, so that no edit of the descriptor can let through a package that
a later stage cannot build or that readers would be shown wrongly:

- the forms of names that become file names, sheet titles, SQL identifiers, anchors and paths (NAME_PATTERNS);
- the field types the build can write (FIELD_TYPES: Parquet, SQLite, JSON);
- per table the build reads by name (TABLES): its fields and their types, which must be filled in, its key (unique
  whatever the descriptor says), the tables its codes refer to, and the values a field may take where the code
  or the page templates act on each value (a qualifier the reconciliation reads, a topic a page lists);
- the descriptor's own properties the build reads (PACKAGE_PROPERTIES).

A table that is not listed (a new one, added by the "add a table" recipe) is checked by the rules for every table
(floor.py): its names, its types, and the text, number, date and URL rules of each cell.
"""

import re
from dataclasses import dataclass, field

from build_scripts.core.text import QUALIFIERS

# Names that end up in file names, paths, sheet titles, SQL identifiers, anchors and links.
VERSION = r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})"  # strict SemVer X.Y.Z, no leading zeros
PACKAGE_NAME = r"[a-z0-9][a-z0-9-]{0,99}"
RESOURCE_NAME = r"[a-z0-9][a-z0-9_]{0,30}"  # at most 31 characters: a workbook's sheet title holds no more
# Names the build gives things of its own: the combined workbook's sheet `metadata`, the derived tables, SQLite's.
RESERVED_NAMES = r"metadata|derived_.*|sqlite_.*"
# Where a resource's file lies: the downloads keep the package's folders data/ (and derived/ for the derived tables).
RESOURCE_PATH = r"(data|derived)/[a-z0-9][a-z0-9_-]{0,63}\.(csv|topojson)"
FIELD_NAME = r"[a-z][a-z0-9_]{0,63}"
IDENTIFIER = r"[a-z0-9][a-z0-9_-]{0,63}"  # a row's id: it becomes a file name (figures/<table>/<id>.json) and an anchor
NAME_PATTERNS = {"version": VERSION, "package": PACKAGE_NAME, "resource": RESOURCE_NAME, "field": FIELD_NAME,
                 "identifier": IDENTIFIER}

# The Table Schema types the downloads can write (Parquet, SQLite, JSON); build_scripts/stages/downloads/formats.py.
FIELD_TYPES = ("string", "integer", "number", "date", "boolean")
# Every number of the package (cells and the descriptor's constraints) lies within this: exact in a float, and
# sums of many stay finite.
MAX_NUMBER = 1e15
# Years a date may have: a ZIP file (the package's download) cannot hold a time outside 1980-2107 (`created`);
# a date in the data lies in 1900-2100.
CREATED_YEARS = (1980, 2107)
DATE_YEARS = (1900, 2100)
# The longest text a cell may hold, whatever the descriptor's maxLength says.
MAX_TEXT = 5000
# Fields named so hold a URL (every table); a cell of another field is never a link.
URL_FIELDS = ("url", "homepage")
# Fields whose text may hold a tab (verbatim quotes from a table in the source).
TAB_FIELDS = ("source_quote",)
# Units whose figures are counts: a value in them is a whole number.
COUNT_UNITS = ("kommuner", "indsatser", "personer")


@dataclass(frozen=True)
class Table:
    """A table the build reads: its fields ('name': 'type', 'type!' = required), key, references and values."""
    key: list[str]
    fields: dict[str, str]
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    enums: dict[str, list] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)
    ids: tuple[str, ...] = ()  # fields whose values are ids (IDENTIFIER)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # numbers the code divides by, draws, sums
    at_most: tuple[tuple[str, str], ...] = ()  # (field, other field): a part is never more than its whole
    # (first, last): a period's end is not before its start (numbers as numbers, dates as dates)
    in_order: tuple[tuple[str, str], ...] = ()
    iso_week: tuple[tuple[str, str], ...] = ()  # (week field, date field): the week is the ISO week of the date
    distinct: tuple[str, ...] = ()  # names a chart draws as categories: told apart by a reader (text.reading_key)
    # fields naming a row of the table they refer to (refs) whose figure the row states again: the same value and
    # unit, and the same qualifier or none (a source restates 'ca. 350' as '350')
    same_figure: tuple[str, ...] = ()

    def types(self) -> dict[str, str]:
        return {name: kind.rstrip("!") for name, kind in self.fields.items()}

    def required(self) -> list[str]:
        return [name for name, kind in self.fields.items() if kind.endswith("!")]


SOURCED = {"source_document": "string!", "source_location": "string!", "source_quote": "string!"}
SOURCE_REF = {"source_document": ("sources", "source_id")}
FIGURE_REFS = {**SOURCE_REF, "unit": ("units", "unit_id"), "qualifier": ("qualifiers", "qualifier")}
PRICE_LEVEL = r"[0-9]{4}-pl"
PERIOD = r"[0-9]{4}(-[0-9]{2}-[0-9]{2})?|primo [0-9]{4}"


def figure_table(topics: list[str]) -> Table:
    """A table of sourced figures by id (key_figures, target_group): the same fields, references and forms; only
    the topics its rows are grouped by differ."""
    return Table(
        key=["figure_id"],
        fields={"figure_id": "string!", "topic": "string!", "label_da": "string!", "label_en": "string!",
                "value": "number!", "value_text": "string!", "qualifier": "string", "unit": "string!",
                "price_level": "string", "reference_period": "string", **SOURCED},
        refs=FIGURE_REFS,
        enums={"topic": topics},
        patterns={"price_level": PRICE_LEVEL, "reference_period": PERIOD},
        ids=("figure_id", "unit"), ranges={"value": (0, MAX_NUMBER)},
    )


TABLES = {
    "sources": Table(
        key=["source_id"],
        fields={"source_id": "string!", "title": "string!", "publisher": "string!", "authors": "string!",
                "date_published": "string!", "document_type": "string!", "description_da": "string!",
                "description_en": "string!", "citation": "string!", "url": "string"},
        enums={"document_type": ["report", "parliamentary_answer"]},
        patterns={"date_published": r"[0-9]{4}(-[0-9]{2}-[0-9]{2})?"},
        ids=("source_id",),
    ),
    "units": Table(key=["unit_id"], fields={"unit_id": "string!", "label_da": "string!", "label_en": "string!",
                                            "description_en": "string!"}, ids=("unit_id",)),
    "qualifiers": Table(key=["qualifier"], fields={"qualifier": "string!", "label_en": "string!",
                                                   "description_en": "string!"},
                        enums={"qualifier": list(QUALIFIERS)}),
    "measures": Table(key=["measure_id"], fields={"measure_id": "string!", "label_da": "string!", "label_en": "string!",
                                                  "description_en": "string!"},
                      enums={"measure_id": ["expenditure", "expenditure_share", "income", "income_share",
                                            "average_per_initiative", "self_financed_share"]}),
    "key_figures": figure_table(["response", "mapping", "areas", "distribution", "target_group", "answer"]),
    "policy_areas": Table(
        key=["area_id"],
        fields={"area_id": "string!", "sort_order": "integer!", "name_da": "string!", "name_en": "string!",
                "description_da": "string!", "description_en": "string!", **SOURCED},
        refs=SOURCE_REF, ids=("area_id",), distinct=("name_da", "name_en"),
    ),
    "area_figures": Table(
        key=["area_id", "measure"],
        fields={"area_id": "string!", "measure": "string!", "value": "number!", "value_text": "string!",
                "qualifier": "string", "unit": "string!", "price_level": "string", "reference_period": "string!",
                **SOURCED},
        refs={**FIGURE_REFS, "area_id": ("policy_areas", "area_id"), "measure": ("measures", "measure_id")},
        patterns={"price_level": PRICE_LEVEL, "reference_period": r"[0-9]{4}"},
        ids=("area_id", "measure", "unit"), ranges={"value": (0, MAX_NUMBER)},
    ),
    "examples": Table(
        key=["example_id"],
        fields={"example_id": "string!", "area_id": "string", "origin": "string!", "title_da": "string!",
                "title_en": "string!", "description_da": "string!", "description_en": "string!",
                "target_group_da": "string", "target_group_en": "string", **SOURCED},
        refs={**SOURCE_REF, "area_id": ("policy_areas", "area_id")},
        enums={"origin": ["rapport", "kommissorium"]},
        ids=("example_id", "area_id"),
    ),
    "regions": Table(
        key=["region_code"],
        fields={"region_code": "integer!", "municipalities": "integer!", "municipalities_responding": "integer!",
                "population_coverage_pct": "number!", **SOURCED},
        refs={**SOURCE_REF, "region_code": ("ref_regions", "region_code")},
        ranges={"municipalities": (1, 1000), "municipalities_responding": (0, 1000),
                "population_coverage_pct": (0, 100)},
        at_most=(("municipalities_responding", "municipalities"),),
    ),
    "target_group": figure_table(["target_group", "trends", "boks3", "context"]),
    "statements": Table(
        key=["statement_id"],
        fields={"statement_id": "string!", "topic": "string!", "statement_da": "string!", "statement_en": "string!",
                "value": "number", "value_text": "string!", "qualifier": "string", "unit": "string",
                "reference_period": "string", "same_as": "string", **SOURCED},
        refs={**FIGURE_REFS, "same_as": ("key_figures", "figure_id")},
        enums={"topic": ["survey", "uncertainty", "earlier_studies", "target_group", "trends", "results", "restated"]},
        ids=("statement_id", "unit", "same_as"), ranges={"value": (0, MAX_NUMBER)}, same_figure=("same_as",),
    ),
    "method_criteria": Table(
        key=["criterion_id"],
        fields={"criterion_id": "string!", "kind": "string!", "text_da": "string!", "text_en": "string!", **SOURCED},
        refs=SOURCE_REF, enums={"kind": ["inclusion", "exclusion"]}, ids=("criterion_id",),
    ),
    "questionnaire_fields": Table(
        key=["field_no"],
        fields={"field_no": "integer!", "name_da": "string!", "name_en": "string!", "definition_da": "string!",
                "definition_en": "string!", "answer_type": "string!", **SOURCED},
        refs=SOURCE_REF, enums={"answer_type": ["text", "amount_1000_kr", "code", "percent_or_dash"]},
    ),
    "questionnaire_codes": Table(
        key=["field_no", "code"],
        fields={"field_no": "integer!", "code": "string!", "label_da": "string!", "label_en": "string!", **SOURCED},
        refs={**SOURCE_REF, "field_no": ("questionnaire_fields", "field_no")},
    ),
    "timeline": Table(
        key=["step_no"],
        fields={"step_no": "integer!", "activity_da": "string!", "activity_en": "string!", "when_text": "string!",
                "week_from": "integer", "week_to": "integer", "date_from": "date", "date_to": "date", **SOURCED},
        refs=SOURCE_REF, ranges={"week_from": (1, 53), "week_to": (1, 53)},
        in_order=(("week_from", "week_to"), ("date_from", "date_to")),
        iso_week=(("week_from", "date_from"), ("week_to", "date_to")),
    ),
    "ref_regions": Table(
        key=["region_code"],
        fields={"region_code": "integer!", "name_da": "string!", "name_en": "string!", "dst_code": "string!",
                "municipalities": "integer!"},
        ranges={"municipalities": (1, 1000)}, distinct=("name_da", "name_en"),
    ),
    "ref_municipalities": Table(
        key=["municipality_code"],
        fields={"municipality_code": "integer!", "dagi_code": "string!", "name": "string!", "region_code": "integer!"},
        refs={"region_code": ("ref_regions", "region_code")},
    ),
    "ref_population_municipalities": Table(
        key=["municipality_code", "date"],
        fields={"municipality_code": "integer!", "date": "date!", "population": "integer!"},
        refs={"municipality_code": ("ref_municipalities", "municipality_code")},
        ranges={"population": (1, 1e9)},  # the reconciliation and the aggregate divide by populations
    ),
    "ref_population_denmark": Table(key=["date"], fields={"date": "date!", "population": "integer!"},
                                    ranges={"population": (1, 1e9)}),
}

# Non-table resources the build knows how to check (files.py) and copy: format -> what it is.
FILE_FORMATS = {"topojson": "TopoJSON"}
# The region boundaries, which the downloads read by this path (dcat.denmark_geometry, core/geometry.py: the
# package's extent and centre): object geometry.OBJECT of Polygon and MultiPolygon geometries, quantized.
BOUNDARIES = "data/ref_regions.topojson"

# How the build reads every table (downloads/formats.py read_csv, core/package.table, validate's own readers): a
# UTF-8 CSV file, commas, double quotes (doubled inside a cell), the header on line 1, every other line a row. The
# descriptor may say so, and nothing else: frictionless honours what it says, so a table it would read otherwise
# (a comment row left out, a header row read as data, another encoding) would be checked as one thing and
# published as another. Property -> the values allowed (the first is the one to write); a property not listed is
# refused. Absent is always fine: it means the first value, which validate states to frictionless before it reads
# a table (stage.read_as_the_build), so that frictionless never guesses an option from the file.
TABLE_READING = {"format": ("csv",), "scheme": ("file",), "mediatype": ("text/csv",), "encoding": ("utf-8",)}
# Properties of any resource that change which bytes are read (absent, or nothing for extrapaths).
NOT_READ = ("compression", "innerpath", "extrapaths")
DIALECT = {"$schema": None, "delimiter": (",",), "quoteChar": ('"',), "doubleQuote": (True,), "header": (True,),
           "headerRows": ([1],), "commentRows": ([],), "skipInitialSpace": (False,), "skipBlankRows": (False,)}
# None: any value (the profile's address, checked as an address). lineTerminator is not listed: Python's csv module
# (frictionless) and pyarrow read every line end alike, and the descriptor's texts hold no line break.
# A field's properties that change how a cell is read: the values the downloads read the same way (Table Schema's
# defaults). `format`: per type; a string's formats only restrict what a cell may hold.
FIELD_READING = {"trueValues": (["true", "True", "TRUE", "1"],), "falseValues": (["false", "False", "FALSE", "0"],),
                 "decimalChar": (".",), "groupChar": ("",), "bareNumber": (True,), "missingValues": ([""],)}
FIELD_FORMATS = {"string": ("default", "email", "uri", "uuid")}  # every other type: "default" only
SCHEMA_READING = {"missingValues": ([""],), "fieldsMatch": ("exact",)}

# The descriptor's properties the build reads: name -> kind ('text', 'url', 'site', 'texts', 'list', 'created').
# 'site' is the site's address: an https URL ending in '/', under which every page and download is published.
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"  # the data page names its version
PACKAGE_PROPERTIES = {
    "$schema": "profile", "name": "name", "version": "version", "created": "created", "title": "text", "title_en": "text",
    "description": "text", "description_en": "text", "homepage": "site", "keywords": "texts",
    "licenses": "list", "sources": "list", "contributors": "list",
}
# What each item of those lists must have (text, or an URL where given).
LIST_ITEMS = {
    "licenses": {"name": "text!", "path": "url!", "title": "text"},
    "sources": {"title": "text!", "path": "url"},
    "contributors": {"title": "text!", "path": "url", "roles": "texts"},
}

# The submission standard's fields as the questionnaire numbers them (questionnaire_fields.csv, field_no): the
# template's guide, the checks of questionnaire_codes.csv (standard.py) and aggregate's counts read one number.
QUESTIONNAIRE_FIELD = {"title": 1, "gross_expenditure_1000_kr": 2, "gross_income_1000_kr": 3, "financing_source": 4,
                       "legal_basis": 5, "primary_target_group": 6, "secondary_target_group": 7, "content": 8,
                       "purpose": 9, "time_horizon": 9, "target_group_share": 10}

# The unit each measured field of the standard is submitted in, written once: aggregate multiplies the amounts by
# AMOUNT_FACTOR, and check-submission takes the share as a whole per cent 0-100 (the field's pattern). Two texts tell a
# municipality the unit, and each must say it in the words of UNIT_PHRASE: the standard's descriptions (the template's
# guide) and the questionnaire's definitions (questionnaire_fields.csv, published on /metode/ and /en/metode/).
# 'i hele kroner' or 'a per mille 0-100' would have municipalities send numbers the code reads in another unit.
AMOUNT_FACTOR = 1000
AMOUNT_FIELDS = ("gross_expenditure_1000_kr", "gross_income_1000_kr")
FIELD_UNIT = {**dict.fromkeys(AMOUNT_FIELDS, "amount"), "target_group_share": "share"}
UNIT = {"amount": {"da": "1.000 kr.", "en": "DKK 1,000"}, "share": {"da": "procent", "en": "per cent"}}
# Each text's words around the unit ({unit}). The words before it stand nowhere else in the text ('i hele kroner'),
# and the whole phrase ends at a word's end that does not go on as a number ('DKK 1,000,000', '0-1000').
UNIT_PHRASE = {
    "standard": {"amount": {"da": "i hele {unit}", "en": "in whole {unit}"},
                 "share": {"da": "en hel {unit} 0-100", "en": "a whole {unit} 0-100"}},
    "questionnaire": {"amount": {"da": "i hele {unit}", "en": "in whole {unit}"},
                      "share": {"da": "andel i {unit}", "en": "share in {unit}"}},
}
# The texts, by language: the standard's description keys and the questionnaire's definition columns.
UNIT_TEXT = {"standard": {"da": "description_da", "en": "description"},
             "questionnaire": {"da": "definition_da", "en": "definition_en"}}


def unit_words(place: str, field: str, lang: str) -> tuple[str, str]:
    """(the words before the unit, the whole phrase) that the text of `place` ('standard', 'questionnaire') in `lang`
    must say `field`'s unit in: ('i hele', 'i hele 1.000 kr.')."""
    phrase = UNIT_PHRASE[place][FIELD_UNIT[field]][lang]
    return phrase.split("{unit}")[0].strip(), phrase.format(unit=UNIT[FIELD_UNIT[field]][lang])


# Apart from those words, a text names a unit or a period only in the standard's limit sentence below, word for word;
# any other such word ('kroner', 'mio.', 'pr. måned', 'per year', 'promille', 'a fraction', '%') is refused, so
# 'i hele 1.000 kr. pr. måned' or an added 'Beløbet skrives i kroner.' cannot change the unit unseen.
AMOUNT_LIMIT_SENTENCE = {
    "description_da": "Højst 1.000.000 (1 mia. kr.) pr. indsats; et større beløb er sikkert en tastefejl (fx kroner i "
                      "stedet for 1.000 kr.).",
    "description": "At most 1,000,000 (DKK 1 billion) per initiative; a larger amount is taken to be a typing error "
                   "(e.g. kroner instead of DKK 1,000).",
}
OTHER_UNIT = re.compile(
    r"(?<!\w)(kroner|krone|kr\.?|dkk|øre|euro\w*|eur|tusind\w*|thousands?|mio\.?|mia\.?|millions?|milliard\w*|"
    r"billions?|pr\.|per|procent\w*|percent\w*|pct\.?|promille|mille|brøk\w*|fractions?|decimal\w*|"
    r"måned\w*|uge\w*|kvartal\w*|halvår\w*|år|året|årlig\w*|months?|monthly|weeks?|weekly|quarters?|quarterly|"
    r"annual\w*|yearly|(?<!accounts )years?)(?!\w)|[%‰€$£]", re.I)  # 'in the accounts year': the amounts' period
