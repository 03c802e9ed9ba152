"""Stage 1: validate the data package before anything is built.

It is the one gate: what it accepts, every later stage builds, and every published file is well-formed
(tests/e2e/test_validate_properties.py).

Reads  datapackage/datapackage.json and every file it lists; the submission standard beside it
       (datapackage/submission/datapackage.json); in a checkout also CHANGELOG.md and CITATION.cff.
Writes nothing. Prints one line per problem (file, line, field, what to do, in every language: a Problem's code
is a key of the language files' `problems`, problem.py) and a count; `run()` raises ValidationFailed on any problem.

Checks, in order; each step runs only when the one before found nothing, so a
maintainer sees the cause and not a cascade of follow-on errors:
0. The project has every file and folder a stage reads and no stage writes (each stage's declared inputs: docs/,
   mkdocs.yml, releases/ …); else one line naming the stage and the path, the line the command line prints before a
   stage runs alone, so `build` stops here and not with a later stage's traceback (not for another copy: --package).
   Then no symbolic link among them (links.py): one line per link, naming its target, since the build would publish
   what it points to (a file of the build machine).
1. datapackage.json is strict JSON (jsonfile.py: no NaN or Infinity, no key twice, bounded in size) and matches
   the Data Package profile; every resource path lies inside datapackage/ and is a regular file; the version is
   strict SemVer (X.Y.Z, no leading zeros) and the names of the package, its resources and fields have the forms
   of contract.py (they become file names, sheet titles, SQL identifiers and links); no `profile` frictionless
   would fetch; and the descriptor passes the safety floor (floor.py): its texts, URLs and numbers, the properties
   and the tables the build reads, and each table read as the build reads it (no dialect, encoding, compression,
   format, missing values or field options that would make frictionless check other rows or values than the
   downloads publish).
2. Each CSV is UTF-8 (a BOM and CRLF are fine), comma-separated, not empty, has
   no unterminated quote, has rows, and has exactly the columns its schema declares.
3. frictionless validates the whole package (types, constraints, keys).
   Custom checks in the same pass reject text with leading or trailing spaces,
   text a spreadsheet would run as a formula, and numbers that are not finite.
   The safety floor (floor.py, text.py) checks every cell whatever the descriptor says: the characters text
   may hold, numbers in 0-9, dates, URLs, ids, every declared key as the downloads store it, and for the tables
   the build reads (contract.py) their types, filled-in cells, keys, references, values and distinct names;
   files.py checks the TopoJSON (what the downloads read of the boundaries), the submission standard,
   CHANGELOG.md and CITATION.cff (read as YAML events first: no anchors, aliases or tags; then as YAML 1.2's
   core schema reads it: no key twice, a date is its text).
4. The project's own rules: every row of a sourced table has a source and a
   quote; enums given as `categories` are enforced; `value_text` says exactly the same number as `value`.
   Then, once every row is valid, the rows the build reads by name (requirements.py) are there, the figures the
   build puts side by side or the reconciliation adds and compares are in one unit, a restated figure (a
   statement's same_as) is the key figure it names (floor.restated_problems), and each MkDocs nav lists exactly the
   pages the build writes: docs/'s and one per policy area (files.nav_problems).
5. Every quote against its source (check_source_quotes): `value` and `value_text`
   are both given or both empty (a statement without a number has neither);
   the quote contains the qualifier and `value_text` as written, as a number of its own (not a side of a
   fraction or a range, not after a minus, not part of a larger number), and gives the row's `unit` beside it in
   the words the code knows for it (units.py: '100 mio. kr.' is not mia_kr; a unit without words is refused); the
   quote
   occurs verbatim in the text of the document it names, datapackage/sources/*.txt
   (the only normalisation: each run of whitespace counts as one space). Each text is the one whose SHA-256 the
   code pins (paths.SOURCE_TEXT_SHA256), so a source cannot change in the same pull request as its quotes.
And, whatever the package's problems, the page templates of docs/ (templates.py): each is UTF-8 and Jinja can parse
it, what it includes, imports or extends by name is there, and a page's front matter is YAML in every language, so
that `build` stops here with the template's line, not in the pages stage with a traceback or on the site with the
front matter shown as text; and docs/'s stylesheets and scripts (assets.py): no stylesheet writes text or changes
how the page's text is drawn, and every script is one the code pins by its SHA-256.
"""

import ast
import csv
import functools
import hashlib
import io
import json
import re
from pathlib import Path

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import ByLanguage, Phrase
from build_scripts.core.paths import SOURCE_README, SOURCE_TEXT_FILES, SOURCE_TEXT_SHA256, Paths
from build_scripts.core.text import QUALIFIERS, danish_number, excerpt, is_formula_like
from build_scripts.stages.validate import contract, units
from build_scripts.stages.validate.problem import Problem

# The largest file of the package `validate` reads (the package's own are kilobytes; a submission's 50 MB).
MAX_FILE_BYTES = 100_000_000
# Patterns the schemas use for text (datapackage/datapackage.json), with a message of their own.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"  # labels and free texts: one line, no control characters
QUOTE_TEXT = r"^[^\x00-\x08\x0a-\x1f\x7f]*$"  # verbatim quotes: the same, but a tab (from a table) is kept
# The forms of names, in code (contract.py): they end up in file names, sheet titles, SQL and links.
SEMANTIC_VERSION = contract.VERSION  # strict: X.Y.Z without leading zeros
PACKAGE_NAME = contract.PACKAGE_NAME
RESOURCE_NAME = contract.RESOURCE_NAME


class ValidationFailed(BuildStopped):
    """Raised when the package has problems; the problems are already printed, so its text is empty."""

    def __init__(self, problems):
        super().__init__("")
        self.problems = problems


def _rel(path: Path, package_json: Path) -> str:
    """A file's name as a maintainer sees it: relative to the folder holding datapackage/."""
    root = package_json.resolve().parent.parent
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- step 1: the descriptor ------------------------------------------------------------


def path_problem(path: Path, shown: str, max_bytes: int | None = None) -> Problem | None:
    """Why a file given to a command cannot be read, in one line (missing, a folder, a device, a FIFO, unreadable,
    too large); None if it can. Nothing is read: a device such as /dev/zero would never end."""
    import os
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Problem("file_missing", shown, kind="missing_file")
    except OSError as err:
        return Problem("file_unreadable", shown, params={"reason": err.strerror}, kind="missing_file")
    if stat.S_ISDIR(mode):
        return Problem("path_is_folder", shown, kind="missing_file")
    if not stat.S_ISREG(mode):
        return Problem("path_not_regular", shown, kind="missing_file")
    if not os.access(path, os.R_OK):
        return Problem("file_no_access", shown, kind="missing_file")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return Problem("file_too_large", shown, params={"size": size, "limit": max_bytes}, kind="too_large")
    return None


def check_descriptor(package_json: Path, project: bool = True) -> tuple[dict | None, list[Problem]]:
    from build_scripts.stages.validate import floor, jsonfile

    name = _rel(package_json, package_json)
    unreadable = path_problem(package_json, name, jsonfile.MAX_BYTES)
    if unreadable:
        return None, [unreadable]
    descriptor, problems = _parsed_descriptor(package_json, name)
    if problems:
        return None, problems
    problems = _check_profile(descriptor, name) or _check_names(descriptor, name)
    if problems:
        return None, problems
    problems = _resource_file_problems(descriptor, package_json, name)
    if not problems:  # the safety floor of the descriptor (floor.py), once its structure is sound
        problems = floor.descriptor_problems(descriptor, name, project=project)
    return (None if problems else descriptor), problems


def _parsed_descriptor(package_json: Path, name: str) -> tuple[dict | None, list[Problem]]:
    """The descriptor as strict JSON (jsonfile.loads), or one problem that says why it cannot be read."""
    from build_scripts.stages.validate import jsonfile

    try:
        text = package_json.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("save_as_utf8", name, kind="wrong_encoding")]
    try:
        descriptor = jsonfile.loads(text)
    except RecursionError:
        return None, [Problem("json_too_deep", name, kind="invalid_json")]
    except json.JSONDecodeError as err:
        return None, [Problem("json_invalid_at", name, err.lineno, None, {"column": err.colno, "error": err.msg},
                              kind="invalid_json")]
    except jsonfile.StrictJSONError as err:
        return None, [Problem.saying(err.phrase, name, err.line, err.where, kind="invalid_json")]
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        return None, [Problem("json_invalid", name, params={"error": excerpt(err, 200)}, kind="invalid_json")]
    return descriptor, []


def _resource_file_problems(descriptor: dict, package_json: Path, name: str) -> list[Problem]:
    """Every resource's file: a table's schema, one path inside datapackage/ to a regular file of a readable size."""
    problems = []
    for res in descriptor.get("resources", []):
        res_path = res.get("path")
        is_csv = res.get("format") == "csv" or (isinstance(res_path, str) and res_path.endswith(".csv"))
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if is_csv and (res.get("type") != "table" or not isinstance(fields, list) or not fields
                       or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields)):
            problems.append(Problem("csv_needs_schema", name, None, f"resources/{res.get('name')}",
                                    kind="invalid_descriptor"))
            continue
        if not isinstance(res_path, str):
            problems.append(Problem("resource_needs_path", name, None, f"resources/{res.get('name')}/path",
                                    kind="missing_file"))
            continue
        target = (package_json.parent / res_path).resolve()
        if "://" in res_path or not target.is_relative_to(package_json.parent.resolve()):
            problems.append(_outside_problem(name, descriptor, res_path))
        else:
            problems += _resource_file_problem(target, res_path, name, f"resources/{res['name']}/path")
    return problems


def _resource_file_problem(target: Path, res_path: str, name: str, where: str) -> list[Problem]:
    """A resource's file inside datapackage/: it exists, is a regular file and not too large to read."""
    shown = {"path": excerpt(res_path)}
    if not target.exists():
        return [Problem("resource_file_missing", name, None, where, shown, kind="missing_file")]
    if target.is_dir():
        return [Problem("resource_path_folder", name, None, where, shown, kind="missing_file")]
    if not target.is_file():  # a device or a FIFO: reading it would never end
        return [Problem("resource_path_not_regular", name, None, where, shown, kind="missing_file")]
    if target.stat().st_size > MAX_FILE_BYTES:
        return [Problem("resource_file_too_large", name, None, where,
                        {**shown, "size": target.stat().st_size, "limit": MAX_FILE_BYTES}, kind="too_large")]
    return []


def _outside_problem(name: str, descriptor: dict, res_path: str) -> Problem:
    resource = next((r.get("name") for r in descriptor.get("resources", []) if r.get("path") == res_path), "?")
    return Problem("path_outside", name, None, f"resources/{resource}/path", {"path": excerpt(res_path)},
                   kind="path_outside")


def _check_names(descriptor: dict, name: str) -> list[Problem]:
    """Version and names have safe forms: they end up in file names, sheet titles, paths and links."""
    problems = []
    version = descriptor.get("version")
    if not (isinstance(version, str) and re.fullmatch(SEMANTIC_VERSION, version)):
        problems.append(Problem("version_form", name, None, "version", {"version": excerpt(version)},
                                kind="invalid_version"))
    if not (isinstance(descriptor.get("name"), str) and re.fullmatch(PACKAGE_NAME, descriptor["name"])):
        problems.append(Problem("package_name_form", name, None, "name", {"name": excerpt(descriptor.get("name"))},
                                kind="invalid_name"))
    for res in descriptor.get("resources", []):
        res_name = res.get("name") if isinstance(res, dict) else None
        if not (isinstance(res_name, str) and re.fullmatch(RESOURCE_NAME, res_name)):
            problems.append(Problem("resource_name_form", name, None, f"resources/{excerpt(res_name)}/name",
                                    {"name": excerpt(res_name)}, kind="invalid_name"))
    return problems


# The profiles frictionless knows by name. Any other `profile` (Data Package 1) it fetches, from the network or a
# file relative to the working folder, before anything else is checked.
KNOWN_PROFILES = {"package": ("data-package", "tabular-data-package"), "resource": ("data-resource",
                                                                                     "tabular-data-resource")}


def _remote_profiles(descriptor: dict, name: str) -> list[Problem]:
    resources = descriptor.get("resources") if isinstance(descriptor.get("resources"), list) else []
    places = [("profile", descriptor, "package")]
    places += [(f"resources/{r.get('name')}/profile", r, "resource") for r in resources if isinstance(r, dict)]
    return [Problem("profile_fetched", name, None, where, {"profile": excerpt(node["profile"])}, kind="invalid_descriptor")
            for where, node, kind in places if "profile" in node and node["profile"] not in KNOWN_PROFILES[kind]]


@functools.lru_cache(maxsize=16)
def _profile_notes(descriptor: str) -> tuple[str, ...]:
    """What frictionless says of a descriptor (given as its JSON text) against the Data Package profile, kept per
    text: the tests validate the same descriptor hundreds of times (an exception is not kept)."""
    from frictionless import Package

    return tuple(getattr(error, "note", "") or error.message for error in Package.metadata_validate(json.loads(descriptor)))


def _check_profile(descriptor, name: str) -> list[Problem]:
    from frictionless import FrictionlessException

    if not isinstance(descriptor, dict):
        return [Problem("descriptor_not_object", name, kind="invalid_descriptor")]
    problems = _remote_profiles(descriptor, name)
    for res in descriptor.get("resources", []) if isinstance(descriptor.get("resources"), list) else []:
        schema = res.get("schema") if isinstance(res, dict) else None
        fks = schema.get("foreignKeys") if isinstance(schema, dict) else None
        for fk in fks if isinstance(fks, list) else []:
            reference = fk.get("reference") if isinstance(fk, dict) else None
            if not (isinstance(fk, dict) and "fields" in fk and isinstance(reference, dict) and "fields" in reference):
                problems.append(Problem("foreign_key_form", name, None, f"resources/{res.get('name')}/schema/foreignKeys",
                                        kind="invalid_descriptor"))
    if problems:
        return problems
    try:
        notes = _profile_notes(json.dumps(descriptor, sort_keys=True, ensure_ascii=False))
    except FrictionlessException as err:  # e.g. an unknown field type
        return [Problem("profile_mismatch", name, params={"note": excerpt(err.error.message, 200)},
                        kind="invalid_descriptor")]
    except Exception as err:  # frictionless's own checks can fail on a malformed descriptor: report, never crash
        return [Problem("profile_unchecked", name, params={"detail": f"{type(err).__name__}: {excerpt(err, 200)}"},
                        kind="invalid_descriptor")]
    for note in notes:
        unsafe = re.fullmatch(r'path "(.*)" is not safe', note)
        if unsafe:
            problems.append(_outside_problem(name, descriptor, unsafe.group(1)))
            continue
        problems.append(Problem("profile_mismatch", name, params={"note": excerpt(note, 200)},
                                kind="invalid_descriptor"))
    return problems


# --- step 2: each CSV file as text --------------------------------------------------------


def check_csv_file(path: Path, fields: list[str], package_json: Path) -> list[Problem]:
    name = _rel(path, package_json)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's byte order mark: Excel's 'Unicode Text', for one
        return [Problem("csv_utf16", name, kind="wrong_encoding")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return [Problem("csv_not_utf8", name, line, kind="wrong_encoding")]
    if not text.strip():
        return [Problem("csv_empty", name, kind="empty_file")]
    first_line = text.split("\n", 1)[0].removesuffix("\r")
    if EXCEL_SEP.fullmatch(first_line):  # the header follows it: every column would be named wrongly
        return [Problem("csv_excel_sep", name, 1, params={"line": excerpt(first_line)}, kind="wrong_delimiter")]
    unterminated = _unterminated_quote(text, name)
    if unterminated:
        return [unterminated]
    reader = csv.reader(io.StringIO(text, newline=""))  # lazily: only the header and the first row are needed
    try:
        header = next(reader)
        has_rows = any(row for row in reader)
    except csv.Error as err:
        return [Problem("csv_unreadable", name, params={"error": str(err)}, kind="invalid_csv")]
    delimiter = _other_delimiter(header, fields)
    if delimiter:
        return [Problem("csv_delimiter", name, 1, params={"delimiter": Phrase(DELIMITERS[delimiter])},
                        kind="wrong_delimiter")]
    problems = _header_problems(header, fields, name)
    if not has_rows:
        problems.append(Problem("csv_no_rows", name, kind="no_rows"))
    return problems


# Delimiters other than the comma, each with its words in the language files: semicolons (a spreadsheet's CSV where
# the comma is the decimal sign, as in Danish), tabs (Excel's 'Text (Tab delimited)', a paste from a sheet), vertical
# bars. Read with commas, such a file's header is one cell, and every column would be named as missing.
DELIMITERS = {";": "delimiter_semicolons", "\t": "delimiter_tabs", "|": "delimiter_bars"}
# Excel's note of the delimiter, a first line such as 'sep=,' or 'sep=;': Excel writes and reads it, no other reader.
EXCEL_SEP = re.compile(r"sep=.?", re.IGNORECASE)


def _other_delimiter(header: list[str], fields: list[str]) -> str | None:
    """The delimiter of DELIMITERS a header of one cell is written with: the one that splits it into the most of the
    schema's field names, then into the most columns; None for a header that commas split."""
    splits = {d: header[0].split(d) for d in DELIMITERS if len(header) == 1 and d in header[0]}
    return max(splits, key=lambda d: (len(set(splits[d]) & set(fields)), len(splits[d])), default=None)


def _header_problems(header: list[str], fields: list[str], name: str) -> list[Problem]:
    """The header against the schema's fields: a column without a name or named twice, then one renamed column, or
    the missing and the extra ones, or the order."""
    problems, seen = [], {}
    for number, column in enumerate(header, start=1):
        if not column.strip():
            problems.append(Problem("column_unnamed", name, 1, None, {"number": number}, kind="unnamed_column"))
        elif column in seen:
            problems.append(Problem("column_twice", name, 1, column, {"column": column, "first": seen[column],
                                                                      "again": number}, kind="repeated_column"))
        seen.setdefault(column, number)
    missing = [f for f in fields if f not in header]
    extra = [h for h in dict.fromkeys(header) if h.strip() and h not in fields]
    if len(missing) == 1 and len(extra) == 1 and not problems:
        return [Problem("column_renamed", name, 1, extra[0], {"column": extra[0], "name": missing[0]},
                        kind="renamed_column")]
    problems += [Problem("column_missing", name, 1, col, {"column": col}, kind="missing_column") for col in missing]
    problems += [Problem("column_extra", name, 1, col, {"column": col}, kind="extra_column") for col in extra]
    if not problems and header != fields:
        problems.append(Problem("column_order", name, 1, None, {"fields": ", ".join(fields)}, kind="column_order"))
    return problems


def _unterminated_quote(text: str, name: str) -> Problem | None:
    """A quote that is opened and never closed makes the rest of the file one cell: name that cause, once."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as err:
        if "unexpected end of data" not in str(err):
            return None  # another irregularity; frictionless reports it row by row
        return Problem("csv_unterminated_quote", name, start, kind="unterminated_quote")
    return None


# --- step 3: frictionless ---------------------------------------------------------------------


# Per broken constraint (or constraint-limit): the message's code, filled in with {value} and {limit}.
CONSTRAINT_CODES = {
    "required": "field_required", "minimum": "constraint_minimum", "minimum-0": "constraint_minimum_0",
    "maximum": "constraint_maximum", "maximum-100": "constraint_maximum_100", "enum": "constraint_enum",
    "maxLength": "text_too_long", "minLength": "constraint_min_length", "pattern": "constraint_pattern",
    "unique": "constraint_unique",
}


def _constraint_message(error, value) -> Phrase:
    match = re.search(r'constraint "(\w+)" is "(.*)"', error.note or "")
    constraint, limit = (match.group(1), match.group(2)) if match else ("", "")
    value = excerpt(value)
    if constraint == "pattern" and limit in (ONE_LINE, QUOTE_TEXT):
        return Phrase("text_control", value=value)
    if constraint == "enum":
        return _enum_message(limit, value, error)
    key = f"{constraint}-{limit}" if f"{constraint}-{limit}" in CONSTRAINT_CODES else constraint
    return Phrase(CONSTRAINT_CODES.get(key, "constraint_other"), value=value, limit=limit, constraint=constraint)


def _enum_message(limit: str, value, error) -> Phrase:
    """A value outside an enum, with the allowed values in words ('1, 2 eller 3', not the validator's "['1', '2',
    '3']"), and, for a value that is an allowed one in other letter case, which to write (red team 8, finding 4)."""
    try:
        allowed = [str(v) for v in ast.literal_eval(limit)]
    except (ValueError, SyntaxError, TypeError):
        allowed = []
    if not allowed:
        return Phrase("constraint_enum", value=value, limit=limit)
    words = ByLanguage.of(lambda lang: lang.word("list_or", first=", ".join(allowed[:-1]), last=allowed[-1])
                          if len(allowed) > 1 else allowed[0])
    cell = str(getattr(error, "cell", None) or "")
    same = [v for v in allowed if v.casefold() == cell.casefold() and v == v.lower() and v != cell]
    if same:
        return Phrase("constraint_enum_lower_case", value=value, limit=words, allowed=same[0])
    return Phrase("constraint_enum", value=value, limit=words)


def _written(number: str) -> str:
    """A number a message suggests, as every table accepts it: without leading zeros ('01.5' -> '1.5')."""
    return re.sub(r"^(-?)0+(?=[0-9])", r"\1", number)


def _type_message(value: str, field_type: str) -> Phrase:
    """Why a cell is not of its type, in words that suggest only what the type accepts (in this project's tables and
    in a submission alike): a thousands separator for a whole number ('1,000' and '1.000' are 1000, never 1.000), a
    decimal comma for a number, both readings of '1,000' in a number (1.000 is one; 1000 a thousand)."""
    value = excerpt(value)
    fixed, plain = _written(value.replace(",", ".")), _written(re.sub(r"[.,]", "", value))
    if field_type == "number" and re.fullmatch(r"-?\d{1,3},\d{3}", value):
        return Phrase("comma_ambiguous", value=value, fixed=fixed, plain=plain)
    if field_type in ("number", "integer") and re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", value):
        return Phrase("thousands_separator", value=value, plain=plain)
    if field_type == "number" and re.fullmatch(r"-?\d+,\d+", value):
        return Phrase("decimal_comma", value=value, fixed=fixed)
    if field_type in ("number", "integer") and re.search(r"[0-9]", value or ""):  # '1,5' or '1e3' as an integer
        return Phrase("whole_number_form" if field_type == "integer" else "number_form_loose", value=value)
    if field_type == "date":
        return Phrase("not_a_date", value=value)
    kind = {"number": Phrase("type_number"), "integer": Phrase("type_integer")}.get(field_type, field_type)
    return Phrase("not_of_type", value=value, kind=kind)


def _cell_checks():
    """The project's own cell rules as one frictionless check, run in the same pass as frictionless's own: no text
    with surrounding spaces, no formula-like text, only finite numbers."""
    import math

    from frictionless import Check, errors

    def cell_error(kind: str, error_title: str, about: str, says: str):
        return type(kind.title().replace("-", "") + "Error", (errors.CellError,), {
            "type": kind, "title": error_title, "description": about, "template": "Cell {cell} " + says})

    surrounding_space = cell_error("surrounding-space", "Surrounding space", "A text has leading or trailing spaces.",
                                   "has leading or trailing spaces")
    formula_text = cell_error("formula-text", "Formula-like text",
                              "A text starts with a character that makes a spreadsheet run it as a formula.",
                              "starts like a formula")
    not_finite = cell_error("not-finite", "Not a finite number", "A number is NaN or infinite.",
                            "is not a finite number")

    class OwnCellRules(Check):
        type = "own-cell-rules"
        Errors = [surrounding_space, formula_text, not_finite]

        def validate_row(self, row):
            for name in row.field_names:
                value = row[name]
                if isinstance(value, str) and value != value.strip():
                    yield surrounding_space.from_row(row, note="", field_name=name)
                if isinstance(value, str) and is_formula_like(value):
                    yield formula_text.from_row(row, note="", field_name=name)
                elif isinstance(value, float) and not math.isfinite(value):
                    yield not_finite.from_row(row, note="", field_name=name)

    return OwnCellRules()


def check_frictionless(package_json: Path) -> list[Problem]:
    """frictionless's validation, resource by resource (as Package.validate does), each resource's problems kept per
    content (_content_key): a test run validates hundreds of packages that differ from the project's in one table."""
    from frictionless import FrictionlessException, Package

    found = _checked_before(package_json)
    if found is not None:
        return [p for task, _ in found for p in task] + [p for _, errors in found for p in errors]
    try:
        package = Package(str(package_json))
        try:
            package.to_descriptor(validate=True)
        except FrictionlessException as exception:
            return [_frictionless_says(error, package_json) for error in exception.to_errors()]
        read_as_the_build(package)
        raw = json.loads(package_json.read_text(encoding="utf-8"))
        found = [_resource_problems(package_json, package, raw, res) for res in package.resources]
        if [res.name for res in package.resources] == _resource_names(raw):
            DESCRIPTORS_VALID.add(hashlib.sha256(package_json.read_bytes()).hexdigest())
    except FrictionlessException as err:  # a schema frictionless cannot even load, e.g. an unknown field type
        return [Problem("schema_unusable", _rel(package_json, package_json),
                        params={"message": excerpt(err.error.message, 200)}, kind="invalid_descriptor")]
    except Exception as err:  # e.g. a constraint of the wrong type ("minimum": false) that the profile lets through
        return [Problem("schema_cannot_validate", _rel(package_json, package_json),
                        params={"message": f"{type(err).__name__}: {excerpt(err, 200)}"}, kind="invalid_descriptor")]
    return [p for task, _ in found for p in task] + [p for _, errors in found for p in errors]


def read_as_the_build(package) -> None:
    """Every table of `package` read by frictionless as the build, the floor and pandas read it (Python's csv module
    with its defaults, contract.DIALECT's first values), nothing left for frictionless to guess from the file.
    frictionless sniffs every CSV option the descriptor does not state: one `, "` in a submission made it skip the
    space and open a quoted cell that ran over the next row, which was then never checked but counted (red team 23,
    finding 1). A descriptor that states another value is refused before this (floor._reading_problems)."""
    from frictionless.formats import CsvControl
    from frictionless.resources import TableResource

    for resource in package.resources:
        if not isinstance(resource, TableResource):
            continue  # a file the build copies (the boundaries): no rows
        if not resource.has_defined("encoding"):
            resource.encoding = contract.TABLE_READING["encoding"][0]
        dialect = resource.dialect
        dialect.header, dialect.header_rows = contract.DIALECT["header"][0], list(contract.DIALECT["headerRows"][0])
        control = CsvControl.from_dialect(dialect)
        control.delimiter, control.quote_char = contract.DIALECT["delimiter"][0], contract.DIALECT["quoteChar"][0]
        control.double_quote = contract.DIALECT["doubleQuote"][0]
        control.skip_initial_space = contract.DIALECT["skipInitialSpace"][0]
        control.line_terminator = "\r\n"  # Python's csv default; a reader reads every line end alike
        control.add_defined("escape_char")  # None, as stated: no escape character


def _frictionless_says(error, package_json: Path) -> Problem:
    return Problem("frictionless_says", _rel(package_json, package_json),
                   params={"message": error.message, "title": error.title}, kind="frictionless")


# A resource's problems by the content they were found in (_content_key): the same content gives the same problems.
CHECKED: dict[str, tuple[tuple[Problem, ...], tuple[Problem, ...]]] = {}
# The SHA-256 of each datapackage.json frictionless has loaded and found valid as metadata, its resources named in it.
DESCRIPTORS_VALID: set[str] = set()


def _resource_names(raw) -> list | None:
    resources = raw.get("resources") if isinstance(raw, dict) else None
    if not isinstance(resources, list) or not all(isinstance(res, dict) for res in resources):
        return None
    return [res.get("name") for res in resources]


def _checked_before(package_json: Path) -> list | None:
    """Every resource's problems as found before, when frictionless has found this very descriptor valid and each
    resource's content (_content_key) has been validated: then frictionless need not load the package again."""
    try:
        data = package_json.read_bytes()
        raw = json.loads(data)
    except (OSError, ValueError):
        return None
    names = _resource_names(raw)
    if hashlib.sha256(data).hexdigest() not in DESCRIPTORS_VALID or names is None:
        return None
    keys = [_content_key(package_json, raw, name) for name in names]
    if not all(key in CHECKED for key in keys):
        return None
    return [CHECKED[key] for key in keys]


def _content_key(package_json: Path, raw: dict, name: str) -> str | None:
    """What frictionless's validation of resource `name` reads: the package's descriptor but its resources, the
    resource's own, and the descriptor and bytes of it and of every resource its foreign keys refer to. None when a
    file cannot be read (it is then validated, never looked up)."""
    by_name = {res.get("name"): res for res in raw.get("resources", []) if isinstance(res, dict)}
    own = by_name.get(name, {})
    keys = own.get("schema", {}).get("foreignKeys", []) if isinstance(own.get("schema"), dict) else []
    names = {name} | {key.get("reference", {}).get("resource") or name for key in keys if isinstance(key, dict)}
    read = {"package": {k: v for k, v in raw.items() if k != "resources"}, "shown": _rel(package_json, package_json)}
    try:
        read["file"] = _rel(package_json.parent / own["path"], package_json)  # the name its problems give
        for each in sorted(names):
            res = by_name[each]
            data = (package_json.parent / res["path"]).read_bytes()
            read[each] = [res, hashlib.sha256(data).hexdigest()]
    except (KeyError, TypeError, OSError):
        return None
    return hashlib.sha256(json.dumps(read, sort_keys=True, default=str).encode()).hexdigest()


def _resource_problems(package_json: Path, package, raw: dict, resource) -> tuple[tuple, tuple]:
    """One resource's problems: (those of its rows and cells, frictionless's own about it)."""
    from frictionless import Checklist

    key = _content_key(package_json, raw, resource.name)
    if key in CHECKED:
        return CHECKED[key]
    report = resource.validate(checklist=Checklist(checks=[_cell_checks()]))
    name = _rel(package_json.parent / resource.path, package_json)
    field_types = {f.name: f.type for f in resource.schema.fields} if resource.schema else {}
    primary = list(resource.schema.primary_key) if resource.schema else []
    task_problems = []
    for task in report.tasks:
        task_problems += [_stats_problem(error, package_json, task.name)
                          or _from_frictionless(error, name, field_types, primary) for error in task.errors]
    # NaN breaks both minimum and maximum: say once that it is not a finite number.
    found = (tuple(_without_follow_ons(list(dict.fromkeys(task_problems)), primary)),
             tuple(_frictionless_says(error, package_json) for error in report.errors))
    if key is not None:
        if len(CHECKED) > 1000:
            CHECKED.clear()
        CHECKED[key] = found
    return found


def _without_follow_ons(problems: list[Problem], key: list[str]) -> list[Problem]:
    """One message per cause. A duplicate single-field key is reported twice by frictionless (unique and primary key):
    keep one. A key whose every cell is empty is reported by frictionless as a primary-key error too: it follows
    from the row being empty (blank_row), or from a key field's own message (e.g. that it is required)."""
    unique_lines = {p.line for p in problems if p.kind == "duplicate_value"}
    said = {p.line for p in problems if p.kind == "blank_row" or (p.field in key and p.code != "key_empty")}
    return [p for p in problems if not (p.kind == "duplicate_key" and p.line in unique_lines)
            and not (p.code == "key_empty" and p.line in said)]


def _stats_problem(error, package_json: Path, resource: str) -> Problem | None:
    """A resource's `bytes` or `hash` that does not match its file: a property of datapackage.json, named there."""
    if error.type not in ("byte-count", "hash-count"):
        return None
    prop = "bytes" if error.type == "byte-count" else "hash"
    found = re.search(r'expected is "(.*)" and actual is "(.*)"', error.note or "")
    expected, actual = (excerpt(found.group(1)), excerpt(found.group(2))) if found else ("?", "?")
    return Problem("stats_mismatch", _rel(package_json, package_json), None, f"resources/{resource}/{prop}",
                   {"property": prop, "expected": expected, "actual": actual}, kind="invalid_descriptor")


def _duplicate(error, name: str, line, field, value, key: list[str]) -> Problem:
    """A value or a key that stands twice, with the line where it stood first; or a key with every cell empty, which
    frictionless reports as a primary-key error too, but which stands nowhere else."""
    if error.type == "primary-key" and 'all "None"' in (error.note or ""):
        return Problem("key_empty", name, line, key[0] if len(key) == 1 else None, {"key": ", ".join(key)},
                       kind="missing_value")
    match = re.search(r"row at position (\d+)", error.note or "")
    first = Phrase("on_line", line=match.group(1)) if match else ""
    if error.type == "unique-error":
        return Problem("value_twice", name, line, field, {"value": excerpt(value), "first": first},
                       kind="duplicate_value")
    return Problem("key_twice_in_table", name, line, None, {"first": first}, kind="duplicate_key")


def _unknown_code(error, name: str, line) -> Problem:
    """A code that is not in the table its foreign key names."""
    match = re.search(r'for "(.+?)": values "(.+?)" not found in the lookup table "(.+?)" as "(.+?)"', error.note or "")
    if not match:
        return Problem("unknown_code_note", name, line, None, {"note": excerpt(error.note, 200)}, kind="unknown_code")
    field, code, table, column = match.groups()
    return Problem("unknown_code", name, line, field, {"code": excerpt(code), "table": table, "column": column},
                   kind="unknown_code")


def _from_frictionless(error, name: str, field_types: dict, key: list[str]) -> Problem:
    line = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        return Problem.saying(_type_message(value, field_types.get(field, "")), name, line, field, kind="wrong_type")
    if kind == "not-finite" or (kind == "constraint-error" and field_types.get(field) in ("number", "integer")
                                and re.fullmatch(r"\s*[+-]?(nan|inf|infinity)\s*", str(value), re.I)):
        return Problem("not_finite", name, line, field, {"value": excerpt(value)}, kind="not_finite")
    if kind == "constraint-error":
        return Problem.saying(_constraint_message(error, value), name, line, field, kind="invalid_value")
    if kind in ("unique-error", "primary-key"):
        return _duplicate(error, name, line, field, value, key)
    if kind == "foreign-key":
        return _unknown_code(error, name, line)
    if kind == "extra-cell":
        return Problem("row_extra_cells", name, line, kind="wrong_cell_count")
    if kind == "missing-cell":
        return Problem("row_missing_cells", name, line, kind="wrong_cell_count")
    if kind == "surrounding-space":
        return Problem("surrounding_space", name, line, field, {"value": excerpt(value)}, kind="surrounding_space")
    if kind == "formula-text":
        return Problem("formula_text", name, line, field, {"value": excerpt(value), "start": excerpt(value[:1])},
                       kind="formula_text")
    if kind == "blank-row":
        return Problem("blank_row", name, line, kind="blank_row")
    return Problem("frictionless_says", name, line, field,
                   {"message": excerpt(error.message, 200), "title": error.title}, kind="frictionless")


# --- step 4: the project's own rules ------------------------------------------------------------


def _read_text_table(path: Path):
    """A CSV as a DataFrame of text, indexed by row number (header = 1); ragged rows padded or cut.

    Row structure problems (too many or too few cells) are frictionless's to report; this only
    must never fail on them.
    """
    return _text_table(path.read_bytes())


def _text_table(data: bytes):
    """A CSV's bytes as _read_text_table reads its file (text mode, no newline translation)."""
    import pandas as pd

    rows = list(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")))
    header, body = rows[0], rows[1:]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    df = pd.DataFrame(body, columns=header, dtype=str)
    df.index = df.index + 2
    return df.loc[:, ~df.columns.duplicated()]


def check_own_rules(descriptor: dict, package_json: Path) -> list[Problem]:
    """The project's rules, checked column by column with pandas (fast on large files)."""
    problems = []
    for res in descriptor["resources"]:
        if res.get("type") != "table":
            continue
        path = package_json.parent / res["path"]
        schema_fields = {f["name"]: f for f in res["schema"]["fields"]}
        if not ({"source_quote", "value_text"} & set(schema_fields) or any("categories" in f for f in schema_fields.values())):
            continue  # nothing of ours to check in this table
        problems += _by_table(_own_rule_problems, json.dumps(res), path.read_bytes(), _rel(path, package_json))
    return problems


def _by_table(cached, *key) -> list:
    """`cached` (an lru_cache of a table's problems, the table's bytes the second of `key`) called with `key`; for a
    table larger than floor.CACHED_TABLE_BYTES, the function itself, so that no cache holds it."""
    from build_scripts.stages.validate import floor

    return list((cached if len(key[1]) <= floor.CACHED_TABLE_BYTES else cached.__wrapped__)(*key))


# Keyed by all a table's problems depend on: its resource's descriptor (strict JSON, as jsonfile read it, written out
# again: the schema's fields and categories), the table's bytes (read once) and the name the problems give; the
# rules are code (floor.NUMBER, floor.value_matches_text). A test run checks the same tables thousands of times.
@functools.lru_cache(maxsize=256)
def _own_rule_problems(res_json: str, data: bytes, name: str) -> tuple[Problem, ...]:
    """One table's problems of the project's rules (check_own_rules), row by row."""
    import pandas as pd

    from build_scripts.stages.validate import floor

    res = json.loads(res_json)
    schema_fields = {f["name"]: f for f in res["schema"]["fields"]}
    df = _text_table(data)
    cells = []  # (line, column order, problem) so problems come out row by row
    for order, field in enumerate(df.columns):
        column = df[field]
        categories = schema_fields.get(field, {}).get("categories")
        if isinstance(categories, list) and categories:
            allowed = {str(c["value"]) if isinstance(c, dict) else str(c) for c in categories}
            for line, value in column[(column != "") & ~column.isin(allowed)].items():
                cells.append((line, order, Problem("not_a_category", name, line, field, {"value": excerpt(value)},
                                                   kind="invalid_category")))
    if "source_quote" in schema_fields:
        for order, field in enumerate(("source_document", "source_location", "source_quote"), start=len(df.columns)):
            column = df[field] if field in df else pd.Series("", index=df.index)
            for line in column[column.str.strip() == ""].index:
                cells.append((line, order, Problem("source_missing", name, line, field, kind="missing_source")))
    if "value_text" in df and "value" in df:
        for line, row in df[(df["value"] != "") & (df["value_text"] != "")].iterrows():
            if not floor.NUMBER.fullmatch(row["value"]):
                continue  # not a number as the build reads it: reported in step 3
            # Exactly: '825.080' is 825080, not 825150 (a tolerance would let a wrong figure through).
            if floor.value_matches_text(row["value"], row["value_text"]) is not True:
                cells.append((line, len(df.columns) + 3, Problem(
                    "value_text_mismatch", name, line, "value_text",
                    {"value_text": excerpt(row["value_text"]), "value": excerpt(row["value"])}, kind="figures_disagree")))
    return tuple(p for _, _, p in sorted(cells, key=lambda c: (c[0], c[1])))


# --- step 5: every quote against its source -----------------------------------------------------------

# Columns of tables without value_text whose figures the quote must contain, as the source writes them.
FIGURES_IN_QUOTE = {
    "regions": ["{municipalities_responding} ud af {municipalities}", "{population_coverage_pct} pct."],
    "timeline": ["{when_text}"],
}


def normalise_whitespace(text: str) -> str:
    """The one normalisation before a quote is looked up: each run of whitespace becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def _as_written(qualifier: str, value_text: str) -> list[str]:
    """How the source may write a qualified figure: 'ca. 350', or 'Knap 1/3' at the start of a sentence."""
    if not qualifier:
        return [value_text]
    return [f"{qualifier} {value_text}", f"{qualifier[:1].upper()}{qualifier[1:]} {value_text}"]


# Marks that join a figure to the number beside it: a decimal or thousands mark ('5' in '5.000'), a fraction's slash
# ('3' in '1/3'), a minus ('5' in '-5' or '−5') and a range's dash ('2021' in '2019-2021' or '2019–2021').
_JOINS = ".,/\u2212\u2013-"


def _figure_at(quote: str, figure: str):
    """Every place where the quote writes the figure as a number of its own: not inside a larger number or word, not
    after a minus, a dash or a slash, and not before a mark joined to more digits ('3' is not in '1/3' or '3/4', nor
    '10' in '100', '2019' in '2019-2021', '5' in '-5', 'fem' in 'femte')."""
    joins = re.escape(_JOINS)
    return re.finditer(rf"(?<![\w{joins}])" + re.escape(figure) + rf"(?![\w]|[{joins}]\d)", quote)


def _contains_figure(quote: str, figure: str) -> bool:
    """The figure as a whole number of its own in the quote (_figure_at)."""
    return next(_figure_at(quote, figure), None) is not None


def check_source_quotes(descriptor: dict, package_json: Path) -> list[Problem]:
    """Each sourced row against its document's text in datapackage/sources/ (never ../shared)."""
    sourced = [res for res in descriptor["resources"] if res.get("type") == "table"
               and "source_quote" in {f["name"] for f in res["schema"]["fields"]}]
    if not sourced:
        return []  # e.g. a municipality's submission: nothing quotes a source
    texts, problems = _source_texts(package_json)
    problems += _source_folder_problems(package_json)
    for res in sourced:
        path = package_json.parent / res["path"]
        problems += _by_table(_quote_problems, res["name"], path.read_bytes(), _rel(path, package_json),
                              tuple(texts.items()))
    return problems


def _source_folder_problems(package_json: Path) -> list[Problem]:
    """datapackage/sources/ holds the source texts (SOURCE_TEXT_FILES) and a README.md, which the release ZIP carries,
    and nothing else (red team 39, finding 1: every file there was published, unread, under any name). The README
    is held to the changelog's rules: text, with character references decoded, and links."""
    from build_scripts.stages.validate import files

    folder = package_json.parent / "sources"
    allowed = {*SOURCE_TEXT_FILES.values(), SOURCE_README}
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    problems = [Problem("source_file_unknown", _rel(folder, package_json), params={"name": excerpt(entry.name)},
                        kind="invalid_file") for entry in entries if entry.name not in allowed]
    readme = folder / SOURCE_README
    if readme in entries:
        name = _rel(readme, package_json)
        unreadable = path_problem(readme, name, MAX_FILE_BYTES)
        try:
            problems += [unreadable] if unreadable else files.markdown_problems(readme.read_text(encoding="utf-8"), name)
        except UnicodeDecodeError:
            problems.append(Problem("save_as_utf8", name, kind="wrong_encoding"))
    return problems


# Keyed by all a table's quote problems depend on: the resource's name (FIGURES_IN_QUOTE), the table's bytes (read
# once), the name the problems give and the sources' texts (source_id, text, as _source_texts read them); the rules
# are code (units.py's words of each unit, the qualifiers). A test run checks the same tables thousands of times.
@functools.lru_cache(maxsize=256)
def _quote_problems(resource: str, data: bytes, name: str, texts: tuple) -> tuple[Problem, ...]:
    """One table's rows against their quotes and the sources' texts (check_source_quotes)."""
    problems = []
    for line, row in _text_table(data).iterrows():
        problems += _row_quote_problems(resource, row, name, line, dict(texts))
    return tuple(problems)


def _source_texts(package_json: Path) -> tuple[dict[str, str], list[Problem]]:
    """Each source's text (whitespace normalised), by source_id, and why a text cannot be used: missing, not UTF-8,
    or not the text whose SHA-256 the code pins (SOURCE_TEXT_SHA256); a changed text is still read, so the quotes
    against it are checked too."""
    import hashlib

    texts, problems = {}, []
    for source_id, file_name in SOURCE_TEXT_FILES.items():
        path = package_json.parent / "sources" / file_name
        name = _rel(path, package_json)
        if not (path.is_file() and path.stat().st_size <= MAX_FILE_BYTES):
            problems.append(Problem("source_text_missing", name, params={"source": source_id}, kind="missing_source_text"))
            continue
        data = path.read_bytes()
        pinned, actual = SOURCE_TEXT_SHA256.get(source_id), hashlib.sha256(data).hexdigest()
        if pinned is None:
            problems.append(Problem("source_text_unpinned", name, params={"source": source_id, "actual": actual},
                                    kind="source_text_changed"))
        elif actual != pinned:
            problems.append(Problem("source_text_changed", name, params={"source": source_id, "actual": actual,
                                                                         "pinned": pinned}, kind="source_text_changed"))
        try:
            texts[source_id] = normalise_whitespace(data.decode("utf-8"))
        except UnicodeDecodeError:
            if actual == pinned:  # else said: restoring the pinned text mends both
                problems.append(Problem("source_text_not_utf8", name, params={"source": source_id},
                                        kind="wrong_encoding"))
    return texts, problems


def _qualifier_before(quote: str, value_text: str) -> str | None:
    """The qualifier the quote puts before every occurrence of the figure, if it does ('ca.' in 'ca. 350'). The
    qualifiers are the code's (core/text.py): a descriptor without the enum must not hide a lost 'ca.'."""
    found = None
    for match in _figure_at(quote, value_text):
        before = re.search(r"(?<!\w)(" + "|".join(re.escape(q) for q in QUALIFIERS) + r") $",
                           quote[: match.start()], flags=re.IGNORECASE)
        if not before:
            return None
        found = before.group(1)
    return found


def _value_pair_problems(name: str, line: int, value: str, value_text: str) -> list[Problem]:
    """A figure needs both: the number (value) and the number as the source writes it (value_text)."""
    if value and not value_text:
        return [Problem("value_text_empty", name, line, "value_text", {"value": value}, kind="figures_disagree")]
    if value_text and not value and danish_number(value_text) is not None:
        return [Problem("value_empty", name, line, "value", {"value_text": value_text}, kind="figures_disagree")]
    return []


def _row_quote_problems(resource: str, row, name: str, line: int, texts: dict) -> list[Problem]:
    problems = []
    quote = row.get("source_quote", "")
    if not quote.strip():
        return problems  # reported as a missing source in step 4
    value, value_text = row.get("value", ""), row.get("value_text", "")
    if "value" in row and "value_text" in row:
        problems += _value_pair_problems(name, line, value, value_text)
    normal_quote = normalise_whitespace(quote)
    qualifier = row.get("qualifier", "")
    places = [match.span() for written in _as_written(qualifier, value_text) if value_text
              for match in _figure_at(normal_quote, written)]
    if value_text and qualifier and not places:
        problems.append(Problem("quote_lacks_qualified_figure", name, line, "source_quote",
                                {"qualifier": qualifier, "value_text": value_text}, kind="quote_mismatch"))
    elif value_text and not places:
        problems.append(Problem("quote_lacks_value_text", name, line, "source_quote", {"value_text": value_text},
                                kind="quote_mismatch"))
    elif value_text and not qualifier:
        lost = _qualifier_before(normal_quote, value_text)
        if lost:
            problems.append(Problem("qualifier_lost", name, line, "qualifier",
                                    {"lost": lost, "value_text": value_text, "qualifier": lost.lower()},
                                    kind="qualifier_missing"))
    if places and row.get("unit") and not problems:
        unit_finding = units.finding(normal_quote, places, value_text, row["unit"])
        if unit_finding:
            problems.append(Problem.found(unit_finding, name, line, "unit"))
    for template in FIGURES_IN_QUOTE.get(resource, []):
        try:
            figure = template.format(**row)
        except (KeyError, IndexError):
            continue
        if not _contains_figure(normal_quote, figure):
            problems.append(Problem("quote_lacks_figure", name, line, "source_quote", {"figure": figure},
                                    kind="quote_mismatch"))
    document = row.get("source_document", "")
    if document in texts and normal_quote not in texts[document]:
        problems.append(Problem("quote_not_in_source", name, line, "source_quote",
                                {"file": SOURCE_TEXT_FILES[document], "document": document},
                                kind="quote_not_in_source"))
    return problems


# --- the stage --------------------------------------------------------------------------------------


def collect_problems(package_json: Path, project: bool = True, docs_dir: Path | None = None,
                     published: bool = True) -> tuple[list[Problem], dict | None]:
    """Every problem of a package, step by step (see the module's docstring). `project`: the package is this
    project's (or a copy of it, e.g. an unpacked download), so the contract of what the build reads applies (the
    rows the code and the page templates in `docs_dir` read) and the templates themselves are checked, whatever the
    package's own problems (templates.py); a municipality's submission is checked without either. `published`: also
    the files beside the package that only the site and the releases read (mkdocs.yml, CHANGELOG.md, CITATION.cff,
    the page templates); a command that computes from the package alone leaves them out."""
    problems, descriptor = _package_problems(package_json, project, docs_dir, published)
    if project and published:
        from build_scripts.stages.validate import templates

        problems += templates.problems(docs_dir or Paths.checkout().docs_dir)
    return problems, descriptor


def _package_problems(package_json: Path, project: bool, docs_dir: Path | None,
                      published: bool) -> tuple[list[Problem], dict | None]:
    descriptor, problems = check_descriptor(package_json, project)
    if problems:
        return problems, None
    for res in descriptor["resources"]:
        if res.get("type") == "table":
            fields = [f["name"] for f in res["schema"]["fields"]]
            problems += check_csv_file(package_json.parent / res["path"], fields, package_json)
    if problems:
        return problems, descriptor
    problems = check_frictionless(package_json)
    problems += check_own_rules(descriptor, package_json)
    found, tables, names = floor_problems(descriptor, package_json, project, published)
    problems = _with_floor(problems, found)
    if project and not problems:  # rows the build needs: only once every row is itself valid (no follow-on errors)
        from build_scripts.stages.validate import floor, requirements

        # The templates that read rows by name: the project's (`validate`), else those that come with this code.
        problems = requirements.problems(tables, names, docs_dir or Paths.checkout().docs_dir)
        problems += floor.restated_problems(tables, names)  # a restated figure against the valid row it names
        problems += floor.anchor_problems(tables, names)  # two figures one address on the site
        if published:  # the navs list the pages of these areas
            problems += _nav_problems(package_json, tables, names, docs_dir or Paths.checkout().docs_dir)
    # A row that already has a problem (a bad cell, a mismatched value) gets no follow-on quote messages. A unit the
    # build cannot compute with is said by the quote instead, where the quote gives another unit.
    flagged = {(p.file, p.line) for p in problems if p.code not in _UNIT_RULES}
    quoted = [p for p in check_source_quotes(descriptor, package_json) if (p.file, p.line) not in flagged]
    if project and tables:  # an area's figure from its own section (a row with another problem: none of these)
        from build_scripts.stages.validate import requirements

        said_rows = frozenset(flagged | {(p.file, p.line) for p in problems + quoted})
        quoted += requirements.area_quote_problems(tables, names, package_json.parent / "sources", said_rows)
    if project:  # the texts beside the figures state only their numbers; English texts hold Danish only in »…«
        quoted += _prose_problems(tables, names, flagged | {(p.file, p.line) for p in quoted})
        # the descriptor's own texts state only the package's numbers (its accounts year, price level, counts)
        # and so do the texts the code publishes about them (the data dictionaries, the derived tables' descriptions)
        from build_scripts.stages.validate import descriptor_prose, dictionary_prose, language_words

        stated = flagged | {(p.file, p.line) for p in quoted}
        quoted += descriptor_prose.problems(descriptor, tables, names, _rel(package_json, package_json), stated)
        quoted += dictionary_prose.problems(descriptor, tables, names, stated)
        years = frozenset(row.get("date_published", "")[:4] for _, row in tables.get("sources", ([], []))[1])
        quoted += language_words.problems(years)  # the words the pages, the theme and the charts show
    said = {(p.file, p.line, p.field) for p in quoted}
    problems = [p for p in problems if p.code not in _UNIT_RULES or (p.file, p.line, p.field) not in said]
    return problems + quoted, descriptor


def _prose_problems(tables: dict, names: dict, flagged: set) -> list[Problem]:
    """prose.py's rules: the numbers of the texts beside a figure (not on rows already named), and the Danish
    words of English texts outside »…« and the names the English edition marks as Danish."""
    from build_scripts.core import lang
    from build_scripts.stages.validate import prose

    problems = prose.numbers_problems(tables, names, flagged)
    problems += prose.quoted_prose_problems(tables, names, flagged)
    if "en" in lang.languages():
        problems += prose.danish_letter_problems(tables, names, lang.get("en").other_names)
    return problems


# The build's rules of a figure's unit (requirements.py): where the quote names the unit, its message says more.
_UNIT_RULES = {"unit_not_the_checks", "area_measure_unit"}


def _nav_problems(package_json: Path, tables: dict, names: dict, docs_dir: Path) -> list[Problem]:
    """The MkDocs navs beside the package against the pages the pages stage writes (files.nav_problems)."""
    from build_scripts.stages.validate import files

    if "policy_areas" not in tables:
        return []
    area_ids = [row.get("area_id", "") for _, row in tables["policy_areas"][1]]
    return files.nav_problems(package_json.resolve().parent.parent, docs_dir, area_ids, names["policy_areas"])


def floor_problems(descriptor: dict, package_json: Path, project: bool,
                   published: bool = True) -> tuple[list[Problem], dict, dict]:
    """The safety floor (floor.py) over every table and the references between them, the timeline's periods as the
    method page computes them (timeline.py), the package's other files (files.py) and, for this project, the
    submission standard and (`published`) mkdocs.yml, CHANGELOG.md and
    CITATION.cff beside it. Also returns every table's rows and file name, for the rows the build needs
    (requirements.py)."""
    from build_scripts.stages.validate import files, floor, timeline

    problems, tables, names = [], {}, {}
    for res in descriptor["resources"]:
        path = package_json.parent / res["path"]
        name = _rel(path, package_json)
        if res.get("type") == "table":
            problems += floor.cell_problems(res, path, name, project)
            tables[res["name"]], names[res["name"]] = floor.read_rows(path), name
        else:
            problems += files.resource_file_problems(res, path, name)
    if project:
        problems += floor.reference_problems(tables, names)
        if "timeline" in tables:  # a cell the rules for every row already named gets no second message
            named = {(p.file, p.line, p.field) for p in problems}
            problems += [p for p in timeline.problems(tables["timeline"][1], names["timeline"])
                         if (p.file, p.line, p.field) not in named]
        problems += files.repository_problems(package_json, descriptor.get("version"), published)
        problems += _glossary_problems(package_json, tables, names, problems)
    return problems, tables, names


def _glossary_problems(package_json: Path, tables: dict, names: dict, found: list[Problem]) -> list[Problem]:
    """The tables whose ids the code gives a meaning to (glossary.py), the questionnaire's definitions of the
    measured fields in their units, and the submission standard's codes and municipalities against the package
    (standard.py), once the standard itself is sound."""
    from build_scripts.stages.validate import glossary, standard

    problems = glossary.problems(tables, names) + standard.definition_unit_problems(tables, names)
    folder = package_json.parent / "submission"
    descriptor = _rel(folder / "datapackage.json", package_json)
    if (folder / "datapackage.json").exists() and not any(p.file == descriptor for p in found):
        problems += standard.questionnaire_problems(tables, names, folder / "datapackage.json", descriptor)
        problems += standard.area_problems(tables, names, folder / "datapackage.json", descriptor)
        problems += standard.municipality_problems(tables, names, folder / "municipalities.csv",
                                                   _rel(folder / "municipalities.csv", package_json))
    named = {(p.file, p.line, p.field) for p in found}  # a cell already named (a bad character) gets no follow-on
    return [p for p in problems if (p.file, p.line, p.field) not in named]


# Problems of the floor that say more than frictionless's about the same cell (they name the character), by kind.
_FLOOR_FIRST = {"line_break", "control_character", "bidi_control", "invisible_character", "blank_character",
                "stacked_marks", "invisible_text", "noncharacter", "unknown_character", "foreign_digit", "not_nfc",
                "invalid_address", "invalid_id"}


def _with_floor(problems: list[Problem], found: list[Problem]) -> list[Problem]:
    """frictionless's and our problems with the floor's, one message per cell: where both judge a cell, the
    floor's message if it names a character, else the message already there."""
    named = {(p.file, p.line, p.field) for p in found if p.kind in _FLOOR_FIRST}
    kept = [p for p in problems if (p.file, p.line, p.field) not in named]
    places = {(p.file, p.line, p.field) for p in kept}
    places_rows = {(p.file, p.line) for p in kept if p.field is None}
    extra = [p for p in found if (p.file, p.line, p.field) not in places and (p.file, p.line) not in places_rows]
    return list(dict.fromkeys(kept + extra))


def require_project_files(paths: Paths) -> None:
    """Stop at the first file or folder of the project that a stage reads and no stage writes (docs/, mkdocs.yml,
    the chart template …; not releases/, which a new project lacks) and that is missing, in one line naming the stage and the path: the line the
    command line prints before a stage runs alone (cli.missing_input), so `validate` says it inside `build` too,
    before a later stage fails on it with a traceback."""
    from build_scripts import cli
    from build_scripts.core.errors import BuildStopped
    from build_scripts.core.lang import say

    files = cli.stage_files(paths)  # in build order: validate's own first
    for name in files:
        missing = cli.missing_sources(paths, files, name)
        if missing:
            raise BuildStopped(say("input_missing", stage=name, path=paths.shown(missing[0])))


class PackageRefused(ValidationFailed):
    """A command that computes from the project's package, or writes with it, found it invalid (require_valid)."""

    closing = "package_refused"


_VALID: set[str] = set()  # the digests of the packages (and templates) found valid in this process


def require_valid(paths: Paths) -> None:
    """validate's checks on the package a command reads (datapackage/ with the submission standard, against the
    templates in docs/; not mkdocs.yml, CHANGELOG.md and CITATION.cff, which only the site and the releases read),
    before the command computes from it or writes anything with it: `aggregate`, `check-submission` and `zenodo`.
    Prints the problems as `validate` does and raises PackageRefused; a package found valid before in this
    process, unchanged to the byte, is not checked again."""
    from build_scripts.core import freshness, report

    key = freshness.digest([paths.datapackage_dir, paths.docs_dir], paths.root)
    if key in _VALID:
        return
    problems, _ = collect_problems(paths.datapackage_json, docs_dir=paths.docs_dir, published=False)
    report.emit(problems)
    if problems:
        raise PackageRefused(problems)
    _VALID.add(key)


def run(paths: Paths, package_json: Path | None = None) -> str:
    """Validate the project's package, or another copy of it (`package_json`), against the project's templates. The
    project's own package is checked only in a project that has every file the build reads."""
    from build_scripts.core import report

    if package_json is None:
        require_project_files(paths)
        from build_scripts.stages.validate.links import link_problems

        linked = link_problems(paths)  # first: a link would be read and published by what follows
        if linked:
            report.emit(linked)
            raise ValidationFailed(linked)
    problems, descriptor = collect_problems(package_json or paths.datapackage_json, docs_dir=paths.docs_dir)
    report.emit(problems)
    if problems:
        raise ValidationFailed(problems)
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    return f"{len(descriptor['resources'])} resources ({len(tables)} tables) valid"
