"""What the commands say lives in the language files (build_scripts/core/i18n/<code>.yml, `messages`), and every
message the code asks for exists in every language."""

import ast

import pytest

from build_scripts.core import lang
from build_scripts.core.errors import BuildStopped
from conftest import CHECKOUT


def test_every_language_has_the_same_messages():
    main = lang.main()
    assert main.messages, "the main language has messages"
    for other in lang.languages()[1:]:
        assert sorted(set(main.messages) ^ set(other.messages)) == [], other.code


def keys_the_code_asks_for() -> set[str]:
    """Every key in say("key", …) and every `closing = "key"` of a stop, in every module of the build."""
    keys = set()
    for module in (CHECKOUT.root / "build_scripts").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                key = node.args[0]
                if isinstance(key, ast.Attribute) and key.attr == "closing":
                    continue  # a stop's closing line: its key is the class attribute found below
                assert isinstance(key, ast.Constant), f"{module}: say() takes its key as a literal"
                keys.add(key.value)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "closing" for t in node.targets):
                keys.add(node.value.value)
    return keys


def test_every_message_the_code_asks_for_exists():
    asked = keys_the_code_asks_for()
    assert {"another_build", "run_first", "nothing_published", "site_unchanged"} <= asked
    for language in lang.languages():
        assert sorted(asked - set(language.messages)) == [], language.code


def test_a_message_is_said_in_every_language_main_first():
    assert lang.say("nothing_published") == ("Byggeriet er stoppet; intet er udgivet. / "
                                             "The build stopped; nothing was published.")
    assert BuildStopped.closing == "nothing_published"


def test_a_missing_message_names_the_language_file():
    with pytest.raises(KeyError, match="build_scripts/core/i18n/da.yml: no message 'no_such_key' under messages"):
        lang.say("no_such_key")
