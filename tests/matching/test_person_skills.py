"""A person's skills for matching: the case manager finds an ESCO skill and records it (declared or assessed)."""

import pytest
from django.urls import reverse

from florwork.matching.models import Skill
from florwork.matching.profile_models import PersonSkill

pytestmark = pytest.mark.django_db


def test_case_manager_searches_and_records_a_skill(client, login, make_candidate):
    case = make_candidate(skills_of=None)
    login(client, "case_manager")
    url = reverse("person_skills", args=[case.pk])
    page = client.post(url, {"skill_query": "usare il computer", "search": "1"}).content.decode()
    skill = Skill.objects.get(uri="http://data.europa.eu/esco/skill/d15ce60f-ddab-41ce-ba56-398451b77b60")
    assert f'value="{skill.pk}"' in page
    response = client.post(url, {"skill": skill.pk, "source": "assessed", "level": "3", "add": "1"})
    assert response.status_code == 302
    link = PersonSkill.objects.get(person=case.person)
    assert (link.skill, link.source, link.level) == (skill, "assessed", 3)
    assert client.post(reverse("person_skill_remove", args=[case.pk, link.pk])).status_code == 302
    assert not PersonSkill.objects.exists()


def test_choosing_no_skill_is_refused(client, login, make_candidate, in_english):
    case = make_candidate(skills_of=None)
    login(client, "case_manager")
    response = client.post(reverse("person_skills", args=[case.pk]), {"skill_query": "computer", "add": "1"})
    assert "Choose the skill" in response.content.decode() and not PersonSkill.objects.exists()


def test_other_hub_gets_404_and_officer_403(client, login, make_candidate):
    case = make_candidate(skills_of=None)
    login(client, "other_case_manager")
    assert client.get(reverse("person_skills", args=[case.pk])).status_code == 404
    login(client, "company_officer")
    assert client.get(reverse("person_skills", args=[case.pk])).status_code == 403


def test_case_page_shows_top_vacancies_and_missing_skills(client, login, make_vacancy, make_candidate, in_english):
    vacancy = make_vacancy()
    case = make_candidate(how_many=3)
    login(client, "case_manager")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="case-vacancies"' in page and vacancy.title in page
    assert "Missing essential skills" in page
