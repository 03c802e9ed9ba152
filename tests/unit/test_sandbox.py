"""The one sandbox every template is rendered in (build_scripts/core/sandbox.py; red team 9, findings 1 and 5).

Before: a template could call any method of what it was given. The theme's `config.theme.get_env().from_string(…)`
rendered a template outside the sandbox (and from it, `os`); a page's `site.paths.x.joinpath(…).read_text()` read any
file and `site.units.to_csv(path)` wrote one; `"ab" * 10**7` and nested `range(100000)` loops held the build for as
long as they liked. Now each stops in one line naming the template, and validate names them first.
"""

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pandas as pd
import pytest
from mkdocs.exceptions import PluginError

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from build_scripts.core.sandbox import Sandbox
from build_scripts.stages.pages import stage as pages
from build_scripts.stages.site import theme_words
from build_scripts.stages.validate import templates
from conftest import CHECKOUT


def page_sandbox(template, error):
    return (f"{template} (da): skabelonen gør noget, som sandkassen, siderne bygges i, afviser ({error}): at nå Python "
            "eller filerne eller at lave en tekst eller en liste på mere end en million elementer. Fjern det fra "
            f"skabelonen. / {template} (da): the template does what the sandbox the pages are built in refuses "
            f"({error}): reach Python or the files, or make a text or a list of more than a million items. Remove it "
            "from the template.")


def unsafe_call(where, line, name):
    return (f"{where}: linje {line}: Skabelonen kalder eller nævner '{name}'. En skabelon må kun kalde de hjælpere, "
            "den får, sine makroer og nogle få metoder på tekster, lister og opslag (append, get, items, values, "
            "split …), og den må aldrig nævne en metode, der læser eller skriver filer eller gengiver en skabelon for "
            "sig selv (read_…, write_…, to_…, open, joinpath, get_env, from_string, get_template): det er en vej ud af "
            "sandkassen, som sider og tema bygges i. Brug en hjælper eller et filter i stedet, eller fjern det fra "
            f"denne linje. | line {line}: The template calls or names '{name}'. A template may call only the helpers "
            "it is given, its macros and a few methods of texts, lists and mappings (append, get, items, values, "
            "split…), and may never name a method that reads or writes files or renders a template of its own "
            "(read_…, write_…, to_…, open, joinpath, get_env, from_string, get_template): that is a way out of the "
            "sandbox the pages and the theme are built in. Use a helper or a filter instead, or remove it from this "
            "line.")


def render_page(tmp_path, text, time_limit=None, size_limit=None, **given):
    """A page template rendered as the pages stage renders it (pages.render), with `given` as globals besides, and
    the sandbox's own (bounded) range, lipsum, cycler, joiner and namespace: the pages have none of them (red team
    13, finding 3), the theme has, and these tests bound what they make."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "x.md").write_text(text, encoding="utf-8")
    env = pages.page_environment(Paths(tmp_path), main_language())
    env.globals.update(Sandbox().globals, **given)
    if time_limit is not None:
        env.time_limit = time_limit
    if size_limit is not None:
        env.size_limit = size_limit
    helpers = SimpleNamespace(start=lambda page: None, lang=main_language(), charts_on_page=[],
                              site=SimpleNamespace(paths=Paths(tmp_path)))
    return pages.render(env, helpers, "x.md", "x.md")


# --- finding 1: no method of what a template reaches, but plain values' and Jinja's own -----------------------------

def test_a_paths_read_text_stops_the_page_in_one_line(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, '{{ p.parent.joinpath("secret.txt").read_text() }}\n', p=tmp_path / "x")
    assert str(stopped.value) == page_sandbox("docs/x.md", "a template may not call the method joinpath of a PosixPath")
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, "{{ p.read_text() }}\n", p=secret)
    assert str(stopped.value) == page_sandbox("docs/x.md", "a template may not call the method read_text of a PosixPath")


def test_a_dataframes_to_csv_stops_the_page_and_writes_nothing(tmp_path):
    out = tmp_path / "pwned.csv"
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, '{% set _ = units.to_csv(out) %}\n', units=pd.DataFrame({"a": [1]}), out=str(out))
    assert str(stopped.value) == page_sandbox("docs/x.md", "a template may not call the method to_csv of a DataFrame")
    assert not out.exists()


def test_the_theme_cannot_render_outside_the_sandbox(tmp_path, monkeypatch):
    """MkDocs's Theme gives get_env(), a plain Environment: the theme's sandbox refuses the call, in one line naming
    the template and its line, which it also writes where the site stage reads it (STOP_FILE)."""
    from mkdocs.theme import Theme

    stop = tmp_path / "stop"
    monkeypatch.setenv(theme_words.STOP_FILE, str(stop))
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    payload = ('\n<p>{{ config.theme.get_env().from_string("{{ lipsum.__globals__.os.getcwd() }}").render() }}'
               '{% set _ = config.theme.get_env().from_string("x").stream().dump(out) %}</p>')
    with pytest.raises(PluginError) as stopped:
        theme.from_string(payload).render(config={"theme": Theme(name="mkdocs")}, out=str(tmp_path / "pwned"))
    error = "access to attribute 'get_env' of 'Theme' object is unsafe."  # a Theme is a mapping: it only reads
    assert str(stopped.value) == (
        f"<template>, linje 2: temaskabelonen gør noget, som sandkassen, temaet bygges i, afviser ({error}): at nå "
        "Python eller filerne eller at lave en tekst eller en liste på mere end en million elementer. Fjern det fra "
        f"skabelonen. / <template>, line 2: the theme template does what the sandbox the theme is built in refuses "
        f"({error}): reach Python or the files, or make a text or a list of more than a million items. Remove it from "
        "the template.")
    assert stop.read_text(encoding="utf-8") == str(stopped.value)
    assert not (tmp_path / "pwned").exists()


REPORT_10_ESCAPE = ('{% set hk = config.hooks.values()|list|first %}{% set run = ["echo pwned", "true"] %}'
                    '{% set srt = run.sort %}{% set _ = srt(key=hk.os.system) %}')


def test_the_theme_reaches_no_module_and_gives_no_method_a_callable(tmp_path, monkeypatch):
    """Red team 10, finding 1: MkDocs gives the theme its hook modules (config.hooks), and list.sort calls its key
    itself, out of the sandbox's sight: `run.sort(key=hk.os.system)` ran a shell command per page. A module's
    attributes are now out of reach, and no call may be given a callable the sandbox would not call."""
    monkeypatch.setenv(theme_words.STOP_FILE, str(tmp_path / "stop"))
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    with pytest.raises(PluginError) as stopped:
        theme.from_string(REPORT_10_ESCAPE).render(config={"hooks": {"theme_words": theme_words}})
    assert "(access to attribute 'os' of 'module' object is unsafe.)" in str(stopped.value)
    with pytest.raises(PluginError) as stopped:
        theme.from_string('{% set run = ["a"] %}{% set _ = run.sort(key=p.exists) %}').render(p=tmp_path)
    assert "(access to attribute 'sort' of 'list' object is unsafe.)" in str(stopped.value)  # the theme sorts nothing


def test_the_theme_changes_nothing_mkdocs_gave_it(tmp_path, monkeypatch):
    """Red team 11, finding 1: MkDocs renders config.extra_templates after the theme, as plain Jinja outside any
    sandbox, so `config.extra_templates.append("assets/stylesheets/extra.css")` in a theme template had a stylesheet
    holding `{{ lipsum.__globals__.os.popen(…) }}` run a shell command. The theme's sandbox calls no method that
    changes a list, dict or set."""
    monkeypatch.setenv(theme_words.STOP_FILE, str(tmp_path / "stop"))
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    config = {"extra_templates": [], "theme": {"features": ["a"]}}
    payload = '{% set xt = config.extra_templates.append("assets/stylesheets/extra.css") %}'
    with pytest.raises(PluginError) as stopped:
        theme.from_string(payload).render(config=config)
    assert "(access to attribute 'append' of 'list' object is unsafe.)" in str(stopped.value)
    assert config["extra_templates"] == []
    assert theme.from_string('{{ "a" in config.theme.features }}').render(config=config) == "True"


def test_the_theme_calls_only_the_reading_methods_of_a_list_dict_or_set(tmp_path, monkeypatch):
    """Red team 12, finding 2: Jinja's list of changing methods misses set.intersection_update, and emptying
    config.theme.static_templates while MkDocs iterated over it ended the build in a traceback."""
    monkeypatch.setenv(theme_words.STOP_FILE, str(tmp_path / "stop"))
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    config = {"theme": {"static_templates": {"404.html", "sitemap.xml"}}}
    with pytest.raises(PluginError) as stopped:
        theme.from_string('{% set _ = config.theme.static_templates.intersection_update(["404.html"]) %}').render(
            config=config)
    assert "(access to attribute 'intersection_update' of 'set' object is unsafe.)" in str(stopped.value)
    assert config["theme"]["static_templates"] == {"404.html", "sitemap.xml"}
    shown = '{{ config.theme.get("x", "-") }} {{ config.theme.static_templates | sort | join(",") }}'
    assert theme.from_string(shown).render(config=config) == "- 404.html,sitemap.xml"


def test_a_page_gives_no_method_a_callable(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, '{% set run = ["a"] %}{% set _ = run.sort(key=p.exists) %}\n', p=tmp_path)
    assert str(stopped.value) == page_sandbox(
        "docs/x.md", "a template may not give the method exists of a PosixPath to the method sort of a list")


def test_the_theme_keeps_the_sandboxs_range():
    """MkDocs's own globals hold Python's range; the theme's sandbox keeps its own, which refuses a huge one (as a
    SecurityError: one line, where Jinja's sandbox raised OverflowError, a traceback)."""
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    with pytest.raises(PluginError, match="range of more than 100000 items"):
        theme.from_string("{% for i in range(10**8) %}{% endfor %}").render()


def test_what_the_templates_call_is_still_allowed():
    """Plain values' methods, Jinja's own callables and the project's globals (and their methods)."""
    loader = jinja2.DictLoader({
        "base.html": "{% block b %}B{% endblock %}{% block c %}C{% endblock %}",
        "m.html": "{% macro mm(x) %}<{{ x }}{{ caller() if caller else '' }}>{% endmacro %}",
        "page.html": '{% extends "base.html" %}{% block b %}{{ super() }}{{ self.c() }}{% endblock %}'})
    env = Sandbox(loader=loader)
    env.globals.update(lang=main_language(), word=main_language().word)
    text = ('{{ "a b".split() }}{% set l = [] %}{% set _ = l.append({"k": 1}.get("k")) %}{{ l }}{{ range(2) | list }}'
            '{{ dict(a=1).items() | list }}{% set c = cycler(1, 2) %}{{ c.next() }}{% set j = joiner() %}{{ j() }}'
            '{% set ns = namespace(a=1) %}{{ ns.a }}{% for i in [1] %}{{ loop.cycle("x") }}{{ loop.changed(i) }}'
            '{% endfor %}{% import "m.html" as m %}{{ m.mm(1) }}{% call m.mm(2) %}C{% endcall %}'
            '{{ "{}".format(3) }}{{ "ab" * 2 }}{{ 2 ** 10 }}{{ lang.name("Danmarks Statistik") }}')
    assert env.from_string(text).render() == (
        "['a', 'b'][1][0, 1][('a', 1)]11xTrue<1><2C>3abab1024Danmarks Statistik")
    assert env.get_template("page.html").render() == "BCC"


def test_the_pages_package_gives_rows_and_no_path_or_dataframe(tmp_path):
    """`package` (the pages' global) reads a table's rows by name, and nothing a file could be reached through."""
    from build_scripts.core import package

    given = package.Package(CHECKOUT.datapackage_json)
    assert int(render_page(tmp_path, '{{ package.records("units") | length }}\n', package=given)) > 0
    for text in ("{{ package.package_json }}\n", '{{ package.table("units") }}\n', "{{ package._package_json }}\n"):
        with pytest.raises((BuildStopped, jinja2.UndefinedError)):
            render_page(tmp_path, text, package=given)


# --- finding 5: bounded work ------------------------------------------------------------------------------------------

def test_a_huge_repeated_text_stops_the_page_in_one_line(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, '{% set s = "ab" * 10**7 %}{{ s | length }}\n')
    assert str(stopped.value) == page_sandbox("docs/x.md", "'*' would make a str of 20000000 items, more than 1000000")
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, "{{ 10 ** 100 }}\n")
    assert str(stopped.value) == page_sandbox("docs/x.md", "'**' takes an exponent of at most 64 and a base of at most 2**64")


def test_nested_loops_stop_the_page_after_its_time_limit(tmp_path):
    started = time.monotonic()
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
                    time_limit=0.2)
    assert time.monotonic() - started < 5
    assert str(stopped.value) == (
        "docs/x.md (da): skabelonen var mere end 0.2 sekunder om at blive gengivet, sandkassens grænse for én side "
        "(løkker inden i løkker eller en løkke over for meget). Få den til at gøre mindre. / docs/x.md (da): the "
        "template took more than 0.2 seconds to render, the sandbox's limit for one page (loops inside loops, or a "
        "loop over too much). Make it do less work.")


def test_the_theme_stops_after_its_time_limit_too():
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    theme.time_limit = 0.2
    with pytest.raises(PluginError) as stopped:
        theme.from_string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}").render()
    assert str(stopped.value).startswith("<template>, linje 1: temaskabelonen var mere end 0.2 sekunder om at blive "
                                         "gengivet")


def test_the_time_limit_is_lifted_after_the_render(tmp_path):
    import signal

    assert render_page(tmp_path, "{{ 1 }}\n", time_limit=0.2) == "1\n"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.3)  # no alarm goes off later


# --- bounds 10: every way of making a long text or list, and the time limit in every thread -------------------------

MACRO_DOUBLING = '{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ f("x", 40) }}'
NS_DOUBLING = '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}'


@pytest.mark.parametrize("text,error", [
    # '~' doubling a text, through a recursive macro or a namespace's attribute in a loop
    (MACRO_DOUBLING, "'~' would make a str of 128 items, more than 100"),
    (NS_DOUBLING, "'~' would make a str of 128 items, more than 100"),
    # '+' on texts and lists
    ('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
     "'+' would make a str of 128 items, more than 100"),
    ("{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "'+' would make a list of 128 items, more than 100"),
    # the methods of texts with a width or a count, the number from the data
    ('{{ "x".ljust(n) }}', "the method ljust would make a str of 1000 items, more than 100"),
    ('{{ "x".rjust(n) }}', "the method rjust would make a str of 1000 items, more than 100"),
    ('{{ "x".center(n) }}', "the method center would make a str of 1000 items, more than 100"),
    ('{{ "x".zfill(n) }}', "the method zfill would make a str of 1000 items, more than 100"),
    ('{{ "a\tb".expandtabs(n) }}', "the method expandtabs would make a str of 1003 items, more than 100"),
    ('{{ ("x" * 60).replace("x", "yy") }}', "the method replace would make a str of 120 items, more than 100"),
    ('{{ "-".join(["x" * 60, "y" * 60]) }}', "the method join would make a str of 121 items, more than 100"),
    ('{{ "ab".translate({97: "x" * 60}) }}', "the method translate would make a str of 120 items, more than 100"),
    ("{% set l = [1] %}{% for i in range(20) %}{% set _ = l.extend(l) %}{% endfor %}",
     "the method extend would make a list of 128 items, more than 100"),
    ("{% set l = [] %}{% for i in range(200) %}{% set _ = l.append(i) %}{% endfor %}",
     "the method append would make a list of 101 items, more than 100"),
    # format with a width or a precision, written or from the values
    ('{{ "{:>999999999}".format("x") }}', "format takes a width or count of at most 100, not 999999999"),
    ('{{ "{:.{}f}".format(1.0, n) }}', "format takes a width or count of at most 100, not 1000"),
    ('{{ "{}{}".format("x" * 60, "y" * 60) }}', "format would make a str of 124 items, more than 100"),
    ('{{ "%999999999s"|format("x") }}', "the filter format takes a width or count of at most 100, not 999999999"),
    ('{{ "%*s"|format(n, "x") }}', "the filter format takes a width or count of at most 100, not 1000"),
    ('{{ "%.999f" % 1.0 }}', "'%' takes a width or count of at most 100, not 999"),
    ('{{ "%s%s" % ("x" * 60, "y" * 60) }}', "'%' would make a str of 124 items, more than 100"),
    # the filters' widths and counts
    ('{{ "x"|center(n) }}', "the filter center would make a str of 1000 items, more than 100"),
    ('{{ "a\nb"|indent(n) }}', "the filter indent would make a str of 2003 items, more than 100"),
    ('{{ "x"|wordwrap(n) }}', "the filter wordwrap takes a width or count of at most 100, not 1000"),
    ('{{ "x"|truncate(n) }}', "the filter truncate takes a width or count of at most 100, not 1000"),
    ("{{ [1]|batch(n, 0)|list }}", "the filter batch takes a width or count of at most 100, not 1000"),
    ("{{ [1]|tojson(indent=n) }}", "the filter tojson takes a width or count of at most 100, not 1000"),
    ('{{ ("x" * 60)|replace("x", "yy") }}', "the filter replace would make a str of 120 items, more than 100"),
    ("{{ [[1] * 60, [1] * 60]|sum(start=[]) }}", "the filter sum would make a list of 120 items, more than 100"),
    # a list of long texts, which '*' allows, written out or joined (the pages' own join filter)
    ('{{ ["x" * 60] * 2 }}', "writing out a list would make a str of 130 items, more than 100"),
    ('{{ (["x" * 60] * 2)|join }}', "the filter join would make a str of 120 items, more than 100"),
    ('{{ (["x" * 60] * 2)|string }}', "the filter string would make a str of 130 items, more than 100"),
    # whole numbers multiplied into a huge one
    ("{% set ns = namespace(n=99) %}{% for i in range(20) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
     "'*' would make a number of 129 digits, more than 100"),
    # what the template writes in all: at most ten times the limit
    ('{% for i in range(1000) %}{{ "x" * 99 }}{% endfor %}', "the template would write more than 1000 characters"),
])
def test_a_page_that_makes_a_text_or_list_over_the_limit_stops_in_one_line(tmp_path, text, error):
    """Before: each of these made a text or a list as long as it liked (a few steps to gigabytes); now each stops
    where it would pass the limit (here 100, as MAX_SIZE, 1,000,000, in the build)."""
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, text + "\n", size_limit=100, n=1000)
    assert str(stopped.value) == page_sandbox("docs/x.md", error)


BUDGET = "the template made more than 10000 items of texts and lists in all"
KEEP = ('{{% set s, t, a, b = "x" * 99, "x " * 50, [], [] %}}{{% for i in range(1000) %}}'
        '{{% set _ = (a if i is even else b).append({}) %}}{{% endfor %}}')


@pytest.mark.parametrize("text", [
    # texts each under the limit, kept in two lists (each under the limit too): a new text each time ('*', a
    # filter's, a slice, a method's)
    KEEP.format('"x" * 99'), KEEP.format('("x" * 99) | list'), KEEP.format("s[1:]"), KEEP.format("t.split()"),
    # what a macro writes, held in its buffer until it ends ({{ s }} escapes it into a new text each time)
    '{% set s = "x" * 99 %}{% macro m() %}{% for i in range(1000) %}{{ s }}{% endfor %}{% endmacro %}{% set _ = m() %}',
])
def test_a_render_may_make_at_most_a_hundred_times_the_limit_in_all(tmp_path, text):
    """Each text under the limit, but a thousand of them kept (a gigabyte at the real limit, or a hundred with a
    loop of 100,000): what one render makes is counted, and stops at MADE_FACTOR (100) times the limit."""
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, text + "\n", size_limit=100)
    assert str(stopped.value) == page_sandbox("docs/x.md", BUDGET)


def test_lipsum_is_bounded_before_it_writes(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, "{{ lipsum(n) }}\n", n=1000000000)
    assert str(stopped.value) == page_sandbox(
        "docs/x.md", "lipsum would make a str of 1600000000000 items, more than 1000000")


def test_a_literal_width_is_refused_when_the_template_is_compiled_too(tmp_path):
    """Jinja computes a filter of constants while it compiles the template: the bounded filter refuses it there
    (and Jinja leaves it to the render, which stops in one line) rather than making the text."""
    with pytest.raises(BuildStopped) as stopped:
        render_page(tmp_path, '{{ "x"|center(999999999) }}\n')
    assert str(stopped.value) == page_sandbox(
        "docs/x.md", "the filter center would make a str of 999999999 items, more than 1000000")


def test_what_stays_under_the_limit_is_made_as_before(tmp_path):
    text = ('{{ "x".ljust(5) }}|{{ "a" ~ "b" ~ 1 }}|{{ "%3s" % "x" }}|{{ "{:>3}".format("x") }}|{{ "x"|center(5) }}|'
            '{{ ["a", "b"]|join(",") }}|{{ ([1] + [2])|join(",") }}|{{ "ab"|replace("a", "c") }}|'
            '{{ (["x" * 40] * 2)|join(",") }}|{{ "x" * 100 }}\n')  # (a list itself is no text: pages.escape)
    assert render_page(tmp_path, text, size_limit=100) == (
        "x    |ab1|  x|  x|  x  |a,b|1,2|cb|" + "x" * 40 + "," + "x" * 40 + "|" + "x" * 100 + "\n")


def test_the_theme_stops_a_doubling_text_in_one_line():
    theme = theme_words.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    theme.size_limit = 100
    with pytest.raises(PluginError) as stopped:
        theme.from_string("\n" + NS_DOUBLING).render()
    error = "'~' would make a str of 128 items, more than 100"
    assert str(stopped.value) == (
        f"<template>, linje 2: temaskabelonen gør noget, som sandkassen, temaet bygges i, afviser ({error}): at nå "
        "Python eller filerne eller at lave en tekst eller en liste på mere end en million elementer. Fjern det fra "
        f"skabelonen. / <template>, line 2: the theme template does what the sandbox the theme is built in refuses "
        f"({error}): reach Python or the files, or make a text or a list of more than a million items. Remove it from "
        "the template.")


@pytest.mark.parametrize("text", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    # no loop: a macro that calls itself twice (2**40 calls)
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
])
def test_the_time_limit_holds_outside_the_main_thread(text):
    """SIGALRM reaches only the main thread; the loops' items and the calls check the deadline in every thread."""
    env = Sandbox(time_limit=0.2)
    started = time.monotonic()
    with pytest.raises(jinja2.exceptions.SecurityError, match=r"^rendering took longer than 0.2 s$"):
        in_a_thread(env.from_string(text).render)
    assert time.monotonic() - started < 5


def in_a_thread(func, *args):
    """func(*args) in another thread (as the charts stage renders), its error raised here; a daemon thread, so that
    a render that never stops fails the test after 10 s, not hangs it."""
    outcome = {}

    def run():
        try:
            outcome["value"] = func(*args)
        except BaseException as err:  # noqa: BLE001 (raised again in the test's thread)
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "the render is still running after 10 s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def export(tmp_path, monkeypatch, template):
    """The chart export (charts.export_svg) of a small chart, with `template` as docs/_templates/chart-export.svg,
    run in a thread as the charts stage runs it."""
    from build_scripts.stages.charts import stage as charts

    (tmp_path / "docs" / "_templates").mkdir(parents=True)
    (tmp_path / "docs" / "_templates" / "chart-export.svg").write_text(template, encoding="utf-8")
    monkeypatch.setattr(charts, "export_texts", lambda paths, chart: {"title": ["T"], "scope": ["S"], "footer": ["F"]})
    chart = SimpleNamespace(lang="da", title="T", alt="A")
    return in_a_thread(charts.export_svg, Paths(tmp_path), chart, '<svg width="10" height="10"></svg>')


def test_the_chart_export_stops_after_its_time_limit_in_its_thread(tmp_path, monkeypatch):
    from build_scripts.core import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    with pytest.raises(BuildStopped) as stopped:
        export(tmp_path, monkeypatch, "{% for i in range(100000) %}{% for j in lines %}{% endfor %}{% endfor %}"
                                      "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert str(stopped.value) == (
        "docs/_templates/chart-export.svg (da): skabelonen var mere end 0.2 sekunder om at blive gengivet, "
        "sandkassens grænse for én side (løkker inden i løkker eller en løkke over for meget). Få den til at gøre "
        "mindre. / docs/_templates/chart-export.svg (da): the template took more than 0.2 seconds to render, the "
        "sandbox's limit for one page (loops inside loops, or a loop over too much). Make it do less work.")


def test_the_chart_export_is_bounded_too(tmp_path, monkeypatch):
    from build_scripts.core import sandbox

    monkeypatch.setattr(sandbox, "MAX_SIZE", 100)
    with pytest.raises(BuildStopped) as stopped:
        export(tmp_path, monkeypatch, "{{ title.ljust(width * 100) }}")
    assert str(stopped.value) == page_sandbox(
        "docs/_templates/chart-export.svg", "the method ljust would make a str of 1000 items, more than 100")


def test_an_embed_template_the_sandbox_stops_stops_in_one_line(tmp_path, monkeypatch):
    """The embed pages' templates (embed.html, embed-resize.js) are rendered in the sandbox too; what it refuses there
    stopped the build with a traceback, and now in the pages' one line naming the template."""
    from build_scripts.core import sandbox

    monkeypatch.setattr(sandbox, "MAX_SIZE", 100)
    (tmp_path / "docs" / "_templates").mkdir(parents=True)
    (tmp_path / "docs" / "_templates" / "embed-resize.js").write_text("{{ origin.ljust(site | length * 100) }}\n")
    with pytest.raises(BuildStopped) as stopped:
        pages.embed_resize_script(Paths(tmp_path), "https://example.org/x/", "Site")
    assert str(stopped.value) == page_sandbox("docs/_templates/embed-resize.js",
                                              "the method ljust would make a str of 400 items, more than 100")


# --- validate names them first, with the template's line --------------------------------------------------------------

def append(path: Path, text: str) -> int:
    """Appends `text` as the template's last line; returns that line."""
    line = len(path.read_bytes().split(b"\n"))
    path.write_bytes(path.read_bytes() + text.encode() + b"\n")
    return line


def power(where, line):
    return (f"{where}: linje {line}: Skabelonen regner en potens ud med '**': siderne har ikke brug for nogen, og en "
            "stor en stopper byggemaskinen. Skriv selve tallet, eller fjern det fra denne linje. | line "
            f"{line}: The template computes a power with '**': the pages need none, and a large one stops the build's "
            "machine. Write the number itself, or remove it from this line.")


@pytest.mark.parametrize("template,payload,names", [
    # red team 9, finding 1 (b)
    ("om-siden.md", '{{ (site.paths.datapackage_json.parents|list|last).joinpath("etc", "hostname").read_text() }}',
     ["read_text", "joinpath"]),
    ("om-siden.md", '{% set _ = site.units.to_csv("/tmp/pwned.csv") %}', ["to_csv"]),
    # (a), in the theme's templates
    ("_overrides/main.html", '{{ config.theme.get_env().from_string("{{ x }}").render() }}',
     ["render", "from_string", "get_env"]),
    # a method outside the list, named in any form, or a call of what is no name
    ("_macros/figures.html", "{% macro x(rows) %}{{ rows.head() }}{% endmacro %}", ["head"]),
    ("om-siden.md", '{{ dp|attr("to_json") }}{{ dp["open"] }}{{ [dp]|map(attribute="write_text")|list }}',
     ["to_json", "open", "write_text"]),
    ("_templates/chart-export.svg", '{{ (lines|attr("pop"))() }}', ["(computed)"]),
    ("_templates/embed.html", "{{ c.get_template }}", ["get_template"]),
    # red team 11, finding 1: the theme changes what MkDocs gave it (rendered later, outside the sandbox)
    ("_overrides/main.html", '{% set xt = config.extra_templates.append("assets/stylesheets/extra.css") %}',
     ["append"]),
    # red team 10, finding 1: a method under a name of the template's own, given a callable through key=
    ("_overrides/main.html", REPORT_10_ESCAPE, ["key=", "srt", "hooks"]),
    ("om-siden.md", '{% for f in [dp.get] %}{{ f("x") }}{% endfor %}{% with g = dp.get %}{{ g("y") }}{% endwith %}',
     ["f", "g"]),
])
def test_validate_names_a_call_no_template_may_make(docs, template, payload, names):
    line = append(docs / template, payload)
    calls = [str(p) for p in templates.problems(docs) if p.code == "page_unsafe_call"]  # not what it shows (expressions)
    assert calls == [unsafe_call(f"docs/{template}", line, n) for n in names]


def test_validate_names_a_power(docs):
    line = append(docs / "om-siden.md", '{% set big = "ab" * 10**7 %}{% if big | length %}x{% endif %}')
    assert [str(p) for p in templates.problems(docs) if p.code != "page_constant_computed"] == [power("docs/om-siden.md", line),
                                                          too_large("docs/om-siden.md", line, "'*'", 20000000)]


def test_what_the_templates_call_passes_validate(docs):
    """The methods of the list, a macro of an imported template, a block of its own and Jinja's loop helpers; the
    real templates pass (test_page_templates.test_the_projects_templates_are_read_without_a_problem)."""
    append(docs / "om-siden.md", '{% import "_macros/lang.html" as l %}{% for k, v in st.items() %}'
                                 '{{ loop.cycle("a", "b") }} {{ v.get("x") }} {% endfor %} '
                                 '{{ package.records("units") | length }} {{ language.name("x") }}')
    assert templates.problems(docs) == []


def too_large(where, line, what, size, limit=1000000):
    return (f"{where}: linje {line}: Skabelonen beder {what} om {size} tegn eller elementer, mere end de {limit}, som "
            "sandkassen lader en skabelon lave: siderne har ikke brug for så meget, og sandkassen ville stoppe "
            f"byggeriet. Skriv et mindre tal, eller fjern det fra denne linje. | line {line}: The template asks {what} "
            f"for {size} characters or items, more than the {limit} the sandbox lets a template make: the pages need "
            "nothing that large, and the sandbox would stop the build. Write a smaller number, or remove it from this "
            "line.")


@pytest.mark.parametrize("template,payload,what,size", [
    ("om-siden.md", "{{ st | center(2000000) }}", "'|center'", 2000000),
    ("om-siden.md", "{{ st | indent(width=1000 * 2000) }}", "'|indent'", 2000000),
    ("_macros/figures.html", "{{ st | wordwrap(10 ** 7) }}", "'|wordwrap'", 10000000),
    ("_overrides/main.html", "{{ page.title | truncate(2000000) }}", "'|truncate'", 2000000),
    ("om-siden.md", "{{ st | batch(2000000) | list }}", "'|batch'", 2000000),
    ("_templates/chart-export.svg", "{{ lines | tojson(indent=2000000) }}", "'|tojson'", 2000000),
    ("om-siden.md", '{{ "%2000000s" % st }}', "'%'", 2000000),
    ("om-siden.md", '{{ "%.2000000f" | format(st) }}', "'|format'", 2000000),
    ("om-siden.md", '{{ "ab" * 600000 }}', "'*'", 1200000),
    ("om-siden.md", '{% for i in range(200000) %}{% endfor %}', "'range'", 200000),
])
def test_validate_names_a_written_number_over_the_sandboxs_limit(docs, template, payload, what, size):
    """What the sandbox would refuse while rendering, written in the template: validate names it first, with its line
    (for `**` it names the power too)."""
    line = append(docs / template, payload)
    found = [str(p) for p in templates.problems(docs) if p.kind == "template_size"]  # not the power, nor the number
    limit = 100000 if what == "'range'" else 1000000
    assert found == [too_large(f"docs/{template}", line, what, size, limit)]


def test_numbers_within_the_limit_or_from_the_data_pass_validate(docs):
    """The sandbox bounds a number from the data while rendering; a written one within the limit is fine."""
    append(docs / "om-siden.md", '{% set n = st | length %}{{ st | center(80) }}{{ "%5s" % st }}{{ "ab" * 500000 }}'
                                 '{{ st | indent(n) }}'
                                 '{% for i in range(100000) %}{% endfor %}{{ "%*s" % (n, st) }}')
    assert [p for p in templates.problems(docs) if p.kind == "template_size"] == []  # a page types no number, though
    # (page_number_in_expression, test_template_expressions.py), and computes none ('%' on st: page_arithmetic)


def test_validate_does_not_make_the_text_a_written_width_asks_for(docs, monkeypatch):
    """validate compiles the templates, and Jinja computes a filter of written values while it compiles: with Jinja's
    own environment, `"x" | center(999999999)` in _templates/chart-export.svg made a text of a gigabyte in validate
    itself. The sandbox's filters refuse it there too; here a stand-in for Jinja's center counts what it is asked."""
    asked = []
    monkeypatch.setitem(jinja2.defaults.DEFAULT_FILTERS, "center", lambda value, width=80: asked.append(width) or "")
    templates._compiler.cache_clear()
    templates._compile_errors.cache_clear()
    try:
        line = append(docs / "_templates/chart-export.svg", '{{ "x" | center(2000000) }}{{ "x" | center(5) }}')
        assert [str(p) for p in templates.problems(docs)] == [
            too_large("docs/_templates/chart-export.svg", line, "'|center'", 2000000)]
    finally:
        templates._compiler.cache_clear()
        templates._compile_errors.cache_clear()
    assert asked == [5]
