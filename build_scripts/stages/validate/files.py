"""The package's files that are not tables, and the repository's files the build publishes. Used by `validate`.

- A non-table resource is parsed and checked, or refused: contract.FILE_FORMATS names the kinds the build knows
  (TopoJSON: strict JSON, a Topology with objects and arcs of finite numbers, whole-number positions where it has
  a transform, geometries of known types whose arc indexes exist, property texts by text.py; the region boundaries
  the downloads read, contract.BOUNDARIES, also a transform and the object geometry.OBJECT of polygons enclosing
  an area). Each problem is named by its JSON path (objects/stdin/geometries/3/arcs/0/2).
- CHANGELOG.md, beside datapackage/ (the changelog page, the Atom feed, the release dates of DCAT, BibTeX and
  the citations): every `## ` line is a heading `## X.Y.Z — YYYY-MM-DD` with a date that exists (a heading of
  another form would be dropped silently), the versions are unique and newest first, every entry has a text
  after each language's mark (`<!-- da -->`, `<!-- en -->`) and none is the placeholder `make release` writes,
  every character passes text.py (a line break is a line break), and every link in it is https: or a path.
- CITATION.cff, beside datapackage/: YAML without anchors or aliases and nested at most MAX_YAML_DEPTH deep (read
  as a stream of events first, so nothing is expanded), a mapping, its URLs https:, its texts pass text.py, and
  what the downloads read of it (metadata.doi_record) holds DOIs.
"""

import re
from pathlib import Path

from build_scripts.stages.validate import contract, floor, jsonfile, text

# The text `make release` puts under a new heading (releases.PLACEHOLDERS); an entry that holds it is unfinished.
PLACEHOLDER_STARTS = ("Beskriv ændringen her", "Describe the change here")
HEADING = re.compile(r"^## (\S+) — (\S+)[ \t]*$")
MARK = re.compile(r"^<!-- ([a-z]{2}) -->[ \t]*$")


def _problem(file, line, field, da, en, title):
    from build_scripts.stages.validate.stage import Problem

    return Problem(file, line, field, da, en, title)


def resource_file_problems(res: dict, path: Path, name: str) -> list:
    """A non-table resource's file, parsed and checked by its format."""
    if res.get("format") == "topojson":
        return topojson_problems(path, name, boundaries=res.get("path") == contract.BOUNDARIES)
    return []  # any other format is refused in the descriptor (floor.descriptor_problems)


def topojson_problems(path: Path, name: str, boundaries: bool = False) -> list:
    try:
        doc = jsonfile.load(path)
    except jsonfile.StrictJSONError as err:
        return [_problem(name, err.line, err.where, err.da, err.en, "Ugyldig TopoJSON")]
    except (ValueError, RecursionError) as err:
        line = getattr(err, "lineno", None)
        return [_problem(name, line, None, f"Filen er ikke gyldig JSON ({str(err)[:120]}).",
                         f"The file is not valid JSON ({str(err)[:120]}).", "Ugyldig TopoJSON")]
    except UnicodeDecodeError:
        return [_problem(name, None, None, "Filen er ikke UTF-8.", "The file is not UTF-8.", "Forkert tegnsæt")]

    def bad(where, da, en):
        return [_problem(name, None, where, da, en, "Ugyldig TopoJSON")]

    if not (isinstance(doc, dict) and doc.get("type") == "Topology" and isinstance(doc.get("objects"), dict)
            and doc["objects"] and isinstance(doc.get("arcs"), list)):
        return bad(None, "Filen er ikke TopoJSON: den skal være et objekt med \"type\": \"Topology\", \"objects\" og \"arcs\".",
                   "The file is not TopoJSON: it must be an object with \"type\": \"Topology\", \"objects\" and \"arcs\".")
    for i, arc in enumerate(doc["arcs"]):
        if not (isinstance(arc, list) and arc and all(
                isinstance(p, list) and len(p) >= 2 and all(_finite(c) for c in p) for p in arc)):
            return bad(f"arcs/{i}", "En bue (arc) skal være en liste af punkter med endelige tal.",
                       "An arc must be a list of points of finite numbers.")
    transform = doc.get("transform")
    if transform is not None and not (isinstance(transform, dict) and all(
            isinstance(transform.get(k), list) and len(transform[k]) == 2 and all(_finite(c) for c in transform[k])
            for k in ("scale", "translate"))):
        return bad("transform", "\"transform\" skal have \"scale\" og \"translate\" med to endelige tal hver.",
                   "\"transform\" needs \"scale\" and \"translate\" with two finite numbers each.")
    for where, value in floor._walk(doc["objects"], ("objects",)):
        if isinstance(value, str):
            found = text.problem(value, shown=_excerpt)
            if found:
                return [_problem(name, None, floor._where(where), found.da, found.en, found.title)]
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _finite(value):
            return bad(floor._where(where), "Tallet er ikke endeligt.", "The number is not finite.")
    found = _quantized_problem(doc, boundaries) or _objects_problem(doc, boundaries)
    if not found and boundaries:
        found = _area_problem(doc)
    return bad(*found) if found else []


# What a geometry's "arcs" holds, by type: how deep the lists of arc indexes are nested.
ARC_DEPTH = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
POINT_TYPES = ("Point", "MultiPoint")


def _quantized_problem(doc: dict, boundaries: bool) -> tuple[str, str, str] | None:
    """A file with a transform is quantized: its positions are whole numbers. The boundaries need the transform."""
    if "transform" not in doc:
        if boundaries:
            return ("transform", "Filen skal have en \"transform\" (scale og translate): byggeriet regner grænsernes "
                                 "positioner om til længde og bredde med den.",
                    "The file needs a \"transform\" (scale and translate): the build turns the boundaries' positions "
                    "into longitude and latitude with it.")
        return None
    for i, arc in enumerate(doc["arcs"]):
        for j, position in enumerate(arc):
            if not all(isinstance(c, int) and not isinstance(c, bool) for c in position[:2]):
                return (f"arcs/{i}/{j}", "En position skal være hele tal, når filen har en transform (kvantiseret "
                                         "TopoJSON).",
                        "A position must be whole numbers when the file has a transform (quantized TopoJSON).")
    return None


def _objects_problem(doc: dict, boundaries: bool) -> tuple[str, str, str] | None:
    """Every object is a geometry of a known type whose arc indexes exist; the boundaries' object geometry.OBJECT
    is a GeometryCollection of Polygon and MultiPolygon geometries."""
    from build_scripts.core import geometry

    if boundaries:
        regions = doc["objects"].get(geometry.OBJECT)
        if not (isinstance(regions, dict) and regions.get("type") == "GeometryCollection"
                and isinstance(regions.get("geometries"), list) and regions["geometries"]):
            return ("objects", f"Filen skal have objektet \"{geometry.OBJECT}\": en GeometryCollection med en liste "
                               "\"geometries\"; byggeriet læser regionerne derfra.",
                    f"The file needs the object \"{geometry.OBJECT}\": a GeometryCollection with a list "
                    "\"geometries\"; the build reads the regions from it.")
    for key, value in doc["objects"].items():
        allowed = ("Polygon", "MultiPolygon") if boundaries and key == geometry.OBJECT else None
        found = _geometry_problem(value, f"objects/{key}", len(doc["arcs"]), allowed)
        if found:
            return found
    return None


def _geometry_problem(node, where: str, arcs: int, allowed: tuple | None) -> tuple[str, str, str] | None:
    """One geometry (a collection's members in turn): a known type, or null, whose "arcs" are nested as its type
    says and name arcs that exist. `allowed`: the types a collection's members may have."""
    kind = node.get("type") if isinstance(node, dict) else "?"
    if kind == "GeometryCollection":
        members = node.get("geometries")
        if not isinstance(members, list):
            return (f"{where}/geometries", "En GeometryCollection skal have en liste \"geometries\".",
                    "A GeometryCollection needs a list \"geometries\".")
        for i, member in enumerate(members):
            found = _member_problem(member, f"{where}/geometries/{i}", allowed) \
                or _geometry_problem(member, f"{where}/geometries/{i}", arcs, None)
            if found:
                return found
        return None
    if kind not in ARC_DEPTH and kind not in POINT_TYPES and kind is not None:
        return (f"{where}/type", f"Typen '{_excerpt(kind)}' er ikke en TopoJSON-geometri.",
                f"The type '{_excerpt(kind)}' is not a TopoJSON geometry.")
    if kind in ARC_DEPTH:
        return _arcs_problem(node.get("arcs"), f"{where}/arcs", ARC_DEPTH[kind], arcs, kind)
    return None


def _member_problem(member, where: str, allowed: tuple | None) -> tuple[str, str, str] | None:
    kind = member.get("type") if isinstance(member, dict) else None
    if allowed is None or kind in allowed:
        return None
    shown, kind = (" eller ".join(allowed), " or ".join(allowed)), "null" if kind is None else _excerpt(kind)
    return (f"{where}/type", f"En region skal være {shown[0]} (ikke '{kind}'); byggeriet beregner landets areal og "
                             "midtpunkt af fladerne.",
            f"A region must be a {shown[1]} (not '{kind}'); the build computes the country's area and centre from the "
            "polygons.")


def _arcs_problem(value, where: str, depth: int, arcs: int, kind: str) -> tuple[str, str, str] | None:
    """Lists nested `depth` deep with arc indexes (whole numbers) in range at the bottom: i for arc i, ~i (-i-1)
    for arc i reversed."""
    if depth == 0:
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return (where, f"'{_excerpt(value)}' er ikke et buenummer (et helt tal).",
                    f"'{_excerpt(value)}' is not an arc index (a whole number).")
        if not -arcs <= value < arcs:
            return (where, f"Buen {value} findes ikke: filen har {arcs} buer (0 til {arcs - 1}, og -1 til -{arcs} for "
                           "en bue i modsat retning).",
                    f"The arc {value} does not exist: the file has {arcs} arcs (0 to {arcs - 1}, and -1 to -{arcs} "
                    "for an arc reversed).")
        return None
    if not isinstance(value, list):
        return (where, f"\"arcs\" i en {kind} skal være lister i {ARC_DEPTH[kind]} lag med buenumre (hele tal).",
                f"\"arcs\" of a {kind} must be lists nested {ARC_DEPTH[kind]} deep holding arc indexes (whole "
                "numbers).")
    for i, item in enumerate(value):
        found = _arcs_problem(item, f"{where}/{i}", depth - 1, arcs, kind)
        if found:
            return found
    return None


def _area_problem(doc: dict) -> tuple[str, str, str] | None:
    from build_scripts.core import geometry

    try:
        geometry.extent_and_centre(doc)
    except geometry.NoArea:
        return (f"objects/{geometry.OBJECT}", "Regionernes flader har intet areal (hver ring er en linje, eller "
                                              "hullerne er lige så store som fladerne), så landets midtpunkt kan ikke "
                                              "beregnes.",
                "The regions' polygons enclose no area (every ring is a line, or the holes are as large as the "
                "polygons), so the country's centre cannot be computed.")
    return None


def _finite(value) -> bool:
    import math

    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and abs(value) <= contract.MAX_NUMBER


def _excerpt(value) -> str:
    from build_scripts.stages.validate.stage import excerpt

    return excerpt(value)


# --- the repository's files beside the package -----------------------------------------------------------


# The submission standard (datapackage/submission/): what the downloads and check-submission read from it.
SUBMISSION_FIELDS = ("initiative_id", "municipality_code", "area_id", "title", "gross_expenditure_1000_kr",
                     "gross_income_1000_kr", "financing_source", "legal_basis", "primary_target_group",
                     "secondary_target_group", "content", "purpose", "time_horizon", "target_group_share")
SUBMISSION_ENUMS = ("area_id", "financing_source", "primary_target_group", "secondary_target_group")


def submission_problems(package_json: Path) -> list:
    """The submission standard beside the package (datapackage/submission/datapackage.json), as the downloads stage
    and check-submission read it: strict JSON, the profile, the floor, its fields and lists, a size limit."""
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
        problems.append(_problem(name, None, "resources/0/schema/fields",
                                 f"Standardens felter {', '.join(missing)} mangler; skabelonen og check-submission "
                                 "læser dem.",
                                 f"The standard's fields {', '.join(missing)} are missing; the template and "
                                 "check-submission read them.", "Ugyldig datapackage.json"))
    for field in SUBMISSION_ENUMS:
        enum = fields.get(field, {}).get("constraints", {}).get("enum")
        if field in fields and not (isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum)):
            problems.append(_problem(name, None, f"resources/0/schema/fields/{field}",
                                     f"Feltet {field} skal have en liste af værdier (enum); skabelonens rulleliste "
                                     "bygges af den.",
                                     f"The field {field} needs a list of values (enum); the template's drop-down list "
                                     "is made from it.", "Ugyldig datapackage.json"))
    limit = resource.get("maxBytes")
    if not (isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= stage.MAX_FILE_BYTES):
        problems.append(_problem(name, None, "resources/0/maxBytes",
                                 f"maxBytes skal være et helt tal mellem 1 og {stage.MAX_FILE_BYTES}.",
                                 f"maxBytes must be a whole number between 1 and {stage.MAX_FILE_BYTES}.",
                                 "Ugyldig datapackage.json"))
    return problems


MAX_TEXT_FILE_BYTES = 5_000_000  # CHANGELOG.md, CITATION.cff


def repository_problems(package_json: Path) -> list:
    """The submission standard beside the package, and CHANGELOG.md and CITATION.cff beside the package's folder
    (in a checkout; an unpacked download has neither)."""
    from build_scripts.stages.validate import stage

    root = package_json.resolve().parent.parent
    problems = submission_problems(package_json)
    for name, check in (("CHANGELOG.md", changelog_problems), ("CITATION.cff", citation_problems)):
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
            problems.append(_problem(name, None, None, "Filen er ikke gemt som UTF-8. Gem den igen som UTF-8.",
                                     "The file is not saved as UTF-8. Save it again as UTF-8.", "Forkert tegnsæt"))
    return problems


def changelog_problems(log: str, name: str = "CHANGELOG.md") -> list:
    """See the module's docstring."""
    problems = []
    entries = _changelog_entries(log, name, problems)
    problems += _entry_problems(entries, name)
    problems += _link_problems(log, name)
    return problems


def _changelog_entries(log: str, name: str, problems: list) -> list:
    """The entries as [line, version, date, {code: [lines]}]; a heading that is not '## X.Y.Z — YYYY-MM-DD' with a
    date that exists, and a line of unsafe text, are added to `problems`."""
    import datetime

    entries = []  # (line, version, date, {code: text})
    current = None
    code = None
    for number, line in enumerate(log.split("\n"), start=1):  # not splitlines(): it splits at VT, FF, U+2028 too
        found = text.problem(line, tab=True, shown=_excerpt)
        if found:  # named; the line still counts as the entry's text (no follow-on "no text" message)
            problems.append(_problem(name, number, None, found.da, found.en, found.title))
        if line.startswith("## ") or line.startswith("##\t"):
            heading = HEADING.match(line)
            version, day = (heading.group(1), heading.group(2)) if heading else (None, None)
            try:
                date = datetime.date.fromisoformat(day) if day and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else None
            except ValueError:
                date = None
            if not (version and re.fullmatch(contract.VERSION, version) and date):
                problems.append(_problem(name, number, None,
                                         f"Overskriften '{_excerpt(line)}' har ikke formen '## X.Y.Z — ÅÅÅÅ-MM-DD' med en "
                                         "dato, der findes (tankestreg —, ikke bindestreg); den ville blive sprunget over.",
                                         f"The heading '{_excerpt(line)}' does not have the form '## X.Y.Z — YYYY-MM-DD' "
                                         "with a date that exists (an em dash —, not a hyphen); it would be skipped.",
                                         "Ugyldig overskrift"))
                current = None
                continue
            current = [number, version, date, {}]
            entries.append(current)
            code = None
            continue
        if current is None:
            continue
        mark = MARK.match(line)
        if mark:
            code = mark.group(1)
            current[3].setdefault(code, [])
            continue
        current[3].setdefault(code, []).append(line)
    return entries


def _entry_problems(entries: list, name: str) -> list:
    """Each version once, the newest first, and a text (not the placeholder) after every language's mark."""
    from build_scripts.core.lang import languages
    from build_scripts.stages.downloads.metadata import language_mark

    problems = []
    codes = [lang.code for lang in languages()]
    seen = {}
    previous = None
    for number, version, date, texts in entries:
        key = tuple(int(p) for p in version.split("."))
        if version in seen:
            problems.append(_problem(name, number, None, f"Version {version} har allerede en overskrift i linje {seen[version]}.",
                                     f"Version {version} already has a heading on line {seen[version]}.", "Ugyldig overskrift"))
        seen.setdefault(version, number)
        if previous and (key >= previous[0] or date > previous[1]):
            problems.append(_problem(name, number, None,
                                     f"Version {version} står under en nyere version eller har en senere dato end den "
                                     "over sig; den nyeste version står øverst.",
                                     f"Version {version} is below a newer version or has a later date than the one above; "
                                     "the newest version comes first.", "Ugyldig overskrift"))
        previous = (key, date)
        body = "\n".join(line for lines in texts.values() for line in lines)
        if any(start in body for start in PLACEHOLDER_STARTS):
            da_mark, en_mark = language_mark("da"), language_mark("en")
            problems.append(_problem(name, number, None,
                                     f"Version {version} har stadig pladsholderen »{PLACEHOLDER_STARTS[0]} …«, som "
                                     f"`make release` skrev. Skriv, hvad der er ændret, efter {da_mark} og {en_mark}.",
                                     f"Version {version} still holds the placeholder '{PLACEHOLDER_STARTS[1]} …' "
                                     f"that `make release` wrote. Write what changed after {da_mark} and {en_mark}.",
                                     "Ufærdig ændringslog"))
            continue
        if texts and set(texts) != {None}:
            for lang in codes:
                if not "\n".join(texts.get(lang, [])).strip():
                    problems.append(_problem(name, number, None,
                                             f"Version {version} har ingen tekst efter {language_mark(lang)}. Skriv den.",
                                             f"Version {version} has no text after {language_mark(lang)}. Write it.",
                                             "Ufærdig ændringslog"))
    return problems


def _link_problems(log: str, name: str) -> list:
    """Every link and image of the changelog's Markdown (the changelog page renders it) is https: or a path."""
    from markdown_it import MarkdownIt

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
            if bad:
                first, last = token.map if token.map else (0, 0)
                line = next((n + 1 for n in range(first, last) if str(target) in lines[n]), first + 1 if token.map else None)
                problems.append(_problem(name, line, None, *bad, "Ugyldig adresse"))
    return problems


CITATION_URL_KEYS = {"url", "website", "repository", "repository-code", "repository-artifact", "license-url"}


# CITATION.cff as YAML: nested at most this deep (the real one is 4); anchors and aliases are refused before it is
# loaded, so a small file never expands into billions of values (an "alias bomb").
MAX_YAML_DEPTH = 20
# A DOI as Crossref and DataCite write them: the downloads put CITATION.cff's into dcat.ttl as https://doi.org/<DOI>.
DOI = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+")


def yaml_shape_problem(source: str, name: str):
    """The first anchor or alias of a YAML text, or the first node nested deeper than MAX_YAML_DEPTH, as a problem
    naming its line; read as a stream of events, so nothing is expanded or built. None if there is neither (or
    the text is not YAML: loading it says so)."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            line = event.start_mark.line + 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                shown = ("*" if isinstance(event, yaml.AliasEvent) else "&") + _excerpt(anchor)
                return _problem(name, line, None,
                                f"YAML-ankre og -aliaser (her {shown}) kan ikke bruges: byggeriet udfolder dem ikke, og "
                                "en lille fil kan blive til milliarder af værdier. Skriv værdien ud, hvor den bruges.",
                                f"YAML anchors and aliases (here {shown}) cannot be used: the build does not expand "
                                "them, and a small file can become billions of values. Write the value out where it "
                                "is used.", "Ugyldig YAML")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return _problem(name, line, None,
                                    f"YAML'en er indlejret mere end {MAX_YAML_DEPTH} lag dybt. Ret strukturen.",
                                    f"The YAML is nested more than {MAX_YAML_DEPTH} levels deep. Fix its structure.",
                                    "Ugyldig YAML")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def citation_problems(cff: str, name: str = "CITATION.cff") -> list:
    import yaml

    shape = yaml_shape_problem(cff, name)
    if shape:
        return [shape]
    try:
        doc = yaml.safe_load(cff)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return [_problem(name, mark.line + 1 if mark else None, None, "Filen er ikke gyldig YAML.",
                         "The file is not valid YAML.", "Ugyldig CITATION.cff")]
    if not isinstance(doc, dict):
        return [_problem(name, None, None, "Filen skal være en YAML-mapping af nøgler og værdier (cff-version, "
                                           "title, authors …).",
                         "The file must be a YAML mapping of keys and values (cff-version, title, authors …).",
                         "Ugyldig CITATION.cff")]
    problems = _doi_problems(doc, name)
    for where, value in floor._walk(doc):
        if not isinstance(value, str):
            continue
        found = text.problem(value, shown=_excerpt)
        if found:
            problems.append(_problem(name, None, floor._where(where), found.da, found.en, found.title))
        elif where and where[-1] in CITATION_URL_KEYS:
            bad = floor.url_problem(value, absolute=True)
            if bad:
                problems.append(_problem(name, None, floor._where(where), *bad, "Ugyldig adresse"))
    return problems


def _doi_problems(doc: dict, name: str) -> list:
    """What the downloads read of CITATION.cff (metadata.doi_record): `doi` and each `identifiers` entry of type doi
    hold a DOI, and `identifiers` is a list of mappings."""
    problems = []

    def bad_doi(where, value):
        problems.append(_problem(name, None, where, f"'{_excerpt(value)}' er ikke en DOI (fx 10.5281/zenodo.123456).",
                                 f"'{_excerpt(value)}' is not a DOI (e.g. 10.5281/zenodo.123456).",
                                 "Ugyldig CITATION.cff"))

    if doc.get("doi") and not (isinstance(doc["doi"], str) and DOI.fullmatch(doc["doi"])):
        bad_doi("doi", doc["doi"])
    identifiers = doc.get("identifiers") or []
    if not (isinstance(identifiers, list) and all(isinstance(item, dict) for item in identifiers)):
        problems.append(_problem(name, None, "identifiers", "\"identifiers\" skal være en liste af mappings (type, "
                                                            "value, description).",
                                 "\"identifiers\" must be a list of mappings (type, value, description).",
                                 "Ugyldig CITATION.cff"))
        return problems
    for i, item in enumerate(identifiers):
        if item.get("type") == "doi" and not (isinstance(item.get("value"), str) and DOI.fullmatch(item["value"])):
            bad_doi(f"identifiers/{i}/value", item.get("value"))
    return problems
