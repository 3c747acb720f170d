"""The model card and the case page's factors read in the page's language: the core's English sentences
are rebuilt from their figures, numbers and choices follow the active language."""

import numpy as np
import pytest
from django.utils import translation

from florwork.assessment.profile import model as core_model
from florwork.assessment.profile_card_text import card_texts, unrecognised
from florwork.assessment.profile_selectors import display_value
from florwork.people.choices import BenefitKind, CefrLevel, IscedLevel
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import store

fair_core, biased_core = profile_fixtures.fair_core, profile_fixtures.biased_core
pytestmark = pytest.mark.django_db


def _candidate(name: str, auc: float, brier: float) -> core_model.Candidate:
    return core_model.Candidate(name, np.zeros(1), auc, brier)


@pytest.mark.parametrize("gbm", [None, (0.80, 0.15), (0.70, 0.19)])
def test_every_reason_the_core_gives_for_its_model_is_rebuilt(gbm):
    candidates = {core_model.LOGISTIC: _candidate(core_model.LOGISTIC, 0.72, 0.18)}
    if gbm:
        candidates[core_model.GBM] = _candidate(core_model.GBM, *gbm)
    _chosen, reason = core_model.choose(candidates)
    assert unrecognised({"model_reason": reason, "limits": []}) == [""] * 2  # evaluation and explanations absent


def test_every_sentence_of_a_trained_card_is_rebuilt(fair_core, biased_core):
    for core in (fair_core, biased_core):
        card = store(core).card
        assert unrecognised(card) == [], unrecognised(card)


def test_an_unknown_sentence_is_shown_as_written():
    texts = card_texts({"metrics": {"evaluation": "a later core's words"}, "limits": ["something new"]})
    assert texts["evaluation"] == "a later core's words" and texts["limits"] == ["something new"]


def test_figures_in_the_sentences_follow_the_language():
    card = {"model_reason": "gradient boosting beat the logistic baseline out of sample: AUC 0.801 vs 0.720, "
                            "Brier 0.1500 vs 0.1800",
            "limits": ["Groups under 30 cases are reported but not in the gaps: sex=X (n=3)."]}
    with translation.override("it"):
        texts = card_texts(card)
    assert "0,801" in texts["model_reason"] and "0,1500" in texts["model_reason"]
    assert "sex=X (n=3)" in texts["limits"][0] and "30" in texts["limits"][0]


def test_factor_values_read_as_labels_and_local_numbers():
    with translation.override("it"):
        assert display_value("work_history_months", "59.7") == "59,7"
        assert display_value("months_unemployed", "12.0") == "12"
        assert display_value("italian_level", "native") == str(CefrLevel.NATIVE.label)
        assert display_value("isced_level", "3") == str(IscedLevel(3).label)
        assert display_value("benefit", "adi") == str(BenefitKind.ADI.label)
    with translation.override("en"):
        assert display_value("work_history_months", "59.7") == "59.7"
    assert display_value("italian_level", "") == ""
    assert display_value("some_new_feature", "abc") == "abc"
