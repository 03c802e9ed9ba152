"""The glossary tables against the code: units.csv and qualifiers.csv name what the code gives a fixed meaning.

The reconciliation multiplies mio_kr by a million, the derived tables describe it as "DKK million", and the
precision rules read each qualifier by its Danish name (core/text.py: UNIT_LABELS, QUALIFIER_LABELS). A row of
units.csv or qualifiers.csv whose label says otherwise ('DKK billion', 'under' as 'over') would change every figure
in one edition only, so `validate` refuses it, naming file, line and field and the code's label. Ids the code gives
no meaning to are the data's own. Pure functions.
"""

from build_scripts.core.text import QUALIFIER_LABELS, UNIT_LABELS, excerpt
from build_scripts.stages.validate.problem import Problem

# Table -> (its id column, {id: {label column: the code's label}}, where in the code the labels are)
PINNED = {
    "units": ("unit_id", {unit: {"label_da": da, "label_en": en} for unit, (da, en) in UNIT_LABELS.items()},
              "UNIT_LABELS"),
    "qualifiers": ("qualifier", {q: {"label_en": en} for q, en in QUALIFIER_LABELS.items()}, "QUALIFIER_LABELS"),
}


def problems(tables: dict, names: dict) -> list[Problem]:
    """Every label of units.csv and qualifiers.csv that is not the code's for its id."""
    found = []
    for resource, (id_field, labels, constant) in PINNED.items():
        if resource not in tables:
            continue
        for line, row in tables[resource][1]:
            for field, expected in labels.get(row.get(id_field, ""), {}).items():
                if row.get(field, "") != expected:
                    found.append(Problem("label_not_the_codes", names[resource], line, field, {
                        "id": excerpt(row[id_field]), "label": excerpt(row.get(field, "")), "expected": expected,
                        "constant": constant}, kind="pinned_label"))
    return found
