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


# Red team 23, finding 1: one `, "` in a file with no other quoted cell made frictionless guess skipInitialSpace from
# the file and open a quoted cell that ran over the next row. That row (K9: an unknown area, codes outside the lists,
# DKK 1 billion) was never checked against the standard, and aggregate, reading it as a row, counted it.
HIDDEN_ROW = 'K9,147,bogus,Skjult,1000000,0,9,ukendt,z,7,Rådgivning,Skjult",permanent,-'


def with_hidden_row(text: str) -> str:
    return text.replace(",Flere i IGU,", ', "Flere i IGU,').replace("\nK2,", f"\n{HIDDEN_ROW}\nK2,")


def test_a_space_before_a_quote_hides_no_row_from_the_standard(tmp_path, capsys):
    from test_submission import one_line_refusal

    path = rewritten(synthetic.write_csv(pd.DataFrame(THREE[:2]), tmp_path / "s.csv"), with_hidden_row)
    said = [
        f"{path}: linje 2, felt purpose: Teksten ' \"Flere i IGU' har mellemrum i starten eller slutningen. Fjern dem. "
        "| line 2, field purpose: The text ' \"Flere i IGU' has leading or trailing spaces. Remove them.",
        f"{path}: linje 3, felt area_id: Værdien 'bogus' er ikke en af de tilladte: beskaeftigelse, "
        "dagtilbud_folkeskole, integration_generelt, social, kultur_fritid eller sundhed_aeldre. | line 3, field "
        "area_id: The value 'bogus' is not one of the allowed values: beskaeftigelse, dagtilbud_folkeskole, "
        "integration_generelt, social, kultur_fritid or sundhed_aeldre.",
        f"{path}: linje 3, felt financing_source: Værdien '9' er ikke en af de tilladte: 1, 2 eller 3. | line 3, field "
        "financing_source: The value '9' is not one of the allowed values: 1, 2 or 3.",
        f"{path}: linje 3, felt primary_target_group: Værdien 'z' er ikke en af de tilladte: a, b eller c. | line 3, "
        "field primary_target_group: The value 'z' is not one of the allowed values: a, b or c.",
        f"{path}: linje 3, felt secondary_target_group: Værdien '7' er ikke en af de tilladte: 1, 2, 3, 4 eller 5. | "
        "line 3, field secondary_target_group: The value '7' is not one of the allowed values: 1, 2, 3, 4 or 5.",
    ]
    assert problems(path) == said
    out = tmp_path / "out"
    assert one_line_refusal(capsys, ["aggregate", "--out", str(out), str(path)]) == "\n".join(said) + (
        "\n5 fejl fundet / 5 problem(s) found\nRettes først; intet er beregnet. / Fix these first; nothing was "
        "aggregated.\n")
    assert not out.exists()


def test_frictionless_is_given_every_csv_option_before_it_reads(tmp_path):
    """Nothing is left for frictionless to guess from the file: the package's and a submission's tables alike."""
    from frictionless import Package
    from frictionless.formats import CsvControl

    package = Package(str(CHECKOUT.submission_json))
    validate.read_as_the_build(package)
    for resource in package.resources:
        control = CsvControl.from_dialect(resource.dialect)
        stated = {name: getattr(control, name) for name in control.list_defined() if name not in ("schema", "custom")}
        assert stated == {"delimiter": ",", "quote_char": '"', "double_quote": True, "escape_char": None,
                          "skip_initial_space": False, "line_terminator": "\r\n"}
        assert (resource.dialect.header, resource.dialect.header_rows, resource.encoding) == (True, [1], "utf-8")


def test_a_submission_standard_whose_dialect_skips_initial_spaces_is_refused(package_copy):
    """The standard's descriptor may state only the build's reading; validate (which check-submission and aggregate
    run first) names the key."""
    standard = package_copy.parent / "submission" / "datapackage.json"
    descriptor = json.loads(standard.read_text(encoding="utf-8"))
    descriptor["resources"][0]["dialect"]["skipInitialSpace"] = True
    standard.write_text(json.dumps(descriptor), encoding="utf-8")
    where = "resources/submission/dialect/skipInitialSpace"
    assert [str(p) for p in validate.collect_problems(package_copy)[0]] == [
        f'submission/datapackage.json: felt {where}: "skipInitialSpace": true ændrer, hvordan tabellen læses, men '
        "byggeriet læser den altid som false (downloads, sider og figurer). Slet egenskaben, eller skriv false. | "
        f'field {where}: "skipInitialSpace": true changes how the table is read, but the build always reads it as '
        "false (downloads, pages and charts). Delete the property, or write false."]
