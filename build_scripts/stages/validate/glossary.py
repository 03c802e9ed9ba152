"""The glossary tables against the code: units.csv, qualifiers.csv and measures.csv name what the code gives a fixed
meaning.

The reconciliation multiplies mio_kr by a million, the derived tables describe it as "DKK million", the precision
rules read each qualifier by its Danish name, and derive reconciles expenditure and income as gross amounts
(core/text.py: UNIT_LABELS, QUALIFIER_LABELS, MEASURE_LABELS and their *_DESCRIPTIONS). A row whose label or
description says otherwise ('DKK billion', 'Billions of Danish kroner' for mio_kr, 'under' as 'over', 'Net expenditure') would
change every figure in one edition only, so `validate` refuses it, naming file, line and field and the code's text.
Ids the code gives no meaning to are the data's own. Pure functions.
"""

from build_scripts.core.text import (
    MEASURE_DESCRIPTIONS,
    MEASURE_LABELS,
    QUALIFIER_DESCRIPTIONS,
    QUALIFIER_LABELS,
    UNIT_DESCRIPTIONS,
    UNIT_LABELS,
    excerpt,
)
from build_scripts.stages.validate.problem import Problem


def _pins(labels: dict, descriptions: dict, label_constant: str, description_constant: str) -> dict:
    """{id: {column: (the code's text, where in the code it is)}}; a label is English, or (Danish, English)."""
    pins = {}
    for key, label in labels.items():
        texts = dict(zip(("label_da", "label_en"), label)) if isinstance(label, tuple) else {"label_en": label}
        pins[key] = {column: (text, label_constant) for column, text in texts.items()}
    for key, text in descriptions.items():
        pins.setdefault(key, {})["description_en"] = (text, description_constant)
    return pins


# Table -> (its id column, {id: {column: (the code's text, where in the code it is)}})
PINNED = {
    "units": ("unit_id", _pins(UNIT_LABELS, UNIT_DESCRIPTIONS, "UNIT_LABELS", "UNIT_DESCRIPTIONS")),
    "qualifiers": ("qualifier", _pins(QUALIFIER_LABELS, QUALIFIER_DESCRIPTIONS, "QUALIFIER_LABELS",
                                      "QUALIFIER_DESCRIPTIONS")),
    "measures": ("measure_id", _pins(MEASURE_LABELS, MEASURE_DESCRIPTIONS, "MEASURE_LABELS", "MEASURE_DESCRIPTIONS")),
}


def problems(tables: dict, names: dict) -> list[Problem]:
    """Every label or description of units.csv, qualifiers.csv and measures.csv that is not the code's for its id."""
    found = []
    for resource, (id_field, pins) in PINNED.items():
        if resource not in tables:
            continue
        for line, row in tables[resource][1]:
            for field, (expected, constant) in pins.get(row.get(id_field, ""), {}).items():
                if row.get(field, "") != expected:
                    found.append(Problem("label_not_the_codes", names[resource], line, field, {
                        "id": excerpt(row[id_field]), "label": excerpt(row.get(field, "")), "expected": expected,
                        "constant": constant}, kind="pinned_label"))
    return found
