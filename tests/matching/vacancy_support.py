"""Fixtures of the vacancy and ranking tests: companies with a site, vacancies, presentable candidates."""

import pytest
from django.utils import timezone

from tests.employers import registry_support

florence, make_company = registry_support.florence, registry_support.make_company  # the fixtures

ESCO = "http://data.europa.eu/esco/"
KITCHEN_ASSISTANT = ESCO + "occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c"
WAREHOUSE_WORKER = ESCO + "occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
BUILDING_CLEANER = ESCO + "occupation/303a1e34-cb16-4054-b323-81e5eec17397"


def occupation(uri: str):
    from florwork.matching.models import Occupation

    return Occupation.objects.get(uri=uri)


def vacancy_data(uri: str = KITCHEN_ASSISTANT, **changes) -> dict:
    """What VacancyForm.cleaned_data holds for a vacancy of the occupation with its ESCO skills."""
    from florwork.matching.forms import occupation_skills

    job = occupation(uri)
    essential, optional = occupation_skills(job)
    data = {"title": "", "occupation": job, "description": "", "essential_skills": essential,
            "optional_skills": optional, "contract_kind": "fixed_term", "hours": "full_time", "weekly_hours": None,
            "positions": 1, "site": None, "required_licences": [], "min_isced_level": None,
            "min_italian_level": "", "other_requirements": "", "accessibility": [], "law68_eligible": False,
            "closes_on": None}
    data.update(changes)
    return data


@pytest.fixture
def company(make_company):
    return make_company(name="Trattoria Da Gino S.r.l.")


@pytest.fixture
def make_vacancy(actors, company):
    from florwork.matching.services import vacancy_create, vacancy_publish

    def make(*, uri=KITCHEN_ASSISTANT, publish=True, by="company_officer", target=None, **changes):
        target = target or company
        data = vacancy_data(uri, **changes)
        if data.get("site") == "hq":
            data["site"] = target.sites.first()
        vacancy = vacancy_create(company_id=target.pk, data=data, by=actors[by])
        if publish:
            vacancy = vacancy_publish(vacancy_id=vacancy.pk, by=actors[by])
        return vacancy

    return make


@pytest.fixture
def make_candidate(actors, make_case):
    """make_candidate(skills_of=URI, consent=True, state="active", **person fields) -> the Case."""
    from florwork.accounts.policy import SYSTEM, Action, may
    from florwork.matching.forms import occupation_skills
    from florwork.matching.services import person_skill_add
    from florwork.people.models import Consent
    from florwork.people.services import consent_give

    def make(*, skills_of=KITCHEN_ASSISTANT, how_many=None, consent=True, state="active", **person_fields):
        case = make_case(state=state, **person_fields)
        if consent:
            if may(actors["case_manager"], Action.PERSON_UPDATE, case.person):
                consent_give(by=actors["case_manager"], person=case.person, purpose="employer_presentation",
                             given_at=timezone.now())
            else:  # a suspended case: the consent was recorded before the suspension
                Consent.objects.create(person=case.person, purpose="employer_presentation", given_at=timezone.now())
        if skills_of:
            essential, _optional = occupation_skills(occupation(skills_of))
            for skill in essential[:how_many]:
                person_skill_add(person=case.person, skill=skill, by=SYSTEM)
        return case

    return make
