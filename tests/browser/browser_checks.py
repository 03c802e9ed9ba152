"""What the browser tests check on a page that is open in Chromium (Playwright), one function per concern.

Each function takes the open page and returns a list of problems, empty when all is well, so that one visit can
run every check and a failure lists every problem found, not just the first. test_browser.py decides which
checks run in which view; the fixtures (browser, served site) are in conftest.py.
"""

import html
import re
from urllib.parse import unquote, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import CHECKOUT

AXE = CHECKOUT.root / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"  # where conftest's server serves AXE, beside the built site
# axe rules left out, each with its reason (never for our own markup):
AXE_DISABLED_RULES: list[str] = []
AXE_RUN = """async (disabled) => {
    const rules = Object.fromEntries(disabled.map(r => [r, {enabled: false}]));
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                                       'wcag22aa']},
                                       rules, resultTypes: ['violations']});
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes[0].target.join(' ')})`);
}"""
OPEN_ALL_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = true)"
NARROW_BELOW = 700  # px; charts.NARROW_MAX_WIDTH: below it the page shows the narrow chart
STACKED_BELOW = 720  # px; the media query of the "Tables on phones" block in extra.css (44.984375em)
MIN_TEXT_PX = 12
TOOLS = {"data", "xlsx", "image", "svg", "permalink", "embed"}


class Tab:
    """A browser context with one page that records, visit after visit, its requests, failed requests, console
    errors and CSP violations. test_browser.py keeps one tab per view (width, scheme) open for a whole test process,
    so that the browser, the theme's files and axe are set up once per view instead of once per visit."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.record = {"requests": [], "failed": [], "console": []}
        self.page.on("request", lambda r: self.record["requests"].append(r.url))
        self.page.on("requestfailed", lambda r: self.record["failed"].append(f"{r.url} ({r.failure})"))
        self.page.on("console", lambda m: self.record["console"].append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.record["console"].append(str(e)))
        self.page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")

    def visit(self, url):
        """Load `url` and wait for the load event (every image, style and script of the page), not for network
        silence, which would add half a second to every visit. The record starts empty: the previous page is
        left for about:blank first, so that its requests cut short by leaving are not counted against this one, and
        its stored preferences are cleared (the theme keeps the colour scheme it chose in localStorage), so that every
        visit starts as a first-time reader's would, but with the theme's files in the browser's cache."""
        if self.page.url.startswith("http"):
            self.page.evaluate("localStorage.clear(); sessionStorage.clear()")
        self.page.goto("about:blank")
        for events in self.record.values():
            events.clear()
        self.page.goto(url, wait_until="load")
        # The theme's script applies the reader's colour scheme after load and its colours fade in (CSS
        # transitions): check the page as the reader sees it once they have ended, not a mix of light and dark.
        self.page.wait_for_function(FADES_ENDED, timeout=5000)
        return self.page

    def close(self):
        self.context.close()


def open_page(browser, url, **context_options):
    """A new tab of its own at `url`, for a test that changes the page (prints, toggles, runs without JavaScript):
    returns its context, page and record."""
    tab = Tab(browser, **context_options)
    tab.visit(url)
    return tab.context, tab.page, tab.record


FADES_ENDED = """() => document.getAnimations().filter(a => a.playState === 'running'
    && a.effect && a.effect.getTiming().iterations !== Infinity).length === 0"""


def check_scheme(page, scheme) -> list[str]:
    """The theme follows the system's colour scheme until the reader toggles it."""
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    expected = "slate" if scheme == "dark" else "default"
    return [] if shown == expected else [f"colour scheme: the page shows {shown!r} to a reader who prefers {scheme}"]


def check_axe(page) -> list[str]:
    """axe-core, WCAG 2.0/2.1 A and AA (test_browser.CONTRAST_VIEWS says in which views). axe is added as a script of the site's own host (AXE_URL), which the page's CSP
    allows, so that the browser compiles it once and keeps it cached for the next visits instead of receiving and
    compiling its half a megabyte of source on every visit."""
    page.add_script_tag(url=AXE_URL)
    return [f"axe: {v}" for v in page.evaluate(AXE_RUN, AXE_DISABLED_RULES)]


def check_overflow(page, width) -> list[str]:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return [f"{width} px: the page scrolls {overflow} px sideways"] if overflow > 0 else []


def check_requests(page, record, base_url) -> list[str]:
    """Every request of the whole visit so far: none to another host, none failed, no console error, no CSP
    violation; and the page has its one Content-Security-Policy."""
    own = urlparse(base_url).netloc
    foreign = [u for u in record["requests"] if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
    problems = [f"privacy: request to another host: {u}" for u in foreign]
    problems += [f"failed request: {f}" for f in record["failed"]]
    problems += [f"console error: {c}" for c in record["console"]]
    problems += [f"CSP violation: {v}" for v in page.evaluate("window.__csp")]
    if page.locator('meta[http-equiv="Content-Security-Policy"]').count() != 1:
        problems.append("the page lacks its one Content-Security-Policy <meta>")
    return problems


def use_search(page) -> list[str]:
    """Search for a word every edition has: the theme loads its search worker and index (whose requests the visit
    then checks) and lists what it found."""
    if not page.locator("input.md-search__input").count():
        return ["search: the page has no search box"]
    page.fill("input.md-search__input", "integration")
    page.press("input.md-search__input", "End")  # the theme reads the query on keyup (or just after focus), not on input
    try:
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=10_000)  # shown or not
    except PlaywrightTimeout:
        meta = page.locator(".md-search-result__meta").all_inner_texts()
        return [f"search: 'integration' found nothing within 10 s (the search says {meta}, the input holds "
                f"{page.input_value('input.md-search__input')!r})"]
    return []


# --- Charts -------------------------------------------------------------------------------------------------------

# The <img> a reader sees in a chart figure (the light or the dark, wide or narrow picture), scrolled to and
# loaded: its URL and rendered width; null unless exactly one picture of the figure is visible.
SHOWN_IMAGE = """async (figure) => {
    const shown = [...figure.querySelectorAll('img')]
        .filter(i => i.checkVisibility({visibilityProperty: true}) && i.getBoundingClientRect().width > 0);
    if (shown.length !== 1) return null;
    const img = shown[0];
    img.scrollIntoView({block: 'center'});
    if (!img.complete) await new Promise(r => { img.onload = r; img.onerror = r; });
    return {src: img.currentSrc, width: img.getBoundingClientRect().width, natural: img.naturalWidth};
}"""


def shown_image(figure):
    """The picture a reader sees in this chart figure (a locator), once loaded; None if not exactly one is visible."""
    return figure.evaluate(SHOWN_IMAGE)


def shown_images(page) -> list[tuple[str, dict | None]]:
    """The shown picture of every chart figure of the page, in one call to the browser: (figure id, picture)."""
    return page.evaluate(f"""async () => {{
        const shown = {SHOWN_IMAGE}, images = [];
        for (const figure of document.querySelectorAll('figure.chart')) images.push([figure.id, await shown(figure)]);
        return images;
    }}""")


def svg_text_facts(svg: str) -> tuple[float, float, list[str]]:
    """The SVG's own width, its smallest font size and its texts."""
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
    texts = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    return width, min(sizes), texts


SVGS: dict[str, str] = {}  # URL -> the SVG's text, fetched once per test process


def check_charts(page, context, width, scheme) -> list[str]:
    """The picture a reader gets (narrow below NARROW_BELOW, dark in the dark scheme), loaded, its text never
    shown below MIN_TEXT_PX and never cut off with an ellipsis."""
    problems = []
    for number, (figure_id, image) in enumerate(shown_images(page), 1):
        where = f"chart {number} ({figure_id})"
        if image is None:
            problems.append(f"{where}: not exactly one of the light and dark pictures is visible")
            continue
        if image["natural"] == 0:
            problems.append(f"{where}: {image['src']} did not load")
            continue
        if (".narrow." in image["src"]) != (width < NARROW_BELOW) or (".dark." in image["src"]) != (scheme == "dark"):
            problems.append(f"{where}: {image['src']} shown at {width} px in the {scheme} scheme")
        if image["src"] not in SVGS:
            SVGS[image["src"]] = context.request.get(image["src"]).text()
        svg_width, smallest, texts = svg_text_facts(SVGS[image["src"]])
        if smallest * image["width"] / svg_width < MIN_TEXT_PX:
            problems.append(f"{where}: {smallest} px text in {image['src']} shown at "
                            f"{smallest * image['width'] / svg_width:.1f} px")
        problems += [f"{where}: {text!r} is cut off" for text in texts if text.rstrip().endswith(("…", "..."))]
    return problems


def check_toolbars(page, context) -> list[str]:
    """Under every chart, visible: data (CSV with its metadata sidecar, XLSX), image (PNG), SVG, permalink and embed,
    each answering with its type, and a snippet for the embed page: the <iframe> and the resize script."""
    problems = []
    expected = {"data": "text/csv", "image": "image/png", "svg": "image/svg+xml", "embed": "text/html",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for figure in page.locator("figure.chart").all():
        figure_id = figure.get_attribute("id")
        where = f"toolbar of {figure_id}"
        if not figure.locator(".chart__toolbar").is_visible():
            problems.append(f"{where}: not visible")
        tools = {a.get_attribute("class").split("chart__tool--")[1]: a.evaluate("a => a.href")
                 for a in figure.locator("a.chart__tool").all()}
        if set(tools) != TOOLS:
            problems.append(f"{where}: links {sorted(tools)}, not {sorted(TOOLS)}")
            continue
        if urlparse(tools["permalink"]).fragment != figure_id or page.locator(f"#{figure_id}").count() != 1:
            problems.append(f"{where}: the permalink {tools['permalink']} does not lead to the chart")
        for tool, content_type in expected.items():
            response = context.request.get(tools[tool])
            if response.status != 200 or not response.headers["content-type"].startswith(content_type):
                problems.append(f"{where}: {tools[tool]} answers {response.status} {response.headers['content-type']}")
        metadata = figure.locator(".chart__toolbar a[href$='.csv-metadata.json']").evaluate("a => a.href")
        if context.request.get(metadata).json().get("url") != tools["data"].rsplit("/", 1)[1]:
            problems.append(f"{where}: {metadata} does not describe {tools['data']}")
        snippet = figure.locator(".chart__embed-code code").text_content()
        embed_path = urlparse(tools["embed"]).path
        if not re.fullmatch(r'<iframe width="100%" style="border:0" loading="lazy" src="https://[^"]+' + re.escape(embed_path)
                            + r'" title="[^"]+" height="\d+"></iframe>\n'
                            r'<script src="https://[^"]+/assets/javascripts/embed-resize\.js" integrity="sha256-[^"]+" '
                            r'crossorigin="anonymous" async></script>', snippet):
            problems.append(f"{where}: the embed snippet {snippet!r} does not load {embed_path}")
    return problems


def check_embed_page(page) -> list[str]:
    """A chart-only page links back to its chart on the full site, outside the frame."""
    back = page.locator(".embed__meta a[target=_top]").last.get_attribute("href") or ""
    return [] if back.startswith("https://") and re.search("#figure?-", back) else [f"embed: the link back is {back!r}"]


# --- Tables -------------------------------------------------------------------------------------------------------

# For every body cell (and every header cell that is shown): where it is, what clips it, its text size and
# the label it shows before its content. Run after every <details> is opened.
CELL_FACTS = """() => {
    const clip = (from, stop) => {  // the visible span left by every box from `from` up to `stop` that clips or scrolls
        let left = 0, right = window.innerWidth;
        for (let e = from; e && e !== stop; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== 'visible') {
                const r = e.getBoundingClientRect();
                left = Math.max(left, r.left); right = Math.min(right, r.right);
            }
        }
        return [left, right];
    };
    // Table boxes below the first screen skip their layout until the reader scrolls near them (extra.css:
    // content-visibility: auto); lay them all out now, as they are when the reader gets there.
    document.querySelectorAll('.table-scroll').forEach(box => box.style.contentVisibility = 'visible');
    const facts = [];
    document.querySelectorAll('article table').forEach((table, t) => {
        const [tableLeft, tableRight] = clip(table, document.body);  // shared by the table's cells
        table.querySelectorAll('td, th').forEach(cell => {
            const headerCell = cell.closest('thead') !== null;
            if (headerCell && getComputedStyle(cell.closest('thead')).position === 'absolute') return;  // read by labels
            const box = cell.getBoundingClientRect(), [left, right] = clip(cell.parentElement, table);
            const before = getComputedStyle(cell, '::before');
            facts.push({table: t, text: cell.textContent.trim().slice(0, 40), left: box.left, right: box.right,
                        clipLeft: Math.max(left, tableLeft), clipRight: Math.min(right, tableRight),
                        size: parseFloat(getComputedStyle(cell).fontSize),
                        label: cell.getAttribute('data-label'), shownLabel: before.content,
                        labelSize: parseFloat(before.fontSize), header: headerCell});
        });
    });
    return facts;
}"""


def check_tables(page, width) -> list[str]:
    """Every cell inside the viewport and inside any box that would clip or scroll it (no column hidden), its text
    at least MIN_TEXT_PX, and on a phone (stacked tables) every body cell shows its column's header."""
    problems = []
    for cell in page.evaluate(CELL_FACTS):
        where = f"table {cell['table']}, cell {cell['text']!r}"
        if cell["left"] < cell["clipLeft"] - 0.5 or cell["right"] > cell["clipRight"] + 0.5:
            problems.append(f"{where}: spans {cell['left']:.0f}–{cell['right']:.0f} px, visible "
                            f"{cell['clipLeft']:.0f}–{cell['clipRight']:.0f} px")
        if cell["size"] < MIN_TEXT_PX:
            problems.append(f"{where}: text {cell['size']} px")
        if width < STACKED_BELOW and not cell["header"]:
            if not cell["label"]:
                problems.append(f"{where}: no data-label, so no header on a phone")
            elif cell["shownLabel"] in ("none", "normal", "") or cell["labelSize"] < MIN_TEXT_PX:
                problems.append(f"{where}: label {cell['label']!r} shown as {cell['shownLabel']} at {cell['labelSize']} px")
    return problems


# --- Links and keyboard -------------------------------------------------------------------------------------------

CHECKED: dict[str, tuple[int, set[str]]] = {}  # URL without fragment -> (HTTP status, ids on the page), per process


def check_links(page, context, base_url) -> list[str]:
    """Every link the browser sees on the page into the site answers 200 (asked with HEAD; pages are then fetched
    for their ids), and its #anchor exists there."""
    problems = []
    own = urlparse(base_url).netloc
    for link in sorted(set(page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"))):
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or parsed.netloc != own:
            continue
        target = link.split("#")[0]
        if target not in CHECKED:
            response = context.request.head(target)  # the downloads' bodies are not needed, only their status
            ids = set()
            if "text/html" in response.headers.get("content-type", ""):
                page_text = context.request.get(target).text()
                ids = {html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', page_text)}
            CHECKED[target] = (response.status, ids)
        status, ids = CHECKED[target]
        if status != 200:
            problems.append(f"link: {link} answers {status}")
        elif parsed.fragment and unquote(parsed.fragment) not in ids:
            problems.append(f"link: no anchor #{parsed.fragment} on {target}")
    return problems


FOCUSED = """() => { const e = document.activeElement;
    return {tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '', role: e.getAttribute('role') || '',
            outline: getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth,
            shadow: getComputedStyle(e).boxShadow}; }"""


def check_keyboard(page) -> list[str]:
    """Tab through the whole page: the skip link first, a visible focus on every stop, and every chart's
    summaries, scroll regions and downloads reached."""
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    if not (first["tag"] == "A" and "md-skip" in first["cls"]):
        return [f"keyboard: the first Tab reaches {first}, not the skip link"]
    page.evaluate("document.querySelectorAll('figure.chart details').forEach(d => d.open = true)")
    problems, seen = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f["tag"] == "BODY" or (f["tag"] == "A" and "md-skip" in f["cls"]):
            break  # past the last stop: the page's tab order is done
        seen.append(f)
        if f["tag"] in ("A", "SUMMARY", "DIV") and f["outline"] in ("none 0px",) and f["shadow"] == "none":
            problems.append(f"keyboard: no visible focus on {f}")
    charts = page.locator("figure.chart").count()
    regions = [f for f in seen if f["tag"] == "DIV" and "table-scroll" in f["cls"]]
    downloads = [f for f in seen if f["tag"] == "A" and f["href"].endswith((".csv", ".vl.json"))]
    summaries = [f for f in seen if f["tag"] == "SUMMARY"]
    if charts < 1:
        problems.append("keyboard: the page has no chart")
    if not (len(summaries) >= charts and len(regions) >= charts and len(downloads) >= 2 * charts):
        problems.append(f"keyboard: {charts} charts but {len(summaries)} summaries, {len(regions)} scroll regions, "
                        f"{len(downloads)} downloads reached by Tab")
    return problems
