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

# Official DCAT-AP-DK 2.0.2 SHACL shapes, copied from ../shared by `import-reference` (tests validate against them).
DCAT_SHAPES_DIR = DATAPACKAGE_DIR / "reference" / "dcat-ap-dk"
DCAT_SHAPES = DCAT_SHAPES_DIR / "dcat-ap-dk_2.0.2_shacl_shapes.ttl"
# Zenodo's GitHub integration reads this file when a release is made (generated; a test keeps it up to date).
ZENODO_JSON = ROOT / ".zenodo.json"

# Hand-written page templates (Jinja + Markdown), styles and static assets.
DOCS_DIR = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
CHANGELOG = ROOT / "CHANGELOG.md"
RELEASES_DIR = ROOT / "releases"  # every released version's downloads, frozen (`python -m build_scripts release`)

# Generated, git-ignored.
BUILD_DIR = ROOT / "build"
DERIVED_DIR = BUILD_DIR / "derived"
CHARTS_DIR = BUILD_DIR / "charts"
DOWNLOADS_DIR = BUILD_DIR / "downloads"
PUBLISHED_DATAPACKAGE_JSON = DOWNLOADS_DIR / "datapackage.json"  # the repository's descriptor + derived tables
SHA256SUMS = DOWNLOADS_DIR / "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks every downloaded file
DCAT_TTL = DOWNLOADS_DIR / "dcat.ttl"  # DCAT-AP-DK metadata (Turtle)
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


def stage_files() -> dict[str, dict[str, list[Path]]]:
    """The files each build stage reads (inputs) and writes (outputs), in the order of the build.

    A function, not a constant, so that it follows the paths above when a test points them elsewhere.
    Folders a stage fills with many files are represented by the files the next stages rely on.
    `python -m build_scripts STAGE` checks the inputs first and, if one is missing, names the stage that
    writes it (cli.missing_input).
    """
    package = [DATAPACKAGE_JSON]
    derived = [DERIVED_DIR / f"{name}.csv" for name in ("areas", "regions", "reconciliation")]
    charts = [CHARTS_DIR / "expenditure-by-area.vl.json", CHARTS_DIR / "expenditure-by-area.svg",
              CHARTS_DIR / "expenditure-by-area.meta.json", CHARTS_DIR / "expenditure-by-area.png",
              CHARTS_DIR / "expenditure-by-area-en.png"]  # the Open Graph image of pages without a chart
    downloads = [DOWNLOADS_DIR / "datapackage.json", DOWNLOADS_DIR / "manifest.json"]
    docs = [BUILD_DOCS_DIR / "index.md", BUILD_DOCS_EN_DIR / "index.md"]
    return {
        "validate": {"inputs": package, "outputs": []},
        "derive": {"inputs": package, "outputs": derived},
        "charts": {"inputs": package + derived[:2], "outputs": charts},
        "downloads": {"inputs": package + [SUBMISSION_JSON] + derived, "outputs": downloads},
        "pages": {"inputs": [MKDOCS_YML, CHANGELOG] + derived + charts + downloads, "outputs": docs},
        "site": {"inputs": [MKDOCS_YML, MKDOCS_EN_YML] + docs, "outputs": [SITE_DIR / "index.html", SITE_DIR / "en" / "index.html"]},
    }
