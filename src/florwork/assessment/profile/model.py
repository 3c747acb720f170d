"""The two candidate models, their out-of-fold predictions, the choice between them and the final fit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from . import data as tables
from . import metrics
from .errors import ProfileError

LOGISTIC = "logistic"
GBM = "gbm"
CANDIDATES = (LOGISTIC, GBM)
# the gradient-boosted model must beat the baseline by this much out-of-fold AUC, and on Brier score too
GBM_MIN_AUC_GAIN = 0.005


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str  # "numeric" or "category"


@dataclass(frozen=True)
class Candidate:
    name: str
    oof: np.ndarray  # out-of-fold predicted probabilities
    auc: float
    brier: float


def feature_schema(table: tables.Table, features: list[str]) -> list[Feature]:
    schema = []
    for name in features:
        cells = table.columns[name]
        if all(cell.lower() in tables.MISSING for cell in cells):
            raise ProfileError(f"{table.source}: feature {name!r} is empty in every row")
        schema.append(Feature(name, "numeric" if tables.is_numeric(cells) else "category"))
    return schema


def design_matrix(table: tables.Table, schema: list[Feature]) -> np.ndarray:
    """An object matrix, one column per feature: floats (NaN when missing) or category labels."""
    matrix = np.empty((table.rows, len(schema)), dtype=object)
    for index, feature in enumerate(schema):
        if feature.kind == "numeric":
            matrix[:, index] = tables.numeric_column(table, feature.name)
        else:
            matrix[:, index] = tables.category_column(table, feature.name)
    return matrix


def as_float(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=float)


def preprocessor(schema: list[Feature]) -> ColumnTransformer:
    """One transformer per feature, named after it, so that output_indices_ maps encoded columns back."""
    parts: list[tuple[str, Any, list[int]]] = []
    for index, feature in enumerate(schema):
        if feature.kind == "numeric":
            step: Any = Pipeline([("float", FunctionTransformer(as_float)),
                                  ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
                                  ("scale", StandardScaler())])
        else:
            step = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        parts.append((feature.name, step, [index]))
    return ColumnTransformer(parts, sparse_threshold=0.0)


def build(name: str, schema: list[Feature], seed: int) -> Pipeline:
    if name == LOGISTIC:
        model: Any = LogisticRegression(C=1.0, max_iter=2000)
    else:
        # shallow trees, early stopping on a held-out tenth: hub datasets are small and noisy
        model = HistGradientBoostingClassifier(learning_rate=0.05, max_iter=300, max_leaf_nodes=15,
                                               min_samples_leaf=40, l2_regularization=1.0, early_stopping=True,
                                               validation_fraction=0.1, n_iter_no_change=15, random_state=seed)
    return Pipeline([("encode", preprocessor(schema)), ("model", model)])


def out_of_fold(name: str, schema: list[Feature], x: np.ndarray, y: np.ndarray, *, folds: int,
                seed: int) -> Candidate:
    oof = np.empty(len(y), dtype=float)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(x, y):
        pipeline = build(name, schema, seed).fit(x[train_index], y[train_index])
        oof[test_index] = pipeline.predict_proba(x[test_index])[:, 1]
    area = metrics.auc(y, oof)
    assert area is not None  # both classes are present (checked before)
    return Candidate(name, oof, area, metrics.brier(y, oof))


def choose(candidates: dict[str, Candidate]) -> tuple[str, str]:
    """The model kept, and why, in one sentence for the model card."""
    baseline = candidates[LOGISTIC]
    gbm = candidates.get(GBM)
    if gbm is None:
        return LOGISTIC, "logistic regression only (the gradient-boosted model was not tried)"
    gain = gbm.auc - baseline.auc
    if gain >= GBM_MIN_AUC_GAIN and gbm.brier < baseline.brier:
        return GBM, (f"gradient boosting beat the logistic baseline out of sample: AUC {gbm.auc:.3f} vs "
                     f"{baseline.auc:.3f}, Brier {gbm.brier:.4f} vs {baseline.brier:.4f}")
    return LOGISTIC, (f"logistic baseline kept: gradient boosting did not beat it out of sample by "
                      f"{GBM_MIN_AUC_GAIN} AUC and on Brier (AUC {gbm.auc:.3f} vs {baseline.auc:.3f}, "
                      f"Brier {gbm.brier:.4f} vs {baseline.brier:.4f})")


def predict(pipeline: Pipeline, recalibration: tuple[float, float], x: np.ndarray) -> np.ndarray:
    """Probabilities after the logistic recalibration fitted on the out-of-fold predictions."""
    intercept, slope = recalibration
    raw = pipeline.predict_proba(x)[:, 1]
    return metrics.expit(intercept + slope * metrics.logit(raw))
