"""Property: whatever a maintainer does to a CSV, validation reports problems or passes; it never crashes.

And what validation accepts, the build turns into pages without a traceback, with the data as text.
"""

import copy
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st

from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, built_copy

TABLES = ["regions.csv", "units.csv", "area_figures.csv", "timeline.csv"]

edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace"]),
        st.floats(min_value=0, max_value=1),
        st.text(alphabet=st.sampled_from(list(',;"\n\r\t -.0123456789abcæøå€\ufeff')) | st.characters(), min_size=1, max_size=6),
    ),
    min_size=1, max_size=4,
)


def mutate(text: str, operations) -> str:
    for op, where, chunk in operations:
        i = int(where * len(text))
        if op == "insert":
            text = text[:i] + chunk + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + len(chunk):]
        else:
            text = text[:i] + chunk + text[i + len(chunk):]
    return text


@given(table=st.sampled_from(TABLES), operations=edits, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_validation_never_raises(table, operations, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "datapackage"
        shutil.copytree(CHECKOUT.datapackage_dir, copy)
        target = copy / "data" / table
        text = mutate(target.read_text(encoding="utf-8"), operations)
        target.write_bytes(text.encode(encoding, errors="replace"))
        problems, _ = validate.collect_problems(copy / "datapackage.json")
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


@given(operations=edits)
def test_validation_of_a_mangled_descriptor_never_raises(operations):
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "datapackage"
        shutil.copytree(CHECKOUT.datapackage_dir, copy)
        descriptor = copy / "datapackage.json"
        descriptor.write_text(mutate(descriptor.read_text(encoding="utf-8"), operations), encoding="utf-8",
                              errors="replace")
        problems, _ = validate.collect_problems(descriptor)
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


def _paths(node, prefix=()):
    """Every place in a JSON document: dict keys and list items."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield prefix + (i,)
            yield from _paths(value, prefix + (i,))


DESCRIPTOR = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
PLACES = list(_paths(DESCRIPTOR))


@given(place=st.sampled_from(PLACES), action=st.sampled_from(["delete", "replace"]),
       value=st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8) | st.just([]) | st.just({}))
def test_validation_of_a_restructured_descriptor_never_raises(place, action, value):
    descriptor = copy.deepcopy(DESCRIPTOR)
    parent = descriptor
    for key in place[:-1]:
        parent = parent[key]
    if action == "delete":
        del parent[place[-1]]
    else:
        parent[place[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        copy_dir = Path(tmp) / "datapackage"
        shutil.copytree(CHECKOUT.datapackage_dir, copy_dir)
        (copy_dir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        problems, _ = validate.collect_problems(copy_dir / "datapackage.json")
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


@given(operations=edits, encoding=st.sampled_from(["utf-8", "cp1252"]), two=st.booleans())
def test_submission_check_never_raises(operations, encoding, two):
    from build_scripts.commands import submission
    from build_scripts.devtools import synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = synthetic.write_csv(synthetic.submission_frame(CHECKOUT, 5, seed=1), Path(tmp) / "s.csv")
        path.write_bytes(mutate(path.read_text(encoding="utf-8"), operations).encode(encoding, errors="replace"))
        files = [path, synthetic.write_csv(synthetic.submission_frame(CHECKOUT, 3, seed=2), Path(tmp) / "t.csv")] if two else [path]
        problems = submission.check_files(CHECKOUT, files)
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


# --- validate is the one gate: what it accepts, every stage builds (issue 20, section 1) ---------------------------
#
# For any package, either `validate` refuses it (every problem names its file, and the line and field where it has
# them), or `build` succeeds and every published file is well-formed: HTML, the Atom feed and the sitemap (XML),
# every JSON file (strict: no NaN or Infinity), the SQLite database, the Parquet files, the ZIP, the workbooks,
# BibTeX and the DCAT metadata (Turtle). Never a traceback, never a native abort. One change per example, to a
# copy of this checkout: a cell (text from the whole of Unicode, numbers in other scripts, extreme numbers and
# dates), a deleted row, a constraint removed from datapackage.json (as a pull request may), a property of the
# descriptor, or a line of CHANGELOG.md. Each example that passes `validate` runs the whole build (seconds), so
# the default profile tries a few; the weekly workflow (HYPOTHESIS_PROFILE=thorough) many.

TABLES_BY_NAME = {r["name"]: r for r in DESCRIPTOR["resources"] if r.get("type") == "table"}
COLUMNS = [(name, f["name"], f["type"]) for name, r in TABLES_BY_NAME.items() for f in r["schema"]["fields"]]
HOSTILE = ["\x00", "\x1b[31m", "\x85", "\u2028", "\u2029", "\ufffe", "\uffff", "\u202e", "\u2066", "\u200b",
           "\ufeff", "a\u0308", '"', "\\", "'", "{{ 7 * 7 }}", "{% raw %}", "# x", "- x", "    kode", "> x", "1. x",
           "[x](javascript:alert(1))", "<script>alert(1)</script>", "<b>x</b>", "&amp; &#60;", "=1+1", "*x* _y_",
           "| a | b |", "٨٠", "８０", "Infinity", "NaN", "-Infinity", "1e308", "-0", "2999-01-01", "2021-02-30",
           "0", "", " x", "a" * 300, "javascript:alert(1)", "//evil.example", "https://example.org/a b"]
plain = st.text(alphabet=st.sampled_from(list("abcxyzæøåÆØÅ0123456789 .,;:-'\"\\{}[]()#*_|<>&%$~^@/")), max_size=24)
any_text = st.text(st.characters(codec="utf-8"), max_size=12)
texts = st.sampled_from(HOSTILE) | plain | any_text | st.builds(lambda a, b: a + b, plain, st.sampled_from(HOSTILE))
numbers = (st.integers(-10**20, 10**20).map(str) | st.floats().map(repr)
           | st.sampled_from(["٨٠", "８０", "1e308", "1e-308", "Infinity", "NaN", "-0", "0.0001", "1,5", "1.000", "+5", "05"]))
dates = st.dates().map(str) | st.sampled_from(["2999-01-01", "1899-12-31", "2021-02-30", "2021-1-1", "primo 2021"])
VALUES = {"number": numbers | texts, "integer": numbers | texts, "date": dates | texts, "string": texts | numbers}
CONSTRAINTS = [(name, f["name"], key) for name, r in TABLES_BY_NAME.items() for f in r["schema"]["fields"]
               for key in f.get("constraints", {})]
changes = st.one_of(
    st.tuples(st.just("cell"), st.sampled_from(COLUMNS), st.integers(0, 500), st.data()),
    st.tuples(st.just("delete-row"), st.sampled_from(sorted(TABLES_BY_NAME)), st.integers(0, 500), st.none()),
    st.tuples(st.just("drop-constraint"), st.sampled_from(CONSTRAINTS), st.integers(0, 500), texts | numbers),
    st.tuples(st.just("property"), st.sampled_from(["created", "version", "homepage", "title", "name", "keywords"]),
              st.integers(0, 0), texts | numbers | dates),
    st.tuples(st.just("changelog"), st.just("line"), st.integers(0, 200), texts | st.sampled_from(
        ["## 1.1.0 — 2026-02-30", "## 1.1.0 - 2026-11-22", "## 01.1.0 — 2026-11-22", "<!-- da -->", "[x](data:x)"])),
)


def set_cell(path: Path, column: str, row_index: int, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1 + row_index % (len(rows) - 1)][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def apply(repo: Path, change) -> Path:
    """Make one change in the copy; returns the file it changed."""
    kind, what, index, value = change
    package_json = repo / "datapackage" / "datapackage.json"
    if kind == "cell":
        table, column, field_type = what
        path = repo / "datapackage" / TABLES_BY_NAME[table]["path"]
        set_cell(path, column, index, value.draw(VALUES[field_type]))
        return path
    if kind == "delete-row":
        path = repo / "datapackage" / TABLES_BY_NAME[what]["path"]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        del lines[1 + index % (len(lines) - 1)]
        path.write_text("".join(lines), encoding="utf-8")
        return path
    if kind == "changelog":
        path = repo / "CHANGELOG.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[index % len(lines)] = value
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
    descriptor = json.loads(package_json.read_text(encoding="utf-8"))
    if kind == "drop-constraint":
        table, field, key = what
        resource = next(r for r in descriptor["resources"] if r["name"] == table)
        next(f for f in resource["schema"]["fields"] if f["name"] == field)["constraints"].pop(key)
        path = repo / "datapackage" / resource["path"]
        column = field
        set_cell(path, column, index, value)  # and a value the dropped constraint would have refused, perhaps
        return path
    descriptor[what] = value
    package_json.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return package_json


def strict_json(text: str):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def assert_well_formed(repo: Path) -> None:
    """Every file the build published parses as what it is."""
    import sqlite3
    import xml.etree.ElementTree as ET
    import zipfile

    import pyarrow.parquet as pq
    from bs4 import BeautifulSoup
    from openpyxl import load_workbook
    from rdflib import Graph

    site, downloads = repo / "site", repo / "build" / "downloads"
    for page in site.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert len(doc.find_all("html")) == len(doc.find_all("body")) == 1, page
    for xml in (site / "feed.xml", site / "sitemap.xml"):
        ET.fromstring(xml.read_bytes())
    for path in [*site.rglob("*.json"), *site.rglob("*.jsonld"), *downloads.rglob("*.json"), *downloads.rglob("*.jsonld")]:
        strict_json(path.read_text(encoding="utf-8"))
    database = next(downloads.glob("*.sqlite"))
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            con.execute(f'SELECT count(*) FROM "{table.replace(chr(34), chr(34) * 2)}"').fetchone()
    finally:
        con.close()
    for parquet in downloads.rglob("*.parquet"):
        pq.read_table(parquet)
    with zipfile.ZipFile(next(downloads.glob("*.zip"))) as archive:
        assert archive.testzip() is None
    for book in downloads.rglob("*.xlsx"):
        load_workbook(book, read_only=True).close()
    Graph().parse(downloads / "dcat.ttl", format="turtle")
    bib = (downloads / "citation.bib").read_text(encoding="utf-8")
    depth = 0
    for i, char in enumerate(bib):
        if char in "{}" and (i == 0 or bib[i - 1] != "\\"):
            depth += 1 if char == "{" else -1
            assert depth >= 0, bib
    with (downloads / "data" / "sources.csv").open(encoding="utf-8") as fh:
        documents = len(fh.read().splitlines()) - 1  # one entry per source document, and one for this compilation
    assert depth == 0 and bib.count("\n@") + bib.startswith("@") == documents + 1, bib


@pytest.fixture(scope="module")
def build_copy(tmp_path_factory):
    """A copy of the test run's built project (built(): its build/, so each build here runs only the stages whose
    inputs the example changed, and renders only the charts whose spec changed), without releases/ (this version is
    not frozen there, so a changed figure is not a changed release)."""
    repo = built_copy(tmp_path_factory.mktemp("accepted") / "main").root
    shutil.rmtree(repo / "releases")
    (repo / "releases").mkdir()  # as in a project that has frozen no version yet
    return repo


# Each example that passes validate runs the whole build in a new process (seconds): a sixth of the profile's
# examples. No shrinking: a failing example is printed as found (each shrinking step would be a build).
@settings(max_examples=max(2, settings.default.max_examples // 6),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(change=changes)
def test_validate_refuses_or_the_build_succeeds_and_publishes_well_formed_files(build_copy, change):
    watched = [build_copy / "CHANGELOG.md", build_copy / "datapackage" / "datapackage.json",
               *sorted((build_copy / "datapackage" / "data").glob("*"))]
    original = {path: path.read_bytes() for path in watched}
    try:
        apply(build_copy, change)
        problems, _ = validate.collect_problems(build_copy / "datapackage" / "datapackage.json")
        if problems:
            event(f"refused: {problems[0].title}")
            assert all(isinstance(p, validate.Problem) and p.da and p.en and (build_copy / p.file).exists()
                       for p in problems), [str(p) for p in problems]
            return
        event(f"built: {change[0]}")
        result = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=build_copy,
                                capture_output=True, text=True)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in output and "panicked" not in output, output[-3000:]
        assert_well_formed(build_copy)
        for page in (build_copy / "build" / "docs").rglob("*.md"):  # markup from the data stays text
            assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page
    finally:
        for path in set(original) | set((build_copy / "datapackage" / "data").glob("*")):
            if path in original:
                path.write_bytes(original[path])
            else:
                path.unlink()
