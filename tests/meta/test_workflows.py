"""The GitHub workflows: linted offline, valid, least privilege, pinned; releases match the changelog."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from build_scripts.core import package
from conftest import CHECKOUT

WORKFLOWS = sorted((CHECKOUT.root / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_zizmor_offline_has_no_findings():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(CHECKOUT.root / ".github")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_workflows_match_the_github_schema():
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot",
                             str(CHECKOUT.root / ".github" / "dependabot.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: {line.strip()}"


def test_checkout_never_keeps_credentials():
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "actions/checkout@" in step.get("uses", ""):
                    assert step["with"]["persist-credentials"] is False, path.name


CI = CHECKOUT.root / ".github/workflows/ci.yml"


def test_least_privilege():
    ci = load(CI)
    assert ci["permissions"] == {"contents": "read"}
    granted = {name: job["permissions"] for name, job in ci["jobs"].items() if "permissions" in job}
    assert granted == {"deploy": {"pages": "write", "id-token": "write"}}
    assert ci["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_publishes_the_site_the_tests_built_and_checked():
    """One workflow: the test job's tests build the project in TEST_PROJECT and test that site; the job uploads that
    very site/ as the Pages artifact (main pushes only); `deploy` needs `test`, so it runs only if every test
    passed. The checkout's own build (for the data diff) is never what is published."""
    jobs = load(CI)["jobs"]
    assert set(jobs) == {"test", "zensical", "deploy"}, "no second job that builds what is published"
    assert jobs["deploy"]["needs"] == "test"
    assert jobs["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert "always()" not in str(jobs["test"]) + str(jobs["deploy"])
    steps = jobs["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    tested = runs.index("make test")
    project = steps[tested]["env"]["TEST_PROJECT"]  # where conftest.built() builds the project the tests check
    upload = next(i for i, u in enumerate(uses) if "actions/upload-pages-artifact@" in u)
    assert tested < upload and steps[upload]["with"]["path"] == f"{project}/project/site/"
    assert steps[upload]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert not [r for r in runs[tested + 1:] if "TEST_PROJECT" in r or "--root" in r], "nothing rebuilds it"
    assert any("actions/deploy-pages@" in s.get("uses", "") for s in jobs["deploy"]["steps"])
    # What main publishes is built without a cache other runs can write: pip's cache is for pull requests only.
    setup = next(s for s in steps if "actions/setup-python@" in s.get("uses", ""))
    assert setup["with"]["cache"] == "${{ github.event_name == 'pull_request' && 'pip' || '' }}"
    assert not list((CHECKOUT.root / ".github/workflows").glob("deploy*.yml")), "deploy lives in ci.yml, after the tests"


def test_ci_runs_validate_lint_and_test_and_uploads_the_site_diff_and_failures():
    steps = load(CI)["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert runs.index("make validate") < runs.index("make lint") < runs.index("make test")
    tested = next(s for s in steps if s.get("run") == "make test")
    uploads = {s["with"]["name"]: s for s in steps if "actions/upload-artifact@" in s.get("uses", "")}
    assert uploads["site"]["with"]["path"] == f"{tested['env']['TEST_PROJECT']}/project/site/"
    assert uploads["data-diff"]["with"]["path"] == "data-diff/"
    assert uploads["test-failures"]["if"] == "failure()" and "-changed" in uploads["test-failures"]["with"]["path"]
    diff = next(s for s in steps if "build_scripts datadiff" in s.get("run", ""))
    assert "$GITHUB_STEP_SUMMARY" in diff["run"] and "--pages" in diff["run"] and "${{" not in diff["run"]


def test_package_version_matches_newest_changelog_entry():
    changelog = CHECKOUT.changelog.read_text(encoding="utf-8")
    newest = re.search(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", changelog, flags=re.M)
    assert newest, "CHANGELOG.md needs entries headed '## X.Y.Z — YYYY-MM-DD'"
    assert newest.group(1) == package.descriptor(CHECKOUT.datapackage_json)["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", package.descriptor(CHECKOUT.datapackage_json)["version"])


def test_contributing_documents_every_validation_error():
    """Every title validate can print (a key of the main language's problem_titles that validate's modules name)
    has a row in CONTRIBUTING's table of errors (its first column may name several titles)."""
    import yaml

    source = "".join(p.read_text(encoding="utf-8") for p in (CHECKOUT.root / "build_scripts/stages/validate").glob("*.py"))
    words = yaml.safe_load((CHECKOUT.root / "build_scripts/core/i18n/da.yml").read_text(encoding="utf-8"))
    kinds = set(re.findall(r'"([a-z_]+)"', source)) & set(words["problem_titles"]) - {"frictionless"}  # its own words
    titles = {words["problem_titles"][kind] for kind in kinds}
    assert len(titles) >= 30
    contributing = (CHECKOUT.root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented = {t.strip() for row in re.findall(r"^\| ([^|]+) \|", contributing, flags=re.M) for t in row.split(",")}
    missing = sorted(titles - documented)
    assert not missing, f"CONTRIBUTING.md lacks a row for: {missing}"


def test_issue_forms_are_valid():
    forms = sorted((CHECKOUT.root / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    forms = [f for f in forms if f.name != "config.yml"]
    assert len(forms) == 2
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms",
                             *map(str, forms)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
