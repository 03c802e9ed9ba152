"""The browser tests run axe's colour contrast in two views only (test_browser.CONTRAST_VIEWS: each scheme at one
width, each width in one scheme). That holds only while a width changes no colour: no rule inside a width query of
the site's stylesheets sets a text, background, border or fill colour. This test holds the stylesheets to it."""

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
