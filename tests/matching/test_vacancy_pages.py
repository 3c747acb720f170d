"""Vacancy pages: the officer creates a vacancy from the taxonomy (skills suggested), edits, publishes, closes."""

import pytest
from django.urls import reverse

from florwork.matching.models import OccupationSkill
from florwork.matching.vacancy_models import Vacancy, VacancySkill

from .vacancy_support import KITCHEN_ASSISTANT, occupation

pytestmark = pytest.mark.django_db


def _post_data(company, job, **extra):
    essential = OccupationSkill.objects.filter(occupation=job, relation="essential").values_list("skill_id", flat=True)
    return {"occupation": job.pk, "essential_skills": [str(pk) for pk in essential][:5], "contract_kind": "tirocinio",
            "hours": "part_time", "weekly_hours": "25", "positions": "2", "site": str(company.sites.first().pk),
            "title": "Aiuto cuoco mensa", **extra}


def test_create_page_preselects_the_company(client, login, company):
    login(client, "company_officer")
    response = client.get(reverse("vacancy_create") + f"?company={company.pk}")
    assert response.status_code == 200
    assert company.legal_name in response.content.decode()


def test_create_page_without_company_asks_for_one(client, login, company):
    login(client, "company_officer")
    response = client.get(reverse("vacancy_create"))
    assert response.status_code == 200 and 'name="company"' in response.content.decode()


def test_occupation_search_lists_occupations_and_choosing_one_suggests_its_skills(client, login, company):
    login(client, "company_officer")
    url = reverse("vacancy_create") + f"?company={company.pk}"
    page = client.post(url, {"refresh": "occupation", "occupation_query": "aiuto cuoco"}).content.decode()
    job = occupation(KITCHEN_ASSISTANT)
    assert f'value="{job.pk}"' in page
    page = client.post(url, {"refresh": "skills", "occupation": job.pk}).content.decode()
    essential = OccupationSkill.objects.filter(occupation=job, relation="essential").first()
    assert f'name="essential_skills" value="{essential.skill_id}" id="essential_skills-{essential.skill_id}" checked' \
        in page
    assert not Vacancy.objects.exists()


def test_officer_saves_a_draft_with_its_skills(client, login, company):
    login(client, "company_officer")
    job = occupation(KITCHEN_ASSISTANT)
    response = client.post(reverse("vacancy_create") + f"?company={company.pk}", _post_data(company, job))
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("vacancy_detail", args=[vacancy.pk])
    assert vacancy.status == "draft" and vacancy.company == company and vacancy.weekly_hours == 25
    assert VacancySkill.objects.filter(vacancy=vacancy, essential=True).count() == 5


def test_bad_input_names_the_field_and_writes_nothing(client, login, company, in_english):
    login(client, "company_officer")
    job = occupation(KITCHEN_ASSISTANT)
    data = _post_data(company, job, weekly_hours="45")
    data["optional_skills"] = data["essential_skills"][:1]
    response = client.post(reverse("vacancy_create") + f"?company={company.pk}", data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "either essential or optional" in page
    assert "fewer than 40 weekly hours" in page
    assert not Vacancy.objects.exists()


def test_missing_occupation_is_refused(client, login, company, in_english):
    login(client, "company_officer")
    response = client.post(reverse("vacancy_create") + f"?company={company.pk}", {"contract_kind": "permanent",
                                                                                  "hours": "any", "positions": "1"})
    assert response.status_code == 422 and "Choose the occupation" in response.content.decode()


def test_publish_and_close_from_the_page(client, login, make_vacancy):
    vacancy = make_vacancy(publish=False)
    login(client, "company_officer")
    client.post(reverse("vacancy_publish", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == "published" and vacancy.published_at
    client.post(reverse("vacancy_close", args=[vacancy.pk]), {"status": "filled"})
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"


def test_edit_keeps_skills_and_a_stale_version_conflicts(client, login, make_vacancy, company):
    vacancy = make_vacancy(publish=False, site="hq")
    login(client, "company_officer")
    assert client.get(reverse("vacancy_edit", args=[vacancy.pk])).status_code == 200
    data = _post_data(company, vacancy.occupation, version=str(vacancy.version), title="Nuovo titolo")
    assert client.post(reverse("vacancy_edit", args=[vacancy.pk]), data).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Nuovo titolo" and vacancy.version == 2
    stale = client.post(reverse("vacancy_edit", args=[vacancy.pk]), {**data, "version": "1", "title": "Altro"})
    assert stale.status_code == 409
    vacancy.refresh_from_db()
    assert vacancy.title == "Nuovo titolo"


def test_list_and_detail(client, login, make_vacancy):
    vacancy = make_vacancy()
    login(client, "company_officer")
    assert vacancy.title in client.get(reverse("vacancy_list")).content.decode()
    page = client.get(reverse("vacancy_detail", args=[vacancy.pk])).content.decode()
    assert reverse("vacancy_ranking", args=[vacancy.pk]) in page


def test_case_manager_cannot_manage_vacancies_nor_see_drafts(client, login, make_vacancy):
    draft = make_vacancy(publish=False)
    published = make_vacancy()
    login(client, "case_manager")
    assert client.get(reverse("vacancy_list")).status_code == 403
    assert client.get(reverse("vacancy_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("vacancy_detail", args=[published.pk])).status_code == 200
    assert client.post(reverse("vacancy_publish", args=[draft.pk])).status_code == 403


def test_company_page_lists_its_vacancies(client, login, make_vacancy, company):
    draft = make_vacancy(publish=False, title="Bozza interna")
    published = make_vacancy(title="Aiuto cuoco pranzo")
    login(client, "company_officer")
    page = client.get(reverse("company_detail", args=[company.pk])).content.decode()
    assert 'id="vacancies"' in page and draft.title in page and published.title in page
    assert f"{reverse('vacancy_create')}?company={company.pk}" in page
    login(client, "case_manager")
    page = client.get(reverse("company_detail", args=[company.pk])).content.decode()
    assert published.title in page and draft.title not in page


def test_ranking_page_queries_do_not_grow_with_the_candidates(client, login, make_vacancy, make_candidate):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from florwork.accounts.policy import SYSTEM
    from florwork.people.services import work_experience_add

    def candidate(name):
        case = make_candidate(first_name=name, how_many=5)
        work_experience_add(by=SYSTEM, person=case.person, occupation=f"Aiuto cuoco {name}", employer="",
                            start=dt.date(2021, 1, 1), end=None, contract_kind="fixed_term")

    vacancy = make_vacancy()
    candidate("Uno")
    login(client, "company_officer")
    url = reverse("vacancy_ranking", args=[vacancy.pk])
    client.get(url)  # the per-process taxonomy caches are built
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name in ("Due", "Tre", "Quattro"):
        candidate(name)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert response.content.decode().count("candidate-code") == 4
    assert len(four.captured_queries) == len(one.captured_queries) <= 25
