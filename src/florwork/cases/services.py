"""Referrals, case transitions, assignments and the timeline: one transaction each, audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import OrganizationKind, Role
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.lifecycle import State, TransitionRefused, check_transition
from florwork.cases.models import Case, CaseEvent, CaseState, ContactChannel, EventKind, Referral, ReferralAttachment
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.people.models import Person
from florwork.people.services import person_create


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, case: Case, fields, purpose=Purpose.CASE_MANAGEMENT, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=purpose, object_type="cases.Case", object_id=case.pk,
                 object_label=case.code, fields=fields, detail={"person": case.person_id, **detail})


def _event(case: Case, by: Actor, kind: str, at: datetime, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, occurred_at=at, recorded_at=timezone.now(),
                                    by_user_id=by.user_id, by_label=by.label, **fields)


def _bump(case: Case, version: int, **changes: Any) -> None:
    """Write the changes only if nobody saved the case since ``version`` was read (no lost update)."""
    updated = Case.objects.filter(pk=case.pk, version=version).update(**changes, version=F("version") + 1)
    if updated == 0:
        raise Conflict
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1


def default_hub_team() -> Organization | None:
    return Organization.objects.filter(kind=OrganizationKind.HUB_OPERATOR, is_active=True).order_by("pk").first()


def referral_create(*, by: Actor, person: Person, reason: str, needs: list[str], urgency: str,
                    team: Organization | None = None, attachments=(), at: datetime | None = None) -> Case:
    """A social worker refers a person; the hub's case starts, referred, with its first timeline entry."""
    _require(by, Action.REFERRAL_CREATE)
    team = team or default_hub_team()
    if team is None or team.kind != OrganizationKind.HUB_OPERATOR:
        raise ValidationError({"team": _("There is no hub operator to refer to.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the person is referred.")})
    at = at or timezone.now()
    with transaction.atomic():
        open_case = Case.objects.select_for_update().filter(person=person).exclude(
            state__in=[CaseState.CLOSED, CaseState.DROPPED]).first()
        if open_case is not None:
            raise ValidationError({"person": _("This person already has an open case (%(code)s, %(state)s): "
                                               "the hub is already working with them.") % {
                "code": open_case.code, "state": open_case.get_state_display()}}, code="open_case")
        referral = Referral.objects.create(person=person, referring_organization_id=by.organization_id,
                                           referred_by_id=by.user_id, reason=reason, needs=list(needs),
                                           urgency=urgency, created_at=at)
        for upload in attachments:
            ReferralAttachment.objects.create(referral=referral, file=upload, name=upload.name[:200])
        try:
            case = Case.objects.create(person=person, referral=referral, team_organization=team,
                                       state=CaseState.REFERRED, state_changed_at=at, referred_at=at)
        except IntegrityError:  # a concurrent referral won the race for the one open case
            raise ValidationError({"person": _("This person already has an open case.")}, code="open_case") from None
        _event(case, by, EventKind.REFERRAL, at, text=reason, to_state=CaseState.REFERRED,
               detail={"needs": list(needs), "urgency": urgency, "attachments": len(attachments)})
        _audit(by, Operation.CREATE, case, ["referral", "reason", "needs", "urgency"], purpose=Purpose.REFERRAL)
    return case


def referral_create_for_new_person(*, by: Actor, person_data: dict[str, Any], accept_mismatches: bool,
                                   reason: str, needs: list[str], urgency: str, attachments=(),
                                   team: Organization | None = None) -> Case:
    """Register the person and refer them in one transaction: nothing is half-saved."""
    with transaction.atomic():
        person = person_create(by=by, data=person_data, accept_mismatches=accept_mismatches)
        return referral_create(by=by, person=person, reason=reason, needs=needs, urgency=urgency,
                               attachments=attachments, team=team)


_MILESTONES = {State.INTAKE: "intake_at", State.ASSESSED: "assessed_at"}


def case_transition(*, by: Actor, case: Case, to_state: str, reason: str = "", version: int,
                    at: datetime | None = None) -> Case:
    _require(by, Action.CASE_UPDATE, case)
    try:
        transition = check_transition(case.state, to_state, reason=reason, suspended_from=case.suspended_from or None)
    except TransitionRefused as refused:
        raise ValidationError({"to_state": refused.message}, code=refused.code) from None
    at = at or timezone.now()
    changes: dict[str, Any] = {"state": transition.to_state.value, "state_changed_at": at,
                               "state_reason": reason.strip()[:300],
                               "suspended_from": transition.resume_to.value if transition.resume_to else ""}
    milestone = _MILESTONES.get(transition.to_state)
    if milestone and getattr(case, milestone) is None:
        changes[milestone] = at
    if transition.to_state in (State.CLOSED, State.DROPPED):
        changes["closed_at"] = at
    with transaction.atomic():
        _bump(case, version, **changes)
        _event(case, by, EventKind.STATE_CHANGE, at, from_state=transition.from_state.value,
               to_state=transition.to_state.value, text=reason.strip())
        _audit(by, Operation.UPDATE, case, ["state"], from_state=transition.from_state.value,
               to_state=transition.to_state.value)
        publish("case.changed", case_id=case.pk)
    return case


def case_assign(*, by: Actor, case: Case, case_manager_id: int, version: int) -> Case:
    """Give the case to a case manager of its hub team; the history is in the timeline."""
    _require(by, Action.CASE_ASSIGN, case)
    seat = Membership.objects.filter(user_id=case_manager_id, organization_id=case.team_organization_id,
                                     role=Role.CASE_MANAGER, is_active=True, user__is_active=True).select_related(
        "user").first()
    if seat is None:
        raise ValidationError({"case_manager": _("Choose an active case manager of the case's hub team.")})
    if case.owner_id == case_manager_id:
        return case
    previous = case.owner_id
    with transaction.atomic():
        _bump(case, version, owner_id=case_manager_id)
        _event(case, by, EventKind.ASSIGNMENT, timezone.now(), text=str(seat.user),
               detail={"from": previous, "to": case_manager_id})
        _audit(by, Operation.UPDATE, case, ["owner"], from_owner=previous, to_owner=case_manager_id)
        publish("case.changed", case_id=case.pk)
    return case


def case_log_contact(*, by: Actor, case: Case, channel: str, occurred_at: datetime, text: str = "") -> CaseEvent:
    _require(by, Action.CASE_UPDATE, case)
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how the contact happened.")})
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("A contact cannot be logged in the future.")})
    if occurred_at < case.referred_at:
        raise ValidationError({"occurred_at": _("A contact cannot come before the referral.")})
    with transaction.atomic():
        event = _event(case, by, EventKind.CONTACT, occurred_at, channel=channel, text=text)
        if channel != ContactChannel.MISSED:  # a missed appointment is not a contact for the SLA
            Case.objects.filter(pk=case.pk).update(
                last_contact_at=Greatest(Coalesce("last_contact_at", Value(occurred_at)), Value(occurred_at)),
                first_contact_at=Least(Coalesce("first_contact_at", Value(occurred_at)), Value(occurred_at)))
            case.refresh_from_db(fields=["last_contact_at", "first_contact_at"])
        _audit(by, Operation.UPDATE, case, ["timeline"], event=event.pk, kind="contact", channel=channel)
        publish("case.changed", case_id=case.pk)
    return event


def case_add_note(*, by: Actor, case: Case, text: str, document=None) -> CaseEvent:
    _require(by, Action.CASE_UPDATE, case)
    if not text.strip() and document is None:
        raise ValidationError({"text": _("Write the note or attach a document.")})
    kind = EventKind.DOCUMENT if document is not None else EventKind.NOTE
    with transaction.atomic():
        extra = {"document": document, "detail": {"name": document.name[:200]}} if document is not None else {}
        event = _event(case, by, kind, timezone.now(), text=text.strip(), **extra)
        _audit(by, Operation.UPDATE, case, ["timeline"], event=event.pk, kind=kind)
    return event


def sla_targets_update(*, by: Actor, targets: dict[str, tuple[int, int]]) -> None:
    """Set the SLA targets: {clock: (working_days, warn_at)}; a programme manager tunes them."""
    from florwork.cases.models import SlaClock, SlaTarget

    _require(by, Action.RULES_MANAGE)
    errors = {}
    for clock, (working_days, warn_at) in targets.items():
        if clock not in SlaClock.values:
            raise ValueError(f"unknown clock {clock!r}")
        if not 1 <= working_days <= 250 or not 0 <= warn_at <= working_days:
            errors[clock] = _("The target must be between 1 and 250 working days, and the warning no later than it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = {}
        for clock, (working_days, warn_at) in targets.items():
            row, _created = SlaTarget.objects.select_for_update().get_or_create(
                clock=clock, defaults={"working_days": working_days, "warn_at": warn_at})
            if (row.working_days, row.warn_at) != (working_days, warn_at):
                changed[clock] = {"from": [row.working_days, row.warn_at], "to": [working_days, warn_at]}
                row.working_days, row.warn_at = working_days, warn_at
                row.save(update_fields=["working_days", "warn_at", "updated_at"])
        if changed:
            audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.GOVERNANCE,
                         object_type="cases.SlaTarget", object_label="SLA targets", fields=sorted(changed),
                         detail=changed)
