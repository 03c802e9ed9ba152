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
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.core import paths
from build_scripts.stages.validate import stage as validate
from conftest import copy_checkout

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
        shutil.copytree(paths.DATAPACKAGE_DIR, copy)
        target = copy / "data" / table
        text = mutate(target.read_text(encoding="utf-8"), operations)
        target.write_bytes(text.encode(encoding, errors="replace"))
        problems, _ = validate.collect_problems(copy / "datapackage.json")
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


@given(operations=edits)
def test_validation_of_a_mangled_descriptor_never_raises(operations):
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "datapackage"
        shutil.copytree(paths.DATAPACKAGE_DIR, copy)
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


DESCRIPTOR = json.loads(paths.DATAPACKAGE_JSON.read_text(encoding="utf-8"))
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
        shutil.copytree(paths.DATAPACKAGE_DIR, copy_dir)
        (copy_dir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        problems, _ = validate.collect_problems(copy_dir / "datapackage.json")
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


@given(operations=edits, encoding=st.sampled_from(["utf-8", "cp1252"]), two=st.booleans())
def test_submission_check_never_raises(operations, encoding, two):
    from build_scripts.commands import submission
    from build_scripts.devtools import synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = synthetic.write_csv(synthetic.submission_frame(5, seed=1), Path(tmp) / "s.csv")
        path.write_bytes(mutate(path.read_text(encoding="utf-8"), operations).encode(encoding, errors="replace"))
        files = [path, synthetic.write_csv(synthetic.submission_frame(3, seed=2), Path(tmp) / "t.csv")] if two else [path]
        problems = submission.check_files(files)
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)


# --- whatever validation accepts also builds, and stays text -----------------------------------------------

# Cells that reach the pages (labels, names, titles) or the derived tables (counts, populations).
CELLS = [("key_figures.csv", "label_da"), ("policy_areas.csv", "name_da"), ("examples.csv", "title_da"),
         ("examples.csv", "description_en"), ("units.csv", "label_da"), ("measures.csv", "label_da"),
         ("ref_population_municipalities.csv", "population"), ("ref_population_denmark.csv", "population"),
         ("regions.csv", "municipalities_responding")]
HOSTILE = ["<b>x</b>", "[x](javascript:alert(1))", "<script>alert(1)</script>", "{{ 7 * 7 }}", "{% raw %}", "*x* _y_",
           "| a | b |", "# x", "&amp; &#60;", "x\u2028y", "0", "10000000", "1e7", "-1", "", "=1+1", "a" * 300]
values = st.sampled_from(HOSTILE) | st.text(max_size=20) | st.integers(-10, 10**8).map(str)


def set_cell(path: Path, column: str, row_index: int, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1 + row_index % (len(rows) - 1)][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def build_copy(tmp_path_factory, built_site):
    """A copy of the repository with the real build's charts and downloads (the pages stage reads them)."""
    repo = tmp_path_factory.mktemp("accepted") / "main"
    copy_checkout(repo, {"site", "tests"})
    return repo


# Each example runs two build stages in new processes (seconds each): a sixth of the profile's examples.
@settings(max_examples=max(2, settings.default.max_examples // 6))
@given(cell=st.sampled_from(CELLS), row=st.integers(0, 500), value=values)
def test_what_validation_accepts_builds_and_stays_text(build_copy, cell, row, value):
    table, column = cell
    data = build_copy / "datapackage" / "data" / table
    original = data.read_bytes()
    try:
        set_cell(data, column, row, value)
        problems, _ = validate.collect_problems(build_copy / "datapackage" / "datapackage.json")
        if problems:
            return  # refused with a message: the other properties cover that
        result = subprocess.run([sys.executable, "-m", "build_scripts", "derive"], cwd=build_copy,
                                capture_output=True, text=True)
        if result.returncode == 0:
            result = subprocess.run([sys.executable, "-m", "build_scripts", "pages"], cwd=build_copy,
                                    capture_output=True, text=True)
        assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
        if "<" in value:
            pages = [p.read_text(encoding="utf-8") for p in (build_copy / "build" / "docs").rglob("*.md")]
            assert not [p for p in pages if value in p], value
    finally:
        data.write_bytes(original)
