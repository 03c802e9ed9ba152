"""What a page template writes that the reader's browser would fetch from another host (red team 9, finding 3b;
validate/remote.py): the review's <link rel="dns-prefetch">, Markdown image, ping=, <video src/poster> and
<svg><image href> in docs/om-siden.md passed validate (and the build). Each is one line naming the template and its
line. No build: templates.problems on a copy of docs/."""


import pytest

from build_scripts.stages.validate import templates
from conftest import CHECKOUT


def found(docs):
    """validate's problems with docs/'s templates and stylesheets; not that a stylesheet these tests edit is no longer
    the one the code pins (assets.STYLESHEETS), nor that a page writes an inline <svg>, a style, hidden text or an
    element, attribute or class outside the pages' lists or an HTML comment (page_inline_svg, page_inline_style,
    page_hidden_text, page_element_not_allowed, page_attribute_not_allowed, page_class_not_allowed,
    page_html_comment), which other tests test on their own (test_site_assets.py,
    test_page_templates.py)."""
    return [str(p) for p in templates.problems(docs)
            if p.code not in ("stylesheet_changed", "stylesheet_not_pinned", "page_inline_svg", "page_inline_style",
                              "page_hidden_text", "page_element_not_allowed", "page_attribute_not_allowed",
                              "page_class_not_allowed", "page_html_comment")]


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


# --- red team 10, finding 2: HTML that html.parser reads otherwise than a browser ------------------------------------
# '<!-->', '<!--->' and '--!>' end a comment in a browser, not for html.parser: what such a "comment" held passed
# validate (and the build) and was live in the page, a typed number too.

def misread(where, line, shown):
    return (f"{where}: linje {line}: '{shown}' er HTML, som en browser læser anderledes end validate og byggeriets "
            "kontrol (en kommentar, der slutter ved <!-->, <!---> eller --!>, rummer <!-- eller aldrig lukkes; "
            "<![CDATA[ uden for <svg> og <math> eller med et > indeni; <?; <noscript>; i <svg> eller <math> et </svg> "
            "eller </math>, der ikke lukker det inderste af dem, et element, som HTML læser som tekst (<style>, "
            "<script>, <title>, <textarea> …), eller et, hvor HTML begynder igen (<desc>, <foreignObject>, <mi>, "
            "<mtext> …)): det, den ser ud til at skjule, kunne stå levende på siden uden at være kontrolleret. Skriv "
            f"en kommentar som <!-- … --> og intet af resten. | line {line}: '{shown}' is HTML that a browser reads "
            "otherwise than validate and the build's check do (a comment that ends at <!-->, <!---> or --!>, holds "
            "<!-- or is never closed; <![CDATA[ outside <svg> and <math> or with a > inside; <?; <noscript>; in <svg> "
            "or <math>, a </svg> or </math> that does not close the innermost of them, an element HTML reads as text "
            "(<style>, <script>, <title>, <textarea> …) or one where HTML begins again (<desc>, <foreignObject>, "
            "<mi>, <mtext> …)): what it seems to hide could be live in the page, unchecked. Write a comment as "
            "<!-- … --> and none of the rest.")


def test_the_reports_comments_are_named_line_by_line_and_the_number_they_hid_too(docs):
    where = "docs/om-siden.md"
    line = append(docs, "om-siden.md", '\n<!--> <meta http-equiv="refresh" content="5; url=https://evil.example/"> -->'
                                       '\n\n<!---> <link rel="dns-prefetch" href="//dns.evil.example"> -->\n\n'
                                       '<!--> Enogfirs kommuner svarede. <img src="https://img.evil.example/y.png"> -->'
                                       '\n') + 1
    assert found(docs) == [
        f"{where}: linje {line + 4}: Sidens egen tekst skriver tallet 'Enogfirs' (sproget da), men et tal på en side "
        "skal komme fra datapakken. Skriv det med en værdi fra data (fx fig, statement_value eller cardinal), eller "
        "skriv teksten uden tallet; kun henvisninger som boks 1, felt 3, WCAG 2.1 og FOLK1A må stå i teksten. | line "
        f"{line + 4}: " + templates_number_en("Enogfirs", "da"),
        misread(where, line, '<!--> <meta http-equiv="refresh" content="5; url=https://evi…'),
        misread(where, line + 2, '<!---> <link rel="dns-prefetch" href="//dns.evil.example"> -…'),
        misread(where, line + 4, '<!--> Enogfirs kommuner svarede. <img src="https://img.evil.…'),
    ]


def templates_number_en(number, lang):
    from build_scripts.core.lang import get

    return get("en").problem("page_number_typed", number=number, lang=lang)


@pytest.mark.parametrize("text,shown", [
    ("<!-- a --!> b -->", "<!-- a --!> b -->"),
    ("<!-- a <!-- b -->", "<!-- a <!-- b -->"),
    ("<![CDATA[ x ]]>", "<![CDATA[ x ]]>"),
    ("<?php echo $x ?>", "<?php echo $x ?>"),
    ("<noscript>x</noscript>", "<noscript>x</noscript>"),
])
def test_markup_a_browser_reads_otherwise_is_named(docs, text, shown):
    line = append(docs, "metode.md", "\n" + text + "\n") + 1
    assert found(docs) == [misread("docs/metode.md", line, shown)]


def test_a_comment_left_open_is_named(docs):
    line = append(docs, "_macros/chart.html", "\n<!-- open\n") + 1
    assert found(docs) == [misread("docs/_macros/chart.html", line, "<!-- open")]


def test_svg_cdata_and_plain_comments_pass(docs):
    append(docs, "metode.md", "\n<svg><![CDATA[ a ]]></svg><!-- a -->\n<!---->\n")
    assert found(docs) == []


def test_a_page_writes_no_html_comment(docs):
    """Red team 26, finding 1: template code can write one end of a comment and not the other
    ('{% if x %}<!--{% endif %}80 af 98{% if x %}-->{% endif %}'): every rule read a comment, the site showed the text."""
    line = append(docs, "om-siden.md", "\nA {% if lang.code == 'x' %}<!--{% endif %}80 af 98.\n")
    assert [str(p) for p in templates.problems(docs) if p.code == "page_html_comment"] == [
        f"docs/om-siden.md: linje {line + 1}: Siden skriver en HTML-kommentar ('<!--'): skabelonkode kan skrive den ene "
        "ende og ikke den anden, så tekst, som alle regler læser som en kommentar, bliver vist. Skriv en kommentar som "
        f"{{# … #}}, som byggeriet aldrig skriver. | line {line + 1}: The page writes an HTML comment ('<!--'): template "
        "code can write one of its ends and not the other, so that text every rule reads as a comment is shown. Write "
        "a comment as {# … #}, which the build never writes."]



# --- red team 11, finding 2: foreign content (<svg>, <math>) ---------------------------------------------------------
# The scan left an <svg> at any </math> (a browser ignores it): the report's meta refresh, in a <style> the browser
# reads as markup there, passed validate as the style's text.

def test_the_reports_svg_is_named_and_the_refresh_it_hid_too(docs):
    where = "docs/om-siden.md"
    line = append(docs, "om-siden.md", '\n<svg></math><style><meta http-equiv="refresh" '
                                       'content="5; url=https://evil.example/"></style></svg>\n') + 1
    assert found(docs) == [
        misread(where, line, '</math><style><meta http-equiv="refresh" content="5; url=htt…'),
        misread(where, line, '<style><meta http-equiv="refresh" content="5; url=https://ev…'),
        meta_http_equiv(where, line, "refresh", '<meta http-equiv="refresh" content="5; url=https://evil.example/">'),
    ]


@pytest.mark.parametrize("text,shown", [
    ('<math></svg></math>', "</svg></math>"),
    ("<svg><svg></math></svg></svg>", "</math></svg></svg>"),
    ('<svg a=x/><style>p {}</style>', "<style>p {}</style>"),  # open: 'x/' is the value
    ("<svg><p><textarea><!--</textarea>--></textarea>", "<textarea><!--</textarea>--></textarea>"),
    ("<svg><script>x</script></svg>", "<script>x</script></svg>"),
    ("<svg><title>T</title></svg>", "<title>T</title></svg>"),
    ("<svg><foreignObject><div>x</div></foreignObject></svg>", "<foreignObject><div>x</div></foreignObject></svg>"),
    ("<math><mi>x</mi></math>", "<mi>x</mi></math>"),
])
def test_foreign_content_a_browser_reads_otherwise_is_named(docs, text, shown):
    line = append(docs, "metode.md", "\n" + text + "\n") + 1
    assert found(docs) == [misread("docs/metode.md", line, shown)]


def test_svg_that_reads_alike_passes(docs):
    append(docs, "_macros/chart.html", '\n<svg viewBox="0 0 24 24"><path d="M0"/></svg><svg><g><path d="M0"></svg>\n'
                                       "<svg><svg></svg></svg><svg/><style>p {}</style>\n")
    assert found(docs) == []

# --- red team 10, finding 6: <meta http-equiv>, referrer policies, SVG animation, stylesheets ------------------------

def meta_http_equiv(where, line, value, shown):
    return (f"{where}: linje {line}: Et <meta http-equiv=\"{value}\"> ('{shown}'): det sætter, hvad kun serverens "
            "headere og temaet må (refresh sender læseren videre uden et klik, x-dns-prefetch-control slår DNS-opslag "
            "af de værter, siden linker til, til). Temaet skriver kun sidens sikkerhedspolitik "
            f"(Content-Security-Policy, docs/_overrides/main.html). Slet det. | line {line}: A <meta "
            f"http-equiv=\"{value}\"> ('{shown}'): it sets what only the server's headers and the theme may (refresh "
            "sends the reader elsewhere without a click, x-dns-prefetch-control turns on DNS lookups of the hosts the "
            "page links to). The theme writes only the page's security policy (Content-Security-Policy, "
            "docs/_overrides/main.html). Delete it.")


def referrer(where, line, attribute, tag, value, shown):
    return (f"{where}: linje {line}: {attribute} på <{tag}> ('{shown}') sætter referrer-politikken til '{value}', hvad "
            "temaet ikke gør: den afgør, hvad siden fortæller de sider, den linker til og henter fra (unsafe-url sender "
            f"hele dens adresse). Slet det. | line {line}: {attribute} on <{tag}> ('{shown}') sets the referrer policy "
            f"to '{value}', which the theme does not: it decides what the page tells the sites it links to and loads "
            "from (unsafe-url sends its full address). Delete it.")


def test_the_reports_meta_elements_and_animation_are_named(docs):
    where = "docs/om-siden.md"
    line = append(docs, "om-siden.md", '\n<meta http-equiv="x-dns-prefetch-control" content="on">\n'
                                       '<meta name="referrer" content="unsafe-url">\n'
                                       '<a href="https://leak.evil.example/">kilde</a>\n'
                                       '<svg><image><set attributeName="href" to="https://smil.evil.example/i.png"/>'
                                       '</image></svg>\n') + 1
    assert found(docs) == [
        meta_http_equiv(where, line, "x-dns-prefetch-control",
                        '<meta http-equiv="x-dns-prefetch-control" content="on">'),
        referrer(where, line + 1, "content", 'meta name="referrer"', "unsafe-url",
                 '<meta name="referrer" content="unsafe-url">'),
        attribute(where, line + 3, "to", "set", "https://smil.evil.example/i.png"),
    ]


@pytest.mark.parametrize("text,problem", [
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">',
     lambda w, n: meta_http_equiv(w, n, "refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">')),
    ('<img src="a.png" referrerpolicy="unsafe-url">',
     lambda w, n: referrer(w, n, "referrerpolicy", "img", "unsafe-url", '<img src="a.png" referrerpolicy="unsafe-url">')),
    ('<svg><animate attributeName="xlink:href" values="a.png;//evil.example/b.png"/></svg>',
     lambda w, n: attribute(w, n, "values", "animate", "//evil.example/b.png")),
])
def test_what_only_the_theme_may_set_is_named(docs, text, problem):
    line = append(docs, "metode.md", "\n" + text + "\n") + 1
    assert found(docs) == [problem("docs/metode.md", line)]


def stylesheet(where, line, address):
    return (f"{where}: linje {line}: Stylesheetet beder om '{address}' (url(…), @import eller image-set), en adresse på "
            "en anden vært. Sitet henter intet fra andre værter: læserens browser ville kontakte værten (sidens "
            "sikkerhedspolitik (CSP) blokerer det, og en stil mangler, uden at nogen får det at vide). Læg filen i "
            f"docs/ og skriv dens sti. | line {line}: The stylesheet asks for '{address}' (url(…), @import or "
            "image-set), an address on another host. The site loads nothing from other hosts: the reader's browser "
            "would contact that host (the page's security policy (CSP) blocks it, and a style goes missing that "
            "nobody is told of). Put the file in docs/ and write its path.")


def test_the_reports_stylesheet_is_named_line_by_line(docs):
    where = "docs/assets/stylesheets/extra.css"
    line = append(docs, "assets/stylesheets/extra.css", '\n@import url("https://css.evil.example/x.css");\n'
                                                        "body{background:url(https://bg.evil.example/b.png)}\n") + 1
    assert found(docs) == [stylesheet(where, line, "https://css.evil.example/x.css"),
                           stylesheet(where, line + 1, "https://bg.evil.example/b.png")]
    assert [p.title for p in templates.problems(docs)] == ["Script eller stylesheet ikke fastlåst i koden"] + [
        "Stylesheetadresse på en anden vært"] * 2


def test_a_stylesheet_anywhere_in_docs_is_read_and_a_path_passes(docs):
    (docs / "x.css").write_text("a{background:url(b.png)}\n@import '//evil.example/a.css';\n", encoding="utf-8")
    assert found(docs) == [stylesheet("docs/x.css", 2, "//evil.example/a.css")]


@pytest.mark.parametrize("markup,shown", [
    ("<script>document.body.innerHTML = ''</script>", "<script>"),
    ('<a href="javascript:void(0)">x</a>', '<a href="javascript:void(0)">'),
    ('<span onmouseover="x()">x</span>', '<span onmouseover="x()">'),
])
def test_a_theme_override_writes_no_script_of_its_own(docs, markup, shown):
    """An override's inline script ran on every page: the site stage allowed the inline scripts of every theme
    template, overrides included, and hashed them into the policy. Only Material's own may run."""
    line = append(docs, "_overrides/main.html", "{% block footer %}" + markup + "{% endblock %}\n")
    assert [str(p) for p in templates.problems(docs) if p.code == "theme_script"] == [
        f"docs/_overrides/main.html: linje {line}: En temaskabelon skriver sit eget script ('{shown}'): det ville køre "
        "på hver side og kunne ændre hvert tal, læseren ser. Kun temaets egne scripts og sitets fastlåste filer kører; "
        f"fjern det. | line {line}: A theme override writes a script of its own ('{shown}'): it would run on every "
        "page and could change every figure a reader is shown. Only the theme's own scripts and the site's pinned "
        "files run; remove it."]


def test_the_site_stage_allows_only_the_inline_scripts_of_materials_own_templates():
    from build_scripts.stages.site import stage as site

    assert site.material_templates().name == "templates" and site.material_templates().parent.name == "material"
    assert site.theme_scripts(CHECKOUT)  # Material's own: the palette, the consent, …
