"""The tables in a real browser at 375 px and 1280 px, light and dark (Chromium via Playwright, as test_browser).

On every page with a table: every cell lies inside the viewport and inside any box that would clip or scroll
it (no column hidden, nothing to scroll sideways), its text is at least 12 CSS px, and on a phone every cell
shows its column's header (the data-label of build_scripts/md_tables.py and the templates). The stacked
layout keeps the table a table for assistive technology (Chromium's accessibility tree), and axe finds
nothing on those pages at 375 px.
"""

import pytest
from test_browser import AXE, AXE_DISABLED_RULES, base_url, browser, open_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

VIEWS = [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]
STACKED_BELOW = 720  # px; the media query of the "Tables on phones" block in extra.css (44.984375em)
MIN_TEXT_PX = 12


def pages_with_tables(site) -> list[str]:
    """Found in the built site (not at collection time, when a clean clone has no site yet)."""
    pages = sorted(p for p in site.rglob("index.html") if "<table" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 20, "the data, method, area and region pages in both languages have tables"
    return [p.relative_to(site).as_posix() for p in pages]


def url_of(base, page_path):
    return base + page_path[: -len("index.html")]


# For every body cell (and every header cell that is shown): where it is, what clips it, its text size and
# the label it shows before its content.
CELL_FACTS = """() => {
    document.querySelectorAll('details').forEach(d => d.open = true);
    const facts = [];
    document.querySelectorAll('article table').forEach((table, t) => {
        table.querySelectorAll('td, th').forEach(cell => {
            const headerCell = cell.closest('thead') !== null;
            if (headerCell && getComputedStyle(cell.closest('thead')).position === 'absolute') return;  // read by labels
            const box = cell.getBoundingClientRect();
            let left = 0, right = window.innerWidth;
            for (let e = cell.parentElement; e && e !== document.body; e = e.parentElement) {
                if (getComputedStyle(e).overflowX !== 'visible') {
                    const r = e.getBoundingClientRect();
                    left = Math.max(left, r.left); right = Math.min(right, r.right);
                }
            }
            const before = getComputedStyle(cell, '::before');
            facts.push({table: t, text: cell.textContent.trim().slice(0, 40), left: box.left, right: box.right,
                        clipLeft: left, clipRight: right, size: parseFloat(getComputedStyle(cell).fontSize),
                        label: cell.getAttribute('data-label'), shownLabel: before.content,
                        labelSize: parseFloat(before.fontSize), header: headerCell});
        });
    });
    return facts;
}"""


def table_problems(page, page_path, width) -> list[str]:
    facts = page.evaluate(CELL_FACTS)
    problems = [] if facts else [f"{page_path}: no table cell found"]
    for cell in facts:
        where = f"{page_path}, table {cell['table']}, cell {cell['text']!r}"
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
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return problems + ([f"{page_path}: the page scrolls {overflow} px sideways"] if overflow > 0 else [])


@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
def test_no_table_column_is_hidden(browser, base_url, built_site, width, scheme):
    """Every page with a table, one after the other; the failure lists the first problems of all pages."""
    context, page, _ = open_page(browser, base_url, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        problems = []
        for page_path in pages_with_tables(built_site):
            page.goto(url_of(base_url, page_path), wait_until="networkidle")
            problems += table_problems(page, page_path, width)
        assert problems == [], f"{len(problems)} problems at {width} px, {scheme}:\n" + "\n".join(problems[:30])
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


AXE_RUN = """async (disabled) => {
    const rules = Object.fromEntries(disabled.map(r => [r, {enabled: false}]));
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules});
    return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes[0].target.join(' ')})`);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_table_pages_at_375px(browser, base_url, built_site, scheme):
    """With every <details> open, so the stacked tables inside are checked too."""
    context, page, _ = open_page(browser, base_url, viewport={"width": 375, "height": 900}, color_scheme=scheme)
    try:
        found = {}
        for page_path in pages_with_tables(built_site):
            page.goto(url_of(base_url, page_path), wait_until="networkidle")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.evaluate(AXE.read_text(encoding="utf-8"))
            found[page_path] = page.evaluate(AXE_RUN, AXE_DISABLED_RULES)
        assert {p: v for p, v in found.items() if v} == {}
    finally:
        context.close()
