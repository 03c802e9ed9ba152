"""The site stage's Content-Security-Policy, on hand-written pages (no build): a page is parsed as HTML, so the
stop for scripts no theme template writes holds whatever the tags' case; only the site's own scripts are hashed
from their integrity attribute; a script from elsewhere and an embedding element stop the build, naming the page
(red team 3, finding 5)."""

import base64
import hashlib
import shutil
from pathlib import Path

import pytest

from build_scripts.stages.site import stage as site
from conftest import CHECKOUT

# A theme template's inline script (Material's base.html), as the built pages hold it.
THEME_SCRIPT = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')
OWN_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def page_with(tmp_path, body: str):
    page = tmp_path / "index.html"
    page.write_text('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
                    f'content="{site.CSP_PLACEHOLDER}">\n</head><body>{body}</body></html>', encoding="utf-8")
    return page


def stop(tmp_path, body: str) -> tuple:
    """The page's name as the message gives it (its path in the site, not in the build's temporary folder) and
    the message."""
    page = page_with(tmp_path, body)
    with pytest.raises(site.BuildFailed) as failed:
        site.finish_pages(CHECKOUT, tmp_path)
    return page.relative_to(tmp_path).as_posix(), str(failed.value)


def test_a_page_without_the_policy_placeholder_is_named(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    with pytest.raises(site.BuildFailed) as failed:
        site.finish_pages(CHECKOUT, tmp_path)
    assert str(failed.value) == (
        "en/index.html: pladsholderen for sikkerhedspolitikken (Content-Security-Policy) i docs/_overrides/main.html "
        "(eller docs/_templates/embed.html) mangler, eller står der flere gange. Den skal stå præcis én gang i sidens "
        "<head>. / en/index.html: the placeholder of the security policy (Content-Security-Policy) of "
        "docs/_overrides/main.html (or docs/_templates/embed.html) is missing, or there are several. It must be in the "
        "page's <head> exactly once.")


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.mark.parametrize("script", [
    "<SCRIPT>alert(1)</SCRIPT>",  # the pattern was case-sensitive: the build did not name the page
    "<Script Type='text/javascript'>alert(1)</sCrIpT>",
    '<script data-src="x.js">alert(1)</script>',  # 'src=' inside another attribute's name
    "<script/>alert(1)</script>",  # a browser ignores the '/': the script runs
    "<script>alert(1)",  # left open: it runs to the end of the page
])
def test_an_inline_script_in_any_case_stops_the_build(tmp_path, script):
    page, said = stop(tmp_path, script)
    assert said.startswith(f"{page}: et inline-script, som ingen af temaets skabeloner skriver: 'alert(1)")
    assert "Fjern det fra siden (eller fra de data, det kommer fra). / " in said


def test_a_script_from_another_origin_stops_the_build_and_its_hash_is_never_allowed(tmp_path):
    """Under CSP Level 3 a hash source also allows an external script whose integrity matches: copying the hash of
    <script src="https://…" integrity=…> widened the policy to a third-party script."""
    page, said = stop(tmp_path, f'<script src="https://evil.example/x.js" integrity="{OWN_HASH}" '
                                'crossorigin="anonymous"></script>')
    assert said == (
        f"{page}: et script fra en anden adresse end sitet selv ('https://evil.example/x.js'); sidens "
        "sikkerhedspolitik (CSP) tillader kun sitets egne scripts. Fjern det fra siden, eller læg scriptet på sitet. "
        f"/ {page}: a script from another address than the site itself ('https://evil.example/x.js'); the page's "
        "security policy (CSP) allows only the site's own scripts. Remove it from the page, or put the script on the "
        "site.")


@pytest.mark.parametrize("src", ["//evil.example/x.js", " HTTPS://evil.example/x.js", "/\\evil.example/x.js",
                                 "java\tscript:alert(1)"])
def test_every_way_of_writing_another_origin_is_another_origin(src):
    assert not site.same_origin(src)
    with pytest.raises(site.BuildFailed, match="a script from another address"):
        site.content_security_policy(CHECKOUT, f'<SCRIPT SRC="{src}" integrity="{OWN_HASH}"></SCRIPT>')


def test_the_sites_own_script_is_allowed_by_its_integrity_hash():
    """An embed page's embed-height.js: a relative address, its hash in the policy (and nothing after '?')."""
    policy = site.content_security_policy(CHECKOUT, f'<script>{THEME_SCRIPT}</script>'
                                                    f'<script src="../embed-height.js" integrity="{OWN_HASH}?x" defer>'
                                                    '</script><script type="application/ld+json">{"a": 1}</script>')
    hashes = " ".join(sorted([f"'{OWN_HASH}'", f"'{sha256(THEME_SCRIPT)}'"]))
    assert policy == (f"default-src 'self'; script-src 'self' {hashes}; "
                      "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
                      "object-src 'none'; base-uri 'self'; form-action 'self'")


@pytest.mark.parametrize("element,tag", [
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ('<IFRAME SRC="https://evil.example/"></IFRAME>', "iframe"),
    ('<object data="x.swf"></object>', "object"),
    ('<embed src="x.swf">', "embed"),
])
def test_an_embedding_element_stops_the_build(tmp_path, element, tag):
    page, said = stop(tmp_path, element)
    start = element.split(">")[0] + ">"
    assert said == (
        f"{page}: et <{tag}>-element ('{start}'); sidens sikkerhedspolitik (CSP) blokerer indlejrede sider og "
        "objekter, så siden ville vise et hul. Fjern det fra siden (eller fra de data, det kommer fra). / "
        f"{page}: an <{tag}> element ('{start}'); the page's security policy (CSP) blocks embedded pages and objects, "
        "so the page would show a hole. Remove it from the page (or from the data it comes from).")


def test_markup_shown_as_text_is_not_an_element(tmp_path):
    """The embed code a page shows for copying is text (&lt;iframe …&gt;), in an attribute or in a code block."""
    page = page_with(tmp_path, '<pre><code>&lt;iframe src="https://example.org/"&gt;&lt;/iframe&gt;'
                               '&lt;SCRIPT&gt;alert(1)&lt;/SCRIPT&gt;</code></pre>'
                               '<button data-copy="<iframe src=&quot;x&quot;></iframe>">x</button>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1
    assert "&lt;iframe" in page.read_text(encoding="utf-8")


# --- red team 5, finding 4: what a page may not hold at all -------------------------------------------------------
# '<meta http-equiv="refresh" content="0;url=https://evil.example/">' in a page sent every reader elsewhere at once
# (CSP does not govern it), and inline event handlers and javascript: links passed unnamed (the policy blocks them).


def test_a_meta_refresh_stops_the_build(tmp_path):
    tag = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    page, said = stop(tmp_path, tag)
    assert said == (
        f"{page}: et <meta http-equiv=\"refresh\"> ('{tag}'): det sender læseren til en anden adresse (eller "
        "genindlæser siden) uden et klik, og sidens sikkerhedspolitik (CSP) kan ikke stoppe det. Fjern det fra siden "
        f"(eller fra de data, det kommer fra). / {page}: a <meta http-equiv=\"refresh\"> ('{tag}'): it sends the "
        "reader to another address (or reloads the page) without a click, and the page's security policy (CSP) "
        "cannot stop it. Remove it from the page (or from the data it comes from).")


@pytest.mark.parametrize("tag", [
    "<META HTTP-EQUIV='Refresh' CONTENT='0;url=https://evil.example/'>",
    '<meta http-equiv=" refresh " content="5">',  # a reload, as well
    '<meta content="0;url=https://evil.example/" http-equiv=refresh />',
])
def test_a_meta_refresh_in_any_writing_stops_the_build(tmp_path, tag):
    page, said = stop(tmp_path, tag)
    assert said.startswith(f"{page}: et <meta http-equiv=\"refresh\"> (")


@pytest.mark.parametrize("element,attribute,tag", [
    ('<img src="x.png" onerror="alert(1)">', "onerror", "img"),
    ("<BODY ONLOAD='alert(1)'>", "onload", "body"),
    ('<svg onload="alert(1)"></svg>', "onload", "svg"),
    ('<a href="/" onClick="alert(1)">x</a>', "onclick", "a"),
])
def test_an_inline_event_handler_stops_the_build(tmp_path, element, attribute, tag):
    page, said = stop(tmp_path, element)
    shown = element.split(">")[0] + ">"
    assert said == (
        f"{page}: en inline-hændelseshåndtering, {attribute} på <{tag}> ('{shown}'), som ingen af temaets skabeloner "
        "skriver; sidens sikkerhedspolitik (CSP) blokerer den, så den ville intet gøre. Fjern den fra siden (eller fra "
        f"de data, den kommer fra). / {page}: an inline event handler, {attribute} on <{tag}> ('{shown}'), which none "
        "of the theme's templates writes; the page's security policy (CSP) blocks it, so it would do nothing. Remove "
        "it from the page (or from the data it comes from).")


@pytest.mark.parametrize("element,scheme,attribute,tag,shown", [
    ('<a href="javascript:alert(1)">x</a>', "javascript:", "href", "a", '<a href="javascript:alert(1)">'),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "javascript:", "href", "a", '<a href=" JaVaScRiPt:alert(1)">'),
    ('<a href="java&#9;script:alert(1)">x</a>', "javascript:", "href", "a",  # a tab in it is ignored
     '<a href="java&#9;script:alert(1)">'),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', "javascript:", "href", "a", '<a href="&#x6A;avascript:alert(1)">'),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript:", "href", "a", '<a href="vbscript:msgbox(1)">'),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:", "href", "a",
     '<a href="data:text/html,<script>alert(1)</script>">'),
    ('<img src="data:image/svg+xml,<svg/>">', "data:", "src", "img", '<img src="data:image/svg+xml,<svg/>">'),
    ('<form action="javascript:alert(1)"></form>', "javascript:", "action", "form",
     '<form action="javascript:alert(1)">'),
    ('<button formaction="javascript:alert(1)">x</button>', "javascript:", "formaction", "button",
     '<button formaction="javascript:alert(1)">'),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "javascript:", "xlink:href", "a",
     '<a xlink:href="javascript:alert(1)">'),
])
def test_an_address_that_runs_code_stops_the_build(tmp_path, element, scheme, attribute, tag, shown):
    page, said = stop(tmp_path, element)
    assert said == (
        f"{page}: en {scheme}-adresse i {attribute} på <{tag}> ('{shown}'), som ingen af temaets skabeloner skriver: "
        "den kører kode eller rummer et dokument i sig selv i stedet for at pege på et, og sidens sikkerhedspolitik "
        f"(CSP) eller browseren blokerer den. Link til en adresse (https: eller en sti på sitet) i stedet. / {page}: a "
        f"{scheme} address in {attribute} on <{tag}> ('{shown}'), which none of the theme's templates writes: it runs "
        "code or holds a document inline instead of pointing to one, and the page's security policy (CSP) or the "
        "browser blocks it. Link to an address (https: or a path on the site) instead.")


def test_what_the_theme_writes_and_what_only_looks_alike_passes(tmp_path):
    """Material's search share button (href="javascript:void(0)", with the feature search.share); a text or an
    attribute that only mentions them; a data- attribute; an address whose path holds 'javascript:'; a second
    security policy (it can only narrow the first; any other <meta http-equiv> is refused: red team 10, finding 6)."""
    assert ("href", "javascript:void(0)") in site.theme_attributes(CHECKOUT)
    page_with(tmp_path, '<a href="javascript:void(0)" class="md-search__icon md-icon" data-md-component="search-share">'
                        '</a><p>onclick="x" and &lt;meta http-equiv="refresh"&gt;</p><div data-onload="x" '
                        'title="javascript:alert(1)"></div><a href="/docs/javascript:x">x</a>'
                        '<meta http-equiv="Content-Security-Policy" content="img-src \'none\'">'
                        '<a href="https://example.org/">x</a>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1


# --- red team 9, finding 3: what a page makes the browser fetch from another host -----------------------------------
# A page's <img>, Markdown image, <video src/poster>, <svg><image href>, <link rel="dns-prefetch">, remote extra_css
# and ping= were published: the policy blocked most (a hole in the page, nobody told), not the DNS prefetch.

SITE = "https://kommunale-integrationsindsatser.github.io"


def foreign_line(page, attribute, tag, address, shown):
    return (f"{page}: {attribute} på <{tag}> ('{shown}') henter '{address}' fra en anden vært end sitet selv. Sitet "
            "henter intet fra andre værter: læserens browser ville kontakte værten (sidens sikkerhedspolitik (CSP) "
            "blokerer det meste og efterlader et hul på siden, men fx ikke et DNS-opslag). Læg filen på sitet og brug "
            "dens sti, eller link til adressen med <a href>. Fjern det fra siden (eller fra de data, det kommer fra). / "
            f"{page}: {attribute} on <{tag}> ('{shown}') loads '{address}' from another host than the site itself. "
            "The site loads nothing from other hosts: the reader's browser would contact that host (the page's "
            "security policy (CSP) blocks most of it and leaves a hole in the page, but not a DNS lookup, say). Put "
            "the file on the site and use its path, or link to the address with <a href>. Remove it from the page (or "
            "from the data it comes from).")


@pytest.mark.parametrize("element,attribute,tag,address", [
    # the report's repro, each as the built page has it
    ('<link rel="dns-prefetch" href="//dns.evil.example">', "href", "link", "//dns.evil.example"),
    ('<img alt="pix" src="https://img.evil.example/y.png" />', "src", "img", "https://img.evil.example/y.png"),
    ('<a href="https://evil.example" ping="https://ping.evil.example/p">', "ping", "a", "https://ping.evil.example/p"),
    ('<video src="https://vid.evil.example/v.mp4">', "src", "video", "https://vid.evil.example/v.mp4"),
    ('<video poster="https://poster.evil.example/p.png">', "poster", "video", "https://poster.evil.example/p.png"),
    ('<image href="https://svg.evil.example/i.png"/>', "href", "image", "https://svg.evil.example/i.png"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "href", "link", "https://evil.example/x.css"),
    # the others of the list
    ('<img srcset="a.png 1x, https://evil.example/b.png 2x">', "srcset", "img", "https://evil.example/b.png"),
    ('<link rel="preload" as="image" imagesrcset="//evil.example/a.png 2x">', "imagesrcset", "link",
     "//evil.example/a.png"),
    ('<form action="https://evil.example/f">', "action", "form", "https://evil.example/f"),
    ('<button formaction="//evil.example/f">', "formaction", "button", "//evil.example/f"),
    ('<td background="https://evil.example/b.png">', "background", "td", "https://evil.example/b.png"),
    ('<use xlink:href="https://evil.example/s.svg#i"/>', "xlink:href", "use", "https://evil.example/s.svg#i"),
    ('<feImage href="//evil.example/f.png"/>', "href", "feimage", "//evil.example/f.png"),
    ('<link rel="preconnect" href="https://cdn.evil.example">', "href", "link", "https://cdn.evil.example"),
    ('<link rel="modulepreload" href="http://kommunale-integrationsindsatser.github.io/m.js">', "href", "link",
     "http://kommunale-integrationsindsatser.github.io/m.js"),  # http: another origin than the site's own
    ('<img src="https://kommunale-integrationsindsatser.github.io@evil.example/x.png">', "src", "img",
     "https://kommunale-integrationsindsatser.github.io@evil.example/x.png"),
    ('<p style="background: u\\72l( \'https://evil.example/b.png\' )">', "style", "p", "https://evil.example/b.png"),
    ('<source srcset="/\\evil.example/a.png">', "srcset", "source", "/\\evil.example/a.png"),
])
def test_an_address_fetched_from_another_host_stops_the_build(tmp_path, element, attribute, tag, address):
    page, said = stop(tmp_path, element)
    assert said == foreign_line(page, attribute, tag, address, element)


@pytest.mark.parametrize("element,address", [
    ('<style>@import "//evil.example/a.css";</style>', "//evil.example/a.css"),
    ("<style>p { background: url(https://evil.example/b.png) }</style>", "https://evil.example/b.png"),
])
def test_an_address_in_a_style_element_stops_the_build(tmp_path, element, address):
    page, said = stop(tmp_path, element)
    assert said == foreign_line(page, "url", "style", address, "<style>")


def test_the_sites_own_addresses_and_links_to_other_sites_pass(tmp_path):
    """A path, the site's own https address (the theme's hreflang and canonical links) and <a href>
    to another site (a link the reader follows)."""
    page_with(tmp_path, f'<link rel="alternate" hreflang="en" href="{SITE}/en/"><link rel="icon" href="../x.png">'
                        f'<img src="{SITE.upper()}:443/a.png" srcset="a.png 1x, b.png 2x"><a href="https://example.org/"'
                        ' ping="/p">x</a><video poster="p.png" src="./v.mp4"></video><svg><image href="i.png"/>'
                        '<use href="#i"/></svg><p style="background: url(a.png)">x</p>'
                        '<style>p { background: url("/b.png") }</style>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1


def test_a_srcset_is_read_candidate_by_candidate():
    assert site.srcset_addresses("a.png 1x, b.png 2x,c.png, d.png (x, y) 3x , https://e.example/x,y.png 2x") == [
        "a.png", "b.png", "c.png", "d.png", "https://e.example/x,y.png"]


# --- red team 10, finding 2: HTML that html.parser reads otherwise than a browser ------------------------------------
# Python 3.11's html.parser ends a comment only at '-->'; a browser ends it at '<!-->', '<!--->' and '--!>'. What
# such a "comment" held (a meta refresh, a DNS prefetch, a remote image) passed the site stage and was live in the
# browser. The page's body is on its line 3 (page_with).

def misread(page, line, shown):
    return (f"{page}, linje {line}: '{shown}' er HTML, som en browser læser anderledes end byggeriets kontrol af siden "
            "(en kommentar, der slutter ved <!-->, <!---> eller --!>, rummer <!-- eller aldrig lukkes; <![CDATA[ uden "
            "for <svg> og <math> eller med et > indeni; <?; <noscript>; i <svg> eller <math> et </svg> eller </math>, "
            "der ikke lukker det inderste af dem, et element, som HTML læser som tekst (<style>, <script>, <title>, "
            "<textarea> …), eller et, hvor HTML begynder igen (<desc>, <foreignObject>, <mi>, <mtext> …)): det, den "
            "ser ud til at skjule, kunne stå levende på siden uden at være kontrolleret. Skriv en kommentar som "
            "<!-- … --> og intet af resten. Fjern det fra siden (eller fra de data, det kommer fra). / "
            f"{page}, line {line}: '{shown}' is HTML that a browser reads otherwise than the build's check of the page "
            "does (a comment that ends at <!-->, <!---> or --!>, holds <!-- or is never closed; <![CDATA[ outside "
            "<svg> and <math> or with a > inside; <?; <noscript>; in <svg> or <math>, a </svg> or </math> that does "
            "not close the innermost of them, an element HTML reads as text (<style>, <script>, <title>, <textarea> …) "
            "or one where HTML begins again (<desc>, <foreignObject>, <mi>, <mtext> …)): what it seems to hide could "
            "be live in the page, unchecked. Write a comment as <!-- … --> and none of the rest. Remove it from the "
            "page (or from the data it comes from).")


@pytest.mark.parametrize("body,line,shown", [
    # the report's repro, as the built page has it
    ('<p>x</p>\n<!--> <meta http-equiv="refresh" content="5; url=https://evil.example/"> -->',
     4, '<!--> <meta http-equiv="refresh" content="5; url=https://evi…'),
    ('<!---> <link rel="dns-prefetch" href="//dns.evil.example"> -->',
     3, '<!---> <link rel="dns-prefetch" href="//dns.evil.example"> -…'),
    ('<!--> Enogfirs kommuner svarede. <img src="https://img.evil.example/y.png"> -->',
     3, '<!--> Enogfirs kommuner svarede. <img src="https://img.evil.…'),
    # the other ends of a comment and what else the parser takes for one
    ('<!-- x --!> <meta http-equiv="refresh" content="0"> -->', 3,
     '<!-- x --!> <meta http-equiv="refresh" content="0"> --></bod…'),
    ("<!-- a <!-- b --> c", 3, "<!-- a <!-- b --> c</body></html>"),
    ('<![CDATA[ > <img src="https://evil.example/i.png"> ]]>', 3,
     '<![CDATA[ > <img src="https://evil.example/i.png"> ]]></body…'),
    ("<![cdata[x]]>", 3, "<![cdata[x]]></body></html>"),
    ("<svg><![CDATA[ > <a> ]]></svg>", 3, "<![CDATA[ > <a> ]]></svg></body></html>"),  # its first '>' is no end
    ('<?php echo 1 ?>', 3, "<?php echo 1 ?></body></html>"),
    ("<![if x]>y", 3, "<![if x]>y</body></html>"),
    ("<![foo[ x ]]>", 3, "<![foo[ x ]]></body></html>"),  # html.parser stopped with an AssertionError (a traceback)
    ("<noscript><!--</noscript><img src=x>--></noscript>", 3,
     "<noscript><!--</noscript><img src=x>--></noscript></body></h…"),
    ("<p>\n<!-- left open", 4, "<!-- left open</body></html>"),
])
def test_markup_a_browser_reads_otherwise_stops_the_build_naming_the_line(tmp_path, body, line, shown):
    page, said = stop(tmp_path, body)
    assert said == misread(page, line, shown)


@pytest.mark.parametrize("body,said_da", [
    # a <title>, a <textarea> … hold text up to their end tag: a comment in them hid what a browser reads after it
    ('<title><!--</title><meta http-equiv="refresh" content="0">--></title>', 'et <meta http-equiv="refresh">'),
    ('<textarea><b x="</textarea><img src=\'https://evil.example/i.png\'>"></textarea>', "src på <img>"),
    # a <style> (or <script>) ends at '</style' and a space, as in a browser: html.parser read to '</style>'
    ('<style></style x><meta http-equiv="refresh" content="0"></style>', 'et <meta http-equiv="refresh">'),
    ('<script type="application/json"></script\t><meta http-equiv="refresh" content="0">',
     'et <meta http-equiv="refresh">'),
    # a browser ignores the '/' of '<style/>', '<textarea/>': their text runs to their end tag all the same
    ('<style/><!--</style><meta http-equiv="refresh" content="0">-->', 'et <meta http-equiv="refresh">'),
    ('<textarea/><!--</textarea><img src="https://evil.example/i.png">-->', "src på <img>"),
    # an <svg/> is closed: the <style> after it is HTML's
    ('<svg/><style><!--</style><meta http-equiv="refresh" content="0">--></style>', 'et <meta http-equiv="refresh">'),
])
def test_what_a_browser_reads_as_markup_is_read_so(tmp_path, body, said_da):
    page, said = stop(tmp_path, body)
    assert said.startswith(f"{page}: {said_da}")


# --- red team 11, finding 2: foreign content (<svg>, <math>) ---------------------------------------------------------
# Any </svg> or </math> lowered the scan's count of open foreign elements; a browser ignores one that matches none
# (<svg></math> stays in SVG), so the scan read the <style> after it as text, and the browser the meta refresh in it.

@pytest.mark.parametrize("body,shown", [
    # the report's repro, as the built page has it, and its image
    ('<svg></math><style><meta http-equiv="refresh" content="5; url=https://evil.example/"></style></svg>',
     '</math><style><meta http-equiv="refresh" content="5; url=htt…'),
    ('<svg></math><style><img src="https://img.evil.example/y.png"></style></svg>',
     '</math><style><img src="https://img.evil.example/y.png"></st…'),
    ('<math></svg><style><meta http-equiv="refresh" content="0"></style></math>',
     '</svg><style><meta http-equiv="refresh" content="0"></style>…'),
    # 'x/' is the value: the <svg> is open (the scan took it for closed, '/>')
    ('<svg a=x/><style><meta http-equiv="refresh" content="0"></style>',
     '<style><meta http-equiv="refresh" content="0"></style></body…'),
    # a browser has left the <svg> (at <p>, at </span>): the element is text there, and the "comment" in it markup
    ('<svg><p><style><!--</style><meta http-equiv="refresh" content="0">-->',
     '<style><!--</style><meta http-equiv="refresh" content="0">--…'),
    ('<span><svg></span><textarea><!--</textarea><meta http-equiv="refresh" content="0">-->',
     '<textarea><!--</textarea><meta http-equiv="refresh" content=…'),
    # where HTML begins again, an HTML element keeps a browser in the <svg> past its end tag
    ('<svg><title><p></svg></p></title><style><meta http-equiv="refresh" content="0"></style></svg>',
     '<title><p></svg></p></title><style><meta http-equiv="refresh…'),
    ('<svg><foreignObject><div></svg></div></foreignObject><style><meta http-equiv="refresh" content="0"></style>'
     '</svg>', '<foreignObject><div></svg></div></foreignObject><style><meta…'),
    ('<math><mi><b></math></b></mi><style><meta http-equiv="refresh" content="0"></style></math>',
     '<mi><b></math></b></mi><style><meta http-equiv="refresh" con…'),
    ('<svg><script>x</script></svg>', "<script>x</script></svg></body></html>"),
])
def test_foreign_content_a_browser_reads_otherwise_stops_the_build(tmp_path, body, shown):
    page, said = stop(tmp_path, body)
    assert said == misread(page, 3, shown)


def test_svg_as_the_site_writes_it_passes(tmp_path):
    """Material's icons (a <path/> in an <svg>), an open <path> that </svg> closes, an <svg> in an <svg>, an end
    tag in capitals with a space: a <style> after them is HTML's, read as text up to its end."""
    page_with(tmp_path, '<svg viewBox="0 0 24 24"><path d="M0"/></svg><svg><g><path d="M0"></svg><svg><svg></svg>'
                        '</svg><math><mrow></mrow></math><svg></SVG ><style>p { color: red }</style>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1


def test_comments_and_svg_sections_that_read_alike_pass(tmp_path):
    """Material's icons' license comments, an empty comment, a CDATA section in <svg> whose first '>' is its end, a
    '-- >' (html.parser ends the comment there, a browser later: the parser sees more, not less) and a script's
    '</' that ends nothing."""
    page_with(tmp_path, '<svg><!--! Font Awesome Free 7.1.0 by @fontawesome - https://fontawesome.com --><path d="M0"/>'
                        '<![CDATA[ a ]]></svg><!----><!-- a -- > b --><title>T</title>'
                        f'<script>{THEME_SCRIPT}</script>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1


def test_the_theme_script_is_read_as_before():
    """The script's text, read to '</script' as a browser does, is the same: its hash in the policy too."""
    policy = site.content_security_policy(CHECKOUT, f"<script>{THEME_SCRIPT}</script ><p>x</p>")
    assert f"'{sha256(THEME_SCRIPT)}'" in policy


# --- red team 10, finding 6: stylesheets, <meta http-equiv>, referrer policies, SVG animation ------------------------

def test_a_meta_http_equiv_the_theme_does_not_write_stops_the_build(tmp_path):
    tag = '<meta http-equiv="x-dns-prefetch-control" content="on">'
    page, said = stop(tmp_path, tag)
    assert said == (
        f"{page}: et <meta http-equiv=\"x-dns-prefetch-control\"> ('{tag}'), som ingen af temaets skabeloner skriver: "
        "det sætter, hvad kun serverens headere og temaet må (x-dns-prefetch-control slår fx DNS-opslag af de "
        "værter, siden linker til, til). Temaet skriver kun sidens sikkerhedspolitik (Content-Security-Policy). Fjern "
        f"det fra siden (eller fra de data, det kommer fra). / {page}: a <meta http-equiv=\"x-dns-prefetch-control\"> "
        f"('{tag}'), which none of the theme's templates writes: it sets what only the server's headers and the theme "
        "may (x-dns-prefetch-control, say, turns on DNS lookups of the hosts the page links to). The theme writes "
        "only the page's security policy (Content-Security-Policy). Remove it from the page (or from the data it "
        "comes from).")


@pytest.mark.parametrize("element,attribute,tag,value", [
    ('<meta name="referrer" content="unsafe-url">', "content", 'meta name="referrer"', "unsafe-url"),
    ("<META NAME=' Referrer ' CONTENT='no-referrer-when-downgrade'>", "content", 'meta name="referrer"',
     "no-referrer-when-downgrade"),
    ('<a href="https://example.org/" referrerpolicy="unsafe-url">', "referrerpolicy", "a", "unsafe-url"),
])
def test_a_referrer_policy_stops_the_build(tmp_path, element, attribute, tag, value):
    page, said = stop(tmp_path, element)
    assert said == (
        f"{page}: {attribute} på <{tag}> ('{element}') sætter referrer-politikken til '{value}', hvad ingen af temaets "
        "skabeloner gør: den afgør, hvad siden fortæller de sider, den linker til og henter fra (unsafe-url sender "
        f"hele dens adresse). Fjern det fra siden (eller fra de data, det kommer fra). / {page}: {attribute} on <{tag}> "
        f"('{element}') sets the referrer policy to '{value}', which none of the theme's templates does: it decides "
        "what the page tells the sites it links to and loads from (unsafe-url sends its full address). Remove it from "
        "the page (or from the data it comes from).")


@pytest.mark.parametrize("element,attribute,tag,address", [
    ('<set attributeName="href" to="https://smil.evil.example/i.png"/>', "to", "set", "https://smil.evil.example/i.png"),
    ('<animate attributeName=" xlink:href" from="//a.evil.example/a.png">', "from", "animate", "//a.evil.example/a.png"),
    ('<animate attributename="href" values="i.png; https://v.evil.example/v.png">', "values", "animate",
     "https://v.evil.example/v.png"),
])
def test_an_svg_animation_of_an_href_to_another_host_stops_the_build(tmp_path, element, attribute, tag, address):
    page, said = stop(tmp_path, f"<svg><image>{element}</image></svg>")
    assert said == foreign_line(page, attribute, tag, address, element)


def test_an_svg_animation_of_anything_else_passes(tmp_path):
    page_with(tmp_path, '<svg><rect><animate attributeName="fill" values="https://x.example/;red"/>'
                        '<set attributeName="href" to="#i"/></rect></svg>')
    assert site.finish_pages(CHECKOUT, tmp_path) == 1


def stylesheet_stop(tmp_path, css: str) -> str:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "extra.css").write_text(css, encoding="utf-8")
    with pytest.raises(site.BuildFailed) as failed:
        site.check_stylesheets(CHECKOUT, tmp_path)
    return str(failed.value)


@pytest.mark.parametrize("css,line,address", [
    # the report's repro
    ('p{color:red}\n@import url("https://css.evil.example/x.css");\nbody{background:url(https://bg.evil.example/b.png)}',
     2, "https://css.evil.example/x.css"),
    ('a{}\n\nbody{background:url(https://bg.evil.example/b.png)}', 3, "https://bg.evil.example/b.png"),
    ('@import "//evil.example/a.css";', 1, "//evil.example/a.css"),
    ("p{background:image-set(\n'https://evil.example/a.png' 1x)}", 2, "https://evil.example/a.png"),
])
def test_a_stylesheet_asking_for_another_host_stops_the_build(tmp_path, css, line, address):
    assert stylesheet_stop(tmp_path, css) == (
        f"assets/extra.css, linje {line}: stylesheetet beder om '{address}' fra en anden vært end sitet selv (url(…), "
        "@import eller image-set). Sitet henter intet fra andre værter: læserens browser ville kontakte værten "
        "(sidens sikkerhedspolitik (CSP) blokerer det, og en stil mangler, uden at nogen får det at vide). Læg filen "
        "på sitet og brug dens sti (stylesheets i docs/), eller fjern adressen. / assets/extra.css, line "
        f"{line}: the stylesheet asks for '{address}' from another host than the site itself (url(…), @import or "
        "image-set). The site loads nothing from other hosts: the reader's browser would contact that host (the "
        "page's security policy (CSP) blocks it, and a style goes missing that nobody is told of). Put the file on "
        "the site and use its path (stylesheets in docs/), or remove the address.")


def test_the_stylesheets_the_site_publishes_pass(tmp_path):
    """Material's bundled stylesheets (its icons as data: addresses, which fetch nothing) and docs/'s, as the site
    stage reads them in the built site."""
    import material

    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    sheets = [*theme.glob("*.css"), *(CHECKOUT.docs_dir / "assets" / "stylesheets").glob("*.css")]
    assert len(sheets) >= 4
    for sheet in sheets:
        shutil.copy(sheet, tmp_path / sheet.name)
    assert any("url(\"data:" in sheet.read_text(encoding="utf-8") for sheet in sheets)
    site.check_stylesheets(CHECKOUT, tmp_path)


def test_the_theme_writes_no_other_meta_http_equiv_and_no_referrer_policy():
    """What THEME_HTTP_EQUIV and THEME_REFERRERS allow is what the theme's templates write (Material's redirect.html
    writes a meta refresh, for a plugin the site does not use: refused on purpose)."""
    import re

    folders = [site.material_templates(), CHECKOUT.docs_dir / "_overrides"]
    written = {(template.name, value.lower()) for folder in folders
               for template in folder.rglob("*.html")
               for value in re.findall(r'http-equiv="([^"]*)"', template.read_text(encoding="utf-8"), re.I)}
    assert written == {("main.html", "content-security-policy"), ("redirect.html", "refresh")}
    assert site.THEME_HTTP_EQUIV == ("content-security-policy",) and site.THEME_REFERRERS == ()
    assert not [template for folder in folders for template in folder.rglob("*.html")
                if re.search(r"referrer", template.read_text(encoding="utf-8"), re.I)]
