"""Benchmark: build timings and page weights. Prints numbers; asserts nothing.

Run with `make bench`. Reads the repository; writes build/ and site/ (a normal
build) and a scratch folder for the bare mkdocs build and the Altair export.

Targets (from the project's issues):
- the whole build takes at most 3 × a bare `mkdocs build` of the same docs;
- the home page and every chart page weigh at most 35 % (gzip) of a default
  Altair HTML export of one chart with its Vega libraries inlined.
"""

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

from build_scripts import cli
from build_scripts.core import lang, paths
from build_scripts.stages.charts import stage as charts


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(page: Path) -> dict[str, tuple[int, int]]:
    """Raw and gzip bytes of a page and what it loads from the site, by kind."""
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    kinds = {"html": [page]}
    for tag, attr, kind in (("link", "href", "css"), ("script", "src", "js"), ("img", "src", "img")):
        for el in doc.find_all(tag):
            ref = el.get(attr)
            if not ref or (tag == "link" and "stylesheet" not in el.get("rel", [])):
                continue
            target = (page.parent / ref.split("?")[0]).resolve()
            if target.is_file():
                kinds.setdefault(kind, []).append(target)
    return {k: (sum(f.stat().st_size for f in files), sum(gz(f.read_bytes()) for f in files)) for k, files in kinds.items()}


def main() -> int:
    print("== build stages ==")
    start = time.perf_counter()
    timings = cli.build()
    total = time.perf_counter() - start

    print("\n== bare mkdocs build of the same docs (Danish and English) ==")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        for config, out in ((paths.MKDOCS_YML, tmp), (paths.MKDOCS_EN_YML, f"{tmp}/en")):  # both editions, as the build
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", out],
                           cwd=paths.ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        bare = time.perf_counter() - t0

        chart = charts.expenditure_by_area(lang.main())
        export = Path(tmp) / "altair.html"
        chart.spec.save(str(export), format="html", inline=True)
        altair_gz = gz(export.read_bytes())

    print(f"{'stage':<12}{'seconds':>10}")
    for name, seconds in timings.items():
        print(f"{name:<12}{seconds:>10.2f}")
    print(f"{'whole build':<12}{total:>10.2f}")
    print(f"{'bare mkdocs':<12}{bare:>10.2f}")
    print(f"ratio whole/bare: {total / bare:.2f} (target ≤ 3.00)")

    print(f"\n== page weight (bytes; raw / gzip) ==   Altair HTML export, gzip: {altair_gz}")
    print(f"{'page':<36}{'html':>16}{'css':>16}{'js':>16}{'img':>18}{'total gz':>10}{'% altair':>10}")
    for page in sorted(paths.SITE_DIR.rglob("index.html")):
        weight = page_weight(page)
        total_gz = sum(g for _, g in weight.values())
        cells = "".join(f"{'%d/%d' % weight.get(k, (0, 0)):>{w}}" for k, w in (("html", 16), ("css", 16), ("js", 16), ("img", 18)))
        name = page.parent.relative_to(paths.SITE_DIR).as_posix() + "/"
        print(f"{name:<36}{cells}{total_gz:>10}{100 * total_gz / altair_gz:>9.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
