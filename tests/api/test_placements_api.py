"""The placements API: list by case and company, create (for a case, from a shortlist entry), get, extend,
terminate; field errors naming the field, 404 for another hub, 403 without the grant, 409 on a stale version."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from florwork.accounts.services import apitoken_create
from florwork.placements.models import Placement
from tests.placements.conftest import company, site, vacancy  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("in_english")


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

    return As


def _tirocinio(case, company, organizations, **overrides):  # noqa: F811
    start = timezone.localdate()
    return {"kind": "tirocinio", "case_id": case.pk, "company_id": company.pk, "job_title": "Addetto magazzino",
            "start_on": start.isoformat(), "end_on": (start + dt.timedelta(days=180)).isoformat(),
            "weekly_hours": 30, "trainee_category": "general", "monthly_allowance": "600.00",
            "promoter_id": organizations["hub"].pk, "promoter_tutor": "Marco Neri", "host_tutor": "Anna Verdi",
            "training_project": "Magazzino", **overrides}


def test_create_get_list_extend_terminate(api, make_case, company, organizations):  # noqa: F811
    case = make_case(state="active")
    manager = api("case_manager")
    created = manager.post("/api/placements", _tirocinio(case, company, organizations))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "ongoing" and [f["months"] for f in body["follow_ups"]] == [3, 6, 12]
    assert manager.get(f"/api/placements/{body['id']}").json()["code"] == body["code"]
    assert manager.get("/api/placements", case_id=case.pk).json()["count"] == 1
    assert manager.get("/api/placements", company_id=company.pk + 1000).json()["count"] == 0
    new_end = (dt.date.fromisoformat(body["end_on"]) + dt.timedelta(days=30)).isoformat()
    extended = manager.post(f"/api/placements/{body['id']}/extend",
                            {"new_end_on": new_end, "reason": "Formazione", "version": body["version"]})
    assert extended.status_code == 200 and extended.json()["end_on"] == new_end
    assert extended.json()["extensions"][0]["reason"] == "Formazione"
    stale = manager.post(f"/api/placements/{body['id']}/terminate",
                         {"on": timezone.localdate().isoformat(), "reason": "resigned", "version": body["version"]})
    assert stale.status_code == 409
    done = manager.post(f"/api/placements/{body['id']}/terminate",
                        {"on": timezone.localdate().isoformat(), "reason": "resigned",
                         "version": extended.json()["version"]})
    assert done.status_code == 200 and done.json()["status"] == "terminated"


def test_a_contract_end_before_start_is_a_422_naming_the_field(api, make_case, company):  # noqa: F811
    case = make_case(state="active")
    start = timezone.localdate()
    answer = api("case_manager").post("/api/placements", {
        "kind": "contract", "case_id": case.pk, "company_id": company.pk, "job_title": "Magazziniere",
        "start_on": start.isoformat(), "end_on": (start - dt.timedelta(days=1)).isoformat(),
        "contract_kind": "fixed_term", "gross_monthly_wage": "1400"})
    assert answer.status_code == 422
    assert {"field": "end_on", "message": "The end cannot be before the start."} in answer.json()["error"]["fields"]
    assert not Placement.objects.exists()


def test_the_allowance_below_the_minimum_is_refused(api, make_case, company, organizations):  # noqa: F811
    case = make_case(state="active")
    answer = api("case_manager").post("/api/placements", _tirocinio(case, company, organizations,
                                                                    monthly_allowance="300"))
    assert answer.status_code == 422
    assert [f["field"] for f in answer.json()["error"]["fields"]] == ["monthly_allowance"]


def test_from_a_shortlist_entry_the_entry_is_hired(api, make_case, vacancy, organizations):  # noqa: F811
    from florwork.shortlists.models import ShortlistEntry

    case = make_case(state="active")
    today = timezone.localdate()
    entry = ShortlistEntry.objects.create(
        vacancy=vacancy, case=case, person=case.person, code="K-0002", stage="interview",
        proposed_on=today - dt.timedelta(days=10), presented_on=today - dt.timedelta(days=8),
        interview_on=today - dt.timedelta(days=2), created_at=timezone.now(), updated_at=timezone.now())
    answer = api("company_officer").post("/api/placements", {
        "kind": "contract", "entry_id": entry.pk, "start_on": today.isoformat(), "contract_kind": "permanent",
        "gross_monthly_wage": "1500"})
    assert answer.status_code == 201, answer.content
    entry.refresh_from_db()
    assert entry.stage == "hired" and answer.json()["company_id"] == vacancy.company_id
    assert answer.json()["job_title"] == vacancy.title


def test_another_hub_gets_404_and_a_role_without_the_grant_403(api, make_case, company, organizations):  # noqa: F811
    case = make_case(state="active")
    body = api("case_manager").post("/api/placements", _tirocinio(case, company, organizations)).json()
    other = api("other_case_manager")
    assert other.get(f"/api/placements/{body['id']}").status_code == 404
    assert other.post("/api/placements", _tirocinio(case, company, organizations)).status_code == 404
    assert other.get("/api/placements").json()["count"] == 0
    assert api("social_worker").get(f"/api/placements/{body['id']}").status_code == 403
