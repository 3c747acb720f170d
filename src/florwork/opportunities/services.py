"""Opportunities: record, change, move through their status, turn into a vacancy or an Art. 14 convention.
One transaction each, audited (ids and labels only)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Organization, User
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import OrganizationKind, Role
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers.models import Company
from florwork.opportunities import lifecycle
from florwork.opportunities.models import (
    COOPERATIVE_KINDS,
    Opportunity,
    OpportunityKind,
    OpportunitySource,
    OpportunityStatus,
    OpportunityStatusChange,
)

EDITABLE = ("kind", "title", "description", "source", "expected_places", "expected_value", "actual_value",
            "cooperative", "notes", "next_step", "next_step_on", "officer")
MAX_PLACES = 999
MAX_VALUE = Decimal("9999999999.99")
# Art. 14 D.Lgs 276/2003 c.1: the commission goes to a type-B social cooperative (L. 381/1991 art. 1 c.1 b)
ART14_COOPERATIVES = frozenset({OrganizationKind.SOCIAL_COOP_B})
SOCIAL_COOPERATIVES = frozenset({OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_B})


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, opportunity: Opportunity, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="opportunities.Opportunity", object_id=opportunity.pk, object_label=opportunity.code,
                 fields=sorted(fields), detail={"company": opportunity.company_id, "kind": opportunity.kind,
                                                **detail})


def _history(opportunity: Opportunity, *, by: Actor, from_status: str, to_status: str, reason: str,
             at: datetime) -> None:
    OpportunityStatusChange.objects.create(opportunity=opportunity, from_status=from_status, to_status=to_status,
                                           reason=reason[:300], at=at, by_user_id=by.user_id,
                                           by_label=by.label[:200])


def officer_queryset():
    """Who may be the officer of an opportunity: the active company-relations officers."""
    return User.objects.filter(
        is_active=True, memberships__is_active=True, memberships__role=Role.COMPANY_OFFICER).distinct()


def _check(values: dict[str, Any], status: str) -> dict[str, list[str]]:
    """The rules a whole opportunity keeps, by field (so that a form or the API names the field). An Art. 14
    commission only identified (e.g. from a Law 68 flag) may still lack its cooperative and value; it is
    qualified once both are known."""
    errors: dict[str, list[str]] = {}
    kind = values.get("kind")
    if kind not in OpportunityKind.values:
        errors["kind"] = [_("Choose the kind of opportunity.")]
    if not (values.get("title") or "").strip():
        errors["title"] = [_("Give the opportunity a short title.")]
    places = values.get("expected_places")
    if places is not None and not 0 <= places <= MAX_PLACES:
        errors["expected_places"] = [_("Give a number of places between 0 and %(max)d.") % {"max": MAX_PLACES}]
    for name in ("expected_value", "actual_value"):
        value = values.get(name)
        if value is not None and not 0 <= value <= MAX_VALUE:
            errors[name] = [_("A value cannot be negative.") if value < 0 else _("The value is too large.")]
    cooperative: Organization | None = values.get("cooperative")
    if kind in COOPERATIVE_KINDS:
        wanted = ART14_COOPERATIVES if kind == OpportunityKind.ART14 else SOCIAL_COOPERATIVES
        if cooperative is None and (kind != OpportunityKind.ART14 or status != OpportunityStatus.IDENTIFIED):
            errors["cooperative"] = [_("Choose the social cooperative.")]
        elif cooperative is not None and (cooperative.kind not in wanted or not cooperative.is_active):
            errors["cooperative"] = [_("An Art. 14 commission goes to an active type-B social cooperative.")
                                     if kind == OpportunityKind.ART14
                                     else _("Choose an active social cooperative.")]
    elif cooperative is not None:
        errors["cooperative"] = [_("Only Art. 14 commissions and purchases from a cooperative name one.")]
    if (kind == OpportunityKind.ART14 and values.get("expected_value") is None
            and status != OpportunityStatus.IDENTIFIED):
        errors["expected_value"] = [_("Give the yearly value of the work the company would commission: the "
                                      "quota coverage follows from it.")]
    officer = values.get("officer")
    if officer is not None and not officer_queryset().filter(pk=officer.pk).exists():
        errors["officer"] = [_("The officer must be an active company-relations officer.")]
    if values.get("source") not in OpportunitySource.values:
        errors["source"] = [_("Choose where the opportunity was found.")]
    return errors


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in EDITABLE if name in data}
    for name in ("title", "description", "notes", "next_step"):
        if name in values:
            values[name] = (values[name] or "").strip()
    for name in ("title", "next_step"):
        if name in values:
            values[name] = values[name][:200]
    return values


def opportunity_create(*, by: Actor, company: Company, data: dict[str, Any], visit: Any = None,
                       status: str = OpportunityStatus.IDENTIFIED) -> Opportunity:
    """Record an opportunity at a company (found at ``visit`` if given); its officer defaults to who records it."""
    _require(by, Action.COMPANY_MANAGE, company)
    values = {"source": OpportunitySource.VISIT if visit is not None else OpportunitySource.OTHER, **_clean(data)}
    if values.get("officer") is None and by.user_id is not None:
        values["officer"] = officer_queryset().filter(pk=by.user_id).first()
    errors = _check(values, status)
    if visit is not None and visit.company_id != company.pk:
        errors["visit"] = [_("The visit was to another company.")]
    if status not in lifecycle.OPEN or status == OpportunityStatus.IN_PROGRESS:
        errors["status"] = [_("A new opportunity is identified or qualified.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            company=company, status=status, status_changed_at=now, created_at=now, updated_at=now,
            created_by_label=by.label[:200], **({"visit": visit} if visit is not None else {}), **values)
        _history(opportunity, by=by, from_status="", to_status=status, reason="", at=now)
        _audit(by, Operation.CREATE, opportunity, values, visit=getattr(visit, "pk", None))
    return opportunity


def _bump(opportunity: Opportunity, version: int | None, changes: dict[str, Any]) -> None:
    """Write only if nobody saved the opportunity since ``version`` was read (no lost update)."""
    rows = Opportunity.objects.filter(pk=opportunity.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if rows.update(**changes, version=F("version") + 1) == 0:
        raise Conflict
    for name, value in changes.items():
        setattr(opportunity, name, value)
    opportunity.version = (version or opportunity.version) + 1


def opportunity_update(*, by: Actor, opportunity: Opportunity, data: dict[str, Any],
                       version: int | None) -> Opportunity:
    """Change what is known about an opportunity (not its status: see ``opportunity_transition``)."""
    _require(by, Action.COMPANY_MANAGE, opportunity)
    changes = _clean(data)
    merged = {name: getattr(opportunity, name) for name in EDITABLE} | changes
    errors = _check(merged, opportunity.status)
    if "kind" in changes and changes["kind"] != opportunity.kind and (opportunity.vacancy_id
                                                                       or opportunity.convention_id):
        errors["kind"] = [_("The opportunity already became a vacancy or a convention: its kind stays.")]
    if errors:
        raise ValidationError(errors)
    changed = [name for name in changes if changes[name] != getattr(opportunity, name)]
    with transaction.atomic():
        _bump(opportunity, version, {**{name: changes[name] for name in changed}, "updated_at": timezone.now()})
        _audit(by, Operation.UPDATE, opportunity, changed)
    return opportunity


def opportunity_transition(*, by: Actor, opportunity: Opportunity, to_status: str, reason: str = "",
                           version: int | None) -> Opportunity:
    """Move the opportunity on (or drop it, with the reason); every move is kept in its history."""
    _require(by, Action.COMPANY_MANAGE, opportunity)
    reason = reason.strip()
    if to_status not in OpportunityStatus.values or not lifecycle.may_move(opportunity.status, to_status):
        raise ValidationError({"to_status": [_("An opportunity cannot move from %(current)s to that status.") % {
            "current": opportunity.get_status_display()}]})
    if lifecycle.needs_reason(to_status) and not reason:
        raise ValidationError({"reason": [_("Say why the opportunity was lost.")]})
    missing = _check({name: getattr(opportunity, name) for name in EDITABLE}, to_status)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    from_status = opportunity.status
    with transaction.atomic():
        _bump(opportunity, version, {"status": to_status, "status_changed_at": now, "updated_at": now,
                                     "lost_reason": reason[:300] if to_status == OpportunityStatus.LOST else ""})
        _history(opportunity, by=by, from_status=from_status, to_status=to_status, reason=reason, at=now)
        _audit(by, Operation.UPDATE, opportunity, ["status"], from_status=from_status, to_status=to_status)
    return opportunity


def _advance_to_in_progress(opportunity: Opportunity, *, by: Actor, reason: str, now: datetime) -> None:
    """Linking a vacancy or a convention means the work is under way: an open opportunity moves on by itself."""
    if opportunity.status in (OpportunityStatus.IDENTIFIED, OpportunityStatus.QUALIFIED):
        from_status = opportunity.status
        _bump(opportunity, None, {"status": OpportunityStatus.IN_PROGRESS, "status_changed_at": now})
        _history(opportunity, by=by, from_status=from_status, to_status=OpportunityStatus.IN_PROGRESS,
                 reason=reason, at=now)


def opportunity_record_convention(*, by: Actor, opportunity: Opportunity, year: int, commission_value: Decimal,
                                  disabled_workers_placed: int, signed_on: date | None = None,
                                  notes: str = "") -> Opportunity:
    """A won Art. 14 opportunity becomes the company's convention (through the registry's own service, which
    recomputes the shortfall), linked to the opportunity, in one transaction."""
    from florwork.employers.services import convention_add

    _require(by, Action.COMPANY_MANAGE, opportunity)
    if opportunity.kind != OpportunityKind.ART14:
        raise ValidationError({"kind": [_("Only an Art. 14 opportunity becomes a convention.")]})
    if opportunity.convention_id is not None:
        raise ValidationError({"convention": [_("The convention of this opportunity is already recorded.")]})
    if opportunity.status != OpportunityStatus.WON:
        raise ValidationError({"status": [_("Record the convention once the opportunity is won.")]})
    now = timezone.now()
    with transaction.atomic():
        convention = convention_add(by=by, company=opportunity.company, cooperative=opportunity.cooperative,
                                    year=year, commission_value=commission_value,
                                    disabled_workers_placed=disabled_workers_placed, signed_on=signed_on,
                                    notes=notes)
        changes = {"convention": convention, "updated_at": now}
        if opportunity.actual_value is None:
            changes["actual_value"] = commission_value
        _bump(opportunity, None, changes)
        _audit(by, Operation.UPDATE, opportunity, ["convention"], convention=convention.pk)
    return opportunity


def opportunity_from_law68(*, by: Actor, company: Company, indirect: bool) -> Opportunity:
    """One click on a Law 68 flag: the company's shortfall recorded as an opportunity to work on."""
    _require(by, Action.COMPANY_MANAGE, company)
    if indirect:
        # D.Lgs 276/2003 art. 14 c.3: a convention covers part of the disabled quota, up to the regional cap
        if company.law68_art14_room < 1:
            raise ValidationError({"kind": [_("This company has no room for an Art. 14 convention.")]})
        data = {"kind": OpportunityKind.ART14, "expected_places": company.law68_art14_room,
                "title": _("Art. 14 convention for up to %(n)d positions") % {"n": company.law68_art14_room}}
    else:
        # L. 68/1999 art. 3: the positions of the reserved quota still missing are hires to make
        if company.law68_shortfall < 1:
            raise ValidationError({"kind": [_("This company has no Law 68 shortfall.")]})
        data = {"kind": OpportunityKind.VACANCY, "expected_places": company.law68_shortfall,
                "title": _("Law 68 hiring: %(n)d positions missing") % {"n": company.law68_shortfall}}
    return opportunity_create(by=by, company=company, data={**data, "source": OpportunitySource.LAW68})


def opportunity_to_vacancy(*, by: Actor, opportunity: Opportunity, data: dict[str, Any],
                           publish: bool = False) -> Any:
    """A direct opportunity becomes a vacancy (``data`` = VacancyForm.cleaned_data), linked to it in the same
    transaction (and published at once if asked); the opportunity moves on to "in progress"."""
    from florwork.matching.services import vacancy_create, vacancy_publish

    _require(by, Action.COMPANY_MANAGE, opportunity)
    if not opportunity.is_direct:
        raise ValidationError({"kind": [_("Only a direct opportunity (vacancy or tirocinio) becomes a vacancy.")]})
    if not opportunity.is_open:
        raise ValidationError({"status": [_("The opportunity is closed: reopen it first.")]})
    now = timezone.now()
    with transaction.atomic():
        # the lock makes two officers converting the same opportunity at once create one vacancy, not two
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if locked.vacancy_id is not None:
            raise ValidationError({"vacancy": [_("This opportunity is already a vacancy.")]})
        vacancy = vacancy_create(company_id=opportunity.company_id, data=data, by=by)
        if publish:
            vacancy = vacancy_publish(vacancy_id=vacancy.pk, by=by)
        _bump(opportunity, None, {"vacancy": vacancy, "updated_at": now})
        _advance_to_in_progress(opportunity, by=by, reason=_("Vacancy %(code)s") % {"code": vacancy.code}, now=now)
        _audit(by, Operation.UPDATE, opportunity, ["vacancy"], vacancy=vacancy.pk, published=publish)
    return vacancy
