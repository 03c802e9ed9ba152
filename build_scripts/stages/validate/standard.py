"""The submission standard (datapackage/submission/) against the package it belongs to. Pure functions but for
reading the standard's two files.

- questionnaire_codes.csv has exactly the codes the standard's enums allow for the coded fields (CODED_FIELDS), both
  ways: the site's method page, the template's guide, check-submission and aggregate's counts read one and the
  other, and would disagree.
- A code's Danish label is in its quote, in the source's words: every word of the label is in the quote's text for
  that code (from its 'code)' to the next code's, where the quote lists codes so; else the whole quote). Word by
  word, not as one string, because the labels shorten the questionnaire's sentences ('… eller rettet mod hele
  befolkningen' for '… eller integrationsindsatsen er rettet mod hele befolkningen').
- No two codes of one field have one label (Danish or English, case and whitespace aside).
- area_id's enum is exactly policy_areas.csv's area ids (area_problems).
- questionnaire_fields.csv defines the measured fields (the amounts, the share) in the unit the code reads them in,
  in the code's words (contract.UNIT_PHRASE), as the standard's descriptions do (files.standard_unit_problems).
- The standard's municipalities.csv is the reference (ref_municipalities.csv) in every column they share, line by
  line: check-submission accepts the copy's codes and the template lists its names, while aggregate reads the
  reference's names, regions and populations.
"""

import csv
import json
import re
from pathlib import Path

from build_scripts.core.text import excerpt
from build_scripts.stages.validate import contract
from build_scripts.stages.validate.problem import Problem

# The questionnaire's fields (questionnaire_fields.field_no) whose codes the standard lists as an enum.
CODED_FIELDS = {contract.QUESTIONNAIRE_FIELD[name]: name
                for name in ("financing_source", "primary_target_group", "secondary_target_group")}
_WORD = re.compile(r"\w+")


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _enums(descriptor: dict) -> dict[str, list[str]]:
    resource = (descriptor.get("resources") or [{}])[0]
    return {f.get("name"): f.get("constraints", {}).get("enum") for f in resource.get("schema", {}).get("fields", [])}


def code_problems(rows: list, name: str, enums: dict, standard: str) -> list[Problem]:
    """The codes of the coded fields against the standard's enums, both ways."""
    found = []
    for field_no, field in CODED_FIELDS.items():
        allowed = enums.get(field)
        if not isinstance(allowed, list):
            continue  # the standard's own check names it (files.submission_problems)
        params = {"field_no": field_no, "field": field, "standard": standard}
        codes = set()
        for line, row in rows:
            if row.get("field_no") == str(field_no):
                codes.add(row.get("code", ""))
                if row.get("code", "") not in allowed:
                    found.append(Problem("code_not_in_standard", name, line, "code", {
                        **params, "code": excerpt(row.get("code", "")), "allowed": ", ".join(allowed)},
                        kind="codes_disagree"))
        found += [Problem("code_missing", name, None, "code", {**params, "code": code}, kind="codes_disagree")
                  for code in allowed if code not in codes]
    return found


def quote_part(quote: str, code: str) -> str:
    """The quote's text for a code: from its 'code)' to the next 'x)', where the quote lists codes so; else all."""
    start = re.search(r"(?<!\w)" + re.escape(code) + r"\)", quote)
    if not start:
        return quote
    end = re.compile(r"(?<!\w)\w{1,2}\)").search(quote, start.end())
    return quote[start.end():end.start() if end else len(quote)].strip(" ,;.")


def label_problems(rows: list, name: str) -> list[Problem]:
    """Each Danish label in its quote; no two codes of a field with one label."""
    found, seen = [], {}
    for line, row in rows:
        code, label = row.get("code", ""), row.get("label_da", "")
        part = quote_part(re.sub(r"\s+", " ", row.get("source_quote", "")), code)
        have = {w.casefold() for w in _WORD.findall(part)}
        missing = [w for w in _WORD.findall(label) if w.casefold() not in have]
        if missing:
            found.append(Problem("code_label_not_in_quote", name, line, "label_da", {
                "label": excerpt(label), "segment": excerpt(part, 120),
                "words": ", ".join(f"'{excerpt(w)}'" for w in dict.fromkeys(missing))}, kind="codes_disagree"))
        for field in ("label_da", "label_en"):
            key = (row.get("field_no"), field, _folded(row.get(field, "")))
            if key in seen:
                first, other = seen[key]
                found.append(Problem("code_label_repeated", name, line, field, {
                    "code": excerpt(code), "other": excerpt(other), "first": first, "field_no": row.get("field_no"),
                    "label": excerpt(row.get(field, ""))}, kind="codes_disagree"))
            elif key[2]:
                seen[key] = (line, code)
    return found


def questionnaire_problems(tables: dict, names: dict, descriptor_path: Path, standard: str) -> list[Problem]:
    """questionnaire_codes.csv against the standard and its quotes."""
    if "questionnaire_codes" not in tables:
        return []
    rows, name = tables["questionnaire_codes"][1], names["questionnaire_codes"]
    problems = label_problems(rows, name)
    try:
        enums = _enums(json.loads(descriptor_path.read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return problems  # the standard's own check names it (files.submission_problems)
    return code_problems(rows, name, enums, standard) + problems


def area_problems(tables: dict, names: dict, descriptor_path: Path, standard: str) -> list[Problem]:
    """The standard's areas (area_id's enum) are exactly policy_areas.csv's, each once (red team 27, finding 2): an
    area the package does not have ('Social' beside 'social') would be aggregated and published as an area of its own."""
    if "policy_areas" not in tables:
        return []
    try:
        enum = _enums(json.loads(descriptor_path.read_text(encoding="utf-8"))).get("area_id")
    except (OSError, ValueError, AttributeError):
        return []  # the standard's own check names it (files.submission_problems)
    areas = [row.get("area_id", "") for _, row in tables["policy_areas"][1]]
    if not isinstance(enum, list) or sorted(map(str, enum)) == sorted(areas):
        return []  # a missing or malformed enum is named by files.submission_problems
    listed = [str(v) for v in enum]
    differ = [v for v in listed if v not in areas] + [a for a in areas if a not in listed] \
        + [v for i, v in enumerate(listed) if v in listed[:i]]  # added, left out, listed twice
    return [Problem("standard_area_enum", standard, None, "resources/0/schema/fields/area_id/constraints/enum", {
        "table": names["policy_areas"], "want": ", ".join(areas),
        "diff": excerpt(", ".join(f"'{v}'" for v in dict.fromkeys(differ)), 200)}, kind="codes_disagree")]


# The message of a questionnaire definition that does not say its field's unit (contract.FIELD_UNIT's kind).
DEFINITION_UNIT_MESSAGE = {"amount": "definition_amount_unit", "share": "definition_share_unit"}


def definition_unit_problems(tables: dict, names: dict) -> list[Problem]:
    """Each definition in questionnaire_fields.csv of a measured field of the standard (the amounts, fields 2 and 3;
    the share, field 10) that does not say the unit the code reads it in, in the code's words, or that names another
    unit or period (files.unit_wrong): the method page publishes these definitions beside the standard's."""
    from build_scripts.stages.validate import files

    if "questionnaire_fields" not in tables:
        return []
    measured = {str(contract.QUESTIONNAIRE_FIELD[field]): field for field in contract.FIELD_UNIT}
    found = []
    for line, row in tables["questionnaire_fields"][1]:
        field = measured.get(row.get("field_no", ""))
        for lang, column in contract.UNIT_TEXT["questionnaire"].items() if field else ():
            lead, words = contract.unit_words("questionnaire", field, lang)
            if isinstance(row.get(column), str) and files.unit_wrong(row[column], lead, words):
                found.append(Problem(DEFINITION_UNIT_MESSAGE[contract.FIELD_UNIT[field]], names["questionnaire_fields"],
                                     line, column, {"field_no": row["field_no"], "field": field, "words": words},
                                     kind="unit_mismatch"))
    return found


def municipality_problems(tables: dict, names: dict, copy: Path, shown: str) -> list[Problem]:
    """The standard's municipalities.csv against ref_municipalities.csv: the first line (and field) that differs."""
    from build_scripts.stages.validate import floor, stage

    if "ref_municipalities" not in tables or not copy.exists():
        return []
    unreadable = stage.path_problem(copy, shown, stage.MAX_FILE_BYTES)
    if unreadable:
        return [unreadable]
    try:
        header, rows = floor.read_rows(copy)
    except UnicodeDecodeError:
        return [Problem("save_as_utf8", shown, kind="wrong_encoding")]
    except csv.Error as err:
        return [Problem("csv_unreadable", shown, params={"error": excerpt(str(err))}, kind="invalid_csv")]
    ref_header, ref_rows = tables["ref_municipalities"]
    reference = names["ref_municipalities"]
    shared = [f for f in ref_header if f in header]
    for (line, row), (ref_line, ref_row) in zip(rows, ref_rows):
        if line != ref_line:  # a blank line in one of them
            return [Problem("copy_missing_row", shown, min(line, ref_line), None, {
                "line": ref_line, "row": excerpt(",".join(ref_row.values())), "reference": reference},
                kind="copy_differs")]
        for field in shared:
            if row[field] != ref_row[field]:
                return [Problem("copy_differs", shown, line, field, {
                    "value": excerpt(row[field]), "expected": excerpt(ref_row[field]), "reference": reference,
                    "line": ref_line}, kind="copy_differs")]
    if len(rows) > len(ref_rows):
        return [Problem("copy_extra_row", shown, rows[len(ref_rows)][0], None, {
            "line": rows[len(ref_rows)][0], "reference": reference}, kind="copy_differs")]
    if len(rows) < len(ref_rows):
        line, ref_row = ref_rows[len(rows)]
        return [Problem("copy_missing_row", shown, line, None, {
            "line": line, "row": excerpt(",".join(ref_row.values())), "reference": reference}, kind="copy_differs")]
    return []
