"""DCAT-AP-DK 2.0.2 metadata of the data package, for Danmarks Datavejviser (data.gov.dk) and data.europa.eu.

Used by the downloads stage. Reads the published descriptor (build/downloads/datapackage.json, passed in), the
list of downloadable files, CHANGELOG.md (release dates) and key_figures (the reference period).
Writes build/downloads/dcat.ttl (Turtle) and dcat.jsonld (JSON-LD): one catalogue, one dataset (this version)
and one distribution per downloadable file, with Danish and English titles.

Every node has an IRI under the site (no blank nodes), so the same input gives the same bytes.
tests/test_dcat.py validates the graph against the official SHACL shapes in datapackage/reference/dcat-ap-dk/.
"""

import json

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, SKOS

from build_scripts.core import package, paths
from build_scripts.stages.downloads import catalogue, metadata

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = {  # EU data-theme vocabulary: (code, Danish label, English label)
    "SOCI": ("Befolkning og samfund", "Population and society"),
    "GOVE": ("Regeringen og den offentlige sektor", "Government and public sector"),
    "ECON": ("Økonomi og finanser", "Economy and finance"),
}
LANGUAGE = "http://publications.europa.eu/resource/dataset/language/"  # the pattern the 2.0.2 shapes require
LICENCE_TYPE = "http://purl.org/adms/licencetype/Attribution"


def _both(graph: Graph, node, prop, da: str, en: str) -> None:
    graph.add((node, prop, Literal(da, lang="da")))
    graph.add((node, prop, Literal(en, lang="en")))


def _dates() -> tuple[str, str]:
    """(issued, modified): the first release's date and this version's date, from CHANGELOG.md."""
    entries = metadata.changelog_entries(paths.CHANGELOG.read_text(encoding="utf-8"))
    return entries[-1]["date"], entries[0]["date"]


def _period(reference_period: str) -> tuple[str, str]:
    if len(reference_period) == 4:
        return f"{reference_period}-01-01", f"{reference_period}-12-31"
    return reference_period, reference_period


def graph(dp: dict, files: list[dict], issued: str, modified: str, reference_period: str) -> Graph:
    """The DCAT-AP-DK graph. `files`: catalogue.entries() of every file to describe as a distribution."""
    home = dp["homepage"]
    base = f"{home}data/v{dp['version']}/"
    g = Graph()
    for prefix, ns in [("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("skos", SKOS), ("vcard", VCARD),
                       ("adms", ADMS), ("owl", OWL)]:
        g.bind(prefix, ns)
    catalog = URIRef(f"{home}data/#catalog")
    dataset = URIRef(f"{base}#dataset")
    publisher = URIRef(f"{home}#publisher")
    contact = URIRef(f"{home}#contact")
    licence = URIRef(dp["licenses"][0]["path"])
    themes = URIRef(f"{EU}data-theme")
    page = URIRef(f"{home}data/")
    date = lambda d: Literal(d, datatype=XSD.date)  # noqa: E731

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(dp["contributors"][0]["title"], lang="en")))
    g.add((publisher, FOAF.homepage, URIRef(home)))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(dp["contributors"][0]["title"])))
    g.add((contact, VCARD.hasURL, URIRef(home)))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.type, URIRef(LICENCE_TYPE)))
    g.add((URIRef(LICENCE_TYPE), RDF.type, SKOS.Concept))
    _both(g, URIRef(LICENCE_TYPE), SKOS.prefLabel, "Kreditering", "Attribution")
    g.add((licence, RDFS.label, Literal(dp["licenses"][0]["name"])))
    g.add((themes, RDF.type, SKOS.ConceptScheme))
    g.add((themes, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((URIRef(home), RDF.type, FOAF.Document))
    g.add((page, RDF.type, FOAF.Document))

    g.add((catalog, RDF.type, DCAT.Catalog))
    _both(g, catalog, DCTERMS.title, f"{dp['title']}: datakatalog", f"{dp['title_en']}: data catalogue")
    _both(g, catalog, DCTERMS.description, dp["description"], dp["description_en"])
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, URIRef(home)))
    g.add((catalog, DCTERMS.issued, date(issued)))
    g.add((catalog, DCTERMS.modified, date(modified)))
    for code in ("DAN", "ENG"):
        g.add((URIRef(LANGUAGE + code), RDF.type, DCTERMS.LinguisticSystem))
    g.add((catalog, DCTERMS.language, URIRef(LANGUAGE + "DAN")))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCAT.themeTaxonomy, themes))
    g.add((catalog, DCAT.dataset, dataset))

    g.add((dataset, RDF.type, DCAT.Dataset))
    _both(g, dataset, DCTERMS.title, dp["title"], dp["title_en"])
    _both(g, dataset, DCTERMS.description, dp["description"], dp["description_en"])
    g.add((dataset, DCTERMS.identifier, Literal(f"{dp['name']}/{dp['version']}")))
    g.add((dataset, OWL.versionInfo, Literal(dp["version"])))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCTERMS.creator, publisher))
    g.add((dataset, DCAT.contactPoint, contact))
    g.add((dataset, DCAT.landingPage, page))
    g.add((dataset, DCTERMS.issued, date(issued)))
    g.add((dataset, DCTERMS.modified, date(modified)))
    g.add((dataset, DCTERMS.accrualPeriodicity, URIRef(f"{EU}frequency/IRREG")))
    g.add((URIRef(f"{EU}frequency/IRREG"), RDF.type, DCTERMS.Frequency))
    g.add((dataset, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC")))
    g.add((URIRef(f"{EU}access-right/PUBLIC"), RDF.type, DCTERMS.RightsStatement))
    for code in ("DAN", "ENG"):
        g.add((dataset, DCTERMS.language, URIRef(LANGUAGE + code)))
    for keyword in dp["keywords"]:
        g.add((dataset, DCAT.keyword, Literal(keyword)))
    for code, (da, en) in THEMES.items():
        theme = URIRef(f"{EU}data-theme/{code}")
        g.add((theme, RDF.type, SKOS.Concept))
        _both(g, theme, SKOS.prefLabel, da, en)
        g.add((theme, SKOS.inScheme, themes))
        g.add((dataset, DCAT.theme, theme))
    denmark = URIRef(f"{EU}country/DNK")
    g.add((denmark, RDF.type, DCTERMS.Location))
    _both(g, denmark, SKOS.prefLabel, "Danmark", "Denmark")
    g.add((dataset, DCTERMS.spatial, denmark))
    period = URIRef(f"{base}#period")
    start, end = _period(reference_period)
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, date(start)))
    g.add((period, DCAT.endDate, date(end)))
    g.add((dataset, DCTERMS.temporal, period))
    provenance = URIRef(f"{base}#provenance")
    g.add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    _both(g, provenance, RDFS.label,
          "Hvert tal er skrevet af fra kilderne med dokument, placering og ordret citat; afledte tal beregnes af koden. "
          "Kilder: " + "; ".join(s["title"] for s in dp["sources"]),
          "Every figure is transcribed from the sources with document, location and verbatim quote; derived "
          "figures are computed by code. Sources: " + "; ".join(s["title"] for s in dp["sources"]))
    g.add((dataset, DCTERMS.provenance, provenance))

    for f in files:
        dist = URIRef(f"{base}{f['path']}#distribution")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        _both(g, dist, DCTERMS.title, f"{f['title_da']} ({f['path']})", f"{f['title_en']} ({f['path']})")
        g.add((dist, DCAT.accessURL, page))
        g.add((dist, DCAT.downloadURL, URIRef(base + f["path"])))
        g.add((dist, DCAT.byteSize, Literal(f["bytes"], datatype=XSD.decimal)))
        media_type = URIRef("https://www.iana.org/assignments/media-types/" + f["media_type"])
        g.add((dist, DCAT.mediaType, media_type))
        g.add((media_type, RDF.type, DCTERMS.MediaType))
        if f["file_type"]:
            file_type = URIRef(f"{EU}file-type/{f['file_type']}")
            g.add((dist, DCTERMS["format"], file_type))
            g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.issued, date(modified)))
    return g


def write(out, dp: dict, manifest: list[dict]) -> None:
    """dcat.ttl and dcat.jsonld in `out`, describing the files of `manifest`."""
    issued, modified = _dates()
    period = package.figures("key_figures")["reported_expenditure"]["reference_period"]
    g = graph(dp, catalogue.entries(dp, manifest), issued, modified, str(period))
    (out / "dcat.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    doc = json.loads(g.serialize(format="json-ld"))
    # A fixed order, whatever the store's: nodes by @id, each property's values by their JSON text.
    doc = sorted(({k: sorted(v, key=json.dumps) if isinstance(v, list) else v for k, v in node.items()}
                  for node in doc), key=lambda node: node["@id"])
    (out / "dcat.jsonld").write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
