"""Each edition is entirely in its language, checked on the built site.

English pages show no Danish location words of the sources ('Boks 2', 'Afsnit 3') and no Danish
sentences; Danish pages no English sentences. Text that is rightly in the other language is marked:
quotes from the sources (<blockquote>, lang="da"), Danish titles (lang="da"), English names (lang="en"),
code (<code>, <pre>) and the language switch. Stop words find a sentence: a word like 'og' or 'the' is
not part of a name in the other language, so one of them outside marked text is a leak.
"""

import functools
import re

import pytest
from bs4 import BeautifulSoup

from build_scripts.core import fmt, lang, package, paths
from build_scripts.stages.downloads import metadata
from build_scripts.stages.pages import stage as pages

DANISH_LOCATION_WORDS = re.compile(r"\b(Boks|Afsnit|Bilag|Tabel|Figur|Felt|Spørgsmål|Anm\.|[Ff]odnote)\s+\d")
STOP_WORDS = {
    "en": {"og", "af", "til", "der", "som", "det", "er", "ikke", "med"},   # Danish words on an English page
    "da": {"the", "and", "of", "with", "which", "is", "are"},               # English words on a Danish page
}
# Elements whose text is not the page's own prose: scripts, code, quotes, and the theme's search and icons.
# The data page's sample rows show the files' cells as they are.
NOT_PROSE = ["script", "style", "code", "pre", "blockquote", "svg", "kbd", "samp", ".md-search", ".lang-switch",
             ".data-preview"]
# Danish names an English page may use as they are: a suspended compound ('Udlændinge- og Integrationsministeriet',
# 'Kultur- og fritidsområdet'), the source documents' titles and publishers, and the titles of their sections
# (the part of a source location that is not a location word: 'Afsnit 2, Målgruppen for kortlægningen').
SUSPENDED_COMPOUND = re.compile(r"\S+- og \S+")
# Words of the source quoted in running text ('the survey period »oktober til december 2021«', '"halveret"'):
# the source's own Danish words, in quotation marks, are not the page's prose.
QUOTED = re.compile(r"»[^«]{1,80}«|“[^”]{1,80}”|\"[^\"]{1,80}\"|(?<!\w)'[^']{1,80}'(?!\w)")


@functools.cache
def danish_names() -> list[str]:
    english = lang.get("en")
    names = set()
    for res in package.descriptor()["resources"]:
        if res.get("type") == "table" and any(f["name"] == "source_location" for f in res["schema"]["fields"]):
            for row in package.records(res["name"]):
                names |= {text for text, translated in english.location_parts(row["source_location"]) if not translated}
    for source in package.records("sources"):
        names |= {source["title"], source["publisher"]}
    return sorted(names, key=len, reverse=True)


def page_files(site, code):
    root = site / "en" if code == "en" else site
    return sorted(p for p in root.rglob("index.html")
                  if (code == "en" or p.relative_to(site).parts[0] != "en")
                  and "data" not in p.relative_to(root).parts[:-2])


def visible_text(html: str, code: str) -> str:
    """The page's text in its own language: marked text in another language, quotes, code and names removed."""
    doc = BeautifulSoup(html, "html.parser")
    for selector in NOT_PROSE:
        for el in doc.select(selector):
            el.decompose()
    for el in doc.select("[lang]"):
        if el.name != "html" and not el["lang"].startswith(code):
            el.decompose()
    text = " ".join(doc.body.get_text(" ").split())
    if code != "da":
        for name in danish_names():
            text = text.replace(name, " ")
        text = SUSPENDED_COMPOUND.sub(" ", text)
        text = QUOTED.sub(" ", text)
    return text


def attribute_text(html: str) -> str:
    """Text a reader meets in attributes: tooltips, image descriptions and region names."""
    doc = BeautifulSoup(html, "html.parser")
    return " ".join(el.get(attr) for attr in ("title", "alt", "aria-label") for el in doc.find_all(attrs={attr: True})
                    if not el.find_parent(attrs={"lang": True}) or el.find_parent(attrs={"lang": True}).name == "html")


def leaks(text: str, code: str) -> list[str]:
    """Each stop word of the other language with a few words around it."""
    words = text.split()
    found = []
    for i, word in enumerate(words):
        if word.strip(".,;:()»«“”\"'").lower() in STOP_WORDS[code] and word.strip(".,;:()»«“”\"'") == word.strip(".,;:()»«“”\"'").lower():
            found.append(" ".join(words[max(0, i - 4): i + 5]))
    return found


@pytest.mark.parametrize("code", ["en", "da"])
def test_no_sentences_in_the_other_language(built_site, code):
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


def test_the_stop_words_find_a_leak():
    """The check itself: a Danish sentence in an English page is found, a marked quote is not."""
    html = ('<html lang="en"><body><p>The municipalities og kommunerne.</p><blockquote><p>Det er godt.</p>'
            '</blockquote><p>Box 2, <span lang="da">Målgruppen for og</span></p></body></html>')
    assert leaks(visible_text(html, "en"), "en") == ["The municipalities og kommunerne. Box 2,"]
    assert DANISH_LOCATION_WORDS.search("Source: the report, Boks 2")
    assert not DANISH_LOCATION_WORDS.search(visible_text(html, "en"))


def test_english_source_locations_come_from_the_translations_file():
    english = lang.get("en")
    assert english.location("Boks 2") == "Box 2"
    assert english.location("Afsnit 3, Socialområdet") == "Section 3, Socialområdet"
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
    for res in package.descriptor()["resources"]:
        if not danish.data_dictionary["resources"].get(res["name"]):
            missing.append(res["name"])
        for field in res.get("schema", {}).get("fields", []):
            if danish.field_description(res, field) == field.get("description"):
                missing.append(f"{res['name']}.{field['name']}")
    assert missing == [], f"add these to data_dictionary in build_scripts/core/i18n/da.yml: {missing}"


def test_every_changelog_entry_is_written_in_every_language():
    entries = metadata.changelog_entries(paths.CHANGELOG.read_text(encoding="utf-8"))
    codes = {language.code for language in lang.languages()}
    assert entries and all(set(entry["text"]) == codes and all(entry["text"].values()) for entry in entries)


def test_changelog_entries_split_by_language_mark():
    text = ("# Changelog\n\n## 1.2.0 — 2027-01-02\n\nFælles.\n\n<!-- da -->\nRettelse.\n\n<!-- en -->\nCorrection.\n\n"
            "## 1.1.0 — 2027-01-01\n\nOnly one text.\n")
    new, old = metadata.changelog_entries(text)
    assert new == {"version": "1.2.0", "date": "2027-01-02", "body": "Fælles.\n\nRettelse.\n\nCorrection.",
                   "text": {"da": "Fælles.\n\nRettelse.", "en": "Fælles.\n\nCorrection."}}
    assert old["body"] == "Only one text." and old["text"] == {}
