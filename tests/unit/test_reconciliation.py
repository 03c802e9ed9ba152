"""The reconciliation by interval arithmetic: the precision rules, three checks recomputed by hand, the verdicts
(the page's headline against the table is checked in tests/stages/test_site.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from mpmath import iv

from build_scripts.core import package
from build_scripts.stages.derive import precision
from build_scripts.stages.derive import stage as derive
from conftest import CHECKOUT

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


@pytest.fixture(scope="module")
def rec():
    return derive.reconciliation(CHECKOUT)


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
    ("fem", None, "'fem' er ikke et tal skrevet med cifre / 'fem' is not a number written in digits"),
    ("1/3", None, "'1/3' er ikke et tal skrevet med cifre / '1/3' is not a number written in digits"),
    ("49.50", None, "'49.50': tusindtalsseparatoren står forkert / '49.50': misplaced thousands separator"),
    ("350", "cirka", "ukendt kvalifikator 'cirka' / unknown qualifier 'cirka'"),
])
def test_precision_rejects_what_it_cannot_read(text, qualifier, message):
    with pytest.raises(precision.PrecisionError) as error:
        precision.bounds(text, qualifier)
    assert str(error.value) == message


def test_meets():
    assert precision.meets(precision.interval("32"), precision.interval("31,6"))
    assert not precision.meets(precision.interval("54"), precision.interval("60"))
    assert precision.meets(precision.interval("54"), precision.interval("54,5"))  # touching ends meet


# --- checks recomputed by hand from the package's figures (exact fractions, not mpmath) ------------------------
# Each takes the figures the package holds now, so a corrected figure (the "correct a figure" recipe) changes the
# numbers but not the test; which verdicts the table has is a golden file (test_package.py, `make golden`).


def half_unit(text: str) -> tuple[Fraction, Fraction]:
    """A plain whole number as written ('318'): it stands for ± half a unit (precision.py's rule, by hand)."""
    assert text.isdigit(), text
    return Fraction(int(text)) - Fraction(1, 2), Fraction(int(text)) + Fraction(1, 2)


def verdict(low, high, published_low, published_high) -> str:
    return "consistent" if low <= published_high and published_low <= high else "inconsistent"


def area_row(area_id, measure):
    figures = package.table("area_figures", CHECKOUT.datapackage_json)
    return figures[(figures["area_id"] == area_id) & (figures["measure"] == measure)].iloc[0]


def test_employment_share_is_recomputed_by_hand(rec):
    """Employment's expenditure over the total, e.g. 100 of 318 mio. kr. against '32 pct.':
    [99.5/318.5, 100.5/317.5] · 100 = [31.24, 31.65] meets [31.5, 32.5]."""
    e_low, e_high = half_unit(area_row("beskaeftigelse", "expenditure")["value_text"])
    t_low, t_high = half_unit(package.figures(CHECKOUT.datapackage_json)["reported_expenditure"]["value_text"])
    low, high = e_low / t_high * 100, e_high / t_low * 100
    share = area_row("beskaeftigelse", "expenditure_share")
    p_low, p_high = precision.bounds(share["value_text"], share["qualifier"] if isinstance(share["qualifier"], str) else None)
    r = row(rec, "area_share_beskaeftigelse")
    assert (r["computed_low"], r["computed_high"]) == (pytest.approx(float(low), abs=1e-4), pytest.approx(float(high), abs=1e-4))
    assert (r["published_low"], r["published_high"]) == (float(p_low), float(p_high))
    assert r["verdict"] == verdict(low, high, Fraction(p_low), Fraction(p_high))


def test_six_areas_sum_is_recomputed_by_hand(rec):
    """Six amounts rounded to whole millions (e.g. 100, 98, 43, 44, 20, 11 = 316) can add up to anything within
    ± 3 (e.g. [313, 319], which meets 318)."""
    amounts = [area_row(a, "expenditure")["value_text"] for a in package.table("policy_areas", CHECKOUT.datapackage_json)["area_id"]]
    low, high = sum(half_unit(a)[0] for a in amounts), sum(half_unit(a)[1] for a in amounts)
    t_low, t_high = half_unit(package.figures(CHECKOUT.datapackage_json)["reported_expenditure"]["value_text"])
    r = row(rec, "areas_sum_vs_total")
    assert (r["computed_low"], r["computed_high"], r["computed_value"]) == (low, high, sum(int(a) for a in amounts))
    assert r["verdict"] == verdict(low, high, t_low, t_high)


def test_per_inhabitant_is_recomputed_by_hand_for_every_population_date(rec):
    """Kr. per inhabitant from the reported and the scaled amount over Denmark's population on each date, e.g.
    'ca. 350 mio. kr.' ([345, 355]) over the population of 1 January 2021 is [59.07, 60.79] kr., not 54."""
    kf = package.figures(CHECKOUT.datapackage_json)
    published = kf["expenditure_per_inhabitant"]
    p_low, p_high = (Fraction(b) for b in precision.bounds(published["value_text"], published["qualifier"]))
    denmark = dict(zip(package.table("ref_population_denmark", CHECKOUT.datapackage_json)["date"], package.table("ref_population_denmark", CHECKOUT.datapackage_json)["population"]))
    for check_id, figure in (("per_inhabitant_reported", "reported_expenditure"),
                             ("per_inhabitant_national", "national_expenditure")):
        a_low, a_high = (Fraction(b) for b in precision.bounds(kf[figure]["value_text"], kf[figure]["qualifier"]))
        for date in DATES:
            low, high = a_low * 1_000_000 / int(denmark[date]), a_high * 1_000_000 / int(denmark[date])
            r = row(rec, check_id, f"population_{date}")
            assert (r["computed_low"], r["computed_high"]) == (pytest.approx(float(low), abs=1e-4),
                                                               pytest.approx(float(high), abs=1e-4)), (check_id, date)
            assert r["verdict"] == verdict(low, high, p_low, p_high), (check_id, date)


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
    """Every verdict is one of three and every computed value lies in its interval; which checks are inconsistent
    is data, in the golden file tests/golden/package/reconciliation.csv (test_package.py). The areas' income
    against the scaled total is not comparable by construction (they measure different things)."""
    assert set(rec["verdict"]) <= {"consistent", "inconsistent", "not_comparable"}
    assert rec.loc[rec["verdict"] == "not_comparable", "check_id"].tolist() == ["income_areas_vs_national"]
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


# --- the checks are data (build_scripts/stages/derive/checks.yml) ----------------------------------------------

def test_every_check_in_checks_yml_is_evaluated_once_per_choice():
    from build_scripts.stages.derive import reconcile

    checks = reconcile._checks_file()["checks"]
    rec = derive.reconciliation(CHECKOUT)
    areas = len(package.table("policy_areas", CHECKOUT.datapackage_json))
    expected = sum((areas if c.get("for_each") == "area" else len(c.get("for_each") or [None]))
                   * (len(reconcile.POPULATION_DATES) if c.get("per") == "population_date" else 1) for c in checks)
    assert len(rec) == expected
    for check in checks:
        assert set(check["label"]) == set(check["how"]) == {"da", "en"}, check["id"]
        assert check["formula"] in reconcile.FORMULAS, check["id"]


def test_an_unknown_reference_in_checks_yml_is_named():
    from build_scripts.stages.derive import reconcile

    with pytest.raises(KeyError, match="checks.yml: unknown reference 'tables/nothing'"):
        reconcile.Sources(CHECKOUT).figures("tables/nothing", None)
