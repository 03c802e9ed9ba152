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
- the home page and every chart page weigh at most 35 % (gzip) of a default
  Altair HTML export of one chart with its Vega libraries inlined.
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
    for config, out_dir in ((paths.MKDOCS_YML, "bare"), (paths.MKDOCS_EN_YML, "bare/en")):  # both editions
        timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config.name, "-d", str(repo / "build" / out_dir)],
              repo)
    rows.append(("bare mkdocs (both editions)", time.perf_counter() - start, "-"))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "main"
        shutil.copytree(paths.ROOT, repo, ignore=lambda folder, names: {
            n for n in names if Path(folder) == paths.ROOT and n in LEFT_OUT} | {"__pycache__"} & set(names))
        rows = builds(repo)
        print("== whole-process builds of a copy of the checkout, one after the other ==")
        print(f"{'build':<30}{'seconds':>9}  stages that ran")
        for what, seconds, ran in rows:
            print(f"{what:<30}{seconds:>9.2f}  {ran}")
        bare = rows[-1][1]
        print(f"ratio no change / bare mkdocs: {rows[1][1] / bare:.2f} (target ≤ 1.50)")
        print(f"ratio forced / bare mkdocs: {rows[0][1] / bare:.2f}")

        chart = charts.expenditure_by_area(lang.main())
        export = Path(tmp) / "altair.html"
        chart.draw(charts.WIDE, charts.LIGHT).save(str(export), format="html", inline=True)  # Altair's defaults
        altair_gz = gz(export.read_bytes())
        page_weights(repo / "site", altair_gz)
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


if __name__ == "__main__":
    sys.exit(main())
