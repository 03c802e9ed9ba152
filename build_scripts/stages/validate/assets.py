"""docs/'s scripts and stylesheets, as `validate` reads them: what they make a page show (red team 16, finding 1: a
stylesheet's `content: " (81 af 98 kommuner svarede)"` stated a number and a claim on every page, and a script in
extra_javascript rewrote every "80" on the site to "81" in the reader's browser; validate and the build passed both).

Scripts are code, not data. SCRIPTS pins every script of docs/ (each file named *.js, *.mjs or *.cjs, in any case,
outside _templates/, whose files are templates the code renders) by the SHA-256 of its bytes: a script runs in the
reader's browser on every page that loads it and can change any figure there, and no rule can read what it does.
validate refuses any other script file, and a pinned one whose bytes differ, in one line naming the file
(script_problems); the MkDocs files may list in extra_javascript only a pinned script (mkdocs_settings), and the site
stage checks both before MkDocs runs (site.check_settings). A change to a script is a change to the code: its new
SHA-256 is written in SCRIPTS in the same commit, and reviewed as code.

Stylesheets (every *.css of docs/: stylesheet_problems) neither write text nor change how a page's text is drawn,
since no rule reads what a stylesheet puts on the screen. Each is refused with its line:
- in `content`, anything but `none`, `normal`, quoted strings with no letter and no digit of any script and no
  format character (a direction mark could turn the figure beside it around), and attr() of href (an address) or
  of an attribute the pages' typed-number rule reads as text (typed_numbers.TEXT_ATTRIBUTES: data-label, title…),
  side by side (extra.css: `" (" attr(href) ")"`, `attr(data-label)`, `"⚠ "`). A string is read as the browser
  reads it, escapes and all (`"\\38 0"` and `"\\000038 0"` are "80"). counter() and counters() are refused: they
  make numbers no one typed; so are var() (its value is a custom property's, which nobody reads as text), attr()'s
  fallback and every other function or keyword;
- a string with a letter or a digit in the other properties that draw their strings on the page (quotes,
  list-style, list-style-type, text-overflow, hyphenate-character, text-emphasis, text-emphasis-style), and any
  function there but a colour's, an image's or a gradient's (counter(), symbols(), var(), attr()…);
- whatever their value: direction and unicode-bidi (`direction: rtl; unicode-bidi: bidi-override` draws "80" as
  "08"), text-security (draws each character as a disc or a square: a figure masked), transform, rotate and scale (a
  mirror or a half turn draws "80" as "08": 0 and 8 look the same either way), -webkit-box-reflect (a mirrored copy
  of the figure beside it) and counter-reset, counter-set and counter-increment (they change the numbers an ordered
  list shows);
- @font-face (a font file can draw any digit as another; the site uses the theme's fonts) and @counter-style (the
  symbols a list is numbered with);
- a data: address anywhere (url(data:…), "data:…" in image-set or @import): the image written into it can show any
  text, and the pages may hold none either (the site stage's PageScan).
Names are read as a browser reads them (CSS Syntax): in any case, with their escapes read (`con\\74 ent` is
content), a vendor prefix aside (-webkit-text-security is text-security), comments skipped, strings with braces or
semicolons kept whole. Every `name:` is read as a declaration, wherever it stands (a nested rule, @media,
@keyframes): a selector such as `content:hover` is refused too, which no stylesheet of the site writes.
"""

import functools
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from build_scripts.core.text import excerpt
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.typed_numbers import TEXT_ATTRIBUTES

# The scripts of docs/, by path in it, and the SHA-256 of their bytes. A change to a script is a change to the code:
# write its new SHA-256 here in the same commit (sha256sum docs/<path>; validate names it too), and a new script is
# added here, with its hash, or validate refuses it (see the module's docstring).
SCRIPTS = {
    "assets/javascripts/embed-height.js": "805eb0b1243357b0959975327033deccea6744bd641ede6e17fadd6b45f76a1e",
}
# The stylesheets of docs/, pinned the same way (red team 17, finding 2): a stylesheet's selectors and properties
# decide what a figure looks like (`::first-letter { font-size: 0 }` drew 318 as 18 on every key figure card;
# `flex-direction: row-reverse` swapped two figures; `offset-rotate` turned one upside down), and reading them
# property by property always misses one more way to draw. stylesheet_problems still reads every stylesheet (for a
# maintainer who changes one); the pin makes the change a change of the code, reviewed as code.
STYLESHEETS = {
    "assets/stylesheets/embed.css": "3c664b2ce04ef4c7ad80f967dac86712f7925f205da74137aafd075aff9201eb",
    "assets/stylesheets/extra.css": "5091f775e8dde4a9f8b8617b758d3c5fb526480fb0d4cd7dd83ccce6ac545e95",
}
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs")
RENDERED = "_templates"  # the templates the code renders (embed-resize.js among them): templates.py reads them

# content: the keywords, and the attributes attr() may show (an address, or a text the typed-number rule reads).
CONTENT_KEYWORDS = ("none", "normal")
SHOWN_ATTRIBUTES = ("href", *TEXT_ATTRIBUTES)
# The other properties that draw their strings on the page, and the functions they may hold (colours, images).
STRING_PROPERTIES = ("quotes", "list-style", "list-style-type", "text-overflow", "hyphenate-character",
                     "text-emphasis", "text-emphasis-style")
DRAWING_FUNCTIONS = ("rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
                     "light-dark", "url", "image-set", "linear-gradient", "radial-gradient", "conic-gradient",
                     "repeating-linear-gradient", "repeating-radial-gradient", "repeating-conic-gradient")
# Refused whatever their value: they turn, mirror or mask what a text shows, or number lists (the docstring).
CHANGING_PROPERTIES = ("direction", "unicode-bidi", "text-security", "transform", "rotate", "scale", "box-reflect",
                       "counter-reset", "counter-set", "counter-increment")
CHANGING_AT_RULES = ("font-face", "counter-style")
VENDOR = re.compile(r"-(?!-)[a-z0-9]+-")  # -webkit-, -moz-…: the property itself


def problems(docs_dir: Path) -> list[Problem]:
    """The scripts' problems and the other files' (file_problems), then each stylesheet's (see the module's
    docstring)."""
    found = script_problems(docs_dir)
    for path in _files(docs_dir, (".css",)):
        where = path.relative_to(docs_dir.parent).as_posix()
        data = path.read_bytes()
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as err:
            found.append(Problem("page_not_utf8", where, data[: err.start].count(b"\n") + 1, kind="wrong_encoding"))
            continue
        found += _stylesheet_text_problems(source, where)
    return found


# Keyed by the stylesheet's text and the name its problems give, all they depend on: the rules are code (this
# module's, remote.py's and the site stage's reading of addresses). Validate reads the same two stylesheets every
# time (a test run: some thousand times, each in another copy of docs/).
@functools.lru_cache(maxsize=64)
def _stylesheet_text_problems(source: str, where: str) -> tuple[Problem, ...]:
    """A stylesheet's problems, its addresses on other hosts (remote.py) and its own, by line."""
    from build_scripts.stages.validate import remote  # its addresses on other hosts

    return tuple(sorted(remote.stylesheet_problems(source, where) + stylesheet_problems(source, where),
                        key=lambda p: p.line or 0))


def _files(docs_dir: Path, suffixes: tuple) -> list[Path]:
    """The files of docs/ whose names end in one of `suffixes`, in any case."""
    return [path for path in sorted(docs_dir.rglob("*")) if path.suffix.lower() in suffixes and path.is_file()]


def file_problems(docs_dir: Path) -> list[Problem]:
    """Each file of docs/ that is neither a template (templates.is_template: the pages, *.md and *.html, and the
    files of the template folders), nor a stylesheet, nor a script (script_problems): an image, a font, a text file.
    The browser shows or runs such a file as it is (an SVG's text, a font's digits, a .txt loaded as a script), and no
    rule reads it (red team 16, finding 1). In the theme's folder (_overrides/), only *.html: MkDocs renders those
    and publishes every other file of it as it is, whatever its name (red team 17, finding 1: a .txt there was
    loaded as a script on every page, and an .svg drew '81')."""
    from build_scripts.stages.validate import templates

    def allowed(name: str) -> bool:
        if name.split("/")[0] == templates.THEME:
            return name.endswith(".html")
        return templates.is_template(name) or Path(name).suffix.lower() in (".css", *SCRIPT_SUFFIXES)

    return [Problem("docs_file_kind", path.relative_to(docs_dir.parent).as_posix(),
                    params={"suffix": excerpt(path.suffix or path.name)}, kind="invalid_file")
            for path in sorted(docs_dir.rglob("*"))
            if path.is_file() and not allowed(path.relative_to(docs_dir).as_posix())]


def script_problems(docs_dir: Path) -> list[Problem]:
    """Each script and stylesheet of docs/ outside _templates/ that SCRIPTS or STYLESHEETS does not pin, or whose
    bytes are not the ones pinned; and each other file of a kind docs/ may not hold (file_problems)."""
    found = file_problems(docs_dir)
    for suffixes, pinned, (unpinned, changed) in ((SCRIPT_SUFFIXES, SCRIPTS, ("script_not_pinned", "script_changed")),
                                                   ((".css",), STYLESHEETS,
                                                    ("stylesheet_not_pinned", "stylesheet_changed"))):
        for path in _files(docs_dir, suffixes):
            name = path.relative_to(docs_dir).as_posix()
            if name.split("/")[0] == RENDERED:
                continue
            where, actual = path.relative_to(docs_dir.parent).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()
            if name not in pinned:
                found.append(Problem(unpinned, where, params={"actual": actual}, kind="unpinned_asset"))
            elif actual != pinned[name]:
                found.append(Problem(changed, where, params={"actual": actual, "pinned": pinned[name]},
                                     kind="unpinned_asset"))
    return found


# --- stylesheets ----------------------------------------------------------------------------------------------------


class Token(NamedTuple):
    """A CSS token (CSS Syntax 3, section 4): its kind ('ident', 'function', 'at', 'hash', 'string', 'bad-string',
    'url', 'bad-url', 'number', 'ws', 'delim', 'cdo', 'cdc' or the character itself: ':', ';', ',', '(', ')', '[',
    ']', '{', '}'), its value with the escapes read (a name, a string's text, a url's address, the character) and
    the line it starts on."""

    kind: str
    value: str
    line: int


def stylesheet_problems(source: str, where: str) -> list[Problem]:
    """What a stylesheet writes or changes of a page's text, with its line (see the module's docstring)."""
    from build_scripts.stages.site.stage import browser_address

    tokens = css_tokens(source)
    found, said = [], set()
    for token in tokens:
        if token.kind == "at" and _plain(token.value) in CHANGING_AT_RULES:
            found.append(_changes(where, token.line, "@" + _plain(token.value)))
    for at, name, value in _declarations(tokens):
        if name in CHANGING_PROPERTIES:
            found.append(_changes(where, tokens[at].line, name))
        elif name == "content" or name in STRING_PROPERTIES:
            shown = _shown(tokens, value, name)
            said |= {i for i, _ in shown}  # a data: address among them is named as shown text
            found += [Problem("stylesheet_shows_text", where, tokens[i].line, params={
                "property": name, "shown": excerpt(text, 120)}, kind="stylesheet_text") for i, text in shown]
    found += [Problem("stylesheet_data_address", where, token.line, params={"address": excerpt(token.value, 120)},
                      kind="stylesheet_text") for i, token in enumerate(tokens)
              if token.kind in ("url", "string") and i not in said
              and browser_address(token.value).lower().startswith("data:")]
    return sorted(found, key=lambda p: p.line)


def _changes(where: str, line: int, what: str) -> Problem:
    return Problem("stylesheet_changes_text", where, line, params={"what": what}, kind="stylesheet_text")


def _lower(name: str) -> str:
    """A name in lower case as CSS and HTML fold it (ASCII letters only)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in name)


def _plain(name: str) -> str:
    """A property's, a function's or an at-rule's name as it is matched: in lower case, without a vendor prefix."""
    lower = _lower(name)
    return VENDOR.sub("", lower, count=1) if VENDOR.match(lower) else lower


def _declarations(tokens: list[Token]) -> list[tuple[int, str, list[int]]]:
    """(index of the name, plain name, indexes of the value's tokens) of each `name:` in the stylesheet: the value
    runs to the ';', '}' or '{' that ends it outside brackets."""
    found = []
    for at, token in enumerate(tokens):
        if token.kind != "ident":
            continue
        colon = _next(tokens, at)
        if colon is None or tokens[colon].kind != ":":
            continue
        value, depth = [], 0
        for i in range(colon + 1, len(tokens)):
            kind = tokens[i].kind
            if depth == 0 and kind in (";", "}", "{"):
                break
            depth += 1 if kind in ("function", "(", "[") else -1 if kind in (")", "]") and depth else 0
            value.append(i)
        found.append((at, _plain(token.value), value))
    return found


def _next(tokens: list[Token], at: int) -> int | None:
    """The index of the first token after `at` that is not white space."""
    return next((i for i in range(at + 1, len(tokens)) if tokens[i].kind != "ws"), None)


def _shown(tokens: list[Token], value: list[int], name: str) -> list[tuple[int, str]]:
    """(index, as the message shows it) of each part of a `content` value (or another property's that draws its
    strings) that may show a text no rule reads: see the module's docstring."""
    found, depth = [], 0
    for place, i in enumerate(value):
        token = tokens[i]
        if depth == 0 and token.kind == "string" and _writes(token.value):  # in url("…"): an address
            found.append((i, f'"{token.value}"'))
        elif depth == 0 and token.kind == "function" and not _function_allowed(tokens, value[place:], name):
            found.append((i, f"{token.value}(…)"))
        elif depth == 0 and name == "content" and not _content_part(tokens, value, place):
            found.append((i, _as_written(token)))
        depth += 1 if token.kind in ("function", "(", "[") else -1 if token.kind in (")", "]") and depth else 0
    return found


def _writes(text: str) -> bool:
    """Whether a string shows a letter or a digit (any script), or holds a format character (a direction mark)."""
    return any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Cf" for c in text)


def _function_allowed(tokens: list[Token], rest: list[int], name: str) -> bool:
    """Whether the function that starts `rest` may stand in the property: in content, attr() of one attribute of
    SHOWN_ATTRIBUTES; elsewhere, a colour's, an image's or a gradient's."""
    function = _plain(tokens[rest[0]].value)
    if name != "content":
        return function in DRAWING_FUNCTIONS
    if function != "attr":
        return False
    inside = []
    for i in rest[1:]:
        if tokens[i].kind == ")":
            break
        if tokens[i].kind != "ws":
            inside.append(tokens[i])
    return len(inside) == 1 and inside[0].kind == "ident" and _lower(inside[0].value) in SHOWN_ATTRIBUTES


def _content_part(tokens: list[Token], value: list[int], place: int) -> bool:
    """Whether the top-level token at `place` of a content value is one it may hold: white space, a string (its
    characters read on their own), a function (read on its own), none, normal, or '!important'."""
    token = tokens[value[place]]
    if token.kind in ("ws", "string", "function"):
        return True
    if token.kind == "ident":
        before = [tokens[i] for i in value[:place] if tokens[i].kind != "ws"]
        important = bool(before) and before[-1].kind == "delim" and before[-1].value == "!"
        return _plain(token.value) in CONTENT_KEYWORDS or (important and _plain(token.value) == "important")
    return token.kind == "delim" and token.value == "!"


def _as_written(token: Token) -> str:
    """A token as a message shows it."""
    return {"url": f"url({token.value})", "hash": f"#{token.value}", "at": f"@{token.value}",
            "bad-string": f'"{token.value}'}.get(token.kind, token.value or token.kind)


# --- the tokenizer --------------------------------------------------------------------------------------------------

HEX = frozenset("0123456789abcdefABCDEF")
DIGITS = frozenset("0123456789")
SPACE = frozenset(" \t\n")
PUNCTUATION = frozenset("()[]{},:;")


def css_tokens(css: str) -> list[Token]:
    """The stylesheet's tokens, comments left out (see Token)."""
    return _Tokenizer(css).run()


class _Tokenizer:
    """CSS Syntax 3's tokenizer (section 4.3), which the browser reads a stylesheet with; what it needs only to parse
    (a number's value, a token's flags) is left out."""

    def __init__(self, css: str):
        # The input as the browser preprocesses it: CR LF, CR and FF are a line break, NUL is U+FFFD.
        self.s = css.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\0", "\ufffd")
        self.i = 0
        self._line, self._counted = 1, 0

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.s[j] if j < len(self.s) else ""

    def run(self) -> list[Token]:
        out = []
        while True:
            while self.s.startswith("/*", self.i):  # a comment, to its end or the file's
                end = self.s.find("*/", self.i + 2)
                self.i = len(self.s) if end < 0 else end + 2
            if self.i >= len(self.s):
                return out
            start = self.i
            kind, value = self._token()
            self._line += self.s.count("\n", self._counted, start)
            self._counted = start
            out.append(Token(kind, value, self._line))

    def _token(self) -> tuple[str, str]:
        c = self.s[self.i]
        if c in SPACE:
            while self.peek() in SPACE and self.peek():
                self.i += 1
            return "ws", " "
        if c in "\"'":
            return self._string(c)
        if c in PUNCTUATION:
            self.i += 1
            return c, c
        if self._starts_number(0):
            return self._numeric()
        if c == "#" and (_name_char(self.peek(1)) or self._escape_at(1)):
            self.i += 1
            return "hash", self._name()
        if c == "-" and self.s.startswith("-->", self.i):
            self.i += 3
            return "cdc", "-->"
        if c == "<" and self.s.startswith("<!--", self.i):
            self.i += 4
            return "cdo", "<!--"
        if c == "@" and self._starts_ident(1):
            self.i += 1
            return "at", self._name()
        if self._starts_ident(0):
            return self._ident_like()
        self.i += 1
        return "delim", c

    def _escape_at(self, ahead: int) -> bool:
        """Whether a valid escape starts `ahead`: a backslash not followed by a line break."""
        return self.peek(ahead) == "\\" and self.peek(ahead + 1) != "\n"

    def _starts_ident(self, ahead: int) -> bool:
        c = self.peek(ahead)
        if c == "-":
            after = self.peek(ahead + 1)
            return _name_start(after) or after == "-" or self._escape_at(ahead + 1)
        return _name_start(c) or self._escape_at(ahead)

    def _starts_number(self, ahead: int) -> bool:
        c = self.peek(ahead)
        if c in ("+", "-"):
            ahead, c = ahead + 1, self.peek(ahead + 1)
        if c == ".":
            return _digit(self.peek(ahead + 1))
        return _digit(c)

    def _numeric(self) -> tuple[str, str]:
        start = self.i
        if self.peek() in ("+", "-"):
            self.i += 1
        self._digits()
        if self.peek() == "." and _digit(self.peek(1)):
            self.i += 1
            self._digits()
        if self.peek() in ("e", "E") and (_digit(self.peek(1)) or (self.peek(1) in ("+", "-") and _digit(self.peek(2)))):
            self.i += 2
            self._digits()
        if self._starts_ident(0):
            return "number", self.s[start:self.i] + self._name()
        if self.peek() == "%":
            self.i += 1
        return "number", self.s[start:self.i]

    def _digits(self) -> None:
        while _digit(self.peek()):
            self.i += 1

    def _name(self) -> str:
        """An ident sequence, its escapes read."""
        out = []
        while True:
            c = self.peek()
            if _name_char(c):
                out.append(c)
                self.i += 1
            elif self._escape_at(0):
                self.i += 1
                out.append(self._escape())
            else:
                return "".join(out)

    def _escape(self) -> str:
        """The character an escape stands for, the backslash read: up to six hexadecimal digits and one white space
        after them (0, a surrogate and beyond Unicode are U+FFFD), else the character itself."""
        c = self.peek()
        if not c:
            return "\ufffd"
        if c not in HEX:
            self.i += 1
            return c
        start = self.i
        while self.i - start < 6 and self.peek() in HEX and self.peek():
            self.i += 1
        code = int(self.s[start:self.i], 16)
        if self.peek() in SPACE and self.peek():
            self.i += 1
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    def _ident_like(self) -> tuple[str, str]:
        name = self._name()
        if self.peek() != "(":
            return "ident", name
        self.i += 1
        if _plain(name) != "url":
            return "function", name
        j = self.i
        while j < len(self.s) and self.s[j] in SPACE:
            j += 1
        if j < len(self.s) and self.s[j] in "\"'":  # url("…"): a function, its string a string
            return "function", name
        return self._url()

    def _url(self) -> tuple[str, str]:
        """An unquoted url(…), its '(' read."""
        while self.peek() in SPACE and self.peek():
            self.i += 1
        out = []
        while True:
            c = self.peek()
            if not c or c == ")":
                self.i += 1 if c else 0
                return "url", "".join(out)
            if c in SPACE:
                while self.peek() in SPACE and self.peek():
                    self.i += 1
                if self.peek() in (")", ""):
                    self.i += 1 if self.peek() else 0
                    return "url", "".join(out)
                return self._bad_url()
            if c in "\"'(" or ord(c) < 0x09 or c == "\x0b" or 0x0e <= ord(c) <= 0x1f or c == "\x7f":
                return self._bad_url()
            if c == "\\":
                if not self._escape_at(0):
                    return self._bad_url()
                self.i += 1
                out.append(self._escape())
                continue
            out.append(c)
            self.i += 1

    def _bad_url(self) -> tuple[str, str]:
        """The rest of a url(…) the browser drops, to its ')' (an escaped one does not end it)."""
        while self.peek() and self.peek() != ")":
            self.i += 2 if self._escape_at(0) else 1
        self.i += 1 if self.peek() else 0
        return "bad-url", ""

    def _string(self, quote: str) -> tuple[str, str]:
        """A quoted string, its escapes read; a line break in it ends it as a bad string (not read as its value)."""
        self.i += 1
        out = []
        while True:
            c = self.peek()
            if not c or c == quote:
                self.i += 1 if c else 0
                return "string", "".join(out)
            if c == "\n":
                return "bad-string", "".join(out)
            if c == "\\":
                after = self.peek(1)
                if after in ("", "\n"):  # at the end, nothing; before a line break, the string goes on
                    self.i += 1 + (after == "\n")
                    continue
                self.i += 1
                out.append(self._escape())
                continue
            out.append(c)
            self.i += 1


def _digit(c: str) -> bool:
    return c != "" and c in DIGITS


def _name_start(c: str) -> bool:
    return c != "" and (c.isascii() and (c.isalpha() or c == "_") or ord(c) >= 0x80)


def _name_char(c: str) -> bool:
    return _name_start(c) or _digit(c) or c == "-"
