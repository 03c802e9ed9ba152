"""Shared fixtures and helpers for the test suite."""

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from build_scripts.core.paths import Paths
from build_scripts.devtools import chromium

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
IN_CI = os.environ.get("CI") == "true"
# The checkout, for what tests read of the project's own files (data, templates, configuration). What the build
# writes is read from built() only: the checkout's build/ and site/ are never read or written by a test.
CHECKOUT = Paths.checkout()

# Property tests (Hypothesis): a few examples in every run, so that `make test` stays quick; many in the weekly
# run of .github/workflows/properties.yml (HYPOTHESIS_PROFILE=thorough). A failing example is kept in
# .hypothesis/ and tried first in the next run.
_SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("default", max_examples=12, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("thorough", max_examples=300, deadline=None, suppress_health_check=_SLOW)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# The order pytest-xdist hands out the tests in (it gives each worker a run of consecutive tests, then more as it
# finishes them). With workers, built() is built in the background from the start (start_building), so the tests
# that need no build (unit, meta) come first and keep both cores busy meanwhile. Then the modules whose tests take
# longest (a copy and a build each, 15-60 s), so that none of them starts last and leaves the other worker idle at
# the end (the longest-first rule); then the rest.
NO_BUILD = ("unit", "meta")
LONGEST_FIRST = ("test_recipes.py", "test_incremental.py", "test_build_safety.py", "test_stages.py",
                 "test_validate_properties.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        if item.path.parent.name in NO_BUILD:
            return 0
        if item.path.name in LONGEST_FIRST:
            return 1 + LONGEST_FIRST.index(item.path.name)
        return 1 + len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: within a rank, the tests keep their order


def needs_build(node_id: str) -> bool:
    """Whether the test `node_id` ('tests/e2e/test_x.py::test_y') may read built(): every test outside NO_BUILD
    but the recipe plays (each builds a clone of its own)."""
    folder, name = node_id.split("::")[0].split("/")[-2:]
    return folder not in NO_BUILD and name != "test_recipes.py"


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: without workers (-p no:xdist) it is never called
def pytest_xdist_node_collection_finished(node, ids):
    """The run's controller, once its first worker has collected: if a collected test reads built(), build it now,
    in a process of its own, while the workers run the tests that need none (start_building)."""
    config = node.config
    if not hasattr(config, "test_project_builder") and any(needs_build(i) for i in ids):
        config.test_project_builder = start_building(Path(os.environ["TEST_PROJECT"]))


def copy_checkout(dest: Path, leave_out: set[str]) -> None:
    """Copy this checkout to `dest`, without the top-level entries named in `leave_out` (always without the venvs,
    node_modules, git and caches). Names are matched at the top level only: `site` leaves out site/, never
    build_scripts/stages/site/. The site stage's old and new sites in build/ (build/site-*) are never copied."""
    always = {".venv", ".venv-tools", "node_modules", ".git", ".pytest_cache", ".hypothesis"}

    def ignored(folder, names):
        if Path(folder) == CHECKOUT.build_dir:
            return {name for name in names if name.startswith("site-")}
        if Path(folder) != CHECKOUT.root:
            return {"__pycache__"} & set(names)
        return {name for name in names if name in always | leave_out or name == "__pycache__"}

    shutil.copytree(CHECKOUT.root, dest, ignore=ignored)


def linked_project(root: Path) -> Path:
    """A project folder as `--root` takes it, at `root`: the checkout's package, releases, docs and settings copied
    (a test may change or remove them). Copied, not linked: validate refuses a symbolic link among the files the
    build reads (red team 7, finding 1), the folders the stages declare included."""
    root.mkdir(parents=True)
    for name in ("datapackage", "releases"):
        shutil.copytree(CHECKOUT.root / name, root / name)
    shutil.copytree(CHECKOUT.docs_dir, root / "docs")
    for name in ("mkdocs.yml", "mkdocs.en.yml", "CHANGELOG.md", "CITATION.cff"):
        shutil.copyfile(CHECKOUT.root / name, root / name)
    return root


def assert_matches_golden(actual: str, golden_path: Path) -> None:
    """Compare text with a golden file.

    A missing golden file fails the test: it is written only with UPDATE_GOLDEN=1 (`make golden`), so a test can
    never pass by writing down whatever it got. On a mismatch a `-changed` file is written beside the golden
    one, so `diff` shows what changed. To accept changes on purpose: `make golden` (rebuilds, then rewrites
    every golden file); review the diff and commit it. Under CI=true nothing is written but the `-changed` file.
    """
    changed = golden_path.with_name(golden_path.stem + "-changed" + golden_path.suffix)
    if os.environ.get("UPDATE_GOLDEN") == "1" and not IN_CI:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        golden_path.write_text(actual, encoding="utf-8")
        changed.unlink(missing_ok=True)
        return
    if not golden_path.exists():
        changed.parent.mkdir(parents=True, exist_ok=True)
        changed.write_text(actual, encoding="utf-8")
        pytest.fail(f"golden file {golden_path} is missing: `make golden` writes it (UPDATE_GOLDEN=1); review it "
                    f"and commit it (what this run got is in {changed.name})")
    expected = golden_path.read_text(encoding="utf-8")
    if actual != expected:
        changed.write_text(actual, encoding="utf-8")
        pytest.fail(f"{golden_path.name} differs from the golden file; see {changed} "
                    "(`make golden` accepts an intended change)")
    if changed.exists():
        changed.unlink()


@pytest.fixture
def docs(tmp_path) -> Path:
    """A writable copy of docs/ (the page templates); returns its folder."""
    shutil.copytree(CHECKOUT.docs_dir, tmp_path / "docs")
    return tmp_path / "docs"


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A writable copy of datapackage/; returns the path of its datapackage.json."""
    target = tmp_path / "datapackage"
    shutil.copytree(CHECKOUT.datapackage_dir, target)
    return target / "datapackage.json"


def pytest_configure(config):
    """One project folder per test run, shared by pytest-xdist's workers (they inherit the variable): a new
    temporary one, or the one TEST_PROJECT names (CI publishes the site built there), emptied first."""
    if hasattr(config, "workerinput"):
        return  # a worker: the run's controller has set TEST_PROJECT
    if "TEST_PROJECT" in os.environ:
        folder = Path(os.environ["TEST_PROJECT"])
        shutil.rmtree(folder / "project", ignore_errors=True)
        (folder / "built").unlink(missing_ok=True)
    else:
        os.environ["TEST_PROJECT"] = tempfile.mkdtemp(prefix="test-project-")
        config.test_project_owner = True


def pytest_unconfigure(config):
    builder = getattr(config, "test_project_builder", None)
    if builder is not None and builder.poll() is None:  # the run ended early (^C, -x): stop building
        builder.kill()
        builder.wait()
    if getattr(config, "test_project_owner", False):
        shutil.rmtree(os.environ.pop("TEST_PROJECT"), ignore_errors=True)


def built() -> Paths:
    """A copy of the project (without build/, site/ and the tests) built into a temporary folder through
    Paths(tmp), once per test run: by start_building's process, or else by the first test that asks, while every
    other test that asks waits on a lock. Tests read what the build writes from here, never from the checkout."""
    folder = Path(os.environ["TEST_PROJECT"])  # set by pytest_configure, or by CI (which publishes its site/)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return build_test_project(folder)


def build_test_project(folder: Path) -> Paths:
    """built()'s project in `folder`, built unless it is (the caller holds the lock). A build that fails leaves no
    mark, so the next test that asks builds it again and fails with the build's own error."""
    project = Paths(folder / "project")
    if not (folder / "built").exists():
        from build_scripts import cli

        shutil.rmtree(project.root, ignore_errors=True)
        copy_checkout(project.root, {"build", "site", "tests"})
        if CHECKOUT.chart_cache_dir.exists():  # images by the spec they show: only saves drawing them again
            shutil.copytree(CHECKOUT.chart_cache_dir, project.chart_cache_dir)
        cli.build(project)
        (folder / "built").touch()
    return project


def start_building(folder: Path) -> subprocess.Popen | None:
    """Build built()'s project in a process of its own that holds built()'s lock from the start (it is taken here
    and handed over, so no test can take it first); its output goes to build.log beside it. None if a test holds
    the lock already (it builds)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import conftest; "
                "conftest.build_test_project(Path(sys.argv[2]))")
        with open(folder / "build.log", "w") as log:
            return subprocess.Popen([sys.executable, "-c", code, str(Path(__file__).parent), str(folder)],
                                    cwd=CHECKOUT.root, stdout=log, stderr=subprocess.STDOUT,
                                    pass_fds=(lock.fileno(),))


def built_copy(dest: Path, site: bool = False) -> Paths:
    """A copy of built()'s project, its build/ included (its site/ if `site`), for a test that runs a stage again or
    changes a file: built() itself is shared by every test and never changed."""
    left_out = set() if site else {"site"}
    shutil.copytree(built().root, dest, ignore=lambda folder, names: left_out if Path(folder) == built().root else set())
    return Paths(dest)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The built site (built()'s site/)."""
    return built().site_dir


@pytest.fixture(scope="session")
def base_url(built_site):
    """The built site served over HTTP on a free port of 127.0.0.1, for the browser tests, and beside it axe-core
    (browser_checks.AXE_URL), which the pages' CSP lets the tests load as a script of the site's own host."""
    import functools
    import http.server
    import threading

    from browser_checks import AXE, AXE_URL

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return str(AXE) if path == AXE_URL else super().translate_path(path)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (its headless shell where installed, or Chrome) driven by Playwright; no browser download.
    One per test process."""
    executable = chromium.executable(headless_shell=True)
    if executable is None:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + "; under CI=true the browser tests must run")
        pytest.skip(message)
    from browser_checks import AXE

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=chromium.ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tabs(browser):
    """This test process's open browser tabs (browser_checks.Tab), one per view (width, colour scheme), which
    test_browser.test_page opens when it first needs them and closes when a visit in them fails."""
    opened = {}
    yield opened
    for tab in opened.values():
        tab.close()
