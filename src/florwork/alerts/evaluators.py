"""The evaluators over the apps below alerts (cases, people, assessment, network, plans), registered in
``AlertsConfig.ready``. Each one is a few set-based queries over the open cases, never one per case.

``placement_ending`` and ``placement_ended`` have no evaluator here: the placements app registers them.
``follow_up_due`` is evaluated from the date the case last entered ``placed`` (its timeline) until
``outcomes`` brings real follow-ups and registers a better evaluator under the same code.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from florwork.alerts.engine import Context, Hit, register
from florwork.alerts.models import RuleCode
from florwork.cases import sla
from florwork.cases.lifecycle import FINAL, State
from florwork.cases.models import Case, CaseEvent, EventKind

FOLLOW_UP_MONTHS = (3, 6, 12)  # follow-ups at 3, 6 and 12 months after placement (DESIGN.md, outcomes)
REASSESS_AFTER_MONTHS = 6  # as assessment.selectors.next_assessment_due
EXPIRED_NOTICE_DAYS = 14


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_cases(ctx: Context) -> QuerySet[Case]:
    cases = Case.objects.exclude(state__in=[s.value for s in FINAL])
    return cases if ctx.case_ids is None else cases.filter(pk__in=list(ctx.case_ids))


def only_asked(rows: QuerySet, case_field: str, ctx: Context) -> QuerySet:
    """Narrow a query over another table to the cases asked about (one case after an event): the filter on
    the table's own case column lets the database use its index instead of scanning every row."""
    return rows if ctx.case_ids is None else rows.filter(**{f"{case_field}__in": list(ctx.case_ids)})


def _local_date(moment) -> date:
    return timezone.localtime(moment).date()


# --- cases ---------------------------------------------------------------------------------------------

def no_contact(ctx: Context) -> Iterable[Hit]:
    """No contact for ``threshold`` days, counted from the referral until the first one. A referred case is
    left to the first-contact service level, a suspended one is on hold."""
    from django.db.models.functions import Coalesce

    cutoff = ctx.day_start(ctx.today - timedelta(days=ctx.threshold - 1))
    rows = (open_cases(ctx).exclude(state__in=[State.REFERRED, State.SUSPENDED])
            .annotate(since=Coalesce("last_contact_at", "referred_at")).filter(since__lt=cutoff)
            .values_list("pk", "owner_id", "since"))
    for case_id, owner_id, since in rows:
        day = _local_date(since)
        yield Hit(case_id, owner_id, key=day.isoformat(), detail={"since": day.isoformat(),
                                                                   "days": (ctx.today - day).days})


def sla_breach(ctx: Context) -> Iterable[Hit]:
    """A running service-level clock with ``threshold`` working days or fewer left, or already breached."""
    from django.db.models import Q

    from florwork.cases.selectors import sla_targets

    targets = sla_targets()
    running = Q(first_contact_at__isnull=True) | Q(intake_at__isnull=True) | Q(
        intake_at__isnull=False, assessed_at__isnull=True)
    rows = open_cases(ctx).exclude(state=State.SUSPENDED).filter(running).values_list(
        "pk", "owner_id", "referred_at", "first_contact_at", "intake_at", "assessed_at")
    for case_id, owner_id, referred, first_contact, intake, assessed in rows:
        worst = None
        for clock, start, stop in ((sla.SlaClock.REFERRAL_TO_FIRST_CONTACT, referred, first_contact),
                                   (sla.SlaClock.REFERRAL_TO_INTAKE, referred, intake),
                                   (sla.SlaClock.INTAKE_TO_ASSESSMENT, intake, assessed)):
            if start is None or stop is not None:
                continue
            status = sla.evaluate(clock_start=start, clock_stop=None, target=targets[clock], today=ctx.today)
            pressing = status.state == sla.SlaState.BREACHED or status.remaining_working_days <= ctx.threshold
            if pressing and (worst is None or status.due_date < worst.due_date):
                worst = status
        if worst is not None:
            yield Hit(case_id, owner_id, key=f"{worst.clock}", detail={
                "clock": str(worst.clock), "due_on": worst.due_date.isoformat(),
                "remaining": worst.remaining_working_days, "overdue": worst.overdue_working_days})


def follow_up_due(ctx: Context) -> Iterable[Hit]:
    """A follow-up at 3, 6 or 12 months after the case last entered ``placed`` is due within ``threshold``
    days (or past); the key is the checkpoint, so marking the 3-month one done leaves the 6-month one."""
    entered = (CaseEvent.objects.filter(case_id=OuterRef("pk"), kind=EventKind.STATE_CHANGE, to_state=State.PLACED)
               .order_by("-occurred_at").values("occurred_at")[:1])
    rows = (open_cases(ctx).filter(state__in=[State.PLACED, State.FOLLOW_UP]).annotate(placed_at=Subquery(entered))
            .filter(placed_at__isnull=False).values_list("pk", "owner_id", "placed_at"))
    horizon = ctx.today + timedelta(days=ctx.threshold)
    for case_id, owner_id, placed_at in rows:
        placed = _local_date(placed_at)
        reached = [m for m in FOLLOW_UP_MONTHS if add_months(placed, m) <= horizon]
        if reached:
            month = reached[-1]
            yield Hit(case_id, owner_id, key=f"m{month}", detail={
                "months": month, "due_on": add_months(placed, month).isoformat(), "placed_on": placed.isoformat()})


# --- people --------------------------------------------------------------------------------------------

def benefit_ending(ctx: Context) -> Iterable[Hit]:
    """A benefit of the person (ADI, SFL, NASpI…) ends within ``threshold`` days."""
    from florwork.people.models import Benefit

    ending = Benefit.objects.filter(person_id=OuterRef("person_id"), end__gte=ctx.today,
                                    end__lte=ctx.today + timedelta(days=ctx.threshold)).order_by("end", "pk")
    rows = (open_cases(ctx).annotate(benefit=Subquery(ending.values("pk")[:1]),
                                     ends=Subquery(ending.values("end")[:1]),
                                     kind=Subquery(ending.values("kind")[:1]))
            .filter(benefit__isnull=False).values_list("pk", "owner_id", "benefit", "ends", "kind"))
    for case_id, owner_id, benefit, ends, kind in rows:
        yield Hit(case_id, owner_id, key=f"B{benefit}:{ends}", detail={
            "benefit": benefit, "kind": kind, "ends_on": ends.isoformat(), "days": (ends - ctx.today).days})


# --- assessment ----------------------------------------------------------------------------------------

def _finalized():
    from florwork.assessment.models import Assessment, AssessmentStatus

    return Assessment.objects.filter(status=AssessmentStatus.FINALIZED)


def assessment_due(ctx: Context) -> Iterable[Hit]:
    """The six-monthly reassessment falls within ``threshold`` days (or is past): the last finalized
    assessment is six months old, less the threshold."""
    last = _finalized().filter(case_id=OuterRef("pk")).order_by("-finalized_at").values("finalized_at")[:1]
    cutoff = add_months(ctx.today + timedelta(days=ctx.threshold), -REASSESS_AFTER_MONTHS)
    rows = (open_cases(ctx).exclude(state=State.SUSPENDED).annotate(last=Subquery(last))
            .filter(last__lt=ctx.day_start(cutoff + timedelta(days=1))).values_list("pk", "owner_id", "last"))
    for case_id, owner_id, last_at in rows:
        due = add_months(_local_date(last_at), REASSESS_AFTER_MONTHS)
        yield Hit(case_id, owner_id, key=due.isoformat(), detail={"due_on": due.isoformat(),
                                                                  "last_on": _local_date(last_at).isoformat()})


def risk_worsened(ctx: Context) -> Iterable[Hit]:
    """The overall score of the latest finalized assessment is ``threshold`` points or more below the one
    before it (a higher score means closer to work)."""
    another = _finalized().filter(case_id=OuterRef("case_id")).exclude(pk=OuterRef("pk"))
    rows = (only_asked(_finalized(), "case_id", ctx).filter(Exists(another), case__in=open_cases(ctx))
            .order_by("case_id", "-finalized_at", "-pk")
            .values_list("case_id", "case__owner_id", "pk", "scores__overall"))
    latest: dict[int, tuple] = {}
    for case_id, owner_id, pk, overall in rows:
        if case_id not in latest:
            latest[case_id] = (owner_id, pk, overall, None)
        elif latest[case_id][3] is None:
            latest[case_id] = (*latest[case_id][:3], overall)
    for case_id, (owner_id, pk, now_score, before) in latest.items():
        if now_score is None or before is None:
            continue
        drop = float(before) - float(now_score)
        if drop >= max(ctx.threshold, 1):
            yield Hit(case_id, owner_id, key=f"A{pk}", detail={"assessment": pk, "from": round(float(before), 1),
                                                                "to": round(float(now_score), 1)})


# --- network and plans ----------------------------------------------------------------------------------

def referral_unanswered(ctx: Context) -> Iterable[Hit]:
    """A partner referral still waiting for the partner's answer, due within ``threshold`` days; or one that
    expired unanswered in the last two weeks (network expires them), so the case manager finds another way."""
    from django.db.models import Q

    from florwork.network.models import PartnerReferral, ReferralState

    waiting = Q(state=ReferralState.SENT, answer_due__lte=ctx.today + timedelta(days=ctx.threshold))
    expired = Q(state=ReferralState.EXPIRED, answer_due__gte=ctx.today - timedelta(days=EXPIRED_NOTICE_DAYS))
    rows = (only_asked(PartnerReferral.objects, "case_id", ctx).filter(waiting | expired, case__in=open_cases(ctx))
            .order_by("case_id", "answer_due", "pk")
            .values_list("case_id", "case__owner_id", "pk", "answer_due", "organization_id", "state"))
    seen: dict[int, list] = {}
    for case_id, owner_id, pk, due, organization, state in rows:
        if case_id in seen:
            seen[case_id][1]["count"] += 1
            continue
        seen[case_id] = [owner_id, {"referral": pk, "answer_due": due.isoformat(), "organization": organization,
                                    "expired": state == ReferralState.EXPIRED, "count": 1}]
    for case_id, (owner_id, detail) in seen.items():
        yield Hit(case_id, owner_id, key=f"R{detail['referral']}", detail=detail)


def action_overdue(ctx: Context) -> Iterable[Hit]:
    """An action of the signed plan still planned or in progress ``threshold`` days after its end date."""
    from florwork.plans.models import ActionStatus, PlanAction, RevisionStatus

    actions = only_asked(PlanAction.objects, "revision__plan__case_id", ctx)
    rows = (actions.filter(revision__status=RevisionStatus.SIGNED, status__in=ActionStatus.open_values(),
                           ends_on__lt=ctx.today - timedelta(days=ctx.threshold),
                           revision__plan__case__in=open_cases(ctx))
            .order_by("revision__plan__case_id", "ends_on", "pk")
            .values_list("revision__plan__case_id", "revision__plan__case__owner_id", "pk", "ends_on"))
    seen: dict[int, list] = {}
    for case_id, owner_id, pk, ends in rows:
        if case_id in seen:
            seen[case_id][1]["count"] += 1
            continue
        seen[case_id] = [owner_id, {"action": pk, "ends_on": ends.isoformat(), "count": 1,
                                    "days": (ctx.today - ends).days}]
    for case_id, (owner_id, detail) in seen.items():
        yield Hit(case_id, owner_id, key=f"P{detail['action']}", detail=detail)


def register_all() -> None:
    register(RuleCode.NO_CONTACT, no_contact)
    register(RuleCode.SLA_BREACH, sla_breach)
    register(RuleCode.FOLLOW_UP_DUE, follow_up_due)
    register(RuleCode.BENEFIT_ENDING, benefit_ending)
    register(RuleCode.ASSESSMENT_DUE, assessment_due)
    register(RuleCode.RISK_WORSENED, risk_worsened)
    register(RuleCode.REFERRAL_UNANSWERED, referral_unanswered)
    register(RuleCode.ACTION_OVERDUE, action_overdue)
