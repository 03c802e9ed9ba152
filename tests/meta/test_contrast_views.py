"""Two premises of the browser tests' views, held to the site's stylesheets.

- axe's colour contrast runs in two views only (test_browser.CONTRAST_VIEWS: each scheme at one width, each width
  in one scheme). That holds only while a width changes no colour: no rule inside a width query sets a text,
  background, border or fill colour.
- A page without a chart is visited in those two views only (test_browser.SCHEME_SAMPLES). That holds only while
  the colour scheme changes no layout: a rule for the dark scheme sets colours, or which picture of a chart shows."""

import re

import pytest

from conftest import CHECKOUT

COLOUR_PROPERTIES = re.compile(
    r"(?:^|[;{\s])(color|background(?:-color|-image)?|border(?:-[a-z]+)*-color|fill|stroke|opacity|filter|"
    r"mix-blend-mode|-{2}[a-z0-9-]*(?:color|fg|bg)[a-z0-9-]*)\s*:", re.I)
WIDTH_QUERY = re.compile(r"@media[^{]*\b(?:min|max)-(?:device-)?width\b", re.I)


def width_blocks(css: str) -> list[tuple[int, str]]:
    """(line, text) of each @media block whose query names a width, braces matched, comments removed."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), css, flags=re.S)
    blocks = []
    for query in WIDTH_QUERY.finditer(css):
        start = css.index("{", query.end())
        depth, end = 0, start
        for end in range(start, len(css)):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
        blocks.append((css.count("\n", 0, query.start()) + 1, css[start:end + 1]))
    return blocks


@pytest.mark.parametrize("stylesheet", ["extra.css", "embed.css"])
def test_no_width_query_sets_a_colour(stylesheet):
    css = (CHECKOUT.docs_dir / "assets" / "stylesheets" / stylesheet).read_text(encoding="utf-8")
    found = [(line, match.group(1)) for line, block in width_blocks(css)
             for match in COLOUR_PROPERTIES.finditer(block)]
    assert found == [], f"{stylesheet}: a width query sets a colour (line of the query, property): {found}"


def test_the_reading_finds_a_colour_in_a_width_query():
    """The check above can fail: a colour set inside a width query, however nested, is found."""
    css = "a { color: red }\n@media screen and (max-width: 30em) {\n  .x { margin: 0 }\n  @supports (x) { .y {" \
          " background-color: #000 } }\n}\n@media print { .z { color: blue } }\n"
    assert [(line, m.group(1)) for line, block in width_blocks(css) for m in COLOUR_PROPERTIES.finditer(block)] == [
        (2, "background-color")]


# What a rule for one colour scheme may set: colours, and the display of a chart's light or dark picture.
PICTURE = re.compile(r"\.chart__picture--(?:light|dark)\b")


def scheme_settings(css: str) -> list[tuple[str, str]]:
    """(selector, property) of each declaration of a rule for a colour scheme that is neither a colour nor a chart
    picture's display."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for rule in re.finditer(r"([^{}]*\[data-md-color-scheme[^{]*)\{([^}]*)\}", css):
        selector, body = rule.group(1).strip(), rule.group(2)
        for declaration in filter(None, (d.strip() for d in body.split(";"))):
            name = declaration.split(":", 1)[0].strip().lower()
            colour = COLOUR_PROPERTIES.match(" " + name + ":")
            if not colour and not (name == "display" and PICTURE.search(selector)):
                found.append((selector, name))
    return found


@pytest.mark.parametrize("stylesheet", ["extra.css", "embed.css"])
def test_a_colour_scheme_changes_only_colours_and_the_chart_picture(stylesheet):
    css = (CHECKOUT.docs_dir / "assets" / "stylesheets" / stylesheet).read_text(encoding="utf-8")
    if stylesheet == "extra.css":  # the site's scheme is the theme's switch, not a media query (the embeds': both)
        assert "prefers-color-scheme" not in css
    assert scheme_settings(css) == []


def test_the_reading_finds_a_layout_set_for_a_scheme():
    css = ('[data-md-color-scheme="slate"] .x { color: #fff; --md-accent-fg-color: red; margin: 0 }\n'
           '[data-md-color-scheme="slate"] .md-typeset .chart__picture--dark { display: block; }\n'
           '[data-md-color-scheme="slate"] .table { display: none }\n')
    assert scheme_settings(css) == [('[data-md-color-scheme="slate"] .x', "margin"),
                                    ('[data-md-color-scheme="slate"] .table', "display")]
