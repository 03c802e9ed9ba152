"""Every path the project reads or writes, in one place.

This module imports nothing from the project, so any stage can import it.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
# The submission standard for the next mapping round (its own small package).
SUBMISSION_DIR = DATAPACKAGE_DIR / "submission"
SUBMISSION_JSON = SUBMISSION_DIR / "datapackage.json"

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
BUILD_DOCS_DIR = BUILD_DIR / "docs"  # what mkdocs reads (docs_dir in mkdocs.yml)
BUILD_DOCS_EN_DIR = BUILD_DIR / "docs-en"  # the English edition (docs_dir in mkdocs.en.yml)
MKDOCS_EN_YML = ROOT / "mkdocs.en.yml"
SITE_DIR = ROOT / "site"

# Outside the repository: only the maintainer command `import-reference` reads these;
# the build, `validate` and the tests never do.
SHARED_DIR = ROOT.parent / "shared"
SHARED_REFERENCE_DIR = SHARED_DIR / "reference"
SHARED_SOURCES_DIR = SHARED_DIR / "sources"
