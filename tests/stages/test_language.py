"""Each edition is entirely in its language, checked on the built site.

English pages show no Danish location words of the sources ('Boks 2', 'Afsnit 3') and no Danish words; Danish
pages no English words. Text that is rightly in the other language is marked with it: quotes from the sources
and the sources' Danish names (lang="da", with an English translation on English pages), English names
(lang="en"). Code (<code>, <pre>) is no prose. A common word of the other language anywhere else, in the text or
in a tooltip, is a leak.
"""

import re

import pytest
from bs4 import BeautifulSoup

from build_scripts.core import fmt, lang, package
from build_scripts.stages.downloads import metadata
from build_scripts.stages.pages import stage as pages
from conftest import CHECKOUT

DANISH_LOCATION_WORDS = re.compile(r"\b(Boks|Afsnit|Bilag|Tabel|Figur|Felt|Spørgsmål|Anm\.|[Ff]odnote)\s+\d")
# Common words of the other language: one of them in a page's visible text, outside an element marked with the
# other language (lang="da" on an English page, lang="en" on a Danish one), is a leak. Only words that are not
# also words of the page's own language ('for', 'i', 'men', 'over', 'data' are both).
COMMON_WORDS = {
    "en": {  # Danish words on an English page
        "og", "ikke", "der", "til", "af", "som", "det", "er", "med", "på", "fra", "har", "kan", "skal", "blev",
        "være", "eller", "også", "hvor", "hvad", "efter", "ved", "om", "sig", "deres", "et", "og", "kommuner",
        "kommunerne", "kommunernes", "udgifter", "indsatser", "indsats", "tallene", "kilde", "kilden", "rapporten",
        "rapportens", "hent", "søg", "siden", "uge", "tabel", "figur", "figuren", "billede", "indlejr", "adresse",
        "pr.", "kr.", "mio.", "området", "områder", "beløb", "landet", "svarede", "ekskl.", "uger", "citér",
        "kopiér", "tallet", "regnskab", "regnskabet", "priser", "målgruppen", "ministersvaret", "stemmer",
    },
    "da": {  # English words on a Danish page
        "the", "and", "of", "with", "which", "is", "are", "not", "found", "from", "this", "that", "download",
        "source", "search", "page", "image", "embed", "permalink", "cite", "copy", "text", "file", "chart", "figure",
        "table", "in", "on", "it", "its", "was", "were", "be", "has", "home", "consistent",
        "inconsistent", "comparable", "week", "weeks", "municipalities", "expenditure", "report",
    },
}
# Elements whose text is not prose in any language: scripts, styles, code and drawings. Everything else a reader
# sees (the theme's words included) is in the page's language or marked with its own.
NOT_PROSE = ["script", "style", "code", "pre", "svg", "kbd", "samp"]
ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


def page_files(site, code):
    """Every HTML page of the edition (the 404 page and the charts' embed pages included), not the downloads."""
    root = site / "en" if code == "en" else site
    return sorted(p for p in root.rglob("*.html")
                  if (code == "en" or p.relative_to(site).parts[0] != "en")
                  and p.relative_to(root).parts[0] != "data")


def visible_text(html: str, code: str) -> str:
    """The page's text in its own language: its visible text and the text of its attributes (tooltips, image
    descriptions, names of regions), without elements marked with another language, code and drawings."""
    doc = BeautifulSoup(html, "html.parser")
    for selector in NOT_PROSE:
        for el in doc.select(selector):
            el.decompose()
    for el in doc.select("[lang]"):
        if el.name != "html" and not el["lang"].startswith(code):
            el.decompose()
    text = " ".join(doc.body.get_text(" ").split())
    attributes = " ".join(el.get(attr) for attr in ATTRIBUTES for el in doc.body.find_all(attrs={attr: True}))
    return text + " " + attributes


def attribute_text(html: str) -> str:
    """Text a reader meets in attributes: tooltips, image descriptions and region names."""
    doc = BeautifulSoup(html, "html.parser")
    return " ".join(el.get(attr) for attr in ATTRIBUTES for el in doc.find_all(attrs={attr: True})
                    if not el.find_parent(attrs={"lang": True}) or el.find_parent(attrs={"lang": True}).name == "html")


def leaks(text: str, code: str) -> list[str]:
    """Each common word of the other language with a few words around it."""
    words = text.split()
    found = []
    for i, word in enumerate(words):
        bare = word.strip(",;:()[]»«“”\"'!?…–").lower()
        if bare in COMMON_WORDS[code] or bare.rstrip(".") in COMMON_WORDS[code]:
            found.append(" ".join(words[max(0, i - 4): i + 5]))
    return found


@pytest.mark.parametrize("code", ["en", "da"])
def test_no_words_of_the_other_language(built_site, code):
    """Every page's visible text outside elements marked with the other language holds none of its common words."""
    problems = {}
    for page in page_files(built_site, code):
        found = leaks(visible_text(page.read_text(encoding="utf-8"), code), code)
        if found:
            problems[page.relative_to(built_site).as_posix()] = found[:5]
    assert not problems, problems


def test_english_pages_have_no_danish_source_locations(built_site):
    problems = {}
    for page in page_files(built_site, "en"):
        html = page.read_text(encoding="utf-8")
        found = DANISH_LOCATION_WORDS.findall(visible_text(html, "en") + " " + attribute_text(html))
        if found:
            problems[page.relative_to(built_site).as_posix()] = sorted(set(found))
    assert not problems, problems


def test_the_common_words_find_a_leak():
    """The check itself: a Danish sentence in an English page is found, in text and in a tooltip; a marked quote
    and a marked Danish name are not."""
    html = ('<html lang="en"><body><p>The municipalities og kommunerne.</p><blockquote><p lang="da">Det er godt.</p>'
            '</blockquote><p>Box 2, <span lang="da">Målgruppen for og</span> <a title="Søg på siden">x</a></p></body></html>')
    found = leaks(visible_text(html, "en"), "en")
    assert [f.split()[f.split().index(w)] for f, w in zip(found, ["og", "kommunerne.", "Søg", "på", "siden"])] == [
        "og", "kommunerne.", "Søg", "på", "siden"]
    assert not any("Det" in f or "Målgruppen" in f for f in found)
    assert leaks(visible_text('<html lang="da"><body><h1>404 - Not found</h1></body></html>', "da"), "da") == [
        "404 - Not found", "404 - Not found"]
    assert DANISH_LOCATION_WORDS.search("Source: the report, Boks 2")
    assert not DANISH_LOCATION_WORDS.search(visible_text(html, "en"))


def danish_names() -> list[str]:
    """The sources' Danish names: every section title a source location gives, every title and publisher."""
    english = lang.get("en")
    names = set()
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        if res.get("type") == "table" and any(f["name"] == "source_location" for f in res["schema"]["fields"]):
            for row in package.records(res["name"], CHECKOUT.datapackage_json):
                names |= {text for text, translated in english.location_parts(row["source_location"]) if not translated}
    for source in package.records("sources", CHECKOUT.datapackage_json):
        names |= {source["title"], source["publisher"], *metadata.source_authors(source)}
    return sorted(names)


def test_every_danish_name_of_the_sources_has_an_english_name():
    """English pages show each Danish name with its translation (i18n/en.yml, `source_names`), and only the
    translation where the language cannot be marked (a tooltip, a chart's image)."""
    english = lang.get("en")
    missing = [name for name in danish_names() if not english.translation(name)
               and name not in ("KL", "Finansministeriet", "Udlændinge- og Integrationsministeriet",
                                "Indenrigs- og Boligministeriet")]
    assert missing == [], f"add these to source_names in build_scripts/core/i18n/en.yml: {missing}"


def test_english_source_locations_come_from_the_translations_file():
    english = lang.get("en")
    assert english.location("Boks 2") == "Box 2"
    assert english.location("Afsnit 3, Socialområdet") == "Section 3, Social services"  # plain text: translated
    assert english.location_parts("Bilag 1, Felt 5") == [("Appendix 1", True), (", ", True), ("Field 5", True)]
    assert english.location_parts("Afsnit 2, Målgruppen for kortlægningen")[-1] == ("Målgruppen for kortlægningen", False)
    assert lang.get("da").location("Boks 2") == "Boks 2"


@pytest.mark.parametrize("code, value, unit, expected", [
    ("da", 44, "mio. kr.", "44 mio. kr."),
    ("en", 44, "DKK million", "DKK 44 million"),
    ("en", 1234.5, "DKK", "DKK 1,234.5"),
    ("da", 1234.5, "kr.", "1.234,5 kr."),
    ("en", 14.1, "per cent", "14.1 per cent"),
])
def test_amounts_read_naturally(code, value, unit, expected):
    assert fmt.with_unit(value, unit, lang=code) == expected


def test_dates_and_ordinals_in_each_language():
    assert fmt.date("2021-01-01", "da") == "1. januar 2021"
    assert fmt.date("2021-01-01", "en") == "1 January 2021"
    assert lang.get("en").ordinal(3) == "third" and lang.get("en").cardinal(6) == "six"


def test_quotes_are_shown_as_quotes():
    english = lang.get("en")
    assert pages.quote_text("kommunen finansierer selv", english) == "“… kommunen finansierer selv …”"
    assert pages.quote_text("Ud af de 98 kommuner har 80 responderet.", lang.get("da")) == \
        "»Ud af de 98 kommuner har 80 responderet.«"
    assert not pages.says_more("Sundhedsindsatser", "Sundhedsindsatser.")
    assert not pages.says_more("Nogle kommuner har hertil også tilbud til voksne.", "Tilbud til voksne.")
    assert pages.says_more("Cykelundervisning", "Cykelundervisning for voksne.")
    assert pages.code_label({"code": "Kommunalfuldmagten", "label_da": "Kommunalfuldmagten"}, lang.get("da")) == \
        "Kommunalfuldmagten"
    assert pages.code_label({"code": 1, "label_en": "Men"}, english) == "1: Men"


def test_every_table_and_field_has_a_danish_description():
    """datapackage.json describes tables and fields in English; the Danish data page takes i18n/da.yml's."""
    danish = lang.get("da")
    missing = []
    for res in package.descriptor(CHECKOUT.datapackage_json)["resources"]:
        if not danish.data_dictionary["resources"].get(res["name"]):
            missing.append(res["name"])
        for field in res.get("schema", {}).get("fields", []):
            if danish.field_description(res, field) == field.get("description"):
                missing.append(f"{res['name']}.{field['name']}")
    assert missing == [], f"add these to data_dictionary in build_scripts/core/i18n/da.yml: {missing}"


def test_every_changelog_entry_is_written_in_every_language():
    entries = metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))
    codes = {language.code for language in lang.languages()}
    assert entries and all(set(entry["text"]) == codes and all(entry["text"].values()) for entry in entries)


def test_changelog_entries_split_by_language_mark():
    text = ("# Changelog\n\n## 1.2.0 — 2027-01-02\n\nFælles.\n\n<!-- da -->\nRettelse.\n\n<!-- en -->\nCorrection.\n\n"
            "## 1.1.0 — 2027-01-01\n\nOnly one text.\n")
    new, old = metadata.changelog_entries(text)
    assert new == {"version": "1.2.0", "date": "2027-01-02", "body": "Fælles.\n\nRettelse.\n\nCorrection.",
                   "text": {"da": "Fælles.\n\nRettelse.", "en": "Fælles.\n\nCorrection."}}
    assert old["body"] == "Only one text." and old["text"] == {}
