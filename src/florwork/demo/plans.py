"""Demo plans: the personalized plans of the demo cases that are assessed, planned or active, in every state.

Each is built by the case's own case manager through the plans services, as on the plan page: the plan's frame,
then some of the suggestions (ticked, each with a service of the network's demo catalogue when one of its kind
is open to the pathway, else a free action). An assessed case has a draft; a planned or active case has the
revision 1 the person signed (the scan is a one-page stand-in PDF); about half of the active cases were
reviewed (revision 2 signed, revision 1 superseded), a few have a new draft open. Actions of active cases
show their progress, some still open past their end (for the alerts). The services stamp "now"; the demo tells
a past story, so the timestamps are moved afterwards. Deterministic for a seed; a case with a plan is skipped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.cases.models import Case
from florwork.plans import lifecycle, selectors, services
from florwork.plans.models import ActionStatus, Plan, PlanRevision

STATES = ("assessed", "planned", "active")
RESPONSIBILITIES = [
    "Partecipare agli incontri concordati e avvisare l'operatore in caso di assenza",
    "Frequentare con regolarità le attività del piano",
    "Tenere aggiornato il curriculum e i documenti",
    "Comunicare ogni cambiamento di residenza, recapiti o situazione familiare",
    "Rispondere alle proposte di lavoro coerenti con il piano",
]
REVISION_NOTES = ["Verifica di metà percorso: il tirocinio parte più tardi",
                  "Verifica trimestrale: aggiunto il corso di italiano",
                  "Revisione dopo la conclusione del laboratorio"]


@dataclass(frozen=True)
class DemoPlansReport:
    plans: int
    drafts: int
    signed: int
    revised: int


def _scan() -> bytes:
    """A one-page PDF standing in for the scan of a signed patto (rendered once per load)."""
    from weasyprint import HTML

    return HTML(string="<p style='font: 14pt DejaVu Sans; margin: 40mm'>Scansione dimostrativa del patto "
                       "firmato (dati sintetici).</p>").write_pdf()


def _managers() -> dict[int, Actor]:
    seats = (Membership.objects.filter(is_active=True, role=Role.CASE_MANAGER).select_related("user", "organization")
             .order_by("pk"))
    managers: dict[int, Actor] = {}
    for seat in seats:
        managers.setdefault(seat.user_id, actor_for_membership(seat))
    return managers


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))))


def _months(day: date, months: int) -> date:
    return day + timedelta(days=round(30.4 * months))


def _planned_on(case: Case) -> datetime | None:
    event = case.events.filter(to_state="planned").order_by("occurred_at").first()
    return event.occurred_at if event else None


def _frame(case: Case, rng: random.Random, today: date) -> tuple[datetime, dict]:
    """When the plan was drafted, and its dates: it starts on signing (or soon, for a draft)."""
    assessed = timezone.localdate(case.assessed_at or case.state_changed_at)
    signed = _planned_on(case)
    drafted = min(assessed + timedelta(days=rng.randint(1, 6)),
                  timezone.localdate(signed) if signed else today)
    starts = timezone.localdate(signed) if signed else max(drafted, today) + timedelta(days=rng.randint(3, 10))
    ends = _months(starts, rng.choice((6, 9, 12)))
    reviews = [{"due_on": _months(starts, 3), "note": "verifica trimestrale"},
               {"due_on": ends - timedelta(days=7), "note": "verifica finale"}]
    return _moment(drafted, rng), {"starts_on": starts, "ends_on": ends, "review_dates": reviews,
                                   "responsibilities": rng.sample(RESPONSIBILITIES, rng.randint(2, 4))}


def _fill(by: Actor, revision: PlanRevision, rng: random.Random) -> None:
    """Tick some suggestions (with a catalogue service of their kind when there is one), else a free action."""
    rows = selectors.suggestions_for(actor=by, case=revision.plan.case, revision=revision).pending
    picked = rows[:rng.randint(2, 4)] if rows else []
    if picked:
        chosen = {r.suggestion.key: (rng.choice(r.services).pk if r.services and rng.random() < 0.8 else None)
                  for r in picked}
        lifecycle.suggestions_apply(by=by, revision=revision, version=revision.version, chosen=chosen)
        return
    goal = services.goal_add(by=by, revision=revision, version=revision.version, data={
        "title": "Trovare un lavoro stabile", "indicator": "Contratto di almeno 6 mesi", "target_on": revision.ends_on})
    services.action_add(by=by, revision=revision, version=revision.version, data={
        "title": "Colloqui di accompagnamento mensili", "goal_id": goal.pk, "starts_on": revision.starts_on,
        "ends_on": revision.ends_on})


def _backdate(revision: PlanRevision, created: datetime, signed: datetime | None = None) -> None:
    changes = {"created_at": created}
    if signed is not None:
        changes["signed_at"] = signed
    PlanRevision.objects.filter(pk=revision.pk).update(**changes)
    if revision.number == 1:
        Plan.objects.filter(pk=revision.plan_id).update(created_at=created)


def _sign(by: Actor, revision: PlanRevision, scan: bytes, at: datetime) -> None:
    lifecycle.plan_sign(by=by, revision=revision, version=revision.version,
                        document=ContentFile(scan, name="patto-firmato.pdf"))
    PlanRevision.objects.filter(plan=revision.plan, status="superseded", superseded_at__isnull=False,
                                superseded_at__gt=at).update(superseded_at=at)


def _progress(by: Actor, revision: PlanRevision, rng: random.Random, today: date) -> None:
    """How far the actions of the plan in force have got; some are left open past their end (overdue)."""
    revision.refresh_from_db()
    for action in revision.actions.order_by("pk"):
        if action.ends_on < today:
            status = ActionStatus.DONE if rng.random() < 0.7 else None  # None: left open, overdue
        elif action.starts_on <= today:
            status = ActionStatus.IN_PROGRESS
        else:
            status = None
        if status:
            services.action_set_status(by=by, action=action, status=status, version=revision.version)


def _revise(by: Actor, first: PlanRevision, rng: random.Random, scan: bytes, today: date, *,
            sign: bool) -> PlanRevision | None:
    """A review three months in: a new revision copied from the signed one, one action moved later."""
    review_day = _months(first.starts_on, 3)
    if review_day >= today:
        return None
    second = lifecycle.revision_start(by=by, plan=first.plan, version=first.version, note=rng.choice(REVISION_NOTES))
    action = second.actions.order_by("-ends_on").first()
    if action is not None:
        later = min(second.ends_on, action.ends_on + timedelta(days=30))
        services.action_update(by=by, action=action, version=second.version, data={
            "title": action.title, "service_id": action.service_id, "goal_id": action.goal_id,
            "owner_organization_id": action.owner_organization_id, "owner_name": action.owner_name,
            "starts_on": action.starts_on, "ends_on": later, "cost": action.cost, "status": action.status})
    at = _moment(review_day, rng)
    if sign:
        _sign(by, second, scan, at)
    _backdate(second, at, at if sign else None)
    return second


def _load_case(case: Case, by: Actor, rng: random.Random, scan: bytes, today: date, *,
               sign_revision: bool) -> tuple[str, bool]:
    drafted, frame = _frame(case, rng, today)
    revision = services.plan_create(by=by, case=case, data=frame)
    _fill(by, revision, rng)
    if case.state == "assessed":
        _backdate(revision, drafted)
        return "draft", False
    signed_at = _planned_on(case) or drafted
    _sign(by, revision, scan, signed_at)
    _backdate(revision, drafted, signed_at)
    revised = None
    if case.state == "active" and rng.random() < 0.6:
        revised = _revise(by, revision, rng, scan, today, sign=sign_revision)
    in_force = selectors.revision_in_force(case)
    if case.state == "active":
        _progress(by, in_force, rng, today)
    return "signed", revised is not None


def _candidates(managers: dict[int, Actor]) -> list[Case]:
    have_plan = Plan.objects.values("case_id")
    return list(Case.objects.filter(state__in=STATES, owner_id__in=managers, pathway_decisions__isnull=False)
                .exclude(pk__in=have_plan).distinct().order_by("person__codice_fiscale", "pk"))


def demo_plans_load(*, seed: int = 1, today: date | None = None) -> DemoPlansReport:
    """Plans for the demo cases in assessed, planned or active state that have none; one transaction each.
    Load after the demo people (their cases and assessments) and the demo network (its catalogue)."""
    rng = random.Random(f"plans-{seed}")
    today = today or timezone.localdate()
    managers = _managers()
    cases = _candidates(managers)
    scan = _scan() if cases else b""
    counts = {"draft": 0, "signed": 0, "revised": 0}
    for case in cases:
        case_rng = random.Random(f"plans-{seed}-{case.person.codice_fiscale}-{rng.random()}")
        with transaction.atomic():
            # of the reviewed plans, every third keeps its new revision as a draft, not signed yet
            state, revised = _load_case(case, managers[case.owner_id], case_rng, scan, today,
                                        sign_revision=counts["revised"] % 3 != 1)
        counts[state] += 1
        counts["revised"] += revised
    return DemoPlansReport(plans=len(cases), drafts=counts["draft"], signed=counts["signed"],
                           revised=counts["revised"])


