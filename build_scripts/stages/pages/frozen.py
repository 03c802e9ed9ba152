"""The data the pages stage gives its templates, made so that a template cannot change it (red team 10, finding 3).

One Site and one set of globals per language serve every page of an edition, and the English edition shares the
Danish one's rows where it shows them alike: a template that changed a row (`{% set _ = kf.x.update({"value": 81})
%}`, `areas.append(…)`) would change what every later page reads. `frozen(value)` gives the same data as a
FrozenDict (for a dict), a FrozenList (for a list), a tuple or a frozenset, all the way down:
- they read as the dicts and lists they were: the same keys, items, order, repr and JSON, `isinstance(x, dict)`, the
  methods that read (get, items, values, keys, count, index, copy), `x | {…}`, `{**x}`, `list + list`; so the pages
  render byte for byte as before;
- each method that would change one is a Python method, which the templates' sandbox (core/sandbox.py) refuses to
  call (or, on a global, lets the method refuse: DataFrozen, a TypeError and a SecurityError): either way the page
  stops with one line naming its template (page_sandbox);
- a copy (`copy.copy`, `copy.deepcopy`, pickling) is a plain dict or list, which the code may change.
What the code changes while a page renders (the charts a page shows) the templates see through ReadOnlyList.
"""

import copy
from collections.abc import Sequence

from jinja2.exceptions import SecurityError


class DataFrozen(SecurityError, TypeError):
    """A change of the data the templates are given: a TypeError as Python's for a value that cannot be changed,
    and a SecurityError, which the pages stage says in one line naming the template (page_sandbox)."""


def _refusing(name: str):
    """A method `name` that changes nothing and says so (named as the method it stands for, in the sandbox's words:
    'a template may not call the method update of a FrozenDict')."""

    def refuse(self, *args, **kwargs):
        raise DataFrozen(f"the data given to the page templates cannot be changed ({type(self).__name__}.{name})")

    refuse.__name__ = refuse.__qualname__ = name
    return refuse


class FrozenDict(dict):
    """A dict that cannot be changed (see the module's docstring)."""

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo) -> dict:
        return {copy.deepcopy(key, memo): copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self):
        return dict, (dict(self),)


class FrozenList(list):
    """A list that cannot be changed (see the module's docstring)."""

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo) -> list:
        return [copy.deepcopy(item, memo) for item in self]

    def __reduce__(self):
        return list, (list(self),)


for _kind, _names in ((FrozenDict, ("__setitem__", "__delitem__", "__ior__", "clear", "pop", "popitem", "setdefault",
                                     "update")),
                      (FrozenList, ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend", "insert",
                                    "pop", "remove", "clear", "sort", "reverse"))):
    for _name in _names:
        setattr(_kind, _name, _refusing(_name))


def frozen(value):
    """`value` with every dict, list, tuple and set in it, all the way down, one that cannot be changed; other values
    (texts, numbers, Markup, functions, objects) as they are."""
    if isinstance(value, (FrozenDict, FrozenList, frozenset)):
        return value
    if isinstance(value, dict):
        return FrozenDict({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return FrozenList(frozen(item) for item in value)
    if type(value) is tuple:
        return tuple(frozen(item) for item in value)
    if isinstance(value, set):
        return frozenset(value)
    return value


class ReadOnlyList(Sequence):
    """A list the code fills while a page renders (PageHelpers.charts_on_page), as the templates see it: they read
    it (`x[0]`, `x | length`, a loop), and cannot change it or reach the list itself."""

    def __init__(self, items: list):
        self._items = items

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)
