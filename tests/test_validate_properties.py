"""Property: whatever a maintainer does to a CSV, validation reports problems or passes; it never crashes."""

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
