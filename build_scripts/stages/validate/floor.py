"""The safety floor: rules in code that hold whatever datapackage.json says. Used by `validate` (stage.py).

A pull request can change datapackage.json together with the data: drop a pattern, widen a maximum, change a
type. Nothing that protects readers or keeps the build whole depends on it. These rules apply to every table:

- every text (each cell, each string of the descriptor) passes text.py: no control characters or line breaks,
  no bidirectional controls, no invisible or zero-width characters, no noncharacters, only the digits 0-9, NFC;
- every URL (a field named url or homepage, the descriptor's homepage and paths) is https: (or http:) or a path
  inside the site: javascript:, data:, file: and protocol-relative (//host) addresses are refused, and so are a
  '%' without two hex digits, a second '#', an escaped '%' before two hex digits (an escape once decoded), a
  percent escape that is no UTF-8, and a path, query or fragment that, decoded, the text rule refuses;
- numbers are written with 0-9 and lie within ±MAX_NUMBER; dates are real dates in DATE_YEARS; `created` is a
  time a ZIP file can hold; no number of the descriptor is infinite;
- names of resources and fields have the fixed forms of contract.py; field types are those the downloads write;
- the tables the build reads (contract.TABLES) have the fields, types, filled-in cells, unique keys, references
  and values the build relies on; `value` is `value_text` read as a Danish number exactly; counts are whole; a
  restated figure (a statement's same_as) is the key figure it names.
Every problem is one line naming the file, the line and the field.
"""

import csv
import datetime
import functools
import io
import json
import math
import re
import urllib.parse
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from build_scripts.core.lang import Phrase
from build_scripts.core.text import (
    MAX_HOST,
    MAX_LABEL,
    MAX_PORT,
    danish_number,
    excerpt,
    is_absolute_url,
    is_base_address,
)
from build_scripts.stages.validate import contract, text
from build_scripts.stages.validate.problem import Finding, Problem

# --- URLs ---------------------------------------------------------------------------------------------------

SITE_PATH = re.compile(r"(?!/)(?!.*(^|/)\.\.(/|$))[A-Za-z0-9._~-][A-Za-z0-9._~/-]*(#[A-Za-z0-9._~-]*)?")


def _host_why(value: str) -> Phrase | None:
    """What is wrong with an http(s) address's host or port, if that is what is wrong with it."""
    parts = re.match(r"https?://([^/?#:]*)(?::([^/?#]*))?", value, flags=re.IGNORECASE)
    if not parts:
        return None
    host, port = parts.groups()
    if any(len(label) > MAX_LABEL for label in host.split(".")):
        return Phrase("address_label_long", most=MAX_LABEL)
    if len(host) > MAX_HOST:
        return Phrase("address_host_long", length=len(host), most=MAX_HOST)
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) <= MAX_PORT):
        return Phrase("address_port", port=excerpt(port), most=MAX_PORT)
    return None


# A run of percent escapes ('%E2%80%AE'): together they are the UTF-8 bytes of the characters they stand for.
ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2}).{0,2}", flags=re.DOTALL)
# An escaped '%' before two hex digits ('%25E2'): decoded once it is an escape ('%E2'), which a tool that decodes
# the address twice decodes again, past every rule here (red team 27, finding 5).
ESCAPED_ESCAPE = re.compile(r"%25[0-9A-Fa-f]{2}")


def _escape_why(value: str) -> Phrase | None:
    """What is wrong with an address's percent escapes or fragment (RFC 3986), if that is what is wrong with it: a
    '%' without two hex digits after it, a second '#' (red team 25, finding 4), an escaped '%' that decoded is an
    escape again, an escape that is no UTF-8, or a decoded path, query or fragment that text may not be (text.py:
    '%00' NUL, '%E2%80%AE' a bidi control, a tower of combining marks, 'a%CC%8A' an 'å' not in NFC), which a
    reader's tool that decodes the address would get."""
    broken = BROKEN_ESCAPE.search(value)
    if broken:
        return Phrase("address_escape", escape=broken.group())
    if value.count("#") > 1:
        return Phrase("address_fragments", count=value.count("#"))
    twice = ESCAPED_ESCAPE.search(value)
    if twice:
        return Phrase("address_escape_twice", escape=twice.group(), decoded="%" + twice.group()[3:])
    escaped = {}  # each decoded character's name: the escape it was first written as
    for run in ESCAPES.finditer(value):
        data = bytes.fromhex(run.group().replace("%", ""))
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError as error:
            return Phrase("address_escape_utf8", escape=run.group()[3 * error.start:3 * error.end])
        at = run.start()
        for char in decoded:
            width = 3 * len(char.encode("utf-8"))
            escaped.setdefault(text.char_name(char), value[at:at + width])
            at += width
    return _decoded_why(value, escaped) if escaped else None


def _decoded_why(value: str, escaped: dict) -> Phrase | None:
    """What the text rule (text.py, all of it) finds in the address's path, query or fragment, each decoded as
    UTF-8: a refused character, named by its escape; a tower of combining marks ('%CC%81' nine times); a text not
    in NFC ('a%CC%8A'); or a part that shows nothing. A part is named as written, with its '?' or '#'."""
    parts = urllib.parse.urlsplit(value)
    for written in (parts.path, "?" + parts.query, "#" + parts.fragment):
        found = text.problem(urllib.parse.unquote(written[1:], errors="strict")) if "%" in written else None
        if found is None:
            continue
        said, part = dict(found.phrase.values), excerpt(written)
        if found.phrase.key == "char_refused":
            return Phrase("address_escape_char", escape=escaped.get(said["char"], said["char"]), char=said["char"],
                          what=said["what"])
        if found.phrase.key == "marks_tower":
            return Phrase("address_escape_marks", part=part, count=said["count"], char=said["char"], most=said["most"])
        if found.phrase.key == "not_nfc":
            return Phrase("address_escape_nfc", part=part, codes=said["codes"])
        return Phrase("address_escape_invisible", part=part)
    return None


def url_problem(value: str, *, absolute: bool = False) -> Phrase | None:
    """Why a URL may not be published, or None. `absolute`: a path inside the site is not enough."""
    if not absolute and SITE_PATH.fullmatch(value):
        return None
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", value)
    if is_absolute_url(value):
        why = _escape_why(value)
        if why is None:
            return None
    elif value.startswith("//"):
        why = Phrase("address_any_host")
    elif scheme and scheme.group(1).lower() not in ("http", "https"):
        why = Phrase("address_scheme", scheme=scheme.group(1).lower())
    else:
        why = _host_why(value) or Phrase("address_form")
    kinds = Phrase("address_absolute") if absolute else Phrase("address_or_path")
    return Phrase("address_unusable", address=excerpt(value), why=why, kinds=kinds)


def base_address_problem(value) -> Phrase | None:
    """Why an address the build joins paths onto (the package's homepage, each edition's address, the repository's)
    cannot be one (core/text.py, is_base_address), or None."""
    # Whole up to 200 characters: what is wrong is often at the end ('…/#readme').
    return None if is_base_address(value) else Phrase("base_address", value=excerpt(value, 200))


# --- numbers and dates --------------------------------------------------------------------------------------

# Numbers as a CSV writes them (no '+', no leading zeros), so a code compares the same as text and as a number; no
# exponent ('9.8e1' and '98' were one count that the tables page and the CSV wrote as '9.8e1', SQLite as 98.0: red team
# 45, finding 1), and no minus before a zero ('-0' is 0, which the pages wrote '-0'). (A fraction of zeros stays: the
# derived tables write a float's '63.0', which the pages write '63'.)
NUMBER = re.compile(r"(?!-0(\.0+)?$)-?(0|[1-9][0-9]*)(\.[0-9]+)?")
INTEGER = re.compile(r"(?!-0$)-?(0|[1-9][0-9]*)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A submission's numbers may be written with a plus or leading zeros (a municipality's system writes '0100'):
# nothing compares them as text.
LOOSE_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?")
LOOSE_INTEGER = re.compile(r"[+-]?[0-9]+")


def number_problem(value: str, kind: str, canonical: bool = True) -> Phrase | None:
    """A number or integer cell as the build reads it: ASCII digits, finite, within ±MAX_NUMBER; `canonical`: as a
    CSV writes it (this project's tables, whose codes are compared as text)."""
    if canonical:
        pattern = INTEGER if kind == "integer" else NUMBER
    else:
        pattern = LOOSE_INTEGER if kind == "integer" else LOOSE_NUMBER
    if not pattern.fullmatch(value):
        from build_scripts.stages.validate.stage import _type_message

        negative_zero = canonical and re.fullmatch(r"-0+([.,]0+)?", value)  # no message may suggest '-0.0'
        if not negative_zero and (re.fullmatch(r"-?[0-9]+[.,][0-9]+|-?[0-9]{1,3}([.,][0-9]{3})+", value)
                                  or not re.search(r"[0-9]", value)):
            return _type_message(value, kind)  # the same words as frictionless's for a decimal comma, a separator
        # The words say what the rule accepts: this project's tables no plus or leading zeros, a submission's both.
        key = {(True, "integer"): "integer_form", (True, "number"): "number_form",
               (False, "integer"): "whole_number_form", (False, "number"): "number_form_loose"}[canonical, kind]
        return Phrase(key, value=excerpt(value))
    number = float(value)
    if not math.isfinite(number) or abs(number) > contract.MAX_NUMBER:
        return Phrase("number_out_of_range", value=excerpt(value), limit=contract.MAX_NUMBER)
    return None


def date_problem(value: str, years=contract.DATE_YEARS) -> Phrase | None:
    try:
        day = datetime.date.fromisoformat(value) if DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        return Phrase("date_not_real", value=excerpt(value))
    if not years[0] <= day.year <= years[1]:
        return Phrase("date_out_of_years", date=value, first=years[0], last=years[1])
    return None


def created_problem(value) -> Phrase | None:
    """`created`: an RFC 3339 time with a zone ('2026-11-21T00:00:00Z') in the years a ZIP file can hold."""
    low, high = contract.CREATED_YEARS
    try:
        when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")) \
            if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})", value) else None
    except ValueError:
        when = None
    if when is None:
        return Phrase("created_form", value=excerpt(value))
    if not low <= when.year <= high:
        return Phrase("created_years", value=value, first=low, last=high)
    return None


def value_matches_text(value: str, value_text: str) -> bool | None:
    """Whether `value` is exactly the number `value_text` states (None: value_text states no number).

    A fraction ('1/3') that has no finite decimal form is written rounded in `value`, to at least 4 decimals:
    '0.3333' is 1/3, '0.33' is not."""
    stated = danish_number(value_text)
    if stated is None:
        return None
    try:
        written = Decimal(value)
    except InvalidOperation:
        return False
    if Fraction(written) == stated:
        return True
    if "/" not in value_text:
        return False
    decimals = -written.as_tuple().exponent if written.as_tuple().exponent < 0 else 0
    rounded = Decimal(stated.numerator) / Decimal(stated.denominator)
    return decimals >= 4 and written == rounded.quantize(Decimal(1).scaleb(-decimals))


# --- the descriptor -----------------------------------------------------------------------------------------


def _walk(node, path=()):
    """(path, value) of every leaf of a JSON document, and of every key."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, "<key>"), key
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))
    else:
        yield path, node


def _where(path) -> str:
    return "/".join(str(p) for p in path if p != "<key>")


URL_KEYS = {"homepage", "path", "url", "$schema"}


def descriptor_problems(descriptor: dict, name: str, *, project: bool = True) -> list:
    """The descriptor against the floor. `project`: it is this project's package (contract.TABLES and
    PACKAGE_PROPERTIES apply), not another package `validate` is asked about (a municipality's submission)."""
    problems = []

    def add(where, phrase: Phrase, kind="invalid_descriptor"):
        problems.append(Problem.saying(phrase, name, None, where or None, kind=kind))

    resource_paths = {("resources", i, "path") for i, _ in enumerate(descriptor.get("resources", []))}
    for path, value in _walk(descriptor):
        where = _where(path)
        if isinstance(value, str):
            found = text.problem(value)
            if found:
                add(where, *found)
            elif path and path[-1] in URL_KEYS and tuple(path) not in resource_paths:
                # The package's own addresses are cited outside the site; a resource's sources may be its files.
                bad = url_problem(value, absolute=path[0] in ("homepage", "licenses", "sources", "contributors"))
                if bad:
                    add(where, bad, kind="invalid_address")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > contract.MAX_NUMBER:
                add(where, Phrase("number_not_finite_or_large", value=excerpt(value), limit=contract.MAX_NUMBER))
    if problems:
        return problems
    names = [r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)]
    for name_ in sorted({n for n in names if names.count(n) > 1}, key=str):
        add(f"resources/{name_}", Phrase("resource_name_twice", name=excerpt(name_)), kind="invalid_name")
    if project:
        _package_properties(descriptor, add)
        _creator_problems(descriptor.get("contributors"), add)
    for i, res in enumerate(descriptor.get("resources", [])):
        _resource_problems(res, f"resources/{res.get('name', i)}", add, project)
    if project:
        names = {r.get("name") for r in descriptor.get("resources", []) if r.get("type") == "table"}
        for table in contract.TABLES:
            if table not in names:
                add(f"resources/{table}", Phrase("table_missing", table=table))
        if not any(r.get("path") == contract.BOUNDARIES and r.get("format") == "topojson"
                   for r in descriptor.get("resources", [])):
            add("resources", Phrase("boundaries_missing", path=contract.BOUNDARIES))
    return problems


def _creator_problems(contributors, add) -> None:
    """The package has a creator, and each creator an address: CITATION.cff's authors and Zenodo's creators are
    they, each with its website, and both need one (red team 54, finding 3: `zenodo` and `release` stopped with a
    traceback on a creator without `path`, and wrote an empty list where there was none)."""
    if not (isinstance(contributors, list) and all(isinstance(c, dict) for c in contributors)):
        return  # named by _package_properties
    made = [(i, c) for i, c in enumerate(contributors) if isinstance(c.get("roles"), list) and "creator" in c["roles"]]
    if contributors and not made:
        add("contributors", Phrase("no_creator"))
    for i, contributor in made:
        if contributor.get("path") is None:
            add(f"contributors/{i}/path", Phrase("creator_without_path"))


def _package_properties(descriptor: dict, add) -> None:
    for key, kind in contract.PACKAGE_PROPERTIES.items():
        value = descriptor.get(key)
        if kind == "created":
            bad = created_problem(value)
            if bad:
                add("created", bad, kind="invalid_date")
        elif kind == "profile" and value != contract.PROFILE:
            add(key, Phrase("profile_wrong", key=key, profile=contract.PROFILE))
        elif kind in ("text", "site") and not (isinstance(value, str) and value.strip()):
            add(key, Phrase("property_text", key=key))
        elif kind == "site" and base_address_problem(value):
            add(key, Phrase("property_site", key=key, why=base_address_problem(value)), kind="invalid_address")
        elif kind == "texts" and not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
            add(key, Phrase("property_texts", key=key))
        elif kind == "list":
            if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
                add(key, Phrase("property_list", key=key))
                continue
            for i, item in enumerate(value):
                for prop, want in contract.LIST_ITEMS[key].items():
                    got = item.get(prop)
                    if got is None and not want.endswith("!"):
                        continue
                    ok = isinstance(got, list) and all(isinstance(v, str) for v in got) if want == "texts" \
                        else isinstance(got, str) and bool(got.strip())
                    if not ok:
                        what = Phrase("a_list_of_texts") if want == "texts" else Phrase("a_text")
                        add(f"{key}/{i}/{prop}", Phrase("item_property", prop=prop, what=what))


def _resource_problems(res, where: str, add, project: bool) -> None:
    if not isinstance(res, dict):
        return
    # A resource's path becomes part of download addresses, IRIs (dcat.ttl) and ZIP members, in the downloads'
    # folders data/ and derived/ (a municipality's submission is read from wherever it is).
    if project and isinstance(res.get("path"), str) and not re.fullmatch(contract.RESOURCE_PATH, res["path"]):
        add(f"{where}/path", Phrase("resource_path_form", path=excerpt(res["path"])))
    if project and isinstance(res.get("name"), str) and re.fullmatch(contract.RESERVED_NAMES, res["name"]):
        if not (res["name"].startswith("derived_") and str(res.get("path", "")).startswith("derived/")):
            add(f"{where}/name", Phrase("name_reserved", name=excerpt(res["name"])))
    for prop in ("title", "description"):
        if project and not (isinstance(res.get(prop), str) and res[prop].strip()):
            add(f"{where}/{prop}", Phrase("resource_needs_property", prop=prop))
    for prop in contract.NOT_READ:
        if res.get(prop) not in (None, []):
            _pinned(add, f"{where}/{prop}", res[prop], (), "table" if res.get("type") == "table" else "file")
    if res.get("type") != "table":
        fmt = res.get("format")
        if fmt not in contract.FILE_FORMATS or not str(res.get("path", "")).endswith(f".{fmt}"):
            add(f"{where}/format", Phrase("file_format", formats=", ".join(contract.FILE_FORMATS)))
        return
    _field_problems(res.get("schema", {}), where, add, project)
    _reading_problems(res, where, add)
    _contract_problems(res, where, add, project)


def _field_problems(schema: dict, where: str, add, project: bool) -> None:
    """A table's fields: names the build can hold, known types, descriptions, one key of existing fields."""
    fields = schema.get("fields", [])
    names = []
    for i, field in enumerate(fields):
        fname = field.get("name")
        names.append(fname)
        if not (isinstance(fname, str) and re.fullmatch(contract.FIELD_NAME, fname)):
            add(f"{where}/schema/fields/{i}/name", Phrase("field_name_form", name=excerpt(fname)), kind="invalid_name")
        if "type" not in field:  # Table Schema 2 reads a field without a type as 'any'; the downloads need one
            add(f"{where}/schema/fields/{fname}/type", Phrase("field_needs_type", types=", ".join(contract.FIELD_TYPES)))
        elif field.get("type", "string") not in contract.FIELD_TYPES:
            add(f"{where}/schema/fields/{fname}/type",
                Phrase("field_type_unknown", type=excerpt(field.get("type")), types=", ".join(contract.FIELD_TYPES)))
        if project and not (isinstance(field.get("description"), str) and field["description"].strip()):
            add(f"{where}/schema/fields/{fname}/description", Phrase("field_needs_description"))
    if len(set(names)) != len(names):
        add(f"{where}/schema/fields", Phrase("field_name_twice"))
    key = schema.get("primaryKey", [])
    for column in [key] if isinstance(key, str) else key:
        if column not in names:
            add(f"{where}/schema/primaryKey", Phrase("key_field_unknown", field=excerpt(column)))
    unique = schema.get("uniqueKeys", [])  # frictionless does not read them; the floor does (stored_key_problems)
    for i, columns in enumerate(unique if isinstance(unique, list) else [unique]):
        if not (isinstance(columns, list) and columns and all(c in names for c in columns)):
            add(f"{where}/schema/uniqueKeys/{i}", Phrase("unique_keys_form", value=excerpt(json.dumps(columns))))


def _same(value, allowed) -> bool:
    """`value` is one of `allowed` (a list as a set: the order of trueValues changes nothing)."""
    if isinstance(value, list):
        return any(isinstance(a, list) and sorted(map(str, value)) == sorted(map(str, a)) for a in allowed)
    return any(type(value) is type(a) and value == a for a in allowed)


# What a pinned property is said of, by what it changes the reading of: a table, a field or a file.
PINNED = {"table": "pinned_table", "field": "pinned_field", "file": "pinned_file"}
IGNORED = {"table": "ignored_table", "field": "ignored_field", "file": "ignored_file"}


def _pinned(add, where: str, value, allowed: tuple, what: str) -> None:
    """A property that would make frictionless read a table (or a field, a file) otherwise than the build does:
    refused, with the value the build reads (`allowed[0]`) or, when nothing is allowed, without the property."""
    prop = where.rsplit("/", 1)[-1]
    shown = excerpt(json.dumps(value, ensure_ascii=False))
    if allowed:
        want = json.dumps(allowed[0], ensure_ascii=False)
        add(where, Phrase(PINNED[what], prop=prop, value=shown, want=want))
    else:
        add(where, Phrase(IGNORED[what], prop=prop, value=shown))


def _reading_problems(res: dict, where: str, add) -> None:
    """A table is read as the build reads it (contract.TABLE_READING, DIALECT, SCHEMA_READING, FIELD_READING):
    every property that would make frictionless read it otherwise is refused, named by its place."""
    for prop, allowed in contract.TABLE_READING.items():
        if prop in res and not _same(res[prop], allowed):
            _pinned(add, f"{where}/{prop}", res[prop], allowed, "table")
    dialect = res.get("dialect", {})
    if not isinstance(dialect, dict):
        _pinned(add, f"{where}/dialect", dialect, (), "table")
        dialect = {}
    for prop, value in dialect.items():
        allowed = contract.DIALECT.get(prop, ())
        if allowed is not None and not _same(value, allowed):
            _pinned(add, f"{where}/dialect/{prop}", value, allowed, "table")
    schema = res.get("schema", {})
    for i, fk in enumerate(schema.get("foreignKeys") or []):  # a reference into another package is not checked
        if isinstance(fk, dict) and isinstance(fk.get("reference"), dict) and "package" in fk["reference"]:
            _pinned(add, f"{where}/schema/foreignKeys/{i}/reference/package", fk["reference"]["package"], (), "table")
    for prop, allowed in contract.SCHEMA_READING.items():
        if prop in schema and not _same(schema[prop], allowed):
            _pinned(add, f"{where}/schema/{prop}", schema[prop], allowed, "table")
    for field in schema.get("fields", []):
        if not isinstance(field, dict):
            continue
        place = f"{where}/schema/fields/{field.get('name')}"
        for prop, allowed in contract.FIELD_READING.items():
            if prop in field and not _same(field[prop], allowed):
                _pinned(add, f"{place}/{prop}", field[prop], allowed, "field")
        formats = contract.FIELD_FORMATS.get(field.get("type", "string"), ("default",))
        if "format" in field and not _same(field["format"], formats):
            _pinned(add, f"{place}/format", field["format"], ("default",), "field")


def _contract_problems(res: dict, where: str, add, project: bool) -> None:
    """The fields and types the build reads in the project's own tables (contract.TABLES)."""
    schema = res.get("schema", {})
    fields = schema.get("fields", [])
    names = [field.get("name") for field in fields]
    table = contract.TABLES.get(res.get("name")) if project else None
    if table and names and all(isinstance(n, str) and re.fullmatch(contract.FIELD_NAME, n) for n in names):
        declared = {f.get("name"): f.get("type", "string") for f in fields}
        missing = [fname for fname in table.types() if fname not in declared]
        if missing:
            add(f"{where}/schema/fields", Phrase("fields_missing", fields=", ".join(missing)))
        for fname, kind in table.types().items():
            if fname in declared and declared[fname] != kind:
                add(f"{where}/schema/fields/{fname}/type",
                    Phrase("field_type_read", field=fname, type=kind, declared=excerpt(declared[fname])))


# --- the tables -----------------------------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """A CSV's header and its rows as (row number, {field: text}), numbered as frictionless numbers them (the
    header is 1, a row with a line break in a cell is one row); ragged rows padded or cut, blank rows left out
    (frictionless reports both)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return _rows(fh)


def _rows(fh) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.reader(fh)
    header = next(reader, [])
    rows = []
    for number, row in enumerate(reader, start=2):
        if any(row):
            rows.append((number, dict(zip(header, (row + [""] * len(header))[:len(header)]))))
    return header, rows


# A table's bytes up to this size are kept as a key of the caches of a table's problems (cell_problems, and
# stage.py's own rules and quotes); a larger table is checked afresh each time, so that no cache holds it.
CACHED_TABLE_BYTES = 1_000_000


def cell_problems(res: dict, path: Path, name: str, project: bool) -> list:
    """Every cell of one table against the floor (and, for a table of contract.TABLES, the contract)."""
    data = path.read_bytes()
    compute = _cell_problems if len(data) <= CACHED_TABLE_BYTES else _cell_problems.__wrapped__
    return list(compute(json.dumps(res), data, name, project))


# Keyed by all the problems depend on: the resource's descriptor (strict JSON, as jsonfile read it, written out
# again: its schema's types, keys and flags), the table's bytes (read once: the problems are those of these bytes),
# the name the problems give and `project`; the rules are code (text.py, contract.py). A test run validates the same
# tables, each time in another copy of the package, thousands of times.
@functools.lru_cache(maxsize=256)
def _cell_problems(res_json: str, data: bytes, name: str, project: bool) -> tuple:
    res = json.loads(res_json)
    header, rows = _rows(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))
    declared = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
    table = contract.TABLES.get(res["name"]) if project else None
    types = {**declared, **(table.types() if table else {})}
    ids = set(table.ids) if table else set()
    if project:
        ids |= {f for f in header if f.endswith("_id") and types.get(f) == "string"}
    # A line break only in a field a submission's standard marks multiline (never in this project's own tables).
    multiline = set() if project else {f["name"] for f in res["schema"]["fields"] if f.get("multiline")}
    problems = []
    for line, row in rows:
        for field, value in row.items():
            if not value:
                continue
            found = _cell(value, field, types.get(field, "string"), field in ids, field in multiline, project)
            if found:
                problems.append(Problem.found(found, name, line, field))
    problems += stored_key_problems(res["schema"], rows, name)
    if table:
        problems += _contract_rows(table, res["name"], rows, name) + _distinct_problems(table, rows, name)
    return tuple(problems)


def _distinct_problems(table: contract.Table, rows, name: str) -> list:
    """The names a chart draws as categories (contract.Table.distinct) differ as a reader sees them: two areas
    called 'Employment' and 'employment' (or 'Ｅmployment') would be one bar with two labels."""
    problems = []
    for field in table.distinct:
        seen = {}
        for line, row in rows:
            value = row.get(field, "")
            key = text.reading_key(value)
            if not key:
                continue
            if key in seen:
                first, earlier = seen[key]
                problems.append(Problem("name_like_another", name, line, field, {
                    "value": excerpt(value), "earlier": excerpt(earlier), "first": first}, kind="duplicate_name"))
            else:
                seen[key] = (line, value)
    return problems


def _as_stored(value: str, kind: str):
    """A cell as the downloads store it (downloads/formats.py): a number as a float64, an integer as an int64, a
    boolean as True or False; any other cell (and one the floor refuses anyway) as written."""
    if kind == "number" and LOOSE_NUMBER.fullmatch(value):
        return float(value)
    if kind == "integer" and LOOSE_INTEGER.fullmatch(value):
        return int(value)
    if kind == "boolean":
        true, false = contract.FIELD_READING["trueValues"][0], contract.FIELD_READING["falseValues"][0]
        return True if value in true else False if value in false else value
    return value


def stored_key_problems(schema: dict, rows, name: str) -> list:
    """Every key the schema declares (primaryKey, a field's unique constraint, uniqueKeys) is unique as the
    downloads store it: frictionless compares numbers as decimals, where 0.1 and 0.10000000000000000001 differ,
    but SQLite and Parquet hold both as one float64 (and SQLite refuses the second row of a primary key)."""
    kinds = {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}
    primary = schema.get("primaryKey") or []
    keys = [[primary] if isinstance(primary, str) else list(primary)]
    keys += [[f["name"]] for f in schema.get("fields", []) if (f.get("constraints") or {}).get("unique") is True]
    keys += [list(k) for k in schema.get("uniqueKeys") or [] if isinstance(k, list)]
    problems, reported = [], set()
    for key in [k for k in keys if k and all(f in kinds for f in k)]:
        seen = {}
        for line, row in rows:
            texts = tuple(row.get(f, "") for f in key)
            if not all(texts):
                continue
            stored = tuple(_as_stored(t, kinds[f]) for t, f in zip(texts, key))
            if stored not in seen:
                seen[stored] = (line, texts)
                continue
            first, earlier = seen[stored]
            field = next((f for f, a, b in zip(key, texts, earlier) if a != b), key[0] if len(key) == 1 else None)
            if (line, field) in reported:
                continue  # one message per cell, whichever of its keys found it first
            reported.add((line, field))
            shown, before = ", ".join(excerpt(t) for t in texts), ", ".join(excerpt(t) for t in earlier)
            if texts == earlier:  # written the same (a key frictionless does not read: uniqueKeys)
                problems.append(Problem("key_again", name, line, field, {"key": shown, "first": first},
                                        kind="duplicate_key"))
                continue
            problems.append(Problem("key_again_as_stored", name, line, field,
                                    {"key": shown, "first": first, "before": before}, kind="duplicate_key"))
    return sorted(problems, key=lambda p: p.line)


def _cell(value: str, field: str, kind: str, is_id: bool, multiline: bool = False,
          canonical: bool = True) -> Finding | None:
    found = text.problem(value, tab=field in contract.TAB_FIELDS, newline=multiline)
    if found:
        return found
    if len(value) > contract.MAX_TEXT:
        return Finding(Phrase("text_too_long", limit=contract.MAX_TEXT), "text_too_long")
    if kind in ("number", "integer"):
        bad = number_problem(value, kind, canonical)
        return Finding(bad, "wrong_type") if bad else None
    if kind == "date" or DATE.fullmatch(value):  # a text in the form of a date is shown as a date: it must exist
        bad = date_problem(value)
        return Finding(bad, "invalid_date") if bad else None
    if field in contract.URL_FIELDS or field.endswith("_url"):
        bad = url_problem(value)
        return Finding(bad, "invalid_address") if bad else None
    if is_id and not re.fullmatch(contract.IDENTIFIER, value):
        return Finding(Phrase("invalid_id", value=excerpt(value)), "invalid_id")
    return None


def _contract_rows(table: contract.Table, resource: str, rows, name: str) -> list:
    problems = []
    seen = {}
    for line, row in rows:
        problems += _contract_texts(table, line, row, name)
        key = tuple(row.get(k, "") for k in table.key)
        if all(key):
            if key in seen:
                problems.append(Problem("key_twice", name, line, table.key[0] if len(table.key) == 1 else None,
                                        {"key": ", ".join(key), "line": seen[key]}, kind="duplicate_key"))
            else:
                seen[key] = line
        problems += _contract_numbers(table, line, row, name) + _contract_periods(table, line, row, name)
    return problems


def _contract_texts(table: contract.Table, line: int, row: dict, name: str) -> list:
    """One row's cells against what the build reads of them: filled in, values it knows, forms it reads."""
    problems = [Problem("field_required", name, line, field, kind="missing_value")
                for field in table.required() if field in row and not row[field]]
    for field, allowed in table.enums.items():
        value = row.get(field, "")
        if value and value not in [str(a) for a in allowed]:
            problems.append(Problem("value_not_known", name, line, field,
                                    {"value": excerpt(value), "allowed": ", ".join(str(a) for a in allowed)},
                                    kind="invalid_value"))
    for field, pattern in table.patterns.items():
        value = row.get(field, "")
        if value and not re.fullmatch(pattern, value):
            problems.append(Problem("value_form_read", name, line, field, {"value": excerpt(value), "pattern": pattern},
                                    kind="invalid_value"))
    return problems


def _contract_numbers(table: contract.Table, line: int, row: dict, name: str) -> list:
    """One row's numbers against what the build relies on: within range, a part not above its whole, whole counts."""
    problems = []
    for field, (low, high) in table.ranges.items():
        value = row.get(field, "")
        if value and NUMBER.fullmatch(value) and not low <= float(value) <= high:
            problems.append(Problem("value_outside", name, line, field,
                                    {"value": excerpt(value), "low": low, "high": high}, kind="invalid_value"))
    for part, whole in table.at_most:
        a, b = row.get(part, ""), row.get(whole, "")
        if a and b and NUMBER.fullmatch(a) and NUMBER.fullmatch(b) and float(a) > float(b):
            problems.append(Problem("part_above_whole", name, line, part, {
                "part": part, "part_value": excerpt(a), "whole": whole, "whole_value": excerpt(b)}, kind="invalid_value"))
    if row.get("unit") in contract.COUNT_UNITS and row.get("value") and NUMBER.fullmatch(row["value"]):
        if Decimal(row["value"]) != Decimal(row["value"]).to_integral_value():
            problems.append(Problem("count_not_whole", name, line, "value",
                                    {"value": excerpt(row["value"]), "unit": row["unit"]}, kind="not_whole"))
    return problems


def comparable(table: contract.Table, row: dict, field: str):
    """A cell as a period's start or end is compared: a whole number, a date, or None (empty, or refused elsewhere:
    not a whole number or a date, or outside its range)."""
    value = row.get(field, "")
    low, high = table.ranges.get(field, (-math.inf, math.inf))
    if INTEGER.fullmatch(value):
        return int(value) if low <= int(value) <= high else None
    if DATE.fullmatch(value) and date_problem(value) is None:
        return datetime.date.fromisoformat(value)
    return None


def _contract_periods(table: contract.Table, line: int, row: dict, name: str) -> list:
    """One row's periods as the pages show them: an end not before its start, a week that is its date's ISO week
    (the timeline's 'Uge 36 (6.-10. sep)')."""
    problems = []
    for first, last in table.in_order:
        start, end = comparable(table, row, first), comparable(table, row, last)
        if start is not None and end is not None and type(start) is type(end) and end < start:
            problems.append(Problem("end_before_start", name, line, last, {
                "last": last, "last_value": excerpt(row[last]), "first": first, "first_value": excerpt(row[first])},
                kind="invalid_value"))
    for week_field, date_field in table.iso_week:
        week, day = comparable(table, row, week_field), comparable(table, row, date_field)
        if isinstance(week, int) and isinstance(day, datetime.date) and day.isocalendar().week != week:
            problems.append(Problem("week_not_of_date", name, line, week_field, {
                "week_field": week_field, "week": week, "date_field": date_field, "date": row[date_field],
                "iso_week": day.isocalendar().week}, kind="invalid_value"))
    return problems


def reference_problems(tables: dict, names: dict) -> list:
    """Each code of a contract table exists in the table it refers to (contract.TABLES[...].refs)."""
    problems = []
    for resource, table in contract.TABLES.items():
        if resource not in tables:
            continue
        for field, (target, column) in table.refs.items():
            if target not in tables:
                continue
            known = {row.get(column, "") for _, row in tables[target][1]}
            for line, row in tables[resource][1]:
                code = row.get(field, "")
                if code and code not in known:
                    problems.append(Problem("unknown_code", names[resource], line, field,
                                            {"code": excerpt(code), "table": target, "column": column},
                                            kind="unknown_code"))
    return problems



def _figure(row: dict) -> str:
    """A row's figure as a message shows it: qualifier, value (or value_text) and unit, e.g. 'ca. 350 mio_kr'."""
    return " ".join(excerpt(part) for part in (row.get("qualifier"), row.get("value") or row.get("value_text"),
                                               row.get("unit")) if part)


def _same_figure(row: dict, other: dict) -> bool:
    """The same value and unit, and the same qualifier or none: the source may restate 'ca. 350' as '350'."""
    value, other_value = row.get("value", ""), other.get("value", "")
    if NUMBER.fullmatch(value) and NUMBER.fullmatch(other_value):
        same_value = Decimal(value) == Decimal(other_value)
    else:
        same_value = bool(value) and value == other_value
    return same_value and row.get("unit") == other.get("unit") and row.get("qualifier") in ("", other.get("qualifier"))


def anchor_problems(tables: dict, names: dict) -> list:
    """Two figures that would share an anchor on the sources page (core.text.figure_anchor: '_' is '-'), a BibTeX
    key (every run of other characters is '-') or, of area_figures, a record file: ids 'reported_expenditure' and
    'reported-expenditure' (the schema's pattern loosened with the data) sent the home page's 318 mio. kr. to the 350
    row's source, and both permalinks to one (red team 52, finding 2). Named at the second, with the first."""
    from build_scripts.core.text import figure_anchor
    from build_scripts.stages.downloads.figures import ID_COLUMN, TABLES, key

    problems, seen = [], {}
    for resource in TABLES:
        for line, row in tables.get(resource, ([], []))[1]:
            figure = key(resource, row)
            folded = re.sub(r"[^a-z0-9]+", "-", figure_anchor(resource, figure).lower()).strip("-")  # as the key
            if folded in seen:
                problems.append(Problem("figure_anchor_twice", names[resource], line, ID_COLUMN.get(resource, "area_id"),
                                        {"id": excerpt(figure), "other": seen[folded]}, kind="duplicate_key"))
            else:
                seen[folded] = f"{names[resource]}: {excerpt(figure)}"
    return problems


def restated_problems(tables: dict, names: dict) -> list:
    """A row that names a figure it states again (contract.Table.same_figure: a statement's same_as) states that
    figure: otherwise the downloads would publish that 318 mio. kr. 'is the same as' 706 initiatives."""
    problems = []
    for resource, table in contract.TABLES.items():
        for field in table.same_figure if resource in tables else ():
            target, column = table.refs[field]
            others = {row.get(column, ""): row for _, row in tables.get(target, ([], []))[1]}
            for line, row in tables[resource][1]:
                other = others.get(row.get(field, ""))
                if other is not None and not _same_figure(row, other):
                    problems.append(Problem("restated_other_figure", names[resource], line, field, {
                        "figure": _figure(row), "key": excerpt(row[field]), "table": target, "other": _figure(other)},
                        kind="figures_disagree"))
    return problems
