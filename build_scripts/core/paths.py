"""Every path the project reads or writes, in one place.

This module imports nothing from the project, so any stage can import it.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# Hand-kept data package (the single source of every published figure).
DATAPACKAGE_DIR = ROOT / "datapackage"
DATAPACKAGE_JSON = DATAPACKAGE_DIR / "datapackage.json"
DATA_DIR = DATAPACKAGE_DIR / "data"
# The two source documents as text (imported by `import-reference`); `validate` finds every quote in them.
SOURCES_DIR = DATAPACKAGE_DIR / "sources"
# Which text file holds which document (source_id in sources.csv -> file name in SOURCES_DIR).
SOURCE_TEXT_FILES = {
    "rapport-2022": "002_b3c63c548a7e9823.txt",
    "svar-2023": "000_a48a0bc8c627c407.txt",
}
# The submission standard, ready for a future mapping round (its own small package).
SUBMISSION_DIR = DATAPACKAGE_DIR / "submission"
SUBMISSION_JSON = SUBMISSION_DIR / "datapackage.json"

# Official SHACL shapes, copied from ../shared by `import-reference` (tests validate the DCAT metadata against them):
# DCAT-AP-DK 2.0.2 (the Danish profile) and DCAT-AP 3.0.0 (the European profile data.europa.eu harvests).
DCAT_SHAPES_DIR = DATAPACKAGE_DIR / "reference" / "dcat-ap-dk"
DCAT_SHAPES = DCAT_SHAPES_DIR / "dcat-ap-dk_2.0.2_shacl_shapes.ttl"
DCAT_AP_SHAPES_DIR = DATAPACKAGE_DIR / "reference" / "dcat-ap"
# Zenodo's GitHub integration reads this file when a release is made (generated; a test keeps it up to date).
ZENODO_JSON = ROOT / ".zenodo.json"
# The citation file: version and date set by `release`; keywords and authors written from datapackage.json by
# `zenodo`; the DOI Zenodo gives (`doi`, `identifiers`) entered by hand (CONTRIBUTING.md).
CITATION_CFF = ROOT / "CITATION.cff"

# Hand-written page templates (Jinja + Markdown), styles and static assets.
DOCS_DIR = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
CHANGELOG = ROOT / "CHANGELOG.md"
RELEASES_DIR = ROOT / "releases"  # every released version's downloads, frozen (`python -m build_scripts release`)

# Generated, git-ignored.
BUILD_DIR = ROOT / "build"
DERIVED_DIR = BUILD_DIR / "derived"
CHARTS_DIR = BUILD_DIR / "charts"
CACHE_DIR = BUILD_DIR / ".cache"  # what stages keep between builds to save time; `build --force` empties it
CHART_CACHE_DIR = CACHE_DIR / "charts"  # the charts stage's rendered images, by the specs they show
DOWNLOADS_DIR = BUILD_DIR / "downloads"
PUBLISHED_DATAPACKAGE_JSON = DOWNLOADS_DIR / "datapackage.json"  # the repository's descriptor + derived tables
SHA256SUMS = DOWNLOADS_DIR / "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks every downloaded file
DCAT_TTL = DOWNLOADS_DIR / "dcat.ttl"  # DCAT metadata, DCAT-AP 3.0.0 and DCAT-AP-DK 2.0.2 (Turtle)
DCAT_JSONLD = DOWNLOADS_DIR / "dcat.jsonld"  # the same graph as JSON-LD
BUILD_DOCS_DIR = BUILD_DIR / "docs"  # what mkdocs reads (docs_dir in mkdocs.yml)
BUILD_DOCS_EN_DIR = BUILD_DIR / "docs-en"  # the English edition (docs_dir in mkdocs.en.yml)
MKDOCS_EN_YML = ROOT / "mkdocs.en.yml"
SITE_DIR = ROOT / "site"

# Outside the repository: only the maintainer command `import-reference` reads these;
# the build, `validate` and the tests never do.
SHARED_DIR = ROOT.parent / "shared"
SHARED_REFERENCE_DIR = SHARED_DIR / "reference"
SHARED_SOURCES_DIR = SHARED_DIR / "sources"

