"""The reconciliation by interval arithmetic: the precision rules, three checks recomputed by hand, the verdicts,
and the page's headline against the built table."""

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from mpmath import iv

from build_scripts.core import package, paths
from build_scripts.stages.derive import precision
from build_scripts.stages.derive import stage as derive

# The check_ids of version 1.0.1: a published contract, none may disappear.
CHECK_IDS_1_0_1 = [
    "areas_sum_vs_total", "area_shares_sum", "two_areas_share_from_shares", "two_areas_share_from_amounts",
    "area_share_beskaeftigelse", "area_share_dagtilbud_folkeskole", "area_share_integration_generelt",
    "area_share_social", "area_share_kultur_fritid", "area_share_sundhed_aeldre", "national_from_coverage",
    "per_inhabitant_reported", "per_inhabitant_national", "average_from_national", "average_from_reported",
    "income_areas_vs_national", "income_areas_scaled", "employment_income_share", "regions_municipalities",
    "regions_responding", "regions_reference", "coverage_weighted", "boks3_residence", "boks3_age", "boks3_origin",
    "boks3_share", "answer_municipalities_responding", "answer_reported_expenditure",
    "answer_national_expenditure", "answer_two_areas_share",
]
DATES = ["2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01"]
POPULATION = {"2019-01-01": 5806081, "2021-01-01": 5840045}  # Danmarks Statistik, FOLK1A (ref_population_denmark)


@pytest.fixture(scope="module")
def rec():
    return derive.reconciliation()


def row(rec, check_id, variant=""):
    match = rec[(rec["check_id"] == check_id) & (rec["variant"] == variant)]
    assert len(match) == 1, (check_id, variant)
    return match.iloc[0]


# --- precision rules: one test per rule of build_scripts/stages/derive/precision.py ---------------------------------------

@pytest.mark.parametrize("text,qualifier,unit,low,high", [
    ("318", None, "mio_kr", "317.5", "318.5"),            # last written digit: ± half a unit
    ("14,1", None, "pct", "14.05", "14.15"),              # decimal comma: ± half a unit of the last decimal
    ("100", None, "mio_kr", "99.5", "100.5"),             # trailing zeros of a plain number are written digits
    ("495.000", None, "kr", "494500", "495500"),          # whole thousands: ± half a thousand
    ("825.080", None, "personer", "825079.5", "825080.5"),
    ("98", None, "kommuner", "98", "98"),                 # counts that cannot be rounded are exact
    ("706", None, "indsatser", "706", "706"),
    ("350", "ca.", "mio_kr", "345", "355"),               # ca.: rounded at the last non-zero digit ...
    ("68", "ca.", "mio_kr", "67.32", "68.68"),            # ... and never narrower than ± 1 %
    ("28", "ca.", "mio_kr", "27.5", "28.5"),
    ("825.000", "ca.", "personer", "816750", "833250"),
    ("525.000", "ca.", "personer", "519750", "530250"),   # Boks 2: 526.692 written as ca. 525.000
    ("100", "omkring", "mio_kr", "50", "150"),            # omkring: the same as ca.
    ("523.000", "knap", "personer", "522000", "523000"),  # knap: up to one unit of the last non-zero digit under
    ("17.600", "knap", "personer", "17500", "17600"),
    ("700", "godt", "personer", "700", "800"),            # godt: up to one unit of the last non-zero digit over
    ("31", "godt", "mia_kr", "31", "32"),
    ("30", "over", "kommuner", "30", "Infinity"),         # over / under: one-sided
    ("1", "under", "kr", "-Infinity", "1"),
])
def test_precision_rule(text, qualifier, unit, low, high):
    assert precision.bounds(text, qualifier, unit) == (Decimal(low), Decimal(high))
    interval = precision.interval(text, qualifier, unit)  # rounded outwards: it contains the exact bounds
    assert iv.mpf(precision._iv_bound(Decimal(low))) in interval and iv.mpf(precision._iv_bound(Decimal(high))) in interval
    assert (precision.low(interval), precision.high(interval)) == (pytest.approx(float(low)), pytest.approx(float(high)))


@pytest.mark.parametrize("text,qualifier,message", [
    ("fem", None, "'fem' er ikke et tal skrevet med cifre / is not a number written in digits"),
    ("1/3", None, "'1/3' er ikke et tal skrevet med cifre / is not a number written in digits"),
    ("49.50", None, "'49.50': tusindtalsseparatoren står forkert / misplaced thousands separator"),
    ("350", "cirka", "ukendt kvalifikator / unknown qualifier 'cirka'"),
])
def test_precision_rejects_what_it_cannot_read(text, qualifier, message):
    with pytest.raises(precision.PrecisionError) as error:
        precision.bounds(text, qualifier)
    assert str(error.value) == message


def test_meets():
    assert precision.meets(precision.interval("32"), precision.interval("31,6"))
    assert not precision.meets(precision.interval("54"), precision.interval("60"))
    assert precision.meets(precision.interval("54"), precision.interval("54,5"))  # touching ends meet


# --- three checks recomputed with hand-written bounds (exact fractions) -------------------------------------

def test_employment_share_meets_32_pct(rec):
    """100 mio. kr. of 318 mio. kr. against '32 pct.': [99.5/318.5, 100.5/317.5] · 100 = [31.24, 31.65] meets [31.5, 32.5]."""
    low, high = Fraction("99.5") / Fraction("318.5") * 100, Fraction("100.5") / Fraction("317.5") * 100
    assert float(low) == pytest.approx(31.2402, abs=1e-4) and float(high) == pytest.approx(31.6535, abs=1e-4)
    assert high >= Fraction("31.5") and low <= Fraction("32.5")  # they overlap on [31.5, 31.65]
    r = row(rec, "area_share_beskaeftigelse")
    assert (r["computed_low"], r["computed_high"]) == (pytest.approx(float(low), abs=1e-4), pytest.approx(float(high), abs=1e-4))
    assert (r["published_low"], r["published_high"]) == (31.5, 32.5)
    assert r["verdict"] == "consistent"


def test_six_areas_sum_meets_318(rec):
    """Six amounts rounded to whole millions (100, 98, 43, 44, 20, 11 = 316) can add up to anything in [313, 319]."""
    amounts = [100, 98, 43, 44, 20, 11]
    low, high = sum(a - Fraction(1, 2) for a in amounts), sum(a + Fraction(1, 2) for a in amounts)
    assert (low, high) == (313, 319) and low <= Fraction("318.5") and high >= Fraction("317.5")
    r = row(rec, "areas_sum_vs_total")
    assert (r["computed_low"], r["computed_high"], r["computed_value"]) == (313, 319, 316)
    assert r["verdict"] == "consistent"


def test_54_kr_next_to_350_mio_is_inconsistent(rec):
    """'ca. 350 mio. kr.' ([345, 355]) over the population of 1 January 2021 is [59.07, 60.79] kr., not 54 ([53.5, 54.5])."""
    low, high = Fraction(345_000_000, POPULATION["2021-01-01"]), Fraction(355_000_000, POPULATION["2021-01-01"])
    assert low > Fraction("54.5")
    r = row(rec, "per_inhabitant_national", "population_2021-01-01")
    assert (r["computed_low"], r["computed_high"]) == (pytest.approx(float(low), abs=1e-4), pytest.approx(float(high), abs=1e-4))
    assert r["verdict"] == "inconsistent"


def test_54_kr_from_318_mio_depends_on_the_population_date(rec):
    """318 mio. kr. ([317.5, 318.5]) per inhabitant: the accounts year 2019 gives [54.68, 54.86], not 54; 2021 meets it."""
    assert Fraction(317_500_000, POPULATION["2019-01-01"]) > Fraction("54.5")
    assert Fraction(317_500_000, POPULATION["2021-01-01"]) <= Fraction("54.5")
    verdicts = {d: row(rec, "per_inhabitant_reported", f"population_{d}")["verdict"] for d in DATES}
    assert verdicts == {"2019-01-01": "inconsistent", "2020-01-01": "inconsistent",
                        "2021-01-01": "consistent", "2022-01-01": "consistent"}


# --- the table as a whole -----------------------------------------------------------------------------------

def test_the_table_keeps_every_check_and_shows_each_population_date(rec):
    ids = list(dict.fromkeys(rec["check_id"]))
    assert [i for i in ids if i in CHECK_IDS_1_0_1] == CHECK_IDS_1_0_1  # all kept, in their order
    assert [i for i in ids if i not in CHECK_IDS_1_0_1] == ["boks2_target_group_size", "boks2_non_western"]
    assert not rec.duplicated(["check_id", "variant"]).any()
    with_variants = rec[rec["variant"] != ""]
    assert sorted(set(with_variants["check_id"])) == ["coverage_weighted", "per_inhabitant_national", "per_inhabitant_reported"]
    for check_id in set(with_variants["check_id"]):
        assert rec.loc[rec["check_id"] == check_id, "variant"].tolist() == [f"population_{d}" for d in DATES]
    assert list(rec.columns) == [f["name"] for f in derive.RECONCILIATION_FIELDS]
    assert rec.index[rec["expected_from"] == "definition"].map(rec["check_id"]).tolist() == ["area_shares_sum"]


def test_verdicts(rec):
    """Only the per-inhabitant figure next to the scaled amount, the average from reported expenditure and two
    population dates are inconsistent; the areas' income against the scaled total is not comparable. Boks 2's
    ca. 525.000 against 526.692 (0.3 % apart) is consistent: "ca." is never read narrower than ± 1 %."""
    assert set(rec["verdict"]) <= {"consistent", "inconsistent", "not_comparable"}
    inconsistent = rec[rec["verdict"] == "inconsistent"]
    assert sorted(zip(inconsistent["check_id"], inconsistent["variant"])) == sorted(
        [("per_inhabitant_national", f"population_{d}") for d in DATES]
        + [("per_inhabitant_reported", "population_2019-01-01"), ("per_inhabitant_reported", "population_2020-01-01"),
           ("average_from_reported", "")])
    assert rec.loc[rec["verdict"] == "not_comparable", "check_id"].tolist() == ["income_areas_vs_national"]
    for check_id in ("two_areas_share_from_amounts", "income_areas_scaled", "average_from_national",
                     "national_from_coverage", "employment_income_share"):
        assert row(rec, check_id)["verdict"] == "consistent", check_id
    assert set(rec.loc[rec["check_id"] == "coverage_weighted", "verdict"]) == {"consistent"}
    assert row(rec, "boks2_non_western")["verdict"] == row(rec, "boks2_target_group_size")["verdict"] == "consistent"
    assert all(rec["computed_low"] <= rec["computed_value"]) and all(rec["computed_value"] <= rec["computed_high"])


def test_a_chosen_date_says_what_the_calculation_gives(rec):
    """The coverage computed from the regions is 90,47: it rounds to 90, not to the report's 91, so no row may say
    that the date gives the report's figure; the row says what it gives."""
    for _, r in rec[rec["check_id"] == "coverage_weighted"].iterrows():
        assert "giver beregningen 90,47, afrundet 90; rapporten skriver 91." in r["explanation_da"], r["variant"]
        assert "the calculation gives 90.47, which rounds to 90; the report gives 91." in r["explanation_en"]
        assert "rapportens tal" not in r["explanation_da"] and "reproduces" not in r["explanation_en"]
    same = row(rec, "per_inhabitant_reported", "population_2021-01-01")
    assert "giver beregningen 54,45, afrundet 54 som rapportens tal." in same["explanation_da"]
    assert derive.rounded_as(90.4718, "91") == 90 and derive.rounded_as(526692, "525.000") == 527000


def test_explanations_follow_the_verdict(rec):
    for _, r in rec.iterrows():
        da, en = derive.VERDICTS[r["verdict"]]
        assert r["explanation_da"].startswith(da) and r["explanation_en"].startswith(en), r["check_id"]
    assert "områdernes indtægter er det, de svarende kommuner indberettede" in row(rec, "income_areas_vs_national")["explanation_da"]


@pytest.mark.parametrize("page", ["om-tallene/index.html", "en/om-tallene/index.html"])
def test_page_headline_counts_the_built_table(built_site, page):
    built = pd.read_csv(paths.DERIVED_DIR / "reconciliation.csv", keep_default_na=False)
    doc = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    assert int(doc.select_one('span[data-count="rows"]').get_text()) == len(built)
    for verdict in ("consistent", "inconsistent", "not_comparable"):
        shown = int(doc.select_one(f'span[data-verdict="{verdict}"]').get_text())
        assert shown == (built["verdict"] == verdict).sum(), verdict
    assert int(doc.select_one('span[data-verdict="inconsistent"]').get_text()) > 0


# --- the checks are data (build_scripts/stages/derive/checks.yml) ----------------------------------------------

def test_every_check_in_checks_yml_is_evaluated_once_per_choice():
    from build_scripts.stages.derive import reconcile

    checks = reconcile._checks_file()["checks"]
    rec = derive.reconciliation()
    areas = len(package.table("policy_areas"))
    expected = sum((areas if c.get("for_each") == "area" else len(c.get("for_each") or [None]))
                   * (len(reconcile.POPULATION_DATES) if c.get("per") == "population_date" else 1) for c in checks)
    assert len(rec) == expected
    for check in checks:
        assert set(check["label"]) == set(check["how"]) == {"da", "en"}, check["id"]
        assert check["formula"] in reconcile.FORMULAS, check["id"]


def test_an_unknown_reference_in_checks_yml_is_named():
    from build_scripts.stages.derive import reconcile

    with pytest.raises(KeyError, match="checks.yml: unknown reference 'tables/nothing'"):
        reconcile.Sources().figures("tables/nothing", None)
