"""The package's files that are not tables, and the repository's files the build publishes. Used by `validate`.

- A non-table resource is parsed and checked, or refused: contract.FILE_FORMATS names the kinds the build knows
  (TopoJSON: strict JSON, a Topology with objects and arcs of finite numbers, whole-number positions where it has
  a transform, geometries of known types whose arc indexes exist, property texts by text.py; the region boundaries
  the downloads read, contract.BOUNDARIES, also a transform and the object geometry.OBJECT of polygons enclosing
  an area). Each problem is named by its JSON path (objects/stdin/geometries/3/arcs/0/2).
- CHANGELOG.md, beside datapackage/ (the changelog page, the Atom feed, the release dates of DCAT, BibTeX and
  the citations): every `## ` line is a heading `## X.Y.Z — YYYY-MM-DD` with a date that exists (a heading of
  another form would be dropped silently), the versions are unique and newest first, every entry has a text
  after each language's mark (`<!-- da -->`, `<!-- en -->`) and none is the placeholder `make release` writes
  (the language files' release_placeholder),
  every character passes text.py (a line break is a line break), and every link in it is https: or a path; no
  entry is for a version newer than the package's `version` or dated after the day of the build (the changelog
  page and the Atom feed would announce a release that does not exist, with links to files never built); once the
  project has frozen a release, every entry but the package's own version is a folder of releases/, and each entry
  of a frozen release has the date that release recorded (its catalogue, dcat.jsonld).
- mkdocs.yml (and each edition's MkDocs file, e.g. mkdocs.en.yml), beside datapackage/: the addresses the build
  puts paths after (extra.site_<code> of every edition, repo_url) are https with a path ending in '/' and no query
  or fragment (core/text.py is_base_address), each edition's address is its MkDocs file's site_url (the sitemap
  and the hreflang links are made of both), and extra.editions' urls are those addresses; and, once the package's
  rows are valid, each edition's nav lists exactly the pages the build writes (docs/'s pages and one per policy
  area: nav_problems), as `mkdocs build --strict` requires; and each says only what mkdocs_settings pins in code
  (its keys, Markdown extensions, plugins, hooks, folders and assets: pinned_problems).
- CITATION.cff, beside datapackage/: YAML without anchors, aliases or tags (!!binary, !!timestamp …) and nested at
  most MAX_YAML_DEPTH deep (read as a stream of events first, so nothing is expanded), then read as the downloads
  read it (read_citation: YAML 1.2's core schema, a date is its text, no key twice in a mapping), a mapping, every
  scalar's text (key or value, text or number) passes text.py, its dates (date-released …) are days that exist
  written YYYY-MM-DD, its URLs https:, and what the downloads read of it (metadata.doi_record) holds DOIs.
"""

import copy
import functools
import html
import json
import re
from pathlib import Path

from build_scripts.core.lang import ByLanguage, Phrase, languages
from build_scripts.core.paths import REFERENCE_SHA256
from build_scripts.core.text import YAML_TAG, excerpt, plain_yaml_loader
from build_scripts.stages.validate import contract, floor, jsonfile, text
from build_scripts.stages.validate.problem import Problem

HEADING = re.compile(r"^## (\S+) — (\S+)[ \t]*$")
MARK = re.compile(r"^<!-- ([a-z]{2}) -->[ \t]*$")


def placeholder_starts() -> ByLanguage:
    """The start of the text `make release` puts under a new heading, by language (the language files'
    release_placeholder, up to its colon); an entry that holds one is unfinished."""
    return ByLanguage.of(lambda lang: lang.message("release_placeholder").split(":")[0])


def resource_file_problems(res: dict, path: Path, name: str) -> list:
    """A non-table resource's file, parsed and checked by its format."""
    if res.get("format") == "topojson":
        return topojson_problems(path, name, boundaries=res.get("path") == contract.BOUNDARIES)
    return []  # any other format is refused in the descriptor (floor.descriptor_problems)


def topojson_problems(path: Path, name: str, boundaries: bool = False) -> list:
    """The file's problems, which are a function of its bytes, its name and `boundaries`: kept per content for the
    last few files (_topojson_problems), as a test run validates the same boundaries, each time in another copy of
    the package, hundreds of times. A file too large to read, or that cannot be read, is read as before."""
    try:
        data = path.read_bytes() if path.stat().st_size <= jsonfile.MAX_BYTES else None
    except OSError:
        data = None
    if data is None or len(data) > jsonfile.MAX_BYTES:
        return _topojson_file_problems(lambda: jsonfile.load(path), name, boundaries)
    return list(_topojson_problems(data, name, boundaries))


# Keyed by everything the problems depend on: the file's bytes (read once, so the problems are those of the bytes
# hashed), the name they give and whether the file is the boundaries; the rules themselves are code (text.py's,
# contract's, geometry's). Not by the path: the same bytes in another copy give the same problems.
@functools.lru_cache(maxsize=8)
def _topojson_problems(data: bytes, name: str, boundaries: bool) -> tuple:
    return tuple(_topojson_file_problems(lambda: jsonfile.loads(jsonfile.as_read(data)), name, boundaries))


def _topojson_file_problems(read, name: str, boundaries: bool) -> list:
    """The problems of the TopoJSON document `read()` gives (it raises what jsonfile.load raises)."""
    try:
        doc = read()
    except jsonfile.StrictJSONError as err:
        return [Problem.saying(err.phrase, name, err.line, err.where, kind="invalid_topojson")]
    except (ValueError, RecursionError) as err:
        return [Problem("topojson_not_json", name, getattr(err, "lineno", None), None, {"error": str(err)[:120]},
                        kind="invalid_topojson")]
    except UnicodeDecodeError:
        return [Problem("not_utf8", name, kind="wrong_encoding")]

    def bad(where, phrase: Phrase):
        return [Problem.saying(phrase, name, None, where, kind="invalid_topojson")]

    if not (isinstance(doc, dict) and doc.get("type") == "Topology" and isinstance(doc.get("objects"), dict)
            and doc["objects"] and isinstance(doc.get("arcs"), list)):
        return bad(None, Phrase("topojson_form"))
    for i, arc in enumerate(doc["arcs"]):
        if not (isinstance(arc, list) and arc and all(
                isinstance(p, list) and len(p) >= 2 and all(_finite(c) for c in p) for p in arc)):
            return bad(f"arcs/{i}", Phrase("topojson_arc"))
    transform = doc.get("transform")
    if transform is not None and not (isinstance(transform, dict) and all(
            isinstance(transform.get(k), list) and len(transform[k]) == 2 and all(_finite(c) for c in transform[k])
            for k in ("scale", "translate"))):
        return bad("transform", Phrase("topojson_transform"))
    for where, value in floor._walk(doc["objects"], ("objects",)):
        if isinstance(value, str):
            found = text.problem(value)
            if found:
                return [Problem.found(found, name, None, floor._where(where))]
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _finite(value):
            return bad(floor._where(where), Phrase("number_not_finite"))
    found = _quantized_problem(doc, boundaries) or _objects_problem(doc, boundaries)
    if not found and boundaries:
        found = _area_problem(doc)
    return bad(*found) if found else []


# What a geometry's "arcs" holds, by type: how deep the lists of arc indexes are nested.
ARC_DEPTH = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
POINT_TYPES = ("Point", "MultiPoint")


def _quantized_problem(doc: dict, boundaries: bool) -> tuple[str, Phrase] | None:
    """A file with a transform is quantized: its positions are whole numbers. The boundaries need the transform."""
    if "transform" not in doc:
        if boundaries:
            return ("transform", Phrase("topojson_needs_transform"))
        return None
    for i, arc in enumerate(doc["arcs"]):
        for j, position in enumerate(arc):
            if not all(isinstance(c, int) and not isinstance(c, bool) for c in position[:2]):
                return (f"arcs/{i}/{j}", Phrase("topojson_position_not_whole"))
    return None


def _objects_problem(doc: dict, boundaries: bool) -> tuple[str, Phrase] | None:
    """Every object is a geometry of a known type whose arc indexes exist; the boundaries' object geometry.OBJECT
    is a GeometryCollection of Polygon and MultiPolygon geometries."""
    from build_scripts.core import geometry

    if boundaries:
        regions = doc["objects"].get(geometry.OBJECT)
        if not (isinstance(regions, dict) and regions.get("type") == "GeometryCollection"
                and isinstance(regions.get("geometries"), list) and regions["geometries"]):
            return ("objects", Phrase("topojson_needs_object", object=geometry.OBJECT))
    for key, value in doc["objects"].items():
        allowed = ("Polygon", "MultiPolygon") if boundaries and key == geometry.OBJECT else None
        found = _geometry_problem(value, f"objects/{key}", len(doc["arcs"]), allowed)
        if found:
            return found
    return None


def _geometry_problem(node, where: str, arcs: int, allowed: tuple | None) -> tuple[str, Phrase] | None:
    """One geometry (a collection's members in turn): a known type, or null, whose "arcs" are nested as its type
    says and name arcs that exist. `allowed`: the types a collection's members may have."""
    kind = node.get("type") if isinstance(node, dict) else "?"
    if kind == "GeometryCollection":
        members = node.get("geometries")
        if not isinstance(members, list):
            return (f"{where}/geometries", Phrase("topojson_collection_list"))
        for i, member in enumerate(members):
            found = _member_problem(member, f"{where}/geometries/{i}", allowed) \
                or _geometry_problem(member, f"{where}/geometries/{i}", arcs, None)
            if found:
                return found
        return None
    if kind not in ARC_DEPTH and kind not in POINT_TYPES and kind is not None:
        return (f"{where}/type", Phrase("topojson_unknown_type", type=excerpt(kind)))
    if kind in ARC_DEPTH:
        return _arcs_problem(node.get("arcs"), f"{where}/arcs", ARC_DEPTH[kind], arcs, kind)
    return None


def _member_problem(member, where: str, allowed: tuple | None) -> tuple[str, Phrase] | None:
    kind = member.get("type") if isinstance(member, dict) else None
    if allowed is None or kind in allowed:
        return None
    return (f"{where}/type", Phrase("topojson_region_type", type="null" if kind is None else excerpt(kind)))


def _arcs_problem(value, where: str, depth: int, arcs: int, kind: str) -> tuple[str, Phrase] | None:
    """Lists nested `depth` deep with arc indexes (whole numbers) in range at the bottom: i for arc i, ~i (-i-1)
    for arc i reversed."""
    if depth == 0:
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return (where, Phrase("topojson_arc_index", value=excerpt(value)))
        if not -arcs <= value < arcs:
            return (where, Phrase("topojson_arc_missing", value=value, arcs=arcs, last=arcs - 1))
        return None
    if not isinstance(value, list):
        return (where, Phrase("topojson_arcs_depth", type=kind, depth=ARC_DEPTH[kind]))
    for i, item in enumerate(value):
        found = _arcs_problem(item, f"{where}/{i}", depth - 1, arcs, kind)
        if found:
            return found
    return None


def _area_problem(doc: dict) -> tuple[str, Phrase] | None:
    from build_scripts.core import geometry

    try:
        geometry.extent_and_centre(doc)
    except geometry.NoArea:
        return (f"objects/{geometry.OBJECT}", Phrase("topojson_no_area"))
    return None


def _finite(value) -> bool:
    import math

    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and abs(value) <= contract.MAX_NUMBER



# --- the repository's files beside the package -----------------------------------------------------------


# The submission standard (datapackage/submission/): what the downloads and check-submission read from it.
SUBMISSION_FIELDS = ("initiative_id", "municipality_code", "area_id", "title", "gross_expenditure_1000_kr",
                     "gross_income_1000_kr", "financing_source", "legal_basis", "primary_target_group",
                     "secondary_target_group", "content", "purpose", "time_horizon", "target_group_share")
SUBMISSION_ENUMS = ("area_id", "financing_source", "primary_target_group", "secondary_target_group")
# What check-submission and aggregate rely on in the standard, as the project's standard says it now (red team 27,
# finding 2: a pull request that relaxed one passed validate, then aggregate stopped with a traceback or summed totals
# that wrapped): each field aggregate reads keeps its type and stays required, the amounts keep their floor, and a
# "maximum" may be lowered but never raised nor removed. The standard may not relax any of them.
_STRING = {"type": "string", "required": True}
_AMOUNT = {"type": "integer", "required": True, "minimum": 0, "maximum": 1_000_000}
SUBMISSION_PINS = {
    # (and the key: SUBMISSION_PRIMARY_KEY); the pattern keeps ids to letters a reader tells apart (red team 43)
    "initiative_id": {"type": "string", "required": True, "unique": True, "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"},
    "municipality_code": {"type": "integer", "required": True}, "area_id": _STRING,
    "gross_expenditure_1000_kr": _AMOUNT, "gross_income_1000_kr": _AMOUNT, "financing_source": _STRING,
    "legal_basis": _STRING, "primary_target_group": _STRING, "secondary_target_group": _STRING,
}
# Every submitted municipality is one of the standard's municipalities (a copy of the reference: standard.py).
# One row per initiative: a row given twice is one initiative (red team 41, finding 2: without the key, a row pasted
# twice was counted twice).
SUBMISSION_PRIMARY_KEY = ["initiative_id"]
SUBMISSION_FOREIGN_KEYS = [{"fields": ["municipality_code"],
                            "reference": {"resource": "municipalities", "fields": ["municipality_code"]}}]
# The standard's resources, in order, which the key above names and check-submission resolves by name (red team 29,
# finding 2: a renamed resource made the key point at the submission itself, or at nothing, and validate passed).
SUBMISSION_RESOURCES = [{"name": "submission", "path": "submission-template.csv"},
                        {"name": "municipalities", "path": "municipalities.csv"}]


def submission_problems(package_json: Path) -> list:
    """The submission standard beside the package (datapackage/submission/datapackage.json), as the downloads stage
    and check-submission read it: strict JSON, the profile, the floor, its fields and lists, what check-submission
    and aggregate rely on (SUBMISSION_PINS, SUBMISSION_FOREIGN_KEYS), a size limit."""
    from build_scripts.stages.validate import stage

    descriptor_path = package_json.parent / "submission" / "datapackage.json"
    if not descriptor_path.exists():
        return []
    descriptor, problems = stage.check_descriptor(descriptor_path, project=False)
    if problems:
        return problems
    name = stage._rel(descriptor_path, package_json)
    resource = (descriptor.get("resources") or [{}])[0]
    fields = {f.get("name"): f for f in resource.get("schema", {}).get("fields", [])}
    missing = [f for f in SUBMISSION_FIELDS if f not in fields]
    if missing:
        problems.append(Problem("standard_fields_missing", name, None, "resources/0/schema/fields",
                                {"fields": ", ".join(missing)}, kind="invalid_descriptor"))
    for field in SUBMISSION_ENUMS:
        enum = fields.get(field, {}).get("constraints", {}).get("enum")
        if field in fields and not (isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum)):
            problems.append(Problem("standard_enum", name, None, f"resources/0/schema/fields/{field}",
                                    {"field": field}, kind="invalid_descriptor"))
    problems += standard_resource_problems(descriptor.get("resources"), name)
    problems += standard_unit_problems(fields, name) + standard_pin_problems(resource, fields, name)
    limit = resource.get("maxBytes")
    if not (isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= stage.MAX_FILE_BYTES):
        problems.append(Problem("standard_max_bytes", name, None, "resources/0/maxBytes",
                                {"limit": stage.MAX_FILE_BYTES}, kind="invalid_descriptor"))
    return problems


def standard_resource_problems(resources, name: str) -> list:
    """The standard's resources against SUBMISSION_RESOURCES: exactly those two, in that order, each with its pinned
    name and path; one line for a wrong number of resources, else one line for each name or path changed."""
    constant, want_all = "SUBMISSION_RESOURCES", json.dumps(SUBMISSION_RESOURCES)
    resources = resources if isinstance(resources, list) else []
    if len(resources) != len(SUBMISSION_RESOURCES):
        shown = [r.get("name") if isinstance(r, dict) else r for r in resources]  # their names: short enough
        return [Problem("standard_pinned", name, None, "resources", {
            "prop": "resources", "constant": constant, "value": excerpt(json.dumps(shown)), "want": want_all},
            kind="invalid_descriptor")]
    problems = []
    for i, (resource, pins) in enumerate(zip(resources, SUBMISSION_RESOURCES)):
        resource = resource if isinstance(resource, dict) else {}
        for prop, want in pins.items():
            params = {"prop": prop, "constant": constant, "want": json.dumps(want)}
            if prop not in resource:
                problems.append(Problem("standard_pin_missing", name, None, f"resources/{i}/{prop}", params,
                                        kind="invalid_descriptor"))
            elif resource[prop] != want:
                problems.append(Problem("standard_pinned", name, None, f"resources/{i}/{prop}",
                                        {**params, "value": excerpt(json.dumps(resource[prop]))},
                                        kind="invalid_descriptor"))
    return problems


def standard_pin_problems(resource: dict, fields: dict, name: str) -> list:
    """Each value of SUBMISSION_PINS (and SUBMISSION_FOREIGN_KEYS) the standard changes or leaves out, one line each
    naming the field's property; a "maximum" above the pinned one (or not a whole number from 0) is refused too."""
    problems = []

    def add(key, where, prop, constant="SUBMISSION_PINS", **params):
        problems.append(Problem(key, name, None, where, {"prop": prop, "constant": constant, **params},
                                kind="invalid_descriptor"))

    for field, pins in SUBMISSION_PINS.items():
        spec = fields.get(field)
        if not isinstance(spec, dict):
            continue  # named above (standard_fields_missing)
        constraints = spec.get("constraints") if isinstance(spec.get("constraints"), dict) else {}
        for prop, want in pins.items():
            holder, where = (spec, f"resources/0/schema/fields/{field}/{prop}") if prop == "type" else (
                constraints, f"resources/0/schema/fields/{field}/constraints/{prop}")
            if prop not in holder:
                add("standard_pin_missing", where, prop, want=json.dumps(want))
            elif prop == "maximum" and not (type(holder[prop]) is int and 0 <= holder[prop] <= want):
                add("standard_maximum", where, prop, value=excerpt(json.dumps(holder[prop])), limit=want)
            elif prop != "maximum" and not floor._same(holder[prop], (want,)):
                add("standard_pinned", where, prop, value=excerpt(json.dumps(holder[prop])), want=json.dumps(want))
    for prop, pinned, constant in (("primaryKey", SUBMISSION_PRIMARY_KEY, "SUBMISSION_PRIMARY_KEY"),
                                   ("foreignKeys", SUBMISSION_FOREIGN_KEYS, "SUBMISSION_FOREIGN_KEYS")):
        keys = resource.get("schema", {}).get(prop)
        if keys != pinned:
            want = json.dumps(pinned)
            if keys is None:
                add("standard_pin_missing", f"resources/0/schema/{prop}", prop, constant, want=want)
            else:
                add("standard_pinned", f"resources/0/schema/{prop}", prop, constant, value=excerpt(json.dumps(keys)),
                    want=want)
    return problems


# The message of a text of the standard that does not say its field's unit (contract.FIELD_UNIT's kind).
STANDARD_UNIT_MESSAGE = {"amount": "standard_amount_unit", "share": "standard_share_unit"}


def standard_unit_problems(fields: dict, name: str) -> list:
    """Each description of a measured field (contract.FIELD_UNIT: the amounts, the share) that does not state the unit
    the code reads the field in, in the code's words (contract.unit_words), or that names another unit or period
    (unit_wrong)."""
    problems = []
    for field, kind in contract.FIELD_UNIT.items():
        for lang, key in contract.UNIT_TEXT["standard"].items():
            text = fields.get(field, {}).get(key)
            if not isinstance(text, str):
                continue  # no description says nothing against the unit (a missing field is named above)
            lead, words = contract.unit_words("standard", field, lang)
            allowed = contract.AMOUNT_LIMIT_SENTENCE[key] if kind == "amount" else ""
            if unit_wrong(text, lead, words, allowed):
                params = {"field": field, "key": key, "words": words}
                problems.append(Problem(STANDARD_UNIT_MESSAGE[kind], name, None,
                                        f"resources/0/schema/fields/{field}/{key}",
                                        {**params, "limit": allowed} if allowed else params, kind="invalid_descriptor"))
    return problems


def unit_wrong(text: str, lead: str, words: str, allowed: str = "") -> bool:
    """Whether `text` fails to say a unit as the code does (contract.unit_words): `words` ('i hele 1.000 kr.') must be
    there, each time ending at a word's end that does not go on as a number ('DKK 1,000,000'); `lead` ('i hele') may
    stand nowhere else ('i hele kroner'); and with those words and the sentence `allowed` taken out, no unit or
    period word (contract.OTHER_UNIT) may be left."""
    said = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words.split())) + r"(?!\w|[.,]\d)", re.I)
    if not said.search(text):
        return True
    rest = said.sub(" ", text.replace(allowed, " ") if allowed else text)
    if lead and re.search(rf"(?<!\w){re.escape(lead)}(?!\w)", rest, re.I):
        return True  # an 'i hele' followed by something else ('i hele kroner', 'DKK 1,000,000')
    return bool(contract.OTHER_UNIT.search(rest))


MAX_TEXT_FILE_BYTES = 5_000_000  # CHANGELOG.md, CITATION.cff


def build_date():
    """The day of the build: no changelog entry may be dated after it (a test replaces this function)."""
    import datetime

    return datetime.date.today()


def repository_problems(package_json: Path, version: str | None = None, published: bool = True) -> list:
    """The submission standard beside the package, and (`published`: the files only the site and the releases read)
    mkdocs.yml, CHANGELOG.md and CITATION.cff beside the package's folder (in a checkout; an unpacked download has
    none of them). `version`: the package's, which no changelog entry may be newer than."""
    from build_scripts.stages.validate import stage

    root = package_json.resolve().parent.parent
    problems = submission_problems(package_json)
    if not published:
        return problems
    problems += settings_problems(root) + reference_problems(package_json) + release_problems(root, version)
    checks = (("CHANGELOG.md", lambda log, name: changelog_problems(log, name, version, build_date(),
                                                                   frozen_releases(root))),
              ("CITATION.cff", lambda cff, name: citation_problems(cff, name, version)))
    for name, check in checks:
        path = root / name
        if not path.exists():
            continue
        unreadable = stage.path_problem(path, name, MAX_TEXT_FILE_BYTES)
        if unreadable:
            problems.append(unreadable)
            continue
        try:
            problems += check(path.read_text(encoding="utf-8"), name)
        except UnicodeDecodeError:
            problems.append(Problem("save_as_utf8", name, kind="wrong_encoding"))
    return problems


def reference_problems(package_json: Path) -> list:
    """datapackage/reference/ holds the files REFERENCE_SHA256 pins, each as pinned, and nothing else (red team 49:
    the shapes that CI checks dcat.ttl against were read by no rule, so one pull request could relax a shape and
    break the metadata it checks). A copy of the package without the folder (an unpacked download) has none."""
    import hashlib

    from build_scripts.stages.validate import stage

    folder = package_json.parent / "reference"
    if not folder.is_dir() and not (package_json.parent.parent / MKDOCS).exists():
        return []  # an unpacked download; in a checkout (red team 50, finding 6) each pinned file is missing
    found = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*"))
             if not path.is_dir() or not any(path.iterdir())} if folder.is_dir() else {}
    problems = [Problem("reference_file_missing", f"{folder.parent.name}/reference/{name}", kind="invalid_file")
                for name in REFERENCE_SHA256 if name not in found]
    for name, path in found.items():
        where = f"{folder.parent.name}/reference/{name}"
        if name not in REFERENCE_SHA256:  # named in the message, escaped (any name a file system allows)
            problems.append(Problem("reference_file_unknown", f"{folder.parent.name}/reference",
                                    params={"name": excerpt(name)}, kind="invalid_file"))
        elif unreadable := stage.path_problem(path, where, MAX_TEXT_FILE_BYTES):
            problems.append(unreadable)
        else:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
            if actual != REFERENCE_SHA256[name]:
                problems.append(Problem("reference_file_changed", where, params={"actual": actual}, kind="invalid_file"))
    return problems


def release_problems(root: Path, version: str | None = None) -> list:
    """Each frozen release (releases/vX.Y.Z/) as it was made (red team 54, finding 2: a pull request rewrote a frozen
    CSV and the manifest with it, and the downloads stage stopped with a traceback; a frozen descriptor's title with a
    U+202E was published in the catalogue). A release the code pins (RELEASE_MANIFEST_SHA256) has the manifest it was
    made with (which lists each file's SHA-256: the downloads stage checks the files against it, and names a folder
    without a manifest, which is no release: releases.check_releases); every release's
    datapackage.json meets the floor (text, addresses: floor.descriptor_problems), and its figure tables have the
    key columns the downloads stage reads for each figure's history. A release the code does not pin is the package's
    own `version`, frozen in this pull request (`release` prints its pin): any other is refused (red team 55, finding
    7: a made-up releases/v1.2.1 rewrote every figure's published history)."""
    import hashlib

    from build_scripts.commands import releases
    from build_scripts.core.paths import RELEASE_MANIFEST_SHA256, Paths
    from build_scripts.stages.downloads import figures

    problems = []
    for frozen in releases.frozen_versions(Paths(root)):
        folder, name = root / "releases" / f"v{frozen}", f"releases/v{frozen}"
        manifest, pinned = folder / "manifest.json", RELEASE_MANIFEST_SHA256.get(frozen)
        if not manifest.is_file():
            continue  # no release: the stages that read releases/ stop on it in one line (releases.check_releases)
        actual = hashlib.sha256(manifest.read_bytes()).hexdigest()
        if (pinned and actual != pinned) or (not pinned and version is not None and frozen != version):
            problems.append(Problem("release_changed" if pinned else "release_unpinned", f"{name}/manifest.json",
                                    params={"version": frozen, "actual": actual, "pinned": pinned or "",
                                            "package": version or ""}, kind="invalid_file"))
            continue
        problems += _frozen_descriptor_problems(folder / "datapackage.json", f"{name}/datapackage.json")
        for table in figures.TABLES:
            problems += _frozen_table_problems(folder / "data" / f"{table}.csv", f"{name}/data/{table}.csv", table)
    return problems


def _frozen_descriptor_problems(path: Path, name: str) -> list:
    from build_scripts.stages.validate import stage

    if not path.exists():
        return []  # a release made before it had one, or one its manifest names missing (releases.check_releases)
    unreadable = stage.path_problem(path, name, jsonfile.MAX_BYTES)
    if unreadable:
        return [unreadable]
    descriptor, found = stage._parsed_descriptor(path, name)
    if not isinstance(descriptor, dict):
        return found or [Problem("json_invalid", name, params={"error": "not an object"}, kind="invalid_json")]
    return floor.descriptor_problems(descriptor, name, project=False)


def _frozen_table_problems(path: Path, name: str, table: str) -> list:
    """A frozen figure table (if the release has it) has the columns of a figure's key (figures.key)."""
    from build_scripts.commands import releases

    missing = releases.missing_key_columns(path, table)
    if missing is None:
        return [Problem("save_as_utf8", name, kind="wrong_encoding")]
    return [Problem("release_table_columns", name, params={"columns": ", ".join(missing)}, kind="invalid_file")] \
        if missing else []


def frozen_releases(root: Path) -> dict | None:
    """The project's frozen releases (releases/vX.Y.Z/) -> (release date, the file recording it) or None, as
    commands/releases.py reads them; None for a project that has released nothing yet (no releases/, or an empty
    one: Paths.optional_inputs)."""
    from build_scripts.commands import releases
    from build_scripts.core.paths import Paths

    return releases.release_dates(Paths(root)) or None


def changelog_problems(log: str, name: str = "CHANGELOG.md", version: str | None = None, today=None,
                       released: dict | None = None) -> list:
    """See the module's docstring. `version` (the package's) and `today` (a datetime.date), if given: no entry is
    for a newer version or dated after that day; `released` (frozen_releases), if given: every other entry is a
    frozen release, with its date (unreleased_problems)."""
    problems = []
    entries = _changelog_entries(log, name, problems)
    problems += _entry_problems(entries, name)
    problems += unreleased_problems(entries, name, version, today, {p.line for p in problems}, released)
    problems += _link_problems(log, name)
    return problems


def unreleased_problems(entries: list, name: str, version: str | None, today, flagged: set,
                        released: dict | None = None) -> list:
    """An entry for a version newer than the package's `version`, or dated after `today`, or (once the project has
    frozen a release: `released`) for a version other than the package's that releases/ does not hold: the
    changelog page and the feed would announce a release that was not made, linking to data/vX.Y.Z/ that the build
    never writes. An entry for a frozen release has the date that release recorded (its dcat.jsonld): the catalogue
    and the feed date each version by its entry. An entry whose line has a problem already (the placeholder `make
    release` writes above the version it has not set yet) is left to that one message."""
    problems = []
    package = tuple(int(p) for p in version.split(".")) if version and re.fullmatch(contract.VERSION, version) else None
    below = _below_release(package, released)
    if below:
        return [below]  # not a line per entry newer than the package: those are frozen releases, rightly there
    for number, entry_version, date, _ in entries:
        if number in flagged:
            continue
        frozen = (released or {}).get(entry_version)
        if package and tuple(int(p) for p in entry_version.split(".")) > package:
            problems.append(Problem("changelog_newer_version", name, number, None,
                                    {"version": entry_version, "package": version}, kind="unreleased_entry"))
        elif today and date > today:
            problems.append(Problem("changelog_future_date", name, number, None,
                                    {"version": entry_version, "date": date.isoformat(), "today": today.isoformat()},
                                    kind="unreleased_entry"))
        elif released and entry_version not in released and entry_version != version:
            problems.append(Problem("changelog_not_released", name, number, None, {"version": entry_version},
                                    kind="unreleased_entry"))
        elif frozen and frozen[0] != date.isoformat():
            problems.append(Problem("changelog_release_date", name, number, None, {
                "version": entry_version, "date": date.isoformat(), "released": frozen[0], "record": frozen[1]},
                kind="release_date"))
    return problems


def _below_release(package: tuple | None, released: dict | None) -> Problem | None:
    """The package's version went backwards: below the newest frozen release (red team 7, finding 7)."""
    newest = max((tuple(int(p) for p in v.split(".")) for v in released or {}), default=None)
    if not package or not newest or package >= newest:
        return None
    shown = ".".join(map(str, newest))
    return Problem("version_below_release", "datapackage/datapackage.json", None, "version", {
        "version": ".".join(map(str, package)), "released": shown, "patch": f"{newest[0]}.{newest[1]}.{newest[2] + 1}",
        "minor": f"{newest[0]}.{newest[1] + 1}.0"}, kind="invalid_version")


def _line_problem(line: str):
    """The text rule on a line of Markdown, as written and as rendered: Markdown decodes character references
    ('&#x202E;' is U+202E on the page: red team 39, finding 2)."""
    return text.problem(line, tab=True) or text.problem(html.unescape(line), tab=True)


def markdown_problems(source: str, name: str) -> list:
    """A Markdown file the release carries (datapackage/sources/README.md): the changelog's text and link rules."""
    return [Problem.found(found, name, number) for number, line in enumerate(source.split("\n"), start=1)
            for found in [_line_problem(line)] if found] + _link_problems(source, name)


# A character reference or a backslash escape: the changelog page (Markdown) shows the character it stands for, while
# feed.xml and dcat.ttl carry an entry's text as written (red team 47, finding 4: '\\*' and '&#56;0').
MARKDOWN_ESCAPE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|\\[!-/:-@\[-`{-~]")


def _changelog_entries(log: str, name: str, problems: list) -> list:
    """The entries as [line, version, date, {code: [lines]}]; a heading that is not '## X.Y.Z — YYYY-MM-DD' with a
    date that exists, and a line of unsafe text, are added to `problems`."""
    import datetime

    entries = []  # (line, version, date, {code: text})
    current = None
    code = None
    for number, line in enumerate(log.split("\n"), start=1):  # not splitlines(): it splits at VT, FF, U+2028 too
        found = _line_problem(line)
        if found:  # named; the line still counts as the entry's text (no follow-on "no text" message)
            problems.append(Problem.found(found, name, number))
        if line.startswith("## ") or line.startswith("##\t"):
            heading = HEADING.match(line)
            version, day = (heading.group(1), heading.group(2)) if heading else (None, None)
            try:
                date = datetime.date.fromisoformat(day) if day and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else None
            except ValueError:
                date = None
            if not (version and re.fullmatch(contract.VERSION, version) and date):
                problems.append(Problem("heading_form", name, number, None, {"heading": excerpt(line)},
                                        kind="invalid_heading"))
                current = None
                continue
            current = [number, version, date, {}]
            entries.append(current)
            code = None
            continue
        if current is None:
            continue
        escape = MARKDOWN_ESCAPE.search(line)
        if escape:  # the page shows one character, the feed and the catalogue the text as written
            problems.append(Problem("changelog_escape", name, number, params={"shown": excerpt(escape.group())},
                                    kind="invalid_file"))
        mark = MARK.match(line)
        if mark:
            code = mark.group(1)
            current[3].setdefault(code, [])
            continue
        current[3].setdefault(code, []).append(line)
    return entries


def _entry_problems(entries: list, name: str) -> list:
    """Each version once, the newest first, and a text (not the placeholder) after every language's mark."""
    from build_scripts.stages.downloads.metadata import language_mark

    problems = []
    codes = [lang.code for lang in languages()]
    starts = placeholder_starts()
    seen = {}
    previous = None
    for number, version, date, texts in entries:
        key = tuple(int(p) for p in version.split("."))
        if version in seen:
            problems.append(Problem("version_twice", name, number, None, {"version": version, "line": seen[version]},
                                    kind="invalid_heading"))
        seen.setdefault(version, number)
        if previous and (key >= previous[0] or date > previous[1]):
            problems.append(Problem("version_order", name, number, None, {"version": version}, kind="invalid_heading"))
        previous = (key, date)
        body = "\n".join(line for lines in texts.values() for line in lines)
        if any(start in body for _, start in starts.texts):
            problems.append(Problem("changelog_placeholder", name, number, None, {
                "version": version, "placeholder": starts, "da_mark": language_mark("da"),
                "en_mark": language_mark("en")}, kind="unfinished_changelog"))
            continue
        if texts and set(texts) != {None}:
            for lang in codes:
                if not "\n".join(texts.get(lang, [])).strip():
                    problems.append(Problem("entry_text_missing", name, number, None,
                                            {"version": version, "mark": language_mark(lang)},
                                            kind="unfinished_changelog"))
    return problems


def _link_problems(log: str, name: str) -> list:
    """Every link and image of the changelog's Markdown (the changelog page renders it) is https: or a path, and an
    image a path inside the site: the site loads nothing from another host (the site stage's rule, remote.is_remote;
    red team 31, finding 4)."""
    from markdown_it import MarkdownIt

    from build_scripts.stages.validate.remote import is_remote

    problems = []
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # see every target, also those the page's renderer would leave as text
    tokens = md.parse(log)
    lines = log.split("\n")
    for token in tokens:
        for child in token.children or []:
            target = child.attrGet("href") if child.type == "link_open" else \
                child.attrGet("src") if child.type == "image" else None
            if target is None:
                continue
            bad = floor.url_problem(str(target))
            if not bad and child.type == "image" and is_remote(str(target)):
                bad = Phrase("changelog_remote_image", address=excerpt(str(target), 120))
            if bad:
                first, last = token.map if token.map else (0, 0)
                line = next((n + 1 for n in range(first, last) if str(target) in lines[n]), first + 1 if token.map else None)
                problems.append(Problem.saying(bad, name, line, kind="invalid_address"))
    return problems


CITATION_URL_KEYS = {"url", "website", "repository", "repository-code", "repository-artifact", "license-url"}


# CITATION.cff as YAML: nested at most this deep (the real one is 4); anchors and aliases are refused before it is
# loaded, so a small file never expands into billions of values (an "alias bomb").
MAX_YAML_DEPTH = 20
# A DOI as Crossref and DataCite write them: the downloads put CITATION.cff's into dcat.ttl as https://doi.org/<DOI>.
DOI = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+")


def yaml_shape_problem(source: str, name: str):
    """The first anchor or alias of a YAML text, the first tag (!!binary, !!timestamp, !!str, a tag of its own: a
    value is written as it is), or the first node nested deeper than MAX_YAML_DEPTH, as a problem naming its line;
    read as a stream of events, so nothing is expanded or built. None if there is none (or the text is not YAML:
    loading it says so)."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            line = event.start_mark.line + 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                shown = ("*" if isinstance(event, yaml.AliasEvent) else "&") + excerpt(anchor)
                return Problem("yaml_anchor", name, line, params={"anchor": shown}, kind="invalid_yaml")
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag
                return Problem("yaml_tag", name, line, params={"tag": excerpt(shown)}, kind="invalid_yaml")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return Problem("yaml_too_deep", name, line, params={"most": MAX_YAML_DEPTH}, kind="invalid_yaml")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def read_citation(cff: str):
    """CITATION.cff as validate checks it and the downloads read it (dcat.py), so that the two never differ: its
    root node (each scalar's text and line) and its document, built by core.text.plain_yaml_loader (texts, numbers,
    booleans, null, lists and mappings; a date is its text). Raises yaml.YAMLError only; a key given twice in one
    mapping as plain_yaml_loader's KeyTwice."""
    loader = plain_yaml_loader()(cff)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def citation_problems(cff: str, name: str = "CITATION.cff", version: str | None = None) -> list:
    """CITATION.cff as the downloads read it and `release` and `zenodo` edit it; `version`: the package's, which its
    `version` must be (the file is published beside the package, and `release` sets both)."""
    import yaml

    other = OTHER_LINE_BREAK.search(cff)
    if other:  # YAML ends a line there and the line rules do not (red team 50, finding 4): one line, before any other
        return [Problem("citation_line_break", name, cff[:other.start()].count("\n") + 1,
                        params={"character": f"U+{ord(other.group()):04X}"}, kind="invalid_citation")]
    shape = yaml_shape_problem(cff, name)
    if shape:
        return [shape]
    try:
        root, doc = read_citation(cff)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        if isinstance(err, plain_yaml_loader().KeyTwice):
            return [Problem("yaml_key_twice", name, line, params={"key": excerpt(str(err.key)), "first": err.first},
                            kind="duplicate_key")]
        return [Problem("yaml_invalid", name, line, kind="invalid_citation")]
    if not isinstance(doc, dict):
        return [Problem("citation_not_mapping", name, kind="invalid_citation")]
    problems = (_scalar_problems(root, name) + _doi_problems(doc, name) + _key_line_problems(cff, root, name)
                + _edited_key_problems(cff, root, name, every=version is not None))
    if version and "version" in doc and str(doc["version"]) != version:
        line = next(key.start_mark.line + 1 for key, _ in root.value if getattr(key, "value", None) == "version")
        problems.append(Problem("citation_version_differs", name, line, "version",
                                {"value": excerpt(str(doc["version"])), "version": version}, kind="invalid_citation"))
    for where, value in floor._walk(doc):
        if isinstance(value, str) and where and where[-1] in CITATION_URL_KEYS:
            bad = floor.url_problem(value, absolute=True)
            if bad:
                problems.append(Problem.saying(bad, name, None, floor._where(where), kind="invalid_address"))
    return problems


def _key_line_problems(cff: str, root, name: str) -> list:
    """A line at the file's left edge that is no top-level key, a list's item or a comment: a multi-line quoted text
    written there (`release` and `zenodo` set `version:`, `date-released:`, `authors:` by such lines, and took one
    inside a text for the key: red team 47, finding 1). Once, on the first such line."""
    keys = {key.start_mark.line for key, _ in root.value} if hasattr(root, "value") and isinstance(root.value, list) else set()
    for number, line in enumerate(cff.split("\n")):
        if line and not line.startswith((" ", "\t", "#", "-", "...")) and number not in keys:
            return [Problem("citation_key_line", name, number + 1, kind="invalid_citation")]
    return []


# The line breaks YAML reads besides LF (CR, NEL, LS, PS), which CITATION.cff's line rules and editors do not.
OTHER_LINE_BREAK = re.compile("[\r\x85\u2028\u2029]")
# The top-level keys `release` and `zenodo` rewrite by lines (releases.set_version, metadata.citation_cff): a
# scalar on the key's own line, or a block list whose every line is indented.
# key -> the message naming the shape it must have.
EDITED_KEYS = {"version": "citation_edited_scalar", "date-released": "citation_edited_scalar",
               "authors": "citation_edited_list", "keywords": "citation_edited_list"}


def _edited_key_problems(cff: str, root, name: str, every: bool) -> list:
    """Each key of EDITED_KEYS there, and written as `release` and `zenodo` rewrite it (releases.set_version,
    metadata.citation_cff: by the line that starts 'version: ', and the lines below the line 'authors:'), named at
    its line: `version: >-` over two lines was released as the old version joined to the new; `authors:` with its
    items at the left edge, or a comment at the left edge inside the list, was written twice or broken (red teams
    48 and 49); a quoted key, a comment or a space after 'authors:' stopped `zenodo` with a traceback (red team 50).
    `every`: each key must be there too (the project's file, which `release` writes: validate of a checkout)."""
    import yaml

    lines = cff.split("\n")
    problems = []
    keys = {key.value: (key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    for written, code in EDITED_KEYS.items():
        if written not in keys:
            if every:
                problems.append(Problem("citation_edited_missing", name, None, written, kind="invalid_citation"))
            continue
        key, value = keys[written]
        line = lines[key.start_mark.line]
        if code == "citation_edited_scalar":
            fits = (line.startswith(f"{written}: ") and value.start_mark.line == value.end_mark.line == key.start_mark.line)
        else:
            last = value.end_mark.line - (value.end_mark.column == 0)
            fits = (line == f"{written}:" and isinstance(value, yaml.SequenceNode) and not value.flow_style
                    and all(not each or each[0] in " \t" for each in lines[key.start_mark.line + 1:last + 1]))
        if not fits:
            problems.append(Problem(code, name, key.start_mark.line + 1, written, {"key": written},
                                    kind="invalid_citation"))
    return problems


# CITATION.cff's dates (the Citation File Format's schema: YYYY-MM-DD); date-released is the release's day.
CITATION_DATES = {"date-released", "date-published", "date-accessed", "date-downloaded", "date-start", "date-end"}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _scalar_problems(node, name: str, path: tuple = ()) -> list:
    """Every scalar's text (key or value, whatever it is read as: a number, a date, true) against text.py, and each
    date of CITATION_DATES a day that exists, written YYYY-MM-DD; each named by its line and path, in the file's
    order (nested at most MAX_YAML_DEPTH deep: yaml_shape_problem)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        found = text.problem(node.value)
        return [Problem.found(found, name, node.start_mark.line + 1, floor._where(path) or None)] if found else []
    if isinstance(node, yaml.SequenceNode):
        return [p for i, item in enumerate(node.value) for p in _scalar_problems(item, name, (*path, i))]
    problems = []
    for key, value in node.value:
        where = (*path, key.value if isinstance(key, yaml.ScalarNode) else "?")
        problems += _scalar_problems(key, name, (*path, "<key>"))
        if isinstance(key, yaml.ScalarNode) and key.value in CITATION_DATES and not _is_date(value):
            shown = value.value if isinstance(value, yaml.ScalarNode) else "…"
            problems.append(Problem("not_a_date", name, value.start_mark.line + 1, floor._where(where),
                                    {"value": excerpt(shown)}, kind="invalid_date"))
        problems += _scalar_problems(value, name, where)
    return problems


def _is_date(node) -> bool:
    import datetime

    import yaml

    if not (isinstance(node, yaml.ScalarNode) and ISO_DATE.fullmatch(node.value)):
        return False
    try:
        datetime.date.fromisoformat(node.value)
    except ValueError:
        return False
    return True


def _doi_problems(doc: dict, name: str) -> list:
    """What the downloads read of CITATION.cff (metadata.doi_record): `doi` and each `identifiers` entry of type doi
    hold a DOI, and `identifiers` is a list of mappings."""
    problems = []

    def bad_doi(where, value):
        problems.append(Problem("not_a_doi", name, None, where, {"value": excerpt(value)}, kind="invalid_citation"))

    if doc.get("doi") and not (isinstance(doc["doi"], str) and DOI.fullmatch(doc["doi"])):
        bad_doi("doi", doc["doi"])
    identifiers = doc.get("identifiers") or []
    if not (isinstance(identifiers, list) and all(isinstance(item, dict) for item in identifiers)):
        problems.append(Problem("identifiers_not_mappings", name, None, "identifiers", kind="invalid_citation"))
        return problems
    for i, item in enumerate(identifiers):
        if item.get("type") == "doi" and not (isinstance(item.get("value"), str) and DOI.fullmatch(item["value"])):
            bad_doi(f"identifiers/{i}/value", item.get("value"))
    return problems


# --- mkdocs.yml: the addresses the build puts paths after -------------------------------------------------------

MKDOCS = "mkdocs.yml"


@functools.lru_cache(maxsize=8)
def _key_lines(source: str) -> dict:
    """The line of every key and list item of a YAML text, by its path: ('extra', 'site_en') -> 62. Each node is
    visited once (an alias is not followed again)."""
    import yaml

    try:
        root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    lines, seen, todo = {}, set(), [((), root)]
    while todo:
        path, node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            items = [((*path, key.value), key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            items = [((*path, i), item, item) for i, item in enumerate(node.value)]
        else:
            items = []
        for where, mark, value in items:
            lines[where] = mark.start_mark.line + 1
            todo.append((where, value))
    return lines


@functools.lru_cache(maxsize=8)
def _parsed_settings(source: str):
    """A MkDocs file's text read as YAML, kept per text (validate reads both files several times, and the tests
    validate the same files again and again)."""
    import yaml

    return yaml.safe_load(source)


def _settings_file(path: Path, name: str) -> tuple:
    """A MkDocs file as (settings, key lines), or None and why it cannot be read (None and nothing: no such file)."""
    import yaml

    from build_scripts.stages.validate import stage

    if not path.exists():
        return None, []
    unreadable = stage.path_problem(path, name, MAX_TEXT_FILE_BYTES)
    if unreadable:
        return None, [unreadable]
    try:
        source = path.read_text(encoding="utf-8")
        settings = copy.deepcopy(_parsed_settings(source))
    except UnicodeDecodeError:
        return None, [Problem("save_as_utf8", name, kind="wrong_encoding")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, [Problem("yaml_invalid", name, mark.line + 1 if mark else None, kind="invalid_yaml")]
    if not isinstance(settings, dict) or not isinstance(settings.get("extra", {}), dict):
        return None, [Problem("settings_not_mapping", name, kind="invalid_settings")]
    return (settings, _key_lines(source)), []


def settings_problems(root: Path) -> list:
    """mkdocs.yml's addresses the build puts paths after (see the module's docstring), in a checkout."""
    from build_scripts.core.lang import languages

    read, problems = _settings_file(root / MKDOCS, MKDOCS)
    if read is None:
        return problems
    settings, lines = read
    problems += pinned_problems(root)
    extra = settings.get("extra") or {}
    for key in [("repo_url",), *(("extra", f"site_{lang.code}") for lang in languages())]:
        why = floor.base_address_problem((settings if len(key) == 1 else extra).get(key[-1]))
        if why:
            problems.append(Problem("setting_address", MKDOCS, lines.get(key), ".".join(key),
                                    {"key": ".".join(key), "why": why}, kind="invalid_address"))
    return problems or _edition_problems(root, settings, lines)


def pinned_problems(root: Path) -> list:
    """What each edition's MkDocs file says that the build does not allow (mkdocs_settings: the extensions, plugins,
    hooks, folders and assets pinned in code); a file that cannot be read is named by settings_problems. The assets
    are looked for in the project's docs/, else in those that come with this code (as the templates are)."""
    from build_scripts.core.paths import Paths
    from build_scripts.stages.validate import mkdocs_settings

    docs_dir = root / "docs" if (root / "docs").is_dir() else Paths.checkout().docs_dir
    found = []
    for lang in languages():
        name = MKDOCS if lang.is_main else lang.mkdocs_path
        read, _ = _settings_file(root / name, name)
        if read is not None:
            found += mkdocs_settings.problems(*read, name, lang.is_main, lang.code, docs_dir)
    return found


def _differs(where: tuple, lines: dict, key: str, value, other: str, expected) -> Problem:
    return Problem("setting_differs", MKDOCS, lines.get(where), key, {
        "key": key, "value": excerpt(value), "other": other, "expected": excerpt(expected)}, kind="invalid_settings")


def _edition_problems(root: Path, settings: dict, lines: dict) -> list:
    """Each edition's address is its MkDocs file's site_url, and extra.editions' url is that address."""
    from build_scripts.core.lang import languages

    extra, problems = settings["extra"], []
    for lang in languages():
        key = f"site_{lang.code}"
        edition, found = (((settings, lines), []) if lang.is_main
                          else _settings_file(root / lang.mkdocs_path, lang.mkdocs_path))
        problems += found
        site_url = edition[0].get("site_url", settings.get("site_url")) if edition else extra[key]
        if site_url != extra[key]:
            problems.append(_differs(("extra", key), lines, f"extra.{key}", extra[key],
                                     f"{lang.mkdocs_path}: site_url", site_url))
    editions = extra.get("editions")
    for i, edition in enumerate(editions if isinstance(editions, list) else []):
        key = f"site_{edition.get('code')}" if isinstance(edition, dict) else None
        if key in extra and edition.get("url") != extra[key]:
            problems.append(_differs(("extra", "editions", i, "url"), lines, f"extra.editions/{i}/url",
                                     edition.get("url"), f"{MKDOCS}: extra.{key}", extra[key]))
    return problems


# --- the MkDocs navs: the pages the pages stage writes ----------------------------------------------------------------


def _nav_pages(nav, where: tuple = ("nav",)) -> list[tuple[tuple, str]]:
    """(key path, page) of every page a MkDocs nav lists, in order; a link to an address is no page."""
    if isinstance(nav, list):
        return [found for i, item in enumerate(nav) for found in _nav_pages(item, (*where, i))]
    if isinstance(nav, dict):
        return [found for key, value in nav.items() for found in _nav_pages(value, (*where, key))]
    if isinstance(nav, str) and "://" in nav:
        return []
    return [(where, str(nav))]


def nav_problems(root: Path, docs_dir: Path, area_ids: list[str], areas_file: str) -> list:
    """Each edition's nav (mkdocs.yml, mkdocs.en.yml …) lists exactly the pages the pages stage writes: docs/'s pages
    and one page per area of policy_areas (templates.written_pages). `mkdocs build --strict` stops on a nav entry
    without its page and on a page the nav leaves out, so two navs that list different pages stop it too. One line
    per entry that is no page, at its line; one per nav that leaves pages out. An edition without a nav inherits the
    main one's (INHERIT); a file that cannot be read is named by settings_problems."""
    from build_scripts.stages.validate import templates

    pages = templates.written_pages(docs_dir, area_ids)
    areas = {templates.area_page(area_id) for area_id in area_ids}
    problems = []
    for lang in languages():
        name = MKDOCS if lang.is_main else lang.mkdocs_path
        read, _ = _settings_file(root / name, name)
        if read is None or read[0].get("nav") is None:
            continue
        lines, listed = read[1], _nav_pages(read[0]["nav"])
        for where, page in listed:
            if page in pages:
                continue
            area = re.fullmatch(re.escape(templates.AREA_DIR) + r"/([^/]+)\.md", page)
            if area and page not in areas:
                problems.append(Problem("nav_area_unknown", name, lines.get(where), "nav", {
                    "page": excerpt(page), "area": excerpt(area.group(1)), "file": areas_file}, kind="invalid_settings"))
            else:
                problems.append(Problem("nav_page_unknown", name, lines.get(where), "nav",
                                        {"page": excerpt(page), "file": areas_file}, kind="invalid_settings"))
        missing = [page for page in pages if page not in {page for _, page in listed}]
        if missing:
            problems.append(Problem("nav_lacks_pages", name, lines.get(("nav",)), "nav", {
                "pages": ", ".join(missing), "file": areas_file}, kind="invalid_settings"))
    return problems
