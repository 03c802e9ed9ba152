"""Benchmark: Lighthouse scores of key pages, served with gzip like a real static host.

Reads  site/ (run `make build` first) and node_modules/lighthouse (npm ci).
Writes build/lighthouse/<page>.json, the full report of each page's median run
(and <page>.<n>.json for every run). Prints, per page, the median of the four
category scores and of the performance metrics over the runs (`--runs N`,
default 3; the runs go round the pages, so a busy moment on a shared machine
does not fall on one page only). Scores of single runs vary by several points
on a loaded machine: compare medians. Targets: performance ≥ 0.95;
accessibility, best practices and SEO 1.0. Asserts nothing: this is a
benchmark, not a test.

    python -m build_scripts.devtools.lighthouse [--runs N] [PAGE ...]
"""

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading

from build_scripts.core.paths import Paths
from build_scripts.devtools import chromium

PAGES = ["", "omraader/beskaeftigelse/", "data/", "tabeller/", "om-tallene/", "kommuner-og-regioner/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The metrics the performance score is made of (Lighthouse 10+ weights: 10, 25, 30, 25, 10 %).
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text types and a long cache for hashed assets."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000" if "/assets/" in self.path else "public, max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """The browser drops connections it no longer needs (a hidden lazy image); that is no error here."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory):
    server = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def report_name(page: str) -> str:
    return page.strip("/").replace("/", "-") or "home"


def summary(report: dict) -> dict:
    """The category scores and performance metrics (ms; CLS unitless) of one report."""
    values = {c: report["categories"][c]["score"] for c in CATEGORIES}
    values.update({name: report["audits"][audit]["numericValue"] for name, audit in METRICS.items()})
    return values


def median_run(runs: list[dict]) -> int:
    """The index of the run whose performance score is the median (of an even number, the lower middle)."""
    order = sorted(range(len(runs)), key=lambda i: runs[i]["performance"])
    return order[(len(order) - 1) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.devtools.lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (default 3); medians are printed")
    parser.add_argument("pages", nargs="*", default=PAGES, help="paths below the site root (default: the key pages)")
    args = parser.parse_args(argv)
    paths = Paths.checkout()
    lighthouse = paths.root / "node_modules" / "lighthouse" / "cli" / "index.js"
    chrome = chromium.executable()
    if not lighthouse.exists() or not chrome:
        print("Needs `npm ci` (Lighthouse) and Chromium (apt-get install chromium).")
        return 1
    server = serve(paths.site_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = paths.build_dir / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    flags = " ".join(["--headless=new", *chromium.ARGS])
    runs: dict[str, list[dict]] = {page: [] for page in args.pages}
    for n in range(1, args.runs + 1):
        for page in args.pages:
            report = out / f"{report_name(page)}.{n}.json"
            subprocess.run(["node", str(lighthouse), base + page, "--quiet", "--output=json", f"--output-path={report}",
                            f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
                           env={**os.environ, "CHROME_PATH": chrome}, check=True)
            runs[page].append(summary(json.loads(report.read_text(encoding="utf-8"))))
            print(f"run {n}/{args.runs} /{page}: performance {runs[page][-1]['performance']:.2f}", flush=True)
    server.shutdown()
    print(f"\nMedians of {args.runs} run(s) per page ({os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}):")
    print(f"{'page':<28}{'perf':>6}{'(min-max)':>11}{'a11y':>6}{'BP':>6}{'SEO':>6}"
          f"{'FCP':>7}{'LCP':>7}{'TBT':>6}{'CLS':>6}{'SI':>7}")
    for page, results in runs.items():
        med = {key: statistics.median(r[key] for r in results) for key in results[0]}
        perf = [r["performance"] for r in results]
        shutil.copyfile(out / f"{report_name(page)}.{median_run(results) + 1}.json", out / f"{report_name(page)}.json")
        print(f"{'/' + page:<28}{med['performance']:>6.2f}{f'({min(perf):.2f}-{max(perf):.2f})':>11}"
              f"{med['accessibility']:>6.2f}{med['best-practices']:>6.2f}{med['seo']:>6.2f}"
              f"{med['FCP']:>7.0f}{med['LCP']:>7.0f}{med['TBT']:>6.0f}{med['CLS']:>6.3f}{med['SI']:>7.0f}")
    print("Metrics in ms (CLS unitless). Targets: performance ≥ 0.95; accessibility, best-practices and seo = 1.00")
    return 0

if __name__ == "__main__":
    sys.exit(main())
