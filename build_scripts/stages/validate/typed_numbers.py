"""No number is typed into a page (issue 20; red team 7, finding 2d): the hand-written text of the page templates of
docs/ holds no digits and no number words. Numbers reach a page only through the Jinja expressions that read the
data package ({{ fig("…") }}, {{ statement_value("…") }}, {{ cardinal(areas | length) }}), each traced to a row; the
constants inside the expressions are read by expressions.py with typed_value (red team 10, finding 3).

What is read: the text of each page, of the macros it imports (_macros/), of the area pages' template
(_templates/area.md) and of the theme's templates (_overrides/), front matter included, outside `{{ }}`, `{% %}`,
`{# #}`. The other templates the code renders (_templates/ besides area.md: an SVG, a script, the embed frame) are
markup whose words come from the language files.

Each text is read in the language of the edition that shows it: the text of a `{% if lang.code == "da" %}` branch in
Danish, of its `{% elif lang.code == "en" %}` branch in English (an `{% else %}` in each language no branch names),
and text outside such blocks in every language. It is read as core.text.numbers_in reads the data's prose fields
(validate/prose.py): digits, number words ('tre', 'Seventy-nine', 'seks', 'to hundrede'), fractions and multiples
('halvdelen', 'a third', 'twice') and vulgar fractions ('¾'), plus any other digit or numeric character ('٣', '²').

Not numbers, by decision:
- 'en', 'et' (Danish) and 'a', 'an', 'one' (English) alone are the indefinite article, as in the data's prose
  ('én række pr. indsats', 'one row per initiative', 'no one'): numbers_in reads them as a number only before a
  multiplier or a fraction ('et hundrede', 'one third', 'a thousand'), which are refused. Reading 'en' as 1 would
  refuse almost every Danish sentence, and the figure a page states is never a bare 'one'.
- A multiplier alone, with no number or article before it ('i hele tusinde kroner', 'in thousands of kroner',
  'rounded to thousands'), names the unit a figure is counted or rounded in, not a figure; Danish 'tusinder' and
  'millions' in either language are no number words at all. 'et tusind', 'a thousand', 'two hundred' are numbers.
- What is no text of the page: code spans standing as words of their own and fenced code (commands, file names,
  examples of a cell; a code span inside a word is part of it: red team 22, finding 3), HTML comments
  (ended where a browser ends them: at '-->', and at once at '<!-->' and '<!--->', and at '--!>'; one left open is
  read as text, and remote.py refuses it and the others that html.parser and a browser read otherwise),
  tags and their attributes (class="grid-2", tabindex="0", <h1>) except the ones a reader is shown or read out
  (alt, title, aria-label, placeholder, and data-label, which the stylesheet shows), the targets of Markdown links and bare addresses, attribute lists ({ #id })
  (no footnote marks: the site has no footnotes, and '[^80]' is shown as it stands: red team 24, finding 2). Markup that draws nothing between two letters joins them (joined()): every element's tags but
  those that start a block or a line, comments, emphasis, a link's brackets and address.
- The references the pages make, which are names, not figures (ALLOWED): a part of a source or of the standard and
  the number after it (boks 1, bilag 2, tabel 1, afsnit 2, felt 3, box 2, annex 1, field 3, financing source 3;
  also written together, as the data's keys are: 'boks3'),
  the names WCAG 2.1, SHA-256, COVID-19 and FOLK1A, a Markdown list's numbering ('1. ') and the rounding rule's ±N.
"""

import html
import re
import unicodedata

from jinja2 import nodes

from build_scripts.core.lang import languages
from build_scripts.core.text import MULTIPLIERS, excerpt, numbers_in
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.template_tree import find_all

PARTS = (r"boks|box|bilag|annex|appendix|tabel|table|felt|field|afsnit|section|figur|figure|kapitel|chapter|"
         r"fodnote|footnote|finansieringskilde|financing\s+source")
REFERENCES = [
    re.compile(r"(?<!\w)(?:" + PARTS + r")\s*[0-9]+(?:(?:\s*,\s*|\s+(?:og|and|-|–)\s+)[0-9]+)*(?![0-9])", re.I),
    re.compile(r"WCAG 2\.1|SHA-256|COVID-19|FOLK1A"),
    re.compile(r"±[0-9]+(?:[.,]5)?"),
]
ALLOWED = REFERENCES  # and a list's numbering (_list_numbers)
# A numbered list's item, which Python-Markdown starts only at the start of a block (after a blank line) or in a list:
# '81. kommuner svarede.' on a paragraph's second line is text (red team 19, finding 2).
LIST_ITEM = re.compile(r"[ \t>]*[0-9]+\.[ \t]")
# The attributes whose values a reader is shown or read out: read like the text around them. data-label is shown by
# the site's stylesheet (`content: attr(data-label)`, a table cell's header on a phone); a stylesheet may show no
# other attribute but href (validate/assets.py).
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder", "data-label",
                   # what a browser draws or a screen reader says of an element (red team 17, finding 4): a list's
                   # first number, an item's or a field's value, an option's label, and ARIA's values and positions
                   "start", "value", "label", "aria-valuetext", "aria-valuenow", "aria-valuemin", "aria-valuemax",
                   "aria-roledescription", "aria-placeholder", "aria-posinset", "aria-setsize", "aria-level",
                   "aria-rowindex", "aria-colindex", "aria-rowcount", "aria-colcount", "aria-rowindextext",
                   "aria-colindextext", "aria-braillelabel", "aria-brailleroledescription")
ATTRIBUTE = re.compile(r"""([\w:.-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
TAG = re.compile(r"""</?[A-Za-z][\w:-]*(?:\s+(?:[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?))*\s*/?>""")
COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>)", re.S)  # a comment, ended as HTML ends it (also '<!-->', '--!>')
# A code span as Python-Markdown's BACKTICK_RE reads one: closed by a run of its own length only, and not from an
# escaped backtick (\`…\` is text): red team 19, finding 2.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
# A Markdown link or image, [text](address "title"), and a reference link, [text][label]: the reader is shown the
# text, joined to the letters beside it ('eigh[ty](#)-one' is 'eighty-one': red team 22, finding 3), and the title as
# a tooltip (red team 18, finding 4); an image its text only where it does not load.
LINK = re.compile(r"""(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](?:\(\s*(?:<[^>\n]*>|[^)\s]*)"""
                  r"""(?:\s+("[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)|\[[^\]\n]*\])""")
BARE_URL = re.compile(r"https?://[^\s)\"'<>]+")
NOT_TEXT = [
    re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S),  # fenced code
    # code spans, before comments as Markdown reads them (`<!--` … `-->` is two spans with text between), and not
    # from an escaped backtick (\`…\` is text): red team 19, finding 2
    CODE_SPAN,
    COMMENT,
    # a link definition's label and address (a link's or image's address: _links)
    re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|[^\s]*)", re.M),
    BARE_URL,
]


def typed_number_problems(tree: nodes.Template, where: str, plain: bool = False,
                          markup: frozenset | None = None) -> list[Problem]:
    """Each line of a template's hand-written text that types a number in an edition's language (see the module's
    docstring): the first number of the line, once, in the first language that reads it. `plain`: the whole text is
    also read as plain text (_body_problems), as for a template written where no Markdown runs or where it is
    included (a theme template, a macro file: red team 42, findings 3 and 5). `markup`: markup_names(tree), where
    the caller has it already."""
    codes = [lang.code for lang in languages()]
    markup = markup_names(tree) if markup is None else markup
    pieces: list = []
    _pieces(tree.body, frozenset(codes), pieces, markup)
    found, named = _character_problems(*_placed([piece for piece in pieces if piece[2]]), where), set()
    found += _constant_character_problems(tree, where, {problem.line for problem in found})
    for code in codes:
        text, lines = _placed([piece for piece in pieces if code in piece[2]])
        for index, words in enumerate(_page_text(text).split("\n")):
            typed, line = first_typed(words, code), lines[index]
            if typed and line not in named:
                named.add(line)
                found.append(Problem("page_number_typed", where, line, params={"number": excerpt(typed), "lang": code},
                                     kind="page_number"))
    named |= {dict(p.params).get("number") for p in found}
    found += _front_matter_problems(pieces, codes, named, where)
    found += _body_problems(tree, codes, named, where, plain, markup)
    return sorted(found, key=lambda problem: problem.line)


# The front matter, whose texts MkDocs and the theme write as they stand (the page's <title>, its header, the
# descriptions of its meta and link-preview tags, the preview image's alt text): no Markdown runs there, so a code
# span or a tag there is shown (red team 42, finding 4). Every line is read so, whatever key a line seems to start
# (a quoted title can hold a line 'og_image: x': red teams 44 and 46).


def _front_matter_problems(pieces: list, codes: list[str], named: set, where: str) -> list[Problem]:
    """The typed-number rule on the front matter's texts read as plain text."""
    from build_scripts.stages.validate.templates import FRONT_MATTER

    found = []
    for code in codes:
        text, lines = _placed([piece for piece in pieces if code in piece[2]])
        match = FRONT_MATTER.match(text)
        for index, line in enumerate(match.group().split("\n") if match else []):
            typed = first_typed(references_out(WRITTEN.sub(" ", html.unescape(line))), code)
            if typed and lines[index] not in named and excerpt(typed) not in named:
                named.add(lines[index])
                found.append(Problem("page_number_typed", where, lines[index], params={"number": excerpt(typed),
                                                                                       "lang": code}, kind="page_number"))
    return found


def references_out(text: str) -> str:
    """A text with the references a page may type ('boks 3', 'WCAG 2.1': ALLOWED) blanked."""
    for pattern in ALLOWED:
        text = pattern.sub(_blank, text)
    return text


def _body_problems(tree: nodes.Template, codes: list[str], named: set, where: str, whole: bool,
                   markup: frozenset) -> list[Problem]:
    """The typed-number rule on each macro's and set block's text read as plain text: it is written where it is used,
    and there, in a raw-HTML block, a link definition or a list's number that Markdown would take away here is shown
    (red team 40, finding 1). Only the tags' hidden parts and addresses are no text. `named`: the lines and numbers
    named already; `whole`: the template's whole text too; `markup`: markup_names(tree)."""
    found = []
    for body in [*([tree] if whole else []), *find_all(tree, (nodes.Macro, nodes.AssignBlock))]:
        pieces: list = []
        _pieces(body.body, frozenset(codes), pieces, markup)
        for code in codes:
            text, lines = _placed([piece for piece in pieces if code in piece[2]])
            shown = references_out(BARE_URL.sub(_blank, JOINING.sub("", html.unescape(TAG.sub(_tag_text, text)))))
            for index, words in enumerate(WRITTEN.sub(" ", shown).split("\n")):
                typed, line = first_typed(words, code), lines[index]
                if typed and line not in named and excerpt(typed) not in named:
                    named.add(line)
                    found.append(Problem("page_number_typed", where, line, params={"number": excerpt(typed),
                                                                                   "lang": code}, kind="page_number"))
    return found


def _character_problems(text: str, lines: list[int], where: str) -> list[Problem]:
    """The floor's character rule (text.py: bidi controls, invisible and zero-width characters, line breaks other than
    the line's own, noncharacters, not NFC …) on the template's own text as the browser reads it, character references
    decoded: '&#x202E;80 af 98&#x202C;' drew '89 fa 08' (red team 21, finding 3). Once a line."""
    from build_scripts.stages.validate import text as floor_text

    found = {}
    for index, line in enumerate(text.split("\n")):
        finding = floor_text.problem(html.unescape(WRITTEN.sub(" ", line)).replace("\u00ad", "\u200b"), tab=True)
        if finding:
            found.setdefault(lines[index], Problem.found(finding, where, lines[index], None))
    return list(found.values())


def _constant_character_problems(tree: nodes.Template, where: str, lines: set) -> list[Problem]:
    """The same rule on each text the template's code writes: a string's escapes are characters ('{{ "\\u202e" }}'
    drew '80 af 98' as '89 fa 08': red team 22, finding 1), and a line break is refused too ('{{ "\\n\\n" }}<div>'
    started a raw-HTML block validate read as a paragraph: red team 32, finding 1). Once a line, on a line the
    text's rule named nothing."""
    from build_scripts.stages.validate import text as floor_text

    found = {}
    for node in find_all(tree, nodes.Const):
        finding = floor_text.problem(node.value, tab=True) if isinstance(node.value, str) else None
        if finding and node.lineno not in lines:
            found.setdefault(node.lineno, Problem.found(finding, where, node.lineno, None))
    return list(found.values())


# What stands, in the text validate reads, for template code that writes something: an output's value (OUTPUT), and
# a place where code decides what is written (BOUNDARY: a branch that is no language's, a loop, a macro's, a set
# block's or a call's body). Markdown or HTML that holds either (a code span, a fence, a link's address) may be
# written otherwise at run time, so it is read as text (red team 26, finding 1: a fence of two lines in never-true
# branches hid the sentence between, which the site shows; red team 28, finding 1: a value ended a code span).
OUTPUT, BOUNDARY = "\ue000", "\ue001"
# An output whose value is markup the build writes unescaped (a macro's, a caller's, a set block's): it can write any
# syntax, '\n\n' or "'>" included (red team 32, findings 1 and 2).
MARKUP = "\ue002"
WRITTEN = re.compile("[\ue000-\ue002]")
VALUES = re.compile("[\ue000\ue002]")  # an output of either kind
STRUCTURE = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.AssignBlock, nodes.FilterBlock, nodes.If)
# Statements that write markup where they stand, with no output naming it: a call block writes its macro's value
# (`{% call q() %}{% endcall %}`), an include another template's text (red team 35, finding 1).
WRITING = (nodes.CallBlock, nodes.Include)


def markup_names(tree: nodes.Template, made: bool = False) -> frozenset:
    """The names whose value the build may write unescaped: the template's macros, the macros and modules it imports,
    `caller`, `self`, `super`, `varargs` and `kwargs`, every macro's parameters (a caller may give one a macro or its
    value), the names a set block gives its text, and every name bound (set, with, for) to a value that holds one of
    these (red team 34, finding 1: `{% set m = q() %}{{ m }}` wrote a macro's markup through a plain name), or that
    is given one by a method (`l.append(q())`, then `{% for k in l %}{{ k }}`: red team 35, finding 1); `loop` in a
    loop over such a value (`loop.previtem`) and in a recursive loop (`loop(…)` writes the loop's body). `made`: only
    the markup the template itself makes: no parameters (what a caller gives), no helper's value."""
    names = {"caller", "self", "super"} | {node.name for node in find_all(tree, nodes.Macro)}
    names |= {node.target for node in find_all(tree, nodes.Import)}
    names |= {name if isinstance(name, str) else name[-1] for node in find_all(tree, nodes.FromImport)
              for name in node.names}
    if not made:
        names |= {"varargs", "kwargs"} | {arg.name for node in find_all(tree, (nodes.Macro, nodes.CallBlock))
                                          for arg in node.args}
    names |= {name.name for node in find_all(tree, nodes.AssignBlock)
              for name in [node.target, *node.target.find_all(nodes.Name)] if isinstance(name, nodes.Name)}
    names |= {"loop"} if any(node.recursive for node in find_all(tree, nodes.For)) else set()
    bindings = [(node.target, node.node) for node in find_all(tree, nodes.Assign)]
    bindings += [(target, node.iter) for node in find_all(tree, nodes.For) for target in (node.target, LOOP)]
    bindings += [pair for node in find_all(tree, nodes.With) for pair in zip(node.targets, node.values)]
    bindings += [(call.node.node, value) for call in find_all(tree, nodes.Call) if isinstance(call.node, nodes.Getattr)
                 for value in (*call.args, *(keyword.value for keyword in call.kwargs))]
    bindings += [(arg, default) for node in find_all(tree, nodes.Macro)  # a parameter's default (red team 44)
                 for arg, default in zip(node.args[len(node.args) - len(node.defaults):], node.defaults)]
    holds = _holds if made else may_be_markup
    while True:
        more = {name.name for target, value in bindings if holds(value, names)
                for name in [target, *target.find_all(nodes.Name)] if isinstance(name, nodes.Name)} - names
        if not more:
            return frozenset(names)
        names |= more


LOOP = nodes.Name("loop", "store")  # the loop's own object, bound in each loop's body


def _holds(expression: nodes.Node, names: set | frozenset) -> bool:
    found = [expression] if isinstance(expression, nodes.Name) else list(expression.find_all(nodes.Name))
    return any(name.name in names for name in found)


# A value is markup, written as it stands (finalize escapes only a plain text), where it may come from a helper (a
# global's call: `md("…")` wrote its argument as it was, red team 36, finding 1) or from a filter that makes markup
# (`| markdown` wrote '<p>…</p>\n': red team 36, finding 2). A method of the data's values (`row.get("k")`) gives a
# plain value.
PLAIN_METHODS = frozenset({"get", "split", "rsplit", "items", "keys", "values", "lower", "upper", "strip"})
MARKUP_FILTERS = frozenset({"markdown", "marked", "front_matter", "tojson", "e", "escape", "forceescape", "safe",
                            "urlize", "xmlattr", "indent"})


def may_be_markup(expression: nodes.Node, names: set | frozenset) -> bool:
    """Whether an expression's value may be markup: it names one of `names` (markup_names), calls a helper, or
    applies a filter that makes markup."""
    return _holds(expression, names) or any(
        isinstance(node, nodes.Filter) and node.name in MARKUP_FILTERS or isinstance(node, nodes.Call) and not (
            isinstance(node.node, nodes.Getattr) and node.node.attr in PLAIN_METHODS)
        for node in [expression, *expression.find_all((nodes.Filter, nodes.Call))])


def _value_mark(expression: nodes.Node, markup: frozenset) -> str:
    return MARKUP if may_be_markup(expression, markup) else OUTPUT


def _pieces(body: list, langs: frozenset, out: list, markup: frozenset = frozenset()) -> None:
    """The template's text as (its line, the text, the languages whose edition shows it), in the template's order,
    as the build writes it (parse: trim_blocks), with OUTPUT for each output's value (MARKUP for one of `markup`'s
    names: markup_names) and BOUNDARY around each body that code decides is written or not."""
    from build_scripts.stages.validate.templates import lang_test

    for node in body:
        if isinstance(node, nodes.TemplateData):
            out.append((node.lineno, node.data, langs))
        elif isinstance(node, nodes.Output):
            out += [(child.lineno, child.data if isinstance(child, nodes.TemplateData) else _value_mark(child, markup),
                     langs) for child in node.nodes]
        elif isinstance(node, nodes.If) and all(lang_test(b.test) for b in (node, *node.elif_)):
            named = set()
            for branch in (node, *node.elif_):
                named.add(lang_test(branch.test))
                _pieces(branch.body, langs & {lang_test(branch.test)}, out, markup)
            _pieces(node.else_, langs - named, out, markup)
        elif isinstance(node, nodes.Include):
            out.append((node.lineno, MARKUP, langs))
        elif isinstance(node, STRUCTURE):
            out += [(node.lineno, MARKUP, langs)] if isinstance(node, WRITING) else []
            for part in _bodies(node):
                out.append((node.lineno, BOUNDARY, langs))
                _pieces(part, langs, out, markup)
            out.append((node.lineno, BOUNDARY, langs))
        else:
            for child in node.iter_child_nodes():
                _pieces([child], langs, out, markup)


def _bodies(node: nodes.Node) -> list[list]:
    """The bodies of a node whose code decides which of them is written, and how often."""
    if isinstance(node, nodes.If):
        return [node.body, *[branch.body for branch in node.elif_], node.else_]
    return [node.body, *([node.else_] if isinstance(node, nodes.For) else [])]


def _placed(pieces: list) -> tuple[str, list[int]]:
    """The pieces of text joined as the build writes them, and the template's line of each of its lines (the line
    of the character that starts it)."""
    parts, lines, starting = [], [], True
    for line, data, _ in pieces:
        segments = data.split("\n")
        for extra, segment in enumerate(segments):
            starting = starting or extra > 0
            if starting and (segment or extra < len(segments) - 1):
                lines.append(line + extra)
                starting = False
        parts.append(data)
    text = "".join(parts)
    return text, lines + [lines[-1] + 1 if lines else 1] * (text.count("\n") + 1 - len(lines))


def _page_text(text: str) -> str:
    """The text a reader is shown, line for line: what is no text (NOT_TEXT, tags, ALLOWED) as blanks."""
    raw = _raw_html_lines(text)
    text = "\n".join(line.replace("`", LITERAL_BACKTICK) if number in raw else line
                     for number, line in enumerate(text.split("\n")))  # no code span where Markdown does not run
    for pattern in NOT_TEXT:  # (a comment is nothing: the letters on each side join, 'eigh<!-- x -->ty-one')
        text = pattern.sub(_unless_spanning(_code_span if pattern is CODE_SPAN else _nothing if pattern is COMMENT
                                            else _blank), text)
    text = ATTRIBUTE_LIST.sub(_unless_spanning(_list_text), text)
    text = joined(text)
    for pattern in ALLOWED:
        text = pattern.sub(_blank, text)
    return WRITTEN.sub(" ", _list_numbers(text, raw))  # (a line of a BOUNDARY is no blank line before a list)


# Python-Markdown's block-level elements: a block that starts with one (without md_in_html's `markdown` attribute) is
# raw HTML, where Markdown does not run, so a code span or a list's number there is text (red team 20, finding 4).
BLOCK_TAGS = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hgroup hr main menu nav ol p pre section table ul canvas colgroup dd dt iframe li legend math map "
    "noscript output object option progress summary tbody td textarea tfoot th thead tr video".split())
# (template code before the tag, which may write nothing, starts the line too: red team 30, finding 1)
RAW_START = re.compile(r"[\ue000-\ue002 \t]*<([A-Za-z][\w-]*)\b([^>]*)>?")
# (a value that is markup may write '\n\n' before a tag in the middle of a line: red team 32, finding 1)
RAW_AFTER_MARKUP = re.compile(r"\ue002[\ue000-\ue002 \t]*<([A-Za-z][\w-]*)\b([^>]*)>?")
LITERAL_BACKTICK = "\u02cb"  # a backtick Markdown shows as it is
TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w-]*)\b")  # a tag's opening and its name


def _raw_html_lines(text: str) -> set[int]:
    """The numbers (from 0) of the lines of raw-HTML blocks: from a block-level tag at a line's start (Python-Markdown
    starts one there, after a paragraph's line too), with no `markdown` attribute, to the line that closes it."""
    lines, raw, index = text.split("\n"), set(), 0
    while index < len(lines):
        start = RAW_START.match(lines[index]) or RAW_AFTER_MARKUP.search(lines[index])
        tag = start.group(1).lower() if start else None
        if tag in BLOCK_TAGS and not re.search(r"\bmarkdown\b", start.group(2)):
            depth, end = 0, index
            for end in range(index, len(lines)):
                depth += sum(1 if slash == "" else -1 for slash, name in TAG_NAME.findall(lines[end])
                             if name.lower() == tag)
                if depth <= 0:
                    break
            raw.update(range(index, end + 1))
            index = end + 1
            continue
        index += 1
    return raw


def _list_numbers(text: str, raw: frozenset | set = frozenset()) -> str:
    """The text with each numbered list item's number blanked: a line that starts one after a blank line, at the
    start, or in a list (its items and their indented lines); none in raw HTML (`raw`: the lines' numbers)."""
    lines, blank_before, in_list = [], True, False
    for number, line in enumerate(text.split("\n")):
        item = LIST_ITEM.match(line) if number not in raw else None
        if item and (blank_before or in_list):
            line, in_list = " " * item.end() + line[item.end():], True
        elif line.strip() and not line.startswith((" ", "\t")):
            in_list = False
        blank_before = not line.strip()
        lines.append(line)
    return "\n".join(lines)


def _unless_spanning(replace):
    """`replace`, for a match that holds no template code that writes or decides what is written (OUTPUT, BOUNDARY),
    and that no markup stands right before: such a match is left as it stands, to be read as text. A value can close
    what it stands in: `{{ "`" }}` ended a code span early, and the text validate took for code was shown (red team
    28, finding 1); markup that ends with a backslash makes the next character text ('\\`Svar: 70 af 98`': red team
    36, finding 3)."""
    return lambda match: match.group() if WRITTEN.search(match.group()) or _after_markup_mark(match) else replace(match)


def _after_markup_mark(match: re.Match) -> bool:
    """Whether markup stands right before a match, but for other values, which may write nothing (red team 38,
    finding 2: `{{ lang_root }}` is '' in the main edition)."""
    text, at = match.string, match.start()
    while at > 0 and text[at - 1] in "\ue000\ue001\ue002":
        at -= 1
        if text[at] == MARKUP:
            return True
    return False


def _blank(match: re.Match) -> str:
    return " " + "\n" * match.group().count("\n")


def _nothing(match: re.Match) -> str:
    return "\n" * match.group().count("\n")


def _code_span(match: re.Match) -> str:
    """A code span (a command, a file's name, a cell's example) is no text of the page, but one inside a word is
    part of that word: 'eigh`ty`-one' shows 'eighty-one' (red team 22, finding 3)."""
    text, start, end = match.string, match.start(), match.end()
    if text[start - 1:start].isalnum() or text[end:end + 1].isalnum():
        return match.group(2).strip()
    return _blank(match)


def joined(text: str) -> str:
    """A piece of a template's text as the letters a reader is shown: the markup that draws nothing between two
    letters removed (comments; the tags of every element but those that start a block or a line, with the texts of
    their TEXT_ATTRIBUTES; Markdown's emphasis markers, and a link's brackets and address), character references
    decoded ('&#xBD;' is '½': red team 19, finding 3) and the characters drawn as nothing deleted (a soft hyphen, zero
    widths). 'eigh<b>ty-one</b>', 'eigh<x>ty</x>-one' and 'eigh[ty](#)-one' are 'eighty-one' (red team 21, finding 1;
    red team 22, findings 3 and 4)."""
    text = LINK.sub(_unless_spanning(_link_text), COMMENT.sub(_unless_spanning(_nothing), text))
    return JOINING.sub("", html.unescape(TAG.sub(_tag_text, text)))


def _link_text(match: re.Match) -> str:
    image, text, title = match.group(1), match.group(2), (match.group(3) or "")[1:-1]
    shown = (" " + text + " " if image and text.strip() else "" if image else text) + (" " + title + " " if title else "")
    return shown + "\n" * match.group().count("\n")


# A Markdown attribute list ({: .class #id key="value" }, attr_list): its keys and names are no text, but the values
# of its TEXT_ATTRIBUTES are, as in a tag (red team 17, finding 4: {: title="Alle 98 kommuner svarede" } was blanked
# whole).
ATTRIBUTE_LIST = re.compile(r"\{\s*[:#.][^\n]*\}")  # greedy, as attr_list's: a '}' may stand in a quoted value


def _list_text(match: re.Match) -> str:
    values = [value.strip("\"'") for name, value in ATTRIBUTE.findall(match.group()[1:-1])
              if name.lower() in TEXT_ATTRIBUTES]
    return " " + " ".join(values) + " " + "\n" * match.group().count("\n")


def _tag_text(match: re.Match) -> str:
    """A tag as the text a reader gets of it: the values of its TEXT_ATTRIBUTES, on the tag's first line; an inline
    tag without any is nothing, so the letters on each side join as the browser draws them ('eigh<b>ty-one</b>' is
    'eighty-one': red team 21, finding 1). What follows an output in an attribute's value is read as text too: a
    macro's value is written unescaped and can close the value and the tag (a macro writing "'>" showed the rest,
    "Svar: 70 af 98": red team 30, finding 1)."""
    pairs = ATTRIBUTE.findall(match.group().split(None, 1)[1]) if len(match.group().split(None, 1)) > 1 else []
    values = [value.strip("\"'") for name, value in pairs if name.lower() in TEXT_ATTRIBUTES and value.strip("\"' ")]
    values += [VALUES.split(value, 1)[1].strip("\"'") for name, value in pairs
               if VALUES.search(value) and name.lower() not in TEXT_ATTRIBUTES]
    values += _after_markup(match.group()) if not _after_markup_mark(match) else [  # all of it: '\\<x a="70">'
        value.strip("\"'") for name, value in pairs if value]
    if not values and tag_name(match.group()) not in SEPARATING:
        return "\n" * match.group().count("\n")
    return " " + " ".join(values) + " " + "\n" * match.group().count("\n")


def _after_markup(tag: str) -> list[str]:
    """The values of the attributes after markup in a tag, which the markup may have closed, so that they are shown
    as text (red team 32, finding 2): every one, a class and a value of one word or number too (red team 35,
    finding 2: "'>" before `data-verdict='70' id='98'` showed '70' and '98'). The site's templates write markup last
    in a tag."""
    if MARKUP not in tag:
        return []
    start = tag.index(MARKUP)
    return [value.strip("\"'") for match in ATTRIBUTE.finditer(tag) if match.start() > start
            for name, value in [match.groups()] if value]


def tag_name(tag: str) -> str:
    """The element's name of a tag as TAG matches one ('<B class="x">', '</span>'), in lower case."""
    return re.match(r"</?([A-Za-z][\w:-]*)", tag).group(1).lower()


# The elements whose tags separate the letters on each side: those that start a block, and a line break. Every other
# element, known to the browser or not, is drawn inside the line and joins them (red team 22, finding 3: '<x>', '<tt>'
# and '<nobr>' were read as a space).
SEPARATING = BLOCK_TAGS | {"br"}
# What the browser draws as nothing inside a word: a soft hyphen (unless it breaks the line there), zero-width
# spaces and joiners, the word joiner; and Markdown's emphasis markers and a shortcut link's brackets between letters
# ('eigh**ty**-one', 'eigh[ty]-one').
DRAWN_AS_NOTHING = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
JOINING = re.compile(DRAWN_AS_NOTHING.pattern + r"|(?<=\w)[*_\[\]]+(?=\w)")


def typed_value(text: str, code: str) -> str | None:
    """The first number a constant of a template's expression types in language `code` (expressions.py), read as
    the text is but for what the text's markup hides (a constant is shown as written, escaped) and a list's
    numbering (which a value does not make); or None."""
    for pattern in REFERENCES:
        text = pattern.sub(_blank, text)
    return first_typed(text, code)


def first_typed(text: str, code: str) -> str | None:
    """The first number a line of a page types in language `code` (see the module's docstring), or None; in a
    language whose number words core.text does not know, its digits only."""
    for token, _ in numbers_in(text, code) if code in MULTIPLIERS else []:
        if token.lower() not in MULTIPLIERS[code]:
            return token
    for word in text.split():  # other digits and numbers: '٣', '²', 'Ⅻ' (numbers_in reads 0-9 and vulgar fractions)
        if any(unicodedata.category(c).startswith("N") for c in word):
            return word
    return None
