"""Ranking candidates for a vacancy: only consenting people in a fit case state, by pseudonymous code, explained."""

import pytest
from django.urls import reverse

from florwork.matching.pseudonyms import candidate_code
from florwork.matching.selectors import candidates_for_vacancy, vacancies_for_case, vacancy_ranking

from .vacancy_support import KITCHEN_ASSISTANT, WAREHOUSE_WORKER

pytestmark = pytest.mark.django_db


def test_candidates_ranked_by_skills_with_explanation(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    strong = make_candidate(first_name="Anna")
    weak = make_candidate(first_name="Bruno", how_many=3)
    results = candidates_for_vacancy(actor=actors["company_officer"], vacancy_id=vacancy.pk)
    assert [r.case_id for r in results] == [strong.pk, weak.pk]
    assert results[0].score > results[1].score
    assert results[0].code == candidate_code(person_id=strong.person_id, vacancy_id=vacancy.pk)
    assert results[0].explanation.matched and not results[0].explanation.missing_essential
    assert results[1].explanation.missing_essential
    assert {p.code for p in results[0].explanation.parts} >= {"essential", "experience", "readiness"}


def test_candidate_without_consent_never_appears_nor_counts(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    make_candidate(consent=False)
    ranking = vacancy_ranking(actor=actors["company_officer"], vacancy_id=vacancy.pk)
    assert ranking.results == [] and ranking.eligible == 0 and ranking.excluded == {}


@pytest.mark.parametrize("state", ["intake", "placed", "suspended"])
def test_case_in_an_unfit_state_is_not_a_candidate(actors, make_vacancy, make_candidate, state):
    vacancy = make_vacancy()
    make_candidate(state=state, consent=state != "intake")
    assert candidates_for_vacancy(actor=actors["company_officer"], vacancy_id=vacancy.pk) == []


def test_code_differs_between_vacancies(actors, make_vacancy, make_candidate):
    first, second = make_vacancy(), make_vacancy(title="Aiuto cuoco sera")
    case = make_candidate()
    codes = {candidates_for_vacancy(actor=actors["company_officer"], vacancy_id=v.pk)[0].code
             for v in (first, second)}
    assert len(codes) == 2
    assert candidate_code(person_id=case.person_id, vacancy_id=first.pk) in codes


def test_vacancy_without_essential_skills_still_ranks_and_says_so(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy(essential_skills=[], optional_skills=[])
    make_candidate()
    ranking = vacancy_ranking(actor=actors["company_officer"], vacancy_id=vacancy.pk)
    assert ranking.no_essential_skills and len(ranking.results) == 1


def test_ranking_page_shows_codes_not_names(client, login, make_vacancy, make_candidate, in_english):
    vacancy = make_vacancy()
    case = make_candidate(first_name="Zebedeo", last_name="Quintavalle")
    login(client, "company_officer")
    response = client.get(reverse("vacancy_ranking", args=[vacancy.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert candidate_code(person_id=case.person_id, vacancy_id=vacancy.pk) in page
    assert "Zebedeo" not in page and "Quintavalle" not in page and case.person.codice_fiscale not in page
    assert "Essential skills" in page


def test_ranking_page_refused_without_matching_grant(client, login, make_vacancy):
    vacancy = make_vacancy()
    login(client, "social_worker")
    assert client.get(reverse("vacancy_ranking", args=[vacancy.pk])).status_code == 403


def test_ranking_is_audited(actors, make_vacancy, make_candidate):
    from florwork.audit.models import AuditEntry

    vacancy = make_vacancy()
    case = make_candidate()
    candidates_for_vacancy(actor=actors["company_officer"], vacancy_id=vacancy.pk)
    entry = AuditEntry.objects.filter(object_type="matching.Vacancy", operation="read").latest("seq")
    assert entry.detail["cases"] == [case.pk]


def test_case_manager_sees_top_vacancies_with_missing_skills(actors, make_vacancy, make_candidate):
    kitchen = make_vacancy(uri=KITCHEN_ASSISTANT)
    warehouse = make_vacancy(uri=WAREHOUSE_WORKER)
    case = make_candidate(how_many=5)
    results = vacancies_for_case(actor=actors["case_manager"], case_id=case.pk)
    assert [r.vacancy.pk for r in results][0] == kitchen.pk
    assert warehouse.pk in [r.vacancy.pk for r in results]
    assert results[0].missing_essential


def test_other_hub_case_manager_gets_404(actors, make_candidate):
    from django.http import Http404

    case = make_candidate()
    with pytest.raises(Http404):
        vacancies_for_case(actor=actors["other_case_manager"], case_id=case.pk)
