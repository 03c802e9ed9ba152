"""The rows the build reads by name, so that `validate` refuses a package without one (and names it).

The derive and charts stages compute from named figures ('reported_expenditure'), every policy area's
expenditure, and the population on named dates; the page templates in docs/ show named figures and statements.
A package that lacks one of them would stop a later stage with a traceback, or (a municipality without its
population) be published wrong. What the stages' code reads is listed here (CODE); what the templates read is
found in the templates themselves (template_needs: fig("id"), kf.id, st.id, statement("id"), card(…, "table", "id"),
site.sources["id"], area.figures.measure, area_fig(area, "measure"), and a `for` over a list of ids). The reference
populations agree: Denmark's on each date is at least its municipalities' together and at most DENMARK_MARGIN more.
Every area's figure of a measure is in the unit of its column of the areas table (derive.AREA_UNITS), and no check
of the reconciliation adds or compares figures in different units (reconcile.unit_misfit, which derive applies too).
The property test of tests/e2e/test_validate_properties.py deletes rows at random: `validate` refuses the package,
or the whole build succeeds; tests/unit/test_gate.py checks that the templates' needs are found.
"""

import functools
from pathlib import Path

from build_scripts.core.lang import Phrase
from build_scripts.core.paths import SOURCE_TEXT_FILES
from build_scripts.core.text import excerpt
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.validate.problem import Problem

# Rows the derive, charts and downloads stages read by their key: table -> ids.
CODE = {
    "key_figures": {
        "reported_expenditure", "two_areas_share", "population_coverage", "national_expenditure",
        "expenditure_per_inhabitant", "initiatives", "average_per_initiative", "national_income",
        "municipalities_invited", "municipalities_responding", "target_group_size", "target_group_non_western",
        "answer_municipalities_responding", "answer_reported_expenditure", "answer_national_expenditure",
        "answer_two_areas_share",
    },
    "target_group": {
        "non_western", "residence_under_10_years", "residence_over_10_years", "descendants", "under_18",
        "aged_18_and_over", "origin_menapt", "origin_other_non_western", "non_western_share", "immigrants_descendants",
        "non_western_origin",
    },
    "policy_areas": {"beskaeftigelse", "dagtilbud_folkeskole"},
    "units": {"mio_kr", "pct", "personer", "kommuner"},
    "questionnaire_fields": {str(n) for n in range(1, 11)},  # the submission template quotes fields 1-10
}
# The figures the reconciliation reads as numbers with a precision: their value_text is written in digits.
IN_DIGITS = {"key_figures": CODE["key_figures"], "target_group": CODE["target_group"]}
# Cells the code reads from a named row: (table, id) -> fields that must be filled in.
FILLED = {
    ("key_figures", "reported_expenditure"): ("reference_period", "price_level"),
    ("target_group", "non_western"): ("reference_period",),
}
# Figures the reconciliation divides by: their value is not 0.
DIVISORS = {("key_figures", "reported_expenditure"), ("key_figures", "population_coverage"),
            ("key_figures", "initiatives")}
# Every policy area has these figures (the reconciliation, the charts and the area pages read them) ...
EVERY_AREA = ("expenditure", "expenditure_share", "income")
# ... and these areas also these.
AREA_FIGURES = {("beskaeftigelse", "income_share")}
# The key column of each table whose rows are named.
KEYS = {"key_figures": "figure_id", "target_group": "figure_id", "statements": "statement_id",
        "policy_areas": "area_id", "units": "unit_id", "sources": "source_id", "questionnaire_fields": "field_no",
        "area_figures": "measure"}


def population_dates() -> list[str]:
    """The dates on which the build needs every municipality's population and Denmark's."""
    from build_scripts.commands import DEFAULT_POPULATION_DATE
    from build_scripts.stages.derive import reconcile

    return sorted({*reconcile.POPULATION_DATES, derive.POPULATION_DATE, *reconcile.fixed_dates(), DEFAULT_POPULATION_DATE})


def template_needs(docs_dir: Path) -> dict[str, dict[str, str]]:
    """table -> {id: the template that reads it}, found in the page templates of docs/ as they are now: read at
    every call, and what is found kept per content (each template's name and text; _needs), not per folder, so that
    a template edited between two validations in one process (a test, check-submission's require_valid) is read
    again."""
    texts = []
    for template in [t for t in sorted(docs_dir.rglob("*.md")) + sorted(docs_dir.rglob("*.html")) if t.is_file()]:
        try:
            texts.append((template.relative_to(docs_dir.parent).as_posix(), template.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # named by templates.problems, with its line
    return {table: dict(ids) for table, ids in _needs(tuple(texts)).items()}  # a copy: the cache's stays as found


@functools.lru_cache(maxsize=32)
def _needs(texts: tuple[tuple[str, str], ...]) -> dict[str, dict[str, str]]:
    """template_needs of the templates (where, text)."""
    from jinja2 import TemplateSyntaxError, nodes

    from build_scripts.stages.validate import templates
    from build_scripts.stages.validate.template_tree import find_all

    found: dict[str, dict[str, str]] = {}

    def need(table, key, where):
        if isinstance(key, str):
            found.setdefault(table, {}).setdefault(key, where)

    names = {"kf": "key_figures", "tg": "target_group", "st": "statements"}
    for where, text in texts:
        try:
            tree = templates.parse(text)
        except TemplateSyntaxError:
            continue  # named by templates.problems, with its line
        for node in find_all(tree, (nodes.Getattr, nodes.Getitem, nodes.Call, nodes.For)):
            if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in names:
                if node.attr not in ("items", "values", "keys", "get"):
                    need(names[node.node.name], node.attr, where)
            elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Getattr) \
                    and node.node.attr == "figures" and isinstance(node.node.node, nodes.Name) and node.node.node.name == "area":
                if node.attr not in ("items", "values", "keys", "get"):
                    need("area_figures", node.attr, where)
            elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                if isinstance(node.node, nodes.Name) and node.node.name in names:
                    need(names[node.node.name], node.arg.value, where)
                elif isinstance(node.node, nodes.Getattr) and node.node.attr == "sources":
                    need("sources", node.arg.value, where)
            elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
                consts = [a.value if isinstance(a, nodes.Const) else None for a in node.args]
                if node.node.name == "fig" and consts and consts[0]:
                    need(consts[1] if len(consts) > 1 and consts[1] else "key_figures", consts[0], where)
                elif node.node.name in ("statement", "statement_value") and consts and consts[0]:
                    need("statements", consts[0], where)
                elif node.node.name == "card" and len(consts) > 2 and consts[1] and consts[2]:
                    need(consts[1], consts[2], where)
                elif node.node.name == "area_fig" and len(consts) > 1 and consts[1]:
                    need("area_figures", consts[1], where)
            elif isinstance(node, nodes.For) and isinstance(node.iter, nodes.List) \
                    and isinstance(node.target, nodes.Name):
                ids = [item.value for item in node.iter.items if isinstance(item, nodes.Const)]
                for call in node.find_all(nodes.Call):
                    args = call.args
                    if isinstance(call.node, nodes.Name) and call.node.name == "fig" and args \
                            and isinstance(args[0], nodes.Name) and args[0].name == node.target.name:
                        table = args[1].value if len(args) > 1 and isinstance(args[1], nodes.Const) else "key_figures"
                        for key in ids:
                            need(table, key, where)
    return found


def needed(docs_dir: Path) -> dict[str, dict[str, str]]:
    """table -> {id: who reads it} for the code's and the templates' needs; area_figures holds measures."""
    result: dict[str, dict[str, str]] = {}
    for table, ids in CODE.items():
        for key in ids:
            result.setdefault(table, {})[key] = "build_scripts"
    for measure in EVERY_AREA:
        result.setdefault("area_figures", {})[measure] = "build_scripts"
    for table, ids in template_needs(docs_dir).items():
        for key, where in ids.items():
            result.setdefault(table, {}).setdefault(key, where)
    return result


def _missing(name: str, field: str, key: str, who: str):
    reader = Phrase("the_build_code") if who == "build_scripts" else who
    return Problem("row_missing", name, None, field, {"key": excerpt(key), "reader": reader}, kind="missing_row")


def problems(tables: dict, names: dict, docs_dir: Path) -> list:
    """What the build reads by name and the package lacks. `tables`: resource -> (header, [(line, row)]) of every
    table as floor.read_rows reads it; `names`: resource -> its file name in messages."""
    return (_missing_rows(tables, names, docs_dir) + _area_count(tables, names) + _unusable_values(tables, names)
            + _digits(tables, names) + _reconciliation_units(tables, names) + _source_problems(tables, names)
            + _population_problems(tables, names) + _area_page_problems(tables, names, docs_dir))


def _area_page_problems(tables: dict, names: dict, docs_dir: Path) -> list:
    """An area's page is not one of docs/'s pages: the area 'index' was written over the areas' overview
    (omraader/index.md), and the site published one area where the nav and every link promised all six (red team
    54, finding 5)."""
    from build_scripts.stages.validate import templates

    pages = {page.casefold() for page in templates.page_templates(docs_dir)}
    return [Problem("area_page_taken", names["policy_areas"], line, "area_id",
                    {"area": excerpt(row["area_id"]), "page": excerpt(templates.area_page(row["area_id"]))},
                    kind="invalid_id")
            for line, row in _rows(tables, "policy_areas")
            if row.get("area_id") and templates.area_page(row["area_id"]).casefold() in pages]


def _rows(tables: dict, table: str) -> list:
    return tables.get(table, ([], []))[1]


def _ids(tables: dict, table: str) -> set:
    return {row.get(KEYS[table], "") for _, row in _rows(tables, table)}


def _missing_rows(tables: dict, names: dict, docs_dir: Path) -> list:
    """Rows (and every area's figures) that a page, a chart or the reconciliation reads by name."""
    found = []
    for table, wanted in needed(docs_dir).items():
        if table not in tables or table == "area_figures":
            continue
        have = _ids(tables, table)
        for key, who in sorted(wanted.items()):
            if key not in have:
                found.append(_missing(names[table], KEYS[table], key, who))
    areas = [row.get("area_id", "") for _, row in _rows(tables, "policy_areas")]
    if "area_figures" in tables:
        pairs = {(row.get("area_id", ""), row.get("measure", "")) for _, row in _rows(tables, "area_figures")}
        wanted = needed(docs_dir)["area_figures"]
        for area in areas:
            for measure, who in sorted(wanted.items()):
                if (area, measure) not in pairs:
                    found.append(_missing(names["area_figures"], "measure", f"{area}, {measure}", who))
        for area, measure in sorted(AREA_FIGURES):
            if area in areas and (area, measure) not in pairs:
                found.append(_missing(names["area_figures"], "measure", f"{area}, {measure}", "build_scripts"))
    return found


def _area_count(tables: dict, names: dict) -> list:
    """As many policy areas as the charts can rank in words."""
    from build_scripts.core.lang import languages

    found = []
    areas = [row.get("area_id", "") for _, row in _rows(tables, "policy_areas")]
    ranks = min(len(lang.charts.get("ordinals", [])) for lang in languages()) + 1
    if "policy_areas" in tables and not 2 <= len(areas) <= ranks:
        found.append(Problem("area_count", names["policy_areas"], None, "area_id", {"count": len(areas), "ranks": ranks},
                             kind="area_count"))
    return found


def _unusable_values(tables: dict, names: dict) -> list:
    """Fields the build reads that are empty, and divisors that are 0."""
    found = []
    for (table, key), fields in FILLED.items():
        for line, row in _rows(tables, table):
            if row.get(KEYS[table]) == key:
                for field in fields:
                    if not row.get(field):
                        found.append(Problem("field_empty_but_read", names[table], line, field, {"key": key},
                                             kind="missing_value"))
    for table, key in sorted(DIVISORS):
        for line, row in _rows(tables, table):
            if row.get(KEYS[table]) == key and row.get("value") and float(row["value"]) == 0:
                found.append(Problem("divisor_zero", names[table], line, "value", {"key": key}, kind="invalid_value"))
    for line, row in _rows(tables, "area_figures"):
        if (row.get("area_id"), row.get("measure")) == ("beskaeftigelse", "income") and row.get("value") \
                and float(row["value"]) == 0:
            found.append(Problem("employment_income_zero", names["area_figures"], line, "value", kind="invalid_value"))
    return found


def _digits(tables: dict, names: dict) -> list:
    """Figures the reconciliation computes with, written in digits."""
    from build_scripts.stages.derive import precision

    found = []
    for table, wanted_ids in IN_DIGITS.items():
        for line, row in _rows(tables, table):
            if row.get(KEYS[table]) in wanted_ids and row.get("value_text"):
                try:
                    precision.bounds(row["value_text"], row.get("qualifier") or None)
                except precision.PrecisionError:
                    found.append(Problem("value_text_in_digits", names[table], line, "value_text",
                                         {"value_text": excerpt(row["value_text"])}, kind="figures_disagree"))
    return found


def _reconciliation_units(tables: dict, names: dict) -> list:
    """The figures each check of the reconciliation adds or compares are in the check's unit (reconcile.py's
    unit_misfit, which derive applies again): 100 mia. kr. is not added to 98 mio. kr."""
    from build_scripts.stages.derive import reconcile

    areas = sorted(_rows(tables, "policy_areas"), key=lambda found: _whole(found[1].get("sort_order")) or 0)
    rows = {table: [(names[table], line, row) for line, row in _rows(tables, table)]
            for table in reconcile.ROW_KEYS if table in tables}
    found = []
    for line, row in _rows(tables, "area_figures"):
        expected = derive.AREA_UNITS.get(row.get("measure", ""))
        if expected and row.get("unit") != expected:
            found.append(Problem("area_measure_unit", names["area_figures"], line, "unit", {
                "measure": row["measure"], "expected": expected, "column": derive.AREA_COLUMNS[row["measure"]],
                "unit": excerpt(row.get("unit", ""))}, kind="unit_mismatch"))
    flagged = {(p.file, p.line) for p in found}
    return found + [p for p in reconcile.unit_problems([row.get("area_id", "") for _, row in areas], rows)
                    if (p.file, p.line) not in flagged]


def _source_problems(tables: dict, names: dict) -> list:
    """Every source has its text (quotes are checked against it), and one of them is the report."""
    found = []
    if "sources" in tables:
        for line, row in _rows(tables, "sources"):
            if row.get("source_id") and row["source_id"] not in SOURCE_TEXT_FILES:
                found.append(Problem("source_without_text", names["sources"], line, "source_id",
                                     {"source": excerpt(row["source_id"])}, kind="missing_source_text"))
        if not any(row.get("document_type") == "report" for _, row in _rows(tables, "sources")):
            found.append(Problem("no_report_source", names["sources"], None, "document_type", kind="missing_row"))
    return found


def _population_problems(tables: dict, names: dict) -> list:
    needed_tables = ("ref_population_denmark", "ref_population_municipalities", "ref_municipalities", "regions")
    if not all(t in tables for t in needed_tables):
        return []
    found = []
    dates = population_dates()
    denmark = {row.get("date") for _, row in tables["ref_population_denmark"][1]}
    for date in dates:
        if date not in denmark:
            found.append(Problem("population_denmark_missing", names["ref_population_denmark"], None, "date",
                                 {"date": date}, kind="missing_row"))
    munis = [(row.get("municipality_code"), row.get("region_code")) for _, row in tables["ref_municipalities"][1]]
    have = {(row.get("municipality_code"), row.get("date")) for _, row in tables["ref_population_municipalities"][1]}
    for date in dates:
        lacking = [code for code, _ in munis if (code, date) not in have]
        if lacking:
            found.append(Problem("population_municipalities_missing", names["ref_population_municipalities"], None,
                                 "date", {"date": date, "count": len(lacking), "codes": ", ".join(lacking[:5]),
                                          "more": " …" if len(lacking) > 5 else ""}, kind="missing_row"))
    found += _denmark_against_municipalities(tables, names, [code for code, _ in munis])
    regions_with_munis = {region for _, region in munis}
    for line, row in tables["regions"][1]:
        if row.get("region_code") and row["region_code"] not in regions_with_munis:
            found.append(Problem("region_without_municipalities", names["regions"], line, "region_code",
                                 {"region": row["region_code"]}, kind="missing_row"))
    return found + _region_row_problems(tables, names, [region for _, region in munis])


def _region_row_problems(tables: dict, names: dict, regions_of_munis: list) -> list:
    """Each regions row is its region's: its quote names the region (ref_regions' name_da) and its count of
    municipalities is the region's in ref_regions and in ref_municipalities (red team 52, finding 1: two rows'
    figures and quotes swapped under their codes were published as Region Hovedstaden's 17 municipalities, and the
    reconciliation called the report inconsistent)."""
    found = []
    reference = {row.get("region_code"): row for _, row in _rows(tables, "ref_regions")}
    for line, row in tables["regions"][1]:
        region = reference.get(row.get("region_code"))
        if region is None:
            continue  # a code ref_regions lacks: the foreign key's message
        name = region.get("name_da", "")
        if name and name not in row.get("source_quote", ""):
            found.append(Problem("region_quote_other", names["regions"], line, "source_quote",
                                 {"region": row["region_code"], "name": excerpt(name)}, kind="quote_mismatch"))
        counts = {str(regions_of_munis.count(row["region_code"])), region.get("municipalities", "")}
        if row.get("municipalities") not in counts or len(counts) > 1:
            found.append(Problem("region_count_other", names["regions"], line, "municipalities", {
                "value": excerpt(row.get("municipalities", "")), "region": row["region_code"],
                "reference": excerpt(region.get("municipalities", "")),
                "listed": regions_of_munis.count(row["region_code"])}, kind="codes_disagree"))
    return found


def area_quote_problems(tables: dict, names: dict, sources_dir: Path, flagged: frozenset = frozenset()) -> list:
    """Each area's figures are its own, as a regions row's are its region's. An area is named as the report's section
    on it (name_da: 'Socialområdet'), a line of the source by itself; its section is the part of the source from that
    line to the next area's. Its policy_areas row's source_location is that section ('Afsnit 3, Socialområdet') and
    its quote is in it; an area_figures row whose source_location is the section (or a part of it: 'Afsnit 3,
    Socialområdet, side 14') quotes from it too, any other quotes a sentence that names the area ('på kultur- og
    fritidsområdet … 185.000 kr.'). Two rows' figures and quotes swapped under their area_ids, each quote found in
    the report and holding its figure, were published as the other area's (red team 52's note), and so were two
    areas' sections and quotes swapped with them (red team 55, finding 8). An area whose row has a problem already
    (`flagged`), and a row that has one, get none of these."""
    areas = {row.get("area_id", ""): row.get("name_da", "") for line, row in _rows(tables, "policy_areas")
             if (names.get("policy_areas"), line) not in flagged}  # `flagged` (file, line): rows already named
    sources = {document: _source_lines(sources_dir / file) for document, file in SOURCE_TEXT_FILES.items()}
    found = []
    for table in ("policy_areas", "area_figures"):
        for line, row in _rows(tables, table):
            heading, lines = areas.get(row.get("area_id", "")), sources.get(row.get("source_document", ""))
            if not heading or lines is None or (names[table], line) in flagged:
                continue  # an area policy_areas lacks, a source without its text: named by their own rules
            location = row.get("source_location", "")
            own = location == heading or location.endswith(", " + heading) or f", {heading}, " in f", {location}"
            section = _section(lines, heading, set(areas.values())) if own else None
            params = {"area": row["area_id"], "name": excerpt(heading), "location": excerpt(location)}
            if section is not None and " ".join(row.get("source_quote", "").split()) not in section:
                found.append(Problem("area_quote_outside", names[table], line, "source_quote", params,
                                     kind="quote_mismatch"))
            elif section is None and table == "policy_areas":
                found.append(Problem("area_section_unknown", names[table], line, "source_location", params,
                                     kind="quote_mismatch"))
            elif section is None and not _names_before(row.get("source_quote", ""), heading, row.get("value_text", ""),
                                                       set(areas.values())):
                found.append(Problem("area_quote_unnamed", names[table], line, "source_quote", params,
                                     kind="quote_mismatch"))
    return found


def _names_before(quote: str, heading: str, figure: str, headings: set) -> bool:
    """Whether the quote names the area before its figure, with no other area's name between them: the report states
    two areas' averages in one sentence, and a quote from the one's figure to the other's name passed as the other's
    (red team 57, finding 7)."""
    folded = " ".join(quote.split()).casefold()
    at = folded.find(heading.casefold())
    if at < 0:
        return False
    if not figure:
        return True
    end = folded.find(figure.casefold(), at)
    return end >= 0 and not any(other.casefold() in folded[at + len(heading):end] for other in headings - {heading})


def _source_lines(path: Path) -> list[str] | None:
    """A source text's lines, stripped; None if it cannot be read."""
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return None


def _section(lines: list[str], heading: str, headings: set) -> str | None:
    """The source's text from the line that is `heading` to the next line that is one of `headings` (whitespace as
    the quotes are read), or None where no line is `heading`."""
    if heading not in lines:
        return None
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in headings), len(lines))
    return " ".join(" ".join(lines[start:end]).split())


# How many more people Denmark may have than its municipalities together: Christiansø belongs to no municipality
# (84-93 people on 1 January 2019-2023: ref_population_denmark against the sum of ref_population_municipalities),
# and 1,000 leaves room for it. A wrong figure
# is far outside: a digit lost or added, another year's figure (Denmark grows by 15,000-60,000 a year), a
# municipality counted twice or left out (the smallest, Læsø, has about 1,800).
DENMARK_MARGIN = 1_000


def denmark_disagrees(denmark: int, municipalities: int, complete: bool) -> bool:
    """Denmark's population below its municipalities' together, or, once every municipality has the date
    (`complete`), more than DENMARK_MARGIN above it. validate's rule, which aggregate also checks."""
    return denmark < municipalities or (complete and denmark > municipalities + DENMARK_MARGIN)


def _denmark_against_municipalities(tables: dict, names: dict, codes: list) -> list:
    """Denmark's population on each date against the sum of its municipalities' on that date: never below it (a
    coverage above 100 %, a national estimate below what was reported), at most DENMARK_MARGIN above it once every
    municipality has that date (the per-inhabitant figures and the coverage divide by it)."""
    totals, counted = {}, {}
    for _, row in tables["ref_population_municipalities"][1]:
        if row.get("municipality_code") in codes and _whole(row.get("population")) is not None:
            totals[row.get("date")] = totals.get(row.get("date"), 0) + _whole(row["population"])
            counted[row.get("date")] = counted.get(row.get("date"), 0) + 1
    found = []
    for line, row in tables["ref_population_denmark"][1]:
        denmark, date = _whole(row.get("population")), row.get("date")
        if denmark is None or date not in totals:
            continue
        if denmark_disagrees(denmark, totals[date], complete=counted[date] == len(codes)):
            found.append(Problem("population_denmark_sum", names["ref_population_denmark"], line, "population",
                                 {"date": date, "denmark": denmark, "municipalities": totals[date],
                                  "file": names["ref_population_municipalities"], "margin": DENMARK_MARGIN},
                                 kind="figures_disagree"))
    return found


def _whole(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
