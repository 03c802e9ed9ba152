"""Red team 51: a theme override reads every figure of a page (its content) and writes the page's <head>, so it may
neither change the content on its way (findings 2) nor ship CSS of its own, which before the policy's <meta> no
Content-Security-Policy blocks (finding 3)."""

import pytest

from build_scripts.core.paths import Paths
from build_scripts.stages.site import stage as site
from build_scripts.stages.validate import templates

MAIN = "_overrides/main.html"
END_OF_CONTENT = "  {{ super() }}\n{% endblock %}"


def with_main(docs, old, new):
    main = docs / MAIN
    text = main.read_text(encoding="utf-8")
    assert text.count(old) == 1
    main.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def changed(line, shown):
    return (f"docs/{MAIN}: linje {line}: Temaskabelonen læser sidens indhold ({shown}) uden at skrive det, som det er: "
            "indholdet rummer hvert tal på siden, og et filter, en metode eller en blok omkring det kan ændre dem. Skriv "
            "det alene i {{ }}, som {{ super() }}, uden for set-, filter-, macro- og call-blokke.")


@pytest.mark.parametrize("written,shown", [
    ('  {{ super() | replace(",", "") }}', "super()"),  # was: 318,5 written as 3185 on every page
    ("  {{ super() ~ '' }}", "super()"),
    ("  {% set x %}{{ super() }}{% endset %}{{ x }}", "super()"),
    ("  {% set x = page.content %}{{ x }}", "page.content"),
    ("  {% macro m() %}{{ self.content() }}{% endmacro %}{{ m() }}", "self.content()"),
])
def test_the_theme_writes_the_pages_content_as_it_is(docs, written, shown):
    line = with_main(docs, END_OF_CONTENT, written + "\n{% endblock %}")
    said = [str(p).split(" | ")[0] for p in templates.problems(docs) if p.code == "theme_content_changed"]
    assert said == [changed(line, shown)]


def test_the_content_written_alone_passes(docs):
    with_main(docs, END_OF_CONTENT, "  {{ super() }}{{ page.toc }}\n{% endblock %}")
    assert templates.problems(docs) == []


def test_a_style_of_the_themes_own_is_named_over_lines_too(docs):
    """Finding 3: a <style> over lines dodged the attribute-list rule, and before the policy's <meta> it turned every
    td.num right to left."""
    line = with_main(docs, "{% block site_meta %}\n", "{% block site_meta %}\n  <style>td.num{\n    direction: rtl;\n"
                                                       "  }</style>\n") + 1
    said = [(p.line, p.code) for p in templates.problems(docs)]
    assert said == [(line, "page_inline_style")]


@pytest.mark.parametrize("before", ["<style>td{direction:rtl}</style>", '<link rel="stylesheet" href="a.css">',
                                    '<script src="a.js"></script>', '<body style="direction:rtl">'])
def test_the_site_stage_stops_when_anything_stands_before_the_policy(tmp_path, before):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<html><head><meta charset="utf-8">{before}<meta http-equiv="Content-Security-Policy" '
                    f'content="{site.CSP_PLACEHOLDER}"></head></html>', encoding="utf-8")
    with pytest.raises(site.BuildFailed) as stopped:
        site.finish_pages(Paths(tmp_path), tmp_path / "site")
    assert str(stopped.value) == (
        "index.html: en stil, et script eller et stylesheet står før sikkerhedspolitikkens <meta> i sidens <head>; "
        "browseren anvender politikken først efter den. Flyt det efter pladsholderen i docs/_overrides/main.html, eller "
        "fjern det. / index.html: a style, a script or a stylesheet stands before the security policy's <meta> in the "
        "page's <head>; the browser applies the policy only after it. Move it after the placeholder in "
        "docs/_overrides/main.html, or remove it.")
