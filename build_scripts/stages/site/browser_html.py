"""HTML read as a browser reads it, where Python 3.11's html.parser reads it otherwise (red team 10, finding 2).

The site stage (PageScan, every built page) and validate (remote.py, every template of docs/) parse HTML with
html.parser to find what a page runs, embeds or fetches. Where the parser takes for a comment, a declaration or a
script's text what a browser reads as markup, whatever stands there would be live in the page and never checked:
- a comment: html.parser ends it only at '-->'; HTML ends it at once at '<!-->' and '<!--->', and at '--!>';
- '<![CDATA[' is a section up to ']]>' for html.parser; outside <svg> and <math>, HTML reads it (and any other '<!['
  ) as a comment up to the next '>';
- '<?' (a processing instruction, a comment up to the next '>' for HTML): refused, as the brief of the fix asks;
- a comment left open at the end of the page, or one holding '<!--' (an error in HTML, whatever it then does).
Each of these is noted (`misread`: its line and what stands there) for the caller to refuse; a CDATA section inside
<svg>/<math> is taken only when its first '>' is its end (then both readings end it there, whether a browser takes it
for a section or, out of an <svg> by an HTML tag, for a comment).

Read as HTML reads them (no refusal, nothing the real pages hold):
- <script> and <style> end at '</script' or '</style' followed by a space, '/' or '>' ('</style x>' too), as in a
  browser; a '</' of any other kind is their text;
- <title>, <textarea>, <xmp>, <iframe>, <noembed> and <noframes> hold text up to their end tag, as <script> does: a
  comment or a tag in them is text, and their end tag ends them wherever html.parser would see a comment or an
  attribute (<title><!--</title><meta …>-->);
- <script>, <style> and the elements above hold text even when written '<style/>' (a browser ignores that '/' on
  them; html.parser took what followed for markup);
- inside <svg> and <math> (foreign content), a tag is a tag wherever it stands, as HTML reads it there.
A <noscript> is read two ways by browsers (text with scripts on, markup with them off): it is noted too.

Foreign content (red team 11, finding 2). The scan keeps a stack of the open <svg> and <math> elements and closes one
only with its own end tag, '/>' as html.parser reads it ('<svg a=x/>' is open: 'x/' is the value). A browser ignores
an end tag that matches no open foreign element (<svg></math> stays in SVG): read as leaving it, the scan took the
<style> that followed for text, where the browser read a live <meta> refresh. What the scan cannot follow is noted:
- a </svg> or </math> that does not close the innermost of them;
- inside them, an element HTML reads as text (<style>, <script>, <title>, <textarea>, <xmp>, <iframe>, <noembed>,
  <noframes>, <noscript>, <plaintext>): wherever a browser has already left (an HTML tag such as <p> or <img> ends
  foreign content, and so does the end tag of an open HTML element: <span><svg></span>), it is text up to its end
  tag there, and what the scan takes for a comment in it (<style><!--</style><img …>-->) would be live;
- inside them, the points where HTML content begins again (SVG <foreignObject>, <desc> and <title>, MathML <mi>,
  <mo>, <mn>, <ms>, <mtext> and <annotation-xml>): HTML elements opened there (a formatting element a browser opens
  again before their text, too) keep a browser in the <svg> past its end tag.
With these, the scan is in foreign content wherever a browser is (and after an HTML tag that ends it, longer: that
reads more markup, not less, so it hides nothing). The site's pages hold only Material's icons, <svg><path/></svg>.
"""

import re
from html.parser import HTMLParser

from build_scripts.core.text import excerpt

FOREIGN = ("svg", "math")
FOREIGN_END = re.compile(r"</(svg|math)[\t\n\f\r />]", re.I)
TEXT_ELEMENTS = ("title", "textarea", "xmp", "iframe", "noembed", "noframes")
RAW_TEXT_ELEMENTS = ("script", "style", *TEXT_ELEMENTS)  # text up to their end tag in HTML, '/>' or not
TWO_READINGS = ("noscript",)
# Refused inside <svg>/<math> (the module's docstring): what HTML reads as text, and where HTML content begins again.
FOREIGN_REFUSED = frozenset({*RAW_TEXT_ELEMENTS, *TWO_READINGS, "plaintext", "foreignobject", "desc", "mi", "mo",
                             "mn", "ms", "mtext", "annotation-xml"})
# Where a comment that html.parser ends at '-->' ends earlier in HTML ('<!-->', '<!--->', '--!>'), or holds '<!--'.
MISREAD_COMMENT = re.compile(r"\A-?>|--!>|<!--")
# An end tag as HTML's text elements (<script>, <title> …) end at it: '</', a letter, up to a space, '/' or '>'.
RAW_TEXT_END = re.compile(r"</([A-Za-z][^\t\n\f\r />]*)[\t\n\f\r />]")
RAW_TEXT_SEARCH = re.compile(r"</")
SHOWN = 60


class BrowserHTMLParser(HTMLParser):
    """html.parser, reading as a browser does where it can, and noting where it cannot (the module's docstring):
    `misread` holds (line, what stands there) of each such place, once."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.misread: list[tuple[int, str]] = []
        self._foreign: list[str] = []  # the open <svg> and <math> elements, the innermost last

    def _misread(self, i: int) -> None:
        noted = (self.getpos()[0], excerpt(" ".join(self.rawdata[i:i + 2 * SHOWN].split()), SHOWN))
        if noted not in self.misread:  # a construct left open is read again when the parser is closed
            self.misread.append(noted)

    def parse_comment(self, i, report=1):
        end = super().parse_comment(i, report)
        if end < 0 or MISREAD_COMMENT.search(self.rawdata[i + 4:end]):
            self._misread(i)
        return end

    def parse_pi(self, i):
        self._misread(i)
        return super().parse_pi(i)

    def parse_html_declaration(self, i):
        raw = self.rawdata
        if not raw.startswith("<![", i):
            return super().parse_html_declaration(i)
        if raw.startswith("<![CDATA[", i) and self._foreign:
            end = self.parse_marked_section(i)
            if end < 0 or end != raw.find(">", i) + 1:
                self._misread(i)
            return end
        self._misread(i)
        return self.parse_bogus_comment(i)  # as HTML reads it (html.parser stops at an unknown '<![x[')

    def parse_starttag(self, i):
        end, read = self._read_starttag(i)
        if read is None:  # html.parser's text
            return end
        tag = self.lasttag
        if self._foreign:
            if self.cdata_elem:  # <script>, <style> in <svg>/<math> hold markup
                self.clear_cdata_mode()
            if tag in FOREIGN_REFUSED:
                self._misread(i)
        elif tag in RAW_TEXT_ELEMENTS:
            self.set_cdata_mode(tag)  # '<style/>' too
        elif tag in TWO_READINGS:
            self._misread(i)
        if tag in FOREIGN and read == "open":
            self._foreign.append(tag)
        return end

    def _read_starttag(self, i) -> tuple[int, str | None]:
        """html.parser's parse_starttag, and how it read the tag: 'open', 'closed' (it ends in '/>', which html.parser
        reads as a browser does: not in '<svg a=x/>') or None (as text)."""
        read = []
        for name in ("handle_starttag", "handle_startendtag"):
            def noted(tag, attrs, name=name, handler=getattr(self, name)):
                read.append(name)
                handler(tag, attrs)
            setattr(self, name, noted)
        try:
            end = super().parse_starttag(i)
        finally:
            del self.handle_starttag, self.handle_startendtag
        if end < 0 or not read:
            return end, None
        return end, "closed" if read[0] == "handle_startendtag" else "open"

    def set_cdata_mode(self, elem):
        super().set_cdata_mode(elem)
        self.interesting = RAW_TEXT_SEARCH  # each '</' in the text: parse_endtag reads it as HTML does

    def parse_endtag(self, i):
        if self.cdata_elem is None:
            end = super().parse_endtag(i)
            found = FOREIGN_END.match(self.rawdata, i)
            if end >= 0 and self._foreign and found:
                if found.group(1).lower() == self._foreign[-1]:
                    self._foreign.pop()
                else:  # a browser ignores it (<svg></math>) or closes more than the scan can tell
                    self._misread(i)
            return end
        found = RAW_TEXT_END.match(self.rawdata, i)
        if not found or found.group(1).lower() != self.cdata_elem:
            self.handle_data("</")  # the element's text
            return i + 2
        close = self.rawdata.find(">", found.end() - 1)
        if close < 0:
            return -1
        elem = self.cdata_elem
        self.handle_endtag(elem)
        self.clear_cdata_mode()
        return close + 1
