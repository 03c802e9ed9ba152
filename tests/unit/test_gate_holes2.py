"""`validate` is the one gate: the holes of the third red-team review (redteam2-findings.md, 2-6, 9, 10 and 12).

Each input the review found accepted by `validate` and then published wrong (a figure that is not the source's, a
restated figure that is another, an address with a fragment, a sitemap of broken links), or refused with words that
say something else than the rule, gets one exact line here naming the file, the line and the field. Beside each, a
test of the class, not only of the review's example.
"""

import csv
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_gate import edit_descriptor, problems_for, set_cell
from test_gate_holes import tiny, tiny_problems

from build_scripts.core import config
from build_scripts.core.errors import BuildStopped
from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt
from build_scripts.stages.validate import floor
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT, linked_project

# --- finding 2: a figure inside a fraction, a range or after a minus is not the figure -------------------------


def lacks_value_text(file, line, value_text):
    return (f"datapackage/data/{file}: linje {line}, felt source_quote: Citatet indeholder ikke value_text "
            f"'{value_text}'. Ret tallet, eller citér den sætning, der har tallet. | line {line}, field source_quote: The "
            f"quote does not contain value_text '{value_text}'. Fix the figure, or quote the sentence that states it.")


def lacks_figure(file, line, figure):
    return (f"datapackage/data/{file}: linje {line}, felt source_quote: Citatet indeholder ikke '{figure}', som rækken "
            f"angiver. Ret tallet eller citatet. | line {line}, field source_quote: The quote does not contain "
            f"'{figure}', which the row states. Fix the figure or the quote.")


def test_the_denominator_of_a_fraction_is_not_the_figure(package_copy):
    """The review's example: 3 pct. published beside the quote »Knap 1/3 …«, and the »knap« gone."""
    for column, value in (("value", "3"), ("value_text", "3"), ("qualifier", ""), ("unit", "pct")):
        set_cell(package_copy, "target_group", "figure_id", "three_cities_share", column, value)
    assert problems_for(package_copy) == [lacks_value_text("target_group.csv", 22, "3")]


@pytest.mark.parametrize("region,column,value,figure", [
    ("1084", "municipalities_responding", "4", "4 ud af 29"),  # the quote says »24 ud af 29«
    ("1085", "population_coverage_pct", "3", "3 pct."),  # the quote says »83 pct.«
])
def test_a_regions_figure_is_a_whole_number_of_the_quote(package_copy, region, column, value, figure):
    """The figures of regions are found as whole numbers too (they were looked up as any part of the quote)."""
    set_cell(package_copy, "regions", "region_code", region, column, value)
    line = {"1084": 2, "1085": 3}[region]
    assert problems_for(package_copy) == [lacks_figure("regions.csv", line, figure)]


@pytest.mark.parametrize("quote,figure", [
    ("Knap 1/3 af alle", "3"), ("Knap 1/3 af alle", "1"), ("3/4 af dem", "3"), ("3/4 af dem", "4"),
    ("i 2019-2021", "2021"), ("i 2019-2021", "2019"), ("i 2019–2021", "2021"), ("i 2019–2021", "2019"),
    ("et fald på -5 pct.", "5"), ("et fald på −5 pct.", "5"), ("et fald på –5 pct.", "5"),
    ("i alt 5.000 personer", "5"), ("14,1 pct.", "1"), ("udgifter for 100 mio. kr.", "10"), ("den femte", "fem"),
])
def test_a_figure_joined_to_another_number_is_not_in_the_quote(quote, figure):
    assert not validate._contains_figure(quote, figure)


@pytest.mark.parametrize("quote,figure", [
    ("Knap 1/3 af alle", "Knap 1/3"), ("i alt 1/3.", "1/3"), ("en 3-årig indsats", "3"), ("(350)", "350"),
    ("ca. 350 mio. kr.", "350"), ("i 2019 - 2021", "2021"), ("350 – det er", "350"), ("indsatser: 706.", "706"),
])
def test_a_figure_of_its_own_is_in_the_quote(quote, figure):
    assert validate._contains_figure(quote, figure)


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from("/-−–"))
def test_no_side_of_a_fraction_or_a_range_is_a_figure_of_its_own(first, second, mark):
    quote = f"i alt {first}{mark}{second} af dem"
    assert not validate._contains_figure(quote, str(second))
    assert not validate._contains_figure(quote, str(first))
    assert validate._contains_figure(quote, f"{first}{mark}{second}")


def test_a_qualifier_before_another_number_is_not_lost():
    """'ca.' before 1/3 does not stand before the 3 the row states (and 'ca. 3' does)."""
    assert validate._qualifier_before("ca. 1/3 og 3 pct.", "3") is None
    assert validate._qualifier_before("ca. 3 pct.", "3") == "ca."


# --- finding 3: a statement's same_as names the key figure it states again ----------------------------------------


def restated_line(line, figure, key, other):
    return (f"datapackage/data/statements.csv: linje {line}, felt same_as: Tallet {figure} er ikke {key} i key_figures "
            f"({other}): same_as nævner det tal, rækken gentager, med samme value og unit og samme qualifier eller "
            f"ingen. Ret same_as, eller gør det tomt. | line {line}, field same_as: The figure {figure} is not {key} of "
            f"key_figures ({other}): same_as names the figure the row states again, with the same value and unit and "
            "the same qualifier or none. Fix same_as, or leave it empty.")


@pytest.mark.parametrize("statement,changes,line,figure,key,other", [
    # the review's example: 318 mio. kr. published as "the same as" 706 initiatives
    ("section3_expenditure", {"same_as": "initiatives"}, 45, "318 mio_kr", "initiatives", "706 indsatser"),
    # the same number in another unit
    ("section3_responding", {"unit": "pct"}, 44, "80 pct", "municipalities_responding", "80 kommuner"),
    # another qualifier than the key figure's: 'over 350' is not 'ca. 350'
    ("section3_national", {"qualifier": "over"}, 47, "over 350 mio_kr", "national_expenditure", "ca. 350 mio_kr"),
    # a statement without a number restates no figure
    ("survey_period", {"same_as": "initiatives"}, 3, "oktober til december 2021", "initiatives", "706 indsatser"),
])
def test_a_restated_figure_is_the_key_figure_it_names(package_copy, statement, changes, line, figure, key, other):
    for column, value in changes.items():
        set_cell(package_copy, "statements", "statement_id", statement, column, value)
    assert problems_for(package_copy) == [restated_line(line, figure, key, other)]


def test_a_restated_figure_may_be_written_otherwise_or_without_the_qualifier(package_copy):
    """318.0 is 318; and a statement may drop the key figure's 'ca.' where its source does (section3_national)."""
    set_cell(package_copy, "statements", "statement_id", "section3_expenditure", "value", "318.0")
    assert problems_for(package_copy) == []


# --- finding 4: an address the build joins paths onto has no query or fragment ------------------------------------


def homepage_line(value):
    return (f"datapackage/datapackage.json: felt homepage: \"homepage\" er sidens adresse; byggeriet sætter stien til "
            f"hver side og download efter den. '{value}' er ikke sådan en adresse: skriv https://, værten og en sti, der "
            f"ender på /, uden ? og #, fx https://eksempel.dk/. | field homepage: \"homepage\" is the site's address; "
            f"the build puts the path of every page and download after it. '{value}' is not such an address: write "
            "https://, the host and a path ending in /, without ? or #, e.g. https://example.org/.")


@pytest.mark.parametrize("homepage", [
    "https://kommunale-integrationsindsatser.github.io/#top/",  # the review's: IRIs with two '#' in dcat.ttl
    "https://x.dk/?a=/",  # every download's address a query of the homepage
    "https://x.dk/#",
    "https://x.dk/data?/",
    "http://x.dk/",
    "https://x.dk",
    "https://x.dk/data",
])
def test_a_homepage_with_a_query_or_a_fragment_is_refused(package_copy, homepage):
    edit_descriptor(package_copy, lambda dp: dp.__setitem__("homepage", homepage))
    assert problems_for(package_copy) == [homepage_line(homepage)]


@pytest.mark.parametrize("value", ["https://x.dk/", "https://x.dk/sub/", "https://x.dk:8443/a-b/", "https://a.b.c/~x/"])
def test_a_base_address_with_a_path_ending_in_a_slash_is_accepted(value):
    assert floor.base_address_problem(value) is None


# --- finding 12: a host DNS cannot hold, or a port that does not exist, is no address ----------------------------


def address_line(line, value, why_da, why_en):
    return (f"datapackage/data/sources.csv: linje {line}, felt url: Adressen '{excerpt(value)}' kan ikke bruges: "
            f"{why_da}. Skriv en adresse med https:// (eller http://) eller en sti på siden. | line {line}, field url: "
            f"The address '{excerpt(value)}' cannot be used: {why_en}. Write an address with https:// (or http://) or "
            "a path inside the site.")


LONG_HOST = "https://" + ".".join(["a" * 63] * 4) + "/x"  # 255 characters: DNS holds at most 253


@pytest.mark.parametrize("value,why_da,why_en", [
    ("https://good.dk:99999/x", "porten '99999' er ikke en port (1-65535)", "its port '99999' is not a port (1-65535)"),
    ("https://good.dk:65536/", "porten '65536' er ikke en port (1-65535)", "its port '65536' is not a port (1-65535)"),
    ("https://good.dk:0/", "porten '0' er ikke en port (1-65535)", "its port '0' is not a port (1-65535)"),
    ("https://good.dk:/x", "porten '' er ikke en port (1-65535)", "its port '' is not a port (1-65535)"),
    (LONG_HOST, "værtsnavnet har 255 tegn, flere end de 253, DNS tillader",
     "its host name has 255 characters, more than the 253 DNS allows"),
    ("https://" + "a" * 64 + ".dk/", "en del af værtsnavnet mellem to punktummer er længere end 63 tegn",
     "a part of its host name between two dots is longer than 63 characters"),
])
def test_a_host_or_port_that_cannot_exist_is_refused(package_copy, value, why_da, why_en):
    set_cell(package_copy, "sources", "source_id", "rapport-2022", "url", value)
    assert problems_for(package_copy) == [address_line(2, value, why_da, why_en)]


@pytest.mark.parametrize("value", ["https://good.dk:65535/x", "https://good.dk:1/", "https://" + "a" * 63 + ".dk/",
                                   "https://" + ".".join(["a" * 63] * 3) + "." + "b" * 61 + "/"])
def test_the_largest_port_and_host_dns_allows_are_accepted(value):
    assert floor.url_problem(value) is None


# --- red team 25, finding 4: an address's percent escapes and fragment (RFC 3986) -------------------------------

ESCAPE_WHY = ("'{e}' er ikke en procentkode (% og to hexcifre; skriv selve tegnet % som %25)",
              "'{e}' is not a percent escape (% and two hex digits; write the character % itself as %25)")


@pytest.mark.parametrize("value,why_da,why_en", [
    ("https://www.ft.dk/a%7#a#b", *(why.format(e="%7#") for why in ESCAPE_WHY)),
    ("https://www.ft.dk/a%G0", *(why.format(e="%G0") for why in ESCAPE_WHY)),
    ("https://www.ft.dk/a%", *(why.format(e="%") for why in ESCAPE_WHY)),
    ("https://www.ft.dk/a#a#b", "den har 2 '#', men en adresse har højst ét (skriv '#' efter det første som %23)",
     "it has 2 '#', but an address has at most one (write a '#' after the first as %23)"),
    ("https://www.ft.dk/a%00b", "'%00' står for U+0000 (NUL), et styretegn",
     "'%00' stands for U+0000 (NUL), a control character"),
    ("https://www.ft.dk/%E2%80%AEab", "'%E2%80%AE' står for U+202E RIGHT-TO-LEFT OVERRIDE, et usynligt tegn, der "
     "ændrer tekstens retning, så den vises i en anden rækkefølge, end den står",
     "'%E2%80%AE' stands for U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character that changes the text's "
     "direction, so it is shown in another order than it is stored"),
    ("https://www.ft.dk/s?q=%C3%A5%e2%80%8b", "'%e2%80%8b' står for U+200B ZERO WIDTH SPACE, et usynligt tegn (nul "
     "bredde eller formatering), så to ens tekster kan være forskellige", "'%e2%80%8b' stands for U+200B ZERO WIDTH "
     "SPACE, an invisible character (zero width or formatting), so two texts that look the same can differ"),
    ("https://www.ft.dk/%FF", "'%FF' er ikke tegn i UTF-8", "'%FF' is no character in UTF-8"),
    ("https://www.ft.dk/a#%C3%A5%C3", "'%C3' er ikke tegn i UTF-8", "'%C3' is no character in UTF-8"),
])
def test_a_broken_escape_a_second_fragment_or_an_escaped_refused_character_is_refused(package_copy, value, why_da,
                                                                                      why_en):
    """The review's 'https://www.ft.dk/a%7#a#b' was published, in citation.bib too; '%00' and '%E2%80%AE' gave a
    reader's tool that decodes the address a NUL and a bidi control, which the floor refuses in text."""
    set_cell(package_copy, "sources", "source_id", "rapport-2022", "url", value)
    assert problems_for(package_copy) == [address_line(2, value, why_da, why_en)]


TWICE_WHY = ("'{e}' er et kodet '%' foran to hexcifre: afkodet én gang er det procentkoden '{d}', som et værktøj, "
             "der afkoder to gange, afkoder igen (skriv procentkoden én gang)",
             "'{e}' is an escaped '%' before two hex digits: decoded once it is the escape '{d}', which a tool that "
             "decodes twice decodes again (write the escape once)")
NINE_MARKS = "/" + "%CC%81" * 9


@pytest.mark.parametrize("value,why_da,why_en", [
    ("https://www.ft.dk/a%25E2%2580%25AE", *(why.format(e="%25E2", d="%E2") for why in TWICE_WHY)),
    ("https://www.ft.dk/a?q=%2541", *(why.format(e="%2541", d="%41") for why in TWICE_WHY)),
    ("https://www.ft.dk" + NINE_MARKS, f"afkodet har '{NINE_MARKS}' 9 kombinerende tegn i træk (det første er U+0301 "
     "COMBINING ACUTE ACCENT), som tegnes oven i hinanden over ét tegn; højst 3 i træk", f"decoded, '{NINE_MARKS}' "
     "has 9 combining marks in a row (the first is U+0301 COMBINING ACUTE ACCENT), drawn on top of one another over "
     "one character; at most 3 in a row"),
    ("https://www.ft.dk/a%CC%8A", "afkodet er '/a%CC%8A' ikke i Unicodes sammensatte form (NFC): et tegn er kodet som "
     "flere (U+0061 + U+030A); kod det sammensatte tegn", "decoded, '/a%CC%8A' is not in Unicode's composed form "
     "(NFC): a character is escaped as several (U+0061 + U+030A); escape the composed character"),
    ("https://www.ft.dk/a#%CC%81", "afkodet viser '#%CC%81' intet (kun mellemrum og tegn, der sættes på andre tegn)",
     "decoded, '#%CC%81' shows nothing (only spaces and marks that go on other characters)"),
])
def test_an_address_twice_escaped_or_whose_decoded_text_the_text_rule_refuses_is_refused(package_copy, value, why_da,
                                                                                        why_en):
    """Red team 27, finding 5: each escape was checked one decoded character at a time, and decoded once. An escaped
    '%' before two hex digits is an escape once decoded (a tool that decodes twice got U+202E), and nine escaped
    combining accents, or an 'a' and an escaped combining ring ('å' not in NFC), passed: the decoded path, query and
    fragment now pass the whole text rule (text.py), as a cell does."""
    set_cell(package_copy, "sources", "source_id", "rapport-2022", "url", value)
    assert problems_for(package_copy) == [address_line(2, value, why_da, why_en)]


@pytest.mark.parametrize("value", ["https://x.dk/x%CC%81%CC%81%CC%81", "https://x.dk/a?q=%25%20&r=%25zz",
                                   "https://x.dk/%C3%A5#%C3%A6"])
def test_three_marks_a_composed_letter_and_a_percent_before_no_hex_digits_are_accepted(value):
    assert floor.url_problem(value, absolute=True) is None


@pytest.mark.parametrize("value", ["https://x.dk/%C3%A5%20a?q=%25&r=%2f#f%2F", "https://x.dk/a#",
                                   "https://x.dk/s?q=k%C3%B8benhavn#top"])
def test_whole_escapes_of_text_and_one_fragment_are_accepted(value):
    assert floor.url_problem(value) is None


def test_the_projects_own_addresses_pass_the_address_rule():
    found = 0
    for path in sorted(CHECKOUT.datapackage_dir.glob("data/*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for field in ("url", "homepage"):
                    if row.get(field):
                        found += 1
                        assert floor.url_problem(row[field], absolute=True) is None, (path.name, row[field])
    assert found


# --- finding 9: the words for a number say what the rule accepts --------------------------------------------------

NUMBERS = [{"name": "n", "type": "integer"}, {"name": "x", "type": "number"}]
WHOLE = ("'{v}' er ikke et helt tal. Skriv et helt tal med cifrene 0-9 uden skilletegn og mellemrum, fx 1000.",
         "'{v}' is not a whole number. Write a whole number with the digits 0-9, without separators or spaces, e.g. 1000.")
LOOSE = ("'{v}' er ikke et tal. Skriv tallet med cifrene 0-9 og decimalpunktum, uden tusindtalsseparator og mellemrum, "
         "fx 1000 eller 12.5.", "'{v}' is not a number. Write it with the digits 0-9 and a decimal point, without "
         "thousands separators or spaces, e.g. 1000 or 12.5.")
SEPARATOR = ("'{v}' har tusindtalsseparator. Skriv tallet uden, fx {plain}.",
             "'{v}' has a thousands separator. Write the number without one, e.g. {plain}.")
AMBIGUOUS = ("'{v}' har et komma. Skriv decimaltal med punktum og tusinder uden separator: {fixed}, hvis det er et "
             "decimaltal, {plain}, hvis det er tusinder.", "'{v}' has a comma. Write decimals with a point and thousands "
             "without a separator: {fixed} for a decimal number, {plain} for thousands.")
DECIMAL = ("'{v}' bruger decimalkomma. Skriv decimaltal med punktum, fx {fixed}.",
           "'{v}' uses a decimal comma. Write decimals with a point, e.g. {fixed}.")


def number_line(field, words, **values):
    da, en = (w.format(**values) for w in words)
    return f"submission/data/t.csv: linje 2, felt {field}: {da} | line 2, field {field}: {en}"


@pytest.mark.parametrize("value,n,x", [
    ("1_000", (WHOLE, {}), (LOOSE, {})),  # said "without leading zeros or plus", which a submission may have
    (" 100", (WHOLE, {}), (LOOSE, {})),
    ("1,000", (SEPARATOR, {"plain": "1000"}), (AMBIGUOUS, {"fixed": "1.000", "plain": "1000"})),  # was: write 1.000
    ("1.000", (SEPARATOR, {"plain": "1000"}), None),  # 1.000 is a number: one
    ("01,5", (WHOLE, {}), (DECIMAL, {"fixed": "1.5"})),
    ("100.0", (WHOLE, {}), None),
    ("1e3", (WHOLE, {}), None),
    ("1,000,000", (SEPARATOR, {"plain": "1000000"}), (SEPARATOR, {"plain": "1000000"})),
])
def test_a_submissions_number_is_refused_in_words_that_match_what_it_accepts(tmp_path, value, n, x):
    package_json = tiny(tmp_path / "submission", NUMBERS, [[value, value]])
    expected = [number_line(field, words, v=value, **values) for field, said in (("n", n), ("x", x)) if said
                for words, values in [said]]
    assert tiny_problems(package_json) == expected


@pytest.mark.parametrize("value", ["+100", "01000", "-5", "+0012.50"])
def test_a_submissions_number_with_a_plus_or_leading_zeros_is_accepted(tmp_path, value):
    package_json = tiny(tmp_path, [{"name": "x", "type": "number"}], [[value]])
    assert tiny_problems(package_json) == []


@pytest.mark.parametrize("value", ["+29", "029"])
def test_this_projects_whole_numbers_are_written_without_a_plus_or_leading_zeros(package_copy, value):
    set_cell(package_copy, "ref_regions", "region_code", "1084", "municipalities", value)
    assert problems_for(package_copy) == [
        f"datapackage/data/ref_regions.csv: linje 5, felt municipalities: '{value}' er ikke et helt tal skrevet med "
        f"cifrene 0-9 uden foranstillede nuller, plus og minus foran nul (fx 1234). | line 5, field municipalities: "
        f"'{value}' is not a whole number written with the digits 0-9 without leading zeros, plus or a minus before "
        "zero (e.g. 1234)."]


@given(st.from_regex(r"[+-]?[0-9]{1,4}([.,_ ][0-9]{1,4}){0,2}|[0-9]{1,3}e[0-9]", fullmatch=True),
       st.sampled_from(["integer", "number"]), st.booleans())
def test_every_number_a_message_suggests_is_accepted(value, kind, canonical):
    """What a message tells a municipality (or a maintainer) to write is accepted by the same rule; and a submission
    (not canonical) is never told to drop a plus or leading zeros, which it may have."""
    said = floor.number_problem(value, kind, canonical)
    if said is None:
        return
    suggested = [v for name, v in said.values if name in ("plain", "fixed")]
    assert all(floor.number_problem(v, kind, canonical) is None for v in suggested), (value, said)
    if not canonical:
        assert said.key not in ("integer_form", "number_form"), (value, said)
    assert kind == "number" or said.key not in ("decimal_comma", "comma_ambiguous"), (value, said)


# --- finding 10: a column named twice, or without a name, is named so ----------------------------------------------

UNITS = ["unit_id", "label_da", "label_en", "description_en"]


def header_lines(problems):
    said = {"twice": ("Kolonnen '{0}' står mere end én gang (kolonne {1} og {2}). Behold den ene, eller giv den anden "
                      "sit navn fra skemaet.", "The column '{0}' appears more than once (columns {1} and {2}). Keep "
                      "one, or give the other its name from the schema."),
            "unnamed": ("Kolonne {0} har intet navn i overskriften. Skriv dens navn fra skemaet, eller slet kolonnen.",
                        "Column {0} has no name in the header. Write its name from the schema, or delete the column."),
            "missing": ("Kolonnen '{0}' mangler. Tilføj den.", "The column '{0}' is missing. Add it.")}
    lines = []
    for what, field, *values in problems:
        place_da, place_en = ("linje 1", "line 1") if field is None else (f"linje 1, felt {field}", f"line 1, field {field}")
        da, en = (words.format(*values) for words in said[what])
        lines.append(f"datapackage/data/units.csv: {place_da}: {da} | {place_en}: {en}")
    return lines


def write_units_header(package_json, header):
    path = package_json.parent / "data" / "units.csv"
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    body = [row + "," * (len(header) - len(UNITS)) for row in rows]  # a cell for every column of the header
    path.write_text("\n".join([",".join(header), *body]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("header,expected", [
    # the review's three: a column added again, a column renamed into another's name, an empty trailing column
    ([*UNITS, "label_da"], [("twice", "label_da", "label_da", 2, 5)]),  # was: "another order than in the schema"
    (["unit_id", "label_da", "label_da", "description_en"],  # was: only "label_en is missing"
     [("twice", "label_da", "label_da", 2, 3), ("missing", "label_en", "label_en")]),
    ([*UNITS, ""], [("unnamed", None, 5)]),  # was: "field : The column '' …"
    ([*UNITS, " "], [("unnamed", None, 5)]),
    (["unit_id", "", "label_en", "description_en"], [("unnamed", None, 2), ("missing", "label_da", "label_da")]),
    ([*UNITS, "unit_id", "unit_id"], [("twice", "unit_id", "unit_id", 1, 5), ("twice", "unit_id", "unit_id", 1, 6)]),
])
def test_a_column_named_twice_or_without_a_name_is_named_so(package_copy, header, expected):
    write_units_header(package_copy, header)
    assert problems_for(package_copy) == header_lines(expected)


# --- finding 5: mkdocs.yml's addresses, which the sitemap, the hreflang links and the downloads are made of ---------

SITE_DA = "https://kommunale-integrationsindsatser.github.io/"
SITE_EN = SITE_DA + "en/"
REPO = "https://github.com/kommunale-integrationsindsatser/kommunale-integrationsindsatser.github.io/"


@pytest.fixture
def settings(package_copy):
    """The package with mkdocs.yml and mkdocs.en.yml beside it, as in a checkout; returns the project folder."""
    root = package_copy.parent.parent
    for path in (CHECKOUT.mkdocs_yml, CHECKOUT.root / "mkdocs.en.yml"):
        shutil.copyfile(path, root / path.name)
    return root


def edit_settings(root, old, new, name="mkdocs.yml"):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if new in line)


def setting_address_line(line, key, value):
    return (f"mkdocs.yml: linje {line}, felt {key}: {key} er en adresse, byggeriet sætter stier efter (sitemap, "
            f"hreflang-links, downloads). '{value}' er ikke sådan en adresse: skriv https://, værten og en sti, der "
            f"ender på /, uden ? og #, fx https://eksempel.dk/. | line {line}, field {key}: {key} is an address the "
            f"build puts paths after (sitemap, hreflang links, downloads). '{value}' is not such an address: write "
            "https://, the host and a path ending in /, without ? or #, e.g. https://example.org/.")


def setting_differs_line(line, key, value, other, expected):
    return (f"mkdocs.yml: linje {line}, felt {key}: {key} er '{value}', men {other} er '{expected}': sitemap og links "
            f"mellem udgaverne sætter de samme siders stier efter begge. Skriv den samme adresse begge steder. | line "
            f"{line}, field {key}: {key} is '{value}', but {other} is '{expected}': the sitemap and the links between "
            "the editions put the same pages' paths after both. Write the same address in both.")


@pytest.mark.parametrize("old,value,key", [
    (f"&site_en {SITE_EN}", "https://other.example/en", "extra.site_en"),  # the review's: …/enkilder/ in the sitemap
    (f"&site_en {SITE_EN}", SITE_EN + "?x=/", "extra.site_en"),
    (f"&site_en {SITE_EN}", SITE_EN + "#top/", "extra.site_en"),
    (f"&site_da {SITE_DA}", "http://kommunale-integrationsindsatser.github.io/", "extra.site_da"),
    (f"&site_da {SITE_DA}", "https://x.dk:99999/", "extra.site_da"),
    (f"repo_url: {REPO}", REPO + "#readme", "repo_url"),  # the issue tracker would be …#readmeissues
    (f"repo_url: {REPO}", REPO.rstrip("/"), "repo_url"),
])
def test_an_address_the_site_puts_paths_after_is_refused_in_one_line(settings, old, value, key):
    prefix = old.split(" ")[0]
    line = edit_settings(settings, old, f"{prefix} {value}")
    assert problems_for(settings / "datapackage" / "datapackage.json") == [setting_address_line(line, key, value)]


def test_an_editions_address_is_its_mkdocs_files_site_url(settings):
    """An https address ending in '/' on another host: the sitemap's alternates would be https://other.example/en/en/…"""
    line = edit_settings(settings, f"&site_en {SITE_EN}", "&site_en https://other.example/en/")
    assert problems_for(settings / "datapackage" / "datapackage.json") == [setting_differs_line(
        line, "extra.site_en", "https://other.example/en/", "mkdocs.en.yml: site_url", SITE_EN)]


def test_an_editions_mkdocs_file_at_another_address_is_named(settings):
    edit_settings(settings, f"site_url: {SITE_EN}", "site_url: https://kommunale-integrationsindsatser.github.io/eng/",
                  name="mkdocs.en.yml")
    assert problems_for(settings / "datapackage" / "datapackage.json") == [setting_differs_line(
        59, "extra.site_en", SITE_EN, "mkdocs.en.yml: site_url", SITE_DA + "eng/")]


def test_the_hreflang_links_address_is_the_editions(settings):
    line = edit_settings(settings, "{code: en, url: *site_en,", "{code: en, url: https://other.example/,")
    assert problems_for(settings / "datapackage" / "datapackage.json") == [setting_differs_line(
        line, "extra.editions/1/url", "https://other.example/", "mkdocs.yml: extra.site_en", SITE_EN)]


def test_mkdocs_yml_that_is_not_yaml_is_named(settings):
    edit_settings(settings, "site_name: Kommunernes integrationsindsatser", "site_name: [Kommunernes")
    assert problems_for(settings / "datapackage" / "datapackage.json") == [  # line 4: where YAML finds no ']'
        "mkdocs.yml: linje 4: Filen er ikke gyldig YAML. | line 4: The file is not valid YAML."]


@pytest.mark.parametrize("ask,key,value", [
    (lambda paths: config.site_url(paths, "en"), "extra.site_en", "https://other.example/en"),
    (lambda paths: config.issue_tracker(paths), "repo_url", REPO + "#readme"),
])
def test_a_stage_run_alone_stops_at_an_address_it_cannot_put_paths_after(settings, ask, key, value):
    """The stages read mkdocs.yml through config.py: run alone, without validate, they stop in one line too."""
    old = {"extra.site_en": f"&site_en {SITE_EN}", "repo_url": f"repo_url: {REPO}"}[key]
    edit_settings(settings, old, f"{old.split(' ')[0]} {value}")
    config._settings.cache_clear()
    with pytest.raises(BuildStopped) as stopped:
        ask(Paths(settings))
    assert str(stopped.value) == (
        f"mkdocs.yml: {key} er '{value}', men byggeriet sætter stier efter den adresse (sitemap, hreflang-links, "
        "downloads). Skriv https://, værten og en sti, der ender på /, uden ? og #, fx https://eksempel.dk/. / "
        f"mkdocs.yml: {key} is '{value}', but the build puts paths after this address (sitemap, hreflang links, "
        "downloads). Write https://, the host and a path ending in /, without ? or #, e.g. https://example.org/.")


# --- finding 6: a project without what a later stage reads stops in validate, inside build as alone ---------------


@pytest.fixture
def project(tmp_path):
    """A project folder as `--root` takes it: a copy of the checkout's package, releases, docs and settings (so a
    test can remove one)."""
    return linked_project(tmp_path / "project")


def missing_line(stage, path):
    return (f"{stage} mangler {path}: gendan den (fx `git checkout -- {path}`). / {stage} needs {path}, which is "
            f"missing: restore it (e.g. `git checkout -- {path}`).")


def remove(path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


@pytest.mark.parametrize("gone,stage", [
    ("docs", "validate"),  # the review's: validate and derive passed, charts failed with a FileNotFoundError
    ("mkdocs.en.yml", "validate"),
    ("docs/_templates/chart-export.svg", "charts"),
    ("docs/_overrides", "site"),
])
def test_validate_stops_where_a_later_stage_would_miss_a_file(project, gone, stage):
    remove(project / gone)
    with pytest.raises(BuildStopped) as stopped:
        validate.run(Paths(project))
    assert str(stopped.value) == missing_line(stage, gone)


def test_a_new_project_without_releases_is_not_stopped(project):
    """releases/ appears with a project's first release (Paths.optional_inputs): the stages read it if it is there."""
    remove(project / "releases")
    assert validate.run(Paths(project)).endswith("valid")


@pytest.mark.parametrize("command", [["build"], ["validate"]])
def test_build_and_validate_alone_say_the_same_line(project, monkeypatch, capsys, command):
    """`--root DIR build` stops in validate with the line `--root DIR validate` prints; derive never runs."""
    from build_scripts import cli
    from build_scripts.stages import derive

    monkeypatch.setattr(derive, "run", lambda paths: pytest.fail("derive ran"))
    remove(project / "docs")
    assert cli.main(["--root", str(project), *command]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert missing_line("validate", "docs") in printed
    assert printed[-1] == ("Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published."
                           if command == ["build"] else missing_line("validate", "docs"))


def test_validating_another_copy_does_not_ask_for_the_projects_files(project, tmp_path):
    """`validate --package` checks a package (e.g. an unpacked download) against the project's templates only."""
    copy = tmp_path / "copy" / "datapackage"
    shutil.copytree(CHECKOUT.datapackage_dir, copy)
    remove(project / "releases")
    assert validate.run(Paths(project), copy / "datapackage.json").endswith("valid")


@pytest.mark.parametrize("value", ["9.8e1", "98e0", "980E-1", "-0", "-0.0", "-0,0"])
def test_this_projects_numbers_are_written_without_an_exponent_or_a_minus_before_zero(value):
    """Red team 45, finding 1: '9.8e1' equalled its text '98' and was published as '9.8e1' on the tables page and in
    the CSV, and as 98.0 in SQLite: one count written three ways. '-0' equalled its text '0' and the pages wrote
    '-0 kr.'."""
    from build_scripts.core.lang import get as lang

    said = floor.number_problem(value, "number")
    assert [lang(code).problem(said.key, **dict(said.values)) for code in ("da", "en")] == [
        f"'{value}' er ikke et tal skrevet med cifrene 0-9 uden foranstillede nuller, plus, eksponent og minus foran "
        "nul (fx 1234 eller 12.5).", f"'{value}' is not a number written with the digits 0-9 without leading zeros, "
        "plus, exponent or a minus before zero (e.g. 1234 or 12.5)."]
    if "," not in value:
        assert floor.number_problem(value, "number", canonical=False) is None  # a submission's may have one
    assert floor.number_problem("-0", "integer").key == "integer_form"
