"""The submission standard, ready for a future mapping round: template and validator.

Reads  datapackage/submission/datapackage.json (the Table Schema of one row per
       initiative, with the questionnaire's ten fields) and municipalities.csv;
       the questionnaire's field quotes and code labels from the main package.
Writes (template) <out>/submission-template.csv and .xlsx: the XLSX has a
       drop-down list for every coded field, number validation for amounts and
       an instructions sheet in Danish that quotes each field's definition.
Checks (check-submission) CSV or XLSX files: every problem with file, row and
       field, in Danish and English, using the same checks as `validate`, and
       before and around them the submission's own: a file given twice (by
       the same path or another path to the same file) is read once and
       refused, so nothing is counted twice; a file over the standard's
       maxBytes (for a workbook: its uncompressed contents) is refused unread,
       and so is a workbook whose main part, styles, theme or shared strings
       Excel would read from another part than the one checked;
       a workbook is read from its sheet 'Indberetning', every row whatever its
       declared dimension, and a formula is refused (the value stored with it
       need not be what the spreadsheet shows); text may hold no control characters (a line break only in fields
       marked multiline) nor begin like a formula; an unterminated quote in a
       CSV is named once instead of its follow-on errors; a message quotes at
       most an excerpt of a bad value. What a workbook does not show as it is
       counted is refused by cell: hidden sheets, rows and columns (also nearly
       zero high or wide), values under merged cells, and (appearance.py) a
       number format that shows other digits, text that hardly stands out from
       its background, a font under 6 pt (also as the sheet's zoom shows it), a
       struck-out font (it reads as deleted), a symbol font (Wingdings: digits as
       pictograms), the 'Fill' alignment (it repeats the value), a number wider than its column
       (its indent counted) or a text indented past its column; a hidden, minimized or tiny window (any
       of them) or hidden sheet tabs, a zoom that shows the template's text
       under 6 pt, a frozen pane that keeps rows or columns out of reach; and
       conditional formatting, Excel tables and pivot tables (their styles),
       drawings, notes shown at all times, VML shapes and form controls,
       embedded objects or a background picture on the data sheet. A data sheet that
       is a chart, dialog or macro sheet is named as such, and so is each cell
       that cannot be read (an unknown type or style, a stored value not of
       its type), by its sheet and reference.
"""

import csv
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from itertools import accumulate
from pathlib import Path

from build_scripts.commands import appearance
from build_scripts.core import config, copying, fmt, package, workbook
from build_scripts.core.lang import ByLanguage, Phrase, say
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from build_scripts.core.text import EXCERPT_LENGTH, FORMULA_STARTS, excerpt, is_formula_like, shown_path
from build_scripts.stages.validate import contract
from build_scripts.stages.validate import stage as validate
from build_scripts.stages.validate import text as text_rules
from build_scripts.stages.validate.floor import LOOSE_INTEGER
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
    twin = same_name_entries(members, shown)
    if twin:
        return twin
    size = sum(m.file_size for m in members)
    if size <= limit:
        return None
    largest = max(members, key=lambda m: m.file_size)
    return Problem("workbook_too_large", shown, params={
        "size": _size(size), "member": excerpt(largest.filename), "member_size": _size(largest.file_size),
        "limit": _size(limit)}, kind="too_large")


def same_name_entries(members, shown: str) -> Problem | None:
    """The first two ZIP entries whose names are equal ignoring case (or equal outright): part names in a package
    ignore case, and Excel and openpyxl may each take another of the two, so one would be shown and the other
    checked."""
    seen = {}
    for member in members:
        key = member.filename.lower()
        if key in seen:
            return Problem("workbook_same_name_entries", shown, params={
                "first": excerpt(seen[key]), "second": excerpt(member.filename)}, kind="invalid_file")
        seen[key] = member.filename
    return None


# The parts openpyxl reads by a fixed name (styles, theme) or by its content type (shared strings). Excel reads the
# parts the workbook's relationships name: a workbook whose relationships point elsewhere would show one part and
# have another checked.
CHECKED_PARTS = {"styles": "xl/styles.xml", "theme": "xl/theme/theme1.xml", "sharedStrings": "xl/sharedStrings.xml"}


def main_part_problem(archive, manifest, shown: str) -> Problem | None:
    """The workbook part Excel opens (the package's officeDocument relationship, in /_rels/.rels) unless it is the
    one part that [Content_Types].xml declares a workbook, the part openpyxl reads and the checks check: two
    workbook parts, or the relationship naming another part, would have a decoy checked and counted."""
    from openpyxl.xml.constants import XLSM, XLSX, XLTM, XLTX

    types = {content_type.lower() for content_type in (XLSX, XLSM, XLTX, XLTM)}  # content types ignore case
    declared = [o.PartName for o in manifest.Override if (o.ContentType or "").lower() in types]
    opened = [(target, member) for _, kind, member, target in _relationships(archive, "")
              if kind.rsplit("/", 1)[-1] == "officeDocument"]
    if not declared or not opened:
        return _unreadable(shown)  # openpyxl or Excel would find no workbook
    if len(declared) == 1 and len(opened) == 1 and opened[0][1] == declared[0][1:]:
        return None
    return Problem("workbook_main_part", shown, params={
        "opened": ", ".join(excerpt(f"/{member}" if member else target) for target, member in opened),
        "declared": ", ".join(excerpt(part) for part in declared)}, kind="invalid_file")


def percent_names(archive, shown: str) -> Problem | None:
    """The first ZIP member whose name, or relationship (in any .rels part, _rel_problem) whose target, holds a '%'
    (save an external hyperlink's), or the first external relationship that is not a hyperlink. A target is a
    URI, so Excel may read 'sheet%32.xml' as 'sheet2.xml', where openpyxl reads the member named as written: with
    both members, one would be shown and the other checked and counted (red team 30, finding 2). Refused before any
    part is read, so that every check resolves a target as written, as openpyxl does."""
    import xml.etree.ElementTree as ET

    for member in archive.namelist():
        if "%" in member:
            return Problem("workbook_percent_name", shown, params={"name": excerpt("/" + member)}, kind="invalid_file")
    for member in archive.namelist():
        if member.lower().endswith(".rels"):
            for rel in ET.fromstring(archive.read(member)).iter():
                found = _rel_problem(rel, member, shown)
                if found:
                    return found
    return None


HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _rel_problem(rel, member: str, shown: str) -> Problem | None:
    """A relationship (in .rels part `member`) that is external (any TargetMode but Internal) and not a hyperlink:
    openpyxl ignores the mode and reads a member of that name, which _relationships gives none, so no part check
    would check it (red team 30); or that holds a '%' in its target, save an external hyperlink (a web address)."""
    target, mode = rel.get("Target") or "", rel.get("TargetMode")
    if mode not in (None, "Internal") and rel.get("Type") != HYPERLINK:
        return Problem("workbook_external_part", shown, params={
            "name": f'/{excerpt(member)}: Type="{excerpt(rel.get("Type"), 120)}" TargetMode="{excerpt(mode)}" '
                    f'Target="{excerpt(target)}"'}, kind="invalid_file")
    if "%" in target and mode in (None, "Internal"):
        return Problem("workbook_percent_name", shown, params={
            "name": f'/{excerpt(member)}: Target="{excerpt(target)}"'}, kind="invalid_file")
    return None


def parts_elsewhere(path: Path, shown: str) -> Problem | None:
    """The first styles, theme or shared-strings part that Excel would read but the checks would not: a workbook
    relationship (resolved as openpyxl resolves it) or the shared strings' content type naming another part."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as archive:
            escaped = percent_names(archive, shown)
            if escaped:
                return escaped
            manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
            main = main_part_problem(archive, manifest, shown)
            if main:
                return main
            rels_path = get_rels_path(_find_workbook_part(manifest).PartName[1:])
            found = [(r.Type.rsplit("/", 1)[-1], r.target) for r in get_dependents(archive, rels_path)
                     if r.TargetMode != "External"]
    except Exception:  # no manifest, no workbook part, no relationships: openpyxl cannot read it either
        return _unreadable(shown)
    strings = manifest.find(SHARED_STRINGS)
    if strings is not None:
        found.append(("sharedStrings", strings.PartName[1:]))
    for kind, target in found:
        if kind in CHECKED_PARTS and target != CHECKED_PARTS[kind]:
            return Problem("workbook_part_elsewhere", shown, params={
                "kind": kind, "target": excerpt("/" + target), "part": "/" + CHECKED_PARTS[kind]}, kind="invalid_file")
    return None


def parts_misplaced(path: Path, shown: str) -> Problem | None:
    """The first element out of its place (_part_in_place, _theme_in_place) in the workbook part, every worksheet it
    names, the styles, the shared strings and the theme, read before openpyxl reads them (red team 28, finding 2;
    red team 29, finding 1). openpyxl takes every <si> at any depth as the next shared string and reads the other
    parts' elements by their local names, whatever their namespace, as do the layout checks (SheetLayout) and the
    theme's colours and fonts (appearance.palette), where Excel skips an element of a namespace it may ignore
    (mc:Ignorable) with its content and an mc:AlternateContent's choice it cannot take: a shared string skipped would
    make every later index name another text, an ignorable <sheetFormatPr> would show rows Excel hides."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as archive:
            manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
            names = set(archive.namelist())
            book = _find_workbook_part(manifest).PartName[1:]
            sheets = [member for _, kind, member, _ in _relationships(archive, book)
                      if kind.endswith("/worksheet") and member]
            for part in (book, *sheets, CHECKED_PARTS["styles"], CHECKED_PARTS["sharedStrings"],
                         CHECKED_PARTS["theme"]):
                if part not in names:
                    continue
                theme = part == CHECKED_PARTS["theme"]
                with archive.open(part) as src:
                    found = _misplaced_in(src, _theme_in_place if theme else _part_in_place, yes_no=part not in (
                        CHECKED_PARTS["sharedStrings"], CHECKED_PARTS["theme"]))
                if found:
                    return Problem(found[0], shown, params={"part": excerpt("/" + part), **found[1]},
                                   kind="invalid_file")
    except Exception:  # broken XML: openpyxl cannot read it either
        return _unreadable(shown)
    return None


def _misplaced_in(src, in_place, yes_no=False) -> tuple[str, dict] | None:
    """The first element of a part's XML out of its place (`in_place(tags, ignorable)`: its path from the root, and
    the namespaces an mc:Ignorable so far lets Excel skip), and its parent, as the file names them; with `yes_no`,
    also the first attribute that is a yes/no value not written exactly so (_loose_boolean); as a problem's key and
    its params, or None."""
    import xml.etree.ElementTree as ET

    prefixes, declared, ignorable, opened, texts = {}, {}, set(), [], {}
    for event, item in ET.iterparse(src, events=("start-ns", "start", "end")):
        if event == "start-ns":
            prefixes.setdefault(item[1], item[0])
            declared[item[0]] = item[1]
        elif event == "end":
            opened.pop()
            texts.pop(len(opened) + 1, None)
            if item.tag in (f"{SPREADSHEETML}t", f"{SPREADSHEETML}v") and EXCEL_ESCAPE.search(item.text or ""):
                return "workbook_escaped_text", {"text": excerpt(item.text), "code": EXCEL_ESCAPE.search(item.text).group()}
            item.clear()
        else:
            ignorable.update(declared.get(name, name) for name in item.get(f"{MARKUP_COMPATIBILITY}Ignorable", "").split())
            if opened and not in_place((*opened, item.tag), ignorable):
                return "workbook_part_misplaced", {"what": Phrase("misplaced_element", element=element_name(
                    item.tag, prefixes)), "parent": element_name(opened[-1], prefixes)}
            odd = _odd_text(item.tag, opened, texts)
            if odd:
                return odd, {"element": element_name(opened[-1], prefixes), "child": element_name(item.tag, prefixes)}
            loose = yes_no and next((name for name, value in item.attrib.items() if _loose_boolean(name, value)), None)
            if loose:
                return "workbook_loose_boolean", {"element": element_name(item.tag, prefixes), "attribute": (
                    element_name(loose, prefixes)), "value": excerpt(item.get(loose))}
            opened.append(item.tag)
    return None


def _odd_text(tag: str, opened: list, texts: dict) -> str | None:
    """Why a text's element is read otherwise by Excel than by openpyxl (red team 45, finding 2 and 3), or None: a
    phonetic run (<rPh>: Excel may show it above the text, openpyxl drops it), or a second text in a shared or inline
    string (<t> beside <t> or beside runs <r>: openpyxl keeps one of them), or a run's text or property given twice.
    `texts`: the kinds seen per depth."""
    if tag == f"{SPREADSHEETML}rPh":
        return "workbook_phonetic_text"
    if opened and opened[-1] in (f"{SPREADSHEETML}r", f"{SPREADSHEETML}rPr"):  # a run's text and properties: once
        seen = texts.setdefault(len(opened), set())  # (red team 47, finding 2: '<r><t>K1</t><t>K2</t></r>')
        twice = tag in seen
        seen.add(tag)
        return "workbook_run_twice" if twice else None
    if not opened or opened[-1] not in (f"{SPREADSHEETML}si", f"{SPREADSHEETML}is") or tag not in (
            f"{SPREADSHEETML}t", f"{SPREADSHEETML}r"):
        return None
    seen = texts.setdefault(len(opened), set())
    twice = f"{SPREADSHEETML}t" in seen or (tag == f"{SPREADSHEETML}t" and f"{SPREADSHEETML}r" in seen)
    seen.add(tag)
    return "workbook_text_twice" if twice else None


# A text's escape of a character, as Excel writes one it cannot store ('_x202E_' is U+202E): Excel shows the character,
# openpyxl reads the letters (and deletes every 'x005F_'), so a text could show a direction override, an invisible
# character, or another id ('K_x0031_' is 'K1' to the reader) than the one checked (red team 41, finding 1). Read in
# a text (<t>) and a stored value (<v>: a formula's text, t="str": red team 43, finding 1).
EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|x005F_", re.IGNORECASE)
TEXT_ATTRIBUTES = {"name", "formatCode", "codeName", "comment", "description", "display", "tooltip", "location",
                   "prompt", "promptTitle", "error", "errorTitle"}  # free text, not a yes/no value


def _loose_boolean(name: str, value: str) -> bool:
    """Whether an attribute is a yes/no value with XML whitespace around it (" 0", "false "): XML Schema and Excel
    collapse the spaces, openpyxl's model (Bool) reads anything but 0, f and false as yes, so showSheetTabs=" 0"
    hides the tabs that its check sees as shown, wrapText=" 0" undoes the shrinking its check sees as undone (red
    team 32, finding 3; red team 33, finding 1). Refused in workbook.xml, styles.xml and every worksheet alike, so
    that no check reading openpyxl's model can read a yes/no value otherwise than Excel does. Another case or word
    ("False", "no") too: openpyxl reads it as yes, and XML Schema's boolean has no such value (red team 37)."""
    return (value not in appearance.XML_BOOLEANS and value.strip(" \t\r\n").lower() in LOOSE_BOOLEANS
            and name not in TEXT_ATTRIBUTES)


LOOSE_BOOLEANS = frozenset({"0", "1", "true", "false", "yes", "no", "on", "off"})


def _part_in_place(tags: tuple, ignorable=()) -> bool:
    """Whether an element (the last of `tags`, its path from the root) of a SpreadsheetML part stands where Excel and
    openpyxl read it alike: a shared string directly in <sst>, a sheet directly in <sheets>, and otherwise only
    SpreadsheetML elements, save what Excel writes (EXCEL_EXTRAS) and an extension's content in an <extLst> (neither
    reads it; no mc:AlternateContent there). The attributes Excel writes (x14ac:dyDescent) are not elements. The
    root's own kind is judged elsewhere (a macro sheet's, _sheet_kind)."""
    tag = tags[-1]
    if tag == f"{SPREADSHEETML}si":
        return tags[-2] == f"{SPREADSHEETML}sst"
    if tag == f"{SPREADSHEETML}sheet":
        return tags[-2] == f"{SPREADSHEETML}sheets"
    if any(tags[at:at + 2] == (f"{SPREADSHEETML}extLst", f"{SPREADSHEETML}ext") for at in range(1, len(tags) - 2)):
        return not tag.startswith(MARKUP_COMPATIBILITY)
    return tags in EXCEL_EXTRAS or all(name.startswith(SPREADSHEETML) for name in tags[1:])


def _theme_in_place(tags: tuple, ignorable) -> bool:
    """Whether an element of the theme (DrawingML, which Excel writes with extensions of other namespaces) is one
    Excel reads as appearance.palette does: no mc:AlternateContent, nothing of a namespace it may ignore."""
    space = tags[-1][1:].partition("}")[0] if tags[-1].startswith("{") else ""
    return not tags[-1].startswith(MARKUP_COMPATIBILITY) and space not in ignorable


def element_name(tag: str | None, prefixes: dict) -> str:
    """An element's tag as the file writes it, 'mc:AlternateContent' (by the prefix its namespace was first given in
    `prefixes`, namespace -> prefix), quoted as an excerpt."""
    if tag is None:
        return "?"
    space, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    prefix = prefixes.get(space) if f"{{{space}}}" != SPREADSHEETML else None
    return excerpt(f"{prefix}:{local}" if prefix else local)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_to_csv(paths: Paths, xlsx: Path, target: Path, shown: str | None = None) -> list[Problem]:
    """The sheet 'Indberetning' as CSV text (numbers keep their digits); returns the workbook's own problems.

    Refuses, before parsing, a workbook over the size limit. Reads every row, whatever the sheet's declared
    <dimension> says, and reads the sheet twice in step (cached values, and formulas) so that every formula is
    reported as a formula, whatever value the file stores for it. Rows with no value are skipped,
    and so are cells right of column MAX_COLUMNS (no field of the standard is there).
    Raises SubmissionUnreadable when the file cannot be read at all.
    """
    import warnings

    with warnings.catch_warnings():  # openpyxl's notes on what it does not read (extensions): the checks say what counts
        warnings.simplefilter("ignore", UserWarning)
        return _xlsx_to_csv(paths, xlsx, target, shown)


def _xlsx_to_csv(paths: Paths, xlsx: Path, target: Path, shown: str | None) -> list[Problem]:
    from openpyxl import load_workbook

    shown = shown_path(xlsx) if shown is None else shown
    too_big = (size_problem(paths, xlsx, shown) or parts_elsewhere(xlsx, shown)
               or parts_misplaced(xlsx, shown))
    if too_big:
        raise SubmissionUnreadable([too_big])
    try:
        values_book = load_workbook(xlsx, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SubmissionUnreadable([_unreadable(shown)]) from None
    formula_book = load_workbook(xlsx, read_only=True, data_only=False)  # the same file: it reads as the first did
    try:
        values_sheet, formula_sheet = _data_sheets(values_book, formula_book, shown)
        values_sheet.reset_dimensions()  # a stale <dimension> would otherwise cut rows off
        formula_sheet.reset_dimensions()
        # At most MAX_COLUMNS columns: openpyxl pads each row up to its last cell, so one cell in column XFD
        # per row would make every row 16.384 cells wide.
        layout = sheet_layout(values_book, values_sheet)
        refused = unreadable_cells(layout, shown)  # a cell openpyxl cannot read: named, not 'not a workbook'
        if refused:
            raise SubmissionUnreadable(refused)
        rows = ((number, values, cells) for (number, values), (_, cells) in zip(
            sheet_rows(values_sheet, layout.last_row, values_only=True), sheet_rows(formula_sheet, layout.last_row)))
        return hidden_sheets(values_book, shown) + layout_problems(layout, shown) + _write_rows(rows, target, shown,
                                                                                                  layout)
    except SubmissionUnreadable:
        raise
    except Exception:  # broken XML inside a readable ZIP
        raise SubmissionUnreadable([_unreadable(shown)]) from None
    finally:
        values_book.close()
        formula_book.close()


def sheet_rows(sheet, last_row: int, values_only: bool = False):
    """The rows the sheet's XML holds, up to `last_row`, as (their number, their cells or values in columns 1 to
    MAX_COLUMNS). openpyxl's iter_rows also yields an empty row for every number a row skips: a row numbered near
    the end of a sheet, in a file of a few kilobytes, was a million empty rows to walk (red team 25, finding 2)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as src:
        parser = WorkSheetParser(src, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            if number > last_row:  # the last row the layout saw (SheetLayout.last_row): there is none after it
                break
            yield number, sheet._get_row(cells, 1, MAX_COLUMNS, values_only)


def _data_sheets(values_book, formula_book, shown: str):
    """The sheet 'Indberetning' of both readings, or SubmissionUnreadable: no such sheet, or one that is not a
    worksheet with cells (a chart sheet, a dialog or macro sheet), which holds no rows to read."""
    if SHEET not in values_book.sheetnames:
        names = ", ".join(f"»{excerpt(n)}«" for n in values_book.sheetnames[:10])
        raise SubmissionUnreadable([Problem("sheet_missing", shown, params={"sheet": SHEET,
                                                                             "names": names or Phrase("no_sheets")},
                                            kind="missing_sheet")])
    kind = _sheet_kind(values_book, values_book[SHEET])
    if kind:
        raise SubmissionUnreadable([Problem("sheet_not_worksheet", shown, params={"sheet": SHEET, "kind": kind},
                                            kind="missing_sheet")])
    return values_book[SHEET], formula_book[SHEET]


SHEET_KINDS = {"chartsheet": "kind_chartsheet", "dialogsheet": "kind_dialogsheet", "macrosheet": "kind_macrosheet"}


def _sheet_kind(book, sheet) -> Phrase | None:
    """What a sheet is when it is not a worksheet (words of the language files), or None: openpyxl's chart sheet, or a part
    declared (content type) or written (root element) as another kind, such as a dialog or an Excel 4.0 macro
    sheet, which openpyxl would read as a worksheet."""
    import xml.etree.ElementTree as ET

    if not hasattr(sheet, "_worksheet_path"):
        return Phrase(SHEET_KINDS["chartsheet"])
    part = "/" + sheet._worksheet_path.lstrip("/")
    types = ET.fromstring(book._archive.read("[Content_Types].xml"))
    declared = next((t.get("ContentType", "") for t in types if (t.get("PartName") or "").lower() == part.lower()), "")
    with book._archive.open(sheet._worksheet_path) as src:
        root = next(ET.iterparse(src, events=("start",)))[1].tag
    if root != f"{SPREADSHEETML}worksheet":
        kind = root.rsplit("}", 1)[-1]
    elif declared and not declared.endswith(".worksheet+xml"):  # e.g. application/vnd.ms-excel.macrosheet+xml
        kind = declared.rsplit(".", 1)[-1].removesuffix("+xml")
    else:
        return None
    return Phrase(SHEET_KINDS.get(kind, "kind_not_worksheet"))


# --- what a municipality's workbook shows is what gets counted ---------------------------------------------

SPREADSHEETML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Of other namespaces than SpreadsheetML's, outside the root's <extLst>, Excel itself writes these in the workbook
# part, by their tags from the root: the folder it was last saved in (an mc:AlternateContent for Excel 2013 and
# later), and its revision in the cloud. Neither openpyxl nor the checks read them.
MARKUP_COMPATIBILITY = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WORKBOOK = f"{SPREADSHEETML}workbook"
_ABS_PATH = (_WORKBOOK, f"{MARKUP_COMPATIBILITY}AlternateContent", f"{MARKUP_COMPATIBILITY}Choice",
             "{http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac}absPath")
EXCEL_EXTRAS = {_ABS_PATH[:2], _ABS_PATH[:3], _ABS_PATH,
                (_WORKBOOK, "{http://schemas.microsoft.com/office/spreadsheetml/2014/revision}revisionPtr")}
# What else a sheet's XML can put over or behind its cells, besides a drawing and its VML drawing: form and ActiveX
# controls, embedded (OLE) objects, a background picture (which the text's contrast is not judged against). The
# header's and footer's pictures (legacyDrawingHF) are shown only around the printed page, never over a cell.
SHEET_OBJECTS = {"controls": "objects_controls", "oleObjects": "objects_ole", "picture": "objects_background"}
HIDDEN = "hidden_content"
# Fields whose value is a whole number of per cent (the questionnaire's "andel ... i procent"): a spreadsheet's percent
# format stores 100 % as 1, and a pattern is no advice to municipal staff, so both are told in words how to write it.
PER_CENT_FIELDS = ("target_group_share",)
# Every field of the standard with a `pattern`, told in words what it takes instead of the pattern (a regular
# expression is no advice to municipal staff): field -> (the pattern the words describe, the message, the words). A
# value a pattern refuses gets the words only while the standard's pattern is the one they describe; a test fails if
# the standard has a patterned field without words here, or a pattern they no longer describe.
PATTERN_WORDS = {
    "initiative_id": (r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", "value_not_in_form", "fix_initiative_id"),
    "target_group_share": (r"^(100|[1-9]?[0-9]|-|_)$", "share_not_whole_percent", "fix_whole_percent"),
}


def hidden_sheets(book, shown: str) -> list[Problem]:
    """A hidden or very hidden sheet, or a window of the workbook that hides what is counted: hidden (red team 13,
    finding 5), minimized, or under MIN_WINDOW_TWIPS wide or high (red team 15), or with its sheet tabs hidden (red
    team 14: turned off, or a bar narrower than MIN_TAB_RATIO, so that the data sheet cannot be found while another
    one is open): it could hold what the person who signs the file never saw. Every window (workbookView) is read,
    not only the first (red team 15): the file opens in each of them, and one normal window does not show what a
    1 x 1 one hides. A line said for two windows is said once.

    Decided, not forgotten: a window's position (xWindow, yWindow) is not judged, negative or far off included. A
    window on a second screen to the left of or above the main one has negative coordinates, and the file cannot
    tell which screens the person who opens it has, so no position can be refused without refusing such windows.
    Nor is firstSheet (the first tab the bar of sheet tabs shows, e.g. past 'Indberetning'): the bar's arrows
    scroll to every tab, so no sheet is out of reach."""
    windows = [problem for view in book.views for problem in _window_problems(view, shown)]
    return list(dict.fromkeys(windows)) + [
        Problem("sheet_hidden", shown, params={"sheet": excerpt(ws.title), "state": ws.sheet_state}, kind=HIDDEN)
        for ws in book.worksheets if ws.sheet_state != "visible"]


def _window_problems(view, shown: str) -> list[Problem]:
    """What one window of the workbook (a workbookView) hides: see hidden_sheets."""
    problems = []
    if view.visibility not in (None, "visible"):
        problems.append(Problem("workbook_hidden", shown, params={"state": excerpt(str(view.visibility))},
                                kind=HIDDEN))
    if view.minimized:  # "1" or "true" (openpyxl reads "0" and "false" as False)
        problems.append(Problem("workbook_minimized", shown, kind=HIDDEN))
    size = _window_too_small(view.windowWidth, view.windowHeight)
    if size is not None:
        problems.append(Problem("workbook_window_small", shown, params={
            "size": size, "least": _said_number(MIN_WINDOW_TWIPS),
            "cm": _said_number(round(MIN_WINDOW_TWIPS / TWIPS_PER_CM, 1))}, kind=HIDDEN))
    if view.showSheetTabs is False:
        problems.append(Problem("workbook_tabs_hidden", shown, params={"sheet": SHEET}, kind=HIDDEN))
    elif view.tabRatio is not None and view.tabRatio < MIN_TAB_RATIO:
        problems.append(Problem("workbook_tabs_narrow", shown, params={
            "sheet": SHEET, "ratio": view.tabRatio, "least": MIN_TAB_RATIO}, kind=HIDDEN))
    return problems


def _window_too_small(width: int | None, height: int | None) -> Phrase | None:
    """The sides of a window under MIN_WINDOW_TWIPS, said ('only 1 twips wide'), or None. A side that is not given,
    or 0, is the spreadsheet's default size."""
    narrow, low = (side is not None and side != 0 and side < MIN_WINDOW_TWIPS for side in (width, height))
    if narrow and low:
        return Phrase("window_narrow_and_low", width=_said_number(width), height=_said_number(height))
    if narrow:
        return Phrase("window_narrow", width=_said_number(width))
    return Phrase("window_low", height=_said_number(height)) if low else None


def _said_number(value) -> ByLanguage:
    """A whole or decimal number as each language writes it ('2.000' / '2,000', '3,5' / '3.5')."""
    return ByLanguage.of(lambda lang: fmt.number(value, None, lang=lang))


# The least width and height of a workbook's window (windowWidth, windowHeight), in twips (a twentieth of a point,
# 1440 to an inch): about 3.5 cm, a window in which a few cells can be seen. 0 (or none) is the default size.
MIN_WINDOW_TWIPS = 2000
TWIPS_PER_CM = 1440 / 2.54

# The least width of the bar of sheet tabs, in thousandths of the width it shares with the horizontal scroll bar
# (a workbook view's tabRatio): a tenth. Excel's default is 600; at 0 no tab shows.
MIN_TAB_RATIO = 100
FROZEN = ("frozen", "frozenSplit")  # a pane's states that freeze rows and columns (a split's panes both scroll)


def pane_hides(view) -> tuple[str, list, list] | None:
    """What a sheet view's frozen pane keeps out of reach, or None: (the cell where its scrolling part begins, the
    rows and the columns that cannot be scrolled to, as (first, last) ranges). Frozen, the rows from the view's
    top row (topLeftCell) on, ySplit of them, stay put, and the part below scrolls no higher than the pane's
    topLeftCell: the rows above the frozen ones, and those between them and that cell, are never shown until the
    panes are unfrozen (red team 14). Columns likewise, with xSplit."""
    from openpyxl.utils import get_column_letter

    pane = view.find(f"{SPREADSHEETML}pane")
    if pane is None or pane.get("state") not in FROZEN:
        return None
    top_row, top_column = _cell_position(view.get("topLeftCell")) or (1, 1)
    frozen_rows, frozen_columns = (_count(pane.get(name)) for name in ("ySplit", "xSplit"))
    cell = pane.get("topLeftCell")
    scrolled = _cell_position(cell) or (0, 0)  # none (or none readable): the part begins under the frozen one
    rows = _unreachable(top_row, frozen_rows, scrolled[0])
    columns = _unreachable(top_column, frozen_columns, scrolled[1])
    if not (rows or columns):
        return None
    if not _cell_position(cell):
        cell = f"{get_column_letter(min(top_column + frozen_columns, 16384))}{min(top_row + frozen_rows, 1_048_576)}"
    return excerpt(cell), rows, columns


def _cell_position(ref) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as 'A2', or None for no reference or one that is not a cell."""
    from openpyxl.utils.cell import column_index_from_string

    if not isinstance(ref, str) or not _reference(ref):
        return None
    found = REFERENCE.fullmatch(ref)
    return int(found.group(2)), column_index_from_string(found.group(1).upper())


def _count(text) -> int:
    """A frozen pane's number of rows or columns (its ySplit, xSplit): 0 for none, or for what is not a number."""
    number = _number(text)
    return int(number) if number is not None and math.isfinite(number) and number > 0 else 0


def _unreachable(top: int, frozen: int, scrolled_from: int) -> list[tuple[int, int]]:
    """The rows (or columns) a frozen pane keeps out of reach: above its frozen ones, which begin at `top`, and
    between them and the first one its scrolling part shows (`scrolled_from`); none when nothing is frozen."""
    if frozen <= 0:
        return []
    return [(first, last) for first, last in ((1, top - 1), (top + frozen, scrolled_from - 1)) if first <= last]


MIN_ROW_POINTS = 6.0  # a row lower than this shows no text (a font must be MIN_FONT_POINTS high)
MIN_COLUMN_CHARS = 1.0  # a column narrower than one character shows none
# (A width or height is compared as 'not >= least', so that NaN, which Python reads and no spreadsheet writes, hides.)
# The least zoom of the data sheet (per cent): below it, the template's 11-point text shows smaller than the least
# font size (red team 13, finding 5).
MIN_ZOOM = math.ceil(100 * appearance.MIN_FONT_POINTS / appearance.DEFAULT_FONT_POINTS)
# A sheet view's zooms: normal view, and the views of the page layout and the page break preview, each of which
# the sheet may open in (its 'view'); 0 or none is 100 %.
ZOOM_ATTRIBUTES = ("zoomScale", "zoomScaleNormal", "zoomScalePageLayoutView", "zoomScaleSheetLayoutView")
DEFAULT_COLUMN_CHARS = 9.14  # Excel's default column width (8.43 characters and the margins), as stored


@dataclass
class SheetLayout:
    """What the data sheet's XML says about how its cells are shown; openpyxl's read-only mode keeps none of it.

    rows, cols: the rows and columns (numbered from 1) the sheet hides: hidden, zero or nearly zero high or wide,
    or hidden by default (zeroHeight); covered: the cells a merged range covers (only its first cell is shown);
    widths: columns' widths in characters; show_zeros: off when the sheet shows a zero as an empty cell;
    colours: the workbook's theme and indexed colours and its theme's fonts; formatting: the ranges of conditional formatting, which can
    change what a cell shows; tables, pivot_tables: its Excel tables (their relationship ids while the sheet is
    read) and pivot tables, named, whose styles can colour its cells; drawing: the sheet has pictures, shapes or
    charts, which can cover cells; objects:
    other things that can cover cells or stand behind them (SHEET_OBJECTS); legacy, notes_shown: its VML drawing
    (legacy_drawing): notes, shapes of the older kind, form controls; runs: the
    rich texts of cells (row, column) whose parts have fonts of their own, from the shared strings (`rich`, by
    index) or inline; strings, style_faults: how many shared strings and which cell styles the workbook has (None:
    not checked), to find unreadable (cell_fault): the cells openpyxl cannot read or would misread, as (cell,
    why), at most MAX_UNREADABLE.
    """
    rows: set = dataclass_field(default_factory=set)
    cols: set = dataclass_field(default_factory=set)
    covered: "MergedCells" = dataclass_field(default_factory=lambda: MergedCells())
    widths: dict = dataclass_field(default_factory=dict)
    default_width: float = DEFAULT_COLUMN_CHARS
    show_zeros: bool = True
    colours: appearance.Palette = appearance.Palette()
    formatting: list = dataclass_field(default_factory=list)
    tables: list = dataclass_field(default_factory=list)
    pivot_tables: list = dataclass_field(default_factory=list)
    drawing: bool = False
    objects: set = dataclass_field(default_factory=set)  # other things over the cells: SHEET_OBJECTS' words
    legacy: list = dataclass_field(default_factory=list)  # the relationship ids of its VML drawing (notes, shapes)
    notes_shown: list = dataclass_field(default_factory=list)  # the cells whose note is always shown, as 'A3'
    hidden_by_default: bool = False
    zoom: float = 100.0  # the sheet's zoom (per cent), the least of its views' (ZOOM_ATTRIBUTES)
    panes: list = dataclass_field(default_factory=list)  # frozen panes that keep cells out of reach (pane_hides)
    rich: dict = dataclass_field(default_factory=dict)
    runs: dict = dataclass_field(default_factory=dict)
    judged: dict = dataclass_field(default_factory=dict)  # (font, fill) -> what colour_problem said
    strings: int = 0
    style_faults: tuple | None = None
    unreadable: list = dataclass_field(default_factory=list)
    bad_booleans: list = dataclass_field(default_factory=list)  # (what, attribute, value): neither 0, 1, true nor false
    _row_cells: list = dataclass_field(default_factory=list)  # (column, runs) of the row being read
    _row_faults: list = dataclass_field(default_factory=list)  # (its reference or column, why) of the row being read
    _ref: str | None = None  # the last cell reference in the row, and the cells after it without one
    _after: int = 0
    _row: int = 0
    _row_refs: list = dataclass_field(default_factory=list)  # (reference, the row it names) of the row being read
    rows_out_of_order: list = dataclass_field(default_factory=list)  # (row, the row before it), at most MAX_UNREADABLE
    row_past_end: int = 0  # the first row numbered past LAST_ROW (each row after it is too), or 0
    cells_past_end: list = dataclass_field(default_factory=list)  # rows with a cell past LAST_COLUMN, at most MAX_UNREADABLE
    last_row: int = 0  # the number of the sheet's last row: the rows are read up to it (sheet_rows)
    _past_column: bool = False  # the row being read has a cell past LAST_COLUMN
    misplaced: tuple | None = None  # the first row, cell or element out of its place (start), as (what, its parent)
    _open: list = dataclass_field(default_factory=list)  # the tags of the elements open, the root first
    _in_data: int = 0  # how many <sheetData> are open
    prefixes: dict = dataclass_field(default_factory=dict)  # namespace -> its prefix in the file, to name elements

    def width(self, column: int) -> float:
        return self.widths.get(column, self.default_width)

    def hides_column(self, column: int) -> bool:
        """Hidden, or narrower than a character: by its own width or, without one, the sheet's default width."""
        return column in self.cols or (column not in self.widths and not self.default_width >= MIN_COLUMN_CHARS)

    def start(self, element) -> None:
        """An element of the sheet's XML as it starts: a row, a cell or anything inside <sheetData> that is not in
        its place (_in_place) is kept as `misplaced` (the first; what follows from it is not named again)."""
        parent = self._open[-1] if self._open else None
        if self.misplaced is None and not self._in_place(element.tag, parent):
            local, ref = element.tag.rsplit("}", 1)[-1], element.get("r")
            what = (Phrase("misplaced_row", row=excerpt(ref)) if local == "row" and ref
                    else Phrase("misplaced_cell", cell=excerpt(ref)) if local == "c" and ref
                    else Phrase("misplaced_element", element=self.name(element.tag)))
            self.misplaced = (what, self.name(parent))
        self._open.append(element.tag)
        self._in_data += element.tag == f"{SPREADSHEETML}sheetData"

    def end(self, element) -> None:
        """An element of the sheet's XML as it ends: closed, and read (read)."""
        self._open.pop()
        self._in_data -= element.tag == f"{SPREADSHEETML}sheetData"
        self.read(element)

    def _in_place(self, tag: str, parent: str | None) -> bool:
        """Whether an element stands where Excel reads it as the checks do (red team 27, finding 1): a row directly
        in the sheet's <sheetData>, a cell directly in a row, and inside <sheetData> nothing of another namespace
        than SpreadsheetML's. openpyxl reads every <row> wherever it stands and each element in a row as a cell,
        where Excel skips an element of a namespace it may ignore (mc:Ignorable) with its content, an
        mc:AlternateContent's choice it cannot take, an <ext> it does not know."""
        if parent == f"{SPREADSHEETML}sheetData":
            return tag == f"{SPREADSHEETML}row"
        if parent == f"{SPREADSHEETML}row":
            return tag == f"{SPREADSHEETML}c"
        if tag.rsplit("}", 1)[-1] in ("row", "c"):
            return False
        if tag == f"{SPREADSHEETML}sheetData":
            return len(self._open) == 1  # directly in the root
        return not self._in_data or tag.startswith(SPREADSHEETML)

    def name(self, tag: str | None) -> str:
        """An element's tag as the file writes it, 'mc:AlternateContent' (by the prefix its namespace was first
        given), quoted as an excerpt."""
        return element_name(tag, self.prefixes)

    def read(self, element) -> None:
        """Take what one element of the sheet's XML says (elements arrive as they end, in document order). The
        sheet's own layout only from SpreadsheetML's elements outside an <extLst>, where Excel reads it (red team 29,
        finding 1): an extension's look-alike, which Excel skips, would come after it and override it."""
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in LAYOUT_ELEMENTS and (not element.tag.startswith(SPREADSHEETML)
                                       or f"{SPREADSHEETML}extLst" in self._open):
            return
        if tag == "sheetFormatPr":  # rows hidden, or lower than a font, unless they give their own height
            default_height = _number(element.get("defaultRowHeight"))
            self.hidden_by_default = self._boolean(element, "zeroHeight", False) or (
                default_height is not None and not default_height >= MIN_ROW_POINTS)
            base, default = _number(element.get("baseColWidth")), _number(element.get("defaultColWidth"))
            if default is not None:  # also 0, which hides every column without a width of its own (red team 14)
                self.default_width = default
            else:
                self.default_width = base + 0.71 if base is not None else DEFAULT_COLUMN_CHARS
        elif tag == "col":
            first, last = int(element.get("min", 0)), min(int(element.get("max", 0)), MAX_COLUMNS)
            width, hidden = _number(element.get("width")), self._boolean(element, "hidden", False)
            for col in range(max(first, 1), last + 1):
                if width is not None:
                    self.widths[col] = width
                if hidden or (width is not None and not width >= MIN_COLUMN_CHARS):
                    self.cols.add(col)
        elif tag == "c":
            self._cell(element)
        elif tag == "row":
            self._end_row(element)
        elif tag == "mergeCell" and element.get("ref"):
            self.covered.add(element.get("ref"))
        elif tag == "sheetView":
            self._view(element)
        elif tag == "conditionalFormatting":  # SpreadsheetML's and Excel 2010's (x14, its range in <xm:sqref>)
            ref = element.get("sqref") or next((c.text for c in element if c.tag.endswith("}sqref")), None)
            self.formatting.append(ref or "?")
        elif tag == "tablePart" and element.tag.startswith(SPREADSHEETML):
            self.tables.append(element.get(f"{RELATIONSHIPS}id"))
        elif tag == "drawing" and element.tag.startswith(SPREADSHEETML):
            self.drawing = True
        elif tag == "legacyDrawing" and element.tag.startswith(SPREADSHEETML):
            self.legacy.append(element.get(f"{RELATIONSHIPS}id"))
        elif tag in SHEET_OBJECTS and element.tag.startswith(SPREADSHEETML):
            self.objects.add(SHEET_OBJECTS[tag])

    def _end_row(self, element) -> None:
        """A row, after its cells: its number ('r', or without it the one after the row before, as openpyxl counts
        it), which must be greater than the row before's (openpyxl drops a row that is not) and the row its cells'
        references name (openpyxl places a cell by its row, but checks read the reference); whether it is hidden."""
        previous, self._row = self._row, int(element.get("r") or self._row + 1)
        self.last_row = max(self.last_row, self._row)
        if self._row <= previous and len(self.rows_out_of_order) < MAX_UNREADABLE:
            self.rows_out_of_order.append((self._row, previous))
        if self._row > LAST_ROW:  # a cell with a reference there is refused by it (_reference); one without, here
            self.row_past_end = self.row_past_end or self._row
        elif self._past_column and len(self.cells_past_end) < MAX_UNREADABLE:
            self.cells_past_end.append(self._row)
        elsewhere = next((ref for ref, row in self._row_refs if row != self._row), None)
        if elsewhere:  # the row's first such cell: its other cells most likely say the same
            self._fault(elsewhere, Phrase("cell_other_row", row=self._row))
        self.runs.update(((self._row, column), parts) for column, parts in self._row_cells)
        self.unreadable += [(_cell_name(where, self._row), why) for where, why in self._row_faults]
        self._row_cells, self._row_faults, self._row_refs, self._ref, self._after = [], [], [], None, 0
        self._past_column = False
        height = _number(element.get("ht"))
        if (self._boolean(element, "hidden", False) or (height is not None and not height >= MIN_ROW_POINTS)
                or (self.hidden_by_default and not (height and height > 0))):
            self.rows.add(self._row)  # by the row's number, as the rows are read (_write_rows), not its cells'
        element.clear()  # a row's cells are not needed again: memory stays flat

    def _boolean(self, element, name: str, default: bool) -> bool:
        """A yes/no attribute of a row, a <col>, <sheetFormatPr> or <sheetView>, read as XML Schema and Excel read it
        (appearance.xml_boolean: hidden=" 1" hides, red team 31); any other value is kept (bad_booleans), and
        refused, as programs read it differently, and taken as `default` meanwhile."""
        value = element.get(name)
        found = appearance.xml_boolean(value, default)
        if found is None:
            local = element.tag.rsplit("}", 1)[-1]
            what = (Phrase("misplaced_row", row=self._row) if local == "row"
                    else Phrase("misplaced_element", element=self.name(element.tag)))
            if len(self.bad_booleans) < MAX_UNREADABLE:
                self.bad_booleans.append((what, name, excerpt(value)))
            return default
        return found

    def _view(self, element) -> None:
        """A view of the sheet: whether it shows zeros, its least zoom (of every view it can be in: normal, page
        layout, page break preview), and what a frozen pane keeps out of reach (pane_hides)."""
        self.show_zeros = self._boolean(element, "showZeros", True)
        for name in ZOOM_ATTRIBUTES:
            zoom = _number(element.get(name))
            if zoom is not None and zoom > 0:  # (0 is Excel's 100 %)
                self.zoom = min(self.zoom, zoom)
        self.panes += [found for found in [pane_hides(element)] if found]

    @property
    def cell_zoom(self) -> float:
        """The zoom a cell's font is judged at: the sheet's, unless the sheet is refused for its zoom already
        (sheet_zoomed_out), which says it once for every cell."""
        return self.zoom if self.zoom >= MIN_ZOOM else 100.0

    def _cell(self, element) -> None:
        """A cell that cannot be read (cell_fault), and a cell whose text is rich: where it is (a cell without 'r'
        follows the one before) and its runs."""
        ref = element.get("r")
        if ref is not None and not _reference(ref):
            self._fault(excerpt(ref), Phrase("cell_bad_reference", value=excerpt(ref)))
            return
        before = self._column() if self._ref or self._after else 0  # the column of the cell before, in this row
        self._ref, self._after = (ref, 0) if ref else (self._ref, self._after + 1)
        if ref:
            self._in_order(ref, before)
        elif self._column() > LAST_COLUMN:  # counted past XFD: a reference there is refused (_reference)
            self._past_column = True
        fault = cell_fault(element, self.strings, self.style_faults) if self.style_faults is not None else None
        if fault:
            self._fault(ref or self._column(), fault)
        parts = None
        if element.get("t") == "s" and self.rich:
            value = next((child.text for child in element if child.tag == f"{SPREADSHEETML}v"), None)
            parts = self.rich.get(int(value)) if value and value.strip().isdigit() else None
        elif element.get("t") == "inlineStr":
            inline = next((child for child in element if child.tag == f"{SPREADSHEETML}is"), None)
            parts = appearance.runs(inline) if inline is not None else None
        if parts:
            self._row_cells.append((self._column(), parts))

    def _in_order(self, ref: str, before: int) -> None:
        """A cell with a reference: its row, for its row to compare (_end_row), and its column, which must be right
        of the cell before's. openpyxl keeps the last of two cells in one column, where the checks saw both; a
        spreadsheet writes a row's cells from left to right, each once."""
        from openpyxl.utils import get_column_letter

        found = REFERENCE.fullmatch(ref)
        self._row_refs.append((ref, int(found.group(2))))
        column = self._column()
        if column == before:
            self._fault(ref, Phrase("cell_repeated"))
        elif column < before:
            self._fault(ref, Phrase("cell_out_of_order", after=f"{get_column_letter(before)}{found.group(2)}"))

    def _column(self) -> int:
        """The column of the cell being read: its own reference's, or the last one's and those after it."""
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        return (column_index_from_string(coordinate_from_string(self._ref)[0]) if self._ref else 0) + self._after

    def _fault(self, where, why: Phrase) -> None:
        """A cell that cannot be read, at its reference or its column (named when its row's number is known)."""
        if len(self.unreadable) + len(self._row_faults) < MAX_UNREADABLE:
            self._row_faults.append((where, why))


LAYOUT_ELEMENTS = {"sheetFormatPr", "col", "mergeCell", "sheetView"}  # read by SheetLayout only at their place
MAX_UNREADABLE = 10  # cells named as unreadable: a file that a program wrote wrongly may have thousands
CELL_TYPES = {"b", "d", "e", "inlineStr", "n", "s", "str"}  # SpreadsheetML's cell types (t); 'n' without one
# A number as SpreadsheetML stores it: not NaN, inf, 1_000 or other digits than 0-9, which Python would read.
STORED_NUMBER = re.compile(r"[ \t\r\n]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\r\n]*")
REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384  # a sheet's last row and column (XFD), in Excel and in the standard


def _reference(ref: str) -> bool:
    """Whether a cell's 'r' is a cell of a sheet, A1 to XFD1048576."""
    from openpyxl.utils.cell import column_index_from_string

    found = REFERENCE.fullmatch(ref)
    return (bool(found) and column_index_from_string(found.group(1).upper()) <= LAST_COLUMN
            and 1 <= int(found.group(2)) <= LAST_ROW)


def _cell_name(where, row: int) -> str:
    """A cell as 'E3': its reference as written, or its column counted in its row."""
    from openpyxl.utils import get_column_letter

    if isinstance(where, str):
        return where
    return f"{get_column_letter(where)}{row}" if 1 <= where <= 16384 else f"?{row}"


# The values of an error cell (t="e") Excel writes; openpyxl reads any text there, which was counted as the cell's
# value (red team 43, finding 1: a title 'Skjult titel' stored as an error).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})


def cell_fault(element, strings: int, styles: tuple) -> Phrase | None:
    """Why openpyxl cannot read a cell (<c>) of the sheet's XML, or would read it as what no spreadsheet shows (words
    of the language files), or None: a type that does not exist, a style the workbook does not have or one that
    refers to a font, fill or number format it does not have, a stored value that is not of its type (a number as
    Python reads it but Excel does not: NaN, inf, 1_000, other digits than 0-9), a shared string that is not there
    (also a negative index, which Python would count from the end)."""
    from openpyxl.utils.datetime import from_ISO8601

    kind, style = element.get("t", "n"), element.get("s")
    if kind not in CELL_TYPES:
        return Phrase("cell_bad_type", value=excerpt(kind))
    if style and not (style.isascii() and style.isdigit() and int(style) < len(styles)):
        return Phrase("cell_style_missing", value=excerpt(style), count=len(styles))
    if style and styles[int(style)]:
        return Phrase("cell_style_broken", value=int(style))
    value = None if kind == "inlineStr" else element.findtext(f"{SPREADSHEETML}v") or None
    if kind == "e" and value is not None and value not in EXCEL_ERRORS:  # Excel's own; openpyxl reads any text
        return Phrase("cell_bad_error", value=excerpt(value))
    if value is None or kind in ("e", "str"):
        return None
    if kind == "n" and not (STORED_NUMBER.fullmatch(value) and len(value) <= 400):  # Excel writes 17 digits at most
        return Phrase("cell_bad_number", value=excerpt(value))
    if kind == "s" and not (value.strip().isascii() and value.strip().isdigit() and int(value) < strings):
        return Phrase("cell_bad_string", value=excerpt(value), count=strings)
    if kind == "b" and value.strip() not in ("0", "1"):
        return Phrase("cell_bad_boolean", value=excerpt(value))
    if kind == "d":
        try:
            from_ISO8601(value)
        except (ValueError, TypeError, OverflowError):
            return Phrase("cell_bad_date", value=excerpt(value))
    return None


def style_faults(book) -> tuple:
    """For each cell style (cellXfs) of the workbook, whether it refers to a font, fill or number format that the
    workbook does not have: openpyxl fails on such a cell."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE

    fonts, fills, formats = len(book._fonts), len(book._fills), len(book._number_formats)
    return tuple(not (0 <= style.fontId < fonts and 0 <= style.fillId < fills
                      and style.numFmtId - BUILTIN_FORMATS_MAX_SIZE < formats) for style in book._cell_styles)


def unreadable_cells(layout: SheetLayout, shown: str) -> list[Problem]:
    """A row, cell or element out of its place (SheetLayout.misplaced), alone; or the rows out of order or past a
    sheet's end, the rows with a cell past its last column, the cells that cannot be read (SheetLayout.unreadable)
    and the yes/no attributes that are neither 0, 1, true nor false (SheetLayout.bad_booleans), each named."""
    from openpyxl.utils import get_column_letter

    past = [Problem("row_past_end", shown, params={"sheet": SHEET, "row": excerpt(str(layout.row_past_end)),
                                                  "last": LAST_ROW}, kind="invalid_file")] if layout.row_past_end else []
    if layout.misplaced:  # alone: the rows out of order or the cells it would also give follow from it
        return [Problem("sheet_misplaced", shown, params={"sheet": SHEET, "what": layout.misplaced[0],
                                                          "parent": layout.misplaced[1]}, kind="invalid_file")]
    return past + [Problem("row_cell_past_end", shown, params={
        "sheet": SHEET, "row": row, "last": get_column_letter(LAST_COLUMN)}, kind="invalid_file")
        for row in layout.cells_past_end] + [
        Problem("row_out_of_order", shown, params={"sheet": SHEET, "row": row, "after": after},
                kind="invalid_file") for row, after in layout.rows_out_of_order] + [
        Problem("cell_unreadable", shown, params={"sheet": SHEET, "cell": cell, "why": why}, kind="invalid_file")
        for cell, why in layout.unreadable] + [
        Problem("sheet_bad_boolean", shown, params={"sheet": SHEET, "what": what, "attribute": name, "value": value},
                kind="invalid_file") for what, name, value in layout.bad_booleans]


def _number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def sheet_layout(book, sheet) -> SheetLayout:
    """The data sheet's layout, read from its XML as a stream."""
    import xml.etree.ElementTree as ET

    layout = SheetLayout(colours=appearance.palette(getattr(book, "loaded_theme", None), getattr(book, "_colors", None)),
                         rich=rich_strings(book), strings=len(getattr(sheet, "_shared_strings", ())),
                         style_faults=style_faults(book))
    with book._archive.open(sheet._worksheet_path) as src:
        for event, item in ET.iterparse(src, events=("start-ns", "start", "end")):
            if event == "start-ns":
                layout.prefixes.setdefault(item[1], item[0])
            else:
                (layout.start if event == "start" else layout.end)(item)
    for rel_id in layout.legacy:
        legacy_drawing(book._archive, sheet._worksheet_path, rel_id, layout)
    layout.tables = [_table_name(book._archive, _part(book._archive, sheet._worksheet_path, rel_id))
                     for rel_id in layout.tables]
    layout.pivot_tables = [_table_name(book._archive, member) for _, kind, member, _ in
                           _relationships(book._archive, sheet._worksheet_path) if kind.endswith("/pivotTable")]
    return layout


def _table_name(archive, member: str | None) -> str:
    """A table or pivot table as its name and range, 'T1 (A1:N3)', from its part; '?' for a part that cannot be
    found or read (it is refused all the same)."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(archive.read(member)) if member else None
    except (ET.ParseError, KeyError):
        root = None
    if root is None:
        return "?"
    name = root.get("displayName") or root.get("name") or "?"
    location = root.find(f"{SPREADSHEETML}location")  # a pivot table's; a table has its range itself
    ref = root.get("ref") or (location.get("ref") if location is not None else None)
    return f"{name} ({ref})" if ref else name


VML = "{urn:schemas-microsoft-com:vml}"
EXCEL_VML = "{urn:schemas-microsoft-com:office:excel}"
# VML's drawn elements (a v:shapetype is a template, drawn only by the shapes that name it).
VML_SHAPES = {f"{VML}{name}" for name in ("shape", "rect", "roundrect", "oval", "line", "polyline", "curve", "arc",
                                          "image", "group")}


def _part(archive, source: str, rel_id: str | None) -> str | None:
    """The ZIP member a relationship of part `source` points to (its name as stored), or None: no such
    relationship, an external target, or no such member."""
    return next((member for found, _, member, _ in _relationships(archive, source) if found == rel_id), None)


def _relationships(archive, source: str) -> list[tuple[str | None, str, str | None, str]]:
    """The relationships of part `source` ('' for the package's own, /_rels/.rels) as (id, type, the ZIP member it
    points to, None for an external target or a member that is not there, and the target as written)."""
    import posixpath
    import xml.etree.ElementTree as ET

    folder, name = posixpath.split(source.lstrip("/"))
    members = {member.lower(): member for member in archive.namelist()}  # OPC part names ignore case
    rels = members.get(posixpath.join(folder, "_rels", f"{name}.rels").lower())
    if rels is None:
        return []
    found = []
    for rel in ET.fromstring(archive.read(rels)):
        target = rel.get("Target") or ""  # as written, as openpyxl reads it: percent_names refuses a '%' in it
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        member = members.get(path.lower()) if rel.get("TargetMode") != "External" else None
        found.append((rel.get("Id"), rel.get("Type") or "", member, rel.get("Target") or ""))
    return found


def legacy_drawing(archive, sheet_path: str, rel_id: str | None, layout: SheetLayout) -> None:
    """What the sheet's VML drawing puts over its cells: a note shown at all times (layout.notes_shown), and any
    other shape, text box or form control (layout.objects). A note shown only while the pointer is over its cell
    covers nothing. A drawing that cannot be found or read counts as shapes: it cannot be checked."""
    import xml.etree.ElementTree as ET

    part = _part(archive, sheet_path, rel_id)
    try:
        root = ET.fromstring(archive.read(part)) if part else None
    except ET.ParseError:
        root = None
    if root is None:
        layout.objects.add("objects_vml")
        return
    for shape in (element for element in root.iter() if element.tag in VML_SHAPES):
        data = shape.find(f"{EXCEL_VML}ClientData")
        if data is None or data.get("ObjectType") != "Note":
            layout.objects.add("objects_vml")
        elif _note_shown(shape, data):
            layout.notes_shown.append(_note_cell(data))


def _note_shown(shape, data) -> bool:
    """Whether a note is shown at all times: its <x:Visible> (empty, or not 'false'), or a style that shows it."""
    visible = data.find(f"{EXCEL_VML}Visible")
    style = re.sub(r"\s", "", shape.get("style") or "").lower()
    return ((visible is not None and (visible.text or "").strip().lower() not in ("f", "false"))
            or "visibility:visible" in style)


def _note_cell(data) -> str:
    """The cell a note belongs to, as 'A3' (<x:Row> and <x:Column> count from 0), or '?'."""
    from openpyxl.utils import get_column_letter

    row, column = (data.findtext(f"{EXCEL_VML}{name}", "").strip() for name in ("Row", "Column"))
    if not (row.isdigit() and column.isdigit()) or int(column) >= 16384:
        return "?"
    return f"{get_column_letter(int(column) + 1)}{int(row) + 1}"


def rich_strings(book) -> dict:
    """The shared strings whose runs have fonts of their own, by index (openpyxl's read-only mode keeps the text
    only). The part is found by its content type; a workbook without one has none."""
    import xml.etree.ElementTree as ET

    types = ET.fromstring(book._archive.read("[Content_Types].xml"))
    part = next((t.get("PartName", "") for t in types if (t.get("ContentType") or "").endswith(
        ".sharedStrings+xml")), "").lstrip("/")
    if not part or part not in book._archive.namelist():
        return {}
    found, index = {}, 0
    with book._archive.open(part) as src:
        for _, element in ET.iterparse(src):
            if element.tag == f"{SPREADSHEETML}si":
                parts = appearance.runs(element)
                if parts:
                    found[index] = parts
                index += 1
                element.clear()
    return found


def layout_problems(layout: SheetLayout, shown: str) -> list[Problem]:
    """What on the data sheet can change or cover what its cells show, and is not checked cell by cell."""
    problems = []
    if layout.formatting:
        ranges = excerpt(", ".join(layout.formatting))
        problems.append(Problem("conditional_formatting", shown, params={"sheet": SHEET, "ranges": ranges}, kind=HIDDEN))
    for code, tables in (("sheet_tables", layout.tables), ("sheet_pivot_tables", layout.pivot_tables)):
        if tables:  # a table style (a pivot table's too) colours the text and fill of cells whose own style is plain
            problems.append(Problem(code, shown, params={"sheet": SHEET, "tables": excerpt(", ".join(tables))},
                                    kind=HIDDEN))
    if layout.zoom < MIN_ZOOM:
        problems.append(Problem("sheet_zoomed_out", shown, params={
            "sheet": SHEET, "zoom": ByLanguage.of(lambda lang: fmt.number(round(layout.zoom, 1), None, lang=lang)), "least": MIN_ZOOM}, kind=HIDDEN))
    for cell, rows, columns in layout.panes[:1]:
        problems.append(Problem("sheet_pane_hides", shown, params={"sheet": SHEET, "cell": cell,
                                                                   "hidden": _out_of_reach(rows, columns)},
                                kind=HIDDEN))
    if layout.drawing:
        problems.append(Problem("sheet_drawings", shown, params={"sheet": SHEET}, kind=HIDDEN))
    if layout.notes_shown:
        problems.append(Problem("sheet_notes_shown", shown, params={
            "sheet": SHEET, "cells": excerpt(", ".join(layout.notes_shown))}, kind=HIDDEN))
    for what in sorted(layout.objects):
        problems.append(Problem("sheet_objects", shown, params={"sheet": SHEET, "what": Phrase(what)}, kind=HIDDEN))
    return problems


def _out_of_reach(rows: list, columns: list) -> Phrase:
    """The rows and columns a frozen pane keeps out of reach, in words: 'rows 2-999 and column B'."""
    from openpyxl.utils import get_column_letter

    def ranges(found, name=str):
        return ", ".join(name(first) if first == last else f"{name(first)}-{name(last)}" for first, last in found)

    said = {}
    if rows:
        plural = len(rows) > 1 or rows[0][0] != rows[0][1]
        said["rows"] = Phrase("pane_rows" if plural else "pane_row", rows=ranges(rows))
    if columns:
        plural = len(columns) > 1 or columns[0][0] != columns[0][1]
        said["columns"] = Phrase("pane_columns" if plural else "pane_column",
                                 columns=ranges(columns, get_column_letter))
    return Phrase("pane_rows_and_columns", **said) if len(said) == 2 else next(iter(said.values()))


class MergedCells:
    """The cells that merged ranges cover: all of a range but its first cell, which alone is shown. Kept as row
    intervals per column (at most MAX_COLUMNS), so a range over a whole sheet costs no more than a small one."""

    def __init__(self):
        self._intervals: dict[int, list[tuple[int, int]]] = {}
        self._index: dict[int, tuple[list[int], list[int]]] | None = None
        self._anchors: set[tuple[int, int]] = set()

    def anchors(self, row, column) -> bool:
        """Whether (row, column) is the first cell of a merged range, which shows over the whole range."""
        return (row, column) in self._anchors

    def add(self, ref: str) -> None:
        from openpyxl.utils import range_boundaries

        first_col, first_row, last_col, last_row = range_boundaries(ref)  # 'E:E' and '3:3' leave some None
        first_col, first_row = first_col or 1, first_row or 1
        last_col, last_row = min(last_col or MAX_COLUMNS, MAX_COLUMNS), last_row or 1_048_576
        self._anchors.add((first_row, first_col))
        for col in range(first_col, last_col + 1):
            start = first_row + 1 if col == first_col else first_row
            if start <= last_row:
                self._intervals.setdefault(col, []).append((start, last_row))
        self._index = None

    def __contains__(self, cell: tuple[int, int]) -> bool:
        """Whether (row, column) lies under a merged range: the last interval starting at or before the row, with
        the furthest end of all those before it (a crafted file may overlap ranges, which Excel never writes)."""
        if self._index is None:
            self._index = {}
            for col, intervals in self._intervals.items():
                intervals.sort()
                self._index[col] = ([s for s, _ in intervals], list(accumulate((e for _, e in intervals), max)))
        row, col = cell
        starts, ends = self._index.get(col, ([], []))
        at = bisect_right(starts, row) - 1
        return at >= 0 and ends[at] >= row


def invisible(cell, value, layout: SheetLayout | None = None) -> Phrase | None:
    """Why a cell does not show its value as it is counted (words of the language files), or None: its number format shows
    something else (appearance.format_problem), the sheet hides its zero, its text (in the font's colour, or the
    one its number format sets) hardly stands out from its background, its font is struck out, a symbol font or too
    small, its alignment is 'Fill' (which repeats it across the cell), its number does not fit its column (the
    indent counted), or its text's indent alone is wider than the column."""
    layout = layout or SheetLayout()
    code = getattr(cell, "number_format", None)
    why = appearance.format_problem(value, code)
    if why:
        return why
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and value == 0 and not layout.show_zeros:
        return Phrase("zeros_hidden")
    font, alignment, fill = getattr(cell, "font", None), getattr(cell, "alignment", None), getattr(cell, "fill", None)
    column, row = getattr(cell, "column", None), getattr(cell, "row", None)
    parts = layout.runs.get((row, column))  # a rich text: each part in its own font
    coloured = appearance.format_colours(value, code, layout.colours)  # the format's colour replaces the font's
    why = appearance.format_colour_problem(coloured, code, font, fill, layout.colours)
    if why:
        return why
    if parts:  # the parts' own colours are judged too: which of them the format's colour replaces is not known
        why = appearance.runs_problem(parts, font, fill, layout.colours, layout.cell_zoom)
    elif not coloured:  # a font and a fill are shared by every cell of a style: judged once while the workbook is open
        key = (id(font), id(fill))
        if key not in layout.judged:
            layout.judged[key] = appearance.colour_problem(font, fill, layout.colours)
        why = layout.judged[key]
    if why:
        return why
    width = layout.width(column) if isinstance(column, int) and not layout.covered.anchors(row, column) else None
    shown = appearance.shown_text(value, code)
    why = appearance.font_problem(font, alignment, shown, width, layout.cell_zoom, layout.colours) \
        or appearance.alignment_problem(alignment, shown)
    if why or width is None or appearance.shrinks(alignment):  # what shrinks fits; a wrapped number shows ###
        return why
    return appearance.width_problem(font, shown, width, alignment, number)


def _write_rows(rows, target: Path, shown: str, layout: SheetLayout | None = None) -> list[Problem]:
    from openpyxl.utils import get_column_letter

    problems = []
    header: list[str] | None = None
    line = 0
    layout = layout or SheetLayout()
    reported_cols: set[int] = set()
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for number, values, cells in rows:  # the rows the sheet holds (sheet_rows), by their numbers
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
            problems += _hidden_cells(values, cells, header, (line, number), shown, layout, reported_cols,
                                      get_column_letter)
            problems += _typed_value_problems(values, cells, header, line, shown)
            # Any formula is refused, with or without a stored value: the value is only what the formula gave when
            # the file was last calculated. A spreadsheet recalculates on opening (the template asks it to:
            # fullCalcOnLoad), an array or shared formula may be stored without the cells it reads, and a volatile
            # function (TODAY, RAND) gives another value each time, so what we read may not be what the signer saw.
            problems += [Problem("formula_in_cell", shown, line, header[i] if i < len(header) else None,
                                 {"cell": cell.coordinate, "formula": formula_text(cell.value)}, kind="formula_in_cell")
                         for i, cell in formulas.items()]
    return problems


def _typed_value_problems(values, cells, header, line: int, shown: str) -> list[Problem]:
    """Each cell stored as a yes/no (t="b") or a date (t="d", or a number in a date format, _past_last_date too),
    which no field of the standard is: openpyxl reads 'True' or '2021-12-31 00:00:00' where the spreadsheet shows
    TRUE, a serial number or the date in the cell's own format (red teams 45 and 47), so what is counted is not what
    the signer saw."""
    import datetime

    problems = []
    for i, value in enumerate(values):
        code = ("cell_boolean_value" if isinstance(value, bool) else "cell_date_value"
                if isinstance(value, (datetime.date, datetime.time, datetime.timedelta))
                or (i < len(cells) and _past_last_date(cells[i], value)) else None)
        if code:
            problems.append(Problem(code, shown, line, header[i] if i < len(header) else None,
                                    {"cell": cells[i].coordinate if i < len(cells) else "?"}, kind="invalid_value"))
    return problems


def _past_last_date(cell, value) -> bool:
    """A number in a date format past Excel's last date (9999-12-31), which openpyxl reads as the text '#VALUE!' (red
    team 50, finding 1: a title counted as '#VALUE!' where Excel shows ########)."""
    from openpyxl.styles.numbers import is_date_format

    return (value == "#VALUE!" and getattr(cell, "data_type", None) == "e"
            and is_date_format(getattr(cell, "number_format", None) or "General"))


def formula_text(formula) -> str:
    """A cell's formula as a spreadsheet shows it, as an excerpt: '=SUM(A1:A3)'; an array formula in braces,
    '{=SUM(A1:A3)}'; a what-if data table as '{=TABLE(B1,B2)}'; a shared formula whose first cell is missing, '='."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(formula, ArrayFormula):
        return excerpt("{" + str(formula.text or "=") + "}")
    if isinstance(formula, DataTableFormula):
        return excerpt("{=TABLE(" + ",".join(str(r) for r in (formula.r1, formula.r2) if r) + ")}")
    return excerpt(str(formula))


def _hidden_cells(values, cells, header, where: tuple[int, int], shown, layout: SheetLayout, reported_cols, letter):
    """The problems of one row, at (its line, its row number as the rows are read, which is the one its hidden rule
    is recorded by): hidden with values in it, values in hidden columns, values under a merged cell, cells that show
    nothing."""
    problems = []
    line, row_number = where
    filled = [i for i, v in enumerate(values) if v is not None and _text(v) != ""]
    if filled and row_number in layout.rows:
        problems.append(Problem("row_hidden", shown, line, None, {"row": row_number}, kind=HIDDEN))
        return problems
    for i in filled:
        name = header[i] if header and i < len(header) else None
        if layout.hides_column(i + 1):
            if i + 1 not in reported_cols:
                reported_cols.add(i + 1)
                problems.append(Problem("column_hidden", shown, line, name, {"column": letter(i + 1)}, kind=HIDDEN))
            continue
        if (row_number, i + 1) in layout.covered:
            problems.append(Problem("cell_under_merge", shown, line, name, {"cell": f"{letter(i + 1)}{row_number}"},
                                    kind=HIDDEN))
            continue
        if name in PER_CENT_FIELDS and i < len(cells) and _percent_formatted(cells[i], values[i]):
            problems.append(Problem("share_percent_format", shown, line, name, {
                "cell": cells[i].coordinate, "shown": excerpt(appearance.shown_text(values[i], cells[i].number_format)),
                "value": _decimal(_text(values[i])), "fix": Phrase("fix_whole_percent")}, kind="invalid_value"))
            continue
        why = invisible(cells[i], values[i], layout) if i < len(cells) else None
        if why:
            problems.append(Problem("cell_invisible", shown, line, name, {"cell": cells[i].coordinate, "why": why},
                                    kind=HIDDEN))
    return problems


def _percent_formatted(cell, value) -> bool:
    """A number in a percent format (Excel stores 100 % as 1): a '%' in the format's code outside quoted text."""
    code = getattr(cell, "number_format", None)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not isinstance(code, str):
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def _decimal(number: str) -> ByLanguage:
    """A number as each language writes it (a decimal comma in the main language, as the spreadsheet shows it)."""
    return ByLanguage.of(lambda lang: number.replace(".", ",") if lang.is_main else number)


def _pattern_words(problem: Problem) -> Problem:
    """A value refused by the standard's pattern, told in words (PATTERN_WORDS, not the pattern) how to write it."""
    pattern, message, fix = PATTERN_WORDS.get(problem.field, (None, None, None))
    params = dict(problem.params)
    if problem.code != "constraint_pattern" or pattern is None or params.get("limit") != pattern:
        return problem
    return Problem(message, problem.file, problem.line, problem.field, {
        "value": params["value"], "fix": Phrase(fix)}, kind=problem.kind)


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
            elif any(row) and not any(cell.strip() for cell in row):
                # Only spaces: as empty as ',,,' (which the validator names so), and one line, not one per cell.
                problems.append(Problem("blank_row", shown, line, kind="blank_row"))
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
    """Every problem in one submission file, named by the path as given (its control characters visible); a file
    the system cannot read although it is a file (/proc/self/mem: red team 56, finding 7) is one problem too."""
    shown = shown_path(path)
    unreadable = validate.path_problem(path, shown)  # missing, a folder, a device, a FIFO: nothing is read
    if unreadable:
        return [unreadable]
    try:
        return _checked_file(paths, path, shown)
    except OSError as err:
        return [Problem("file_unreadable", shown, params={"reason": err.strerror or str(err)}, kind="missing_file")]


def _checked_file(paths: Paths, path: Path, shown: str) -> list[Problem]:
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
        blank = {p.line for p in own if p.kind == "blank_row"}  # a row of spaces: that it is empty says it all
        problems = [p.renamed(shown) for p in validate.collect_problems(package_json, project=False)[0]  # the same steps as `validate`
                    if (p.line, p.field) not in judged and p.line not in blank]
        long = long_values(target, {(p.line, p.field) for p in problems}) if problems else {}
    problems = own + [_pattern_words(_shorten(p, long)) for p in problems]
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))


def same_id(initiative: str) -> str:
    """An initiative id as a reader tells ids apart: without invisible (format) characters, fullwidth letters as
    their plain form (NFKC), every dash as '-' (red team 43: 'K‐1' and 'K‒1' beside 'K-1'), and upper and lower case
    alike. 'K1', 'k1', 'Ｋ１' and 'K\u200b1' are one id."""
    visible = "".join("-" if unicodedata.category(c) == "Pd" else c for c in initiative
                      if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", visible).casefold()


def _identity(path: Path):
    """What makes two paths one file: its device and inode (the same path again, a symbolic or a hard link, '..',
    /dev/stdin redirected from it); for a path that cannot be read, where it leads."""
    try:
        found = path.stat()
    except OSError:
        return os.path.realpath(path)
    return found.st_dev, found.st_ino


def distinct_files(files: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read, each once; and a problem for every file given again (by the same path or another path to
    the same file), which would be read, and counted, twice."""
    first: dict = {}
    problems = []
    for path in files:
        identity = _identity(path)
        if identity not in first:
            first[identity] = path
        else:
            earlier = first[identity]
            problems.append(Problem("file_given_twice", shown_path(path), params={"first": shown_path(earlier)},
                                    kind="file_twice"))
    return list(first.values()), problems


def check_files(paths: Paths, files: list[Path]) -> list[Problem]:
    files, problems = distinct_files(files)
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
            if not LOOSE_INTEGER.fullmatch(code) or not initiative:
                continue  # named by the check already ('+101' is no mistake: it is 101, as aggregate reads it)
            key = (int(code), same_id(initiative))
            if key not in seen:
                seen[key] = (path, line, initiative)
                continue
            where, first_line, first = seen[key]
            if (line, "initiative_id") in judged:
                continue  # this cell has its message already (a repeated id in one file: the key's message)
            problems.append(Problem("initiative_twice", shown_path(path), line, "initiative_id", {
                "initiative": excerpt(initiative), "municipality": key[0],
                "where": Phrase("at_line", line=first_line) if where == path else shown_path(where),
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

    too_big = size_problem(paths, path, shown_path(path))
    if too_big:
        raise SubmissionUnreadable([too_big])
    if not is_workbook(path):
        return read(path)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "submission.csv"
        xlsx_to_csv(paths, path, target)
        return read(target)


def run_check(paths: Paths, files: list[Path]) -> int:
    """`check-submission`: the project's package it checks against first (the standard, the municipalities, the
    codes: validate.require_valid stops on any problem `validate` finds in it), then the files. Where no file can
    be read at all (missing, a folder, a device, a FIFO), that is said at once: there is nothing to check."""
    from build_scripts.core import report

    distinct, twice = distinct_files(files)
    unreadable = [validate.path_problem(path, shown_path(path)) for path in distinct]
    if all(unreadable):
        report.emit(twice + unreadable)
        return 1
    validate.require_valid(paths)
    problems = check_files(paths, files)

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


def _guide_url(paths: Paths) -> str:
    """The address of the site's page for municipal staff (the Danish site's 'Indberetning')."""
    return config.site_url(paths, main_language().code) + "indberetning/"


def write_template(paths: Paths, out_dir: Path) -> list[Path]:
    """The template as CSV (a copy of the standard's) and as a workbook: a guide, the entry sheet with Excel's own
    data validation, and the lists of codes."""
    from openpyxl import Workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = (out_dir / name for name in TEMPLATE_FILES)
    copying.copy_file(paths.submission_dir / "submission-template.csv", _partial(csv_path))  # published: no link
    fields = schema(paths)["fields"]
    with (paths.submission_dir / "municipalities.csv").open(encoding="utf-8") as fh:
        municipalities = list(csv.DictReader(fh))
    areas = next(f for f in fields if f["name"] == "area_id")["constraints"]["enum"]
    wb = Workbook()
    ws = _entry_sheet(wb, fields)
    _codes_sheet(wb, municipalities, areas)
    _validations(ws, fields, len(municipalities), areas)
    _guide_sheet(paths, wb, fields, areas)
    for sheet in wb.worksheets:  # the standard's texts: '_xFEFF_' shown as those letters (red team 43, finding 3)
        workbook.escape_texts(sheet)
    wb.active = 0
    try:
        wb.save(_partial(xlsx_path))
        for path in (csv_path, xlsx_path):  # each in place at once, replacing (never following) what had its name
            os.replace(_partial(path), path)
    finally:
        for path in (csv_path, xlsx_path):
            _partial(path).unlink(missing_ok=True)
    return [csv_path, xlsx_path]


TEMPLATE_FILES = ("submission-template.csv", "submission-template.xlsx")


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def template_target_problem(out_dir: Path) -> str | None:
    """Why the template cannot be written into `out_dir` (an existing folder): a name it writes is taken by something
    other than a file, such as a folder (a traceback after the CSV was written) or a link (the template was written
    through it, over a file elsewhere: red team 56, finding 7)."""
    import stat

    from build_scripts.commands import arguments

    for name in TEMPLATE_FILES:
        try:
            mode = (out_dir / name).lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError as err:
            return say("argument_unreadable", where=f"--out {shown_path(out_dir / name)}", reason=err.strerror)
        if not stat.S_ISREG(mode):
            kind = Phrase("kind_link") if stat.S_ISLNK(mode) else arguments.kind_of(mode)
            return say("template_target_taken", where=f"--out {shown_path(out_dir / name)}", kind=kind)
    return None


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
    """Excel's data validation on the entry sheet's first 5,000 rows, from the standard's constraints: lists for the
    coded fields, and for every other field its schema's limits (_limit_validation), so the template never accepts
    what check-submission refuses (a cell has one validation: legal_basis keeps its list of suggestions)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    words = main_language()
    codes = words.message("template_sheet_codes")
    validated = set()

    def column(name):
        return ws.cell(row=1, column=[f["name"] for f in fields].index(name) + 1).column_letter

    def add(validation, name, strict=True):
        validation.error = words.message("template_not_allowed", sheet=words.message("template_sheet_guide"))
        validation.errorTitle = words.message("template_not_allowed_title")
        validation.showErrorMessage = strict
        ws.add_data_validation(validation)
        validation.add(f"{column(name)}2:{column(name)}5000")
        validated.add(name)

    add(DataValidation(type="list", formula1=f"={codes}!$A$2:$A${municipalities + 1}"), "municipality_code")
    add(DataValidation(type="list", formula1=f"={codes}!$C$2:$C${len(areas) + 1}"), "area_id")
    for name in ("financing_source", "primary_target_group", "secondary_target_group"):
        allowed = next(f for f in fields if f["name"] == name)["constraints"]["enum"]
        add(DataValidation(type="list", formula1='"' + ",".join(allowed) + '"'), name)
    # Legal basis is free text: the list only suggests the two recognised values.
    add(DataValidation(type="list", formula1='"Kommunalfuldmagten,ukendt"'), "legal_basis", strict=False)
    cell = f"{column('target_group_share')}2"
    add(DataValidation(type="custom", formula1=f'=OR({cell}="-",{cell}="_",AND(ISNUMBER({cell}),{cell}>=0,{cell}<=100,INT({cell})={cell}))'),
        "target_group_share")
    for f in fields:
        limit = None if f["name"] in validated else _limit_validation(f)
        if limit:
            add(limit, f["name"])


# Excel's operators for a range with both ends, only a lower or only an upper end.
LIMIT_OPERATORS = {(True, True): "between", (True, False): "greaterThanOrEqual", (False, True): "lessThanOrEqual"}


def _limit_validation(field: dict):
    """Excel's validation of a field's schema limits, or None: a whole number within minimum and maximum, a text
    of at most maxLength characters (and at least minLength)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    constraints = field.get("constraints", {})
    if field.get("type") == "integer":
        kind, low, high = "whole", constraints.get("minimum"), constraints.get("maximum")
    elif field.get("type") == "string":
        kind, low, high = "textLength", constraints.get("minLength"), constraints.get("maxLength")
    else:
        return None
    ends = [str(end) for end in (low, high) if end is not None]
    if not ends:
        return None
    return DataValidation(type=kind, operator=LIMIT_OPERATORS[(low is not None, high is not None)], formula1=ends[0],
                          formula2=ends[1] if len(ends) == 2 else None)


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
        number = contract.QUESTIONNAIRE_FIELD.get(f["name"])
        quote = questionnaire[number]["source_quote"] if number else ""
        allowed = "; ".join(f"{c['code']} = {c['label_da']}" for c in codes.get(number, [])) if number else ""
        if f["name"] == "area_id":
            allowed = ", ".join(areas)
        if f["name"] == "municipality_code":
            allowed = words.message("template_see_codes", sheet=words.message("template_sheet_codes"))
        if f["name"] in PER_CENT_FIELDS:  # Excel's validation cannot tell 100 % (stored as 1) from 1: say it here
            allowed = "; ".join(filter(None, [words.message("template_whole_percent"), allowed]))
        guide.append([f["name"], words.message("template_field_number", number=number) if number else "",
                      f["description_da"], quote, allowed])
    for col, width in zip("ABCDE", (28, 18, 70, 70, 50)):
        guide.column_dimensions[col].width = width
    for row in guide.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
