"""Synthetic submissions for tests and benchmarks only; never published.

Writes nothing by itself: `submission_frame(paths)` returns a DataFrame that follows
the submission schema, and `write_csv()` saves one where a test or benchmark asks.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from build_scripts.commands import submission
from build_scripts.core.paths import Paths

AREAS = ["beskaeftigelse", "dagtilbud_folkeskole", "integration_generelt", "social", "kultur_fritid", "sundhed_aeldre"]


def submission_frame(paths: Paths, rows: int, seed: int = 0, municipalities: list[int] | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = np.array(municipalities or submission.municipality_codes(paths))
    muni = rng.choice(codes, size=rows)
    expenditure = rng.integers(0, 5000, size=rows)
    income = (expenditure * rng.random(rows) * 0.5).astype(int)
    share = rng.integers(0, 101, size=rows).astype(str)
    share[rng.random(rows) < 0.1] = "-"
    return pd.DataFrame({
        "initiative_id": [f"S{i:07d}" for i in range(rows)],
        "municipality_code": muni,
        "area_id": rng.choice(AREAS, size=rows),
        "title": [f"Syntetisk indsats {i}" for i in range(rows)],
        "gross_expenditure_1000_kr": expenditure,
        "gross_income_1000_kr": income,
        "financing_source": rng.choice(["1", "2", "3"], size=rows),
        "legal_basis": rng.choice(["Kommunalfuldmagten", "ukendt", "Serviceloven § 18"], size=rows),
        "primary_target_group": rng.choice(["a", "b", "c"], size=rows),
        "secondary_target_group": rng.choice(["1", "2", "3", "4", "5"], size=rows),
        "content": "Syntetisk indhold",
        "purpose": "Syntetisk formål",
        "time_horizon": "permanent",
        "target_group_share": share,
    })[submission.field_names(paths)]


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    df.to_csv(path, index=False, lineterminator="\n")
    return path
