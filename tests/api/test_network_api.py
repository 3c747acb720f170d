"""The network API: the catalogue (search, read, publish, update, remove) and partner referrals (send, follow,
inbox, answer), with the same rules as the pages."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.audit.models import AuditEntry
from florwork.network.models import PartnerReferral, Service
from florwork.network.sharing import SHARED_PERSON_FIELDS
from tests.network.fixtures import *  # noqa: F403 - the network tests' fixtures (comuni, make_service, ...)

pytestmark = pytest.mark.usefixtures("in_english")  # the assertions read English messages


@pytest.fixture
def api(actors, other_partner):
    every = {**actors, "other_partner": other_partner["actor"]}

    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=every[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

        def patch(self, path, body):
            return Client().patch(path, json.dumps(body), content_type="application/json", **self.auth)

        def delete(self, path):
            return Client().delete(path, **self.auth)

    return As


def _fields(response):
    body = response.json()
    assert set(body) == {"error"}
    return {f["field"]: f["message"] for f in body["error"]["fields"]}


SERVICE = {"kind": "tirocinio", "title": "Tirocinio in manutenzione del verde", "comune": "048017",
           "seats_per_period": 4, "capacity_period": "quarter", "cost_per_participant": "1800.00",
           "pathways": [3, 4], "residence_comuni": ["048017", "048041"]}


# --- the catalogue ------------------------------------------------------------------------------------

def test_partner_publishes_a_service(api, comuni, organizations):
    response = api("partner_operator").post("/api/services", SERVICE)
    assert response.status_code == 201
    body = response.json()
    assert body["organization_id"] == organizations["coop_b"].pk and body["seats_left"] == 4
    assert body["residence_comuni"] == ["048017", "048041"] and body["cost_per_participant"] == "1800.00"
    assert AuditEntry.objects.filter(object_type="network.Service", operation="create").exists()


def test_partner_cannot_publish_for_another_organization(api, comuni, organizations):
    response = api("partner_operator").post("/api/services", {**SERVICE, "organization_id": organizations[
        "university"].pk})
    assert response.status_code == 422 and "organization_id" in _fields(response)
    assert not Service.objects.exists()


def test_programme_manager_publishes_for_a_partner(api, comuni, organizations):
    response = api("programme_manager").post("/api/services", {**SERVICE, "organization_id": organizations[
        "coop_b"].pk})
    assert response.status_code == 201 and response.json()["organization"] == organizations["coop_b"].name


@pytest.mark.parametrize(("change", "field"), [({"comune": "999999"}, "comune"), ({"kind": "yoga"}, "kind"),
                                               ({"cost_per_participant": "-1"}, "cost_per_participant"),
                                               ({"pathways": [7]}, "pathways"), ({"title": ""}, "title")])
def test_bad_service_bodies_name_the_field(api, comuni, change, field):
    response = api("partner_operator").post("/api/services", {**SERVICE, **change})
    assert response.status_code == 422 and field in _fields(response)
    assert not Service.objects.exists()


def test_case_manager_cannot_publish(api, comuni):
    assert api("case_manager").post("/api/services", SERVICE).status_code == 403


def test_search_and_read(api, make_service, comuni):
    lab = make_service(title="Laboratorio", dimension="motivation")
    make_service(title="Corso L2", kind="italian_course", dimension="italian", comune=comuni["Empoli"])
    client = api("case_manager")
    assert [s["title"] for s in client.get("/api/services", dimension="motivation").json()["items"]] == [
        "Laboratorio"]
    assert client.get("/api/services", comune="048014").json()["count"] == 1
    assert client.get("/api/services", kind="italian_course").json()["items"][0]["title"] == "Corso L2"
    assert client.get(f"/api/services/{lab.pk}").json()["title"] == "Laboratorio"
    assert client.get("/api/services/999999").status_code == 404
    assert api("funder").get("/api/services").status_code == 403


def test_search_for_a_case_says_what_the_person_does_not_meet(api, make_service, referable, personas):
    make_service(title="Under 30", max_age=29)
    make_service(title="Per tutti")
    case = referable()
    body = api("case_manager").get("/api/services", case_id=case.pk).json()
    assert {s["title"]: s["ineligible"] for s in body["items"]} == {"Per tutti": [], "Under 30": ["age"]}
    only = api("case_manager").get("/api/services", case_id=case.pk, eligible=True).json()
    assert [s["title"] for s in only["items"]] == ["Per tutti"] and only["count"] == 1
    assert api("other_case_manager").get("/api/services", case_id=case.pk).status_code == 404


def test_update_with_version_and_conflict(api, make_service):
    service = make_service()
    client = api("partner_operator")
    response = client.patch(f"/api/services/{service.pk}", {"seats_per_period": 12, "version": 1})
    assert response.status_code == 200 and response.json()["seats_per_period"] == 12
    stale = client.patch(f"/api/services/{service.pk}", {"seats_per_period": 3, "version": 1})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert api("other_partner").patch(f"/api/services/{service.pk}", {"title": "x", "version": 2}).status_code == 404


def test_remove_archives_a_service_with_referrals(api, make_service, referable, send):
    kept, unused = make_service(), make_service(title="Mai usato")
    send(referable(), kept)
    client = api("partner_operator")
    assert client.delete(f"/api/services/{kept.pk}").json() == {"outcome": "archived"}
    assert client.delete(f"/api/services/{unused.pk}").json() == {"outcome": "deleted"}
    assert Service.objects.filter(pk=kept.pk, is_archived=True).exists()
    assert not Service.objects.filter(pk=unused.pk).exists()


# --- partner referrals --------------------------------------------------------------------------------

def test_case_manager_sends_and_follows(api, make_service, referable):
    service, case = make_service(), referable()
    response = api("case_manager").post("/api/partner-referrals", {"case_id": case.pk, "service_id": service.pk,
                                                                   "reason": "Rafforzare la motivazione"})
    assert response.status_code == 201 and response.json()["state"] == "sent"
    followed = api("case_manager").get(f"/api/cases/{case.pk}/partner-referrals").json()
    assert [r["code"] for r in followed] == [response.json()["code"]]
    assert api("other_case_manager").get(f"/api/cases/{case.pk}/partner-referrals").status_code == 404


def test_send_without_consent_is_refused(api, make_service, make_case):
    service, case = make_service(), make_case(state="assessed")
    response = api("case_manager").post("/api/partner-referrals", {"case_id": case.pk, "service_id": service.pk,
                                                                   "reason": "x"})
    assert response.status_code == 422 and "consent" in _fields(response)["service"]
    assert not PartnerReferral.objects.exists()


def test_send_by_another_hub_or_role(api, make_service, referable):
    service, case = make_service(), referable()
    body = {"case_id": case.pk, "service_id": service.pk, "reason": "x"}
    assert api("other_case_manager").post("/api/partner-referrals", body).status_code == 404
    assert api("partner_operator").post("/api/partner-referrals", body).status_code == 403
    assert api("case_manager").post("/api/partner-referrals", {**body, "reason": ""}).status_code == 422
    assert not PartnerReferral.objects.exists()


def test_partner_inbox_shows_only_the_shared_view(api, make_service, referable, send):
    referral = send(referable(first_name="Amina", phone="333 1234567"), make_service())
    body = api("partner_operator").get("/api/partner-referrals/inbox").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item["person"]) == set(SHARED_PERSON_FIELDS)
    assert item["person"]["first_name"] == "Amina" and item["allowed_transitions"] == [
        "accepted", "waiting_list", "declined"]
    text = json.dumps(item)
    assert referral.person.codice_fiscale not in text and "birth" not in text and "address" not in text
    assert api("other_partner").get("/api/partner-referrals/inbox").json()["count"] == 0
    assert api("other_partner").get(f"/api/partner-referrals/{referral.pk}").status_code == 404
    assert api("case_manager").get("/api/partner-referrals/inbox").status_code == 403


def test_partner_answers_and_reports(api, make_service, referable, send):
    referral = send(referable(), make_service(seats_per_period=1))
    client = api("partner_operator")
    path = f"/api/partner-referrals/{referral.pk}/transition"
    response = client.post(path, {"to_state": "accepted", "version": 1})
    assert response.status_code == 200 and response.json()["answered_at"]
    assert client.post(path, {"to_state": "started", "version": 1}).status_code == 409
    response = client.post(path, {"to_state": "interrupted", "version": 2})
    assert response.status_code == 422 and "to_state" in _fields(response)  # not from accepted
    response = client.post(path, {"to_state": "declined", "version": 2})
    assert response.status_code == 422 and "reason" in _fields(response)
    assert api("other_partner").post(path, {"to_state": "started", "version": 2}).status_code == 404
    response = client.post(path, {"to_state": "started", "version": 2})
    assert response.json()["state"] == "started" and response.json()["started_at"]


def test_accepting_beyond_capacity_is_refused(api, make_service, referable, send):
    service = make_service(seats_per_period=1)
    first, second = send(referable(), service), send(referable(), service)
    client = api("partner_operator")
    client.post(f"/api/partner-referrals/{first.pk}/transition", {"to_state": "accepted", "version": 1})
    response = client.post(f"/api/partner-referrals/{second.pk}/transition", {"to_state": "accepted", "version": 1})
    assert response.status_code == 422 and "waiting list" in _fields(response)["to_state"]
    second.refresh_from_db()
    assert second.state == "sent"
