"""Submissions: a cell of the data sheet that openpyxl cannot read, or would read as what no spreadsheet shows, is
named by its sheet and cell (red team 4, finding 7), not only as 'cannot be read as an Excel workbook'."""

import re

import pytest
from test_submission import THREE, fill_xlsx, rewrite_member

from build_scripts.commands import submission
from conftest import CHECKOUT


@pytest.fixture
def filled(tmp_path):
    template = submission.write_template(CHECKOUT, tmp_path / "template")
    return fill_xlsx(template[1], THREE, tmp_path / "kommuner.xlsx")


def problems(*files):
    return [str(p) for p in submission.check_files(CHECKOUT, list(files))]


def with_cell(path, cell, xml):
    """The workbook with `cell` of the data sheet written as `xml` (the amount E3 is 300, a number)."""
    def edit(sheet):
        sheet, count = re.subn(rf'<c r="{cell}"[^>]*>.*?</c>', xml, sheet, count=1)
        assert count == 1
        return sheet

    return rewrite_member(path, r"xl/worksheets/sheet2\.xml", edit)


def unreadable(path, cell, why_da, why_en):
    return (f"{path}: Cellen {cell} i arket »Indberetning« kan ikke læses: {why_da}. Skriv cellens værdi igen i Excel, "
            f"og gem filen derfra. | Cell {cell} of the sheet 'Indberetning' cannot be read: {why_en}. Type the cell's "
            "value again in Excel, and save the file from there.")


def number(value):
    return (f"den gemte talværdi '{value}' er ikke et tal", f"the stored number '{value}' is not a number")


@pytest.mark.parametrize("xml,cell,why", [
    ('<c r="E3" t="s"><v>9999</v></c>', "E3", ("den henviser til delt tekst nr. 9999, men filen har kun 0 delte "
                                               "tekster", "it refers to shared text number 9999, but the file has "
                                               "only 0 shared texts")),
    ('<c r="E3" t="s"><v>-1</v></c>', "E3", ("den henviser til delt tekst nr. -1, men filen har kun 0 delte tekster",
                                             "it refers to shared text number -1, but the file has only 0 shared "
                                             "texts")),
    ('<c r="E3" t="n"><v>abc</v></c>', "E3", number("abc")),
    ('<c r="E3" t="n"><v>NaN</v></c>', "E3", number("NaN")),
    ('<c r="E3"><v>inf</v></c>', "E3", number("inf")),  # a cell without a type is a number
    ('<c r="E3" t="n"><v>1_000</v></c>', "E3", number("1_000")),  # Python reads 1000; Excel does not
    ('<c r="E3" t="n"><v>\u0661\u0660\u0660</v></c>', "E3", number("\u0661\u0660\u0660")),  # Arabic-Indic 100
    ('<c r="E3" s="999" t="n"><v>100</v></c>', "E3", ("den har typografi nr. 999, men filen har kun 3 typografier",
                                                      "it has style number 999, but the file has only 3 styles")),
    ('<c r="E3" t="x"><v>100</v></c>', "E3", ("celletypen t='x' findes ikke (kun b, d, e, inlineStr, n, s og str)",
                                              "the cell type t='x' does not exist (only b, d, e, inlineStr, n, s and "
                                              "str)")),
    ('<c t="x"><v>100</v></c>', "E3", ("celletypen t='x' findes ikke (kun b, d, e, inlineStr, n, s og str)",
                                       "the cell type t='x' does not exist (only b, d, e, inlineStr, n, s and str)")),
    ('<c r="E3" t="b"><v>yes</v></c>', "E3", ("den gemte sandhedsværdi 'yes' er hverken 0 eller 1",
                                              "the stored boolean 'yes' is neither 0 nor 1")),
    ('<c r="E3" t="d"><v>31-12-2021</v></c>', "E3", ("den gemte dato '31-12-2021' er ikke en dato i ISO 8601-form",
                                                     "the stored date '31-12-2021' is not an ISO 8601 date")),
    ('<c r="E3Z" t="n"><v>100</v></c>', "E3Z", ("'E3Z' er ikke en cellereference som fx E3",
                                                "'E3Z' is not a cell reference such as E3")),
    ('<c r="XFE3" t="n"><v>100</v></c>', "XFE3", ("'XFE3' er ikke en cellereference som fx E3",
                                                  "'XFE3' is not a cell reference such as E3")),  # past column XFD
])
def test_a_cell_that_cannot_be_read_is_named(filled, xml, cell, why):
    """The red team's cells, each in place of the amount E3; a cell without 'r' is named by counting (it follows
    D3)."""
    assert problems(with_cell(filled, "E3", xml)) == [unreadable(filled, cell, *why)]


@pytest.mark.parametrize("xf", ['fontId="99" fillId="0" numFmtId="0"', 'fontId="0" fillId="99" numFmtId="0"',
                                'fontId="0" fillId="0" numFmtId="300"'])
def test_a_cell_style_that_refers_to_what_the_file_lacks_is_named(filled, xf):
    rewrite_member(filled, r"xl/styles\.xml", lambda xml: xml.replace(
        "</cellXfs>", f'<xf {xf} borderId="0" xfId="0"/></cellXfs>'))
    with_cell(filled, "E3", '<c r="E3" s="3" t="n"><v>300</v></c>')
    assert problems(filled) == [unreadable(
        filled, "E3", "dens typografi (nr. 3) henviser til en skrifttype, et fyld eller et talformat, som filen ikke har",
        "its style (number 3) refers to a font, fill or number format the file does not have")]


def test_at_most_ten_unreadable_cells_are_named(filled):
    rewrite_member(filled, r"xl/worksheets/sheet2\.xml", lambda xml: re.sub(
        r'(<c r="[A-N][345]") t="[a-zA-Z]+"', r'\1 t="x"', xml))
    found = problems(filled)
    assert [p.split("Cellen ")[1].split(" ")[0] for p in found] == [f"{c}3" for c in "ABCDEFGHIJ"]


def test_the_values_excel_writes_are_read(filled):
    """A number with an exponent and spaces around it is read as Excel reads it: 300, as the cell held."""
    with_cell(filled, "E3", '<c r="E3" t="n"><v> 3E2 </v></c>')
    assert problems(filled) == []


@pytest.mark.parametrize("xml", [
    '<c r="E3"><v>-1.5E-3</v></c>', '<c r="E3" t="n"><v>.5</v></c>', '<c r="E3" t="s" s="2"><v>0</v></c>',
    '<c r="E3" t="b"><v>1</v></c>', '<c r="E3" t="d"><v>2021-12-31T00:00:00</v></c>', '<c r="E3" t="e"><v>#N/A</v></c>',
    '<c r="E3" t="str"><f>A1</f><v>x</v></c>', '<c r="E3" t="inlineStr"><is><t>x</t></is></c>', '<c r="E3" s="0"/>',
])
def test_cells_as_spreadsheets_write_them_have_no_fault(xml):
    """A shared string within the file's (here it has one), a style it has (three), a boolean, a date, an error and
    a formula's text, as Excel and LibreOffice write them."""
    import xml.etree.ElementTree as ET

    element = ET.fromstring(xml.replace("<c ", f'<c xmlns="{submission.SPREADSHEETML[1:-1]}" ', 1))
    assert submission.cell_fault(element, 1, (False, False, False)) is None


# --- rows and cells out of order (red team 23, finding 2) -----------------------------------------------------------
# openpyxl drops a row written after a higher-numbered one, places a cell by its column (the last of two in one
# column wins) and a row by its element while the checks read the cells' references: each is refused by name.

def sheet_edit(path, edit):
    def checked(xml):
        changed = edit(xml)
        assert changed != xml
        return changed

    return rewrite_member(path, r"xl/worksheets/sheet2\.xml", checked)


def row_xml(xml, number):
    return re.search(rf'<row r="{number}"[^>]*>.*?</row>', xml).group(0)


def out_of_order(path, row, after):
    return (f"{path}: Række {row} i arket »Indberetning« står efter række {after} i filen; rækkerne skal stå oppefra "
            "og ned, hver én gang, ellers bliver en række ikke læst. Gem filen igen fra Excel. | Row "
            f"{row} of the sheet 'Indberetning' is written after row {after} in the file; rows must come from top to "
            "bottom, each once, or a row is not read. Save the file again from Excel.")


def test_a_row_written_after_a_later_row_is_refused(filled):
    """roworder: row 3 (K2) before row 2 (K1); openpyxl would read K2 and drop K1 without a word."""
    sheet_edit(filled, lambda xml: xml.replace(row_xml(xml, 2) + row_xml(xml, 3), row_xml(xml, 3) + row_xml(xml, 2)))
    assert problems(filled) == [out_of_order(filled, 2, 3)]


def test_a_row_without_its_number_follows_the_row_before(filled):
    """A row without 'r' is the one after the row before (as openpyxl counts it): an empty one put before row 3 is
    row 3, and row 3 then comes twice."""
    sheet_edit(filled, lambda xml: xml.replace('<row r="3"', '<row/><row r="3"', 1))
    assert problems(filled) == [out_of_order(filled, 3, 3)]


def test_a_row_whose_cells_name_another_row_is_refused(filled):
    """rowref: a hidden row 3 whose cells say A4..N4 passed the hidden-row rule (it read the cells' row) and was
    counted. Named once, at its first cell."""
    sheet_edit(filled, lambda xml: xml.replace(row_xml(xml, 5), "").replace(row_xml(xml, 4), "").replace(
        row_xml(xml, 3), re.sub(r'r="([A-N])3"', r'r="\g<1>4"', row_xml(xml, 3).replace(
            '<row r="3"', '<row r="3" hidden="1"', 1))))
    assert problems(filled) == [unreadable(
        filled, "A4", "den står inde i række 3 i filen; en celle skal stå i den række, den nævner",
        "it is written inside row 3 of the file; a cell must stand in the row it names")]


def test_a_cell_given_twice_is_refused(filled):
    """dupcell: openpyxl keeps the last of the two (9), where the first (300) may be what a spreadsheet shows."""
    sheet_edit(filled, lambda xml: re.sub(r'(<c r="E3"[^>]*>.*?</c>)', r'\1<c r="E3" t="n"><v>9</v></c>', xml,
                                          count=1))
    assert problems(filled) == [unreadable(filled, "E3", "den er angivet to gange i sin række",
                                           "it is given twice in its row")]


def test_a_cell_written_after_a_later_column_is_refused(filled):
    """cellorder: E3 written after N3. openpyxl reads it in its place, but a spreadsheet writes a row's cells from
    left to right: the simplest rule that also refuses a cell given twice."""
    def move(xml):
        cell = re.search(r'<c r="E3"[^>]*>.*?</c>', xml).group(0)
        row = row_xml(xml, 3)
        return xml.replace(row, row.replace(cell, "").replace("</row>", cell + "</row>"))

    sheet_edit(filled, move)
    assert problems(filled) == [unreadable(
        filled, "E3", "den står efter cellen N3 i sin række; en rækkes celler skal stå fra venstre mod højre, hver "
        "én gang", "it is written after cell N3 in its row; a row's cells must come from left to right, each once")]


def test_the_hidden_row_rule_reads_the_row_number_the_rows_are_read_by(tmp_path):
    """The hidden-row rule takes a row's number from its place as openpyxl reads it (the <row>'s), not from its
    cells' own references, which the layout no longer lets differ but which once did."""
    from types import SimpleNamespace

    def row(value, number):
        return (number - 6, (value,), (SimpleNamespace(row=number, column=1, data_type="s", coordinate=f"A{number}"),))

    layout = submission.SheetLayout(rows={1, 2})
    found = submission._write_rows(iter([row("initiative_id", 7), row("K1", 8)]), tmp_path / "out.csv", "x.xlsx",
                                   layout)
    assert [(p.code, dict(p.params)["row"]) for p in found] == [("row_hidden", 1), ("row_hidden", 2)]


# --- rows and cells past a sheet's end (red team 25, finding 2) --------------------------------------------------
# A cell with a reference past XFD1048576 is refused by it; a cell without one is placed by its row and its place in
# it. A row numbered past 1.048.576 passed and was counted, and openpyxl's iter_rows walked every empty row up to it
# (54 s for an 11 KB file at row 5.000.000): refused by the layout's pass, which reads no rows.

def renumber_last_row(number):
    """The sheet with its last row (K3) numbered `number` and its cells without references."""
    def edit(xml):
        row = re.findall(r"<row [^>]*>.*?</row>", xml)[-1]
        moved = re.sub(r'<row r="\d+"', f'<row r="{number}"', re.sub(r' r="[A-Z]+\d+"', "", row), count=1)
        return xml.replace(row, moved)

    return edit


def past_end(path, row):
    return (f"{path}: Række {row} i arket »Indberetning« har et nummer efter række 1048576, den sidste række et ark "
            "kan have; Excel kan ikke vise den, så den bliver ikke læst. Gem filen igen fra Excel. | Row "
            f"{row} of the sheet 'Indberetning' is numbered after row 1048576, the last row a sheet can have; Excel "
            "cannot show it, so it is not read. Save the file again from Excel.")


@pytest.mark.parametrize("number", ["1048577", "5000000"])
def test_a_row_past_the_sheets_end_is_refused_before_any_row_is_read(filled, monkeypatch, number):
    """rbig2, rhuge2: refused by the layout's pass, so no row is read, however high its number."""
    read = []
    monkeypatch.setattr(submission, "sheet_rows", lambda *args, **kwargs: read.append(args) or iter(()))
    sheet_edit(filled, renumber_last_row(number))
    assert problems(filled) == [past_end(filled, number)]
    assert read == []


def test_a_row_at_the_sheets_last_row_is_read_without_the_empty_rows_before_it(filled, monkeypatch):
    """Row 1048576 is a sheet's last: read, by its number, and the empty rows before it are not walked."""
    sheet_edit(filled, renumber_last_row("1048576"))
    walked = []
    rows = submission.sheet_rows
    monkeypatch.setattr(submission, "sheet_rows", lambda *args, **kwargs: (
        walked.append(row[0]) or row for row in rows(*args, **kwargs)))
    assert problems(filled) == []
    assert sorted(set(walked)) == [1, 2, 3, 4, 1048576]  # the rows the XML holds, and no other


def test_a_cell_past_the_last_column_is_refused(filled):
    """A cell without a reference after XFD3 is in column XFE, which no sheet has."""
    sheet_edit(filled, lambda xml: xml.replace(row_xml(xml, 3), row_xml(xml, 3).replace(
        "</row>", '<c r="XFD3"/><c t="n"><v>5</v></c></row>')))
    assert problems(filled) == [
        f"{filled}: Række 3 i arket »Indberetning« har en celle efter kolonne XFD, den sidste kolonne et ark kan have; "
        "Excel kan ikke vise den, så den bliver ikke læst. Gem filen igen fra Excel. | Row 3 of the sheet "
        "'Indberetning' has a cell after column XFD, the last column a sheet can have; Excel cannot show it, so it "
        "is not read. Save the file again from Excel."]


def test_the_filled_template_passes(filled):
    assert problems(filled) == []


# --- rows that Excel skips under the markup-compatibility rules (red team 27, finding 1) ----------------------------
# openpyxl reads every <row> wherever it stands, and each element in a row as a cell. Excel skips an element of a
# namespace the root lets it ignore (mc:Ignorable) with its content, an mc:AlternateContent's choice it cannot take
# and an <ext> it does not know: K2's row (300) in any of them was counted. Refused by the layout's pass.

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
ROOT = f'<worksheet xmlns="{submission.SPREADSHEETML[1:-1]}"'


def misplaced(path, what_da, what_en, parent):
    return (f"{path}: Arket »Indberetning« har {what_da} inde i <{parent}>: et arks rækker skal stå direkte i "
            "<sheetData> og deres celler direkte i rækkerne, uden andet imellem, ellers kan Excel springe over, hvad "
            f"der ville blive talt med. Gem filen igen fra Excel. | The sheet 'Indberetning' has {what_en} inside "
            f"<{parent}>: a sheet's rows must stand directly in <sheetData> and their cells directly in the rows, with "
            "nothing in between, or Excel may skip what would be counted. Save the file again from Excel.")


def ignorable(xml):  # the red team's ign.xlsx
    return xml.replace(ROOT, f'{ROOT} {MC} xmlns:z="urn:rt27:z" mc:Ignorable="z"', 1).replace(
        row_xml(xml, 3), f"<z:skip>{row_xml(xml, 3)}</z:skip>")


def alternative(xml):  # alt.xlsx: a choice that requires a namespace Excel does not know, and no fallback
    return xml.replace(ROOT, f'{ROOT} {MC} xmlns:z="urn:rt27:z"', 1).replace(
        row_xml(xml, 3), f'<mc:AlternateContent><mc:Choice Requires="z">{row_xml(xml, 3)}</mc:Choice>'
                         "</mc:AlternateContent>")


def extension(xml):  # ext.xlsx: the row moved into an extension Excel does not know, after <sheetData>
    return xml.replace(row_xml(xml, 3), "").replace(
        "</worksheet>", f'<extLst><ext uri="{{11111111-2222-3333-4444-555555555555}}">{row_xml(xml, 3)}</ext>'
                        "</extLst></worksheet>")


def not_a_cell(xml):  # openpyxl reads any element in a row as a cell, past the cell checks (which read <c>)
    cell = re.search(r'<c r="E3"[^>]*>.*?</c>', xml).group(0)
    return xml.replace(cell, cell.replace("<c ", "<x ", 1).replace("</c>", "</x>"), 1)


def cell_outside(xml):  # a cell straight in <sheetData>
    return xml.replace(row_xml(xml, 3), row_xml(xml, 3) + '<c r="E9" t="n"><v>5</v></c>', 1)


@pytest.mark.parametrize("edit,what,parent", [
    (extension, ("række 3", "row 3"), "ext"),
    (not_a_cell, ("elementet <x>", "the element <x>"), "row"),
    (cell_outside, ("cellen E9", "cell E9"), "sheetData"),
])
def test_a_row_or_cell_excel_may_skip_is_refused_before_any_row_is_read(filled, monkeypatch, edit, what, parent):
    read = []
    monkeypatch.setattr(submission, "sheet_rows", lambda *args, **kwargs: read.append(args) or iter(()))
    sheet_edit(filled, edit)
    assert problems(filled) == [misplaced(filled, *what, parent)]
    assert read == []


def test_what_excel_writes_around_the_rows_passes(filled):
    """Excel marks its own namespaces ignorable on the root, writes their attributes on rows (x14ac:dyDescent) and
    extensions after <sheetData>: none of it is inside the rows."""
    x14ac = 'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/'
           'spreadsheetml/2009/9/main"><x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/'
           'excel/2006/main"/></ext></extLst></worksheet>')
    sheet_edit(filled, lambda xml: re.sub(r'<row r="(\d+)"', r'<row r="\1" x14ac:dyDescent="0.25"', xml.replace(
        ROOT, f'{ROOT} {MC} {x14ac} mc:Ignorable="x14ac"', 1)).replace("</worksheet>", ext))
    assert problems(filled) == []


# --- the other parts the checks read, under the same rules (red team 28, finding 2) ---------------------------------
# openpyxl takes every <si> at any depth as the next shared string, and reads the workbook's and the styles' elements
# by their local names, whatever their namespace. A shared string Excel skips (an ignorable wrapper, a choice it
# cannot take) made every later index name another text: K2's area (C3, shared string 0) was counted as
# 'beskaeftigelse' where Excel shows 'social'. Refused before openpyxl reads the workbook.

SST = f'<sst xmlns="{submission.SPREADSHEETML[1:-1]}"'
DECOY = "<si><t>beskaeftigelse</t></si>"


def part_misplaced(path, part, element, parent):
    return (f"{path}: Regnearkets del {part} har elementet <{element}> inde i <{parent}>: Excel kan springe det over "
            "eller læse det et andet sted end kontrollen, så det, der vises, ikke er det, der tælles. Filen er ikke "
            f"læst. Gem regnearket igen ud fra skabelonen i Excel. | The workbook's part {part} has the element "
            f"<{element}> inside <{parent}>: Excel may skip it, or take it in another place than the check does, so "
            "that what is shown is not what is counted. The file was not read. Save the workbook again from the "
            "template in Excel.")


def shared_area(path, edit):
    """K2's area (C3) as shared string 0, 'social', with the shared strings' XML passed through edit."""
    from test_submission_visible import with_shared_strings

    with_shared_strings(path, "C3", "<si><t>social</t></si>")
    return rewrite_member(path, r"xl/sharedStrings\.xml", edit)


def ss_skip(xml):  # the red team's ss_skip.xlsx
    return xml.replace(SST, f'{SST} {MC} xmlns:z="urn:rt28:z" mc:Ignorable="z"', 1).replace(
        "<si>", f"<z:skip>{DECOY}</z:skip><si>", 1)


def ss_alt(xml):  # ss_alt.xlsx
    return xml.replace(SST, f"{SST} {MC}", 1).replace("<si>", '<mc:AlternateContent><mc:Choice Requires="z" '
                                                      f'xmlns:z="urn:rt28:z">{DECOY}</mc:Choice></mc:AlternateContent><si>', 1)


def ss_in_extension(xml):  # a shared string in an extension Excel does not know
    return xml.replace("</sst>", f'<extLst><ext uri="{{11111111-2222-3333-4444-555555555555}}">{DECOY}</ext>'
                                 "</extLst></sst>")


@pytest.mark.parametrize("edit,element,parent", [
    (ss_skip, "z:skip", "sst"),
    (ss_alt, "mc:AlternateContent", "sst"),
    (ss_in_extension, "si", "ext"),
])
def test_a_shared_string_excel_may_skip_is_refused(filled, edit, element, parent):
    shared_area(filled, lambda xml: xml)
    assert problems(filled) == []  # the control: K2's area read from the shared strings
    shared_area(filled, edit)
    assert problems(filled) == [part_misplaced(filled, "/xl/sharedStrings.xml", element, parent)]


@pytest.mark.parametrize("part,edit,element,parent", [
    ("xl/workbook.xml", lambda xml: xml.replace("<sheets>", '<sheets><z:skip xmlns:z="urn:rt28:z">', 1).replace(
        "</sheets>", "</z:skip></sheets>", 1), "z:skip", "sheets"),
    ("xl/workbook.xml", lambda xml: xml.replace("<sheets>", '<z:sheets xmlns:z="urn:rt28:z">', 1).replace(
        "</sheets>", "</z:sheets>", 1), "z:sheets", "workbook"),
    ("xl/styles.xml", lambda xml: xml.replace("<fonts ", '<z:fonts xmlns:z="urn:rt28:z" ', 1).replace(
        "</fonts>", "</z:fonts>", 1), "z:fonts", "styleSheet"),
])
def test_a_workbook_or_style_element_excel_may_skip_is_refused(filled, part, edit, element, parent):
    rewrite_member(filled, re.escape(part), edit)
    assert problems(filled) == [part_misplaced(filled, "/" + part, element, parent)]


def test_what_excel_writes_in_the_workbook_styles_and_shared_strings_passes(filled):
    """Excel marks its namespaces ignorable on the roots, writes the folder the workbook was saved in and its
    revision in the workbook part, and extensions in the roots' <extLst>."""
    x15 = 'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"'
    book_extras = (f'<mc:AlternateContent {MC}><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\a\\" xmlns:'
                   'x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice>'
                   '</mc:AlternateContent><xr:revisionPtr revIDLastSave="0" documentId="8_{1}" xmlns:xr="http://'
                   'schemas.microsoft.com/office/spreadsheetml/2014/revision"/><bookViews>')
    rewrite_member(filled, r"xl/workbook\.xml", lambda xml: xml.replace("<bookViews>", book_extras, 1).replace(
        "</workbook>", f'<extLst><ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}" {x15}><x15:workbookPr '
                       'chartTrackingRefBase="1"/></ext></extLst></workbook>'))
    rewrite_member(filled, r"xl/styles\.xml", lambda xml: xml.replace("<styleSheet ", f'<styleSheet {MC} {x15} '
                                                                      'mc:Ignorable="x15" ', 1).replace(
        "</styleSheet>", f'<extLst><ext uri="{{9260A510-F301-46a8-8635-F512D64BE5F5}}" {x15}><x15:timelineStyles '
                         'defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'))
    shared_area(filled, lambda xml: xml.replace("</sst>", '<extLst><ext uri="{1}"><x15:z xmlns:x15="urn:x"/></ext>'
                                                          "</extLst></sst>"))
    assert problems(filled) == []


@pytest.mark.parametrize("edit,element,parent", [(ignorable, "z:skip", "sheetData"),
                                                 (alternative, "mc:AlternateContent", "sheetData")])
def test_a_wrapper_of_rows_excel_may_skip_is_refused_as_the_sheet_part_is_read(filled, monkeypatch, edit, element,
                                                                              parent):
    """Red team 27's wrappers around a row: now refused with the rest of the sheet's XML (red team 29, finding 1)."""
    read = []
    monkeypatch.setattr(submission, "sheet_rows", lambda *args, **kwargs: read.append(args) or iter(()))
    sheet_edit(filled, edit)
    assert problems(filled) == [part_misplaced(filled, "/xl/worksheets/sheet2.xml", element, parent)]
    assert read == []


# --- the sheet's own layout and the theme, under the same rules (red team 29, finding 1) -----------------------------
# SheetLayout reads <sheetFormatPr>, <col> and <sheetView> by their local names, the last one read winning, and
# appearance.palette the theme's first <a:clrScheme> at any depth: an ignorable copy, which Excel skips, showed row 3
# (zeroHeight) and column E (defaultColWidth 0) that Excel hides, and both were counted.

IGNORABLE_Z = f'{MC} xmlns:z="urn:rt29:z" mc:Ignorable="z"'
FORMAT = re.compile(r"<sheetFormatPr [^>]*/>")


def hidden_by_default(xml):  # the red team's zh.xlsx: rows without a height of their own hidden, then a visible copy
    return FORMAT.sub('<sheetFormatPr baseColWidth="8" defaultRowHeight="15" zeroHeight="1"/>'
                      '<z:sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
                      xml.replace(ROOT, f"{ROOT} {IGNORABLE_Z}", 1), count=1)


def zero_width_by_default(xml):  # dcw.xlsx: column E without a width of its own, every such column 0 wide
    xml = re.sub(r'<col [^>]*min="5" max="5"[^>]*/>', "", xml.replace(ROOT, f"{ROOT} {IGNORABLE_Z}", 1), count=1)
    return FORMAT.sub('<sheetFormatPr defaultColWidth="0" defaultRowHeight="15"/>'
                      '<z:sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>', xml, count=1)


@pytest.mark.parametrize("edit", [hidden_by_default, zero_width_by_default])
def test_an_ignorable_copy_of_the_sheets_layout_is_refused(filled, edit):
    sheet_edit(filled, edit)
    assert problems(filled) == [part_misplaced(filled, "/xl/worksheets/sheet2.xml", "z:sheetFormatPr", "worksheet")]


def test_a_layout_look_alike_in_an_extension_is_not_read(filled, tmp_path):
    """An extension Excel does not know may hold what it likes, but not the sheet's layout for the checks: Excel
    hides column E (no width of its own, every such column 0 wide) and the checks say so, with or without the
    look-alikes after it (read after the rows, they gave column E a width)."""
    def zero_width(xml):
        xml = re.sub(r'<col [^>]*min="5" max="5"[^>]*/>', "", xml, count=1)
        return FORMAT.sub('<sheetFormatPr defaultColWidth="0" defaultRowHeight="15"/>', xml, count=1)

    control = tmp_path / "control.xlsx"
    control.write_bytes(filled.read_bytes())
    sheet_edit(control, zero_width)
    sheet_edit(filled, lambda xml: zero_width(xml).replace("</worksheet>", (
        '<extLst><ext uri="{11111111-2222-3333-4444-555555555555}" xmlns:q="urn:rt29:q"><q:sheetFormatPr '
        'baseColWidth="8"/><sheetFormatPr baseColWidth="8"/><q:col min="5" max="5" width="29"/><col min="5" max="5" '
        'width="29"/></ext></extLst></worksheet>')))
    expected = [line.replace(str(control), str(filled)) for line in problems(control)]
    assert expected and problems(filled) == expected


THEME = '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
DECOY_SCHEME = '<a:clrScheme name="z"><a:dk1><a:srgbClr val="000000"/></a:dk1></a:clrScheme>'


def theme_skip(xml):  # a colour scheme Excel skips, read first by appearance.palette
    return xml.replace(THEME, f"{THEME} {IGNORABLE_Z}", 1).replace(
        "<a:clrScheme ", f"<z:skip>{DECOY_SCHEME}</z:skip><a:clrScheme ", 1)


def theme_alt(xml):  # a choice Excel cannot take
    return xml.replace(THEME, f"{THEME} {MC}", 1).replace("<a:clrScheme ", '<mc:AlternateContent><mc:Choice '
                                                          f'Requires="z" xmlns:z="urn:rt29:z">{DECOY_SCHEME}'
                                                          "</mc:Choice></mc:AlternateContent><a:clrScheme ", 1)


@pytest.mark.parametrize("edit,element", [(theme_skip, "z:skip"), (theme_alt, "mc:AlternateContent")])
def test_a_theme_element_excel_may_skip_is_refused(filled, edit, element):
    rewrite_member(filled, r"xl/theme/theme1\.xml", edit)
    assert problems(filled) == [part_misplaced(filled, "/xl/theme/theme1.xml", element, "a:themeElements")]


def test_what_excel_writes_in_the_theme_passes(filled):
    """Excel's own theme extension (Office 2013's theme family) in the theme's <a:extLst>."""
    rewrite_member(filled, r"xl/theme/theme1\.xml", lambda xml: xml.replace("</a:theme>", (
        '<a:extLst><a:ext uri="{05A4C25C-085E-4340-85A3-A5531E510DB2}"><thm15:themeFamily xmlns:thm15="http://schemas.'
        'microsoft.com/office/thememl/2012/main" name="Office Theme" id="{62F939B6-93AF-4DB8-9C6B-D6C7DFDC589F}" '
        'vid="{4A3C46E8-61CC-4603-A589-7422A47A8E4A}"/></a:ext></a:extLst></a:theme>'), 1))
    assert problems(filled) == []


# --- a '%' in a part's name or a relationship's target (red team 30, finding 2) --------------------------------------
# A target is a URI: Excel may read 'sheet%32.xml' as 'sheet2.xml', where openpyxl (and SheetLayout) read the member
# named as written. The part check decoded the escape, so it read the clean sheet2.xml while the other was counted.

PCT_TARGET = "/xl/worksheets/sheet%32.xml"


def percent_name(path, name):
    return (f"{path}: Regnearkets ZIP-arkiv navngiver en del med et procenttegn (%): {name}. Excel kan læse en %-kode "
            "som det tegn, den står for, hvor kontrollen læser navnet, som det er skrevet, så Excel kunne vise én del "
            "og kontrollen læse en anden. Filen er ikke læst. Gem regnearket igen ud fra skabelonen i Excel. | The "
            f"workbook's ZIP archive names a part with a percent sign (%): {name}. Excel may read a %-code as the "
            "character it stands for, where the check reads the name as written, so Excel could show one part and the "
            "check read another. The file was not read. Save the workbook again from the template in Excel.")


def escaped_sheet(path, edit=None):
    """The data sheet's relationship pointing to PCT_TARGET, and (unless edit is None) a member of that name holding
    the data sheet passed through edit, next to the unchanged sheet2.xml: the red team's pct.py."""
    from test_submission_visible import with_entry

    def retarget(xml):
        assert 'Target="/xl/worksheets/sheet2.xml"' in xml
        return xml.replace('Target="/xl/worksheets/sheet2.xml"', f'Target="{PCT_TARGET}"', 1)

    rewrite_member(path, r"xl/_rels/workbook\.xml\.rels", retarget)
    if edit is not None:
        with_entry(path, "xl/worksheets/sheet2.xml", PCT_TARGET[1:], lambda data: edit(data.decode()).encode())
    return path


def pct_amount(xml):  # pct.xlsx: K2's amount (E3) 999999 in the member counted
    return xml.replace('<c r="E3" t="n"><v>300</v>', '<c r="E3" t="n"><v>999999</v>', 1)


def pct_mce(xml):  # pct-mce.xlsx: an element Excel may skip, refused in sheet2.xml
    return xml.replace(ROOT, f'{ROOT} {MC} xmlns:z="urn:rt30:z" mc:Ignorable="z"', 1).replace(
        "<sheetData>", "<z:skip/><sheetData>", 1)


@pytest.mark.parametrize("edit", [pct_amount, pct_mce])
def test_a_part_name_with_a_percent_escape_is_refused(filled, edit):
    assert problems(filled) == []  # the control: the filled template
    assert edit(sheet := zipfile_text(filled, "xl/worksheets/sheet2.xml")) != sheet
    escaped_sheet(filled, edit)
    assert problems(filled) == [percent_name(filled, PCT_TARGET)]


def test_a_relationship_target_with_a_percent_escape_is_refused(filled):
    """pct-control.xlsx: no member of that name; openpyxl, reading the target as written, finds no data sheet."""
    escaped_sheet(filled)
    assert problems(filled) == [percent_name(filled, f'/xl/_rels/workbook.xml.rels: Target="{PCT_TARGET}"')]


def zipfile_text(path, member):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode()


# --- an external relationship that is not a hyperlink (red team 30) ----------------------------------------------------
# openpyxl ignores TargetMode and reads the member named by the target, where _relationships gives an external target
# no member: parts_misplaced never checked the decoy sheet openpyxl read and counted.

EXTERNAL_DECOY = "xl/worksheets/decoy.xml"


def external_part(path, name):
    return (f"{path}: Regnearkets ZIP-arkiv har en ekstern relation, der ikke er et link: {name}. Excel læser ikke en "
            "sådan del i filen, hvor kontrollen læser delen med det navn i filen, så Excel kunne vise én del og "
            "kontrollen læse en anden. Filen er ikke læst. Gem regnearket igen ud fra skabelonen i Excel. | The "
            f"workbook's ZIP archive has an external relationship that is not a hyperlink: {name}. Excel does not "
            "read such a part from the file, where the check reads the part of that name in the file, so Excel could "
            "show one part and the check read another. The file was not read. Save the workbook again from the "
            "template in Excel.")


def test_an_external_worksheet_relationship_is_refused(filled):
    from test_submission_visible import with_entry

    def external(xml):
        assert 'Target="/xl/worksheets/sheet2.xml"' in xml
        return xml.replace('Target="/xl/worksheets/sheet2.xml"', f'TargetMode="External" Target="{EXTERNAL_DECOY}"', 1)

    rewrite_member(filled, r"xl/_rels/workbook\.xml\.rels", external)
    with_entry(filled, "xl/worksheets/sheet2.xml", EXTERNAL_DECOY, lambda data: pct_mce(data.decode()).encode())
    assert problems(filled) == [external_part(filled, (
        '/xl/_rels/workbook.xml.rels: Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" TargetMode="External" Target="{EXTERNAL_DECOY}"'))]


def test_an_external_hyperlink_with_a_percent_escape_passes(filled):
    from test_submission_visible import changed

    def link(wb):
        wb.worksheets[0]["A1"].hyperlink = "https://x/a%20b"

    changed(filled, link)
    assert 'TargetMode="External"' in zipfile_text(filled, "xl/worksheets/_rels/sheet1.xml.rels")
    assert "%20" in zipfile_text(filled, "xl/worksheets/_rels/sheet1.xml.rels")
    assert problems(filled) == []


def test_an_external_vml_drawing_is_refused(filled):
    """Was refused as a shape that cannot be read (test_submission_visible); now as an external relationship."""
    from test_submission_visible import VML, note, with_vml

    with_vml(filled, VML.format(shapes=note()), 'https://example.org/drawing.vml" TargetMode="External')
    assert problems(filled) == [external_part(filled, (
        '/xl/worksheets/_rels/sheet2.xml.rels: Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/vmlDrawing" TargetMode="External" Target="https://example.org/drawing.vml"'))]


def test_an_error_cell_holds_one_of_excels_error_values(filled):
    """Red team 43, finding 1: openpyxl reads any text of an error cell (t="e"), which was counted as the title."""
    assert problems(with_cell(filled, "D3", '<c r="D3" t="e"><v>Skjult titel</v></c>')) == [unreadable(
        filled, "D3", "den gemte fejlværdi 'Skjult titel' er ingen af Excels fejlværdier (fx #N/A eller #VALUE!)",
        "the stored error value 'Skjult titel' is none of Excel's error values (such as #N/A or #VALUE!)")]


@pytest.mark.parametrize("xml,code", [
    ('<c r="D3" t="b"><v>1</v></c>', "boolean"),  # was: the title 'True', where the spreadsheet shows TRUE
    ('<c r="D3" t="d"><v>2021-12-31T00:00:00</v></c>', "date"),  # was: '2021-12-31 00:00:00'; Excel: 44561
    ('<c r="D3" s="3"><v>44561</v></c>', "date"),  # a number in a date format: shown as a date, read as a datetime
    ('<c r="D3" s="3"><v>10000000</v></c>', "date"),  # past 9999-12-31: read as '#VALUE!', shown as ### (red team 50)
    ('<c r="E3" t="b"><v>0</v></c>', "boolean"),  # an amount: named as what it is stored as
])
def test_a_cell_stored_as_a_yes_no_or_a_date_is_refused(filled, xml, code):
    """Red teams 45 and 47: no field of the standard is a yes/no or a date, and openpyxl reads such a cell in a form
    no spreadsheet shows ('True', '2021-12-31 00:00:00'), so a text field counted what the signer did not see."""
    if 's="3"' in xml:  # a fourth cell style, in Excel's built-in date format 14
        def date_style(styles):
            styles, count = re.subn(r'<cellXfs count="3">(.*?)</cellXfs>', r'<cellXfs count="4">\1<xf numFmtId="14" '
                                    r'fontId="0" fillId="0" borderId="0" applyNumberFormat="1" xfId="0" /></cellXfs>',
                                    styles, flags=re.S)
            assert count == 1
            return styles

        rewrite_member(filled, r"xl/styles\.xml", date_style)
    with_cell(filled, xml[6:8], xml)
    said = {"boolean": (
        "er gemt som en sandhedsværdi (SAND/FALSK), som intet felt i standarden er: regnearket viser den som SAND eller "
        "TRUE, men den ville blive læst som 'True' eller 'False'. Skriv værdien som tekst eller tal.",
        "is stored as a yes/no value (TRUE/FALSE), which no field of the standard is: the spreadsheet shows it as TRUE, "
        "but it would be read as 'True' or 'False'. Write the value as a text or a number."), "date": (
        "er gemt som en dato eller et klokkeslæt, som intet felt i standarden er: regnearket viser den i cellens format "
        "eller som et serienummer, men den ville blive læst i en anden form. Skriv værdien som tekst eller tal "
        "(formatér cellen som Tekst, og skriv den igen).",
        "is stored as a date or a time, which no field of the standard is: the spreadsheet shows it in the cell's "
        "format or as a serial number, but it would be read in another form. Write the value as a text or a number "
        "(format the cell as Text, and type it again).")}[code]
    field = "title" if xml[6] == "D" else "gross_expenditure_1000_kr"
    assert problems(filled) == [f"{filled}: linje 3, felt {field}: Cellen {xml[6:8]} {said[0]} | line 3, field "
                                f"{field}: Cell {xml[6:8]} {said[1]}"]
