"""What a page template writes that the reader's browser would fetch from another host (red team 9, finding 3b;
validate/remote.py): the review's <link rel="dns-prefetch">, Markdown image, ping=, <video src/poster> and
<svg><image href> in docs/om-siden.md passed validate (and the build). Each is one line naming the template and its
line. No build: templates.problems on a copy of docs/."""

import shutil

import pytest

from build_scripts.stages.validate import templates
from conftest import CHECKOUT


@pytest.fixture
def docs(tmp_path):
    shutil.copytree(CHECKOUT.docs_dir, tmp_path / "docs")
    return tmp_path / "docs"


def found(docs):
    return [str(p) for p in templates.problems(docs)]


def append(docs, template, text) -> int:
    """Append `text` to the template; the line its first line is on."""
    path = docs / template
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def remote(where, line, what_da, what_en, address):
    return (f"{where}: linje {line}: {what_da} er '{address}', en adresse på en anden vært. Sitet henter intet fra "
            "andre værter: læserens browser ville kontakte værten (sidens sikkerhedspolitik (CSP) blokerer det meste "
            "og efterlader et hul, men fx ikke et DNS-opslag). Læg filen i docs/ og skriv dens sti, eller link til "
            f"adressen med <a href>. | line {line}: {what_en} is '{address}', an address on another host. The site "
            "loads nothing from other hosts: the reader's browser would contact that host (the page's security "
            "policy (CSP) blocks most of it and leaves a hole, but not a DNS lookup, say). Put the file in docs/ and "
            "write its path, or link to the address with <a href>.")


def attribute(where, line, name, tag, address):
    return remote(where, line, f"{name} på <{tag}>", f"{name} on <{tag}>", address)


def image(where, line, address):
    return remote(where, line, "Markdown-billedets adresse", "The Markdown image's address", address)


def link_element(where, line, shown):
    return (f"{where}: linje {line}: Et <link>-element ('{shown}') i en side: temaet skriver sidens <link>-elementer i "
            "<head> (docs/_overrides/main.html), og et <link> i siden kan hente fra en anden vært (fx "
            "rel=\"dns-prefetch\", som sidens sikkerhedspolitik ikke stopper). Slet det. | line "
            f"{line}: A <link> element ('{shown}') in a page: the theme writes the page's <link> elements in its <head> "
            "(docs/_overrides/main.html), and a <link> in the page can fetch from another host (rel=\"dns-prefetch\", "
            "say, which the page's security policy does not stop). Delete it.")


REVIEW = ('<link rel="dns-prefetch" href="//dns.evil.example">\n'
          "![pix](https://img.evil.example/y.png)\n"
          '<a href="https://evil.example" ping="https://ping.evil.example/p">click</a>\n'
          '<video src="https://vid.evil.example/v.mp4" poster="https://poster.evil.example/p.png"></video>\n'
          '<svg><image href="https://svg.evil.example/i.png"/></svg>\n')


def test_the_projects_templates_write_no_address_on_another_host():
    assert templates.problems(CHECKOUT.docs_dir) == []


def test_the_reviews_page_is_named_line_by_line(docs):
    line, where = append(docs, "om-siden.md", "\n" + REVIEW) + 1, "docs/om-siden.md"
    assert found(docs) == [
        link_element(where, line, '<link rel="dns-prefetch" href="//dns.evil.example">'),
        image(where, line + 1, "https://img.evil.example/y.png"),
        attribute(where, line + 2, "ping", "a", "https://ping.evil.example/p"),
        attribute(where, line + 3, "src", "video", "https://vid.evil.example/v.mp4"),
        attribute(where, line + 3, "poster", "video", "https://poster.evil.example/p.png"),
        attribute(where, line + 4, "href", "image", "https://svg.evil.example/i.png"),
    ]


@pytest.mark.parametrize("text,name,tag,address", [
    ('<img src="//cdn.evil.example/a.png">', "src", "img", "//cdn.evil.example/a.png"),
    ('<IMG SRC="HTTPS://cdn.evil.example/a.png">', "src", "img", "HTTPS://cdn.evil.example/a.png"),
    ('<img src="&#x68;ttps://cdn.evil.example/a.png">', "src", "img", "https://cdn.evil.example/a.png"),
    ('<img srcset="a.png 1x, https://cdn.evil.example/b.png 2x">', "srcset", "img", "https://cdn.evil.example/b.png"),
    ('<img src="https://{{ lang.code }}.evil.example/a.png">', "src", "img", "https://….evil.example/a.png"),
    ('<object data="https://evil.example/x.swf"></object>', "data", "object", "https://evil.example/x.swf"),
    ('<form action="https://evil.example/f"></form>', "action", "form", "https://evil.example/f"),
    ('<button formaction="//evil.example/f">x</button>', "formaction", "button", "//evil.example/f"),
    ('<table background="https://evil.example/b.png"></table>', "background", "table", "https://evil.example/b.png"),
    ('<svg><use xlink:href="https://evil.example/s.svg#i"/></svg>', "xlink:href", "use", "https://evil.example/s.svg#i"),
    ('<p style="background: url(//evil.example/b.png)">x</p>', "style", "p", "//evil.example/b.png"),
    ("<style>@import 'https://evil.example/a.css';</style>", "url", "style", "https://evil.example/a.css"),
    ('<img src="https://kommunale-integrationsindsatser.github.io/a.png">', "src", "img",  # absolute: a path instead
     "https://kommunale-integrationsindsatser.github.io/a.png"),
])
def test_an_attribute_the_browser_fetches_with_an_address_on_another_host_is_named(docs, text, name, tag, address):
    line = append(docs, "metode.md", "\n" + text + "\n") + 1
    assert found(docs) == [attribute("docs/metode.md", line, name, tag, address)]


@pytest.mark.parametrize("text,address", [
    ("![x](//img.evil.example/y.png)", "//img.evil.example/y.png"),
    ('![x]( <https://img.evil.example/y.png> "title")', "https://img.evil.example/y.png"),
    ("![a [b] c](http://img.evil.example/y.png)", "http://img.evil.example/y.png"),
])
def test_a_markdown_image_on_another_host_is_named(docs, text, address):
    line = append(docs, "metode.md", "\n" + text + "\n") + 1
    assert found(docs) == [image("docs/metode.md", line, address)]


def test_an_image_reference_on_another_host_is_named_at_its_definition(docs):
    line = append(docs, "metode.md", "\n![Pix][Logo]\n\n[logo]: https://img.evil.example/y.png\n") + 3
    assert found(docs) == [remote("docs/metode.md", line, "Adressen i referencen [logo], som et Markdown-billede "
                                  "bruger,", "The address of the reference [logo], which a Markdown image uses,",
                                  "https://img.evil.example/y.png")]


def test_a_link_element_in_a_macro_is_named_and_the_theme_may_write_its_own(docs):
    line = append(docs, "_macros/chart.html", '\n<link rel="preconnect" href="/x">\n') + 1
    append(docs, "_overrides/main.html", '\n<link rel="stylesheet" href="assets/x.css">\n')
    assert found(docs) == [link_element("docs/_macros/chart.html", line, '<link rel="preconnect" href="/x">')]


def test_the_theme_may_not_write_a_link_to_another_host(docs):
    line = append(docs, "_overrides/main.html", '\n<link rel="stylesheet" href="https://evil.example/x.css">\n') + 1
    assert found(docs) == [attribute("docs/_overrides/main.html", line, "href", "link", "https://evil.example/x.css")]


def test_links_paths_and_computed_addresses_pass(docs):
    """A link to another site (<a href>, a Markdown link, an autolink), a path, a data: image (the site stage's to
    name), an address a template expression computes (the site stage reads the built page), and a Markdown link
    written like an image's reference."""
    append(docs, "metode.md", '\n<a href="https://example.org/">x</a> [x](https://example.org/) <https://example.org/>\n'
                              '<img src="../assets/x.png" srcset="a.png 2x"> ![x](charts/a.png) <img src="{{ url }}">\n'
                              '{% set src = "https://example.org/x.png" %}[logo]\n\n[logo]: https://example.org/\n')
    assert found(docs) == []
