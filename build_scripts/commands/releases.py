"""Releases: freeze a version's downloads once, and compare releases by what the files say.

Reads  build/downloads/ (this build's files), releases/vX.Y.Z/ (every frozen release),
       datapackage/datapackage.json, CITATION.cff and CHANGELOG.md (the version and its date)
Writes releases/vX.Y.Z/ (`release` only; the one place where a version is frozen);
       `release` also sets the version in datapackage.json and CITATION.cff, adds the
       version's heading to CHANGELOG.md and writes .zenodo.json and CITATION.cff's authors and
       keywords from datapackage.json (as `zenodo` does); the pages stage copies the releases into the site

A released version's files never change. They are compared by content, not bytes, so a library update
that writes the same cells with other bytes does not count as a change: a workbook by the values of each
sheet's cells, a ZIP by its members (compared the same way, recursively), anything else (CSV, JSON, …)
by its bytes. The manifest (sizes and checksums) is not compared: it describes the bytes. It does make a folder a
release: one whose manifest.json is missing or does not match the files it holds stops `release` and the stages
that read releases/, named in one line (release_problem).
"""

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

from build_scripts.core import copying
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import Phrase, languages, say
from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt, version_key
from build_scripts.stages.downloads import metadata
from build_scripts.stages.validate import contract

# Strict SemVer X.Y.Z without leading zeros: the form `validate` requires of the package's version.
VERSION_RE = re.compile(contract.VERSION)
NOT_COMPARED = {"manifest.json"}


class ReleaseChanged(BuildStopped):
    """A released version's files would change, or a release was asked for that cannot be made."""


def frozen_versions(paths: Paths) -> list[str]:
    if not paths.releases_dir.exists():
        return []
    found = [p.name[1:] for p in paths.releases_dir.glob("v*") if p.is_dir() and VERSION_RE.fullmatch(p.name[1:])]
    return sorted(found, key=version_key)


CHECKSUMS = {"manifest.json", "SHA256SUMS"}  # what describes a release's files, beside them (at its top)


def checksums_text(manifest: list[dict], manifest_sha256: str) -> str:
    """SHA256SUMS as `sha256sum` writes it: every file of the manifest and the manifest itself, by path."""
    sums = manifest + [{"path": "manifest.json", "sha256": manifest_sha256}]
    return "".join(f"{m['sha256']}  {m['path']}\n" for m in sorted(sums, key=lambda m: m["path"]))
MODIFIED = "http://purl.org/dc/terms/modified"


def release_dates(paths: Paths) -> dict[str, tuple[str, str] | None]:
    """Each frozen version -> (its release date, the frozen file that records it), or None where none does. The
    date is the one its data set (<site>data/vX.Y.Z/#dataset) has as dct:modified in the dcat.jsonld of the oldest
    release that lists it: its own, or, for the releases made before the catalogue was (1.0.x), the next one's. A
    catalogue that cannot be read records nothing (check_releases names a damaged folder)."""
    dates: dict[str, tuple[str, str] | None] = dict.fromkeys(frozen_versions(paths))
    for release in dates:
        record = release_dir(paths, release) / "dcat.jsonld"
        try:
            nodes = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for version, day in _catalogued(nodes):
            if version in dates and dates[version] is None:
                dates[version] = (day, f"releases/v{release}/dcat.jsonld")
    return dates


def _catalogued(nodes) -> list[tuple[str, str]]:
    """(version, dct:modified) of every version's data set a catalogue (dcat.jsonld, expanded JSON-LD) lists."""
    found = []
    for node in nodes if isinstance(nodes, list) else []:
        listed = re.search(r"/data/v([^/]+)/#dataset$", str(node.get("@id", ""))) if isinstance(node, dict) else None
        modified = node.get(MODIFIED) if listed else None
        first = modified[0] if isinstance(modified, list) and modified else None
        if isinstance(first, dict) and isinstance(first.get("@value"), str):
            found.append((listed.group(1), first["@value"]))
    return found


def release_problem(paths: Paths, version: str) -> str | None:
    """Why releases/vX.Y.Z/ is not a complete release, in one line, or None. A release is complete when its
    manifest.json lists every file it holds (but itself and SHA256SUMS), each with its size and SHA-256: `release`
    writes it so, in one rename. A folder without one (made by hand, or left half-copied or half-deleted) is no
    release, and the build would publish, or fail on, whatever it holds."""
    folder = release_dir(paths, version)
    try:
        entries = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        listed = {entry["path"]: entry for entry in entries}
        listed = {path: (int(entry["bytes"]), str(entry["sha256"])) for path, entry in listed.items()}
    except FileNotFoundError:
        return _incomplete(version, Phrase("release_no_manifest"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return _incomplete(version, Phrase("release_bad_manifest"))
    held = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - CHECKSUMS
    for key, names in (("release_files_missing", sorted(set(listed) - held)),
                       ("release_files_unlisted", sorted(held - set(listed))),
                       ("release_files_differ", [name for name in sorted(set(listed) & held)
                                                 if _size_and_sum(folder / name) != listed[name]])):
        if names:
            return _incomplete(version, Phrase(key, files=_some(names)))
    return _sums_problem(folder, version, entries) or _columns_problem(folder, version)


def _sums_problem(folder: Path, version: str, manifest: list) -> str | None:
    """SHA256SUMS, where the release has one (1.0.x have none), says what its manifest says (red team 55, finding 6:
    one published with a wrong checksum, a bidi control and a foreign address passed)."""
    sums = folder / "SHA256SUMS"
    if not sums.exists():
        return None
    expected = checksums_text(manifest, _size_and_sum(folder / "manifest.json")[1])
    try:
        same = sums.read_text(encoding="utf-8") == expected
    except (OSError, UnicodeDecodeError):
        same = False
    return None if same else _incomplete(version, Phrase("release_files_differ", files="SHA256SUMS"))


def _columns_problem(folder: Path, version: str) -> str | None:
    """Why a frozen figure table cannot give its figures' history (its key's columns missing), in one line, or None:
    the downloads stage reads each (figures.history); validate names it too (files.release_problems)."""
    from build_scripts.stages.downloads import figures

    for table in figures.TABLES:
        if missing_key_columns(folder / "data" / f"{table}.csv", table) != []:
            return _incomplete(version, Phrase("release_table_keys", files=f"data/{table}.csv"))
    return None


def missing_key_columns(path: Path, table: str) -> list[str] | None:
    """The columns of a figure's key (figures.key_columns) that a frozen figure table's header lacks: [] for none (or
    a release without the table); None where the file cannot be read as UTF-8 CSV."""
    from build_scripts.stages.downloads import figures

    if not path.exists():
        return []
    try:
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return [column for column in figures.key_columns(table) if column not in header]


def _incomplete(version: str, why) -> str:
    return say("release_incomplete", folder=f"releases/v{version}", why=why)


def _some(names: list[str]) -> str:
    """At most five names, and how many more."""
    return ", ".join(excerpt(name) for name in names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else "")


def _size_and_sum(path: Path) -> tuple[int, str]:
    with path.open("rb") as fh:
        return path.stat().st_size, hashlib.file_digest(fh, "sha256").hexdigest()


def check_releases(paths: Paths) -> None:
    """Raise ReleaseChanged naming the first folder of releases/ that is not a complete release (release_problem);
    called before anything reads them: `release`, and the downloads and pages stages."""
    for version in frozen_versions(paths):
        problem = release_problem(paths, version)
        if problem:
            raise ReleaseChanged(problem)


def next_patch(paths: Paths, *versions: str) -> str:
    """The patch release after the newest of `versions` and every frozen version."""
    newest = max([*versions, *frozen_versions(paths)], key=version_key)
    major, minor, patch = version_key(newest)
    return f"{major}.{minor}.{patch + 1}"


def suggested(paths: Paths, current: str) -> str:
    """The version to release next: the package's own if it is newer than every frozen one, else its next patch."""
    frozen = frozen_versions(paths)
    if not frozen or version_key(current) > version_key(frozen[-1]):
        return current
    return next_patch(paths, current)


def release_dir(paths: Paths, version: str) -> Path:
    return paths.releases_dir / f"v{version}"


def published_downloads(paths: Paths, dp: dict) -> Path:
    """The folder whose files are published for this version: frozen if released, else this build's."""
    frozen = release_dir(paths, dp["version"])
    return frozen if frozen.exists() else paths.downloads_dir


def _bytes_content(name: str, data: bytes):
    """What a file says, by its kind (see the module's docstring)."""
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return [(ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
        finally:
            wb.close()
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return sorted((member, _bytes_content(member, zf.read(member)))
                          for member in zf.namelist() if not member.endswith("/"))
    return data


def content(path: Path):
    """What a file says: a workbook by its cells per sheet, a ZIP by its members' content, else its bytes."""
    return _bytes_content(path.name, path.read_bytes())


def changed_files(built: Path, frozen: Path) -> list[str]:
    """Files (relative paths) that differ in content between two download folders, or exist in one only."""
    def files(folder):
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name not in NOT_COMPARED}

    a, b = files(built), files(frozen)
    return sorted(a ^ b) + sorted(p for p in a & b if _differ(built / p, frozen / p))


def _differ(one: Path, other: Path) -> bool:
    """Whether two files say different things (content()). The same bytes say the same: a workbook or a ZIP is
    opened only when the bytes differ (a build of a released version writes the same bytes: every build checks)."""
    data, other_data = one.read_bytes(), other.read_bytes()
    return data != other_data and _bytes_content(one.name, data) != _bytes_content(other.name, other_data)


def remedy(paths: Paths, version: str, changed: list[str]) -> str:
    """The message after a released version's files would change: which files, and the exact way out."""
    files = ", ".join(changed[:5]) + (f" (+{len(changed) - 5})" if len(changed) > 5 else "")
    return say("release_changed_files", folder=f"releases/v{version}", files=files, version=version,
               after=next_patch(paths, version))


def check_frozen(paths: Paths, version: str) -> None:
    """Raise ReleaseChanged if this build's downloads differ in content from the frozen release of `version`."""
    frozen = release_dir(paths, version)
    if frozen.exists():
        changed = changed_files(paths.downloads_dir, frozen)
        if changed:
            raise ReleaseChanged(remedy(paths, version, changed))


def publish_downloads(site, out: Path) -> None:
    """data/vX.Y.Z/ for every release, data/latest/ for this version, and the Atom feed of releases.

    A released version's files are frozen in releases/vX.Y.Z/ and published as they are (the downloads stage has
    already stopped the build if this build's files for a released version say something else: check_frozen).
    """
    for version in frozen_versions(site.paths):
        copying.copy_tree(release_dir(site.paths, version), out / "data" / f"v{version}")
    source = published_downloads(site.paths, site.dp)
    if source == site.paths.downloads_dir:
        copying.copy_tree(source, out / "data" / f"v{site.dp['version']}")
    copying.copy_tree(source, out / "data" / "latest")
    (out / "feed.xml").write_text(metadata.atom_feed(site.dp, site.site_url[languages()[0].code], site.changelog),
                                  encoding="utf-8")


# --- `python -m build_scripts release --version X.Y.Z` -------------------------------------------------------

def _sub_once(pattern: str, replacement: str, text: str, what: str) -> str:
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    if not count:
        raise ReleaseChanged(f"{what}: {say('release_field_not_found')} ({pattern})")
    return new


def set_version(paths: Paths, version: str, today: str) -> list[str]:
    """Write `version` (and today's date) into datapackage.json, CITATION.cff and CHANGELOG.md.

    CHANGELOG.md's entry for the version (written before: changelog_stub, finished_entry) gets today's date, the
    release date. Returns what changed.
    """
    done = []
    dp_text = paths.datapackage_json.read_text(encoding="utf-8")
    current = json.loads(dp_text)["version"]
    # Only the one line changes (the file keeps its layout); the result must be the package's top-level version.
    new = _sub_once(rf'^(\s*"version"\s*:\s*)"{re.escape(current)}"', rf'\g<1>"{version}"', dp_text, "datapackage.json")
    if json.loads(new)["version"] != version:
        raise ReleaseChanged(say("release_version_not_found"))
    if new != dp_text:
        paths.datapackage_json.write_text(new, encoding="utf-8")
        done.append("datapackage.json")
    cff_path = paths.citation_cff
    cff = cff_path.read_text(encoding="utf-8")
    new = _sub_once(r"^version: .*$", f"version: {version}", cff, "CITATION.cff")
    new = _sub_once(r"^date-released: .*$", f"date-released: {today}", new, "CITATION.cff")
    if new != cff:
        cff_path.write_text(new, encoding="utf-8")
        done.append("CITATION.cff")
    log = paths.changelog.read_text(encoding="utf-8")
    heading = re.compile(rf"^## {re.escape(version)} — \d{{4}}-\d{{2}}-\d{{2}}$", flags=re.M)
    new = heading.sub(f"## {version} — {today}", log, count=1)  # the release date; the entry is written already
    if new != log:
        paths.changelog.write_text(new, encoding="utf-8")
        done.append("CHANGELOG.md")
    # .zenodo.json (Zenodo's GitHub integration) and CITATION.cff's authors and keywords follow the descriptor.
    return done + [name for name in write_citation_metadata(paths) if name not in done]


def finished_entry(paths: Paths, version: str) -> bool:
    """Whether CHANGELOG.md has an entry for `version` with a text after every language's mark and no placeholder."""
    entry = next((e for e in metadata.changelog_entries(paths.changelog.read_text(encoding="utf-8"))
                  if e["version"] == version), None)
    if entry is None:
        return False
    texts = [entry["text"].get(lang.code, "") for lang in languages()]
    return all(texts) and not any(text.startswith(tuple(placeholders().values())) for text in texts)


def newest_entry(paths: Paths) -> str | None:
    """The newest version CHANGELOG.md has an entry for (by number, wherever it stands), or None."""
    versions = [e["version"] for e in metadata.changelog_entries(paths.changelog.read_text(encoding="utf-8"))]
    return max(versions, key=version_key) if versions else None


def changelog_stub(paths: Paths, version: str, today: str) -> bool:
    """Put the heading `## X.Y.Z — YYYY-MM-DD` with a placeholder after each language's mark above the newest entry,
    if the changelog has no entry for `version`. Returns whether it wrote one."""
    log = paths.changelog.read_text(encoding="utf-8")
    if re.search(rf"^## {re.escape(version)} — ", log, flags=re.M):
        return False
    stub = f"## {version} — {today}\n\n" + "".join(
        f"{metadata.language_mark(code)}\n{text}\n\n" for code, text in placeholders().items())
    first = re.search(r"^## ", log, flags=re.M)
    at = first.start() if first else len(log)
    paths.changelog.write_text(log[:at] + stub + log[at:], encoding="utf-8")
    return True


def write_citation_metadata(paths: Paths) -> list[str]:
    """Write .zenodo.json and CITATION.cff's authors and keywords from datapackage.json (`python -m build_scripts
    zenodo`, which validates the package first; `release` does it too, and its build validates what it wrote, or
    puts the files back). Returns the files that changed."""
    from build_scripts.core import package

    dp = package.descriptor(paths.datapackage_json)
    done = []
    zenodo = metadata.zenodo_json(dp, package.records("sources", paths.datapackage_json))
    if not paths.zenodo_json.exists() or paths.zenodo_json.read_text(encoding="utf-8") != zenodo:
        paths.zenodo_json.write_text(zenodo, encoding="utf-8")
        done.append(".zenodo.json")
    cff = paths.citation_cff.read_text(encoding="utf-8")
    new = metadata.citation_cff(dp, cff)
    if new != cff:
        paths.citation_cff.write_text(new, encoding="utf-8")
        done.append("CITATION.cff")
    return done


def placeholders() -> dict[str, str]:
    """The text `make release` writes under a new changelog heading, by language code (the language files'
    release_placeholder; validate's files.py refuses an entry that still holds it)."""
    return {lang.code: lang.message("release_placeholder") for lang in languages()}


PLACEHOLDERS = placeholders()
# What `release` changes in the working tree besides releases/vX.Y.Z/ (restored as they were if it fails).
VERSION_FILES = ("datapackage/datapackage.json", "CITATION.cff", "CHANGELOG.md", ".zenodo.json")


def _partial(paths: Paths, version: str) -> Path:
    """Where a release's files are copied before they become releases/vX.Y.Z/ in one rename."""
    return paths.releases_dir / f".v{version}.partial"


def release(paths: Paths, version: str, build) -> str:
    """Set the version, build (with `build`, the CLI's whole build), and freeze the downloads.

    Raises ReleaseChanged with the remedy when the version is frozen already with other content, or is
    older than a frozen one. Releasing a frozen version again with the same content does nothing.
    """
    from build_scripts.core import package

    if not VERSION_RE.fullmatch(version):
        raise ReleaseChanged(say("release_version_form", version=version))
    check_releases(paths)  # a folder that is no complete release is named as such, not taken for a release
    current = package.descriptor(paths.datapackage_json)["version"]
    target = release_dir(paths, version)
    if target.exists():
        if version != current:
            raise ReleaseChanged(say("release_already_released", version=version, current=current,
                                     after=suggested(paths, current)))
        build(paths)  # stops with the remedy if the content differs
        return say("release_unchanged", version=version)
    if version_key(version) < version_key(current):
        raise ReleaseChanged(say("release_older", version=version, current=current, after=suggested(paths, current)))
    newer = [v for v in frozen_versions(paths) if version_key(v) >= version_key(version)]
    if newer:
        raise ReleaseChanged(say("release_not_newer", version=version, newest=newer[-1], after=suggested(paths, current)))
    ahead = newest_entry(paths)
    if ahead and version_key(ahead) > version_key(version):  # its heading would go below one `validate` refuses
        raise ReleaseChanged(say("release_changelog_ahead", version=version, newest=ahead))
    if not finished_entry(paths, version):  # the text goes into the frozen files (dcat's version notes): write it first
        changelog_stub(paths, version, date.today().isoformat())
        marks = ", ".join(metadata.language_mark(lang.code) for lang in languages())
        return say("release_needs_changelog", version=version, marks=marks)
    # A transaction: if anything below fails (or is interrupted), the version files are put back as they were
    # and no releases/vX.Y.Z/ exists. If the process is killed, running the same release again completes it:
    # the version files say the new version already, and releases/vX.Y.Z/ appears only by one rename.
    files = [paths.root / name for name in VERSION_FILES]
    before = {path: path.read_bytes() if path.exists() else None for path in files}
    shutil.rmtree(_partial(paths, version), ignore_errors=True)  # what a killed release left
    try:
        touched = set_version(paths, version, date.today().isoformat())
        build(paths)
        check_frozen(paths, version)
        paths.releases_dir.mkdir(exist_ok=True)
        copying.copy_tree(paths.downloads_dir, _partial(paths, version))
        _partial(paths, version).rename(target)
    except BaseException:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            elif not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        shutil.rmtree(_partial(paths, version), ignore_errors=True)
        print(f"[release] {say('release_restored', files=', '.join(VERSION_FILES), version=version)}", flush=True)
        raise
    count = sum(1 for p in target.rglob("*") if p.is_file())
    pin = f'"{version}": "{_size_and_sum(target / "manifest.json")[1]}",'
    return say("release_frozen", count=count, folder=f"releases/v{version}", touched=", ".join(touched) or "-", pin=pin)
