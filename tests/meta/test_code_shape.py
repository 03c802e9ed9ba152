"""The shape the code keeps: no function of the build over 60 lines (a rule for the next maintainer too)."""

import ast

from conftest import CHECKOUT

LIMIT = 60


def long_functions(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > LIMIT:
                found.append(f"{name}:{node.lineno} {node.name}() has {length} lines")
    return found


def test_no_function_is_over_60_lines():
    modules = sorted((CHECKOUT.root / "build_scripts").rglob("*.py"))
    assert len(modules) > 30
    found = [line for module in modules
             for line in long_functions(module.read_text(encoding="utf-8"), module.relative_to(CHECKOUT.root).as_posix())]
    assert found == [], "split these into functions of at most 60 lines:\n" + "\n".join(found)


def test_the_rule_finds_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    assert long_functions(f"def long():\n{body}\n", "m.py") == [f"m.py:1 long() has {LIMIT + 1} lines"]
    assert long_functions("def short():\n    return 1\n", "m.py") == []


def test_unit_tests_build_nothing():
    """tests/unit/ runs in seconds: none of its tests asks for a build (conftest.built and the fixtures on it) or
    copies the project; what needs the built site lives in tests/stages/ and tests/e2e/."""
    import re

    builders = re.compile(r"\bbuilt\(|\b(built_site|built_copy|base_url|copy_checkout|hostile_build)\b")
    found = [f"{path.name}:{n}" for path in sorted((CHECKOUT.root / "tests" / "unit").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if builders.search(line)]
    assert found == []
