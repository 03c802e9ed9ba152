"""`validate` is the one gate, and its safety floor is in code (issue 20, sections 1 and 2).

Each known failure of the red team's review has its own test here: the input is refused by `validate` with one
exact line naming the file, the line and the field, or (a double quote in a label is text) it builds. The floor's
rules hold whatever datapackage.json says: several tests first remove the descriptor's own pattern, enum or
foreign key, as a pull request could.
"""

import csv
import json
import shutil
import sqlite3

import pytest

from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT


def problems_for(package_json):
    problems, _ = validate.collect_problems(package_json)
    return [str(p) for p in problems]


def set_cell(package_json, table, key_column, key, column, value):
    path = package_json.parent / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert any(row[key_column] == key for row in rows), key
    for row in rows:
        if row[key_column] == key:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_descriptor(package_json, change):
    descriptor = json.loads(package_json.read_text(encoding="utf-8"))
    change(descriptor)
    package_json.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def resource(descriptor, name):
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field(descriptor, table, name):
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


def replace_text(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGELOG = """# Changelog

## 1.1.0 — 2026-11-22

<!-- da -->
Ny mindre version. Ingen tal er ændret.

<!-- en -->
A minor release. No figure has changed.

## 1.0.0 — 2026-11-21

<!-- da -->
Første version.

<!-- en -->
The first version.
"""


@pytest.fixture
def changelog(package_copy):
    """A CHANGELOG.md beside the copied package, as in a checkout (validate checks it there); its own text, so that
    a release of the package (which adds an entry to the real one) changes nothing here."""
    path = package_copy.parent.parent / "CHANGELOG.md"
    path.write_text(CHANGELOG, encoding="utf-8")
    assert problems_for(package_copy) == []
    return path


# --- section 1: the known failures, each refused with one line (or drawn) ------------------------------------


@pytest.mark.parametrize("char,name", [("\uffff", "U+FFFF"), ("\ufffe", "U+FFFE")])
def test_a_noncharacter_that_aborted_the_chart_renderer_is_refused(package_copy, char, name):
    set_cell(package_copy, "policy_areas", "area_id", "social", "name_da", "Socialområdet" + char)
    shown = f"Socialområdet\\u{ord(char):04x}"
    assert problems_for(package_copy) == [
        f"datapackage/data/policy_areas.csv: linje 5, felt name_da: Teksten '{shown}' indeholder {name}, et ikke-tegn, "
        f"som Unicode aldrig bruger til tekst. Slet tegnet. | line 5, field name_da: The text '{shown}' holds {name}, a "
        "noncharacter, which Unicode never uses for text. Delete it."
    ]


def test_a_line_separator_that_broke_a_vega_expression_is_refused(package_copy):
    set_cell(package_copy, "units", "unit_id", "mio_kr", "label_da", "mio.\u2028kr.")
    assert problems_for(package_copy) == [
        "datapackage/data/units.csv: linje 2, felt label_da: Teksten 'mio.\\u2028kr.' indeholder U+2028 LINE SEPARATOR, "
        "et linjeskift. Skriv teksten på én linje. | line 2, field label_da: The text 'mio.\\u2028kr.' holds U+2028 "
        "LINE SEPARATOR, a line break. Write the text on one line."
    ]


def test_a_category_label_with_a_line_separator_still_renders():
    """The charts' label expressions are JavaScript: U+2028 inside them is escaped, not a line end."""
    import altair as alt
    import pandas as pd
    import vl_convert

    from build_scripts.stages.charts import stage as charts

    names = ["Social\u2028området", "Beskæftigelse"]
    chart = alt.Chart(pd.DataFrame({"area": names, "value": [1, 2]})).mark_bar().encode(
        y=alt.Y("area:N", axis=charts._category_axis(names, charts.WIDE)), x="value:Q")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    assert svg.count('aria-roledescription="bar"') == 2


def test_a_double_quote_in_a_label_is_text_and_valid(package_copy):
    """(A policy area's name, which the charts draw: the labels of units and measures are the code's since red
    teams 6 and 7. The English name: the Danish is the report's section's, a line of the source: red team 55.)"""
    set_cell(package_copy, "policy_areas", "area_id", "social", "name_en", 'Social "services"')
    assert problems_for(package_copy) == []


@pytest.mark.parametrize("table,key_column,key,column,value,line,name", [
    ("ref_population_denmark", "date", "2021-01-01", "population", "٥٨٤٠٠٤٥", 4, "U+0665 ARABIC-INDIC DIGIT FIVE"),
    ("regions", "region_code", "1081", "municipalities", "２９", 6, "U+FF12 FULLWIDTH DIGIT TWO"),
])
def test_digits_other_than_0_9_are_not_numbers(package_copy, table, key_column, key, column, value, line, name):
    set_cell(package_copy, table, key_column, key, column, value)
    assert problems_for(package_copy) == [
        f"datapackage/data/{table}.csv: linje {line}, felt {column}: Teksten '{value}' indeholder {name}, et ciffer, "
        f"der ikke er 0-9. Skriv tallet med cifrene 0-9. | line {line}, field {column}: The text '{value}' holds "
        f"{name}, a digit other than 0-9. Write the number with the digits 0-9."
    ]


def line_of(path, text) -> int:
    return path.read_text(encoding="utf-8").split(text, 1)[0].count("\n") + 1


def test_infinity_in_the_descriptor_is_refused(package_copy):
    line = line_of(package_copy, '"maximum": 1000000000')
    replace_text(package_copy, '"maximum": 1000000000', '"maximum": Infinity')
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: linje {line}: 'Infinity' er ikke et tal i JSON. Skriv et endeligt tal. | line "
        f"{line}: 'Infinity' is not a number in JSON. Write a finite number."
    ]


def test_a_number_too_large_to_be_finite_is_refused(package_copy):
    line = line_of(package_copy, '"maximum": 1000000000')
    replace_text(package_copy, '"maximum": 1000000000', '"maximum": 1e400')
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: linje {line}: Tallet 1e400 er for stort til at være et endeligt tal. Skriv et "
        f"mindre tal. | line {line}: The number 1e400 is too large to be a finite number. Write a smaller number."
    ]


def test_created_in_2999_is_refused_before_the_zip(package_copy):
    replace_text(package_copy, '"created": "2026-11-21T00:00:00Z"', '"created": "2999-11-21T00:00:00Z"')
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt created: created 2999-11-21T00:00:00Z ligger uden for årene 1980-2107, som "
        "en ZIP-fil kan gemme (pakkens download). Skriv datoen, hvor pakken blev oprettet. | field created: created "
        "2999-11-21T00:00:00Z lies outside the years 1980-2107 a ZIP file can hold (the package's download). Write the "
        "date the package was created."
    ]


def test_a_hostile_column_name_is_refused(package_copy):
    hostile = 'description_en" TEXT); DROP TABLE units; --'
    edit_descriptor(package_copy, lambda dp: field(dp, "units", "description_en").__setitem__("name", hostile))
    replace_text(package_copy.parent / "data" / "units.csv", "description_en", '"' + hostile.replace('"', '""') + '"')
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: felt resources/units/schema/fields/3/name: Feltets navn '{hostile}' må kun have "
        "små bogstaver a-z, tal og understreg og skal begynde med et bogstav (højst 64 tegn); det bliver kolonnenavn i "
        f"CSV, SQLite og Parquet. | field resources/units/schema/fields/3/name: The field name '{hostile}' may only "
        "hold lower-case letters a-z, digits and underscores and must begin with a letter (at most 64 characters); it "
        "becomes a column name in CSV, SQLite and Parquet."
    ]


def test_sql_identifiers_are_quoted_not_glued(tmp_path):
    """The SQLite download quotes every identifier: a name stays one name, whatever it holds."""
    from build_scripts.stages.downloads import formats

    names = ['a"b', 'c"); DROP TABLE t; --', "d e"]
    schema = {"fields": [{"name": n, "type": "string"} for n in names], "primaryKey": names[0]}
    csv_path = tmp_path / "t.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([names, ["1", "2", "3"]])
    formats.write_sqlite([({"name": 't"x', "path": "t.csv", "schema": schema}, csv_path)], tmp_path / "t.sqlite")
    con = sqlite3.connect(tmp_path / "t.sqlite")
    try:
        assert [row[1] for row in con.execute("""PRAGMA table_info('t"x')""")] == names
        assert con.execute('SELECT * FROM "t""x"').fetchall() == [("1", "2", "3")]
    finally:
        con.close()


def test_a_population_table_without_a_date_the_build_needs_is_refused(package_copy):
    path = package_copy.parent / "data" / "ref_population_denmark.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("2020-01-01")), encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/data/ref_population_denmark.csv: felt date: Danmarks folketal den 2020-01-01 mangler; byggeriet "
        "bruger det (afstemningen og siderne). Gendan rækken. | field date: Denmark's population on 2020-01-01 is "
        "missing; the build uses it (the reconciliation and the pages). Restore the row."
    ]


@pytest.mark.parametrize("heading", ["## 1.1.0 — 2026-02-30", "## 1.1.0 - 2026-11-22"])
def test_a_changelog_heading_that_is_impossible_or_malformed_is_refused(package_copy, changelog, heading):
    """An impossible date stopped the pages stage with a ValueError; a heading with a hyphen was silently dropped."""
    replace_text(changelog, "## 1.1.0 — 2026-11-22", heading)
    assert problems_for(package_copy) == [
        f"CHANGELOG.md: linje 3: Overskriften '{heading}' har ikke formen '## X.Y.Z — ÅÅÅÅ-MM-DD' med en dato, der "
        "findes (tankestreg —, ikke bindestreg); den ville blive sprunget over. | line 3: The heading "
        f"'{heading}' does not have the form '## X.Y.Z — YYYY-MM-DD' with a date that exists (an em dash —, not a "
        "hyphen); it would be skipped."
    ]


def test_a_control_character_in_the_changelog_is_refused(package_copy, changelog):
    """It made feed.xml invalid XML while the build returned 0."""
    replace_text(changelog, "Ny mindre version. Ingen", "Ny mindre\x0bversion. Ingen")
    assert problems_for(package_copy) == [
        "CHANGELOG.md: linje 6: Teksten 'Ny mindre\\x0bversion. Ingen tal er ændret.' indeholder U+000B (VT), et "
        "linjeskift. Skriv teksten på én linje. | line 6: The text 'Ny mindre\\x0bversion. Ingen tal er ændret.' holds "
        "U+000B (VT), a line break. Write the text on one line."
    ]


def test_the_feed_is_never_written_as_invalid_xml():
    from xml.etree.ElementTree import ParseError

    from build_scripts.core import package
    from build_scripts.stages.downloads import metadata

    entry = {"version": "1.0.0", "date": "2026-11-21", "body": "ok", "text": {}}
    assert "<summary>ok</summary>" in metadata.atom_feed(package.descriptor(CHECKOUT.datapackage_json), "https://x.example/", [entry])
    with pytest.raises(ParseError):
        metadata.atom_feed(package.descriptor(CHECKOUT.datapackage_json), "https://x.example/", [entry | {"body": "not\x0bxml"}])


# --- section 2: the safety floor, whatever the descriptor says ------------------------------------------------


@pytest.mark.parametrize("url,why_da,why_en", [
    ("javascript:alert(1)", "adresser med 'javascript:' afvises", "addresses with 'javascript:' are refused"),
    ("data:text/html,<script>alert(1)</script>", "adresser med 'data:' afvises", "addresses with 'data:' are refused"),
    ("file:///etc/passwd", "adresser med 'file:' afvises", "addresses with 'file:' are refused"),
    ("//evil.example/x", "en adresse, der begynder med //, henter fra en vilkårlig vært",
     "an address beginning with // loads from any host"),
    ("https://example.org/a b", "den har tegn eller en form, som en adresse ikke har (mellemrum, anførselstegn, <>, "
     "{} …)", "it has characters or a form an address does not have (spaces, quotes, <>, {} …)"),
])
def test_a_url_that_reaches_a_page_is_https_or_a_path_whatever_the_pattern(package_copy, url, why_da, why_en):
    edit_descriptor(package_copy, lambda dp: field(dp, "sources", "url").pop("constraints"))  # as a pull request can
    set_cell(package_copy, "sources", "source_id", "rapport-2022", "url", url)
    shown = validate.excerpt(url)
    assert problems_for(package_copy) == [
        f"datapackage/data/sources.csv: linje 2, felt url: Adressen '{shown}' kan ikke bruges: {why_da}. Skriv en adresse "
        f"med https:// (eller http://) eller en sti på siden. | line 2, field url: The address '{shown}' cannot be used: "
        f"{why_en}. Write an address with https:// (or http://) or a path inside the site."
    ]


def test_the_homepage_is_an_https_address(package_copy):
    replace_text(package_copy, '"homepage": "https://kommunale-integrationsindsatser.github.io/"',
                 '"homepage": "javascript:alert(1)//"')
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt homepage: Adressen 'javascript:alert(1)//' kan ikke bruges: adresser med "
        "'javascript:' afvises. Skriv en adresse med https:// (eller http://). | field homepage: The address "
        "'javascript:alert(1)//' cannot be used: addresses with 'javascript:' are refused. Write an address with "
        "https:// (or http://)."
    ]


def test_a_link_in_the_changelog_is_https_or_a_path(package_copy, changelog):
    replace_text(changelog, "Ny mindre version. Ingen", "Ny [mindre](javascript:alert(1)) version. Ingen")
    assert problems_for(package_copy) == [
        "CHANGELOG.md: linje 6: Adressen 'javascript:alert(1)' kan ikke bruges: adresser med 'javascript:' afvises. "
        "Skriv en adresse med https:// (eller http://) eller en sti på siden. | line 6: The address "
        "'javascript:alert(1)' cannot be used: addresses with 'javascript:' are refused. Write an address with "
        "https:// (or http://) or a path inside the site."
    ]


def test_an_image_in_the_changelog_is_a_path_inside_the_site(package_copy, changelog):
    # red team 31, finding 4: https: on another host passed validate, and the site stage stopped the build
    replace_text(changelog, "Ny mindre version. Ingen", "Ny ![](https://tracker.example/p.png) version. Ingen")
    assert problems_for(package_copy) == [
        "CHANGELOG.md: linje 6: Markdown-billedets adresse er 'https://tracker.example/p.png', en adresse på en anden "
        "vært. Sitet henter intet fra andre værter: ændringssiden ville få læserens browser til at kontakte værten. "
        "Læg billedet i docs/ og skriv dets sti, eller link til adressen med [tekst](adresse). | line 6: The Markdown "
        "image's address is 'https://tracker.example/p.png', an address on another host. The site loads nothing from "
        "other hosts: the changelog page would make the reader's browser contact that host. Put the image in docs/ "
        "and write its path, or link to the address with [text](address)."
    ]


def test_an_image_in_the_changelog_may_be_a_path_and_a_link_may_go_elsewhere(package_copy, changelog):
    replace_text(changelog, "Ny mindre version. Ingen",
                 "Ny ![](assets/p.png) [mindre](https://tracker.example/) version. Ingen")
    assert problems_for(package_copy) == []


@pytest.mark.parametrize("value,shown,da,en", [
    ("IGU\u202eugi", "IGU\\u202eugi", "U+202E RIGHT-TO-LEFT OVERRIDE, et usynligt tegn, der ændrer tekstens retning, så "
     "den vises i en anden rækkefølge, end den står", "U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character that "
     "changes the text's direction, so it is shown in another order than it is stored"),
    ("IGU\u2066x\u2069", "IGU\\u2066x\\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE, et usynligt tegn, der ændrer tekstens "
     "retning, så den vises i en anden rækkefølge, end den står", "U+2066 LEFT-TO-RIGHT ISOLATE, an invisible "
     "character that changes the text's direction, so it is shown in another order than it is stored"),
    ("IGU\u200b-ambassadører", "IGU\\u200b-ambassadører", "U+200B ZERO WIDTH SPACE, et usynligt tegn (nul bredde "
     "eller formatering), så to ens tekster kan være forskellige", "U+200B ZERO WIDTH SPACE, an invisible character "
     "(zero width or formatting), so two texts that look the same can differ"),
    ("IGU\ufeff-ambassadører", "IGU\\ufeff-ambassadører", "U+FEFF ZERO WIDTH NO-BREAK SPACE, et usynligt tegn (nul "
     "bredde eller formatering), så to ens tekster kan være forskellige", "U+FEFF ZERO WIDTH NO-BREAK SPACE, an "
     "invisible character (zero width or formatting), so two texts that look the same can differ"),
    ("IGU\x85x", "IGU\\x85x", "U+0085 (NEL), et linjeskift", "U+0085 (NEL), a line break"),
])
def test_invisible_and_direction_characters_are_refused_by_name(package_copy, value, shown, da, en):
    edit_descriptor(package_copy, lambda dp: field(dp, "examples", "title_da")["constraints"].pop("pattern"))
    set_cell(package_copy, "examples", "example_id", "besk-igu", "title_da", value)
    fix_da, fix_en = ("Skriv teksten på én linje.", "Write the text on one line.") if "NEL" in da else \
        ("Slet tegnet.", "Delete it.")
    assert problems_for(package_copy) == [
        f"datapackage/data/examples.csv: linje 2, felt title_da: Teksten '{shown}' indeholder {da}. {fix_da} | line 2, "
        f"field title_da: The text '{shown}' holds {en}. {fix_en}"
    ]


def test_text_not_in_nfc_is_refused(package_copy):
    set_cell(package_copy, "examples", "example_id", "besk-igu", "title_da", "IGU-ambassado\u0308rer")
    assert problems_for(package_copy) == [
        "datapackage/data/examples.csv: linje 2, felt title_da: Teksten 'IGU-ambassado\u0308rer' er ikke i Unicodes "
        "sammensatte form (NFC): et tegn er skrevet som flere (U+006F + U+0308), så teksten ser ens ud, men er en "
        "anden. Skriv tegnet igen, eller gem filen som NFC. | line 2, field title_da: The text 'IGU-ambassado\u0308rer' "
        "is not in Unicode's composed form (NFC): a character is written as several (U+006F + U+0308), so the text "
        "looks the same but is another. Type the character again, or save the file as NFC."
    ]


def test_value_is_value_text_exactly(package_copy):
    """A relative tolerance of 1e-4 let 825150 pass for '825.080'."""
    set_cell(package_copy, "target_group", "figure_id", "immigrants_descendants", "value", "825150")
    assert problems_for(package_copy) == [
        "datapackage/data/target_group.csv: linje 2, felt value_text: value_text '825.080' siger ikke det samme tal som "
        "value 825150. | line 2, field value_text: value_text '825.080' does not state the same number as value 825150."
    ]


@pytest.mark.parametrize("value,text,matches", [
    ("825080", "825.080", True), ("825150", "825.080", False), ("14.1", "14,1", True), ("14.10", "14,1", True),
    ("14.11", "14,1", False), ("5", "fem", True), ("0.3333", "1/3", True), ("0.33", "1/3", False),
    ("0.5", "1/2", True), ("1e3", "1.000", True), ("28", "oktober 2021", None),
])
def test_what_counts_as_the_same_number(value, text, matches):
    from build_scripts.stages.validate import floor

    assert floor.value_matches_text(value, text) is matches


def test_a_count_is_a_whole_number(package_copy):
    set_cell(package_copy, "key_figures", "figure_id", "municipalities_responding", "value", "80.5")
    set_cell(package_copy, "key_figures", "figure_id", "municipalities_responding", "value_text", "80,5")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 3, felt value: value 80.5 er et antal (kommuner) og skal være et helt "
        "tal. | line 3, field value: value 80.5 is a count (kommuner) and must be a whole number."
    ]


def test_json_with_a_duplicate_key_is_refused(package_copy):
    replace_text(package_copy, '"version": "', '"version": "9.9.9",\n  "version": "')
    assert problems_for(package_copy) == [
        'datapackage/datapackage.json: felt version: Nøglen "version" står to gange i samme objekt (version). Slet den '
        'ene. | field version: The key "version" appears twice in one object (version). Delete one.'
    ]


def test_a_field_type_the_build_relies_on_cannot_be_changed(package_copy):
    def to_text(dp):
        value = field(dp, "key_figures", "value")
        value["type"] = "string"
        value.pop("constraints")

    edit_descriptor(package_copy, to_text)
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources/key_figures/schema/fields/value/type: Feltet value skal have "
        "typen number (ikke string); byggeriet regner med den. | field resources/key_figures/schema/fields/value/type: "
        "The field value must have the type number (not string); the build relies on it."
    ]


def test_a_reference_holds_without_the_descriptors_foreign_key(package_copy):
    def drop_unit_key(dp):
        schema = resource(dp, "key_figures")["schema"]
        schema["foreignKeys"] = [fk for fk in schema["foreignKeys"] if fk["fields"] != ["unit"]]

    edit_descriptor(package_copy, drop_unit_key)
    set_cell(package_copy, "key_figures", "figure_id", "initiatives", "unit", "stk")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: linje 5, felt unit: Koden 'stk' findes ikke i tabellen units (kolonnen "
        "unit_id). Ret koden, eller tilføj den i units. | line 5, field unit: The code 'stk' does not exist in the "
        "table units (column unit_id). Fix the code, or add it to units."
    ]


def test_a_value_a_page_would_leave_out_is_refused_without_the_descriptors_enum(package_copy):
    edit_descriptor(package_copy, lambda dp: field(dp, "method_criteria", "kind")["constraints"].pop("enum"))
    with (package_copy.parent / "data" / "method_criteria.csv").open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))["criterion_id"]
    set_cell(package_copy, "method_criteria", "criterion_id", first, "kind", "other")
    assert problems_for(package_copy) == [
        "datapackage/data/method_criteria.csv: linje 2, felt kind: Værdien 'other' er ikke en af dem, byggeriet kender: "
        "inclusion, exclusion. | line 2, field kind: The value 'other' is not one the build knows: inclusion, exclusion."
    ]


def test_a_row_the_build_reads_by_name_cannot_be_deleted(package_copy):
    path = package_copy.parent / "data" / "key_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("population_coverage,")), encoding="utf-8")
    assert problems_for(package_copy) == [
        "datapackage/data/key_figures.csv: felt figure_id: Rækken 'population_coverage' mangler; byggeriets kode læser "
        "den. Gendan rækken. | field figure_id: The row 'population_coverage' is missing; the build's code reads it. "
        "Restore the row."
    ]


def test_the_topojson_is_parsed_and_checked(package_copy):
    path = package_copy.parent / "data" / "ref_regions.topojson"
    replace_text(path, '"arcs":[', '"arcs":[[[NaN,1]],')
    assert problems_for(package_copy) == [
        "datapackage/data/ref_regions.topojson: linje 1: 'NaN' er ikke et tal i JSON. Skriv et endeligt tal. | line 1: "
        "'NaN' is not a number in JSON. Write a finite number."
    ]


def test_a_file_the_build_cannot_check_is_refused(package_copy):
    (package_copy.parent / "data" / "notes.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    edit_descriptor(package_copy, lambda dp: dp["resources"].append(
        {"name": "notes", "path": "data/notes.html", "format": "html", "title": "Noter", "description": "Noter."}))
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources/notes/path: Stien 'data/notes.html' skal have formen "
        "data/NAVN.csv (eller .topojson) med små bogstaver a-z, tal, '_' og '-'; den bliver en del af adresser og "
        "filnavne. | field resources/notes/path: The path 'data/notes.html' must have the form data/NAME.csv (or "
        ".topojson) with lower-case letters a-z, digits, '_' and '-'; it becomes part of addresses and file names.",
        "datapackage/datapackage.json: felt resources/notes/format: Filer, der ikke er tabeller, kan kun være topojson "
        "(med samme filendelse); byggeriet kan ikke kontrollere andre. | field resources/notes/format: Files that are "
        "not tables can only be topojson (with that file extension); the build cannot check others."
    ]


def test_bibtex_escapes_every_special_character():
    from build_scripts.stages.downloads import metadata

    assert metadata._bib_escape("a\\b {c} ~^ & % $ # _") == (
        "a\\textbackslash{}b \\textbraceleft{}c\\textbraceright{} \\textasciitilde{}\\textasciicircum{} \\& \\% \\$ "
        "\\# \\_")


def test_a_brace_in_a_title_cannot_end_the_bibtex_field():
    """Red team 7, finding 5: '\\}' ends a BibTeX field (every brace counts), so a title could close its field and
    start an entry of its own. Each field's braces now balance, and the entries are the ones written."""
    import json

    from build_scripts.core import package
    from build_scripts.stages.downloads import metadata

    dp = json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8"))
    dp["title"] = "Kommunernes integrationsindsatser} @misc{evil, title={x"
    bib = metadata.bibtex(dp, package.records("sources", CHECKOUT.datapackage_json), "2026-01-01")
    assert ("title = {Kommunernes integrationsindsatser\\textbraceright{} @misc\\textbraceleft{}evil, "
            "title=\\textbraceleft{}x},") in " ".join(bib.split())
    plain = metadata.bibtex(json.loads(CHECKOUT.datapackage_json.read_text(encoding="utf-8")),
                            package.records("sources", CHECKOUT.datapackage_json), "2026-01-01")
    assert [line for line in bib.splitlines() if line.startswith("@")] == [
        line for line in plain.splitlines() if line.startswith("@")]
    for entry in bib.strip().split("\n\n"):  # each entry's braces close only at its end
        depth = [0]
        for c in entry:
            depth.append(depth[-1] + {"{": 1, "}": -1}.get(c, 0))
        assert min(depth) == 0 and depth[-1] == 0 and 0 not in depth[entry.index("{") + 1:-1], entry


def test_the_rows_the_templates_read_are_found_in_the_templates():
    from build_scripts.stages.validate import requirements

    needs = requirements.template_needs(CHECKOUT.docs_dir)
    assert needs["target_group"]["kora_2010_estimate"] == "docs/metode.md"  # fig("kora_2010_estimate", "target_group")
    # {% for id in [...] %} (top_municipalities is now read first by indberetning.md's cardinal(kf.top_municipalities…))
    assert needs["key_figures"]["top_municipalities_population_share"] == "docs/kommuner-og-regioner.md"
    assert needs["statements"]["accounts_year_reason"] == "docs/metode.md"  # st.accounts_year_reason
    assert needs["sources"]["svar-2023"] == "docs/data.md"  # site.sources["svar-2023"]
    assert {"expenditure", "expenditure_share", "income"} <= set(needs["area_figures"])  # area_fig(area, "…")


@pytest.mark.parametrize("name,why", [
    ("metadata", "is the build's own (the sheet metadata, the derived tables derived_…, SQLite's sqlite_…)"),
    ("sqlite_master", "is the build's own (the sheet metadata, the derived tables derived_…, SQLite's sqlite_…)"),
    ("derived_areas", "is the build's own (the sheet metadata, the derived tables derived_…, SQLite's sqlite_…)"),
    ("a" * 32, "may only hold lower-case letters a-z, digits and underscores (at most 31 characters)"),
])
def test_a_resource_name_the_build_uses_itself_is_refused(package_copy, name, why):
    """'metadata' would replace the combined workbook's sheet of that name (silently); 'sqlite_…' is SQLite's;
    a name over 31 characters would be cut to the same sheet title as another."""
    shutil.copyfile(package_copy.parent / "data" / "units.csv", package_copy.parent / "data" / "extra.csv")
    edit_descriptor(package_copy, lambda dp: dp["resources"].append(resource(dp, "units") | {"name": name,
                                                                                             "path": "data/extra.csv"}))
    found = problems_for(package_copy)
    assert len(found) == 1 and f"'{name}' {why}" in found[0], found
