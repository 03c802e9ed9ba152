"""Every page in a real browser (Debian's Chromium driven by Playwright, no browser download).

Each page is loaded once and gets every check in that one visit: keyboard use (on three pages), privacy (no
request to another host, no failed request, no console error, no CSP violation), accessibility (axe-core,
WCAG 2.0/2.1 A and AA), every link and anchor, and phones 375 px wide. Only the check of pages without
JavaScript needs a second load, in a context with JavaScript off.
"""

import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urlparse

import pytest

from build_scripts import paths

pytestmark = pytest.mark.browser

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps"]
# axe rules left out, each with its reason (never for our own markup):
AXE_DISABLED_RULES: list[str] = []


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def site_pages():
    return sorted(p.relative_to(paths.SITE_DIR).as_posix() for p in paths.SITE_DIR.rglob("index.html"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(built_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; under CI=true the browser tests must run")
        pytest.skip(message)
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def url_of(base_url, page):
    return base_url + page[: -len("index.html")]


def open_page(browser, url, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    record = {"requests": [], "failed": [], "console": []}
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("requestfailed", lambda r: record["failed"].append(f"{r.url} ({r.failure})"))
    page.on("console", lambda m: record["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record["console"].append(str(e)))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(url, wait_until="networkidle")
    return context, page, record


KEYBOARD_PAGES = {"index.html", "omraader/social/index.html", "kommuner-og-regioner/index.html"}
CHECKED: dict[str, tuple[int, set[str]]] = {}  # URL without fragment -> (HTTP status, ids on the page)


def check_keyboard(page) -> list[str]:
    page.keyboard.press("Tab")
    first = focused(page)
    if not (first["tag"] == "A" and "md-skip" in first["cls"]):
        return [f"keyboard: the first Tab reaches {first}, not the skip link"]
    page.evaluate("document.querySelectorAll('figure.chart details').forEach(d => d.open = true)")
    problems, seen = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        f = focused(page)
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


def check_private_and_within_the_csp(page, record, base_url) -> list[str]:
    if page.locator("input.md-search__input").count():  # exercise the search worker and its index
        page.fill("input.md-search__input", "integration")
        page.wait_for_timeout(300)
    own = urlparse(base_url).netloc
    foreign = [u for u in record["requests"] if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
    problems = [f"privacy: request to another host: {u}" for u in foreign]
    problems += [f"failed request: {f}" for f in record["failed"]]
    problems += [f"console error: {c}" for c in record["console"]]
    problems += [f"CSP violation: {v}" for v in page.evaluate("window.__csp")]
    if page.locator('meta[http-equiv="Content-Security-Policy"]').count() != 1:
        problems.append("the page lacks its one Content-Security-Policy <meta>")
    return problems


def check_axe(page) -> list[str]:
    # page.evaluate runs axe through the DevTools protocol, which the page's CSP does not restrict.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (disabled) => {
            const rules = Object.fromEntries(disabled.map(r => [r, {enabled: false}]));
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules});
            return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes[0].target.join(' ')})`);
        }""", AXE_DISABLED_RULES)
    return [f"axe: {v}" for v in violations]


def check_links(page, context, base_url, page_path) -> list[str]:
    """Every link the browser sees on the page, fetched over HTTP from the served site."""
    import html
    import re
    from urllib.parse import unquote

    problems = []
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    own = urlparse(base_url).netloc
    for link in sorted(set(links)):
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or parsed.netloc != own:
            continue
        target = link.split("#")[0]
        if target not in CHECKED:
            response = context.request.get(target)
            ids = set()
            if "text/html" in response.headers.get("content-type", ""):
                ids = {html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', response.text())}
            CHECKED[target] = (response.status, ids)
        status, ids = CHECKED[target]
        if status != 200:
            problems.append(f"link: {link} answers {status}")
        elif parsed.fragment and unquote(parsed.fragment) not in ids:
            problems.append(f"link: no anchor #{parsed.fragment} on {target}")
    return problems


def check_375px(page) -> list[str]:
    page.set_viewport_size({"width": 375, "height": 800})
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"375 px: the page scrolls {overflow} px sideways")
    for table in page.locator("article table").all():
        scroller = table.evaluate("""t => { for (let e = t.parentElement; e; e = e.parentElement) {
            const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; }""")
        if not scroller:
            problems.append("375 px: a table without a scrolling container")
    return problems


@pytest.mark.parametrize("page_path", site_pages())
def test_page_in_the_browser(browser, base_url, page_path):
    """One visit, every check; the failure lists every problem found, not just the first."""
    context, page, record = open_page(browser, url_of(base_url, page_path))
    try:
        problems = check_keyboard(page) if page_path in KEYBOARD_PAGES else []
        problems += check_axe(page)  # before the search below opens its results (the theme's overlay)
        problems += check_links(page, context, base_url, page_path)
        problems += check_375px(page)
        problems += check_private_and_within_the_csp(page, record, base_url)  # every request of the whole visit
        assert problems == [], f"{page_path}:\n" + "\n".join(problems)
    finally:
        context.close()


def test_the_keyboard_pages_exist():
    assert KEYBOARD_PAGES <= set(site_pages())


def focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '', role: e.getAttribute('role') || '',
                outline: getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth,
                shadow: getComputedStyle(e).boxShadow}; }""")


@pytest.mark.parametrize("page_path", [p for p in site_pages() if p.count("/") <= 2])
def test_works_without_javascript(browser, base_url, page_path):
    context, page, _ = open_page(browser, url_of(base_url, page_path), java_script_enabled=False)
    try:
        for figure in page.locator("figure.chart").all():
            img = figure.locator("img:visible")  # the light or the dark picture, never both
            assert img.count() == 1 and img.evaluate("i => i.complete && i.naturalWidth > 0")
            assert figure.locator("figcaption").is_visible()
            figure.locator(".chart__data summary").click()
            assert figure.locator("table").is_visible()
        target = "data" if "metode/" in page_path else "metode"
        page.locator(f"nav.md-nav--primary a.md-nav__link[href*='{target}']").first.click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith(target)
    finally:
        context.close()


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
