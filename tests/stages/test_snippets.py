"""The Python loading snippets on the data page run, as shown, against the built site.

The built site is served on 127.0.0.1 by a local http.server in a thread, and each snippet's published address
(the site's URL) is replaced by the local server's. DuckDB would need its httpfs extension to read Parquet over
http, and that extension cannot be downloaded here, so the DuckDB snippet reads the same Parquet file through
its path in site/ instead (the only change made to it).
"""

import functools
import http.server
import threading

import pytest
import yaml
from bs4 import BeautifulSoup

from build_scripts.core import package
from conftest import CHECKOUT


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def site_url() -> str:
    return yaml.safe_load(CHECKOUT.mkdocs_yml.read_text(encoding="utf-8"))["extra"]["site_da"]


def page_snippets(built_site, page: str) -> dict[str, str]:
    doc = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    return {pre["data-snippet"]: pre.get_text() for pre in doc.select("pre.snippet")}


def run(code: str) -> dict:
    namespace: dict = {}
    exec(compile(code, "<snippet>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace


def test_snippets_use_this_versions_real_address(built_site):
    base = f"{site_url()}data/v{package.descriptor(CHECKOUT.datapackage_json)['version']}/"
    for page in ("data/index.html", "en/data/index.html"):
        snippets = page_snippets(built_site, page)
        assert set(snippets) == {"pandas", "frictionless", "duckdb", "readr"}
        for code in snippets.values():
            assert base in code


def test_pandas_snippet_keeps_codes_and_figures_as_text(built_site, server):
    code = page_snippets(built_site, "data/index.html")["pandas"].replace(site_url(), server)
    ns = run(code)
    figures, municipalities = ns["area_figures"], ns["ref_municipalities"]
    assert str(figures["value_text"].dtype) == "string" and "742.000" in set(figures["value_text"])
    assert figures["value"].dtype == "float64"
    assert "0101" in set(municipalities["dagi_code"])
    assert len(figures) == len(package.table("area_figures", CHECKOUT.datapackage_json))


def test_frictionless_snippet_reads_typed_rows(built_site, server):
    code = page_snippets(built_site, "en/data/index.html")["frictionless"].replace(site_url(), server)
    rows = run(code)["area_figures"]
    assert len(rows) == len(package.table("area_figures", CHECKOUT.datapackage_json))
    assert "742.000" in {row["value_text"] for row in rows}
    assert all(isinstance(row["value_text"], str) for row in rows)


def test_duckdb_snippet_reads_the_parquet_file(built_site):
    version_dir = built_site / "data" / f"v{package.descriptor(CHECKOUT.datapackage_json)['version']}"
    code = page_snippets(built_site, "data/index.html")["duckdb"].replace(
        f"{site_url()}data/v{package.descriptor(CHECKOUT.datapackage_json)['version']}/", version_dir.as_posix() + "/")
    df = run(code)["area_figures"]
    assert "742.000" in set(df["value_text"]) and len(df) == len(package.table("area_figures", CHECKOUT.datapackage_json))
