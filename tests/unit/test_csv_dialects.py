"""A CSV written in another dialect is named in one line, by what it is (red team 5, finding 7): a delimiter other
than the comma (semicolons, tabs, vertical bars), Excel's first line 'sep=,'; and an empty row or an empty key is
not also called a key that 'already appears'."""

import json

import pandas as pd
import pytest
from test_submission import THREE

from build_scripts.commands import submission
from build_scripts.devtools import synthetic
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT


def problems(path):
    return [str(p) for p in submission.check_files(CHECKOUT, [path])]


def submission_csv(tmp_path, name="submission.csv"):
    return synthetic.write_csv(pd.DataFrame(THREE[:1]), tmp_path / name)


def rewritten(path, edit):
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.mark.parametrize("delimiter,da,en", [
    ("\t", "tabulator", "tabs"),
    (";", "semikolon", "semicolons"),
    ("|", "lodret streg (|)", "vertical bars (|)"),
])
def test_a_submission_with_another_delimiter_is_one_line(tmp_path, delimiter, da, en):
    path = rewritten(submission_csv(tmp_path), lambda text: text.replace(",", delimiter))
    assert problems(path) == [
        f"{path}: linje 1: Filen bruger {da} som skilletegn. Gem den med komma som skilletegn. | line 1: The file "
        f"uses {en} as delimiter. Save it with commas as delimiter."]


def test_a_tab_separated_table_of_the_package_is_one_line(package_copy):
    table = rewritten(package_copy.parent / "data" / "units.csv", lambda text: text.replace(",", "\t"))
    assert [str(p) for p in validate.collect_problems(package_copy)[0]] == [
        "datapackage/data/units.csv: linje 1: Filen bruger tabulator som skilletegn. Gem den med komma som "
        "skilletegn. | line 1: The file uses tabs as delimiter. Save it with commas as delimiter."]
    assert "\t" in table.read_text(encoding="utf-8")


@pytest.mark.parametrize("line,shown", [("sep=,", "sep=,"), ("SEP=;", "SEP=;"), ("sep=\t", "sep=\\x09")])
def test_excels_sep_line_is_named_in_one_line(tmp_path, line, shown):
    path = rewritten(submission_csv(tmp_path), lambda text: f"{line}\r\n{text}")
    assert problems(path) == [
        f"{path}: linje 1: Første linje '{shown}' er Excels angivelse af skilletegnet, ikke overskriften. Slet "
        f"linjen, så overskriften står øverst. | line 1: The first line '{shown}' is Excel's note of the delimiter, "
        "not the header. Delete the line, so that the header comes first."]


def test_a_header_that_begins_as_excels_line_is_a_header(tmp_path):
    """Only a first line that is 'sep=' and at most one character is Excel's: a header that begins so is a header."""
    path = rewritten(submission_csv(tmp_path), lambda text: "sep=x" + text[text.index(","):])
    assert problems(path) == [
        f"{path}: linje 1, felt sep=x: Kolonnen 'sep=x' skal hedde 'initiative_id'. Omdøb den. | line 1, field "
        "sep=x: The column 'sep=x' must be called 'initiative_id'. Rename it."]


@pytest.mark.parametrize("tail,lines", [(",,,,,,,,,,,,,\n", [3]), ("\n\n", [3, 4]), (",,,,,,,,,,,,,\r\n\r\n", [3, 4])])
def test_an_empty_row_is_only_empty(tmp_path, tail, lines):
    """The empty row's key is empty, not one that 'already appears' (there is no other row with it)."""
    path = rewritten(submission_csv(tmp_path), lambda text: text + tail)
    assert problems(path) == [f"{path}: linje {line}: Rækken er tom. Slet den. | line {line}: The row is empty. "
                              "Delete it." for line in lines]


@pytest.mark.parametrize("tail", [" , , , , , , , , , , , , , \n", "  ,,,,,,,,,,,,,\t\n", "\u00a0\n", '" ",,,,,,,,,,,,,\n'])
def test_a_row_of_spaces_is_only_empty(tmp_path, tail):
    """Red team 6, finding 11: a row of spaces got 14 messages (one per cell); it is as empty as ',,,'."""
    path = rewritten(submission_csv(tmp_path), lambda text: text + tail)
    assert problems(path) == [f"{path}: linje 3: Rækken er tom. Slet den. | line 3: The row is empty. Delete it."]


def test_a_row_of_spaces_between_rows_is_only_empty(tmp_path):
    path = rewritten(submission_csv(tmp_path), lambda text: text + " , , \n" + text.splitlines()[1].replace("K1", "K2")
                     + "\n")
    assert problems(path) == [f"{path}: linje 3: Rækken er tom. Slet den. | line 3: The row is empty. Delete it."]


def test_an_empty_key_in_a_row_is_named_as_required_only(tmp_path):
    path = rewritten(submission_csv(tmp_path), lambda text: text.replace("\nK1,", "\n,"))
    assert problems(path) == [
        f"{path}: linje 2, felt initiative_id: Feltet er tomt, men skal udfyldes. | line 2, field initiative_id: "
        "The field is empty but is required."]


def test_an_empty_key_no_other_message_names_is_said_to_be_empty(tmp_path):
    """A key whose fields are not required: its empty cells are named once, as an empty key, not as a repeated one."""
    (tmp_path / "t.csv").write_text("code,part,label\na,1,x\n,,y\n", encoding="utf-8")
    fields = [{"name": "code", "type": "string"}, {"name": "part", "type": "integer"}, {"name": "label", "type": "string"}]
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [{
        "name": "t", "path": "t.csv", "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["code", "part"]}}]}), encoding="utf-8")
    said = [str(p) for p in validate.check_frictionless(tmp_path / "datapackage.json")]
    assert [line.split("/")[-1] for line in said] == [
        "t.csv: linje 3: Rækkens nøgle (code, part) er tom. Udfyld den. | line 3: The row's key (code, part) is empty. "
        "Fill it in."]
