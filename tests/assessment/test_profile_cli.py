"""``florwork profile train|score``: the JSON contract the automated checks read, and exit code 2 on bad input."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from florwork.assessment.profile import synthetic

FEATURES = ",".join(synthetic.FEATURES)
PROTECTED = ",".join(synthetic.PROTECTED)
INSTALLED = "florwork.assessment" in settings.INSTALLED_APPS
# the app joins INSTALLED_APPS with its models; until then the command is reached through an override
with_the_app = override_settings(
    INSTALLED_APPS=[*settings.INSTALLED_APPS, *([] if INSTALLED else ["florwork.assessment"])])


@pytest.fixture(scope="module")
def cases_csv(tmp_path_factory):
    return synthetic.write(synthetic.cases(1000, seed=21, underrecord=0.5), tmp_path_factory.mktemp("d") / "c.csv")


def _profile(*args):
    out = io.StringIO()
    with with_the_app:
        call_command("profile", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def trained(cases_csv, tmp_path_factory):
    model = tmp_path_factory.mktemp("m") / "p.model"
    text = _profile("train", str(cases_csv), "--outcome", "employed_12m", "--features", FEATURES,
                    "--protected", PROTECTED, "--seed", "4", "--out", str(model), "--json")
    return model, json.loads(text)


def test_train_prints_the_metrics_and_the_groups_as_json(trained):
    _, result = trained
    for key in ("auc", "brier", "calibration_slope", "calibration_intercept", "model", "rows", "groups", "gaps"):
        assert key in result
    assert result["rows"] == 1000 and result["auc"] > 0.65
    group = result["groups"]["citizenship"]["non_eu"]
    assert {"n", "base_rate", "mean_predicted", "fnr", "fpr", "auc", "fnr_ci"} <= set(group)
    assert result["gaps"]["citizenship"]["fnr"]["high"] == "non_eu"
    assert result["activation"]["allowed"] is False


def test_train_writes_the_model_and_its_card(trained):
    model, _ = trained
    assert model.exists()
    assert "never an automatic decision" in (model.parent / "p.model.card.md").read_text()
    assert json.loads((model.parent / "p.model.card.json").read_text())["outcome"] == "employed_12m"


def test_train_without_json_prints_a_readable_report(cases_csv, tmp_path):
    text = _profile("train", str(cases_csv), "--outcome", "employed_12m", "--features", FEATURES,
                    "--protected", "citizenship", "--out", str(tmp_path / "m.model"))
    assert "cross-validated AUC" in text and "citizenship: fnr gap" in text


def test_score_writes_probabilities_with_the_id_and_the_factors(trained, cases_csv, tmp_path):
    model, _ = trained
    summary = json.loads(_profile("score", str(model), str(cases_csv), "--id", "id",
                                  "--out", str(tmp_path / "s.csv"), "--json"))
    assert summary["rows"] == 1000 and 0 < summary["mean_probability"] < 1
    header, first = (tmp_path / "s.csv").read_text().splitlines()[:2]
    assert header == "id,probability,raised_by,lowered_by"
    assert first.startswith("P000000,0.")


@pytest.mark.parametrize("args, reason", [
    (["--features", f"{FEATURES},sex"], "protected attribute"),
    (["--features", "age,wage"], "missing columns: wage"),
    (["--features", FEATURES, "--min-cases", "5000"], "too few cases to train: 1000"),
])
def test_bad_training_input_exits_2_with_the_reason(cases_csv, tmp_path, args, reason):
    with pytest.raises(CommandError, match=reason) as refusal:
        _profile("train", str(cases_csv), "--outcome", "employed_12m", "--out", str(tmp_path / "m"), *args)
    assert refusal.value.returncode == 2


def test_scoring_with_a_file_that_is_not_a_model_exits_2(cases_csv, tmp_path):
    (tmp_path / "x.model").write_text("hello")
    with pytest.raises(CommandError, match="not a Florwork profile model") as refusal:
        _profile("score", str(tmp_path / "x.model"), str(cases_csv))
    assert refusal.value.returncode == 2


@pytest.mark.skipif(not INSTALLED, reason="florwork.assessment is not in INSTALLED_APPS yet")
def test_the_console_command_exits_0_then_2_on_an_outcome_that_is_not_binary(cases_csv, tmp_path):
    env = {**os.environ, "DEBUG": "1", "FLORWORK_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = [sys.executable, "-m", "florwork", "profile", "train", str(cases_csv), "--features", FEATURES, "--json"]
    ok = subprocess.run([*run, "--outcome", "employed_12m"], env=env, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "auc" in json.loads(ok.stdout)
    assert (tmp_path / "models" / "profile-c-employed_12m.model").exists()
    refused = subprocess.run([*run, "--outcome", "sex"], env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2
    assert "row 2: outcome 'sex' is" in refused.stderr and "Traceback" not in refused.stderr
