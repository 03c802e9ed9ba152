"""Stage 2: derive figures from the package and reconcile the report's numbers.

Reads  the data package (key_figures, area_figures, policy_areas, regions,
       target_group, ref_regions, ref_municipalities, ref_population_*).
Writes build/derived/areas.csv            one row per area, its figures side by side
                                          plus net expenditure (expenditure - income)
       build/derived/regions.csv          response by region with names and population
       build/derived/reconciliation.csv   the report's numbers checked against each other

Every derived number is computed here from published inputs; nothing is typed,
except the one expected value no source states (shares add up to 100), which the
table marks as expected by definition.

The reconciliation compares intervals, not points. Each published figure stands for the interval its text
implies (build_scripts/stages/derive/precision.py: "318" → [317,5; 318,5], "ca. 350" → [345; 355], "knap X", "over X" ...).
A check computes the interval of the derived value from its inputs' intervals (mpmath's interval arithmetic)
and gives a verdict: consistent (the intervals overlap: rounding can explain the difference), inconsistent
(they do not), not_comparable (the two figures measure different things; the row says why). Where a check
needs a choice the report does not state (the date of the population), every plausible choice is its own
row with the same check_id and the choice in `variant`. The checks and their words are data, in checks.yml
beside this module; reconcile.py evaluates them. The columns are described in RECONCILIATION_FIELDS.
"""

import pandas as pd

from build_scripts.core import package
from build_scripts.core.paths import Paths
from build_scripts.stages.derive import reconcile
from build_scripts.stages.derive.population import POPULATION_DATE, population  # noqa: F401 (pages read it here)

# Measure (area_figures) -> the unit of every area's figure: the areas table puts them side by side in one column
# named by it, and `validate` refuses a row in another unit (requirements.py).
AREA_UNITS = {
    "expenditure": "mio_kr",
    "income": "mio_kr",
    "net_expenditure": "mio_kr",
    "expenditure_share": "pct",
    "income_share": "pct",
    "average_per_initiative": "kr",
    "self_financed_share": "pct",
}
# Measure -> column of the derived areas table ('expenditure_mio_kr'); each is followed by `<column>_qualifier`.
AREA_COLUMNS = {measure: f"{measure}_{unit}" for measure, unit in AREA_UNITS.items()}
# The response rate is a per cent (PER_CENT × responding / municipalities) rounded to RESPONSE_RATE_DECIMALS. Its
# descriptions say both ('100 × …, rounded to one decimal'): derive.schema.METHOD_NUMBERS, which validate holds them to.
PER_CENT = 100
RESPONSE_RATE_DECIMALS = 1


def areas_table(paths: Paths) -> pd.DataFrame:
    """One row per area, its figures side by side, each followed by the qualifier its source gives it.

    `<figure>_qualifier` is the source's own word ('ca.' for the ca. 28 mio. kr. income) or empty. The derived
    net expenditure (expenditure - income) is 'ca.' when either input carries a qualifier: a difference of
    approximate figures is approximate.
    """
    figures = package.table("area_figures", paths.datapackage_json)
    wide = figures.pivot(index="area_id", columns="measure", values="value")
    qualifiers = figures.pivot(index="area_id", columns="measure", values="qualifier")
    areas = package.table("policy_areas", paths.datapackage_json).set_index("area_id")[["sort_order", "name_da", "name_en"]]
    out = areas.join(wide).join(qualifiers.add_suffix("_qualifier")).sort_values("sort_order").reset_index()
    out["net_expenditure"] = out["expenditure"] - out["income"]
    out["net_expenditure_qualifier"] = (out["expenditure_qualifier"].notna() | out["income_qualifier"].notna()).map(
        {True: "ca.", False: pd.NA})
    columns = AREA_COLUMNS
    for measure in columns:
        if f"{measure}_qualifier" not in out:
            out[f"{measure}_qualifier"] = pd.NA  # no area has this measure with a qualifier column yet
    ordered = []
    for measure, column in columns.items():
        out[f"{column}_qualifier"] = out[f"{measure}_qualifier"].astype("string")
        ordered += [column, f"{column}_qualifier"]
    return out.rename(columns=columns)[["area_id", "sort_order", "name_da", "name_en", *ordered]]


def regions_table(paths: Paths) -> pd.DataFrame:
    """Response by region (boks 1) with names and population.

    The report states every regional figure plainly ('24 ud af 29', '92 pct.'), so no column carries a qualifier.
    population_2021 is our own sum of the region's municipalities on POPULATION_DATE (Danmarks Statistik,
    FOLK1A): pages showing it say "Egne beregninger baseret på tal fra Danmarks Statistik".
    """
    _, region_pop = population(paths)
    regions = package.table("regions", paths.datapackage_json).merge(
        package.table("ref_regions", paths.datapackage_json)[["region_code", "name_da", "name_en"]], on="region_code"
    )
    regions["population_2021"] = regions["region_code"].map(region_pop).astype("Int64")
    regions["municipalities_not_responding"] = regions["municipalities"] - regions["municipalities_responding"]
    regions["response_rate_pct"] = (PER_CENT * regions["municipalities_responding"]
                                    / regions["municipalities"]).round(RESPONSE_RATE_DECIMALS)
    return regions.sort_values("region_code")[
        ["region_code", "name_da", "name_en", "municipalities", "municipalities_responding",
         "municipalities_not_responding", "response_rate_pct", "population_coverage_pct", "population_2021"]
    ]


# --- The reconciliation: the checks are data (checks.yml), the engine is reconcile.py ---------------------------

VERDICTS = reconcile.words("verdicts")  # verdict -> (Danish, English) words that begin each explanation
rounded_as = reconcile.rounded_as

# The columns of build/derived/reconciliation.csv (a Table Schema's fields): the one place they are described.
RECONCILIATION_FIELDS = [
    {"name": "check_id", "type": "string", "description": "The check; stable between versions. A check that depends on a choice the report does not state has one row per choice (see variant).", "description_da": "Kontrollen; den samme fra version til version. En kontrol, der afhænger af et valg, rapporten ikke oplyser, har én række pr. valg (se variant)."},
    {"name": "variant", "type": "string", "description": "The choice this row makes where the report states none, e.g. population_2019-01-01 (the population on that date); empty if the check needs no choice.", "description_da": "Det valg, rækken træffer, hvor rapporten ikke oplyser det, fx population_2019-01-01 (folketallet den dag); tom, hvis kontrollen ikke kræver et valg."},
    {"name": "label_da", "type": "string", "description": "What is checked, in Danish.", "description_da": "Hvad der kontrolleres, på dansk."},
    {"name": "label_en", "type": "string", "description": "What is checked, in English.", "description_da": "Hvad der kontrolleres, på engelsk."},
    {"name": "published_figure", "type": "string", "description": "The published figure this row checks: its table and key in the data package (key_figures/expenditure_per_inhabitant, area_figures/social-expenditure); empty for a value a definition fixes.", "description_da": "Det offentliggjorte tal, rækken kontrollerer: dets tabel og nøgle i datapakken (`key_figures/expenditure_per_inhabitant`, `area_figures/social-expenditure`); tom for en værdi, en definition fastlægger."},
    {"name": "published_value", "type": "number", "description": "The figure as the source gives it (without its qualifier).", "description_da": "Tallet som kilden angiver det (uden kvalifikator)."},
    {"name": "published_qualifier", "type": "string", "description": "The qualifier the source puts before the figure (ca., knap, godt, over, under, omkring; see the qualifiers table), or empty.", "description_da": "Den kvalifikator, kilden sætter foran tallet (ca., knap, godt, over, under, omkring; se tabellen qualifiers), eller tom."},
    {"name": "published_text", "type": "string", "description": "The figure as written in the source, with its qualifier (e.g. 'ca. 350').", "description_da": "Tallet som kilden skriver det, med kvalifikator (fx 'ca. 350')."},
    {"name": "published_low", "type": "number", "description": "Lower bound of the values the published figure's text allows (precision rules: build_scripts/stages/derive/precision.py).", "description_da": "Nedre grænse for de værdier, det offentliggjorte tals tekst tillader (præcisionsreglerne: build_scripts/stages/derive/precision.py)."},
    {"name": "published_high", "type": "number", "description": "Upper bound of the values the published figure's text allows; inf for a one-sided bound.", "description_da": "Øvre grænse for de værdier, det offentliggjorte tals tekst tillader; inf for en ensidet grænse."},
    {"name": "expected_from", "type": "string", "description": "source: a source states the published figure; definition: no source states it, a definition fixes it (the shares' sum).", "description_da": "`source`: en kilde angiver tallet; `definition`: ingen kilde angiver det, det følger af en definition (andelenes sum)."},
    {"name": "computed_value", "type": "number", "description": "The derived value computed from the published figures as written (rounded to 4 decimals).", "description_da": "Den afledte værdi beregnet af de offentliggjorte tal, som de står (afrundet til 4 decimaler)."},
    {"name": "computed_low", "type": "number", "description": "Lower bound of the derived value, by interval arithmetic from the inputs' intervals (rounded to 4 decimals).", "description_da": "Nedre grænse for den afledte værdi, beregnet med intervalregning af inputtenes intervaller (afrundet til 4 decimaler)."},
    {"name": "computed_high", "type": "number", "description": "Upper bound of the derived value, by interval arithmetic (rounded to 4 decimals).", "description_da": "Øvre grænse for den afledte værdi, beregnet med intervalregning (afrundet til 4 decimaler)."},
    {"name": "difference", "type": "number", "description": "computed_value − published_value.", "description_da": "computed_value − published_value."},
    {"name": "unit", "type": "string", "description": "Unit (units table).", "description_da": "Enhed (tabellen units)."},
    {"name": "verdict", "type": "string", "constraints": {"enum": ["consistent", "inconsistent", "not_comparable"]}, "description": "consistent: the computed and the published interval overlap (rounding can explain the difference); inconsistent: they do not (rounding cannot); not_comparable: the two figures measure different things (the explanation says why).", "description_da": "`consistent` (stemmer): det beregnede og det offentliggjorte interval overlapper (afrunding kan forklare forskellen); `inconsistent` (stemmer ikke): de overlapper ikke; `not_comparable` (kan ikke sammenlignes): de to tal måler forskellige ting (forklaringen siger hvorfor)."},
    {"name": "how_computed_da", "type": "string", "description": "How the derived value is computed, in Danish.", "description_da": "Hvordan den afledte værdi beregnes, på dansk."},
    {"name": "how_computed_en", "type": "string", "description": "How the derived value is computed, in English.", "description_da": "Hvordan den afledte værdi beregnes, på engelsk."},
    {"name": "explanation_da", "type": "string", "description": "The verdict in words, and what the reader should know, in Danish.", "description_da": "Resultatet i ord og hvad læseren bør vide, på dansk."},
    {"name": "explanation_en", "type": "string", "description": "The verdict in words, and what the reader should know, in English.", "description_da": "Resultatet i ord og hvad læseren bør vide, på engelsk."},
]


def reconciliation(paths: Paths) -> pd.DataFrame:
    """The report's numbers checked against each other by interval arithmetic, one row per check (and choice)."""
    return reconcile.reconciliation(paths, [f["name"] for f in RECONCILIATION_FIELDS])


def run(paths: Paths) -> str:
    paths.derived_dir.mkdir(parents=True, exist_ok=True)
    tables = {"areas": areas_table(paths), "regions": regions_table(paths), "reconciliation": reconciliation(paths)}
    for name, df in tables.items():
        df.to_csv(paths.derived_dir / f"{name}.csv", index=False, lineterminator="\n")
    counts = tables["reconciliation"]["verdict"].value_counts()
    return (f"wrote {len(tables)} tables to build/derived/; reconciliation: "
            + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS))
