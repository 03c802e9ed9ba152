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
  shows how many, not xs), a test or a comparison
  (`{% if x == "2" %}`, `is divisibleby 3`), a loop's condition, a constant whose name nothing shows (a loop's
  bounds: `{% for i in range(3) %}`, a mapping of decimals passed only as `num`'s decimals);
- the names of templates (`{% include %}`, `{% import %}`, `{% extends %}`) and Jinja's options (`autoescape`);
- the arguments in CALL_NAMES, METHOD_NAMES and FILTER_OPTIONS: those that name a figure, a statement, a row, a
  table, a key, a unit, a page or a chart (`fig("x")`, `term("key")`, `card(row, "key_figures", "key")`), or set a
  format (`num(x, 1)`'s decimals, `tojson(indent=1)`, `table_text(res, 5)`'s rows shown), and a filter's attribute
  and test names (`selectattr("verdict", "equalto", "consistent")`). They apply to the page helpers only, not to a
  macro or a name the template defines itself (`{% macro num(n) %}` is read as any macro).
HTML attribute values (`class="grid-2"`) are text of the template and read by typed_numbers.py's rules.

Arithmetic (page_arithmetic): `+ - * / // %` or a sign with an operand that reads a name or calls (`kf.x.value + 1`,
`-x`, `"%d" % x`) is refused, whatever it is for (the pages need none; '**' is page_power). The one exception
(UNIT_CONVERSIONS): the submission standard states its size limit in bytes (Table Schema's `maxBytes`) and the
submission page says it in MB (`site.submission.resources[0].maxBytes / 1000000`): a change of unit, not a figure.
"""

from dataclasses import dataclass, field

from jinja2 import nodes

from build_scripts.core.lang import languages
from build_scripts.core.text import excerpt
from build_scripts.stages.validate.problem import Problem
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
    "center": ALL, "indent": ALL, "filesizeformat": ALL, "trim": ALL, "urlize": ALL, "dictsort": ALL, "sort": ALL,
    "unique": ALL, "min": ALL, "max": ALL, "groupby": {0, "attribute", "case_sensitive"}, "map": {0, "attribute"},
    "sum": {0, "attribute"}, "batch": {0, "linecount"}, "slice": {0, "slices"}, "int": {1, "base"},
    "truncate": {0, 1, 3, "length", "killwords", "leeway"}, "join": {1, "attribute"},
    "wordwrap": {0, 1, 3, "width", "break_long_words", "break_on_hyphens"}, "replace": {0, 2, "old", "count"},
}


@dataclass
class _Walk:
    """One reading of a template: the names shown so far (`shown`, from the reading before), what this reading
    finds shown (`read`: names; `constants`: (node, languages))."""
    shown: frozenset
    defined: frozenset  # the names the template defines itself (macros, sets, loops, parameters, imports)
    imported: frozenset  # the names of the templates it imports (`{% import "…" as m %}`: m.figure is a macro)
    callables: frozenset  # its macros and the macros it imports by name (`{% from "…" import danish %}`)
    read: set = field(default_factory=set)
    constants: list = field(default_factory=list)


def expression_problems(tree: nodes.Template, where: str) -> list[Problem]:
    """Each line whose expressions show a number typed as a constant, and each line that computes with the data
    (see the module's docstring), once per line."""
    codes = frozenset(lang.code for lang in languages())
    imported = frozenset(node.target for node in tree.find_all(nodes.Import))
    callables = frozenset(node.name for node in tree.find_all(nodes.Macro)) | {
        name if isinstance(name, str) else name[1] for node in tree.find_all(nodes.FromImport) for name in node.names}
    defined = frozenset(node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")) | (
        imported | callables)
    shown: frozenset = frozenset()
    while True:  # names shown through names set from them: until no reading finds another
        walk = _Walk(shown, defined, imported, callables)
        _body(tree.body, codes, walk)
        if walk.read <= shown:
            break
        shown |= walk.read
    found, named = [], set()
    for node, langs in walk.constants:
        for code in [lang.code for lang in languages() if lang.code in langs]:
            typed = typed_value(str(node.value), code)
            if typed and node.lineno not in named:
                named.add(node.lineno)
                found.append(Problem("page_number_in_expression", where, node.lineno,
                                     params={"number": excerpt(typed), "lang": code}, kind="page_number"))
    found += [Problem("page_arithmetic", where, line, params={"operator": operator}, kind="page_arithmetic")
              for line, operator in _arithmetic(tree)]
    return sorted(found, key=lambda problem: problem.line)


def _arithmetic(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, operator) of each computation with an operand that is not a constant, once per line, but the
    UNIT_CONVERSIONS."""
    found: dict[int, str] = {}
    for node in tree.find_all(ARITHMETIC):
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
        loop_shown = _targets_shown(node.target, walk) or "loop" in walk.shown
        _expr(node.iter, loop_shown, langs, walk)
        _expr(node.test, False, langs, walk)
    elif isinstance(node, nodes.With):
        for target, value in zip(node.targets, node.values):
            _expr(value, _targets_shown(target, walk), langs, walk)
    elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
        for param, default in zip(node.args[len(node.args) - len(node.defaults):], node.defaults):
            _expr(default, param.name in walk.shown, langs, walk)
        if isinstance(node, nodes.CallBlock):
            _expr(node.call, True, langs, walk)
    elif isinstance(node, nodes.If):
        _expr(node.test, False, langs, walk)
    elif isinstance(node, (nodes.FilterBlock, nodes.ExprStmt)):
        _expr(node.filter if isinstance(node, nodes.FilterBlock) else node.node, True, langs, walk)
    # Include, Import, FromImport, Extends: a template's name; Scope…'s options: Jinja's (autoescape).
    _body([child for child in node.iter_child_nodes() if isinstance(child, nodes.Stmt)], langs, walk)


def _targets_shown(target: nodes.Node, walk: _Walk) -> bool:
    """Whether a name a `set`, a loop or a `with` gives a value to is shown (`ns.x`: whether `ns` is)."""
    names = [target.name] if isinstance(target, (nodes.Name, nodes.NSRef)) else [
        node.name for node in target.find_all((nodes.Name, nodes.NSRef))]
    return any(name in walk.shown for name in names)


def _expr(node: nodes.Node | None, shown: bool, langs: frozenset, walk: _Walk) -> None:
    """An expression, `shown` if its value reaches the page: each constant it shows and each name it reads there."""
    if node is None:
        return
    if isinstance(node, nodes.Const):
        if shown and isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            walk.constants.append((node, langs))
    elif isinstance(node, nodes.Name):
        if shown:
            walk.read.add(node.name)
    elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
        _expr(node.node, shown, langs, walk)
        if isinstance(node, nodes.Getitem):
            _expr(node.arg, False, langs, walk)  # a key, an index, a slice
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
        _expr(node.node, shown and node.name not in COUNTS, langs, walk)
        _arguments(node, FILTER_OPTIONS.get(node.name, set()), shown, langs, walk)
    else:  # ~, and, or, lists, tuples, mappings and their pairs, markup, a keyword's value, a slice's parts
        for child in node.iter_child_nodes():
            _expr(child, shown and not isinstance(node, nodes.Slice), langs, walk)


def _arithmetic_operands(node: nodes.Expr, shown: bool, langs: frozenset, walk: _Walk) -> None:
    """Constants on both sides are shown as the result is (`{{ 40 + 41 }}`); with the data on one side it is
    refused as arithmetic (_arithmetic), or is a change of unit whose constant is no figure (UNIT_CONVERSIONS)."""
    operands = [node.node] if isinstance(node, nodes.UnaryExpr) else [node.left, node.right]
    if _conversion(node):
        _expr(node.left, shown, langs, walk)
    else:
        for operand in operands:
            _expr(operand, shown and not _on_data(node), langs, walk)


def _call(node: nodes.Call, shown: bool, langs: frozenset, walk: _Walk) -> None:
    """A call: its callee as shown as its value is, its arguments as shown but the ones that name what is shown
    (CALL_NAMES, METHOD_NAMES); a method's arguments also when its object is a name that is shown, which it may
    keep them in (`xs.append("81")`)."""
    callee = node.node
    _expr(callee, shown, langs, walk)
    options: set = set()
    if isinstance(callee, nodes.Name) and callee.name not in walk.defined:
        options = CALL_NAMES.get(callee.name, set())
    elif isinstance(callee, nodes.Name):  # a name the template sets may be another's method (`set u = x.update`)
        shown = shown or callee.name not in walk.callables
    elif isinstance(callee, nodes.Getattr):
        root = callee.node
        while isinstance(root, (nodes.Getattr, nodes.Getitem)):
            root = root.node
        shown = shown or (isinstance(root, nodes.Name) and root.name in walk.shown)
        macro = isinstance(callee.node, nodes.Name) and callee.node.name in walk.imported
        options = set() if macro else METHOD_NAMES.get(callee.attr, set())
    _arguments(node, options, shown, langs, walk)


def _arguments(node: nodes.Call | nodes.Filter, options: set, shown: bool, langs: frozenset, walk: _Walk) -> None:
    """The arguments of a call or a filter: shown if the call is, but those in `options` (positions and keywords,
    or ALL)."""
    for position, argument in enumerate(node.args):
        _expr(argument, shown and position not in options and options is not ALL, langs, walk)
    for keyword in node.kwargs:
        _expr(keyword.value, shown and keyword.key not in options and options is not ALL, langs, walk)
    for rest in (node.dyn_args, node.dyn_kwargs):
        _expr(rest, shown and options is not ALL, langs, walk)
