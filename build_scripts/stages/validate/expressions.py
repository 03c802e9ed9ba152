"""What a page template's own expressions put on the page (red team 10, finding 3): typed_numbers.py reads the text
outside `{{ }}`/`{% %}`, and this reads the constants inside them, so that `{{ "81" }}`, `{{ cardinal(81) }}`,
`{{ num(81) }}`, `{{ "enogfirs" }}`, `{{ "%d" | format(81) }}` and `{% set n = 81 %}{{ n }}` are refused as the same
number typed into the text would be; and it refuses arithmetic on the data (`{{ kf.x.value + 1 }}`): a page shows
the figures the data package states, and a figure computed from them belongs in the derive stage.

Read for the pages, their macros, _templates/area.md and the theme's templates (_overrides/).

What is read (page_number_in_expression): each constant (a text or a number; not true, false or none) that can
reach the page, in the language of the edition that shows it (as typed_numbers.py reads the text: digits and the
number words of that language, except the references it allows, such as 'boks 3' or 'boks3'; not a list's
numbering). A constant reaches the page when it stands
- in an output `{{ … }}`, as the value itself or a part of it: a text joined with `~`, a list, a mapping (its keys
  too), either side of `or`/`and`, either value of `x if c else y`, an operand of arithmetic on constants
  (`{{ 40 + 41 }}`, `{{ "%d" % 81 }}`), the object of `.attr` or `[key]`;
- as an argument of a call or a filter whose value is shown (`cardinal(81)`, `num(81)`, `"{}".format(81)`,
  `x | default("81")`, `x | replace("a", "81")`, `"%d" | format(81)`), or of a method of a name that is shown
  (`{% set _ = xs.append("81") %}{{ xs }}`);
- as the value of a name that is shown: a `set` (`{% set n = 81 %}`), `with`, a loop over constants (what the
  loop's variable or its `loop` shows), a macro parameter's default; followed through names set from names. A name
  is one name in the whole template (Jinja's scopes aside): one the template shows anywhere is shown everywhere.
Not read, because it does not reach the page as it is written (what stands there names or selects a value):
- a key, an index or a slice (`st["rapport-2022"]`, `x[0]`, `x[-2]`, `x[:4]`), what is counted (`xs | length`
  shows how many, not xs) but a digit in it (red team 12, finding 3): a digit typed anywhere in an output is a
  number typed, so a counted constant is read for one (`range(82) | length`, `("ab" * 41) | length`,
  `{% set n = range(82) %}{{ n | length }}`), and only a counted constant with no digit (`"xxxxxxxxx" | length`,
  `["to", "tre"] | length`) is a limit of this reading; a test or a comparison
  (`{% if x == "2" %}`, `is divisibleby 3`), a loop's condition, a constant whose name nothing shows (a loop's
  bounds: `{% for i in range(3) %}`, a mapping of decimals passed only as `num`'s decimals);
- the names of templates (`{% include %}`, `{% import %}`, `{% extends %}`) and Jinja's options (`autoescape`);
- the arguments in CALL_NAMES, METHOD_NAMES and FILTER_OPTIONS: those that name a figure, a statement, a row, a
  table, a key, a unit, a page or a chart (`fig("x")`, `term("key")`, `card(row, "key_figures", "key")`), or set a
  format (`num(x, 1)`'s decimals, `tojson(indent=1)`, `table_text(res, 5)`'s rows shown), and a filter's attribute
  and test names (`selectattr("verdict", "equalto", "consistent")`). They apply to the page helpers only, not to a
  macro or a name the template defines itself (`{% macro num(n) %}` is read as any macro).
HTML attribute values (`class="grid-2"`) are text of the template and read by typed_numbers.py's rules.

A page has none of Jinja's own globals (range, dict, lipsum, cycler, joiner, namespace; red team 13, finding 3): a
loop over `range(…)` counts as `loop.index` does, so its name is unknown (page_name_undefined).

A filtered block, `{% filter f %}…{% endfilter %}` or `{% set x | f %}…{% endset %}` (page_block_filter; red team 16,
finding 2): its filter's operand is the block's output, which the rules above do not read as one value (`{% filter
reverse %}` showed 80 as 08); the templates need none. `| safe` and an `{% autoescape %}` other than true
(page_unescaped; red team 16, finding 4): a value becomes markup.

Arguments given with * or ** (page_unpacked_arguments; red team 15, finding 2): every rule here reads a call's,
filter's or test's arguments as they are written, so `selectattr(*["name.9", "defined"])` would pass as a selection
with no test; they are refused in every template this module reads.

A loop's number (page_loop_number; red team 12, finding 3): `loop.index`, `index0`, `revindex`, `revindex0`,
`length`, `depth`, `depth0` (also `loop["index"]`) or `loop` itself (`<LoopContext 3/10>`) shown, directly or
through a name, is a number the page counts, and a test picks any (`{% if loop.index == 81 %}{{ loop.index }}`).
The templates use them only as an index (`c.columns[loop.index0]`) or in a test (`loop.first`), which are not read.

Arithmetic (page_arithmetic): `+ - * / // %` or a sign with an operand that reads a name or calls (`kf.x.value + 1`,
`-x`, `"%d" % x`) is refused, whatever it is for (the pages need none; '**' is page_power). The one exception
(UNIT_CONVERSIONS): the submission standard states its size limit in bytes (Table Schema's `maxBytes`) and the
submission page says it in MB (`site.submission.resources[0].maxBytes / 1000000`): a change of unit, not a figure.

A value changed on its way to the page (page_value_changed; red team 11, finding 3): in a template of the pages stage
(not the theme's, which the pages' data do not reach), a value read from the data (an expression that reads a name
or calls: kf, tg, areas, regions, st, package.records(…), fig(…) and the names set from them) reaches the page as
it stands or through a helper that formats it (num, cardinal, fig, amount …). Refused, naming the filter or the
operation, once per line:
- a filter on it (or with it as an argument: `"%.0f" | format(x)`) outside KEEPING: those that compute or rewrite
  (`sum`, `round`, `abs`, `float`, `max`, `min`, `reverse`, `format`, `truncate`, `wordwrap`, `center`, `batch`,
  `slice`, `random`, `filesizeformat`, `wordcount`…), `trim("0")`, `map("int")`;
- a filter that reads a text as a list of characters (SEQUENCE: `first`, `join`, `list`, `length`, `select`…) on
  a value that may be a text (_texty: `x | string`, `~`, a helper's value `num(x)`, a text field such as
  `value_text` or any text column of the data package (text_columns: `label_da | list | join(" ")` showed 80 as
  '8 0'), a part of one, a name set from one), an index of such a text (`num(x)[0]`), a loop over one;
- a slice (`x[::-1]`, `x[:2]`), and a split at a separator that may stand inside a number (`.split(".")`);
- a selection whose test compares (`select("lt", 81)`, `rejectattr("municipality_code", "gt", 600)`: red team 13,
  finding 3) or is compared with a written digit: a selection from the data picks by an equality test
  (EQUALITY_TESTS) with a name, a value of the data or a word, and its count is a count of the data's rows;
- a text unpacked into names (red team 12, finding 3): `{% set a, b = x.value_text %}`, `with a, b = …`, and
  `{% for a, b in [x.value_text] %}` (an item of a list written out), named 'set a, b = …' / 'for a, b in …';
- an attribute path of a filter (ATTRIBUTE_PATHS: `map(attribute=…)`, `groupby(…)`, `selectattr(…)` …) that is not
  written or has a part of digits, which Jinja reads as an index (`map(attribute="value_text.0")`: red team 14,
  finding 2);
- a number's own attribute (NUMBER_ATTRIBUTES: `.real`, `.imag`, `.numerator`, `.denominator`; `x["imag"]`,
  `| attr("imag")`, `map(attribute="value.imag")`), read from anything: no key of the data has these names;
- two values from the data shown with nothing between them (`{{ a }}{{ b }}`, `a ~ b`, `{{ a }}{{ "" }}{{ b }}`,
  `{% for r in rows %}{{ r.x }}{% endfor %}`): they read as one number. A constant text, a source marker, a card
  or the language file's words (MARKERS; fig and area_fig end with a marker) or a macro parameter with a constant
  default (`translated(text, open="(")`) stands between.
Allowed, the uses the pages need, none of which can change a figure:
- `cardinal(kf.x.value | int)` (and ordinal): `int` without arguments, as the whole argument of the helper that
  says a count in words, of a value as the data hold it. cardinal takes only a whole number (a list index), and a
  count is read from the CSV as a float (10.0); validate holds a figure in a unit of counts to a whole number
  (contract.py, count_not_whole), so `int` changes its type, not the figure;
- `| first`/`| last` of rows a `selectattr`/`rejectattr` picks by an attribute no text has: a row, never a
  character;
- `| join(", ")` of a list that is no text, with a separator that cannot join two numbers into one (_inert: a
  space or a character that is no digit, sign, separator or exponent): the items as they are, apart;
- `| replace("_", "-")`, `| replace("population_", "")`: a word or '_' (letters and '_' only; not 'e'), which no
  number's text holds, replaced by a constant text;
- `x.price_level[:4]`: the year of a price level, whose codes (the schema's enum, '2022-pl') begin with it;
- `.split("/")[-2]` and the like: parts of a text at a separator no number holds;
- a loop over location_parts(…) (REASSEMBLED), which shows one text of the data again in its order.
What this reading does not see: `| int` in cardinal of a figure that is no count (a share, 91.4, would show as 91:
this module does not read the data, so it cannot tell the unit); a text field of the data outside TEXT_FIELDS (a
label) cut by a filter that counts or picks (`label_da | length`, `label_da[0]`); a macro given a text it cuts
(`{% macro m(t) %}{{ t | join(", ") }}{% endmacro %}`); figures side by side across an `{% include %}`; a pair
unpacked from a list of texts the template sets first (`{% set t = [x.value_text] %}{% for a, b in t %}`); an
attribute of a value that is no number and no key of the data (the data hold dates as texts, so `.year` of one
is undefined).
"""

import functools
import re
from dataclasses import dataclass, field

from jinja2 import nodes
from jinja2.filters import FILTERS

from build_scripts.core.lang import languages
from build_scripts.core.text import excerpt
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.template_tree import find_all
from build_scripts.stages.validate.typed_numbers import typed_value

ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Neg, nodes.Pos)
# (the operation, the attribute it is applied to, the constant): see the module's docstring.
UNIT_CONVERSIONS = frozenset({(nodes.Div, "maxBytes", 1000000)})
# The pages stage's helpers (pages.stage, PAGE_GLOBALS): the arguments, by position and by keyword, that name what
# is shown or set its format, not what is shown.
CALL_NAMES = {
    "fig": {0, 1, "figure_id", "table"}, "area_fig": {1, "measure"}, "statement": {0}, "statement_value": {0},
    "term": {0}, "word": {0}, "marker": {0, 1, "table", "key"}, "card": {1, 2, "table", "key"},
    "anchor": {0, 1}, "check_anchor": {0}, "figure_address": {0, 1}, "figure_record": {0, 1},
    "figure_cite": {0, 1, "table", "key"}, "chart": {0}, "url": {0}, "md": {0}, "download": {0, "path"},
    "unit": {0}, "local": {1}, "records": {0}, "derived_figure": {1, 2}, "amount": {1, 2, "unit_id", "decimals"},
    "num": {1, "decimals"}, "table_text": {1, "rows"}, "measure_label": {0}, "region_name": {0},
}
# Methods: a mapping's key (`x.get("k", default)`: the default is shown), a text's separator, a table's name, the
# theme's word (Material's lang.t("source")).
METHOD_NAMES = {"get": {0}, "split": {0}, "rsplit": {0}, "records": {0}, "t": {0}}
ALL = frozenset({"*"})  # every argument
COUNTS = frozenset({"length", "count", "wordcount"})  # filters that show how many, not what
# Jinja's filters: the arguments that name an attribute, a test or a filter, or set a width, an indent or a count.
FILTER_OPTIONS = {
    "selectattr": ALL, "rejectattr": ALL, "select": ALL, "reject": ALL, "attr": ALL, "tojson": ALL, "round": ALL,
    "center": ALL, "indent": {1, 2, "first", "blank"}, "filesizeformat": ALL, "trim": ALL, "urlize": ALL, "dictsort": ALL, "sort": ALL,
    "unique": ALL, "min": ALL, "max": ALL, "groupby": {0, "attribute", "case_sensitive"}, "map": {0, "attribute"},
    "sum": {0, "attribute"}, "batch": {0, "linecount"}, "slice": {0, "slices"}, "int": {1, "base"},
    "truncate": {0, 1, 3, "length", "killwords", "leeway"}, "join": {1, "attribute"},
    "wordwrap": {0, 1, 3, "width", "break_long_words", "break_on_hyphens"}, "replace": {0, 2, "old", "count"},
}


COUNTED = "counted"  # what a counting filter reads: shown as how many (COUNTS), its digits read (_expr)
# The loop's numbers (Jinja's LoopContext), which count the rounds: the page's own numbers, not the data's.
LOOP_NUMBERS = frozenset({"index", "index0", "revindex", "revindex0", "length", "depth", "depth0"})


@dataclass
class _Walk:
    """One reading of a template: the names shown so far (`shown`, and `counted`: shown as how many, from the
    reading before), what this reading finds shown (`read`, `counted_read`: names; `constants`: (node, languages,
    whether counted); `counters`: (line, the loop's number shown))."""
    shown: frozenset
    counted: frozenset
    defined: frozenset  # the names the template defines itself (macros, sets, loops, parameters, imports)
    imported: frozenset  # the names of the templates it imports (`{% import "…" as m %}`: m.figure is a macro)
    callables: frozenset  # its macros and the macros it imports by name (`{% from "…" import danish %}`)
    read: set = field(default_factory=set)
    counted_read: set = field(default_factory=set)
    constants: list = field(default_factory=list)
    counters: list = field(default_factory=list)


def expression_problems(tree: nodes.Template, where: str, page: bool = True) -> list[Problem]:
    """Each line whose expressions show a number typed as a constant, each line that computes with the data, and
    in a template of the pages stage (`page`; not the theme's) each line that changes a value from the data on its
    way to the page (see the module's docstring), once per line."""
    codes = frozenset(lang.code for lang in languages())
    imported = frozenset(node.target for node in find_all(tree, nodes.Import))
    callables = frozenset(node.name for node in find_all(tree, nodes.Macro)) | {
        name if isinstance(name, str) else name[1] for node in find_all(tree, nodes.FromImport) for name in node.names}
    defined = frozenset(node.name for node in find_all(tree, nodes.Name) if node.ctx in ("store", "param")) | (
        imported | callables)
    shown: frozenset = frozenset()
    counted: frozenset = frozenset()
    while True:  # names shown through names set from them: until no reading finds another
        walk = _Walk(shown, counted, defined, imported, callables)
        _body(tree.body, codes, walk)
        if walk.read <= shown and walk.counted_read <= counted:
            break
        shown, counted = shown | walk.read, counted | walk.counted_read
    found = _typed(walk.constants, where)
    found += [Problem("page_loop_number", where, line, params={"counter": counter}, kind="page_arithmetic")
              for line, counter in sorted(dict(reversed(walk.counters)).items())]
    found += [Problem("page_arithmetic", where, line, params={"operator": operator}, kind="page_arithmetic")
              for line, operator in _arithmetic(tree)]
    found += [Problem("page_unpacked_arguments", where, line, params={"name": name}, kind="page_template")
              for line, name in _unpacked_arguments(tree)]
    found += [Problem("page_block_filter", where, node.lineno, params={"name": node.filter.name}, kind="page_template")
              for node in find_all(tree, (nodes.FilterBlock, nodes.AssignBlock)) if node.filter is not None]
    found += [Problem("page_constant_computed", where, line, params={"what": what}, kind="page_template")
              for line, what in _constant_computations(tree)]
    found += [Problem("page_unescaped", where, node.lineno, params={"what": what}, kind="page_template")
              for node, what in _unescaped(tree)]
    if page:
        found += _value_changes(tree, where)
    return sorted(found, key=lambda problem: problem.line)


def _unpacked_arguments(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, name) of each call, filter or test given its arguments with * or ** (`selectattr(*["x", "gt", 600])`):
    every rule here reads arguments as they are written, by place and keyword (red team 15, finding 2), and the
    templates need neither. Once a line."""
    found = {}
    for node in find_all(tree, (nodes.Call, nodes.Filter, nodes.Test)):
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            name = node.name if not isinstance(node, nodes.Call) else (
                node.node.name if isinstance(node.node, nodes.Name) else
                node.node.attr if isinstance(node.node, nodes.Getattr) else "…")
            found.setdefault(node.lineno, name)
    return sorted(found.items())


# What computes a value: joined (~), filtered, an operator, an item, an attribute, a call, a choice.
COMPUTING = (nodes.Concat, nodes.Filter, nodes.BinExpr, nodes.Getitem, nodes.Getattr, nodes.Call, nodes.CondExpr)


def _constant_computations(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, what) of each value computed from constants alone, once a line: `"eigh" ~ "ty-one"`, `["eigh", "ty-one"]
    | join`, `"eno-ythgie" | reverse`, `"%sty-one" | format("eigh")`, `"x"[::-1]`, `"".join([…])` (red team 19,
    finding 1: each showed 'eighty-one', where the constants rule read each constant alone), and the count of a
    constant (`"xxxxxxxxx" | length`, a limit of earlier rounds). The templates compute nothing from constants alone:
    what a page shows comes from the data, or is written out."""
    found: dict[int, str] = {}
    for node in find_all(tree, COMPUTING):
        if isinstance(node, nodes.Filter) and node.node is None:
            continue  # a filtered block's filter (page_block_filter)
        if not any(True for _ in node.find_all(nodes.Name)):
            found.setdefault(node.lineno, _computation(node))
    return sorted(found.items())


def _computation(node: nodes.Node) -> str:
    """How a node computes, as a template writes it: '~', '| join', '+', '[…]', '.upper', '(…)', '… if … else …'."""
    if isinstance(node, nodes.Filter):
        return f"| {node.name}"
    if isinstance(node, nodes.BinExpr):
        return node.operator
    if isinstance(node, nodes.Getattr):
        return f".{excerpt(node.attr)}"
    return {nodes.Concat: "~", nodes.Getitem: "[…]", nodes.Call: "(…)"}.get(type(node), "… if … else …")


def _unescaped(tree: nodes.Template) -> list[tuple[nodes.Node, str]]:
    """Each place a template would write a value as markup instead of text: the filter `safe`, and an
    `{% autoescape %}` block that is not `true` (red team 16, finding 4: a label of the data holding <bdo dir=rtl>
    became live markup that drew 80 as 08). Every value reaches a page escaped; the templates need neither."""
    found = [(node, "| safe") for node in find_all(tree, nodes.Filter) if node.name == "safe"]
    for node in find_all(tree, nodes.ScopedEvalContextModifier):
        for option in node.options:
            if option.key == "autoescape" and not (isinstance(option.value, nodes.Const) and option.value.value is True):
                found.append((node, "autoescape"))
    return found


def _typed(constants: list, where: str) -> list[Problem]:
    """A number typed in each constant shown, read in the languages of the editions that show it, once a line; of
    a constant that is counted (`range(82) | length`), its digits only, as they are typed."""
    found, named = [], set()
    for node, langs, counted in constants:
        for code in [lang.code for lang in languages() if lang.code in langs]:
            typed = typed_value(str(node.value), code) or (str(node.value) if counted else None)
            if typed and node.lineno not in named:
                named.add(node.lineno)
                found.append(Problem("page_number_in_expression", where, node.lineno,
                                     params={"number": excerpt(typed), "lang": code}, kind="page_number"))
    return found


def _arithmetic(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, operator) of each computation with an operand that is not a constant, once per line, but the
    UNIT_CONVERSIONS."""
    found: dict[int, str] = {}
    for node in find_all(tree, ARITHMETIC):
        if not _on_data(node) or _conversion(node):
            continue
        found.setdefault(node.lineno, node.operator)
    return sorted(found.items())


def _on_data(node: nodes.Expr) -> bool:
    """Whether an operand reads anything: a name or a call (`"ab" * 10**7` computes with constants only)."""
    operands = [node.node] if isinstance(node, nodes.UnaryExpr) else [node.left, node.right]
    return any(isinstance(operand, (nodes.Name, nodes.Call)) or any(operand.find_all((nodes.Name, nodes.Call)))
               for operand in operands)


def _conversion(node: nodes.Expr) -> bool:
    return (isinstance(node, nodes.BinExpr) and isinstance(node.left, nodes.Getattr)
            and isinstance(node.right, nodes.Const)
            and (type(node), node.left.attr, node.right.value) in UNIT_CONVERSIONS)


def _body(body: list, langs: frozenset, walk: _Walk) -> None:
    """The statements of a template or a block, in the languages whose edition shows them."""
    from build_scripts.stages.validate.templates import lang_test

    for node in body:
        if isinstance(node, nodes.If) and all(lang_test(b.test) for b in (node, *node.elif_)):
            named = {lang_test(branch.test) for branch in (node, *node.elif_)}
            for branch in (node, *node.elif_):
                _body(branch.body, langs & {lang_test(branch.test)}, walk)
            _body(node.else_, langs - named, walk)
        else:
            _statement(node, langs, walk)


def _statement(node: nodes.Node, langs: frozenset, walk: _Walk) -> None:
    """One statement: its expressions read as shown or not (see the module's docstring), its bodies in turn."""
    if isinstance(node, nodes.Output):
        for part in node.nodes:
            _expr(part, True, langs, walk)
        return
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        value = node.node if isinstance(node, nodes.Assign) else node.filter
        _expr(value, _targets_shown(node.target, walk), langs, walk)
    elif isinstance(node, nodes.For):
        loop_shown = _most(_targets_shown(node.target, walk), _name_shown("loop", walk))
        _expr(node.iter, loop_shown, langs, walk)
        _expr(node.test, False, langs, walk)
    elif isinstance(node, nodes.With):
        for target, value in zip(node.targets, node.values):
            _expr(value, _targets_shown(target, walk), langs, walk)
    elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
        for param, default in zip(node.args[len(node.args) - len(node.defaults):], node.defaults):
            _expr(default, _name_shown(param.name, walk), langs, walk)
        if isinstance(node, nodes.CallBlock):
            _expr(node.call, True, langs, walk)
    elif isinstance(node, nodes.If):
        _expr(node.test, False, langs, walk)
    elif isinstance(node, (nodes.FilterBlock, nodes.ExprStmt)):
        _expr(node.filter if isinstance(node, nodes.FilterBlock) else node.node, True, langs, walk)
    # Include, Import, FromImport, Extends: a template's name; Scope…'s options: Jinja's (autoescape).
    _body([child for child in node.iter_child_nodes() if isinstance(child, nodes.Stmt)], langs, walk)


def _targets_shown(target: nodes.Node, walk: _Walk) -> bool | str:
    """Whether a name a `set`, a loop or a `with` gives a value to is shown (`ns.x`: whether `ns` is), or COUNTED."""
    names = [target.name] if isinstance(target, (nodes.Name, nodes.NSRef)) else [
        node.name for node in target.find_all((nodes.Name, nodes.NSRef))]
    return _most(*(_name_shown(name, walk) for name in names))


def _name_shown(name: str, walk: _Walk) -> bool | str:
    return True if name in walk.shown else COUNTED if name in walk.counted else False


def _most(*levels: bool | str) -> bool | str:
    """The most a value is shown of the ways given: as it is (True), as how many (COUNTED) or not (False)."""
    return True if True in levels else COUNTED if COUNTED in levels else False


def _expr(node: nodes.Node | None, shown: bool | str, langs: frozenset, walk: _Walk) -> None:
    """An expression, `shown` if its value reaches the page (COUNTED: as how many, under a counting filter): each
    constant it shows (counted: one with a digit), each name it reads there and each loop number it shows."""
    if node is None:
        return
    if isinstance(node, nodes.Const):
        value = node.value
        if shown and isinstance(value, (str, int, float)) and not isinstance(value, bool) and (
                shown is True or any(char.isdigit() for char in str(value))):
            walk.constants.append((node, langs, shown is not True))
    elif isinstance(node, nodes.Name):
        if shown:
            (walk.read if shown is True else walk.counted_read).add(node.name)
            if node.name == "loop":  # <LoopContext 3/10>
                walk.counters.append((node.lineno, "loop"))
    elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
        _getter(node, shown, langs, walk)
    elif isinstance(node, (nodes.Compare, nodes.Test, nodes.Not)):
        for child in node.iter_child_nodes():
            _expr(child, False, langs, walk)  # true or false
    elif isinstance(node, nodes.CondExpr):
        _expr(node.test, False, langs, walk)
        _expr(node.expr1, shown, langs, walk)
        _expr(node.expr2, shown, langs, walk)
    elif isinstance(node, ARITHMETIC):
        _arithmetic_operands(node, shown, langs, walk)
    elif isinstance(node, nodes.Call):
        _call(node, shown, langs, walk)
    elif isinstance(node, nodes.Filter):
        _expr(node.node, COUNTED if shown and node.name in COUNTS else shown, langs, walk)
        _arguments(node, FILTER_OPTIONS.get(node.name, set()), shown, langs, walk)
    else:  # ~, and, or, lists, tuples, mappings and their pairs, markup, a keyword's value, a slice's parts
        for child in node.iter_child_nodes():
            _expr(child, False if isinstance(node, nodes.Slice) else shown, langs, walk)


def _getter(node: nodes.Getattr | nodes.Getitem, shown: bool | str, langs: frozenset, walk: _Walk) -> None:
    """`x.attr` or `x[key]`: x as shown as the value is, but a key, an index or a slice not; a loop's number shown
    (`loop.index`, `loop["length"]`) is the page's own."""
    key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
    if isinstance(node.node, nodes.Name) and node.node.name == "loop":
        if shown and key in LOOP_NUMBERS:
            walk.counters.append((node.lineno, f"loop.{key}"))
        if shown:  # the loop's other parts: its items, cycle(), first, last, changed()
            (walk.read if shown is True else walk.counted_read).add("loop")
    else:
        _expr(node.node, shown, langs, walk)
    if isinstance(node, nodes.Getitem):
        _expr(node.arg, False, langs, walk)  # a key, an index, a slice


def _arithmetic_operands(node: nodes.Expr, shown: bool, langs: frozenset, walk: _Walk) -> None:
    """Constants on both sides are shown as the result is (`{{ 40 + 41 }}`); with the data on one side it is
    refused as arithmetic (_arithmetic), or is a change of unit whose constant is no figure (UNIT_CONVERSIONS)."""
    operands = [node.node] if isinstance(node, nodes.UnaryExpr) else [node.left, node.right]
    if _conversion(node):
        _expr(node.left, shown, langs, walk)
    else:
        for operand in operands:
            _expr(operand, False if _on_data(node) else shown, langs, walk)


def _call(node: nodes.Call, shown: bool | str, langs: frozenset, walk: _Walk) -> None:
    """A call: its callee as shown as its value is, its arguments as shown but the ones that name what is shown
    (CALL_NAMES, METHOD_NAMES); a method's arguments also when its object is a name that is shown, which it may
    keep them in (`xs.append("81")`)."""
    callee = node.node
    _expr(callee, False if isinstance(callee, nodes.Name) and callee.name == "loop" else shown, langs, walk)
    options: set = set()
    if isinstance(callee, nodes.Name) and callee.name not in walk.defined:
        options = CALL_NAMES.get(callee.name, set())
    elif isinstance(callee, nodes.Name):  # a name the template sets may be another's method (`set u = x.update`)
        shown = _most(shown, callee.name not in walk.callables)
    elif isinstance(callee, nodes.Getattr):
        root = callee.node
        while isinstance(root, (nodes.Getattr, nodes.Getitem)):
            root = root.node
        shown = _most(shown, isinstance(root, nodes.Name) and _name_shown(root.name, walk))
        macro = isinstance(callee.node, nodes.Name) and callee.node.name in walk.imported
        options = set() if macro else METHOD_NAMES.get(callee.attr, set())
    _arguments(node, options, shown, langs, walk)


def _arguments(node: nodes.Call | nodes.Filter, options: set, shown: bool | str, langs: frozenset, walk: _Walk) -> None:
    """The arguments of a call or a filter: shown if the call is, but those in `options` (positions and keywords,
    or ALL)."""
    for position, argument in enumerate(node.args):
        _expr(argument, shown if position not in options and options is not ALL else False, langs, walk)
    for keyword in node.kwargs:
        _expr(keyword.value, shown if keyword.key not in options and options is not ALL else False, langs, walk)
    for rest in (node.dyn_args, node.dyn_kwargs):
        _expr(rest, shown if options is not ALL else False, langs, walk)


# --- a value from the data changed on its way to a page (page_value_changed) ---------------------------------------
# See the module's docstring. A filter not named here is refused on a value from the data.

# Filters that show a value as it is, or select, sort, group or count values without changing one: escaping and
# markup, case, JSON, a default, an attribute, rows picked by an attribute or a test, a count of rows
# (`cardinal(areas | length)`). `trim` without its characters and `map` by attribute only (`map("int")` would apply
# a filter to each value).
KEEPING = frozenset({
    "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "forceescape", "front_matter",
    "groupby", "items", "length", "list", "lower", "map", "markdown", "marked", "reject", "rejectattr",
    "safe", "select", "selectattr", "sort", "string", "striptags", "title", "tojson", "trim", "unique", "upper"})
KNOWN_FILTERS = frozenset(FILTERS) | {"markdown", "front_matter", "join", "marked"}  # Jinja's and pages.stage's
# Filters that read a value as a list of items: given a text (a figure's, `x | string`), its characters.
SEQUENCE = frozenset({
    "batch", "count", "dictsort", "first", "groupby", "items", "join", "last", "length", "list", "map", "max", "min",
    "random", "reject", "rejectattr", "reverse", "select", "selectattr", "slice", "sort", "sum", "unique",
    "wordcount"})
# Filters whose value is a text, and those whose value is a text when their operand is one.
TEXT_FILTERS = frozenset({
    "capitalize", "center", "e", "escape", "filesizeformat", "forceescape", "format", "front_matter", "indent",
    "join", "lower", "markdown", "marked", "pprint", "replace", "safe", "string", "striptags", "title", "tojson",
    "trim", "truncate", "upper", "urlencode", "urlize", "wordwrap", "xmlattr"})
PASSING = frozenset({"d", "default", "list", "reject", "reverse", "select", "slice", "batch", "sort", "unique"})
# The data's texts of a figure (value_text, when_text, source_quote; step_dates(s).text): read as texts.
TEXT_FIELDS = ("_text", "_quote")
# Calls whose value is a list or a mapping, not a text: a table's rows, a range, a source location's parts.
ROW_CALLS = frozenset({
    "records", "range", "dict", "namespace", "location_parts", "loading_snippets", "download_groups", "step_dates",
    "text_examples"})
ROW_METHODS = frozenset({"records", "get", "items", "values", "keys"})
# A number's attributes that are no methods (int, float: `.real`, `.imag`, `.numerator`, `.denominator`): each a
# number the data do not state ((80.0).imag is 0.0). No key of the data has these names.
NUMBER_ATTRIBUTES = frozenset(name for kind in (int, float, complex) for name in dir(kind)
                              if not name.startswith("_") and not callable(getattr(kind, name)))
# The helpers that need a whole number, as the one place `| int` may stand (see the module's docstring).
WHOLE = frozenset({"cardinal", "ordinal"})
# What a separator, or the text `replace` removes, must hold so that it cannot stand inside a number's text: a
# character that is no digit, no sign, separator or exponent of a number, and no space (see _inert).
JOINTS = frozenset(".,+-−'eE")
# Helpers that cut one text of the data into parts, which a loop shows again in their order: the text as it stands
# ('Afsnit 3, Socialområdet': the parts a section title in Danish, marked as such, can be told from).
REASSEMBLED = frozenset({"location_parts"})
# What the pages' own text is, not the data's: a source marker (marker(), the macro source_marker: a superscript link
# with a word), a card (a block of markup), the language file's words (term, word), and the translation a Danish name
# is followed by (the macro translated of _macros/lang.html, imported where it is used: ' (…)' or nothing, beginning
# with its space).
MARKERS = frozenset({"marker", "source_marker", "card", "term", "word", "translated"})
# Helpers that show a figure followed by its source marker.
MARKED = frozenset({"fig", "area_fig"})


def _value_changes(tree: nodes.Template, where: str) -> list[Problem]:
    """A page template's changes to a value from the data: each line once, naming the filter or the operation."""
    texts = _texty_names(tree)
    whole = {id(call.args[0]) for call in find_all(tree, nodes.Call)
             if isinstance(call.node, nodes.Name) and call.node.name in WHOLE and call.args}
    found: dict[int, str] = {}
    for node in find_all(tree, (nodes.Filter, nodes.Getitem, nodes.Getattr, nodes.For, nodes.Call)):
        operation = _number_attribute(node) or _attribute_index(node) or _change(node, texts, id(node) in whole)
        if operation:
            found.setdefault(node.lineno, operation)
    for node, operation in _unpackings(tree, texts):
        found.setdefault(node.lineno, operation)
    defaults = {param.name for macro in find_all(tree, nodes.Macro)
                for param, default in zip(macro.args[len(macro.args) - len(macro.defaults):], macro.defaults)
                if isinstance(default, nodes.Const)}
    _Shown(defaults, found=found).body(tree.body)
    return [Problem("page_value_changed", where, line, params={"operation": operation}, kind="page_value_changed")
            for line, operation in sorted(found.items())]


def _change(node: nodes.Node, texts: frozenset, whole: bool) -> str | None:
    """The operation a node makes on a value from the data that may change what the page shows, or None."""
    if isinstance(node, nodes.Getattr):
        return None  # (but a number's own attribute: _number_attribute)
    if isinstance(node, nodes.For):
        return "for … in" if _reads(node.iter) and _texty(node.iter, texts) else None
    if isinstance(node, nodes.Getitem):
        if not _reads(node.node) or (isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
            return None  # a key of a mapping
        if isinstance(node.arg, nodes.Slice):
            price_year = (isinstance(node.node, nodes.Getattr) and node.node.attr == "price_level"
                          and _slice(node.arg) == "[:4]")
            return None if price_year else _slice(node.arg)
        return "[…]" if _texty(node.node, texts) else None
    if isinstance(node, nodes.Call):
        method = node.node.attr if isinstance(node.node, nodes.Getattr) else None
        split = method in ("split", "rsplit") and _reads(node.node.node)
        return f".{method}" if split and not (node.args and _inert(node.args[0])) else None
    if not _reads(node) or node.name not in KNOWN_FILTERS:  # (a filter no page has: page_compile names it)
        return None  # the data in its operand or its arguments (`"%.0f" | format(x)`)
    if (node.name in SEQUENCE and _texty(node.node, texts)) or not _filter_keeps(node, whole):
        return f"| {node.name}"
    return None


def _number_attribute(node: nodes.Node) -> str | None:
    """A number's own attribute (NUMBER_ATTRIBUTES: `.imag`, `.real` …) read from anything: `x.imag`, `x["imag"]`
    (Jinja reads a key a value has not as its attribute), `x | attr("imag")`, `map(attribute="value.imag")`."""
    if isinstance(node, nodes.Getattr):
        return f".{node.attr}" if node.attr in NUMBER_ATTRIBUTES else None
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else None
        return f'["{key}"]' if key in NUMBER_ATTRIBUTES else None
    if isinstance(node, nodes.Filter):
        for argument in node.args + [keyword.value for keyword in node.kwargs]:
            if isinstance(argument, nodes.Const) and isinstance(argument.value, str) and (
                    set(argument.value.split(".")) & NUMBER_ATTRIBUTES):
                return f"| {node.name}"
    return None


# The filters that read an attribute path, and the place of the path among their arguments (None: a keyword only).
# Jinja reads a part of the path that is digits as an index: `map(attribute="value_text.0")` is each value_text's
# first character, and `selectattr("name.9", "defined")` keeps the names of ten letters or more (red team 14,
# finding 2).
ATTRIBUTE_PATHS = {"map": None, "groupby": 0, "selectattr": 0, "rejectattr": 0, "sort": 2, "unique": 1, "sum": 0,
                   "min": 1, "max": 1, "join": 1}


def _attribute_index(node: nodes.Node) -> str | None:
    """A filter's attribute path that is not written, or that has a part of digits (an index), as `| map`."""
    if not isinstance(node, nodes.Filter) or node.name not in ATTRIBUTE_PATHS:
        return None
    place = ATTRIBUTE_PATHS[node.name]
    paths = [keyword.value for keyword in node.kwargs if keyword.key == "attribute"]
    if place is not None and len(node.args) > place:
        paths.append(node.args[place])
    for path in paths:
        if not isinstance(path, nodes.Const) or any(part.isdigit() for part in str(path.value).split(".")):
            return f"| {node.name}"
    return None


def _unpackings(tree: nodes.Template, texts: frozenset) -> list[tuple[nodes.Node, str]]:
    """Each `set a, b = …`, `with a, b = …` or `for a, b in …` whose value (of a loop: an item of a list written
    out) may be a text from the data: its names take its characters (`{% set a, b = x.value_text %}`)."""
    found = []
    for node in find_all(tree, (nodes.Assign, nodes.For, nodes.With)):
        pairs = zip(node.targets, node.values) if isinstance(node, nodes.With) else [
            (node.target, node.node if isinstance(node, nodes.Assign) else node.iter)]
        for target, value in pairs:
            if not isinstance(target, nodes.Tuple) or not _reads(value):
                continue
            items = value.items if isinstance(node, nodes.For) and isinstance(value, (nodes.List, nodes.Tuple)) else [
                value] if not isinstance(node, nodes.For) else []
            if any(_texty(item, texts) for item in items):
                names = ", ".join(name.name for name in target.find_all(nodes.Name))
                keyword = {nodes.Assign: "set", nodes.With: "with"}.get(type(node))
                found.append((node, f"{keyword} {names} = …" if keyword else f"for {names} in …"))
    return found


def _filter_keeps(node: nodes.Filter, whole: bool) -> bool:
    """Whether a filter on a value from the data leaves its figures as they are (the uses the pages need; see the
    module's docstring)."""
    name, args = node.name, node.args + [keyword.value for keyword in node.kwargs]
    if name == "int":  # a count given to cardinal or ordinal, as it stands in the data
        return whole and not args and _plain(node.node)
    if name in ("first", "last"):  # the row a selection by attribute picks (a text's character has none)
        picked = node.node
        return (isinstance(picked, nodes.Filter) and picked.name in ("selectattr", "rejectattr") and picked.args
                and isinstance(picked.args[0], nodes.Const) and not hasattr(str, str(picked.args[0].value)))
    if name == "join":  # items with a separator between them
        return bool(args) and _inert(args[0], spaces=True) and len(args) == 1
    if name == "replace":  # a word or a '_' of a name, by a text (`res.name | replace("_", "-")`)
        return (len(node.args) == 2 and not node.kwargs and _inert(node.args[0], word=True)
                and isinstance(node.args[1], nodes.Const))
    if name in ("trim", "map"):  # not trim("0"), not map("int")
        return not node.args
    if name in SELECTIONS:
        return _equality_test(node.args[SELECTIONS[name]:], node.kwargs)
    return name in KEEPING


# The selections, and the place of their test's name among their arguments (selectattr's first is the attribute).
SELECTIONS = {"select": 0, "reject": 0, "selectattr": 1, "rejectattr": 1}
# The tests a selection from the data may use: one that picks rows equal to a value, or that have one. A comparison
# with a constant (`rejectattr("municipality_code", "gt", 600) | length`: 65) makes a count no source states (red
# team 13, finding 3).
EQUALITY_TESTS = frozenset({"equalto", "eq", "==", "ne", "!=", "sameas", "defined", "undefined", "none", "true",
                            "false"})


def _equality_test(test: list, keywords: list) -> bool:
    """Whether a selection's test (its name and arguments) is no test, or an equality test with a written name, whose
    written arguments hold no digit (what a row is compared with is a name, a value of the data, or a word)."""
    if keywords:
        return False
    if not test:
        return True
    name, arguments = test[0], test[1:]
    return (isinstance(name, nodes.Const) and name.value in EQUALITY_TESTS
            and all(not isinstance(argument, nodes.Const) or not any(c.isdigit() for c in str(argument.value))
                    for argument in arguments))


def _inert(node: nodes.Node, spaces: bool = False, word: bool = False) -> bool:
    """Whether a constant text cannot stand inside a number's text, nor join two numbers into one: it holds no
    digit, and a character that is no sign, separator or exponent of a number (JOINTS) and, but for a separator
    (`spaces`: ', '), no space; for `word`, letters and '_' only (`population_`, not 'e')."""
    if not isinstance(node, nodes.Const) or not isinstance(node.value, str):
        return False
    text = node.value
    if any(char.isdigit() for char in text):
        return False
    if word:
        return all(char.isalpha() or char == "_" for char in text) and bool(set(text) - JOINTS)
    return any(char not in JOINTS and (spaces or not char.isspace()) for char in text)


def _reads(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.Name, nodes.Call)) or any(node.find_all((nodes.Name, nodes.Call)))


def _plain(node: nodes.Node) -> bool:
    """A value as the data hold it: a name, its attributes and its keys (`kf.x.value`, `kf[figure_id].value`)."""
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getitem) and not (isinstance(node.arg, nodes.Name) or (
                isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str))):
            return False
        node = node.node
    return isinstance(node, nodes.Name)


def _slice(node: nodes.Slice) -> str:
    def part(value: nodes.Node | None) -> str:
        if value is None:
            return ""
        if isinstance(value, nodes.Const):
            return str(value.value)
        return f"-{part(value.node)}" if isinstance(value, nodes.Neg) else "…"

    return "[" + ":".join([part(node.start), part(node.stop)] + ([part(node.step)] if node.step else [])) + "]"


def _texty(node: nodes.Node | None, texts: frozenset) -> bool:
    """Whether a value may be a text (whose items are its characters): a constant text, `~`, a text filter's value,
    a helper's (`num(x)`), a text field of the data (TEXT_FIELDS), a part of a text, a name set from one."""
    if isinstance(node, nodes.Const):
        return isinstance(node.value, str)
    if isinstance(node, (nodes.Concat, nodes.Mod)):
        return True
    if isinstance(node, nodes.Name):
        return node.name in texts
    if isinstance(node, nodes.Getattr):
        return node.attr == "text" or node.attr.endswith(TEXT_FIELDS) or node.attr in text_columns()
    if isinstance(node, nodes.Getitem):
        key = node.arg
        if isinstance(key, nodes.Const) and isinstance(key.value, str):
            return key.value.endswith(TEXT_FIELDS) or key.value in text_columns()
        return _texty(node.node, texts)
    if isinstance(node, nodes.Filter):
        return node.name in TEXT_FILTERS or (node.name in PASSING and (
            _texty(node.node, texts) or any(_texty(arg, texts) for arg in node.args)))
    if isinstance(node, nodes.CondExpr):
        return _texty(node.expr1, texts) or _texty(node.expr2, texts)
    if isinstance(node, nodes.Call):
        return not _row_call(node)
    return False


@functools.cache
def text_columns() -> frozenset:
    """The names of the data package's text columns (string and date fields of every table: label_da, note, title,
    source_quote …): a value read by one of these names is a text, whose characters a filter such as `list`, `sort`
    or `join` would take apart (`label_da | list | join(" ")` showed '80' as '8 0'). Read from the checkout's
    datapackage.json, which validate checks first; a descriptor that cannot be read gives none."""
    from build_scripts.core import package
    from build_scripts.core.paths import Paths

    try:
        resources = package.descriptor(Paths.checkout().datapackage_json).get("resources", [])
        return frozenset(field["name"] for res in resources for field in res.get("schema", {}).get("fields", [])
                         if field.get("type", "string") in ("string", "date"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return frozenset()


def _row_call(node: nodes.Call) -> bool:
    """Whether a call's value is a list or a mapping (ROW_CALLS, ROW_METHODS; a split at a separator that cannot
    stand in a number), not a text."""
    callee = node.node
    if isinstance(callee, nodes.Name):
        return callee.name in ROW_CALLS
    if not isinstance(callee, nodes.Getattr):
        return False
    if callee.attr == "get":
        return not (node.args and isinstance(node.args[0], nodes.Const)
                    and str(node.args[0].value).endswith(TEXT_FIELDS))
    return callee.attr in ROW_METHODS or (callee.attr in ("split", "rsplit") and bool(node.args)
                                          and _inert(node.args[0]))


def _texty_names(tree: nodes.Template) -> frozenset:
    """The names the template sets to a text: `{% set t %}…{% endset %}`, `set`/`with` from a text, a loop over
    one; followed through names set from names."""
    blocks = {node.target.name for node in find_all(tree, nodes.AssignBlock) if isinstance(node.target, nodes.Name)}
    pairs = [(node.target, node.node) for node in find_all(tree, nodes.Assign)]
    pairs += [(node.target, node.iter) for node in find_all(tree, nodes.For)]
    pairs += [pair for node in find_all(tree, nodes.With) for pair in zip(node.targets, node.values)]
    names: frozenset = frozenset()
    while True:
        found = set(blocks)
        for target, value in pairs:
            if _texty(value, names):
                found |= {name.name for name in [target, *target.find_all(nodes.Name)] if isinstance(name, nodes.Name)}
        if found <= names:
            return names
        names |= found


# What a part of a page shows first and last: ("data", "data") for a value from the data, ("text", "text") for the
# template's own text or markup; None when it may show nothing (`""`, a `set`, an `if` without `else`).
TEXT = ("text", "text")


def _sequence(parts: list[tuple[int, list]], operation: str, found: dict) -> list:
    """What parts shown one after another show first and last, each a list of the ways it can be (see _atom);
    notes in `found` each line where a value from the data may follow another with nothing between them."""
    starts, ends = set(), {None}
    for line, ways in parts:
        after = set()
        for way in ways:
            if way is None:
                after |= ends
                continue
            if way[0] == "data" and "data" in ends:
                found.setdefault(line, operation)
            if None in ends:
                starts.add(way[0])
            after.add(way[1])
        ends = after
    return [(start, end) for start in starts for end in ends if end is not None] + ([None] if None in ends else [])


@dataclass
class _Shown:
    """One reading of a page for values side by side: the macro parameters with a constant default, what each of
    its macros shows first and last (read where it is defined), the lines found."""
    defaults: set
    macros: dict = field(default_factory=dict)
    found: dict = field(default_factory=dict)

    def body(self, statements: list) -> list:
        return _sequence([(child.lineno, _atom(child, self)) for child in statements], "}}{{", self.found)


def _atom(node: nodes.Node, shown: _Shown) -> list:
    """The ways a statement can show its first and last part (_sequence). A loop shows its body again after itself
    (but after its last round: `{% if not loop.last %}, {% endif %}`); a macro shows nothing where it is defined,
    its body where it is called."""
    if isinstance(node, nodes.Output):
        return _sequence([(part.lineno, [TEXT if _visible(part.data) else None] if isinstance(part, nodes.TemplateData)
                           else _edges(part, shown)) for part in node.nodes], "}}{{", shown.found)
    if isinstance(node, nodes.If):
        return [way for branch in (node, *node.elif_) for way in shown.body(branch.body)] + shown.body(node.else_)
    if isinstance(node, nodes.For):
        ways = shown.body(node.body)
        rounds = [part for child in node.body for part in (child.body if _until_last(child) else [child])]
        if not (isinstance(node.iter, nodes.Call) and isinstance(node.iter.node, nodes.Name)
                and node.iter.node.name in REASSEMBLED):
            _sequence([(node.lineno, shown.body(rounds)), (node.lineno, ways)], "}}{{", shown.found)
        return [*ways, *shown.body(node.else_), None]
    if isinstance(node, nodes.Macro):
        shown.macros[node.name] = shown.body(node.body)
        return [None]
    if isinstance(node, (nodes.AssignBlock, nodes.CallBlock, nodes.FilterBlock)):
        shown.body(node.body)
        return [None] if isinstance(node, nodes.AssignBlock) else [("data", "data")]
    if isinstance(node, (nodes.With, nodes.Scope, nodes.ScopedEvalContextModifier, nodes.Block)):
        return shown.body(node.body)
    return [TEXT] if isinstance(node, nodes.Include) else [None]


def _visible(data: str) -> bool:
    """Whether a piece of a template's text, or a written text an output shows, shows anything between what stands on
    each side of it: not if it is only markup that draws nothing there (typed_numbers.joined: the tags of elements
    drawn inside a line, comments, links without text, characters drawn as nothing) and emphasis markers ('<b></b>',
    '<!-- af -->', '**', '<wbr>', '<sup>', '&#x200B;': each showed '80' and '98' as '8098', red team 21, finding 2;
    '<x-y></x-y>', '[](#)', `{{ "**" }}`: red team 22, findings 1 and 3)."""
    from build_scripts.stages.validate.typed_numbers import joined

    return bool(re.sub(r"[*_]", "", joined(data)))


def _until_last(node: nodes.Node) -> bool:
    """`{% if not loop.last %}…{% endif %}`: shown in every round of a loop but its last."""
    return (isinstance(node, nodes.If) and not node.elif_ and not node.else_ and isinstance(node.test, nodes.Not)
            and isinstance(node.test.node, nodes.Getattr) and node.test.node.attr == "last"
            and isinstance(node.test.node.node, nodes.Name) and node.test.node.node.name == "loop")


def _edges(node: nodes.Node | None, shown: _Shown) -> list:
    """The ways an output's expression can show its first and last part: a constant text or a source marker is
    the template's own text, `""` nothing, a macro parameter with a constant default its punctuation
    (`translated(text, open="(")`), a macro what its body shows; `x ~ y` is read as parts in a row."""
    if node is None or (isinstance(node, nodes.Const) and (node.value in ("", None) or (
            isinstance(node.value, str) and not _visible(node.value)))):
        return [None]
    if isinstance(node, nodes.CondExpr):
        return _edges(node.expr1, shown) + _edges(node.expr2, shown)
    if isinstance(node, nodes.Concat):
        return _sequence([(part.lineno, _edges(part, shown)) for part in node.nodes], "~", shown.found)
    if isinstance(node, nodes.Filter) and node.name in KEEPING:
        return _edges(node.node, shown)
    callee = node.node.name if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) else None
    if callee in shown.macros:
        return shown.macros[callee]
    if not _reads(node) or callee in MARKERS or (isinstance(node, nodes.Name) and node.name in shown.defaults):
        return [TEXT]
    return [("data", "text" if callee in MARKED else "data")]
