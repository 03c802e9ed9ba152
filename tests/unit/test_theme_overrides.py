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
    # red team 53, finding 1: by key, through attr, page.get and a name given `page` or `self`
    ('  {{ page["content"] | replace(",", "") }}', "page.content"),
    ('  {{ page | attr("toc") | replace(",", "") }}', "page.toc"),
    ('  {{ self["content"]() | replace(",", "") }}', "self.content()"),
    ('  {{ page.get("content") | replace(",", "") }}', "page.get(…)"),
    ('  {% set pg = page %}{{ pg.content }}', "page"),
    ('  {% with s = self %}{{ s.content() }}{% endwith %}', "self"),
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
                                    '<script src="a.js"></script>', '<body style="direction:rtl">',
                                    # red team 53, finding 5: any other element or text ends <head>, and the policy
                                    # in <body> is not applied
                                    "<span hidden></span>", "x", "<div></div>"])
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


def settings_with(tmp_path, *edits):
    """A checkout's MkDocs files and docs/ in tmp_path, mkdocs.yml edited (old, new)."""
    import shutil

    from conftest import CHECKOUT

    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(CHECKOUT.root / name, tmp_path / name)
    shutil.copytree(CHECKOUT.docs_dir, tmp_path / "docs")
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_extra_holds_only_the_editions_and_each_field_is_one_the_theme_can_write(tmp_path):
    """Red team 51, finding 1: Material writes every setting of `extra` into every page unescaped (a cookie dialog
    with '<b>81 af 98</b>' and hidden text), an edition's name typed '81 af 98', and an edition the theme's language
    has none of stopped the site stage with a traceback."""
    from build_scripts.stages.validate import files

    root = settings_with(tmp_path, ("name: Dansk udgave,", 'name: "Dansk udgave – 81 af 98 kommuner",'),
                         ("{code: en,", "{code: dk,"),
                         ("\nmarkdown_extensions:", "  consent:\n    description: '<b>81 af 98</b>'\n\nmarkdown_extensions:"),
                         ("site_name: Kommunernes integrationsindsatser", "site_name: Kommunernes 80 integrationsindsatser"),
                         ("  - Forside: index.md", '  - "Forside \u202e": index.md'))
    said = [(p.line, p.field, p.code) for p in files.settings_problems(root)]
    assert said == [(3, "site_name", "setting_number"), (92, "nav.0.Forside \\u202e", "char_refused"),
                    (68, "extra.consent", "setting_not_allowed"), (64, "extra.editions/0/name", "setting_edition_field"),
                    (66, "extra.editions/1/code", "setting_edition_field")]
    field = [str(p) for p in files.settings_problems(root) if p.code == "setting_edition_field"][1]
    assert field == (
        "mkdocs.yml: linje 66, felt extra.editions/1/code: Feltet har værdien \"dk\", som temaet ikke kan skrive: code "
        "er udgavens sprog (en); path er '' eller 'xx/'; to_main er '' eller '/..'; og_locale er som 'da_DK'; "
        "preview_image er som 'charts/navn.png'; name er en tekst uden tal og usynlige tegn. | line 66, field "
        "extra.editions/1/code: The field's value \"dk\" is not one the theme can write: code is the edition's language "
        "(en); path is '' or 'xx/'; to_main is '' or '/..'; og_locale is like 'da_DK'; preview_image is like "
        "'charts/name.png'; name is a text without numbers or invisible characters.")


def test_editions_that_are_not_one_per_language_are_one_line(tmp_path):
    from build_scripts.stages.validate import files

    root = settings_with(tmp_path, ("  editions:\n", "  editions: []\n  unused:\n"))
    assert [(p.field, p.code) for p in files.settings_problems(root)] == [
        ("extra.unused", "setting_not_allowed"), ("extra.editions", "setting_editions")]


def test_the_metadata_material_writes_before_the_policy_passes():
    assert not site.not_metadata('<!doctype html>\n<html lang="da" class="no-js">\n  <head>\n    <meta charset="utf-8">'
                                 '\n<!-- x -->\n<link rel="canonical" href="https://a.example/"><title>A</title>\n  ')


def test_the_texts_the_theme_writes_unescaped_and_its_palette_and_language(tmp_path):
    """Red team 53, findings 2-4: repo_name '<b>81 af 98</b>' was written raw into every page's header; a palette
    value broke out of its attribute, and 'scheme: slate2' or 'language: xx' stopped the build with a traceback."""
    from build_scripts.stages.validate import files

    root = settings_with(tmp_path, ("repo_name: GitHub", 'repo_name: "<b>GitHub</b>"'),
                         ("      primary: custom\n      accent: custom\n      toggle:\n        icon: material/weather-night",
                          '      primary: "custom\\"><b>x</b><i"\n      accent: custom\n      toggle:\n'
                          "        icon: material/weather-night"), ("  language: da", "  language: xx"))
    said = [(p.field, p.code) for p in files.settings_problems(root)]
    assert said == [("theme.palette", "setting_pinned"), ("theme.language", "setting_pinned"),
                    ("repo_name", "setting_markup")]
    markup = [str(p) for p in files.settings_problems(root) if p.code == "setting_markup"]
    assert markup == ["mkdocs.yml: linje 8, felt repo_name: '<b>GitHub</b>' skrives på hver side, som det står (temaet "
                      "escaper det ikke), og må ikke rumme <, >, & eller \". Skriv teksten uden dem. | line 8, field "
                      "repo_name: '<b>GitHub</b>' is written on every page as it stands (the theme does not escape it), "
                      "and may not hold <, >, & or \". Write the text without them."]
