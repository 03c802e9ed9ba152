"""Dependencies: one source (pyproject.toml), a hashed lock Dependabot can update, npm and pip both covered."""

import re

import yaml

from build_scripts.devtools import lockfile
from conftest import CHECKOUT


def test_requirements_in_is_written_from_pyproject():
    current = (CHECKOUT.root / "requirements.in").read_text(encoding="utf-8")
    assert current == lockfile.requirements_in(), "pyproject.toml changed: run `make lock`"


def test_every_locked_package_has_hashes():
    for lock in ("requirements.txt", "tools/requirements.txt"):
        text = (CHECKOUT.root / lock).read_text(encoding="utf-8")
        pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", text, flags=re.M)
        blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", text, flags=re.M)[1:]
        assert len(pins) == len(blocks) > 0, lock
        assert all("--hash=sha256:" in block for block in blocks), lock


def test_dependabot_updates_pip_npm_and_actions():
    config = yaml.safe_load((CHECKOUT.root / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    entries = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert entries == {("pip", "/"), ("pip", "/tools"), ("npm", "/"), ("github-actions", "/")}
    assert (CHECKOUT.root / "package-lock.json").exists() and (CHECKOUT.root / "tools" / "requirements.in").exists()


def test_setup_installs_with_hashes():
    makefile = (CHECKOUT.root / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.txt" in makefile
    assert "pip install --quiet --require-hashes -r tools/requirements.txt" in makefile
    assert "npm ci " in makefile
