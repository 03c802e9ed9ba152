"""The one sandbox every template of docs/ is rendered in: the pages and their macros and the embed pages (stage
pages), the chart export (stage charts) and MkDocs's theme templates, docs/_overrides/ and the theme's own (the MkDocs
hook, stages/site/theme_words.py `on_env`).

Jinja's SandboxedEnvironment refuses names that begin with '_', but lets a template call any method of any object it
reaches: a Path's read_text/joinpath, a DataFrame's to_csv, MkDocs's theme.get_env().from_string(…), which renders
outside the sandbox (red team 9, finding 1). This one calls only:
- methods of plain values: str, dict, list, tuple, set, int, float, bool, None and Markup (a subclass's own methods
  only where the plain type has them, as C code: a numpy float's `hex`, not its `tofile`);
- Jinja's own: macros (and `caller`), `super()` and `self.<block>()`, `loop(…)`, `loop.cycle`/`loop.changed`, and
  the default globals range, dict, lipsum, cycler (and its methods), joiner and namespace; a format string's method
  as Jinja's sandbox wraps it;
- what the project gives the environment as a global, and the project's own methods of an object it gives as a
  global (`package.records`, `language.name`).
Everything else raises SecurityError, which the pages stage (page_sandbox) and the site stage (theme_sandbox) say in
one line naming the template. Nor may a call be given a callable outside these (a plain method calls what it is given,
as list.sort calls its key, out of the sandbox's sight: red team 10, finding 1), and no template reaches a module or
an attribute of one (MkDocs hands the theme its hook modules as config.hooks).

It also bounds the work a template can make (red team 9, finding 5):
- memory: no way of making a text or a list (`*`, `+`, `~`, `%`, a width, a method, a filter, writing a list out …)
  may make one of more than `size_limit` items (MAX_SIZE), nor a template write more than OUTPUT_FACTOR times that,
  nor one render make more than MADE_FACTOR times that in all; see core/sandbox_bounds.py. `**` takes an exponent of at most MAX_EXPONENT and a base of at most MAX_BASE.
  Otherwise a SecurityError (page_sandbox/theme_sandbox).
- time: rendering one template may take at most `time_limit` seconds (TIME_LIMIT; TemplateTooSlow, a SecurityError,
  page_too_slow/theme_too_slow). In every thread each loop's item and each call the template makes checks the
  deadline (the chart export renders in a thread pool); in the main thread SIGALRM also stops work done between
  them (a filter's own loop).
"""

import contextlib
import functools
import os
import signal
import threading
import time
import traceback
import types

from jinja2 import Template, defaults, runtime, utils
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, safe_range
from markupsafe import Markup

from build_scripts.core import sandbox_bounds as bounds
from build_scripts.core.sandbox_bounds import MADE_FACTOR, MAX_SIZE, OUTPUT_FACTOR

PLAIN = (str, dict, list, tuple, set, int, float, bool, type(None), Markup)
MAX_EXPONENT = 64
MAX_BASE = 2**64
TIME_LIMIT = 60  # seconds to render one template (a page, the theme's template of one page)
# Jinja's objects a template may call, and those whose methods it may call.
JINJA_CALLABLE = (runtime.Macro, runtime.BlockReference, runtime.LoopContext, utils.Joiner)
JINJA_METHODS = (runtime.LoopContext, utils.Cycler, utils.Joiner)
JINJA_GLOBALS = (*defaults.DEFAULT_NAMESPACE.values(), safe_range)  # range, dict, lipsum, cycler, joiner, namespace
_rendering = bounds.rendering  # per thread, while a render is under way: deadline (time.monotonic()), limit, alarm


class TemplateTooSlow(SecurityError):
    """Rendering one template took longer than its environment's time_limit."""


def plain_method(obj) -> bool:
    """A method bound to a plain value (PLAIN), e.g. 'a b'.split, {}.get, [].append."""
    if not isinstance(obj, (types.BuiltinMethodType, types.MethodType)):
        return False
    owner = obj.__self__
    if isinstance(owner, type):
        return False  # a class method (dict.fromkeys, Markup.escape) or a module's function (len)
    if type(owner) in PLAIN:
        return True
    base = next((kind for kind in PLAIN if isinstance(owner, kind)), None)
    return base is not None and isinstance(obj, types.BuiltinMethodType) and hasattr(base, obj.__name__)


def jinja_callable(obj) -> bool:
    """Jinja's own runtime callables (see the module's docstring)."""
    if isinstance(obj, JINJA_CALLABLE) or any(obj is value for value in JINJA_GLOBALS):
        return True
    if isinstance(obj, types.MethodType) and isinstance(obj.__self__, JINJA_METHODS):
        return True
    # "{}".format: Jinja's sandbox hands the template a wrapper that formats with its own checks.
    return (isinstance(obj, types.FunctionType) and obj.__name__ in ("format", "format_map")
            and plain_method(getattr(obj, "__wrapped__", None)))


def _project(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").startswith("build_scripts.")


def bounded_range(*args: int) -> range:
    """Jinja's sandboxed range (at most MAX_RANGE items), refusing a longer one as the sandbox refuses the rest (a
    SecurityError, said in one line) and not with an OverflowError (a traceback)."""
    try:
        return safe_range(*args)
    except OverflowError:
        raise SecurityError(f"a range of more than {MAX_RANGE} items") from None


class LimitedTemplate(Template):
    """A template whose rendering its environment times (Sandbox.time_limit)."""

    def render(self, *args, **kwargs) -> str:
        with self.environment.deadline():
            return super().render(*args, **kwargs)


class Sandbox(SandboxedEnvironment):
    """See the module's docstring. `time_limit` (seconds, 0: none) and `size_limit` (items) are keyword arguments
    and attributes; by default TIME_LIMIT and MAX_SIZE as they are when the environment is made."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = LimitedTemplate
    code_generator_class = bounds.BoundedCodeGenerator

    def __init__(self, *args, time_limit: float | None = None, size_limit: int | None = None, **kwargs):
        kwargs["finalize"] = bounds.bounded_finalize(self, kwargs.get("finalize"))
        super().__init__(*args, **kwargs)
        self.time_limit = TIME_LIMIT if time_limit is None else time_limit
        self.size_limit = MAX_SIZE if size_limit is None else size_limit
        self.globals["range"] = bounded_range
        self.filters = bounds.BoundedFilters(self, self.filters)

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        """No attribute of a module, and no module as an attribute: MkDocs gives the theme its hook modules
        (config.hooks), whose imports (os) a template could otherwise reach (red team 10, finding 1)."""
        return (super().is_safe_attribute(obj, attr, value)
                and not isinstance(obj, types.ModuleType) and not isinstance(value, types.ModuleType))

    def is_safe_callable(self, obj) -> bool:
        return super().is_safe_callable(obj) and (
            isinstance(obj, runtime.Undefined)  # calling it raises its own error, naming the name
            or plain_method(obj) or jinja_callable(obj) or self.given(obj))

    def given(self, obj) -> bool:
        """A global of this environment, or the project's method of an object given as a global."""
        values = list(self.globals.values())
        if any(obj is value for value in values):
            return True
        return (isinstance(obj, types.MethodType) and any(obj.__self__ is value for value in values)
                and _project(type(obj.__self__)) and _project(obj.__func__))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        tick()
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"a template may not call {_named(__obj)}")
        for value in (*args, *kwargs.values()):  # a method that calls what it is given: list.sort(key=os.system)
            if callable(value) and not __self.is_safe_callable(value):
                raise SecurityError(f"a template may not give {_named(value)} to {_named(__obj)}")
        given = {key: value for key, value in kwargs.items() if key not in ("_loop_vars", "_block_vars")}  # Jinja's
        args = bounds.check_method(__obj, args, given, __self.size_limit)
        return bounds.made(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context, operator: str, left, right):
        tick()
        if operator == "**":
            _check_power(left, right)
        else:
            bounds.check_binop(operator, left, right, self.size_limit)
        return bounds.made(super().call_binop(context, operator, left, right))

    def counted(self, value):
        """A slice the template takes (`x[1:]`, a new text or list: BoundedCodeGenerator), counted (bounds.made)."""
        return bounds.made(value)

    def wrap_str_format(self, value):
        """Jinja's sandboxed str.format and format_map (a text's or Markup's), with a BoundedFormatter."""
        checked = super().wrap_str_format(value)
        if checked is None:
            return None
        text = value.__self__
        formatter = (bounds.BoundedEscapeFormatter(self, escape=text.escape) if isinstance(text, Markup)
                     else bounds.BoundedFormatter(self))
        mapping = value.__name__ == "format_map"

        def wrapper(*args, **kwargs):
            if mapping:
                if kwargs or len(args) != 1:
                    return checked(*args, **kwargs)  # its own TypeError
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    def timed(self, iterable):
        """A loop's items (BoundedCodeGenerator), the deadline checked before each."""
        for item in iterable:
            tick()
            yield item

    def joined(self, join, parts: tuple) -> str:
        """`a ~ b` (BoundedCodeGenerator): Jinja's `join` of the parts, at most size_limit long."""
        size = sum(bounds.text_size(part, self.size_limit) for part in parts)
        if size > self.size_limit:
            raise bounds.too_large("'~'", size, self.size_limit)
        return bounds.made(join(parts))

    def concat(self, parts) -> str:
        """What a template, a macro, a block or a `set` block writes, joined: at most OUTPUT_FACTOR * size_limit."""
        limit, size, kept = OUTPUT_FACTOR * self.size_limit, 0, []
        for part in parts:
            size += len(part)
            if size > limit:
                raise SecurityError(f"the template would write more than {limit} characters")
            kept.append(part)
        return bounds.made("".join(kept))

    @contextlib.contextmanager
    def deadline(self):
        """The outermost render in a thread starts counting what it makes (bounds.made: at most MADE_FACTOR *
        size_limit items) and sets the deadline, time_limit seconds on, which the template's loops and calls check
        (tick); in the main thread SIGALRM also raises TemplateTooSlow then (and every second after, so that code
        that catches it cannot carry on)."""
        if getattr(_rendering, "budget", None) is not None:
            yield
            return
        limit = self.time_limit
        alarm = bool(limit) and threading.current_thread() is threading.main_thread()
        bounds.start_budget(MADE_FACTOR * self.size_limit)
        _rendering.deadline = time.monotonic() + limit if limit else None
        _rendering.limit, _rendering.alarm = limit, alarm
        if alarm:
            previous = signal.signal(signal.SIGALRM, _expired)
            timer = signal.setitimer(signal.ITIMER_REAL, limit, 1)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, *timer)
                signal.signal(signal.SIGALRM, previous)
            _rendering.deadline = None
            bounds.start_budget(None)


def tick() -> None:
    """Raises TemplateTooSlow once the deadline of the render under way in this thread has passed."""
    deadline = getattr(_rendering, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        if _rendering.alarm:  # SIGALRM a second later, not while the template's frames are being unwound
            signal.setitimer(signal.ITIMER_REAL, 1, 1)
        _expired()


def _expired(*signal_args) -> None:
    raise TemplateTooSlow(f"rendering took longer than {_rendering.limit:g} s")


def _named(obj) -> str:
    """What a refused callable is, for the message: 'the method read_text of a PosixPath'."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", None) or type(obj).__name__
    if owner is not None and not isinstance(owner, types.ModuleType):
        return f"the method {name} of a {type(owner).__name__}"
    return f"{name} ({type(obj).__name__})"


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_power(base, exponent) -> None:
    if _number(base) and _number(exponent) and (abs(exponent) > MAX_EXPONENT or abs(base) > MAX_BASE):
        raise SecurityError(f"'**' takes an exponent of at most {MAX_EXPONENT} and a base of at most 2**64")


def template_place(err: BaseException) -> tuple[str, int | None]:
    """The template, and its line, where the error was raised: the innermost template in its traceback (a partial
    the page's template includes), named from the working directory when it is under it ('docs/_overrides/main.html'),
    else from its installed package ('material/templates/partials/nav.html')."""
    frames = [frame for frame in traceback.extract_tb(err.__traceback__) if not frame.filename.endswith(".py")]
    if not frames:
        return "?", None
    if frames[-1].filename.startswith("<"):  # a template made from a string
        return frames[-1].filename, frames[-1].lineno
    filename = os.path.abspath(frames[-1].filename)
    cwd = os.getcwd()
    if filename.startswith(cwd + os.sep):
        shown = os.path.relpath(filename, cwd)
    else:
        parts = filename.split(os.sep)
        packages = max((i for i, part in enumerate(parts) if part.endswith("-packages")), default=-1)
        shown = os.sep.join(parts[packages + 1:]) if packages >= 0 else frames[-1].filename
    return shown.replace(os.sep, "/"), frames[-1].lineno
