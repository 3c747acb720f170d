"""Vacancies: create, edit, publish, close. One transaction each, audited, VACANCY_MANAGE.

``data`` is ``VacancyForm.cleaned_data`` (the page, the API and the opportunities app all pass it); the
service checks again what the data must satisfy whoever sends it (the site belongs to the company, a skill
is not both essential and optional, the state allows the change).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.matching.vacancy_models import Vacancy, VacancySkill, VacancyStatus

FIELDS = ("title", "occupation", "description", "contract_kind", "hours", "weekly_hours", "positions", "site",
          "required_licences", "min_isced_level", "min_italian_level", "other_requirements", "accessibility",
          "law68_eligible", "closes_on")
EDITABLE = (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED)
CLOSING = (VacancyStatus.FILLED, VacancyStatus.CLOSED)


def _require(actor: Actor) -> None:
    if not may(actor, Action.VACANCY_MANAGE):
        raise PermissionDenied


def _audit(by: Actor, operation: str, vacancy: Vacancy, fields, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT, object_type="matching.Vacancy",
                 object_id=vacancy.pk, object_label=vacancy.code, fields=fields,
                 detail={"company": vacancy.company_id, "status": vacancy.status, **detail})


def _company(company_id: int):
    from florwork.employers.models import Company

    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise Http404
    return company


def _clean(data: dict[str, Any], company_id: int) -> tuple[dict[str, Any], list, list]:
    """The vacancy's field values and its (essential, optional) skills; refuses what no form may send."""
    values = {name: data[name] for name in FIELDS if name in data}
    if values.get("occupation") is None:
        raise ValidationError({"occupation": _("Choose the occupation.")})
    site = values.get("site")
    if site is not None and site.company_id != company_id:
        raise ValidationError({"site": _("The site is not one of this company's.")})
    essential = list(dict.fromkeys(data.get("essential_skills") or []))
    optional = [s for s in dict.fromkeys(data.get("optional_skills") or []) if s not in essential]
    if set(essential) & set(data.get("optional_skills") or []):
        raise ValidationError({"optional_skills": _("A skill is either essential or optional, not both.")})
    if not (values.get("title") or "").strip():
        values["title"] = values["occupation"].label[:200]
    for name in ("description", "other_requirements", "min_italian_level"):
        values[name] = (values.get(name) or "").strip()
    for name in ("required_licences", "accessibility"):
        values[name] = sorted(set(values.get(name) or []))
    return values, essential, optional


def _write_skills(vacancy: Vacancy, essential: list, optional: list) -> None:
    VacancySkill.objects.filter(vacancy=vacancy).delete()
    VacancySkill.objects.bulk_create([VacancySkill(vacancy=vacancy, skill=s, essential=True) for s in essential]
                                     + [VacancySkill(vacancy=vacancy, skill=s, essential=False) for s in optional])


def vacancy_create(*, company_id: int, data: dict[str, Any], by: Actor) -> Vacancy:
    """A draft vacancy of the company, with its skills."""
    _require(by)
    company = _company(company_id)
    values, essential, optional = _clean(data, company.pk)
    now = timezone.now()
    with transaction.atomic():
        vacancy = Vacancy(company=company, created_at=now, updated_at=now, status=VacancyStatus.DRAFT,
                          created_by_organization_id=by.organization_id, created_by_user_id=by.user_id, **values)
        vacancy.full_clean(exclude=["company", "occupation", "site"])
        vacancy.save()
        _write_skills(vacancy, essential, optional)
        _audit(by, Operation.CREATE, vacancy, ["vacancy", "skills"], essential=len(essential),
               optional=len(optional))
        publish("vacancy.changed", vacancy_id=vacancy.pk)
    return vacancy


def _locked(vacancy_id: int) -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
    if vacancy is None:
        raise Http404
    return vacancy


def vacancy_update(*, vacancy_id: int, version: int, data: dict[str, Any], by: Actor) -> Vacancy:
    """Change a draft or published vacancy; a stale version raises Conflict and changes nothing."""
    _require(by)
    with transaction.atomic():
        vacancy = _locked(vacancy_id)
        if vacancy.version != version:
            raise Conflict
        if vacancy.status not in EDITABLE:
            raise ValidationError({"status": _("A filled or closed vacancy can no longer change.")})
        values, essential, optional = _clean(data, vacancy.company_id)
        changed = [name for name, value in values.items() if getattr(vacancy, name) != value]
        before = {(link.skill_id, link.essential) for link in vacancy.skill_links.all()}
        after = {(s.pk, True) for s in essential} | {(s.pk, False) for s in optional}
        for name, value in values.items():
            setattr(vacancy, name, value)
        vacancy.updated_at = timezone.now()
        vacancy.full_clean(exclude=["company", "occupation", "site"])
        Vacancy.objects.filter(pk=vacancy.pk).update(**values, updated_at=vacancy.updated_at,
                                                     version=F("version") + 1)
        vacancy.version = version + 1
        if before != after:
            _write_skills(vacancy, essential, optional)
            changed.append("skills")
        _audit(by, Operation.UPDATE, vacancy, changed or ["vacancy"])
        publish("vacancy.changed", vacancy_id=vacancy.pk)
    return vacancy


def vacancy_publish(*, vacancy_id: int, by: Actor) -> Vacancy:
    """A draft becomes open: candidates are ranked for it and it appears in the case managers' matches."""
    _require(by)
    with transaction.atomic():
        vacancy = _locked(vacancy_id)
        if vacancy.status != VacancyStatus.DRAFT:
            raise ValidationError({"status": _("Only a draft can be published; this vacancy is %(status)s.")
                                   % {"status": vacancy.get_status_display()}})
        if vacancy.closes_on and vacancy.closes_on < timezone.localdate():
            raise ValidationError({"closes_on": _("The closing date is in the past: change it before publishing.")})
        now = timezone.now()
        vacancy.status, vacancy.published_at, vacancy.updated_at = VacancyStatus.PUBLISHED, now, now
        vacancy.version += 1
        vacancy.save(update_fields=["status", "published_at", "updated_at", "version"])
        _audit(by, Operation.UPDATE, vacancy, ["status"])
        publish("vacancy.changed", vacancy_id=vacancy.pk)
    return vacancy


def vacancy_close(*, vacancy_id: int, status: str, by: Actor) -> Vacancy:
    """Close a vacancy as filled or as closed (withdrawn, expired). A draft may be closed without publishing."""
    _require(by)
    if status not in CLOSING:
        raise ValidationError({"status": _("A vacancy closes as filled or closed.")})
    with transaction.atomic():
        vacancy = _locked(vacancy_id)
        if vacancy.status in CLOSING:
            raise ValidationError({"status": _("This vacancy is already %(status)s.")
                                   % {"status": vacancy.get_status_display()}})
        if status == VacancyStatus.FILLED and vacancy.status == VacancyStatus.DRAFT:
            raise ValidationError({"status": _("A draft was never published: it can be closed, not filled.")})
        now = timezone.now()
        vacancy.published_at = vacancy.published_at or now  # the database holds: only a draft has no date
        vacancy.status, vacancy.updated_at = status, now
        vacancy.version += 1
        vacancy.save(update_fields=["status", "published_at", "updated_at", "version"])
        _audit(by, Operation.UPDATE, vacancy, ["status"])
        publish("vacancy.changed", vacancy_id=vacancy.pk)
    return vacancy
