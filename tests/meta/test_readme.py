"""The README's generated lists are what the code says (build_scripts/devtools/readme.py; `make readme`)."""

import pytest

from build_scripts import cli
from build_scripts.devtools import readme
from conftest import CHECKOUT


def test_the_readme_lists_stages_commands_and_make_targets_as_the_code_has_them():
    text = (CHECKOUT.root / "README.md").read_text(encoding="utf-8")
    assert readme.updated(text) == text, "README.md's generated lists are out of date: run `make readme`"


def test_the_lists_hold_every_stage_command_and_target():
    blocks = readme.blocks()
    for name in cli.STAGES:
        assert f"- **{name}**:" in blocks["stages"]
    for name in ("build", "release", "datadiff", "aggregate", "check-submission", *cli.STAGES):
        assert f"- `{name}`:" in blocks["commands"]
    assert "make test " in blocks["make"] and "make readme " in blocks["make"]


def test_a_stale_readme_is_found(monkeypatch):
    monkeypatch.setattr(cli, "stage_list", lambda paths: "- **validate**: something else\n")
    text = (CHECKOUT.root / "README.md").read_text(encoding="utf-8")
    assert readme.updated(text) != text


def test_a_readme_without_a_block_is_refused():
    with pytest.raises(SystemExit, match=r"README.md lacks the block \[//\]: # \(stages: python -m build_scripts stages\)"):
        readme.updated("# A README without its generated lists\n")
