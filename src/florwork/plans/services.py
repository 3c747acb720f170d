"""Plans: create, edit a draft revision (dates, goals, actions, review dates, responsibilities), apply the
suggestions the case manager ticked, start a new revision, sign. One transaction each, audited; every change
publishes ``plan.changed``. A stale ``version`` raises Conflict; a signed revision is frozen."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, Actor, may
from florwork.assessment.models import Dimension, in_language
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.lifecycle import State
from florwork.cases.models import Case
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.network.models import Service, ServiceKind
from florwork.plans import selectors, suggest
from florwork.plans.models import (
    ActionStatus,
    Goal,
    Plan,
    PlanAction,
    PlanRevision,
    ReviewDate,
    RevisionStatus,
)

# a plan is built once the pathway is known, and revised while the person is on it
PLANNABLE_STATES = (State.ASSESSED, State.PLANNED, State.ACTIVE, State.PLACED, State.FOLLOW_UP)
MAX_PLAN_DAYS = 3 * 366
MAX_COST = Decimal("99999999.99")
MAX_RESPONSIBILITIES = 20


def _require(by: Actor, plan_or_case: Plan | Case) -> None:
    case = plan_or_case.case if isinstance(plan_or_case, Plan) else plan_or_case
    if not (may(by, Action.PLAN_MANAGE) and may(by, Action.CASE_UPDATE, case)):
        raise PermissionDenied
    if isinstance(plan_or_case, Plan) and not may(by, Action.PLAN_MANAGE, plan_or_case):
        raise PermissionDenied


def _audit(by: Actor, operation: str, plan: Plan, fields, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.CASE_MANAGEMENT, object_type="plans.Plan",
                 object_id=plan.pk, object_label=f"plan {plan.pk}", fields=list(fields),
                 detail={"case": plan.case_id, "person": plan.person_id, **detail})


def _changed(plan: Plan) -> None:
    publish("plan.changed", case_id=plan.case_id, plan_id=plan.pk)


def _locked(revision: PlanRevision, version: int, *, draft: bool = True) -> PlanRevision:
    """The revision row locked for this transaction; Conflict if saved since ``version``; a signed
    revision refuses changes to its content."""
    row = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if row.version != version:
        raise Conflict
    if draft and row.status != RevisionStatus.DRAFT:
        raise ValidationError(_("This revision is signed and can no longer change: start a new revision to "
                                "change the plan."), code="frozen")
    return row


def _bump(revision: PlanRevision, **changes: Any) -> None:
    PlanRevision.objects.filter(pk=revision.pk).update(**changes, version=F("version") + 1)
    for name, value in changes.items():
        setattr(revision, name, value)
    revision.version += 1


# --- checking input ----------------------------------------------------------------------------------

def _date(data: dict, name: str, errors: dict, label: str) -> date | None:
    value = data.get(name)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors[name] = _("Give %(what)s as a date.") % {"what": label}
    return None


def _text(data: dict, name: str, errors: dict, *, required: str = "", limit: int = 300) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    return value


def _check_plan_dates(data: dict, errors: dict) -> tuple[date | None, date | None]:
    starts = _date(data, "starts_on", errors, _("the start of the plan"))
    ends = _date(data, "ends_on", errors, _("the end of the plan"))
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The plan cannot end before it starts.")
    elif starts and ends and (ends - starts).days > MAX_PLAN_DAYS:
        errors["ends_on"] = _("A plan lasts at most three years: review it and sign a new revision instead.")
    return starts, ends


def _within(revision_dates: tuple[date, date], day: date) -> bool:
    return revision_dates[0] <= day <= revision_dates[1]


def _outside_message(revision_dates: tuple[date, date]) -> str:
    return _("Outside the plan's dates (%(start)s – %(end)s).") % {
        "start": date_format(revision_dates[0], "SHORT_DATE_FORMAT"),
        "end": date_format(revision_dates[1], "SHORT_DATE_FORMAT")}


def _check_reviews(data: dict, errors: dict, dates: tuple[date, date] | None) -> list[tuple[date, str]]:
    reviews = []
    for n, raw in enumerate(data.get("review_dates") or [], start=1):
        due = raw.get("due_on") if isinstance(raw, dict) else raw
        note = str(raw.get("note", "") if isinstance(raw, dict) else "").strip()[:200]
        parsed = _date({"d": due}, "d", {}, "")
        if parsed is None:
            errors["review_dates"] = _("Review %(n)s is not a date.") % {"n": n}
        elif dates and not _within(dates, parsed):
            errors["review_dates"] = _("Review %(n)s: %(reason)s") % {"n": n, "reason": _outside_message(dates)}
        else:
            reviews.append((parsed, note))
    if len({d for d, _note in reviews}) != len(reviews):
        errors["review_dates"] = _("Two reviews on the same day: keep one.")
    return sorted(reviews)


def _check_responsibilities(data: dict, errors: dict) -> list[str]:
    items = [str(item).strip() for item in data.get("responsibilities") or [] if str(item).strip()]
    if len(items) > MAX_RESPONSIBILITIES or any(len(item) > 500 for item in items):
        errors["responsibilities"] = _("At most %(n)s responsibilities of up to 500 characters each.") % {
            "n": MAX_RESPONSIBILITIES}
    return items


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- the plan and its dates --------------------------------------------------------------------------

def plan_create(*, by: Actor, case: Case, data: dict[str, Any]) -> PlanRevision:
    """The case's plan with its first, draft revision (the dates, review dates and responsibilities given)."""
    _require(by, case)
    if case.state not in PLANNABLE_STATES:
        raise ValidationError({"case": _("A plan is built once the person is assessed (the case is %(state)s).")
                               % {"state": case.get_state_display()}}, code="not_assessed")
    errors: dict[str, str] = {}
    starts, ends = _check_plan_dates(data, errors)
    reviews = _check_reviews(data, errors, (starts, ends) if starts and ends and "ends_on" not in errors else None)
    responsibilities = _check_responsibilities(data, errors)
    _raise(errors)
    decision = selectors.latest_decision(case)
    at = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                plan = Plan.objects.create(case=case, person_id=case.person_id, created_at=at,
                                           created_by_id=by.user_id, created_by_label=by.label[:200])
        except IntegrityError:
            raise ValidationError({"case": _("This case already has a plan.")}, code="exists") from None
        revision = PlanRevision.objects.create(
            plan=plan, number=1, starts_on=starts, ends_on=ends, responsibilities=responsibilities,
            pathway=decision.chosen if decision else None, created_at=at, created_by_id=by.user_id,
            created_by_label=by.label[:200])
        ReviewDate.objects.bulk_create([ReviewDate(revision=revision, due_on=d, note=n) for d, n in reviews])
        _audit(by, Operation.CREATE, plan, ["plan", "dates", "reviews", "responsibilities"], revision=1)
        _changed(plan)
    return revision


def plan_update(*, by: Actor, revision: PlanRevision, version: int, data: dict[str, Any]) -> PlanRevision:
    """Change the dates, review dates and responsibilities of a draft; its goals and actions must still
    fall within the new dates."""
    plan = revision.plan
    _require(by, plan)
    errors: dict[str, str] = {}
    starts, ends = _check_plan_dates(data, errors)
    dates = (starts, ends) if starts and ends and "ends_on" not in errors else None
    reviews = _check_reviews(data, errors, dates)
    responsibilities = _check_responsibilities(data, errors)
    if dates:
        _check_contents_within(revision, dates, errors)
    _raise(errors)
    with transaction.atomic():
        row = _locked(revision, version)
        _bump(revision, starts_on=starts, ends_on=ends, responsibilities=responsibilities)
        row.reviews.all().delete()
        ReviewDate.objects.bulk_create([ReviewDate(revision=row, due_on=d, note=n) for d, n in reviews])
        _audit(by, Operation.UPDATE, plan, ["dates", "reviews", "responsibilities"], revision=revision.number)
        _changed(plan)
    return revision


def _check_contents_within(revision: PlanRevision, dates: tuple[date, date], errors: dict) -> None:
    actions = sum(1 for s, e in revision.actions.values_list("starts_on", "ends_on")
                  if not (_within(dates, s) and _within(dates, e)))
    goals = sum(1 for (t,) in revision.goals.values_list("target_on") if not _within(dates, t))
    if actions or goals:
        errors.setdefault("starts_on", _("%(actions)s actions and %(goals)s goals would fall outside these dates: "
                                         "move them first.") % {"actions": actions, "goals": goals})


# --- goals -------------------------------------------------------------------------------------------

def _goal_fields(revision: PlanRevision, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = _text(data, "title", errors, required=_("Say what the goal is."))
    indicator = _text(data, "indicator", errors, required=_("Say how reaching the goal will be measured."))
    target = _date(data, "target_on", errors, _("the target date"))
    dates = (revision.starts_on, revision.ends_on)
    if target and not _within(dates, target):
        errors["target_on"] = _outside_message(dates)
    dimension_id = data.get("dimension_id") or None
    if dimension_id is not None and not Dimension.objects.filter(pk=dimension_id).exists():
        errors["dimension_id"] = _("Choose one of the assessment's dimensions.")
    _raise(errors)
    return {"title": title, "indicator": indicator, "target_on": target, "dimension_id": dimension_id}


def goal_add(*, by: Actor, revision: PlanRevision, version: int, data: dict[str, Any],
             suggestion: str = "") -> Goal:
    _require(by, revision.plan)
    fields = _goal_fields(revision, data)
    with transaction.atomic():
        row = _locked(revision, version)
        goal = Goal.objects.create(revision=row, suggestion=suggestion, order=row.goals.count() + 1, **fields)
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["goals"], revision=revision.number, goal=goal.pk,
               change="added")
        _changed(revision.plan)
    return goal


def goal_update(*, by: Actor, goal: Goal, version: int, data: dict[str, Any]) -> Goal:
    revision = goal.revision
    _require(by, revision.plan)
    fields = _goal_fields(revision, data)
    with transaction.atomic():
        _locked(revision, version)
        Goal.objects.filter(pk=goal.pk).update(**fields)
        for name, value in fields.items():
            setattr(goal, name, value)
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["goals"], revision=revision.number, goal=goal.pk,
               change="changed")
        _changed(revision.plan)
    return goal


def goal_remove(*, by: Actor, goal: Goal, version: int) -> None:
    """Remove a goal from a draft; its actions stay, without a goal."""
    revision = goal.revision
    _require(by, revision.plan)
    with transaction.atomic():
        _locked(revision, version)
        goal_id = goal.pk
        goal.delete()
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["goals"], revision=revision.number, goal=goal_id,
               change="removed")
        _changed(revision.plan)


# --- actions -----------------------------------------------------------------------------------------

def _cost(data: dict, errors: dict, default: Decimal) -> Decimal:
    raw = data.get("cost")
    if raw in (None, ""):
        return default
    try:
        cost = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors["cost"] = _("Give the cost in euros, e.g. 350.00.")
        return default
    if cost < 0 or cost > MAX_COST:
        errors["cost"] = _("The cost is between 0 and 99,999,999.99 euros.")
    return cost


def _service(data: dict, errors: dict, current: PlanAction | None) -> Service | None:
    service_id = data.get("service_id") or None
    if service_id is None:
        return None
    service = Service.objects.select_related("organization").filter(pk=service_id).first()
    keeps_it = current is not None and current.service_id == service.pk if service else False
    if service is None or (service.is_archived and not keeps_it):
        errors["service_id"] = _("Choose a service of the catalogue that is still offered.")
        return None
    return service


def _action_fields(revision: PlanRevision, data: dict[str, Any], current: PlanAction | None = None) -> dict:
    errors: dict[str, str] = {}
    service = _service(data, errors, current)
    title = _text(data, "title", errors, required="" if service else _("Say what the action is."))
    title = title or (service.title if service else "")
    starts = _date(data, "starts_on", errors, _("the start of the action"))
    ends = _date(data, "ends_on", errors, _("the end of the action"))
    dates = (revision.starts_on, revision.ends_on)
    if starts and not _within(dates, starts):
        errors["starts_on"] = _outside_message(dates)
    if ends and not _within(dates, ends):
        errors["ends_on"] = _outside_message(dates)
    if starts and ends and ends < starts and "ends_on" not in errors:
        errors["ends_on"] = _("The action cannot end before it starts.")
    owner_id = data.get("owner_organization_id") or (service.organization_id if service else None) \
        or revision.plan.case.team_organization_id
    if not Organization.objects.filter(pk=owner_id, is_active=True).exists():
        errors["owner_organization_id"] = _("Choose an active organization.")
    goal_id = data.get("goal_id") or None
    if goal_id is not None and not revision.goals.filter(pk=goal_id).exists():
        errors["goal_id"] = _("Choose one of this plan's goals.")
    status = data.get("status") or (current.status if current else ActionStatus.PLANNED)
    if status not in ActionStatus.values:
        errors["status"] = _("Choose a status: planned, in progress, done or cancelled.")
    kind = data.get("service_kind") or (service.kind if service else "")
    if kind not in ServiceKind.values and kind:
        errors["service_kind"] = _("Unknown kind of service.")
    cost = _cost(data, errors, service.cost_per_participant if service else Decimal("0.00"))
    owner_name = _text(data, "owner_name", errors, limit=200)
    _raise(errors)
    return {"title": title, "service": service, "service_kind": kind, "owner_organization_id": owner_id,
            "owner_name": owner_name, "starts_on": starts, "ends_on": ends, "status": status, "cost": cost,
            "goal_id": goal_id}


def action_add(*, by: Actor, revision: PlanRevision, version: int, data: dict[str, Any],
               suggestion: str = "") -> PlanAction:
    """An action of a draft: a catalogue service (its organization and cost by default) or a free action;
    its dates must fall within the plan's."""
    _require(by, revision.plan)
    fields = _action_fields(revision, data)
    with transaction.atomic():
        row = _locked(revision, version)
        action = PlanAction.objects.create(revision=row, suggestion=suggestion, order=row.actions.count() + 1,
                                           **fields)
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["actions"], revision=revision.number, action=action.pk,
               change="added", service=action.service_id)
        _changed(revision.plan)
    return action


def action_update(*, by: Actor, action: PlanAction, version: int, data: dict[str, Any]) -> PlanAction:
    revision = action.revision
    _require(by, revision.plan)
    fields = _action_fields(revision, data, current=action)
    with transaction.atomic():
        _locked(revision, version)
        for name, value in fields.items():
            setattr(action, name, value)
        action.save(update_fields=[*(name for name in fields if name not in ("service", "goal_id")),
                                   "service", "goal"])
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["actions"], revision=revision.number, action=action.pk,
               change="changed", service=action.service_id)
        _changed(revision.plan)
    return action


def action_remove(*, by: Actor, action: PlanAction, version: int) -> None:
    revision = action.revision
    _require(by, revision.plan)
    with transaction.atomic():
        _locked(revision, version)
        action_id = action.pk
        action.delete()
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["actions"], revision=revision.number, action=action_id,
               change="removed")
        _changed(revision.plan)


def action_set_status(*, by: Actor, action: PlanAction, status: str, version: int) -> PlanAction:
    """Record an action's progress. Allowed on the signed revision too: the agreement (what, who, when,
    cost) is frozen, how far the action has got is not."""
    revision = action.revision
    _require(by, revision.plan)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status: planned, in progress, done or cancelled.")})
    if revision.status == RevisionStatus.SUPERSEDED:
        raise ValidationError(_("This revision has been replaced: record progress on the current one."),
                              code="frozen")
    with transaction.atomic():
        _locked(revision, version, draft=False)
        previous = action.status
        PlanAction.objects.filter(pk=action.pk).update(status=status)
        action.status = status
        _bump(revision)
        _audit(by, Operation.UPDATE, revision.plan, ["actions.status"], revision=revision.number,
               action=action.pk, from_status=previous, to_status=status)
        _changed(revision.plan)
    return action


def suggestion_action_data(revision: PlanRevision, row: suggest.Suggestion, service: Service | None) -> dict:
    """The action a ticked suggestion becomes: its text, the chosen service, the plan's start and the
    rule's duration (cut at the plan's end)."""
    ends = min(revision.ends_on, revision.starts_on + timedelta(days=30 * row.months))
    return {"title": service.title if service else in_language(dict(row.action)),
            "service_id": service.pk if service else None, "service_kind": row.kind,
            "owner_name": service.contact_name if service else "",
            "starts_on": revision.starts_on, "ends_on": ends}
