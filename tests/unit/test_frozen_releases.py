"""Frozen releases as validate and the downloads stage read them (red team 54, finding 2): a pinned release's
manifest, and any release's descriptor and figure tables' keys."""

import hashlib
import json
import shutil

import pytest

from build_scripts.commands import releases
from build_scripts.core.paths import RELEASE_MANIFEST_SHA256, Paths
from build_scripts.stages.validate import files
from conftest import CHECKOUT


def test_a_rewritten_release_and_its_manifest_are_refused(tmp_path):
    """Red team 54, finding 2: a frozen CSV's column renamed, and the manifest written again to match, passed
    validate; the downloads stage then stopped with KeyError: 'area_id'."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.releases_dir / "v1.0.0", root / "releases" / "v1.0.0")
    (root / "releases" / "v1.0.0" / "manifest.json").write_text("[]\n", encoding="utf-8")
    actual = hashlib.sha256(b"[]\n").hexdigest()
    assert [str(p) for p in files.release_problems(root)] == [
        "releases/v1.0.0/manifest.json: manifest.json er ikke det, udgave 1.0.0 blev lavet med (dets SHA-256 er "
        f"{actual}; build_scripts/core/paths.py fastlåser "
        f"{RELEASE_MANIFEST_SHA256['1.0.0']}): en frossen udgave ændres aldrig, og hele dens indhold er udgivet og "
        "citeret. Hent mappen igen fra git (git checkout origin/main -- releases/v1.0.0). | manifest.json is not the "
        "one release 1.0.0 was made with (its SHA-256 is "
        f"{actual}; build_scripts/core/paths.py pins "
        f"{RELEASE_MANIFEST_SHA256['1.0.0']}): a frozen release never changes, and all of it is published and cited. "
        "Restore the folder from git (git checkout origin/main -- releases/v1.0.0)."]


def test_an_unpinned_release_is_held_to_the_floor(tmp_path):
    """A release not pinned yet (made, its pin not added): its descriptor's texts and its figure tables' keys."""
    import json
    folder = tmp_path / "project" / "releases" / "v9.0.0"
    shutil.copytree(CHECKOUT.releases_dir / "v1.3.1", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = "Kommunernes \u202eintegrationsindsatser"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    table = folder / "data" / "area_figures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("area_id,", "area,", 1), encoding="utf-8")
    said = [(p.file, p.field, p.code) for p in files.release_problems(tmp_path / "project")]
    assert said[-1] == ("releases/v9.0.0/data/area_figures.csv", None, "release_table_columns")
    assert said[0][:2] == ("releases/v9.0.0/datapackage.json", "title") and len(said) == 2


def test_the_downloads_stage_run_alone_names_a_frozen_table_without_its_key(tmp_path):
    """The downloads stage reads each frozen figure table by its key (figures.history): without the key's columns it
    stopped with KeyError: 'area_id'; now check_releases stops it in one line, as for any damaged release."""
    root = tmp_path / "project"
    folder = root / "releases" / "v1.3.1"
    shutil.copytree(CHECKOUT.releases_dir / "v1.3.1", folder)
    table = folder / "data" / "area_figures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("area_id,", "area,", 1), encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        if entry["path"] == "data/area_figures.csv":
            entry["bytes"], entry["sha256"] = table.stat().st_size, hashlib.sha256(table.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "SHA256SUMS").write_text(releases.checksums_text(
        manifest, hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()), encoding="utf-8")
    with pytest.raises(releases.ReleaseChanged) as stopped:
        releases.check_releases(Paths(root))
    assert str(stopped.value).split(" / ")[1] == (
        "releases/v1.3.1/ is not a complete release: data/area_figures.csv lacks the columns of its figures' key. Only "
        "`make release` makes one: delete the folder if that version was never released, or restore it (`git checkout "
        "-- releases/v1.3.1/`).")


def test_a_release_nobody_pinned_is_only_the_packages_own(tmp_path):
    """Red team 55, finding 7: a made-up releases/v1.2.1 with its own manifest rewrote every figure's published
    history. An unpinned release is the package's own version, frozen in this pull request; any other is refused."""
    root = tmp_path / "project"
    shutil.copytree(CHECKOUT.releases_dir / "v1.3.1", root / "releases" / "v1.2.1")
    said = [(p.file, p.code) for p in files.release_problems(root, "1.3.1")]
    assert said == [("releases/v1.2.1/manifest.json", "release_unpinned")]
    assert files.release_problems(root, "1.2.1") == []


def test_a_checksum_file_that_differs_from_the_manifest_is_named(tmp_path):
    """Red team 55, finding 6: SHA256SUMS (outside the manifest) was published with a wrong checksum, a bidi
    control and a foreign address; and a file of that name deeper in the folder was never compared."""
    root = tmp_path / "project"
    folder = root / "releases" / "v1.3.1"
    shutil.copytree(CHECKOUT.releases_dir / "v1.3.1", folder)
    sums = folder / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + "0" * 64 + "  https://evil.example/\u202ex\n", encoding="utf-8")
    with pytest.raises(releases.ReleaseChanged) as stopped:
        releases.check_releases(Paths(root))
    assert "SHA256SUMS" in str(stopped.value)
    shutil.copyfile(CHECKOUT.releases_dir / "v1.3.1" / "SHA256SUMS", sums)
    (folder / "data" / "SHA256SUMS").write_text("x\n", encoding="utf-8")
    with pytest.raises(releases.ReleaseChanged) as stopped:
        releases.check_releases(Paths(root))
    assert "data/SHA256SUMS" in str(stopped.value)
