"""Scores of an assessment (pure: no Django).

Each answer becomes 0–100 on its own scale: (value − min) / (max − min) × 100, flipped (100 − that)
for a reverse-scored item, so that a high score always means closer to work. A dimension's score is
the weighted mean of its items' scores; the overall score is the weighted mean of the dimensions'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FORMULA = ("item = (answer − min) ÷ (max − min) × 100, reverse items 100 − item; "
           "dimension = Σ(item weight × item) ÷ Σ item weights; "
           "overall = Σ(dimension weight × dimension) ÷ Σ dimension weights")
STRENGTH_AT_LEAST = 70.0  # a dimension at or above this is a strength
BARRIER_BELOW = 40.0  # a dimension under this is a barrier
TOP_STRENGTHS = 3


@dataclass(frozen=True)
class ItemSpec:
    code: str
    dimension: str
    scale_min: int
    scale_max: int
    weight: float = 1.0
    reverse: bool = False


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    weight: float = 1.0


@dataclass(frozen=True)
class DimensionScore:
    code: str
    score: float | None  # None: no item of the dimension answered
    answered: int
    items: int


@dataclass(frozen=True)
class Scores:
    dimensions: tuple[DimensionScore, ...]
    overall: float | None
    strengths: tuple[str, ...]
    barriers: tuple[str, ...]

    def by_code(self) -> dict[str, float | None]:
        return {d.code: d.score for d in self.dimensions}


class OutOfScale(ValueError):
    pass


def in_scale(item: ItemSpec, value: int) -> bool:
    return item.scale_min <= value <= item.scale_max


def item_score(item: ItemSpec, value: int) -> float:
    if not in_scale(item, value):
        raise OutOfScale(f"{item.code}: {value} is outside {item.scale_min}–{item.scale_max}")
    score = (value - item.scale_min) / (item.scale_max - item.scale_min) * 100
    return 100 - score if item.reverse else score


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(pairs)
    total = sum(weight for weight, _ in pairs)
    if not pairs or total <= 0:
        return None
    return round(sum(weight * value for weight, value in pairs) / total, 1)


def missing_items(items: Iterable[ItemSpec], answers: Mapping[str, int]) -> list[str]:
    return [item.code for item in items if item.code not in answers]


def score(dimensions: Iterable[DimensionSpec], items: Iterable[ItemSpec], answers: Mapping[str, int]) -> Scores:
    """The scores of the answers given (unanswered items are left out, not counted as zero)."""
    dimensions, items = list(dimensions), list(items)
    results = []
    for dimension in dimensions:
        own = [item for item in items if item.dimension == dimension.code]
        answered = [(item.weight, item_score(item, answers[item.code])) for item in own if item.code in answers]
        results.append(DimensionScore(dimension.code, _weighted_mean(answered), len(answered), len(own)))
    weights = {d.code: d.weight for d in dimensions}
    overall = _weighted_mean((weights[r.code], r.score) for r in results if r.score is not None)
    scored = [r for r in results if r.score is not None]
    strengths = sorted((r for r in scored if r.score >= STRENGTH_AT_LEAST), key=lambda r: (-r.score, r.code))
    barriers = sorted((r for r in scored if r.score < BARRIER_BELOW), key=lambda r: (r.score, r.code))
    return Scores(tuple(results), overall, tuple(r.code for r in strengths[:TOP_STRENGTHS]),
                  tuple(r.code for r in barriers))
