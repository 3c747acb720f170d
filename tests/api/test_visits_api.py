"""The visits API: a plan created and solved, read, re-solved with its version, an officer's calendar; visit reports
listed, created (moving the company to visited), read; other organizations and roles refused; bad bodies named."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from florwork.accounts.services import apitoken_create
from florwork.employers.models import RelationshipState
from florwork.visits.models import VisitPlan
from tests.employers import registry_support as support
from tests.visits import conftest as visits_support

pytestmark = pytest.mark.usefixtures("in_english")

florence, make_company = support.florence, support.make_company  # the fixtures
other_officer = visits_support.other_officer


@pytest.fixture
def api(actors):
    class As:
        def __init__(self, actor):
            _, raw = apitoken_create(by=actors[actor] if isinstance(actor, str) else actor, name="test")
            self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return Client().get(path, params, **self.auth)

        def post(self, path, body):
            return Client().post(path, json.dumps(body), content_type="application/json", **self.auth)

    return As


@pytest.fixture
def companies(make_company):
    return [make_company(name=f"Azienda {n}", comune=c) for n, c in enumerate(["Firenze", "Empoli", "Firenze"], 1)]


def plan_body(personas, companies, **extra):
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    body = {"title": "API week", "days": [monday.isoformat(), (monday + timedelta(days=1)).isoformat()],
            "officers": [{"user_id": personas["company_officer"].pk, "start_label": "Office", "latitude": "43.7764",
                          "longitude": "11.2480", "work_start": "09:00", "work_end": "17:00"}],
            "companies": [{"company_id": c.pk, "priority": 60} for c in companies]}
    body.update(extra)
    return body


def test_plan_created_solved_read_and_exported(api, personas, companies):
    officer = api("company_officer")
    response = officer.post("/api/visit-plans", plan_body(personas, companies))
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["status"] == "solved" and sum(len(r["stops"]) for r in plan["routes"]) == 3
    again = officer.post(f"/api/visit-plans/{plan['id']}/solve", {"version": plan["version"]})
    assert again.status_code == 200 and again.json()["version"] == plan["version"] + 1
    stale = officer.post(f"/api/visit-plans/{plan['id']}/solve", {"version": plan["version"]})
    assert stale.status_code == 409
    assert officer.get(f"/api/visit-plans/{plan['id']}").json()["title"] == "API week"
    ics = officer.get(plan["officers"][0]["ics_url"])
    assert ics.status_code == 200 and ics.content.count(b"BEGIN:VEVENT") == 3


def test_bad_plan_body_names_the_field_and_writes_nothing(api, personas, companies):
    officer = api("company_officer")
    response = officer.post("/api/visit-plans", plan_body(personas, companies, days=[]))
    assert response.status_code == 422 and "days" in response.content.decode()
    body = plan_body(personas, companies)
    body["companies"][0]["appointment_day"] = "2001-01-01"
    body["companies"][0]["appointment_start"], body["companies"][0]["appointment_end"] = "10:00", "11:00"
    response = officer.post("/api/visit-plans", body)
    assert response.status_code == 422 and "appointment" in response.content.decode()
    assert not VisitPlan.objects.exists()


def test_other_organization_gets_404_and_other_roles_403(api, personas, companies, other_officer):
    plan = api("company_officer").post("/api/visit-plans", plan_body(personas, companies)).json()
    assert api(other_officer[1]).get(f"/api/visit-plans/{plan['id']}").status_code == 404
    assert api("case_manager").post("/api/visit-plans", plan_body(personas, companies)).status_code == 403
    foreign = plan_body(personas, companies)
    foreign["officers"][0]["user_id"] = other_officer[0].pk
    assert api("company_officer").post("/api/visit-plans", foreign).status_code == 422


def test_visit_reports_created_listed_and_read(api, companies, actors, other_officer):
    officer = api("company_officer")
    company = companies[0]
    body = {"company_id": company.pk, "date": timezone.localdate().isoformat(), "notes": "Two openings in logistics.",
            "outcome": "opportunity", "next_step": "Send two profiles"}
    response = officer.post("/api/visits", body)
    assert response.status_code == 201, response.content
    visit = response.json()
    company.refresh_from_db()
    assert company.state == RelationshipState.VISITED
    assert officer.get("/api/visits", company_id=company.pk).json()["count"] == 1
    assert api(other_officer[1]).get(f"/api/visits/{visit['id']}").status_code == 200
    assert api("funder").get(f"/api/visits/{visit['id']}").status_code == 403
    bad = officer.post("/api/visits", {**body, "outcome": "great", "notes": ""})
    assert bad.status_code == 422 and "outcome" in bad.content.decode()
    assert officer.get("/api/visits").json()["count"] == 1
