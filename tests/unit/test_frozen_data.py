"""The data the pages stage gives its templates cannot be changed by a template (red team 10, finding 3): one Site
and one set of globals serve every page of an edition, so `{% set u = kf.x.update %}{% set _ = u({"value": 81}) %}`
on one page changed what every later page read (the sandbox lets a template call a plain dict's methods).

The pages stage's Site and make_env with the built data: tests/stages/test_frozen_pages.py.
"""

import copy
import json
import pickle
from types import SimpleNamespace

import pytest

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from build_scripts.stages.pages import stage as pages
from build_scripts.stages.pages.frozen import FrozenDict, FrozenList, ReadOnlyList, frozen


def page_sandbox(error):
    from test_sandbox import page_sandbox as said

    return said("docs/x.md", error)


def render(tmp_path, text, **context):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "x.md").write_text(text, encoding="utf-8")
    env = pages.page_environment(Paths(tmp_path), main_language())
    helpers = SimpleNamespace(start=lambda page: None, lang=main_language(), charts_on_page=[],
                              site=SimpleNamespace(paths=Paths(tmp_path)))
    return pages.render(env, helpers, "x.md", "x.md", **context)


def test_frozen_data_reads_as_the_data_it_was():
    data = {"a": [1, {"b": (2, [3])}], "c": {4}}
    shown = frozen(data)
    assert shown == data and repr(shown) == repr({"a": [1, {"b": (2, [3])}], "c": frozenset({4})})
    assert json.dumps(shown["a"]) == json.dumps(data["a"]) and isinstance(shown, dict) and isinstance(shown["a"], list)
    assert type(shown) is FrozenDict and type(shown["a"][1]["b"][1]) is FrozenList and frozen(shown) is shown
    assert shown.get("a") == data["a"] and list(shown.items()) == list(data.items())
    assert type(shown | {"d": 5}) is dict and type({**shown}) is dict and type(shown["a"] + [6]) is list
    for made in (copy.copy(shown), copy.deepcopy(shown), pickle.loads(pickle.dumps(shown))):
        assert type(made) is dict and made == data  # a copy may be changed
        made["z"] = 1


@pytest.mark.parametrize("change", [
    lambda d: d.update(a=1), lambda d: d.setdefault("x", 1), lambda d: d.pop("a"), lambda d: d.clear(),
    lambda d: d.__setitem__("a", 1), lambda d: d.__delitem__("a"), lambda d: d.popitem(),
    lambda d: d["a"].append(1), lambda d: d["a"].extend([1]), lambda d: d["a"].insert(0, 1), lambda d: d["a"].pop(),
    lambda d: d["a"].remove(1), lambda d: d["a"].sort(), lambda d: d["a"].reverse(), lambda d: d["a"].clear(),
    lambda d: d["a"].__setitem__(0, 2), lambda d: d["a"].__delitem__(0), lambda d: d["a"].__iadd__([1]),
])
def test_frozen_data_cannot_be_changed(change):
    shown = frozen({"a": [1]})
    with pytest.raises(TypeError):
        change(shown)
    assert shown == {"a": [1]}


@pytest.mark.parametrize("text,error", [
    # red team 10, finding 3: a method of the data under another name, which validate's call rule does not see
    ('{% set u = area.update %}{% set _ = u({"value": 81}) %}\n', "a template may not call the method update of a "
     "FrozenDict"),
    ("{% set a = area.rows.append %}{% set _ = a(area) %}\n", "a template may not call the method append of a "
     "FrozenList"),
])
def test_a_template_cannot_change_what_it_is_given(tmp_path, text, error):
    given = {"value": 80, "rows": [{"value": 80}]}
    with pytest.raises(BuildStopped) as stopped:
        render(tmp_path, text, area=given)
    assert str(stopped.value) == page_sandbox(error)
    assert given == {"value": 80, "rows": [{"value": 80}]}


def test_the_charts_a_page_shows_are_read_only_to_it(tmp_path):
    charts = [{"id": "a"}]
    seen = ReadOnlyList(charts)
    assert len(seen) == 1 and seen[0] == {"id": "a"} and list(seen) == charts
    assert render(tmp_path, "{{ charts | length }} {{ charts[0].id }}\n", charts=seen) == "1 a\n"
    charts.append({"id": "b"})  # the code fills it while the page renders; the template sees it
    assert len(seen) == 2 and not hasattr(seen, "append")


def test_a_change_of_a_global_stops_the_page_in_one_line(tmp_path):
    """The sandbox lets a template call a method of the project's own on a global (core/sandbox.py, given): the
    frozen data's own refuses, and the page stops as the sandbox stops it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("{% set a = rows.append %}{% set _ = a(rows[0]) %}\n", encoding="utf-8")
    env = pages.page_environment(Paths(tmp_path), main_language())
    env.globals["rows"] = frozen([{"value": 80}])
    helpers = SimpleNamespace(start=lambda page: None, lang=main_language(), charts_on_page=[],
                              site=SimpleNamespace(paths=Paths(tmp_path)))
    with pytest.raises(BuildStopped) as stopped:
        pages.render(env, helpers, "x.md", "x.md")
    assert str(stopped.value) == page_sandbox("the data given to the page templates cannot be changed "
                                              "(FrozenList.append)")
    assert env.globals["rows"] == [{"value": 80}]
