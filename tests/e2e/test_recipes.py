"""The maintainer recipes of CONTRIBUTING.md, played in a temporary clone: no test is edited, and every test passes.

Each test clones this repository, freezes the current version there as if it had been released, follows a
recipe with the commands CONTRIBUTING.md names (the `make` targets are thin wrappers around these; see
test_make_targets_wrap_the_commands): the hand-made change, `make release`, the changelog text the recipe asks
for, `make release` again and the pin it prints added to build_scripts/core/paths.py, `make golden`, and then the
whole test suite but the browser tests (`make test` without a browser), with no list of chosen tests. It checks
that `git status` shows only the hand-made change, the version files and the pin, plus files .gitattributes marks
as generated (collapsed in GitHub's diff). The data here is synthetic and lives only in the temporary clone.
The clone is of the committed HEAD: uncommitted changes of the working tree are not part of it.
"""

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from build_scripts.core.paths import Paths
from conftest import CHECKOUT, built

pytestmark = pytest.mark.recipe

VERSION_FILES = {"datapackage/datapackage.json", "CITATION.cff", "CHANGELOG.md"}
PINS = "build_scripts/core/paths.py"  # where a frozen release's manifest is pinned


def bump(version: str, part: str) -> str:
    major, minor, patch = map(int, version.split("."))
    return f"{major}.{minor}.{patch + 1}" if part == "patch" else f"{major}.{minor + 1}.0"


def run(clone, *args, check=True):
    # Not TEST_PROJECT: the clone's suite builds the clone into a temporary folder of its own (conftest.built).
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "UPDATE_GOLDEN", "PYTEST_XDIST_WORKER", "TEST_PROJECT")}
    result = subprocess.run(args, cwd=clone, capture_output=True, text=True, env=env)
    if check:
        summary = result.stdout[result.stdout.rfind("short test summary info"):] if "short test summary" in result.stdout else ""
        assert result.returncode == 0, (f"{' '.join(map(str, args))}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
                                        f"\n{summary[:3000]}")
    return result


def python(clone, *args, check=True):
    return run(clone, sys.executable, *args, check=check)


@pytest.fixture
def clone(tmp_path, built_site):
    """A clone of this repository whose current version is frozen, as after its release; committed."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(CHECKOUT.root), str(target)], check=True)
    tools = CHECKOUT.root / ".venv-tools"
    if tools.exists():
        (target / ".venv-tools").symlink_to(tools)
    version = json.loads((target / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    frozen = target / "releases" / f"v{version}"
    if not frozen.exists():
        shutil.copytree(built().downloads_dir, frozen)
        digest = hashlib.sha256((frozen / "manifest.json").read_bytes()).hexdigest()
        pin_release(target, f'"{version}": "{digest}",')
    # Warm: the charts stage's cache of rendered images, so that only charts whose spec changed are drawn again.
    shutil.copytree(built().chart_cache_dir, Paths(target).chart_cache_dir)
    run(target, "git", "add", "-A")
    run(target, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty",
        "-m", f"release {version}")
    return target


def current_version(clone) -> str:
    return json.loads((clone / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))["version"]


def write_changelog(clone, version: str, da: str, en: str) -> None:
    """The recipe's "write under the heading what changed": the placeholder `make release` wrote, replaced."""
    from build_scripts.commands import releases

    path = clone / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    for code, words in (("da", da), ("en", en)):
        assert releases.PLACEHOLDERS[code] in text, code
        text = text.replace(releases.PLACEHOLDERS[code], words, 1)
    path.write_text(text, encoding="utf-8")


def pin_release(clone, line: str) -> None:
    """The recipe's "add the line `make release` prints to RELEASE_MANIFEST_SHA256 in build_scripts/core/paths.py"."""
    path = clone / PINS
    text = path.read_text(encoding="utf-8")
    start = text.index("RELEASE_MANIFEST_SHA256 = {\n")
    end = text.index("\n}\n", start)
    path.write_text(f"{text[:end]}\n    {line}{text[end:]}", encoding="utf-8")


def finish(clone, version, da: str, en: str):
    """The rest of every recipe: `make release` (the heading), the changelog's text, `make release` again (the
    freeze), `make golden`, `make test` without the
    browser; returns what git shows. Each `make` target is run as the command it wraps (the clone has no .venv
    of its own): `make golden` rewrites the golden files, `make test` runs the suite (each builds the clone into
    a temporary folder of its own, conftest.built)."""
    python(clone, "-m", "build_scripts", "release", "--version", version)  # writes the heading, freezes nothing
    write_changelog(clone, version, da, en)
    said = python(clone, "-m", "build_scripts", "release", "--version", version).stdout  # sets the version, builds,
    pin_release(clone, re.search(r'"[0-9.]+": "[0-9a-f]{64}",', said).group())  # freezes; prints the pin to add
    golden = [p.relative_to(clone).as_posix() for p in sorted((clone / "tests").glob("*/test_*.py"))  # as GOLDEN_TESTS
              if re.search(r"^from conftest import .*assert_matches_golden", p.read_text(encoding="utf-8"), re.M)]
    run(clone, "env", "UPDATE_GOLDEN=1", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
        *golden)
    # The whole suite, as `make test` runs it (on every core), but for the browser tests (this machine's browser
    # serves the suite that runs this test) and the recipes themselves.
    run(clone, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto", "-m",
        "not browser and not recipe")
    status = run(clone, "git", "status", "--porcelain", "--untracked-files=all").stdout.splitlines()
    changed = [line[3:] for line in status]
    generated = set()
    if changed:
        attrs = run(clone, "git", "check-attr", "linguist-generated", "--", *changed).stdout.splitlines()
        generated = {line.split(": ")[0] for line in attrs if line.endswith(": true")}
    return {path for path in changed if path not in generated}, changed


def test_correct_a_figure_patch_release(clone):
    """A correction as `make validate` accepts it: value, value_text and a verbatim quote that states the figure.

    Synthetic: the social area's expenditure is 'corrected' to the 9 mio. kr. another sentence of the report's section
    on the area states, with that sentence as its quote (validate checks the quote against datapackage/sources/, and
    an area's figure against its section)."""
    table = clone / "datapackage" / "data" / "area_figures.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("social,expenditure,"))
    other = next(line for line in lines if line.startswith("social,income,"))
    old, new = "44", "9"
    lines[row] = (lines[row].replace(f",{old},{old},", f",{new},{new},", 1)
                  .replace(lines[row].rsplit(",", 1)[1], other.rsplit(",", 1)[1]))
    table.write_text("".join(lines), encoding="utf-8")
    python(clone, "-m", "build_scripts", "validate")  # make validate
    version = bump(current_version(clone), "patch")

    visible, changed = finish(clone, version, "Socialområdets udgifter er rettet fra 44 til 9 mio. kr.",
                              "The social area's expenditure is corrected from DKK 44 million to 9 million.")

    assert visible == {"datapackage/data/area_figures.csv", PINS} | VERSION_FILES, changed
    assert f"releases/v{version}/datapackage.json" in changed
    summary = clone / "summary.md"
    python(clone, "-m", "build_scripts", "datadiff", "--base", "HEAD", "--summary", str(summary))
    # Every value in a code span, as datadiff writes them (red team 5, finding 8)
    assert f"| `area_id=social, measure=expenditure` | `value` | `{old}` | `{new}` |" in summary.read_text(
        encoding="utf-8")


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
    """The "add a table" recipe's hand-made change: a resource in datapackage.json copied from `units` (each field
    keeps the constraints of the field it is copied from), its CSV, and the Danish descriptions in da.yml."""
    descriptor = clone / "datapackage" / "datapackage.json"
    dp = json.loads(descriptor.read_text(encoding="utf-8"))
    template = next(r for r in dp["resources"] if r["name"] == "units")
    copied = {f["name"]: f for f in template["schema"]["fields"]}
    resource = {k: v for k, v in template.items() if k not in ("schema", "name", "path", "title", "description")}
    resource |= {"name": "glossary", "path": "data/glossary.csv", "title": "Ordliste / Glossary",
                 "description": "Synthetic test table.",
                 "schema": {"$schema": template["schema"]["$schema"], "primaryKey": ["term_id"], "fields": [
                     copied["unit_id"] | {"name": "term_id", "description": "Key."},
                     copied["label_da"] | {"description": "Danish."},
                     copied["label_en"] | {"description": "English."},
                 ]}}
    dp["resources"].insert(dp["resources"].index(template) + 1, resource)
    descriptor.write_text(json.dumps(dp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (clone / "datapackage" / "data" / "glossary.csv").write_text(
        "term_id,label_da,label_en\nindsats,Indsats,Initiative\n", encoding="utf-8")
    danish = clone / "build_scripts" / "core" / "i18n" / "da.yml"
    text = danish.read_text(encoding="utf-8")
    text = text.replace("\ndata_dictionary:\n  resources:\n", "\ndata_dictionary:\n  resources:\n"
                        "    glossary: Syntetisk testtabel.\n", 1)
    at = text.index("\n  fields:\n", text.index("\ndata_dictionary:\n"))
    text = text[:at] + "\n  fields:\n    glossary.term_id: Nøgle.\n" + text[at + len("\n  fields:\n"):]
    danish.write_text(text, encoding="utf-8")


def test_add_a_row_and_a_table_minor_release(clone):
    """Both minor-release recipes in one release (one build): each adds only its hand-made files."""
    examples = add_a_row(clone)
    add_a_table(clone)
    python(clone, "-m", "build_scripts", "validate")  # make validate
    version = bump(current_version(clone), "minor")

    visible, changed = finish(clone, version, "Et nyt eksempel og en ny tabel, glossary.",
                              "A new example and a new table, glossary.")

    assert visible == {"datapackage/data/examples.csv", "datapackage/data/glossary.csv",
                       "build_scripts/core/i18n/da.yml", PINS} | VERSION_FILES, changed
    rows = json.loads((clone / "tests" / "golden" / "package" / "rows.json").read_text(encoding="utf-8"))
    assert rows["examples"] == examples and rows["glossary"] == 1


def test_make_targets_wrap_the_commands():
    """The recipes' `make` commands, dry-run: what they would run (upgrade needs PyPI, so it is not run here)."""
    def dry(*args):
        return subprocess.run(["make", "-n", *args], cwd=CHECKOUT.root, capture_output=True, text=True).stdout

    assert "-m build_scripts release --version '9.9.9'" in dry("release", "VERSION=9.9.9")
    assert "-m build_scripts release --version '9.9.9; touch x'" in dry("release", "VERSION=9.9.9; touch x")  # one word
    golden = dry("golden")
    assert "UPDATE_GOLDEN=1" in golden  # the tests build the project themselves (conftest.built)
    for module in ("stages/test_generated.py", "unit/test_package.py", "unit/test_sources.py"):  # pages, charts, rows
        assert f"tests/{module}" in golden, module
    assert "-m pytest" in dry("test") and "-m build_scripts build" not in dry("test")
    upgrade = dry("upgrade", "PACKAGE=pandas")
    assert "pip compile --quiet --generate-hashes" in upgrade and "--upgrade-package 'pandas' requirements.in -o requirements.txt" in upgrade
    assert "pip install --quiet --require-hashes -r requirements.txt" in upgrade
    lock = dry("lock")
    assert "build_scripts.devtools.lockfile > requirements.in" in lock and "-o requirements.txt" in lock
    for target, usage in (("release", "Usage: make release VERSION=X.Y.Z"), ("upgrade", "Usage: make upgrade PACKAGE=")):
        result = subprocess.run(["make", target], cwd=CHECKOUT.root, capture_output=True, text=True)
        assert result.returncode != 0 and usage in result.stdout
