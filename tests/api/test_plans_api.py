"""The plans API: read a case's plan (current and revisions), create and edit the frame, goals and actions,
suggestions, new revisions, sign (upload) and the patto PDF; per operation the allowed role, 403, another hub's
404, bad bodies and the audit."""

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry
from florwork.cases.models import Case
from florwork.plans.models import Goal, Plan, PlanAction, PlanRevision
from tests.plans import conftest as plan_fixtures
from tests.plans.conftest import scan

decided, draft, filled, sign = plan_fixtures.decided, plan_fixtures.draft, plan_fixtures.filled, plan_fixtures.sign
comuni, make_service = plan_fixtures.comuni, plan_fixtures.make_service
pytestmark = pytest.mark.usefixtures("english")
FRAME = {"starts_on": "2026-12-01", "ends_on": "2027-05-31", "review_dates": [{"due_on": "2027-03-01"}],
         "responsibilities": ["Frequentare il corso"]}


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def send(self, method, path, body):
            return getattr(Client(), method)(path, json.dumps(body), content_type="application/json", **self.auth)

        def post(self, path, body):
            return self.send("post", path, body)

        def put(self, path, body):
            return self.send("put", path, body)

        def delete(self, path):
            return Client().delete(path, **self.auth)

        def upload(self, path, data):
            return Client().post(path, data, **self.auth)

    return As


def _fields(response):
    body = response.json()
    assert set(body) == {"error"}
    return {f["field"]: f["message"] for f in body["error"]["fields"]}


def _url(case, tail=""):
    return f"/api/cases/{case.pk}/plan{tail}"


def _updates(plan_id):
    return AuditEntry.objects.filter(object_type="plans.Plan", object_id=str(plan_id), operation="update").count()


# --- create and read ------------------------------------------------------------------------------

def test_the_case_manager_creates_and_reads_the_plan(api, decided):
    case = decided()
    client = api("case_manager")
    response = client.post(_url(case), FRAME)
    assert response.status_code == 201
    body = response.json()
    assert body["current"]["number"] == 1 and body["current"]["status"] == "draft"
    assert body["current"]["review_dates"] == [{"due_on": "2027-03-01", "note": ""}]
    assert AuditEntry.objects.filter(object_type="plans.Plan", operation="create").exists()
    read = client.get(_url(case))
    assert read.status_code == 200 and read.json()["revisions"][0]["number"] == 1
    assert AuditEntry.objects.filter(object_type="plans.Plan", operation="read").exists()


def test_bad_bodies_are_refused_naming_the_field(api, decided):
    case = decided()
    client = api("case_manager")
    assert "starts_on" in _fields(client.post(_url(case), {**FRAME, "starts_on": "soon"}))
    assert "ends_on" in _fields(client.post(_url(case), {**FRAME, "ends_on": "2026-01-01"}))
    assert "review_dates" in _fields(client.post(_url(case), {**FRAME, "review_dates": [{"due_on": "2030-01-01"}]}))
    assert not Plan.objects.exists()


def test_another_hubs_case_manager_gets_404_and_other_roles_403(api, decided, filled):
    case = decided()
    filled(case)
    other = api("other_case_manager")
    assert other.get(_url(case)).status_code == 404
    assert other.post(_url(case, "/goals"), {"version": 3, "title": "x", "indicator": "y",
                                             "target_on": "2027-01-01"}).status_code == 404
    for persona in ("social_worker", "partner_operator", "programme_manager"):
        assert api(persona).get(_url(case)).status_code == 403
    assert Goal.objects.count() == 1


def test_a_case_without_a_plan_is_404_and_an_early_case_is_refused(api, decided, make_case):
    client = api("case_manager")
    assert client.get(_url(decided())).status_code == 404
    response = client.post(_url(make_case(state="intake")), FRAME)
    assert response.status_code == 422 and "case" in _fields(response)


# --- goals and actions ----------------------------------------------------------------------------

def test_goals_and_actions_are_added_updated_and_removed_with_versions(api, decided, draft, make_service):
    case = decided()
    revision = draft(case)
    service = make_service(title="Laboratorio Ripartire", cost_per_participant="450.00")
    client = api("case_manager")
    response = client.post(_url(case, "/goals"), {"version": revision.version, "title": "Lavoro",
                                                  "indicator": "Contratto firmato", "target_on": "2027-05-01"})
    assert response.status_code == 201
    body = response.json()
    goal_id, version = body["goals"][0]["id"], body["version"]
    response = client.post(_url(case, "/actions"), {"version": version, "service_id": service.pk, "goal_id": goal_id,
                                                    "starts_on": "2027-01-10", "ends_on": "2027-04-30"})
    assert response.status_code == 201
    action = response.json()["actions"][0]
    assert action["title"] == "Laboratorio Ripartire" and action["cost"] == "450.00"
    version = response.json()["version"]
    response = client.put(_url(case, f"/actions/{action['id']}"), {
        "version": version, "title": "Laboratorio", "starts_on": "2027-01-10", "ends_on": "2027-02-28", "cost": 10})
    assert response.status_code == 200 and response.json()["actions"][0]["cost"] == "10.00"
    version = response.json()["version"]
    response = client.delete(_url(case, f"/goals/{goal_id}?version={version}"))
    assert response.status_code == 200 and response.json()["goals"] == []
    assert response.json()["actions"][0]["goal_id"] is None
    assert _updates(revision.plan_id) == 4


def test_an_action_outside_the_plans_dates_is_refused(api, decided, draft):
    case = decided()
    revision = draft(case)
    response = api("case_manager").post(_url(case, "/actions"), {
        "version": revision.version, "title": "Tirocinio", "starts_on": "2026-11-01", "ends_on": "2027-07-01"})
    assert response.status_code == 422
    fields = _fields(response)
    assert set(fields) == {"starts_on", "ends_on"} and "Outside the plan's dates" in fields["ends_on"]
    assert not PlanAction.objects.exists() and _updates(revision.plan_id) == 0


def test_bad_action_bodies(api, decided, draft):
    case = decided()
    revision = draft(case)
    client = api("case_manager")
    base = {"version": revision.version, "title": "x", "starts_on": "2027-01-01", "ends_on": "2027-02-01"}
    assert "cost" in _fields(client.post(_url(case, "/actions"), {**base, "cost": -1}))
    assert "status" in _fields(client.post(_url(case, "/actions"), {**base, "status": "lost"}))
    assert "service_id" in _fields(client.post(_url(case, "/actions"), {**base, "service_id": 999999}))
    assert "title" in _fields(client.post(_url(case, "/actions"), {**base, "title": ""}))
    assert not PlanAction.objects.exists()


def test_a_stale_version_is_409(api, decided, draft):
    case = decided()
    revision = draft(case)
    client = api("case_manager")
    goal = {"version": revision.version, "title": "Lavoro", "indicator": "x", "target_on": "2027-05-01"}
    assert client.post(_url(case, "/goals"), goal).status_code == 201
    response = client.post(_url(case, "/goals"), goal)
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert Goal.objects.count() == 1


# --- suggestions, revisions, signing, the patto ---------------------------------------------------

def test_suggestions_are_listed_and_only_the_chosen_ones_applied(api, decided, draft):
    case = decided(weak=("italian",), pathway=4)
    revision = draft(case)
    client = api("case_manager")
    listed = client.get(_url(case, "/suggestions")).json()
    keys = [s["key"] for s in listed]
    assert keys[:2] == ["p4-soft-skills-lab", "p4-tirocinio"] and "dim-italian" in keys
    assert not PlanAction.objects.exists()
    response = client.post(_url(case, "/suggestions"), {"version": revision.version,
                                                        "chosen": [{"key": "dim-italian"}]})
    assert response.status_code == 200
    assert [a["suggestion"] for a in response.json()["actions"]] == ["dim-italian"]
    bad = client.post(_url(case, "/suggestions"), {"version": response.json()["version"],
                                                   "chosen": [{"key": "dim-housing"}]})
    assert bad.status_code == 422 and "chosen" in _fields(bad)


def test_signing_by_upload_and_a_new_revision_keeping_the_old(api, decided, filled):
    case = decided()
    revision = filled(case)
    client = api("case_manager")
    bad = client.upload(_url(case, "/sign"), {"version": revision.version, "document": scan(body=b"nope")})
    assert bad.status_code == 422 and "document" in _fields(bad)
    response = client.upload(_url(case, "/sign"), {"version": revision.version, "document": scan()})
    assert response.status_code == 200
    signed = response.json()
    assert signed["status"] == "signed" and signed["has_signed_document"]
    assert Case.objects.get(pk=case.pk).state == "planned"
    response = client.post(_url(case, "/revisions"), {"version": signed["version"], "note": "verifica"})
    assert response.status_code == 201 and response.json()["number"] == 2
    old = client.get(_url(case, "/revisions/1")).json()
    assert old["status"] == "signed" and old["goals"] == signed["goals"]
    assert client.get(_url(case, "/revisions/9")).status_code == 404
    assert PlanRevision.objects.count() == 2


def test_the_patto_pdf_in_italian_and_english_is_audited(api, decided, filled):
    case = decided()
    filled(case)
    client = api("case_manager")
    for language, words in (("it", "Patto di servizio personalizzato"), ("en", "Personal service agreement")):
        response = client.get(_url(case, "/patto.pdf"), language=language)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert words in text and "Mario Rossi" in text
    reads = AuditEntry.objects.filter(object_type="plans.Plan", operation="read")
    assert sorted(e.detail.get("language") for e in reads if e.detail.get("document")) == ["en", "it"]
    assert api("other_case_manager").get(_url(case, "/patto.pdf")).status_code == 404
