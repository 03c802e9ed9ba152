"""Zenodo and the DOI: .zenodo.json and CITATION.cff from one descriptor, and CONTRIBUTING.md's DOI recipe played
as far as it can be without GitHub and Zenodo (steps 3 and 4: where the DOI goes, and what the build makes of it)."""

import json
import re

import pytest
import yaml
from rdflib import Graph, Namespace, URIRef

from build_scripts import cli
from build_scripts.core import package
from build_scripts.stages.downloads import dcat, metadata
from conftest import CHECKOUT, built

ADMS = Namespace("http://www.w3.org/ns/adms#")
HEADING = "### Arkivér en udgivelse med DOI (Zenodo) / Archive a release with a DOI (Zenodo)"
BADGE = re.compile(r"\[!\[DOI\]\(https://zenodo\.org/badge/DOI/(10\.\d+/[^)\s]+)\.svg\)\]\(https://doi\.org/(10\.\d+/[^)\s]+)\)")


def recipe() -> str:
    """The DOI recipe's section of CONTRIBUTING.md."""
    text = (CHECKOUT.root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert HEADING in text, f"CONTRIBUTING.md has no section '{HEADING}'"
    return text.split(HEADING, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def test_zenodo_json_is_up_to_date():
    committed = CHECKOUT.zenodo_json.read_text(encoding="utf-8")
    assert committed == metadata.zenodo_json(package.descriptor(CHECKOUT.datapackage_json), package.records("sources", CHECKOUT.datapackage_json)), (
        ".zenodo.json is out of date: run `.venv/bin/python -m build_scripts zenodo` and commit it")


def test_citation_cff_keywords_and_authors_come_from_the_descriptor():
    """CITATION.cff's keywords and authors are datapackage.json's keywords and creators, as .zenodo.json's are."""
    dp = package.descriptor(CHECKOUT.datapackage_json)
    text = CHECKOUT.citation_cff.read_text(encoding="utf-8")
    assert metadata.citation_cff(dp, text) == text, (
        "CITATION.cff's authors or keywords are out of date: run `.venv/bin/python -m build_scripts zenodo`")
    cff = yaml.safe_load(text)
    zenodo = json.loads(CHECKOUT.zenodo_json.read_text(encoding="utf-8"))
    assert cff["keywords"] == zenodo["keywords"] == dp["keywords"]
    assert [a["name"] for a in cff["authors"]] == [c["name"] for c in zenodo["creators"]] == [
        c["title"] for c in metadata.creators(dp)]


def test_citation_cff_keeps_every_other_line():
    text = 'cff-version: 1.2.0\nauthors:\n  - name: "Old"\nkeywords:\n  - old\n\n  - older\ndoi: 10.5281/zenodo.1\n'
    dp = {"contributors": [{"title": 'A "quoted" name', "path": "https://example.org/", "roles": ["creator"]}],
          "keywords": ["ny", "new"]}
    new = metadata.citation_cff(dp, text)
    assert yaml.safe_load(new) == {"cff-version": "1.2.0", "doi": "10.5281/zenodo.1", "keywords": ["ny", "new"],
                                   "authors": [{"name": 'A "quoted" name', "website": "https://example.org/"}]}


@pytest.mark.parametrize("last", ["authors", "keywords"])
def test_a_list_at_the_end_of_the_file_without_a_newline_is_written_whole(last):
    """Red team 50, finding 3: the last item of a list that ended the file without a newline stayed ('Former
    Maintainer' beside the package's one creator; an eleventh keyword)."""
    blocks = {"authors": 'authors:\n  - name: "Old"\n  - name: "Former Maintainer"',
              "keywords": "keywords:\n  - old\n  - stale"}
    first = next(key for key in blocks if key != last)
    text = "cff-version: 1.2.0\n" + blocks[first] + "\n" + blocks[last]
    dp = {"contributors": [{"title": "A", "path": "https://example.org/", "roles": ["creator"]}], "keywords": ["ny"]}
    assert yaml.safe_load(metadata.citation_cff(dp, text)) == {
        "cff-version": "1.2.0", "keywords": ["ny"], "authors": [{"name": "A", "website": "https://example.org/"}]}


def test_zenodo_names_what_the_deposit_derives_from():
    """isDerivedFrom the report's page (and the minister's answer where sources.csv has its address);
    isSupplementedBy the site."""
    dp = package.descriptor(CHECKOUT.datapackage_json)
    sources = package.records("sources", CHECKOUT.datapackage_json)
    related = json.loads(CHECKOUT.zenodo_json.read_text(encoding="utf-8"))["related_identifiers"]
    report = next(s for s in sources if s["document_type"] == "report")
    assert {"identifier": report["url"], "relation": "isDerivedFrom", "scheme": "url"} in related
    assert {"identifier": dp["homepage"], "relation": "isSupplementedBy", "scheme": "url"} in related
    derived = {r["identifier"] for r in related if r["relation"] == "isDerivedFrom"}
    assert derived == {s["url"] for s in sources if s.get("url")}
    answer = next(s for s in sources if s["document_type"] != "report")
    with_address = metadata.related_identifiers(dp, [report, answer | {"url": "https://www.ft.dk/svar"}])
    assert {"identifier": "https://www.ft.dk/svar", "relation": "isDerivedFrom", "scheme": "url"} in with_address


def test_the_readme_badge_and_citation_cff_name_the_same_doi():
    cff = yaml.safe_load(CHECKOUT.citation_cff.read_text(encoding="utf-8"))
    readme = (CHECKOUT.root / "README.md").read_text(encoding="utf-8")
    badges = BADGE.findall(readme)
    if cff.get("doi"):
        assert badges == [(str(cff["doi"]), str(cff["doi"]))], "README.md needs the badge of CITATION.cff's doi"
        assert metadata.doi_record(cff)["versions"], "CITATION.cff: `identifiers` names no archived version"
    else:
        assert badges == [] and "doi.org/10." not in readme, "a DOI in README.md but none in CITATION.cff"


def test_the_doi_recipe_names_the_steps_in_both_languages():
    text = recipe()
    english = text.split("*English:*", 1)[1]
    for needle in ("git tag -a vX.Y.Z", "gh release create vX.Y.Z", ".zenodo.json", "CITATION.cff", "README.md",
                   "dcat.ttl", "adms:identifier", "make release VERSION=X.Y.Z", "tests/stages/test_zenodo.py"):
        assert needle in text, needle
    for needle in ("GitHub release", "Zenodo", "concept DOI", "`doi`", "`identifiers`", "badge", "adms:identifier"):
        assert needle in english, needle
    # The commands it names exist: the release target, and the release tag's form is the frozen folder's (vX.Y.Z).
    assert re.search(r"^release:", (CHECKOUT.root / "Makefile").read_text(encoding="utf-8"), re.M)
    assert all(re.fullmatch(r"v\d+\.\d+\.\d+", p.name) for p in CHECKOUT.releases_dir.iterdir() if p.is_dir())
    with pytest.raises(SystemExit) as usage:  # `python -m build_scripts zenodo` is a command (release writes too)
        cli.main(["zenodo", "--help"])
    assert usage.value.code == 0


def test_the_doi_recipe_steps_3_and_4(built_site, published_descriptor):
    """The recipe's CITATION.cff entries and badge, for a version older than this one: the badge is what the README
    check reads, and the build puts the DOIs into this version's dcat.ttl, on the data set and on that version."""
    dp = package.descriptor(CHECKOUT.datapackage_json)
    older = dcat.frozen_versions(CHECKOUT)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", recipe(), flags=re.S)
    entries = yaml.safe_load(next(body for kind, body in blocks if kind == "yaml").replace("X.Y.Z", older))
    badge = next(body for kind, body in blocks if kind == "markdown")
    assert BADGE.findall(badge) == [(entries["doi"], entries["doi"])]
    dois = metadata.doi_record(entries)
    assert dois == {"concept": entries["doi"], "versions": {older: entries["identifiers"][0]["value"]}}
    manifest = json.loads((built().downloads_dir / "manifest.json").read_text(encoding="utf-8"))
    changelog = metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))
    g: Graph = dcat.graph(CHECKOUT, published_descriptor, manifest, changelog, "2019", dois)
    home = dp["homepage"]
    assert g.value(URIRef(f"{home}data/#dataset"), ADMS.identifier) == URIRef(f"https://doi.org/{entries['doi']}")
    assert g.value(URIRef(f"{home}data/v{older}/#dataset"), ADMS.identifier) == URIRef(
        f"https://doi.org/{entries['identifiers'][0]['value']}")


@pytest.fixture
def published_descriptor(built_site) -> dict:
    return json.loads(built().published_datapackage_json.read_text(encoding="utf-8"))
