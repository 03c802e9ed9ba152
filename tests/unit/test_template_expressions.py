"""Numbers written inside a page template's expressions, and arithmetic on the data (red team 10, finding 3):
validate reads every constant that reaches the page as it reads the page's own text, and refuses arithmetic with a
value from the data (validate/expressions.py).

Before: typed_numbers.py read only the text outside `{{ }}`/`{% %}`, so `{{ "81" }}`, `{{ cardinal(81) }}`,
`{{ num(81) }}`, `{{ kf.municipalities_responding.value + 1 }}`, `{{ "enogfirs" }}` and `{{ "%d"|format(81) }}`
all published 81 where the data say 80, and validate was clean.
"""


import pytest
from test_page_templates import undefined

from build_scripts.stages.validate import templates
from build_scripts.stages.validate.expressions import expression_problems
from conftest import CHECKOUT


def typed(where, line, number, lang):
    return (f"{where}: linje {line}: Et udtryk i skabelonen skriver selv tallet '{number}' (sproget {lang}) som en "
            "konstant, men et tal på en side skal komme fra datapakken. Læs det fra data (fx fig(\"…\"), "
            "statement_value(\"…\") eller cardinal(areas | length)) i stedet for at skrive det i udtrykket eller give "
            f"det til en hjælper som num eller cardinal. | line {line}: An expression of the template writes the "
            f"number '{number}' (language {lang}) itself, as a constant, but a number on a page must come from the "
            "data package. Read it from the data (e.g. fig(\"…\"), statement_value(\"…\") or cardinal(areas | "
            "length)) instead of writing it in the expression or passing it to a helper such as num or cardinal.")


def arithmetic(where, line, operator):
    return (f"{where}: linje {line}: Skabelonen regner med en værdi fra data ('{operator}'), men en side viser "
            "datapakkens tal, som de står, og et tal regnet ud af dem hører til i derive-trinnet "
            "(build_scripts/stages/derive/), der dokumenterer, hvordan det er regnet. Vis tallet selv, eller læg det "
            f"afledte tal dér. | line {line}: The template computes with a value from the data ('{operator}'), but a "
            "page shows the data package's figures as they stand, and a figure computed from them belongs in the "
            "derive stage (build_scripts/stages/derive/), which documents how it is computed. Show the figure itself, "
            "or add the derived figure there.")


def read(source: str, computed: bool = False) -> list[str]:
    """The problems of a page template's expressions; with `computed`, also page_constant_computed, which the probes
    of the other rules (`"%d" | format(81)`, `40 + 41`) meet too (red team 19, finding 1: tested on its own)."""
    return [str(p) for p in expression_problems(templates.parse(source), "docs/x.md")
            if computed or p.code != "page_constant_computed"]


def test_the_reports_repro_is_refused_by_validate(docs):
    """The line of the report, appended to om-siden.md: one line per problem, with the template and the line."""
    page = docs / "om-siden.md"
    line = len(page.read_bytes().split(b"\n"))
    page.write_text(page.read_text(encoding="utf-8") + 'A: {{ "81" }} kommuner svarede. B: {{ cardinal(81) }} C: '
                    '{{ num(81) }} D: {{ kf.municipalities_responding.value + 1 }} E: {{ "enogfirs" }} F: '
                    '{{ "%d"|format(81) }}\n', encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code != "page_constant_computed"] == [typed("docs/om-siden.md", line, "81", "da"),
                                                          arithmetic("docs/om-siden.md", line, "+")]


@pytest.mark.parametrize("source,number", [
    ('{{ "81" }}', "81"),
    ("{{ cardinal(81) }}", "81"),
    ("{{ num(81) }}", "81"),
    ('{{ "enogfirs" }}', "enogfirs"),
    ('{{ "%d"|format(81) }}', "81"),
    ('{{ "{}".format(81) }}', "81"),
    ('{{ "%d" % 81 }}', "81"),
    ("{{ 40 + 41 }}", "40"),
    ("{{ -81 }}", "81"),
    ('{{ x | default("81") }}', "81"),
    ('{{ x | replace("a", "81") }}', "81"),
    ('{{ x.get("k", 81) }}', "81"),
    ('{{ {"a": "81"}.a }}', "81"),
    ("{{ x if y else 81 }}", "81"),
    ("{{ x or 81 }}", "81"),
    ('{{ card(row, "key_figures", "x", "81 kommuner") }}', "81"),  # a card's label is shown
    ("{% set t %}a{% endset %}{{ t | replace(\"a\", \"81\") }}", "81"),  # (a filtered block: page_block_filter)
    # through a name: set, with, a loop, a namespace, a macro's default, a list the template appends to
    ("{% set n = 81 %}{{ n }}", "81"),
    ("{% set n = 81 %}{% set m = n %}{{ m }}", "81"),
    ("{% with a = 81 %}{{ a }}{% endwith %}", "81"),
    ("{% for i in [81] %}{{ i }} {% endfor %}", "81"),
    ('{% for i in range(81) %}{{ loop.cycle("a", "b") }} {% endfor %}', "81"),
    ("{% set ns = namespace(x=81) %}{{ ns.x }}", "81"),
    ("{% set ns = namespace() %}{% set ns.x = 81 %}{{ ns.x }}", "81"),
    ("{% macro f(n=81) %}{{ n }}{% endmacro %}", "81"),
    ('{% set xs = [] %}{% set _ = xs.append("81") %}{{ xs | join(", ") }}', "81"),
    ('{% set u = kf.x.update %}{% set _ = u({"value": 81}) %}', "81"),  # a method under another name
    # a macro of the template's own is no helper: its arguments are shown
    ("{% macro num(a, b) %}{{ b }}{% endmacro %}{{ num(x, 81) }}", "81"),
])
def test_a_number_in_an_expression_that_reaches_the_page_is_refused(source, number):
    assert read(source) == [typed("docs/x.md", 1, number, "da")]


def test_each_constant_is_read_in_the_language_of_the_edition_that_shows_it():
    """'to' is two in Danish only; 'eleven' in English only; outside the blocks in each language, once a line."""
    source = ('{% if lang.code == "da" %}\n{{ "to" }}\n{% elif lang.code == "en" %}\n{{ "to" }}{{ "eleven" }}\n'
              '{% endif %}\n{{ "fem" ~ "eleven" }}\n')
    assert read(source) == [typed("docs/x.md", 2, "to", "da"), typed("docs/x.md", 4, "eleven", "en"),
                            typed("docs/x.md", 6, "fem", "da")]


@pytest.mark.parametrize("source", [
    # keys, indices, slices, comparisons, tests, loop bounds, what is counted
    '{{ st["rapport-2022"].title }} {{ x[0] }} {{ x[-2] }} {{ total.price_level[:4] }}',
    '{% if x == "81" or x is divisibleby 3 %}y{% endif %}{{ "a" if x > 81 else "b" }}',
    "{% for i in range(3) %}x{% endfor %}{% for r in rows if r.n > 5 %}{{ r.name }} {% endfor %}",
    '{{ "xxxxxxxxxx" | length }} {{ ["to", "tre"] | length }}',  # counted, with no digit
    # arguments that name a figure, a row, a table, a page, or set a format
    '{{ fig("kora_2010_estimate", "target_group") }}{{ term("as_in_table_1") }}{{ statement("x2") }}',
    '{{ card(row, "key_figures", "top_10") }}{{ marker("area_figures", "a-1") }}{{ chart("c1") }}',
    '{{ num(x, 1) }} {{ num(x, decimals.get(u, 0)) }} {{ amount(x, "kr", 2) }} {{ table_text(res, 5) }}',
    '{% set decimals = {"pct": 2} %}{{ num(x, decimals.get(u, 0)) }}',
    '{{ x | selectattr("n", "equalto", "tre") | list }} {{ x | tojson(indent=1) }} '
    '{{ x | map(attribute="a1") | join(", ") }}',
    '{% include "_macros/x2.html" %}{% import "_macros/y2.html" as m %}{{ m.f(x) }}',
    # a constant that names no number, a reference of a source ('boks 3', 'boks3')
    '{{ translated(x, "(", ")") }} {{ rows("boks3") }}{{ "boks 3" }}',
    # constants of a name nothing shows
    '{% set _ = anchored.append("81") %}{% if "81" in anchored %}x{% endif %}',
])
def test_what_names_or_selects_a_value_is_not_read(source):
    assert read(source) == []


@pytest.mark.parametrize("source,operator", [
    ("{{ kf.municipalities_responding.value + 1 }}", "+"),
    ("{{ num(kf.x.value - kf.y.value) }}", "-"),
    ("{{ kf.x.value * 2 }}", "*"),
    ("{{ num(x.bytes / 1000) }}", "/"),
    ("{{ x // 2 }}", "//"),
    ('{{ "%d" % x }}', "%"),
    ("{{ -x }}", "-"),
    ("{{ c.columns[loop.index0 + 1] }}", "+"),  # whatever it is for
])
def test_arithmetic_on_the_data_is_refused(source, operator):
    assert read(source) == [arithmetic("docs/x.md", 1, operator)]


def test_the_one_change_of_unit_the_pages_make_passes():
    """The submission standard's size limit in MB (indberetning.md); its object is still read."""
    assert read("{{ num(site.submission.resources[0].maxBytes / 1000000) }}") == []
    assert read('{{ num({"maxBytes": 81000000}.maxBytes / 1000000) }}') == [typed("docs/x.md", 1, "81000000", "da")]


def test_the_projects_templates_pass():
    found = []
    for path in templates.template_files(CHECKOUT.docs_dir):
        if templates._role(path.relative_to(CHECKOUT.docs_dir).as_posix()) != "code":
            found += expression_problems(templates.parse(path.read_text(encoding="utf-8")), path.name,
                                         page=templates._role(path.relative_to(CHECKOUT.docs_dir).as_posix()) == "page")
    assert found == []


def test_the_theme_is_read_too(docs):
    page = docs / "_overrides" / "main.html"
    line = len(page.read_bytes().split(b"\n"))
    page.write_text(page.read_text(encoding="utf-8") + '{{ "81" }}\n', encoding="utf-8")
    assert [str(p) for p in templates.problems(docs)] == [typed("docs/_overrides/main.html", line, "81", "da")]


# --- a value from the data changed on its way to the page (red team 11, finding 3) ---------------------------------


def changed(where, line, operation):
    return (f"{where}: linje {line}: Skabelonen ændrer en værdi fra data med '{operation}', før siden viser den "
            "(lægger tal sammen, runder, vender, klipper eller bytter cifre, skriver to tal uden noget imellem), så "
            "siden kan vise et tal, datapakken ikke angiver. En værdi fra data skal nå siden, som den står, eller "
            "gennem en hjælper, der formaterer den (num, cardinal, fig, amount …), og et tal regnet ud af andre hører "
            "til i derive-trinnet (build_scripts/stages/derive/). Vis værdien selv, eller fjern "
            f"'{operation}' fra denne linje. | line {line}: The template changes a value from the data with "
            f"'{operation}' before the page shows it (adding figures up, rounding, reversing, cutting or replacing "
            "digits, writing two figures with nothing between them), so the page can show a figure the data package "
            "does not state. A value from the data must reach the page as it stands or through a helper that formats "
            "it (num, cardinal, fig, amount…), and a figure computed from others belongs in the derive stage "
            f"(build_scripts/stages/derive/). Show the value itself, or remove '{operation}' from this line.")


# Red team 11's lines: 80 of 98 municipalities responded, and the pages showed 160.0, 128, 89, 'otte', 80.09 and 89.
REPRO_11 = [
    ("A {{ [kf.municipalities_responding.value, kf.municipalities_responding.value] | sum }} kommuner svarede.",
     "| sum"),
    ("B {{ kf.municipalities_responding.value | int | string | int(base=16) }} kommuner svarede.", "| int"),
    ("C {{ kf.municipalities_invited.value | int | string | reverse | join }} kommuner svarede.", "| join"),
    ('D {{ cardinal(kf.municipalities_responding.value | int | string | replace("0", "") | int) }} kommuner '
     "svarede.", "| int"),
    ("E {{ kf.municipalities_responding.value }}{{ kf.population_coverage.value | int | string | first }} kommuner "
     "svarede.", "| first"),
    ("F {{ cardinal((kf.municipalities_invited.value | int | string)[::-1] | int) }} kommuner svarede.", "| int"),
]


def test_the_red_team_11_repro_is_refused_by_validate(docs):
    """The six lines of the report, appended to om-siden.md: one problem a line, naming the template, the line and
    the filter or operation."""
    page = docs / "om-siden.md"
    first = len(page.read_bytes().split(b"\n"))
    page.write_text(page.read_text(encoding="utf-8") + "".join(line + "\n" for line, _ in REPRO_11), encoding="utf-8")
    assert [str(p) for p in templates.problems(docs)] == [
        changed("docs/om-siden.md", first + number, operation) for number, (_, operation) in enumerate(REPRO_11)]


@pytest.mark.parametrize("source,operation", REPRO_11)
def test_each_line_of_the_repro_alone_is_refused(source, operation):
    assert read(source) == [changed("docs/x.md", 1, operation)]


@pytest.mark.parametrize("source,operation", [
    # two figures with nothing between them, however written
    ("{{ kf.a.value }}{{ kf.b.value }}", "}}{{"),
    ('{{ kf.a.value }}{{ "" }}{{ kf.b.value }}', "}}{{"),
    ("{{ kf.a.value }}{% if x %}{{ kf.b.value }}{% endif %}", "}}{{"),
    ("{% for r in regions %}{{ r.municipalities }}{% endfor %}", "}}{{"),
    ("{{ kf.a.value ~ kf.b.value }}", "~"),
    ('{{ kf.a.value ~ "" ~ kf.b.value }}', "~"),
    # filters that compute or rewrite
    ("{{ kf.a.value | round }}", "| round"),
    ("{{ [kf.a.value, kf.b.value] | max }}", "| max"),
    ("{{ kf.a.value | abs }}", "| abs"),
    ("{{ kf.a.value | int }}", "| int"),
    ('{{ "%s%s" | format(kf.a.value, kf.b.value) }}', "| format"),
    ("{{ kf.a.value_text | truncate(1) }}", "| truncate"),
    ('{{ kf.a.value_text | replace(".", "") }}', "| replace"),
    ('{{ kf.a.value_text | trim("0") }}', "| trim"),
    ('{{ regions | map("int") | join(", ") }}', "| map"),
    ("{{ [kf.a.value, kf.b.value] | join }}", "| join"),
    ('{{ [kf.a.value, kf.b.value] | join(".") }}', "| join"),
    # a figure's text cut into characters: a filter, an index, a slice, a split, a loop
    ("{{ kf.a.value_text | first }}", "| first"),
    ("{{ kf.a.value | string | length }}", "| length"),
    ('{{ kf.a.value | string | select | join(", ") }}', "| join"),
    ("{{ kf.a.value_text[0] }}", "[…]"),
    ("{{ num(kf.a.value)[0] }}", "[…]"),
    ("{{ kf.a.value_text[:1] }}", "[:1]"),
    ('{{ kf.a.value_text.split(".")[0] }}', "[…]"),
    ('{{ kf.a.value_text.split(".") }}', ".split"),
    ("{% set t = kf.a.value | string %}{{ t | first }}", "| first"),
    ("{% set t %}{{ kf.a.value }}{% endset %}{{ t[1] }}", "[…]"),
    ("{% for c in kf.a.value_text %}{{ c }}, {% endfor %}", "for … in"),
])
def test_a_value_from_the_data_changed_on_its_way_is_refused(source, operation):
    assert read(source) == [changed("docs/x.md", 1, operation)]


@pytest.mark.parametrize("source", [
    # the uses the pages need (see expressions.py's docstring), which cannot change a figure
    "{{ cardinal(kf.top_municipalities.value | int) }}",
    '{% set e = reconciliation | selectattr("check_id", "equalto", "x") | first %}{{ e.label }}',
    '{{ missing | join(", ") }}; {{ res.schema.primaryKey | join(", ") }}',
    '{{ res.name | replace("_", "-") }} {{ fmt_date(r.variant | replace("population_", "")) }}',
    "{{ total.price_level[:4] }}",
    '{{ dp["$schema"].split("/")[-2] }} {{ c.sizes.narrow[0] }} {{ sources["rapport-2022"].title }}',
    "{{ cardinal(areas | length) }} {{ records(\"x\") | length }}",
    '{{ amount(r.share, "pct") }}{{ marker("regions", r.region_code | string) }}',
    '{% for r in rows %}{{ r.x }}{% if not loop.last %}, {% endif %}{% endfor %}',
    "{{ step_dates(s).text }}{{ \"*\" if step_dates(s).computed else \"\" }}",
    '{% macro t(x, open="(") %}{{ open }}{{ x }}{% endmacro %}',
    "{% for text, own in location_parts(loc) %}{{ text }}{% endfor %}",
    "{{ x.title | lower }} {{ data | tojson }} {{ text | markdown }}",
])
def test_what_the_pages_need_passes(source):
    assert read(source) == []


def test_the_theme_may_show_its_settings_side_by_side():
    """The theme's templates get MkDocs's config and page, not the data: an edition's address and the page's."""
    source = '{{ (config.extra.editions | first).url }}{{ page.url }}'
    assert expression_problems(templates.parse(source), "docs/_overrides/main.html", page=False) == []
    assert read(source) == [changed("docs/x.md", 1, "| first")]


# --- red team 12, finding 3: a number under a count, a text unpacked, a loop's number, a number's attribute -------


def loop_number(where, line, counter):
    return (f"{where}: linje {line}: Skabelonen viser løkkens tal '{counter}' (loop.index, loop.length …): et tal, "
            "siden selv tæller, ikke et, datapakken angiver, og en test (if loop.index == 81) kan vælge "
            "ethvert. Vis et tal fra data (fx cardinal(areas | length)), eller brug løkkens tal kun som indeks eller i "
            f"en test, der ikke viser det. | line {line}: The template shows the loop's number '{counter}' "
            "(loop.index, loop.length …): a number the page counts itself, not one the data package states, and a "
            "test (if loop.index == 81) can pick any. Show a number from the data (e.g. cardinal(areas | "
            "length)), or use the loop's number only as an index or in a test that does not show it.")


# Red team 12's lines: 80 of 98 municipalities responded, and the pages showed 82, 8, 81, 'Svar: 8', 0.0 and 82.
REPRO_12 = [
    ("A {{ range(82) | length }} kommuner svarede.", lambda where, line: typed(where, line, "82", "da")),
    ("B {% set a, b = kf.municipalities_responding.value_text %}{{ a }} kommuner svarede.",
     lambda where, line: changed(where, line, "set a, b = …")),
    ('F {% for r in package.records("ref_municipalities") %}{% if loop.index == 81 %}{{ loop.index }} kommuner '
     "svarede.{% endif %}{% endfor %}", lambda where, line: loop_number(where, line, "loop.index")),
    ("G {% for a, b in [kf.municipalities_invited.value_text] %}Svar: {{ b }}{% endfor %} kommuner svarede.",
     lambda where, line: changed(where, line, "for a, b in …")),
    ("I {{ kf.municipalities_responding.value.imag }} kommuner svarede.",
     lambda where, line: changed(where, line, ".imag")),
    ('J {{ ("ab" * 41) | length }} kommuner svarede.', lambda where, line: typed(where, line, "41", "da")),
]


def test_the_red_team_12_repro_is_refused_by_validate(docs):
    """The six lines of the report, appended to om-siden.md with a blank line between them: one problem a line."""
    page = docs / "om-siden.md"
    first = len(page.read_bytes().split(b"\n"))
    page.write_text(page.read_text(encoding="utf-8") + "".join(line + "\n\n" for line, _ in REPRO_12),
                    encoding="utf-8")
    assert [str(p) for p in templates.problems(docs) if p.code != "page_constant_computed"] == [
        message("docs/om-siden.md", first + 2 * number) for number, (_, message) in enumerate(REPRO_12)] + [
        undefined("docs/om-siden.md", first, "range")]  # a page has no range (red team 13, finding 3)


@pytest.mark.parametrize("source,expected", [
    # (A) digits under a count, also through a name; a number the filter's operand computes
    ("{% set n = range(82) %}{{ n | length }}", typed("docs/x.md", 1, "82", "da")),
    ('{% set big = "ab" * 10 %}{{ big | length }}', typed("docs/x.md", 1, "10", "da")),
    ('{{ ["boks3", "x"] | count }}', typed("docs/x.md", 1, "boks3", "da")),  # a digit, even in a reference
    # (B) a text of the data unpacked into its characters
    ("{% with a, b = kf.x.value_text %}{{ a }}{% endwith %}", changed("docs/x.md", 1, "with a, b = …")),
    ("{% set a, b = num(kf.x.value) %}{{ b }}", changed("docs/x.md", 1, "set a, b = …")),
    ("{% for a, b in (kf.x.value | string, ) %}{{ a }}{% endfor %}", changed("docs/x.md", 1, "for a, b in …")),
    # (C) the loop's numbers, however shown
    ("{% for r in rows %}{% set i = loop.revindex %}, {{ i }}{% endfor %}",
     loop_number("docs/x.md", 1, "loop.revindex")),
    ('{% for r in rows %}{{ cardinal(loop["length"]) }} {% endfor %}', loop_number("docs/x.md", 1, "loop.length")),
    ("{% for r in rows %}{{ loop }}, {% endfor %}", loop_number("docs/x.md", 1, "loop")),
    # (D) a number's own attributes, as an attribute, a key or a filter's attribute name
    ("{{ kf.x.value.real }}", changed("docs/x.md", 1, ".real")),
    ('{{ kf.x.value["denominator"] }}', changed("docs/x.md", 1, '["denominator"]')),
    ('{{ kf.x.value | attr("numerator") }}', changed("docs/x.md", 1, "| attr")),
    ('{{ [kf.x] | map(attribute="value.imag") | join(", ") }}', changed("docs/x.md", 1, "| map")),
])
def test_a_number_the_data_do_not_state_is_refused(source, expected):
    assert read(source) == [expected]


@pytest.mark.parametrize("source", [
    # what the pages do: a pair set from two values, a mapping's items unpacked, a loop's number as an index
    '{% set title, description = local(example, "title"), local(example, "description") %}{{ title }}',
    "{% for key, row in st.items() %}{{ row.label }}, {% endfor %}",
    '{% for v in row %}<td data-label="{{ preview.columns[loop.index0] }}">{% if loop.first %}x{% endif %}'
    "</td>{% endfor %}",
    '{% for r in rows %}{{ loop.cycle("odd", "even") }} {% endfor %}',
])
def test_the_loops_and_pairs_the_pages_use_pass(source):
    assert read(source) == []


# --- red team 13, finding 3: a loop over range(…), a selection that compares with a constant -----------------------


def test_the_red_team_13_repro_is_refused_by_validate(docs):
    """The report's two lines (the pages showed 81 and 65 where the data say 80 responded): a page has no `range`,
    and a selection's count compares with no constant."""
    page = docs / "om-siden.md"
    first = len(page.read_bytes().split(b"\n"))
    page.write_text(page.read_text(encoding="utf-8") + (
        'C {% for i in range(package.records("ref_municipalities") | length) %}{% if i == 81 %}Svar: {{ i }} '
        "kommuner svarede.{% endif %}{% endfor %}\n\n"
        'D Svar: {{ package.records("ref_municipalities") | rejectattr("municipality_code", "gt", 600) | list | '
        "length }} kommuner svarede.\n"), encoding="utf-8")
    assert [str(p) for p in templates.problems(docs)] == [
        changed("docs/om-siden.md", first + 2, "| rejectattr"), undefined("docs/om-siden.md", first, "range")]


@pytest.mark.parametrize("name", ["range", "dict", "lipsum", "cycler", "joiner", "namespace"])
def test_a_page_has_none_of_jinjas_own_globals(name):
    """Each makes a number or a counter the page would count itself; the pages need none."""
    from build_scripts.stages.pages import stage as pages

    assert name not in pages.PAGE_GLOBALS
    assert templates.page_context()[0] == pages.PAGE_GLOBALS


@pytest.mark.parametrize("source,filter_name", [
    ('{{ rows | selectattr("code", "gt", 600) | list | length }}', "selectattr"),
    ('{{ rows | rejectattr("code", "lt", n) | list | length }}', "rejectattr"),
    ('{{ rows | map(attribute="code") | select("lt", 81) | list | length }}', "length"),  # (select: texty)
    ('{{ rows | selectattr("code", "equalto", 101) | list | length }}', "selectattr"),  # a written digit
    ('{{ rows | selectattr("code", "in", "abc") | list | length }}', "selectattr"),
    ('{{ rows | selectattr("code", "equalto", "1a") | list | length }}', "selectattr"),
    ('{{ rows | selectattr("code", test) | list | length }}', "selectattr"),  # a test's name not written
    ('{{ rows | reject("divisibleby", 3) | list | length }}', "length"),
])
def test_a_selection_that_compares_is_refused(source, filter_name):
    assert read(source) == [changed("docs/x.md", 1, f"| {filter_name}")]


@pytest.mark.parametrize("source", [
    '{{ reconciliation | selectattr("verdict", "equalto", "consistent") | list | length }}',
    '{{ reconciliation | selectattr("variant") | map(attribute="check_id") | unique | list | length }}',
    '{{ rows | selectattr("area_id", "equalto", area.area_id) | list | length }}',
    '{{ rows | rejectattr("kind", "ne", "total") | list | length }}',
])
def test_the_selections_the_pages_use_pass(source):
    assert read(source) == []


# --- red team 14, finding 2: digits in a filter's attribute path are an index ---------------------------------------


@pytest.mark.parametrize("source,filter_name", [
    ('{% for d in [kf.x] | map(attribute="value_text.0") %}{{ d }}{% endfor %}', "map"),
    ('{% for g in [kf.x] | groupby("value_text.1") %}{{ g.grouper }}{% endfor %}', "groupby"),
    ('{{ package.records("ref_municipalities") | selectattr("name.9", "defined") | list | length }}', "selectattr"),
    ('{{ [kf.x] | map(attribute="value_text.1") | join(", ") }}', "map"),
    ('{{ rows | rejectattr(path) | list | length }}', "rejectattr"),  # a path not written
    ('{% for r in rows | sort(attribute="name.0") %}{{ r.name }}, {% endfor %}', "sort"),
    ('{{ rows | join(", ", "name.\u0663") }}', "join"),  # an Arabic-Indic digit: Jinja reads it as 3 too
    ('{{ rows | sum(attribute="value.0") }}', "sum"),
])
def test_an_attribute_path_with_an_index_is_refused(source, filter_name):
    assert read(source) == [changed("docs/x.md", 1, f"| {filter_name}")]


@pytest.mark.parametrize("source", [
    '{{ rows | map(attribute="check_id") | join(", ") }}',
    '{{ rows | selectattr("gross_expenditure_1000_kr") | list | length }}',  # digits inside a key's name
    '{{ rows | groupby("region.code") | list | length }}',
])
def test_attribute_paths_of_keys_pass(source):
    assert read(source) == []


# --- red team 15, finding 2: arguments given with * or ** ----------------------------------------------------------


def unpacked(where, line, name):
    return (f"{where}: linje {line}: Skabelonen giver '{name}' sine argumenter med * eller **, men validate læser en "
            "hjælpers, et filters og en tests argumenter, som de står skrevet, så dens regler ikke ville se dem. Skriv "
            f"argumenterne ud, hvert for sig. | line {line}: The template gives '{name}' its arguments with * or **, "
            "but validate reads a helper's, a filter's and a test's arguments as they are written, so its rules would "
            "not see them. Write the arguments out, each on its own.")


@pytest.mark.parametrize("source,name", [
    # the report's: 23 and 65 kommuner, and a figure's text reversed through a filter map applies
    ('{{ package.records("ref_municipalities") | selectattr(*["name.9", "defined"]) | list | length }}',
     "selectattr"),
    ('{{ package.records("ref_municipalities") | rejectattr(*["municipality_code", "gt", 600]) | list | length }}',
     "rejectattr"),
    ('{{ [kf.x.value_text] | map(*["reverse"]) | map(*["join"]) | join(", ") }}', "map"),
    ('{{ rows | selectattr(**{"attribute": "x"}) | list | length }}', "selectattr"),
    ("{{ num(*args) }}", "num"),
    ("{{ x.get(**options) }}", "get"),
    ("{% if x is divisibleby(*[3]) %}y{% endif %}", "divisibleby"),
])
def test_arguments_given_with_a_star_are_refused(source, name):
    assert [p for p in read(source) if "* eller **" in p] == [unpacked("docs/x.md", 1, name)]


def test_the_theme_may_not_unpack_arguments_either():
    found = expression_problems(templates.parse('{{ config.extra | dictsort(*[true]) }}'), "docs/_overrides/main.html",
                                page=False)
    assert [str(p) for p in found] == [unpacked("docs/_overrides/main.html", 1, "dictsort")]


# --- red team 16, findings 2-4: a filtered block, indent's width, markup from a value ------------------------------


def block_filter(where, line, name):
    return (f"{where}: linje {line}: Skabelonen filtrerer en hel blok med '{name}' ({{% filter %}} eller {{% set … | "
            "… %}), men validate læser ikke blokkens indhold som én værdi, så filteret kunne vende, klippe eller sætte "
            f"tal sammen uset. Giv filteret værdien selv: {{{{ værdi | {name} }}}}. | line {line}: The template filters "
            f"a whole block with '{name}' ({{% filter %}} or {{% set … | … %}}), but validate does not read the block's "
            "content as one value, so the filter could reverse, cut or join figures unseen. Give the filter the value "
            f"itself: {{{{ value | {name} }}}}.")


def unescaped(where, line, what):
    return (f"{where}: linje {line}: Skabelonen skriver en værdi som markup ('{what}'), men alt, hvad en side viser, "
            "skal nå den som tekst: markup fra data kunne ændre, hvad læseren ser. Fjern "
            f"'{what}'. | line {line}: The template writes a value as markup ('{what}'), but everything a page shows "
            f"must reach it as text: markup from the data could change what the reader sees. Remove '{what}'.")


@pytest.mark.parametrize("source,name", [
    # the report's: 08, 08 and 8098 kommuner, and a build that stopped after validate (length of a text block)
    ("{% filter reverse %}{{ kf.x.value_text }}{% endfilter %}", "reverse"),
    ("{% set t | reverse %}{{ kf.x.value_text }}{% endset %}{{ t }}", "reverse"),
    ('{% filter replace(" ", "") %}{{ kf.x.value_text }} {{ kf.y.value_text }}{% endfilter %}', "replace"),
    ("{% filter length %}{{ kf.x.value_text }}{% endfilter %}", "length"),
    ("{% filter upper %}tekst{% endfilter %}", "upper"),  # none, whatever the filter
])
def test_a_filtered_block_is_refused(source, name):
    assert [p for p in read(source) if "hel blok" in p] == [block_filter("docs/x.md", 1, name)]


@pytest.mark.parametrize("source,expected", [
    ('{{ kf.x.value_text | indent("1", true) }}', [typed("docs/x.md", 1, "1", "da"), changed("docs/x.md", 1, "| indent")]),
    ("{{ kf.x.value_text | indent(kf.y.value_text, true) }}", [changed("docs/x.md", 1, "| indent")]),
    ('{{ kf.x.value | indent("-", first=true) }}', [changed("docs/x.md", 1, "| indent")]),
    ('{{ "tekst" | indent(width="9") }}', [typed("docs/x.md", 1, "9", "da")]),  # a width that is a text is shown
])
def test_indents_width_is_shown_and_indent_changes_a_value(source, expected):
    assert read(source) == expected


@pytest.mark.parametrize("source,what", [
    ("{{ kf.x.label_da | safe }}", "| safe"),
    ("{% autoescape false %}{{ kf.x.label_da }}{% endautoescape %}", "autoescape"),
    ("{% autoescape flag %}{{ kf.x.label_da }}{% endautoescape %}", "autoescape"),
])
def test_a_value_written_as_markup_is_refused(source, what):
    assert [p for p in read(source) if "markup" in p] == [unescaped("docs/x.md", 1, what)]


def test_autoescape_true_passes():
    assert read("{% autoescape true %}{{ kf.x.label_da }}{% endautoescape %}") == []


# --- a text column of the data taken apart (a limit of the earlier rounds: only *_text and *_quote were texts) ------


@pytest.mark.parametrize("source,operation", [
    ('{{ kf.x.label_da | list | join(" ") }}', "| join"),  # '80' shown as '8 0' (the outermost is named)
    ('{{ kf.x.label_da | sort | join(", ") }}', "| join"),
    ("{{ row.title | unique | list }}", "| list"),
    ('{{ row["label_en"][0] }}', "[…]"),
    ("{% for c in row.name_da %}{{ c }}, {% endfor %}", "for … in"),
])
def test_a_text_column_of_the_data_is_not_taken_apart(source, operation):
    assert read(source) == [changed("docs/x.md", 1, operation)]


def test_the_text_columns_are_the_packages_string_and_date_fields():
    from build_scripts.stages.validate.expressions import text_columns

    assert {"label_da", "label_en", "title", "source_quote", "value_text", "date"} <= text_columns()
    assert not {"value", "population", "municipality_code"} & text_columns()


# --- red team 19, finding 1: a value computed from constants alone -------------------------------------------------


def computed(where, line, what):
    return (f"{where}: linje {line}: Skabelonen regner en værdi ud af konstanter alene ('{what}'): hver konstant læses "
            "for sig, men det, der vises, er det, de bliver til sammen (\"eigh\" ~ \"ty-one\" viser 'eighty-one'). En "
            "side viser værdier fra data, eller tekst, der står skrevet ud; skriv teksten ud. | line "
            f"{line}: The template computes a value from constants alone ('{what}'): each constant is read on its own, "
            "but what is shown is what they make together (\"eigh\" ~ \"ty-one\" shows 'eighty-one'). A page shows "
            "values from the data, or text written out; write the text out.")


@pytest.mark.parametrize("source,what", [
    ('{{ "eigh" ~ "ty-one" }}', "~"), ('{{ ["eigh", "ty-one"] | join }}', "| join"),
    ('{{ "eno-ythgie" | reverse }}', "| reverse"), ('{{ "eighXY-one" | replace("XY", "ty") }}', "| replace"),
    ('{{ "%sty-one" | format("eigh") }}', "| format"), ('{{ "eno-ythgie"[::-1] }}', "[…]"),
    ('{{ "".join(["eigh", "ty-one"]) }}', "(…)"), ('{{ "xxxxxxxxx" | length }}', "| length"),
    ('{{ x or ("eigh" ~ "ty-one") }}', "~"), ('{{ "%s" % "eighty" }}', "%"),
])
def test_a_value_computed_from_constants_alone_is_refused(source, what):
    assert [p for p in read(source, computed=True) if "konstanter alene" in p] == [computed("docs/x.md", 1, what)]


def test_a_negative_index_is_no_computation():
    assert read('{{ dp["$schema"].split("/")[-2] }}', computed=True) == []


@pytest.mark.parametrize("source", [
    "{{ kf.a.value_text }}<b></b>{{ kf.b.value_text }}", "{{ kf.a.value_text }}<!-- af -->{{ kf.b.value_text }}",
    "{{ kf.a.value_text }}**{{ kf.b.value_text }}**", "{{ kf.a.value_text }}<wbr>{{ kf.b.value_text }}",
    "{{ kf.a.value_text }}<sup>{{ kf.b.value_text }}</sup>", "{{ kf.a.value_text }}&#x200B;{{ kf.b.value_text }}",
])
def test_markup_that_shows_nothing_is_no_separator(source):
    """Red team 21, finding 2: each showed '80' and '98' as '8098'."""
    assert read(source) == [changed("docs/x.md", 1, "}}{{")]


@pytest.mark.parametrize("source", [
    "{{ kf.a.value_text }}<x-y></x-y>{{ kf.b.value_text }}", "{{ kf.a.value_text }}<nobr></nobr>{{ kf.b.value_text }}",
    "{{ kf.a.value_text }}[](#){{ kf.b.value_text }}", '{{ kf.a.value_text }}<img alt="">{{ kf.b.value_text }}',
    '{{ kf.a.value_text }}{{ "**" }}{{ kf.b.value_text }}{{ "**" }}',
    '{{ kf.a.value_text }}{{ "<b></b>" }}{{ kf.b.value_text }}',
])
def test_any_element_drawn_in_the_line_and_a_written_text_that_shows_nothing_are_no_separator(source):
    """Red team 22, findings 1 and 3: each showed '8098'. An element is drawn inside the line unless it starts a block
    or a line, whether the reading knows its name or not; a written text is judged as the template's own."""
    assert read(source) == [changed("docs/x.md", 1, "}}{{")]


def test_a_block_tag_or_a_space_separates():
    assert read("<td>{{ kf.a.value_text }}</td><td>{{ kf.b.value_text }}</td>") == []
    assert read("{{ kf.a.value_text }} <b></b>{{ kf.b.value_text }}") == []
