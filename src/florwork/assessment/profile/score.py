"""Scoring a file of people with a trained profile: probability and the factors behind it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import data as tables
from . import explain
from . import model as models
from .train import TrainedProfile

TOP_FACTORS = 3
BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))


@dataclass(frozen=True)
class Scores:
    ids: list[str] | None
    probabilities: np.ndarray
    contributions: np.ndarray  # rows × features, log-odds (from the logistic model)
    reference_logit: float


def score(profile: TrainedProfile, table: tables.Table, *, id_column: str | None = None) -> Scores:
    tables.require_columns(table, [f.name for f in profile.schema] + ([id_column] if id_column else []))
    x = models.design_matrix(table, profile.schema)
    probabilities = models.predict(profile.pipeline, profile.recalibration[profile.model], x)
    baseline_calibration = profile.recalibration[models.LOGISTIC]
    shares = explain.contributions(profile.baseline, baseline_calibration[1], profile.reference, profile.schema, x)
    return Scores(ids=list(table.columns[id_column]) if id_column else None, probabilities=probabilities,
                  contributions=shares,
                  reference_logit=explain.reference_logit(profile.baseline, baseline_calibration, profile.reference))


def factors(scores: Scores, profile: TrainedProfile, row: int) -> tuple[list[str], list[str]]:
    """The features that raised and lowered this person's score most, as 'name (+0.42)'."""
    ranked = explain.ranked(scores.contributions[row], profile.schema)
    raised = [f"{name} ({value:+.2f})" for name, value in ranked if value > 0][:TOP_FACTORS]
    lowered = [f"{name} ({value:+.2f})" for name, value in ranked if value < 0][:TOP_FACTORS]
    return raised, lowered


def summary(scores: Scores, profile: TrainedProfile) -> dict[str, object]:
    p = scores.probabilities
    bands = {f"{low:.1f}-{high:.1f}": int(((p >= low) & ((p < high) | (high == 1.0))).sum()) for low, high in BANDS}
    return {"rows": len(p), "model": profile.model, "mean_probability": float(p.mean()) if len(p) else None,
            "bands": bands, "trained_on": profile.card["data"]["file"], "intended_use": profile.card["intended_use"]}


def write_csv(scores: Scores, profile: TrainedProfile, path: str | Path, *, id_column: str | None) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([*([id_column] if id_column else []), "probability", "raised_by", "lowered_by"])
        for row, probability in enumerate(scores.probabilities):
            raised, lowered = factors(scores, profile, row)
            writer.writerow([*([scores.ids[row]] if scores.ids is not None else []), f"{probability:.4f}",
                             "; ".join(raised), "; ".join(lowered)])
