"""A Markdown extension that labels every body cell of a Markdown table with its column's header.

Used by MkDocs (mkdocs.yml and mkdocs.en.yml list it under markdown_extensions); reads and writes nothing.
On phones, docs/assets/stylesheets/extra.css shows each table row as a block whose cells start with their
header (`td::before { content: attr(data-label) }`), so no column is off-screen. Most of our tables are
Markdown tables, which no template writes cell by cell, so the label is added here, on the element tree
Python-Markdown builds (after its own inline processing): an attribute of an ElementTree element, which the
serializer escapes, so no header text becomes markup and no HTML is parsed or glued. Tables written as HTML
in the templates (docs/_macros/, the data page's sample rows) set `data-label="{{ header }}"` themselves.
"""

import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")  # raw HTML Python-Markdown has set aside in a header


def header_text(cell) -> str:
    return " ".join(PLACEHOLDER.sub("", "".join(cell.itertext())).split())


class LabelCells(Treeprocessor):
    def run(self, root):
        for table in root.iter("table"):
            header_row = table.find("thead/tr")
            if header_row is None:
                continue
            headers = [header_text(cell) for cell in header_row]
            for row in table.iterfind("tbody/tr"):
                for header, cell in zip(headers, row):
                    if header:
                        cell.set("data-label", header)


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md):
        # Priority 5: after the inline patterns (20) have turned header text into its final form.
        md.treeprocessors.register(LabelCells(md), "table_labels", 5)


def makeExtension(**kwargs):
    return TableLabelsExtension(**kwargs)
