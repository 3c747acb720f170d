"""Per-person explanation of the logistic model: each feature's share of the log-odds, against the training mean.

The recalibrated logistic model is linear in the log-odds, so the shares add up exactly to
logit(p) − logit(p at the training mean): nothing is approximated.
"""

from __future__ import annotations

import numpy as np
from sklearn.pipeline import Pipeline

from .model import Feature


def reference_point(pipeline: Pipeline, x_train: np.ndarray) -> np.ndarray:
    """The mean encoded training row: the person every explanation is measured against."""
    return np.asarray(pipeline.named_steps["encode"].transform(x_train).mean(axis=0))


def contributions(pipeline: Pipeline, slope: float, reference: np.ndarray, schema: list[Feature],
                  x: np.ndarray) -> np.ndarray:
    """Rows × features matrix of log-odds contributions (recalibration slope included)."""
    encoder = pipeline.named_steps["encode"]
    weights = slope * pipeline.named_steps["model"].coef_[0]
    shares = (encoder.transform(x) - reference) * weights
    result = np.empty((len(x), len(schema)))
    for index, feature in enumerate(schema):
        columns = encoder.output_indices_[feature.name]
        result[:, index] = shares[:, columns].sum(axis=1)
    return result


def reference_logit(pipeline: Pipeline, recalibration: tuple[float, float], reference: np.ndarray) -> float:
    intercept, slope = recalibration
    model = pipeline.named_steps["model"]
    return float(intercept + slope * (model.intercept_[0] + reference @ model.coef_[0]))


def ranked(row: np.ndarray, schema: list[Feature]) -> list[tuple[str, float]]:
    """(feature, signed contribution), largest effect first."""
    order = np.argsort(-np.abs(row), kind="stable")
    return [(schema[i].name, float(row[i])) for i in order]
