"""The data diff's Markdown shows a value as it is (red team 5, finding 8): no link, image, emphasis or HTML of a
cell is rendered, no backslash escape collapses, and the two sides of a change look different whenever they differ.

The Markdown is rendered as GitHub reads a job summary (CommonMark with GFM tables; markdown-it-py follows both),
and read back from the HTML as a reader sees it: the text of each code span as it is, and outside them the code
points of characters that print nothing ('U+000A') or '∅' for an empty value.
"""

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_datadiff import _edit, repo  # noqa: F401 (repo is a fixture)

from build_scripts.commands import datadiff
from build_scripts.core.paths import Paths

GFM = MarkdownIt("commonmark").enable("table")


class Cells(HTMLParser):
    """The table rows and cells (td) and the list items (li) of rendered HTML, each cell or item as its parts:
    (tag, text) for the text in a tag inside it (a code span: 'code'), ('', text) for its text outside any tag.
    (Not BeautifulSoup: it makes a string of only spaces one space.)"""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.rows, self.cells, self.open, self.inner = [], [], False, None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "li"):
            self.cells.append([])
            if tag == "td":
                self.rows[-1].append(self.cells[-1])
            self.open = True
        elif self.open:
            self.inner = tag
            self.cells[-1].append((tag, ""))

    def handle_endtag(self, tag):
        if tag in ("td", "li"):
            self.open = False
        elif tag == self.inner:
            self.inner = None

    def handle_data(self, data):
        if self.open and self.inner:
            self.cells[-1][-1] = (self.inner, self.cells[-1][-1][1] + data)
        elif self.open:
            self.cells[-1].append(("", data))


def shown(cell) -> str:
    """What a rendered cell shows, read back as the value: its code spans' text, the code points between them."""
    value = []
    for tag, text in cell:
        if tag == "code":
            value.append(text)
            continue
        assert tag == "", f"rendered as {tag}: {cell}"
        for token in text.split():
            assert re.fullmatch(r"U\+[0-9A-F]{4,6}|∅", token), f"text outside a code span: {token!r}"
            value.append("" if token == "∅" else chr(int(token[2:], 16)))
    return "".join(value)


def table_rows(markdown: str) -> list[list]:
    """The body rows of every table in the Markdown as rendered, each as its cells (the header's are th)."""
    return [row for row in Cells(GFM.render(markdown)).rows if row]


EXAMPLES = [
    "KORA's estimate", "KORA\\'s estimate", "KORA\\\\'s estimate",
    "Invited | x ![t](https://evil.example/t.png) [link](https://evil.example/) *em*",
    "*em*", "\\*em\\*", "_em_", "<b>x</b> &amp; &lt;", "a `b` c", "``", "`", "` x `", " a ", "a ", " a", "   ", " ",
    "a\nb", "a b", "a\r\nb", "a\\nb", "U+000A", "a\u00a0b", "a\u200bb", "a\tb", "∅", "", "|", "\\|", "a\\", "#1",
    "https://evil.example/", "@someone", ":smile:", "x\\\n", "[x]: https://evil.example/",
]


def test_every_example_reads_back_as_it_is_in_a_table():
    rows = table_rows("| a | b |\n| --- | --- |\n" + "".join(f"| {datadiff._code(v)} | x |\n" for v in EXAMPLES))
    assert len(rows) == len(EXAMPLES) and all(len(cells) == 2 for cells in rows)
    assert [shown(cells[0]) for cells in rows] == EXAMPLES


def test_every_example_reads_back_as_it_is_in_a_list():
    items = Cells(GFM.render("".join(f"- {datadiff._code(v, in_table=False)}\n" for v in EXAMPLES))).cells
    assert [shown(item) for item in items] == EXAMPLES


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_any_value_reads_back_as_it_is(value):
    (cells,) = table_rows(f"| a |\n| --- |\n| {datadiff._code(value)} |\n")
    assert shown(cells[0]) == value


def test_the_code_span_is_as_commonmark_needs_it():
    assert datadiff._code("KORA\\'s") == "`KORA\\'s`"
    assert datadiff._code("a `b` c") == "``a `b` c``"
    assert datadiff._code("``x") == "``` ``x ```"
    assert datadiff._code(" a ") == "`  a  `"
    assert datadiff._code("   ") == "`   `"
    assert datadiff._code("a|b") == "`a\\|b`" and datadiff._code("a|b", in_table=False) == "`a|b`"
    assert datadiff._code("a\nb") == "`a` U+000A `b`"
    assert datadiff._code("") == "∅"


def test_the_red_teams_changes_look_different_in_the_summary(repo, tmp_path):  # noqa: F811 (the fixture)
    label = "Invited | x ![t](https://evil.example/t.png) [link](https://evil.example/) *em*"
    before_label = _edit(repo / "datapackage/data/key_figures.csv", "figure_id", "municipalities_invited",
                         {"label_en": label})["label_en"]
    statement = repo / "datapackage/data/statements.csv"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("KORA's estimate for 2010", "KORA\\'s estimate for 2010"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    assert datadiff.run(Paths(repo), "HEAD", summary, None, with_pages=False) == 0
    markdown = summary.read_text(encoding="utf-8")
    html = GFM.render(markdown)
    assert "<a " not in html and "<img" not in html and "<em>" not in html
    changes = {shown(cells[0]): (shown(cells[2]), shown(cells[3])) for cells in table_rows(markdown)
               if len(cells) == 4 and cells[1][0][0] == "code" and shown(cells[1]) in ("label_en", "statement_en")}
    assert changes == {
        "figure_id=municipalities_invited": (before_label, label),
        "statement_id=kora_half_of_municipalities": (
            "KORA's estimate for 2010 was based on answers from half of the municipalities.",
            "KORA\\'s estimate for 2010 was based on answers from half of the municipalities.")}
    assert ("| `statement_id=kora_half_of_municipalities` | `statement_en` | `KORA's estimate for 2010 was based on "
            "answers from half of the municipalities.` | `KORA\\'s estimate for 2010 was based on answers from half of "
            "the municipalities.` |") in markdown


def test_spaces_a_line_break_and_backticks_in_a_changed_cell(repo, tmp_path):  # noqa: F811 (the fixture)
    table = repo / "datapackage/data/key_figures.csv"
    _edit(table, "figure_id", "municipalities_invited", {"label_en": "   "})
    _edit(table, "figure_id", "municipalities_responding", {"label_en": "Municipalities that\nresponded"})
    _edit(table, "figure_id", "initiatives", {"label_en": "a ``b`` c"})
    markdown = datadiff.render(datadiff.diff_package(Paths(repo), "HEAD"), "HEAD", None, 30)
    new = {shown(cells[0]): shown(cells[3]) for cells in table_rows(markdown)
           if len(cells) == 4 and cells[1][0][0] == "code"}
    assert new == {"figure_id=municipalities_invited": "   ",
                   "figure_id=municipalities_responding": "Municipalities that\nresponded",
                   "figure_id=initiatives": "a ``b`` c"}
    assert "| `   ` |" in markdown and "| `Municipalities that` U+000A `responded` |" in markdown
    assert "| ```a ``b`` c``` |" in markdown
