"""Accuracy and calibration of predicted probabilities, in numpy: AUC, Brier score, logistic recalibration."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

EPSILON = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, EPSILON, 1 - EPSILON)
    return np.log(clipped / (1 - clipped))


def expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def auc(y: np.ndarray, p: np.ndarray) -> float | None:
    """Area under the ROC curve; None when one class is absent (scikit-learn would raise)."""
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return None
    return float(roc_auc_score(y, p))


def brier(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def recalibration(y: np.ndarray, p: np.ndarray, *, iterations: int = 50) -> tuple[float, float]:
    """(intercept a, slope b) of logit P(y=1) = a + b·logit(p), by Newton's method; (0, 1) is perfect calibration."""
    x = logit(p)
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([0.0, 1.0])
    for _ in range(iterations):
        fitted = expit(design @ beta)
        weights = np.maximum(fitted * (1 - fitted), 1e-9)
        hessian = design.T @ (design * weights[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, design.T @ (y - fitted))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(beta[0]), float(beta[1])


def calibration_curve(y: np.ndarray, p: np.ndarray, *, bins: int = 10) -> list[dict[str, float | int]]:
    """Mean predicted beside observed rate in each decile of the predictions (ties keep a bin together)."""
    order = np.argsort(p, kind="stable")
    curve = []
    for chunk in np.array_split(order, bins):
        if len(chunk) == 0:
            continue
        curve.append({"mean_predicted": float(p[chunk].mean()), "observed": float(y[chunk].mean()),
                      "n": int(len(chunk))})
    return curve
