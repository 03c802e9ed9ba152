"""The maintainer recipes of CONTRIBUTING.md, played in a temporary clone: one build per release, no test edited.

Each test clones this repository, freezes the current version there as if it had been released, follows a
recipe with the commands CONTRIBUTING.md names (the `make` targets are thin wrappers around these; see
test_make_targets_wrap_the_commands), and checks that the tests a data pull request touches pass without
editing any test, and that `git status` shows only the hand-made change plus files .gitattributes marks as
generated (collapsed in GitHub's diff). The data here is synthetic and lives only in the temporary clone.
The clone is of the committed HEAD: uncommitted changes of the working tree are not part of it.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from build_scripts.core import paths

pytestmark = pytest.mark.recipe

# The tests a data change touches, run in the clone after the recipe (the browser tests are not repeated here).
DATA_TESTS = ["tests/test_package.py", "tests/test_generated.py", "tests/test_workflows.py::"
              "test_package_version_matches_newest_changelog_entry", "tests/test_english.py::test_citation_cff_is_valid_and_current",
              "tests/test_english.py::test_versioned_and_latest_downloads", "tests/test_stages.py"]
VERSION_FILES = {"datapackage/datapackage.json", "CITATION.cff", "CHANGELOG.md"}


def bump(version: str, part: str) -> str:
    major, minor, patch = map(int, version.split("."))
    return f"{major}.{minor}.{patch + 1}" if part == "patch" else f"{major}.{minor + 1}.0"


def run(clone, *args, check=True):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "UPDATE_GOLDEN", "PYTEST_XDIST_WORKER")}
    result = subprocess.run(args, cwd=clone, capture_output=True, text=True, env=env)
    if check:
        assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def python(clone, *args, check=True):
    return run(clone, sys.executable, *args, check=check)


@pytest.fixture
def clone(tmp_path, built_site):
    """A clone of this repository whose current version is frozen, as after its release; committed."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(paths.ROOT), str(target)], check=True)
    tools = paths.ROOT / ".venv-tools"
    if tools.exists():
        (target / ".venv-tools").symlink_to(tools)
    version = json.loads((target / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    frozen = target / "releases" / f"v{version}"
    if not frozen.exists():
        shutil.copytree(paths.DOWNLOADS_DIR, frozen)
    shutil.copytree(paths.CHARTS_DIR, target / "build" / "charts")  # warm: SVGs are re-rendered only if changed
    run(target, "git", "add", "-A")
    run(target, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty",
        "-m", f"release {version}")
    return target


def current_version(clone) -> str:
    return json.loads((clone / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))["version"]


def finish(clone, version):
    """The rest of every recipe: release (one build), `make golden`, the data tests; returns what git shows.

    `make golden` and the data tests run as one pytest process: the golden files are rewritten as `make golden`
    does, and every other data test runs beside them, as `make test` would after it."""
    python(clone, "-m", "build_scripts", "release", "--version", version)
    golden = [f"tests/{p.name}" for p in sorted((clone / "tests").glob("test_*.py"))  # as GOLDEN_TESTS in the Makefile
              if re.search(r"^from conftest import .*assert_matches_golden", p.read_text(encoding="utf-8"), re.M)]
    others = [t for t in DATA_TESTS if t.split("::")[0] not in golden]
    run(clone, "env", "UPDATE_GOLDEN=1", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
        *golden, *others)
    status = run(clone, "git", "status", "--porcelain", "--untracked-files=all").stdout.splitlines()
    changed = [line[3:] for line in status]
    generated = set()
    if changed:
        attrs = run(clone, "git", "check-attr", "linguist-generated", "--", *changed).stdout.splitlines()
        generated = {line.split(": ")[0] for line in attrs if line.endswith(": true")}
    return {path for path in changed if path not in generated}, changed


def test_correct_a_figure_patch_release(clone):
    """A correction as `make validate` accepts it: value, value_text and a verbatim quote that states the figure.

    Synthetic: the social area's expenditure is 'corrected' to the 43 mio. kr. another sentence of the report states,
    with that sentence as its quote (validate checks the quote against datapackage/sources/)."""
    table = clone / "datapackage" / "data" / "area_figures.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("social,expenditure,"))
    other = next(line for line in lines if line.startswith("integration_generelt,expenditure,"))
    old, new = "44", "43"
    lines[row] = (lines[row].replace(f",{old},{old},", f",{new},{new},", 1)
                  .replace(lines[row].rsplit(",", 1)[1], other.rsplit(",", 1)[1]))
    table.write_text("".join(lines), encoding="utf-8")
    version = bump(current_version(clone), "patch")

    visible, changed = finish(clone, version)

    assert visible == {"datapackage/data/area_figures.csv"} | VERSION_FILES, changed
    assert f"releases/v{version}/datapackage.json" in changed
    summary = clone / "summary.md"
    python(clone, "-m", "build_scripts", "datadiff", "--base", "HEAD", "--summary", str(summary))
    assert f"| area_id=social, measure=expenditure | `value` | {old} | {new} |" in summary.read_text(encoding="utf-8")


def add_a_row(clone):
    """The "add a row" recipe's hand-made change: one synthetic example."""
    table = clone / "datapackage" / "data" / "examples.csv"
    with table.open(encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    row = first | {"example_id": f"{first['area_id']}-syntetisk", "title_da": "Syntetisk eksempel",
                   "title_en": "Synthetic example", "description_da": "Kun i testen.", "description_en": "Test only."}
    with table.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=list(first), lineterminator="\n").writerow(row)
    return len(table.read_text(encoding="utf-8").splitlines()) - 1


def add_a_table(clone):
    """The "add a table" recipe's hand-made change: a resource in datapackage.json and its CSV."""
    descriptor = clone / "datapackage" / "datapackage.json"
    dp = json.loads(descriptor.read_text(encoding="utf-8"))
    template = next(r for r in dp["resources"] if r["name"] == "units")
    resource = {k: v for k, v in template.items() if k not in ("schema", "name", "path", "title", "description")}
    resource |= {"name": "glossary", "path": "data/glossary.csv", "title": "Ordliste / Glossary",
                 "description": "Synthetic test table.",
                 "schema": {"$schema": template["schema"]["$schema"], "primaryKey": ["term_id"], "fields": [
                     {"name": "term_id", "type": "string", "description": "Key.", "constraints": {"required": True}},
                     {"name": "label_da", "type": "string", "description": "Danish.", "constraints": {"required": True}},
                     {"name": "label_en", "type": "string", "description": "English.", "constraints": {"required": True}},
                 ]}}
    dp["resources"].insert(dp["resources"].index(template) + 1, resource)
    descriptor.write_text(json.dumps(dp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (clone / "datapackage" / "data" / "glossary.csv").write_text(
        "term_id,label_da,label_en\nindsats,Indsats,Initiative\n", encoding="utf-8")


def test_add_a_row_and_a_table_minor_release(clone):
    """Both minor-release recipes in one release (one build): each adds only its hand-made files."""
    examples = add_a_row(clone)
    add_a_table(clone)
    version = bump(current_version(clone), "minor")

    visible, changed = finish(clone, version)

    assert visible == {"datapackage/data/examples.csv", "datapackage/data/glossary.csv"} | VERSION_FILES, changed
    rows = json.loads((clone / "tests" / "golden" / "package" / "rows.json").read_text(encoding="utf-8"))
    assert rows["examples"] == examples and rows["glossary"] == 1


def test_make_targets_wrap_the_commands():
    """The recipes' `make` commands, dry-run: what they would run (upgrade needs PyPI, so it is not run here)."""
    def dry(*args):
        return subprocess.run(["make", "-n", *args], cwd=paths.ROOT, capture_output=True, text=True).stdout

    assert "-m build_scripts release --version 9.9.9" in dry("release", "VERSION=9.9.9")
    assert "UPDATE_GOLDEN=1" in dry("golden") and "tests/test_generated.py" in dry("golden")
    upgrade = dry("upgrade", "PACKAGE=pandas")
    assert "pip compile --quiet --generate-hashes" in upgrade and "--upgrade-package pandas requirements.in -o requirements.txt" in upgrade
    assert "pip install --quiet --require-hashes -r requirements.txt" in upgrade
    lock = dry("lock")
    assert "build_scripts.devtools.lockfile > requirements.in" in lock and "-o requirements.txt" in lock
    for target, usage in (("release", "Usage: make release VERSION=X.Y.Z"), ("upgrade", "Usage: make upgrade PACKAGE=")):
        result = subprocess.run(["make", target], cwd=paths.ROOT, capture_output=True, text=True)
        assert result.returncode != 0 and usage in result.stdout
