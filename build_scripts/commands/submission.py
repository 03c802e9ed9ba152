"""The submission standard, ready for a future mapping round: template and validator.

Reads  datapackage/submission/datapackage.json (the Table Schema of one row per
       initiative, with the questionnaire's ten fields) and municipalities.csv;
       the questionnaire's field quotes and code labels from the main package.
Writes (template) <out>/submission-template.csv and .xlsx: the XLSX has a
       drop-down list for every coded field, number validation for amounts and
       an instructions sheet in Danish that quotes each field's definition.
Checks (check-submission) CSV or XLSX files: every problem with file, row and
       field, in Danish and English, using the same checks as `validate`, and
       before and around them the submission's own: a file over the standard's
       maxBytes (for a workbook: its uncompressed contents) is refused unread;
       a workbook is read from its sheet 'Indberetning', every row whatever its
       declared dimension, and a formula without a computed value is named as
       such; text may hold no control characters (a line break only in fields
       marked multiline) nor begin like a formula; an unterminated quote in a
       CSV is named once instead of its follow-on errors; a message quotes at
       most an excerpt of a bad value.
"""

import csv
import io
import json
import re
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

from build_scripts.core import config, fmt, package
from build_scripts.core.lang import ByLanguage, Phrase, say
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from build_scripts.core.text import EXCERPT_LENGTH, FORMULA_STARTS, excerpt, is_formula_like
from build_scripts.stages.validate import stage as validate
from build_scripts.stages.validate import text as text_rules
from build_scripts.stages.validate.problem import Problem

SHEET = "Indberetning"


def schema(paths: Paths) -> dict:
    return package.descriptor(paths.submission_json)["resources"][0]["schema"]


def field_names(paths: Paths) -> list[str]:
    return [f["name"] for f in schema(paths)["fields"]]


def municipality_codes(paths: Paths) -> list[int]:
    with (paths.submission_dir / "municipalities.csv").open(encoding="utf-8") as fh:
        return [int(row["municipality_code"]) for row in csv.DictReader(fh)]


# --- reading a submission ---------------------------------------------------------------------

MAX_COLUMNS = 40  # columns read from the data sheet: the standard's fields and room for stray ones (column AN)
# A line of a row that may begin like a formula (text.is_formula_like decides), found in C.
FORMULA_LINE = re.compile("^[" + re.escape("".join(FORMULA_STARTS)) + "]", re.M)

# Kinds of problems (their titles' keys): a file not read at all, and a quote that makes the rest one cell.
UNTERMINATED = "unterminated_quote"
UNREAD = {"missing_file", "too_large", "invalid_file", "missing_sheet", "wrong_encoding"}


class SubmissionUnreadable(Exception):
    """A submission cannot be read; `problems` say why."""

    def __init__(self, problems):
        super().__init__(" ".join(str(p) for p in problems))
        self.problems = problems


def max_bytes(paths: Paths) -> int:
    """The largest submission the standard accepts: a CSV's size or a workbook's uncompressed contents."""
    return package.descriptor(paths.submission_json)["resources"][0]["maxBytes"]


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _unreadable(shown: str) -> Problem:
    return Problem("not_a_workbook", shown, kind="invalid_file")


def _size(n_bytes: int) -> ByLanguage:
    """A size as each language writes it ('1,5 MB', '1.5 MB')."""
    return ByLanguage.of(lambda lang: fmt.size(n_bytes, lang))


def size_problem(paths: Paths, path: Path, shown: str) -> Problem | None:
    """A file over the limit, found without parsing it: a CSV's size, a workbook's uncompressed ZIP members."""
    limit = max_bytes(paths)
    if not is_workbook(path):
        size = path.stat().st_size
        if size <= limit:
            return None
        return Problem("submission_too_large", shown, params={"size": _size(size), "limit": _size(limit)},
                       kind="too_large")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _unreadable(shown)
    size = sum(m.file_size for m in members)
    if size <= limit:
        return None
    largest = max(members, key=lambda m: m.file_size)
    return Problem("workbook_too_large", shown, params={
        "size": _size(size), "member": excerpt(largest.filename), "member_size": _size(largest.file_size),
        "limit": _size(limit)}, kind="too_large")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_to_csv(paths: Paths, xlsx: Path, target: Path, shown: str | None = None) -> list[Problem]:
    """The sheet 'Indberetning' as CSV text (numbers keep their digits); returns the workbook's own problems.

    Refuses, before parsing, a workbook over the size limit. Reads every row, whatever the sheet's declared
    <dimension> says, and reads the sheet twice in step (cached values, and formulas) so that a formula
    without a computed value is reported as a formula, not as an empty cell. Rows with no value are skipped,
    and so are cells right of column MAX_COLUMNS (no field of the standard is there).
    Raises SubmissionUnreadable when the file cannot be read at all.
    """
    from openpyxl import load_workbook

    shown = str(xlsx) if shown is None else shown
    too_big = size_problem(paths, xlsx, shown)
    if too_big:
        raise SubmissionUnreadable([too_big])
    try:
        values_book = load_workbook(xlsx, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SubmissionUnreadable([_unreadable(shown)]) from None
    formula_book = load_workbook(xlsx, read_only=True, data_only=False)  # the same file: it reads as the first did
    try:
        if SHEET not in values_book.sheetnames:
            names = ", ".join(f"»{excerpt(n)}«" for n in values_book.sheetnames[:10])
            raise SubmissionUnreadable([Problem("sheet_missing", shown, params={"sheet": SHEET, "names": names},
                                                kind="missing_sheet")])
        values_sheet, formula_sheet = values_book[SHEET], formula_book[SHEET]
        values_sheet.reset_dimensions()  # a stale <dimension> would otherwise cut rows off
        formula_sheet.reset_dimensions()
        # At most MAX_COLUMNS columns: openpyxl pads each row up to its last cell, so one cell in column XFD
        # per row would make every row 16.384 cells wide.
        rows = zip(values_sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True),
                   formula_sheet.iter_rows(max_col=MAX_COLUMNS))
        try:
            hidden = hidden_rows_and_columns(values_book, values_sheet)
            return hidden_sheets(values_book, shown) + _write_rows(rows, target, shown, hidden)
        except Exception:  # broken XML inside a readable ZIP
            raise SubmissionUnreadable([_unreadable(shown)]) from None
    finally:
        values_book.close()
        formula_book.close()


# --- what a municipality's workbook shows is what gets counted ---------------------------------------------

SPREADSHEETML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HIDDEN = "hidden_content"


def hidden_sheets(book, shown: str) -> list[Problem]:
    """A hidden or very hidden sheet: it could hold what the person who signs the file never saw."""
    return [Problem("sheet_hidden", shown, params={"sheet": excerpt(ws.title), "state": ws.sheet_state}, kind=HIDDEN)
            for ws in book.worksheets if ws.sheet_state != "visible"]


def hidden_rows_and_columns(book, sheet) -> tuple[set[int], set[int], set[tuple[int, int]]]:
    """The rows and columns (numbered from 1) the sheet hides: hidden, or zero high or wide, or hidden by default
    (zeroHeight); and the cells (row, column) a merged range covers (only its first cell is shown). Read from the
    sheet's XML as a stream; openpyxl's read-only mode does not keep them."""
    import xml.etree.ElementTree as ET

    from openpyxl.utils import range_boundaries

    rows, cols, covered, hidden_by_default = set(), set(), set(), False

    def number(text) -> float | None:
        try:
            return float(text)
        except (TypeError, ValueError):
            return None

    with book._archive.open(sheet._worksheet_path) as src:
        for _, element in ET.iterparse(src):
            tag = element.tag
            if tag == f"{SPREADSHEETML}sheetFormatPr":
                hidden_by_default = element.get("zeroHeight") in ("1", "true")
            elif tag == f"{SPREADSHEETML}col":
                if element.get("hidden") in ("1", "true") or number(element.get("width")) == 0:
                    first, last = int(element.get("min", 0)), int(element.get("max", 0))
                    cols.update(range(max(first, 1), min(last, MAX_COLUMNS) + 1))
            elif tag == f"{SPREADSHEETML}row":
                height = number(element.get("ht"))
                if element.get("r") and (element.get("hidden") in ("1", "true") or height == 0
                                         or (hidden_by_default and not (height and height > 0))):
                    rows.add(int(element.get("r")))
                element.clear()  # a row's cells are not needed again: memory stays flat
            elif tag == f"{SPREADSHEETML}mergeCell" and element.get("ref"):
                first_col, first_row, last_col, last_row = range_boundaries(element.get("ref"))
                last_col = min(last_col, MAX_COLUMNS)
                if (last_row - first_row + 1) * (last_col - first_col + 1) <= 1_000_000:  # a sheet's merges are small
                    covered.update((r, c) for r in range(first_row, last_row + 1)
                                   for c in range(first_col, last_col + 1) if (r, c) != (first_row, first_col))
    return rows, cols, covered


def _colour(colour) -> str | None:
    """A font's or fill's colour as RRGGBB (theme colours: the default theme's), None for the automatic one."""
    from openpyxl.styles.colors import COLOR_INDEX

    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    if kind == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[colour.indexed][-6:].upper()
    if kind == "theme" and not colour.tint:
        return {0: "FFFFFF", 1: "000000"}.get(colour.theme, f"theme{colour.theme}")
    return None


def _section_shows_nothing(section: str) -> bool:
    """A number format's section that displays no character ('' in ';;;', or only quoted spaces and colours)."""
    visible = re.sub(r'\[[^\]]*\]|"\s*"|_.|\\\s|\s', "", section)
    return visible == ""


def invisible(cell, value) -> Phrase | None:
    """Why a cell with a value shows nothing, or None: a number format whose section for this value is empty
    (';;;'), or text in the colour of its background (white on white)."""
    fmt = getattr(cell, "number_format", None)
    if isinstance(fmt, str) and ";" in fmt:
        sections = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', fmt)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            index = 0 if value > 0 else (1 if value < 0 else 2)
            section = sections[index] if index < len(sections) else sections[0]
        else:
            section = sections[3] if len(sections) >= 4 else None
        if section is not None and _section_shows_nothing(section):
            return Phrase("format_shows_nothing", format=excerpt(fmt))
    font, fill = getattr(cell, "font", None), getattr(cell, "fill", None)
    text_colour = _colour(font.color) if font is not None else None
    background = _colour(fill.fgColor) if fill is not None and fill.fill_type == "solid" else "FFFFFF"
    if text_colour is not None and text_colour == background:
        return Phrase("colour_of_background")
    return None


def _write_rows(rows, target: Path, shown: str, hidden: tuple[set[int], set[int], set] = (set(), set(), set())
                ) -> list[Problem]:
    from openpyxl.utils import get_column_letter

    problems = []
    header: list[str] | None = None
    line = 0
    hidden_rows, hidden_cols, covered = hidden
    reported_cols: set[int] = set()
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for values, cells in rows:
            formulas = {i: c for i, c in enumerate(cells) if c.data_type == "f"}
            texts = [_text(v) for v in values]
            if not formulas and not any(texts):
                continue
            while texts and not texts[-1]:
                texts.pop()
            if header is None:
                header = texts
            elif len(texts) < len(header):
                texts += [""] * (len(header) - len(texts))
            line += 1
            writer.writerow(texts)
            problems += _hidden_cells(values, cells, header, line, shown, hidden_rows, hidden_cols, reported_cols,
                                      get_column_letter, covered)
            for i, cell in formulas.items():
                if i < len(values) and values[i] is not None:
                    continue  # the cached value is what the municipality sees, and what we read
                formula = excerpt(str(getattr(cell.value, "text", cell.value)))
                problems.append(Problem("formula_without_value", shown, line, header[i] if i < len(header) else None,
                                        {"cell": cell.coordinate, "formula": formula}, kind="formula_without_value"))
    return problems


def _hidden_cells(values, cells, header, line, shown, hidden_rows, hidden_cols, reported_cols, letter, covered=()):
    """The problems of one row: hidden with values in it, values in hidden columns, values under a merged cell,
    cells that show nothing."""
    problems = []
    filled = [i for i, v in enumerate(values) if v is not None and _text(v) != ""]
    row_number = next((c.row for c in cells if getattr(c, "row", None)), None)
    if filled and row_number in hidden_rows:
        problems.append(Problem("row_hidden", shown, line, None, {"row": row_number}, kind=HIDDEN))
        return problems
    for i in filled:
        name = header[i] if header and i < len(header) else None
        if i + 1 in hidden_cols:
            if i + 1 not in reported_cols:
                reported_cols.add(i + 1)
                problems.append(Problem("column_hidden", shown, line, name, {"column": letter(i + 1)}, kind=HIDDEN))
            continue
        if (row_number, i + 1) in covered:
            problems.append(Problem("cell_under_merge", shown, line, name, {"cell": f"{letter(i + 1)}{row_number}"},
                                    kind=HIDDEN))
            continue
        why = invisible(cells[i], values[i]) if i < len(cells) else None
        if why:
            problems.append(Problem("cell_invisible", shown, line, name, {"cell": cells[i].coordinate, "why": why},
                                    kind=HIDDEN))
    return problems


def _whole_fields(reader):
    """(line, row) from a csv reader, header = line 1, with no cap on a field's size while it reads.

    The csv module's cap (131.072 characters by default, and changed globally by other libraries) would
    make an unterminated quote look like an overlong field; the file itself is bounded by maxBytes.
    """
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield from enumerate(reader, start=1)
    finally:
        csv.field_size_limit(previous)


def _rows(text: str):
    """(line, row) of a CSV text, header = line 1; raises csv.Error on broken quoting."""
    return _whole_fields(csv.reader(io.StringIO(text, newline=""), strict=True))


def check_cells(csv_path: Path, shown: str, fields: list[dict]) -> list[Problem]:
    """Text the validator does not judge: an unterminated quote, control characters, text that is a formula.

    An unterminated quote is the only problem returned then: everything after it is one cell.
    """
    by_name = {f["name"]: f for f in fields}
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return []  # the validator names the encoding
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems = []
    header: list[str] = []
    start = 1
    try:
        for line, row in _whole_fields(reader):
            if line == 1:
                header = row
            elif not (_plain("".join(row)) and not FORMULA_LINE.search("\n".join(row))):
                # Only a row with a control character or a cell that may begin like a formula is looked at cell by cell.
                for name, value in zip(header, row):
                    problem = _cell_problem(value, by_name.get(name), shown, line, name)
                    if problem:
                        problems.append(problem)
            start = reader.line_num + 1
    except csv.Error as err:
        if "unexpected end of data" in str(err):
            name = _opened_field(text, start, header)
            return [Problem("submission_unterminated_quote", shown, start, name, kind=UNTERMINATED)]
        return problems  # other broken quoting: the validator reports the rows
    return problems


def _plain(text: str) -> bool:
    """Text no rule needs to look at (decided in C): printable ASCII, or printable text in NFC without any digit
    other than 0-9 and no character text.py refuses (a bidi control or a zero-width space is not printable)."""
    if text.isascii():
        return text.isprintable()
    return text_rules.problem(text) is None


def _needs_excerpt(text: str) -> bool:
    return len(text) > EXCERPT_LENGTH or not text.isprintable()


def long_values(csv_path: Path, wanted: set) -> dict:
    """The values at the wanted (line, field) places that a message may not quote whole: long or with control
    characters; the header's column names under line 1 (a message about a column is named by the column)."""
    found = {}
    try:
        rows = _rows(csv_path.read_text(encoding="utf-8-sig"))
        header = next(rows)[1]
        found.update({(1, name): name for name in header if _needs_excerpt(name)})
        for line, row in rows:
            for name, value in zip(header, row):
                if (line, name) in wanted and _needs_excerpt(value):
                    found[(line, name)] = value
    except (csv.Error, UnicodeDecodeError, StopIteration):
        pass  # the values read until then are all there is to shorten
    return found


def _opened_field(text: str, start: int, header: list[str]) -> str | None:
    """The field whose cell opens on physical line `start` and runs on: the last one begun on that line."""
    lines = io.StringIO(text, newline="").readlines()
    if not header or start > len(lines):
        return None
    opened = next(csv.reader([lines[start - 1]]), [])
    return header[len(opened) - 1] if 0 < len(opened) <= len(header) else None


def _cell_problem(value: str, field: dict | None, shown: str, line: int, name: str) -> Problem | None:
    if field is None or not value or (value.isascii() and value.isprintable() and not is_formula_like(value)):
        return None  # the common case, decided in C: plain text, no formula start
    multiline = field.get("multiline", False)
    controls = [c for c in value.replace("\r\n", "\n") if _is_control(c) and not (multiline and c == "\n")]
    if controls and controls[0] in "\n\u2028\u2029":
        return Problem("submission_line_break", shown, line, name, {"value": excerpt(value)}, kind="line_break")
    if controls:  # named as validate names a character (text.py), with what to do about it
        return Problem("submission_control", shown, line, name, {
            "char": text_rules.char_name(controls[0]), "value": excerpt(value), "fix": Phrase("fix_copied_character")},
            kind="control_character")
    constraints = field.get("constraints", {})
    allowed = value in constraints.get("enum", []) or (
        "pattern" in constraints and re.fullmatch(constraints["pattern"], value))
    if field.get("type") == "string" and is_formula_like(value) and not allowed:
        return Problem("submission_formula", shown, line, name, {"start": value[0], "value": excerpt(value)},
                       kind="formula_text")
    # The same rule as for the published data (validate's text.py): no direction or invisible characters,
    # noncharacters, digits other than 0-9, text in NFC.
    found = text_rules.problem(value, newline=multiline)
    if found:
        return Problem.found(found, shown, line, name)
    return None


def _shorten(problem: Problem, long_values: dict) -> Problem:
    """A validator's message that quotes a long value, with an excerpt instead."""
    value = long_values.get((problem.line, problem.field))
    if value is None:
        return problem

    def shortened(said):
        if isinstance(said, Phrase):
            return Phrase(said.key, **{name: shortened(v) for name, v in said.values})
        return said.replace(value, excerpt(value)) if isinstance(said, str) else said

    return replace(problem, field=excerpt(problem.field), params={name: shortened(v) for name, v in problem.params})


def check_file(paths: Paths, path: Path) -> list[Problem]:
    """Every problem in one submission file, named by the path as given."""
    shown = str(path)
    unreadable = validate.path_problem(path, shown)  # missing, a folder, a device, a FIFO: nothing is read
    if unreadable:
        return [unreadable]
    too_big = size_problem(paths, path, shown)
    if too_big:
        return [too_big]
    descriptor = package.descriptor(paths.submission_json)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "submission"
        work.mkdir()
        target = work / "submission.csv"
        if is_workbook(path):
            try:
                read_problems = xlsx_to_csv(paths, path, target, shown)
            except SubmissionUnreadable as err:
                return err.problems
        else:  # a copy, not a link: validation refuses resources that resolve outside their package
            shutil.copyfile(path, target)
            read_problems = []
        cell_problems = check_cells(target, shown, descriptor["resources"][0]["schema"]["fields"])
        if any(p.kind == UNTERMINATED for p in cell_problems):
            return cell_problems  # everything after it would be a follow-on error
        shutil.copyfile(paths.submission_dir / "municipalities.csv", work / "municipalities.csv")
        descriptor["resources"][0]["path"] = "submission.csv"
        package_json = work / "datapackage.json"
        package_json.write_text(json.dumps(descriptor), encoding="utf-8")
        own = read_problems + cell_problems
        judged = {(p.line, p.field) for p in own}  # one message per cell: ours says why
        problems = [p.renamed(shown) for p in validate.collect_problems(package_json, project=False)[0]  # the same steps as `validate`
                    if (p.line, p.field) not in judged]
        long = long_values(target, {(p.line, p.field) for p in problems}) if problems else {}
    problems = own + [_shorten(p, long) for p in problems]
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))


def same_id(initiative: str) -> str:
    """An initiative id as a reader tells ids apart: without invisible (format) characters, fullwidth letters as
    their plain form (NFKC), and upper and lower case alike. 'K1', 'k1', 'Ｋ１' and 'K\u200b1' are one id."""
    visible = "".join(c for c in initiative if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", visible).casefold()


def check_files(paths: Paths, files: list[Path]) -> list[Problem]:
    problems = []
    seen: dict[tuple[int, str], tuple[Path, int, str]] = {}  # (municipality, same_id) -> (file, line, id as written)
    for path in files:
        file_problems = check_file(paths, path)
        problems += file_problems
        judged = {(p.line, p.field) for p in file_problems}
        if any(p.line is None and p.kind in UNREAD for p in file_problems):
            continue  # not read (missing, a device, too large, not a workbook): nothing to compare
        try:  # one initiative id per municipality, within a file and across files, however it is written
            ids = read_table(paths, path, ["municipality_code", "initiative_id"])
        except Exception:  # a file that cannot be read as a table: its problems are already named
            continue
        for line, (code, initiative) in enumerate(zip(ids["municipality_code"], ids["initiative_id"]), start=2):
            if not (code.isascii() and code.isdigit()) or not initiative:
                continue  # named by the check already
            key = (int(code), same_id(initiative))
            if key not in seen:
                seen[key] = (path, line, initiative)
                continue
            where, first_line, first = seen[key]
            if (line, "initiative_id") in judged or (where == path and first == initiative):
                continue  # this cell has its message already (a repeated id in one file: the key's message)
            problems.append(Problem("initiative_twice", str(path), line, "initiative_id", {
                "initiative": excerpt(initiative), "municipality": key[0],
                "where": Phrase("at_line", line=first_line) if where == path else str(where),
                "first": "" if first == initiative else Phrase("same_id_as", first=excerpt(first))},
                kind="duplicate_value"))
    return problems


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_table(paths: Paths, path: Path, columns: list[str] | None = None):
    """A submission (CSV or workbook) as a pandas DataFrame of text, optionally only some columns.

    Raises SubmissionUnreadable for a file the check refuses before reading (too large, no data sheet).
    """
    import pandas as pd

    def read(csv_path):
        return pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=columns)

    too_big = size_problem(paths, path, str(path))
    if too_big:
        raise SubmissionUnreadable([too_big])
    if not is_workbook(path):
        return read(path)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "submission.csv"
        xlsx_to_csv(paths, path, target)
        return read(target)


def run_check(paths: Paths, files: list[Path]) -> int:
    problems = check_files(paths, files)
    from build_scripts.core import report

    report.emit(problems)
    if problems:
        return 1
    print(say("submission_ok", count=len(files)))
    return 0


# --- the template ---------------------------------------------------------------------------


def _codes(paths: Paths) -> dict[int, list[dict]]:
    codes: dict[int, list[dict]] = {}
    for row in package.records("questionnaire_codes", paths.datapackage_json):
        codes.setdefault(int(row["field_no"]), []).append(row)
    return codes


FIELD_NO = {"title": 1, "gross_expenditure_1000_kr": 2, "gross_income_1000_kr": 3, "financing_source": 4,
            "legal_basis": 5, "primary_target_group": 6, "secondary_target_group": 7, "content": 8,
            "purpose": 9, "time_horizon": 9, "target_group_share": 10}


def _guide_url(paths: Paths) -> str:
    """The address of the site's page for municipal staff (the Danish site's 'Indberetning')."""
    return config.site_url(paths, main_language().code) + "indberetning/"


def write_template(paths: Paths, out_dir: Path) -> list[Path]:
    """The template as CSV (a copy of the standard's) and as a workbook: a guide, the entry sheet with Excel's own
    data validation, and the lists of codes."""
    from openpyxl import Workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = out_dir / "submission-template.csv", out_dir / "submission-template.xlsx"
    shutil.copyfile(paths.submission_dir / "submission-template.csv", csv_path)
    fields = schema(paths)["fields"]
    with (paths.submission_dir / "municipalities.csv").open(encoding="utf-8") as fh:
        municipalities = list(csv.DictReader(fh))
    areas = next(f for f in fields if f["name"] == "area_id")["constraints"]["enum"]
    wb = Workbook()
    ws = _entry_sheet(wb, fields)
    _codes_sheet(wb, municipalities, areas)
    _validations(ws, fields, len(municipalities), areas)
    _guide_sheet(paths, wb, fields, areas)
    wb.active = 0
    wb.save(xlsx_path)
    return [csv_path, xlsx_path]


def _entry_sheet(wb, fields: list[dict]):
    """The sheet municipalities fill in: one column per field, the header bold and frozen."""
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = SHEET
    ws.append([f["name"] for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, f in enumerate(fields):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(14, min(40, len(f["name"]) + 4))
    return ws


def _codes_sheet(wb, municipalities: list[dict], areas: list[str]) -> None:
    """The lists the entry sheet's drop-downs read: municipality codes and names, policy areas."""
    words = main_language()
    lists = wb.create_sheet(words.message("template_sheet_codes"))
    lists.append([words.message("template_municipality_code"), words.message("template_municipality"),
                  words.message("template_policy_area")])
    for i in range(max(len(municipalities), len(areas))):
        lists.append([int(municipalities[i]["municipality_code"]) if i < len(municipalities) else None,
                      municipalities[i]["name"] if i < len(municipalities) else None,
                      areas[i] if i < len(areas) else None])


def _validations(ws, fields: list[dict], municipalities: int, areas: list[str]) -> None:
    """Excel's data validation on the entry sheet's first 5,000 rows, from the standard's constraints."""
    from openpyxl.worksheet.datavalidation import DataValidation

    words = main_language()
    codes = words.message("template_sheet_codes")

    def column(name):
        return ws.cell(row=1, column=[f["name"] for f in fields].index(name) + 1).column_letter

    def add(validation, name, strict=True):
        validation.error = words.message("template_not_allowed", sheet=words.message("template_sheet_guide"))
        validation.errorTitle = words.message("template_not_allowed_title")
        validation.showErrorMessage = strict
        ws.add_data_validation(validation)
        validation.add(f"{column(name)}2:{column(name)}5000")

    add(DataValidation(type="list", formula1=f"={codes}!$A$2:$A${municipalities + 1}"), "municipality_code")
    add(DataValidation(type="list", formula1=f"={codes}!$C$2:$C${len(areas) + 1}"), "area_id")
    for name in ("financing_source", "primary_target_group", "secondary_target_group"):
        allowed = next(f for f in fields if f["name"] == name)["constraints"]["enum"]
        add(DataValidation(type="list", formula1='"' + ",".join(allowed) + '"'), name)
    # Legal basis is free text: the list only suggests the two recognised values.
    add(DataValidation(type="list", formula1='"Kommunalfuldmagten,ukendt"'), "legal_basis", strict=False)
    for name in ("gross_expenditure_1000_kr", "gross_income_1000_kr"):
        add(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"), name)
    cell = f"{column('target_group_share')}2"
    add(DataValidation(type="custom", formula1=f'=OR({cell}="-",{cell}="_",AND(ISNUMBER({cell}),{cell}>=0,{cell}<=100,INT({cell})={cell}))'),
        "target_group_share")


def _guide_sheet(paths: Paths, wb, fields: list[dict], areas: list[str]) -> None:
    """The first sheet: how to fill in the template, and each field with the questionnaire's words and codes."""
    from openpyxl.styles import Font

    questionnaire = {int(r["field_no"]): r for r in package.records("questionnaire_fields", paths.datapackage_json)}
    codes = _codes(paths)
    words = main_language()
    guide = wb.create_sheet(words.message("template_sheet_guide"), 0)
    guide.append([words.message("template_title")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([words.message("template_instructions", sheet=SHEET, size=fmt.size(max_bytes(paths), words),
                                url=_guide_url(paths))])
    guide.append([])
    guide.append([words.message(key) for key in ("template_field", "template_questionnaire_field",
                                                 "template_description", "template_wording", "template_allowed")])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for f in fields:
        number = FIELD_NO.get(f["name"])
        quote = questionnaire[number]["source_quote"] if number else ""
        allowed = "; ".join(f"{c['code']} = {c['label_da']}" for c in codes.get(number, [])) if number else ""
        if f["name"] == "area_id":
            allowed = ", ".join(areas)
        if f["name"] == "municipality_code":
            allowed = words.message("template_see_codes", sheet=words.message("template_sheet_codes"))
        guide.append([f["name"], words.message("template_field_number", number=number) if number else "",
                      f["description_da"], quote, allowed])
    for col, width in zip("ABCDE", (28, 18, 70, 70, 50)):
        guide.column_dimensions[col].width = width
    for row in guide.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
