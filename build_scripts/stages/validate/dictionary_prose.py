"""The numbers of the texts the code publishes about the data, held to the package (red team 9, finding 4's class).

Two kinds of text describe the package's tables and fields besides datapackage.json, and are published with them:
- each language file's `data_dictionary` (build_scripts/core/i18n/<code>.yml): an edition shows it in place of the
  descriptor's descriptions ('regnskab 2019, 2022-priser', 'De 98 kommuner', 'Folketal … 1. januar 2019-2023');
- the derived tables' descriptions in the derive code: build_scripts/stages/derive/schema.py's TABLES and FIELDS,
  and stage.py's RECONCILIATION_FIELDS (the built datapackage.json, DCAT and the English edition show them).
They are code, but what their numbers state is the data: the accounts year and price level of statements.csv, the
row counts of the tables, their dates and years. The data can make them disagree, so `validate` holds them (not a
unit test): a pull request that changes the accounts year in statements.csv but not da.yml is refused with one line
naming da.yml, the key's line and the key. The rules are descriptor_prose.py's (descriptor_prose.text_problem), and
the message is its `descriptor_number`. A text's own numbers are those of the table and field it describes (the
field's constraints and codes, the resource's sources: descriptor_prose._own_numbers); a key naming a field alone
('source_quote') describes that field in every table that has it, and may state what any of them allows.

One exception, documented: the derived tables' method numbers. 'Beregnet: 100 × …, afrundet til én decimal' and
'(rounded to 4 decimals)' state how the code computes a column, not the data. In a derived column's text, the number
before 'decimal'/'decimaler'/'decimals' (digits, or a number word of the language file's `cardinals`: 'én', 'one')
and the factor before or after '×' must be the column's entry of derive.schema.METHOD_NUMBERS, which takes them from
the constants the code computes with (reconcile.DECIMALS, derive.RESPONSE_RATE_DECIMALS, derive.PER_CENT): a text
that no longer says what the code does is refused (`method_number`), and the other rules do not read that number.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_scripts.core.text import excerpt, yaml_loader
from build_scripts.stages.validate import descriptor_prose
from build_scripts.stages.validate.problem import Problem

SCHEMA = "build_scripts/stages/derive/schema.py"
STAGE = "build_scripts/stages/derive/stage.py"
DECIMALS = re.compile(r"(?<![\w.,])(\d+|[^\W\d_]+)\s+decimal(?:er|s)?(?!\w)", re.IGNORECASE)
SCALE = re.compile(r"(?<![\w.,])(\d+)\s*[×*](?=\s)|(?<=[×*])\s*(\d+)(?![\w.,])")


@dataclass(frozen=True)
class Text:
    """A text the code publishes about a table or a field, and where it is written."""
    file: str
    line: int | None
    where: str            # the key ('data_dictionary.fields.key_figures.value') or the Python name
    text: str
    lang: str
    table: str | None     # the resource it describes ('key_figures', 'derived_regions'); None: every table
    column: str | None    # the field it describes; None: the table itself
    derived: bool = False


def problems(descriptor: dict, tables: dict, names: dict, skip=frozenset(), texts=None) -> list[Problem]:
    """One problem for each text (by default: dictionary_texts() and derived_texts()) that states a number the
    package does not, or a method number the code does not use. Rows at (file, line) in `skip` state nothing."""
    from build_scripts.stages.derive import schema

    known = descriptor_prose.facts(descriptor, tables, names, skip)
    found = []
    for text in texts if texts is not None else [*dictionary_texts(), *derived_texts()]:
        rest, refused = method_problem(text, schema.METHOD_NUMBERS)
        code = "method_number" if refused else "descriptor_number"
        refused = refused or descriptor_prose.text_problem(rest, text.lang, known, _own(text, descriptor, tables))
        if refused:
            token, why = refused
            found.append(Problem(code, text.file, text.line, text.where, {"number": excerpt(token), "why": why},
                                 kind=code))
    return found


def _own(text: Text, descriptor: dict, tables: dict) -> set:
    """The numbers the table and field a text describes allow (descriptor_prose._own_numbers), in any table it
    describes."""
    own = set()
    for res in descriptor.get("resources", []):
        if text.table not in (None, res.get("name")):
            continue
        fields = res.get("schema", {}).get("fields", [])
        for fld in [f for f in fields if f.get("name") == text.column] if text.column else [None]:
            own |= descriptor_prose._own_numbers(res, fld, tables)
    return own


# --- the method numbers ---------------------------------------------------------------------------------------------


def method_problem(text: Text, method_numbers: dict) -> tuple[str, tuple | None]:
    """A derived column's text with its method numbers written as spaces; or the first the code does not use, with
    why (descriptor_prose's Phrase)."""
    from build_scripts.core.lang import Phrase, get

    if not text.derived:
        return text.text, None
    said, cardinals = text.text, [word.lower() for word in get(text.lang).cardinals]
    found = [("decimals", m, 1) for m in DECIMALS.finditer(said)] + [("scale", m, 0) for m in SCALE.finditer(said)]
    for kind, match, group in sorted(found, key=lambda item: item[1].start()):
        group = group or (1 if match.group(1) else 2)
        token = match.group(group)
        number = int(token) if token.isdigit() else _cardinal(token, cardinals)
        if number is None:
            continue
        expected = method_numbers.get(text.column or "", {}).get(kind)
        if expected is None:
            return said, (token, Phrase("method_none"))
        if number != expected[0]:
            phrase = "method_decimals" if kind == "decimals" else "method_scale"
            return said, (token, Phrase(phrase, expected=str(expected[0]), source=expected[1]))
        said = said[:match.start(group)] + " " * len(token) + said[match.end(group):]
    return said, None


def _cardinal(word: str, cardinals: list) -> int | None:
    """A number word of the language file's `cardinals` ('én' is 'en'), else None."""
    word = word.lower().translate(str.maketrans("éó", "eo"))
    return cardinals.index(word) if word in cardinals else None


# --- the texts ------------------------------------------------------------------------------------------------------


def dictionary_texts():
    """Every text of every language file's `data_dictionary`, with the line of its key."""
    from build_scripts.core import lang

    for language in lang.languages():
        path = lang.I18N_DIR / f"{language.code}.yml"
        yield from language_texts(f"build_scripts/core/i18n/{path.name}", language.code, language.data_dictionary,
                                  key_lines(path.read_text(encoding="utf-8")))


def language_texts(file: str, code: str, dictionary: dict, lines: dict):
    """The texts of one language file's data dictionary: `resources` by table, `fields` by 'table.field' or field."""
    sections = dictionary if isinstance(dictionary, dict) else {}
    for section in ("resources", "fields"):
        entries = sections.get(section)
        for key, text in (entries if isinstance(entries, dict) else {}).items():
            if not isinstance(text, str):
                continue
            table, _, column = str(key).rpartition(".") if section == "fields" else (str(key), "", "")
            yield Text(file, lines.get((section, key)), f"data_dictionary.{section}.{key}", text, code,
                       table or None, column or None, (table or "").startswith("derived_"))


@functools.lru_cache(maxsize=4)
def key_lines(text: str) -> dict:
    """(section, key) -> the line of the key under data_dictionary in a language file's text."""
    root = yaml.compose(text, Loader=yaml_loader())
    lines = {}
    for name, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if name.value != "data_dictionary" or not isinstance(value, yaml.MappingNode):
            continue
        for section, entries in value.value:
            for key, _ in entries.value if isinstance(entries, yaml.MappingNode) else []:
                lines[(section.value, key.value)] = key.start_mark.line + 1
    return lines


def derived_texts():
    """The derived tables' titles and descriptions, and their columns', as the derive code writes them."""
    from build_scripts.stages.derive import schema
    from build_scripts.stages.derive import stage as derive

    schema_lines = Path(schema.__file__).read_text(encoding="utf-8").splitlines()
    stage_lines = Path(derive.__file__).read_text(encoding="utf-8").splitlines()
    for name, table in schema.TABLES.items():
        line = _line_of(schema_lines, f'    "{name}": {{')
        for lang, title in zip(("da", "en"), table["title"].split(" / ")):
            yield Text(SCHEMA, line, f"TABLES[{name}].title", title, lang, f"derived_{name}", None, True)
        yield Text(SCHEMA, line, f"TABLES[{name}].description", table["description"], "en", f"derived_{name}",
                   None, True)
    for column, (_, description) in schema.FIELDS.items():
        yield Text(SCHEMA, _line_of(schema_lines, f'    "{column}": ('), f"FIELDS[{column}]", description, "en",
                   None, column, True)
    for fld in derive.RECONCILIATION_FIELDS:
        line = _line_of(stage_lines, f'"name": "{fld["name"]}"')
        for key, lang in (("description", "en"), ("description_da", "da")):
            yield Text(STAGE, line, f"RECONCILIATION_FIELDS[{fld['name']}].{key}", fld[key], lang,
                       "derived_reconciliation", fld["name"], True)


def _line_of(lines: list[str], text: str) -> int | None:
    """The first line that holds `text`."""
    return next((i for i, line in enumerate(lines, 1) if text in line), None)

