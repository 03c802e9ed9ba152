"""Workbooks and ZIP files that readers can trust and compare: every text cell is text (never a formula, whatever
it starts with), and the same content gives the same bytes (the package's `created` time instead of the clock).

Used by the downloads stage (every table, the combined workbook, the ZIP) and the charts stage (each chart's data).
Reads the package's descriptor (its `created`: `created()`). Writes the file it is given.
"""

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from build_scripts.core import package


def created(package_json: Path) -> datetime:
    """The package's `created` time, which every workbook and ZIP carries instead of the time of the build."""
    return datetime.fromisoformat(package.descriptor(package_json)["created"].replace("Z", "+00:00")).replace(tzinfo=None)


# What Excel reads in a stored text as an escape of a character ('_xFEFF_' is U+FEFF): its '_' is written escaped
# itself ('_x005F_'), so that Excel shows the text as the other downloads hold it (red team 41, finding 3).
EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def escape_texts(ws) -> None:
    """Write each text of a sheet so that Excel shows it as it is: '_xFEFF_' as those letters."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and EXCEL_ESCAPE.search(cell.value):
                kind = cell.data_type  # (openpyxl would take a new value beginning with '=' for a formula)
                cell.value = EXCEL_ESCAPE.sub("_x005F_", cell.value)
                cell.data_type = kind


def text_cells(ws) -> None:
    """Store every text cell of a sheet as text: a value such as '=HYPERLINK(…)' can never become a formula, and
    '_xFEFF_' is shown as those letters (escape_texts)."""
    escape_texts(ws)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def write_frame(ws, df: pd.DataFrame) -> None:
    """A table as a sheet: its header row, one row per record (empty cells empty), text as text, the header frozen."""
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    text_cells(ws)
    ws.freeze_panes = "A2"


def save(wb, path, stamp: datetime) -> None:
    """Save a workbook so that identical content gives identical bytes (`stamp`: the package's `created`)."""
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "kommunernes-ikke-lovpligtige-integrationsindsatser"
    wb.save(path)
    normalise_zip(path, stamp)


def normalise_zip(path, stamp: datetime) -> None:
    """Rewrite a workbook with fixed timestamps: openpyxl stamps the time of creating and saving into
    docProps/core.xml and into each member; the package's `created` goes there instead."""
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        items = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    items = [(name, re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + text, data)
              if name == "docProps/core.xml" else data) for name, data in items]
    write_zip(path, items, stamp)


def write_zip(path, items, stamp: datetime) -> None:
    """A ZIP of (name, bytes) items, each stamped with `stamp` (the package's `created` time)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
