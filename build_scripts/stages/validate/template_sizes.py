"""What validate can see in a template's text of the texts and lists the sandbox refuses to make (core/sandbox.py,
core/sandbox_bounds.py; bounds 10): a number written in the template that asks for more than MAX_SIZE characters or
items, or a range of more than MAX_RANGE. The sandbox refuses them, and those from the data, while rendering;
validate names the written ones first, with their line (templates.py, page_too_large):
- a width or count of a filter (WIDTH_FILTERS: `x | center(2000000)`, `rows | batch(2000000)`);
- a width or precision in a written format (`"%2000000s" % x`, `"%.2000000f" | format(x)`);
- a written text or list repeated with `*` (`"ab" * 600000`);
- `range(200000)`.
A number is one written as such, or computed from written numbers with + - * and ** (`1000 * 2000`).
The methods of texts with a width (`x.ljust(…)`, `"{:>…}".format(…)`) are not on the list of those a template may
call at all (templates.TEMPLATE_METHODS), so validate names them already.
"""

from jinja2 import nodes
from jinja2.sandbox import MAX_RANGE

from build_scripts.core.sandbox import MAX_EXPONENT
from build_scripts.core.sandbox_bounds import MAX_SIZE, PERCENT
from build_scripts.stages.validate.template_tree import find_all

# The filters with a width or a count: its name and place among the arguments after the value.
WIDTH_FILTERS = {"center": ("width", 0), "indent": ("width", 0), "wordwrap": ("width", 0),
                 "truncate": ("length", 0), "batch": ("linecount", 0), "slice": ("slices", 0), "tojson": ("indent", 0)}
OPERATORS = {nodes.Add: lambda a, b: a + b, nodes.Sub: lambda a, b: a - b, nodes.Mul: lambda a, b: a * b}


def too_large(tree: nodes.Template) -> list[tuple[int, str, int, int]]:
    """(line, what, the size it asks for, the limit) of each place the template asks for too much (see the module's
    docstring), in the order of the template."""
    found = []
    for node in find_all(tree, (nodes.Filter, nodes.Mod, nodes.Mul, nodes.Call)):
        asked = _asked(node)
        if asked is not None:
            what, size, limit = asked
            if size > limit:
                found.append((node.lineno, what, size, limit))
    return found


def _asked(node: nodes.Node) -> tuple[str, int, int] | None:
    """(what, the size, the limit) that one node asks for, where written numbers show it; else None."""
    if isinstance(node, nodes.Filter) and node.name in WIDTH_FILTERS:
        name, place = WIDTH_FILTERS[node.name]
        given = node.args[place] if len(node.args) > place else next(
            (kw.value for kw in node.kwargs if kw.key == name), None)
        width = number(given)
        return (f"'|{node.name}'", abs(width), MAX_SIZE) if width is not None else None
    if isinstance(node, nodes.Filter) and node.name == "format" and isinstance(node.node, nodes.Const):
        return _form("'|format'", node.node.value)
    if isinstance(node, nodes.Mod) and isinstance(node.left, nodes.Const):
        return _form("'%'", node.left.value)
    if isinstance(node, nodes.Mul) and _length(node) is not None:
        return "'*'", _length(node), MAX_SIZE
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
        bounds = [number(arg) for arg in node.args]
        if node.args and None not in bounds and not node.kwargs and len(bounds) <= 3 and 0 not in bounds[2:]:
            try:
                return "'range'", len(range(*bounds)), MAX_RANGE
            except OverflowError:
                return "'range'", bounds[-2 if len(bounds) == 3 else -1], MAX_RANGE
    return None


def _form(what: str, form) -> tuple[str, int, int] | None:
    """The largest width or precision written in a printf-style format."""
    if not isinstance(form, str):
        return None
    widths = [int(n) for match in PERCENT.finditer(form) for n in match.group(1, 2) if n and n != "*"]
    return (what, max(widths), MAX_SIZE) if widths else None


def _length(node: nodes.Node) -> int | None:
    """How many items a written text or list has."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return len(node.value)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return len(node.items)
    if isinstance(node, nodes.Mul):  # ("ab" * 1000) * 1000
        for sequence, times in ((node.left, node.right), (node.right, node.left)):
            length, count = _length(sequence), number(times)
            if length is not None and count is not None:
                return length * count
    return None


def number(node: nodes.Node | None) -> int | None:
    """A whole number written in the template, or computed from such with + - * and ** (an exponent of at most
    MAX_EXPONENT); None for anything else."""
    if isinstance(node, nodes.Const):
        return node.value if isinstance(node.value, int) and not isinstance(node.value, bool) else None
    if isinstance(node, nodes.Neg):
        value = number(node.node)
        return None if value is None else -value
    if isinstance(node, (nodes.Add, nodes.Sub, nodes.Mul, nodes.Pow)):
        left, right = number(node.left), number(node.right)
        if left is None or right is None:
            return None
        if isinstance(node, nodes.Pow):
            return left ** right if 0 <= right <= MAX_EXPONENT and abs(left) <= 2**64 else None
        return OPERATORS[type(node)](left, right)
    return None
