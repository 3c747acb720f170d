"""The statistical profile API: models (list, read, activate with the sign-off gate, retire), trainings,
and a case's score for its case manager; the allowed role, 403 for others, 404 across hubs, bad bodies,
the audit."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.assessment.profile_models import ProfileModel, ProfileTraining
from florwork.assessment.profile_services import profile_activate
from florwork.assessment.services import assessment_finalize
from florwork.audit.models import AuditEntry
from florwork.demo.profile_model import FEATURES, history_csv
from tests.assessment import conftest as assessment_fixtures
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import store

pytestmark = pytest.mark.usefixtures("in_english")  # the assertions read English messages

started, fill = assessment_fixtures.started, assessment_fixtures.fill
fair_core, biased_core = profile_fixtures.fair_core, profile_fixtures.biased_core
REASON = "Il divario nasce da lavori non registrati: il modello resta un consiglio mentre correggiamo i dati."


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path):
            return Client().get(path, **self.auth)

        def post(self, path, body=None):
            return Client().post(path, json.dumps(body or {}), content_type="application/json", **self.auth)

    return As


def _fields(response):
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


# --- models ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["programme_manager", "evaluator"])
def test_models_are_listed_and_read_with_card_metrics_and_fairness(api, fair_core, role):
    model = store(fair_core)
    [row] = api(role).get("/api/profiles").json()
    assert row["id"] == model.pk and row["horizon"] == 12 and row["status"] == "trained"
    body = api(role).get(f"/api/profiles/{model.pk}").json()
    assert body["metrics"]["auc"] == pytest.approx(model.metrics["auc"])
    assert set(body["fairness"]["groups"]) == {"sex", "citizenship", "disability", "age_band"}
    assert body["card"]["intended_use"].startswith("Advice to a person's case manager")
    assert body["gate"] == {"allowed": True, "max_gap": 0.1, "reasons": []} and body["signoff"] is None


@pytest.mark.parametrize("role", ["case_manager", "social_worker", "funder", "administrator"])
def test_other_roles_are_forbidden_the_models(api, fair_core, role):
    model = store(fair_core)
    client = api(role)
    assert client.get("/api/profiles").status_code == 403
    assert client.get(f"/api/profiles/{model.pk}").status_code == 403
    assert client.post(f"/api/profiles/{model.pk}/activate", {"reason": REASON}).status_code == 403
    assert client.post("/api/profile-trainings", {"horizon": 12, "source": "hub_cases"}).status_code == 403


def test_a_missing_model_is_404(api):
    assert api("programme_manager").get("/api/profiles/404").status_code == 404
    assert api("programme_manager").post("/api/profiles/404/activate", {}).status_code == 404


def test_a_biased_model_needs_a_sign_off_then_is_activated_with_it(api, biased_core):
    model = store(biased_core)
    client = api("programme_manager")
    refused = client.post(f"/api/profiles/{model.pk}/activate", {"reason": "ok"})
    assert refused.status_code == 422 and "needs your sign-off" in _fields(refused)["reason"]
    model.refresh_from_db()
    assert model.status == "trained"
    response = client.post(f"/api/profiles/{model.pk}/activate", {"reason": REASON})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active" and body["signoff"]["reason"] == REASON and body["signoff"]["gaps"]
    assert AuditEntry.objects.filter(object_type="assessment.ProfileModel", object_id=str(model.pk),
                                     detail__signed_off=True).exists()
    again = client.post(f"/api/profiles/{model.pk}/activate", {"reason": REASON})
    assert again.status_code == 409
    assert client.post(f"/api/profiles/{model.pk}/retire").json()["status"] == "retired"
    assert client.post(f"/api/profiles/{model.pk}/retire").status_code == 422


def test_a_bad_activation_body_is_refused(api, fair_core):
    model = store(fair_core)
    response = api("programme_manager").post(f"/api/profiles/{model.pk}/activate", {"reason": 12})
    assert response.status_code == 422 and "reason" in _fields(response)


# --- trainings ------------------------------------------------------------------------------------

def test_a_training_is_queued_and_read_back(api, django_capture_on_commit_callbacks):
    client = api("programme_manager")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/profile-trainings", {
            "horizon": 6, "source": "imported", "data": history_csv(300, seed=3).decode(), "filename": "storia.csv",
            "outcome": "in_work_6m", "features": list(FEATURES), "protected": ["sex", "citizenship"]})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    training = client.get(f"/api/profile-trainings/{response.json()['id']}").json()
    assert training["status"] == "done" and training["model_id"] == ProfileModel.objects.get().pk
    assert api("evaluator").get(f"/api/profile-trainings/{training['id']}").status_code == 200
    assert api("case_manager").get(f"/api/profile-trainings/{training['id']}").status_code == 403


@pytest.mark.parametrize(("body", "field"), [
    ({"horizon": 9, "source": "hub_cases"}, "horizon"),
    ({"horizon": 6, "source": "somewhere"}, "source"),
    ({"horizon": 6, "source": "imported", "data": "a,b\n1,2\n", "outcome": "b", "features": ["sex"]}, "features"),
    ({"horizon": 6, "source": "imported", "data": "", "outcome": "b", "features": ["isced_level"]}, "data"),
    ({"horizon": 6, "source": "hub_cases"}, "body"),  # too few closed cases
])
def test_bad_training_bodies_are_refused_naming_the_field(api, body, field):
    response = api("programme_manager").post("/api/profile-trainings", body)
    assert response.status_code == 422 and field in _fields(response), response.json()
    assert not ProfileTraining.objects.exists()


# --- a case's score -------------------------------------------------------------------------------

@pytest.fixture
def assessed_case(started, fill, actors):
    """A case past intake with its case-management consent (collected at intake) and a finalized assessment."""
    from django.utils import timezone

    from florwork.people.services import consent_give

    assessment = fill(started())
    consent_give(by=actors["case_manager"], person=assessment.person, purpose="case_management",
                 given_at=timezone.now())
    assessment.refresh_from_db()
    assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)
    return assessment.case


def test_the_case_manager_reads_the_score_with_its_factors(api, actors, assessed_case, fair_core):
    model = store(fair_core)
    profile_activate(by=actors["programme_manager"], model=model)
    response = api("case_manager").get(f"/api/cases/{assessed_case.pk}/profile")
    assert response.status_code == 200
    body = response.json()
    assert body["assessment_id"] is not None and "never an automatic decision" in body["intended_use"]
    assert body["person_visible"] is True
    six, twelve = body["scores"]
    assert six["model_id"] is None and six["probability"] is None
    assert twelve["model_id"] == model.pk and 0 < twelve["probability"] < 1
    assert twelve["raised_by"] or twelve["lowered_by"]
    reads = [e for e in AuditEntry.objects.filter(object_type="people.Person", operation="read")
             if "profile_score" in e.fields]
    assert len(reads) == 1 and reads[0].detail["case"] == assessed_case.pk


def test_another_hubs_case_is_404_and_other_roles_403(api, assessed_case):
    assert api("other_case_manager").get(f"/api/cases/{assessed_case.pk}/profile").status_code == 404
    assert api("programme_manager").get(f"/api/cases/{assessed_case.pk}/profile").status_code == 403
    assert api("case_manager").get("/api/cases/999999/profile").status_code == 404
