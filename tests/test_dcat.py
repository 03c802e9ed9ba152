"""DCAT-AP-DK metadata conforms to the official 2.0.2 SHACL shapes; Zenodo, schema.org, DCAT and CITATION.cff agree.

The shapes are the repository's copy in datapackage/reference/dcat-ap-dk/ (see its SOURCES.md), so these tests
never read ../shared.
"""

import json

import pytest
import yaml
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL

from build_scripts.core import package, paths
from build_scripts.stages.downloads import catalogue, metadata

SHAPES = ["dcat-ap-dk_2.0.2_shacl_shapes.ttl", "dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl"]


@pytest.fixture(scope="module")
def dcat_graph(built_site) -> Graph:
    return Graph().parse(paths.DCAT_TTL)


@pytest.fixture(scope="module")
def published(built_site) -> dict:
    return json.loads(paths.PUBLISHED_DATAPACKAGE_JSON.read_text(encoding="utf-8"))


def shapes(name: str) -> Graph:
    return Graph().parse(paths.DCAT_SHAPES_DIR / name)


@pytest.mark.parametrize("shapes_file", SHAPES)
@pytest.mark.parametrize("serialisation", ["dcat.ttl", "dcat.jsonld"])
def test_dcat_conforms_to_the_dcat_ap_dk_shapes(shapes_file, serialisation, built_site):
    data = Graph().parse(paths.DOWNLOADS_DIR / serialisation, format="json-ld" if serialisation.endswith("ld") else "turtle")
    conforms, _, text = validate(data, shacl_graph=shapes(shapes_file))
    assert conforms is True, text


def test_the_shapes_reject_a_dataset_without_a_title(dcat_graph):
    """The validation can fail: without dct:title the dataset does not conform."""
    broken = Graph()
    for triple in dcat_graph:
        broken.add(triple)
    dataset = next(dcat_graph.subjects(RDF.type, DCAT.Dataset))
    broken.remove((dataset, DCTERMS.title, None))
    conforms, _, text = validate(broken, shacl_graph=shapes(SHAPES[0]))
    assert conforms is False
    assert "dct:title" in text or str(DCTERMS.title) in text


def test_one_distribution_per_download(dcat_graph, published):
    manifest = json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text())
    described = {m["path"] for m in manifest if not catalogue.is_figure_record(m["path"])} - {"dcat.ttl", "dcat.jsonld"}
    base = f"{published['homepage']}data/v{published['version']}/"
    urls = {str(u) for u in dcat_graph.objects(None, DCAT.downloadURL)}
    assert urls == {base + p for p in described}
    dataset = next(dcat_graph.subjects(RDF.type, DCAT.Dataset))
    assert len(set(dcat_graph.objects(dataset, DCAT.distribution))) == len(described)
    for dist in dcat_graph.objects(dataset, DCAT.distribution):
        assert {t.language for t in dcat_graph.objects(dist, DCTERMS.title)} == {"da", "en"}


def test_dataset_metadata(dcat_graph, published):
    dataset = next(dcat_graph.subjects(RDF.type, DCAT.Dataset))
    titles = set(dcat_graph.objects(dataset, DCTERMS.title))
    assert titles == {Literal(published["title"], lang="da"), Literal(published["title_en"], lang="en")}
    assert {str(t).rsplit("/", 1)[1] for t in dcat_graph.objects(dataset, DCAT.theme)} == {"SOCI", "GOVE", "ECON"}
    assert set(dcat_graph.objects(dataset, DCTERMS.spatial)) == {
        URIRef("http://publications.europa.eu/resource/authority/country/DNK")}
    period = next(dcat_graph.objects(dataset, DCTERMS.temporal))
    assert str(next(dcat_graph.objects(period, DCAT.startDate))) == "2019-01-01"
    assert next(dcat_graph.objects(dataset, OWL.versionInfo)) == Literal(published["version"])
    assert set(dcat_graph.objects(dataset, DCAT.contactPoint))
    licences = set(dcat_graph.objects(None, DCTERMS.license))
    assert licences == {URIRef(published["licenses"][0]["path"])}


def test_zenodo_json_is_up_to_date():
    committed = paths.ZENODO_JSON.read_text(encoding="utf-8")
    assert committed == metadata.zenodo_json(package.descriptor()), (
        ".zenodo.json is out of date: run `.venv/bin/python -m build_scripts zenodo` and commit it")


def test_names_version_and_licence_agree_everywhere(dcat_graph, published):
    dp = package.descriptor()
    zenodo = json.loads(paths.ZENODO_JSON.read_text(encoding="utf-8"))
    schema_org = metadata.dataset_jsonld(dp, dp["homepage"] + "data/", "da", "", [], "2019",
                                         sources=package.records("sources"), released="2026-01-01")
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    dataset = next(dcat_graph.subjects(RDF.type, DCAT.Dataset))
    versions = {dp["version"], published["version"], zenodo["version"], schema_org["version"], str(cff["version"]),
                str(next(dcat_graph.objects(dataset, OWL.versionInfo)))}
    assert versions == {dp["version"]}
    licence = dp["licenses"][0]
    assert zenodo["license"] == licence["name"].lower() and cff["license"] == licence["name"]
    assert schema_org["license"] == licence["path"]
    assert set(dcat_graph.objects(dataset, DCTERMS.title)) >= {Literal(dp["title"], lang="da")}
    assert zenodo["title"] == cff["title"] == f"{dp['title']} ({dp['title_en']})"
    assert schema_org["name"] == dp["title"] and schema_org["alternateName"] == dp["title_en"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]] == [
        schema_org["creator"]["name"]]


def test_every_download_has_a_human_name_of_its_own(published):
    manifest = json.loads((paths.DOWNLOADS_DIR / "manifest.json").read_text())
    files = catalogue.entries(published, manifest + [{"path": "manifest.json", "bytes": 0},
                                                     {"path": "SHA256SUMS", "bytes": 0}])
    for lang in ("da", "en"):
        names = [(f["group"], f[f"title_{lang}"]) for f in files]
        assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    saved_as = [f["download_as"] for f in files if f["group"] != "submission"]
    assert len(saved_as) == len(set(saved_as))
    with pytest.raises(KeyError, match=r"build/downloads/odd\.bin: no human name for this file"):
        catalogue.entries(published, [{"path": "odd.bin", "bytes": 1}])
