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
A check "agrees" when, unless the check says otherwise, the difference is within half a unit of the published
figure's last significant digit (54 → ±0.5; 350 → ±5; 495.000 → ±500), i.e.
when rounding alone can explain it. Where it does not, the table says so.
"""

import pandas as pd

from . import package, paths

POPULATION_DATE = "2021-01-01"  # the report's denominator year (accounts 2019, counted in 2021)


def rounding_tolerance(value: float) -> float:
    """Half a unit of the last significant digit of a published figure."""
    if value == 0:
        return 0.5
    if value != int(value):
        decimals = len(repr(float(value)).split(".")[1])
        return 0.5 * 10 ** (-decimals)
    trailing_zeros = len(str(int(value))) - len(str(int(value)).rstrip("0"))
    return 0.5 * 10**trailing_zeros


def areas_table() -> pd.DataFrame:
    figures = package.table("area_figures")
    wide = figures.pivot(index="area_id", columns="measure", values="value")
    areas = package.table("policy_areas").set_index("area_id")[["sort_order", "name_da", "name_en"]]
    out = areas.join(wide).sort_values("sort_order").reset_index()
    out["net_expenditure"] = out["expenditure"] - out["income"]
    columns = {
        "expenditure": "expenditure_mio_kr",
        "income": "income_mio_kr",
        "net_expenditure": "net_expenditure_mio_kr",
        "expenditure_share": "expenditure_share_pct",
        "income_share": "income_share_pct",
        "average_per_initiative": "average_per_initiative_kr",
        "self_financed_share": "self_financed_share_pct",
    }
    return out.rename(columns=columns)[["area_id", "sort_order", "name_da", "name_en", *columns.values()]]


def population(date: str = POPULATION_DATE) -> tuple[int, pd.Series]:
    """Denmark's population and each region's (sum of its municipalities) on a date."""
    denmark = package.table("ref_population_denmark")
    total = int(denmark.loc[denmark["date"] == date, "population"].iloc[0])
    munis = package.table("ref_population_municipalities")
    munis = munis[munis["date"] == date].merge(package.table("ref_municipalities"), on="municipality_code")
    return total, munis.groupby("region_code")["population"].sum()


def regions_table() -> pd.DataFrame:
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


def reconciliation() -> pd.DataFrame:
    key_figures = package.figures("key_figures")
    kf = {k: v["value"] for k, v in key_figures.items()}
    tg = {k: v["value"] for k, v in package.figures("target_group").items()}
    areas = areas_table().set_index("area_id")
    regions = regions_table()
    dk_pop, _ = population()
    exp_total = kf["reported_expenditure"]

    checks = []

    def check(check_id, label_da, label_en, published, computed, unit, how_da, how_en, explain_da="", explain_en="",
              tolerance=None, expected_from="source"):
        difference = computed - published
        tolerance = rounding_tolerance(published) if tolerance is None else tolerance
        agrees = abs(difference) <= tolerance + 1e-9
        checks.append({
            "check_id": check_id,
            "label_da": label_da,
            "label_en": label_en,
            "published_value": published,
            "expected_from": expected_from,  # "source": the figure a source states; "definition": no source states it
            "computed_value": round(computed, 4),
            "difference": round(difference, 4),
            "unit": unit,
            "agrees": agrees,
            "how_computed_da": how_da,
            "how_computed_en": how_en,
            "explanation_da": explain_da or ("Stemmer inden for afrunding." if agrees else "Stemmer ikke, heller ikke med afrunding."),
            "explanation_en": explain_en or ("Agrees within rounding." if agrees else "Does not agree, even allowing for rounding."),
        })

    check("areas_sum_vs_total", "De seks områders udgifter lagt sammen mod de indberettede udgifter i alt",
          "The six areas' expenditure added up against total reported expenditure",
          exp_total, areas["expenditure_mio_kr"].sum(), "mio_kr",
          "Summen af udgifterne for de seks tilbudsområder.", "Sum of the six policy areas' expenditure.",
          "Rapportens områdetal er afrundet til hele mio. kr. og giver tilsammen mindre end totalen; rapporten forklarer ikke forskellen.",
          "The report's area figures are rounded to whole DKK million and add up to less than the total; the report does not explain the gap.")
    check("area_shares_sum", "Områdernes andele lagt sammen", "The areas' shares added up",
          100, areas["expenditure_share_pct"].sum(), "pct",
          "Summen af de seks andele; bør give 100 pr. definition.", "Sum of the six shares; should be 100 by definition.",
          tolerance=0.5, expected_from="definition")  # 100 is exact here, and no source states it
    check("two_areas_share_from_shares", "Dagtilbud/folkeskole og beskæftigelse: andel ud fra områdernes andele",
          "Day care/schools and employment: share from the areas' shares",
          kf["two_areas_share"], areas.loc[["dagtilbud_folkeskole", "beskaeftigelse"], "expenditure_share_pct"].sum(), "pct",
          "Andelen for dagtilbud og folkeskole plus andelen for beskæftigelse.", "Day care and schools' share plus employment's share.")
    check("two_areas_share_from_amounts", "Dagtilbud/folkeskole og beskæftigelse: andel ud fra beløbene",
          "Day care/schools and employment: share from the amounts",
          kf["two_areas_share"], 100 * areas.loc[["dagtilbud_folkeskole", "beskaeftigelse"], "expenditure_mio_kr"].sum() / exp_total, "pct",
          "(Udgift dagtilbud og folkeskole + udgift beskæftigelse) / indberettede udgifter i alt × 100.",
          "(Day care and schools + employment expenditure) / total reported expenditure × 100.",
          "Ud fra de afrundede beløb bliver andelen lidt lavere end de angivne procent.",
          "From the rounded amounts the share comes out a little lower than the stated per cent.")
    for area_id, row in areas.iterrows():
        check(f"area_share_{area_id}", f"{row['name_da']}: andel af de indberettede udgifter",
              f"{row['name_en']}: share of reported expenditure",
              row["expenditure_share_pct"], 100 * row["expenditure_mio_kr"] / exp_total, "pct",
              "Områdets udgift / indberettede udgifter i alt × 100.", "The area's expenditure / total reported expenditure × 100.")
    check("national_from_coverage", "Opregning til hele landet: indberettet ÷ befolkningsdækning",
          "Scaling to the whole country: reported ÷ population coverage",
          kf["national_expenditure"], exp_total / (kf["population_coverage"] / 100), "mio_kr",
          "Indberettede udgifter / (befolkningsdækning / 100).", "Reported expenditure / (population coverage / 100).")
    check("per_inhabitant_reported", "Kr. pr. indbygger: indberettede udgifter / hele landets befolkning",
          "DKK per inhabitant: reported expenditure / population of Denmark",
          kf["expenditure_per_inhabitant"], exp_total * 1e6 / dk_pop, "kr_per_inhabitant",
          "Indberettede udgifter i kr. / folketal 1. januar 2021 (Danmarks Statistik).",
          "Reported expenditure in DKK / population on 1 January 2021 (Statistics Denmark).",
          "Tallet svarer til de indberettede udgifter delt med hele landets befolkning.",
          "The figure matches reported expenditure divided by the whole country's population.")
    check("per_inhabitant_national", "Kr. pr. indbygger: opregnede udgifter / hele landets befolkning",
          "DKK per inhabitant: scaled expenditure / population of Denmark",
          kf["expenditure_per_inhabitant"], kf["national_expenditure"] * 1e6 / dk_pop, "kr_per_inhabitant",
          "Opregnede udgifter i kr. / folketal 1. januar 2021 (Danmarks Statistik).",
          "Scaled expenditure in DKK / population on 1 January 2021 (Statistics Denmark).",
          "Boks 2 sætter tallet pr. indbygger efter det opregnede beløb, men det passer kun med det indberettede beløb.",
          "Box 2 places the per-inhabitant figure after the scaled amount, but it only fits the reported amount.")
    check("average_from_national", "Gennemsnit pr. indsats: opregnede udgifter / antal indsatser",
          "Average per initiative: scaled expenditure / number of initiatives",
          kf["average_per_initiative"], kf["national_expenditure"] * 1e6 / kf["initiatives"], "kr",
          "Opregnede udgifter i kr. / indberettede indsatser.", "Scaled expenditure in DKK / initiatives reported.",
          "Rapportens gennemsnit ligger tæt på det opregnede beløb delt med de indberettede indsatser, selv om indsatserne kun er fra de kommuner der svarede.",
          "The report's average is close to the scaled amount divided by the reported initiatives, although the initiatives come only from the municipalities that answered.")
    check("average_from_reported", "Gennemsnit pr. indsats: indberettede udgifter / antal indsatser",
          "Average per initiative: reported expenditure / number of initiatives",
          kf["average_per_initiative"], exp_total * 1e6 / kf["initiatives"], "kr",
          "Indberettede udgifter i kr. / indberettede indsatser.", "Reported expenditure in DKK / initiatives reported.",
          "Ud fra de indberettede udgifter bliver gennemsnittet lavere end rapportens tal.",
          "From reported expenditure the average comes out lower than the report's figure.")
    check("income_areas_vs_national", "Områdernes indtægter lagt sammen mod de opregnede indtægter",
          "The areas' income added up against scaled income",
          kf["national_income"], areas["income_mio_kr"].sum(), "mio_kr",
          "Summen af indtægterne for de seks tilbudsområder.", "Sum of the six policy areas' income.",
          "Områdernes indtægter er indberettede tal; totalen er opregnet til hele landet, så de kan ikke forventes at stemme.",
          "The areas' income is reported; the total is scaled to the whole country, so they are not expected to agree.")
    check("income_areas_scaled", "Områdernes indtægter opregnet med befolkningsdækningen",
          "The areas' income scaled by population coverage",
          kf["national_income"], areas["income_mio_kr"].sum() / (kf["population_coverage"] / 100), "mio_kr",
          "Summen af områdernes indtægter / (befolkningsdækning / 100).", "Sum of the areas' income / (population coverage / 100).",
          "Opregnet med samme metode som udgifterne bliver indtægterne lidt højere end rapportens tal.",
          "Scaled the same way as expenditure, income comes out a little higher than the report's figure.")
    check("employment_income_share", "Beskæftigelsesområdets andel af indtægterne ud fra beløbene",
          "Employment's share of income from the amounts",
          areas.loc["beskaeftigelse", "income_share_pct"], 100 * areas.loc["beskaeftigelse", "income_mio_kr"] / areas["income_mio_kr"].sum(), "pct",
          "Beskæftigelsesområdets indtægter / summen af områdernes indtægter × 100.",
          "Employment's income / sum of the areas' income × 100.",
          "Rapporten angiver beløbet som et ca.-tal og oplyser ikke de samlede indberettede indtægter, så andelen kan ikke genberegnes præcist.",
          "The report gives the amount as approximate and does not state total reported income, so the share cannot be recomputed exactly.")
    check("regions_municipalities", "Regionernes kommuner lagt sammen", "The regions' municipalities added up",
          kf["municipalities_invited"], regions["municipalities"].sum(), "kommuner",
          "Summen af kommuner i de fem regioner (boks 1).", "Sum of municipalities in the five regions (box 1).")
    check("regions_responding", "Regionernes svarende kommuner lagt sammen", "The regions' responding municipalities added up",
          kf["municipalities_responding"], regions["municipalities_responding"].sum(), "kommuner",
          "Summen af svarende kommuner i de fem regioner (boks 1).", "Sum of responding municipalities in the five regions (box 1).")
    check("regions_reference", "Kommuner i DAWA's kommuneliste", "Municipalities in DAWA's list",
          kf["municipalities_invited"], len(package.table("ref_municipalities")), "kommuner",
          "Antal kommuner i referencetabellen (DAWA).", "Number of municipalities in the reference table (DAWA).")
    check("coverage_weighted", "Befolkningsdækning: regionernes dækning vægtet med folketal",
          "Population coverage: the regions' coverage weighted by population",
          kf["population_coverage"],
          (regions["population_coverage_pct"] * regions["population_2021"]).sum() / regions["population_2021"].sum(), "pct",
          "Σ (regionens dækning × regionens folketal 1. januar 2021) / Σ folketal.",
          "Σ (region's coverage × region's population on 1 January 2021) / Σ population.",
          "Regionernes procenter er afrundede, og rapporten oplyser ikke, hvilke kommuner der svarede; dækningen kan derfor ikke genberegnes præcist.",
          "The regions' percentages are rounded and the report does not say which municipalities answered, so coverage cannot be recomputed exactly.")
    for check_id, parts, da, en in [
        ("boks3_residence", ["residence_under_10_years", "residence_over_10_years", "descendants"],
         "Boks 3: opholdstid og efterkommere lagt sammen", "Box 3: length of residence and descendants added up"),
        ("boks3_age", ["under_18", "aged_18_and_over"], "Boks 3: aldersgrupper lagt sammen", "Box 3: age groups added up"),
        ("boks3_origin", ["origin_menapt", "origin_other_non_western"], "Boks 3: oprindelse lagt sammen", "Box 3: origin groups added up"),
    ]:
        check(check_id, da, en, tg["non_western"], sum(tg[p] for p in parts), "personer",
              "Summen af delgrupperne i boks 3.", "Sum of the sub-groups in box 3.")
    check("boks3_share", "Ikke-vestliges andel af befolkningen", "Non-Western share of the population",
          tg["non_western_share"], 100 * tg["non_western"] / dk_pop, "pct",
          "Ikke-vestlige indvandrere og efterkommere / folketal 1. januar 2021 × 100.",
          "Non-Western immigrants and descendants / population on 1 January 2021 × 100.")
    for figure in ("municipalities_responding", "reported_expenditure", "national_expenditure", "two_areas_share"):
        row = key_figures[figure]
        check(f"answer_{figure}", f"Ministersvaret mod rapporten: {row['label_da'].lower()}",
              f"The minister's answer against the report: {row['label_en'].lower()}",
              kf[figure], kf[f"answer_{figure}"], row["unit"],
              "Tallet i ministersvaret.", "The figure in the minister's answer.")
    return pd.DataFrame(checks)


def run() -> str:
    paths.DERIVED_DIR.mkdir(parents=True, exist_ok=True)
    tables = {"areas": areas_table(), "regions": regions_table(), "reconciliation": reconciliation()}
    for name, df in tables.items():
        df.to_csv(paths.DERIVED_DIR / f"{name}.csv", index=False, lineterminator="\n")
    rec = tables["reconciliation"]
    return f"wrote {len(tables)} tables to build/derived/; {int(rec['agrees'].sum())} of {len(rec)} checks agree"
