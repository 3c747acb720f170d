"""The statistical profile's pure core: accuracy and calibration on a known signal, explanations, refusals,
model files, and a fairness audit that catches a biased training set."""

import json
import pickle

import numpy as np
import pytest

from florwork.assessment import profile
from florwork.assessment.profile import explain, metrics, store, synthetic
from florwork.assessment.profile.model import LOGISTIC, design_matrix

FEATURES = list(synthetic.FEATURES)
PROTECTED = list(synthetic.PROTECTED)


def _options(**overrides):
    return profile.TrainOptions(**{"outcome": "employed_12m", "features": FEATURES, "protected": PROTECTED,
                                   "seed": 3, "replicates": 100, **overrides})


@pytest.fixture(scope="module")
def linear(tmp_path_factory):
    path = synthetic.write(synthetic.cases(3000, seed=11), tmp_path_factory.mktemp("data") / "cases.csv")
    table = profile.read_table(path)
    return table, profile.train(table, _options())


@pytest.fixture(scope="module")
def biased(tmp_path_factory):
    """Non-EU citizens' jobs recorded for half of them; Italian level (a feature) is the proxy."""
    cases = synthetic.cases(3000, seed=12, underrecord=0.5)
    path = synthetic.write(cases, tmp_path_factory.mktemp("data") / "biased.csv")
    return profile.train(profile.read_table(path), _options())


def test_a_known_signal_gives_auc_well_above_chance_and_calibration_near_perfect(linear):
    _, trained = linear
    scores = trained.card["metrics"]
    assert scores["auc"] > 0.7
    assert scores["calibration_slope"] == pytest.approx(1.0, abs=0.1)
    assert scores["calibration_intercept"] == pytest.approx(0.0, abs=0.1)
    assert 0 < scores["brier"] < 0.25


def test_the_gradient_boosted_model_is_not_chosen_when_the_signal_is_linear(linear):
    _, trained = linear
    assert trained.model == LOGISTIC
    assert "logistic baseline kept" in trained.card["model_reason"]


def test_the_calibration_curve_has_ten_deciles_that_track_the_observed_rate(linear):
    _, trained = linear
    curve = trained.card["calibration_curve"]
    assert len(curve) == 10 and sum(b["n"] for b in curve) == 3000
    assert all(abs(b["mean_predicted"] - b["observed"]) < 0.1 for b in curve)


def test_explanations_add_up_to_the_log_odds_difference_from_the_training_mean(linear):
    table, trained = linear
    scores = profile.score(trained, table)
    difference = metrics.logit(scores.probabilities) - scores.reference_logit
    np.testing.assert_allclose(scores.contributions.sum(axis=1), difference, atol=1e-6)


def test_explanations_are_ranked_by_size_and_signed(linear):
    table, trained = linear
    scores = profile.score(trained, table)
    ranked = explain.ranked(scores.contributions[0], trained.schema)
    sizes = [abs(value) for _, value in ranked]
    assert sizes == sorted(sizes, reverse=True)
    assert {name for name, _ in ranked} == set(FEATURES)


def test_a_biased_training_set_is_caught_by_the_audit(biased):
    gap = biased.card["fairness"]["gaps"]["citizenship"]["fnr"]
    assert gap["high"] == "non_eu"
    assert gap["ci"][0] > 0  # the interval excludes no gap
    decision = profile.activation_allowed(biased.card, max_gap=0.1)
    assert not decision and decision.allowed is False
    assert any(reason.startswith("citizenship: fnr gap") for reason in decision.reasons)


def test_without_the_bias_the_citizenship_gap_is_within_noise(linear):
    _, trained = linear
    gap = trained.card["fairness"]["gaps"]["citizenship"]["fnr"]
    assert gap["ci"][0] <= 0 <= gap["ci"][1] or gap["gap"] < 0.1


def test_each_group_reports_its_metrics_with_intervals(linear):
    _, trained = linear
    row = trained.card["fairness"]["groups"]["sex"]["F"]
    for name in ("base_rate", "mean_predicted", "calibration_gap", "fnr", "fpr", "auc"):
        low, high = row[f"{name}_ci"]
        assert low <= row[name] <= high
    assert row["n"] > 1000


def test_activation_is_allowed_when_no_gap_exceeds_the_threshold(linear):
    _, trained = linear
    assert profile.activation_allowed(trained.card, max_gap=1.0)


def test_the_model_card_states_the_intended_use_and_serializes(linear):
    _, trained = linear
    card = json.loads(json.dumps(trained.card))
    assert card["intended_use"] == "Advice to a person's case manager, never an automatic decision."
    assert card["data"]["rows"] == 3000 and len(card["data"]["sha256"]) == 64
    assert "never an automatic decision" in profile.markdown(card)


@pytest.mark.parametrize("feature", ["sex", "citizenship", "disability", "age_band"])
def test_a_protected_attribute_is_refused_as_a_feature(linear, feature):
    table, _ = linear
    with pytest.raises(profile.ProfileError, match=f"protected attribute.*{feature}.*only to audit"):
        profile.train(table, _options(features=[*FEATURES, feature], protected=[]))


def test_too_few_cases_are_refused_with_the_count_and_the_minimum(linear):
    table, _ = linear
    with pytest.raises(profile.ProfileError, match="too few cases to train: 3000 .* the minimum is 5000"):
        profile.train(table, _options(min_cases=5000))


def test_a_single_class_outcome_is_refused(tmp_path):
    cases = synthetic.cases(300, seed=1)
    cases["employed_12m"] = np.zeros(300, dtype=int)
    table = profile.read_table(synthetic.write(cases, tmp_path / "one.csv"))
    with pytest.raises(profile.ProfileError, match="single class"):
        profile.train(table, _options())


def test_missing_columns_are_named(linear):
    table, _ = linear
    with pytest.raises(profile.ProfileError, match="missing columns: wage, region"):
        profile.train(table, _options(features=["age", "wage"], protected=["region"]))


def test_an_outcome_that_is_not_binary_names_the_row_and_value(tmp_path):
    cases = synthetic.cases(300, seed=1)
    cases["employed_12m"] = cases["employed_12m"].astype(object)
    cases["employed_12m"][4] = "maybe"
    table = profile.read_table(synthetic.write(cases, tmp_path / "bad.csv"))
    with pytest.raises(profile.ProfileError, match="row 6: outcome 'employed_12m' is 'maybe'"):
        profile.train(table, _options())


def test_semicolons_yes_no_outcomes_and_latin1_are_read(tmp_path):
    cases = synthetic.cases(300, seed=2)
    cases["employed_12m"] = np.where(cases["employed_12m"] == 1, "sì", "no")
    cases["education"] = np.where(cases["education"] == "none", "nessun titolo è", cases["education"])
    path = tmp_path / "semi.csv"
    text = synthetic.write(cases, path, delimiter=";").read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1"))
    table = profile.read_table(path)
    assert table.rows == 300 and "nessun titolo è" in table.columns["education"]
    assert profile.train(table, _options()).card["data"]["positives"] > 0


def test_a_saved_model_loads_and_scores_the_same(linear, tmp_path):
    table, trained = linear
    store.save(trained, tmp_path / "m.model")
    loaded = store.load(tmp_path / "m.model")
    np.testing.assert_allclose(profile.score(loaded, table).probabilities, profile.score(trained, table).probabilities)


def _rewrite_header(path, **changes):
    lines = path.read_bytes().split(b"\n", 2)
    header = {**json.loads(lines[1]), **changes}
    path.write_bytes(lines[0] + b"\n" + json.dumps(header).encode() + b"\n" + lines[2])


def test_a_model_from_another_scikit_learn_version_is_refused(linear, tmp_path):
    _, trained = linear
    store.save(trained, tmp_path / "m.model")
    _rewrite_header(tmp_path / "m.model", sklearn_version="0.24.2")
    with pytest.raises(profile.ProfileError, match="trained with scikit-learn 0.24.2.*retrain"):
        store.load(tmp_path / "m.model")


def test_a_model_of_another_format_version_is_refused(linear, tmp_path):
    _, trained = linear
    store.save(trained, tmp_path / "m.model")
    _rewrite_header(tmp_path / "m.model", format_version=99)
    with pytest.raises(profile.ProfileError, match="model file format 99"):
        store.load(tmp_path / "m.model")


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "x.model").write_bytes(pickle.dumps({"anything": 1}))
    with pytest.raises(profile.ProfileError, match="not a Florwork profile model file"):
        store.load(tmp_path / "x.model")


def test_a_nonlinear_signal_lets_the_gradient_boosted_model_win(tmp_path):
    path = synthetic.write(synthetic.cases(8000, seed=5, nonlinear=True), tmp_path / "nl.csv")
    trained = profile.train(profile.read_table(path), _options(protected=[], replicates=10))
    assert trained.model == "gbm", trained.card["model_reason"]
    design = design_matrix(profile.read_table(path), trained.schema)
    assert trained.pipeline.predict_proba(design[:5]).shape == (5, 2)
    assert trained.card["explanations"].startswith("advisory")
