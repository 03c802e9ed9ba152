"""No Python module builds HTML (or XML) by gluing strings: markup lives in templates.

What counts, precisely: in every module under build_scripts/, a string literal that contains a tag opening
(`<` followed by a letter, `/`, `!` or `?`) and is used to build text, that is
- an f-string with such a literal part,
- an operand of `+` or `%`,
- the string `.format()` or `.join()` is called on.
Plain constants (docstrings, regular expressions, fixed strings to search for) are not building
anything and are not counted. XML is written with xml.etree.ElementTree (metadata.atom_feed,
site.merge_sitemaps), HTML with Jinja templates (docs/, docs/_macros/, docs/_overrides/).
"""

import ast
import re

from conftest import CHECKOUT

TAG = re.compile(r"(?<!\(\?)<[A-Za-z/!?]")  # not a regular expression's lookbehind, (?<! or (?<=


def _literal_text(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_text(part) for part in node.values)
    return ""


class MarkupBuilders(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module, self.functions, self.found = module, [], []

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def _report(self, node):
        function = self.functions[-1] if self.functions else "<module>"
        self.found.append(f"{self.module}:{node.lineno} in {function}()")

    def visit_JoinedStr(self, node):
        if TAG.search(_literal_text(node)):
            self._report(node)
        # no generic_visit: the parts of an f-string are reported with it

    def visit_BinOp(self, node):
        if isinstance(node.op, (ast.Add, ast.Mod)) and any(
                isinstance(side, ast.Constant) and TAG.search(_literal_text(side)) for side in (node.left, node.right)):
            self._report(node)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join") and TAG.search(_literal_text(func.value)):
            self._report(node)
        self.generic_visit(node)


def markup_builders(source: str, module: str) -> list[str]:
    visitor = MarkupBuilders(module)
    visitor.visit(ast.parse(source))
    return visitor.found


def test_no_module_builds_markup_from_strings():
    found = []
    modules = sorted((CHECKOUT.root / "build_scripts").rglob("*.py"))
    assert len(modules) > 30, "the check must read every module of the build, in every folder"
    for module in modules:
        found += markup_builders(module.read_text(encoding="utf-8"), module.relative_to(CHECKOUT.root).as_posix())
    assert found == []


def test_the_check_finds_each_way_of_gluing_markup():
    source = '''
def a(x): return f"<b>{x}</b>"
def b(x): return "<i>" + x
def c(x): return "<p>%s</p>" % x
def d(x): return "<td>{}</td>".format(x)
def e(x): return "<br>".join(x)
def fine(x):
    """Returns <b>nothing</b>."""
    return re.sub(r"<loc>(.*?)</loc>", "", x) + f"{x} < 3"
'''
    assert markup_builders(source, "m.py") == ["m.py:2 in a()", "m.py:3 in b()", "m.py:4 in c()", "m.py:5 in d()",
                                               "m.py:6 in e()"]
