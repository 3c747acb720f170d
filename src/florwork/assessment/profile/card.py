"""The model card: what the model was trained on, how well it does, for whom it errs, and what it is for."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sklearn

from . import data as tables
from . import fairness, metrics
from .model import LOGISTIC, Candidate, Feature

if TYPE_CHECKING:
    from .train import TrainOptions

CARD_VERSION = 1
INTENDED_USE = "Advice to a person's case manager, never an automatic decision."


def build(*, table: tables.Table, options: TrainOptions, y: np.ndarray, schema: list[Feature],
          candidates: dict[str, Candidate], chosen: str, reason: str, groups: dict, gaps: dict) -> dict[str, Any]:
    oof = candidates[chosen].oof
    intercept, slope = metrics.recalibration(y, oof)
    small = [f"{attribute}={value} (n={row['n']})" for attribute, rows in groups.items()
             for value, row in rows.items() if not row["in_gaps"]]
    return {
        "card_version": CARD_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": {"file": Path(table.source).name, "sha256": table.sha256, "rows": table.rows,
                 "positives": int(y.sum()), "period": list(tables.period(table, options.date_column))
                 if options.date_column else None, "date_column": options.date_column},
        "outcome": options.outcome,
        "features": [{"name": f.name, "kind": f.kind} for f in schema],
        "protected": list(options.protected),
        "model": chosen,
        "model_reason": reason,
        "candidates": {name: {"auc": c.auc, "brier": c.brier} for name, c in candidates.items()},
        "metrics": {"auc": candidates[chosen].auc, "brier": candidates[chosen].brier,
                    "calibration_slope": slope, "calibration_intercept": intercept,
                    "evaluation": f"out-of-fold predictions, stratified {options.folds}-fold, seed {options.seed}"},
        "calibration_curve": metrics.calibration_curve(y, oof),
        "recalibration": ("the final model's log-odds are recalibrated by this intercept and slope, "
                          "fitted on the out-of-fold predictions"),
        "explanations": ("exact: each feature's share of the log-odds against the training mean"
                         if chosen == LOGISTIC else
                         "advisory: from the logistic baseline, not from the gradient-boosted model that scores"),
        "fairness": {"threshold": options.threshold, "replicates": options.replicates,
                     "min_group": fairness.MIN_GROUP, "groups": groups, "gaps": gaps},
        "limits": _limits(table, options, small),
        "intended_use": INTENDED_USE,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
    }


def _limits(table: tables.Table, options: TrainOptions, small: list[str]) -> list[str]:
    limits = [
        f"Learned from {table.rows} closed cases of one hub; people unlike them (other services, other years, "
        "other labour markets) are predicted less reliably.",
        f"Predicts {options.outcome!r} as it was recorded: work that went unrecorded teaches the model to "
        "underrate the people it happened to (see the false-negative rates by group).",
        "Associations, not causes: a factor that lowers the probability is never a reason to withhold a service.",
        "Protected attributes are not inputs, but other features can stand in for them; the audit by group is "
        "the check, and it covers only the attributes listed.",
    ]
    if small:
        limits.append(f"Groups under {fairness.MIN_GROUP} cases are reported but not in the gaps: {', '.join(small)}.")
    return limits


def _number(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _interval(row: dict[str, Any], name: str) -> str:
    ci = row.get(f"{name}_ci")
    return f"{_number(row[name])} ({_number(ci[0])}–{_number(ci[1])})" if ci else _number(row[name])


def markdown(card: dict[str, Any]) -> str:
    data, scores = card["data"], card["metrics"]
    period = f"{data['period'][0]} to {data['period'][1]}" if data["period"] else "not given"
    lines = [
        f"# Model card: probability of {card['outcome']}", "",
        f"**Intended use:** {card['intended_use']}", "",
        "## Data",
        f"- file `{data['file']}` (sha256 `{data['sha256'][:16]}…`), {data['rows']} cases, "
        f"{data['positives']} with the outcome; period: {period}",
        f"- features: {', '.join(f['name'] + ' (' + f['kind'] + ')' for f in card['features'])}",
        f"- protected attributes (audit only, never inputs): {', '.join(card['protected']) or 'none given'}", "",
        "## Model",
        f"- {card['model']}: {card['model_reason']}",
        f"- explanations: {card['explanations']}", "",
        f"## Accuracy ({scores['evaluation']})",
        f"- AUC {_number(scores['auc'])}, Brier {_number(scores['brier'], 4)}, calibration slope "
        f"{_number(scores['calibration_slope'])}, intercept {_number(scores['calibration_intercept'])}", "",
        "| decile | mean predicted | observed | n |", "|---:|---:|---:|---:|",
        *[f"| {i} | {_number(b['mean_predicted'])} | {_number(b['observed'])} | {b['n']} |"
          for i, b in enumerate(card["calibration_curve"], start=1)], "",
        *_fairness_markdown(card["fairness"]),
        "## Limits", *[f"- {limit}" for limit in card["limits"]], "",
    ]
    return "\n".join(lines)


def _fairness_markdown(audit: dict[str, Any]) -> list[str]:
    if not audit["groups"]:
        return ["## Fairness", "No protected attributes were given: no audit.", ""]
    lines = [f"## Fairness (threshold {audit['threshold']}, 95% bootstrap intervals)", "",
             "| attribute | group | n | base rate | mean predicted | FNR | FPR | AUC |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for attribute, rows in audit["groups"].items():
        for value, row in rows.items():
            lines.append(f"| {attribute} | {value} | {row['n']} | {_number(row['base_rate'])} | "
                         f"{_number(row['mean_predicted'])} | {_interval(row, 'fnr')} | {_interval(row, 'fpr')} | "
                         f"{_interval(row, 'auc')} |")
    lines += ["", "| attribute | metric | largest gap | between | 95% CI |", "|---|---|---:|---|---|"]
    for attribute, by_metric in audit["gaps"].items():
        for name, gap in by_metric.items():
            ci = f"{_number(gap['ci'][0])} to {_number(gap['ci'][1])}" if gap["ci"] else "–"
            lines.append(f"| {attribute} | {name} | {_number(gap['gap'])} | {gap['high']} − {gap['low']} | {ci} |")
    return [*lines, ""]
