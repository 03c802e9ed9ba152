"""`validate` is the one gate: the holes of the second red-team review (redteam-findings.md, 1-7 and 11), closed.

Each input the review found accepted by `validate` and then broken in the build (a traceback, or a download,
chart or page that says something else than the data) is refused here with one exact line naming the file, the
line and the field. Beside each, a test of the class: what `validate` still accepts, the build reads the same way.
Several tests use a one-table package (`tiny`), checked as another package than the project's (project=False):
the rules under test hold for every package.
"""

import csv
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_gate import edit_descriptor, field, problems_for, resource, set_cell

from build_scripts.stages.validate import stage as validate


def tiny(folder, fields, rows, schema=None, res=None):
    """A package of one table `t` (data/t.csv) in `folder`; returns its datapackage.json."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    with (folder / "data" / "t.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([[f["name"] for f in fields], *rows])
    descriptor = {"name": "t", "version": "1.0.0", "resources": [{"name": "t", "type": "table", "path": "data/t.csv", "format": "csv",
                                              "schema": {"fields": fields, **(schema or {})}, **(res or {})}]}
    package_json = folder / "datapackage.json"
    package_json.write_text(json.dumps(descriptor), encoding="utf-8")
    return package_json


def tiny_problems(package_json):
    return [str(p) for p in validate.collect_problems(package_json, project=False)[0]]


def pinned(where, prop, value, want, noun=("tabellen", "the table", "den")):
    """The one line for a property that makes frictionless read a table (or a field) otherwise than the build."""
    da, en, it = noun
    if want is None:
        return (f"datapackage/datapackage.json: felt {where}: \"{prop}\": {value} ændrer, hvordan {da} læses, men "
                f"byggeriet ser bort fra det. Slet egenskaben. | field {where}: \"{prop}\": {value} changes how {en} is "
                "read, but the build ignores it. Delete the property.")
    return (f"datapackage/datapackage.json: felt {where}: \"{prop}\": {value} ændrer, hvordan {da} læses, men "
            f"byggeriet læser {it} altid som {want} (downloads, sider og figurer). Slet egenskaben, eller skriv {want}. "
            f"| field {where}: \"{prop}\": {value} changes how {en} is read, but the build always reads it as {want} "
            f"(downloads, pages and charts). Delete the property, or write {want}.")


FIELD = ("feltet", "the field", "det")


# --- findings 3 and 11: how a table is read is pinned to how the build reads it ---------------------------------


@pytest.mark.parametrize("prop,value,shown,want", [
    ("encoding", "utf-16", '"utf-16"', '"utf-8"'),  # blamed target_group.csv and statements.csv, in English only
    ("compression", "zip", '"zip"', None),  # "File is not a zip file", against the wrong files
    ("format", "json", '"json"', '"csv"'),  # 'Please install "frictionless[json]"'
    ("scheme", "stream", '"stream"', '"file"'),  # an AttributeError about '_io.BytesIO'
    ("mediatype", "application/json", '"application/json"', '"text/csv"'),
    ("innerpath", "units.csv", '"units.csv"', None),
    ("dialect", "dialect.json", '"dialect.json"', None),  # a dialect read from another file
])
def test_a_resource_property_that_changes_how_a_table_is_read_is_named(package_copy, prop, value, shown, want):
    edit_descriptor(package_copy, lambda dp: resource(dp, "units").__setitem__(prop, value))
    assert problems_for(package_copy) == [pinned(f"resources/units/{prop}", prop, shown, want)]


@pytest.mark.parametrize("prop,value,shown,want", [
    ("delimiter", ";", '";"', '","'),  # 113 follow-on messages about codes missing from units
    ("headerRows", [2], "[2]", "[1]"),  # 27 follow-on messages
    ("header", False, "false", "true"),  # the published descriptor made the header a data row
    ("commentChar", "#", '"#"', None),  # a row frictionless skipped was published
    ("commentRows", [3], "[3]", "[]"),  # a duplicate key frictionless skipped stopped the SQLite download
    ("skipInitialSpace", True, "true", "false"),  # frictionless stripped spaces the build published
    ("quoteChar", "'", "\"'\"", '"\\""'),
    ("doubleQuote", False, "false", "true"),
    ("escapeChar", "\\", '"\\\\"', None),
    ("nullSequence", "NA", '"NA"', None),
    ("skipBlankRows", True, "true", "false"),
    ("headerCase", False, "false", None),
    ("csv", {"delimiter": ";"}, '{"delimiter": ";"}', None),  # frictionless's own form of a CSV dialect
])
def test_a_dialect_other_than_the_builds_is_refused_by_name(package_copy, prop, value, shown, want):
    edit_descriptor(package_copy, lambda dp: resource(dp, "units")["dialect"].__setitem__(prop, value))
    assert problems_for(package_copy) == [pinned(f"resources/units/dialect/{prop}", prop, shown, want)]


def test_comment_rows_are_refused_before_frictionless_skips_the_rows_the_build_publishes(tmp_path):
    """Finding 3 (a): frictionless skipped '#k1', the build published it (a foreign key into nowhere)."""
    package_json = tiny(tmp_path / "datapackage", [{"name": "code", "type": "string"}], [["k1"], ["#k1"]],
                        {"primaryKey": ["code"]}, {"dialect": {"commentChar": "#"}})
    assert tiny_problems(package_json) == [pinned("resources/t/dialect/commentChar", "commentChar", '"#"', None)]


@pytest.mark.parametrize("schema", [{"missingValues": ["", "NA"]}, {"fieldsMatch": "subset"}])
def test_a_schema_that_changes_how_cells_are_read_is_refused(tmp_path, schema):
    package_json = tiny(tmp_path / "datapackage", [{"name": "code", "type": "string"}], [["k1"]], schema)
    prop, value = next(iter(schema.items()))
    shown, want = json.dumps(value), {"missingValues": '[""]', "fieldsMatch": '"exact"'}[prop]
    assert tiny_problems(package_json) == [pinned(f"resources/t/schema/{prop}", prop, shown, want)]


@pytest.mark.parametrize("prop,value,shown", [("bytes", 5, "5"), ("hash", "md5:abc", "abc")])
def test_a_wrong_size_or_hash_is_named_in_the_descriptor_in_both_languages(package_copy, prop, value, shown):
    """frictionless's own message blamed units.csv, in English on both halves."""
    import hashlib

    data = (package_copy.parent / "data" / "units.csv").read_bytes()
    actual = len(data) if prop == "bytes" else hashlib.md5(data).hexdigest()
    edit_descriptor(package_copy, lambda dp: resource(dp, "units").__setitem__(prop, value))
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: felt resources/units/{prop}: \"{prop}\" er {shown}, men filen har {actual}. Ret "
        f"værdien, eller slet egenskaben (byggeriet bruger den ikke). | field resources/units/{prop}: \"{prop}\" is "
        f"{shown}, but the file has {actual}. Fix the value, or delete the property (the build does not use it)."
    ]


@pytest.mark.parametrize("where,value", [
    ("profile", "https://example.invalid/profile.json"),  # fetched from the network in step 1
    ("resources/units/profile", "data/units.csv"),  # read as a file relative to the working folder
])
def test_a_profile_frictionless_would_fetch_is_refused_unfetched(package_copy, where, value):
    def change(dp):
        (dp if where == "profile" else resource(dp, "units"))["profile"] = value

    edit_descriptor(package_copy, change)
    assert problems_for(package_copy) == [
        f"datapackage/datapackage.json: felt {where}: \"profile\": '{value}' ville blive hentet uden for pakken (fra "
        "nettet eller en fil), før noget andet kontrolleres. Slet egenskaben; pakken følger Data Package-profilen "
        f"($schema). | field {where}: \"profile\": '{value}' would be fetched from outside the package (the network "
        "or a file) before anything else is checked. Delete the property; the package follows the Data Package "
        "profile ($schema)."
    ]


def test_a_foreign_key_into_another_package_is_refused(package_copy):
    """frictionless leaves such a key unchecked; the SQLite download refers to its own tables."""
    other = "https://example.org/datapackage.json"
    edit_descriptor(package_copy, lambda dp: resource(dp, "key_figures")["schema"]["foreignKeys"][0]["reference"]
                    .__setitem__("package", other))
    assert problems_for(package_copy) == [
        pinned("resources/key_figures/schema/foreignKeys/0/reference/package", "package", f'"{other}"', None)]


# What the descriptor may still say about reading (contract.DIALECT, TABLE_READING): each is read the same way by
# frictionless and by the downloads (formats.read_csv), cell for cell.
ACCEPTED_READING = [
    {}, {"dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "headerRows": [1]}},
    {"dialect": {"commentRows": [], "skipInitialSpace": False, "skipBlankRows": False}},
    {"encoding": "utf-8", "scheme": "file", "mediatype": "text/csv"},
]


@pytest.mark.parametrize("res", ACCEPTED_READING)
def test_what_validate_accepts_about_reading_frictionless_and_the_downloads_read_alike(tmp_path, res):
    from frictionless import Package

    from build_scripts.stages.downloads import formats

    fields = [{"name": "code", "type": "string"}, {"name": "n", "type": "number"}, {"name": "flag", "type": "boolean"},
              {"name": "day", "type": "date"}, {"name": "note", "type": "string"}]
    rows = [["a", "0.5", "true", "2020-01-02", 'say "hi", then go'], ["#b", "2", "0", "2021-12-31", "  x"],
            ["c", "", "FALSE", "", ""]]
    package_json = tiny(tmp_path / "datapackage", fields, rows, {"primaryKey": ["code"]}, res)
    assert [p for p in tiny_problems(package_json) if "mellemrum" not in p] == []  # '  x': frictionless's own rule
    read = Package(str(package_json)).get_resource("t").read_rows()
    by_frictionless = [[None if row[f["name"]] is None else
                        float(row[f["name"]]) if f["type"] == "number" else row[f["name"]] for f in fields] for row in read]
    table = formats.read_csv(package_json.parent / "data" / "t.csv", {"fields": fields}).to_pylist()
    assert by_frictionless == [[row[f["name"]] for f in fields] for row in table]


# --- finding 2: a field is read as the downloads read it ----------------------------------------------------------


@pytest.mark.parametrize("kind,prop,value,shown,want", [
    ("boolean", "trueValues", ["ja"], '["ja"]', '["true", "True", "TRUE", "1"]'),  # pyarrow: invalid value 'ja'
    ("boolean", "trueValues", ["0"], '["0"]', '["true", "True", "TRUE", "1"]'),  # published inverted
    ("boolean", "falseValues", ["1"], '["1"]', '["false", "False", "FALSE", "0"]'),
    ("date", "format", "%Y-%d-%m", '"%Y-%d-%m"', '"default"'),  # 2020-01-02 published as 2 January, read as 1 February
    ("date", "format", "any", '"any"', '"default"'),
    ("number", "decimalChar", ",", '","', '"."'),
    ("number", "groupChar", ".", '"."', '""'),  # '1.000' is 1000 to frictionless, 1.0 to the downloads
    ("integer", "bareNumber", False, "false", "true"),
    ("number", "format", "currency", '"currency"', '"default"'),
    ("string", "format", "binary", '"binary"', '"default"'),
    ("string", "missingValues", ["", "-"], '["", "-"]', '[""]'),  # '-' would be empty to frictionless, text to SQLite
])
def test_a_field_read_otherwise_than_by_the_downloads_is_refused(tmp_path, kind, prop, value, shown, want):
    fields = [{"name": "code", "type": "string"}, {"name": "x", "type": kind, prop: value}]
    package_json = tiny(tmp_path / "datapackage", fields, [["a", ""]], {"primaryKey": ["code"]})
    assert tiny_problems(package_json) == [pinned(f"resources/t/schema/fields/x/{prop}", prop, shown, want, FIELD)]


def test_the_default_true_values_in_another_order_and_a_uri_format_are_read_alike(package_copy):
    edit_descriptor(package_copy, lambda dp: resource(dp, "units")["schema"]["fields"].append(
        {"name": "flag", "type": "boolean", "description": "A flag.", "trueValues": ["1", "TRUE", "True", "true"]}))
    path = package_copy.parent / "data" / "units.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",flag"] + [line + ",1" for line in lines[1:]]) + "\n", encoding="utf-8")
    assert problems_for(package_copy) == []


def test_a_field_without_a_type_is_refused(package_copy):
    """Table Schema 2 reads it as 'any'; formats.read_csv stopped with a KeyError."""
    edit_descriptor(package_copy, lambda dp: field(dp, "units", "label_da").pop("type"))
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources/units/schema/fields/label_da/type: Feltet skal have en type, en "
        "af string, integer, number, date, boolean; uden en type læses det som 'any', som downloads ikke kan gemme. | "
        "field resources/units/schema/fields/label_da/type: The field needs a type, one of string, integer, number, "
        "date, boolean; without one it is read as 'any', which the downloads cannot store."
    ]


# --- finding 1: a key is unique as the downloads store it --------------------------------------------------------


def key_line(line, field, key, first, before):
    where_da, where_en = f"linje {line}" + (f", felt {field}" if field else ""), \
        f"line {line}" + (f", field {field}" if field else "")
    return (f"datapackage/data/t.csv: {where_da}: Nøglen {key} står allerede i linje {first} ({before}), når tal "
            f"gemmes som i downloads (Parquet, SQLite). Hver række skal have sin egen nøgle. | {where_en}: The key "
            f"{key} already appears on line {first} ({before}) once numbers are stored as in the downloads (Parquet, "
            "SQLite). Every row needs its own key.")


def test_a_number_key_that_is_one_float_in_the_downloads_is_a_duplicate(tmp_path):
    """frictionless compared the keys as decimals; SQLite stopped the build (UNIQUE constraint failed)."""
    fields = [{"name": "code", "type": "number"}, {"name": "label", "type": "string"}]
    package_json = tiny(tmp_path / "datapackage", fields, [["0.1", "a"], ["0.10000000000000000001", "b"]],
                        {"primaryKey": ["code"]})
    assert tiny_problems(package_json) == [key_line(3, "code", "0.10000000000000000001", 2, "0.1")]


def test_a_unique_constraint_and_a_composite_key_are_compared_as_stored(tmp_path):
    fields = [{"name": "code", "type": "string"}, {"name": "n", "type": "number", "constraints": {"unique": True}},
              {"name": "m", "type": "number"}]
    rows = [["a", "1", "2"], ["b", "1.0000000000000000001", "3"], ["a", "5", "2.00000000000000000001"],
            ["a", "6", "2"]]
    package_json = tiny(tmp_path / "datapackage", fields, rows, {"primaryKey": ["code", "m"]})
    assert tiny_problems(package_json) == [
        "datapackage/data/t.csv: linje 5: Nøglen står allerede i linje 2. Hver række skal have sin egen nøgle. | "
        "line 5: The key already appears on line 2. Every row needs its own key.",  # frictionless's own, first
        key_line(3, "n", "1.0000000000000000001", 2, "1"),
        key_line(4, "m", "a, 2.00000000000000000001", 2, "a, 2"),
    ]


@pytest.mark.parametrize("keys,shown", [([["nope"]], '["nope"]'), (["code"], '"code"'), ([[]], "[]")])
def test_unique_keys_name_the_tables_fields(tmp_path, keys, shown):
    """frictionless does not read uniqueKeys; the published descriptor would promise a key of nothing."""
    package_json = tiny(tmp_path / "datapackage", [{"name": "code", "type": "string"}], [["a"]], {"uniqueKeys": keys})
    assert tiny_problems(package_json) == [
        f"datapackage/datapackage.json: felt resources/t/schema/uniqueKeys/0: En nøgle i uniqueKeys skal være en liste "
        f"af tabellens felter (ikke {shown}). | field resources/t/schema/uniqueKeys/0: A key of uniqueKeys must be a "
        f"list of the table's fields (not {shown})."
    ]


def test_unique_keys_are_unique_as_written_too(tmp_path):
    fields = [{"name": "code", "type": "string"}, {"name": "label", "type": "string"}]
    package_json = tiny(tmp_path / "datapackage", fields, [["a", "x"], ["b", "x"]], {"uniqueKeys": [["label"]]})
    assert tiny_problems(package_json) == [
        "datapackage/data/t.csv: linje 3, felt label: Nøglen x står allerede i linje 2. Hver række skal have sin egen "
        "nøgle. | line 3, field label: The key x already appears on line 2. Every row needs its own key."
    ]


NEAR_FLOATS = st.lists(st.tuples(st.floats(-1e6, 1e6, allow_nan=False), st.integers(-3, 3), st.integers(15, 25)),
                       min_size=1, max_size=8)


@given(NEAR_FLOATS)
def test_keys_validate_accepts_the_sqlite_download_stores(tmp_path_factory, numbers):
    """Whatever numbers form a key (written near one another, as decimals distinct): the floor finds those that are
    one float64, or SQLite takes every row."""
    import sqlite3
    from decimal import Decimal

    from build_scripts.stages.downloads import formats
    from build_scripts.stages.validate import floor

    near = (Decimal(repr(x)) + Decimal(k).scaleb(-digits) for x, k, digits in numbers)
    texts = list(dict.fromkeys(format(n, "f").rstrip("0").rstrip(".") or "0" for n in near))
    rows = [(line, {"code": text}) for line, text in enumerate(texts, start=2)]
    schema = {"fields": [{"name": "code", "type": "number"}], "primaryKey": ["code"]}
    if floor.stored_key_problems(schema, rows, "t.csv"):
        return
    folder = tmp_path_factory.mktemp("keys")
    (folder / "t.csv").write_text("code\n" + "".join(f"{t}\n" for t in texts), encoding="utf-8")
    formats.write_sqlite([({"name": "t", "path": "t.csv", "schema": schema}, folder / "t.csv")], folder / "t.sqlite")
    with sqlite3.connect(folder / "t.sqlite") as con:
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == len(texts)


# --- finding 4: invisible, blank and stacked characters -----------------------------------------------------------


def invisible_line(value, name, what_da, what_en, title_da_fix="Slet tegnet.", title_en_fix="Delete it."):
    shown = validate.excerpt(value)
    return (f"datapackage/data/policy_areas.csv: linje 3, felt name_en: Teksten '{shown}' indeholder {name}, {what_da}. "
            f"{title_da_fix} | line 3, field name_en: The text '{shown}' holds {name}, {what_en}. {title_en_fix}")


BLANK_DA, BLANK_EN = ("et tegn, der vises som et tomt felt, så teksten kan se tom ud eller som en anden",
                      "a character shown as an empty space, so the text can look empty or like another")
INVISIBLE_DA, INVISIBLE_EN = ("et usynligt tegn (nul bredde eller formatering), så to ens tekster kan være forskellige",
                              "an invisible character (zero width or formatting), so two texts that look the same "
                              "can differ")


@pytest.mark.parametrize("value,name,blank", [
    ("\u3164", "U+3164 HANGUL FILLER", True),  # "Employment and ㅤ have the largest expenditure"; a tofu bar label
    ("\u115f", "U+115F HANGUL CHOSEONG FILLER", True),
    ("Day\u1160care", "U+1160 HANGUL JUNGSEONG FILLER", True),
    ("\uffa0", "U+FFA0 HALFWIDTH HANGUL FILLER", True),
    ("Day care\u2800", "U+2800 BRAILLE PATTERN BLANK", True),
    ("Day\U0001d159care", "U+1D159 MUSICAL SYMBOL NULL NOTEHEAD", True),
    ("Day c\u034fare", "U+034F COMBINING GRAPHEME JOINER", False),
    ("Day care\ufe0f", "U+FE0F VARIATION SELECTOR-16", False),
    ("Day care\U000e0100", "U+E0100 VARIATION SELECTOR-17", False),
    ("Day \u17b4care", "U+17B4 KHMER VOWEL INHERENT AQ", False),
    ("Day \u17b5care", "U+17B5 KHMER VOWEL INHERENT AA", False),
    ("Day\u180bcare", "U+180B MONGOLIAN FREE VARIATION SELECTOR ONE", False),
])
def test_a_name_that_draws_nothing_or_blank_is_refused_by_name(package_copy, value, name, blank):
    set_cell(package_copy, "policy_areas", "area_id", "dagtilbud_folkeskole", "name_en", value)
    what = (BLANK_DA, BLANK_EN) if blank else (INVISIBLE_DA, INVISIBLE_EN)
    assert problems_for(package_copy) == [invisible_line(value, name, *what)]


def test_a_tower_of_combining_marks_is_refused(package_copy):
    """150 × U+0310 over the 'E' of 'Employment': Mn, a Latin accent, NFC, under MAX_TEXT, and a label drawn as a
    tower."""
    value = "E" + "\u0310" * 150 + "mployment"
    set_cell(package_copy, "policy_areas", "area_id", "beskaeftigelse", "name_en", value)
    shown = "E" + "\u0310" * 3 + "\\u0310" * 56 + "…"  # the excerpt writes the marks beyond three as codes
    assert validate.excerpt(value) == shown
    assert problems_for(package_copy) == [
        f"datapackage/data/policy_areas.csv: linje 2, felt name_en: Teksten '{shown}' har 150 kombinerende tegn i "
        "træk (det første er U+0310 COMBINING CANDRABINDU); de tegnes oven i hinanden over ét tegn. Højst 3 "
        f"i træk; slet resten. | line 2, field name_en: The text '{shown}' has 150 combining marks in a row (the "
        "first is U+0310 COMBINING CANDRABINDU); they are drawn on top of one another over one character. At "
        "most 3 in a row; delete the rest."
    ]


@pytest.mark.parametrize("value", ["\u0301", "\u00a0\u0308\u00a0", "\u3000\u0310"])
def test_a_required_text_with_no_visible_character_is_refused(package_copy, value):
    set_cell(package_copy, "policy_areas", "area_id", "beskaeftigelse", "name_en", value)
    shown = validate.excerpt(value)
    assert problems_for(package_copy) == [
        f"datapackage/data/policy_areas.csv: linje 2, felt name_en: Teksten '{shown}' har intet synligt tegn (kun "
        "mellemrum og tegn, der sættes på andre tegn), så den vises som tom. Skriv teksten. | line 2, field name_en: "
        f"The text '{shown}' has no visible character (only spaces and marks that go on other characters), so it "
        "shows as empty. Write the text."
    ]


def test_every_default_ignorable_and_blank_code_point_is_refused():
    """The class, not the examples: every assigned code point of Default_Ignorable_Code_Point (every format
    character, and text.IGNORABLE) and of text.BLANK is refused, also in the middle of a Danish text."""
    import sys
    import unicodedata

    from build_scripts.stages.validate import text

    listed = [cp for first, last in text.IGNORABLE + text.BLANK for cp in range(first, last + 1)]
    assert all(unicodedata.category(chr(cp)) in ("Mn", "Lo", "So") for cp in listed)  # assigned, not Cf or a space
    formats = [cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"]
    for cp in listed + formats:
        assert text.problem(f"Æble{chr(cp)}grød") is not None, f"U+{cp:04X}"
    # accents as languages write them stay text
    for fine in ("Æblegrød", "Việt Nam", "q\u0301\u0302\u0303", "Zürich"):
        assert text.problem(fine) is None, fine


def test_every_right_to_left_character_is_refused():
    """Red team 22, finding 2: a right-to-left letter or mark turns the order the figures beside it are drawn in
    ('Kommuner ׀ 80 / 98' drew '98 / 80'): every code point of the bidirectional classes R, AL and AN is refused."""
    import sys
    import unicodedata

    from build_scripts.stages.validate import text

    found = [cp for cp in range(sys.maxunicode + 1) if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "AN")]
    assert len(found) > 1000
    for cp in found:
        assert text.problem(f"Kommuner {chr(cp)} 80 / 98") is not None, f"U+{cp:04X}"


def test_every_letter_of_another_script_is_refused():
    """Red team 25, finding 3: Cyrillic 'ЗО' was drawn as '30' in a statement no row holds. Every letter that is not
    Latin's a-z, accented or in a compatibility form, or one of text.LATIN_LETTERS, is refused; Danish, English and
    the accented names of the sources stay text."""
    import sys
    import unicodedata

    from build_scripts.stages.validate import text

    letters = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)).startswith("L")]
    refused = [c for c in letters if text.problem(f"for {c} municipalities") is not None]
    assert {"З", "О", "Ο", "Ι", "ʒ", "ƽ", "Ɩ", "б", "ı"} <= set(refused)
    for fine in ("Æblegrød på Ærø", "Việt Nam", "Łódź", "Straße", "Œuvre", "ﬁnal", "Ｅ", "Çağrı"[:3], "Σ folketal"):
        assert text.problem(fine) is None, fine


def test_every_number_no_rule_reads_and_every_symbol_beyond_the_texts_own_is_refused():
    """Red team 27, finding 3 ('ⅩⅩⅩ' for 30, '〇') and red team 26, finding 3 ('∃O' for 30, '⁊' for 7, 'ℨ' for 3): a
    character drawn as a digit or a letter that no rule reads. Every numeric character but the superscripts and
    fractions the typed-number rule reads, every symbol and punctuation mark beyond text.SYMBOLS, and every styled
    letter (mathematical, letterlike) is refused; the package's own stay text."""
    import sys
    import unicodedata

    from build_scripts.stages.validate import text

    for cp in range(0x80, sys.maxunicode + 1):
        char, category = chr(cp), unicodedata.category(chr(cp))
        if category in ("Nl", "No") and char not in text.READ_NUMBERS or (
                category[0] in "SP" and char not in text.SYMBOLS and unicodedata.bidirectional(char) != "WS"):
            assert text.problem(f"i {char} kommuner") is not None, f"U+{cp:04X}"
    for refused in ("ℨ", "𝐎", "Ⓞ", "①", "i lంం kommuner", "i O\u0338O\u0338 kommuner", "l\u20dd", "x\u0366", "a\u1680b",
                    "i \u093e kommuner"):
        assert text.problem(refused) is not None, refused
    for fine in ("«Kommunerne» – i alt … § 1 ± 2 × 3 ÷ 4 → −5", "km² og ½ time", "ﬁnal", "q\u0301\u0302\u0303"):
        assert text.problem(fine) is None, fine


def test_a_name_with_a_right_to_left_character_is_refused_by_name(package_copy):
    set_cell(package_copy, "policy_areas", "area_id", "dagtilbud_folkeskole", "name_en", "Day \u05c0 care")
    assert problems_for(package_copy) == [invisible_line(
        "Day \u05c0 care", "U+05C0 HEBREW PUNCTUATION PASEQ",
        "et tegn, der skrives fra højre mod venstre og vender den rækkefølge, tallene ved siden af det vises i",
        "a right-to-left character, which turns the order the figures beside it are drawn in",
        "Sitet er på dansk og engelsk: skriv teksten med latinske bogstaver.",
        "The site is in Danish and English: write the text in Latin letters.")]


# --- finding 5: names a chart draws as categories differ as a reader sees them ------------------------------------


def same_name_line(file, line, field, value, earlier, first):
    return (f"datapackage/data/{file}: linje {line}, felt {field}: Navnet '{value}' er det samme som '{earlier}' i "
            f"linje {first}, når store og små bogstaver og tegnvarianter ses bort fra; figurerne ville slå de to rækker "
            f"sammen. Giv hver række sit eget navn. | line {line}, field {field}: The name '{value}' is the same as "
            f"'{earlier}' on line {first} once case and character variants are set aside; the charts would merge the "
            "two rows. Give each row its own name.")


@pytest.mark.parametrize("field,value,earlier", [
    ("name_en", "Employment", "Employment"),  # one bar of 63 % with two labels, five bars instead of six
    ("name_en", "EMPLOYMENT", "Employment"),
    ("name_en", "Ｅｍｐｌｏｙｍｅｎｔ", "Employment"),  # fullwidth: NFKC
    ("name_da", "beskæftigelsesområdet", "Beskæftigelsesområdet"),
])
def test_two_policy_areas_with_one_name_are_refused(package_copy, field, value, earlier):
    set_cell(package_copy, "policy_areas", "area_id", "dagtilbud_folkeskole", field, value)
    assert problems_for(package_copy) == [same_name_line("policy_areas.csv", 3, field, value, earlier, 2)]


def test_two_regions_with_one_name_are_refused(package_copy):
    set_cell(package_copy, "ref_regions", "region_code", "1082", "name_en", "north denmark region")
    assert problems_for(package_copy) == [
        same_name_line("ref_regions.csv", 3, "name_en", "north denmark region", "North Denmark Region", 2)]


def test_names_told_apart_by_a_reader_are_distinct():
    from build_scripts.stages.validate import text

    assert text.reading_key("Ｅｍｐｌｏｙｍｅｎｔ") == text.reading_key("employment") == text.reading_key("EMPLOYMENT")
    assert text.reading_key("Day  care") == text.reading_key("day care")  # HTML and the charts show one space
    assert text.reading_key("Social") != text.reading_key("Sociale")


# --- finding 6: the region boundaries hold what the downloads read -------------------------------------------------


def edit_topology(package_copy, change):
    path = package_copy.parent / "data" / "ref_regions.topojson"
    topology = json.loads(path.read_text(encoding="utf-8"))
    change(topology)
    path.write_text(json.dumps(topology), encoding="utf-8")


def topology_line(where, da, en):
    return (f"datapackage/data/ref_regions.topojson: felt {where}: {da} | field {where}: {en}")


def regions(topology):
    return topology["objects"]["stdin"]["geometries"]


ARC_231 = ("Buen {i} findes ikke: filen har 231 buer (0 til 230, og -1 til -231 for en bue i modsat retning).",
           "The arc {i} does not exist: the file has 231 arcs (0 to 230, and -1 to -231 for an arc reversed).")
NOT_INDEX = ("'{v}' er ikke et buenummer (et helt tal).", "'{v}' is not an arc index (a whole number).")
POLYGON_ARCS = ('"arcs" i en Polygon skal være lister i 2 lag med buenumre (hele tal).',
                '"arcs" of a Polygon must be lists nested 2 deep holding arc indexes (whole numbers).')


def region_type(kind):
    return ("objects/stdin/geometries/0/type",
            f"En region skal være Polygon eller MultiPolygon (ikke '{kind}'); byggeriet beregner landets areal og "
            "midtpunkt af fladerne.",
            f"A region must be a Polygon or MultiPolygon (not '{kind}'); the build computes the country's area and "
            "centre from the polygons.")


@pytest.mark.parametrize("change,where,da,en", [
    # (a) an IndexError in dcat.ring(); ~i counts too
    (lambda t: regions(t)[0].__setitem__("arcs", [[99999]]), "objects/stdin/geometries/0/arcs/0/0",
     ARC_231[0].format(i=99999), ARC_231[1].format(i=99999)),
    (lambda t: regions(t)[0].__setitem__("arcs", [[0, -232]]), "objects/stdin/geometries/0/arcs/0/1",
     ARC_231[0].format(i=-232), ARC_231[1].format(i=-232)),
    (lambda t: regions(t)[0].__setitem__("arcs", [["0"]]), "objects/stdin/geometries/0/arcs/0/0",
     NOT_INDEX[0].format(v="0"), NOT_INDEX[1].format(v="0")),
    (lambda t: regions(t)[0].__setitem__("arcs", [[1.5]]), "objects/stdin/geometries/0/arcs/0/0",
     NOT_INDEX[0].format(v="1.5"), NOT_INDEX[1].format(v="1.5")),
    (lambda t: regions(t)[0].__setitem__("arcs", [0]), "objects/stdin/geometries/0/arcs/0", *POLYGON_ARCS),
    (lambda t: regions(t)[0].__setitem__("arcs", None), "objects/stdin/geometries/0/arcs", *POLYGON_ARCS),
    # (b) a KeyError in dcat.denmark_geometry
    (lambda t: t["objects"].__setitem__("regions", t["objects"].pop("stdin")), "objects",
     'Filen skal have objektet "stdin": en GeometryCollection med en liste "geometries"; byggeriet læser regionerne '
     'derfra.', 'The file needs the object "stdin": a GeometryCollection with a list "geometries"; the build reads '
     'the regions from it.'),
    # a missing transform, other geometry types, positions that are not quantized
    (lambda t: t.pop("transform"), "transform",
     'Filen skal have en "transform" (scale og translate): byggeriet regner grænsernes positioner om til længde og '
     'bredde med den.', 'The file needs a "transform" (scale and translate): the build turns the boundaries\' '
     'positions into longitude and latitude with it.'),
    (lambda t: regions(t)[0].update(type="Point", coordinates=[1, 2]), *region_type("Point")),
    (lambda t: regions(t)[0].update(type="LineString", arcs=[0]), *region_type("LineString")),
    (lambda t: regions(t)[0].update(type=None), *region_type("null")),
    (lambda t: t["arcs"][0][0].__setitem__(0, 5087.5), "arcs/0/0",
     "En position skal være hele tal, når filen har en transform (kvantiseret TopoJSON).",
     "A position must be whole numbers when the file has a transform (quantized TopoJSON)."),
    # no area: the centroid divided by zero
    (lambda t: [g.__setitem__("arcs", []) for g in regions(t)], "objects/stdin",
     "Regionernes flader har intet areal (hver ring er en linje, eller hullerne er lige så store som fladerne), så "
     "landets midtpunkt kan ikke beregnes.", "The regions' polygons enclose no area (every ring is a line, or the holes "
     "are as large as the polygons), so the country's centre cannot be computed."),
])
def test_boundaries_the_downloads_cannot_read_are_refused_by_json_path(package_copy, change, where, da, en):
    edit_topology(package_copy, change)
    assert problems_for(package_copy) == [topology_line(where, da, en)]


def test_the_boundaries_resource_cannot_be_removed(package_copy):
    edit_descriptor(package_copy, lambda dp: dp["resources"].remove(resource(dp, "ref_regions_boundaries")))
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt resources: Ressourcen med regionernes grænser (data/ref_regions.topojson, "
        "format topojson) mangler; byggeriet læser den (pakkens udstrækning og midtpunkt i dcat.ttl). Gendan den. | "
        "field resources: The resource with the regions' boundaries (data/ref_regions.topojson, format topojson) is "
        "missing; the build reads it (the package's extent and centre in dcat.ttl). Restore it."
    ]


ARCS = st.recursive(st.integers(-300, 300) | st.sampled_from([1.5, "0", None, True]),
                    lambda inner: st.lists(inner, max_size=3), max_leaves=8)


@given(index=st.integers(0, 221), kind=st.sampled_from(["Polygon", "MultiPolygon", "LineString", "Point", None]),
       arcs=ARCS, drop_transform=st.booleans())
def test_boundaries_validate_accepts_the_downloads_read(tmp_path_factory, index, kind, arcs, drop_transform):
    """Any region's type and arcs: `validate` refuses the file, or the downloads compute its extent and centre."""
    from build_scripts.core import geometry
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    topology = json.loads((CHECKOUT.datapackage_dir / "data" / "ref_regions.topojson").read_text(encoding="utf-8"))
    regions(topology)[index].update(type=kind, arcs=arcs)
    if drop_transform:
        topology.pop("transform")
    path = tmp_path_factory.mktemp("topo") / "ref_regions.topojson"
    path.write_text(json.dumps(topology), encoding="utf-8")
    if files.topojson_problems(path, "ref_regions.topojson", boundaries=True):
        return
    bbox, centre = geometry.extent_and_centre(topology)
    assert bbox.startswith("POLYGON((") and centre.startswith("POINT(")


# --- finding 7: CITATION.cff is read as a stream, never expanded ---------------------------------------------------


@pytest.fixture
def citation(package_copy):
    """The project's CITATION.cff beside the copied package, as in a checkout (validate checks it there)."""
    from conftest import CHECKOUT

    path = package_copy.parent.parent / "CITATION.cff"
    path.write_text(CHECKOUT.citation_cff.read_text(encoding="utf-8"), encoding="utf-8")
    assert problems_for(package_copy) == []
    return path


def cff_line(line, da, en, field=None):
    where_da = f"linje {line}" if line else ""
    where_da += (", " if where_da else "") + f"felt {field}" if field else ""
    where_en = where_da.replace("linje", "line").replace("felt", "field")
    return f"CITATION.cff: {where_da + ': ' if where_da else ''}{da} | {where_en + ': ' if where_en else ''}{en}"


def alias_line(line, shown):
    return cff_line(line, f"YAML-ankre og -aliaser (her {shown}) kan ikke bruges: byggeriet udfolder dem ikke, og en "
                          "lille fil kan blive til milliarder af værdier. Skriv værdien ud, hvor den bruges.",
                    f"YAML anchors and aliases (here {shown}) cannot be used: the build does not expand them, and a "
                    "small file can become billions of values. Write the value out where it is used.")


def test_an_alias_bomb_in_citation_cff_is_refused_at_once(package_copy, citation):
    """2.4 KB that kept validate busy for hours (10^9 leaves walked): refused at its first anchor, unread."""
    import time

    lines = citation.read_text(encoding="utf-8").count("\n")
    bomb = ["x-bomb:", '  l0: &l0 ["a","a","a","a","a","a","a","a","a","a"]']
    bomb += [f"  l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 9)]
    citation.write_text(citation.read_text(encoding="utf-8") + "\n".join(bomb) + "\n", encoding="utf-8")
    start = time.monotonic()
    assert problems_for(package_copy) == [alias_line(lines + 2, "&l0")]
    assert time.monotonic() - start < 20


@pytest.mark.parametrize("text,line,shown", [
    ("x-a: &a 1\nx-b: 2\n", 1, "&a"),
    ("x-b: *a\n", 1, "*a"),  # an alias without its anchor is refused the same way, not loaded
    ("x-a:\n  - &list [1, 2]\n", 2, "&list"),
    ("x-a: {<<: *base}\n", 1, "*base"),  # YAML's merge key needs an alias
])
def test_every_anchor_and_alias_is_refused_with_its_line(text, line, shown):
    from build_scripts.stages.validate import files

    assert [str(p) for p in files.citation_problems("cff-version: 1.2.0\n" + text)] == [alias_line(line + 1, shown)]


def test_citation_cff_nested_too_deeply_is_refused_not_a_recursion_error():
    from build_scripts.stages.validate import files

    deep = "cff-version: 1.2.0\nx-deep: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert [str(p) for p in files.citation_problems(deep)] == [cff_line(
        2, "YAML'en er indlejret mere end 20 lag dybt. Ret strukturen.",
        "The YAML is nested more than 20 levels deep. Fix its structure.")]


@pytest.mark.parametrize("text,field,da,en", [
    ("- a\n- b\n", None, "Filen skal være en YAML-mapping af nøgler og værdier (cff-version, title, authors …).",
     "The file must be a YAML mapping of keys and values (cff-version, title, authors …)."),  # dcat: cff.get
    ("", None, "Filen skal være en YAML-mapping af nøgler og værdier (cff-version, title, authors …).",
     "The file must be a YAML mapping of keys and values (cff-version, title, authors …)."),
    ("doi: 10.5281/zenodo 1\n", "doi", "'10.5281/zenodo 1' er ikke en DOI (fx 10.5281/zenodo.123456).",
     "'10.5281/zenodo 1' is not a DOI (e.g. 10.5281/zenodo.123456)."),  # an IRI with a space in dcat.ttl
    ("identifiers: 5\n", "identifiers", '"identifiers" skal være en liste af mappings (type, value, description).',
     '"identifiers" must be a list of mappings (type, value, description).'),
    ("identifiers:\n  - type: doi\n    value: 'x>y'\n", "identifiers/0/value",
     "'x>y' er ikke en DOI (fx 10.5281/zenodo.123456).", "'x>y' is not a DOI (e.g. 10.5281/zenodo.123456)."),
])
def test_what_the_downloads_read_of_citation_cff_is_checked(text, field, da, en):
    from build_scripts.stages.validate import files

    assert [str(p) for p in files.citation_problems(text)] == [cff_line(None, da, en, field)]


# --- red team 25, finding 1: CITATION.cff is read as YAML 1.2's core schema reads it ------------------------------


def with_line(cff, key, written):
    """CITATION.cff with its top-level `key: …` line written `key: {written}` (whatever value `release` set), and
    that line's number."""
    import re

    found = re.search(rf"^{key}: .*$", cff, flags=re.M)
    assert found, key
    return cff[:found.start()] + f"{key}: {written}" + cff[found.end():], cff[:found.start()].count("\n") + 1


def not_a_date_line(line, value, field="date-released"):
    return cff_line(line, f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD.",
                    f"'{value}' is not a date of the form YYYY-MM-DD.", field)


@pytest.mark.parametrize("written,value", [
    ("2026-02-30", "2026-02-30"),  # was: ValueError: day is out of range for month, a traceback
    ("2026-13-45", "2026-13-45"),  # was: ValueError: month must be in 1..12
    ("2026-12-07T25:00:00", "2026-12-07T25:00:00"),  # was: ValueError: hour must be in 0..23
    ('"2026-13-45"', "2026-13-45"),  # was: accepted (a text, never read as a date)
    ("2026-12-7", "2026-12-7"),
    ("[2026-12-07]", "…"),
])
def test_a_date_released_that_does_not_exist_is_one_line(written, value):
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    cff, line = with_line(CHECKOUT.citation_cff.read_text(encoding="utf-8"), "date-released", written)
    assert [str(p) for p in files.citation_problems(cff)] == [not_a_date_line(line, value)]


def test_validate_names_an_impossible_date_released_in_one_line(package_copy, citation):
    cff, line = with_line(citation.read_text(encoding="utf-8"), "date-released", "2026-02-30")
    citation.write_text(cff, encoding="utf-8")
    assert problems_for(package_copy) == [not_a_date_line(line, "2026-02-30")]


@pytest.mark.parametrize("text,line,da,en", [
    ('title: "A"\nlicense: CC-BY-4.0\ntitle: "Other title"\n', 4,
     'Nøglen "title" står allerede i linje 2 i samme mapping. Slet den ene.',
     'The key "title" already appears on line 2 of the same mapping. Delete one.'),  # was: the last one, silently
    ("references:\n  - {type: report, type: book}\n", 3,
     'Nøglen "type" står allerede i linje 3 i samme mapping. Slet den ene.',
     'The key "type" already appears on line 3 of the same mapping. Delete one.'),
    ("type: !!binary ZGF0YXNldA==\n", 2,
     "YAML-tags (her !!binary) kan ikke bruges: skriv værdien, som den er, som en tekst, et tal eller en liste.",
     "YAML tags (here !!binary) cannot be used: write the value as it is, as a text, a number or a list."),
    ("date-released: !!timestamp 2026-12-07\n", 2,
     "YAML-tags (her !!timestamp) kan ikke bruges: skriv værdien, som den er, som en tekst, et tal eller en liste.",
     "YAML tags (here !!timestamp) cannot be used: write the value as it is, as a text, a number or a list."),
    ("keywords: !!set {a, b}\n", 2,
     "YAML-tags (her !!set) kan ikke bruges: skriv værdien, som den er, som en tekst, et tal eller en liste.",
     "YAML tags (here !!set) cannot be used: write the value as it is, as a text, a number or a list."),
    ("x-own: !mine 1\n", 2,
     "YAML-tags (her !mine) kan ikke bruges: skriv værdien, som den er, som en tekst, et tal eller en liste.",
     "YAML tags (here !mine) cannot be used: write the value as it is, as a text, a number or a list."),
    ("x-long: " + "1" * 5000 + "\n", 2, "Filen er ikke gyldig YAML.", "The file is not valid YAML."),  # int(): ValueError
])
def test_a_key_twice_a_tag_or_a_number_int_cannot_read_is_one_line(text, line, da, en):
    from build_scripts.stages.validate import files

    assert [str(p) for p in files.citation_problems("cff-version: 1.2.0\n" + text)] == [cff_line(line, da, en)]


def test_every_scalar_of_citation_cff_is_read_as_text_by_the_character_rule():
    """A key or a value whatever it is read as (a date, a number, a key) meets text.py, named by its line."""
    from build_scripts.stages.validate import files

    def rtl(line, shown, field=None):
        return cff_line(line, f"Teksten '{shown}' indeholder U+202E RIGHT-TO-LEFT OVERRIDE, et usynligt tegn, der ændrer "
                              "tekstens retning, så den vises i en anden rækkefølge, end den står. Slet tegnet.",
                        f"The text '{shown}' holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character that changes "
                        "the text's direction, so it is shown in another order than it is stored. Delete it.", field)

    said = [str(p) for p in files.citation_problems("cff-version: 1.2.0\nx-\u202ekey: 2\nyear: 2022\u202e\n")]
    assert said == [rtl(2, "x-\\u202ekey"), rtl(3, "2022\\u202e", "year")]


def test_the_downloads_read_citation_cff_as_validate_does():
    """dcat.py reads CITATION.cff through files.read_citation: a date is its text, nothing raises ValueError."""
    from build_scripts.stages.downloads import metadata
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    _, doc = files.read_citation("date-released: 2026-02-30\ndoi: 10.5281/zenodo.1\n")
    assert doc == {"date-released": "2026-02-30", "doi": "10.5281/zenodo.1"}
    _, project = files.read_citation(CHECKOUT.citation_cff.read_text(encoding="utf-8"))
    assert str(project["date-released"]) == project["date-released"] and metadata.doi_record(project)
    source = (CHECKOUT.root / "build_scripts/stages/downloads/dcat.py").read_text(encoding="utf-8")
    assert "files.read_citation(" in source and "safe_load" not in source


def test_a_citation_text_over_lines_at_the_left_edge_is_refused():
    """Red team 47, finding 1: a quoted message whose lines stood at the left edge held 'version: 1.3.1', which
    `release` took for the key (the released CITATION.cff kept the old version) and `zenodo` broke the file by."""
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    cff = (CHECKOUT.root / "CITATION.cff").read_text(encoding="utf-8")
    message = cff[cff.index("message:"):cff.index("type:")]
    cff = cff.replace(message, 'message: "If you use these figures, cite the compilation\nversion: 1.3.1\nas below."\n')
    assert [str(p) for p in files.citation_problems(cff)] == [
        "CITATION.cff: linje 3: Linjen står i venstre kant uden at være en nøgle, et listepunkt eller en kommentar (en "
        "tekst i anførselstegn over flere linjer): make release og zenodo sætter version og dato efter linjerne og "
        "ville tage den for nøglen. Ryk tekstens linjer ind, eller skriv den med '>-'. | line 3: The line stands at the "
        "left edge without being a key, a list item or a comment (a quoted text over several lines): make release and "
        "zenodo set the version and the date by the lines and would take it for the key. Indent the text's lines, or "
        "write it with '>-'."]
    assert files.citation_problems((CHECKOUT.root / "CITATION.cff").read_text(encoding="utf-8")) == []


def scalar_kept(key):
    return (f"make release skriver nøglens nye værdi på linjen, der begynder med '{key}: ' (nøglen uden anførselstegn i "
            "venstre kant, ét mellemrum efter kolon): skriv nøglen og værdien sådan på én linje, uden '>-' eller '|' og "
            "uden at fortsætte på linjen under.",
            f"make release writes the key's new value on the line that starts with '{key}: ' (the key unquoted at the "
            "left edge, one space after the colon): write the key and the value so, on one line, without '>-' or '|' "
            "and without continuing on the line below.")


def list_kept(key):
    return (f"make release og zenodo skriver listen på ny fra linjerne under linjen '{key}:': skriv nøglen alene sådan "
            "på sin linje (uden anførselstegn, kommentar eller mellemrum efter), og listen med '- ' på hver sin linje "
            "under den, hver linje rykket ind (også kommentarer), ikke som [a, b] på nøglens linje.",
            f"make release and zenodo write the list anew from the lines below the line '{key}:': write the key so, "
            "alone on its line (no quotes, comment or space after it), and the list with '- ' on lines of their own "
            "below it, every line indented (comments too), not as [a, b] on the key's line.")


@pytest.mark.parametrize("key,block,said", [
    # Red team 48, finding 4: `release` wrote 'version: 1.4.0' over '>-' and kept the old value's line below.
    ("version", "{key}: >-\n  {value}", scalar_kept),
    ("version", "{key}: |-\n  {value}", scalar_kept),
    ("version", '{key}: "{value}\n  "', scalar_kept),
    ("date-released", "{key}:\n  {value}", scalar_kept),
    # Red team 49, findings 1-3: `zenodo` rewrote only the indented lines below `authors:`/`keywords:`.
    ("authors", "{key}:\n- name: x\n  website: https://example.org/", list_kept),
    ("authors", "{key}:\n  - name: x\n# a comment\n    website: https://example.org/", list_kept),
    ("keywords", "{key}: [a, b]", list_kept),
    ("keywords", "{key}:\n  [a, b]", list_kept),
    ("keywords", "{key}: a", list_kept),
    # Red team 50, findings 2 and 5: lines the editors' patterns do not match ('authors:' alone, 'version: …').
    ("authors", "{key}: # the creators\n  - name: x", list_kept),
    ("keywords", "{key}:  \n  - a", list_kept),
    ("authors", '"{key}":\n  - name: x', list_kept),
    ("version", "{key} : {value}", scalar_kept),
    ("version", "{key}:\t{value}", scalar_kept),
    ("date-released", '"{key}": {value}', scalar_kept),
])
def test_a_key_release_or_zenodo_rewrites_is_written_as_they_can(key, block, said):
    """version and date-released: one scalar on the key's line; authors and keywords: a block list below the key,
    every line indented. Anything else is named at the key's line, before `release` or `zenodo` writes it wrong."""
    import re

    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    cff = CHECKOUT.citation_cff.read_text(encoding="utf-8")
    found = re.search(rf"^{key}:.*\n(?:[ \t]+.*\n)*", cff, flags=re.M)
    value = re.match(rf"{key}: (.*)", found.group()).group(1) if key in ("version", "date-released") else ""
    line = cff[:found.start()].count("\n") + 1
    cff = cff[:found.start()] + block.format(key=key, value=value) + "\n" + cff[found.end():]
    assert [str(p) for p in files.citation_problems(cff)] == [cff_line(line, *said(key), key)]


def test_a_key_release_or_zenodo_writes_is_there_in_the_projects_file():
    """Red team 50, finding 2: a CITATION.cff without `keywords` (optional in the format) stopped `zenodo` and
    `release` with a traceback. The project's file (validated with the package's version) has each key."""
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    cff = CHECKOUT.citation_cff.read_text(encoding="utf-8")
    version = re.search(r"^version: (.*)$", cff, flags=re.M).group(1)
    cff = re.sub(r"^keywords:\n(?:  .*\n)*", "", cff, flags=re.M)
    assert files.citation_problems(cff) == []  # any CITATION.cff may leave it out
    assert [str(p) for p in files.citation_problems(cff, version=version)] == [cff_line(
        None, "Nøglen mangler: make release og zenodo skriver den (versionen og datoen fra udgivelsen, forfattere og "
              "nøgleord fra datapakken) og stopper uden den. Tilføj den i venstre kant.",
        "The key is missing: make release and zenodo write it (the version and date from the release, the authors and "
        "keywords from the data package) and stop without it. Add it at the left edge.", "keywords")]


@pytest.mark.parametrize("joined,character,line", [
    ("\r\n", "U+000D", 1), ("\x85", "U+0085", 1), ("\u2028", "U+2028", 1), ("\u2029", "U+2029", 1)])
def test_a_line_break_other_than_lf_in_citation_cff_is_one_line(joined, character, line):
    """Red team 50, finding 4: YAML ends a line at CR, NEL, LS and PS, the line rules and editors do not, so a file
    joined by U+0085 hid a left-edge list from the rule and `zenodo` wrote invalid YAML."""
    from build_scripts.stages.validate import files
    from conftest import CHECKOUT

    cff = CHECKOUT.citation_cff.read_text(encoding="utf-8")
    first, rest = cff.split("\n", 1)
    assert [str(p) for p in files.citation_problems(first + joined + rest)] == [cff_line(
        line, f"Filen har et linjeskift, der ikke er LF ({character}): YAML afslutter linjen dér, men make release og "
              "zenodo gør ikke. Gem filen med LF-linjeskift (Unix), uden andre linjeskift.",
        f"The file has a line break other than LF ({character}): YAML ends the line there, but make release and zenodo "
        "do not. Save the file with LF line endings (Unix), and no other line breaks.")]


def test_citation_cff_is_the_package_version(package_copy, citation):
    """CITATION.cff is published beside the package and `release` sets both: a version that differs is named."""
    import re

    version = json.loads(package_copy.read_text(encoding="utf-8"))["version"]
    cff, line = with_line(citation.read_text(encoding="utf-8"), "version", "0.9.0")
    citation.write_text(cff, encoding="utf-8")
    assert problems_for(package_copy) == [cff_line(
        line, f"Versionen '0.9.0' er ikke datapakkens version {version}. make release sætter begge; ret den ene, så "
              "de er ens.",
        f"The version '0.9.0' is not the data package's version {version}. make release sets both; correct one so "
        "that they match.", "version")]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


def test_two_figures_that_would_share_an_address_on_the_site_are_refused(package_copy):
    """Red team 52, finding 2: with the schema's id pattern loosened in the same pull request, 'reported-expenditure'
    beside 'reported_expenditure' got one anchor on the sources page, one permalink and one BibTeX key, so the home
    page's 318 mio. kr. linked to the copy's row. Named at the second row, with the first."""
    edit_descriptor(package_copy, lambda d: field(d, "key_figures", "figure_id")["constraints"].update(
        pattern="^[a-z0-9_-]+$"))
    path = package_copy.parent / "data" / "key_figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number, row = next((i, line) for i, line in enumerate(lines) if line.startswith("reported_expenditure,"))
    lines.insert(number + 1, row.replace("reported_expenditure,", "reported-expenditure,", 1))
    path.write_text("\n".join(lines), encoding="utf-8")
    assert problems_for(package_copy) == [
        f"datapackage/data/key_figures.csv: linje {number + 2}, felt figure_id: Tallet 'reported-expenditure' får samme "
        "adresse på kildesiden og samme BibTeX-nøgle som datapackage/data/key_figures.csv: "
        "reported_expenditure (en '_' skrives '-'): et link til det ene ville føre til det andet. Giv det et id, der "
        "adskiller sig med mere end tegnsætningen. | line "
        f"{number + 2}, field figure_id: The figure 'reported-expenditure' gets the same address on the sources page "
        "and the same BibTeX key as datapackage/data/key_figures.csv: reported_expenditure ('_' is "
        "written '-'): a link to one would lead to the other. Give it an id that differs by more than punctuation."]


def test_a_regions_row_carries_its_own_regions_figures_and_quote(package_copy):
    """Red team 52, finding 1: two rows' figures and quotes swapped under their region codes were accepted (each
    quote held its own numbers) and published as Region Hovedstaden's 17 municipalities; the reconciliation then
    called the report's coverage inconsistent. The quote names the row's region, and its count of municipalities
    is the region's in ref_regions and ref_municipalities."""
    path = package_copy.parent / "data" / "regions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    first, second = lines[1].split(",", 1), lines[2].split(",", 1)
    lines[1], lines[2] = f"{first[0]},{second[1]}", f"{second[0]},{first[1]}"
    path.write_text("\n".join(lines), encoding="utf-8")
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.line, p.field, p.code) for p in problems] == [
        (2, "source_quote", "region_quote_other"), (2, "municipalities", "region_count_other"),
        (3, "source_quote", "region_quote_other"), (3, "municipalities", "region_count_other")]
    assert str(problems[1]) == (
        "datapackage/data/regions.csv: linje 2, felt municipalities: Region 1084 har 17 kommuner her, men ref_regions "
        "siger 29, og ref_municipalities har 29: rækkens tal skal være dens egen regions. Ret region_code, eller tallene "
        "og citatet. | line 2, field municipalities: Region 1084 has 17 municipalities here, but ref_regions says 29 and "
        "ref_municipalities lists 29: the row's figures must be its own region's. Correct region_code, or the figures "
        "and the quote.")
    assert str(problems[0]).split(" | ")[0] == (
        "datapackage/data/regions.csv: linje 2, felt source_quote: Citatet nævner ikke Region Hovedstaden, regionen med "
        "koden 1084: rækkens tal skal komme fra citatet om dens egen region. Ret region_code, eller citatet og tallene.")


def test_an_id_that_differs_by_a_trailing_underscore_shares_the_bibtex_key_and_is_refused(package_copy):
    """Red team 53, finding 6: the BibTeX key strips the '-' a trailing '_' becomes, the first fold did not, so
    'municipalities_invited_' beside 'municipalities_invited' passed with one key (the schema's own pattern)."""
    path = package_copy.parent / "data" / "key_figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, lines[1].replace("municipalities_invited,", "municipalities_invited_,", 1))
    path.write_text("\n".join(lines), encoding="utf-8")
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.line, p.field, p.code, dict(p.params)["id"]) for p in problems] == [
        (3, "figure_id", "figure_anchor_twice", "municipalities_invited_")]


def _area_rows(package_copy):
    path = package_copy.parent / "data" / "area_figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return path, rows


def _write_area_rows(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_two_areas_figures_and_quotes_swapped_under_their_ids_are_refused(package_copy):
    """Red team 52's note: two area_figures rows' figures and quotes swapped under their area_ids passed (each quote is
    in the report and holds its figure) and were published as the other area's: each quote is now read in the section
    of the report its source_location names, from the line that is the area's name to the next area's."""
    path, rows = _area_rows(package_copy)
    first, second = (next(i for i, r in enumerate(rows) if (r["area_id"], r["measure"]) == (area, "expenditure"))
                     for area in ("beskaeftigelse", "sundhed_aeldre"))
    for key in ("value", "value_text", "qualifier", "source_quote"):
        rows[first][key], rows[second][key] = rows[second][key], rows[first][key]
    _write_area_rows(path, rows)
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.line, p.field, p.code) for p in problems] == [
        (first + 2, "source_quote", "area_quote_outside"), (second + 2, "source_quote", "area_quote_outside")]
    assert str(problems[0]) == (
        f"datapackage/data/area_figures.csv: linje {first + 2}, felt source_quote: Rækken hører til tilbudsområdet "
        "beskaeftigelse, der er navngivet som rapportens afsnit 'Beskæftigelsesområdet', og source_location ('Afsnit "
        "3, Beskæftigelsesområdet') henviser til det afsnit, men citatet står ikke i det (fra linjen "
        "'Beskæftigelsesområdet' til næste områdes): teksten er et andet områdes. Citér sætningen fra områdets eget "
        f"afsnit. | line {first + 2}, field source_quote: The row belongs to policy area beskaeftigelse, named as the "
        "report's section 'Beskæftigelsesområdet', and source_location ('Afsnit 3, Beskæftigelsesområdet') refers to "
        "that section, but the quote is not in it (from the line 'Beskæftigelsesområdet' to the next area's): the "
        "text is another area's. Quote the sentence from the area's own section.")


def test_two_areas_sections_swapped_with_their_figures_are_refused(package_copy):
    """Red team 55, finding 8: the policy_areas rows' source_location and quote swapped along with the figures
    passed, and the social area's page showed health's 11 mio. kr.: an area is named as its section (name_da)."""
    path, rows = _area_rows(package_copy)
    first, second = (next(i for i, r in enumerate(rows) if (r["area_id"], r["measure"]) == (area, "expenditure"))
                     for area in ("social", "sundhed_aeldre"))
    for key in ("value", "value_text", "qualifier", "source_quote", "source_location"):
        rows[first][key], rows[second][key] = rows[second][key], rows[first][key]
    _write_area_rows(path, rows)
    areas = package_copy.parent / "data" / "policy_areas.csv"
    with areas.open(encoding="utf-8", newline="") as fh:
        area_rows = list(csv.DictReader(fh))
    a, b = (next(i for i, r in enumerate(area_rows) if r["area_id"] == area) for area in ("social", "sundhed_aeldre"))
    for key in ("source_location", "source_quote"):
        area_rows[a][key], area_rows[b][key] = area_rows[b][key], area_rows[a][key]
    _write_area_rows(areas, area_rows)
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.file, p.line, p.code) for p in problems] == [
        ("datapackage/data/policy_areas.csv", a + 2, "area_section_unknown"),
        ("datapackage/data/policy_areas.csv", b + 2, "area_section_unknown"),
        ("datapackage/data/area_figures.csv", first + 2, "area_quote_unnamed"),
        ("datapackage/data/area_figures.csv", second + 2, "area_quote_unnamed")]


def test_a_finer_location_in_the_areas_section_is_its_section(package_copy):
    """Red team 55, finding 11: 'Afsnit 3, Socialområdet, side 14' is the area's section too."""
    path, rows = _area_rows(package_copy)
    first = next(i for i, r in enumerate(rows) if (r["area_id"], r["measure"]) == ("social", "expenditure"))
    rows[first]["source_location"] += ", side 14"
    _write_area_rows(path, rows)
    assert validate.collect_problems(package_copy)[0] == []


def test_an_areas_figure_from_another_section_must_name_the_area(package_copy):
    """Outside the area's own section (the average cost per initiative, from 'Resultater af kortlægningen'), the quote
    names the area: 'på kultur- og fritidsområdet … ca. 185.000 kr.'. A quote that names no area ties no figure."""
    path, rows = _area_rows(package_copy)
    first = next(i for i, r in enumerate(rows) if (r["area_id"], r["measure"]) == ("beskaeftigelse", "expenditure"))
    rows[first]["source_location"] = "Afsnit 3, Resultater af kortlægningen"
    _write_area_rows(path, rows)
    problems, _ = validate.collect_problems(package_copy)
    assert [str(p) for p in problems] == [
        f"datapackage/data/area_figures.csv: linje {first + 2}, felt source_quote: Rækken holder et tal for "
        "tilbudsområdet beskaeftigelse, men source_location ('Afsnit 3, Resultater af kortlægningen') er ikke områdets "
        "afsnit 'Beskæftigelsesområdet', og citatet nævner ikke området før tallet: intet binder tallet til området. "
        "Skriv områdets afsnit i source_location, eller citér en sætning, der nævner området før tallet. | line "
        f"{first + 2}, field source_quote: The row holds a figure of policy area beskaeftigelse, but its "
        "source_location ('Afsnit 3, Resultater af kortlægningen') is not the area's section 'Beskæftigelsesområdet' "
        "and its quote does not name the area before its figure: nothing ties the figure to the area. Write the "
        "area's section in source_location, or quote a sentence that names the area before the figure."]


def test_an_areas_figure_stands_after_the_areas_name_in_its_quote(package_copy):
    """Red team 57, finding 7: the report gives two areas' averages in one sentence; a quote from culture's 185.000
    to the words 'dagtilbuds- og folkeskoleområdet' named day care and held a figure, and passed as day care's."""
    path, rows = _area_rows(package_copy)
    first = next(i for i, r in enumerate(rows)
                 if (r["area_id"], r["measure"]) == ("dagtilbud_folkeskole", "average_per_initiative"))
    rows[first].update(value="185000", value_text="185.000", source_quote=(
        "udgiftsniveau på ca. 185.000 kr., mens det på dagtilbuds- og folkeskoleområdet, hvor indsatserne ofte kan "
        "have karakter af at være fast i løbet af et år, er ca"))
    _write_area_rows(path, rows)
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.line, p.code) for p in problems] == [(first + 2, "area_quote_unnamed")]


def test_an_areas_section_is_a_heading_of_the_source(package_copy):
    """An area is named as the report's section on it (name_da), a line of the source by itself."""
    set_cell(package_copy, "policy_areas", "area_id", "social", "name_da", "Social")
    problems, _ = validate.collect_problems(package_copy)
    assert [(p.file, p.field, p.code) for p in problems][:1] == [
        ("datapackage/data/policy_areas.csv", "source_location", "area_section_unknown")]
    assert str(problems[0]).split(" | ")[1] == (
        "line 5, field source_location: The area is named 'Social' (name_da) as the report's section on it, but "
        "source_location ('Afsnit 3, Socialområdet') does not refer to that section, or the source has no line "
        "'Social': the area's figures are read in that section. Write the section as the source writes it (e.g. "
        "'Afsnit 3, Social'), and give the area its section's name.")


def test_an_area_whose_page_is_a_page_of_docs_is_refused(package_copy):
    """Red team 54, finding 5: the area id 'index' got the page omraader/index.md, written over the areas' overview;
    the site built two pages fewer and published one area where the nav promised all six, without a message."""
    folder = package_copy.parent
    for path in [package_copy, folder / "submission" / "datapackage.json", *(folder / "data").glob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bkultur_fritid\b", "index", text), encoding="utf-8")
    problems, _ = validate.collect_problems(package_copy)
    line = next(n for n, row in enumerate((folder / "data" / "policy_areas.csv").read_text(encoding="utf-8")
                                          .split("\n"), start=1) if row.startswith("index,"))
    assert [str(p) for p in problems if p.code == "area_page_taken"] == [
        f"datapackage/data/policy_areas.csv: linje {line}, felt area_id: Tilbudsområdet 'index' ville få siden "
        "omraader/index.md, som docs/ allerede har: den ene ville skrive over den anden, og sitet ville udgive én side, "
        f"hvor navigationen og alle links lover to. Giv området et andet id. | line {line}, field area_id: The policy "
        "area 'index' would get the page omraader/index.md, which docs/ already has: one would overwrite the other, and "
        "the site would publish one page where the nav and every link promise two. Give the area another id."]


def _creator(descriptor: dict) -> dict:
    return next(c for c in descriptor["contributors"] if "creator" in c["roles"])


def test_a_creator_without_an_address_is_refused(package_copy):
    """Red team 54, finding 3a: validate accepted it, and `zenodo` and `release` stopped with KeyError: 'path'."""
    edit_descriptor(package_copy, lambda d: _creator(d).pop("path"))
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt contributors/0/path: Ophavspersonen har ingen \"path\": CITATION.cff og "
        "Zenodo angiver hver ophavspersons websted. Skriv adressen (https) i \"path\". | field contributors/0/path: The "
        "creator has no \"path\": CITATION.cff and Zenodo give each creator's website. Write its address (https) in "
        "\"path\"."]


def test_a_package_without_a_creator_is_refused(package_copy):
    """Red team 54, finding 3b: `zenodo` wrote "creators": [] and an empty `authors:`, which both formats refuse."""
    edit_descriptor(package_copy, lambda d: _creator(d).update(roles=["rightsHolder", "publisher"]))
    assert problems_for(package_copy) == [
        "datapackage/datapackage.json: felt contributors: Ingen bidragyder har rollen \"creator\": pakkens "
        "ophavspersoner er forfatterne i CITATION.cff og ophavspersonerne hos Zenodo, og begge skal have mindst én. Giv "
        "en bidragyder rollen \"creator\". | field contributors: No contributor has the role \"creator\": the package's "
        "creators are CITATION.cff's authors and Zenodo's creators, and both need at least one. Give a contributor the "
        "role \"creator\"."]
