"""Benchmark: build timings and page weights. Prints numbers; asserts nothing.

Run with `make bench`. Reads the repository; builds in a scratch copy of it (without releases/, so that the
edited CSV is not a change of a frozen release), where it also makes the bare mkdocs build and the Altair export.
Every build is timed as a whole process, `python -m build_scripts build`, as a maintainer runs it, side by side:
- forced: every stage runs (`--force`);
- no change: the same build again, nothing edited (every stage skipped);
- one CSV edited: a text cell of datapackage/data/examples.csv changed (the stages that read the package run);
- bare mkdocs: `mkdocs build` of both editions' pages as the build left them.

Targets (from the project's issues):
- a build with nothing changed costs at most 1.5 × a bare `mkdocs build` of both editions;
- everything a page loads when it is opened weighs at most 35 % (gzip) of a
  default Altair HTML export of one chart with its Vega libraries inlined
  (issue 22: load_weights(), side by side with that export; the search index
  and its worker count when the theme fetches them at once, not when they wait
  until the reader opens the search).
"""

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

from build_scripts.core import lang
from build_scripts.core.paths import Paths
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


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Seconds a command takes as a whole process, and what it printed."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start, result.stdout


def stages_run(output: str) -> str:
    return " ".join(re.findall(r"^\[(\w+)\] …$", output, re.M)) or "none"


def builds(repo: Path) -> list[tuple[str, float, str]]:
    """(what, seconds, stages run) of the forced, no-change, one-CSV and bare mkdocs builds in `repo`."""
    build = [sys.executable, "-m", "build_scripts", "build"]
    rows = []
    seconds, out = timed(build + ["--force"], repo)
    rows.append(("forced (every stage)", seconds, stages_run(out)))
    seconds, out = timed(build, repo)
    rows.append(("no change", seconds, stages_run(out)))
    examples = repo / "datapackage" / "data" / "examples.csv"
    examples.write_text(examples.read_text(encoding="utf-8").replace("Consultants or ambassadors who help",
                                                                     "Consultants or ambassadors helping", 1),
                        encoding="utf-8")
    seconds, out = timed(build, repo)
    rows.append(("one CSV edited", seconds, stages_run(out)))
    start = time.perf_counter()
    for edition in lang.languages():  # every edition, as the site stage builds them
        out_dir = "bare" if edition.is_main else f"bare/{edition.code}"
        timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", edition.mkdocs_path, "-d", str(repo / "build" / out_dir)],
              repo)
    rows.append(("bare mkdocs (both editions)", time.perf_counter() - start, "-"))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "main"
        root = Paths.checkout().root
        shutil.copytree(root, repo, ignore=lambda folder, names: {
            n for n in names if Path(folder) == root and n in LEFT_OUT} | {"__pycache__"} & set(names))
        rows = builds(repo)
        print("== whole-process builds of a copy of the checkout, one after the other ==")
        print(f"{'build':<30}{'seconds':>9}  stages that ran")
        for what, seconds, ran in rows:
            print(f"{what:<30}{seconds:>9.2f}  {ran}")
        bare = rows[-1][1]
        print(f"ratio no change / bare mkdocs: {rows[1][1] / bare:.2f} (target ≤ 1.50)")
        print(f"ratio forced / bare mkdocs: {rows[0][1] / bare:.2f}")

        altair_gz = altair_export_gzip(Path(tmp), Paths(repo))
        page_weights(repo / "site", altair_gz)
        load_weights(repo / "site", altair_gz)
    return 0


# Left out of the scratch copy: what is not the project, what each build makes anew, and the frozen releases.
LEFT_OUT = {".venv", ".venv-tools", "node_modules", ".git", ".pytest_cache", ".hypothesis", "site", "releases", "tests"}


def page_weights(site: Path, altair_gz: int) -> None:
    print(f"\n== page weight (bytes; raw / gzip) ==   Altair HTML export, gzip: {altair_gz}")
    print(f"{'page':<36}{'html':>16}{'css':>16}{'js':>16}{'img':>18}{'total gz':>10}{'% altair':>10}")
    for page in sorted(site.rglob("index.html")):
        weight = page_weight(page)
        total_gz = sum(g for _, g in weight.values())
        cells = "".join(f"{'%d/%d' % weight.get(k, (0, 0)):>{w}}" for k, w in (("html", 16), ("css", 16), ("js", 16), ("img", 18)))
        name = page.parent.relative_to(site).as_posix() + "/"
        print(f"{name:<36}{cells}{total_gz:>10}{100 * total_gz / altair_gz:>9.0f}%")


TARGET_SHARE = 0.35  # of the Altair export (gzip)


def altair_export_gzip(folder: Path, built: Paths) -> int:
    """Gzip bytes of a default Altair HTML export (Vega, Vega-Lite and vega-embed inlined) of the home page's chart,
    drawn from the project `built` (the charts read its derived tables)."""
    chart = charts.expenditure_by_area(built, lang.main())
    export = folder / "altair.html"
    chart.draw(charts.WIDE, charts.LIGHT).configure(**charts.config(charts.LIGHT)).save(
        str(export), format="html", inline=True)
    return gz(export.read_bytes())


def loads_at_open(page: Path) -> list[Path]:
    """The files a browser fetches when `page` is opened: the page, its stylesheets and scripts, each chart's one
    picture of the default (light, wide) view, and the search index and worker if the theme's script fetches them at
    once (an unpatched bundle does; build_scripts/stages/site/stage.py makes it wait until the search is opened)."""
    from build_scripts.stages.site import stage as site_stage

    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = [page]
    refs = [el.get("href") for el in doc.find_all("link") if "stylesheet" in el.get("rel", [])]
    refs += [el.get("src") for el in doc.find_all("script") if el.get("src")]
    refs += [fig.find("img").get("src") for fig in doc.select("figure.chart") if fig.find("img")]
    refs += [img.get("src") for img in doc.find_all("img") if not img.find_parent("figure", class_="chart")]
    for ref in refs:
        if ref and not ref.startswith(("http:", "https:", "data:")):
            target = (page.parent / ref.split("?")[0]).resolve()
            if target.is_file() and target not in files:
                files.append(target)
    bundle = next((f for f in files if f.name.startswith("bundle.") and f.suffix == ".js"), None)
    if bundle and site_stage.SEARCH_ON_OPEN not in bundle.read_text(encoding="utf-8"):
        edition = next((p for p in [page.parent, *page.parents] if (p / "search" / "search_index.json").is_file()), None)
        if edition:
            files.append(edition / "search" / "search_index.json")
        files += sorted((bundle.parent / "workers").glob("search.*.min.js"))
    return files


def load_weights(site: Path, altair_gz: int) -> None:
    """Everything each page loads when opened (gzip), side by side with the Altair export: the share and the target."""
    print(f"\n== everything a page loads when opened (gzip), against the Altair export ({altair_gz} bytes gzip; "
          f"target ≤ {TARGET_SHARE:.2f}) ==")
    print(f"{'page':<40}{'files':>6}{'raw':>10}{'gzip':>9}{'share':>8}")
    worst = 0.0
    for page in sorted(site.rglob("index.html")):
        if "data" in page.relative_to(site).parts[:-2]:
            continue  # the published downloads' folders
        files = loads_at_open(page)
        raw, packed = sum(f.stat().st_size for f in files), sum(gz(f.read_bytes()) for f in files)
        share = packed / altair_gz
        worst = max(worst, share)
        name = page.parent.relative_to(site).as_posix() + "/"
        print(f"{name:<40}{len(files):>6}{raw:>10}{packed:>9}{share:>8.2f}{'' if share <= TARGET_SHARE else '  over'}")
    print(f"largest share: {worst:.2f} (target ≤ {TARGET_SHARE:.2f})")


if __name__ == "__main__":
    sys.exit(main())
