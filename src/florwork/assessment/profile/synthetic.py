"""Synthetic closed cases with a known signal, for tests, the benchmark and the demo (seeded, numpy only).

The probability of work is a logistic function of the features (plus, with ``nonlinear``, a threshold
and an interaction that only a tree model can find). With ``underrecord``, work found by non-EU citizens
is recorded for only part of them, and Italian language level (a feature) tracks citizenship: a proxy
through which the model learns to underrate that group — the case the fairness audit must catch.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

EDUCATION = ("none", "lower_secondary", "upper_secondary", "tertiary")
FEATURES = ("age", "months_unemployed", "education", "digital_skills", "italian_level", "assessment_score")
PROTECTED = ("sex", "citizenship", "disability", "age_band")


def cases(n: int, *, seed: int = 0, nonlinear: bool = False, underrecord: float = 0.0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    citizenship = rng.choice(np.array(["italian", "eu", "non_eu"]), n, p=[0.6, 0.15, 0.25])
    sex = rng.choice(np.array(["F", "M"]), n)
    disability = rng.choice(np.array(["no", "yes"]), n, p=[0.85, 0.15])
    age = rng.integers(18, 65, n)
    months = rng.gamma(2.0, 8.0, n).round()
    education = rng.choice(np.array(EDUCATION), n, p=[0.15, 0.4, 0.35, 0.1])
    digital = rng.integers(0, 11, n)
    italian = np.where(citizenship == "non_eu", rng.integers(1, 4, n), rng.integers(4, 7, n))  # CEFR A1..C2 as 1..6
    score = np.clip(rng.normal(50, 15, n), 0, 100).round(1)
    education_effect = np.select([education == level for level in EDUCATION], [-0.6, -0.2, 0.2, 0.6])
    log_odds = (-0.4 - 0.03 * (age - 40) - 0.05 * (months - 16) + education_effect + 0.12 * (digital - 5)
                + 0.03 * (score - 50))
    if nonlinear:
        log_odds = log_odds + np.where(months > 24, -2.0, 0.5) + np.where((digital > 6) & (score > 55), 2.0, -0.5)
    employed = (rng.random(n) < 1 / (1 + np.exp(-log_odds))).astype(int)
    recorded = employed.copy()
    if underrecord:
        lost = (citizenship == "non_eu") & (employed == 1) & (rng.random(n) < underrecord)
        recorded[lost] = 0
    age_band = np.select([age < 30, age < 50], ["18-29", "30-49"], "50-64")
    return {"id": np.array([f"P{i:06d}" for i in range(n)]), "age": age, "months_unemployed": months,
            "education": education, "digital_skills": digital, "italian_level": italian,
            "assessment_score": score, "sex": sex, "citizenship": citizenship, "disability": disability,
            "age_band": age_band, "employed_12m": recorded, "employed_true": employed}


def write(columns: dict[str, np.ndarray], path: str | Path, *, delimiter: str = ",") -> Path:
    target = Path(path)
    names = list(columns)
    with target.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(names)
        writer.writerows(zip(*(columns[name].tolist() for name in names), strict=True))
    return target
