"""What a page template (docs/: the pages, their macros, the theme's overrides, every *.md and *.html) writes that
would make the reader's browser fetch something from another host (red team 9, finding 3): the site loads nothing
from other hosts, and the policy blocks most of it (a hole in the page nobody is told of), but not a DNS prefetch.
One line per address, naming the template and its line:
- raw HTML: an attribute the browser fetches by itself (the site stage's list, site.stage.resource_addresses: src,
  srcset, poster, an <object>'s data, ping, action, formaction, background, a <link>'s href, SVG <image>/<use> href,
  CSS url(…) in a style attribute or a <style> element) written as an absolute (https://…) or protocol-relative
  (//…) address;
- a Markdown image whose address is one (![…](https://…), or a reference [x]: https://… that an image uses);
- a <link> element in a page or a macro (the theme writes the page's <link>s in its <head>);
- an SVG <set>/<animate> whose attributeName is href or xlink:href: its to, from and values are addresses;
- a <meta http-equiv> other than the theme's policy, and a referrer policy (<meta name="referrer">, referrerpolicy=),
  as the site stage names them (site.theme_only_settings; red team 10, finding 6);
- HTML that a browser reads otherwise than html.parser (a comment ended by '<!-->', '<!--->' or '--!>', one holding
  '<!--' or left open, '<?', '<![CDATA[' outside <svg>/<math>, <noscript>; in <svg>/<math>, a </svg> or </math>
  that does not close the innermost of them, <style>, <script> or another element HTML reads as text, <title>,
  <desc>, <foreignObject>, <mi> …: site/browser_html.py; red team 10, finding 2, red team 11, finding 2): what it
  seems to hide would be live in the page and never read by these checks;
- an element or attribute that sets the direction of a text (<bdo>, dir=, SVG's direction and unicode-bidi:
  DIRECTION_ATTRIBUTES; red team 16, finding 4);
- template code in a tag's name or an attribute's name (`<b{{ x }}do>`, `d{{ x }}ir=`, `<{{ tag }}>`:
  page_code_in_name), and an attribute list's key other than an id, a class and a text attribute (`{: dir=rtl }`:
  page_attribute_list_key; red team 18, findings 1-2);
- in a page or a macro, an inline <svg> (red team 17, finding 3: <text x="22 10"> drew 80 as 08, and a transform
  turned it): SVG places and turns each character by attributes no rule reads; the pages show charts as images;
- in a page or a macro, any element, attribute or class outside the pages' allow-lists (ELEMENTS, ATTRIBUTES,
  CLASSES, and what only one macro writes: MARKUP_HOMES, COMPUTED_CLASSES; red team 22, findings 2, 5 and 6);
- in a page or a macro, an HTML comment: template code can write one of its two ends and not the other, so that
  what every rule reads as a comment is shown, or the other way round (red team 26, finding 1); a page's comment is
  Jinja's {# … #}, which the build never writes;
- in a theme override, a script of its own (<script>, an event handler, a javascript: address): it would run on
  every page, and only the theme's own scripts and the site's pinned files run (the site stage allows the inline
  scripts Material's templates write, no other);
- in a stylesheet of docs/ (*.css, stylesheet_problems), each url(…), @import or image-set address on another host.
Template code ({{ … }}, {% … %}, {# … #}) is read as '…': what it computes is for the site stage, which reads
every built page with the same list (PageScan), to refuse.
"""

import re

from build_scripts.core.lang import Phrase
from build_scripts.core.text import excerpt
from build_scripts.stages.site.browser_html import BrowserHTMLParser
from build_scripts.stages.validate.problem import Problem

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# A Markdown image's text: brackets in it balanced (one level deep), a backslash escaping the next character.
IMAGE_TEXT = r"!\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
IMAGE = re.compile(IMAGE_TEXT + r"\(\s*[<]?([^\s)>]*)")
IMAGE_REFERENCE = re.compile(IMAGE_TEXT + r"(?!\()(?:\[((?:[^\]\\]|\\.)*)\])?")
DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*<?([^\s>]+)", re.M)


def blanked(source: str) -> str:
    """The template with each piece of template code as '…' (and its line breaks, so every line stays where it is):
    src="{{ url }}" is no address written in the template, src="https://{{ host }}/" one on another host. A comment
    is nothing, as Jinja writes it (red team 18: '<!--{# x #}>' is the empty comment '<!-->')."""
    return JINJA.sub(lambda m: PLACEHOLDERS[m.group(0)[:2]] + "\n" * m.group(0).count("\n"), source)


# What blanked() writes for each piece of template code: an expression's output '…', a tag '‥' (it writes nothing but
# what stands between its parts), a comment nothing.
PLACEHOLDERS = {"{{": "\u2026", "{%": "\u2025", "{#": ""}


def is_remote(address: str) -> bool:
    """Whether an address names a host (https://…, //…) or a scheme that is no path on the site: not a path, nor
    data:, javascript: or vbscript: (the site stage names those on their own)."""
    from build_scripts.stages.site import stage as site

    return site.foreign_address(address, "")


# What sets the direction of a text, so that a browser draws its characters in another order (red team 16,
# finding 4: <bdo dir="rtl"> drew 80 as 08, though every check of the page's text read 80): HTML's dir, and SVG's
# direction and unicode-bidi. The site's direction is the theme's (the <html> element's); a template sets none.
DIRECTION_ATTRIBUTES = frozenset({"dir", "direction", "unicode-bidi"})


class _Scan(BrowserHTMLParser):
    """The raw HTML's addresses the browser fetches by itself, as (line, attribute, tag, address), its <link>s, as
    (line, start tag), what it sets that only the theme may (`settings`: a <meta http-equiv>, a referrer policy), as
    (line, attribute, tag, value, start tag), and what a browser reads otherwise than this scan (`misread`)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[int, str, str, str]] = []
        self.links: list[tuple[int, str]] = []
        self.settings: list[tuple[int, str, str, str, str]] = []
        self.direction: list[tuple[int, str]] = []
        self.svgs: list[tuple[int, str]] = []
        self.hiding: list[tuple[int, str, list]] = []  # elements the stylesheets or the browser hide
        self.styled: list[tuple[int, str, str]] = []  # a style attribute or a <style> element
        self.named: list[tuple[int, str]] = []  # tags whose name, or an attribute's name, template code writes
        self.elements: list[tuple[int, str, str, list, set]] = []  # every element: its name, attributes and classes
        self.scripts: list[tuple[int, str]] = []  # a <script>, an event handler, a javascript: address
        self._style: tuple[int, list] | None = None

    def handle_starttag(self, tag, attrs):
        from build_scripts.stages.site import stage as site

        line = self.getpos()[0]
        shown = excerpt(" ".join((self.get_starttag_text() or tag).split()), 120)
        self.found += [(line, name, tag, address) for name, address in site.resource_addresses(tag, attrs)]
        if tag == "link":
            self.links.append((line, shown))
        if tag == "bdo" or {name for name, _ in attrs} & DIRECTION_ATTRIBUTES:
            self.direction.append((line, shown))
        if tag == "svg":
            self.svgs.append((line, shown))
        if tag == "style" or "style" in {name for name, _ in attrs}:
            self.styled.append((line, shown, tag))
        classes = {c.strip("\u2025") for name, value in attrs if name == "class" for c in (value or "").split()}
        hiding = sorted(classes & HIDING_CLASSES) + sorted(c for c in classes if c.startswith(THEME_CLASSES))
        if hiding:
            self.hiding.append((line, shown, hiding))
        self.elements.append((line, shown, tag, [name for name, _ in attrs if not _computed(name)], classes))
        if tag == "script" or any(site.EVENT_HANDLER.fullmatch(name) or (
                name in site.URL_ATTRIBUTES and site.script_scheme(value or "")) for name, value in attrs):
            self.scripts.append((line, shown))
        if _computed(tag) or any(_computed(name) and name.strip("\u2025") for name, _ in attrs):
            self.named.append((line, shown))  # '<b{{ x }}do>', 'd{{ x }}ir=', '{{ "dir=rtl" }}' (red team 18)
        self.settings += [(line, attribute, named, value, shown)
                          for attribute, named, value in site.theme_only_settings(tag, attrs)]
        if tag == "style":
            self._style = (line, [])

    def handle_data(self, data):
        if self._style is not None:
            self._style[1].append(data)

    def handle_endtag(self, tag):
        from build_scripts.stages.site import stage as site

        if tag == "style" and self._style is not None:
            line, css = self._style
            self.found += [(line, "url", "style", address) for address in site.css_addresses("".join(css))]
            self._style = None


def problems(source: str, where: str, page: bool) -> list[Problem]:
    """The template's addresses on other hosts (see the module's docstring); `page`: a page or a macro, where a
    <link> has no place."""
    text, home = blanked(source), where.split("/", 1)[-1]  # home: the path under docs/
    scan = _Scan()
    scan.feed(text)
    scan.close()
    found = [Problem("page_remote_address", where, line, params={
        "what": Phrase("remote_attribute", attribute=attribute, tag=tag), "address": excerpt(address, 120)},
        kind="page_template") for line, attribute, tag, address in scan.found
        if is_remote(address) and not (page and tag == "link")]  # a page's <link> is named as itself
    if page:
        found += [Problem("page_link_element", where, line, params={"shown": shown}, kind="page_template")
                  for line, shown in scan.links]
        found += [Problem("page_html_comment", where, text.count("\n", 0, match.start()) + 1, kind="page_template")
                  for match in re.finditer("<!--", text)]
        found += [Problem("page_inline_svg", where, line, params={"shown": shown}, kind="page_template")
                  for line, shown in scan.svgs]
        found += [Problem("page_inline_style", where, line, params={"shown": shown}, kind="page_template")
                  for line, shown, tag in scan.styled if (home, tag) not in STYLED_HOMES]
        found += [Problem("page_hidden_text", where, line, params={"shown": shown, "name": name}, kind="page_template")
                  for line, shown, names in scan.hiding for name in names[:1]
                  if (home, name) not in HIDING_HOMES]
        found += _markup_not_allowed(scan.elements, home, where)
    found += [Problem("page_markup_misread", where, line, params={"shown": shown}, kind="page_template")
              for line, shown in scan.misread]
    if home.startswith("_overrides/"):  # a theme override (a page's: its allow-lists)
        found += [Problem("theme_script", where, line, params={"shown": shown}, kind="page_template")
                  for line, shown in scan.scripts]
        # its own CSS: before the policy's <meta>, no policy blocks a <style> (red team 51, finding 3)
        found += [Problem("page_inline_style", where, line, params={"shown": shown}, kind="page_template")
                  for line, shown, _ in scan.styled]
    found += [Problem("page_text_direction", where, line, params={"shown": shown}, kind="page_template")
              for line, shown in scan.direction]
    found += [Problem("page_code_in_name", where, line, params={"shown": shown}, kind="page_template")
              for line, shown in scan.named + _computed_tags(text)]
    found += attribute_list_problems(text, where) + (admonition_problems(text, where) if page else [])
    found += [Problem("page_meta_http_equiv", where, line, params={"value": excerpt(value), "shown": shown},
                      kind="page_template") if attribute == "http-equiv" else
              Problem("page_referrer_policy", where, line, params={
                  "attribute": attribute, "tag": tag, "value": excerpt(value), "shown": shown}, kind="page_template")
              for line, attribute, tag, value, shown in scan.settings]
    return sorted(found + _image_problems(text, where), key=lambda p: p.line or 0)


# A tag whose name template code writes, '<{{ tag }}' or '</{{ tag }}': HTML's reader takes it for text, so no rule of
# the scan sees the element the page will have (red team 18).
COMPUTED_TAG = re.compile(r"</?[\u2026\u2025][^<>\n]*>?")


# The classes the site's pinned stylesheets hide (extra.css: display: none on screen, in a scheme, without
# JavaScript, on a phone), and the one macro each belongs to. Elsewhere in a page or a macro such a class, or the
# attribute hidden, hides text that every rule reads: '80<span class="print-only"> af </span>98' showed '8098'
# (red team 20, finding 3).
HIDING_CLASSES = frozenset({"print-only", "chart__picture--dark", "chart__picture--light", "copy-button",
                            "lang-switch", "file-meta"})
HIDING_HOMES = frozenset({("_macros/share.html", "copy-button"), ("_macros/downloads.html", "file-meta")})
# The theme's own classes (Material's stylesheet hides .md-toggle and .tabbed-block, and more): none in a page or a
# macro (red team 21, finding 4).
THEME_CLASSES = ("md-", "tabbed-")
# A style of a page's own (style=, <style>) draws as a stylesheet does, and only the pinned stylesheets may (red team
# 20, finding 5: the CSP blocks them today, this is the second line). The one the site writes: the <iframe> of the
# embed code a chart's toolbar offers.
STYLED_HOMES = frozenset({("_macros/chart.html", "iframe")})


# The elements and attributes a page or a macro may write: those of text, lists, tables, disclosure and a figure.
# Every other element a browser knows draws, hides, places or fetches in a way of its own, and a list of the ones
# that do always missed one: <bdi> turned '80 / 98' by the direction of a letter beside them, popover=, <title>,
# <audio>, <meter> and <noembed> hid the word between two figures, <object> passed validate and stopped the site
# stage (red team 22, findings 2, 5 and 6; before them <template>, <ruby>, <font color>, hidden: red team 21). The
# elements with rules of their own (ELEMENT_RULES: <svg>, <link>, <bdo>, <style>) are named by those.
ELEMENTS = frozenset(
    "a abbr b blockquote br caption cite code dd details div dl dt em figcaption figure h2 h3 h4 h5 h6 hr i kbd li "
    "ol p pre span strong sub summary sup table tbody td tfoot th thead tr ul".split())
ATTRIBUTES = frozenset(
    "class id lang title href role tabindex markdown scope colspan rowspan aria-label download data-label data-count "
    "data-verdict".split())
# What only the one macro that writes it may: a chart's picture and the embed code it shows as text (an <iframe> and
# a <script> in a text that is escaped where it is shown), the figures' structured data, a copy button.
MARKUP_HOMES = {
    "_macros/chart.html": frozenset("picture source img iframe script src srcset media width height alt loading "
                                    "decoding async integrity crossorigin".split()),
    "_macros/figures.html": frozenset({"script", "type"}),
    "_macros/share.html": frozenset({"button", "type", "data-clipboard-target", "data-clipboard-text"}),
    "_macros/downloads.html": frozenset({"data-snippet"}),
}
ELEMENT_RULES = frozenset({"svg", "link", "bdo", "style"})
# The classes a page or a macro may give: the site's own (styled by its pinned stylesheets, or a hook its tests read,
# as chart__tool--svg and data-preview are). Any other
# class is the theme's, and Material's stylesheet hides, fades or moves a text by many of them (.headerlink is
# transparent until pointed at): the theme's own classes, and the site's hiding ones outside their homes, are named
# by page_hidden_text. A class that template code writes part of: only where one macro writes it (COMPUTED_CLASSES).
CLASSES = frozenset(
    "box chart chart__data chart__downloads chart__embed-code chart__image chart__picture chart__source chart__title "
    "chart__tool chart__tool--data chart__tool--embed chart__tool--image chart__tool--permalink chart__tool--svg "
    "chart__tool--xlsx chart__toolbar citation citation__bibtex citation__ref cite-box cite-box__apa cite-box__bibtex "
    "cite-box__label data-dictionary data-preview downloads downloads__group figure-card figure-card--derived figure-card--flagged "
    "figure-card__basis figure-card__flag figure-card__label figure-card__value figure-cards file-list format-links "
    "grid-2 markdown-from-data num num-2 num-2-3 num-cols records scope-note snippet source-entry source-ref table-files "
    "table-scroll url".split())
SHOWN_CLASSES = CLASSES - HIDING_CLASSES  # the classes a page may write anywhere
COMPUTED_CLASSES = frozenset({("_macros/chart.html", "chart__picture--"), ("_macros/downloads.html", "language-")})
ATTRIBUTE_RULES = DIRECTION_ATTRIBUTES | {"style"}


def _markup_not_allowed(elements: list, home: str, where: str) -> list[Problem]:
    """Each element, and each attribute, that a page or a macro may not write (ELEMENTS, ATTRIBUTES, MARKUP_HOMES),
    once per line."""
    allowed, found = MARKUP_HOMES.get(home, frozenset()), {}
    for line, shown, tag, names, classes in elements:
        for name in sorted(classes - CLASSES - HIDING_CLASSES):
            if not name.startswith(THEME_CLASSES) and (home, name.split("\u2026")[0]) not in COMPUTED_CLASSES:
                found.setdefault(line, Problem("page_class_not_allowed", where, line, params={
                    "shown": shown, "name": name}, kind="page_template"))
        if tag not in ELEMENTS | allowed | ELEMENT_RULES and not _computed(tag):
            found.setdefault(line, Problem("page_element_not_allowed", where, line, params={
                "shown": shown, "name": tag}, kind="page_template"))
        for name in names:
            if name not in ATTRIBUTES | allowed | ATTRIBUTE_RULES:
                found.setdefault(line, Problem("page_attribute_not_allowed", where, line, params={
                    "shown": shown, "name": name}, kind="page_template"))
    return list(found.values())


def _computed(name: str) -> bool:
    """Whether template code writes part of a tag's or an attribute's name (a tag alone between attributes, `{% if x
    %} lang="da"{% endif %}`, is none)."""
    return "\u2026" in name or "\u2025" in name


def _computed_tags(text: str) -> list[tuple[int, str]]:
    return [(text.count("\n", 0, match.start()) + 1, excerpt(match.group(), 120)) for match in COMPUTED_TAG.finditer(text)]


# A Markdown attribute list as attr_list reads one (its BASE_RE: the colon is optional), and the keys it may set: an
# id, a class, and an attribute a reader is shown, which typed_numbers.py reads (red team 18, finding 2:
# `*{{ a }} / {{ b }}*{: dir=rtl }` drew '80 / 98' as '98 / 80'; the tag rules above read only tags).
ATTRIBUTE_LIST = re.compile(r"\{\:?[ ]*([^\}\n ][^\n]*)\}")  # greedy, as attr_list's: a '}' may stand in a value


def attribute_list_problems(text: str, where: str) -> list[Problem]:
    """Each key of an attribute list that is no id, class or text attribute, once per line."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    from build_scripts.stages.validate.typed_numbers import TEXT_ATTRIBUTES

    found = {}
    fence = re.match(r"---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", text, re.M | re.S)  # the front matter: YAML, no Markdown
    starts = [i for i in range(fence.end() if fence else 0, len(text)) if text[i] == "{"]
    for match in filter(None, (ATTRIBUTE_LIST.match(text, i) for i in starts)):  # from every '{' (red team 19)
        pairs, _ = get_attrs_and_remainder(match.group(1))
        for key, _value in pairs:
            tokens = set(str(_value).split())
            hides = key.lower() in ("class", ".") and not tokens <= SHOWN_CLASSES
            if hides or key.lower() not in ("id", "#", "class", ".", "lang", *TEXT_ATTRIBUTES):
                found.setdefault(text.count("\n", 0, match.start()) + 1, key)
    return [Problem("page_attribute_list_key", where, line, params={"key": excerpt(key)}, kind="page_template")
            for line, key in sorted(found.items())]


# An admonition as Python-Markdown's admonition extension reads one: '!!! type more classes "title"'. Every word after
# '!!!' is a class of the block (red team 24, finding 3: '!!! note print-only' hid a block on screen), and without a
# title the extension writes its type's English name ('Note') on every edition.
ADMONITION = re.compile(r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)')
ADMONITION_TYPES = frozenset("note abstract info tip success question warning failure danger bug example quote".split())


def admonition_problems(text: str, where: str) -> list[Problem]:
    """Each admonition whose classes are not a type of the theme's and the site's own classes, or without a title."""
    found = []
    for match in ADMONITION.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1
        kind, *classes = match.group(1).split()
        wrong = [name for name in [kind] if name not in ADMONITION_TYPES]
        wrong += [name for name in classes if name not in SHOWN_CLASSES]
        if wrong:
            found.append(Problem("page_class_not_allowed", where, line, params={
                "shown": excerpt(match.group().strip(), 120), "name": wrong[0]}, kind="page_template"))
        elif match.group(2) is None:
            found.append(Problem("page_admonition_untitled", where, line, params={
                "shown": excerpt(match.group().strip(), 120)}, kind="page_template"))
    return found


def stylesheet_problems(source: str, where: str) -> list[Problem]:
    """Each address a stylesheet of docs/ asks for on another host (url(…), @import, image-set; the site stage's
    rule, site.foreign_css_addresses), with its line."""
    from build_scripts.stages.site import stage as site

    return [Problem("stylesheet_remote_address", where, line, params={"address": excerpt(address, 120)},
                    kind="remote_stylesheet") for line, address in site.foreign_css_addresses(source, "")]


def _image_problems(text: str, where: str) -> list[Problem]:
    """Markdown images whose address, written in place or in the reference they use, is on another host."""
    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    found = [Problem("page_remote_address", where, line(m.start()), params={
        "what": Phrase("remote_image"), "address": excerpt(m.group(2), 120)}, kind="page_template")
        for m in IMAGE.finditer(text) if is_remote(m.group(2))]
    labels = {_label(m.group(2) or m.group(1)) for m in IMAGE_REFERENCE.finditer(text)}
    found += [Problem("page_remote_address", where, line(m.start()), params={
        "what": Phrase("remote_image_reference", label=excerpt(m.group(1))), "address": excerpt(m.group(2), 120)},
        kind="page_template") for m in DEFINITION.finditer(text) if _label(m.group(1)) in labels
        and is_remote(m.group(2))]
    return found


def _label(label: str) -> str:
    """A reference's label as Markdown matches it: any case, runs of space as one."""
    return " ".join(label.split()).casefold()
