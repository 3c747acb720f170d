"""Reads of referrals, cases, caseloads and timelines, filtered by the access policy and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Membership
from florwork.accounts.policy import Action, Actor, case_scope, hub_wide, may
from florwork.accounts.roles import OrganizationKind, Role
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases import risk, sla
from florwork.cases.lifecycle import FINAL
from florwork.cases.models import Case, CaseEvent, ReferralAttachment, SlaTarget

OPEN_STATES = ~Q(state__in=[s.value for s in FINAL])


def visible_cases(*, actor: Actor, action: Action = Action.CASE_VIEW) -> QuerySet[Case]:
    if not may(actor, action):
        return Case.objects.none()
    scope = case_scope(actor, action)
    return Case.objects.none() if scope is None else Case.objects.filter(scope)


def case_get(*, actor: Actor, case_id: int, purpose: str, action: Action = Action.CASE_VIEW) -> Case:
    case = (visible_cases(actor=actor, action=action).select_related(
        "person", "owner", "team_organization", "referral__referring_organization", "referral__referred_by")
        .filter(pk=case_id).first())
    if case is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="cases.Case", object_id=case.pk,
                 object_label=case.code, fields=["state", "owner", "referral", "timeline"],
                 detail={"person": case.person_id})
    return case


def sla_targets() -> dict[sla.SlaClock, sla.SlaTarget]:
    targets = dict(sla.DEFAULT_TARGETS)
    for row in SlaTarget.objects.all():
        clock = sla.SlaClock(row.clock)
        targets[clock] = sla.SlaTarget(clock, row.working_days, row.warn_at)
    return targets


def case_sla(case: Case, targets: dict[sla.SlaClock, sla.SlaTarget], today: date) -> list[sla.SlaStatus]:
    """The three clocks of a case, from its milestones (no query)."""
    clocks = [
        (sla.SlaClock.REFERRAL_TO_FIRST_CONTACT, case.referred_at, case.first_contact_at),
        (sla.SlaClock.REFERRAL_TO_INTAKE, case.referred_at, case.intake_at),
        (sla.SlaClock.INTAKE_TO_ASSESSMENT, case.intake_at, case.assessed_at),
    ]
    statuses = []
    for clock, start, stop in clocks:
        if stop is not None and start is not None and stop < start:
            stop = start  # a milestone recorded out of order counts as met at once
        if not case.is_open and stop is None:
            # a closed or dropped case stops its running clocks where it ended
            stop = case.closed_at if start is not None else None
        statuses.append(sla.evaluate(clock_start=start, clock_stop=stop, target=targets[clock], today=today))
    return statuses


@dataclass(frozen=True)
class CaseloadRow:
    case: Case
    days_since_contact: int | None
    sla: list[sla.SlaStatus]
    flags: list[str]

    @property
    def breaches(self) -> int:
        return sum(1 for status in self.sla if status.is_breach)

    @property
    def due_soon(self) -> bool:
        return any(status.state == sla.SlaState.DUE_SOON for status in self.sla)


def caseload(*, actor: Actor, mine: bool = True, state: str = "", owner_id: int | None = None,
             unassigned: bool = False, query: str = "", include_closed: bool = False) -> QuerySet[Case]:
    """The cases of a caseload page, with what each row shows joined in (a constant number of queries)."""
    cases = visible_cases(actor=actor).select_related("person", "owner", "referral")
    if not include_closed:
        cases = cases.filter(OPEN_STATES)
    if mine:
        cases = cases.filter(owner_id=actor.user_id)
    if owner_id:
        cases = cases.filter(owner_id=owner_id)
    if unassigned:
        cases = cases.filter(owner__isnull=True)
    if state:
        cases = cases.filter(state=state)
    for word in query.split():
        cases = cases.filter(Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word))
    # what is due first comes first, everywhere (SQLite puts NULLs first, PostgreSQL last)
    return cases.order_by(F("next_due_date").asc(nulls_last=True), "referred_at", "pk")


def caseload_rows(cases, *, today: date | None = None) -> list[CaseloadRow]:
    today = today or timezone.localdate()
    targets = sla_targets()
    rows = []
    for case in cases:
        since = (today - timezone.localtime(case.last_contact_at).date()).days if case.last_contact_at else None
        rows.append(CaseloadRow(case, since, case_sla(case, targets, today), case_risk_flags(case, today)))
    return rows


RISK_LABELS = {
    "urgent_no_contact": _("urgent, not yet contacted"),
    "no_first_contact": _("waiting for a first contact"),
    "no_recent_contact": _("no contact for a month"),
    "long_suspension": _("suspended for two months"),
}


def case_risk_flags(case: Case, today: date) -> list[str]:
    """The labels of the case's risk flags: derived from the case now, then any recorded on it by rules
    (needs ``referral`` joined in to stay query-free)."""
    facts = risk.CaseFacts(
        state=case.state, urgency=case.referral.urgency, referred_on=timezone.localtime(case.referred_at).date(),
        state_since=timezone.localtime(case.state_changed_at).date(),
        last_contact_on=timezone.localtime(case.last_contact_at).date() if case.last_contact_at else None)
    return [str(RISK_LABELS[code]) for code in risk.risk_flags(facts, today)] + list(case.risk_flags)


def caseload_audit(*, actor: Actor, purpose: str, cases: list[Case]) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="cases.Case",
                 object_label=f"caseload of {len(cases)}", fields=["state", "person.name", "last_contact"],
                 detail={"ids": [c.pk for c in cases], "persons": [c.person_id for c in cases]})


@dataclass(frozen=True)
class ManagerLoad:
    user_id: int | None  # None: the unassigned cases
    label: str
    open_cases: int


def load_per_case_manager(*, actor: Actor) -> list[ManagerLoad]:
    """Open cases per case manager of the hub teams the actor sees (every one listed, even at zero),
    unassigned cases first."""
    cases = visible_cases(actor=actor).filter(OPEN_STATES)
    counts = {row["owner_id"]: row["n"] for row in cases.order_by().values("owner_id").annotate(n=Count("pk"))}
    seats = Membership.objects.filter(role=Role.CASE_MANAGER, is_active=True, user__is_active=True)
    if hub_wide(actor) or actor.is_system:
        seats = seats.filter(organization__kind=OrganizationKind.HUB_OPERATOR)
    else:
        seats = seats.filter(organization_id=actor.organization_id)
    loads = [ManagerLoad(None, "", counts.pop(None, 0))]
    seen: set[int] = set()
    for seat in seats.select_related("user").order_by("user__last_name", "user__first_name", "user_id"):
        if seat.user_id not in seen:
            seen.add(seat.user_id)
            loads.append(ManagerLoad(seat.user_id, str(seat.user), counts.pop(seat.user_id, 0)))
    return loads


def sla_breaches_per_team(*, actor: Actor, today: date | None = None) -> dict[str, dict[str, int]]:
    """For each hub team: how many clocks are in each SLA state, over its open cases."""
    today = today or timezone.localdate()
    targets = sla_targets()
    result: dict[str, dict[str, int]] = {}
    cases = visible_cases(actor=actor).filter(OPEN_STATES).select_related("team_organization")
    by_team: dict[str, list[sla.SlaStatus]] = {}
    for case in cases.only("referred_at", "first_contact_at", "intake_at", "assessed_at", "closed_at", "state",
                           "team_organization__name"):
        by_team.setdefault(case.team_organization.name, []).extend(case_sla(case, targets, today))
    for team, statuses in by_team.items():
        result[team] = {state.value: n for state, n in sla.summarize(statuses).items()}
    return result


def case_timeline(*, case: Case, kinds: list[str] | None = None) -> QuerySet[CaseEvent]:
    """A case's timeline, newest first; the caller has already passed ``case_get``."""
    events = case.events.select_related("by_user")
    if kinds:
        events = events.filter(kind__in=kinds)
    return events.order_by("-occurred_at", "-pk")


def case_managers_by_team(*, team_ids) -> dict[int, list[tuple[int, str]]]:
    """The active case managers of each hub team, for the assignment choices (one query)."""
    seats = (Membership.objects.filter(organization_id__in=set(team_ids), role=Role.CASE_MANAGER, is_active=True,
                                       user__is_active=True)
             .select_related("user").order_by("user__last_name", "user__first_name", "user_id"))
    teams: dict[int, list[tuple[int, str]]] = {}
    for seat in seats:
        teams.setdefault(seat.organization_id, []).append((seat.user_id, str(seat.user)))
    return teams


def case_document_get(*, actor: Actor, case_id: int, event_id: int, purpose: str) -> CaseEvent:
    """A document of a case's timeline, if the actor may see the case (404 otherwise); the read is audited."""
    event = (CaseEvent.objects.filter(case__in=visible_cases(actor=actor), case_id=case_id, pk=event_id)
             .exclude(document="").select_related("case").first())
    if event is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="cases.Case",
                 object_id=event.case_id, object_label=event.case.code, fields=["document"],
                 detail={"person": event.case.person_id, "event": event.pk})
    return event


def referral_attachment_get(*, actor: Actor, case_id: int, attachment_id: int, purpose: str) -> ReferralAttachment:
    """An attachment of the referral of a case the actor may see (404 otherwise); the read is audited."""
    case = visible_cases(actor=actor).filter(pk=case_id).first()
    attachment = None if case is None else case.referral.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="cases.Case",
                 object_id=case.pk, object_label=case.code, fields=["referral.attachment"],
                 detail={"person": case.person_id, "attachment": attachment.pk})
    return attachment
