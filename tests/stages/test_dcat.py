"""The DCAT metadata: no finding by the official shapes, one data set across versions, and what a harvester reads.

The shapes are the repository's copies in datapackage/reference/ (dcat-ap/: DCAT-AP 3.0.0, SEMIC; dcat-ap-dk/:
DCAT-AP-DK 2.0.2, Digitaliseringsstyrelsen; see each folder's SOURCES.md), so these tests never read ../shared.
"""

import json

import pytest
import yaml
from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SH, SKOS

from build_scripts.core import config, package
from build_scripts.stages.downloads import catalogue, dcat, metadata
from conftest import CHECKOUT, built

DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
DCAT_AP = ["dcat-ap_3.0.0_shapes.ttl", "dcat-ap_3.0.0_range.ttl", "dcat-ap_3.0.0_shapes_recommended.ttl"]
DCAT_AP_DK_STRICT = "dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl"
DCAT_AP_DK = "dcat-ap-dk_2.0.2_shacl_shapes.ttl"


@pytest.fixture(scope="module")
def dcat_graph(built_site) -> Graph:
    return Graph().parse(built().dcat_ttl)


@pytest.fixture(scope="module")
def published(built_site) -> dict:
    return json.loads(built().published_datapackage_json.read_text(encoding="utf-8"))


def shapes(name: str) -> Graph:
    folder = CHECKOUT.dcat_ap_shapes_dir if name.startswith("dcat-ap_") else CHECKOUT.dcat_shapes_dir
    return Graph().parse(folder / name)


def findings(data: Graph, shapes_file: str) -> list[dict]:
    """Every result pyshacl reports, whatever its severity (Violation, Warning, Info)."""
    _, report, _ = validate(data, shacl_graph=shapes(shapes_file))
    return [{"component": str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
             "path": str(report.value(r, SH.resultPath)), "focus": str(report.value(r, SH.focusNode)),
             "value": str(report.value(r, SH.value)), "message": str(report.value(r, SH.resultMessage))}
            for r in report.subjects(RDF.type, SH.ValidationResult)]


@pytest.mark.parametrize("shapes_file", DCAT_AP + [DCAT_AP_DK_STRICT])
def test_no_finding_on_the_dcat_ap_and_the_strict_dcat_ap_dk_shapes(shapes_file, dcat_graph):
    """DCAT-AP 3.0.0's mandatory, range and recommended shapes and DCAT-AP-DK 2.0.2 strict: 0 results."""
    assert findings(dcat_graph, shapes_file) == []


def test_the_normal_dcat_ap_dk_shapes_find_only_the_eu_language_uris(dcat_graph):
    """The normal DCAT-AP-DK shapes require languages to match `.../resource/dataset/language/`, while the profile's
    own text (and DCAT-AP, and data.europa.eu) names the EU authority list `.../resource/authority/language/`, which we
    use. That pattern is the only thing they find; the strict shapes do not have it."""
    found = findings(dcat_graph, DCAT_AP_DK)
    assert {(f["component"], f["path"]) for f in found} == {("PatternConstraintComponent", str(DCTERMS.language))}
    assert {f["value"] for f in found} == {f"{EU}language/DAN", f"{EU}language/ENG"}


def test_json_ld_holds_the_same_graph(dcat_graph):
    """The same triples (no blank nodes), literals compared by value: Turtle writes a decimal 1218 as 1218.0."""
    def triples(g: Graph) -> set:
        return {(s, p, (o.value, o.datatype, o.language) if isinstance(o, Literal) else o) for s, p, o in g}

    assert triples(dcat_graph) == triples(Graph().parse(built().dcat_jsonld, format="json-ld"))


def test_the_shapes_can_fail(dcat_graph):
    """A data set without a title breaks the mandatory shapes; a distribution without a description, the
    recommended ones."""
    broken = Graph()
    for triple in dcat_graph:
        broken.add(triple)
    dataset = URIRef(package.descriptor(CHECKOUT.datapackage_json)["homepage"] + "data/#dataset")
    broken.remove((dataset, DCTERMS.title, None))
    distribution = next(dcat_graph.objects(dataset, DCAT.distribution))
    broken.remove((distribution, DCTERMS.description, None))
    assert {(f["path"], f["focus"]) for f in findings(broken, DCAT_AP[0])} == {(str(DCTERMS.title), str(dataset))}
    assert {(f["path"], f["focus"]) for f in findings(broken, DCAT_AP[2])} == {
        (str(DCTERMS.description), str(distribution))}


# --- A harvest, dry: the catalogue as data.europa.eu reads it from the served site -----------------------------

def versions_released(dp: dict) -> list[str]:
    """Every folder of releases/, and this version if it is not frozen yet."""
    return sorted({p.name[1:] for p in CHECKOUT.releases_dir.glob("v*")} | {dp["version"]}, key=dcat.version_key)


def site_file(site, url: str):
    home = package.descriptor(CHECKOUT.datapackage_json)["homepage"]
    assert url.startswith(home), url
    return site / url[len(home):]


def test_harvest_dry_run(built_site):
    """Loaded from data/latest/dcat.ttl with rdflib: one catalogue with one data set, N versions (one per folder in
    releases/), each a version of that data set with its own number, date and notes; every distribution's download
    URL is a file of the site."""
    dp = package.descriptor(CHECKOUT.datapackage_json)
    g = Graph().parse(built_site / "data" / "latest" / "dcat.ttl", format="turtle")
    catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    listed = list(g.objects(catalogs[0], DCAT.dataset))
    assert listed == [URIRef(f"{dp['homepage']}data/#dataset")]  # the same address at every release
    dataset = listed[0]
    assert g.value(dataset, DCTERMS.identifier) == Literal(dp["name"])

    released = versions_released(dp)
    versions = {str(g.value(v, DCAT.version)): v for v in g.objects(dataset, DCAT.hasVersion)}
    assert sorted(versions, key=dcat.version_key) == released
    assert set(g.objects(dataset, DCTERMS.hasVersion)) == set(versions.values())
    assert g.value(dataset, DCAT.hasCurrentVersion) == versions[dp["version"]]
    changelog = {e["version"]: e for e in metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))}
    previous = None
    for number, version in versions.items():
        assert version == URIRef(f"{dp['homepage']}data/v{number}/#dataset")
        assert (version, RDF.type, DCAT.Dataset) in g
        assert set(g.objects(version, DCAT.isVersionOf)) == set(g.objects(version, DCTERMS.isVersionOf)) == {dataset}
        assert g.value(version, OWL.versionInfo) == Literal(number)
        assert g.value(version, DCTERMS.issued) == g.value(version, DCTERMS.modified) == Literal(
            changelog[number]["date"], datatype=XSD.date)
        assert {n.language for n in g.objects(version, ADMS.versionNotes)} == {"da", "en"}
        assert g.value(version, DCAT.previousVersion) == previous
        previous = version
    assert g.value(dataset, DCTERMS.issued) == g.value(versions[released[0]], DCTERMS.issued)
    assert g.value(dataset, DCTERMS.modified) == g.value(versions[released[-1]], DCTERMS.issued)

    downloads = list(g.objects(None, DCAT.downloadURL))
    assert downloads and all(site_file(built_site, str(url)).is_file() for url in downloads)
    # Each version lists every file it published (its manifest's, but the single figures' records and the files
    # that describe the others); the data set, the newest version's at data/latest/.
    def published_files(folder) -> set[str]:
        manifest = json.loads((built_site / "data" / folder / "manifest.json").read_text(encoding="utf-8"))
        return {m["path"] for m in manifest if not catalogue.is_figure_record(m["path"])} - dcat.NOT_DISTRIBUTIONS

    def listed(node, folder) -> set[str]:
        return {str(g.value(d, DCAT.downloadURL)).split(f"/data/{folder}/", 1)[1] for d in g.objects(node, DCAT.distribution)}

    for number, version in versions.items():
        assert listed(version, f"v{number}") == published_files(f"v{number}"), number
    assert listed(dataset, "latest") == published_files("latest") == published_files(f"v{dp['version']}")


def test_every_version_in_releases_is_linked_from_the_current_catalogue(dcat_graph):
    dp = package.descriptor(CHECKOUT.datapackage_json)
    dataset = URIRef(f"{dp['homepage']}data/#dataset")
    linked = {str(dcat_graph.value(v, DCAT.version)) for v in dcat_graph.objects(dataset, DCAT.hasVersion)}
    assert {p.name[1:] for p in CHECKOUT.releases_dir.glob("v*")} | {dp["version"]} == linked


# --- What the catalogue says -----------------------------------------------------------------------------------

def test_vocabularies(dcat_graph, published):
    """EU authority URIs for language, file type, licence, country, theme and access right; IANA media types."""
    g = dcat_graph
    dataset = URIRef(f"{published['homepage']}data/#dataset")
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    catalog = g.value(predicate=RDF.type, object=DCAT.Catalog)
    eu_language = {URIRef(f"{EU}language/DAN"), URIRef(f"{EU}language/ENG")}
    for node in datasets | {catalog}:
        assert set(g.objects(node, DCTERMS.language)) == eu_language
        assert set(g.objects(node, DCTERMS.spatial)) == {URIRef(f"{EU}country/DNK")}
    for node in datasets:
        assert {str(t).rsplit("/", 1)[1] for t in g.objects(node, DCAT.theme)} == {"SOCI", "GOVE", "ECON"}
        assert g.value(node, DCTERMS.accessRights) == URIRef(f"{EU}access-right/PUBLIC")
    assert set(g.objects(None, DCTERMS.license)) == {URIRef(f"{EU}licence/CC_BY_4_0")}
    assert g.value(URIRef(f"{EU}licence/CC_BY_4_0"), DCTERMS.type) == URIRef("http://purl.org/adms/licencetype/Attribution")
    media_types = {str(m) for m in g.objects(None, DCAT.mediaType)}
    iana = "https://www.iana.org/assignments/media-types/"
    assert media_types <= {iana + t for t in catalogue.MEDIA_TYPES.values()}
    assert not any("/x-" in t or t.endswith("octet-stream") for t in media_types)  # registered types only
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        assert str(g.value(dist, DCTERMS["format"])).startswith(f"{EU}file-type/")
        assert {d.language for d in g.objects(dist, DCTERMS.description)} == {"da", "en"}
        assert str(g.value(dist, DCATAP.availability)).startswith("http://data.europa.eu/r5r/availability/")
    denmark = URIRef(f"{EU}country/DNK")
    west, south, east, north = 8.0, 54.5, 15.2, 57.8  # the whole country, Bornholm included
    centroid = [float(v) for v in str(g.value(denmark, DCAT.centroid))[6:-1].split()]
    assert west < centroid[0] < east and south < centroid[1] < north
    assert str(g.value(denmark, DCAT.bbox)).startswith("POLYGON((8.07")
    period = g.value(dataset, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) == "2019-01-01"


def test_publisher_and_contact_point(dcat_graph, published):
    """The publisher is a foaf:Agent with an ADMS publisher type and an identifier; the contact point's URL is the
    issue tracker, the repository's (mkdocs.yml's repo_url) issues."""
    g = dcat_graph
    dataset = URIRef(f"{published['homepage']}data/#dataset")
    publisher = g.value(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")) in g
    assert str(g.value(publisher, DCTERMS.type)).startswith("http://purl.org/adms/publishertype/")
    assert g.value(publisher, DCTERMS.identifier) == Literal(config.owner(CHECKOUT))
    contact = g.value(dataset, DCAT.contactPoint)
    repo_url = yaml.safe_load(CHECKOUT.mkdocs_yml.read_text(encoding="utf-8"))["repo_url"]
    assert g.value(contact, VCARD.hasURL) == URIRef(repo_url.rstrip("/") + "/issues") == URIRef(config.issue_tracker(CHECKOUT))


def test_names_version_and_licence_agree_everywhere(dcat_graph, published):
    dp = package.descriptor(CHECKOUT.datapackage_json)
    zenodo = json.loads(CHECKOUT.zenodo_json.read_text(encoding="utf-8"))
    schema_org = metadata.dataset_jsonld(dp, dp["homepage"] + "data/", "da", "", [], "2019",
                                         sources=package.records("sources", CHECKOUT.datapackage_json), released="2026-01-01")
    cff = yaml.safe_load(CHECKOUT.citation_cff.read_text(encoding="utf-8"))
    dataset = URIRef(f"{dp['homepage']}data/#dataset")
    current = dcat_graph.value(dataset, DCAT.hasCurrentVersion)
    versions = {dp["version"], published["version"], zenodo["version"], schema_org["version"], str(cff["version"]),
                str(dcat_graph.value(current, DCAT.version))}
    assert versions == {dp["version"]}
    licence = dp["licenses"][0]
    assert zenodo["license"] == licence["name"].lower() and cff["license"] == licence["name"]
    assert schema_org["license"] == licence["path"]
    assert dcat_graph.value(URIRef(f"{EU}licence/CC_BY_4_0"), URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")) \
        == URIRef(licence["path"])
    assert set(dcat_graph.objects(dataset, DCTERMS.title)) == {Literal(dp["title"], lang="da"),
                                                               Literal(dp["title_en"], lang="en")}
    assert zenodo["title"] == cff["title"] == f"{dp['title']} ({dp['title_en']})"
    assert schema_org["name"] == dp["title"] and schema_org["alternateName"] == dp["title_en"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]] == [
        schema_org["creator"]["name"]]


def test_dois_reach_the_catalogue_of_the_next_version_only(built_site, published):
    """CITATION.cff's DOIs (CONTRIBUTING.md) name a version in the catalogues of later versions: the version being
    built, frozen or not, never names its own, so its files stay as they were frozen. The graph with DOIs conforms."""
    dp = package.descriptor(CHECKOUT.datapackage_json)
    older = [v for v in versions_released(dp) if v != dp["version"]][-1]
    dois = {"concept": "10.5281/zenodo.1000", "versions": {older: "10.5281/zenodo.1001", dp["version"]: "10.5281/zenodo.1002"}}
    manifest = [m for m in json.loads((built().downloads_dir / "manifest.json").read_text(encoding="utf-8"))]
    changelog = metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))
    g = dcat.graph(CHECKOUT, published, manifest, changelog, "2019", dois)
    home = dp["homepage"]
    assert g.value(URIRef(f"{home}data/#dataset"), ADMS.identifier) == URIRef("https://doi.org/10.5281/zenodo.1000")
    assert g.value(URIRef(f"{home}data/v{older}/#dataset"), ADMS.identifier) == URIRef(
        "https://doi.org/10.5281/zenodo.1001")
    assert g.value(URIRef(f"{home}data/v{dp['version']}/#dataset"), ADMS.identifier) is None
    assert g.value(URIRef("https://doi.org/10.5281/zenodo.1000"), SKOS.notation) == Literal("10.5281/zenodo.1000")
    for shapes_file in (DCAT_AP[0], DCAT_AP[1], DCAT_AP_DK_STRICT):
        assert findings(g, shapes_file) == [], shapes_file
    # Without a DOI for an older version, the concept DOI waits too.
    later_only = dcat.graph(CHECKOUT, published, manifest, changelog, "2019", {"concept": "10.5281/zenodo.1000",
                                                                  "versions": {dp["version"]: "10.5281/zenodo.1002"}})
    assert not list(later_only.objects(None, ADMS.identifier))


def test_every_download_has_a_human_name_of_its_own(published):
    manifest = json.loads((built().downloads_dir / "manifest.json").read_text())
    files = catalogue.entries(published, manifest + [{"path": "manifest.json", "bytes": 0},
                                                     {"path": "SHA256SUMS", "bytes": 0}])
    for lang in ("da", "en"):
        names = [(f["group"], f[f"title_{lang}"]) for f in files]
        assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    saved_as = [f["download_as"] for f in files if f["group"] != "submission"]
    assert len(saved_as) == len(set(saved_as))
    with pytest.raises(KeyError, match=r"build/downloads/odd\.bin: no human name for this file"):
        catalogue.entries(published, [{"path": "odd.bin", "bytes": 1}])
