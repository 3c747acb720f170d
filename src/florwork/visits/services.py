"""Use cases of visit reports: one transaction each, audited, the policy asked first.

Visit plans have their own use cases in ``planning.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Organization, User
from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers import services as employers
from florwork.employers.models import Company, Contact, RelationshipState, Site
from florwork.visits.models import PlanStop, Visit, VisitOutcome

# A visit moves these relationships to "visited"; an active partner stays a partner.
MOVES_TO_VISITED = frozenset({RelationshipState.PROSPECT, RelationshipState.CONTACTED, RelationshipState.DORMANT})
TEXT_FIELDS = {"met_others": 300, "next_step": 300}


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, visit: Visit, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT, object_type="visits.Visit",
                 object_id=visit.pk, object_label=visit.code, fields=fields, detail=detail)


def _clean(values: dict[str, Any], company: Company) -> dict[str, Any]:
    """The report's fields checked; raises one ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    when = values.get("date")
    if not isinstance(when, date):
        errors["date"] = [_("Give the date of the visit.")]
    elif when > timezone.localdate():
        errors["date"] = [_("A visit report is written after the visit: the date cannot be in the future.")]
    cleaned["date"] = when
    notes = str(values.get("notes") or "").strip()
    if not notes:
        errors["notes"] = [_("Write what was learned at the visit.")]
    cleaned["notes"] = notes
    outcome = values.get("outcome")
    if outcome not in VisitOutcome.values:
        errors["outcome"] = [_("Choose one of the outcomes.")]
    cleaned["outcome"] = outcome
    for name, limit in TEXT_FIELDS.items():
        text = " ".join(str(values.get(name) or "").split())
        if len(text) > limit:
            errors[name] = [_("At most %(n)d characters.") % {"n": limit}]
        cleaned[name] = text
    next_on = values.get("next_step_on")
    if next_on is not None and isinstance(when, date) and next_on < when:
        errors["next_step_on"] = [_("The next step cannot come before the visit.")]
    cleaned["next_step_on"] = next_on
    site = values.get("site")
    if site is not None and (not isinstance(site, Site) or site.company_id != company.pk):
        errors["site"] = [_("Choose one of the company's sites.")]
    cleaned["site"] = site
    contacts = list(values.get("contacts") or [])
    if any(not isinstance(c, Contact) or c.company_id != company.pk for c in contacts):
        errors["contacts"] = [_("Choose people of this company.")]
    cleaned["contacts"] = contacts
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_stop(stop: PlanStop | None, company: Company, organization_id: int | None) -> None:
    if stop is None:
        return
    plan_company = stop.company
    if plan_company.company_id != company.pk or stop.route.plan.organization_id != organization_id:
        raise ValidationError({"stop": _("This planned visit is for another company.")})
    if Visit.objects.filter(stop=stop).exists():
        raise ValidationError({"stop": _("This planned visit already has its report.")}, code="duplicate")


def _mark_visited(company: Company, *, by: Actor, visit: Visit) -> None:
    fresh = Company.objects.get(pk=company.pk)
    if fresh.state in MOVES_TO_VISITED:
        employers.company_transition(by=by, company=fresh, to_state=RelationshipState.VISITED,
                                     reason=_("Visit %(code)s") % {"code": visit.code}, version=fresh.version)
        company.state, company.version = fresh.state, fresh.version


def visit_record(*, by: Actor, company: Company, values: dict[str, Any], stop: PlanStop | None = None,
                 officer=None, organization: Organization | None = None) -> Visit:
    """Record a visit (of a planned stop or ad hoc) and move the company to "visited".

    ``officer``/``organization`` name who visited when the system records on someone's behalf (demo data);
    a user always records their own visits."""
    _require(by, Action.COMPANY_MANAGE, company)
    if not by.is_system:
        officer = User.objects.filter(pk=by.user_id).first()
        organization_id = by.organization_id
    elif officer is None or organization is None:
        raise ValidationError({"officer": _("Name the officer who visited.")})
    else:
        organization_id = organization.pk
    officer_id = officer.pk if officer else by.user_id
    officer_label = (officer.get_full_name() or officer.username) if officer else by.label
    cleaned = _clean(values, company)
    contacts = cleaned.pop("contacts")
    now = timezone.now()
    with transaction.atomic():
        _check_stop(stop, company, organization_id)
        visit = Visit.objects.create(company=company, organization_id=organization_id, officer_id=officer_id,
                                     officer_label=officer_label[:200], stop=stop, created_at=now, updated_at=now,
                                     **cleaned)
        visit.contacts.set(contacts)
        _audit(by, Operation.CREATE, visit, ["date", "contacts", "notes", "outcome", "next_step"],
               company=company.pk, stop=stop.pk if stop else None, contacts=[c.pk for c in contacts])
        _mark_visited(company, by=by, visit=visit)
    return visit


def visit_update(*, by: Actor, visit: Visit, values: dict[str, Any], version: int) -> Visit:
    """Correct a report (the officer's own organization only); refuses a lost update."""
    _require(by, Action.COMPANY_MANAGE, visit)
    cleaned = _clean(values, visit.company)
    contacts = cleaned.pop("contacts")
    now = timezone.now()
    with transaction.atomic():
        updated = Visit.objects.filter(pk=visit.pk, version=version).update(
            **cleaned, updated_at=now, version=F("version") + 1)
        if updated == 0:
            raise Conflict
        visit.contacts.set(contacts)
        visit.refresh_from_db()
        _audit(by, Operation.UPDATE, visit, sorted([*cleaned, "contacts"]), contacts=[c.pk for c in contacts])
    return visit
