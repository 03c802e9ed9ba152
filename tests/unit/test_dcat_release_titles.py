"""Each frozen release's version in the DCAT catalogue carries the title it was released with, read from its own
frozen datapackage.json, not the package's current title (red team 7, finding 6)."""

import json

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from build_scripts.core.text import version_key
from build_scripts.stages.downloads import dcat, metadata
from conftest import CHECKOUT


def test_a_new_title_names_the_new_version_only():
    frozen = dcat.frozen_versions(CHECKOUT)
    newest = max(frozen, key=version_key)
    dp = json.loads((CHECKOUT.releases_dir / f"v{newest}" / "datapackage.json").read_text(encoding="utf-8"))
    old, old_en = dp["title"], dp["title_en"]  # the published descriptor, as the downloads stage passes it
    dp.update(version="9.0.0", title="Ny titel", title_en="New title")
    changelog = metadata.changelog_entries(CHECKOUT.changelog.read_text(encoding="utf-8"))
    g = dcat.graph(CHECKOUT, dp, [], changelog, "2019", {"concept": None, "versions": {}})
    home = dp["homepage"]

    def titles(version):
        return set(g.objects(URIRef(f"{home}data/v{version}/#dataset"), DCTERMS.title))

    assert frozen and titles("9.0.0") == {Literal("Ny titel (version 9.0.0)", lang="da"),
                               Literal("New title (version 9.0.0)", lang="en")}
    for version in sorted(frozen, key=version_key):
        assert titles(version) == {Literal(f"{old} (version {version})", lang="da"),
                                   Literal(f"{old_en} (version {version})", lang="en")}, version
    assert set(g.objects(URIRef(f"{home}data/#dataset"), DCTERMS.title)) == {
        Literal("Ny titel", lang="da"), Literal("New title", lang="en")}
