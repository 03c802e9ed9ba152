"""The charts in a real browser at 375 px and 1280 px, light and dark (Chromium via Playwright, as test_browser).

The image a reader gets (narrow on a phone, dark in the dark scheme), its text never shown below 12 CSS px
and never cut off with "…", the toolbar's links answering, the theme's toggle switching the chart, axe.
"""

import re
from urllib.parse import urljoin, urlparse

import pytest
from test_browser import AXE, AXE_DISABLED_RULES, base_url, browser, open_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGES = ["index.html", "omraader/index.html", "omraader/social/index.html", "kommuner-og-regioner/index.html",
         "maalgruppen/index.html", "en/index.html", "en/maalgruppen/index.html"]
EMBED_PAGES = ["embed/target-group.html", "en/embed/income-vs-expenditure-en.html"]
VIEWS = [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
NARROW_BELOW = 700  # px; charts.NARROW_MAX_WIDTH
MIN_TEXT_PX = 12
TOOLS = {"data", "image", "svg", "permalink", "embed"}


def url_of(base, page_path):
    return base + (page_path[: -len("index.html")] if page_path.endswith("index.html") else page_path)


def shown_image(page, figure):
    """The <img> the reader sees in a figure, once loaded: its URL and rendered width."""
    img = figure.locator("img:visible")
    assert img.count() == 1, "exactly one of the light and dark pictures is visible"
    img.scroll_into_view_if_needed()
    img.evaluate("i => i.complete ? null : new Promise(r => { i.onload = r; i.onerror = r; })")
    return img.evaluate("i => ({src: i.currentSrc, width: i.getBoundingClientRect().width, natural: i.naturalWidth})")


def svg_text_facts(svg: str) -> tuple[float, float, list[str]]:
    """The SVG's own width, its smallest font size and its texts."""
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
    texts = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    return width, min(sizes), texts


@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
@pytest.mark.parametrize("page_path", PAGES)
def test_charts_read_at_every_width_and_scheme(browser, base_url, page_path, width, scheme):
    context, page, record = open_page(browser, url_of(base_url, page_path), viewport={"width": width, "height": 900},
                                      color_scheme=scheme)
    try:
        # The theme follows the system's colour scheme until the reader toggles it.
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        figures = page.locator("figure.chart").all()
        assert figures
        for figure in figures:
            image = shown_image(page, figure)
            assert (".narrow." in image["src"]) == (width < NARROW_BELOW), image
            assert (".dark." in image["src"]) == (scheme == "dark"), image
            svg = context.request.get(image["src"]).text()
            svg_width, smallest, texts = svg_text_facts(svg)
            scale = image["width"] / svg_width
            assert smallest * scale >= MIN_TEXT_PX, f"{image['src']}: {smallest} px text shown at {smallest * scale:.1f} px"
            assert not [t for t in texts if t.rstrip().endswith(("…", "..."))], image["src"]
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert record["failed"] == [] and record["console"] == []
    finally:
        context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_every_chart_has_a_working_toolbar(browser, base_url, page_path):
    context, page, _ = open_page(browser, url_of(base_url, page_path))
    try:
        for figure in page.locator("figure.chart").all():
            figure_id = figure.get_attribute("id")
            assert figure.locator(".chart__toolbar").is_visible()  # not inside a collapsed box
            tools = {a.get_attribute("class").split("chart__tool--")[1]: a.evaluate("a => a.href")
                     for a in figure.locator("a.chart__tool").all()}
            assert set(tools) == TOOLS, tools
            assert urlparse(tools["permalink"]).fragment == figure_id and page.locator(f"#{figure_id}").count() == 1
            expected = {"data": "text/csv", "image": "image/png", "svg": "image/svg+xml", "embed": "text/html"}
            for tool, content_type in expected.items():
                response = context.request.get(tools[tool])
                assert response.status == 200 and response.headers["content-type"].startswith(content_type), tools[tool]
            metadata = figure.locator(".chart__toolbar a[href$='.csv-metadata.json']").evaluate("a => a.href")
            sidecar = context.request.get(metadata).json()
            assert sidecar["url"] == tools["data"].rsplit("/", 1)[1]
            snippet = figure.locator(".chart__embed-code code").text_content()
            embed_path = urlparse(tools["embed"]).path
            assert re.fullmatch(r'<iframe src="https://[^"]+' + re.escape(embed_path) + r'" title="[^"]+" .*></iframe>', snippet), snippet
    finally:
        context.close()


def test_the_theme_toggle_switches_the_charts(browser, base_url):
    context, page, _ = open_page(browser, url_of(base_url, "maalgruppen/index.html"), color_scheme="light",
                                 viewport={"width": 375, "height": 900})
    try:
        figure = page.locator("figure.chart").first
        assert ".dark." not in shown_image(page, figure)["src"]
        page.locator("form[data-md-component=palette] label:visible").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        image = shown_image(page, figure)
        assert ".dark." in image["src"] and ".narrow." in image["src"]
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES + EMBED_PAGES)
def test_axe_finds_nothing_on_chart_pages_at_375px(browser, base_url, page_path, scheme):
    context, page, record = open_page(browser, url_of(base_url, page_path), viewport={"width": 375, "height": 900},
                                      color_scheme=scheme)
    try:
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            """async (disabled) => {
                const rules = Object.fromEntries(disabled.map(r => [r, {enabled: false}]));
                const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules});
                return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes[0].target.join(' ')})`);
            }""", AXE_DISABLED_RULES)
        assert result == []
        own = urlparse(base_url).netloc
        assert [u for u in record["requests"] if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own] == []
        assert record["failed"] == [] and record["console"] == [] and page.evaluate("window.__csp") == []
    finally:
        context.close()


@pytest.mark.parametrize("page_path", EMBED_PAGES)
@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
def test_embed_pages_follow_the_readers_width_and_scheme(browser, base_url, page_path, width, scheme):
    context, page, _ = open_page(browser, url_of(base_url, page_path), viewport={"width": width, "height": 900},
                                 color_scheme=scheme)
    try:
        image = shown_image(page, page.locator("figure.chart"))
        assert (".narrow." in image["src"]) == (width < NARROW_BELOW) and (".dark." in image["src"]) == (scheme == "dark")
        svg_width, smallest, _ = svg_text_facts(context.request.get(image["src"]).text())
        assert smallest * image["width"] / svg_width >= MIN_TEXT_PX
        back = page.locator(".embed__meta a[target=_top]").last.get_attribute("href")
        assert urljoin(back, "#").startswith("https://") and "#figur-" in back
    finally:
        context.close()


def chart_svgs():
    from build_scripts import paths

    return sorted(p.name for p in paths.CHARTS_DIR.glob("*.svg") if ".dark." not in p.name)  # dark: same geometry


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


@pytest.mark.parametrize("svg_name", chart_svgs())
def test_chart_text_fits_and_ticks_do_not_collide_in_the_browsers_font(browser, base_url, svg_name):
    """The SVG drawn by the browser (its own fonts, not the renderer's): no text outside the image, no tick collision."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base_url}charts/{svg_name}" if not svg_name.split(".")[0].endswith("-en") else f"{base_url}en/charts/{svg_name}")
        assert page.evaluate(MEASURE_TEXT) == []
    finally:
        context.close()
