"""The reference populations agree with each other (red team 4, finding 5): Denmark's population on a date is at
least the sum of its municipalities' and at most requirements.DENMARK_MARGIN more (Christiansø, 84-93 people, belongs
to no municipality). Denmark's set to 1,000 published 318,000 kr. per inhabitant and a population coverage of 63,812 %
while validate and the build passed."""

import pytest

from build_scripts import cli
from build_scripts.commands import aggregate
from build_scripts.core.paths import Paths
from build_scripts.stages.validate import floor, requirements
from build_scripts.stages.validate import stage as validate

SUM_2021 = 5839955  # the 98 municipalities on 2021-01-01 (ref_population_municipalities.csv)


def set_denmark(package_json, date, population):
    path = package_json.parent / "data" / "ref_population_denmark.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(date + ","))
    lines[at] = f"{date},{population}\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_denmark_below_its_municipalities_is_refused_by_validate(package_copy):
    set_denmark(package_copy, "2021-01-01", 1000)
    problems, _ = validate.collect_problems(package_copy)
    assert [str(p) for p in problems] == [
        "datapackage/data/ref_population_denmark.csv: linje 4, felt population: Danmarks folketal den 2021-01-01 er "
        "1000, men kommunernes i datapackage/data/ref_population_municipalities.csv er tilsammen 5839955. Danmarks "
        "skal være mindst summen og højst 1000 mere (Christiansø hører ikke til en kommune). Ret det tal, der er "
        "forkert. | line 4, field population: Denmark's population on 2021-01-01 is 1000, but the municipalities' in "
        "datapackage/data/ref_population_municipalities.csv add up to 5839955. Denmark's must be at least the sum and "
        "at most 1000 more (Christiansø belongs to no municipality). Fix the figure that is wrong."]


def checked(package_json):
    tables, names = {}, {}
    for name in ("ref_population_denmark", "ref_population_municipalities", "ref_municipalities"):
        path = package_json.parent / "data" / f"{name}.csv"
        tables[name], names[name] = floor.read_rows(path), name
    codes = [row["municipality_code"] for _, row in tables["ref_municipalities"][1]]
    return [(p.line, dict(p.params)["denmark"]) for p in
            requirements._denmark_against_municipalities(tables, names, codes)]


@pytest.mark.parametrize("population,refused", [
    (SUM_2021 - 1, True),  # below the municipalities: a coverage above 100 %
    (SUM_2021, False),
    (SUM_2021 + 90, False),  # as the real figures: Christiansø
    (SUM_2021 + requirements.DENMARK_MARGIN, False),
    (SUM_2021 + requirements.DENMARK_MARGIN + 1, True),
    (SUM_2021 * 10, True),  # a digit too many
])
def test_the_margin_above_the_municipalities(package_copy, population, refused):
    assert checked(package_copy) == []  # the real data: 84-93 above on every date
    set_denmark(package_copy, "2021-01-01", population)
    assert checked(package_copy) == ([(4, population)] if refused else [])


def test_a_date_some_municipalities_lack_is_only_checked_from_below(package_copy):
    """Without every municipality the sum is too small to bound Denmark's from above (validate names the missing
    rows on the dates the build reads); Denmark's below the part that is there is still wrong."""
    path = package_copy.parent / "data" / "ref_population_municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("101,2021-01-01,")), encoding="utf-8")
    assert checked(package_copy) == []
    set_denmark(package_copy, "2021-01-01", 1000)
    assert checked(package_copy) == [(4, 1000)]


def test_aggregate_refuses_a_coverage_above_one(package_copy):
    """aggregate reads the populations itself (validate does not run before it): the same rule where it reads them."""
    set_denmark(package_copy, "2021-01-01", 1000)
    with pytest.raises(aggregate.AggregationError) as refused:
        aggregate.population(Paths(package_copy.parent.parent), "2021-01-01")
    assert str(refused.value) == (
        "Danmarks folketal den 2021-01-01 (1000) passer ikke med kommunernes tilsammen (5839955): det skal være "
        "mindst summen og højst 1000 mere, ellers bliver dækningen og landsskønnet forkerte. Kør 'python -m "
        "build_scripts validate', og ret datapackage/data/ref_population_denmark.csv eller "
        "ref_population_municipalities.csv. / Denmark's population on 2021-01-01 (1000) does not agree with the "
        "municipalities' together (5839955): it must be at least the sum and at most 1000 more, or the coverage and "
        "the national estimate would be wrong. Run 'python -m build_scripts validate' and fix "
        "datapackage/data/ref_population_denmark.csv or ref_population_municipalities.csv.")
    set_denmark(package_copy, "2021-01-01", SUM_2021 + 90)
    cli.forget_cached_reads()  # package.table keeps what it read
    total, _ = aggregate.population(Paths(package_copy.parent.parent), "2021-01-01")
    assert total == SUM_2021 + 90
