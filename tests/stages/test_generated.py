"""Golden files for the generated pages and chart specs, and escaping of data text."""

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from build_scripts.core.lang import get as get_lang
from build_scripts.core.lang import languages
from build_scripts.core.lang import main as main_language
from build_scripts.stages.pages.stage import escape, relative
from conftest import GOLDEN, assert_matches_golden, built

# Sizes and checksums of downloads change with every byte of a workbook; the golden pages keep neither, so a
# one-figure correction does not churn every page that lists a download.
SIZE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:bytes|B|kB|KB|MB|GB)\b")
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


def masked(text: str) -> str:
    return SHA256.sub("<sha256>", SIZE.sub("<size>", text))


def golden_folder(lang) -> str:
    """Where an edition's golden pages are: pages/ for the main edition, pages-<code>/ for each other."""
    return "pages" if lang.is_main else f"pages-{lang.code}"


def generated_pages(lang=None) -> list[str]:
    """Every generated page of one edition (default: the main one), relative to its folder."""
    out = (lang or main_language()).out(built())
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))


def every_edition_page() -> list[tuple[str, str]]:
    return [(lang.code, page) for lang in languages() for page in generated_pages(lang)]


def chart_specs():
    return sorted(p.name for p in built().charts_dir.glob("*.vl.json"))


@pytest.fixture(scope="module", autouse=True)
def _built(built_site):
    return built_site


def test_there_are_pages_and_charts():
    assert len(generated_pages()) >= 15
    assert len(chart_specs()) >= 12


def test_there_is_an_english_edition_with_the_same_pages():
    english = get_lang("en")
    assert generated_pages(english) == generated_pages()


def each_matches_golden(compared: list[tuple[str, Path]]) -> None:
    """assert_matches_golden for each (text, golden file), failing once with every file that differs or is missing
    (each with its `-changed` file beside it). One test per edition rather than one per page, so that collecting
    the tests needs no build: the list of pages is known only once the build has run."""
    failures = []
    for text, golden in compared:
        try:
            assert_matches_golden(text, golden)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    assert not failures, f"{len(failures)} of {len(compared)} golden files:\n" + "\n".join(failures)


@pytest.mark.parametrize("code", [lang.code for lang in languages()])
def test_pages_match_golden(code):
    """Every page as generated in each edition, with sizes and SHA-256 checksums masked (see `masked`)."""
    lang = get_lang(code)
    each_matches_golden([(masked((lang.out(built()) / page).read_text(encoding="utf-8")),
                          GOLDEN / golden_folder(lang) / page) for page in generated_pages(lang)])


def test_golden_masking():
    assert masked('(1,2 MB) 830 kB 412 bytes ' + "ab" * 32) == '(<size>) <size> <size> <sha256>'


def test_chart_specs_match_golden():
    each_matches_golden([((built().charts_dir / spec).read_text(encoding="utf-8"), GOLDEN / "charts" / spec)
                         for spec in chart_specs()])


def test_golden_files_have_no_orphans():
    pages = {f"{golden_folder(get_lang(code))}/{p}" for code, p in every_edition_page()}
    pages |= {f"charts/{c}" for c in chart_specs()}
    folders = [golden_folder(lang) for lang in languages()] + ["charts"]
    golden = {p.relative_to(GOLDEN).as_posix() for folder in folders for p in (GOLDEN / folder).rglob("*")
              if p.is_file() and "-changed" not in p.name}
    assert golden <= pages, f"golden files for pages or charts that are no longer generated: {golden - pages}"


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "**fed** _kursiv_ `kode` # overskrift",
    "=HYPERLINK(\"http://x\")",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_data_text_is_shown_literally(payload):
    """Text from the data stays text in Markdown paragraphs, tables and HTML blocks."""
    source = (
        f"Tekst: {escape(payload)}\n\n"
        f"| Felt |\n| --- |\n| {escape(payload)} |\n\n"
        f'<div class="box" markdown>\n{escape(payload)}\n</div>\n\n'
        f"<p>{escape(payload)}</p>\n"
    )
    html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find_all(["script", "img", "strong", "em", "code", "h1"])
    assert not [a for a in doc.find_all("a") if a.get("href", "").startswith("javascript")]
    assert doc.get_text().count(payload) == 4


@pytest.mark.parametrize("target,page,expected", [
    ("kilder.md#a", "index.md", "kilder/#a"),
    ("kilder.md#a", "omraader/social.md", "../../kilder/#a"),
    ("charts/x.svg", "omraader/social.md", "../../charts/x.svg"),
    ("charts/x.svg", "index.md", "charts/x.svg"),
    ("index.md", "omraader/index.md", "../"),
    ("omraader/social.md", "omraader/index.md", "social/"),
    ("index.md", "index.md", "./"),
])
def test_relative_urls(target, page, expected):
    assert relative(target, page) == expected


def test_apostrophes_and_ampersands_survive():
    html = markdown.markdown(f"{escape('KORA' + chr(39) + 's & co')}")
    assert BeautifulSoup(html, "html.parser").get_text() == "KORA's & co"


def test_sizes_and_checksums_are_masked():
    text = ("(86,2 kB, SHA-256 <code>" + "ab" * 32 + "</code>) (543 bytes) (1.5 MB) 318 mio. kr. 2019 80 af 98")
    assert masked(text) == "(<size>, SHA-256 <code><sha256></code>) (<size>) (<size>) 318 mio. kr. 2019 80 af 98"


def test_a_missing_golden_file_fails_unless_update_golden_is_set(tmp_path, monkeypatch):
    """A test can never pass by writing down whatever it got: only `make golden` (UPDATE_GOLDEN=1) writes."""
    from conftest import IN_CI

    golden = tmp_path / "golden" / "new.md"
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    with pytest.raises(pytest.fail.Exception, match="golden file .*new.md is missing: `make golden` writes it"):
        assert_matches_golden("text\n", golden)
    assert not golden.exists()
    assert (tmp_path / "golden" / "new-changed.md").read_text(encoding="utf-8") == "text\n"
    if not IN_CI:  # under CI=true nothing is ever written
        monkeypatch.setenv("UPDATE_GOLDEN", "1")
        assert_matches_golden("text\n", golden)
        assert golden.read_text(encoding="utf-8") == "text\n"
        assert not (tmp_path / "golden" / "new-changed.md").exists()
