"""Shared by the shortlist tests: a published vacancy of a company, and consenting candidates' cases."""

import datetime as dt

import pytest
from django.utils import timezone

from florwork.employers.models import Company
from florwork.matching.models import Occupation, Skill
from florwork.matching.vacancy_models import Vacancy, VacancySkill, VacancyStatus
from florwork.shortlists.models import ShortlistEntry, Stage


@pytest.fixture
def company(db):
    now = timezone.now()
    return Company.objects.create(legal_name="Officine Rossi S.r.l.", state_changed_at=now, created_at=now,
                                  updated_at=now)


@pytest.fixture
def make_vacancy(company):
    def make(*, title="Magazziniere", status=VacancyStatus.PUBLISHED, company=company, skills=2):
        now = timezone.now()
        vacancy = Vacancy.objects.create(
            company=company, title=title, occupation=Occupation.objects.order_by("pk").first(),
            contract_kind="fixed_term", status=status, weekly_hours=30,
            published_at=None if status == VacancyStatus.DRAFT else now, created_at=now, updated_at=now)
        for skill in Skill.objects.order_by("pk")[:skills]:
            VacancySkill.objects.create(vacancy=vacancy, skill=skill, essential=True)
        return vacancy

    return make


@pytest.fixture
def vacancy(make_vacancy):
    return make_vacancy()


@pytest.fixture
def candidate(make_case, actors):
    """candidate(consent=True, **person_fields) -> an active case whose person may be presented to employers."""
    from florwork.people.services import consent_give

    def make(*, consent=True, state="active", **person_fields):
        case = make_case(state=state, **person_fields)
        if consent:
            consent_give(by=actors["case_manager"], person=case.person, purpose="employer_presentation",
                         given_at=timezone.now())
        return case

    return make


@pytest.fixture
def make_entry():
    """An entry written directly at a stage (for the funnel and the pages; the services are tested alone)."""

    def make(*, vacancy, case, stage=Stage.PROPOSED, officer=None, days_ago=30, reason="", code=None):
        today = timezone.localdate()
        dates = {}
        order = ["proposed", "presented", "interview", "trial", "hired"]
        path = order[: order.index(stage) + 1] if stage != Stage.NOT_HIRED else ["proposed", "presented"]
        for step, name in enumerate(path):
            dates[f"{name}_on"] = today - dt.timedelta(days=days_ago - step)
        extra = {}
        if stage == Stage.NOT_HIRED:
            dates["not_hired_on"] = today - dt.timedelta(days=days_ago - 2)
            extra["not_hired_reason"] = reason or "skills"
        now = timezone.now()
        return ShortlistEntry.objects.create(
            vacancy=vacancy, case=case, person=case.person, code=code or f"C-{case.person_id:04d}", stage=stage,
            officer_user_id=officer.user_id if officer else None, officer_label=officer.label if officer else "",
            created_at=now, updated_at=now, **dates, **extra)

    return make
