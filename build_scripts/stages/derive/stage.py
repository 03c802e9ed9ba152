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
row with the same check_id and the choice in `variant`. The columns are described in RECONCILIATION_FIELDS.
"""

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from build_scripts.core import fmt, package, paths
from build_scripts.stages.derive import precision

# The population date of the regions table (population_2021) and the pages. The report states none; the
# reconciliation does not use this constant but shows every plausible date (POPULATION_DATES).
POPULATION_DATE = "2021-01-01"


# Measure (area_figures) -> column of the derived areas table; each column is followed by `<column>_qualifier`.
AREA_COLUMNS = {
    "expenditure": "expenditure_mio_kr",
    "income": "income_mio_kr",
    "net_expenditure": "net_expenditure_mio_kr",
    "expenditure_share": "expenditure_share_pct",
    "income_share": "income_share_pct",
    "average_per_initiative": "average_per_initiative_kr",
    "self_financed_share": "self_financed_share_pct",
}


def areas_table() -> pd.DataFrame:
    """One row per area, its figures side by side, each followed by the qualifier its source gives it.

    `<figure>_qualifier` is the source's own word ('ca.' for the ca. 28 mio. kr. income) or empty. The derived
    net expenditure (expenditure - income) is 'ca.' when either input carries a qualifier: a difference of
    approximate figures is approximate.
    """
    figures = package.table("area_figures")
    wide = figures.pivot(index="area_id", columns="measure", values="value")
    qualifiers = figures.pivot(index="area_id", columns="measure", values="qualifier")
    areas = package.table("policy_areas").set_index("area_id")[["sort_order", "name_da", "name_en"]]
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


def population(date: str = POPULATION_DATE) -> tuple[int, pd.Series]:
    """Denmark's population and each region's (sum of its municipalities) on a date."""
    denmark = package.table("ref_population_denmark")
    total = int(denmark.loc[denmark["date"] == date, "population"].iloc[0])
    munis = package.table("ref_population_municipalities")
    munis = munis[munis["date"] == date].merge(package.table("ref_municipalities"), on="municipality_code")
    return total, munis.groupby("region_code")["population"].sum()


def regions_table() -> pd.DataFrame:
    """Response by region (boks 1) with names and population.

    The report states every regional figure plainly ('24 ud af 29', '92 pct.'), so no column carries a qualifier.
    population_2021 is our own sum of the region's municipalities on POPULATION_DATE (Danmarks Statistik,
    FOLK1A): pages showing it say "Egne beregninger baseret på tal fra Danmarks Statistik".
    """
    _, region_pop = population()
    regions = package.table("regions").merge(
        package.table("ref_regions")[["region_code", "name_da", "name_en"]], on="region_code"
    )
    regions["population_2021"] = regions["region_code"].map(region_pop).astype("Int64")
    regions["municipalities_not_responding"] = regions["municipalities"] - regions["municipalities_responding"]
    regions["response_rate_pct"] = (100 * regions["municipalities_responding"] / regions["municipalities"]).round(1)
    return regions.sort_values("region_code")[
        ["region_code", "name_da", "name_en", "municipalities", "municipalities_responding",
         "municipalities_not_responding", "response_rate_pct", "population_coverage_pct", "population_2021"]
    ]


# --- The reconciliation (interval arithmetic; the precision rules are in precision.py) -------------------------

# The report does not say on which date it counted the population. Plausible: 1 January of the accounts year
# (2019) up to 1 January of the year the report was published (2022). Each is its own row of a check that needs it.
POPULATION_DATES = ("2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01")

VERDICTS = {
    "consistent": ("Stemmer: intervallerne overlapper, så afrunding kan forklare forskellen.",
                   "Consistent: the intervals overlap, so rounding can explain the difference."),
    "inconsistent": ("Stemmer ikke: intervallerne overlapper ikke, så afrunding kan ikke forklare forskellen.",
                     "Inconsistent: the intervals do not overlap, so rounding cannot explain the difference."),
    "not_comparable": ("Kan ikke sammenlignes:", "Not comparable:"),
}
# What a row with a chosen population date computes, in words: the value and that value rounded as the report
# rounds its figure (90,47 -> 90 against the report's 91: within rounding of the inputs, but not the same figure).
VARIANT_RESULTS = {
    "same": ("Med denne dato giver beregningen {value}, afrundet {rounded} som rapportens tal.",
             "With this date the calculation gives {value}, which rounds to {rounded} like the report's figure."),
    "other": ("Med denne dato giver beregningen {value}, afrundet {rounded}; rapporten skriver {published}.",
              "With this date the calculation gives {value}, which rounds to {rounded}; the report gives {published}."),
}


def rounded_as(value: float, published_text: str) -> Decimal:
    """`value` rounded to the unit of the published figure's last written digit (90.47 as '91' -> 90)."""
    _, unit = precision.parse(published_text.split()[-1])
    return (Decimal(repr(value)) / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit


def variant_result(point: float, published: "Figure") -> tuple[str, str]:
    """The sentence of VARIANT_RESULTS for a row with a chosen population date, in Danish and English."""
    rounded = rounded_as(point, published.text)
    key = "same" if rounded == Decimal(repr(published.value)) else "other"
    return tuple(text.format(value=fmt.number(point, 2, code), rounded=fmt.number(float(rounded), lang=code),
                             published=published.text if code == "da" else fmt.number(published.value, lang=code))
                 for text, code in zip(VARIANT_RESULTS[key], ("da", "en")))

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


class Figure:
    """A published figure: its value as written, and the interval its text implies."""

    def __init__(self, value, interval, text, qualifier="", ref=""):
        self.value, self.interval, self.text, self.qualifier = float(value), interval, text, qualifier or ""
        self.ref = ref  # the published figure's table and key ('key_figures/initiatives'); '' for a computed one

    @classmethod
    def of(cls, row: dict, unit: str | None = None, ref: str = "") -> "Figure":
        """From a data row with value, value_text, qualifier (and unit)."""
        qualifier = row.get("qualifier") or None
        text = f"{qualifier} {row['value_text']}" if qualifier else str(row["value_text"])
        return cls(row["value"], precision.interval(row["value_text"], qualifier, unit or row.get("unit")), text,
                   qualifier, ref)

    @classmethod
    def exact(cls, value) -> "Figure":
        """A number without rounding: a population count, a count of rows, a value a definition fixes."""
        return cls(value, precision.exact(value), str(value))


class Figures(dict):
    """Figure.of(row) for each row, made when a check first uses it (not every figure is written in digits)."""

    def __init__(self, rows: dict, table: str):
        super().__init__()
        self.rows, self.table = rows, table

    def __missing__(self, key):
        self[key] = Figure.of(self.rows[key], ref=f"{self.table}/{key}")
        return self[key]


def reconciliation() -> pd.DataFrame:
    """The report's numbers checked against each other by interval arithmetic, one row per check (and choice)."""
    key_rows = package.figures("key_figures")
    kf = Figures(key_rows, "key_figures")
    tg = Figures(package.figures("target_group"), "target_group")
    area_rows = {(r["area_id"], r["measure"]): Figure.of(r, ref=f"area_figures/{r['area_id']}-{r['measure']}")
                 for r in package.records("area_figures")}
    area_ids = [a["area_id"] for a in sorted(package.records("policy_areas"), key=lambda a: a["sort_order"])]
    names = package.table("policy_areas").set_index("area_id")
    regions = package.table("regions")
    total = kf["reported_expenditure"]
    checks = []

    def area(area_id, measure):
        return area_rows[(area_id, measure)]

    def check(check_id, label_da, label_en, published, formula, inputs, unit, how_da, how_en, note_da="",
              note_en="", variant="", not_comparable=None, expected_from="source"):
        """Evaluate `formula` on the inputs' intervals and on their values as written; compare with `published`.

        not_comparable: (why_da, why_en) when the two figures measure different things.
        """
        computed = formula(*[i.interval for i in inputs])
        point = formula(*[i.value for i in inputs])
        if not_comparable:
            verdict = "not_comparable"
        else:
            verdict = "consistent" if precision.meets(computed, published.interval) else "inconsistent"
        parts_da, parts_en = [VERDICTS[verdict][0]], [VERDICTS[verdict][1]]
        if not_comparable:
            parts_da.append(not_comparable[0])
            parts_en.append(not_comparable[1])
        if variant and not not_comparable:
            result_da, result_en = variant_result(point, published)
            parts_da.append(result_da)
            parts_en.append(result_en)
        parts_da.append(note_da)
        parts_en.append(note_en)
        checks.append({
            "check_id": check_id,
            "variant": variant,
            "label_da": label_da,
            "label_en": label_en,
            "published_figure": published.ref,
            "published_value": published.value,
            "published_qualifier": published.qualifier,
            "published_text": published.text,
            "published_low": precision.low(published.interval),
            "published_high": precision.high(published.interval),
            "expected_from": expected_from,
            "computed_value": round(point, 4),
            "computed_low": round(precision.low(computed), 4),
            "computed_high": round(precision.high(computed), 4),
            "difference": round(point - published.value, 4),
            "unit": unit,
            "verdict": verdict,
            "how_computed_da": how_da,
            "how_computed_en": how_en,
            "explanation_da": " ".join(p for p in parts_da if p),
            "explanation_en": " ".join(p for p in parts_en if p),
        })

    def total_of(*xs):
        return sum(xs[1:], xs[0])

    def share(part, whole):
        return 100 * part / whole

    expenditure = [area(a, "expenditure") for a in area_ids]
    check("areas_sum_vs_total", "De seks områders udgifter lagt sammen mod de indberettede udgifter i alt",
          "The six areas' expenditure added up against total reported expenditure",
          total, total_of, expenditure, "mio_kr",
          "Summen af udgifterne for de seks tilbudsområder.", "Sum of the six policy areas' expenditure.",
          "Områdetallene er afrundet til hele mio. kr., så hvert kan afvige en halv mio. kr. fra det uafrundede tal; "
          "rapporten forklarer ikke forskellen.",
          "The area figures are rounded to whole DKK million, so each can be half a million off its unrounded value; "
          "the report does not explain the gap.")
    check("area_shares_sum", "Områdernes andele lagt sammen", "The areas' shares added up",
          Figure.exact(100), total_of, [area(a, "expenditure_share") for a in area_ids], "pct",
          "Summen af de seks andele; bør give 100 pr. definition.", "Sum of the six shares; should be 100 by definition.",
          "Ingen kilde angiver summen; den følger af, at andelene er af samme total.",
          "No source states the sum; it follows from the shares being of one total.", expected_from="definition")
    two = [area("dagtilbud_folkeskole", "expenditure_share"), area("beskaeftigelse", "expenditure_share")]
    check("two_areas_share_from_shares", "Dagtilbud/folkeskole og beskæftigelse: andel ud fra områdernes andele",
          "Day care/schools and employment: share from the areas' shares",
          kf["two_areas_share"], total_of, two, "pct",
          "Andelen for dagtilbud og folkeskole plus andelen for beskæftigelse.", "Day care and schools' share plus employment's share.")
    check("two_areas_share_from_amounts", "Dagtilbud/folkeskole og beskæftigelse: andel ud fra beløbene",
          "Day care/schools and employment: share from the amounts",
          kf["two_areas_share"], lambda a, b, t: share(a + b, t),
          [area("dagtilbud_folkeskole", "expenditure"), area("beskaeftigelse", "expenditure"), total], "pct",
          "(Udgift dagtilbud og folkeskole + udgift beskæftigelse) / indberettede udgifter i alt × 100.",
          "(Day care and schools + employment expenditure) / total reported expenditure × 100.")
    for area_id in area_ids:
        check(f"area_share_{area_id}", f"{names.loc[area_id, 'name_da']}: andel af de indberettede udgifter",
              f"{names.loc[area_id, 'name_en']}: share of reported expenditure",
              area(area_id, "expenditure_share"), share, [area(area_id, "expenditure"), total], "pct",
              "Områdets udgift / indberettede udgifter i alt × 100.", "The area's expenditure / total reported expenditure × 100.")
    coverage = kf["population_coverage"]
    check("national_from_coverage", "Opregning til hele landet: indberettet ÷ befolkningsdækning",
          "Scaling to the whole country: reported ÷ population coverage",
          kf["national_expenditure"], lambda t, c: t / (c / 100), [total, coverage], "mio_kr",
          "Indberettede udgifter / (befolkningsdækning / 100).", "Reported expenditure / (population coverage / 100).",
          "Rapporten opregner \"på baggrund af indbyggertal\"; her med den befolkningsdækning, boks 1 oplyser.",
          "The report scales up \"on the basis of population\"; here with the population coverage box 1 states.")
    # Kr. per inhabitant from the reported and from the scaled amount: one row per population date (the report
    # states none).
    per_inhabitant = [
        ("per_inhabitant_reported", total,
         ("Kr. pr. indbygger: indberettede udgifter / hele landets befolkning",
          "DKK per inhabitant: reported expenditure / population of Denmark"),
         ("Indberettede udgifter i kr. / folketal {on} (Danmarks Statistik).",
          "Reported expenditure in DKK / population on {on} (Statistics Denmark)."),
         ("Afsnit 3 knytter tallet til de indberettede udgifter; rapporten oplyser ikke, fra hvilken dato "
          "folketallet er, så hver plausibel dato (fra regnskabsåret til rapportens år) er sin egen række.",
          "Section 3 ties the figure to reported expenditure; the report does not say on which date it counted "
          "the population, so each plausible date (from the accounts year to the report's year) is its own row.")),
        ("per_inhabitant_national", kf["national_expenditure"],
         ("Kr. pr. indbygger: opregnede udgifter / hele landets befolkning",
          "DKK per inhabitant: scaled expenditure / population of Denmark"),
         ("Opregnede udgifter i kr. / folketal {on} (Danmarks Statistik).",
          "Scaled expenditure in DKK / population on {on} (Statistics Denmark)."),
         ("Boks 2 sætter tallet pr. indbygger efter det opregnede beløb.",
          "Box 2 places the per-inhabitant figure after the scaled amount.")),
    ]
    for check_id, amount, (label_da, label_en), (how_da, how_en), (note_da, note_en) in per_inhabitant:
        for date in POPULATION_DATES:
            dk_pop, _ = population(date)
            check(check_id, label_da, label_en, kf["expenditure_per_inhabitant"], lambda t, p: t * 1_000_000 / p,
                  [amount, Figure.exact(dk_pop)], "kr_per_inhabitant",
                  how_da.format(on=fmt.date(date, "da")), how_en.format(on=fmt.date(date, "en")), note_da, note_en,
                  variant=f"population_{date}")
    initiatives = kf["initiatives"]
    check("average_from_national", "Gennemsnit pr. indsats: opregnede udgifter / antal indsatser",
          "Average per initiative: scaled expenditure / number of initiatives",
          kf["average_per_initiative"], lambda t, n: t * 1_000_000 / n, [kf["national_expenditure"], initiatives], "kr",
          "Opregnede udgifter i kr. / indberettede indsatser.", "Scaled expenditure in DKK / initiatives reported.",
          "Det opregnede beløb gælder hele landet, indsatserne kun de kommuner, der svarede.",
          "The scaled amount covers the whole country, the initiatives only the municipalities that answered.")
    check("average_from_reported", "Gennemsnit pr. indsats: indberettede udgifter / antal indsatser",
          "Average per initiative: reported expenditure / number of initiatives",
          kf["average_per_initiative"], lambda t, n: t * 1_000_000 / n, [total, initiatives], "kr",
          "Indberettede udgifter i kr. / indberettede indsatser.", "Reported expenditure in DKK / initiatives reported.",
          "Beløbet og indsatserne kommer fra de samme kommuner.",
          "The amount and the initiatives come from the same municipalities.")
    income = [area(a, "income") for a in area_ids]
    check("income_areas_vs_national", "Områdernes indtægter lagt sammen mod de opregnede indtægter",
          "The areas' income added up against scaled income",
          kf["national_income"], total_of, income, "mio_kr",
          "Summen af indtægterne for de seks tilbudsområder.", "Sum of the six policy areas' income.",
          not_comparable=("områdernes indtægter er det, de svarende kommuner indberettede; totalen er rapportens "
                          "skøn for hele landet (afsnit 3). Se kontrollen, der opregner områdernes indtægter.",
                          "the areas' income is what the responding municipalities reported; the total is the "
                          "report's estimate for the whole country (section 3). See the check that scales the "
                          "areas' income."))
    check("income_areas_scaled", "Områdernes indtægter opregnet med befolkningsdækningen",
          "The areas' income scaled by population coverage",
          kf["national_income"], lambda c, *xs: total_of(*xs) / (c / 100), [coverage, *income], "mio_kr",
          "Summen af områdernes indtægter / (befolkningsdækning / 100).", "Sum of the areas' income / (population coverage / 100).",
          "Opregnet på samme måde som udgifterne.", "Scaled the same way as expenditure.")
    employment = area("beskaeftigelse", "income")
    others = [area(a, "income") for a in area_ids if a != "beskaeftigelse"]
    check("employment_income_share", "Beskæftigelsesområdets andel af indtægterne ud fra beløbene",
          "Employment's share of income from the amounts",
          area("beskaeftigelse", "income_share"), lambda e, *o: 100 / (1 + total_of(*o) / e), [employment, *others], "pct",
          "Beskæftigelsesområdets indtægter / summen af områdernes indtægter × 100 (regnet som "
          "100 / (1 + øvrige områders indtægter / beskæftigelsesområdets), så hvert tal indgår én gang).",
          "Employment's income / sum of the areas' income × 100 (computed as "
          "100 / (1 + other areas' income / employment's), so that each figure occurs once).",
          "Rapporten oplyser ikke de samlede indberettede indtægter; her summen af de seks områders.",
          "The report does not state total reported income; here the sum of the six areas'.")
    check("regions_municipalities", "Regionernes kommuner lagt sammen", "The regions' municipalities added up",
          kf["municipalities_invited"], total_of, [Figure.exact(v) for v in regions["municipalities"]], "kommuner",
          "Summen af kommuner i de fem regioner (boks 1).", "Sum of municipalities in the five regions (box 1).")
    check("regions_responding", "Regionernes svarende kommuner lagt sammen", "The regions' responding municipalities added up",
          kf["municipalities_responding"], total_of, [Figure.exact(v) for v in regions["municipalities_responding"]],
          "kommuner",
          "Summen af svarende kommuner i de fem regioner (boks 1).", "Sum of responding municipalities in the five regions (box 1).")
    check("regions_reference", "Kommuner i DAWA's kommuneliste", "Municipalities in DAWA's list",
          kf["municipalities_invited"], lambda n: n, [Figure.exact(len(package.table("ref_municipalities")))], "kommuner",
          "Antal kommuner i referencetabellen (DAWA).", "Number of municipalities in the reference table (DAWA).")
    for date in POPULATION_DATES:
        _, region_pop = population(date)
        variant = f"population_{date}"
        on_da, on_en = fmt.date(date, "da"), fmt.date(date, "en")
        weights = [int(region_pop[code]) for code in regions["region_code"]]
        region_cover = [precision.interval(str(int(v))) for v in regions["population_coverage_pct"]]
        inputs = [Figure(v, i, str(int(v))) for v, i in zip(regions["population_coverage_pct"], region_cover)]
        check("coverage_weighted", "Befolkningsdækning: regionernes dækning vægtet med folketal",
              "Population coverage: the regions' coverage weighted by population",
              coverage, lambda *c: total_of(*[ci * w for ci, w in zip(c, weights)]) / sum(weights), inputs, "pct",
              f"Σ (regionens dækning × regionens folketal {on_da}) / Σ folketal.",
              f"Σ (region's coverage × region's population on {on_en}) / Σ population.",
              "Rapporten oplyser ikke, hvilke kommuner der svarede, eller fra hvilken dato befolkningen er; "
              "hver plausibel dato er sin egen række.",
              "The report does not say which municipalities answered or on which date it counted the population; "
              "each plausible date is its own row.", variant=variant)
    for check_id, parts, da, en in [
        ("boks3_residence", ["residence_under_10_years", "residence_over_10_years", "descendants"],
         "Boks 3: opholdstid og efterkommere lagt sammen", "Box 3: length of residence and descendants added up"),
        ("boks3_age", ["under_18", "aged_18_and_over"], "Boks 3: aldersgrupper lagt sammen", "Box 3: age groups added up"),
        ("boks3_origin", ["origin_menapt", "origin_other_non_western"], "Boks 3: oprindelse lagt sammen", "Box 3: origin groups added up"),
    ]:
        check(check_id, da, en, tg["non_western"], total_of, [tg[p] for p in parts], "personer",
              "Summen af delgrupperne i boks 3.", "Sum of the sub-groups in box 3.")
    stated = "2021-01-01"  # Boks 3: "Den 1. januar 2021 var der knap 523.000 ... Det er 9 pct. af befolkningen."
    dk_stated, _ = population(stated)
    check("boks3_share", "Ikke-vestliges andel af befolkningen", "Non-Western share of the population",
          tg["non_western_share"], share, [tg["non_western"], Figure.exact(dk_stated)], "pct",
          f"Ikke-vestlige indvandrere og efterkommere / folketal {fmt.date(stated, 'da')} × 100.",
          f"Non-Western immigrants and descendants / population on {fmt.date(stated, 'en')} × 100.",
          "Boks 3 oplyser selv datoen.", "Box 3 states the date itself.")
    for check_id, rounded, exact_count, da, en in [
        ("boks2_target_group_size", "target_group_size", "immigrants_descendants",
         "Boks 2: målgruppens størrelse mod afsnit 2's optælling", "Box 2: the target group's size against section 2's count"),
        ("boks2_non_western", "target_group_non_western", "non_western_origin",
         "Boks 2: ikke-vestlige mod afsnit 2's optælling", "Box 2: non-Western against section 2's count"),
    ]:
        check(check_id, da, en, kf[rounded], lambda x: x, [tg[exact_count]], "personer",
              "Tallet i afsnit 2 (pr. 1. juli 2021).", "The figure in section 2 (on 1 July 2021).",
              "Boks 2 oplyser ingen dato. «ca.» læses som afrundet mindst så groft, som tallets cifre viser, og "
              "aldrig snævrere end ±1 %: samme sætning skriver 825.080 som ca. 825.000, så «ca.» betyder her "
              "afrundet til tusinder eller grovere (build_scripts/stages/derive/precision.py).",
              "Box 2 states no date. \"ca.\" is read as rounded at least as coarsely as the figure's digits show, "
              "and never narrower than ±1 %: the same sentence writes 825,080 as ca. 825,000, so \"ca.\" there "
              "means rounded to thousands or coarser (build_scripts/stages/derive/precision.py).")
    for figure in ("municipalities_responding", "reported_expenditure", "national_expenditure", "two_areas_share"):
        row = key_rows[figure]
        check(f"answer_{figure}", f"Ministersvaret mod rapporten: {row['label_da'].lower()}",
              f"The minister's answer against the report: {row['label_en'].lower()}",
              kf[figure], lambda x: x, [kf[f"answer_{figure}"]], row["unit"],
              "Tallet i ministersvaret.", "The figure in the minister's answer.")
    return pd.DataFrame(checks, columns=[f["name"] for f in RECONCILIATION_FIELDS])

def run() -> str:
    paths.DERIVED_DIR.mkdir(parents=True, exist_ok=True)
    tables = {"areas": areas_table(), "regions": regions_table(), "reconciliation": reconciliation()}
    for name, df in tables.items():
        df.to_csv(paths.DERIVED_DIR / f"{name}.csv", index=False, lineterminator="\n")
    counts = tables["reconciliation"]["verdict"].value_counts()
    return (f"wrote {len(tables)} tables to build/derived/; reconciliation: "
            + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS))
