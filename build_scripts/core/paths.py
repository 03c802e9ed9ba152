"""Every path the project reads or writes, in one place: `Paths(root)`, all of them under one project folder.

The command line makes one for the checkout (`Paths.checkout()`, or `--root DIR`) and hands it to the stage or
command it runs, which passes it on; no module keeps a path of its own. A test builds a copy of the project in a
temporary folder with `Paths(tmp)`, so it never reads or writes the checkout's build/ and site/.

This module imports nothing from the project, so any module can import it.
"""

from pathlib import Path

# The checkout this code is in (where the build's code, its lock file and mkdocs hooks live).
CODE_ROOT = Path(__file__).resolve().parent.parent.parent

# Which text file holds which document (source_id in sources.csv -> file name in sources/). Names, not paths.
SOURCE_README = "README.md"  # what datapackage/sources/ holds beside the texts: validate and the release ZIP
SOURCE_TEXT_FILES = {
    "rapport-2022": "002_b3c63c548a7e9823.txt",
    "svar-2023": "000_a48a0bc8c627c407.txt",
}
# Each source text's SHA-256, pinned in code as a frozen release's files are in its manifest: `validate` refuses a
# text that differs, so a pull request cannot change a source together with the quotes checked against it. A new
# source (or a corrected text) gets its hash here, on purpose and reviewed as code (CONTRIBUTING.md).
SOURCE_TEXT_SHA256 = {
    "rapport-2022": "926742a89ed2606df220c42975027e4237a5d35d620d09564bb55dc42788dacc",
    "svar-2023": "a9aa492594b20729f1d32acd9e886c6e1e4cd5359fcfa557525cd1e8d18ae42e",
}

# Each frozen release made so far (releases/vX.Y.Z/), by version, and the SHA-256 of its manifest.json, which lists
# every file of the release with its own SHA-256: a pull request cannot rewrite a frozen release with its manifest
# (red team 54, finding 2). `release` prints the line of a new release, to add here in the release's pull request.
RELEASE_MANIFEST_SHA256 = {
    "1.0.0": "1c72999ffe8d576b4b78e7fafea606bd46c804fa1b480cab7fda323f5f341e38",
    "1.0.1": "541c3c9d2a6605aacad5837bb9c277768fc0dc9aec92ff7fbcc91f20122a96bd",
    "1.1.0": "272e59981af01cb6e446b7c918b2402750a4ac584f616b91317c2768500fd4ea",
    "1.2.0": "fa007fad88f587e4f8f5bb75c7645d1bdbccaffe8edb11c717b927ab672cadaa",
    "1.3.0": "25ced1e96041a72c328c3f7ab14a2772086ae6780918acfacc4c06c7bc6d0eac",
    "1.3.1": "6c7e3a8c4cf9d96f32ddbc768197f39b3dc1fe3f4a2b0038c77284692e4454f1",
}

# Each file of datapackage/reference/ (the official SHACL shapes the tests check dcat.ttl against, and where they come
# from), by path in it, and the SHA-256 of its bytes, pinned as the source texts are: a pull request cannot relax
# the shapes together with the metadata they check. `import-reference` copies new ones; their hashes go here.
REFERENCE_SHA256 = {
    "dcat-ap-dk/README.md": "10c33e2f05d2a4d5e90e77dfb619b3cad4aa7a685b8848a8e80a3a93a3d4435c",
    "dcat-ap-dk/SOURCES.md": "c8fe366acc029c1877dd00b249dddcaccdc8d4d21f4d0789c9e2d874d6900d6e",
    "dcat-ap-dk/basic-example1.ttl": "29ca782b206d03e42219dc1228dd59ef3fb108c8c80eeb70a81a58104d95c776",
    "dcat-ap-dk/dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl": "08c678feb08f0fca13f2c5d16d6baaae2d09aa66a247c35b17889731b908dc9f",
    "dcat-ap-dk/dcat-ap-dk_2.0.2_shacl_shapes.ttl": "6bc4a5ec041c72922a22348ab111c7e73d92526a6c708076ff4c03b336a99ade",
    "dcat-ap/README.md": "9a12a43ab47f2313356c935748e5ba40154fe082bd613b3effb6e077a2303fa6",
    "dcat-ap/SOURCES.md": "a4a5b2aae3c3290e31c7384d835cde8a4383b975df7fb658819666da099576ae",
    "dcat-ap/dcat-ap_3.0.0_range.ttl": "24d3bfd0fa17a3d0e877c9ebb91c8174124e5038538e1bf081b2cb679ad0f1b2",
    "dcat-ap/dcat-ap_3.0.0_shapes.ttl": "1a033f9936fc3ba3eae1107c398ff8664f4475046bf185132b8097b45aaf7715",
    "dcat-ap/dcat-ap_3.0.0_shapes_recommended.ttl": "9afbf23f1f56d10d6839259684934137e20506a9aedce0249b619bbc593b9abd",
}


class Paths:
    """The project's files and folders under `root`. Two Paths are equal when their roots are."""

    def __init__(self, root: Path):
        self.root = root = Path(root).resolve()
        # Hand-kept data package (the single source of every published figure).
        self.datapackage_dir = root / "datapackage"
        self.datapackage_json = self.datapackage_dir / "datapackage.json"
        self.data_dir = self.datapackage_dir / "data"
        # The two source documents as text (imported by `import-reference`); `validate` finds every quote in them.
        self.sources_dir = self.datapackage_dir / "sources"
        # The submission standard, ready for a future mapping round (its own small package).
        self.submission_dir = self.datapackage_dir / "submission"
        self.submission_json = self.submission_dir / "datapackage.json"
        # Official SHACL shapes, copied from ../shared by `import-reference` (tests validate the DCAT metadata
        # against them): DCAT-AP-DK 2.0.2 (the Danish profile) and DCAT-AP 3.0.0 (what data.europa.eu harvests).
        self.dcat_shapes_dir = self.datapackage_dir / "reference" / "dcat-ap-dk"
        self.dcat_ap_shapes_dir = self.datapackage_dir / "reference" / "dcat-ap"
        # Zenodo's GitHub integration reads this file when a release is made (generated; a test keeps it current).
        self.zenodo_json = root / ".zenodo.json"
        # The citation file: version and date set by `release`; keywords and authors written from datapackage.json
        # by `zenodo`; the DOI Zenodo gives (`doi`, `identifiers`) entered by hand (CONTRIBUTING.md).
        self.citation_cff = root / "CITATION.cff"
        # Hand-written page templates (Jinja + Markdown), styles and static assets.
        self.docs_dir = root / "docs"
        self.mkdocs_yml = root / "mkdocs.yml"
        self.changelog = root / "CHANGELOG.md"
        self.releases_dir = root / "releases"  # every released version's downloads, frozen (`release`)
        # Inputs a project may not have yet: releases/ appears with its first release (the stages read it if it is
        # there), so a stage is not stopped for want of it.
        self.optional_inputs = frozenset({self.releases_dir})
        self._generated(root)
        # Outside the repository: only the maintainer command `import-reference` reads these;
        # the build, `validate` and the tests never do.
        self.shared_dir = root.parent / "shared"
        self.shared_reference_dir = self.shared_dir / "reference"
        self.shared_sources_dir = self.shared_dir / "sources"

    def _generated(self, root: Path) -> None:
        """What the build writes (git-ignored)."""
        self.build_dir = root / "build"
        self.derived_dir = self.build_dir / "derived"
        self.charts_dir = self.build_dir / "charts"
        self.cache_dir = self.build_dir / ".cache"  # what stages keep between builds; `build --force` empties it
        self.chart_cache_dir = self.cache_dir / "charts"  # the charts stage's rendered images, by the specs they show
        self.stamps_dir = self.build_dir / ".stamps"  # each stage's last successful run (core/freshness.py)
        self.downloads_dir = self.build_dir / "downloads"
        self.published_datapackage_json = self.downloads_dir / "datapackage.json"  # descriptor + derived tables
        self.sha256sums = self.downloads_dir / "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks every download
        self.dcat_ttl = self.downloads_dir / "dcat.ttl"  # DCAT-AP 3.0.0 and DCAT-AP-DK 2.0.2 (Turtle)
        self.dcat_jsonld = self.downloads_dir / "dcat.jsonld"  # the same graph as JSON-LD
        self.build_docs_dir = self.build_dir / "docs"  # what mkdocs reads (docs_dir in mkdocs.yml)
        self.build_docs_en_dir = self.build_dir / "docs-en"  # the English edition (docs_dir in mkdocs.en.yml)
        self.site_dir = root / "site"

    @classmethod
    def checkout(cls) -> "Paths":
        """The project this code is part of."""
        return cls(CODE_ROOT)

    def shown(self, path: Path) -> str:
        """A path as a maintainer reads it: relative to the project folder when it is inside it."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def __eq__(self, other) -> bool:
        return isinstance(other, Paths) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"Paths({str(self.root)!r})"
