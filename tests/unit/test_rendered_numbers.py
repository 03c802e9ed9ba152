"""The typed-number rule read on the page as the site's Markdown renders it (validate/rendered.py; red team 24)."""

import pytest
from test_typed_numbers import typed

from build_scripts.stages.validate import rendered, templates


def added(docs, text: str) -> int:
    """Append `text` to a page both editions show (after its last language block); the line it starts on."""
    page = docs / "om-siden.md"
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


def typed_found(docs) -> list[str]:
    return [str(p) for p in templates.problems(docs) if p.code == "page_number_typed"]


def eighty_found(docs) -> bool:
    """Whether the one number the page types is named, and it is the '80' each case hides."""
    return [p.split(": Sidens")[1][:40] for p in typed_found(docs)] == [" egen tekst skriver tallet '80' (sproget"]


@pytest.mark.parametrize("text,offset,number", [
    # an indented '~~~' is no fence to Python-Markdown: the sentence between is a paragraph (finding 1)
    ("<!--\n ~~~ -->Tg Svar: 80 af 98 kommuner svarede.<!--\n ~~~\n-->", 1, "80"),
    # no footnotes extension: '[^…]' is text (finding 2)
    ("Tb Svar fra [^80 af 98] kommuner.", 0, "80"),
    ("Tk Svar fra [^eighty-one] kommuner.", 0, "eighty-one"),
    # a link definition indented four spaces is a paragraph's text; an attribute list in the middle of a line is text
    ("Tc Svar fra kommunerne\n    [svar]: 80/98", 1, "80/98"),
    ('Te Svar: {: lang="80 af 98" } kommuner.', 0, "80"),
])
def test_what_the_sites_markdown_shows_is_read(docs, text, offset, number):
    """Red team 24, findings 1 and 2: each was published in both editions; the line-by-line reading took it for
    syntax Markdown removes."""
    line = added(docs, text)
    lang = "en" if number == "eighty-one" else "da"
    assert typed_found(docs) == [typed("docs/om-siden.md", line + offset, number, lang)]


def test_the_projects_pages_rendered_type_no_number(docs):
    assert typed_found(docs) == []


def test_a_code_span_stays_code_and_a_code_block_is_read(docs):
    """A command, a file's name, a cell's example ('`1250`, not `1.250.000 kr.`') in a code span: code, by decision.
    A code block is read: the pages write none, and template code can make one of lines the build never writes
    together (red team 26, finding 1)."""
    added(docs, "Skriv `1250`, ikke `1.250.000 kr.`")
    assert typed_found(docs) == []
    line = added(docs, "~~~\nTx Svar: 80 af 98 kommuner.\n~~~")
    assert typed_found(docs) == [typed("docs/om-siden.md", line + 1, "80", "da")]


@pytest.mark.parametrize("text", [
    "<!--x\n{#- #}~~~\n-->Tg Svar: 80 af 98 kommuner svarede.<!--x\n{#- #}~~~\n-->",
    '{% if lang.code == "da" and lang.code == "en" %}\n~~~\n{% endif %}\nTv Svar: 80 af 98 kommuner svarede.\n'
    '{% if lang.code == "da" and lang.code == "en" %}\n~~~\n{% endif %}',
    "{% macro f() %}\n~~~\n{% endmacro %}\nTm Svar: 80 af 98 kommuner svarede.\n{% macro g() %}\n~~~\n{% endmacro %}",
    "{% set s %}\n~~~\n{% endset %}\nTs Svar: 80 af 98 kommuner svarede.\n{% set t %}\n~~~\n{% endset %}",
    '{% if lang.code == "da" and lang.code == "en" %}`{% endif %}Tc Svar: 80 af 98.'
    '{% if lang.code == "da" and lang.code == "en" %}`{% endif %}',
    '{% if lang.code == "da" and lang.code == "en" %}<!--{% endif %}Tc Svar: 80 af 98.'
    '{% if lang.code == "da" and lang.code == "en" %}-->{% endif %}',
])
def test_what_template_code_may_leave_out_hides_nothing(docs, text):
    """Red team 26, finding 1: fence lines in a macro's or a set block's body, in branches never written, or after a
    newline whitespace control removes, made a code block of the sentence between for validate; the build wrote it
    as a paragraph. validate reads the text as the build writes it, and reads what such code could enclose."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("text,name", [('!!! note print-only ""\n    Tz skjult.', "print-only"),
                                       ('!!! note md-toggle "x"\n    Tq skjult.', "md-toggle"),
                                       ('!!! hidden "x"\n    Tq skjult.', "hidden")])
def test_an_admonition_gives_a_type_and_the_sites_own_classes_only(docs, text, name):
    """Red team 24, finding 3: every word after '!!!' is a class of the block; 'print-only' hid it on screen."""
    line = added(docs, text)
    assert [(p.line, dict(p.params)["name"]) for p in templates.problems(docs) if p.code == "page_class_not_allowed"] \
        == [(line, name)]


def test_an_admonition_without_a_title_is_named(docs):
    line = added(docs, "!!! note\n    Tz tekst.")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_admonition_untitled"] == [
        f"docs/om-siden.md: linje {line}: Boksen '!!! note' har ingen titel i anførselstegn, så Markdown skriver dens "
        "types engelske navn ('Note') som titel, også i den danske udgave. Skriv en titel: !!! note \"…\" (eller \"\" "
        f"for ingen). | line {line}: The admonition '!!! note' has no title in quotes, so Markdown writes its type's "
        "English name ('Note') as its title, on the Danish edition too. Write a title: !!! note \"…\" (or \"\" for "
        "none)."]


def test_the_extensions_read_are_those_both_editions_name(tmp_path):
    """An extension one edition lacks shows its syntax there as text: the reading leaves it out."""
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  attr_list:\n  toc:\n    permalink: true\n",
                                         encoding="utf-8")
    (tmp_path / "mkdocs.en.yml").write_text("INHERIT: mkdocs.yml\nmarkdown_extensions:\n  - toc\n", encoding="utf-8")
    assert rendered.site_extensions(tmp_path) == ("toc",)
    (tmp_path / "mkdocs.en.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    assert rendered.site_extensions(tmp_path) == ("attr_list", "toc")


@pytest.mark.parametrize("text", [
    '\n{% macro tick() %}`{% endmacro %}\n\n\nTk `x {{ tick() }} Svar: 80 af 98 kommuner svarede. y`',
    'Tq `x {{ "`" }} Svar: 80 af 98 kommuner svarede. y`',
    'Tl [t](<#a {{ "x" }} Svar 80>) slut.',
])
def test_a_value_that_may_end_what_it_stands_in_leaves_the_rest_read(docs, text):
    """Red team 28, finding 1: a value wrote a backtick and ended the code span early; the text validate took for code
    was shown. A code span, a link's address or an attribute list that holds an output is read as text."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("text", [
    '{{ "" }}<div>\n`Svar: 80 af 98 kommuner svarede.`\n</div>',
    '{{ "" }}<div>\n\n80. kommuner svarede.\n</div>',
    "{% macro q() %}'>{% endmacro %}\n\n\nTq <span data-count=' {{ q() }} Svar: 80 af 98 kommuner. <b title=' id='z'>y</span>",
])
def test_code_may_start_a_raw_block_or_close_a_tag(docs, text):
    """Red team 30, finding 1: an output that writes nothing made '<div>' start its line, so the block was raw HTML
    and its code span and list number text; a macro's value closed an attribute and its tag, and the rest of the value
    was shown. A line may start after code, and what follows an output in a value is read."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("text", [
    "{% macro br() %}\n\n\n{% endmacro %}\n\n\nTa {{ br() }}<div>\n`Svar: 80 af 98 kommuner svarede.`\n</div>",
    "{% macro q() %}'>{% endmacro %}\n\n\nTq <span data-count='{{ q() }}' data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
    "{% macro r() %}>{% endmacro %}\n\n\nTq <span data-count={{ r() }} data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
])
def test_markup_a_macro_writes_may_end_a_line_or_a_tag(docs, text):
    """Red team 32, findings 1 and 2: a value that is markup (a macro's) wrote a line break, so the tag after it
    started a raw-HTML block, or closed the tag, so the attributes after it were shown. After such a value a line may
    start, and all of the tag is read as text."""
    added(docs, text)
    assert eighty_found(docs)


def test_a_written_text_holds_no_line_break(docs):
    """Red team 32, finding 1: '{{ "\\n\\n" }}<div>' started a raw-HTML block validate read as a paragraph."""
    line = added(docs, 'Ta {{ "\\n\\n" }}<div>\n`Svar: kommunerne svarede.`\n</div>')
    assert [(p.line, dict(p.params)["char"]) for p in templates.problems(docs) if p.code == "char_refused"] == [
        (line, "U+000A (LF)")]


@pytest.mark.parametrize("text", [
    "{% macro q() %}'>{% endmacro %}\n{% set m = q() %}\n\n\nTq <span data-count='{{ m }}' data-verdict='Svar: 80 af "
    "98 kommuner.'>y</span>",
    "{% macro nl() %}\n\n\n{% endmacro %}\n{% set m = nl() %}\n\n\nTa {{ m }}<div>\n`Svar: 80 af 98 kommuner.`\n</div>",
    "{% macro q() %}'>{% endmacro %}\n{% with w = q() %}\nTq <span data-count='{{ w }}' data-verdict='Svar: 80 af 98.'>"
    "y</span>\n{% endwith %}",
    "{% macro q() %}'>{% endmacro %}\n{% for k in [q()] %}\nTq <span data-count='{{ k }}' data-verdict='Svar: 80 af 98."
    "'>y</span>\n{% endfor %}",
    "{% macro q() %}'>{% endmacro %}\n{% macro outer(f) %}\nTq <span data-count='{{ f() }}' data-verdict='Svar: 80 af "
    "98.'>y</span>\n{% endmacro %}\n{{ outer(q) }}",
])
def test_markup_through_any_name_may_end_a_line_or_a_tag(docs, text):
    """Red team 34, finding 1: a macro's value reached an output through a name set, bound by `with` or `for`, or a
    macro's parameter, and was read as a plain value. Every name bound to markup, and every parameter, is markup."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("text", [
    "{% macro q() %}'>{{ caller() }}{% endmacro %}\n\n\nTq <span data-count='{% call q() %}{% endcall %}' "
    "data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
    "{% macro nl() %}\n\n\n{{ caller() }}{% endmacro %}\n\n\nTa {% call nl() %}{% endcall %}<div>\n`Svar: 80 af 98 "
    "kommuner.`\n</div>",
    "Tq <span data-count='{% include \"_macros/lang.html\" %}' data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
    "{% macro q() %}'>{% endmacro %}\n{% set l = [] %}\n{% set _ = l.append(q()) %}\n\n\nTq {% for k in l %}<span "
    "data-count='{{ k }}' data-verdict='Svar: 80 af 98 kommuner.'>y</span>{% endfor %}",
    "{% macro q() %}'>{% endmacro %}\n\n\nTq {% for k in [q(), 1] %}<span data-count='{{ loop.previtem }}' "
    "data-verdict='Svar: 80 af 98 kommuner.'>y</span>{% endfor %}",
    "{% macro q() %}'>{% endmacro %}\n\n\nTq <span data-count='{{ q() }}' data-verdict='80' role='af' id='98'>y</span>",
])
def test_markup_written_by_any_statement_may_end_a_line_or_a_tag(docs, text):
    """Red team 35, findings 1 and 2: a call block, an include, and a macro's value kept by a method (`l.append`)
    wrote markup with no output naming it, and after markup a value of one word or number ('80') was not read."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("text", [
    "Tq <span data-count='{{ md(\"x'>\") }}' data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
    "Ta {{ lang.code | markdown }}<div>\n`Svar: 80 af 98 kommuner svarede.`\n</div>",
    "Tq <span data-count={{ lang.code | markdown }} data-verdict='Svar: 80 af 98 kommuner.'>y</span>",
    "{% macro b() %}\\{% endmacro %}\n\n\nTq {{ b() }}`Svar: 80 af 98 kommuner svarede.`",
    "Tq {{ url(\"x\\\\\") }}`Svar: 80 af 98 kommuner svarede.`",
    "{% macro b() %}\\{% endmacro %}\n\n\nTq {{ b() }}<span title=\"x\" data-verdict=\"Svar: 80 af 98.\">y</span>",
])
def test_a_helpers_or_a_filters_markup_may_end_a_line_a_tag_or_an_escape(docs, text):
    """Red team 36, findings 2 and 3: `| markdown` writes '<p>…</p>\\n' and a helper's value is written as it stands,
    so either may end a line or close a tag; markup ending with a backslash makes the next character text, and a code
    span or a tag after it was shown. Every output but a plain value (a data read, a constant, a data method) is
    markup now, and what stands right after markup is read as text."""
    added(docs, text)
    assert eighty_found(docs)


@pytest.mark.parametrize("target,shown", [
    ('"Svar: 70 af 98 kommuner svarede."', "Svar: 70 af 98 kommuner svarede."),
    ('"<marquee hidden>"', "<marquee hidden>"), ('"metode"', "metode"), ('"../x.md"', "../x.md"), ("term('x')", "…"),
])
def test_md_takes_only_a_pages_path(docs, target, shown):
    """Red team 36, finding 1: md() wrote its argument as it stood, so a sentence was shown and an element passed
    every markup rule. md() takes a page's path only, in validate and in the pages stage."""
    line = added(docs, f"[x]({{{{ md({target}) }}}})")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_link_target"] == [
        f"docs/om-siden.md: linje {line}: md() tager stien til en side i docs/ ('metode.md', 'omraader/social.md': små "
        f"bogstaver, tal, '_' og '-', og endelsen .md), og skriver den, som den står; '{shown}' er ingen sådan sti. "
        f"Skriv sidens sti. | line {line}: md() takes the path of a page in docs/ ('metode.md', 'omraader/social.md': "
        f"lower-case letters, digits, '_' and '-', and the ending .md), and writes it as it stands; '{shown}' is no "
        "such path. Write the page's path."]


def problems_named(docs, codes) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in templates.problems(docs) if p.code in codes]


MARKUP_CODES = {"page_call_block", "page_markup_character", "page_markup_unclosed"}


@pytest.mark.parametrize("text,expected", [
    # a backtick from markup pairs with the page's backticks anywhere in the paragraph (finding 1)
    ("{% macro bt() %}`{% endmacro %}\nTq {{ bt() }} x `Svar: 70 af 98 kommuner svarede.` y",
     [("page_markup_character", 0)]),
    ("{% set bt %}\\{% endset %}\nTq {{ bt }}`Svar: 70 af 98 kommuner svarede.`", [("page_markup_character", 0)]),
    ('Tq {{ url("x\\\\") }}`Svar: 70 af 98 kommuner svarede.`', [("page_markup_character", 0)]),
    # an element markup opens takes in the page's text after it as raw HTML (finding 3)
    ("{% macro dv() %}<div>{% endmacro %}\n{{ dv() }}\n`Svar: 40 af 98 kommuner svarede.`\n</div>",
     [("page_markup_unclosed", 0)]),
    ("{% macro box() %}<div>{{ caller() }}</div>{% endmacro %}\n{% call box() %}\n\n`Svar: 40 af 98.`\n{% endcall %}",
     [("page_call_block", 1)]),
])
def test_markup_a_page_makes_writes_no_markdown_syntax_and_closes_its_blocks(docs, text, expected):
    """Red team 38, findings 1 and 3: a macro writing a backtick or a backslash, or opening a <div>, changed how
    Markdown read the page's text after it (a code span became text, a sentence became raw HTML), however far."""
    line = added(docs, text)
    assert problems_named(docs, MARKUP_CODES) == [(code, line + offset) for code, offset in expected]


def test_empty_values_between_markup_and_syntax_are_looked_through(docs):
    """Red team 38, finding 2: `{{ lang_root }}` writes '' in the main edition, between markup and a code span."""
    added(docs, "{% macro q() %}'>{% endmacro %}\n\n\nTs {{ q() }}{{ lang_root }}`Svar: 80 af 98 kommuner.`")
    assert eighty_found(docs)


@pytest.mark.parametrize("body,offset", [
    ("\n\n[Svar: 70 af 98 kommuner svarede.]: /x\n", 2), ("\n\n81. kommuner svarede i alt.\n", 2),
    ("<p>Svar fra [kommunerne](/80-af-98)</p>", 0),
])
@pytest.mark.parametrize("kind", ["macro", "set"])
def test_a_macros_text_is_read_as_the_text_it_is_where_it_is_used(docs, body, offset, kind):
    """Red team 40, finding 1: a macro's or a set block's text was read where it is defined, as Markdown, but written
    where it is used: inside <div> (raw HTML) a link definition and a list's number are shown. It is read as plain
    text."""
    start, end = ("{% macro d() %}", "{% endmacro %}") if kind == "macro" else ("{% set d %}", "{% endset %}")
    line = added(docs, f"{start}{body}{end}\n\n<div>\n{{{{ d{'()' if kind == 'macro' else ''} }}}}\n</div>")
    assert [p.line for p in templates.problems(docs) if p.code == "page_number_typed"] == [line + offset]


@pytest.mark.parametrize("use,what", [
    ("m() | forceescape", "| forceescape"), ("m() | markdown", "| markdown"), ("m() | tojson", "| tojson"),
    ('m() | replace("span", "")', "| replace"), ("m()[0:99]", "[…]"), ("m().split() | join", "| join"),
    ("m().split()", "."),
])
def test_a_pages_own_markup_is_written_as_it_is(docs, use, what):
    """Red team 42, finding 1: a filter turned a macro's markup into text, and its hidden attribute was shown."""
    line = added(docs, '{% macro m() %}<span data-verdict="Svar: 70 af 98.">x</span>{% endmacro %}\n\n'
                       f"Ta {{{{ {use} }}}}")
    assert (("page_markup_changed", line + 2) in problems_named(docs, {"page_markup_changed"})
            and dict(next(p for p in templates.problems(docs) if p.code == "page_markup_changed").params)["what"] == what)


def test_a_block_split_by_a_comment_is_read_as_jinja_writes_it(docs):
    """Red team 42, finding 2: '<{# #}div>' was read as '< div>', so the <div> left open was not named."""
    line = added(docs, "{% macro dv() %}<{# #}div>{% endmacro %}\n\n{{ dv() }}\n`Svar: 40 af 98.`")
    assert problems_named(docs, MARKUP_CODES) == [("page_markup_unclosed", line)]


@pytest.mark.parametrize("name,text", [
    ("_macros/svar.html", "\n\n[Svar: 70 af 98 kommuner svarede.]: /x\n"),
    ("_overrides/partials/svar.html", "\n\n[Svar: 70 af 98 kommuner svarede.]: /x\n"),
])
def test_an_included_or_a_theme_templates_text_is_read_as_plain_text(docs, name, text):
    """Red team 42, findings 3 and 5: a macro file included in a <div>, and a theme template (HTML, where no
    Markdown runs), showed a link definition validate read as Markdown."""
    (docs / name).write_text(text, encoding="utf-8")
    assert [(p.file, p.line) for p in templates.problems(docs) if p.code == "page_number_typed"] == [
        (f"docs/{name}", 3)]


def test_the_front_matters_texts_are_read_as_plain_text(docs):
    """Red team 42, finding 4: MkDocs and the theme write the title and description as they stand (<title>, the
    header, the meta descriptions), so a code span there is shown."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "title: Om siden\n", "title: Om siden `Svar: 70 af 98 kommuner svarede.`\n", 1), encoding="utf-8")
    assert [(p.line, dict(p.params)["number"]) for p in templates.problems(docs) if p.code == "page_number_typed"] == [
        (3, "70")]


@pytest.mark.parametrize("text,what", [
    ('{% macro m() %}<span data-verdict="Svar: 71 af 98.">x</span>{% endmacro %}\n\nTa {{ [m()] }}', "[…]"),
    ('{% macro m() %}<span data-verdict="Svar: 71 af 98.">x</span>{% endmacro %}\n\nTa {{ {"k": m()} }}', "[…]"),
    ('{% macro m() %}<span data-verdict="Svar: 74 af 98.">x</span>{% endmacro %}\n'
     "{% macro w(v=m()) %}{{ v | forceescape }}{% endmacro %}\n\nTa {{ w() }}", "| forceescape"),
])
def test_a_pages_markup_in_a_list_or_a_parameters_default_is_its_markup(docs, text, what):
    """Red team 44, findings 1 and 2: a list's Python form showed a macro's hidden attribute, and a parameter's default
    carried markup past the rule."""
    added(docs, text)
    assert [dict(p.params)["what"] for p in templates.problems(docs) if p.code == "page_markup_changed"] == [what]


def test_a_container_is_no_text_to_write():
    """Red team 44, finding 1: the pages' finalize wrote a list's Python form; it stops the page instead."""
    from markupsafe import Markup

    from build_scripts.stages.pages.stage import escape

    with pytest.raises(TypeError, match="a list is written as a text"):
        escape([Markup('<span data-verdict="70">x</span>')])


def test_only_the_pinned_embed_code_is_shown_as_text(docs):
    """Red team 44, finding 4: the embed code's `| forceescape` was allowed for any markup of chart.html."""
    from build_scripts.stages.validate.templates import MARKUP_AS_TEXT, markup_as_text_pin, parse

    chart = docs / "_macros" / "chart.html"
    assert markup_as_text_pin(parse(chart.read_text(encoding="utf-8"), trimmed=True), "snippet") == MARKUP_AS_TEXT[
        ("_macros/chart.html", "snippet")]
    before = chart.read_text(encoding="utf-8")
    shown = next(n for n, text in enumerate(before.split("\n"), start=1) if "snippet | forceescape" in text)
    with chart.open("a", encoding="utf-8") as out:
        out.write('\n{% macro x() %}{% set snippet %}<span data-verdict="Svar: 70 af 98.">x</span>{% endset %}'
                  "{{ snippet | forceescape }}{% endmacro %}\n")
    # (another set block of the name changes the pin: the embed code's own use is named too, until the pin is mended)
    assert [(p.file, p.line) for p in templates.problems(docs) if p.code == "page_markup_changed"] == [
        ("docs/_macros/chart.html", shown), ("docs/_macros/chart.html", before.count("\n") + 2)]


@pytest.mark.parametrize("key", ['"title"', "'title'"])
def test_a_quoted_front_matter_key_is_read_as_its_key(docs, key):
    """Red team 44, finding 3: '"title": …' is the key title to YAML and MkDocs, but was not read as front matter."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "title: Om siden\n", f"{key}: Om siden `Svar: 70 af 98 kommuner svarede.`\n", 1), encoding="utf-8")
    assert [(p.line, dict(p.params)["number"]) for p in templates.problems(docs) if p.code == "page_number_typed"] == [
        (3, "70")]


def test_a_page_includes_only_macro_files(docs):
    """Red team 44, finding 5: a page included another page, whose text was read only on its own page."""
    line = added(docs, '<div>\n{% include "metode.md" %}\n</div>')
    found = [p for p in templates.problems(docs) if p.code == "page_include_not_macros"]
    assert [p.line for p in found] == [line + 1] and "docs/_macros/ ('metode.md' er ingen)" in str(found[0])


def test_a_front_matter_line_that_looks_like_a_key_is_read_too(docs):
    """Red team 46, finding 1: a quoted title holding a line 'og_image: x' made the reading skip the title's next
    lines as a path's."""
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "title: Om siden\n", 'title: "Om siden\nog_image: x\n `Svar: 70 af 98 kommuner svarede.`"\n', 1),
        encoding="utf-8")
    assert [(p.line, dict(p.params)["number"]) for p in templates.problems(docs) if p.code == "page_number_typed"] == [
        (5, "70")]


@pytest.mark.parametrize("binding", [
    "{% macro verdict(snippet=v()) %}{{ snippet | forceescape }}{% endmacro %}",
    "{% macro verdict() %}{% set snippet = v() %}{{ snippet | forceescape }}{% endmacro %}",
    "{% macro verdict() %}{% with snippet = v() %}{{ snippet | forceescape }}{% endwith %}{% endmacro %}",
])
def test_the_embed_codes_name_bound_again_loses_its_exemption(docs, binding):
    """Red team 46, finding 2: the exemption followed the name 'snippet', whatever bound it where the filter stands."""
    chart = docs / "_macros" / "chart.html"
    with chart.open("a", encoding="utf-8") as out:
        out.write('\n{% macro v() %}<span data-verdict="Svar: 71 af 98.">x</span>{% endmacro %}\n' + binding + "\n")
    assert len([p for p in templates.problems(docs) if p.code == "page_markup_changed"]) == 2  # (and the real one)


@pytest.mark.parametrize("text,code", [
    ('{% extends "kilder.md" %}', "page_include_not_macros"),
    ('<div>\n{% include "_templates/area.md" %}\n</div>', "page_include_not_macros"),
    ("{% block b %}\n\n[Svar: 70 af 98 kommuner svarede.]: /x\n\n{% endblock %}", "page_block_statement"),
])
def test_a_page_neither_extends_nor_includes_a_page_nor_makes_a_block(docs, text, code):
    """Red team 46, findings 3 and 4: `{% extends %}` wrote a page's block inside another page's <div>, and a page
    included the area pages' template: both read only in their own context."""
    added(docs, text)
    assert [p.code for p in templates.problems(docs) if p.code == code] == [code]


@pytest.mark.parametrize("value", [{"a": 1}.values(), {"a": 1}.items(), ["a"], object(), True])
def test_only_a_text_or_a_number_is_written(value):
    """Red team 46, finding 5: `{{ site.sources.values() }}` wrote every field of every source in Python's form."""
    from build_scripts.stages.pages.stage import escape

    with pytest.raises(TypeError, match="is written as a text"):
        escape(value)


def test_a_page_begins_with_no_unfenced_metadata(docs):
    """Red team 48, finding 1: 'title: …' lines without '---' are MkDocs's MultiMarkdown metadata, written as they
    stand in <title> and the meta description, and were read as the page's text."""
    page = docs / "om-siden.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("title: Om siden `Svar: 70 af 98 kommuner svarede.`\n\n" + text[text.index("---", 3) + 4:],
                    encoding="utf-8")
    assert [(p.code, p.line) for p in templates.problems(docs) if p.code == "front_matter_unfenced"] == [
        ("front_matter_unfenced", 1)]


@pytest.mark.parametrize("text,code", [
    ('{% from "_macros/lang.html" import danish with context %}', "page_load_with_context"),
    ('{% import "_macros/lang.html" as l with context %}', "page_load_with_context"),
    ('Ta {{ ["a"] }}', "page_container_written"), ("Tb {{ site.sources }}", "page_container_written"),
    ("Tc {{ areas }}", "page_container_written"), ("Td {{ site.sources.values() }}", "page_container_written"),
    ("Te {{ areas is defined }}", "page_container_written"),
])
def test_a_page_imports_without_context_and_writes_no_container(docs, text, code):
    """Red team 48, findings 2 and 3: `import … with context` gave a macro file the page's own markup as a free name;
    a list, a mapping or a yes/no written passed validate and then stopped the pages stage."""
    added(docs, text)
    assert [p.code for p in templates.problems(docs) if p.code == code] == [code]
