"""The safety floor: rules in code that hold whatever datapackage.json says. Used by `validate` (stage.py).

A pull request can change datapackage.json together with the data: drop a pattern, widen a maximum, change a
type. Nothing that protects readers or keeps the build whole depends on it. These rules apply to every table:

- every text (each cell, each string of the descriptor) passes text.py: no control characters or line breaks,
  no bidirectional controls, no invisible or zero-width characters, no noncharacters, only the digits 0-9, NFC;
- every URL (a field named url or homepage, the descriptor's homepage and paths) is https: (or http:) or a path
  inside the site: javascript:, data:, file: and protocol-relative (//host) addresses are refused;
- numbers are written with 0-9 and lie within ±MAX_NUMBER; dates are real dates in DATE_YEARS; `created` is a
  time a ZIP file can hold; no number of the descriptor is infinite;
- names of resources and fields have the fixed forms of contract.py; field types are those the downloads write;
- the tables the build reads (contract.TABLES) have the fields, types, filled-in cells, unique keys, references
  and values the build relies on; `value` is `value_text` read as a Danish number exactly; counts are whole.
Every problem is one line naming the file, the line and the field.
"""

import csv
import datetime
import json
import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from build_scripts.stages.validate import contract, text


def _problem(file, line, field, da, en, title):
    from build_scripts.stages.validate.stage import Problem

    return Problem(file, line, field, da, en, title)


def _excerpt(value) -> str:
    from build_scripts.stages.validate.stage import excerpt

    return excerpt(value)


# --- URLs ---------------------------------------------------------------------------------------------------

_URL_CHARS = r"[A-Za-z0-9._~!$&+,;=:@%/?#-]"
ABSOLUTE_URL = re.compile(r"https?://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+"
                          r"(:[0-9]{1,5})?([/?#]" + _URL_CHARS + "*)?")
SITE_PATH = re.compile(r"(?!/)(?!.*(^|/)\.\.(/|$))[A-Za-z0-9._~-][A-Za-z0-9._~/-]*(#[A-Za-z0-9._~-]*)?")


def url_problem(value: str, *, absolute: bool = False) -> tuple[str, str] | None:
    """Why a URL may not be published (Danish, English), or None. `absolute`: a path inside the site is not enough."""
    if ABSOLUTE_URL.fullmatch(value) or (not absolute and SITE_PATH.fullmatch(value)):
        return None
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", value)
    if value.startswith("//"):
        why_da, why_en = "en adresse, der begynder med //, henter fra en vilkårlig vært", \
            "an address beginning with // loads from any host"
    elif scheme and scheme.group(1).lower() not in ("http", "https"):
        why_da = why_en = f"'{scheme.group(1).lower()}:'"
        why_da, why_en = f"adresser med {why_da} afvises", f"addresses with {why_en} are refused"
    else:
        why_da, why_en = ("den har tegn eller en form, som en adresse ikke har (mellemrum, anførselstegn, <>, {} …)",
                          "it has characters or a form an address does not have (spaces, quotes, <>, {} …)")
    kinds_da = "https:// (eller http://)" + ("" if absolute else " eller en sti på siden")
    kinds_en = "https:// (or http://)" + ("" if absolute else " or a path inside the site")
    return (f"Adressen '{_excerpt(value)}' kan ikke bruges: {why_da}. Skriv en adresse med {kinds_da}.",
            f"The address '{_excerpt(value)}' cannot be used: {why_en}. Write an address with {kinds_en}.")


# --- numbers and dates --------------------------------------------------------------------------------------

# Numbers as a CSV writes them (no '+', no leading zeros), so a code compares the same as text and as a number.
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?")
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# A submission's numbers may be written with a plus or leading zeros (a municipality's system writes '0100'):
# nothing compares them as text.
LOOSE_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,3})?")
LOOSE_INTEGER = re.compile(r"[+-]?[0-9]+")


def number_problem(value: str, kind: str, canonical: bool = True) -> tuple[str, str] | None:
    """A number or integer cell as the build reads it: ASCII digits, finite, within ±MAX_NUMBER; `canonical`: as a
    CSV writes it (this project's tables, whose codes are compared as text)."""
    if canonical:
        pattern = INTEGER if kind == "integer" else NUMBER
    else:
        pattern = LOOSE_INTEGER if kind == "integer" else LOOSE_NUMBER
    what_da, what_en = ("et helt tal", "a whole number") if kind == "integer" else ("et tal", "a number")
    if not pattern.fullmatch(value):
        from build_scripts.stages.validate.stage import _type_message

        if re.fullmatch(r"-?[0-9]+,[0-9]+|-?[0-9]{1,3}([.,][0-9]{3})+", value) or not re.search(r"[0-9]", value):
            return _type_message(value, kind)  # the same words as frictionless's for a decimal comma, a separator
        return (f"'{_excerpt(value)}' er ikke {what_da} skrevet med cifrene 0-9 uden foranstillede nuller og plus "
                "(fx 1234 eller 12.5).",
                f"'{_excerpt(value)}' is not {what_en} written with the digits 0-9 without leading zeros or plus "
                "(e.g. 1234 or 12.5).")
    number = float(value)
    if not math.isfinite(number) or abs(number) > contract.MAX_NUMBER:
        return (f"'{_excerpt(value)}' er uden for det tilladte (højst {contract.MAX_NUMBER:.0e} i absolut værdi).",
                f"'{_excerpt(value)}' is out of range (at most {contract.MAX_NUMBER:.0e} in absolute value).")
    return None


def date_problem(value: str, years=contract.DATE_YEARS) -> tuple[str, str] | None:
    try:
        day = datetime.date.fromisoformat(value) if DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        return (f"'{_excerpt(value)}' er ikke en dato, der findes, på formen ÅÅÅÅ-MM-DD.",
                f"'{_excerpt(value)}' is not a date that exists, of the form YYYY-MM-DD.")
    if not years[0] <= day.year <= years[1]:
        return (f"Datoen {value} ligger uden for årene {years[0]}-{years[1]}.",
                f"The date {value} lies outside the years {years[0]}-{years[1]}.")
    return None


def created_problem(value) -> tuple[str, str] | None:
    """`created`: an RFC 3339 time with a zone ('2026-11-21T00:00:00Z') in the years a ZIP file can hold."""
    low, high = contract.CREATED_YEARS
    try:
        when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")) \
            if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})", value) else None
    except ValueError:
        when = None
    if when is None:
        return (f"created '{_excerpt(value)}' er ikke et tidspunkt som 2026-11-21T00:00:00Z.",
                f"created '{_excerpt(value)}' is not a time such as 2026-11-21T00:00:00Z.")
    if not low <= when.year <= high:
        return (f"created {value} ligger uden for årene {low}-{high}, som en ZIP-fil kan gemme (pakkens download). "
                "Skriv datoen, hvor pakken blev oprettet.",
                f"created {value} lies outside the years {low}-{high} a ZIP file can hold (the package's download). "
                "Write the date the package was created.")
    return None


def _danish_number(value_text: str) -> Fraction | None:
    """value_text as the exact number it states: '825.080' 825080, '14,1' 141/10, '1/3' 1/3, 'fem' 5; else None."""
    words = {"en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
             "ti": 10}
    if value_text in words:
        return Fraction(words[value_text])
    if re.fullmatch(r"[0-9]+/[1-9][0-9]*", value_text):
        num, den = value_text.split("/")
        return Fraction(int(num), int(den))
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|[0-9]+(,[0-9]+)?", value_text):
        return Fraction(Decimal(value_text.replace(".", "").replace(",", ".")))
    return None


def value_matches_text(value: str, value_text: str) -> bool | None:
    """Whether `value` is exactly the number `value_text` states (None: value_text states no number).

    A fraction ('1/3') that has no finite decimal form is written rounded in `value`, to at least 4 decimals:
    '0.3333' is 1/3, '0.33' is not."""
    stated = _danish_number(value_text)
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

    def add(where, da, en, title="Ugyldig datapackage.json"):
        problems.append(_problem(name, None, where or None, da, en, title))

    resource_paths = {("resources", i, "path") for i, _ in enumerate(descriptor.get("resources", []))}
    for path, value in _walk(descriptor):
        where = _where(path)
        if isinstance(value, str):
            found = text.problem(value, shown=_excerpt)
            if found:
                add(where, found.da, found.en, found.title)
            elif path and path[-1] in URL_KEYS and tuple(path) not in resource_paths:
                # The package's own addresses are cited outside the site; a resource's sources may be its files.
                bad = url_problem(value, absolute=path[0] in ("homepage", "licenses", "sources", "contributors"))
                if bad:
                    add(where, *bad, title="Ugyldig adresse")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > contract.MAX_NUMBER:
                add(where, f"Tallet {_excerpt(value)} er ikke endeligt eller er for stort (højst "
                           f"{contract.MAX_NUMBER:.0e}).",
                    f"The number {_excerpt(value)} is not finite or is too large (at most {contract.MAX_NUMBER:.0e}).")
    if problems:
        return problems
    names = [r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)]
    for name_ in sorted({n for n in names if names.count(n) > 1}, key=str):
        add(f"resources/{name_}", f"To ressourcer hedder '{_excerpt(name_)}'. Giv hver sit navn.",
            f"Two resources are named '{_excerpt(name_)}'. Give each its own name.", "Ugyldigt navn")
    if project:
        _package_properties(descriptor, add)
    for i, res in enumerate(descriptor.get("resources", [])):
        _resource_problems(res, f"resources/{res.get('name', i)}", add, project)
    if project:
        names = {r.get("name") for r in descriptor.get("resources", []) if r.get("type") == "table"}
        for table in contract.TABLES:
            if table not in names:
                add(f"resources/{table}", f"Tabellen {table} mangler; byggeriet læser den. Gendan ressourcen.",
                    f"The table {table} is missing; the build reads it. Restore the resource.")
        if not any(r.get("path") == contract.BOUNDARIES and r.get("format") == "topojson"
                   for r in descriptor.get("resources", [])):
            add("resources", f"Ressourcen med regionernes grænser ({contract.BOUNDARIES}, format topojson) mangler; "
                             "byggeriet læser den (pakkens udstrækning og midtpunkt i dcat.ttl). Gendan den.",
                f"The resource with the regions' boundaries ({contract.BOUNDARIES}, format topojson) is missing; the "
                "build reads it (the package's extent and centre in dcat.ttl). Restore it.")
    return problems


def _package_properties(descriptor: dict, add) -> None:
    for key, kind in contract.PACKAGE_PROPERTIES.items():
        value = descriptor.get(key)
        if kind == "created":
            bad = created_problem(value)
            if bad:
                add("created", *bad, title="Ugyldig dato")
        elif kind == "profile" and value != contract.PROFILE:
            add(key, f"\"{key}\" skal være {contract.PROFILE} (Data Package v2).",
                f"\"{key}\" must be {contract.PROFILE} (Data Package v2).")
        elif kind in ("text", "site") and not (isinstance(value, str) and value.strip()):
            add(key, f"Pakken skal have \"{key}\" som en tekst.", f"The package needs \"{key}\" as a text.")
        elif kind == "site" and not (value.startswith("https://") and value.endswith("/")):
            add(key, f"\"{key}\" skal være sidens adresse med https:// og / til sidst, fx https://eksempel.dk/.",
                f"\"{key}\" must be the site's address with https:// and a final /, e.g. https://example.org/.")
        elif kind == "texts" and not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
            add(key, f"\"{key}\" skal være en liste af tekster.", f"\"{key}\" must be a list of texts.")
        elif kind == "list":
            if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
                add(key, f"\"{key}\" skal være en liste af objekter med mindst ét.",
                    f"\"{key}\" must be a list of at least one object.")
                continue
            for i, item in enumerate(value):
                for prop, want in contract.LIST_ITEMS[key].items():
                    got = item.get(prop)
                    if got is None and not want.endswith("!"):
                        continue
                    ok = isinstance(got, list) and all(isinstance(v, str) for v in got) if want == "texts" \
                        else isinstance(got, str) and bool(got.strip())
                    if not ok:
                        add(f"{key}/{i}/{prop}", f"\"{prop}\" skal være udfyldt med {'en liste af tekster' if want == 'texts' else 'en tekst'}.",
                            f"\"{prop}\" must be given as {'a list of texts' if want == 'texts' else 'a text'}.")


def _resource_problems(res, where: str, add, project: bool) -> None:
    if not isinstance(res, dict):
        return
    # A resource's path becomes part of download addresses, IRIs (dcat.ttl) and ZIP members, in the downloads'
    # folders data/ and derived/ (a municipality's submission is read from wherever it is).
    if project and isinstance(res.get("path"), str) and not re.fullmatch(contract.RESOURCE_PATH, res["path"]):
        add(f"{where}/path", f"Stien '{_excerpt(res['path'])}' skal have formen data/NAVN.csv (eller .topojson) med "
                             "små bogstaver a-z, tal, '_' og '-'; den bliver en del af adresser og filnavne.",
            f"The path '{_excerpt(res['path'])}' must have the form data/NAME.csv (or .topojson) with lower-case "
            "letters a-z, digits, '_' and '-'; it becomes part of addresses and file names.")
    if project and isinstance(res.get("name"), str) and re.fullmatch(contract.RESERVED_NAMES, res["name"]):
        if not (res["name"].startswith("derived_") and str(res.get("path", "")).startswith("derived/")):
            add(f"{where}/name", f"Navnet '{_excerpt(res['name'])}' er byggeriets eget (arket metadata, de afledte "
                                 "tabeller derived_…, SQLites sqlite_…). Vælg et andet.",
                f"The name '{_excerpt(res['name'])}' is the build's own (the sheet metadata, the derived tables "
                "derived_…, SQLite's sqlite_…). Choose another.")
    for prop in ("title", "description"):
        if project and not (isinstance(res.get(prop), str) and res[prop].strip()):
            add(f"{where}/{prop}", f"Ressourcen skal have \"{prop}\" (den vises på datasiden og i downloads).",
                f"The resource needs a \"{prop}\" (shown on the data page and in the downloads).")
    for prop in contract.NOT_READ:
        if res.get(prop) not in (None, []):
            _pinned(add, f"{where}/{prop}", res[prop], (), "table" if res.get("type") == "table" else "file")
    if res.get("type") != "table":
        fmt = res.get("format")
        if fmt not in contract.FILE_FORMATS or not str(res.get("path", "")).endswith(f".{fmt}"):
            add(f"{where}/format", f"Filer, der ikke er tabeller, kan kun være {', '.join(contract.FILE_FORMATS)} (med "
                                   "samme filendelse); byggeriet kan ikke kontrollere andre.",
                f"Files that are not tables can only be {', '.join(contract.FILE_FORMATS)} (with that file "
                "extension); the build cannot check others.")
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
            add(f"{where}/schema/fields/{i}/name",
                f"Feltets navn '{_excerpt(fname)}' må kun have små bogstaver a-z, tal og understreg og skal begynde "
                "med et bogstav (højst 64 tegn); det bliver kolonnenavn i CSV, SQLite og Parquet.",
                f"The field name '{_excerpt(fname)}' may only hold lower-case letters a-z, digits and underscores "
                "and must begin with a letter (at most 64 characters); it becomes a column name in CSV, SQLite and "
                "Parquet.", "Ugyldigt navn")
        if "type" not in field:  # Table Schema 2 reads a field without a type as 'any'; the downloads need one
            add(f"{where}/schema/fields/{fname}/type",
                f"Feltet skal have en type, en af {', '.join(contract.FIELD_TYPES)}; uden en type læses det som "
                "'any', som downloads ikke kan gemme.",
                f"The field needs a type, one of {', '.join(contract.FIELD_TYPES)}; without one it is read as 'any', "
                "which the downloads cannot store.")
        elif field.get("type", "string") not in contract.FIELD_TYPES:
            add(f"{where}/schema/fields/{fname}/type",
                f"Typen '{_excerpt(field.get('type'))}' kan ikke bruges; brug en af {', '.join(contract.FIELD_TYPES)}.",
                f"The type '{_excerpt(field.get('type'))}' cannot be used; use one of {', '.join(contract.FIELD_TYPES)}.")
        if project and not (isinstance(field.get("description"), str) and field["description"].strip()):
            add(f"{where}/schema/fields/{fname}/description",
                "Feltet skal have en \"description\" (den står i datasættets ordbog).",
                "The field needs a \"description\" (it is shown in the data dictionary).")
    if len(set(names)) != len(names):
        add(f"{where}/schema/fields", "To felter har samme navn.", "Two fields have the same name.")
    key = schema.get("primaryKey", [])
    for column in [key] if isinstance(key, str) else key:
        if column not in names:
            add(f"{where}/schema/primaryKey", f"Nøglen nævner feltet '{_excerpt(column)}', som tabellen ikke har.",
                f"The key names the field '{_excerpt(column)}', which the table does not have.")
    unique = schema.get("uniqueKeys", [])  # frictionless does not read them; the floor does (stored_key_problems)
    for i, columns in enumerate(unique if isinstance(unique, list) else [unique]):
        if not (isinstance(columns, list) and columns and all(c in names for c in columns)):
            add(f"{where}/schema/uniqueKeys/{i}",
                f"En nøgle i uniqueKeys skal være en liste af tabellens felter (ikke {_excerpt(json.dumps(columns))}).",
                f"A key of uniqueKeys must be a list of the table's fields (not {_excerpt(json.dumps(columns))}).")


def _same(value, allowed) -> bool:
    """`value` is one of `allowed` (a list as a set: the order of trueValues changes nothing)."""
    if isinstance(value, list):
        return any(isinstance(a, list) and sorted(map(str, value)) == sorted(map(str, a)) for a in allowed)
    return any(type(value) is type(a) and value == a for a in allowed)


def _pinned(add, where: str, value, allowed: tuple, what: str) -> None:
    """A property that would make frictionless read a table (or a field, a file) otherwise than the build does:
    refused, with the value the build reads (`allowed[0]`) or, when nothing is allowed, without the property."""
    prop = where.rsplit("/", 1)[-1]
    shown = _excerpt(json.dumps(value, ensure_ascii=False))
    noun_da, noun_en, it = {"table": ("tabellen", "the table", "den"), "field": ("feltet", "the field", "det"),
                            "file": ("filen", "the file", "den")}[what]
    if allowed:
        want = json.dumps(allowed[0], ensure_ascii=False)
        add(where, f"\"{prop}\": {shown} ændrer, hvordan {noun_da} læses, men byggeriet læser {it} altid som {want} "
                   f"(downloads, sider og figurer). Slet egenskaben, eller skriv {want}.",
            f"\"{prop}\": {shown} changes how {noun_en} is read, but the build always reads it as {want} (downloads, "
            f"pages and charts). Delete the property, or write {want}.")
    else:
        add(where, f"\"{prop}\": {shown} ændrer, hvordan {noun_da} læses, men byggeriet ser bort fra det. Slet "
                   "egenskaben.",
            f"\"{prop}\": {shown} changes how {noun_en} is read, but the build ignores it. Delete the property.")


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
            add(f"{where}/schema/fields", f"Feltet/felterne {', '.join(missing)} mangler; byggeriet læser dem. Gendan dem.",
                f"The field(s) {', '.join(missing)} are missing; the build reads them. Restore them.")
        for fname, kind in table.types().items():
            if fname in declared and declared[fname] != kind:
                add(f"{where}/schema/fields/{fname}/type",
                    f"Feltet {fname} skal have typen {kind} (ikke {_excerpt(declared[fname])}); byggeriet regner med den.",
                    f"The field {fname} must have the type {kind} (not {_excerpt(declared[fname])}); the build relies on it.")


# --- the tables -----------------------------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """A CSV's header and its rows as (row number, {field: text}), numbered as frictionless numbers them (the
    header is 1, a row with a line break in a cell is one row); ragged rows padded or cut, blank rows left out
    (frictionless reports both)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = []
        for number, row in enumerate(reader, start=2):
            if any(row):
                rows.append((number, dict(zip(header, (row + [""] * len(header))[:len(header)]))))
    return header, rows


def cell_problems(res: dict, path: Path, name: str, project: bool) -> list:
    """Every cell of one table against the floor (and, for a table of contract.TABLES, the contract)."""
    header, rows = read_rows(path)
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
                problems.append(_problem(name, line, field, *found))
    problems += stored_key_problems(res["schema"], rows, name)
    if table:
        problems += _contract_rows(table, res["name"], rows, name) + _distinct_problems(table, rows, name)
    return problems


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
                problems.append(_problem(name, line, field,
                                         f"Navnet '{_excerpt(value)}' er det samme som '{_excerpt(earlier)}' i linje "
                                         f"{first}, når store og små bogstaver og tegnvarianter ses bort fra; "
                                         "figurerne ville slå de to rækker sammen. Giv hver række sit eget navn.",
                                         f"The name '{_excerpt(value)}' is the same as '{_excerpt(earlier)}' on line "
                                         f"{first} once case and character variants are set aside; the charts would "
                                         "merge the two rows. Give each row its own name.", "Dubleret navn"))
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
            shown, before = ", ".join(_excerpt(t) for t in texts), ", ".join(_excerpt(t) for t in earlier)
            if texts == earlier:  # written the same (a key frictionless does not read: uniqueKeys)
                problems.append(_problem(name, line, field, f"Nøglen {shown} står allerede i linje {first}. Hver række "
                                                            "skal have sin egen nøgle.",
                                         f"The key {shown} already appears on line {first}. Every row needs its own "
                                         "key.", "Dubleret nøgle"))
                continue
            problems.append(_problem(name, line, field,
                                     f"Nøglen {shown} står allerede i linje {first} ({before}), når tal gemmes som i "
                                     "downloads (Parquet, SQLite). Hver række skal have sin egen nøgle.",
                                     f"The key {shown} already appears on line {first} ({before}) once numbers are "
                                     "stored as in the downloads (Parquet, SQLite). Every row needs its own key.",
                                     "Dubleret nøgle"))
    return sorted(problems, key=lambda p: p.line)


def _cell(value: str, field: str, kind: str, is_id: bool, multiline: bool = False, canonical: bool = True):
    found = text.problem(value, tab=field in contract.TAB_FIELDS, newline=multiline, shown=_excerpt)
    if found:
        return found.da, found.en, found.title
    if len(value) > contract.MAX_TEXT:
        return (f"Teksten er længere end {contract.MAX_TEXT} tegn. Forkort den.",
                f"The text is longer than {contract.MAX_TEXT} characters. Shorten it.", "For lang tekst")
    if kind in ("number", "integer"):
        bad = number_problem(value, kind, canonical)
        return (*bad, "Forkert type") if bad else None
    if kind == "date":
        bad = date_problem(value)
        return (*bad, "Ugyldig dato") if bad else None
    if DATE.fullmatch(value):  # a text in the form of a date is shown as a date: it must exist
        bad = date_problem(value)
        return (*bad, "Ugyldig dato") if bad else None
    if field in contract.URL_FIELDS or field.endswith("_url"):
        bad = url_problem(value)
        return (*bad, "Ugyldig adresse") if bad else None
    if is_id and not re.fullmatch(contract.IDENTIFIER, value):
        return (f"'{_excerpt(value)}' er ikke et gyldigt id: kun små bogstaver a-z, tal, '_' og '-', begyndende med et "
                "bogstav eller et tal (højst 64 tegn); id'et bliver filnavn og adresse.",
                f"'{_excerpt(value)}' is not a valid id: only lower-case letters a-z, digits, '_' and '-', beginning "
                "with a letter or a digit (at most 64 characters); the id becomes a file name and an address.",
                "Ugyldigt id")
    return None


def _contract_rows(table: contract.Table, resource: str, rows, name: str) -> list:
    problems = []
    required = table.required()
    seen = {}
    for line, row in rows:
        for field in required:
            if field in row and not row[field]:
                problems.append(_problem(name, line, field, "Feltet er tomt, men skal udfyldes.",
                                         "The field is empty but is required.", "Manglende værdi"))
        for field, allowed in table.enums.items():
            value = row.get(field, "")
            if value and value not in [str(a) for a in allowed]:
                shown = ", ".join(str(a) for a in allowed)
                problems.append(_problem(name, line, field,
                                         f"Værdien '{_excerpt(value)}' er ikke en af dem, byggeriet kender: {shown}.",
                                         f"The value '{_excerpt(value)}' is not one the build knows: {shown}.",
                                         "Ugyldig værdi"))
        for field, pattern in table.patterns.items():
            value = row.get(field, "")
            if value and not re.fullmatch(pattern, value):
                problems.append(_problem(name, line, field,
                                         f"Værdien '{_excerpt(value)}' har ikke den form, byggeriet læser ({pattern}).",
                                         f"The value '{_excerpt(value)}' does not have the form the build reads ({pattern}).",
                                         "Ugyldig værdi"))
        key = tuple(row.get(k, "") for k in table.key)
        if all(key):
            if key in seen:
                problems.append(_problem(name, line, table.key[0] if len(table.key) == 1 else None,
                                         f"Nøglen {', '.join(key)} står allerede i linje {seen[key]}. Hver række skal have "
                                         "sin egen.",
                                         f"The key {', '.join(key)} already appears on line {seen[key]}. Every row needs "
                                         "its own.", "Dubleret nøgle"))
            else:
                seen[key] = line
        for field, (low, high) in table.ranges.items():
            value = row.get(field, "")
            if value and NUMBER.fullmatch(value) and not low <= float(value) <= high:
                problems.append(_problem(name, line, field,
                                         f"Værdien {_excerpt(value)} ligger uden for {low:g}-{high:g}, som byggeriet "
                                         "regner med.",
                                         f"The value {_excerpt(value)} lies outside {low:g}-{high:g}, which the build "
                                         "relies on.", "Ugyldig værdi"))
        for part, whole in table.at_most:
            a, b = row.get(part, ""), row.get(whole, "")
            if a and b and NUMBER.fullmatch(a) and NUMBER.fullmatch(b) and float(a) > float(b):
                problems.append(_problem(name, line, part,
                                         f"{part} ({_excerpt(a)}) er større end {whole} ({_excerpt(b)}).",
                                         f"{part} ({_excerpt(a)}) is greater than {whole} ({_excerpt(b)}).",
                                         "Ugyldig værdi"))
        if row.get("unit") in contract.COUNT_UNITS and row.get("value") and NUMBER.fullmatch(row["value"]):
            if Decimal(row["value"]) != Decimal(row["value"]).to_integral_value():
                problems.append(_problem(name, line, "value",
                                         f"value {_excerpt(row['value'])} er et antal ({row['unit']}) og skal være et helt tal.",
                                         f"value {_excerpt(row['value'])} is a count ({row['unit']}) and must be a whole "
                                         "number.", "Ikke et helt tal"))
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
                    problems.append(_problem(names[resource], line, field,
                                             f"Koden '{_excerpt(code)}' findes ikke i tabellen {target} (kolonnen {column}). "
                                             f"Ret koden, eller tilføj den i {target}.",
                                             f"The code '{_excerpt(code)}' does not exist in the table {target} (column "
                                             f"{column}). Fix the code, or add it to {target}.", "Ukendt kode"))
    return problems

