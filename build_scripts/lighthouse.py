"""Benchmark: Lighthouse scores of key pages, served with gzip like a real static host.

Reads  site/ (run `make build` first) and node_modules/lighthouse (npm ci).
Writes build/lighthouse/<page>.json, the full reports. Prints the four category
scores per page. Targets: performance ≥ 0.95; accessibility, best practices and
SEO 1.0. Asserts nothing: this is a benchmark, not a test.
"""

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

from . import paths

PAGES = ["", "omraader/beskaeftigelse/", "data/", "om-tallene/", "kommuner-og-regioner/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
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
        import io

        return io.BytesIO(body)


def serve(directory):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    lighthouse = paths.ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    chrome = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not lighthouse.exists() or not chrome:
        print("Needs `npm ci` (Lighthouse) and Chromium (apt-get install chromium).")
        return 1
    server = serve(paths.SITE_DIR)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = paths.BUILD_DIR / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    flags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking " \
            "--disable-component-update --disable-sync"
    print(f"{'page':<28}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for page in PAGES:
        report = out / ((page.strip("/").replace("/", "-") or "home") + ".json")
        subprocess.run(["node", str(lighthouse), base + page, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
                       env={**os.environ, "CHROME_PATH": chrome}, check=True)
        scores = json.loads(report.read_text(encoding="utf-8"))["categories"]
        print(f"{'/' + page:<28}" + "".join(f"{scores[c]['score']:>16.2f}" for c in CATEGORIES))
    server.shutdown()
    print("Targets: performance ≥ 0.95; accessibility, best-practices and seo = 1.00")
    return 0


if __name__ == "__main__":
    sys.exit(main())
