"""The outreach API: priorities with reasons and filters, campaigns, targets and contacts (409 when stale,
opt-outs refused); 403 for roles without the grant, 404 for another organization's campaign."""

import json

import pytest
from django.test import Client

from florwork.accounts.services import apitoken_create
from florwork.employers.services import contact_add, contact_opt_out
from florwork.outreach.models import CampaignContact
from tests.employers import registry_support as support

pytestmark = pytest.mark.usefixtures("in_english")

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

    return As


@pytest.fixture
def companies(make_company):
    return [make_company(name="Trattoria Da Gino", ateco_code="56.11.11", employees=40),
            make_company(name="Edil Rossi", ateco_code="41.00.00", employees=3)]


def test_scores_list_with_reasons_and_filters(api, companies):
    officer = api("company_officer")

    everything = officer.get("/api/outreach/scores").json()
    restaurants = officer.get("/api/outreach/scores", section="I").json()

    assert everything["count"] == 2
    first = everything["items"][0]
    assert {r["code"] for r in first["reasons"]} == {"sector_demand", "size", "law68_shortfall", "distance",
                                                     "relationship", "last_contact"}
    assert first["score"] == pytest.approx(sum(r["points"] for r in first["reasons"]), abs=0.02)
    assert [i["legal_name"] for i in restaurants["items"]] == ["Trattoria Da Gino"]


def test_bad_filters_are_named(api, companies):
    response = api("company_officer").get("/api/outreach/scores", size="huge")

    assert response.status_code == 422
    assert "size" in response.json()["error"]["message"]


def test_roles_without_the_registry_get_403(api, companies):
    assert api("social_worker").get("/api/outreach/scores").status_code == 403
    assert api("case_manager").post("/api/outreach/campaigns", {"name": "x", "purpose": "y"}).status_code == 403


def test_campaign_create_then_contact_then_conflict(api, personas, companies):
    officer = api("company_officer")
    created = officer.post("/api/outreach/campaigns", {
        "name": "Ristoranti", "purpose": "Camerieri", "officer_ids": [personas["company_officer"].pk],
        "company_ids": [c.pk for c in companies]})
    assert created.status_code == 201
    campaign = created.json()
    targets = officer.get(f"/api/outreach/campaigns/{campaign['id']}/targets").json()["items"]
    target = targets[0]
    url = f"/api/outreach/campaigns/{campaign['id']}/targets/{target['id']}/contacts"

    first = officer.post(url, {"version": target["version"], "channel": "phone", "outcome": "interested"})
    stale = officer.post(url, {"version": target["version"], "channel": "phone", "outcome": "no_answer"})

    assert first.status_code == 201
    assert stale.status_code == 409
    assert officer.get(f"/api/outreach/campaigns/{campaign['id']}").json()["by_outcome"]["interested"] == 1
    assert len(officer.get(url).json()) == 1


def test_bad_bodies_are_named_and_write_nothing(api, personas, companies):
    officer = api("company_officer")
    campaign = officer.post("/api/outreach/campaigns", {"name": "R", "purpose": "C",
                                                        "company_ids": [companies[0].pk]}).json()
    target = officer.get(f"/api/outreach/campaigns/{campaign['id']}/targets").json()["items"][0]
    url = f"/api/outreach/campaigns/{campaign['id']}/targets/{target['id']}/contacts"

    response = officer.post(url, {"version": target["version"], "channel": "fax", "outcome": "interested"})
    missing = officer.post("/api/outreach/campaigns", {"name": "", "purpose": "C"})

    assert response.status_code == 422
    assert any("channel" in f["field"] for f in response.json()["error"]["fields"])
    assert missing.status_code == 422
    assert not CampaignContact.objects.exists()


def test_an_opted_out_contact_is_refused(api, actors, companies):
    officer = api("company_officer")
    person = contact_add(by=actors["company_officer"], company=companies[0],
                         data={"first_name": "Anna", "last_name": "Neri"})
    contact_opt_out(by=actors["company_officer"], contact=person)
    campaign = officer.post("/api/outreach/campaigns", {"name": "R", "purpose": "C",
                                                        "company_ids": [companies[0].pk]}).json()
    target = officer.get(f"/api/outreach/campaigns/{campaign['id']}/targets").json()["items"][0]

    response = officer.post(f"/api/outreach/campaigns/{campaign['id']}/targets/{target['id']}/contacts",
                            {"version": target["version"], "channel": "phone", "outcome": "interested",
                             "contact_id": person.pk})

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "contact_id"


def test_another_organization_gets_404(api, companies):
    campaign = api("company_officer").post("/api/outreach/campaigns", {"name": "R", "purpose": "C"}).json()

    # the programme manager's organization is not the campaign's: it does not exist for them
    response = api("programme_manager").get(f"/api/outreach/campaigns/{campaign['id']}")

    assert response.status_code == 404
