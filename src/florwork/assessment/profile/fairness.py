"""Fairness audit by protected group: calibration and error rates with bootstrap intervals, and the gaps.

Protected attributes never enter the model; they are read here only, to check who the model underrates
(false negatives: people who found work although the model gave them less than the threshold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import metrics

METRICS = ("base_rate", "mean_predicted", "calibration_gap", "fnr", "fpr", "auc")
# gaps that block activation without a sign-off: errors and calibration, not differences in base rates
GATED = ("calibration_gap", "fnr", "fpr", "auc")
MIN_GROUP = 20  # smaller groups are reported but left out of the gaps: their rates are noise


def group_metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float | None]:
    positives, negatives = y == 1, y == 0
    base_rate, mean_predicted = float(y.mean()), float(p.mean())
    return {
        "base_rate": base_rate,
        "mean_predicted": mean_predicted,
        "calibration_gap": mean_predicted - base_rate,  # calibration-in-the-large: > 0 overrates the group
        "fnr": float((p[positives] < threshold).mean()) if positives.any() else None,
        "fpr": float((p[negatives] >= threshold).mean()) if negatives.any() else None,
        "auc": metrics.auc(y, p),
    }


def _bootstrap(y: np.ndarray, p: np.ndarray, threshold: float, replicates: int,
               rng: np.random.Generator) -> np.ndarray:
    """replicates × METRICS, NaN where a resample leaves a metric undefined."""
    draws = np.full((replicates, len(METRICS)), np.nan)
    for r in range(replicates):
        sample = rng.integers(0, len(y), len(y))
        values = group_metrics(y[sample], p[sample], threshold)
        draws[r] = [np.nan if values[m] is None else values[m] for m in METRICS]
    return draws


def _interval(draws: np.ndarray) -> list[float] | None:
    finite = draws[np.isfinite(draws)]
    if len(finite) < 0.9 * len(draws):  # mostly undefined: no honest interval
        return None
    low, high = np.percentile(finite, [2.5, 97.5])
    return [float(low), float(high)]


def audit(y: np.ndarray, p: np.ndarray, attributes: dict[str, np.ndarray], *, threshold: float = 0.5,
          replicates: int = 200, seed: int = 0, min_group: int = MIN_GROUP) -> tuple[dict, dict]:
    """(groups, gaps): per attribute and group value its metrics with 95% intervals; per attribute and
    metric the largest gap between groups, its two groups and its interval (same bootstrap draws)."""
    rng = np.random.default_rng(seed)
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    gaps: dict[str, dict[str, dict[str, Any]]] = {}
    for attribute, labels in attributes.items():
        groups[attribute], draws = {}, {}
        for value in sorted(set(labels.tolist())):
            members = labels == value
            point = group_metrics(y[members], p[members], threshold)
            boot = _bootstrap(y[members], p[members], threshold, replicates, rng)
            row: dict[str, Any] = {"n": int(members.sum()), **point}
            for index, name in enumerate(METRICS):
                row[f"{name}_ci"] = _interval(boot[:, index]) if point[name] is not None else None
            row["in_gaps"] = row["n"] >= min_group
            groups[attribute][str(value)] = row
            if row["in_gaps"]:
                draws[str(value)] = boot
        gaps[attribute] = _gaps(groups[attribute], draws)
    return groups, gaps


def _gaps(rows: dict[str, dict[str, Any]], draws: dict[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    result = {}
    for index, name in enumerate(METRICS):
        defined = {value: rows[value][name] for value in draws if rows[value][name] is not None}
        if len(defined) < 2:
            continue
        high = max(defined, key=lambda value: defined[value])
        low = min(defined, key=lambda value: defined[value])
        difference = draws[high][:, index] - draws[low][:, index]
        result[name] = {"gap": defined[high] - defined[low], "high": high, "low": low,
                        "ci": _interval(difference)}
    return result


@dataclass(frozen=True)
class Activation:
    """Whether a model may be activated without a programme manager's sign-off; falsy when it may not."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.allowed


def activation_allowed(card: dict[str, Any], max_gap: float) -> Activation:
    reasons = []
    for attribute, by_metric in card.get("fairness", {}).get("gaps", {}).items():
        for name in GATED:
            gap = by_metric.get(name)
            if gap is not None and abs(gap["gap"]) > max_gap:
                interval = gap["ci"] and f", 95% CI {gap['ci'][0]:.3f} to {gap['ci'][1]:.3f}"
                reasons.append(f"{attribute}: {name} gap {gap['gap']:.3f} between {gap['high']!r} and "
                               f"{gap['low']!r}{interval or ''} exceeds {max_gap}")
    return Activation(allowed=not reasons, reasons=reasons)
