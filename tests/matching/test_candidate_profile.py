"""The candidate profile the ranking reads: work history mapped to ESCO (skills inferred), hard constraints from
the person record (licence, hours, commute, Law 68, accessibility), availability, and the weights as data."""

import datetime as dt

import pytest

from florwork.accounts.policy import SYSTEM
from florwork.matching.selectors import vacancies_for_case, vacancy_ranking
from florwork.people.services import sensitive_update, work_experience_add

from .vacancy_support import WAREHOUSE_WORKER

pytestmark = pytest.mark.django_db


def _rank(actors, vacancy, who="company_officer"):
    return vacancy_ranking(actor=actors[who], vacancy_id=vacancy.pk)


def test_past_job_in_free_text_gives_inferred_skills_and_experience(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    case = make_candidate(skills_of=None)
    work_experience_add(by=SYSTEM, person=case.person, occupation="Aiuto cuoco", employer="Trattoria",
                        start=dt.date(2020, 1, 1), end=dt.date(2022, 6, 30), contract_kind="fixed_term")
    result = _rank(actors, vacancy).results[0]
    assert {line.how_code for line in result.explanation.matched} == {"inferred"}
    parts = {p.code: p for p in result.explanation.parts}
    assert parts["experience"].points == pytest.approx(parts["experience"].max_points)


def test_required_licence_leaves_out_who_has_none(actors, make_vacancy, make_candidate, in_english):
    vacancy = make_vacancy(required_licences=["B"])
    make_candidate(first_name="Senza")
    with_licence = make_candidate(first_name="Con", driving_licences=["B"])
    ranking = _rank(actors, vacancy)
    assert [r.case_id for r in ranking.results] == [with_licence.pk]
    assert ranking.excluded == {"driving licence required": 1}


def test_weekly_hours_outside_the_preference_leave_out(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy(hours="full_time", weekly_hours=40)
    make_candidate(hours_preference="part_time")
    assert _rank(actors, vacancy).results == []


def test_commute_beyond_the_limit_leaves_out(actors, make_vacancy, make_candidate, florence, in_english):
    from florwork.territory.selectors import comune_by_name

    far = comune_by_name(name="Firenzuola", province_code="FI")
    vacancy = make_vacancy(site="hq")  # the company's site is in Firenze
    make_candidate(first_name="Lontano", residence_istat=far.istat_code, max_commute_minutes=30)
    near = make_candidate(first_name="Vicino", residence_istat=florence["Firenze"].istat_code, max_commute_minutes=30)
    ranking = _rank(actors, vacancy)
    assert [r.case_id for r in ranking.results] == [near.pk]
    assert "Lives in the comune of the workplace." in ranking.results[0].explanation.notes


def test_law68_vacancy_ranks_only_enrolled_people(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy(law68_eligible=True)
    make_candidate(first_name="Non")
    enrolled = make_candidate(first_name="Iscritto")
    sensitive_update(by=actors["case_manager"], person=enrolled.person,
                     changes={"law68_enrolled": True, "invalidity_percentage": 67})
    assert [r.case_id for r in _rank(actors, vacancy).results] == [enrolled.pk]


def test_accessibility_needs_filter_but_are_never_shown_to_the_company(actors, make_vacancy, make_candidate):
    plain = make_vacancy()
    accessible = make_vacancy(title="Aiuto cuoco accessibile", accessibility=["step_free", "seated_work"])
    case = make_candidate()
    sensitive_update(by=actors["case_manager"], person=case.person, changes={"accessibility_needs": ["step_free"]})
    left_out = _rank(actors, plain)
    assert left_out.results == [] and left_out.excluded == {}  # not even a count that hints at health data
    shown = _rank(actors, accessible).results[0]
    assert all("accessible" not in text for text in shown.explanation.constraints_passed)
    mine = vacancies_for_case(actor=actors["case_manager"], case_id=case.pk)
    assert [r.vacancy.pk for r in mine] == [accessible.pk]


def test_person_not_available_now_is_not_a_candidate(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    make_candidate(availability="not_now")
    assert _rank(actors, vacancy).results == []


def test_ranking_is_deterministic(actors, make_vacancy, make_candidate):
    vacancy = make_vacancy()
    for name in ("Uno", "Due", "Tre"):
        make_candidate(first_name=name, how_many=4)
    first = [(r.case_id, r.score) for r in _rank(actors, vacancy).results]
    assert first == [(r.case_id, r.score) for r in _rank(actors, vacancy).results]
    assert [c for c, _s in first] == sorted(c for c, _s in first)  # equal scores: by case id


def test_new_weights_change_the_score_and_keep_the_history(client, login, actors, make_vacancy, make_candidate):
    import json

    from florwork.matching.profile_models import RankingWeights

    vacancy = make_vacancy(uri=WAREHOUSE_WORKER)
    make_candidate(how_many=5)
    before = _rank(actors, vacancy).results[0].score
    values = dict(RankingWeights.objects.get(version=1).values, essential=0.0, readiness=90.0)
    login(client, "programme_manager")
    response = client.post("/matching/weights/", {"values": json.dumps(values), "note": "prova"})
    assert response.status_code == 302
    assert list(RankingWeights.objects.values_list("version", flat=True)) == [2, 1]
    ranking = _rank(actors, vacancy)
    assert ranking.weights_version == 2 and ranking.results[0].score != before


def test_bad_weights_are_refused_naming_the_key(client, login, in_english):
    from florwork.matching.profile_models import RankingWeights

    login(client, "programme_manager")
    response = client.post("/matching/weights/", {"values": '{"essential": -1}', "note": "x"})
    assert response.status_code == 200 and "essential must not be negative" in response.content.decode()
    assert RankingWeights.objects.count() == 1


def test_weights_page_needs_rules_manage(client, login):
    login(client, "company_officer")
    assert client.get("/matching/weights/").status_code == 403
