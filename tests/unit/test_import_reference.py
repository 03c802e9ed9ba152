"""import-reference reads and checks every shared file before it writes anything, and names each problem in one
line (red team 6, finding 6): a renamed column, a semicolon-separated table, a Danish thousands point, a folder
among the shapes, a missing source text. Each runs against a copy of ../shared beside a copy of datapackage/."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.commands import import_reference
from build_scripts.core.paths import SOURCE_TEXT_FILES, Paths
from conftest import CHECKOUT, FIXTURES


def _writable(root):
    for folder, _, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def shared_copy(shared: Path) -> None:
    """What import-reference reads of ../shared, written to `shared`: the four tables and SOURCES.md as
    tests/fixtures/shared/ keeps them, and what the package holds as imported (the boundaries, the DCAT shapes, the
    source texts). A clean clone has no ../shared beside it."""
    shutil.copytree(FIXTURES / "shared", shared)
    reference = shared / "reference"
    shutil.copyfile(CHECKOUT.datapackage_dir / "data" / "ref_regions.topojson", reference / "dagi_2014_regioner.topojson")
    for folder in ("dcat-ap", "dcat-ap-dk"):  # without the SOURCES.md the import writes beside them
        shutil.copytree(CHECKOUT.datapackage_dir / "reference" / folder, reference / folder,
                        ignore=shutil.ignore_patterns("SOURCES.md"))
    (shared / "sources").mkdir()
    for name in SOURCE_TEXT_FILES.values():
        shutil.copyfile(CHECKOUT.sources_dir / name, shared / "sources" / name)


@pytest.fixture
def project(tmp_path):
    """A project (only datapackage/) beside a writable copy of the shared reference data and source texts."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.datapackage_dir, root / "datapackage")
    shared_copy(tmp_path / "shared")
    _writable(tmp_path)
    return Paths(root)


def test_the_copy_is_what_import_reference_reads_of_the_shared_folder(tmp_path):
    """Where ../shared is beside the checkout (not in a clean clone), the copy holds the same bytes as it."""
    shared_copy(tmp_path / "shared")
    if CHECKOUT.shared_dir.exists():
        for path in (tmp_path / "shared").rglob("*"):
            if path.is_file():
                assert path.read_bytes() == (CHECKOUT.shared_dir / path.relative_to(tmp_path / "shared")).read_bytes()


def snapshot(paths):
    return {p: p.read_bytes() for p in sorted(paths.datapackage_dir.rglob("*")) if p.is_file()}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(paths, capsys):
    before = snapshot(paths)
    assert import_reference.run(paths) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    assert snapshot(paths) == before  # nothing written
    lines = out.splitlines()
    assert lines[-1] == ("Intet er skrevet; ret filerne ovenfor, og kør import-reference igen. / Nothing was written; "
                         "fix the files named above and run import-reference again.")
    return lines[:-1]


def test_the_shared_files_import_as_the_package_holds_them(project, capsys):
    before = snapshot(project)
    assert import_reference.run(project) == 0
    after = snapshot(project)
    readme = project.sources_dir / "README.md"
    assert {p for p in after if after[p] != before.get(p)} <= {readme}  # only the import's date
    assert "Traceback" not in capsys.readouterr().out


def test_a_danish_thousands_point_is_named_by_file_line_and_column(project, capsys):
    table = project.shared_reference_dir / "population_kommuner_2019_2023.csv"
    edit(table, "632340,638117,", "632340,638.117,")
    assert refused(project, capsys) == [
        f"{table}: linje 2, kolonne pop_2021_01_01: '638.117' er ikke et helt tal; skriv det kun med cifre (638117, "
        "ikke 638.117 eller 638,117). / line 2, column pop_2021_01_01: '638.117' is not a whole number; write it "
        "with digits only (638117, not 638.117 or 638,117)."]


def test_a_renamed_column_and_a_semicolon_table_are_each_one_line(project, capsys):
    munis, regions = (project.shared_reference_dir / name for name in ("municipalities.csv", "regions.csv"))
    edit(munis, "kommunenavn", "navn")
    regions.write_text(regions.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert refused(project, capsys) == [
        f"{regions}: linje 1: ingen kolonne regionskode, regionsnavn, dst_omraade_region, n_kommuner; overskriften er "
        "'regionskode;regionsnavn;dst_omraade_region;n_kommuner'. Filen skal være kommasepareret, med disse kolonner. "
        "/ line 1: no column regionskode, regionsnavn, dst_omraade_region, n_kommuner; the header reads "
        "'regionskode;regionsnavn;dst_omraade_region;n_kommuner'. The file must be comma-separated, with these columns.",
        f"{munis}: linje 1: ingen kolonne kommunenavn; overskriften er "
        "'kommunekode,kommunekode_dagi,navn,regionskode,regionsnavn,dst_omraade_region'. Filen skal være "
        "kommasepareret, med disse kolonner. / line 1: no column kommunenavn; the header reads "
        "'kommunekode,kommunekode_dagi,navn,regionskode,regionsnavn,dst_omraade_region'. The file must be "
        "comma-separated, with these columns."]


def test_a_folder_among_the_shapes_and_a_missing_source_text_are_named(project, capsys):
    """A folder among the shapes had validate's 'The path is a folder, not a file. Give the file.': no file was
    asked for; the folder is not copied."""
    folder = project.shared_reference_dir / "dcat-ap" / "extra"
    folder.mkdir()
    text = project.shared_sources_dir / next(iter(SOURCE_TEXT_FILES.values()))
    text.unlink()
    assert refused(project, capsys) == [
        f"{text}: Filen findes ikke. | The file does not exist.",
        f"{folder}: er en mappe blandt SHACL-formerne i {folder.parent}: import-reference kopierer kun filerne, der "
        f"ligger direkte i {folder.parent}, ikke mapper i den. Flyt filerne op i {folder.parent}, eller slet mappen. / "
        f"is a folder among the SHACL shapes in {folder.parent}: import-reference copies only the files directly in "
        f"{folder.parent}, not folders in it. Move the files up into {folder.parent}, or delete the folder."]


def test_the_command_says_it_in_one_line_per_problem_with_exit_code_1(project, tmp_path):
    edit(project.shared_reference_dir / "regions.csv", "1081,", "1081.0,")
    run = subprocess.run(
        [os.sys.executable, "-c", "import sys; from build_scripts import cli; sys.exit(cli.main(sys.argv[1:]))",
         "--root", str(project.root), "import-reference"],
        capture_output=True, text=True, cwd=CHECKOUT.root)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1, run.stdout + run.stderr
