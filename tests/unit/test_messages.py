"""What the build says lives in the language files (build_scripts/core/i18n/<code>.yml): the commands' `messages`,
the problems validate and check-submission find (`problems`) and their titles (`problem_titles`). Every entry
exists in every language with the same placeholders, every key the code asks for exists, and every entry is used.
"""

import ast
import string

import pytest

from build_scripts.core import lang
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import ByLanguage, Phrase
from build_scripts.stages.validate.problem import Problem
from conftest import CHECKOUT

SECTIONS = ("messages", "problems", "problem_titles")


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


def placeholders(text: str) -> list[str]:
    """The names of a message's {placeholders} ('{limit:.0e}' and '{version!r}' name limit and version)."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


@pytest.mark.parametrize("section", SECTIONS)
def test_every_entry_is_in_every_language_with_the_same_placeholders(section):
    main = lang.main()
    assert getattr(main, section), f"the main language has {section}"
    for other in lang.languages()[1:]:
        assert sorted(set(getattr(main, section)) ^ set(getattr(other, section))) == [], (other.code, section)
        differ = [key for key, text in getattr(main, section).items()
                  if placeholders(text) != placeholders(getattr(other, section)[key])]
        assert differ == [], f"{other.code}.yml, {section}: other placeholders than {main.code}.yml in {differ}"


def modules():
    for module in sorted((CHECKOUT.root / "build_scripts").rglob("*.py")):
        yield module, ast.parse(module.read_text(encoding="utf-8"))


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keys_the_code_names() -> dict[str, set[str]]:
    """The keys the code writes as literals where it asks for words, found with the AST: say("key"),
    .message("key") and closing = "key" (messages); Problem("code", …) (problems); Phrase("key", …) (an entry of
    the section it is said in: messages or problems); a problem's kind="key" and Finding(…, "key")
    (problem_titles)."""
    found = {section: set() for section in (*SECTIONS, "phrases")}
    for _, tree in modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = _literal(node.args[0]) if node.args else None
            section = {"say": "messages", "message": "messages", "Problem": "problems", "Phrase": "phrases"}.get(name)
            if section and first:
                found[section].add(first)
            if name == "Finding" and len(node.args) > 1 and _literal(node.args[1]):
                found["problem_titles"].add(_literal(node.args[1]))
            if name in ("Problem", "saying", "add"):  # a problem, made at once or by floor.py's add()
                found["problem_titles"] |= {_literal(k.value) for k in node.keywords
                                            if k.arg == "kind" and _literal(k.value)}
    found["messages"] |= keys_the_code_asks_for()
    return found


def keys_in_the_code_tables() -> dict[str, set[str]]:
    """The keys the code keeps in tables and constants rather than in the call that says them."""
    from build_scripts.commands import submission
    from build_scripts.stages.validate import stage, text

    return {"problems": {*stage.CONSTRAINT_CODES.values(), "constraint_other"},
            "phrases": {phrase.key for what, fix, _ in text.KINDS.values() for phrase in (what, fix)},
            "problem_titles": {kind for _, _, kind in text.KINDS.values()} | stage._FLOOR_FIRST
            | {submission.HIDDEN, submission.UNTERMINATED, *submission.UNREAD}}


def test_every_key_the_code_names_exists():
    named = keys_the_code_names()
    for section, keys in keys_in_the_code_tables().items():
        named[section] |= keys
    assert {"release_changed_files", "argument_missing"} <= named["messages"]
    assert {"file_missing", "initiative_twice"} <= named["problems"]
    assert {"kind_folder", "char_refused", "address_form"} <= named["phrases"]
    assert {"missing_file", "formula_text", "hidden_content"} <= named["problem_titles"]
    for language in lang.languages():
        for section in SECTIONS:
            missing = sorted(named[section] - set(getattr(language, section)))
            assert missing == [], f"{language.code}.yml has no {missing} under {section}"
        phrases = set(language.messages) | set(language.problems)
        assert sorted(named["phrases"] - phrases) == [], language.code


def test_no_entry_is_unused():
    """Every entry's key stands in the code as a literal (the AST's string constants), so none is left behind."""
    literals = {node.value for _, tree in modules() for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    main = lang.main()
    unused = {section: sorted(set(getattr(main, section)) - literals) for section in SECTIONS}
    assert unused == {section: [] for section in SECTIONS}


def test_a_problem_is_said_in_every_language_with_its_place():
    problem = Problem("column_missing", "data/units.csv", 1, "unit_id", {"column": "unit_id"}, kind="missing_column")
    assert str(problem) == ("data/units.csv: linje 1, felt unit_id: Kolonnen 'unit_id' mangler. Tilføj den. | "
                            "line 1, field unit_id: The column 'unit_id' is missing. Add it.")
    assert (problem.da, problem.en, problem.title) == ("Kolonnen 'unit_id' mangler. Tilføj den.",
                                                       "The column 'unit_id' is missing. Add it.", "Manglende kolonne")
    assert Problem("file_missing", "x.csv", kind="missing_file") == Problem("file_missing", "x.csv", kind="missing_file")


def test_a_value_can_be_words_said_in_each_language():
    assert lang.say("argument_not_a_file", where="--out x", kind=Phrase("kind_folder")) == (
        "--out x: er en mappe, ikke en fil. Angiv en fil. / --out x: is a folder, not a file. Give a file.")
    assert lang.say("argument_too_large", where="f", size=ByLanguage({"da": "1,5", "en": "1.5"}), limit=1) == (
        "f: fylder 1,5 bytes; højst 1 bytes læses. / f: is 1.5 bytes; at most 1 bytes are read.")


def test_a_missing_problem_names_the_language_file():
    with pytest.raises(KeyError, match="build_scripts/core/i18n/da.yml: no problem 'no_such_code' under problems"):
        str(Problem("no_such_code", "x.csv", kind="missing_file"))
