"""Property: whatever a maintainer does to a CSV, validation reports problems or passes; it never crashes."""

import copy
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts import paths, validate

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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=edits, encoding=st.sampled_from(["utf-8", "cp1252"]), two=st.booleans())
def test_submission_check_never_raises(operations, encoding, two):
    from build_scripts import submission, synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = synthetic.write_csv(synthetic.submission_frame(5, seed=1), Path(tmp) / "s.csv")
        path.write_bytes(mutate(path.read_text(encoding="utf-8"), operations).encode(encoding, errors="replace"))
        files = [path, synthetic.write_csv(synthetic.submission_frame(3, seed=2), Path(tmp) / "t.csv")] if two else [path]
        problems = submission.check_files(files)
        assert all(isinstance(p, validate.Problem) and p.file and p.da and p.en for p in problems)
