"""Vacancy services: audited, VACANCY_MANAGE only, state rules, and a refused operation writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.matching.services import vacancy_close, vacancy_create, vacancy_publish, vacancy_update
from florwork.matching.vacancy_models import Vacancy, VacancySkill

from .vacancy_support import vacancy_data

pytestmark = pytest.mark.django_db


def test_create_is_audited_without_personal_data(actors, company):
    vacancy = vacancy_create(company_id=company.pk, data=vacancy_data(), by=actors["company_officer"])
    entry = AuditEntry.objects.filter(object_type="matching.Vacancy", object_id=str(vacancy.pk)).get()
    assert entry.operation == "create" and entry.detail["company"] == company.pk
    assert vacancy.title == vacancy.occupation.label and vacancy.status == "draft"


def test_roles_without_vacancy_manage_are_refused(actors, company):
    for who in ("case_manager", "social_worker", "programme_manager"):
        with pytest.raises(PermissionDenied):
            vacancy_create(company_id=company.pk, data=vacancy_data(), by=actors[who])
    assert not Vacancy.objects.exists()


def test_site_of_another_company_is_refused_and_nothing_written(actors, company, make_company):
    other = make_company(name="Altra S.r.l.")
    with pytest.raises(ValidationError) as error:
        vacancy_create(company_id=company.pk, data=vacancy_data(site=other.sites.first()), by=actors["company_officer"])
    assert "site" in error.value.message_dict
    assert not Vacancy.objects.exists() and not VacancySkill.objects.exists()


def test_publish_only_a_draft_and_close_as_filled_or_closed(actors, make_vacancy):
    vacancy = make_vacancy()
    with pytest.raises(ValidationError):
        vacancy_publish(vacancy_id=vacancy.pk, by=actors["company_officer"])
    with pytest.raises(ValidationError):
        vacancy_close(vacancy_id=vacancy.pk, status="published", by=actors["company_officer"])
    vacancy = vacancy_close(vacancy_id=vacancy.pk, status="closed", by=actors["company_officer"])
    assert vacancy.status == "closed"
    with pytest.raises(ValidationError):
        vacancy_update(vacancy_id=vacancy.pk, version=vacancy.version, data=vacancy_data(),
                       by=actors["company_officer"])


def test_a_draft_can_be_withdrawn_not_filled(actors, make_vacancy):
    draft = make_vacancy(publish=False)
    with pytest.raises(ValidationError):
        vacancy_close(vacancy_id=draft.pk, status="filled", by=actors["company_officer"])
    assert vacancy_close(vacancy_id=draft.pk, status="closed", by=actors["company_officer"]).status == "closed"


def test_update_replaces_skills_and_a_stale_version_changes_nothing(actors, make_vacancy):
    vacancy = make_vacancy(publish=False)
    data = vacancy_data(title="Aiuto cuoco turno serale")
    data["essential_skills"] = data["essential_skills"][:2]
    updated = vacancy_update(vacancy_id=vacancy.pk, version=vacancy.version, data=data, by=actors["company_officer"])
    assert updated.version == vacancy.version + 1
    assert VacancySkill.objects.filter(vacancy=vacancy, essential=True).count() == 2
    with pytest.raises(Conflict):
        vacancy_update(vacancy_id=vacancy.pk, version=vacancy.version, data=vacancy_data(title="Altro"),
                       by=actors["company_officer"])
    assert Vacancy.objects.get(pk=vacancy.pk).title == "Aiuto cuoco turno serale"
