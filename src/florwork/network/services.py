"""Services of the catalogue and partner referrals: one transaction each, audited, events published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from florwork.accounts.models import Organization
from florwork.accounts.policy import SYSTEM, Action, Actor, may
from florwork.accounts.roles import ROLE_ORGANIZATION_KINDS, Role
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.cases.workdays import FLORENCE
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.network import rules
from florwork.network.models import CLOSED_REFERRAL_STATES, NetworkTerms, PartnerReferral, ReferralState, Service
from florwork.network.selectors import applicant_for, eligibility_of, network_terms, seats_taken

PARTNER_KINDS = ROLE_ORGANIZATION_KINDS[Role.PARTNER_OPERATOR]
SERVICE_FIELDS = (
    "kind", "title", "description", "dimension", "min_age", "max_age", "pathways", "disability", "capacity_period",
    "seats_per_period", "waiting_list", "cost_per_participant", "comune", "address", "schedule", "contact_name",
    "contact_phone", "contact_email",
)


def _error(field: str, message: str, code: str) -> ValidationError:
    """A field's error that keeps its code (API clients and tests tell the refusals apart by it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


# --- the catalogue -----------------------------------------------------------------------------------

def _audit_service(by: Actor, operation: str, service: Service, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.PARTNER_SERVICE, object_type="network.Service",
                 object_id=service.pk, object_label=service.title, fields=fields,
                 detail={"organization": service.organization_id, **detail})


def _may_manage_for(by: Actor, organization: Organization) -> bool:
    """The programme manager manages any partner's services; a partner operator only their organization's."""
    if not may(by, Action.SERVICE_MANAGE):
        return False
    return by.is_system or by.role == Role.PROGRAMME_MANAGER or organization.pk == by.organization_id


def _validate(service: Service, comuni) -> None:
    errors: dict[str, list[str]] = {}
    try:
        service.full_clean(exclude=["residence_comuni", "organization"])
    except ValidationError as error:
        errors.update(error.message_dict)
    pathways = service.pathways
    if not isinstance(pathways, list) or any(p not in (1, 2, 3, 4) for p in pathways):
        errors.setdefault("pathways", []).append(_("Pathways are GOL pathways 1 to 4."))
    if service.seats_per_period == 0:
        errors.setdefault("seats_per_period", []).append(_("A service needs at least one seat (leave it empty for "
                                                           "no limit)."))
    if service.min_age is not None and service.max_age is not None and service.min_age > service.max_age:
        errors.setdefault("max_age", []).append(_("The maximum age cannot be lower than the minimum age."))
    if errors:
        raise ValidationError(errors)


def service_create(*, by: Actor, organization: Organization, data: dict[str, Any], residence_comuni=(),
                   at: datetime | None = None) -> Service:
    """Publish a service of a partner organization."""
    if not _may_manage_for(by, organization):
        raise PermissionDenied
    if organization.kind not in PARTNER_KINDS:
        raise ValidationError({"organization": _("Only partner organizations (social cooperatives, training "
                                                 "providers, third sector) publish services.")})
    unknown = set(data) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"unknown service fields {sorted(unknown)}")
    at = at or timezone.now()
    service = Service(organization=organization, created_at=at, updated_at=at, **data)
    _validate(service, residence_comuni)
    with transaction.atomic():
        service.save(force_insert=True)
        service.residence_comuni.set(residence_comuni)
        _audit_service(by, Operation.CREATE, service, [*sorted(data), "residence_comuni"])
    return service


def service_update(*, by: Actor, service: Service, version: int, changes: dict[str, Any],
                   residence_comuni=None) -> Service:
    """Save changes made on a form opened at ``version``; Conflict if someone saved in between."""
    _require(by, Action.SERVICE_MANAGE, service)
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"unknown service fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(service, name, value)
    _validate(service, residence_comuni)
    changed = sorted(changes) + (["residence_comuni"] if residence_comuni is not None else [])
    with transaction.atomic():
        values = {name: getattr(service, name) for name in changes}
        if "comune" in values:
            values["comune_id"] = values.pop("comune").pk
        updated = Service.objects.filter(pk=service.pk, version=version).update(
            **values, updated_at=timezone.now(), version=F("version") + 1)
        if updated == 0:
            raise Conflict
        service.version = version + 1
        if residence_comuni is not None:
            service.residence_comuni.set(residence_comuni)
        _audit_service(by, Operation.UPDATE, service, changed)
    return service


def service_archive(*, by: Actor, service: Service) -> Service:
    """Take a service out of the catalogue: it keeps its referrals and history, and takes no new ones."""
    _require(by, Action.SERVICE_MANAGE, service)
    if service.is_archived:
        return service
    now = timezone.now()
    with transaction.atomic():
        Service.objects.filter(pk=service.pk).update(is_archived=True, archived_at=now, version=F("version") + 1)
        service.refresh_from_db(fields=["is_archived", "archived_at", "version"])
        _audit_service(by, Operation.UPDATE, service, ["is_archived"], archived=True)
    return service


def service_remove(*, by: Actor, service: Service) -> str:
    """Delete a service nobody was ever referred to; one with referrals is archived instead, never orphaned
    (the foreign key protects it too). Returns "deleted" or "archived"."""
    _require(by, Action.SERVICE_MANAGE, service)
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        if service.referrals.exists():
            service_archive(by=by, service=service)
            return "archived"
        _audit_service(by, Operation.DELETE, service, ["service"])
        service.delete()
    return "deleted"


def network_terms_update(*, by: Actor, answer_within_working_days: int) -> NetworkTerms:
    """The programme manager sets how many working days a partner has to answer a referral (new referrals)."""
    _require(by, Action.RULES_MANAGE)
    if not 1 <= answer_within_working_days <= 60:
        raise ValidationError({"answer_within_working_days": _("Give between 1 and 60 working days.")})
    with transaction.atomic():
        terms = network_terms(lock=True)
        before = terms.answer_within_working_days
        if before != answer_within_working_days:
            terms.answer_within_working_days = answer_within_working_days
            terms.save(update_fields=["answer_within_working_days", "updated_at"])
            audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.GOVERNANCE,
                         object_type="network.NetworkTerms", object_label="network terms",
                         fields=["answer_within_working_days"],
                         detail={"from": before, "to": answer_within_working_days})
    return terms


# --- partner referrals -------------------------------------------------------------------------------

def _audit_referral(by: Actor, operation: str, referral: PartnerReferral, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.PARTNER_SERVICE,
                 object_type="network.PartnerReferral", object_id=referral.pk, object_label=referral.code,
                 fields=fields, detail={"case": referral.case_id, "person": referral.person_id,
                                        "service": referral.service_id, "partner": referral.organization_id,
                                        **detail})


def _changed(referral: PartnerReferral) -> None:
    publish("partner_referral.changed", case_id=referral.case_id, partner_referral_id=referral.pk)


def has_sharing_consent(*, person_id: int, organization_id: int) -> bool:
    from florwork.people.models import Consent

    return Consent.objects.filter(person_id=person_id, purpose="partner_sharing", organization_id=organization_id,
                                  withdrawn_at__isnull=True).exists()


# lazy: a module-level text is translated when shown, in the reader's language, not once at import
INELIGIBLE = {
    "age": gettext_lazy("the person's age is outside the service's age range"),
    "pathway": gettext_lazy("the service is not open to the person's GOL pathway"),
    "disability": gettext_lazy("the service is reserved to people with a disability (L. 68/1999)"),
    "residence": gettext_lazy("the service is not open to residents of the person's comune"),
}


def _check_sendable(by: Actor, case: Case, service: Service, reason: str) -> None:
    if not case.is_open:
        raise ValidationError({"case": _("Case %(code)s is closed: open referrals only for open cases.") % {
            "code": case.code}})
    if service.is_archived:
        raise ValidationError({"service": _("This service is archived and takes no new referrals.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you refer the person to this service.")})
    if not has_sharing_consent(person_id=case.person_id, organization_id=service.organization_id):
        raise _error("service", _(
            "The person has not given a live consent to share their data with %(partner)s: record the consent "
            "(purpose: sharing with a named partner organization) before referring them.") % {
            "partner": service.organization.name}, "no_consent")
    reasons = rules.ineligibility(eligibility_of(service), applicant_for(by, case))
    if reasons:
        raise _error("service", _("The person is not eligible: %(reasons)s.") % {
            "reasons": "; ".join(str(INELIGIBLE[r]) for r in reasons)}, "not_eligible")


def _name_of(by: Actor) -> str:
    """The sender's name as the partner reads it (who to call back), else the actor's label."""
    from florwork.accounts.models import User

    user = User.objects.filter(pk=by.user_id).first() if by.user_id else None
    return ((user.get_full_name() if user else "") or by.label)[:200]


def partner_referral_send(*, by: Actor, case: Case, service: Service, reason: str,
                          at: datetime | None = None) -> PartnerReferral:
    """The case manager refers the case's person to a partner's service (needs their sharing consent)."""
    if not (may(by, Action.PARTNER_REFERRAL_SEND) and may(by, Action.CASE_UPDATE, case)):
        raise PermissionDenied
    service = Service.objects.select_related("organization").get(pk=service.pk)
    _check_sendable(by, case, service, reason)
    at = at or timezone.now()
    days = network_terms().answer_within_working_days
    pathway = applicant_for(by, case).pathway
    try:
        with transaction.atomic():
            referral = PartnerReferral.objects.create(
                case=case, person_id=case.person_id, service=service, organization_id=service.organization_id,
                sending_organization_id=case.team_organization_id, sent_by_id=by.user_id,
                sent_by_label=_name_of(by), reason=reason.strip(), pathway=pathway, state=ReferralState.SENT,
                state_changed_at=at, sent_at=at,
                answer_due=FLORENCE.add_working_days(timezone.localtime(at).date(), days))
            _audit_referral(by, Operation.CREATE, referral, ["service", "reason", "pathway"],
                            answer_within_working_days=days)
            _changed(referral)
    except IntegrityError:  # a live referral of this person to this service exists (or was just sent)
        raise _error("service", _("The person already has an open referral to this service."),
                     "duplicate") from None
    return referral


MESSAGES = {
    "not_allowed": gettext_lazy("A referral %(from)s cannot become %(to)s."),
    "reason_required": gettext_lazy("Give the reason (it is shared with the case manager)."),
}


def _seat_for(referral: PartnerReferral, move: rules.Move, today) -> Any:
    """Lock the service row (concurrent acceptances queue here) and take one of this period's seats."""
    service = Service.objects.select_for_update().get(pk=referral.service_id)
    period = rules.period_start(service.capacity_period, today)
    left = rules.seats_left(service.seats_per_period, seats_taken(service, period))
    if left == 0:
        if service.waiting_list and move.from_state == rules.RState.SENT:
            message = _("No seats left for this period (%(seats)d taken): put the referral on the waiting list "
                        "instead, or decline it.") % {"seats": service.seats_per_period}
        else:
            message = _("No seats left for this period (%(seats)d taken): the referral cannot be accepted "
                        "now.") % {"seats": service.seats_per_period}
        raise _error("to_state", message, "full")
    return period


def partner_referral_transition(*, by: Actor, referral: PartnerReferral, to_state: str, reason: str = "",
                                version: int, at: datetime | None = None) -> PartnerReferral:
    """The receiving partner answers (accept / decline / waiting list) and reports (start / complete /
    interrupt). Capacity is taken on acceptance and given back when the referral stops holding a seat."""
    _require(by, Action.PARTNER_REFERRAL_RECEIVE, referral)
    try:
        move = rules.check_transition(referral.state, to_state, reason=reason)
    except rules.TransitionRefused as refused:
        labels = dict(ReferralState.choices)
        raise _error("reason" if refused.code == "reason_required" else "to_state", MESSAGES[refused.code] % {
            "from": labels[refused.from_state], "to": labels.get(refused.to_state, to_state)}, refused.code) from None
    at = at or timezone.now()
    with transaction.atomic():
        changes: dict[str, Any] = {"state": move.to_state.value, "state_reason": reason.strip()[:500],
                                   "state_changed_at": at}
        if move.to_state == rules.RState.WAITING_LIST and not referral.service.waiting_list:
            raise _error("to_state", _("This service keeps no waiting list."), "no_waiting_list")
        if move.takes_seat:
            changes["seat_period"] = _seat_for(referral, move, timezone.localtime(at).date())
        if move.frees_seat:
            changes["seat_period"] = None
        if move.is_answer:
            changes["answered_at"] = at
        if move.to_state == rules.RState.STARTED:
            changes["started_at"] = at
        if move.to_state.value in CLOSED_REFERRAL_STATES:
            changes["closed_at"] = at
        updated = PartnerReferral.objects.filter(pk=referral.pk, version=version, state=referral.state).update(
            **changes, version=F("version") + 1)
        if updated == 0:
            raise Conflict
        for name, value in changes.items():
            setattr(referral, name, value)
        referral.version = version + 1
        _audit_referral(by, Operation.UPDATE, referral, ["state"], from_state=move.from_state.value,
                        to_state=move.to_state.value, seat="taken" if move.takes_seat else
                        "released" if move.frees_seat else "")
        _changed(referral)
    return referral


def partner_referral_expire_due(*, now: datetime) -> int:
    """Expire the referrals still unanswered after their answer-due day (idempotent: run it as often as
    you like; each referral expires once, in its own transaction, so a crash halfway loses nothing)."""
    today = timezone.localtime(now).date()
    expired = 0
    due = PartnerReferral.objects.filter(state=ReferralState.SENT, answer_due__lt=today).order_by("pk")
    for referral_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            referral = PartnerReferral.objects.select_for_update().filter(
                pk=referral_id, state=ReferralState.SENT).first()
            if referral is None:  # answered meanwhile
                continue
            PartnerReferral.objects.filter(pk=referral.pk).update(
                state=ReferralState.EXPIRED, state_changed_at=now, closed_at=now, version=F("version") + 1)
            _audit_referral(SYSTEM, Operation.UPDATE, referral, ["state"], from_state="sent", to_state="expired",
                            answer_due=referral.answer_due.isoformat())
            _changed(referral)
            expired += 1
    return expired
