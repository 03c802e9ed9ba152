"""Every frozen release of the checkout is pinned, and every pin is a release (core/paths.py's RELEASE_MANIFEST_SHA256).

validate refuses a pinned release whose manifest changed (red team 54, finding 2); a release nobody pinned would be
held only by its manifest, which the same pull request can rewrite. `make release` prints the line to add
(CONTRIBUTING, step 4), and the recipes' plays add it (tests/e2e/test_recipes.py)."""

import hashlib

from build_scripts.commands.releases import frozen_versions
from build_scripts.core.paths import RELEASE_MANIFEST_SHA256
from conftest import CHECKOUT


def test_every_frozen_release_is_pinned_and_every_pin_is_a_release():
    assert list(RELEASE_MANIFEST_SHA256) == frozen_versions(CHECKOUT)


def test_each_pin_is_its_releases_manifest():
    for version, pinned in RELEASE_MANIFEST_SHA256.items():
        manifest = CHECKOUT.releases_dir / f"v{version}" / "manifest.json"
        assert hashlib.sha256(manifest.read_bytes()).hexdigest() == pinned, version
