"""Bad input gets one plain message naming the file, line and field; good input passes.

Each test breaks a copy of the real package in one way and asserts the exact message.
"""

import json
import shutil
import subprocess
import sys

import pytest

from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, FIXTURES


def problems_for(package_json):
    problems, _ = validate.collect_problems(package_json)
    return [str(p) for p in problems]


def install(package_json, fixture):
    """Put a broken fixture file in place of the package's own (the name says which: regions-….csv)."""
    resource = fixture.split("-", 1)[0]
    shutil.copyfile(FIXTURES / fixture, package_json.parent / "data" / f"{resource}.csv")


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_valid_package_has_no_problems(package_copy):
    assert problems_for(package_copy) == []


def test_not_utf8(package_copy):
    install(package_copy, "policy_areas-latin1.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/policy_areas.csv: linje 2: Filen er ikke UTF-8 (måske gemt fra Excel som Windows-1252). "
        "Gem den som 'CSV UTF-8'. | line 2: The file is not UTF-8 (perhaps saved from Excel as Windows-1252). "
        "Save it as 'CSV UTF-8'."
    ]


def test_bom_and_crlf_are_accepted(package_copy):
    install(package_copy, "regions-bom-crlf.csv")
    assert problems_for(package_copy) == []


def test_semicolon_delimiter(package_copy):
    install(package_copy, "units-semicolon.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: linje 1: Filen bruger semikolon som skilletegn. Gem den med komma som skilletegn. "
        "| line 1: The file uses semicolons as delimiter. Save it with commas as delimiter."
    ]


def test_decimal_comma(package_copy):
    install(package_copy, "regions-decimal-comma.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/regions.csv: linje 2, felt population_coverage_pct: '92,5' bruger decimalkomma. "
        "Skriv decimaltal med punktum, fx 92.5. | line 2, field population_coverage_pct: '92,5' uses a decimal comma. "
        "Write decimals with a point, e.g. 92.5."
    ]


def test_thousands_separator(package_copy):
    install(package_copy, "ref_population_municipalities-thousands-separator.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/ref_population_municipalities.csv: linje 2, felt population: '623.404' har tusindtalsseparator. "
        "Skriv tallet uden, fx 623404. | line 2, field population: '623.404' has a thousands separator. "
        "Write the number without one, e.g. 623404."
    ]


def test_renamed_column(package_copy):
    install(package_copy, "regions-renamed-column.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/regions.csv: linje 1, felt responding: Kolonnen 'responding' skal hedde "
        "'municipalities_responding'. Omdøb den. | line 1, field responding: The column 'responding' must be called "
        "'municipalities_responding'. Rename it."
    ]


def test_missing_and_extra_columns(package_copy):
    install(package_copy, "units-missing-and-extra-columns.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: linje 1, felt label_en: Kolonnen 'label_en' mangler. Tilføj den. "
        "| line 1, field label_en: The column 'label_en' is missing. Add it.",
        "datapackage/data/units.csv: linje 1, felt note: Kolonnen 'note' er ikke beskrevet i datapackage.json. "
        "Fjern den, eller beskriv den i skemaet. | line 1, field note: The column 'note' is not described in "
        "datapackage.json. Remove it, or describe it in the schema.",
        "datapackage/data/units.csv: linje 1, felt extra: Kolonnen 'extra' er ikke beskrevet i datapackage.json. "
        "Fjern den, eller beskriv den i skemaet. | line 1, field extra: The column 'extra' is not described in "
        "datapackage.json. Remove it, or describe it in the schema.",
    ]


def test_empty_file(package_copy):
    install(package_copy, "units-empty.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: Filen er tom. Den skal have en overskriftslinje og mindst én række. "
        "| The file is empty. It needs a header line and at least one row."
    ]


def test_header_without_rows(package_copy):
    install(package_copy, "units-header-only.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: Filen har overskrifter, men ingen rækker. Tilføj data. "
        "| The file has a header but no rows. Add data."
    ]


def test_duplicate_key(package_copy):
    install(package_copy, "examples-duplicate-key.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/examples.csv: linje 3, felt example_id: Værdien 'besk-igu' står allerede i linje 2. Hver "
        "værdi må kun stå én gang. | line 3, field example_id: The value 'besk-igu' already appears on line 2. Each "
        "value may appear only once."
    ]


def test_duplicate_composite_key(package_copy):
    install(package_copy, "area_figures-duplicate-composite-key.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/area_figures.csv: linje 5: Nøglen står allerede i linje 4. Hver række skal have sin egen "
        "nøgle. | line 5: The key already appears on line 4. Every row needs its own key."
    ]


def test_code_missing_in_referenced_table(package_copy):
    install(package_copy, "key_figures-unknown-unit.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 2, felt unit: Koden 'kommunr' findes ikke i tabellen units (kolonnen "
        "unit_id). Ret koden, eller tilføj den i units. | line 2, field unit: The code 'kommunr' does not exist in the "
        "table units (column unit_id). Fix the code, or add it to units."
    ]


def test_code_outside_its_list(package_copy):
    install(package_copy, "regions-unknown-region-code.csv")
    problems = problems_for(package_copy)
    assert "datapackage/data/regions.csv: linje 3, felt region_code: Værdien '1086' er ikke en af de tilladte: " \
           "1081, 1082, 1083, 1084 eller 1085. | line 3, field region_code: The value '1086' is not one of the allowed " \
           "values: 1081, 1082, 1083, 1084 or 1085." in problems


def test_negative_amount(package_copy):
    install(package_copy, "area_figures-negative-amount.csv")
    assert problems_for(package_copy)[0] == (
        "datapackage/data/area_figures.csv: linje 16, felt value: Værdien -9 er mindre end 0. Beløb og antal kan "
        "ikke være negative. | line 16, field value: The value -9 is less than 0. Amounts and counts cannot be negative."
    )


def test_percentage_over_100(package_copy):
    install(package_copy, "regions-percentage-over-100.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/regions.csv: linje 2, felt population_coverage_pct: Værdien 920 er større end 100. En "
        "procent skal ligge mellem 0 og 100. | line 2, field population_coverage_pct: The value 920 is greater than "
        "100. A percentage must lie between 0 and 100."
    ]


def test_figure_without_quote(package_copy):
    install(package_copy, "area_figures-no-quote.csv")
    problems = problems_for(package_copy)
    assert "datapackage/data/area_figures.csv: linje 16, felt source_quote: Rækken mangler sin kilde. Angiv dokument, " \
           "sted og et ordret citat. | line 16, field source_quote: The row lacks its source. Give the document, the " \
           "location and a verbatim quote." in problems


def test_leading_or_trailing_spaces(package_copy):
    install(package_copy, "units-trailing-space.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: linje 2, felt label_da: Teksten 'mio. kr. ' har mellemrum i starten eller "
        "slutningen. Fjern dem. | line 2, field label_da: The text 'mio. kr. ' has leading or trailing spaces. Remove them."
    ]


def test_value_text_must_state_the_value(package_copy):
    install(package_copy, "key_figures-value-text-mismatch.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 5, felt value_text: value_text '706' siger ikke det samme tal som "
        "value 707. | line 5, field value_text: value_text '706' does not state the same number as value 707."
    ]


def test_invalid_json(package_copy):
    version = json.loads(package_copy.read_text(encoding="utf-8"))["version"]
    edit(package_copy, f'"version": "{version}",', f'"version": "{version}"')
    problems = problems_for(package_copy)
    assert len(problems) == 1
    assert problems[0].startswith("datapackage/datapackage.json: linje ")
    assert "Ugyldig JSON i kolonne 3: Expecting ',' delimiter." in problems[0]


def test_descriptor_not_matching_profile(package_copy):
    descriptor = json.loads(package_copy.read_text(encoding="utf-8"))
    descriptor["version"] = 1
    package_copy.write_text(json.dumps(descriptor), encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: Passer ikke til Data Package-profilen: 1 is not of type 'string' at property "
        "'version' | Does not match the Data Package profile: 1 is not of type 'string' at property 'version'"
    ]


@pytest.mark.parametrize("bad_path,da", [
    ("../outside.csv", "Stien '../outside.csv' peger uden for datapackage/. Læg filen i datapackage/data/."),
    ("data/missing.csv", "Filen 'data/missing.csv' findes ikke. Ret stien eller tilføj filen."),
])
def test_bad_resource_path(package_copy, bad_path, da):
    (package_copy.parent.parent / "outside.csv").write_text("a\n1\n", encoding="utf-8")
    edit(package_copy, '"path": "data/units.csv"', f'"path": "{bad_path}"')
    problems = problems_for(package_copy)
    assert problems == [f"datapackage/datapackage.json: felt resources/units/path: {da} | field resources/units/path: "
                        + problems[0].split("| field resources/units/path: ")[1]]


def test_cli_exit_codes_and_no_traceback(package_copy):
    command = [sys.executable, "-m", "build_scripts", "validate", "--package", str(package_copy)]
    ok = subprocess.run(command, cwd=CHECKOUT.root, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "valid" in ok.stdout
    install(package_copy, "units-semicolon.csv")
    bad = subprocess.run(command, cwd=CHECKOUT.root, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr == "" and "Traceback" not in bad.stdout
    assert bad.stdout.splitlines()[-1] == "1 fejl fundet / 1 problem(s) found"


def run_validate(package_json, **env):
    """`make validate` on another copy of the package, as a maintainer or CI runs it."""
    import os

    environ = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "MAKEFLAGS")}
    environ.update(env)
    return subprocess.run(["make", "--no-print-directory", "-s", "validate", f"PACKAGE={package_json}"],
                          cwd=CHECKOUT.root, capture_output=True, text=True, env=environ)


def test_cli_reports_bad_input_plainly(package_copy):
    install(package_copy, "regions-percentage-over-100.csv")
    result = run_validate(package_copy)
    assert result.returncode == 2  # make's own code for a failed recipe; the command itself exits 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("datapackage/data/regions.csv: linje 2, felt population_coverage_pct: Værdien 920")
    assert lines[1] == "1 fejl fundet / 1 problem(s) found"


def test_github_annotations_and_summary(package_copy, tmp_path):
    install(package_copy, "regions-percentage-over-100.csv")
    summary = tmp_path / "summary.md"
    result = run_validate(package_copy, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == (
        "::error file=datapackage/data/regions.csv,line=2,title=Ugyldig værdi::Værdien 920 er større end 100. "
        "En procent skal ligge mellem 0 og 100. / The value 920 is greater than 100. A percentage must lie between 0 and 100."
    )
    assert summary.read_text(encoding="utf-8") == (
        "## Datavalidering / Data validation\n\n**1 fejl / 1 problem(s)**\n\n"
        "| Fil / File | Linje / Line | Felt / Field | Fejl (dansk) | Problem (English) |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| datapackage/data/regions.csv | 2 | population_coverage_pct | Værdien 920 er større end 100. En procent skal "
        "ligge mellem 0 og 100. | The value 920 is greater than 100. A percentage must lie between 0 and 100. |\n"
    )


def test_maximum_that_is_not_a_percentage(package_copy):
    edit(package_copy.parent / "data" / "timeline.csv", "Uge 47 (22.-26. nov),47,47,", "Uge 47 (22.-26. nov),47,54,")
    assert problems_for(package_copy) == [
        "datapackage/data/timeline.csv: linje 8, felt week_to: Værdien 54 er større end 53, det største tilladte. "
        "| line 8, field week_to: The value 54 is greater than 53, the largest allowed."
    ]


# Red team 3, finding 7: a reversed or inconsistent period was published on /tabeller/ and in the downloads.
@pytest.mark.parametrize("old,new,expected", [
    ("36,36,2021-09-06,2021-09-10", "36,36,2021-09-10,2021-09-06", [
        "datapackage/data/timeline.csv: linje 2, felt date_to: date_to (2021-09-06) ligger før date_from (2021-09-10): "
        "perioden slutter, før den begynder. Byt dem om, eller ret den ene. | line 2, field date_to: date_to "
        "(2021-09-06) is before date_from (2021-09-10): the period ends before it begins. Swap them, or correct one."]),
    ("36,36,2021-09-06,2021-09-10", "40,36,2021-09-06,2021-09-10", [
        "datapackage/data/timeline.csv: linje 2, felt week_to: week_to (36) ligger før week_from (40): perioden "
        "slutter, før den begynder. Byt dem om, eller ret den ene. | line 2, field week_to: week_to (36) is before "
        "week_from (40): the period ends before it begins. Swap them, or correct one.",
        "datapackage/data/timeline.csv: linje 2, felt week_from: week_from er uge 40, men date_from 2021-09-06 ligger "
        "i uge 36 (ISO-uge). Ret ugen eller datoen. | line 2, field week_from: week_from is week 40, but date_from "
        "2021-09-06 is in week 36 (ISO week). Correct the week or the date."]),
    ("47,47,2021-11-22,2021-11-26", "47,48,2021-11-22,2021-11-26", [
        "datapackage/data/timeline.csv: linje 8, felt week_to: week_to er uge 48, men date_to 2021-11-26 ligger i uge "
        "47 (ISO-uge). Ret ugen eller datoen. | line 8, field week_to: week_to is week 48, but date_to 2021-11-26 is "
        "in week 47 (ISO week). Correct the week or the date."]),
])
def test_timeline_period_is_in_order_and_its_weeks_are_its_dates(package_copy, old, new, expected):
    edit(package_copy.parent / "data" / "timeline.csv", old, new)
    assert problems_for(package_copy) == expected


# Red team 5, finding 1: a step that gives only weeks was checked neither against its year nor against when_text:
# week 53 of 2021 stopped the pages stage with a traceback (fmt.iso_weeks), week 1 published 4 January - 19 November
# beside 'Uge 44-46'. Half a period, or none, stopped it too.
TIMELINE_CASES = {
    "week_not_in_year": ("6,Udarbejdelse af afrapportering,Writing the report,Uge 44-46,44,46,,",
                         "6,Udarbejdelse af afrapportering,Writing the report,Uge 44-53,44,53,,", [
        "datapackage/data/timeline.csv: linje 7, felt week_to: week_to er uge 53, men tidslinjens år 2021 (date_from "
        "i linje 2) har kun 52 ISO-uger. Ret ugen. | line 7, field week_to: week_to is week 53, but the timeline's "
        "year 2021 (date_from on line 2) has only 52 ISO weeks. Correct the week."]),
    "week_not_as_written": ("Uge 44-46,44,46,,", "Uge 44-46,1,46,,", [
        "datapackage/data/timeline.csv: linje 7, felt week_from: week_from er 1, men when_text ('Uge 44-46') nævner "
        "uge 44. Ret den ene, så de siger det samme. | line 7, field week_from: week_from is 1, but when_text "
        "('Uge 44-46') names week 44. Correct one so that they agree."]),
    "week_53_as_written_elsewhere": ("Uge 44-46,44,46,,", "Uge 44-46,44,53,,", [
        "datapackage/data/timeline.csv: linje 7, felt week_to: week_to er 53, men when_text ('Uge 44-46') nævner "
        "uge 46. Ret den ene, så de siger det samme. | line 7, field week_to: week_to is 53, but when_text "
        "('Uge 44-46') names week 46. Correct one so that they agree."]),
    "dated_step_not_as_written": ("Primo uge 40 (4. okt – 8. okt),40,40,", "Primo uge 41 (4. okt – 8. okt),40,40,", [
        "datapackage/data/timeline.csv: linje 5, felt week_from: week_from er 40, men when_text ('Primo uge 41 (4. "
        "okt – 8. okt)') nævner uge 41. Ret den ene, så de siger det samme. | line 5, field week_from: week_from is "
        "40, but when_text ('Primo uge 41 (4. okt – 8. okt)') names week 41. Correct one so that they agree.",
        "datapackage/data/timeline.csv: linje 5, felt week_to: week_to er 40, men when_text ('Primo uge 41 (4. "
        "okt – 8. okt)') nævner uge 41. Ret den ene, så de siger det samme. | line 5, field week_to: week_to is "
        "40, but when_text ('Primo uge 41 (4. okt – 8. okt)') names week 41. Correct one so that they agree."]),
    "week_missing_as_written": ("Uge 44-46,44,46,,", "Uge 44-46,44,,,", [
        "datapackage/data/timeline.csv: linje 7, felt week_to: week_to er tom, men when_text ('Uge 44-46') nævner "
        "uge 46. Skriv 46 i week_to. | line 7, field week_to: week_to is empty, but when_text ('Uge 44-46') names "
        "week 46. Write 46 in week_to."]),
    "date_half": ("29. okt,,,2021-10-29,2021-10-29", "29. okt,,,2021-10-29,", [
        "datapackage/data/timeline.csv: linje 6, felt date_to: date_to er tom, men date_from er udfyldt "
        "(2021-10-29): en periode har både begyndelse og slutning. Udfyld date_to, eller tøm date_from. | line 6, "
        "field date_to: date_to is empty, but date_from is filled in (2021-10-29): a period has both a start and an "
        "end. Fill in date_to, or empty date_from."]),
    "week_half": ("29. okt,,,2021-10-29,2021-10-29", "29. okt,,43,2021-10-29,2021-10-29", [
        "datapackage/data/timeline.csv: linje 6, felt week_from: week_from er tom, men week_to er udfyldt (43): en "
        "periode har både begyndelse og slutning. Udfyld week_from, eller tøm week_to. | line 6, field week_from: "
        "week_from is empty, but week_to is filled in (43): a period has both a start and an end. Fill in "
        "week_from, or empty week_to."]),
    "no_period": ("29. okt,,,2021-10-29,2021-10-29", "29. okt,,,,", [
        "datapackage/data/timeline.csv: linje 6, felt date_from: Trinnet har hverken datoer (date_from, date_to) "
        "eller uger (week_from, week_to): siden viser, hvornår hvert trin fandt sted. Udfyld det ene par. | line 6, "
        "field date_from: The step has neither dates (date_from, date_to) nor weeks (week_from, week_to): the page "
        "shows when each step took place. Fill in one of the two."]),
}


@pytest.mark.parametrize("case", TIMELINE_CASES)
def test_timeline_steps_have_periods_the_page_can_show(package_copy, case):
    old, new, expected = TIMELINE_CASES[case]
    edit(package_copy.parent / "data" / "timeline.csv", old, new)
    assert problems_for(package_copy) == expected


def test_timeline_weeks_need_a_year(package_copy):
    timeline = package_copy.parent / "data" / "timeline.csv"
    lines = timeline.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [line for line in lines[1:] if line.startswith("6,")]  # the one step without dates
    timeline.write_text("".join(kept), encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/data/timeline.csv: linje 2, felt week_from: Trinnet har kun uger, og intet trin har en dato: siden "
        "regner ugerne om til datoer i året for det første trin med date_from. Giv mindst ét trin datoer. | line 2, "
        "field week_from: The step gives only weeks, and no step has a date: the page turns the weeks into dates in "
        "the year of the first step with a date_from. Give at least one step dates."]


def test_every_timeline_validate_accepts_can_be_shown(tmp_path):
    """Whatever weeks and dates two steps have: validate refuses them, or the method page computes both steps'
    dates (fmt.step_period, fmt.date_range) without an error."""
    import csv
    import itertools

    from build_scripts.core import fmt
    from build_scripts.stages.validate import floor, timeline

    descriptor = json.loads((CHECKOUT.datapackage_dir / "datapackage.json").read_text(encoding="utf-8"))
    resource, path = res(descriptor, "timeline"), tmp_path / "timeline.csv"
    fields = [f["name"] for f in resource["schema"]["fields"]]
    weeks = [("", ""), ("1", "2"), ("44", "46"), ("52", "53"), ("53", "53"), ("1", ""), ("", "53")]
    dates = [("", ""), ("2021-09-06", "2021-09-10"), ("2020-12-28", "2021-01-01"), ("2021-10-29", "")]
    texts = ["29. okt", "Uge 44-46", "Uge 53"]
    accepted = 0
    for first, second in itertools.product(itertools.product(weeks, dates, texts), repeat=2):
        steps = [dict.fromkeys(fields, "") | {"step_no": str(n), "activity_da": "a", "activity_en": "a",
                                               "when_text": text, "week_from": w[0], "week_to": w[1],
                                               "date_from": d[0], "date_to": d[1], "source_document": "s",
                                               "source_location": "s", "source_quote": "s"}
                 for n, (w, d, text) in enumerate((first, second), start=1)]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields)
            writer.writeheader()
            writer.writerows(steps)
        if floor.cell_problems(resource, path, "t", True) or timeline.problems(floor.read_rows(path)[1], "t"):
            continue
        accepted += 1
        for step in steps:
            fmt.date_range(*fmt.step_period(step, fmt.timeline_year(steps))[:2])
    assert accepted > 20


def test_iso_weeks_for_every_week_of_every_year():
    from build_scripts.core import fmt

    for year in range(1899, 2102):
        assert fmt.iso_weeks(year, 1, fmt.weeks_in_year(year))
        assert fmt.weeks_in_year(year) in (52, 53)


def res(dp, name):
    return next(r for r in dp["resources"] if r["name"] == name)


@pytest.mark.parametrize("change,expected", [
    (lambda dp: res(dp, "key_figures").pop("schema"),
     "datapackage/datapackage.json: felt resources/key_figures: En CSV-ressource skal have \"type\": \"table\" og et "
     "schema med felter, hvert med et navn."),
    (lambda dp: res(dp, "key_figures")["schema"]["fields"][0].__setitem__("type", "strin"),
     "datapackage/datapackage.json: Passer ikke til Data Package-profilen: Field is not valid: field type \"strin\" "
     "is not supported"),
    (lambda dp: res(dp, "area_figures")["schema"]["foreignKeys"][0].pop("reference"),
     "datapackage/datapackage.json: felt resources/area_figures/schema/foreignKeys: En fremmednøgle skal have "
     "\"fields\" og \"reference\" med \"resource\" og \"fields\"."),
])
def test_malformed_descriptor_gets_a_message(package_copy, change, expected):
    descriptor = json.loads(package_copy.read_text(encoding="utf-8"))
    change(descriptor)
    package_copy.write_text(json.dumps(descriptor), encoding="utf-8")
    problems = problems_for(package_copy)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


# --- every quote against its source (datapackage/sources/, never ../shared) -----------------------------------


@pytest.mark.parametrize("fixture,expected", [
    ("area_figures-value-contradicts-quote.csv",
     "datapackage/data/area_figures.csv: linje 16, felt source_quote: Citatet indeholder ikke value_text '10'. Ret "
     "tallet, eller citér den sætning, der har tallet. | line 16, field source_quote: The quote does not contain "
     "value_text '10'. Fix the figure, or quote the sentence that states it."),
    ("key_figures-quote-not-in-source.csv",
     "datapackage/data/key_figures.csv: linje 5, felt source_quote: Citatet står ikke ordret i kildeteksten "
     "sources/002_b3c63c548a7e9823.txt (rapport-2022). Kopiér det ordret fra kilden. | line 5, field source_quote: "
     "The quote is not verbatim in the source text sources/002_b3c63c548a7e9823.txt (rapport-2022). Copy it "
     "verbatim from the source."),
    ("key_figures-qualifier-lost.csv",
     "datapackage/data/key_figures.csv: linje 7, felt qualifier: Kilden skriver 'ca. 350', men qualifier er tom. "
     "Skriv 'ca.' i qualifier. | line 7, field qualifier: The source writes 'ca. 350' but qualifier is empty. Write "
     "'ca.' in qualifier."),
    ("key_figures-qualifier-not-in-quote.csv",
     "datapackage/data/key_figures.csv: linje 7, felt source_quote: Citatet indeholder ikke 'godt 350' (qualifier og "
     "value_text), som kilden skriver tallet. Ret tallet, qualifier eller citatet. | line 7, field source_quote: The "
     "quote does not contain 'godt 350' (qualifier and value_text) as the source writes the figure. Fix the figure, "
     "the qualifier or the quote."),
    ("statements-value-missing.csv",
     "datapackage/data/statements.csv: linje 5, felt value: value er tom, men value_text '2019' er et tal. Skriv "
     "tallet i value. | line 5, field value: value is empty but value_text '2019' is a number. Write the number in "
     "value."),
    ("regions-coverage-contradicts-quote.csv",
     "datapackage/data/regions.csv: linje 3, felt source_quote: Citatet indeholder ikke '84 pct.', som rækken angiver. "
     "Ret tallet eller citatet. | line 3, field source_quote: The quote does not contain '84 pct.', which the row "
     "states. Fix the figure or the quote."),
])
def test_quote_checks(package_copy, fixture, expected):
    install(package_copy, fixture)
    assert problems_for(package_copy) == [expected]


def test_a_figure_is_its_whole_number_in_the_quote():
    assert validate._contains_figure("indtægter for ca. 28 mio. kr.", "28")
    assert not validate._contains_figure("udgifter for 100 mio. kr.", "10")
    assert not validate._contains_figure("i alt 5.000 personer", "5")
    assert not validate._contains_figure("den femte", "fem")
    assert validate._contains_figure("Knap 1/3 af alle", "Knap 1/3")


def test_whitespace_is_the_only_normalisation():
    assert validate.normalise_whitespace(" Uge 36\t(6.-10 sep)\n\nnæste ") == "Uge 36 (6.-10 sep) næste"
    assert validate.normalise_whitespace("*Aftale*") == "*Aftale*"  # emphasis is part of the text


def test_missing_source_text(package_copy):
    (package_copy.parent / "sources" / "000_a48a0bc8c627c407.txt").unlink()
    assert problems_for(package_copy) == [
        "datapackage/sources/000_a48a0bc8c627c407.txt: Kildeteksten til svar-2023 mangler. Kør 'python -m "
        "build_scripts import-reference'. | The source text of svar-2023 is missing. Run 'python -m build_scripts "
        "import-reference'."
    ]


AUDITED_VALIDATE = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and args and isinstance(args[0], str) else None)
from build_scripts import cli
code = cli.main(["validate", "--package", sys.argv[1]])
shared = sorted({p for p in opened if "/shared/" in p or p.endswith("/shared")})
print("READ-SHARED:", shared)
sys.exit(code)
"""


def test_validate_on_github_actions_without_shared(tmp_path):
    """A clone on GitHub: no ../shared beside it, CI=true GITHUB_ACTIONS=true; one changed value fails with file, line, field."""
    import os

    clone = tmp_path / "clone"
    shutil.copytree(CHECKOUT.datapackage_dir, clone / "datapackage")
    package_json = clone / "datapackage" / "datapackage.json"
    assert not (clone.parent / "shared").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "MAKEFLAGS")}
    env.update(CI="true", GITHUB_ACTIONS="true", PYTHONPATH=str(CHECKOUT.root))
    command = [sys.executable, "-c", AUDITED_VALIDATE, str(package_json)]
    ok = subprocess.run(command, cwd=clone, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "READ-SHARED: []" in ok.stdout
    edit(clone / "datapackage" / "data" / "area_figures.csv", "social,income,9,9,", "social,income,10,9,")
    bad = subprocess.run(command, cwd=clone, capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "Traceback" not in bad.stdout + bad.stderr
    assert bad.stdout.splitlines()[0] == (
        "::error file=datapackage/data/area_figures.csv,line=16,title=Tal stemmer ikke::value_text '9' siger ikke det "
        "samme tal som value 10. / value_text '9' does not state the same number as value 10."
    )
    assert "READ-SHARED: []" in bad.stdout


# --- bounded, typed inputs (issue 12): each hostile input is refused with a message that says why ---------


def test_control_character_in_a_label(package_copy):
    install(package_copy, "key_figures-control-character-in-label.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 2, felt label_da: Teksten 'Kommuner inviteret\\x1b[31m til "
        "kortlægningen' indeholder U+001B (ESC), et styretegn. Slet tegnet; det kommer ofte med, når man kopierer fra "
        "andre programmer. | line 2, field label_da: The text 'Kommuner inviteret\\x1b[31m til kortlægningen' holds "
        "U+001B (ESC), a control character. Delete it; it often comes along when copying from other programs."
    ]


def test_newline_in_a_label(package_copy):
    install(package_copy, "key_figures-newline-in-label.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 2, felt label_da: Teksten 'Kommuner inviteret\\x0atil kortlægningen' "
        "indeholder U+000A (LF), et linjeskift. Skriv teksten på én linje. | line 2, field label_da: The text "
        "'Kommuner inviteret\\x0atil kortlægningen' holds U+000A (LF), a line break. Write the text on one line."
    ]


@pytest.mark.parametrize("fixture,value", [("key_figures-value-infinite.csv", "INF"), ("key_figures-value-nan.csv", "NaN")])
def test_value_that_is_not_a_finite_number(package_copy, fixture, value):
    install(package_copy, fixture)
    assert problems_for(package_copy) == [
        f"datapackage/data/key_figures.csv: linje 2, felt value: '{value}' er ikke et endeligt tal (NaN og uendelig kan "
        f"ikke bruges). Skriv et tal. | line 2, field value: '{value}' is not a finite number (NaN and infinity "
        f"cannot be used). Write a number."
    ]


def test_huge_population(package_copy):
    install(package_copy, "ref_population_denmark-huge-population.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/ref_population_denmark.csv: linje 2, felt population: Værdien 99999999999999999999999 er "
        "større end 10000000, det største tilladte. | line 2, field population: The value 99999999999999999999999 is "
        "greater than 10000000, the largest allowed."
    ]


def test_text_a_spreadsheet_would_run_as_a_formula(package_copy):
    install(package_copy, "examples-formula-text.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/examples.csv: linje 2, felt title_da: Teksten '=HYPERLINK(\"http://x\",\"klik\")' begynder "
        "med '=', så et regneark (Excel, LibreOffice) ville udføre den som en formel. Omformulér, så teksten ikke "
        "begynder med =, +, -, @, tabulator eller linjeskift. | line 2, field title_da: The text "
        "'=HYPERLINK(\"http://x\",\"klik\")' starts with '=', so a spreadsheet (Excel, LibreOffice) would run it as a "
        "formula. Rephrase it so it does not start with =, +, -, @, a tab or a line break."
    ]


@pytest.mark.parametrize("text,formula", [("=1+1", True), ("+45 12345678", True), ("@SUM(A1)", True),
                                          ("-x", True), ("\tx", True), ("-", False), ("-12", False),
                                          ("+4.5", False), ("a-b", False), ("", False)])
def test_what_counts_as_a_formula(text, formula):
    assert validate.is_formula_like(text) is formula


def test_unterminated_quote_is_named_once(package_copy):
    install(package_copy, "ref_municipalities-unterminated-quote.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/ref_municipalities.csv: linje 5: Et anførselstegn (\") åbnes i denne række, men lukkes "
        "aldrig, så resten af filen læses som én celle. Tilføj det afsluttende anførselstegn. | line 5: A double "
        "quote (\") opens in this row but is never closed, so the rest of the file is read as one cell. Add the "
        "closing quote."
    ]


def test_messages_quote_only_a_short_excerpt_of_a_huge_value(package_copy):
    """30 bad cells of 200 kB each (the issue's case was 51 MB: 10 kB of output; this keeps the test quick)."""
    path = package_copy.parent / "data" / "examples.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    huge = "x" * 200_000
    rows = [",".join([*row.split(",", 3)[:2], huge, row.split(",", 3)[3]]) for row in rows[:30]] + rows[30:]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    problems = problems_for(package_copy)
    assert len(problems) == 30
    assert problems[0] == (
        f"datapackage/data/examples.csv: linje 2, felt origin: Værdien '{'x' * 60}…' er ikke en af de tilladte: "
        f"rapport eller kommissorium. | line 2, field origin: The value '{'x' * 60}…' is not one of the allowed "
        f"values: rapport or kommissorium.")
    assert sum(len(p) for p in problems) < 30 * 400


@pytest.mark.parametrize("version", ['1.0.2"><img src=x onerror=alert(13)>', "../../1.0.0", "1.0", "v1.0.0", "01.2.3",
                                     "1.02.3"])
def test_version_must_be_semantic(package_copy, version):
    descriptor = json.loads(package_copy.read_text(encoding="utf-8"))
    descriptor["version"] = version
    package_copy.write_text(json.dumps(descriptor), encoding="utf-8")
    shown = validate.excerpt(version)
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: felt version: Versionen '{shown}' er ikke et semantisk versionsnummer som "
        f"1.2.3 (tre hele tal adskilt af punktum, uden foranstillede nuller). | field version: The version '{shown}' "
        f"is not a semantic version such as 1.2.3 (three whole numbers separated by dots, without leading zeros)."
    ]


def test_resource_name_with_a_slash(package_copy):
    descriptor = json.loads(package_copy.read_text(encoding="utf-8"))
    res(descriptor, "units")["name"] = "units/2021"
    package_copy.write_text(json.dumps(descriptor), encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources/units/2021/name: Ressourcens navn 'units/2021' må kun have små "
        "bogstaver a-z, tal og understreg (højst 31 tegn); det bliver filnavn og arknavn. | field "
        "resources/units/2021/name: The resource name 'units/2021' may only hold lower-case letters a-z, digits and "
        "underscores (at most 31 characters); it becomes a file and sheet name."
    ]


def test_resource_path_that_is_a_folder(package_copy):
    (package_copy.parent / "data" / "folder.csv").mkdir()
    edit(package_copy, '"path": "data/units.csv"', '"path": "data/folder.csv"')
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources/units/path: Stien 'data/folder.csv' er en mappe, ikke en fil. "
        "Angiv filen i mappen. | field resources/units/path: The path 'data/folder.csv' is a folder, not a file. "
        "Give the file in the folder."
    ]


def test_deeply_nested_json(package_copy):
    package_copy.write_text("[" * 100_000, encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: JSON'en er indlejret for dybt (klammer i klammer) til at være en datapakke. "
        "Ret strukturen. | The JSON is nested too deeply (brackets within brackets) to be a data package. "
        "Fix its structure."
    ]


def test_the_excerpt_of_a_value():
    assert validate.excerpt("a" * 61) == "a" * 60 + "…"
    assert validate.excerpt("a\x07b") == "a\\x07b"
    assert validate.excerpt(None) == ""


def test_every_field_of_the_package_is_bounded():
    """Every text has a form (pattern or list) and a length, every number a maximum: new columns too."""
    unbounded = []
    for resource in json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            c = field.get("constraints", {})
            where = f"{resource['name']}.{field['name']}"
            if field["type"] == "string" and not ("enum" in c or ("pattern" in c and (
                    "maxLength" in c or not c["pattern"].endswith("*$")))):
                unbounded.append(where)
            if field["type"] in ("number", "integer") and not ("enum" in c or "maximum" in c):
                unbounded.append(where)
    assert unbounded == []


def test_a_space_before_a_quote_is_read_as_the_build_reads_it(package_copy):
    """Red team 23, finding 1: frictionless guessed skipInitialSpace from the file (its one quoted cell follows ', '),
    read 'over' as part of the text above it, and said key_figures' qualifier 'over' did not exist. It reads the file
    as the build does: the leading space is named, and 'over' is a row."""
    install(package_copy, "qualifiers-space-before-quote.csv")
    assert problems_for(package_copy) == [
        "datapackage/data/qualifiers.csv: linje 2, felt description_en: Teksten ' \"The source gives the figure as "
        "approximate (ca.)' har mellemrum i starten eller slutningen. Fjern dem. | line 2, field description_en: The "
        "text ' \"The source gives the figure as approximate (ca.)' has leading or trailing spaces. Remove them.",
        "datapackage/data/qualifiers.csv: linje 3, felt description_en: Koden kalder over 'The true figure is above "
        "the one given (over)' (QUALIFIER_DESCRIPTIONS i build_scripts/core/text.py) og regner med den betydning, ikke "
        "'The true figure is above the one given (over)\"'. Skriv 'The true figure is above the one given (over)'; en "
        "anden betydning skal have sit eget id. | line 3, field description_en: The code calls over 'The true figure "
        "is above the one given (over)' (QUALIFIER_DESCRIPTIONS in build_scripts/core/text.py) and computes with that "
        "meaning, not 'The true figure is above the one given (over)\"'. Write 'The true figure is above the one given "
        "(over)'; another meaning needs an id of its own.",
    ]
