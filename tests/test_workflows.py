"""The GitHub workflows: linted offline, valid, least privilege, pinned; releases match the changelog."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from build_scripts import package, paths

WORKFLOWS = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_zizmor_offline_has_no_findings():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(paths.ROOT / ".github")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_workflows_match_the_github_schema():
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot",
                             str(paths.ROOT / ".github" / "dependabot.yml")], capture_output=True, text=True)
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


def test_least_privilege():
    ci, deploy = load(paths.ROOT / ".github/workflows/ci.yml"), load(paths.ROOT / ".github/workflows/deploy.yml")
    assert ci["permissions"] == {"contents": "read"} and deploy["permissions"] == {"contents": "read"}
    assert "permissions" not in deploy["jobs"]["build"]
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    steps = [s.get("uses", "") for s in deploy["jobs"]["build"]["steps"]] + \
            [s.get("uses", "") for s in deploy["jobs"]["deploy"]["steps"]]
    assert any("actions/upload-pages-artifact@" in s for s in steps)
    assert any("actions/deploy-pages@" in s for s in steps)


def test_ci_runs_validate_test_build_and_uploads_the_site():
    steps = load(paths.ROOT / ".github/workflows/ci.yml")["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert runs.index("make validate") < runs.index("make test") < runs.index("make build")
    assert any("actions/upload-artifact@" in s.get("uses", "") and s["with"]["path"] == "site/" for s in steps)


def test_package_version_matches_newest_changelog_entry():
    changelog = paths.CHANGELOG.read_text(encoding="utf-8")
    newest = re.search(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", changelog, flags=re.M)
    assert newest, "CHANGELOG.md needs entries headed '## X.Y.Z — YYYY-MM-DD'"
    assert newest.group(1) == package.descriptor()["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", package.descriptor()["version"])


def test_contributing_documents_every_validation_error():
    source = (paths.ROOT / "build_scripts" / "validate.py").read_text(encoding="utf-8")
    titles = set(re.findall(r'"([A-ZÆØÅ][a-zæøå]+(?: [a-zæøå.A-Z]+)*)"\)', source))
    titles = {t for t in titles if t != "Fejl i data" and not t.endswith(".")}
    assert len(titles) >= 20
    contributing = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [t for t in sorted(titles) if f"| {t} |" not in contributing]
    assert not missing, f"CONTRIBUTING.md lacks a row for: {missing}"


def test_issue_forms_are_valid():
    forms = sorted((paths.ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    forms = [f for f in forms if f.name != "config.yml"]
    assert len(forms) == 2
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms",
                             *map(str, forms)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
