"""The referrals and cases API: refer, caseload, read with SLA clocks, transition, assign, contact, timeline."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry, Operation
from florwork.cases.models import Case, CaseEvent, Referral
from florwork.people.codice_fiscale import generate
from florwork.people.models import Consent, Person
from florwork.people.services import consent_withdraw


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path):
            return Client().get(path, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def _fields(response):
    return {f["field"]: f["message"] for f in _error(response)["fields"]}


def _new_person():
    born = dt.date(1990, 7, 2)
    return {"first_name": "Ahmed", "last_name": "Benali", "birth_date": born.isoformat(), "sex": "M",
            "birth_place_code": "Z330", "codice_fiscale": generate("Benali", "Ahmed", born, "M", "Z330")}


# --- referrals ------------------------------------------------------------------------------------

def test_referral_of_a_registered_person_opens_a_referred_case(api, make_person):
    person = make_person()
    response = api("social_worker").post("/api/referrals", {"person_id": person.pk, "reason": "Lost job",
                                                            "needs": ["work", "language"], "urgency": "high"})
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "referred" and body["referral"]["needs"] == ["work", "language"]
    assert body["code"] == Case.objects.get(person=person).code
    assert AuditEntry.objects.filter(operation=Operation.CREATE, object_type="cases.Case",
                                     purpose="referral").exists()


def test_referral_of_a_new_person_creates_both(api):
    response = api("social_worker").post("/api/referrals", {"person": _new_person(), "reason": "Needs work"})
    assert response.status_code == 201
    assert response.json()["person"]["last_name"] == "Benali"
    assert Person.objects.count() == Case.objects.count() == 1


def test_referral_with_a_bad_new_person_saves_nothing(api):
    body = {"person": {**_new_person(), "codice_fiscale": "BNLHMD90L02Z330X"}, "reason": "Needs work"}
    response = api("social_worker").post("/api/referrals", body)
    assert response.status_code == 422 and "person.codice_fiscale" in _fields(response)
    assert not Person.objects.exists() and not Referral.objects.exists()


def test_referral_of_a_new_person_refuses_a_duplicate(api, make_person):
    existing = make_person(first_name="Ahmed", last_name="Benali", birth_date=dt.date(1990, 7, 2),
                           birth_place_code="Z330")
    response = api("social_worker").post("/api/referrals", {"person": _new_person(), "reason": "Needs work"})
    assert response.status_code == 422
    assert str(existing.pk) in _fields(response)["person.codice_fiscale"]
    assert not Referral.objects.exists()


def test_referral_of_a_person_with_an_open_case_names_the_case(api, make_case):
    case = make_case(state="intake")
    response = api("social_worker").post("/api/referrals", {"person_id": case.person_id, "reason": "Again"})
    assert response.status_code == 422
    assert case.code in _fields(response)["person_id"]
    assert Referral.objects.count() == 1


def test_referral_needs_exactly_one_person_and_a_reason(api, make_person):
    person = make_person()
    both = api("social_worker").post("/api/referrals", {"person_id": person.pk, "person": _new_person(),
                                                        "reason": "x"})
    no_reason = api("social_worker").post("/api/referrals", {"person_id": person.pk, "urgency": "whenever"})
    assert both.status_code == no_reason.status_code == 422
    assert {"reason", "urgency"} <= set(_fields(no_reason))


def test_referral_of_another_organizations_person_is_404(api, make_person):
    person = make_person()
    response = api("other_social_worker").post("/api/referrals", {"person_id": person.pk, "reason": "x"})
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_referral_is_forbidden_to_a_case_manager(api, make_person):
    response = api("case_manager").post("/api/referrals", {"person_id": make_person().pk, "reason": "x"})
    assert response.status_code == 403


# --- caseload -------------------------------------------------------------------------------------

def test_caseload_of_a_case_manager_is_their_open_cases_audited(api, make_case):
    mine = make_case(state="intake")
    make_case(owner=None)
    response = api("case_manager").get("/api/cases")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["code"] for item in items] == [mine.code]
    assert len(items[0]["sla"]) == 3
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_type="cases.Case").first()
    assert entry.detail["ids"] == [mine.pk]


def test_caseload_filters_by_state_and_owner(api, personas, make_case):
    referred = make_case()
    intake = make_case(state="intake")
    unassigned = make_case(owner=None)
    manager = api("programme_manager")
    assert manager.get("/api/cases").json()["count"] == 3
    assert [i["id"] for i in manager.get("/api/cases?state=intake").json()["items"]] == [intake.pk]
    owned = manager.get(f"/api/cases?owner_id={personas['case_manager'].pk}").json()["items"]
    assert {i["id"] for i in owned} == {referred.pk, intake.pk}
    assert [i["id"] for i in manager.get("/api/cases?unassigned=true").json()["items"]] == [unassigned.pk]
    assert manager.get("/api/cases?state=limbo").status_code == 422


def test_caseload_is_paginated(api, make_case):
    for _ in range(3):
        make_case()
    page = api("case_manager").get("/api/cases?page_size=2&page=2").json()
    assert (page["count"], page["pages"], len(page["items"])) == (3, 2, 1)


def test_caseload_of_another_hub_is_empty(api, make_case):
    make_case()
    assert api("other_case_manager").get("/api/cases?mine=false").json()["count"] == 0


def test_caseload_is_forbidden_to_a_role_without_case_view(api):
    assert api("funder").get("/api/cases").status_code == 403


def test_caseload_hides_the_person_once_the_consent_is_withdrawn(api, actors, make_case):
    case = make_case(state="assessed")
    consent_withdraw(by=actors["case_manager"], consent=Consent.objects.get(person=case.person))
    item = api("case_manager").get("/api/cases").json()["items"][0]
    assert item["code"] == case.code and item["person"] is None


# --- read -----------------------------------------------------------------------------------------

def test_read_gives_the_case_with_its_sla_clocks_and_audits_it(api, make_case):
    case = make_case()
    response = api("case_manager").get(f"/api/cases/{case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [c["clock"] for c in body["sla"]] == ["referral_to_first_contact", "referral_to_intake",
                                                  "intake_to_assessment"]
    assert body["sla"][0]["state"] == "running" and body["allowed_transitions"] == ["dropped", "intake"]
    assert AuditEntry.objects.filter(operation=Operation.READ, object_id=str(case.pk)).exists()


def test_read_of_another_hubs_case_is_404_like_a_missing_one(api, make_case):
    case = make_case()
    other = api("other_case_manager").get(f"/api/cases/{case.pk}")
    assert other.status_code == api("other_case_manager").get("/api/cases/999999").status_code == 404
    assert _error(other)["code"] == "not_found"


def test_read_is_forbidden_to_a_role_without_case_view(api, make_case):
    assert api("partner_operator").get(f"/api/cases/{make_case().pk}").status_code == 403


# --- transition -----------------------------------------------------------------------------------

def test_transition_moves_the_case_and_bumps_the_version(api, make_case):
    case = make_case()
    response = api("case_manager").post(f"/api/cases/{case.pk}/transition",
                                        {"to_state": "intake", "version": case.version})
    assert response.status_code == 200
    assert response.json()["state"] == "intake" and response.json()["version"] == case.version + 1
    assert AuditEntry.objects.filter(operation=Operation.UPDATE, object_id=str(case.pk), fields=["state"]).exists()


def test_transition_on_a_stale_version_is_a_409_and_changes_nothing(api, make_case):
    case = make_case()
    api("case_manager").post(f"/api/cases/{case.pk}/transition", {"to_state": "intake", "version": case.version})
    response = api("case_manager").post(f"/api/cases/{case.pk}/transition",
                                        {"to_state": "dropped", "reason": "moved away", "version": case.version})
    assert response.status_code == 409
    assert _error(response)["code"] == "conflict" and "version" in _fields(response)
    assert Case.objects.get(pk=case.pk).state == "intake"


def test_invalid_transition_is_a_422_with_the_lifecycles_reason(api, make_case):
    case = make_case()
    response = api("case_manager").post(f"/api/cases/{case.pk}/transition",
                                        {"to_state": "placed", "version": case.version})
    assert response.status_code == 422
    assert "allowed: dropped, intake" in _fields(response)["to_state"]


def test_transition_with_a_malformed_body_names_the_field(api, make_case):
    case = make_case()
    response = api("case_manager").post(f"/api/cases/{case.pk}/transition", {"to_state": "intake"})
    assert response.status_code == 422 and "version" in _fields(response)


def test_transition_of_another_hubs_case_is_404(api, make_case):
    case = make_case()
    response = api("other_case_manager").post(f"/api/cases/{case.pk}/transition",
                                              {"to_state": "intake", "version": case.version})
    assert response.status_code == 404


def test_transition_is_forbidden_to_a_programme_manager(api, make_case):
    case = make_case()
    response = api("programme_manager").post(f"/api/cases/{case.pk}/transition",
                                             {"to_state": "intake", "version": case.version})
    assert response.status_code == 403


# --- assign ---------------------------------------------------------------------------------------

@pytest.fixture
def second_case_manager(personas, organizations):
    from florwork.accounts.models import Membership, User

    user = User.objects.create_user(username="cm2", password="x", first_name="Paola", last_name="Neri")
    Membership.objects.create(user=user, organization=organizations["hub"], role="case_manager")
    return user


def test_assign_gives_the_case_to_another_case_manager(api, make_case, second_case_manager):
    case = make_case()
    response = api("programme_manager").post(f"/api/cases/{case.pk}/assign",
                                             {"case_manager_id": second_case_manager.pk, "version": case.version})
    assert response.status_code == 200
    assert response.json()["owner_id"] == second_case_manager.pk
    assert CaseEvent.objects.filter(case=case, kind="assignment").count() == 2


def test_assign_on_a_stale_version_is_a_409(api, make_case, second_case_manager):
    case = make_case()
    response = api("programme_manager").post(f"/api/cases/{case.pk}/assign",
                                             {"case_manager_id": second_case_manager.pk, "version": 1})
    assert response.status_code == 409 and _error(response)["code"] == "conflict"


def test_assign_to_someone_not_a_case_manager_of_the_team_names_the_field(api, personas, make_case):
    case = make_case()
    response = api("programme_manager").post(f"/api/cases/{case.pk}/assign", {
        "case_manager_id": personas["other_case_manager"].pk, "version": case.version})
    assert response.status_code == 422 and "case_manager" in _fields(response)


def test_assign_is_forbidden_to_a_case_manager(api, make_case, second_case_manager):
    case = make_case()
    response = api("case_manager").post(f"/api/cases/{case.pk}/assign",
                                        {"case_manager_id": second_case_manager.pk, "version": case.version})
    assert response.status_code == 403


# --- contacts and timeline ------------------------------------------------------------------------

def test_log_contact_starts_the_sla_clock_and_is_audited(api, make_case):
    case = make_case()
    response = api("case_manager").post(f"/api/cases/{case.pk}/contacts", {"channel": "phone", "text": "Called"})
    assert response.status_code == 201 and response.json()["kind"] == "contact"
    assert Case.objects.get(pk=case.pk).first_contact_at is not None
    assert AuditEntry.objects.filter(operation=Operation.UPDATE, object_id=str(case.pk),
                                     fields=["timeline"]).exists()


def test_log_contact_in_the_future_or_by_carrier_pigeon_names_the_field(api, make_case):
    case = make_case()
    tomorrow = (timezone.now() + dt.timedelta(days=1)).isoformat()
    future = api("case_manager").post(f"/api/cases/{case.pk}/contacts",
                                      {"channel": "phone", "occurred_at": tomorrow})
    pigeon = api("case_manager").post(f"/api/cases/{case.pk}/contacts", {"channel": "pigeon"})
    assert future.status_code == pigeon.status_code == 422
    assert "occurred_at" in _fields(future) and "channel" in _fields(pigeon)


def test_log_contact_on_another_hubs_case_is_404(api, make_case):
    response = api("other_case_manager").post(f"/api/cases/{make_case().pk}/contacts", {"channel": "phone"})
    assert response.status_code == 404


def test_timeline_is_filterable_paginated_and_audited(api, make_case):
    case = make_case(state="intake")
    api("case_manager").post(f"/api/cases/{case.pk}/contacts", {"channel": "meeting"})
    everything = api("case_manager").get(f"/api/cases/{case.pk}/timeline?page_size=2").json()
    assert everything["count"] == 4 and everything["pages"] == 2  # referral, assignment, intake, contact
    contacts = api("case_manager").get(f"/api/cases/{case.pk}/timeline?kind=contact&kind=state_change").json()
    assert {item["kind"] for item in contacts["items"]} == {"contact", "state_change"}
    assert AuditEntry.objects.filter(operation=Operation.READ, object_id=str(case.pk)).count() == 2


def test_timeline_of_another_hubs_case_is_404(api, make_case):
    assert api("other_case_manager").get(f"/api/cases/{make_case().pk}/timeline").status_code == 404
