"""Demo vacancies and the demo people's ESCO skills: a few dozen vacancies of the bundled taxonomy from the demo
companies (published and drafts, one without essential skills), declared skills for the people with an open case,
rankings with real matches; deterministic and safe to re-run.

The partnership, 120 demo companies and 40 demo people are loaded once for the module, inside a transaction
rolled back at the end.
"""

import pytest
from django.db import transaction

from florwork.accounts.policy import SYSTEM
from florwork.audit.selectors import audit_verify
from florwork.demo.companies import demo_companies_load
from florwork.demo.people import demo_people_load
from florwork.demo.services import demo_load
from florwork.demo.vacancies import SECTOR_JOBS, demo_matching_load, vacancies_plan
from florwork.employers.models import Company
from florwork.events import muted
from florwork.matching.models import Occupation
from florwork.matching.profile_models import PersonSkill
from florwork.matching.selectors import vacancy_ranking
from florwork.matching.vacancy_models import Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(by=SYSTEM, seed=1)  # the partnership only
        demo_companies_load(seed=1, count=120)
        with muted():
            demo_people_load(seed=1, count=40)
        yield demo_matching_load(seed=1)
        transaction.set_rollback(True)


def _companies():
    return list(Company.objects.exclude(ateco_code="").order_by("partita_iva", "pk"))


def test_a_few_dozen_vacancies_published_and_drafts(loaded):
    vacancies, _skills = loaded
    planned = vacancies_plan(seed=1, companies=_companies(), count=36)
    assert vacancies == len(planned) == Vacancy.objects.count() >= 24
    statuses = set(Vacancy.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published"}


def test_vacancies_use_the_bundled_taxonomy_and_fit_the_sector(loaded):
    bundled = set(Occupation.objects.values_list("uri", flat=True))
    for vacancy in Vacancy.objects.select_related("occupation", "company"):
        assert vacancy.occupation.uri in bundled
        division = vacancy.company.ateco_code[:2]
        jobs = {"http://data.europa.eu/esco/occupation/" + uri for uri, _title in SECTOR_JOBS[division]}
        assert vacancy.occupation.uri in jobs
    with_essential = Vacancy.objects.filter(skill_links__essential=True).values("pk").distinct().count()
    assert Vacancy.objects.count() - with_essential == 1  # the one without essential skills


def test_people_declare_esco_skills(loaded):
    _vacancies, skills = loaded
    assert skills == PersonSkill.objects.count() > 40
    assert PersonSkill.objects.values("person").distinct().count() >= 20


def test_rankings_find_matching_candidates(loaded):
    best = 0
    for vacancy in Vacancy.objects.filter(status="published"):
        results = vacancy_ranking(actor=SYSTEM, vacancy_id=vacancy.pk).results
        if results:
            best = max(best, results[0].score)
            assert all(r.explanation.parts for r in results)
    assert best >= 40


def test_a_second_load_changes_nothing(loaded):
    assert demo_matching_load(seed=1) == (0, 0)


def test_the_audit_chain_still_verifies(loaded):
    _count, breaks = audit_verify()
    assert breaks == []
