"""The score formula (pure core): normalization, reverse items, weights, strengths and barriers."""

import pytest

from florwork.assessment import scoring
from florwork.assessment.scoring import DimensionSpec, ItemSpec

DIMS = [DimensionSpec("a", 1), DimensionSpec("b", 3)]
ITEMS = [ItemSpec("a1", "a", 1, 5), ItemSpec("a2", "a", 1, 5, weight=3), ItemSpec("b1", "b", 1, 5, reverse=True)]


def test_an_answer_is_normalized_to_0_100_and_reverse_items_flip():
    assert scoring.item_score(ITEMS[0], 1) == 0 and scoring.item_score(ITEMS[0], 5) == 100
    assert scoring.item_score(ITEMS[0], 2) == 25
    assert scoring.item_score(ITEMS[2], 2) == 75


def test_dimension_is_the_weighted_mean_and_overall_weights_the_dimensions():
    scores = scoring.score(DIMS, ITEMS, {"a1": 5, "a2": 1, "b1": 1})
    assert scores.by_code() == {"a": 25.0, "b": 100.0}  # (1×100 + 3×0) / 4; reverse of 0
    assert scores.overall == pytest.approx((25 * 1 + 100 * 3) / 4, abs=0.1)


def test_strengths_and_barriers():
    scores = scoring.score(DIMS, ITEMS, {"a1": 1, "a2": 2, "b1": 1})
    assert scores.strengths == ("b",) and scores.barriers == ("a",)


def test_a_value_outside_the_scale_is_refused():
    with pytest.raises(scoring.OutOfScale):
        scoring.item_score(ITEMS[0], 6)


def test_missing_items_are_named():
    assert scoring.missing_items(ITEMS, {"a1": 3}) == ["a2", "b1"]
