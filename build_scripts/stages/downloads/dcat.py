"""DCAT metadata of the data package, for data.europa.eu (DCAT-AP 3.0.0) and Danmarks Datavejviser (DCAT-AP-DK 2.0.2).

Used by the downloads stage. Reads the published descriptor and this build's files (passed in), every frozen release
(releases/vX.Y.Z/datapackage.json and manifest.json), CHANGELOG.md (each version's date and notes), CITATION.cff (the
DOIs Zenodo gave), mkdocs.yml (the repository, whose issue tracker is the contact point), key_figures (the reference
period) and the region boundaries (Denmark's bounding box and centroid).
Writes build/downloads/dcat.ttl (Turtle) and dcat.jsonld (JSON-LD), with Danish and English titles:

- one catalogue, <site>data/#catalog, listing ONE data set, <site>data/#dataset, whose address never changes: a
  harvester sees the same data set at every release. Its distributions are the newest version's files at
  data/latest/ (the addresses that always give the newest version);
- every version up to this one (every folder of releases/, and this version if it is not frozen yet) as a data set
  of its own, <site>data/vX.Y.Z/#dataset, with its version, version notes (CHANGELOG.md), release date and one
  distribution per file it published at data/vX.Y.Z/. DCAT 3 versioning links them: the persistent data set
  dcat:hasVersion each version and dcat:hasCurrentVersion this one, each version dcat:isVersionOf it and
  dcat:previousVersion the one before; dct:hasVersion / dct:isVersionOf say the same for DCAT-AP-DK 2 and the
  DCAT-AP 3.0.0 shapes, which read those.

Vocabularies: the EU authority lists for language, file type (dct:format), licence (CC_BY_4_0), country (DNK), data
theme and access right; IANA media types only (catalogue.py); the ADMS publisher and licence types, which both
profiles name; the DCAT-AP availability list.

DOIs (CONTRIBUTING.md): a version's DOI and the concept DOI of every version exist only after the version is archived,
that is after it is frozen. So the catalogue of version V names the DOIs CITATION.cff records for versions older
than V (and the concept DOI once one of them has a DOI), and a frozen version's files never change.

Every node has an IRI under the site or an authority (no blank nodes), so the same input gives the same bytes.
tests/stages/test_dcat.py validates the graph against the official SHACL shapes in datapackage/reference/ (DCAT-AP 3.0.0:
mandatory, range, recommended; DCAT-AP-DK 2.0.2) and reads it as a harvester would.
"""

import functools
import json
import re

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, SKOS

from build_scripts.commands.releases import frozen_versions
from build_scripts.core import config, package
from build_scripts.core.paths import Paths
from build_scripts.core.text import version_key
from build_scripts.stages.downloads import catalogue, metadata

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's DCAT is DCAT 2, without the versioning terms)
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = {  # EU data-theme vocabulary: (code, Danish label, English label)
    "SOCI": ("Befolkning og samfund", "Population and society"),
    "GOVE": ("Regeringen og den offentlige sektor", "Government and public sector"),
    "ECON": ("Økonomi og finanser", "Economy and finance"),
}
LANGUAGES = {"DAN": ("dansk", "Danish"), "ENG": ("engelsk", "English")}  # EU language authority list
# datapackage.json's licence name -> the EU licence authority list.
LICENCES = {"CC-BY-4.0": "CC_BY_4_0"}
LICENCE_TYPE = ("http://purl.org/adms/licencetype/Attribution", "Kreditering", "Attribution")
# ADMS publisher type (the list DCAT-AP names and DCAT-AP-DK requires): the project is a small independent one.
PUBLISHER_TYPE = ("http://purl.org/adms/publishertype/NonProfitOrganisation", "Nonprofitorganisation",
                  "Non-profit organisation")
# DCAT-AP's availability list: a released version's files never change; data/latest/ follows the newest version.
AVAILABILITY = {"frozen": ("STABLE", "Stabil", "Stable"), "latest": ("AVAILABLE", "Tilgængelig", "Available")}
# Files that describe a version's files rather than being one of them: not distributions.
NOT_DISTRIBUTIONS = {"dcat.ttl", "dcat.jsonld", "manifest.json", "SHA256SUMS"}
VERSION_RE = re.compile(r"\d+\.\d+\.\d+")


def _both(graph: Graph, node, prop, da: str, en: str) -> None:
    graph.add((node, prop, Literal(da, lang="da")))
    graph.add((node, prop, Literal(en, lang="en")))


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def _period(reference_period: str) -> tuple[str, str]:
    if len(reference_period) == 4:
        return f"{reference_period}-01-01", f"{reference_period}-12-31"
    return reference_period, reference_period


@functools.cache
def denmark_geometry(paths: Paths) -> tuple[str, str]:
    """(bounding box, centroid) of Denmark as WKT (longitude latitude, CRS84), from the package's region boundaries
    (data/ref_regions.topojson, DAGI 1:500,000): the box around every point, the area-weighted centre of the polygons.
    `validate` has checked that the file holds what this reads (files.topojson_problems)."""
    from build_scripts.core import geometry

    return geometry.extent_and_centre(json.loads((paths.data_dir / "ref_regions.topojson").read_text(encoding="utf-8")))


def version_files(paths: Paths, version: str, dp: dict, built: list[dict]) -> list[dict]:
    """The catalogue entries of the files `version` published: an older version's frozen manifest's, or this build's
    (`built`) for the version being built, frozen or not (so that freezing it does not change what describes it;
    the downloads stage has checked that its frozen files say the same). Older descriptors lack the derived tables:
    `dp` names them."""
    folder = paths.releases_dir / f"v{version}"
    if version == dp["version"] or not folder.exists():
        files, descriptor = built, dp
    else:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    files = [f for f in files if f["path"] not in NOT_DISTRIBUTIONS]
    return catalogue.entries(descriptor, files, names=dp["resources"])


def version_descriptor(paths: Paths, version: str, dp: dict) -> dict:
    folder = paths.releases_dir / f"v{version}"
    if version == dp["version"] or not folder.exists():  # the version being built: as version_files(paths)
        return dp
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _concept(g: Graph, iri: str, da: str, en: str, scheme: str | None = None) -> URIRef:
    node = URIRef(iri)
    g.add((node, RDF.type, SKOS.Concept))
    _both(g, node, SKOS.prefLabel, da, en)
    if scheme:
        g.add((node, SKOS.inScheme, URIRef(scheme)))
    return node


def _identifier(g: Graph, doi: str) -> URIRef:
    node = URIRef(f"https://doi.org/{doi}")
    g.add((node, RDF.type, ADMS.Identifier))
    g.add((node, SKOS.notation, Literal(doi)))
    return node


class Context:
    """The nodes every data set shares, added to the graph once."""

    def __init__(self, paths: Paths, g: Graph, dp: dict, reference_period: str):
        home = dp["homepage"]
        self.paths = paths
        self.home = home
        self.page = URIRef(f"{home}data/")
        self.publisher = URIRef(f"{home}#publisher")
        self.contact = URIRef(f"{home}#contact")
        try:
            self.licence = URIRef(f"{EU}licence/{LICENCES[dp['licenses'][0]['name']]}")
        except KeyError:
            raise KeyError(f"datapackage.json: licence {dp['licenses'][0]['name']!r} has no EU licence URI; add it "
                           "to LICENCES in build_scripts/stages/downloads/dcat.py") from None
        self.themes = URIRef(f"{EU}data-theme")
        self.denmark = URIRef(f"{EU}country/DNK")
        self.period = URIRef(f"{home}data/#period")
        self.provenance = URIRef(f"{home}data/#provenance")
        self.languages = [URIRef(f"{EU}language/{code}") for code in LANGUAGES]
        name = metadata.project(dp)

        g.add((self.publisher, RDF.type, FOAF.Agent))
        g.add((self.publisher, RDF.type, FOAF.Organization))
        g.add((self.publisher, FOAF.name, Literal(name, lang="da")))
        g.add((self.publisher, FOAF.homepage, URIRef(home)))
        g.add((self.publisher, DCTERMS.identifier, Literal(config.owner(paths))))
        g.add((self.publisher, DCTERMS.type, _concept(g, *PUBLISHER_TYPE, "http://purl.org/adms/publishertype/1.0")))
        g.add((self.contact, RDF.type, VCARD.Kind))
        g.add((self.contact, RDF.type, VCARD.Organization))
        g.add((self.contact, VCARD.fn, Literal(name, lang="da")))
        g.add((self.contact, VCARD.hasURL, URIRef(config.issue_tracker(paths))))
        g.add((self.licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((self.licence, DCTERMS.type, _concept(g, *LICENCE_TYPE, "http://purl.org/adms/licencetype/1.0")))
        g.add((self.licence, RDFS.label, Literal(dp["licenses"][0]["name"])))
        g.add((self.licence, RDFS.seeAlso, URIRef(dp["licenses"][0]["path"])))
        self._themes_and_languages(g)
        g.add((URIRef(home), RDF.type, FOAF.Document))
        g.add((self.page, RDF.type, FOAF.Document))
        g.add((self.denmark, RDF.type, DCTERMS.Location))
        _both(g, self.denmark, SKOS.prefLabel, "Danmark", "Denmark")
        bbox, centroid = denmark_geometry(paths)
        g.add((self.denmark, DCAT.bbox, Literal(bbox, datatype=GSP.wktLiteral)))
        g.add((self.denmark, DCAT.centroid, Literal(centroid, datatype=GSP.wktLiteral)))
        start, end = _period(reference_period)
        g.add((self.period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((self.period, DCAT.startDate, _date(start)))
        g.add((self.period, DCAT.endDate, _date(end)))
        g.add((self.provenance, RDF.type, DCTERMS.ProvenanceStatement))
        sources = "; ".join(s["title"] for s in dp["sources"])
        _both(g, self.provenance, RDFS.label,
              "Hvert tal er skrevet af fra kilderne med dokument, placering og ordret citat; afledte tal beregnes af "
              "koden. Kilder: " + sources,
              "Every figure is transcribed from the sources with document, location and verbatim quote; derived "
              "figures are computed by code. Sources: " + sources)
        g.add((URIRef(f"{EU}frequency/IRREG"), RDF.type, DCTERMS.Frequency))
        g.add((URIRef(f"{EU}access-right/PUBLIC"), RDF.type, DCTERMS.RightsStatement))
        for code, da, en in AVAILABILITY.values():
            _concept(g, f"http://data.europa.eu/r5r/availability/{code}", da, en)

    def _themes_and_languages(self, g: Graph) -> None:
        """The EU data themes and languages the data sets name, with their labels."""
        g.add((self.themes, RDF.type, SKOS.ConceptScheme))
        g.add((self.themes, DCTERMS.title, Literal("Data theme", lang="en")))
        for code, (da, en) in THEMES.items():
            _concept(g, f"{EU}data-theme/{code}", da, en, str(self.themes))
        for node, (da, en) in zip(self.languages, LANGUAGES.values()):
            g.add((node, RDF.type, DCTERMS.LinguisticSystem))
            _both(g, node, SKOS.prefLabel, da, en)

    def describe(self, g: Graph, dataset: URIRef, dp: dict, titles: tuple[str, str], identifier: str,
                 issued: str, modified: str) -> None:
        """What every data set here states: titles, description, who, where, when, what about, on what terms."""
        g.add((dataset, RDF.type, DCAT.Dataset))
        _both(g, dataset, DCTERMS.title, *titles)
        _both(g, dataset, DCTERMS.description, dp["description"], dp.get("description_en", dp["description"]))
        g.add((dataset, DCTERMS.identifier, Literal(identifier)))
        g.add((dataset, DCTERMS.publisher, self.publisher))
        g.add((dataset, DCTERMS.creator, self.publisher))
        g.add((dataset, DCAT.contactPoint, self.contact))
        g.add((dataset, DCAT.landingPage, self.page))
        g.add((dataset, DCTERMS.issued, _date(issued)))
        g.add((dataset, DCTERMS.modified, _date(modified)))
        g.add((dataset, DCTERMS.accrualPeriodicity, URIRef(f"{EU}frequency/IRREG")))
        g.add((dataset, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC")))
        for language in self.languages:
            g.add((dataset, DCTERMS.language, language))
        for keyword in dp["keywords"]:
            g.add((dataset, DCAT.keyword, Literal(keyword)))
        for code in THEMES:
            g.add((dataset, DCAT.theme, URIRef(f"{EU}data-theme/{code}")))
        g.add((dataset, DCTERMS.spatial, self.denmark))
        g.add((dataset, DCTERMS.temporal, self.period))
        g.add((dataset, DCTERMS.provenance, self.provenance))

    def distributions(self, g: Graph, dataset: URIRef, base: str, files: list[dict], issued: str, kind: str) -> None:
        """One distribution per file, at `base` + its path; `kind` ('frozen' or 'latest') says how long it stays."""
        availability = URIRef(f"http://data.europa.eu/r5r/availability/{AVAILABILITY[kind][0]}")
        for f in files:
            dist = URIRef(f"{base}{f['path']}#distribution")
            g.add((dataset, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            _both(g, dist, DCTERMS.title, f"{f['title_da']} ({f['path']})", f"{f['title_en']} ({f['path']})")
            if kind == "latest":
                _both(g, dist, DCTERMS.description, f"{f['description_da']} Altid den nyeste version.",
                      f"{f['description_en']} Always the newest version.")
            else:
                _both(g, dist, DCTERMS.description, f["description_da"], f["description_en"])
            g.add((dist, DCAT.accessURL, self.page))
            g.add((dist, DCAT.downloadURL, URIRef(base + f["path"])))
            g.add((dist, DCAT.byteSize, Literal(str(f["bytes"]), datatype=XSD.decimal)))
            media_type = URIRef("https://www.iana.org/assignments/media-types/" + f["media_type"])
            g.add((dist, DCAT.mediaType, media_type))
            g.add((media_type, RDF.type, DCTERMS.MediaType))
            file_type = URIRef(f"{EU}file-type/{f['file_type']}")
            g.add((dist, DCTERMS["format"], file_type))
            g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
            g.add((dist, DCTERMS.license, self.licence))
            g.add((dist, DCATAP.availability, availability))
            g.add((dist, DCTERMS.issued, _date(issued)))


def _catalog(g: Graph, ctx: "Context", dp: dict, dataset: URIRef, issued: str, modified: str) -> None:
    """The catalogue that lists the one data set."""
    home = dp["homepage"]
    catalog = URIRef(f"{home}data/#catalog")
    g.add((catalog, RDF.type, DCAT.Catalog))
    _both(g, catalog, DCTERMS.title, f"{dp['title']}: datakatalog", f"{dp['title_en']}: data catalogue")
    _both(g, catalog, DCTERMS.description, dp["description"], dp["description_en"])
    g.add((catalog, DCTERMS.publisher, ctx.publisher))
    g.add((catalog, FOAF.homepage, URIRef(home)))
    g.add((catalog, DCTERMS.issued, _date(issued)))
    g.add((catalog, DCTERMS.modified, _date(modified)))
    for language in ctx.languages:
        g.add((catalog, DCTERMS.language, language))
    g.add((catalog, DCTERMS.license, ctx.licence))
    g.add((catalog, DCTERMS.spatial, ctx.denmark))
    g.add((catalog, DCAT.themeTaxonomy, ctx.themes))
    g.add((catalog, DCAT.dataset, dataset))


def _version(g: Graph, ctx: "Context", dp: dict, node: URIRef, version: str, date: str, entry: dict | None,
             files: list[dict]) -> None:
    """One version as a data set of its own: its number, its notes from the changelog, its date and its files."""
    home = dp["homepage"]
    described = version_descriptor(ctx.paths, version, dp)  # a frozen release's own, with the title it had
    title, title_en = (described.get(key) or dp[key] for key in ("title", "title_en"))
    ctx.describe(g, node, described, (f"{title} (version {version})", f"{title_en} (version {version})"),
                 f"{dp['name']}/{version}", date, date)
    ctx.distributions(g, node, f"{home}data/v{version}/", files, date, "frozen")
    g.add((node, DCAT.version, Literal(version)))
    g.add((node, OWL.versionInfo, Literal(version)))  # DCAT-AP-DK 2's version property
    notes = entry["text"] if entry else {}
    for code in ("da", "en"):
        text = notes.get(code) or (entry["body"] if entry else "")
        if text:
            g.add((node, ADMS.versionNotes, Literal(text, lang=code)))


def graph(paths: Paths, dp: dict, built: list[dict], changelog: list[dict], reference_period: str, dois: dict) -> Graph:
    """The catalogue. `built`: this build's files ({path, bytes}); `changelog`: metadata.changelog_entries();
    `dois`: metadata.doi_record() of CITATION.cff."""
    home = dp["homepage"]
    g = Graph()
    for prefix, ns in [("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("skos", SKOS), ("vcard", VCARD),
                       ("adms", ADMS), ("owl", OWL), ("dcatap", DCATAP), ("gsp", GSP)]:
        g.bind(prefix, ns)
    ctx = Context(paths, g, dp, reference_period)
    current = dp["version"]
    versions = sorted({v for v in frozen_versions(paths) if version_key(v) <= version_key(current)} | {current},
                      key=version_key)
    entries = {e["version"]: e for e in changelog}
    dates = {v: entries[v]["date"] if v in entries else dp["created"][:10] for v in versions}

    dataset = URIRef(f"{home}data/#dataset")
    _catalog(g, ctx, dp, dataset, dates[versions[0]], dates[current])

    # The one data set, whatever the version.
    ctx.describe(g, dataset, dp, (dp["title"], dp["title_en"]), dp["name"], dates[versions[0]], dates[current])
    ctx.distributions(g, dataset, f"{home}data/latest/", version_files(paths, current, dp, built), dates[current], "latest")
    older = [v for v in versions if version_key(v) < version_key(current)]
    if dois["concept"] and any(v in dois["versions"] for v in older):
        g.add((dataset, ADMS.identifier, _identifier(g, dois["concept"])))

    previous = None
    for version in versions:
        node = URIRef(f"{home}data/v{version}/#dataset")
        _version(g, ctx, dp, node, version, dates[version], entries.get(version), version_files(paths, version, dp, built))
        for has, of in ((DCAT.hasVersion, DCAT.isVersionOf), (DCTERMS.hasVersion, DCTERMS.isVersionOf)):
            g.add((dataset, has, node))
            g.add((node, of, dataset))
        if previous is not None:
            g.add((node, DCAT.previousVersion, previous))
        if version in dois["versions"] and version in older:
            g.add((node, ADMS.identifier, _identifier(g, dois["versions"][version])))
        previous = node
    g.add((dataset, DCAT.hasCurrentVersion, URIRef(f"{home}data/v{current}/#dataset")))
    return g


def write(paths: Paths, out, dp: dict, built: list[dict]) -> None:
    """dcat.ttl and dcat.jsonld in `out`, describing every version; `built`: this build's files ({path, bytes})."""
    changelog = metadata.changelog_entries(paths.changelog.read_text(encoding="utf-8"))
    period = package.figures(paths.datapackage_json, "key_figures")["reported_expenditure"]["reference_period"]
    from build_scripts.stages.validate import files

    # Read as validate reads it (no dates built, no key twice), which has checked it before the build got here.
    dois = metadata.doi_record(files.read_citation(paths.citation_cff.read_text(encoding="utf-8"))[1])
    g = graph(paths, dp, built, changelog, str(period), dois)
    (out / "dcat.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    doc = json.loads(g.serialize(format="json-ld"))
    # A fixed order, whatever the store's: nodes by @id, each property's values by their JSON text.
    doc = sorted(({k: sorted(v, key=json.dumps) if isinstance(v, list) else v for k, v in node.items()}
                  for node in doc), key=lambda node: node["@id"])
    (out / "dcat.jsonld").write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
