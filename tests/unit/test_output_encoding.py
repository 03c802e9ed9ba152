"""Output that is not UTF-8 (red team 4, finding 6): Windows writes cp1252 to a file or a pipe, and PYTHONIOENCODING
can ask for any encoding. A character the output cannot hold ('→' in --help, '…' in a stage's first line, a
submission's own value) is written as an escape, and every command prints its lines and exits with its usual code,
never with a UnicodeEncodeError."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import CHECKOUT

HEADER = ("initiative_id,municipality_code,area_id,title,gross_expenditure_1000_kr,gross_income_1000_kr,"
          "financing_source,legal_basis,primary_target_group,secondary_target_group,content,purpose,time_horizon,"
          "target_group_share\n")


def run(encoding, *args, cwd=CHECKOUT.root):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(CHECKOUT.root), "COLUMNS": "200"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "build_scripts", *map(str, args)], cwd=cwd, env=env,
                            capture_output=True, timeout=300)
    out, err = result.stdout.decode(encoding), result.stderr.decode(encoding)
    assert "Traceback" not in out + err and "UnicodeEncodeError" not in out + err, out + err
    return result.returncode, out


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_help_prints_in_any_encoding(encoding):
    code, out = run(encoding, "--help")
    assert code == 0
    assert "validate \\u2192 derive" in out  # the build command's description: the stages in order


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_a_submissions_own_characters_are_escaped_not_fatal(tmp_path, encoding):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "k1,1ă→,social,Test,100,0,3,Kommunalfuldmagten,a,1,x,y,z,50\n", encoding="utf-8")
    code, out = run(encoding, "check-submission", bad)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{bad}: linje 2, felt municipality_code: '1\\u0103\\u2192' er ikke et helt tal. Skriv et helt tal med "
        "cifrene 0-9 uden skilletegn og mellemrum, fx 1000. | line 2, field municipality_code: '1\\u0103\\u2192' "
        "is not a whole number. Write a whole number with the digits 0-9, without separators or spaces, e.g. 1000.")
    assert out.splitlines()[1] == "1 fejl fundet / 1 problem(s) found"


def test_validate_prints_in_ascii(tmp_path):
    """A stage's first line ('[validate] …') and a Danish problem ('å' in 'måske') in ASCII."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    shutil.copytree(CHECKOUT.root / "releases", root / "releases")  # not linked: validate refuses a link
    shutil.copytree(CHECKOUT.docs_dir, root / "docs")
    for name in ("mkdocs.yml", "mkdocs.en.yml", "CHANGELOG.md", "CITATION.cff"):
        shutil.copyfile(CHECKOUT.root / name, root / name)
    code, out = run("ascii", "--root", root, "validate")
    assert code == 0 and out.splitlines()[0] == "[validate] \\u2026", out
    units = root / "datapackage" / "data" / "units.csv"
    units.write_bytes(units.read_bytes().replace(b"Danish kroner\n", b"Danish kr\xf8ner\n", 1))  # Windows-1252
    code, out = run("ascii", "--root", root, "validate")
    assert code == 1
    assert out.splitlines()[1:] == [
        "datapackage/data/units.csv: linje 2: Filen er ikke UTF-8 (m\\xe5ske gemt fra Excel som Windows-1252). Gem "
        "den som 'CSV UTF-8'. | line 2: The file is not UTF-8 (perhaps saved from Excel as Windows-1252). Save it as "
        "'CSV UTF-8'.",
        "1 fejl fundet / 1 problem(s) found"], out
