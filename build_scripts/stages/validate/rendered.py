"""The typed-number rule read on a page as the site's Markdown renders it (red team 24, findings 1 and 2).

typed_numbers.py reads a template's text line by line with its own model of Markdown: what a code fence, an
attribute list, a link definition or a footnote mark is. Where that model and Python-Markdown differ, text the
model takes for no text is shown: an indented '~~~' is no fence to Python-Markdown, and '[^80 af 98]' is text while
the site has no footnotes. This reading has no model of its own: each edition's text of the template (its branches
of `{% if lang.code == … %}`, an output as a mark that is no letter, digit or syntax) is rendered by Python-Markdown
with the extensions the site's MkDocs files name (and MkDocs's own: toc, tables, fenced_code), and the HTML is read
as the browser draws it: the text of every element but a code span, the values of the attributes a reader is shown, the
blocks apart and the letters of a line joined. The text is what the build writes (typed_numbers._pieces: whitespace
control applied), with every branch, loop and macro body in place: a code block is read too, so that no fence made
across such bodies hides a line. A number found there that the line-by-line reading did not name is
named, on the first line of the template whose joined text holds it.

The front matter is read by typed_numbers.py only (MkDocs takes it off before Markdown runs).
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import nodes

from build_scripts.core.lang import languages
from build_scripts.core.text import excerpt
from build_scripts.stages.validate.problem import Problem

LEADING_CODE = re.compile(r"^[ \t]*[\ue000\ue002]+(?=[ \t]*<)", re.M)  # an output before a tag at a line's start
MARKUP_BEFORE_TAG = re.compile(r"\ue002+[ \t]*(?=<)")  # markup before a tag in a line (it may end the line)
# markup before Markdown's punctuation (it may end with a backslash, which makes that character text: red team 36,
# finding 3)
MARKUP_BEFORE_SYNTAX = re.compile(r"\ue002[\ue000-\ue002]*(?=[!-/:-;=-@\[-`{-~])")
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")  # the extensions MkDocs adds to those its settings name
# No text of the page: a code span (a command, a file's name, a cell's example, by decision) and what a browser does
# not draw. A code block is read: the pages write none, and one that template code makes of two fence lines in
# branches never written hid a sentence the site shows (red team 26, finding 1).
NOT_SHOWN = frozenset({"script", "style", "template"})  # (a code span: _Blocks._span)


def site_extensions(root: Path) -> tuple[str, ...]:
    """The Markdown extensions both editions' MkDocs files name, of those validate allows (mkdocs_settings.EXTENSIONS:
    a file naming another is refused on its own). Both: an extension one edition lacks shows its syntax there as
    text. Where a file cannot be read (validate refuses it on its own, and nothing is built), all of those."""
    from build_scripts.stages.validate.files import _parsed_settings
    from build_scripts.stages.validate.mkdocs_settings import EXTENSIONS

    named = []
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        try:
            settings = _parsed_settings((root / name).read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - validate names an unreadable file on its own (files.py)
            return tuple(sorted(EXTENSIONS))
        entries = settings.get("markdown_extensions") if isinstance(settings, dict) else None
        if entries is None and name != "mkdocs.yml":
            continue  # the English file inherits the Danish file's
        entries = entries if isinstance(entries, (dict, list)) else []
        named.append({next(iter(e)) if isinstance(e, dict) and e else e for e in entries if isinstance(e, (str, dict))})
    return tuple(sorted(set.intersection(*named) & set(EXTENSIONS))) if named else ()


@functools.cache
def _markdown(extensions: tuple[str, ...]):
    import markdown

    return markdown.Markdown(extensions=[*MKDOCS_EXTENSIONS, *extensions],
                             extension_configs={"toc": {"permalink": True}} if "toc" in extensions else {})


def typed_number_problems(tree: nodes.Template, where: str, extensions: tuple[str, ...],
                          named: list[Problem], markup: frozenset) -> list[Problem]:
    """The numbers each edition's rendered text of the template types that the line-by-line reading (`named`) did not
    name: once a number, on the first line whose joined text holds it. `markup`: typed_numbers.markup_names(tree)."""
    from build_scripts.stages.validate import typed_numbers

    lines, numbers, found = {p.line for p in named}, {dict(p.params).get("number") for p in named}, []
    codes, pieces = [lang.code for lang in languages()], []
    typed_numbers._pieces(tree.body, frozenset(codes), pieces, markup)
    for code in codes:
        text, source_lines = typed_numbers._placed([piece for piece in pieces if code in piece[2]])
        # (code at a line's start may write nothing, and markup '\n\n': the tag after it then starts a line, and
        # may start a raw-HTML block; red team 30, finding 1, and red team 32, finding 1)
        text = LEADING_CODE.sub("", _without_front_matter(text.replace(typed_numbers.BOUNDARY, "")))
        shown = MARKUP_BEFORE_SYNTAX.sub(lambda m: m.group() + "\\", MARKUP_BEFORE_TAG.sub("\n\n", text))  # (lines: in `text`)
        for block in _shown_blocks(_markdown(extensions).reset().convert(shown)):
            number = typed_numbers.typed_value(typed_numbers.WRITTEN.sub(" ", block), code)
            if number and number not in numbers:
                line = _line_of(number, text, source_lines)
                if line not in lines:
                    numbers.add(number)
                    found.append(Problem("page_number_typed", where, line, params={"number": excerpt(number),
                                                                                   "lang": code}, kind="page_number"))
    return found


def _without_front_matter(text: str) -> str:
    from build_scripts.stages.validate.templates import FRONT_MATTER

    match = FRONT_MATTER.match(text)
    return "\n" * match.group().count("\n") + text[match.end():] if match else text


def _line_of(number: str, text: str, source_lines: list[int]) -> int | None:
    """The template's line of the first line of the text whose letters, joined as the browser draws them, hold
    `number`."""
    from build_scripts.stages.validate.typed_numbers import WRITTEN, joined

    wanted = number.casefold()
    for index, line in enumerate(text.split("\n")):
        if wanted in WRITTEN.sub(" ", joined(line)).casefold():
            return source_lines[index]
    return None


class _Blocks(HTMLParser):
    """Rendered HTML as the texts a reader is shown, block by block (typed_numbers.SEPARATING starts one; every other
    element's tags join the letters on each side), the values of the attributes a reader is shown each a block of its
    own, code spans left out unless they hold an output (a value can end a span early: red team 28, finding 1)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._hidden, self._pre, self._span = [""], 0, 0, None

    def handle_starttag(self, tag, attrs):
        from build_scripts.stages.validate.typed_numbers import SEPARATING, TEXT_ATTRIBUTES, VALUES

        self.blocks[-1:-1] = [VALUES.split(value, 1)[-1] for name, value in attrs if value and (
            name in TEXT_ATTRIBUTES or VALUES.search(value))]  # (after an output, a macro may have closed the tag)
        if tag in SEPARATING:
            self.blocks.append("")
        self._pre += tag == "pre"
        if tag == "code" and not self._pre:
            self._span = ""
        self._hidden += tag in NOT_SHOWN

    def handle_endtag(self, tag):
        from build_scripts.stages.validate.typed_numbers import SEPARATING, VALUES

        if tag in SEPARATING:
            self.blocks.append("")
        self._pre -= tag == "pre" and self._pre > 0
        if tag == "code" and self._span is not None:
            self.blocks[-1] += self._span if VALUES.search(self._span) else " "
            self._span = None
        self._hidden -= tag in NOT_SHOWN and self._hidden > 0

    def handle_data(self, data):
        if self._hidden:
            return
        if self._span is not None:
            self._span += data
        else:
            self.blocks[-1] += data


def _shown_blocks(rendered: str) -> list[str]:
    from build_scripts.stages.validate.typed_numbers import DRAWN_AS_NOTHING

    parser = _Blocks()
    parser.feed(rendered)
    parser.close()
    return [DRAWN_AS_NOTHING.sub("", re.sub(r"\s+", " ", block)) for block in parser.blocks if block.strip()]
