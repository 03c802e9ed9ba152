"""Denmark's and the regions' population on a date (Danmarks Statistik, FOLK1A, in the package's reference tables).

Reads the data package (ref_population_denmark, ref_population_municipalities, ref_municipalities). Writes nothing.
"""

import pandas as pd

from build_scripts.core import package
from build_scripts.core.paths import Paths

# The population date of the regions table (population_2021) and the pages. The report states none; the
# reconciliation does not use this constant but shows every plausible date (POPULATION_DATES).
POPULATION_DATE = "2021-01-01"



def population(paths: Paths, date: str = POPULATION_DATE) -> tuple[int, pd.Series]:
    """Denmark's population and each region's (sum of its municipalities) on a date."""
    denmark = package.table("ref_population_denmark", paths.datapackage_json)
    total = int(denmark.loc[denmark["date"] == date, "population"].iloc[0])
    munis = package.table("ref_population_municipalities", paths.datapackage_json)
    munis = munis[munis["date"] == date].merge(package.table("ref_municipalities", paths.datapackage_json), on="municipality_code")
    return total, munis.groupby("region_code")["population"].sum()
