"""No number is typed into a page (issue 20; red team 7, finding 2d): validate reads the hand-written text of every
page, macro and theme template in the language of the edition that shows it, and refuses digits and number words.

Before: only tests/stages/test_no_typed_numbers.py read the pages, for digits only and not the macros, so
"Seventy-nine of ninety-eight municipalities responded" (80 of 98 did) and "de seks tilbudsområder" were
published, and "79 af 98 kommuner svarede" passed validate.
"""


import pytest

from build_scripts.stages.validate import templates
from build_scripts.stages.validate.typed_numbers import typed_number_problems
from conftest import CHECKOUT


def typed(where, line, number, lang):
    return (f"{where}: linje {line}: Sidens egen tekst skriver tallet '{number}' (sproget {lang}), men et tal på en "
            "side skal komme fra datapakken. Skriv det med en værdi fra data (fx fig, statement_value eller cardinal), "
            "eller skriv teksten uden tallet; kun henvisninger som boks 1, felt 3, WCAG 2.1 og FOLK1A må stå i "
            f"teksten. | line {line}: The page's own text types the number '{number}' (language {lang}), but a "
            "number on a page must come from the data package. Write it with a value from the data (e.g. fig, "
            "statement_value or cardinal), or write the text without the number; only references such as box 1, "
            "field 3, WCAG 2.1 and FOLK1A may stand in the text.")


def read(source: str) -> list[str]:
    """The typed numbers of a template (not the floor's character rule, which it also runs: tested on its own)."""
    return [str(p) for p in typed_number_problems(templates.parse(source), "docs/x.md") if p.code == "page_number_typed"]


def page(da: str, en: str, shared: str = "") -> str:
    """A page with one paragraph per language (lines 2 and 4) and text both editions show (line 6)."""
    return f'{{% if lang.code == "da" %}}\n{da}\n{{% elif lang.code == "en" %}}\n{en}\n{{% endif %}}\n{shared}\n'


def test_the_projects_pages_type_no_number():
    found = []
    for path in templates.template_files(CHECKOUT.docs_dir):
        if templates._role(path.relative_to(CHECKOUT.docs_dir).as_posix()) != "code":
            found += typed_number_problems(templates.parse(path.read_text(encoding="utf-8")), path.name)
    assert found == []


@pytest.mark.parametrize("da,en,expected", [
    # red team 7, finding 2d: number words of the page's language, compounds too
    ("{{ fig('a') }} af {{ fig('b') }} svarede.", "Seventy-nine of ninety-eight municipalities responded.",
     [(4, "Seventy-nine", "en")]),
    ("Niogtres af otteoghalvfems kommuner svarede.", "{{ fig('a') }} responded.", [(2, "Niogtres", "da")]),
    ("fordelt på de seks politikområder", "by the {{ cardinal(areas | length) }} policy areas", [(2, "seks", "da")]),
    ("79 af 98 kommuner svarede.", "{{ fig('a') }}", [(2, "79", "da")]),
    ("Halvdelen af udgifterne.", "Half of the expenditure.", [(2, "Halvdelen", "da"), (4, "Half", "en")]),
    ("et hundrede kommuner", "a thousand initiatives", [(2, "et hundrede", "da"), (4, "a thousand", "en")]),
    ("to tredjedele", "two thirds", [(2, "to tredjedele", "da"), (4, "two thirds", "en")]),
    ("¾ af kommunerne", "٣ municipalities", [(2, "¾", "da"), (4, "٣", "en")]),
    # each edition in its own language: 'to' is a number in Danish only, 'Tre' in English is no number word
    ("står to gange", "went to Tre Kroner", [(2, "to", "da")]),
    # articles alone, multipliers alone (a unit), references, code and markup are no typed numbers
    ("én række pr. indsats, en kommune, et felt", "one row per initiative; no one; a municipality", []),
    ("i hele tusinde kroner", "in thousands of kroner, rounded to thousands", []),
    ("boks 2, bilag 1, tabel 1, felt 3 og 4, finansieringskilde 3", "box 2, annex 1, table 1, section 2, field 3", []),
    ("WCAG 2.1, SHA-256, COVID-19, FOLK1A, ±5 %", "`1250` for `DKK 1,250,000`", []),
    ('<div class="grid-2" tabindex="0" markdown>', "[link](https://example.org/v1/2021) <h1>x</h1> { #step-2 }", []),
    ("1. Vælg Data", "2. Find empty cells", []),
])
def test_a_number_typed_into_a_page_is_named_with_its_line(da, en, expected):
    assert read(page(da, en)) == [typed("docs/x.md", line, number, lang) for line, number, lang in expected]


def test_text_both_editions_show_is_read_in_each_language():
    """Outside the blocks per language: a Danish number word ('fem') and an English one ('eleven'), each once."""
    assert read(page("x", "y", "fem kommuner")) == [typed("docs/x.md", 6, "fem", "da")]
    assert read(page("x", "y", "eleven")) == [typed("docs/x.md", 6, "eleven", "en")]
    assert read(page("x", "y", "79")) == [typed("docs/x.md", 6, "79", "da")]  # one line, named once


def test_an_else_branch_is_read_in_the_languages_no_branch_names():
    source = '{% if lang.code == "da" %}\nx\n{% else %}\nSeventy-nine\n{% endif %}\n'
    assert read(source) == [typed("docs/x.md", 4, "Seventy-nine", "en")]


def test_what_a_reader_is_shown_of_a_tag_is_read():
    """An aria-label or a title is read out or shown; a tag split by expressions stays a tag."""
    source = page('<div aria-label="{{ x }}: Tre kommuner" tabindex="0">', '<abbr title="Eighty-one">x</abbr>')
    assert read(source) == [typed("docs/x.md", 2, "Tre", "da"), typed("docs/x.md", 4, "Eighty-one", "en")]


def test_a_data_label_is_read_since_the_stylesheet_shows_it():
    """Red team 16, finding 1: extra.css shows a table cell's data-label on a phone (`content: attr(data-label)`),
    and a stylesheet may show no attribute but href and these (validate/assets.py)."""
    source = page('<td data-label="Enogfirs af 98 kommuner">x</td>', '<td data-label="{{ h }}">x</td>',
                  '<td data-label="81 af 98 kommuner svarede">x</td>')
    assert read(source) == [typed("docs/x.md", 2, "Enogfirs", "da"), typed("docs/x.md", 6, "81", "da")]


def test_a_comment_ends_where_a_browser_ends_it():
    """Red team 10, finding 2: a browser ends a comment at '<!-->', '<!--->' and '--!>' (not only '-->'); the text
    after it is shown, and was read as part of the comment. A comment closed by '-->' is still no text."""
    source = page("<!--> Enogfirs kommuner svarede. -->", "<!-- x --!> Eighty-one responded -->",
                  "<!---> tre -->\n<!-- 79 af 98 -->\n<!---->")
    assert read(source) == [typed("docs/x.md", 2, "Enogfirs", "da"), typed("docs/x.md", 4, "Eighty-one", "en"),
                            typed("docs/x.md", 6, "tre", "da")]


def test_the_front_matter_is_read():
    source = '---\n{% if lang.code == "da" %}\ndescription: de seks områder\n{% endif %}\n---\n'
    assert read(source) == [typed("docs/x.md", 3, "seks", "da")]


@pytest.mark.parametrize("template,old,new,line,number,lang", [
    ("index.md", '{{ fig("municipalities_responding") }} of {{ fig("municipalities_invited") }} responded',
     "Seventy-nine of ninety-eight municipalities responded", None, "Seventy-nine", "en"),
    ("index.md", '{{ fig("municipalities_responding") }} af {{ fig("municipalities_invited") }} svarede',
     "79 af 98 kommuner svarede", None, "79", "da"),
    ("_macros/figures.html", "{% macro", "Fem kommuner\n{% macro", None, "Fem", "da"),  # a macro, shown in both
    ("_overrides/main.html", "{% block analytics %}", "Seventy-nine\n{% block analytics %}", None, "Seventy-nine", "en"),
])
def test_validate_names_the_template_and_line(docs, template, old, new, line, number, lang):
    path = docs / template
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = line or text[: text.index(old)].count("\n") + 1
    assert [str(p) for p in templates.problems(docs)] == [typed(f"docs/{template}", line, number, lang)]


def test_a_language_without_number_words_in_the_code_is_read_for_its_digits():
    """A new edition's language (a translations file) before core.text knows its number words: digits only, no crash."""
    from build_scripts.stages.validate.typed_numbers import first_typed as _typed

    assert (_typed("zwei Gemeinden, 79 Gemeinden", "de"), _typed("zwei Gemeinden", "de")) == ("79", None)


def test_an_attribute_lists_shown_values_are_read():
    """Red team 17, finding 4: a Markdown attribute list was blanked whole, so {: title="Alle 98 kommuner svarede" }
    put a typed number in a tooltip and a screen reader's words; its keys, ids and classes are still no text."""
    source = page('[kilden](kilder.md){: title="Alle 98 kommuner svarede" }', "Text.\n{: .grid-2 #a1 }",
                  '{: data-label=" (81 af 98 kommuner svarede)" }')
    assert read(source) == [typed("docs/x.md", 2, "98", "da"), typed("docs/x.md", 7, "81", "da")]


@pytest.mark.parametrize("tag,number", [('<ol start="81"><li>x</li></ol>', "81"), ('<li value="81">x</li>', "81"),
                                        ('<input type="submit" value="81 kommuner">', "81"),
                                        ('<option label="Enogfirs">x</option>', "Enogfirs"),
                                        ('<div role="meter" aria-valuenow="81">x</div>', "81"),
                                        ('<li aria-posinset="81" aria-setsize="98">x</li>', "81")])
def test_what_a_browser_draws_or_reads_out_of_an_element_is_read(tag, number):
    """A list's first number, an item's, field's or option's value and label, ARIA's values and positions."""
    assert read(page(tag, "x")) == [typed("docs/x.md", 2, number, "da")]


@pytest.mark.parametrize("source,number", [('Se [kilden](kilder.md "Alle 98 kommuner svarede").', "98"),
                                           ("Se [kilden](kilder.md 'Enogfirs').", "Enogfirs"),
                                           ('[x]: kilder.md "Alle 98"', "98")])
def test_a_links_title_is_read_and_its_address_is_not(source, number):
    """Red team 18, finding 4: the title became title="Alle 98 kommuner svarede"; the address stays unread."""
    assert read(page(source, "x")) == [typed("docs/x.md", 2, number, "da")]
    assert read(page("[a](https://x.dk/v1.2/81) og ![b](a81.png)", "x")) == []


@pytest.mark.parametrize("text,number", [
    ("B Se `<!--` Alle 98 kommuner svarede `-->` her.", "98"),  # two code spans, the text between them live
    ("E Svar: \\`Alle 98 kommuner svarede\\` her.", "98"),  # escaped backticks: no code span
    ("G Svar: &#xBD; af dem.", "½"),  # a character reference, as the browser shows it
    ("H Svar: &#56;&#48; kommuner.", "80"),
])
def test_what_markdown_and_html_show_as_text_is_read_as_text(text, number):
    """Red team 19, findings 2 and 3."""
    assert read(page(text, "x")) == [typed("docs/x.md", 2, number, "da")]


def test_a_list_number_is_one_only_where_a_list_can_start():
    """'81. kommuner svarede.' on a paragraph's second line is text; after a blank line or in a list, a number."""
    assert read(page("C Svar fra\n81. kommuner svarede.", "x")) == [typed("docs/x.md", 3, "81", "da")]
    assert read(page("Trin:\n\n1. Hent filen.\n2. Udfyld den.\n   Gem.\n3. Send den.", "x")) == []


def test_a_code_span_closes_only_on_a_run_of_its_own_length():
    """Red team 20, finding 4(c): `…`` is no code span to Python-Markdown, so its text is shown."""
    assert read(page("K Se `Alle 98 kommuner svarede`` her.", "x")) == [typed("docs/x.md", 2, "98", "da")]
    assert read(page("Se `boks 98` og ``a`b`` her.", "x")) == []


def test_in_raw_html_a_code_span_and_a_list_number_are_text():
    """Red team 20, finding 4: Markdown does not run in a raw-HTML block (without md_in_html's `markdown`), so
    `…` and '81.' there are shown as they are; in a block with `markdown` they are Markdown."""
    source = page("<div>\nJ Se `Alle 98 kommuner svarede` her.\n</div>", "x", "<div>\n\n81. kommuner svarede.\n</div>")
    assert read(source) == [typed("docs/x.md", 3, "98", "da"), typed("docs/x.md", 10, "81", "da")]
    assert read(page('<div markdown>\n\nSe `boks 98` her.\n\n1. Hent filen.\n</div>', "x")) == []


@pytest.mark.parametrize("text,number", [
    ("Qa Answer: eigh<b>ty-one</b> municipalities.", "eighty-one"),
    ("Qc Answer: eigh**ty**-one municipalities.", "eighty"),  # (a '*' before '-' still splits: 'eighty' is read)
    ("Qd Answer: eigh&shy;ty-one municipalities.", "eighty-one"),
    ("Qi Answer: eigh<!-- x -->ty-one municipalities.", "eighty-one"),
    ("Qb Answer: eigh<wbr>ty-one municipalities.", "eighty-one"),
])
def test_markup_inside_a_word_joins_its_letters_as_the_browser_draws_them(text, number):
    """Red team 21, finding 1: an inline tag, emphasis, a comment, <wbr> or a soft hyphen inside a word."""
    assert [p for p in read(page("x", text)) if "tallet" in p] == [typed("docs/x.md", 4, number, "en")]


@pytest.mark.parametrize("text", ["Rf Svar: &#x202E;80 af 98&#x202C; kommuner.", "Qf Svar: &rlm;alle kommuner.",
                                  "Qg Svar: alle&ZeroWidthSpace;kommuner.", "Qn Svar: alle kommuner&#x2028;svarede.",
                                  "Ql Svar: \u202ekommuner svarede ja\u202c her."])
def test_a_pages_text_holds_no_bidi_control_or_invisible_character(text):
    """Red team 21, finding 3: '&#x202E;80 af 98&#x202C;' drew '89 fa 08'; the floor's character rule now reads the
    pages' own text, character references decoded."""
    found = [p for p in typed_number_problems(templates.parse(page(text, "x")), "docs/x.md")
             if p.code == "char_refused"]
    assert [p.line for p in found] == [2]


@pytest.mark.parametrize("text,number", [
    ("Va Answer: eigh<x>ty</x>-one municipalities.", "eighty-one"),
    ("Ve Answer: eigh<tt>ty</tt>-one municipalities.", "eighty-one"),
    ("Vb Answer: eigh[ty](#)-one municipalities.", "eighty-one"),
    ("Vg Answer: eigh[ty][r]-one municipalities.", "eighty-one"),
    ("Vf Answer: eigh`ty`-one municipalities.", "eighty-one"),
    ('Vh Answer: the [report](# "all 98 answered") says so.', "98"),
])
def test_every_element_drawn_in_the_line_a_link_and_a_code_span_join_the_word(text, number):
    """Red team 22, finding 3: an element the reading did not know, a Markdown link or a code span inside a word was
    read as a space; the browser draws 'eighty-one'. A code span standing alone is a command or a name, no text."""
    assert [p for p in read(page("x", text)) if "tallet" in p] == [typed("docs/x.md", 4, number, "en")]
    assert [p for p in read(page("x", "Run `make 8` and `python3.11`, or [x](#a-1).")) if "tallet" in p] == []


@pytest.mark.parametrize("code,char", [('{{ "\\u202e" }}', "U+202E RIGHT-TO-LEFT OVERRIDE"),
                                       ('{{ x | default("\\u200b") }}', "U+200B ZERO WIDTH SPACE"),
                                       ('{{ "\u05c0" }}', "U+05C0 HEBREW PUNCTUATION PASEQ")])
def test_a_text_the_templates_code_writes_holds_no_bidi_control_or_invisible_character(code, char):
    """Red team 22, finding 1: a string's escape is the character: '{{ "\\u202e" }}80 af 98' drew '89 fa 08'."""
    found = [p for p in typed_number_problems(templates.parse(page("Svar: " + code + " kommuner.", "x")), "docs/x.md")
             if p.code == "char_refused"]
    assert [(p.line, dict(p.params)["char"]) for p in found] == [(2, char)]


def test_a_pages_text_holds_no_right_to_left_character():
    """Red team 22, finding 2: 'Kommuner ׀ 80 / 98 svarede' drew '98 / 80', with no control character at all."""
    source = page("Wb Kommuner \u05c0 {{ a }} / {{ b }} svarede.", "x")
    found = [str(p) for p in typed_number_problems(templates.parse(source), "docs/x.md") if p.code == "char_refused"]
    assert found == [
        "docs/x.md: linje 2: Teksten 'Wb Kommuner \u05c0   /   svarede.' indeholder U+05C0 HEBREW PUNCTUATION PASEQ, et "
        "tegn, der skrives fra højre mod venstre og vender den rækkefølge, tallene ved siden af det vises i. Sitet er på "
        "dansk og engelsk: skriv teksten med latinske bogstaver. | line 2: The text 'Wb Kommuner \u05c0   /   svarede.' "
        "holds U+05C0 HEBREW PUNCTUATION PASEQ, a right-to-left character, which turns the order the figures beside it "
        "are drawn in. The site is in Danish and English: write the text in Latin letters."]
