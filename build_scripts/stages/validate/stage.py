"""Stage 1: validate the data package before anything is built.

It is the one gate: what it accepts, every later stage builds, and every published file is well-formed
(tests/e2e/test_validate_properties.py).

Reads  datapackage/datapackage.json and every file it lists; the submission standard beside it
       (datapackage/submission/datapackage.json); in a checkout also CHANGELOG.md and CITATION.cff.
Writes nothing. Prints one line per problem (file, line, field, what to do, in
Danish and English) and a count; `run()` raises ValidationFailed on any problem.

Checks, in order; each step runs only when the one before found nothing, so a
maintainer sees the cause and not a cascade of follow-on errors:
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
   CHANGELOG.md and CITATION.cff (read as YAML events first: no anchors or aliases).
4. The project's own rules: every row of a sourced table has a source and a
   quote; enums given as `categories` are enforced; `value_text` says exactly the same number as `value`.
   Then, once every row is valid, the rows the build reads by name (requirements.py) are there.
5. Every quote against its source (check_source_quotes): `value` and `value_text`
   are both given or both empty (a statement without a number has neither);
   the quote contains the qualifier and `value_text` as written; and the quote
   occurs verbatim in the text of the document it names, datapackage/sources/*.txt
   (the only normalisation: each run of whitespace counts as one space).
"""

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import get as get_lang
from build_scripts.core.paths import SOURCE_TEXT_FILES, Paths
from build_scripts.stages.validate import contract

# A bad value is quoted in a message only this far (a 50 MB cell must not become a 50 MB message).
EXCERPT_LENGTH = 60
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


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    da: str
    en: str
    title: str = "Fejl i data"

    def renamed(self, file: str) -> "Problem":
        """The same problem, reported against another file name (the one the user gave)."""
        return replace(self, file=file)

    def where(self, lang: str) -> str:
        parts = []
        if self.line is not None:
            parts.append(get_lang(lang).word("at_line", line=self.line))
        if self.field is not None:
            parts.append(get_lang(lang).word("at_field", field=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        where_da, where_en = self.where("da"), self.where("en")
        head = f"{self.file}: " + (f"{where_da}: " if where_da else "")
        return f"{head}{self.da} | {where_en + ': ' if where_en else ''}{self.en}"


def excerpt(value, limit: int = EXCERPT_LENGTH) -> str:
    """A value as a message may quote it: at most `limit` characters (then '…'); control characters, characters that
    draw nothing or blank (text.is_hidden) and combining marks beyond text.MAX_MARKS in a row written as codes."""
    from build_scripts.stages.validate import text as text_rules

    text = "" if value is None else str(value)
    short = text[:limit]
    if short.isascii() and short.isprintable():
        return short + ("…" if len(text) > limit else "")
    shown, marks = [], 0
    for c in short:
        marks = marks + 1 if unicodedata.category(c) in {"Mn", "Me"} else 0
        if not c.isprintable():
            shown.append(repr(c)[1:-1])
        elif not text_rules.is_hidden(c) and marks <= text_rules.MAX_MARKS:
            shown.append(c)
        else:
            shown.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
    return "".join(shown) + ("…" if len(text) > limit else "")


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
        return Problem(shown, None, None, "Filen findes ikke.", "The file does not exist.", "Manglende fil")
    except OSError as err:
        return Problem(shown, None, None, f"Filen kan ikke læses ({err.strerror}).",
                       f"The file cannot be read ({err.strerror}).", "Manglende fil")
    if stat.S_ISDIR(mode):
        return Problem(shown, None, None, "Stien er en mappe, ikke en fil. Angiv filen.",
                       "The path is a folder, not a file. Give the file.", "Manglende fil")
    if not stat.S_ISREG(mode):
        return Problem(shown, None, None, "Stien er ikke en almindelig fil (men fx en enhed eller en FIFO). Angiv en fil.",
                       "The path is not a regular file (but e.g. a device or a FIFO). Give a file.", "Manglende fil")
    if not os.access(path, os.R_OK):
        return Problem(shown, None, None, "Filen kan ikke læses (ingen adgang).", "The file cannot be read (no access).",
                       "Manglende fil")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return Problem(shown, None, None,
                       f"Filen fylder {size} bytes; højst {max_bytes} bytes læses. Den er ikke læst.",
                       f"The file is {size} bytes; at most {max_bytes} bytes are read. It was not read.", "For stor fil")
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
        return None, [Problem(name, None, None, "Filen er ikke gemt som UTF-8. Gem den igen som UTF-8.",
                              "The file is not saved as UTF-8. Save it again as UTF-8.", "Forkert tegnsæt")]
    try:
        descriptor = jsonfile.loads(text)
    except RecursionError:
        return None, [Problem(name, None, None,
                              "JSON'en er indlejret for dybt (klammer i klammer) til at være en datapakke. Ret strukturen.",
                              "The JSON is nested too deeply (brackets within brackets) to be a data package. Fix its structure.",
                              "Ugyldig JSON")]
    except json.JSONDecodeError as err:
        return None, [Problem(name, err.lineno, None,
                              f"Ugyldig JSON i kolonne {err.colno}: {err.msg}. Ret tegnsætningen (komma, anførselstegn, klammer).",
                              f"Invalid JSON at column {err.colno}: {err.msg}. Fix the punctuation (comma, quotes, brackets).",
                              "Ugyldig JSON")]
    except jsonfile.StrictJSONError as err:
        return None, [Problem(name, err.line, err.where, err.da, err.en, "Ugyldig JSON")]
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        return None, [Problem(name, None, None, f"Ugyldig JSON: {excerpt(err, 200)}.", f"Invalid JSON: {excerpt(err, 200)}.",
                              "Ugyldig JSON")]
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
            problems.append(Problem(name, None, f"resources/{res.get('name')}",
                                    "En CSV-ressource skal have \"type\": \"table\" og et schema med felter, hvert med et navn.",
                                    "A CSV resource needs \"type\": \"table\" and a schema with fields, each with a name.",
                                    "Ugyldig datapackage.json"))
            continue
        if not isinstance(res_path, str):
            problems.append(Problem(name, None, f"resources/{res.get('name')}/path",
                                    "Ressourcen skal have én sti (path) til en fil i datapackage/.",
                                    "The resource needs one path to a file in datapackage/.", "Manglende fil"))
            continue
        target = (package_json.parent / res_path).resolve()
        if "://" in res_path or not target.is_relative_to(package_json.parent.resolve()):
            problems.append(_outside_problem(name, descriptor, res_path))
        elif not target.exists():
            problems.append(Problem(name, None, f"resources/{res['name']}/path",
                                    f"Filen '{excerpt(res_path)}' findes ikke. Ret stien eller tilføj filen.",
                                    f"The file '{excerpt(res_path)}' does not exist. Fix the path or add the file.",
                                    "Manglende fil"))
        elif not target.is_file():
            if target.is_dir():
                problems.append(Problem(name, None, f"resources/{res['name']}/path",
                                        f"Stien '{excerpt(res_path)}' er en mappe, ikke en fil. Angiv filen i mappen.",
                                        f"The path '{excerpt(res_path)}' is a folder, not a file. Give the file in the folder.",
                                        "Manglende fil"))
            else:  # a device or a FIFO: reading it would never end
                problems.append(Problem(name, None, f"resources/{res['name']}/path",
                                        f"Stien '{excerpt(res_path)}' er ikke en almindelig fil (men fx en enhed eller en "
                                        "FIFO). Angiv en fil.",
                                        f"The path '{excerpt(res_path)}' is not a regular file (but e.g. a device or a "
                                        "FIFO). Give a file.", "Manglende fil"))
        elif target.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(name, None, f"resources/{res['name']}/path",
                                    f"Filen '{excerpt(res_path)}' fylder {target.stat().st_size} bytes; højst "
                                    f"{MAX_FILE_BYTES} bytes læses. Den er ikke læst.",
                                    f"The file '{excerpt(res_path)}' is {target.stat().st_size} bytes; at most "
                                    f"{MAX_FILE_BYTES} bytes are read. It was not read.", "For stor fil"))
    return problems


def _outside_problem(name: str, descriptor: dict, res_path: str) -> Problem:
    resource = next((r.get("name") for r in descriptor.get("resources", []) if r.get("path") == res_path), "?")
    return Problem(name, None, f"resources/{resource}/path",
                   f"Stien '{excerpt(res_path)}' peger uden for datapackage/. Læg filen i datapackage/data/.",
                   f"The path '{excerpt(res_path)}' points outside datapackage/. Put the file in datapackage/data/.",
                   "Sti uden for datapakken")


def _check_names(descriptor: dict, name: str) -> list[Problem]:
    """Version and names have safe forms: they end up in file names, sheet titles, paths and links."""
    problems = []
    version = descriptor.get("version")
    if not (isinstance(version, str) and re.fullmatch(SEMANTIC_VERSION, version)):
        problems.append(Problem(name, None, "version",
                                f"Versionen '{excerpt(version)}' er ikke et semantisk versionsnummer som 1.2.3 "
                                f"(tre hele tal adskilt af punktum, uden foranstillede nuller).",
                                f"The version '{excerpt(version)}' is not a semantic version such as 1.2.3 "
                                f"(three whole numbers separated by dots, without leading zeros).", "Ugyldig version"))
    if not (isinstance(descriptor.get("name"), str) and re.fullmatch(PACKAGE_NAME, descriptor["name"])):
        problems.append(Problem(name, None, "name",
                                f"Pakkens navn '{excerpt(descriptor.get('name'))}' må kun have små bogstaver a-z, tal og "
                                f"bindestreg (højst 100 tegn).",
                                f"The package name '{excerpt(descriptor.get('name'))}' may only hold lower-case letters "
                                f"a-z, digits and hyphens (at most 100 characters).", "Ugyldigt navn"))
    for res in descriptor.get("resources", []):
        res_name = res.get("name") if isinstance(res, dict) else None
        if not (isinstance(res_name, str) and re.fullmatch(RESOURCE_NAME, res_name)):
            problems.append(Problem(name, None, f"resources/{excerpt(res_name)}/name",
                                    f"Ressourcens navn '{excerpt(res_name)}' må kun have små bogstaver a-z, tal og "
                                    f"understreg (højst 31 tegn); det bliver filnavn og arknavn.",
                                    f"The resource name '{excerpt(res_name)}' may only hold lower-case letters a-z, "
                                    f"digits and underscores (at most 31 characters); it becomes a file and sheet name.",
                                    "Ugyldigt navn"))
    return problems


# The profiles frictionless knows by name. Any other `profile` (Data Package 1) it fetches, from the network or a
# file relative to the working folder, before anything else is checked.
KNOWN_PROFILES = {"package": ("data-package", "tabular-data-package"), "resource": ("data-resource",
                                                                                     "tabular-data-resource")}


def _remote_profiles(descriptor: dict, name: str) -> list[Problem]:
    resources = descriptor.get("resources") if isinstance(descriptor.get("resources"), list) else []
    places = [("profile", descriptor, "package")]
    places += [(f"resources/{r.get('name')}/profile", r, "resource") for r in resources if isinstance(r, dict)]
    return [Problem(name, None, where, f"\"profile\": '{excerpt(node['profile'])}' ville blive hentet uden for pakken "
                                       "(fra nettet eller en fil), før noget andet kontrolleres. Slet egenskaben; "
                                       "pakken følger Data Package-profilen ($schema).",
                    f"\"profile\": '{excerpt(node['profile'])}' would be fetched from outside the package (the "
                    "network or a file) before anything else is checked. Delete the property; the package follows the "
                    "Data Package profile ($schema).", "Ugyldig datapackage.json")
            for where, node, kind in places if "profile" in node and node["profile"] not in KNOWN_PROFILES[kind]]


def _check_profile(descriptor, name: str) -> list[Problem]:
    from frictionless import FrictionlessException, Package

    if not isinstance(descriptor, dict):
        return [Problem(name, None, None, "Filen skal indeholde ét JSON-objekt.", "The file must hold one JSON object.",
                        "Ugyldig datapackage.json")]
    problems = _remote_profiles(descriptor, name)
    for res in descriptor.get("resources", []) if isinstance(descriptor.get("resources"), list) else []:
        schema = res.get("schema") if isinstance(res, dict) else None
        fks = schema.get("foreignKeys") if isinstance(schema, dict) else None
        for fk in fks if isinstance(fks, list) else []:
            reference = fk.get("reference") if isinstance(fk, dict) else None
            if not (isinstance(fk, dict) and "fields" in fk and isinstance(reference, dict) and "fields" in reference):
                problems.append(Problem(name, None, f"resources/{res.get('name')}/schema/foreignKeys",
                                        "En fremmednøgle skal have \"fields\" og \"reference\" med \"resource\" og \"fields\".",
                                        "A foreign key needs \"fields\" and a \"reference\" with \"resource\" and \"fields\".",
                                        "Ugyldig datapackage.json"))
    if problems:
        return problems
    try:
        errors = list(Package.metadata_validate(descriptor))
    except FrictionlessException as err:  # e.g. an unknown field type
        note = excerpt(err.error.message, 200)
        return [Problem(name, None, None, f"Passer ikke til Data Package-profilen: {note}",
                        f"Does not match the Data Package profile: {note}", "Ugyldig datapackage.json")]
    except Exception as err:  # frictionless's own checks can fail on a malformed descriptor: report, never crash
        detail = f"{type(err).__name__}: {excerpt(err, 200)}"
        return [Problem(name, None, None,
                        f"Filen kan ikke kontrolleres mod Data Package-profilen ({detail}). Tjek strukturen.",
                        f"The file cannot be checked against the Data Package profile ({detail}). Check its structure.",
                        "Ugyldig datapackage.json")]
    for error in errors:
        note = getattr(error, "note", "") or error.message
        unsafe = re.fullmatch(r'path "(.*)" is not safe', note)
        if unsafe:
            problems.append(_outside_problem(name, descriptor, unsafe.group(1)))
            continue
        note = excerpt(note, 200)
        problems.append(Problem(name, None, None,
                                f"Passer ikke til Data Package-profilen: {note}",
                                f"Does not match the Data Package profile: {note}",
                                "Ugyldig datapackage.json"))
    return problems


# --- step 2: each CSV file as text --------------------------------------------------------


def check_csv_file(path: Path, fields: list[str], package_json: Path) -> list[Problem]:
    name = _rel(path, package_json)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return [Problem(name, line, None,
                        "Filen er ikke UTF-8 (måske gemt fra Excel som Windows-1252). Gem den som 'CSV UTF-8'.",
                        "The file is not UTF-8 (perhaps saved from Excel as Windows-1252). Save it as 'CSV UTF-8'.",
                        "Forkert tegnsæt")]
    if not text.strip():
        return [Problem(name, None, None, "Filen er tom. Den skal have en overskriftslinje og mindst én række.",
                        "The file is empty. It needs a header line and at least one row.", "Tom fil")]
    unterminated = _unterminated_quote(text, name)
    if unterminated:
        return [unterminated]
    reader = csv.reader(io.StringIO(text, newline=""))  # lazily: only the header and the first row are needed
    try:
        header = next(reader)
        has_rows = any(row for row in reader)
    except csv.Error as err:
        return [Problem(name, None, None, f"Filen kan ikke læses som CSV ({err}). Gem den igen som CSV UTF-8.",
                        f"The file cannot be read as CSV ({err}). Save it again as CSV UTF-8.", "Ugyldig CSV")]
    if len(header) == 1 and ";" in header[0]:
        return [Problem(name, 1, None,
                        "Filen bruger semikolon som skilletegn. Gem den med komma som skilletegn.",
                        "The file uses semicolons as delimiter. Save it with commas as delimiter.",
                        "Forkert skilletegn")]
    problems = []
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    if len(missing) == 1 and len(extra) == 1:
        problems.append(Problem(name, 1, extra[0],
                                f"Kolonnen '{extra[0]}' skal hedde '{missing[0]}'. Omdøb den.",
                                f"The column '{extra[0]}' must be called '{missing[0]}'. Rename it.",
                                "Omdøbt kolonne"))
    else:
        for col in missing:
            problems.append(Problem(name, 1, col, f"Kolonnen '{col}' mangler. Tilføj den.",
                                    f"The column '{col}' is missing. Add it.", "Manglende kolonne"))
        for col in extra:
            problems.append(Problem(name, 1, col,
                                    f"Kolonnen '{col}' er ikke beskrevet i datapackage.json. Fjern den, eller beskriv den i skemaet.",
                                    f"The column '{col}' is not described in datapackage.json. Remove it, or describe it in the schema.",
                                    "Ekstra kolonne"))
    if not problems and header != fields:
        problems.append(Problem(name, 1, None,
                                f"Kolonnerne står i en anden rækkefølge end i skemaet: {', '.join(fields)}.",
                                f"The columns are in another order than in the schema: {', '.join(fields)}.",
                                "Kolonnernes rækkefølge"))
    if not has_rows:
        problems.append(Problem(name, None, None, "Filen har overskrifter, men ingen rækker. Tilføj data.",
                                "The file has a header but no rows. Add data.", "Ingen rækker"))
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
        return Problem(name, start, None,
                       "Et anførselstegn (\") åbnes i denne række, men lukkes aldrig, så resten af filen læses som én "
                       "celle. Tilføj det afsluttende anførselstegn.",
                       "A double quote (\") opens in this row but is never closed, so the rest of the file is read as "
                       "one cell. Add the closing quote.", "Uafsluttet anførselstegn")
    return None


# --- step 3: frictionless ---------------------------------------------------------------------


# Per broken constraint: the Danish and English message ({value} and {limit} filled in).
CONSTRAINT_MESSAGES = {
    "required": ("Feltet er tomt, men skal udfyldes.", "The field is empty but is required."),
    "minimum": ("Værdien {value} er mindre end {limit}, det mindste tilladte.",
                "The value {value} is less than {limit}, the smallest allowed."),
    "minimum-0": ("Værdien {value} er mindre end 0. Beløb og antal kan ikke være negative.",
                  "The value {value} is less than 0. Amounts and counts cannot be negative."),
    "maximum": ("Værdien {value} er større end {limit}, det største tilladte.",
                "The value {value} is greater than {limit}, the largest allowed."),
    "maximum-100": ("Værdien {value} er større end 100. En procent skal ligge mellem 0 og 100.",
                    "The value {value} is greater than 100. A percentage must lie between 0 and 100."),
    "enum": ("Værdien '{value}' er ikke en af de tilladte: {limit}.",
             "The value '{value}' is not one of the allowed values: {limit}."),
    "maxLength": ("Teksten er længere end {limit} tegn. Forkort den.",
                  "The text is longer than {limit} characters. Shorten it."),
    "minLength": ("Teksten er kortere end {limit} tegn.", "The text is shorter than {limit} characters."),
    "pattern": ("Værdien '{value}' har ikke den krævede form ({limit}).",
                "The value '{value}' does not have the required form ({limit})."),
    "unique": ("Værdien '{value}' findes allerede i en anden række. Hver værdi må kun stå én gang.",
               "The value '{value}' already appears in another row. Each value may appear only once."),
}


def _constraint_message(error, value) -> tuple[str, str]:
    match = re.search(r'constraint "(\w+)" is "(.*)"', error.note or "")
    constraint, limit = (match.group(1), match.group(2)) if match else ("", "")
    value = excerpt(value)
    if constraint == "pattern" and limit in (ONE_LINE, QUOTE_TEXT):
        return (f"Teksten '{value}' indeholder et linjeskift eller et andet styretegn. Skriv den på én linje uden "
                f"styretegn.",
                f"The text '{value}' contains a line break or another control character. Write it on one line "
                f"without control characters.")
    key = f"{constraint}-{limit}" if f"{constraint}-{limit}" in CONSTRAINT_MESSAGES else constraint
    da, en = CONSTRAINT_MESSAGES.get(key, ("Værdien '{value}' overholder ikke reglen " + constraint + " ({limit}).",
                                           "The value '{value}' breaks the rule " + constraint + " ({limit})."))
    return da.format(value=value, limit=limit), en.format(value=value, limit=limit)


def _type_message(value: str, field_type: str) -> tuple[str, str]:
    value = excerpt(value)
    if field_type in ("number", "integer") and re.fullmatch(r"-?\d+,\d+", value or ""):
        return (f"'{value}' bruger decimalkomma. Skriv decimaltal med punktum, fx {value.replace(',', '.')}.",
                f"'{value}' uses a decimal comma. Write decimals with a point, e.g. {value.replace(',', '.')}.")
    if field_type in ("number", "integer") and re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", value or ""):
        plain = re.sub(r"[.,]", "", value)
        return (f"'{value}' har tusindtalsseparator. Skriv tallet uden, fx {plain}.",
                f"'{value}' has a thousands separator. Write the number without one, e.g. {plain}.")
    if field_type == "date":
        return (f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD.", f"'{value}' is not a date of the form YYYY-MM-DD.")
    kind = {"number": "et tal", "integer": "et helt tal"}.get(field_type, field_type)
    return (f"'{value}' er ikke {kind}.", f"'{value}' is not of type {field_type}.")


# Text a spreadsheet runs as a formula when it starts with one of these ("formula injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Text starting like a formula; a lone '-' (nothing to report) and plain numbers are not formulas."""
    return text.startswith(FORMULA_STARTS) and text != "-" and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", text)


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
    from frictionless import Checklist, FrictionlessException, Package

    try:
        package = Package(str(package_json))
        report = package.validate(checklist=Checklist(checks=[_cell_checks()]))
    except FrictionlessException as err:  # a schema frictionless cannot even load, e.g. an unknown field type
        message = excerpt(err.error.message, 200)
        return [Problem(_rel(package_json, package_json), None, None, f"Skemaet kan ikke bruges: {message}",
                        f"The schema cannot be used: {message}", "Ugyldig datapackage.json")]
    except Exception as err:  # e.g. a constraint of the wrong type ("minimum": false) that the profile lets through
        message = f"{type(err).__name__}: {excerpt(err, 200)}"
        return [Problem(_rel(package_json, package_json), None, None,
                        f"Skemaet kan ikke bruges til at validere data ({message}). Tjek felternes type og constraints.",
                        f"The schema cannot be used to validate data ({message}). Check the fields' types and constraints.",
                        "Ugyldig datapackage.json")]
    problems = []
    for task in report.tasks:
        resource = package.get_resource(task.name)
        name = _rel(package_json.parent / resource.path, package_json)
        field_types = {f.name: f.type for f in resource.schema.fields} if resource.schema else {}
        task_problems = [_stats_problem(error, package_json, task.name) or _from_frictionless(error, name, field_types)
                         for error in task.errors]
        # NaN breaks both minimum and maximum: say once that it is not a finite number.
        task_problems = list(dict.fromkeys(task_problems))
        # A duplicate single-field key is reported twice by frictionless (unique and primary key): keep one.
        unique_lines = {p.line for p in task_problems if p.title == "Dubleret værdi"}
        problems += [p for p in task_problems if not (p.title == "Dubleret nøgle" and p.line in unique_lines)]
    for error in report.errors:
        problems.append(Problem(_rel(package_json, package_json), None, None, error.message, error.message, error.title))
    return problems


def _stats_problem(error, package_json: Path, resource: str) -> Problem | None:
    """A resource's `bytes` or `hash` that does not match its file: a property of datapackage.json, named there."""
    if error.type not in ("byte-count", "hash-count"):
        return None
    prop = "bytes" if error.type == "byte-count" else "hash"
    found = re.search(r'expected is "(.*)" and actual is "(.*)"', error.note or "")
    expected, actual = (excerpt(found.group(1)), excerpt(found.group(2))) if found else ("?", "?")
    return Problem(_rel(package_json, package_json), None, f"resources/{resource}/{prop}",
                   f"\"{prop}\" er {expected}, men filen har {actual}. Ret værdien, eller slet egenskaben (byggeriet "
                   "bruger den ikke).",
                   f"\"{prop}\" is {expected}, but the file has {actual}. Fix the value, or delete the property (the "
                   "build does not use it).", "Ugyldig datapackage.json")


def _duplicate(error, name: str, line, field, value) -> Problem:
    """A value or a key that stands twice, with the line where it stood first."""
    match = re.search(r"row at position (\d+)", error.note or "")
    first = f" i linje {match.group(1)}" if match else ""
    first_en = f" on line {match.group(1)}" if match else ""
    if error.type == "unique-error":
        return Problem(name, line, field,
                       f"Værdien '{excerpt(value)}' står allerede{first}. Hver værdi må kun stå én gang.",
                       f"The value '{excerpt(value)}' already appears{first_en}. Each value may appear only once.",
                       "Dubleret værdi")
    return Problem(name, line, None,
                   f"Nøglen står allerede{first}. Hver række skal have sin egen nøgle.",
                   f"The key already appears{first_en}. Every row needs its own key.",
                   "Dubleret nøgle")


def _from_frictionless(error, name: str, field_types: dict) -> Problem:
    line = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        da, en = _type_message(value, field_types.get(field, ""))
        return Problem(name, line, field, da, en, "Forkert type")
    if kind == "not-finite" or (kind == "constraint-error" and field_types.get(field) in ("number", "integer")
                                and re.fullmatch(r"\s*[+-]?(nan|inf|infinity)\s*", str(value), re.I)):
        return Problem(name, line, field,
                       f"'{excerpt(value)}' er ikke et endeligt tal (NaN og uendelig kan ikke bruges). Skriv et tal.",
                       f"'{excerpt(value)}' is not a finite number (NaN and infinity cannot be used). Write a number.",
                       "Ikke et endeligt tal")
    if kind == "constraint-error":
        da, en = _constraint_message(error, value)
        return Problem(name, line, field, da, en, "Ugyldig værdi")
    if kind in ("unique-error", "primary-key"):
        return _duplicate(error, name, line, field, value)
    if kind == "foreign-key":
        match = re.search(r'for "(.+?)": values "(.+?)" not found in the lookup table "(.+?)" as "(.+?)"', error.note or "")
        if match:
            field, code, table, column = match.groups()
            return Problem(name, line, field,
                           f"Koden '{excerpt(code)}' findes ikke i tabellen {table} (kolonnen {column}). Ret koden, eller tilføj den i {table}.",
                           f"The code '{excerpt(code)}' does not exist in the table {table} (column {column}). Fix the code, or add it to {table}.",
                           "Ukendt kode")
        return Problem(name, line, None,
                       f"Koden findes ikke i den tabel, den henviser til ({excerpt(error.note, 200)}).",
                       f"The code does not exist in the table it refers to ({excerpt(error.note, 200)}).",
                       "Ukendt kode")
    if kind in ("extra-cell", "missing-cell"):
        da = "Rækken har flere celler end overskriften. Sæt tekst med komma i anførselstegn." if kind == "extra-cell" \
            else "Rækken har færre celler end overskriften. Tilføj de manglende celler."
        en = "The row has more cells than the header. Put text containing commas in double quotes." if kind == "extra-cell" \
            else "The row has fewer cells than the header. Add the missing cells."
        return Problem(name, line, None, da, en, "Forkert antal celler")
    if kind == "surrounding-space":
        return Problem(name, line, field, f"Teksten '{excerpt(value)}' har mellemrum i starten eller slutningen. Fjern dem.",
                       f"The text '{excerpt(value)}' has leading or trailing spaces. Remove them.", "Overflødige mellemrum")
    if kind == "formula-text":
        return Problem(name, line, field,
                       f"Teksten '{excerpt(value)}' begynder med '{excerpt(value[:1])}', så et regneark (Excel, "
                       f"LibreOffice) ville udføre den som en formel. Omformulér, så teksten ikke begynder med "
                       f"=, +, -, @, tabulator eller linjeskift.",
                       f"The text '{excerpt(value)}' starts with '{excerpt(value[:1])}', so a spreadsheet (Excel, "
                       f"LibreOffice) would run it as a formula. Rephrase it so it does not start with "
                       f"=, +, -, @, a tab or a line break.", "Tekst som formel")
    if kind == "blank-row":
        return Problem(name, line, None, "Rækken er tom. Slet den.", "The row is empty. Delete it.", "Tom række")
    return Problem(name, line, field, excerpt(error.message, 200), excerpt(error.message, 200), error.title)


# --- step 4: the project's own rules ------------------------------------------------------------


def _parse_danish_number(text: str) -> float | None:
    """'825.080' -> 825080, '14,1' -> 14.1, '1/3' -> 0.333..., 'fem' -> 5."""
    words = {"en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10}
    if text in words:
        return float(words[text])
    if re.fullmatch(r"\d+/\d+", text):
        num, den = text.split("/")
        return int(num) / int(den)
    if re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    return None


def _read_text_table(path: Path):
    """A CSV as a DataFrame of text, indexed by row number (header = 1); ragged rows padded or cut.

    Row structure problems (too many or too few cells) are frictionless's to report; this only
    must never fail on them.
    """
    import pandas as pd

    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    df = pd.DataFrame(body, columns=header, dtype=str)
    df.index = df.index + 2
    return df.loc[:, ~df.columns.duplicated()]


def check_own_rules(descriptor: dict, package_json: Path) -> list[Problem]:
    """The project's rules, checked column by column with pandas (fast on large files)."""
    from build_scripts.stages.validate import floor

    problems = []
    for res in descriptor["resources"]:
        if res.get("type") != "table":
            continue
        path = package_json.parent / res["path"]
        name = _rel(path, package_json)
        schema_fields = {f["name"]: f for f in res["schema"]["fields"]}
        if not ({"source_quote", "value_text"} & set(schema_fields) or any("categories" in f for f in schema_fields.values())):
            continue  # nothing of ours to check in this table
        import pandas as pd  # only for tables with something to check

        df = _read_text_table(path)
        cells = []  # (line, column order, problem) so problems come out row by row
        for order, field in enumerate(df.columns):
            column = df[field]
            categories = schema_fields.get(field, {}).get("categories")
            if isinstance(categories, list) and categories:
                allowed = {str(c["value"]) if isinstance(c, dict) else str(c) for c in categories}
                for line, value in column[(column != "") & ~column.isin(allowed)].items():
                    cells.append((line, order, Problem(name, line, field, f"Værdien '{excerpt(value)}' er ikke en af kategorierne.",
                                                       f"The value '{excerpt(value)}' is not one of the categories.",
                                                       "Ugyldig kategori")))
        if "source_quote" in schema_fields:
            for order, field in enumerate(("source_document", "source_location", "source_quote"), start=len(df.columns)):
                column = df[field] if field in df else pd.Series("", index=df.index)
                for line in column[column.str.strip() == ""].index:
                    cells.append((line, order, Problem(name, line, field,
                                                       "Rækken mangler sin kilde. Angiv dokument, sted og et ordret citat.",
                                                       "The row lacks its source. Give the document, the location and a verbatim quote.",
                                                       "Manglende kilde")))
        if "value_text" in df and "value" in df:
            for line, row in df[(df["value"] != "") & (df["value_text"] != "")].iterrows():
                if not floor.NUMBER.fullmatch(row["value"]):
                    continue  # not a number as the build reads it: reported in step 3
                # Exactly: '825.080' is 825080, not 825150 (a tolerance would let a wrong figure through).
                if floor.value_matches_text(row["value"], row["value_text"]) is not True:
                    cells.append((line, len(df.columns) + 3, Problem(name, line, "value_text",
                                  f"value_text '{excerpt(row['value_text'])}' siger ikke det samme tal som value {excerpt(row['value'])}.",
                                  f"value_text '{excerpt(row['value_text'])}' does not state the same number as value {excerpt(row['value'])}.",
                                  "Tal stemmer ikke")))
        problems += [p for _, _, p in sorted(cells, key=lambda c: (c[0], c[1]))]
    return problems


# --- step 5: every quote against its source -----------------------------------------------------------

# Columns of tables without value_text whose figures the quote must contain, as the source writes them.
FIGURES_IN_QUOTE = {
    "regions": ["{municipalities_responding} ud af {municipalities}", "{population_coverage_pct} pct."],
    "timeline": ["{when_text}"],
}


# The qualifiers a source puts before a figure (the reconciliation's precision rules know each of them).
QUALIFIER_WORDS = ["ca.", "over", "godt", "under", "knap", "omkring"]
assert set(QUALIFIER_WORDS) == set(contract.precision.QUALIFIERS)


def normalise_whitespace(text: str) -> str:
    """The one normalisation before a quote is looked up: each run of whitespace becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def _as_written(qualifier: str, value_text: str) -> list[str]:
    """How the source may write a qualified figure: 'ca. 350', or 'Knap 1/3' at the start of a sentence."""
    if not qualifier:
        return [value_text]
    return [f"{qualifier} {value_text}", f"{qualifier[:1].upper()}{qualifier[1:]} {value_text}"]


def _contains_figure(quote: str, figure: str) -> bool:
    """The figure as a whole: '10' is not in '100 mio. kr.', nor '5' in '5.000' or 'fem' in 'femte'."""
    return re.search(r"(?<![\w.,])" + re.escape(figure) + r"(?![\w]|[.,]\d)", quote) is not None


def check_source_quotes(descriptor: dict, package_json: Path) -> list[Problem]:
    """Each sourced row against its document's text in datapackage/sources/ (never ../shared)."""
    sourced = [res for res in descriptor["resources"] if res.get("type") == "table"
               and "source_quote" in {f["name"] for f in res["schema"]["fields"]}]
    if not sourced:
        return []  # e.g. a municipality's submission: nothing quotes a source
    sources_dir = package_json.parent / "sources"
    texts, problems = {}, []
    for source_id, file_name in SOURCE_TEXT_FILES.items():
        path = sources_dir / file_name
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            try:
                texts[source_id] = normalise_whitespace(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                problems.append(Problem(_rel(path, package_json), None, None,
                                        f"Kildeteksten til {source_id} er ikke UTF-8. Kør 'python -m build_scripts "
                                        "import-reference'.",
                                        f"The source text of {source_id} is not UTF-8. Run 'python -m build_scripts "
                                        "import-reference'.", "Forkert tegnsæt"))
        else:
            problems.append(Problem(_rel(path, package_json), None, None,
                                    f"Kildeteksten til {source_id} mangler. Kør 'python -m build_scripts import-reference'.",
                                    f"The source text of {source_id} is missing. Run 'python -m build_scripts import-reference'.",
                                    "Manglende kildetekst"))
    for res in sourced:
        path = package_json.parent / res["path"]
        name = _rel(path, package_json)
        qualifier_words = QUALIFIER_WORDS  # in code: a descriptor without the enum must not hide a lost 'ca.'
        for line, row in _read_text_table(path).iterrows():
            problems += _row_quote_problems(res["name"], row, name, line, texts, qualifier_words)
    return problems


def _qualifier_before(quote: str, value_text: str, qualifier_words: list[str]) -> str | None:
    """The qualifier the quote puts before every occurrence of the figure, if it does ('ca.' in 'ca. 350')."""
    found = None
    for match in re.finditer(r"(?<![\w.,])" + re.escape(value_text) + r"(?![\w]|[.,]\d)", quote):
        before = re.search(r"(?<!\w)(" + "|".join(re.escape(q) for q in qualifier_words) + r") $",
                           quote[: match.start()], flags=re.IGNORECASE)
        if not before:
            return None
        found = before.group(1)
    return found


def _value_pair_problems(name: str, line: int, value: str, value_text: str) -> list[Problem]:
    """A figure needs both: the number (value) and the number as the source writes it (value_text)."""
    if value and not value_text:
        return [Problem(name, line, "value_text",
                        f"value er {value}, men value_text er tom. Skriv tallet, som kilden skriver det.",
                        f"value is {value} but value_text is empty. Write the figure as the source writes it.",
                        "Tal stemmer ikke")]
    if value_text and not value and _parse_danish_number(value_text) is not None:
        return [Problem(name, line, "value",
                        f"value er tom, men value_text '{value_text}' er et tal. Skriv tallet i value.",
                        f"value is empty but value_text '{value_text}' is a number. Write the number in value.",
                        "Tal stemmer ikke")]
    return []


def _row_quote_problems(resource: str, row, name: str, line: int, texts: dict,
                        qualifier_words: list[str]) -> list[Problem]:
    problems = []
    quote = row.get("source_quote", "")
    if not quote.strip():
        return problems  # reported as a missing source in step 4
    value, value_text = row.get("value", ""), row.get("value_text", "")
    if "value" in row and "value_text" in row:
        problems += _value_pair_problems(name, line, value, value_text)
    normal_quote = normalise_whitespace(quote)
    qualifier = row.get("qualifier", "")
    if value_text and qualifier:
        if not any(_contains_figure(normal_quote, w) for w in _as_written(qualifier, value_text)):
            problems.append(Problem(name, line, "source_quote",
                                    f"Citatet indeholder ikke '{qualifier} {value_text}' (qualifier og value_text), som "
                                    "kilden skriver tallet. Ret tallet, qualifier eller citatet.",
                                    f"The quote does not contain '{qualifier} {value_text}' (qualifier and value_text) as the "
                                    "source writes the figure. Fix the figure, the qualifier or the quote.",
                                    "Citat passer ikke"))
    elif value_text:
        if not _contains_figure(normal_quote, value_text):
            problems.append(Problem(name, line, "source_quote",
                                    f"Citatet indeholder ikke value_text '{value_text}'. Ret tallet, eller citér den "
                                    "sætning, der har tallet.",
                                    f"The quote does not contain value_text '{value_text}'. Fix the figure, or quote the "
                                    "sentence that states it.", "Citat passer ikke"))
        else:
            lost = _qualifier_before(normal_quote, value_text, qualifier_words)
            if lost:
                problems.append(Problem(name, line, "qualifier",
                                        f"Kilden skriver '{lost} {value_text}', men qualifier er tom. Skriv '{lost.lower()}' "
                                        "i qualifier.",
                                        f"The source writes '{lost} {value_text}' but qualifier is empty. Write "
                                        f"'{lost.lower()}' in qualifier.", "Qualifier mangler"))
    for template in FIGURES_IN_QUOTE.get(resource, []):
        try:
            figure = template.format(**row)
        except (KeyError, IndexError):
            continue
        if figure not in normal_quote:
            problems.append(Problem(name, line, "source_quote",
                                    f"Citatet indeholder ikke '{figure}', som rækken angiver. Ret tallet eller citatet.",
                                    f"The quote does not contain '{figure}', which the row states. Fix the figure or the quote.",
                                    "Citat passer ikke"))
    document = row.get("source_document", "")
    if document in texts and normal_quote not in texts[document]:
        file_name = SOURCE_TEXT_FILES[document]
        problems.append(Problem(name, line, "source_quote",
                                f"Citatet står ikke ordret i kildeteksten sources/{file_name} ({document}). "
                                "Kopiér det ordret fra kilden.",
                                f"The quote is not verbatim in the source text sources/{file_name} ({document}). "
                                "Copy it verbatim from the source.", "Citat ikke i kilden"))
    return problems


# --- the stage --------------------------------------------------------------------------------------


def collect_problems(package_json: Path, project: bool = True, docs_dir: Path | None = None) -> tuple[list[Problem], dict | None]:
    """Every problem of a package, step by step (see the module's docstring). `project`: the package is this
    project's (or a copy of it, e.g. an unpacked download), so the contract of what the build reads applies (the
    rows the code and the page templates in `docs_dir` read); a municipality's submission is checked without it."""
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
    found, tables, names = floor_problems(descriptor, package_json, project)
    problems = _with_floor(problems, found)
    if project and not problems:  # rows the build needs: only once every row is itself valid (no follow-on errors)
        from build_scripts.stages.validate import requirements

        # The templates that read rows by name: the project's (`validate`), else those that come with this code.
        problems = requirements.problems(tables, names, docs_dir or Paths.checkout().docs_dir)
    # A row that already has a problem (a bad cell, a mismatched value) gets no follow-on quote messages.
    flagged = {(p.file, p.line) for p in problems}
    problems += [p for p in check_source_quotes(descriptor, package_json) if (p.file, p.line) not in flagged]
    return problems, descriptor


def floor_problems(descriptor: dict, package_json: Path, project: bool) -> tuple[list[Problem], dict, dict]:
    """The safety floor (floor.py) over every table and the references between them, the package's other files
    (files.py) and, for this project, CHANGELOG.md and CITATION.cff beside it. Also returns every table's rows
    and file name, for the rows the build needs (requirements.py)."""
    from build_scripts.stages.validate import files, floor

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
        problems += files.repository_problems(package_json)
    return problems, tables, names


# Problems of the floor that say more than frictionless's about the same cell (they name the character).
_FLOOR_FIRST = {"Linjeskift", "Styretegn", "Retningstegn", "Usynligt tegn", "Blankt tegn", "Stablede tegn",
                "Usynlig tekst", "Ikke-tegn", "Ukendt tegn",
                "Ciffer uden for 0-9", "Ikke NFC", "Ugyldig adresse", "Ugyldigt id"}


def _with_floor(problems: list[Problem], found: list[Problem]) -> list[Problem]:
    """frictionless's and our problems with the floor's, one message per cell: where both judge a cell, the
    floor's message if it names a character, else the message already there."""
    named = {(p.file, p.line, p.field) for p in found if p.title in _FLOOR_FIRST}
    kept = [p for p in problems if (p.file, p.line, p.field) not in named]
    places = {(p.file, p.line, p.field) for p in kept}
    places_rows = {(p.file, p.line) for p in kept if p.field is None}
    extra = [p for p in found if (p.file, p.line, p.field) not in places and (p.file, p.line) not in places_rows]
    return list(dict.fromkeys(kept + extra))


def run(paths: Paths, package_json: Path | None = None) -> str:
    """Validate the project's package, or another copy of it (`package_json`), against the project's templates."""
    problems, descriptor = collect_problems(package_json or paths.datapackage_json, docs_dir=paths.docs_dir)
    from build_scripts.core import report

    report.emit(problems)
    if problems:
        raise ValidationFailed(problems)
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    return f"{len(descriptor['resources'])} resources ({len(tables)} tables) valid"
