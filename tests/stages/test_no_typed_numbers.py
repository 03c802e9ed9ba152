"""No figure is typed into a page: the page templates' own text holds no numbers.

Numbers reach the pages only through Jinja expressions that read the data package. What
remains in the hand-written text may only be names and references that contain digits:
document parts (boks 1, bilag 2, tabel 1, afsnit 2, felt/field numbers and codes), standards and
products (WCAG 2.1, SHA-256, COVID-19, FOLK1A), list numbering, HTML attributes and the
rounding rule the reconciliation uses.
"""

import re

import pytest

from conftest import CHECKOUT

ALLOWED = [
    r"\b(?:boks|box|bilag|annex|tabel|table|felt|field|afsnit|section)\s+\d+\b",
    r"\b(?:finansieringskilde|financing source)\s+\d\b",
    r"WCAG 2\.1", r"SHA-256", r"COVID-19", r"FOLK1A",
    r"^\d+\.\s", r"(?:tabindex|class)=\"[^\"]*\"", r"±\d+(?:[.,]5)?",
]


def templates():
    return sorted(p.relative_to(CHECKOUT.docs_dir).as_posix() for p in CHECKOUT.docs_dir.rglob("*.md"))


@pytest.mark.parametrize("template", templates())
def test_no_number_is_typed_into_a_page(template):
    text = (CHECKOUT.docs_dir / template).read_text(encoding="utf-8")
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)  # what the data fills in
    text = re.sub(r"`[^`]*`", " ", text)  # commands and file names
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text, flags=re.M | re.I)
    assert re.findall(r"\S*\d\S*", text) == []
