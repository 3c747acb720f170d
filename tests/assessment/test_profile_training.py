"""Training the statistical profile in the app: the rows built from the hub's closed cases (features never
protected, the outcome from the case's placement), training as a background task, imported historical
data in the CLI's format, and every refusal with a clear reason that writes no model."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from florwork.assessment import profile as core
from florwork.assessment import profile_selectors as selectors
from florwork.assessment.profile_models import ProfileModel, ProfileTraining
from florwork.assessment.profile_services import training_request, training_run
from florwork.audit.models import AuditEntry
from florwork.demo.profile_model import FEATURES, history_csv
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import PROTECTED, closed_cases

pytestmark = pytest.mark.usefixtures("in_english")  # the assertions read English messages

fair_core = profile_fixtures.fair_core


@pytest.fixture
def small_minimum(settings):
    settings.PROFILE_MIN_CASES = 30


def _upload(actors, data, **overrides):
    fields = {"horizon": 12, "source": "imported", "data": data, "filename": "storia.csv",
              "outcome": "in_work_12m", "features": ",".join(FEATURES), "protected": ",".join(PROTECTED),
              "date_column": "intake_date", **overrides}
    return training_request(by=actors["programme_manager"], **fields)


# --- the rows from the hub's closed cases ----------------------------------------------------------

def test_training_rows_have_intake_and_assessment_features_and_protected_attributes_only_for_the_audit(
        organizations, personas):
    closed_cases(organizations, n=6)
    table = selectors.training_table(horizon=12)
    features = selectors.hub_feature_names(table)
    assert table.rows == 6
    assert {"isced_level", "work_history_months", "months_unemployed", "benefit", "assessment_overall",
            "dim_basic_digital"} <= set(features)
    assert not set(features) & {"sex", "citizenship", "disability", "age_band", "age", "birth_date"}
    assert set(table.columns["citizenship"]) == {"italian", "eu", "non_eu"}
    assert set(table.columns["age_band"]) <= {"18-29", "30-49", "50+"}
    assert table.columns["work_history_months"][0] == "48.0"  # 2015-2019


def test_the_outcome_is_placed_within_the_horizon_of_intake(organizations, personas):
    cases = closed_cases(organizations, n=4)
    intake = {c.pk: c.intake_at for c in cases}
    assert selectors.in_work_at_horizon(case_ids=list(intake), intake=intake, horizon=6) == {
        cases[0].pk: 1, cases[1].pk: 0, cases[2].pk: 1, cases[3].pk: 0}
    late = {c.pk: c.intake_at - dt.timedelta(days=200) for c in cases}  # placed 290 days after this "intake"
    assert selectors.in_work_at_horizon(case_ids=list(late), intake=late, horizon=6)[cases[0].pk] == 0
    assert selectors.in_work_at_horizon(case_ids=list(late), intake=late, horizon=12)[cases[0].pk] == 1


def test_open_cases_and_cases_without_an_assessment_are_not_training_rows(organizations, personas, make_case):
    cases = closed_cases(organizations, n=3)
    cases[0].assessments.all().delete()
    make_case(state="active")
    assert len(selectors.training_cases()) == 2


# --- training --------------------------------------------------------------------------------------

def test_training_from_the_hub_cases_runs_as_a_task_and_stores_the_model_with_its_card(
        organizations, personas, actors, small_minimum, django_capture_on_commit_callbacks):
    closed_cases(organizations, n=40)
    with django_capture_on_commit_callbacks(execute=True):
        training = training_request(by=actors["programme_manager"], horizon=6, source="hub_cases")
    training.refresh_from_db()
    assert training.status == "done", training.message
    model = training.model
    assert model.horizon == 6 and model.status == "trained" and model.cases == 40 and model.positives == 20
    assert model.card["data"]["source"] == "hub_cases" and model.period_start is not None
    assert set(model.fairness["groups"]) == {"sex", "citizenship", "disability", "age_band"}
    assert {f["name"] for f in model.features}.isdisjoint(PROTECTED)
    assert core.loads(model.file).card["metrics"]["auc"] == model.metrics["auc"]
    read = AuditEntry.objects.filter(object_type="cases.Case", detail__training=training.pk).get()
    assert read.detail["cases"] == 40 and read.purpose == "governance"


def test_training_from_imported_history_in_the_cli_format(actors, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        training = _upload(actors, history_csv(400, seed=3), note="Storico 2022-2024 del consorzio")
    training.refresh_from_db()
    assert training.status == "done", training.message
    assert training.data is None  # the rows are not kept after training
    card = training.model.card
    assert card["data"]["file"] == "storia.csv" and card["data"]["note"] == "Storico 2022-2024 del consorzio"
    assert card["data"]["period"][0] >= "2022-01-10"
    assert AuditEntry.objects.filter(object_type="assessment.ProfileModel",
                                     object_id=str(training.model.pk), operation="create").exists()
    requested = AuditEntry.objects.get(object_type="assessment.ProfileTraining", operation="create")
    assert requested.detail["sha256"] == training.sha256 and requested.actor_label == "programme_manager"


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"features": "isced_level,sex"}, "features", "sex cannot be model inputs"),
    ({"features": "isced_level,age"}, "features", "age cannot be model inputs"),
    ({"features": "isced_level,shoe_size"}, "features", "shoe_size"),
    ({"features": ""}, "features", "at least one feature"),
    ({"outcome": ""}, "outcome", "outcome column"),
    ({"data": b""}, "data", "empty"),
])
def test_bad_training_requests_are_refused_naming_the_field(actors, personas, overrides, field, words):
    with pytest.raises(ValidationError) as refused:
        _upload(actors, overrides.pop("data", history_csv(300, seed=3)), **overrides)
    assert words in " ".join(refused.value.message_dict[field])
    assert not ProfileTraining.objects.exists()


def test_too_few_cases_are_refused_with_the_minimum(actors, personas):
    with pytest.raises(ValidationError, match="Too few cases to train: 50, the minimum is 200"):
        _upload(actors, history_csv(50, seed=3))
    with pytest.raises(ValidationError, match="Too few cases to train: 0"):
        training_request(by=actors["programme_manager"], horizon=12, source="hub_cases")
    assert not ProfileTraining.objects.exists()


def test_a_single_class_outcome_is_refused(actors, personas):
    data = history_csv(300, seed=3).decode().splitlines()
    header = data[0].split(",")
    column = header.index("in_work_12m")
    rows = [",".join("0" if i == column else cell for i, cell in enumerate(line.split(","))) for line in data[1:]]
    with pytest.raises(ValidationError, match="single class"):
        _upload(actors, "\n".join([data[0], *rows]).encode())


def test_a_refusal_found_by_the_task_is_recorded_on_the_request(actors, personas, small_minimum,
                                                                django_capture_on_commit_callbacks):
    training = ProfileTraining.objects.create(horizon=12, source="hub_cases", requested_at=timezone.now())
    training = training_run(training_id=training.pk)
    assert training.status == "failed" and "Too few cases to train: 0" in training.message
    assert not ProfileModel.objects.exists()
    assert training_run(training_id=training.pk).status == "failed"  # run once only


def test_only_the_programme_manager_may_train(actors, personas):
    for role in ("case_manager", "evaluator", "administrator"):
        with pytest.raises(PermissionDenied):
            training_request(by=actors[role], horizon=12, source="hub_cases")


def test_a_model_file_of_an_incompatible_version_gives_a_clear_error(fair_core):
    data = core.dumps(fair_core).replace(b'"format_version": 1', b'"format_version": 9', 1)
    with pytest.raises(core.ProfileError, match="model file format 9, this Florwork reads format 1"):
        core.loads(data, source="profile model 7")

