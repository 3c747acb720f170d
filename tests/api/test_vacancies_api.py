"""Vacancies API: create by ESCO URIs, read, update with optimistic locking, publish, close; errors by field."""

import pytest

from tests.matching import vacancy_support as support

florence, make_company, company = support.florence, support.make_company, support.company  # the fixtures
make_vacancy, make_candidate = support.make_vacancy, support.make_candidate

pytestmark = pytest.mark.django_db


def _payload(company, **changes):
    from florwork.matching.forms import occupation_skills

    essential, optional = occupation_skills(support.occupation(support.KITCHEN_ASSISTANT))
    return {"company_id": company.pk, "occupation_uri": support.KITCHEN_ASSISTANT, "contract_kind": "tirocinio",
            "hours": "part_time", "weekly_hours": 20, "essential_skills": [s.uri for s in essential[:4]],
            "optional_skills": [s.uri for s in optional[:2]], "site_id": company.sites.first().pk, **changes}


def test_officer_creates_publishes_and_closes(client, login, company):
    login(client, "company_officer")
    response = client.post("/api/vacancies", _payload(company), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["title"] == support.occupation(support.KITCHEN_ASSISTANT).label
    assert sum(s["essential"] for s in body["skills"]) == 4
    published = client.post(f"/api/vacancies/{body['id']}/publish").json()
    assert published["status"] == "published"
    closed = client.post(f"/api/vacancies/{body['id']}/close", {"status": "filled"}, content_type="application/json")
    assert closed.json()["status"] == "filled"
    listed = client.get("/api/vacancies", {"company_id": company.pk}).json()
    assert listed["count"] == 1


def test_unknown_uri_is_named_and_nothing_is_written(client, login, company):
    from florwork.matching.vacancy_models import Vacancy

    login(client, "company_officer")
    bad = "http://data.europa.eu/esco/skill/not-a-skill"
    response = client.post("/api/vacancies", _payload(company, essential_skills=[bad]),
                           content_type="application/json")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields[0]["field"] == "essential_skills" and bad in fields[0]["message"]
    assert not Vacancy.objects.exists()


def test_form_rules_apply_to_the_api(client, login, company, in_english):
    login(client, "company_officer")
    response = client.post("/api/vacancies", _payload(company, weekly_hours=44), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "weekly_hours"


def test_stale_version_is_a_conflict(client, login, company, make_vacancy):
    vacancy = make_vacancy(publish=False)
    login(client, "company_officer")
    payload = _payload(company, version=vacancy.version, title="Nuovo")
    assert client.put(f"/api/vacancies/{vacancy.pk}", payload, content_type="application/json").status_code == 200
    again = client.put(f"/api/vacancies/{vacancy.pk}", payload, content_type="application/json")
    assert again.status_code == 409


def test_case_manager_may_not_create_and_sees_no_drafts(client, login, company, make_vacancy):
    draft = make_vacancy(publish=False)
    login(client, "case_manager")
    assert client.post("/api/vacancies", _payload(company), content_type="application/json").status_code == 403
    assert client.get(f"/api/vacancies/{draft.pk}").status_code == 404


def test_social_worker_is_refused(client, login, make_vacancy):
    vacancy = make_vacancy()
    login(client, "social_worker")
    assert client.get(f"/api/vacancies/{vacancy.pk}").status_code == 403
    assert client.get("/api/vacancies").status_code == 403
