"""The opportunities API: list with filters, create (at a visit too), read with the Art. 14 coverage, change
with optimistic locking, status moves; 403 for roles without the registry, bad bodies named by field."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from florwork.accounts.services import apitoken_create
from florwork.opportunities.models import Opportunity
from tests.employers import registry_support as support

pytestmark = pytest.mark.usefixtures("in_english")  # the assertions read English messages

florence, make_company = support.florence, support.make_company  # the fixtures


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, key):
            _, raw = apitoken_create(by=actors[key], name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

        def patch(self, path, body):
            return Client().patch(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


@pytest.fixture
def company(make_company):
    return make_company(name="Officine Rossi S.r.l.", computable_headcount=100, disabled_employed=3,
                        protected_employed=1)


def _fields(response):
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def test_the_officer_records_an_art14_opportunity_and_reads_its_coverage(api, company, organizations):
    response = api("company_officer").post("/api/opportunities", {
        "company_id": company.pk, "kind": "art14", "title": "Cleaning of the offices", "source": "call",
        "expected_value": "60000", "expected_places": 2, "cooperative_id": organizations["coop_b"].pk})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "identified" and body["direct"] is False
    assert body["art14"]["positions_paid_for"] == 2 and body["art14"]["positions_counted"] == 2
    assert body["art14"]["example_parameters"] is True and "regional framework" in body["art14"]["note"]
    assert body["allowed_transitions"] == ["qualified", "in_progress", "lost"]


def test_an_opportunity_is_recorded_at_a_visit(api, actors, company):
    from florwork.visits.services import visit_record

    visit = visit_record(by=actors["company_officer"], company=company, values={
        "date": timezone.localdate(), "notes": "Met HR.", "outcome": "opportunity"})

    response = api("company_officer").post("/api/opportunities", {
        "company_id": company.pk, "visit_id": visit.pk, "kind": "tirocinio", "title": "Tirocinio"})
    listed = api("company_officer").get("/api/opportunities", visit_id=visit.pk)

    assert response.status_code == 201 and response.json()["source"] == "visit"
    assert [o["id"] for o in listed.json()["items"]] == [response.json()["id"]]


def test_bad_bodies_are_named_by_field_and_nothing_is_written(api, company, organizations):
    wrong_kind = api("company_officer").post("/api/opportunities", {
        "company_id": company.pk, "kind": "art14", "title": "x", "expected_value": "1000",
        "cooperative_id": organizations["hub"].pk})
    unknown = api("company_officer").post("/api/opportunities", {
        "company_id": company.pk, "kind": "csr", "title": "x", "officer_id": 999999})
    negative = api("company_officer").post("/api/opportunities", {
        "company_id": company.pk, "kind": "csr", "title": "x", "expected_value": "-3"})

    assert wrong_kind.status_code == 422 and "cooperative" in _fields(wrong_kind)
    assert unknown.status_code == 422 and "officer_id" in _fields(unknown)
    assert negative.status_code == 422 and "expected_value" in _fields(negative)
    assert not Opportunity.objects.exists()


def test_the_list_filters_and_the_status_moves_with_locking(api, company):
    officer = api("company_officer")
    created = officer.post("/api/opportunities", {"company_id": company.pk, "kind": "vacancy", "title": "Drivers"})
    opportunity_id, version = created.json()["id"], created.json()["version"]
    officer.post("/api/opportunities", {"company_id": company.pk, "kind": "csr", "title": "Volunteering day"})

    moved = officer.post(f"/api/opportunities/{opportunity_id}/status", {"to_status": "qualified",
                                                                         "version": version})
    stale = officer.post(f"/api/opportunities/{opportunity_id}/status", {"to_status": "in_progress",
                                                                         "version": version})
    lost = officer.post(f"/api/opportunities/{opportunity_id}/status", {"to_status": "lost",
                                                                        "version": version + 1})
    direct = officer.get("/api/opportunities", group="direct", status="qualified")

    assert moved.status_code == 200 and [h["to_status"] for h in moved.json()["history"]] == [
        "qualified", "identified"]
    assert stale.status_code == 409
    assert lost.status_code == 422 and "reason" in _fields(lost)
    assert [o["title"] for o in direct.json()["items"]] == ["Drivers"]


def test_a_change_touches_only_the_fields_sent(api, company):
    officer = api("company_officer")
    created = officer.post("/api/opportunities", {"company_id": company.pk, "kind": "vacancy", "title": "Drivers",
                                                  "expected_places": 3})

    changed = officer.patch(f"/api/opportunities/{created.json()['id']}", {
        "next_step": "Send the job description", "actual_value": "0", "version": created.json()["version"]})

    assert changed.status_code == 200
    assert changed.json()["expected_places"] == 3 and changed.json()["next_step"] == "Send the job description"
    assert Decimal(changed.json()["actual_value"]) == 0


def test_the_case_manager_reads_but_cannot_write_and_others_get_403(api, company):
    created = api("company_officer").post("/api/opportunities", {"company_id": company.pk, "kind": "vacancy",
                                                                  "title": "Drivers"})
    path = f"/api/opportunities/{created.json()['id']}"

    assert api("case_manager").get(path).status_code == 200
    assert api("case_manager").post("/api/opportunities", {"company_id": company.pk, "kind": "vacancy",
                                                           "title": "x"}).status_code == 403
    assert api("social_worker").get(path).status_code == 403
    assert api("partner_operator").get("/api/opportunities").status_code == 403
    assert api("company_officer").get("/api/opportunities/999999").status_code == 404


def test_a_direct_opportunity_becomes_a_published_vacancy(api, company):
    from florwork.matching.models import Occupation
    from florwork.matching.vacancy_models import Vacancy
    from tests.matching.vacancy_support import WAREHOUSE_WORKER

    officer = api("company_officer")
    created = officer.post("/api/opportunities", {"company_id": company.pk, "kind": "vacancy", "title": "Drivers"})
    job = Occupation.objects.get(uri=WAREHOUSE_WORKER)
    path = f"/api/opportunities/{created.json()['id']}/vacancy"

    missing = officer.post(path, {"occupation_id": 0, "contract_kind": "fixed_term"})
    converted = officer.post(path, {"occupation_id": job.pk, "contract_kind": "fixed_term", "positions": 2,
                                    "publish": True})
    again = officer.post(path, {"occupation_id": job.pk, "contract_kind": "fixed_term"})

    assert missing.status_code == 422 and "occupation_id" in _fields(missing)
    assert converted.status_code == 201, converted.content
    body = converted.json()
    vacancy = Vacancy.objects.get()
    assert body["vacancy_id"] == vacancy.pk and body["vacancy_status"] == "published" and vacancy.positions == 2
    assert body["status"] == "in_progress"
    assert again.status_code == 422 and Vacancy.objects.count() == 1
