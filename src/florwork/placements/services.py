"""Placement use cases: record a tirocinio or a contract (the case moves to ``placed``, the follow-up schedule
starts, a shortlist entry moves to trial or hired), extend it, terminate it early, and let the cases whose
last placement ended go on to follow-up. One transaction each, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from florwork.accounts.policy import SYSTEM, Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.lifecycle import State
from florwork.cases.models import Case
from florwork.cases.services import case_transition
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.placements import rules
from florwork.placements.access import may_place
from florwork.placements.models import (
    AllowanceMinimum,
    Extension,
    FollowUp,
    Placement,
    PlacementKind,
    TerminationReason,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt")
# the fields each kind keeps (the others stay empty, so a contract never carries a tirocinio's allowance)
TIROCINIO_FIELDS = ("weekly_hours", "host_tutor", "promoter_tutor", "monthly_allowance", "trainee_category",
                    "training_project")
CONTRACT_FIELDS = ("weekly_hours", "contract_kind", "part_time_percentage", "gross_monthly_wage")

MESSAGES = {
    "required": gettext_lazy("This field is required."),
    "before_start": gettext_lazy("The end cannot be before the start."),
    "too_short": gettext_lazy("A tirocinio lasts at least two months: end it on %(limit)s or later."),
    "too_long": gettext_lazy("A tirocinio for this category lasts at most %(months)s months, extensions "
                             "included (L.R. Toscana 32/2002 art. 17 ter): end it by %(limit)s."),
    "required_for_kind": gettext_lazy("A fixed-term or agency contract needs its end date."),
    "none_for_permanent": gettext_lazy("A permanent contract has no end date: leave it empty."),
    "hours_range": gettext_lazy("Weekly hours must be between 1 and %(max)s."),
    "below_minimum": gettext_lazy("The monthly allowance must be at least € %(minimum)s: the minimum in "
                                  "Tuscany for a tirocinio starting from %(since)s (%(source)s)."),
    "percentage_range": gettext_lazy("The part-time percentage must be between 1 and 99 (leave it empty for "
                                     "full time)."),
    "positive": gettext_lazy("The wage must be more than zero."),
    "unknown_kind": gettext_lazy("Choose a tirocinio or an employment contract."),
}


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _audit(by: Actor, operation: str, placement: Placement, fields, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.CASE_MANAGEMENT,
                 object_type="placements.Placement", object_id=placement.pk, object_label=placement.code,
                 fields=fields, detail={"case": placement.case_id, "person": placement.case.person_id,
                                        "kind": placement.kind, "company": placement.company_id, **detail})


def minimum_allowance(on: date, region: str = "Toscana") -> AllowanceMinimum | None:
    """The minimum in force on ``on`` (the latest row applying from that day or before)."""
    return AllowanceMinimum.objects.filter(region=region, applies_from__lte=on).order_by("-applies_from").first()


def _messages(problems: dict[str, str], terms: rules.Terms, minimum: AllowanceMinimum | None) -> dict[str, str]:
    errors = {}
    for field, code in problems.items():
        params: dict[str, Any] = {"max": rules.MAX_WEEKLY_HOURS}
        if code in ("too_long", "too_short") and terms.start_on is not None:
            months = (rules.MAX_MONTHS[rules.TraineeCategory(terms.trainee_category)] if code == "too_long"
                      else rules.MIN_MONTHS)
            params.update(months=months, limit=_day(rules.add_months(terms.start_on, months)))
        if code == "below_minimum" and minimum is not None:
            params.update(minimum=f"{minimum.amount:.2f}", since=_day(minimum.applies_from), source=minimum.source)
        errors[field] = str(MESSAGES[code]) % params if "%(" in str(MESSAGES[code]) else str(MESSAGES[code])
    return errors


def check_terms(terms: rules.Terms) -> None:
    """Raise a ValidationError naming each field that breaks a rule (the minimum is the one of the start)."""
    minimum = minimum_allowance(terms.start_on) if terms.kind == PlacementKind.TIROCINIO and terms.start_on else None
    problems = rules.check(terms, minimum_allowance=minimum.amount if minimum else None)
    if problems:
        raise ValidationError(_messages(problems, terms, minimum))


def _terms(kind: str, data: dict[str, Any]) -> rules.Terms:
    return rules.Terms(kind=kind, start_on=data.get("start_on"), end_on=data.get("end_on"),
                       weekly_hours=data.get("weekly_hours"), monthly_allowance=data.get("monthly_allowance"),
                       trainee_category=data.get("trainee_category") or "",
                       contract_kind=data.get("contract_kind") or "",
                       part_time_percentage=data.get("part_time_percentage"),
                       gross_monthly_wage=data.get("gross_monthly_wage"))


def _check_document(upload) -> None:
    if upload is None:
        return
    if not upload.name.lower().endswith(DOCUMENT_EXTENSIONS) or upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"training_project_file": _("Attach the training project as PDF, Word or "
                                                          "OpenDocument, at most 10 MB.")})


def _check_links(case: Case, company, site, vacancy, promoter, kind: str) -> None:
    errors = {}
    if site is not None and site.company_id != company.pk:
        errors["site"] = _("Choose a site of the company.")
    if vacancy is not None and vacancy.company_id != company.pk:
        errors["vacancy"] = _("The vacancy is another company's.")
    if kind == PlacementKind.TIROCINIO and promoter is None:
        errors["promoter"] = _("Choose the promoter of the tirocinio.")
    if errors:
        raise ValidationError(errors)


# --- the case follows its placements -------------------------------------------------------------------

def _case_mover(by: Actor, case: Case) -> Actor:
    """Who moves the case: the actor if they may change it; a company officer (who may record a placement,
    not change a case) moves it through the placement, still named in the timeline and the audit."""
    if may(by, Action.CASE_UPDATE, case):
        return by
    return Actor(user_id=by.user_id, membership_id=by.membership_id, organization_id=by.organization_id,
                 organization_label=by.organization_label, role=by.role, is_system=True,
                 label=f"{by.label} ({_('placement')})"[:200])


def _place_case(case: Case, by: Actor, placement_code: str) -> None:
    """The case goes to ``placed`` the way the lifecycle allows: from active, or back through active from
    follow-up (a new job after the last one ended). Other states refuse the placement."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state == State.PLACED:
        return
    if case.state not in (State.ACTIVE, State.FOLLOW_UP):
        raise ValidationError({"case": _("The case is %(state)s: a placement can be recorded once the case is "
                                         "active (its plan signed), placed or in follow-up.") % {
            "state": case.get_state_display()}}, code="case_state")
    mover = _case_mover(by, case)
    reason = _("Placement %(code)s recorded.") % {"code": placement_code}
    if case.state == State.FOLLOW_UP:
        case_transition(by=mover, case=case, to_state=State.ACTIVE, reason=reason, version=case.version)
    case_transition(by=mover, case=case, to_state=State.PLACED, reason=reason, version=case.version)


def _live(case_id: int, today: date):
    return Placement.objects.filter(case_id=case_id, terminated_on__isnull=True).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today))


def _after_end(case_id: int, by: Actor, today: date, *, terminated: bool, code: str) -> bool:
    """Once the case's last placement is over, the case leaves ``placed``: to follow-up when it ran to its
    end; back to active when it was cut short (the lifecycle's "placement lost" way back)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.state != State.PLACED or _live(case_id, today).exists():
        return False
    to_state = State.ACTIVE if terminated else State.FOLLOW_UP
    reason = (_("Placement %(code)s terminated early.") if terminated else _("Placement %(code)s ended.")) % {
        "code": code}
    case_transition(by=_case_mover(by, case), case=case, to_state=to_state, reason=reason, version=case.version)
    return True


# --- use cases -----------------------------------------------------------------------------------------

def placement_create(*, by: Actor, case: Case, kind: str, company, data: dict[str, Any], site=None,
                     vacancy=None, promoter=None, entry_id: int | None = None, document=None) -> Placement:
    """Record a tirocinio or an employment contract for the case's person.

    ``data`` holds the dates and the kind's terms (see TIROCINIO_FIELDS, CONTRACT_FIELDS) and ``job_title``.
    From a shortlist entry the entry moves to trial (tirocinio) or hired (contract) in the same transaction.
    """
    if not may_place(by, case):
        raise PermissionDenied
    if kind not in PlacementKind.values:
        raise ValidationError({"kind": str(MESSAGES["unknown_kind"])})
    check_terms(_terms(kind, data))
    _check_links(case, company, site, vacancy, promoter, kind)
    _check_document(document)
    job_title = (data.get("job_title") or "").strip() or (vacancy.title if vacancy else "")
    if not job_title:
        raise ValidationError({"job_title": str(MESSAGES["required"])})
    now = timezone.now()
    kept = TIROCINIO_FIELDS if kind == PlacementKind.TIROCINIO else CONTRACT_FIELDS
    terms = {name: data[name] for name in kept if data.get(name) not in (None, "")}
    with transaction.atomic():
        placement = Placement.objects.create(
            case=case, kind=kind, company=company, site=site, vacancy=vacancy, job_title=job_title[:200],
            start_on=data["start_on"], end_on=data.get("end_on"), original_end_on=data.get("end_on"),
            promoter=promoter if kind == PlacementKind.TIROCINIO else None, created_at=now,
            created_by_label=by.label[:200] or "florwork", shortlist_entry_id=entry_id, **terms)
        if document is not None:
            placement.training_project_file.save(document.name, document, save=False)
            placement.save(update_fields=["training_project_file"])
        FollowUp.objects.bulk_create([FollowUp(placement=placement, months=m, due_on=d)
                                      for m, d in rules.follow_up_dates(placement.start_on).items()])
        _place_case(case, by, placement.code)
        if entry_id is not None:
            _advance_entry(entry_id, kind, placement.start_on, by)
        _audit(by, Operation.CREATE, placement, ["placement", *sorted(terms)], entry=entry_id)
        publish("placement.changed", case_id=case.pk)
    return placement


def _advance_entry(entry_id: int, kind: str, start_on: date, by: Actor) -> None:
    """The shortlist entry follows: a tirocinio is the funnel's trial, a contract its hire. The step is dated
    the start, or today for a placement agreed now that starts later (a funnel step is never in the future)."""
    from florwork.shortlists.models import Stage
    from florwork.shortlists.services import entry_advance

    stage = Stage.TRIAL if kind == PlacementKind.TIROCINIO else Stage.HIRED
    entry_advance(entry_id=entry_id, stage=stage, on=min(start_on, timezone.localdate()), by=by)


def _bump(placement: Placement, version: int, **changes: Any) -> None:
    updated = Placement.objects.filter(pk=placement.pk, version=version).update(**changes,
                                                                                 version=F("version") + 1)
    if updated == 0:
        raise Conflict
    for name, value in changes.items():
        setattr(placement, name, value)
    placement.version = version + 1


def placement_extend(*, by: Actor, placement: Placement, new_end_on: date | None, reason: str,
                     version: int) -> Extension:
    """Move the planned end later, with the reason; the history keeps every extension."""
    _require(by, Action.PLACEMENT_MANAGE, placement)
    errors = {}
    if not placement.can_extend:
        errors["new_end_on"] = _("Only a placement that is still running and has an end date can be extended.")
    elif new_end_on is None:
        errors["new_end_on"] = str(MESSAGES["required"])
    elif new_end_on <= placement.end_on:
        errors["new_end_on"] = _("The new end must be after the current one (%(end)s).") % {
            "end": _day(placement.end_on)}
    elif placement.kind == PlacementKind.TIROCINIO:
        terms = rules.Terms(kind=placement.kind, start_on=placement.start_on, end_on=new_end_on,
                            trainee_category=placement.trainee_category)
        problem = rules.check_duration(placement.trainee_category, placement.start_on, new_end_on)
        if problem:
            errors["new_end_on"] = _messages(problem, terms, None)["end_on"]
    if not reason.strip():
        errors["reason"] = _("Say why the placement is extended.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = placement.end_on
        _bump(placement, version, end_on=new_end_on)
        extension = Extension.objects.create(placement=placement, previous_end_on=previous, new_end_on=new_end_on,
                                             reason=reason.strip()[:500], recorded_at=timezone.now(),
                                             recorded_by_label=by.label[:200] or "florwork")
        _audit(by, Operation.UPDATE, placement, ["end_on", "extensions"], extension=extension.pk)
        publish("placement.changed", case_id=placement.case_id)
    return extension


def placement_terminate(*, by: Actor, placement: Placement, on: date | None, reason: str, note: str = "",
                        version: int, today: date | None = None) -> Placement:
    """End the placement early, on a date and for a reason from the list; the case goes back to active if
    this was its last placement."""
    _require(by, Action.PLACEMENT_MANAGE, placement)
    today = today or timezone.localdate()
    errors = {}
    if placement.terminated_on is not None:
        errors["on"] = _("This placement was already terminated.")
    elif on is None:
        errors["on"] = str(MESSAGES["required"])
    elif on < placement.start_on:
        errors["on"] = _("The termination cannot be before the start (%(start)s).") % {
            "start": _day(placement.start_on)}
    elif on > today:
        errors["on"] = _("Record a termination on the day it happens, not in advance.")
    elif placement.end_on is not None and on >= placement.end_on:
        errors["on"] = _("The placement ends on %(end)s anyway: an early termination comes before it.") % {
            "end": _day(placement.end_on)}
    if reason not in TerminationReason.values:
        errors["reason"] = _("Choose why the placement ended early.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _bump(placement, version, terminated_on=on, termination_reason=reason,
              termination_note=note.strip()[:500])
        _audit(by, Operation.UPDATE, placement, ["terminated_on", "termination_reason"], reason=reason)
        _after_end(placement.case_id, by, today, terminated=True, code=placement.code)
        publish("placement.changed", case_id=placement.case_id)
    return placement


def placements_close_ended(*, today: date | None = None, by: Actor = SYSTEM) -> int:
    """The daily sweep: every placed case whose placements have all run to their end goes to follow-up.
    Idempotent; how many cases moved."""
    _require(by, Action.PLACEMENT_MANAGE)
    today = today or timezone.localdate()
    ended = (Placement.objects.filter(case__state=State.PLACED, end_on__lt=today, terminated_on__isnull=True)
             .values_list("case_id", flat=True).distinct())
    moved = 0
    for case_id in list(ended):
        with transaction.atomic():
            last = Placement.objects.filter(case_id=case_id).order_by("-end_on", "-pk").first()
            moved += _after_end(case_id, by, today, terminated=False, code=last.code if last else "")
    return moved

