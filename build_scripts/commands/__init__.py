"""Maintainer commands beside the build: releases, the data diff, reference import, the submission standard.

Kept free of heavy imports, so that the command line can show its help without loading pandas.
"""

# The population date `aggregate` divides by unless told otherwise (--population-date).
DEFAULT_POPULATION_DATE = "2021-01-01"
