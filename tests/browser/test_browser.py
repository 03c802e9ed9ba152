"""Every page of the built site in a real browser (Debian's Chromium driven by Playwright, no browser download).

Each page with a chart (and each embed, and one page per edition without: SCHEME_SAMPLES) is visited once per
view, 375 px and 1280 px wide, light and dark; each other page in the two views CONTRAST_VIEWS (375 px dark, 1280 px
light), since the scheme changes only colours and which chart picture shows. A visit runs every check that applies
(browser_checks.py): the colour scheme; axe (WCAG 2.0/2.1 A and AA, with every <details> open), in the two views
CONTRAST_VIEWS, which cover both widths and both schemes; every table cell visible and labelled; every chart's
picture (narrow, dark) with text of at least 12 px and nothing cut off; no sideways scrolling; and the whole visit's
requests (none to another host, none failed, no console error, no CSP violation). The 1280 px light visit also
follows every link, tries every chart toolbar link, searches (on one page per edition and depth) and, on three
pages, tries the keyboard. A few behaviours need a visit of their own: reflow at 320 px (every page), no
JavaScript, print, the theme's toggle, the accessibility tree of stacked tables, and each chart's SVG drawn in the
browser's own font.

Visits of one view share a tab that stays open for the whole test process (browser_checks.Tab), so that the
browser context, the theme's files and axe are set up once per view, not once per visit; each visit starts with
the tab's storage cleared and records only its own requests. The tabs ask for reduced motion, as many readers
do: the theme then draws its colours at once instead of fading them in after load, so a visit need not wait for
the fades to end before it checks the colours (the final colours are the same either way).
"""

from contextlib import contextmanager

import pytest
from browser_checks import (
    OPEN_ALL_DETAILS,
    Tab,
    check_axe,
    check_charts,
    check_embed_page,
    check_keyboard,
    check_links,
    check_overflow,
    check_requests,
    check_scheme,
    check_tables,
    check_toolbars,
    open_page,
    shown_image,
    use_search,
)

from conftest import CHECKOUT, built

pytestmark = pytest.mark.browser

VIEWS = [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
FULL_VIEW = (1280, "light")  # the view whose visit also checks links, toolbars, search and keyboard
KEYBOARD_PAGES = {"index.html", "omraader/social/index.html", "kommuner-og-regioner/index.html"}
# axe's colour-contrast rule, most of axe's time, runs in two views that cover both schemes and both widths. A text's
# contrast depends on the scheme's colours, which are the same at every width (extra.css's width queries set no text
# or background colour), and on which texts are shown and over what, which depends on the width (the narrow header,
# stacked tables): so each scheme is checked at one width and each width in one scheme. The same holds for axe's
# other rules, which depend on the page's markup and layout (the width) or on its colours (link-in-text-block), and
# for none of which the scheme changes anything else (tests/meta/test_contrast_views.py): axe runs in these two
# views only. Every other check runs in every view the page is visited in.
CONTRAST_VIEWS = {(375, "dark"), (1280, "light")}
EMBED_PAGES = ["embed/target-group.html", "en/embed/income-vs-expenditure-en.html"]
# The colour scheme changes a page's colours and which picture of a chart shows, nothing else (extra.css:
# tests/meta/test_contrast_views.py holds it to that). So a page without a chart lays out the same in both schemes
# at one width, and its visit in the other scheme would repeat every check of the CONTRAST_VIEWS visit at that
# width but the scheme's own (check_scheme: the theme's, the same on every page). A page without a chart is
# visited in the CONTRAST_VIEWS, which cover both widths and both schemes; a page with a chart, an embed and one
# page without a chart per edition (SCHEME_SAMPLES), in all four views.
SCHEME_SAMPLES = {"om-siden/index.html", "en/om-siden/index.html"}


def site_pages() -> list[str]:
    """Every page of both editions as the build writes them: each page template of docs/ and one page per policy
    area (test_the_pages_the_visits_rely_on_exist holds the list to the built site). Known from the project's files,
    so that collecting the tests does not wait for the build: a worker runs other tests while another builds."""
    from build_scripts.core.lang import languages
    from build_scripts.stages.pages import stage as pages

    sources = pages.page_templates(CHECKOUT) + [f"{pages.AREA_DIR}/{area_id}.md" for area_id in package_areas()]
    return sorted(("" if lang.is_main else f"{lang.code}/") + pages.page_url(source) + "index.html"
                  for lang in languages() for source in sources)


def search_pages() -> list[str]:
    """The pages whose full visit also uses the search: the first page at each depth of each edition. The theme finds
    its search index and worker from the page's base address, which only the edition and the depth change."""
    first = {}
    for page in site_pages():
        first.setdefault((page.startswith("en/"), page.count("/")), page)
    return sorted(first.values())


def chart_pages() -> list[str]:
    return [p for p in site_pages() if 'class="chart' in (built().site_dir / p).read_text(encoding="utf-8")]


def charted_pages() -> set[str]:
    """The pages whose template shows a chart (calls chart()), known from the project's files as site_pages() is
    (test_the_pages_the_visits_rely_on_exist holds it to the built site's chart_pages())."""
    from build_scripts.core.lang import languages
    from build_scripts.stages.pages import stage as pages

    area = (CHECKOUT.docs_dir / pages.AREA_TEMPLATE).read_text(encoding="utf-8")
    charted = {source for source in pages.page_templates(CHECKOUT)
               if "chart(" in (CHECKOUT.docs_dir / source).read_text(encoding="utf-8")}
    areas = package_areas() if "chart(" in area else []
    sources = sorted(charted) + [f"{pages.AREA_DIR}/{area_id}.md" for area_id in areas]
    return {("" if lang.is_main else f"{lang.code}/") + pages.page_url(source) + "index.html"
            for lang in languages() for source in sources}


def package_areas() -> list[str]:
    from build_scripts.core import package

    return list(package.table("policy_areas", CHECKOUT.datapackage_json)["area_id"])


def visits() -> list[tuple[str, int, str]]:
    """(page, width, scheme) of each visit: see SCHEME_SAMPLES."""
    charted = charted_pages()
    return [(page, width, scheme) for page in site_pages() + EMBED_PAGES for width, scheme in VIEWS
            if (width, scheme) in CONTRAST_VIEWS or page in charted | SCHEME_SAMPLES or page in EMBED_PAGES]


def url_of(base_url, page_path):
    return base_url + (page_path[: -len("index.html")] if page_path.endswith("index.html") else page_path)


@contextmanager
def visit(tabs, browser, view, url, **context_options):
    """Visit `url` in this test process's tab of `view` (conftest.tabs), opened with `context_options` when first
    needed; yields the tab and its page. A failed visit closes the tab, so that the next visit starts in a new one."""
    if view not in tabs:
        tabs[view] = Tab(browser, **context_options)
    try:
        yield tabs[view], tabs[view].visit(url)
    except BaseException:
        tabs.pop(view).close()
        raise


@pytest.mark.parametrize("page_path,width,scheme", visits(), ids=[f"{p}-{w}-{s}" for p, w, s in visits()])
def test_page(browser, tabs, base_url, page_path, width, scheme):
    """One visit, every check of this view; the failure lists every problem found, not just the first."""
    view = (width, scheme)
    with visit(tabs, browser, view, url_of(base_url, page_path), viewport={"width": width, "height": 900},
               color_scheme=scheme, reduced_motion="reduce") as (tab, page):
        full = view == FULL_VIEW
        problems = [] if page_path in EMBED_PAGES else check_scheme(page, scheme)  # embeds: no theme, CSS only
        if full and page_path in KEYBOARD_PAGES:
            problems += check_keyboard(page)
        page.evaluate(OPEN_ALL_DETAILS)
        if view in CONTRAST_VIEWS:  # axe's rules depend on the width and the colours: each is in one of these two
            problems += check_axe(page)
        problems += check_tables(page, width)
        problems += check_charts(page, tab.context, width, scheme)
        problems += check_overflow(page, width)
        if page_path in EMBED_PAGES:
            problems += check_embed_page(page)
        elif full:
            problems += check_toolbars(page, tab.context)
        if full:
            problems += check_links(page, tab.context, base_url)
        if full and page_path in search_pages():
            problems += use_search(page)
        problems += check_requests(page, tab.record, base_url)
        assert problems == [], f"{page_path} at {width} px, {scheme}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page_path", site_pages() + EMBED_PAGES)
def test_every_page_reflows_at_320_px(browser, tabs, base_url, page_path):
    """WCAG 2.1's reflow (1.4.10): at 320 CSS px, the narrowest width it names, nothing scrolls sideways, every
    table cell is shown and labelled, and every chart's narrow picture keeps its text at least MIN_TEXT_PX. Only the
    checks that depend on the width; the others run in the four views of test_page."""
    with visit(tabs, browser, (320, "light"), url_of(base_url, page_path), viewport={"width": 320, "height": 900},
               color_scheme="light", reduced_motion="reduce") as (tab, page):
        page.evaluate(OPEN_ALL_DETAILS)
        problems = check_overflow(page, 320) + check_tables(page, 320) + check_charts(page, tab.context, 320, "light")
        assert problems == [], f"{page_path} at 320 px:\n" + "\n".join(problems)


def test_the_pages_the_visits_rely_on_exist():
    pages = site_pages()
    assert pages == sorted(p.relative_to(built().site_dir).as_posix() for p in built().site_dir.rglob("index.html"))
    assert KEYBOARD_PAGES <= set(pages) and all((built().site_dir / p).exists() for p in EMBED_PAGES)
    assert len(pages) >= 30 and len(chart_pages()) >= 12
    assert charted_pages() == set(chart_pages()), "the pages visited in all four views are those with a chart"
    assert SCHEME_SAMPLES <= set(pages) - charted_pages()
    depths = {(p.startswith("en/"), p.count("/")) for p in pages}
    assert len(search_pages()) == len(depths) >= 6, "each edition has pages at three depths or more"


def test_works_without_javascript(browser, tabs, base_url):
    """Charts (picture, caption, the numbers behind them) and the navigation need no JavaScript: every Danish page
    with a chart, the English front page and the data page."""
    for page_path in [p for p in chart_pages() if not p.startswith("en/")] + ["en/index.html", "data/index.html"]:
        _works_without_javascript(browser, tabs, base_url, page_path)


def _works_without_javascript(browser, tabs, base_url, page_path):
    with visit(tabs, browser, "no JavaScript", url_of(base_url, page_path), java_script_enabled=False) as (_, page):
        for figure in page.locator("figure.chart").all():
            image = shown_image(figure)  # the light or the dark picture, never both
            assert image is not None and image["natural"] > 0, page_path
            assert figure.locator("figcaption").is_visible(), page_path
            figure.locator(".chart__data summary").click()
            assert figure.locator("table").is_visible(), page_path
        target = "data" if "metode/" in page_path else "metode"
        page.locator(f"nav.md-nav--primary a.md-nav__link[href*='{target}']").first.click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith(target), page_path


@pytest.mark.parametrize("page_path", ["omraader/social/index.html", "en/omraader/social/index.html", "data/index.html"])
def test_print_keeps_title_source_licence_and_address(browser, base_url, page_path):
    """A printout says what it is, where its figures come from, under which licence, and where it is online."""
    context, page, _ = open_page(browser, url_of(base_url, page_path))
    try:
        page.emulate_media(media="print")
        assert page.locator("article h1").first.is_visible()
        licence = page.locator(".md-copyright__highlight")
        assert licence.is_visible() and "CC BY 4.0" in licence.inner_text()
        assert ("Kilde" if not page_path.startswith("en/") else "Sources") in licence.inner_text()
        address = page.locator(".md-copyright__page a")
        canonical = page.locator('link[rel="canonical"]').get_attribute("href")
        assert address.is_visible() and address.inner_text() == canonical
        assert not page.locator(".lang-switch").is_visible()
        external = page.locator('.md-content a[href^="http"]').first
        if external.count():
            after = external.evaluate("a => getComputedStyle(a, '::after').content")
            assert external.get_attribute("href") in after
        page.emulate_media(media="screen")
        assert not address.is_visible()
    finally:
        context.close()


def test_the_theme_toggle_switches_the_charts(browser, base_url):
    context, page, _ = open_page(browser, url_of(base_url, "maalgruppen/index.html"), color_scheme="light",
                                 viewport={"width": 375, "height": 900})
    try:
        figure = page.locator("figure.chart").first
        assert ".dark." not in shown_image(figure)["src"]
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        image = shown_image(figure)
        assert ".dark." in image["src"] and ".narrow." in image["src"]
    finally:
        context.close()


def test_stacked_tables_stay_tables_for_assistive_technology(browser, base_url):
    """Chromium keeps a table's roles when CSS makes its parts blocks; the accessibility tree says so."""
    context, page, _ = open_page(browser, url_of(base_url, "kommuner-og-regioner/index.html"),
                                 viewport={"width": 375, "height": 900})
    try:
        assert page.evaluate("getComputedStyle(document.querySelector('article table tr')).display") == "block"
        nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        roles = [node.get("role", {}).get("value") for node in nodes]
        cells = page.evaluate("document.querySelectorAll('article table td').length")
        shown = page.evaluate("[...document.querySelectorAll('article table td')].filter(c => c.checkVisibility()).length")
        assert roles.count("table") >= 1 and roles.count("columnheader") >= 1
        assert roles.count("cell") == shown > 0 and cells >= shown
    finally:
        context.close()


def chart_svgs():
    return sorted(p.name for p in built().charts_dir.glob("*.svg") if ".dark." not in p.name)  # dark: same geometry


MEASURE_TEXT = """() => {
    const svg = document.querySelector('svg'), box = svg.getBoundingClientRect(), problems = [];
    for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        if (getComputedStyle(text).opacity === '0' || r.width === 0) continue;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
            problems.push(`"${text.textContent}" runs out of the image`);
    }
    for (const axis of svg.querySelectorAll('g.role-axis[aria-label^="X-axis"] g.role-axis-label')) {
        const labels = [...axis.querySelectorAll('text')].filter(t => getComputedStyle(t).opacity !== '0')
            .map(t => [t.textContent, t.getBoundingClientRect()]).sort((a, b) => a[1].left - b[1].left);
        for (let i = 1; i < labels.length; i++)
            if (labels[i][1].left < labels[i - 1][1].right + 2)
                problems.push(`ticks "${labels[i - 1][0]}" and "${labels[i][0]}" collide`);
    }
    return problems;
}"""


def test_chart_text_fits_and_ticks_do_not_collide_in_the_browsers_font(browser, base_url):
    """Every chart's SVG drawn by the browser (its own fonts, not the renderer's), one after the other in one tab:
    no text outside the image, no tick collision."""
    context = browser.new_context()
    try:
        page = context.new_page()
        problems = {}
        for svg_name in chart_svgs():
            folder = "en/charts" if svg_name.split(".")[0].endswith("-en") else "charts"
            page.goto(f"{base_url}{folder}/{svg_name}")
            problems[svg_name] = page.evaluate(MEASURE_TEXT)
        assert len(problems) >= 24 and {name: p for name, p in problems.items() if p} == {}
    finally:
        context.close()


# A page with one fault for each check, served at the site's own address by the tab's router (never written to
# site/): text without contrast, a picture without alt text, a table wider than a phone whose cells carry no
# labels, an inline script the CSP blocks, and a picture from another host (aborted by the router, so nothing
# leaves the machine).
FAULTY_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Fejl</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' https:">
</head><body><article>
<p style="color:#ddd;background:#fff">Næsten usynlig tekst</p>
<img src="/assets/images/favicon.png">
<table><tr><td style="min-width:600px">bred celle</td></tr></table>
<script>window.inline = 1</script>
<img src="https://example.invalid/tracker.png" alt="">
</article></body></html>"""


def test_the_checks_find_what_they_look_for(browser, base_url):
    """The checks that every page passes, on a page built to fail them: each names its fault."""
    tab = Tab(browser, viewport={"width": 375, "height": 900})
    try:
        tab.context.route(f"{base_url}faulty.html", lambda route: route.fulfill(body=FAULTY_PAGE, content_type="text/html"))
        tab.context.route("https://example.invalid/**", lambda route: route.abort())
        page = tab.visit(f"{base_url}faulty.html")
        axe = check_axe(page)
        assert any(line.startswith("axe: color-contrast: ") for line in axe), axe
        assert any(line.startswith("axe: image-alt: ") for line in axe), axe
        assert check_tables(page, 375) == ["table 0, cell 'bred celle': spans 10–612 px, visible 0–375 px",
                                           "table 0, cell 'bred celle': no data-label, so no header on a phone"]
        assert check_overflow(page, 375) == ["375 px: the page scrolls 239 px sideways"]
        requests = check_requests(page, tab.record, base_url)
        assert "privacy: request to another host: https://example.invalid/tracker.png" in requests, requests
        assert any(line.startswith("failed request: https://example.invalid/tracker.png") for line in requests), requests
        assert "CSP violation: script-src-elem inline" in requests, requests
        assert "the page lacks its one Content-Security-Policy <meta>" not in requests
    finally:
        tab.close()
