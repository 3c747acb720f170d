"""Training a profile: refusals first, then cross-validated candidates, the choice, the audit and the card."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from . import card as cards
from . import data as tables
from . import explain, fairness, metrics
from . import model as models
from .errors import ProfileError

DEFAULT_MIN_CASES = 200


@dataclass(frozen=True)
class TrainOptions:
    outcome: str
    features: list[str]
    protected: list[str] = field(default_factory=list)
    seed: int = 0
    min_cases: int = DEFAULT_MIN_CASES
    folds: int = 5
    threshold: float = 0.5
    date_column: str | None = None
    candidates: tuple[str, ...] = models.CANDIDATES
    replicates: int = 200  # bootstrap resamples per group


@dataclass
class TrainedProfile:
    """Everything a saved model file holds."""

    schema: list[models.Feature]
    model: str
    pipeline: Pipeline
    baseline: Pipeline  # the logistic model: explanations come from it
    recalibration: dict[str, tuple[float, float]]
    reference: np.ndarray
    card: dict[str, Any]


def check_request(table: tables.Table, options: TrainOptions) -> None:
    """Every refusal that needs no model, in the order a user can fix them."""
    if not options.features:
        raise ProfileError("no features given (--features C1,C2,...)")
    protected_names = {name.lower() for name in options.protected} | tables.PROTECTED_NAMES
    refused = [name for name in options.features if name.lower() in protected_names]
    if refused:
        raise ProfileError(f"protected attribute(s) {', '.join(refused)} cannot be model inputs: they are used "
                           "only to audit the model's fairness (pass them with --protected)")
    if options.outcome in options.features:
        raise ProfileError(f"the outcome {options.outcome!r} cannot also be a feature")
    wanted = [options.outcome, *options.features, *options.protected]
    tables.require_columns(table, wanted + ([options.date_column] if options.date_column else []))
    if table.rows < options.min_cases:
        raise ProfileError(f"too few cases to train: {table.rows} in {table.source}, the minimum is "
                           f"{options.min_cases} (--min-cases)")
    if not 0 < options.threshold < 1:
        raise ProfileError(f"threshold must be between 0 and 1, not {options.threshold}")


def check_outcome(y: np.ndarray, options: TrainOptions) -> None:
    positives = int(y.sum())
    if positives in (0, len(y)):
        raise ProfileError(f"the outcome {options.outcome!r} has a single class (every case is {int(y[0])}): "
                           "nothing to learn")
    minority = min(positives, len(y) - positives)
    if minority < 2 * options.folds:
        raise ProfileError(f"the outcome {options.outcome!r} has only {minority} cases in its rarer class: "
                           f"at least {2 * options.folds} are needed for {options.folds}-fold validation")


def train(table: tables.Table, options: TrainOptions) -> TrainedProfile:
    check_request(table, options)
    y = tables.parse_outcome(table, options.outcome)
    check_outcome(y, options)
    schema = models.feature_schema(table, options.features)
    x = models.design_matrix(table, schema)
    candidates = {name: models.out_of_fold(name, schema, x, y, folds=options.folds, seed=options.seed)
                  for name in (models.LOGISTIC, *[c for c in options.candidates if c != models.LOGISTIC])}
    chosen, reason = models.choose(candidates)
    recalibration = {name: metrics.recalibration(y, c.oof) for name, c in candidates.items()}
    baseline = models.build(models.LOGISTIC, schema, options.seed).fit(x, y)
    pipeline = baseline if chosen == models.LOGISTIC else models.build(chosen, schema, options.seed).fit(x, y)
    attributes = {name: tables.category_column(table, name) for name in options.protected}
    oof = candidates[chosen].oof
    groups, gaps = fairness.audit(y, oof, attributes, threshold=options.threshold,
                                  replicates=options.replicates, seed=options.seed)
    card = cards.build(table=table, options=options, y=y, schema=schema, candidates=candidates, chosen=chosen,
                       reason=reason, groups=groups, gaps=gaps)
    return TrainedProfile(schema=schema, model=chosen, pipeline=pipeline, baseline=baseline,
                          recalibration=recalibration, reference=explain.reference_point(baseline, x), card=card)
