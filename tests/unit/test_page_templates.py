"""The page templates of docs/ (red team 4, findings 1 and 2): validate names a template it cannot read, a template it
loads that is missing and a front matter MkDocs would show as text, in one line with the template's line; the pages
stage reads every page's front matter as rendered, in every language.

Before: a Jinja syntax error or a byte that is not UTF-8 stopped validate with a traceback naming '<unknown>'; a
missing {% include %} passed validate and stopped the pages stage with TemplateNotFound; and 'title: Om siden:
kontakt og privatliv' was published as the page's first paragraph, the page without its title and description.
"""


import pytest
from jinja2 import TemplateNotFound

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import get
from build_scripts.core.paths import Paths
from build_scripts.stages.pages.stage import check_front_matter
from build_scripts.stages.validate import requirements, templates
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, linked_project


def found(docs):
    """validate's problems with docs/'s templates; not page_constant_computed, which the probes of these tests
    (`{{ "x" | nosuchfilter }}`) meet too and test_template_expressions.py tests on its own."""
    return [str(p) for p in templates.problems(docs) if p.code != "page_constant_computed"]


def append(path, data: bytes):
    path.write_bytes(path.read_bytes() + data)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def lines(path) -> int:
    return len(path.read_bytes().split(b"\n"))


def test_the_projects_templates_are_read_without_a_problem():
    assert templates.problems(CHECKOUT.docs_dir) == []
    assert "docs/_templates/embed-resize.js" in {p.relative_to(CHECKOUT.root).as_posix()
                                                  for p in templates.template_files(CHECKOUT.docs_dir)}


def test_a_syntax_error_is_named_with_its_line_by_validate(tmp_path):
    """Through validate.run, as `validate` and `build` run it: one line, no traceback (template_needs skips it)."""
    root = linked_project(tmp_path / "project")
    page = root / "docs" / "om-siden.md"
    line = lines(page)
    append(page, b"{% for x in %}\n")
    with pytest.raises(validate.ValidationFailed) as failed:
        validate.run(Paths(root))
    assert [str(p) for p in failed.value.problems] == [
        f"docs/om-siden.md: linje {line}: Jinja kan ikke læse skabelonen: Expected an expression, got 'end of "
        f"statement block'. Ret den i denne linje. | line {line}: Jinja cannot read the template: Expected an "
        "expression, got 'end of statement block'. Fix it on this line."]


def test_a_syntax_error_in_a_call(docs):
    page = docs / "metode.md"
    line = lines(page)
    append(page, b'{{ fig("initiatives" }}\n')
    assert found(docs) == [
        f"docs/metode.md: linje {line}: Jinja kan ikke læse skabelonen: unexpected '}}', expected ')'. Ret den i denne "
        f"linje. | line {line}: Jinja cannot read the template: unexpected '}}', expected ')'. Fix it on this line."]
    assert "key_figures" in requirements.template_needs(docs)  # the other templates are still read


@pytest.mark.parametrize("tag,template", [
    ('{% include "_macros/nope.html" %}', "include"),
    ('{% import "_macros/nope.html" as m %}', "import"),
    ('{% from "_macros/nope.html" import x %}', "import"),
    ('{% extends "_macros/nope.html" %}', "extends"),
])
def test_a_missing_template_is_named_by_validate_not_the_pages_stage(docs, tag, template):
    page = docs / "om-siden.md"
    line = lines(page)
    append(page, tag.encode() + b"\n")
    assert found(docs) == [
        f"docs/om-siden.md: linje {line}: Skabelonen henter '_macros/nope.html' med {template}, men den findes ikke i "
        f"docs/. Ret navnet, eller tilføj filen. | line {line}: The template loads '_macros/nope.html' with "
        f"{template}, but it is not in docs/. Fix the name, or add the file."]


def test_what_is_not_a_missing_template(docs):
    """The theme's templates load the theme's own (their base.html is Material's). (`ignore missing` and a computed
    name are no longer passed over: test_a_page_loads_templates_only_by_a_written_name.)"""
    assert "base.html" in (docs / "_overrides" / "main.html").read_text(encoding="utf-8")
    assert found(docs) == []


def test_a_page_that_is_not_utf8_names_the_line_of_its_first_bad_byte(docs):
    page = docs / "om-siden.md"
    line = lines(page)
    append(page, b"Windows-1252: \xf8\n\xff\xfe\n")
    assert found(docs) == [
        f"docs/om-siden.md: linje {line}: Siden er ikke UTF-8 (dens første forkerte byte står i denne linje). Gem den "
        f"som UTF-8. | line {line}: The page is not UTF-8 (its first wrong byte is on this line). Save it as UTF-8."]


def invalid(line, lang, error_da, error_en=None):
    return (f"docs/om-siden.md: linje {line}: Sidens front matter (mellem linjerne ---) er ikke gyldig YAML for "
            f"sproget {lang}: {error_da}. MkDocs ville vise den som tekst, og siden ville miste sin titel og "
            f"beskrivelse. Sæt fx en værdi med ': ' i anførselstegn. | line {line}: The page's front matter (between "
            f"the --- lines) is not valid YAML for the language {lang}: {error_en or error_da}. MkDocs would show it "
            "as text, and the page would lose its title and description. E.g. put a value holding ': ' in quotes.")


MAPPING = "mapping values are not allowed in this context"  # libyaml's words (MkDocs's loader)


@pytest.mark.parametrize("old,new,expected", [
    ("title: Om siden\n", "title: Om siden: kontakt og privatliv\n", [invalid(3, "da", MAPPING)]),
    ("title: About the site\n", "title: About the site: contact\n", [invalid(6, "en", MAPPING)]),
    ("title: About the site\n", "title: [broken About\n", [invalid(7, "en", "did not find expected ',' or ']'")]),
    ("title: About the site\ndescription: Who", "About the site\nWho",
     [invalid(1, "en", "det er ikke nøgler med værdier (title …)", "it is not keys with values (title …)")]),
    ("{% endif %}\n---\n", "{% endif %}\n", [
        "docs/om-siden.md: linje 1: Siden begynder med en front matter (---), som ingen linje --- afslutter; MkDocs "
        "ville vise den som tekst. Afslut den med en linje ---. | line 1: The page begins with front matter (---) "
        "that no --- line closes; MkDocs would show it as text. Close it with a line ---."]),
    ('title: Om siden\n', 'title: "Om siden: kontakt og privatliv"\n', []),  # quoted, it is one title
])
def test_front_matter_in_each_language_with_the_templates_line(docs, old, new, expected):
    replace(docs / "om-siden.md", old, new)
    assert found(docs) == expected


def test_a_front_matter_with_values_from_the_data_is_left_to_the_pages_stage():
    text = (CHECKOUT.docs_dir / "_templates" / "area.md").read_text(encoding="utf-8")
    assert "{{ area.name_da | front_matter }}" in text
    assert templates.front_matter_problems(text.replace("| front_matter }}", "}}: x"), "docs/_templates/area.md") == []


# --- the pages stage: every page's front matter as rendered --------------------------------------------------------

def stopped(text, lang="da", template="om-siden.md", page="build/docs/om-siden.md"):
    with pytest.raises(BuildStopped) as stop:
        check_front_matter(text, template, page, get(lang))
    return str(stop.value)


def test_a_rendered_page_whose_front_matter_is_not_yaml_stops_the_pages_stage():
    page = "---\ntitle: Om siden: kontakt og privatliv\ndescription: Hvem står bag siden.\n---\n\n# Om siden\n"
    assert stopped(page) == (
        "docs/om-siden.md (da): sidens front matter er ikke gyldig YAML: mapping values are not allowed in this "
        "context; i build/docs/om-siden.md linje 2: 'title: Om siden: kontakt og privatliv'. MkDocs ville vise den som "
        "tekst, og siden ville miste sin titel og beskrivelse. Ret skabelonen (sæt fx en værdi med ': ' i "
        "anførselstegn). / docs/om-siden.md (da): the page's front matter is not valid YAML: mapping values are not "
        "allowed in this context; in build/docs/om-siden.md line 2: 'title: Om siden: kontakt og privatliv'. MkDocs "
        "would show it as text, and the page would lose its title and description. Fix the template (e.g. put a "
        "value holding ': ' in quotes).")


def test_the_line_is_the_written_pages_and_every_language_is_read():
    page = ('---\nog_image: "charts/x.png"\nog_image_alt: "X"\ntitle: [Area\ndescription: "y"\n---\n')
    said = stopped(page, "en", "_templates/area.md", "build/docs-en/omraader/social.md")
    assert said.startswith("docs/_templates/area.md (en): sidens front matter er ikke gyldig YAML: did not find "
                           "expected ',' or ']'; i build/docs-en/omraader/social.md linje 5: 'description: \"y\"'.")


def test_a_rendered_front_matter_that_is_not_keys_or_not_closed_stops():
    assert "det er ikke nøgler med værdier (title …); i build/docs/om-siden.md linje 2: 'Om siden'" in stopped(
        "---\nOm siden\n---\n# Om\n")
    assert stopped("---\ntitle: Om siden\n# Om\n") == (
        "docs/om-siden.md (da): build/docs/om-siden.md begynder med en front matter (---), som ingen linje --- "
        "afslutter; MkDocs ville vise den som tekst. Ret skabelonen. / docs/om-siden.md (da): build/docs/om-siden.md "
        "begins with front matter (---) that no --- line closes; MkDocs would show it as text. Fix the template.")


@pytest.mark.parametrize("text", ["---\ntitle: Om siden\ndescription: x\n---\n# Om\n", "# Om\n\n---\n", "----\nx: y: z\n"])
def test_a_page_mkdocs_reads_passes(text):
    check_front_matter(text, "om-siden.md", "build/docs/om-siden.md", get("da"))


def test_the_front_matter_is_found_as_mkdocs_finds_it():
    from mkdocs.utils import meta

    assert templates.FRONT_MATTER.pattern == meta.YAML_RE.pattern and templates.FRONT_MATTER.flags == meta.YAML_RE.flags


# --- red team 5, finding 3: a front matter that is YAML but whose title or description is not a text ----------------
# 'title: [About, the site]' was published as <title>['About', 'the site'] - …</title>, 'description: {a: 1}' as the
# page's description and og:description "{'a': 1}".


def not_text(line, lang, key, value):
    return (f"docs/om-siden.md: linje {line}: Sidens front matter giver {key} for sproget {lang} som {value}, ikke som "
            "en tekst med indhold: siden ville vise det sådan i sin titel, beskrivelse eller forhåndsvisning. Skriv "
            f"{key} som tekst på én linje (i anførselstegn, hvis den begynder med en klamme), eller udelad den. | line "
            f"{line}: The page's front matter gives {key} for the language {lang} as {value}, not as a text with "
            "content: the page would show it so in its title, description or preview. Write "
            f"{key} as text on one line (in quotes if it begins with a bracket), or leave it out.")


def typed_in_page(line, number):
    """A number in the front matter is also one typed into the page (typed_numbers.py; tests/unit/test_typed_numbers.py)."""
    from test_typed_numbers import typed

    return typed("docs/om-siden.md", line, number, "da")


@pytest.mark.parametrize("old,new,expected", [
    ("title: About the site\n", "title: [About, the site]\n", [not_text(6, "en", "title", '["About", "the site"]')]),
    ("description: Hvem", "description: {a: 1}\nx: Hvem", [typed_in_page(4, "1"), not_text(4, "da", "description", '{"a": 1}')]),
    ("title: Om siden\n", "title: 2026\n", [typed_in_page(3, "2026"), not_text(3, "da", "title", "2026")]),
    ("title: Om siden\n", "title: yes\n", [not_text(3, "da", "title", "true")]),
    ("title: Om siden\n", "title: 2026-12-07\n", [typed_in_page(3, "2026"), not_text(3, "da", "title", "2026-12-07")]),
    ("title: Om siden\n", "title:\n", [not_text(3, "da", "title", "null")]),
    ("title: Om siden\n", "title: ''\n", [not_text(3, "da", "title", '""')]),
    ("title: Om siden\n", "title: Om siden\nog_image_alt: [x]\n", [not_text(4, "da", "og_image_alt", '["x"]')]),
    ("title: Om siden\n", "title: '[Om, siden]'\n", []),  # quoted, it is one text
    ("title: Om siden\n", "title: Om siden\nhide: [toc]\n", []),  # a key the theme does not print as text
])
def test_a_front_matter_whose_title_or_description_is_not_a_text(docs, old, new, expected):
    replace(docs / "om-siden.md", old, new)
    assert found(docs) == expected


@pytest.mark.parametrize("key", ["template: redirect.html\nlocation: https://example.org/", "template: ../mkdocs.yml"])
def test_a_front_matter_sets_only_the_pages_texts(docs, key):
    """Red team 26, finding 2: `template:` chose Material's redirect, or a file outside the theme, and the build stopped
    in the site stage (with a traceback for the second)."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Om siden\n", "title: Om siden\n" + key + "\n", 1),
                    encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "front_matter_key"] == [
        "docs/om-siden.md: linje 4: Sidens front matter sætter template for sproget da, men en sides front matter "
        "giver kun title, description, og_image, og_image_alt, hide: MkDocs og temaet handler på andre nøgler "
        "(template: vælger temaets skabelon, en omdirigering iblandt). Slet den. | line 4: The page's front matter "
        "sets template for the language da, but a page's front matter gives only title, description, og_image, "
        "og_image_alt, hide: MkDocs and the theme act on other keys (template: chooses the theme's template, a "
        "redirect among them). Delete it."]
    with pytest.raises(BuildStopped, match="sidens front matter sætter template"):
        check_front_matter("---\ntitle: x\n" + key + "\n---\n", "om-siden.md", "om-siden.md", get("da"))


@pytest.mark.parametrize("value,shown", [("[About, the site]", '["About", "the site"]'), ("{a: 1}", '{"a": 1}'),
                                         ("", "null"), ("''", '""'), ("3", "3")])
def test_a_rendered_front_matter_whose_title_is_not_a_text_stops_the_pages_stage(value, shown):
    page = f'---\nog_image: "charts/x.png"\nog_image_alt: "X"\ntitle: {value}\ndescription: "y"\n---\n'
    assert stopped(page, "en", "_templates/area.md", "build/docs-en/omraader/social.md") == (
        f"docs/_templates/area.md (en): sidens front matter giver title som {shown}, ikke som en tekst med indhold; i "
        f"build/docs-en/omraader/social.md linje 4: 'title: {value}'. Siden ville vise det sådan i sin titel, "
        f"beskrivelse eller forhåndsvisning. Ret skabelonen (skriv title som tekst på én linje). / "
        f"docs/_templates/area.md (en): the page's front matter gives title as {shown}, not as a text with content; "
        f"in build/docs-en/omraader/social.md line 4: 'title: {value}'. The page would show it so in its title, "
        "description or preview. Fix the template (write title as text on one line).")


# --- red team 6, finding 8: a macro that is not UTF-8, an unknown filter or test, a name no page is given -----------
# Before: '\xff\xfe' in docs/_macros/share.html stopped validate with a UnicodeDecodeError (the loader read it for the
# pages that import it); `{{ 5 | nosuchfilter }}` and `{{ nosuchvar.attr }}` passed validate and stopped the pages
# stage with TemplateAssertionError and UndefinedError.


def compile_error(where, line, error):
    return (f"{where}: linje {line}: Jinja kan ikke oversætte skabelonen med de filtre og test, den gengives med: "
            f"{error}. Ret navnet i denne linje. | line {line}: Jinja cannot compile the template with the filters and "
            f"tests it is rendered with: {error}. Fix the name on this line.")


def undefined(where, line, name):
    return (f"{where}: linje {line}: Skabelonen læser '{name}', men intet hedder sådan, når siden bygges (hverken "
            "data, hjælpere eller en variabel, som skabelonen selv sætter). Ret navnet i denne linje. | line "
            f"{line}: The template reads '{name}', but nothing has that name when the page is built (no data, helper "
            "or variable the template sets itself). Fix the name on this line.")


def test_a_macro_that_is_not_utf8_is_named_by_validate(tmp_path):
    """Through validate.run: the pages that import it do not stop it (their loader decodes it)."""
    root = linked_project(tmp_path / "project")
    macro = root / "docs" / "_macros" / "share.html"
    line = lines(macro)
    append(macro, b"\xff\xfe")
    with pytest.raises(validate.ValidationFailed) as failed:
        validate.run(Paths(root))
    assert [str(p) for p in failed.value.problems] == [
        f"docs/_macros/share.html: linje {line}: Siden er ikke UTF-8 (dens første forkerte byte står i denne linje). "
        f"Gem den som UTF-8. | line {line}: The page is not UTF-8 (its first wrong byte is on this line). Save it as "
        "UTF-8."]


@pytest.mark.parametrize("name,text,error", [
    ("om-siden.md", "{{ \"x\" | nosuchfilter }}", "No filter named 'nosuchfilter'"),
    ("om-siden.md", "{% if 5 is nosuchtest %}x{% endif %}", "No test named 'nosuchtest'"),
    ("_macros/figures.html", "{% macro x(v) %}{{ v | nosuchfilter }}{% endmacro %}", "No filter named 'nosuchfilter'"),
    # The code's other templates are rendered without the pages' filters (pages.stage.embed_env).
    ("_templates/embed.html", "{{ c.title | markdown }}", "No filter named 'markdown'"),
])
def test_an_unknown_filter_or_test_is_named_with_its_line(docs, name, text, error):
    line = lines(docs / name)
    append(docs / name, text.encode() + b"\n")
    assert found(docs) == [compile_error(f"docs/{name}", line, error)]


def test_the_pages_own_filters_are_known(docs):
    append(docs / "om-siden.md", b'{{ "x" | markdown }} {{ "x" | marked }} {{ ["a"] | join(", ") }} {{ kf.initiatives.label_da | lower }}\n')
    assert found(docs) == []


@pytest.mark.parametrize("name,text,undeclared", [
    ("_templates/area.md", "{{ nosuchvar.attr }}", "nosuchvar"),
    ("om-siden.md", "{{ area.name_da }}", "area"),  # only the area pages are given `area`
    ("_macros/figures.html", "{% macro x(v) %}{{ v }} {{ nosuchvar }}{% endmacro %}", "nosuchvar"),
])
def test_a_name_no_page_is_given_is_named_with_its_line(docs, name, text, undeclared):
    line = lines(docs / name)
    append(docs / name, text.encode() + b"\n")
    assert found(docs) == [undefined(f"docs/{name}", line, undeclared)]


def test_what_a_template_sets_itself_is_not_undefined(docs):
    """A `set` (also in a loop's body, read on the next line), a loop's variables, a macro's parameters and `caller`,
    an import, and the area pages' `area`. (A page makes no call block: page_call_block.)"""
    append(docs / "om-siden.md", b'{% set a = "x" %}{{ a }} {% for k, v in {}.items() %}{% set b = k %}{{ b }} '
                                 b'{{ loop.cycle("a", "b") }} {% endfor %}{% macro m(p) %}{{ p }} {{ caller() }}{% endmacro %}'
                                 b'{{ m(kf) }}{% import "_macros/lang.html" as l %} {{ l }}\n')
    append(docs / "_templates" / "area.md", b"{{ area.area_id }} {{ fig('initiatives') }} {{ statement }}\n")
    assert found(docs) == []


def test_the_page_context_is_the_pages_stages():
    """The globals make_env sets (PAGE_GLOBALS, which make_env holds itself to in every build) and the area pages'
    `area`."""
    names, per_template = templates.page_context()
    assert {"fig", "kf", "st", "statement", "citation", "term", "changelog", "derived_figure",
            "reconciliation_fields"} <= names
    assert not {"range", "namespace", "cycler", "lipsum", "joiner", "dict"} & names  # red team 13, finding 3
    assert "area" not in names and per_template == {"_templates/area.md": frozenset({"area"})}


def test_an_unknown_filter_in_one_languages_prose_is_named(docs):
    """Jinja itself leaves it to the rendering of that branch; every unknown one is named, each on its line."""
    line = lines(docs / "om-siden.md")
    append(docs / "om-siden.md", b'{% if lang.code == "en" %}{{ "x" | nosuchfilter }}{% endif %}\n{{ "y" | other }}\n')
    assert found(docs) == [compile_error("docs/om-siden.md", line, "No filter named 'nosuchfilter'"),
                           compile_error("docs/om-siden.md", line + 1, "No filter named 'other'")]


# --- red team 8, finding 1: a template that reaches Python through a global -----------------------------------------

def private_name(where, line, name):
    return (f"{where}: linje {line}: Skabelonen læser '{name}', et navn, der begynder med '_' (eller et, der først "
            "findes, mens siden bygges, med filteret attr): det er vejen fra en skabelon til Python og byggemaskinen, "
            f"og sider og tema bygges i en sandkasse, der afviser det. Fjern det fra denne linje. | line {line}: The "
            f"template reads '{name}', a name that begins with '_' (or one found only while the page is built, with "
            "the attr filter): that is the way from a template to Python and the build machine, and the pages and the "
            "theme are built in a sandbox that refuses it. Remove it from this line.")


@pytest.mark.parametrize("template,payload,names,calls", [
    ("om-siden.md", b'{{ card.__init__.__globals__.os.getcwd() }}\n', ["__globals__", "__init__"], ["getcwd"]),
    ("om-siden.md", b'{{ card["__globals__"]["os"] }}\n', ["__globals__"], []),
    ("om-siden.md", b'{{ card|attr("_" ~ "_globals__") }}\n', ["(computed)"], []),
    ("_overrides/main.html", b'{{ lipsum.__globals__.os.uname().nodename }}\n', ["__globals__"], ["uname"]),  # MkDocs's
])
def test_a_way_to_python_is_named_by_validate(docs, template, payload, names, calls):
    """Outermost first; the call of a method no template may call is named too (red team 9, finding 1)."""
    from test_sandbox import unsafe_call

    line = lines(docs / template)
    append(docs / template, payload)
    assert found(docs) == ([private_name(f"docs/{template}", line, name) for name in names]
                           + [unsafe_call(f"docs/{template}", line, name) for name in calls])


def test_the_pages_and_the_theme_are_rendered_in_a_sandbox():
    """What validate names cannot run either: the pages stage's and the embeds' environments are sandboxed, and the
    MkDocs hook hands the theme a sandboxed copy of MkDocs's own environment, with its filters and globals."""
    import jinja2
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment
    from mkdocs.exceptions import PluginError

    from build_scripts.core.lang import main as main_language
    from build_scripts.stages.pages import stage as pages
    from build_scripts.stages.site import theme_words

    with pytest.raises(SecurityError):  # (a page has no cycler: red team 13, finding 3)
        pages.page_environment(CHECKOUT, main_language()).from_string('{{ "".__class__.__mro__ }}').render()
    with pytest.raises(SecurityError):
        pages.embed_env(CHECKOUT).from_string("{{ cycler.__init__.__globals__ }}").render()
    mkdocs_env = jinja2.Environment(loader=jinja2.DictLoader({}))
    mkdocs_env.filters["url"] = lambda value: value
    theme = theme_words.on_env(mkdocs_env, None, None)
    assert isinstance(theme, SandboxedEnvironment)
    assert theme.filters["url"].__wrapped__ is mkdocs_env.filters["url"]  # counted (core/sandbox_bounds.py, made)
    with pytest.raises(PluginError):  # the sandbox's SecurityError, said in one line (test_sandbox.py)
        theme.from_string("{{ lipsum.__globals__.os }}").render()


def test_what_the_sandbox_refuses_while_rendering_stops_the_pages_stage_in_one_line(tmp_path):
    """A way to Python that validate cannot see in the text (a format string's field) stops the pages stage, naming
    the template: no traceback."""
    from types import SimpleNamespace

    from build_scripts.core.errors import BuildStopped
    from build_scripts.core.lang import main as main_language
    from build_scripts.core.paths import Paths
    from build_scripts.stages.pages import stage as pages

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text('{{ "{0.__class__}".format(1) }}\n', encoding="utf-8")
    env = pages.page_environment(Paths(tmp_path), main_language())
    helpers = SimpleNamespace(start=lambda page: None, lang=main_language())
    with pytest.raises(BuildStopped) as stopped:
        pages.render(env, helpers, "x.md", "x.md")
    from test_sandbox import page_sandbox

    assert str(stopped.value) == page_sandbox("docs/x.md", "access to attribute '__class__' of 'int' object is unsafe.")


def render_stopped(tmp_path, files: dict, **names) -> str:
    """The one line the pages stage stops with when docs/x.md (and the templates `files` give) renders, with `names`
    among the environment's globals (the sandbox lets a template call only those of the build's functions)."""
    from types import SimpleNamespace

    from build_scripts.core.lang import main as main_language
    from build_scripts.stages.pages import stage as pages

    (tmp_path / "docs").mkdir()
    for name, text in files.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    env = pages.page_environment(Paths(tmp_path), main_language())
    env.globals.update(names)
    helpers = SimpleNamespace(start=lambda page: None, lang=main_language())
    with pytest.raises(BuildStopped) as stopped:
        pages.render(env, helpers, "x.md", "x.md")
    return str(stopped.value)


def template_error(where_da, where_en, error):
    return (f"docs/x.md (da): skabelonen stopper i {where_da}: {error}. Ret udtrykket på den linje i skabelonen (fx en "
            "division med 0, en værdi, der ikke findes, eller en include, der inkluderer sig selv). / docs/x.md (da): the "
            f"template stops at {where_en}: {error}. Fix the expression on that line of the template (e.g. a division "
            "by 0, a value that does not exist, or an include that includes itself).")


@pytest.mark.parametrize(("files", "where", "error"), [
    ({"x.md": "# X\n\n{{ 1/0 }}\n"}, ("docs/x.md", 3), "ZeroDivisionError: division by zero"),
    ({"x.md": "# X\n{% include '_macros/part.html' %}\n", "_macros/part.html": "{{ none + 1 }}\n"},
     ("docs/_macros/part.html", 1),
     "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"),
    ({"x.md": "# X\n\n\n{{ nothing.here }}\n"}, ("docs/x.md", 4), "UndefinedError: 'nothing' is undefined"),
    ({"x.md": "# X\n{% include 'x.md' %}\n"}, ("docs/x.md", 2),
     "RecursionError: maximum recursion depth exceeded while calling a Python object"),
    ({"x.md": "# X\n{% include '_macros/part.html' %}\n", "_macros/part.html": "\n{% if %}\n"},
     ("docs/_macros/part.html", 2),
     "TemplateSyntaxError: Expected an expression, got 'end of statement block'"),
])
def test_any_error_while_a_page_renders_stops_the_pages_stage_in_one_line(tmp_path, files, where, error):
    """Only the sandbox's refusal was one line (red team 8): an expression on the data that fails, a value that does
    not exist, an include of itself or of a template that does not parse stopped the pages stage with a traceback."""
    assert render_stopped(tmp_path, files) == template_error(
        f"{where[0]}, linje {where[1]}", f"{where[0]}, line {where[1]}", error)


def test_an_error_in_the_build_code_a_template_calls_names_that_code(tmp_path):
    """Not taken for the template's error silently: the line names the build's function that raised, with its file
    and line, beside the template's line that called it."""
    import inspect

    from build_scripts.core import fmt

    source, first = inspect.getsourcelines(fmt.number)
    line = first + next(i for i, text in enumerate(source) if "float(value)" in text)  # the first conversion
    assert render_stopped(tmp_path, {"x.md": "# X\n{{ num('abc') }}\n"}, num=fmt.number) == (
        f"docs/x.md (da): skabelonen stopper i docs/x.md, linje 2, i build-koden, som den kalder "
        f"(build_scripts/core/fmt.py:{line} (number)): ValueError: could not convert string to float: 'abc'. Ret kaldet "
        "i skabelonen, eller fejlen i koden, hvis kaldet er rigtigt. / docs/x.md (da): the template stops at docs/x.md, "
        f"line 2, in the build's code that it calls (build_scripts/core/fmt.py:{line} (number)): ValueError: could not "
        "convert string to float: 'abc'. Fix the call in the template, or the bug in the code if the call is right.")


def test_a_helpers_own_stop_is_not_rewritten(tmp_path):
    def stop():
        raise BuildStopped("the helper's own line")

    assert render_stopped(tmp_path, {"x.md": "{{ stop() }}\n"}, stop=stop) == "the helper's own line"


def test_a_template_of_any_name_in_a_template_folder_is_read_and_no_other_file_is_loaded(docs):
    """Red team 12, finding 1: a page included _macros/note.txt and the theme partials/note.txt; validate read only
    *.md and *.html, so neither was read, and a typed number, arithmetic and a reversed figure were published."""
    (docs / "_macros" / "note.txt").write_text("Enogfirs kommuner svarede.\n", encoding="utf-8")
    (docs / "_overrides" / "partials" / "note.txt").write_text("<p>Alle 98 kommuner svarede.</p>\n", encoding="utf-8")
    (docs / "assets" / "note.txt").write_text("{{ kf.municipalities_responding.value }}\n", encoding="utf-8")
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + '{% include "_macros/note.txt" %} {% include "assets/note.txt" %}\n',
                    encoding="utf-8")
    found = [(p.file, p.line, p.code, dict(p.params).get("number") or dict(p.params).get("template"))
             for p in templates.problems(docs) if p.code != "docs_file_kind"]  # the .txt itself
    assert found == [
        ("docs/_macros/note.txt", 1, "page_number_typed", "Enogfirs"),
        ("docs/_overrides/partials/note.txt", 1, "page_number_typed", "98"),
        ("docs/om-siden.md", line, "page_loads_other_file", "assets/note.txt")]
    assert str(next(p for p in templates.problems(docs) if p.code == "page_loads_other_file")) == (
        f"docs/om-siden.md: linje {line}: Skabelonen henter 'assets/note.txt' med include, men det er ingen skabelon, "
        "validate læser: en side må kun hente sider (.md, .html) og filerne i _macros/, _templates/ og _overrides/, "
        "som validate læser som skabeloner; en anden fil ville blive gengivet uden nogen af deres regler. Flyt filen "
        f"ind i _macros/, eller giv den navnet .html. | line {line}: The template loads 'assets/note.txt' with include, "
        "but it is no template validate reads: a page may load only pages (.md, .html) and the files of _macros/, "
        "_templates/ and _overrides/, which validate reads as templates; another file would be rendered without any "
        "of their rules. Move the file into _macros/, or give it the name .html.")


@pytest.mark.parametrize("load", ['{% include "note.txt" ignore missing %}', '{% include "note" ~ ".txt" %}',
                                  '{% include ["note.txt"] %}'])
def test_a_page_loads_templates_only_by_a_written_name(docs, load):
    """Red team 13, finding 1: with `ignore missing`, a computed name or a list, page_loads_other_file never saw the
    name, and docs/note.txt (never read) was rendered."""
    (docs / "note.txt").write_text("Enogfirs kommuner svarede.\n", encoding="utf-8")
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + load + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code not in ("docs_file_kind", "page_constant_computed")] == [
        f"docs/om-siden.md: linje {line}: Skabelonen henter en skabelon med include ved et navn, den regner ud (eller "
        "en liste af navne), eller med 'ignore missing': validate kan så ikke vide, hvilken fil der bliver gengivet, og "
        "ingen af dens regler ville gælde den. Skriv navnet på skabelonen i anførselstegn, uden 'ignore missing'. | "
        f"line {line}: The template loads a template with include by a name it computes (or a list of names), or with "
        "'ignore missing': validate cannot then know which file is rendered, and none of its rules would apply to it. "
        "Write the template's name in quotes, without 'ignore missing'."]


def test_the_pages_load_no_file_validate_does_not_read(tmp_path):
    """Whatever way a page names it, the pages stage's loader finds no file that validate does not read as a
    template (pages.TemplateLoader): `ignore missing` then renders nothing, and a plain include stops in one line."""
    from build_scripts.core.lang import main as main_language
    from build_scripts.stages.pages import stage as pages

    files = {"x.md": '{% include "note" ~ ".txt" %}\n', "note.txt": "Enogfirs kommuner svarede.\n"}
    assert render_stopped(tmp_path, files) == template_error(
        "docs/x.md, linje 1", "docs/x.md, line 1", "TemplateNotFound: note.txt")
    env = pages.page_environment(Paths(tmp_path), main_language())
    assert env.from_string('a{% include "note.txt" ignore missing %}b').render() == "ab"


@pytest.mark.parametrize("folder", ["noter.md", "assets/ekstra.css", "_overrides/partials/x.html", "assets/x.js"])
def test_a_folder_named_as_a_page_is_refused_by_name(docs, folder):
    """Red team 13, finding 2: a folder docs/noter.md (or docs/assets/x.css) ended validate in IsADirectoryError,
    and one named x.html under _overrides/ passed validate and ended the site stage's scan of the theme in one."""
    (docs / folder).mkdir(parents=True)
    (docs / folder / "a.txt").write_text("x\n", encoding="utf-8")
    suffix = "." + folder.rsplit(".", 1)[1]
    assert [str(p) for p in templates.problems(docs) if p.code != "docs_file_kind"] == [
        f"docs/{folder}: Mappen hedder som en side eller et stilark ({suffix}), og byggetrinnene læser ethvert sådant "
        f"navn som en fil. Giv mappen et navn uden {suffix}. | The folder is named as a page or a stylesheet "
        f"({suffix}), and the build's stages read every such name as a file. Give the folder a name without {suffix}."]
    assert folder not in templates.page_templates(docs)


@pytest.mark.parametrize("call", ["num(kf.municipalities_invited.value, -1)", 'amount(kf.x.value, "mio_kr", -2)',
                                  "num(kf.x.value, decimals=1000)"])
def test_written_decimals_are_a_whole_number_from_0_to_12(docs, call):
    """Red team 13, finding 4: num(x, -1) published 98 as 100, and num(x, 1000) stopped the build after validate."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "Inviteret: {{ " + call + " }} i alt.\n", encoding="utf-8")
    found = [str(p) for p in templates.problems(docs) if p.code == "page_decimals"]
    assert found == [
        f"docs/om-siden.md: linje {line}: Skabelonen giver num() eller amount() et skrevet antal decimaler, der ikke er "
        "et helt tal fra 0 til 12: et negativt runder tallet til tiere eller hundreder (98 bliver 100), og et stort "
        f"stopper byggeriet. Skriv antallet af decimaler som et tal fra 0 til 12, eller udelad det. | line {line}: The "
        "template gives num() or amount() a written number of decimals that is not a whole number from 0 to 12: a "
        "negative one rounds the figure to tens or hundreds (98 becomes 100), and a large one stops the build. Write "
        "the number of decimals as a number from 0 to 12, or leave it out."]


def test_the_formatter_refuses_decimals_that_round_to_tens():
    from build_scripts.core import fmt

    with pytest.raises(ValueError, match="decimals must be a whole number from 0 to 12, not -1"):
        fmt.number(98, -1)
    assert fmt.number(98, 0) == "98" and fmt.number(14.1, 1) == "14,1"


@pytest.mark.parametrize("template", ["_templates/note.md", "_overrides/partials/note2.html", "_templates/embed.html"])
def test_a_page_loads_only_pages_and_macros(docs, template):
    """Red team 14, finding 1: a page included _templates/note.md (read as the code's, with no rule on numbers) and
    _overrides/partials/note2.html (read as the theme's, without the value-changed rule), and both editions showed
    'Alle 98 kommuner svarede: 81.0 (08)'."""
    (docs / template).parent.mkdir(parents=True, exist_ok=True)
    if not (docs / template).exists():
        (docs / template).write_text("Svaret er {{ kf.municipalities_responding.value_text[::-1] }}.\n",
                                     encoding="utf-8")  # (no 'key:' first line: front_matter_unfenced)
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + '{% include "' + template + '" %}\n', encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code != "page_value_changed"] == [
        f"docs/om-siden.md: linje {line}: Skabelonen henter '{template}' med include, men en side må kun hente sider "
        "og makroerne i _macros/, som validate læser med en sides regler; filerne i _templates/ er kodens egne, og dem "
        "i _overrides/ temaets, og de læses med andre regler. Flyt det, siden skal vise, ind i _macros/. | line "
        f"{line}: The template loads '{template}' with include, but a page may load only pages and the macros of "
        "_macros/, which validate reads with a page's rules; the files of _templates/ are the code's own and those of "
        "_overrides/ the theme's, read by other rules. Move what the page is to show into _macros/."]


@pytest.mark.parametrize("template", ["_templates/note.md", "_overrides/partials/note2.html"])
def test_the_pages_loader_finds_no_template_of_the_code_or_the_theme(tmp_path, template):
    """The same at render time (pages.TemplateLoader), and the embeds' loader finds no theme template."""
    from build_scripts.core.lang import main as main_language
    from build_scripts.stages.pages import stage as pages

    files = {"x.md": '{% include "' + template + '" %}\n', template: "Svar: 08.\n",
             "_overrides/partials/note2.html": "Svar: 08.\n", "_templates/area.md": "Område\n"}
    assert render_stopped(tmp_path, files) == template_error(
        "docs/x.md, linje 1", "docs/x.md, line 1", f"TemplateNotFound: {template}")
    env = pages.page_environment(Paths(tmp_path), main_language())
    assert env.get_template("_templates/area.md").render() == "Område\n"  # the area pages' template: a page's
    embeds = pages.embed_env(Paths(tmp_path))
    with pytest.raises(TemplateNotFound):
        embeds.get_template("_overrides/partials/note2.html")


@pytest.mark.parametrize("name,normal", [("./_templates/note.md", "_templates/note.md"),
                                         ("/_overrides/partials/note2.html", "_overrides/partials/note2.html"),
                                         ("_macros//figures.html", "_macros/figures.html"),
                                         ("./kilder.md", "kilder.md")])
def test_a_page_loads_a_template_by_its_name_as_it_stands(docs, name, normal):
    """Red team 15, finding 1: './_templates/note.md' was judged a page by its first part '.', and Jinja's loader read
    _templates/note.md, the code's, with no rule on numbers; both editions showed 'Alle 98 kommuner svarede: 81.0'."""
    (docs / "_templates" / "note.md").write_text("Svar.\n", encoding="utf-8")
    (docs / "_overrides" / "partials").mkdir(parents=True, exist_ok=True)
    (docs / "_overrides" / "partials" / "note2.html").write_text("Svar.\n", encoding="utf-8")
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + '{% include "' + name + '" %}\n', encoding="utf-8")
    assert [str(p) for p in templates.problems(docs)] == [
        f"docs/om-siden.md: linje {line}: Skabelonen henter '{name}' med include, et navn, der ikke står, som det "
        f"hedder under docs/ (Jinja læser det som '{normal}', så validate ville bedømme den forkerte fil). Skriv navnet "
        f"uden '/', './' eller '//' foran eller imellem: '{normal}'. | line {line}: The template loads '{name}' with "
        f"include, a name not written as it stands under docs/ (Jinja reads it as '{normal}', so validate would judge "
        f"the wrong file). Write the name without a '/', './' or '//' in front or between: '{normal}'."]


@pytest.mark.parametrize("name", ["./_templates/note.md", "/_overrides/partials/note2.html", "_macros//x.html"])
def test_the_pages_loader_finds_no_name_not_as_it_stands(tmp_path, name):
    files = {"x.md": '{% include "' + name + '" %}\n', "_templates/note.md": "Svar: 08.\n",
             "_overrides/partials/note2.html": "Svar: 08.\n", "_macros/x.html": "Svar.\n"}
    assert render_stopped(tmp_path, files) == template_error(
        "docs/x.md, linje 1", "docs/x.md, line 1", f"TemplateNotFound: {name}")


@pytest.mark.parametrize("markup,shown", [
    ('<bdo dir="rtl">{{ kf.municipalities_responding.value_text }}</bdo>', '<bdo dir="rtl">'),
    ('<span dir="rtl">x</span>', '<span dir="rtl">'),
    ('<svg><text direction="rtl" unicode-bidi="bidi-override">x</text></svg>',
     '<text direction="rtl" unicode-bidi="bidi-override">'),
    ("<BDO DIR=RTL>x</BDO>", "<BDO DIR=RTL>"),
])
def test_a_template_sets_no_direction_of_text(docs, markup, shown):
    """Red team 16, finding 4: <bdo dir="rtl"> drew 80 as 08, though the page's text read 80 to every check."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "Svar: " + markup + " kommuner svarede.\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs)
            if p.code not in ("page_inline_svg", "page_element_not_allowed")] == [
        f"docs/om-siden.md: linje {line}: Skabelonen sætter en teksts retning ('{shown}'), så browseren kunne tegne et "
        "tals cifre i en anden rækkefølge, end siden skriver dem. Sidens retning er temaets; fjern elementet eller "
        f"attributten. | line {line}: The template sets the direction of a text ('{shown}'), so the browser could draw "
        "a figure's digits in another order than the page writes them. The page's direction is the theme's; remove the "
        "element or attribute."]


@pytest.mark.parametrize("svg", ['<svg width="40" height="20"><text x="22 10" y="16">{{ kf.x.value_text }}</text></svg>',
                                 "<SVG><text transform=\"rotate(180 11 10)\">x</text></SVG>"])
def test_a_page_writes_no_inline_svg(docs, svg):
    """Red team 17, finding 3: <text x="22 10"> drew 80 as 08, and a transform turned it upside down."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "Svar: " + svg + " kommuner svarede.\n", encoding="utf-8")
    shown = svg[: svg.index(">") + 1]
    assert [str(p) for p in templates.problems(docs) if p.code == "page_inline_svg"] == [
        f"docs/om-siden.md: linje {line}: Siden skriver en SVG direkte i sin tekst ('{shown}'): SVG placerer og drejer "
        "hvert tegn med attributter, som ingen regel læser (<text x=\"22 10\"> tegner 80 som 08). Sidernes diagrammer "
        f"er billeder; fjern SVG'en. | line {line}: The page writes an SVG into its text ('{shown}'): SVG places and "
        "turns each character by attributes no rule reads (<text x=\"22 10\"> draws 80 as 08). The pages' charts are "
        "images; remove the SVG."]


# --- red team 18, findings 1-4: template code inside a word or a name, an attribute list's keys, a link's title -----


def in_word(where, line, shown):
    return (f"{where}: linje {line}: Skabelonkode står inde i et ord ('{shown}'): Jinja skriver ordet i ét ('fir{{# … "
            "#}s' bliver til 'firs'), men validate læser stykkerne hver for sig. Sæt koden ved siden af ordet, ikke inde i "
            f"det. | line {line}: Template code stands inside a word ('{shown}'): Jinja writes the word whole ('fir{{# … "
            "#}s' becomes 'firs'), but validate reads the pieces apart. Put the code beside the word, not inside it.")


@pytest.mark.parametrize("text,shown", [
    ("G Svar: alle hund{# x #}rede kommuner svarede.", "hund{# x #}rede"),
    ("H Answer: eigh{# x #}ty-one municipalities responded.", "eigh{# x #}ty"),
    ("A <b{# x #}do dir=\"rtl\">x</bdo>", "b{# x #}do"),
    ("fir {#- x -#} s kommuner", "fir{#- x -#}s"),
    ('fir{% if lang.code == "da" %}{% endif %}s kommuner', 'fir{% if lang.code == "da" %}{% endif %}s'),
    ("otte{{ '' }}ti kommuner", "otte{{ '' }}ti"),
])
def test_template_code_inside_a_word_is_refused(docs, text, shown):
    """Jinja writes the word whole ('firs', '<bdo'), where the rules read its pieces apart: red team 18 published
    'hundrede', 'eighty-one' and a reversed figure so."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_code_in_word"] == [
        in_word("docs/om-siden.md", line, shown)]


@pytest.mark.parametrize("markup,shown", [
    ('<s{{ "" }}vg><text x="22 10">x</text></svg>', '<s…vg>'),
    ('<span d{{ "" }}ir="rtl">x</span>', '<span d…ir="rtl">'),
    ('<span {{ "dir=rtl" }}>x</span>', "<span …>"),
    ('<{{ "bdo" }} dir="rtl">x</bdo>', '<… dir="rtl">'),
])
def test_template_code_in_a_tags_or_attributes_name_is_refused(docs, markup, shown):
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "Svar: " + markup + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_code_in_name"][:1] == [
        f"docs/om-siden.md: linje {line}: Skabelonkode skriver navnet på et element eller en attribut ('{shown}'), så "
        "validates regler, der læser elementer og attributter ved navn, ikke ser det element, siden får. Skriv navnet "
        f"ud; kun en attributs værdi må komme fra koden. | line {line}: Template code writes the name of an element or "
        f"an attribute ('{shown}'), so validate's rules, which read elements and attributes by name, do not see the "
        "element the page gets. Write the name out; only an attribute's value may come from the code."]


def test_a_tag_between_attributes_passes(docs):
    """tabeller.md's cells: `<td data-label="…"{% if … %} lang="…"{% endif %}>`."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + '<p class="x"{% if lang.code == "en" %} lang="da"{% endif %}>'
                    "tekst</p>\n", encoding="utf-8")
    assert [p for p in templates.problems(docs) if p.code == "page_code_in_name"] == []


@pytest.mark.parametrize("text,key", [("*a / b*{: dir=rtl }", "dir"), ("Tekst.\n{: hidden }", "hidden"),
                                      ('Tekst.\n{ style="x" }', "style"), ("## X { #a onclick=y }", "onclick")])
def test_an_attribute_list_sets_only_an_id_a_class_a_language_and_shown_texts(docs, text, key):
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1 + text.count("\n")
    page.write_text(page.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_attribute_list_key"] == [
        f"docs/om-siden.md: linje {line}: En attributliste ({{: … }}) sætter '{key}', men en attributliste må kun give "
        "et id (#…), en klasse (.…) og en tekst, læseren får vist eller læst op (title, aria-label …): validate læser "
        f"ikke andre attributter i en attributliste (fx dir, der vender et tals cifre). Fjern '{key}'. | line {line}: "
        f"An attribute list ({{: … }}) sets '{key}', but an attribute list may give only an id (#…), a class (.…) and a "
        "text the reader is shown or read out (title, aria-label …): validate reads no other attribute of an attribute "
        f"list (dir, say, which turns a figure's digits around). Remove '{key}'."]


def test_an_empty_comment_that_a_jinja_comment_makes_is_read_as_the_browser_reads_it(docs):
    """'<!--{# x #}>' is the empty comment '<!-->' once Jinja drops its comment: the text after it is live."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "F <!--{# x #}> Alle kommuner svarede. -->\n", encoding="utf-8")
    assert "page_markup_misread" in {p.code for p in templates.problems(docs)}


@pytest.mark.parametrize("text,shown", [
    ('P Answer: {{ "eigh" }}{{ "ty-one" }} municipalities responded.', '{{ "eigh" }}{{ "ty-one" }}'),
    ('Q Svar: alle fir{{ "s" }} kommuner.', 'fir{{ "s" }}'),
    ('{% set w = "eigh" %}W Answer: {{ w }}{{ "ty-one" }} municipalities.', '{{ w }}{{ "ty-one" }}'),
    ('hund{{ "" }}rede kommuner', 'hund{{ "" }}rede'),
])
def test_a_written_text_an_output_shows_is_read_with_the_words_beside_it(docs, text, shown):
    """Red team 19, finding 1: `{{ "eigh" }}{{ "ty-one" }}` and `fir{{ "s" }}` showed 'eighty-one' and 'firs'."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_code_in_word"] == [
        in_word("docs/om-siden.md", line, shown)]


@pytest.mark.parametrize("text,key", [('*a / b*{: title="}" dir=rtl } kommuner.', "dir"),
                                      ("*a*{: .box } og *b*{: dir=rtl }", "dir")])
def test_an_attribute_list_is_read_as_attr_list_reads_it(docs, text, key):
    """Red team 19, finding 4: a '}' in a quoted value ended validate's reading early, not attr_list's."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    assert [dict(p.params)["key"] for p in templates.problems(docs) if p.code == "page_attribute_list_key"] == [key]


# --- red team 20, findings 1-3: an output of unknown value beside a word, code in a character reference, hidden text -


@pytest.mark.parametrize("text,shown", [
    ('P Answer: {{ "eigh" if lang.code else "" }}ty-one municipalities.', '{{ "eigh" if lang.code else "" }}ty'),
    ('T Answer: eigh{{ "ty-one" if lang.code else "" }} municipalities.', 'eigh{{ "ty-one" if lang.code else "" }}'),
    ('{% macro m() %}eigh{% endmacro %} S Answer: {{ m() }}ty-one.', "{{ m() }}ty"),
    ('G Svar: &#{{ "xBD" }}; af dem.', '{{ "xBD" }}'),
])
def test_an_output_validate_cannot_know_beside_a_letter_is_refused(docs, text, shown):
    """Red team 20, findings 1 and 2: each showed 'eighty-one' or '½'."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_code_in_word"] == [
        in_word("docs/om-siden.md", line, shown)]


@pytest.mark.parametrize("markup,name", [
    ('{{ kf.a.value_text }}<span class="print-only"> af </span>{{ kf.b.value_text }}', "print-only"),
    ('<span class="x copy-button">a</span>', "copy-button"),
])
def test_a_page_hides_no_text(docs, markup, name):
    """Red team 20, finding 3: '80<span class="print-only"> af </span>98' showed '8098'."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "F Svar: " + markup + " kommuner.\n", encoding="utf-8")
    shown = markup[markup.index("<span"): markup.index(">", markup.index("<span")) + 1]
    assert [str(p) for p in templates.problems(docs) if p.code == "page_hidden_text"] == [
        f"docs/om-siden.md: linje {line}: Siden skjuler tekst ('{shown}': {name}), som reglerne læser som en del af "
        "siden: '80<span class=\"print-only\"> af </span>98' viser '8098'. Skjul ikke tekst i en side; klasserne, der "
        f"skjuler, hører til sitets egne makroer. | line {line}: The page hides text ('{shown}': {name}) that the "
        "rules read as part of the page: '80<span class=\"print-only\"> af </span>98' shows '8098'. Hide no text in a "
        "page; the classes that hide belong to the site's own macros."]


def test_an_attribute_list_adds_no_hiding_class(docs):
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "A *af*{: .print-only } B\n", encoding="utf-8")
    assert [dict(p.params)["key"] for p in templates.problems(docs) if p.code == "page_attribute_list_key"] == ["."]


@pytest.mark.parametrize("markup,shown", [
    ('<span style="unicode-bidi:bidi-override;direction:rtl">x</span>',
     '<span style="unicode-bidi:bidi-override;direction:rtl">'),
    ("<style>\n.rtx { direction: rtl }\n</style>", "<style>"),
])
def test_a_page_has_no_style_of_its_own(docs, markup, shown):
    """Red team 20, finding 5: only the CSP stopped a page's own style; only the pinned stylesheets may style."""
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + markup + "\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_inline_style"] == [
        f"docs/om-siden.md: linje {line}: Siden har sin egen stil ('{shown}'): en stil bestemmer, hvordan et tal ser "
        "ud, og kun sitets fastlåste stylesheets må give den (build_scripts/stages/validate/assets.py). Fjern "
        f"style-attributten eller <style>-elementet. | line {line}: The page has a style of its own ('{shown}'): a "
        "style decides how a figure looks, and only the site's pinned stylesheets may give it "
        "(build_scripts/stages/validate/assets.py). Remove the style attribute or <style> element."]


@pytest.mark.parametrize("markup,name", [
    ('{{ kf.a.value_text }}<span class="md-toggle"> af </span>{{ kf.b.value_text }}', "md-toggle"),
    ('<span class="tabbed-block"> af </span>', "tabbed-block"),
])
def test_the_themes_hiding_classes_are_refused(docs, markup, name):
    """Red team 21, finding 4: each showed '8098'."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "F Svar: " + markup + " kommuner.\n", encoding="utf-8")
    assert [dict(p.params)["name"] for p in templates.problems(docs) if p.code == "page_hidden_text"] == [name]


@pytest.mark.parametrize("name", ["md-toggle", "headerlink"])
def test_an_attribute_list_adds_no_theme_class(docs, name):
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "A *af*{: ." + name + " } B\n", encoding="utf-8")
    assert [dict(p.params)["key"] for p in templates.problems(docs) if p.code == "page_attribute_list_key"] == ["."]


@pytest.mark.parametrize("markup,code,name", [
    ("<span popover> af </span>", "page_attribute_not_allowed", "popover"),
    ("<span hidden> af </span>", "page_attribute_not_allowed", "hidden"),
    ('<span bgcolor="white">x</span>', "page_attribute_not_allowed", "bgcolor"),
    ("<bdi>x</bdi>", "page_element_not_allowed", "bdi"),
    ("<template> af </template>", "page_element_not_allowed", "template"),
    ('<font color="#ffffff">/</font>', "page_element_not_allowed", "font"),
    *[(f"<{tag}> af </{tag}>", "page_element_not_allowed", tag)
      for tag in ("title", "audio", "video", "canvas", "noembed", "meter", "progress", "dialog", "object", "x-y", "s")],
    ('<script type="text/plain"> af </script>', "page_element_not_allowed", "script"),
    ('<img alt="">', "page_element_not_allowed", "img"),
    ('<span class="headerlink"> af </span>', "page_class_not_allowed", "headerlink"),
])
def test_a_page_writes_only_the_elements_and_attributes_of_its_lists(docs, markup, code, name):
    """Red team 22, findings 2, 5 and 6 (and red team 21's hiding elements and presentational HTML): every element
    and attribute a browser knows draws, hides, places or fetches in a way of its own, so a page and a macro write
    only those of text, lists, tables and figures; <object> and <script> passed validate and stopped the site stage."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "F Svar: " + markup + " kommuner.\n", encoding="utf-8")
    assert [dict(p.params)["name"] for p in templates.problems(docs) if p.code == code] == [name]


def test_the_message_names_the_element_and_the_list(docs):
    page = docs / "om-siden.md"
    line = page.read_text(encoding="utf-8").count("\n") + 1
    page.write_text(page.read_text(encoding="utf-8") + "F Svar: <meter> af </meter> kommuner.\n", encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_element_not_allowed"] == [
        f"docs/om-siden.md: linje {line}: Siden skriver et element, som validate ikke læser ('<meter>': <meter>): "
        "hvert element, en browser kender, tegner, skjuler, placerer eller henter på sin egen måde (<bdi> vendte "
        "'80 / 98', popover og <meter> skjulte ordet mellem to tal). En side og en makro skriver kun elementerne for "
        "tekst, lister, tabeller og figurer (build_scripts/stages/validate/remote.py, ELEMENTS). Skriv teksten med "
        f"dem. | line {line}: The page writes an element validate does not read ('<meter>': <meter>): each element a "
        "browser knows draws, hides, places or fetches in a way of its own (<bdi> turned '80 / 98' round, popover and "
        "<meter> hid the word between two figures). A page and a macro write only the elements of text, lists, tables "
        "and figures (build_scripts/stages/validate/remote.py, ELEMENTS). Write the text with those."]


def test_a_macro_writes_the_markup_of_its_own_home_only(docs):
    """A chart's picture and embed code, the figures' structured data and the copy button are their macros' own."""
    (docs / "_macros" / "figures.html").write_text(
        (docs / "_macros" / "figures.html").read_text(encoding="utf-8") + '<picture><img src="a.png"></picture>\n',
        encoding="utf-8")
    assert [dict(p.params)["name"] for p in templates.problems(docs) if p.code == "page_element_not_allowed"] == [
        "picture"]
