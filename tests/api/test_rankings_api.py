"""Rankings API: candidates for a vacancy by code only; vacancies for a case with the missing skills."""

import pytest

from florwork.matching.pseudonyms import candidate_code
from tests.matching import vacancy_support as support

florence, make_company, company = support.florence, support.make_company, support.company  # the fixtures
make_vacancy, make_candidate = support.make_vacancy, support.make_candidate

pytestmark = pytest.mark.django_db


def test_vacancy_ranking_by_code_with_explanation(client, login, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    case = make_candidate(first_name="Ottavia")
    make_candidate(consent=False)
    login(client, "company_officer")
    response = client.get(f"/api/vacancies/{vacancy.pk}/ranking")
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] == 1 and len(body["candidates"]) == 1
    candidate = body["candidates"][0]
    assert candidate["code"] == candidate_code(person_id=case.person_id, vacancy_id=vacancy.pk)
    assert candidate["explanation"]["matched_skills"] and candidate["explanation"]["parts"]
    assert "Ottavia" not in response.content.decode()
    assert str(case.person_id) not in {str(v) for v in candidate.values()}


def test_ranking_refused_to_a_role_without_matching(client, login, make_vacancy):
    vacancy = make_vacancy()
    login(client, "programme_manager")
    assert client.get(f"/api/vacancies/{vacancy.pk}/ranking").status_code == 403


def test_case_vacancies_with_missing_skills(client, login, make_vacancy, make_candidate):
    make_vacancy()
    make_vacancy(uri=support.WAREHOUSE_WORKER)
    case = make_candidate(how_many=4)
    login(client, "case_manager")
    body = client.get(f"/api/cases/{case.pk}/vacancies").json()
    assert len(body) == 2 and body[0]["score"] >= body[1]["score"]
    assert body[0]["missing_essential"]


def test_case_vacancies_of_another_hub_are_404(client, login, make_candidate):
    case = make_candidate()
    login(client, "other_case_manager")
    assert client.get(f"/api/cases/{case.pk}/vacancies").status_code == 404
