"""The sandbox's bounds on the memory a template can take (core/sandbox.py; red team 9, finding 5; bounds 10).

A template may make a text or a list of at most `limit` items (the sandbox's size_limit, MAX_SIZE): each way it
can make a longer one from a shorter one is checked before the text or list is made, and refused with a
SecurityError that names the way (the pages stage and the site stage say it in one line naming the template):
- the operators: `*` (a text or list repeated; a product of whole numbers of more than `limit` digits), `+` (two texts
  or lists), `~` (texts and what is written as text) and `%` (a format with a width or precision, and its values);
- the methods of texts with a width or a count (ljust, rjust, center, zfill, expandtabs, replace, join, translate)
  and of lists, sets and mappings that grow them (append, insert, add, setdefault, extend, update); `format` and
  `format_map` (BoundedFormatter: each field's width and precision, and the text they make);
- the filters (BOUNDED_FILTERS, whatever function an environment gives the name): widths and counts (center,
  indent, wordwrap, truncate, batch, slice, tojson's indent), format, join, replace and sum, and the filters that
  write a value as text (TEXT_FILTERS: string, e, tojson, lower …), whose value may not be longer;
- writing a list, a tuple, a set, a mapping or a namespace out as text (`{{ x }}`: bounded_finalize);
- what one template writes in all (OUTPUT_FACTOR times `limit`, for the pages are longer than any one text in them);
- what one render makes in all (MADE_FACTOR times `limit`: made), so that it cannot keep many texts or lists each
  under the limit (`{% set _ = rows.append("x" * 1000000) %}` in a loop): every text, list, tuple, set and mapping a
  call, an operator, a filter, a slice, `~` or `{{ … }}` gives the template is counted by its items.
A list is counted by its items, and written out as text by its items' texts (text_size), so a list of a few long
texts, which `*` allows, is refused where it would be written out or joined.
"""

import functools
import inspect
import re
import threading
from collections.abc import ItemsView, KeysView, Sized, ValuesView

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedFormatter
from jinja2.utils import Namespace, generate_lorem_ipsum
from markupsafe import EscapeFormatter

MAX_SIZE = 1_000_000  # items of a text or a list a template may make
OUTPUT_FACTOR = 10  # what one template writes in all: at most OUTPUT_FACTOR * MAX_SIZE characters
MADE_FACTOR = 100  # what one render makes in all: at most MADE_FACTOR * MAX_SIZE items
SIZED = (str, list, tuple, set, frozenset, dict)
LIPSUM_WORD = 16  # characters of a word of lipsum, with its space and punctuation, at most
CONTAINERS = (list, tuple, set, frozenset, dict, KeysView, ValuesView, ItemsView, Namespace)
# A conversion of printf-style formatting ('%'): its width and precision, each a number or '*' (from the values).
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)
ESCAPED = "&<>\"'"  # what escaping makes longer: each by at most 4 characters (&amp; &#34; &#39;)


def too_large(what: str, size, limit: int, kind: str = "str") -> SecurityError:
    return SecurityError(f"{what} would make a {kind} of {size} items, more than {limit}")


def too_wide(what: str, number, limit: int) -> SecurityError:
    return SecurityError(f"{what} takes a width or count of at most {limit}, not {number}")


def text_size(value, limit: int) -> int:
    """About how long `value` is as text: a text's length; a whole number's digits; a list's, a tuple's, a set's, a
    mapping's or a namespace's items' texts as Python writes them (in quotes), with their separators, counted to just
    past `limit` (so a list that holds itself ends too); 0 for anything else (what the build gives a template)."""
    if isinstance(value, str):
        return len(value)
    total, todo = 0, [value]
    while todo and total <= limit:
        item = todo.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, Namespace):
            todo.append(item._Namespace__attrs)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            todo += [*item.keys(), *item.values()]
        elif isinstance(item, CONTAINERS):
            total += 2 + 2 * len(item)
            todo += list(item)
    return total


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(what: str, size: int, limit: int, kind: str = "str") -> None:
    if size > limit:
        raise too_large(what, size, limit, kind)


def _check_width(what: str, number, limit: int) -> None:
    if _whole(number) and abs(number) > limit:
        raise too_wide(what, abs(number), limit)


# --- what one render makes in all ----------------------------------------------------------------------------------

rendering = threading.local()  # per thread, while a render is under way (sandbox.Sandbox.deadline): made, budget


def start_budget(budget: int | None) -> None:
    """Count what the render starting in this thread makes, up to `budget` items (None: the render has ended)."""
    rendering.made, rendering.budget = 0, budget


def made(value):
    """Counts `value` (a text, list, tuple, set or mapping: its items) against the render's budget; returns it."""
    budget = getattr(rendering, "budget", None)
    if budget is not None and isinstance(value, SIZED):
        rendering.made += len(value)
        if rendering.made > budget:
            raise SecurityError(f"the template made more than {budget} items of texts and lists in all")
    return value


# --- operators ------------------------------------------------------------------------------------------------------

def check_binop(operator: str, left, right, limit: int) -> None:
    """`*`, `+` and `%` (see the module's docstring); `**` is the sandbox's own (sandbox.check_power)."""
    if operator == "*" and _whole(left) and _whole(right):
        digits = (left.bit_length() + right.bit_length()) * 30103 // 100000 + 1
        if digits > limit:
            raise SecurityError(f"'*' would make a number of {digits} digits, more than {limit}")
    elif operator == "*":
        sequence, times = (left, right) if _whole(right) else (right, left)
        if isinstance(sequence, (str, list, tuple)) and _whole(times):
            _check("'*'", len(sequence) * times, limit, type(sequence).__name__)
    elif operator == "+" and (type(left) is type(right) or (isinstance(left, str) and isinstance(right, str))):
        if isinstance(left, (str, list, tuple)):
            _check("'+'", len(left) + len(right), limit, type(left).__name__)
    elif operator == "%" and isinstance(left, str):
        check_percent("'%'", left, right, limit)


def check_percent(what: str, form: str, values, limit: int) -> None:
    """printf-style formatting, `form % values`: each width and precision (written, or '*' from the values) at most
    `limit`, and the text at most `limit` (the form's length, its widths and precisions, and the values' texts)."""
    given = list(values) if isinstance(values, tuple) else [values]
    position, size = 0, len(form)
    for match in PERCENT.finditer(form):
        for number in match.group(1, 2):
            if number == "*":
                number, position = (given[position] if position < len(given) else 0), position + 1
            elif number:
                number = int(number) if len(number) <= 18 else number
            if isinstance(number, str) or (_whole(number) and abs(number) > limit):
                raise too_wide(what, number if isinstance(number, str) else abs(number), limit)
            size += abs(number) if _whole(number) else 0
        position += match.group(3) != "%"
    size += sum(text_size(value, limit) for value in given) if isinstance(values, tuple) else text_size(values, limit)
    _check(what, size, limit)


# --- methods ---------------------------------------------------------------------------------------------------------

def _argument(args: tuple, kwargs: dict, index: int, name: str, default=None):
    return args[index] if len(args) > index else kwargs.get(name, default)


def check_method(method, args: tuple, kwargs: dict, limit: int) -> tuple:
    """A method of a text (with a width or a count) or of a list, set or mapping (that grows it), before it is
    called; returns the arguments to call it with (an iterator to join or extend with, read into a list first)."""
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    what = f"the method {name}"
    if method is generate_lorem_ipsum:  # lipsum(n, html, min, max): n paragraphs of up to max words
        paragraphs, most = _argument(args, kwargs, 0, "n", 5), _argument(args, kwargs, 3, "max", 100)
        if _whole(paragraphs) and _whole(most):
            _check("lipsum", abs(paragraphs) * abs(most) * LIPSUM_WORD, limit)
    elif isinstance(owner, str):
        if name in ("ljust", "rjust", "center", "zfill"):
            width = _argument(args, kwargs, 0, "width")
            _check(what, max(len(owner), width) if _whole(width) else 0, limit)
        elif name == "expandtabs":
            tabsize = _argument(args, kwargs, 0, "tabsize", 8)
            _check(what, len(owner) + owner.count("\t") * tabsize if _whole(tabsize) else 0, limit)
        elif name == "replace" and len(args) >= 2:
            _check(what, replaced_size(owner, args[0], args[1], _argument(args, kwargs, 2, "count", -1)), limit)
        elif name == "join" and len(args) == 1:
            args = (args[0] if isinstance(args[0], Sized) else list(args[0]),)
            _check(what, joined_size(args[0], owner, limit), limit)
        elif name == "translate" and len(args) == 1:
            table = args[0].values() if isinstance(args[0], dict) else args[0] if isinstance(args[0], (list, tuple)) \
                else ()
            longest = max((len(value) for value in table if isinstance(value, str)), default=1)
            _check(what, len(owner) * max(longest, 1), limit)
    elif isinstance(owner, (list, set, dict)) and name in ("append", "insert", "add", "setdefault"):
        _check(what, len(owner) + 1, limit, type(owner).__name__)
    elif isinstance(owner, (list, set, dict)) and name in ("extend", "update"):
        args = tuple(arg if isinstance(arg, Sized) else list(arg) for arg in args)
        _check(what, len(owner) + sum(map(len, args)) + len(kwargs), limit, type(owner).__name__)
    return args


def replaced_size(text, old, new, count) -> int:
    """How long `text.replace(old, new, count)` is (0 if the arguments are not texts and a whole number)."""
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    found = text.count(old) if old else len(text) + 1
    if _whole(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def joined_size(items: Sized, separator, limit: int) -> int:
    """How long the items are joined with `separator`, each as text."""
    return (sum(text_size(item, limit) for item in items)
            + text_size(separator, limit) * max(len(items) - 1, 0))


class BoundedFormatter(SandboxedFormatter):
    """str.format's formatter in the sandbox (Jinja's SandboxedFormatter), each field's width and precision at most
    the limit, and the text it makes too."""

    def __init__(self, env, **kwargs):
        super().__init__(env, **kwargs)
        self.limit = env.size_limit
        self.made = 0

    def vformat(self, format_string, args, kwargs):
        self.made = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value, format_spec):
        numbers = [int(n) if len(n) <= 18 else n for n in re.findall(r"\d+", format_spec)]
        for number in numbers:
            if isinstance(number, str) or number > self.limit:
                raise too_wide("format", number, self.limit)
        _check("format", self.made + max([text_size(value, self.limit), *numbers]), self.limit)
        text = super().format_field(value, format_spec)
        self.made += len(text)
        _check("format", self.made, self.limit)
        return text


class BoundedEscapeFormatter(BoundedFormatter, EscapeFormatter):
    """Markup.format's: BoundedFormatter that escapes each field (Jinja's SandboxedEscapeFormatter)."""


# --- filters ---------------------------------------------------------------------------------------------------------

def _width_filter(limit, name, value, count=None, *rest) -> None:
    """batch's and slice's count (of items in a batch, of slices), which they fill up to."""
    _check_width(f"the filter {name}", count, limit)


def _text_filter(limit, name, value, *rest) -> None:
    size = text_size(value, limit)
    if name in ("e", "escape", "forceescape") and isinstance(value, str):
        size += 4 * sum(map(value.count, ESCAPED))
    _check(f"the filter {name}", size, limit)


def _truncate(limit, name, value, length=255, killwords=False, end="", leeway=None, *rest) -> None:
    _check_width(f"the filter {name}", length, limit)
    _check_width(f"the filter {name}", leeway, limit)


def _center(limit, name, value, width=80, *rest) -> None:
    _check(f"the filter {name}", max(text_size(value, limit), width if _whole(width) else 0), limit)


def _indent(limit, name, value, width=4, *rest) -> None:
    prefix = width if _whole(width) else text_size(width, limit)
    _check(f"the filter {name}", text_size(value, limit) + (str(value).count("\n") + 1) * max(prefix, 0), limit)


def _wordwrap(limit, name, value, width=79, break_long_words=True, wrapstring=None, *rest) -> None:
    _check_width(f"the filter {name}", width, limit)
    size = text_size(value, limit)
    _check(f"the filter {name}", size + (size + 1) * len(wrapstring) if isinstance(wrapstring, str) else size, limit)


def _format(limit, name, value, args=(), kwargs=None, *rest) -> None:
    check_percent(f"the filter {name}", str(value), kwargs or args, limit)


def _join(limit, name, value, separator="", *rest) -> None:
    if isinstance(value, Sized):
        _check(f"the filter {name}", joined_size(value, separator, limit), limit)


def _replace(limit, name, value, old="", new="", count=None, *rest) -> None:
    _check(f"the filter {name}", replaced_size(str(value), old, new, count), limit)


def _tojson(limit, name, value, indent=None, *rest) -> None:
    _check_width(f"the filter {name}", indent, limit)
    size = text_size(value, limit)
    _check(f"the filter {name}", size * (1 + indent) if _whole(indent) and indent > 0 else size, limit)


def _sum(limit, name, value, attribute=None, start=0, *rest) -> None:
    if isinstance(start, (str, list, tuple)) and isinstance(value, Sized):
        size = len(start) + sum(len(item) for item in value if isinstance(item, Sized))
        _check(f"the filter {name}", size, limit, type(start).__name__)


# The filters that write their value as text: it may be at most the limit long (so the text they make is bounded).
TEXT_FILTERS = ("string", "pprint", "e", "escape", "forceescape", "safe", "xmlattr", "urlencode", "lower", "upper",
                "title", "capitalize", "trim", "striptags", "urlize", "wordcount", "markdown", "marked")
BOUNDED_FILTERS = {
    **dict.fromkeys(TEXT_FILTERS, _text_filter),
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "truncate": _truncate,
    "format": _format, "join": _join, "replace": _replace, "tojson": _tojson, "sum": _sum,
    "batch": _width_filter, "slice": _width_filter,
}
MATERIALISED = ("join", "sum")  # filters whose iterable is read into a list first, to be counted


def bounded_filter(env, name: str, func):
    """`func`, the environment's filter `name`, checking its arguments against env.size_limit first
    (BOUNDED_FILTERS), and counting what it makes (made)."""
    check = BOUNDED_FILTERS.get(name)
    try:
        signature = inspect.signature(func) if check else None
    except (TypeError, ValueError):
        signature = None
    if signature is None:
        return functools.wraps(func)(lambda *args, **kwargs: made(func(*args, **kwargs)))
    passed = 1 if getattr(func, "jinja_pass_arg", None) else 0  # Jinja passes the environment or context first
    signature = signature.replace(parameters=list(signature.parameters.values())[passed:])

    @functools.wraps(func)
    def bounded(*args, **kwargs):
        head, args = args[:passed], args[passed:]
        if name in MATERIALISED and args and not isinstance(args[0], Sized):
            args = (list(args[0]), *args[1:])
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return func(*head, *args, **kwargs)  # its own error
        bound.apply_defaults()
        check(env.size_limit, name, *bound.arguments.values())
        return made(func(*head, *args, **kwargs))

    return bounded


class BoundedFilters(dict):
    """An environment's filters, each given out bounded (bounded_filter), whenever it was set: Jinja reads them by
    name when it compiles a template (to fold a filter of constants) and when it renders."""

    def __init__(self, env, filters):
        super().__init__(filters)
        self.env = env
        self.bounded: dict[str, tuple] = {}

    def __getitem__(self, name):
        func = super().__getitem__(name)
        if self.bounded.get(name, (None,))[0] is not func:
            self.bounded[name] = (func, bounded_filter(self.env, name, func))
        return self.bounded[name][1]

    def get(self, name, default=None):
        return self[name] if name in self else default


def bounded_finalize(env, given):
    """The environment's finalize (`given`, or none): a list, a tuple, a set, a mapping or a namespace written out
    (`{{ x }}`) may be at most the limit long as text."""
    if getattr(given, "jinja_pass_arg", None):
        raise TypeError("the sandbox bounds a finalize that takes only the value")

    def finalize(value):
        if isinstance(value, CONTAINERS):
            _check(f"writing out a {type(value).__name__}", text_size(value, env.size_limit), env.size_limit)
        return made(value if given is None else given(value))

    return finalize


# --- the code Jinja makes of a template ------------------------------------------------------------------------------

class BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, but a loop iterates through environment.timed (which checks the render's deadline in every
    thread), `~` joins through environment.joined (which bounds the text) and a slice (`x[1:]`, which Jinja takes
    without environment.getitem) is counted (environment.counted: made)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timed: set[int] = set()  # the loops' iterables (their ids), as visit_For meets them

    def visit_For(self, node, frame):
        if not self.environment.is_async:
            self.timed.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node, *args, **kwargs):
        if id(node) not in self.timed:
            return super().visit(node, *args, **kwargs)
        self.write("environment.timed(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    def visit_Getitem(self, node, frame):
        if not isinstance(node.arg, nodes.Slice):
            return super().visit_Getitem(node, frame)
        self.write("environment.counted(")
        super().visit_Getitem(node, frame)
        self.write(")")
        return None

    @optimizeconst
    def visit_Concat(self, node, frame):
        if frame.eval_ctx.volatile:  # as Jinja's own
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")
