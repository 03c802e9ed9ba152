"""Stage 6: build the HTML site with MkDocs and put it in place atomically.

Reads  mkdocs.yml and build/docs/ (the Danish site), mkdocs.en.yml and
       build/docs-en/ (the English edition), both written by the pages stage.
Writes site/ with the English edition in site/en/ — but only after both
`mkdocs build --strict` runs have succeeded into a temporary folder
build/site-XXXX; a failed build leaves the old site/ untouched. The root
sitemap.xml lists the pages of both languages.

The swap: the finished folder is first renamed to build/site-new (so a complete
site is recognisable by its name), then site/ is renamed to build/site-old and
build/site-new to site/. Each rename is atomic; a build killed between the two
leaves site/ missing for that moment only: the next build (`recover(paths)`, run
before anything else) puts build/site-new, or else build/site-old, back in
place, and removes every other build/site-* folder that killed builds left.
The build lock (cli.py) makes sure no other build is using them.

Every HTML page gets a Content-Security-Policy (a meta element our theme
override docs/_overrides/main.html writes with a placeholder, filled in here)
that allows scripts, styles, images, fonts and connections from the site's own
origin only. Inline scripts are allowed by their SHA-256 hashes, but only those
the theme's templates write: the inline scripts of Material's template files
(and of our overrides) are read at build time and turned into patterns, each
template expression standing for a value without quotes, brackets or
backslashes. An inline script in a page that matches none of them stops the
build; it is never hashed. The pages are parsed as HTML (PageScan), so <SCRIPT> is a script too.
The theme's search loads on demand: its index and worker only when the reader
opens the search (SEARCH_ON_OPEN, WORKER_ON_FIRST_MESSAGE), not on every page view.
An embed page's own script is allowed by its hash (its integrity attribute), too: only a script from the site
itself (a relative address); a script from another origin, and an <iframe>, <frame>, <object> or <embed>, stop
the build naming the page (the policy would block them). So do a <meta http-equiv="refresh"> (it would send every
reader elsewhere, and CSP does not govern it), an inline event handler (on…=) and a javascript:, vbscript: or data:
address in href, src, action or formaction, unless a theme template writes it so (theme_attributes). And so does
any address the browser would fetch by itself from another origin than the site's own (a src, srcset, poster, ping,
an <object>'s data, a <link>'s href, so also a dns-prefetch or preconnect, SVG's <image>/<use> href, CSS url(…) in
a style, an SVG <set>/<animate> of an href: RESOURCE_ATTRIBUTES): the policy blocks most of them, leaving a hole
nobody is told of, and not a DNS prefetch. A link the reader follows (<a href>) may go anywhere. So does a <meta
http-equiv> other than the theme's policy and a referrer policy (THEME_HTTP_EQUIV), and every stylesheet the site
publishes is read for the same addresses (check_stylesheets; red team 10, finding 6). A page is parsed as a browser
parses it where Python's html.parser does not (browser_html): a comment that a browser ends at '<!-->' or '--!>',
'<?' and '<![CDATA[' outside <svg> stop the build naming the page and line (red team 10, finding 2), and so do, in
<svg> and <math>, an end tag a browser would not close them at and what HTML would read as text there (<style> …;
red team 11, finding 2).
Before MkDocs runs, each edition's MkDocs file is held to what validate pins in code (check_settings): no Markdown
extension, plugin or hook but the project's, no other folders (red team 9, finding 2).
The theme's search dialog gets the accessible name Material leaves out (in the
page's language, from the language file), and the
theme's script no longer fetches a sitemap.xml beside every hreflang alternate
or the feed (it does so to switch languages or versions on the same page; with
page-level alternates that is one failed request per twin, and a sitemap
fetched and parsed on every page view for the feed's link).
The theme's palette stylesheet loses one rule that made every page load restyle
the whole page twice (see PALETTE_SWITCHING_RULE).
"""

import base64
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape

from build_scripts.core import config
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import languages, say
from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt
from build_scripts.stages.site import theme_words
from build_scripts.stages.site.browser_html import BrowserHTMLParser


class BuildFailed(BuildStopped):
    """mkdocs failed (its output has been printed) or the theme changed under the site's patches."""

    closing = "site_unchanged"


CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
# Inline scripts that run in a theme template (data blocks such as JSON and JSON-LD do not run, and CSP does not
# apply to them). A template is Jinja, not HTML: it is read with this pattern; a built page is parsed (PageScan).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)
# Script types that are data blocks: the browser does not run them.
DATA_BLOCKS = ("application/json", "application/ld+json")
# Elements that embed another page or a plug-in; the policy blocks them (default-src, object-src), so a page that
# has one shows a hole: the build names the page instead.
EMBEDDING = ("iframe", "frame", "object", "embed")
# What a browser strips from both ends of an address (C0 controls and space).
C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
# What a page may not hold at all, unless a theme template writes it so (theme_attributes): a <meta
# http-equiv="refresh"> (it sends the reader elsewhere without a click, and CSP does not govern it), an inline event
# handler (on…=) and an address that runs code or holds a document inline (javascript:, vbscript:, data:) where a
# link, a source or a form's target goes (the policy blocks the first two, the browser the last: nothing a page
# should hold).
EVENT_HANDLER = re.compile(r"on[a-z]+")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
THEME_ATTRIBUTE = re.compile(r"""\s((?:on[a-z]+|href|src|action|formaction|xlink:href))=(?:"([^"]*)"|'([^']*)')""",
                             re.I)
# Where a page makes the browser fetch something itself (red team 9, finding 3): any element's src, poster, ping,
# action, formaction and background, an <object>'s data, a <link>'s or <base>'s href, the href (and xlink:href) of
# SVG's <image>, <use>, <feImage> and <script>, each candidate of a srcset (and a <link>'s imagesrcset), and the
# addresses in CSS (url(…), and strings holding an address with a host) of a style attribute or a <style> element.
# Each must be on the site's own origin (a path, or the site's own https address). A <link>'s rel dns-prefetch,
# preconnect, prefetch, prerender, preload or modulepreload is a <link>'s href too: to another host it is refused,
# though the policy cannot stop a DNS prefetch. <a href> and <area href> are links the reader follows: any site.
RESOURCE_ATTRIBUTES = ("src", "poster", "action", "formaction", "background")
RESOURCE_HREF_TAGS = ("link", "base", "image", "use", "feimage", "script")
SRCSETS = ("srcset", "imagesrcset")
SRCSET_SPACE = " \t\n\r\f"
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)", re.I)
CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
# SVG's animation elements that set an attribute to an address (red team 10, finding 6): a <set> or <animate> whose
# attributeName is href or xlink:href fetches its to, from and each of its values (separated by ';') as an <image>'s
# or <use>'s href.
SMIL_TAGS = ("set", "animate")
SMIL_HREFS = ("href", "xlink:href")
SMIL_VALUES = ("to", "from", "values")
# The <meta http-equiv> the theme writes: the page's policy (docs/_overrides/main.html; Material's templates write
# none). Any other sets what only the server's headers and the theme may (refresh sends the reader elsewhere,
# x-dns-prefetch-control turns on DNS lookups of the hosts the page links to): the build names the page, and so does
# a referrer policy (<meta name="referrer">, a referrerpolicy attribute; unsafe-url sends the page's full address to
# every site it links to), of which the theme writes none (red team 10, finding 6).
THEME_HTTP_EQUIV = ("content-security-policy",)
THEME_REFERRERS: tuple[str, ...] = ()
# An integrity attribute's hashes, which CSP takes as hash sources (options after '?' are not part of a source).
INTEGRITY_HASH = re.compile(r"sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}")


# Where the theme override puts the policy (docs/_overrides/main.html).
CSP_PLACEHOLDER = "__CONTENT_SECURITY_POLICY__"
# What may not stand before the policy's <meta>, which the browser applies only to what comes after it (red team 51,
# finding 3: an override's <style> before it reversed every number's direction): a style, a script, a stylesheet.
BEFORE_POLICY = re.compile(r"<style|<script|<link[^>]*stylesheet|\sstyle\s*=", re.I)
# The only elements that may stand before it: any other ends <head> in the browser, and a policy in <body> is not
# applied at all (red team 53, finding 5: a <span hidden> before it).
HEAD_ELEMENTS = frozenset({"!doctype", "html", "head", "meta", "link", "title"})


def not_metadata(head: str) -> bool:
    """Whether the start of a page holds more than metadata (HEAD_ELEMENTS without a style, script or stylesheet:
    BEFORE_POLICY), or text outside a <title>."""
    head = re.sub(r"<!--.*?-->|<title>[^<]*</title>", "", head, flags=re.S | re.I)
    if BEFORE_POLICY.search(head):
        return True
    for piece in re.split(r"(<[^>]*>)", head):
        name = re.match(r"</?\s*(!?[a-zA-Z][a-zA-Z0-9-]*)", piece) if piece.startswith("<") else None
        if (piece.startswith("<") and not (name and name.group(1).lower() in HEAD_ELEMENTS)) or (
                not piece.startswith("<") and piece.strip()):
            return True
    return False
# A template expression inside a theme script, e.g. {{ base_url }}: it may only stand for a plain value.
TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
TEMPLATE_VALUE = r"""[^"'<>\\\n]*"""


def material_templates() -> Path:
    """The theme's own templates: the only ones whose inline scripts, event handlers and javascript: addresses a page
    may hold (an override's would run on every page: validate refuses them, remote.py theme_script)."""
    import material

    return Path(material.__file__).parent / "templates"


@functools.cache
def theme_scripts(paths: Paths) -> tuple[re.Pattern, ...]:
    """The inline scripts the theme's own templates can write, as patterns of their rendered text."""
    patterns = []
    for template in sorted(material_templates().rglob("*.html")):
        for body in INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            if "{%" in body or "{#" in body:
                continue  # not a script we can recognise exactly; if one is rendered, the build stops
            literal = [re.escape(part) for part in TEMPLATE_EXPRESSION.split(body)]
            patterns.append(re.compile(TEMPLATE_VALUE.join(literal), re.S))
    return tuple(patterns)


@functools.cache
def theme_attributes(paths: Paths) -> frozenset[tuple[str, str]]:
    """The event handlers and javascript:/vbscript:/data: addresses the theme's templates write, as (attribute,
    value) written out (Material's search share button: href="javascript:void(0)"); one that holds a template
    expression is not among them."""
    import html

    found = set()
    for template in sorted(material_templates().rglob("*.html")):
        for name, double, single in THEME_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
            value = html.unescape(double or single)
            if "{{" not in value and "{%" not in value and (EVENT_HANDLER.fullmatch(name.lower())
                                                            or script_scheme(value)):
                found.add((name.lower(), value))
    return frozenset(found)


def script_scheme(address: str) -> str | None:
    """The scheme of an address that runs code or holds a document inline (SCRIPT_SCHEMES), read as a browser reads
    it (spaces around it, tabs and line breaks in it ignored, any case), or None."""
    read = re.sub(r"[\t\n\r]", "", address).strip(C0_OR_SPACE).lower()
    return next((scheme for scheme in SCRIPT_SCHEMES if read.startswith(scheme)), None)


def srcset_addresses(value: str) -> list[str]:
    """The address of each candidate of a srcset, read as a browser reads it (the HTML standard's algorithm: an
    address runs to the next space, a comma at its end closes the candidate, else its descriptors run to the next
    comma outside parentheses)."""
    found, i = [], 0
    while i < len(value):
        while i < len(value) and (value[i] in SRCSET_SPACE or value[i] == ","):
            i += 1
        end = i
        while end < len(value) and value[end] not in SRCSET_SPACE:
            end += 1
        if i == end:
            break
        address, i, depth = value[i:end], end, 0
        if address.endswith(","):
            found.append(address.rstrip(","))
            continue
        while i < len(value) and (value[i] != "," or depth):
            depth = 1 if value[i] == "(" else 0 if value[i] == ")" else depth
            i += 1
        found.append(address)
    return found


def css_addresses(css: str) -> list[str]:
    """The addresses a piece of CSS asks for: each url(…), and each string that holds an address with a host
    (@import "…", image-set("…")), with the CSS escapes read (u\\72l(…) is url(…))."""
    read = CSS_ESCAPE.sub(lambda m: _css_escaped(m.group(1)) if m.group(1) else m.group(2), css)
    urls = ["".join(found) for found in CSS_URL.findall(read)]  # one of the three is the address
    strings = [double or single for double, single in CSS_STRING.findall(CSS_URL.sub("", read))]
    return urls + [string for string in strings if _has_host(string)]


def foreign_css_addresses(css: str, origin: str) -> list[tuple[int, str]]:
    """(line, address) of each address in a stylesheet (css_addresses) that the browser would fetch from another
    origin than `origin`: foreign_address. The line is the one where the address is complete (an address can only
    be placed once read, escapes and all: its line is found only when there is one)."""
    foreign = [address for address in css_addresses(css) if foreign_address(address, origin)]
    if not foreign:
        return []
    found, placed, lines = [], Counter(), css.split("\n")
    for number in range(1, len(lines) + 1):
        here = Counter(address for address in css_addresses("\n".join(lines[:number]))
                       if foreign_address(address, origin))
        found += [(number, address) for address, count in (here - placed).items() for _ in range(count)]
        placed |= here
    return found


def _css_escaped(digits: str) -> str:
    """The character a CSS escape of hexadecimal digits stands for (U+FFFD for 0 and beyond Unicode)."""
    code = int(digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\uFFFD"


def _has_host(text: str) -> bool:
    parts = urlsplit_or_none(browser_address(text))
    return parts is None or bool(parts.netloc)


def theme_only_settings(tag: str, attrs: list) -> list[tuple[str, str, str]]:
    """What a start tag sets that only the theme may set (red team 10, finding 6), as (attribute, the tag as a
    message names it, value): a <meta http-equiv> other than THEME_HTTP_EQUIV, and a referrer policy (a <meta
    name="referrer">'s content, a referrerpolicy attribute) other than THEME_REFERRER_POLICIES; each value compared
    as a browser compares it (any case, spaces around it ignored), each attribute given twice read twice."""
    found = []
    referrer = tag == "meta" and any(name == "name" and (value or "").strip().lower() == "referrer"
                                     for name, value in attrs)
    for name, value in attrs:
        value = (value or "").strip()
        if tag == "meta" and name == "http-equiv" and value.lower() not in THEME_HTTP_EQUIV:
            found.append((name, tag, value))
        elif (referrer and name == "content" or name == "referrerpolicy") and value.lower() not in THEME_REFERRERS:
            found.append((name, 'meta name="referrer"' if name == "content" else tag, value))
    return found


def resource_addresses(tag: str, attrs: list) -> list[tuple[str, str]]:
    """(attribute, address) of each address in a start tag that the browser fetches by itself (RESOURCE_ATTRIBUTES
    and the like, see there; a style attribute's CSS, each candidate of a srcset, each address of a ping, each
    address an SVG animation sets an href to)."""
    found = []
    animated = tag in SMIL_TAGS and any(name == "attributename" and (value or "").strip().lower() in SMIL_HREFS
                                        for name, value in attrs)
    for name, value in attrs:
        value = value or ""
        if (name in RESOURCE_ATTRIBUTES or (name == "data" and tag == "object")
                or (name in ("href", "xlink:href") and tag in RESOURCE_HREF_TAGS)):
            found.append((name, value))
        elif name in SRCSETS:
            found += [(name, address) for address in srcset_addresses(value)]
        elif name == "ping":
            found += [(name, address) for address in value.split()]
        elif name == "style":
            found += [(name, address) for address in css_addresses(value)]
        elif animated and name in SMIL_VALUES:
            found += [(name, address.strip()) for address in (value.split(";") if name == "values" else [value])]
    return found


def browser_address(address: str) -> str:
    """An address as a browser reads it: spaces around it, tabs and line breaks in it ignored, a backslash a slash."""
    return re.sub(r"[\t\n\r]", "", address).strip(C0_OR_SPACE).replace("\\", "/")


def urlsplit_or_none(address: str):
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 (a port that is no number raises ValueError here)
    except ValueError:  # e.g. an unclosed '[' of an IPv6 host
        return None
    return parts


def foreign_address(address: str, origin: str) -> bool:
    """Whether the browser would fetch `address` from another origin than `origin` (the site's own, e.g.
    'https://example.org'): an address with a host that is not the site's, or a scheme other than https (or data:,
    which fetches nothing; javascript: and vbscript:, refused on their own: script_scheme). A path is the site's."""
    parts = urlsplit_or_none(browser_address(address))
    if parts is None:
        return True
    scheme = parts.scheme.lower()
    if not parts.netloc and (not scheme or f"{scheme}:" in SCRIPT_SCHEMES):
        return False
    own = urlsplit(origin)
    return not (scheme in ("", "https") and parts.netloc and own.scheme == "https" and parts.username is None
                and parts.password is None and parts.hostname == own.hostname and (parts.port or 443) == (own.port or 443))


class PageScan(BrowserHTMLParser):
    """What a built page asks the browser to run or embed, parsed as HTML (tag and attribute names in any case):
    the bodies of its inline scripts that run (`inline`), the integrity hashes of its scripts from the site itself
    (`own_hashes`), the addresses of scripts from elsewhere (`foreign`), the start tags of elements that embed
    another page or a plug-in (`embedded`), and what it may not hold at all (`refused`: a meta refresh, an inline
    event handler, a javascript:/vbscript:/data: address; each as the message that names it, a function of the
    page's name; but not those the theme's templates write, `allowed`; and an address the browser would fetch from
    another origin than the site's own, `origin`: foreign_address)."""

    def __init__(self, allowed: frozenset = frozenset(), origin: str = ""):
        super().__init__()
        self.allowed = allowed
        self.origin = origin
        self._style: list[str] | None = None  # the <style> element being read, and its start tag
        self._style_tag = ""
        self.inline: list[str] = []
        self.own_hashes: set[str] = set()
        self.foreign: list[str] = []
        self.embedded: list[tuple[str, str]] = []
        self.refused: list = []  # each a function of the page's name that says what is wrong
        self._body: list[str] | None = None  # the inline script being read

    def _refuse(self, tag: str, attrs: list) -> None:
        start = self.get_starttag_text() or tag

        def shown() -> str:  # the tag with the address it names; made only for a message (a page has ~500 tags)
            return excerpt(" ".join(start.split()), 120)

        for name, value in attrs:
            if (name, value or "") in self.allowed:
                continue
            if EVENT_HANDLER.fullmatch(name):
                self.refused.append(lambda page, name=name: say("event_handler", page=page, attribute=name, tag=tag,
                                                                 shown=shown()))
            elif name in URL_ATTRIBUTES and script_scheme(value or ""):
                self.refused.append(lambda page, name=name, value=value: say(
                    "script_address", page=page, scheme=script_scheme(value), attribute=name, tag=tag, shown=shown()))
        for attribute, named, value in theme_only_settings(tag, attrs):
            if attribute == "http-equiv" and value.lower() == "refresh":
                self.refused.append(lambda page: say("meta_refresh", page=page, shown=shown()))
            elif attribute == "http-equiv":
                self.refused.append(lambda page, value=value: say("meta_http_equiv", page=page,
                                                                  value=excerpt(value), shown=shown()))
            else:
                self.refused.append(lambda page, attribute=attribute, named=named, value=value: say(
                    "referrer_policy", page=page, attribute=attribute, tag=named, value=excerpt(value), shown=shown()))
        for name, address in resource_addresses(tag, attrs):
            if foreign_address(address, self.origin):
                self._foreign_resource(tag, name, address, shown)

    def _foreign_resource(self, tag: str, attribute: str, address: str, shown) -> None:
        """`shown`: a function that makes the tag as the message shows it."""
        self.refused.append(lambda page: say("foreign_resource", page=page, attribute=attribute, tag=tag,
                                             address=excerpt(address, 120), shown=shown()))

    def handle_starttag(self, tag, attrs):
        self._refuse(tag, attrs)
        if tag in EMBEDDING:
            self.embedded.append((tag, self.get_starttag_text() or tag))
        if tag == "style":
            self._style, self._style_tag = [], excerpt(" ".join((self.get_starttag_text() or tag).split()), 120)
        if tag != "script":
            return
        found = {}
        for name, value in attrs:
            found.setdefault(name, value or "")  # as a browser reads it: the first of an attribute given twice
        if "src" in found:
            if same_origin(found["src"]):
                tokens = (token.split("?", 1)[0] for token in found.get("integrity", "").split())
                self.own_hashes |= {token for token in tokens if INTEGRITY_HASH.fullmatch(token)}
            else:
                self.foreign.append(found["src"])
        elif found.get("type", "").strip().lower() not in DATA_BLOCKS:
            self._body = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":  # a browser ignores the '/' of <script/>: what follows is the script, up to </script>
            self.set_cdata_mode(tag)

    def handle_data(self, data):
        if self._body is not None:
            self._body.append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            for address in css_addresses("".join(self._style)):
                if foreign_address(address, self.origin):
                    self._foreign_resource("style", "url", address, lambda shown=self._style_tag: shown)
            self._style = None
        if tag == "script" and self._body is not None:
            self.inline.append("".join(self._body))
            self._body = None

    def close(self):
        super().close()
        if self._body is not None:  # a script left open runs to the end of the page
            self.handle_data(self.rawdata)
            self.handle_endtag("script")
        if self._style is not None:  # a style element left open, likewise
            self.handle_data(self.rawdata)
            self.handle_endtag("style")


def same_origin(src: str) -> bool:
    """Whether a script's address is a path on the site itself: no scheme and no host, read as a browser reads it
    (spaces around it, tabs and line breaks in it ignored, a backslash as a slash)."""
    address = re.sub(r"[\t\n\r]", "", src).strip(C0_OR_SPACE).replace("\\", "/")
    if address.startswith("//"):
        return False
    try:
        parts = urlsplit(address)
    except ValueError:  # e.g. an unclosed '[' of an IPv6 host
        return False
    return not parts.scheme and not parts.netloc


def own_origin(paths: Paths) -> str:
    """The site's own origin, e.g. 'https://example.org' (of the main edition's address; the others are under it)."""
    parts = urlsplit(config.site_url(paths, languages()[0].code))
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(paths: Paths, html: str, page: Path | str = "page") -> str:
    """The page's policy: the site's own origin, and the hashes of its inline scripts (each one a theme template
    writes, or the build stops naming the page) and of its own scripts' integrity attributes. A script from
    another origin and an element that embeds another page or a plug-in stop the build too: the policy would
    block them, and the page would show a hole; and so do a meta refresh, an inline event handler and a
    javascript:, vbscript: or data: address that no theme template writes (PageScan.refused), and HTML that a browser
    reads otherwise than the scan (browser_html: a comment that ends at '<!-->', <?, …)."""
    scan = PageScan(theme_attributes(paths), own_origin(paths))
    scan.feed(html)
    scan.close()
    if scan.misread:  # what it seems to hide is unchecked: named first
        line, shown = scan.misread[0]
        raise BuildFailed(say("markup_misread", page=page, line=line, shown=shown))
    if scan.foreign:
        raise BuildFailed(say("foreign_script", page=page, src=excerpt(scan.foreign[0])))
    if scan.embedded:
        tag, start = scan.embedded[0]
        raise BuildFailed(say("embedding_element", page=page, tag=tag, shown=excerpt(" ".join(start.split()))))
    if scan.refused:
        raise BuildFailed(scan.refused[0](page))
    hashes = set()
    for body in scan.inline:
        if not any(pattern.fullmatch(body) for pattern in theme_scripts(paths)):
            shown = excerpt(" ".join(body.split()))  # on one line, at most its start
            raise BuildFailed(say("inline_script", page=page, shown=shown))
        hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    hashes |= {f"'{value}'" for value in scan.own_hashes}
    return CSP.format(hashes=" ".join(sorted(hashes))).replace("  ", " ")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def search_dialog_named(lang) -> str:
    """The theme's search dialog with the accessible name Material leaves out, in the edition's words."""
    return SEARCH_DIALOG[:-1] + f' aria-label="{escape(lang.theme["search_label"])}">'


def page_language(site_dir: Path, page: Path):
    """The edition a built page belongs to: the language whose folder it is in (site/en/...), else the main one."""
    first = page.relative_to(site_dir).parts[0]
    return next((lang for lang in languages()[1:] if lang.code == first), languages()[0])


# Material's bundle fetches <href>/sitemap.xml for every link[rel=alternate] (for its version and language
# selectors, which we do not use); our hreflang links are page-level and the feed's link (type=...) is no
# version of the site, so keep the script to the others. The build stops if the theme's code no longer matches.
ALTERNATE_QUERY = 'M("link[rel=alternate]")'
ALTERNATE_QUERY_PATCHED = 'M("link[rel=alternate]:not([hreflang]):not([type])")'
# Material's palette stylesheet turns off transitions below <body data-md-color-switching>, an attribute its
# script sets and removes again on every page load (not only when the reader switches). A universal selector
# below an attribute of <body> makes the browser restyle every element of the page each time; on /data/ that
# was about half of the main thread's work at load (Lighthouse: Total Blocking Time). Without the rule, a click
# on the light/dark toggle fades the colours (the theme's own transitions) instead of switching at once.
PALETTE_SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                          "[data-md-color-switching] :before{transition-duration:0s!important}")


# Search on demand: Material's bundle starts the search worker (lunr, 39 kB) and fetches search_index.json (about
# 230 kB, 43 kB gzip) as soon as a page loads, for every reader. Two changes make both wait until the reader opens
# the search: the index is requested when the search toggle turns on (not at once, as it is over http), and the
# worker is created when the first message is posted to it (that is the index, once fetched). The build stops if
# the theme's code no longer matches (patch_theme_file).
SEARCH_AT_ONCE = 'L($(location.protocol!=="file:"),Je("search"))'
SEARCH_ON_OPEN = 'L($(!1),Je("search"))'
WORKER_AT_ONCE = "function Mn(e,t=new Worker(e)){"
WORKER_ON_FIRST_MESSAGE = (
    "function Mn(e,t=(function(u){let w,q=[];return{addEventListener(...a){w?w.addEventListener(...a):q.push(a)},"
    "removeEventListener(...a){w?w.removeEventListener(...a):q=q.filter(x=>x[0]!==a[0]||x[1]!==a[1])},"
    "postMessage(m){if(!w){w=new Worker(u);q.forEach(a=>w.addEventListener(...a))}w.postMessage(m)}}})(e)){")


def patch_theme_file(site_dir: Path, pattern: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) with `new` in the one theme file matching `pattern`."""
    files = list(site_dir.glob(pattern))
    if len(files) != 1 or files[0].read_text(encoding="utf-8").count(old) != 1:
        raise BuildFailed(f"{site_dir}: Material's {pattern} has changed; review the theme patches in build_scripts/stages/site/stage.py")
    files[0].write_text(files[0].read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def patch_theme_script(site_dir: Path) -> None:
    patch_theme_file(site_dir, "assets/javascripts/bundle.*.min.js", ALTERNATE_QUERY, ALTERNATE_QUERY_PATCHED)
    patch_theme_file(site_dir, "assets/javascripts/bundle.*.min.js", SEARCH_AT_ONCE, SEARCH_ON_OPEN)
    patch_theme_file(site_dir, "assets/javascripts/bundle.*.min.js", WORKER_AT_ONCE, WORKER_ON_FIRST_MESSAGE)
    patch_theme_file(site_dir, "assets/stylesheets/palette.*.min.css", PALETTE_SWITCHING_RULE, "")


def finish_pages(paths: Paths, site_dir: Path) -> int:
    """Post-process every HTML page: name the search dialog (in the page's language), fill in the CSP."""
    pages = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = html.replace(SEARCH_DIALOG, search_dialog_named(page_language(site_dir, page)))
        shown = page.relative_to(site_dir).as_posix()  # as the site will have it, not the temporary folder's path
        if html.count(CSP_PLACEHOLDER) != 1:
            raise BuildFailed(say("csp_placeholder", page=shown))
        if not_metadata(html[:html.rfind("<", 0, html.index(CSP_PLACEHOLDER))]):  # the text before the policy's tag
            raise BuildFailed(say("csp_not_first", page=shown))
        html = html.replace(CSP_PLACEHOLDER, str(escape(content_security_policy(paths, html, shown))))
        page.write_text(html, encoding="utf-8")
        pages += 1
    return pages


def check_stylesheets(paths: Paths, site_dir: Path) -> None:
    """Stop naming the first stylesheet the site publishes (every .css under it: docs/'s and the theme's) that asks
    for an address on another origin (url(…), @import, image-set: foreign_css_addresses; red team 10, finding 6): the
    policy blocks it, and a style goes missing that nobody is told of. Material's own hold data: addresses only (its
    icons), which fetch nothing; a comment is read as CSS (an address in it is refused too)."""
    origin = own_origin(paths)
    for sheet in sorted(site_dir.rglob("*.css")):
        found = foreign_css_addresses(sheet.read_text(encoding="utf-8", errors="replace"), origin)
        if found:
            line, address = found[0]
            raise BuildFailed(say("foreign_stylesheet", file=sheet.relative_to(site_dir).as_posix(), line=line,
                                  address=excerpt(address, 120)))


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def merge_sitemaps(main: Path, other: Path, site_da: str, site_en: str) -> None:
    """One sitemap for both languages, each page with its hreflang twins (and no compressed copies)."""
    locs = [loc.text for sitemap in (main, other) for loc in ET.parse(sitemap).getroot().iter(f"{{{SITEMAP}}}loc")]
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for loc in locs:
        path = loc[len(site_en):] if loc.startswith(site_en) else loc[len(site_da):]
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        for lang, root in (("da", site_da), ("en", site_en), ("x-default", site_da)):
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=lang, href=root + path)
    ET.indent(urlset)
    main.write_text(ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n", encoding="utf-8")
    for gz in (main.with_suffix(".xml.gz"), other.with_suffix(".xml.gz")):
        gz.unlink(missing_ok=True)


def recover(paths: Paths) -> list[str]:
    """Undo what a killed build left: a missing site/ and stale build/site-* folders. Returns what it did."""
    done = []
    new, old = paths.build_dir / "site-new", paths.build_dir / "site-old"
    if not paths.site_dir.exists():
        for candidate in (new, old):
            if candidate.is_dir():
                candidate.rename(paths.site_dir)
                done.append(f"restored site/ from build/{candidate.name}")
                break
    for stale in sorted(paths.build_dir.glob("site-*")) if paths.build_dir.exists() else []:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            done.append(f"removed build/{stale.name}")
    return done


def swap_into_place(paths: Paths, finished: Path) -> None:
    """Put a finished site in site/ (see the module's docstring for why in these steps)."""
    new, old = paths.build_dir / "site-new", paths.build_dir / "site-old"
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    finished.rename(new)
    if paths.site_dir.exists():
        paths.site_dir.rename(old)
    new.rename(paths.site_dir)
    shutil.rmtree(old, ignore_errors=True)


def check_settings(paths: Paths) -> None:
    """Stop before MkDocs runs if an edition's MkDocs file says what the build does not allow (an extension, a
    plugin, a hook, a folder, a script that the code does not pin: validate's mkdocs_settings, pinned in code):
    MkDocs would run that code or read those files; or if docs/ holds a script the code does not pin by its SHA-256
    (validate's assets.script_problems): the site would publish it, and it could change any figure in the reader's
    browser. validate names them all; this stage may run alone."""
    from build_scripts.stages.validate import assets, files

    found = files.pinned_problems(paths.root) + assets.script_problems(paths.docs_dir)
    if found:
        raise BuildFailed(str(found[0]))


def run(paths: Paths) -> str:
    check_settings(paths)
    paths.build_dir.mkdir(exist_ok=True)
    for line in recover(paths):
        print(f"[site] {line}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="site-", dir=paths.build_dir))
    # The main language's config is paths.mkdocs_yml (the one the other stages read); the editions' their own.
    editions = [(paths.mkdocs_yml if lang.is_main else lang.mkdocs(paths), tmp if lang.is_main else tmp / lang.code)
                for lang in languages()]
    stop = paths.build_dir / f"theme-stop.{tmp.name}"  # what the theme's sandbox stopped (theme_words.theme_stop)
    for mkdocs_yml, target in editions:
        result = subprocess.run(
            # Not --quiet: it hides the warnings that --strict counts, and a strict build must fail on every one.
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(mkdocs_yml),
             "--site-dir", str(target)],
            cwd=paths.root, capture_output=True, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", theme_words.STOP_FILE: str(stop)},
        )
        if result.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            if stop.exists():  # one line naming the template, not MkDocs's log
                said = stop.read_text(encoding="utf-8")
                stop.unlink()
                raise BuildFailed(said)
            print(result.stdout + result.stderr, file=sys.stderr)
            raise BuildFailed(f"mkdocs build --strict failed for {mkdocs_yml.name}")
    try:
        merge_sitemaps(tmp / "sitemap.xml", tmp / "en" / "sitemap.xml", config.site_url(paths, "da"), config.site_url(paths, "en"))
        for _, target in editions:
            patch_theme_script(target)
        check_stylesheets(paths, tmp)
        finish_pages(paths, tmp)
    except BuildFailed:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_into_place(paths, tmp)
    pages = len(list(paths.site_dir.rglob("*.html")))
    return f"mkdocs built {pages} HTML pages into site/"
