"""The pages stage's data, as the built project gives it to the templates, cannot be changed by a template (red team
10, finding 3): `{% set u = kf.municipalities_responding.update %}{% set _ = u({"value": 81}) %}` on one page
changed the row every later page of the edition read. Every global make_env gives (and every area page's `area`) is
frozen all the way down (pages/frozen.py); the site renders byte for byte as before.
"""

import pytest
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from build_scripts.core.lang import languages
from build_scripts.stages.pages import stage as pages
from build_scripts.stages.pages.frozen import ReadOnlyList
from conftest import built


def changeable(value, where: str) -> list[str]:
    """Where in `value` a plain dict, list or set is (which a template could change)."""
    if type(value) in (dict, list, set):
        return [where]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else []
    return [found for key, item in items for found in changeable(item, f"{where}[{key!r}]")]


@pytest.fixture(scope="module")
def site():
    return pages.Site(built())


def test_every_global_and_area_a_template_gets_is_frozen(site):
    for lang in languages():
        env, _ = pages.make_env(site, lang)
        assert [where for name in sorted(pages.PAGE_GLOBALS) for where in changeable(env.globals[name], name)] == []
        assert isinstance(env.globals["charts_on_page"], ReadOnlyList)
        assert [where for area in site.localized(lang).areas for where in changeable(area, area["area_id"])] == []


def test_a_template_cannot_change_the_row_later_pages_read(site):
    env, helpers = pages.make_env(site, "da")
    helpers.start("index.md")
    before = str(helpers.fig("municipalities_responding"))
    for text in ('{% set u = kf.municipalities_responding.update %}{% set _ = u({"value": 81}) %}',
                 "{% set a = areas.append %}{% set _ = a(areas[0]) %}", "{% set c = st.clear %}{% set _ = c() %}"):
        with pytest.raises(SecurityError):
            env.from_string(text).render()
    assert env.globals["kf"]["municipalities_responding"]["value"] == site.kf["municipalities_responding"]["value"]
    assert len(env.globals["areas"]) == len(site.areas) and env.globals["st"]
    assert str(helpers.fig("municipalities_responding")) == before


def test_no_helper_writes_a_templates_text_as_markup(site):
    """Red team 36, finding 1: md() wrote the text it was given as markup, so md("x'>") closed a tag. Every global a
    page may call, given a text that would close a tag, refuses it, escapes it or gives a plain text (which the
    pages' finalize escapes)."""
    hostile = "x'><b>"
    env, helpers = pages.make_env(site, "da")
    helpers.start("index.md")
    found = []
    for name in sorted(pages.PAGE_GLOBALS):
        for args in ([hostile], [hostile] * 2, [hostile] * 3, ["municipalities_responding", hostile]):
            try:
                value = env.globals[name](*args) if callable(env.globals[name]) else None
            except Exception:  # noqa: BLE001 - refused: the pages stage names it in one line (template_stopped)
                continue
            if isinstance(value, Markup) and ("'>" in value or "<b>" in value):
                found.append(name)
    assert found == []
