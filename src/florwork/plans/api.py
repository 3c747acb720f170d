"""API operations on a case's plan: read it (current revision and history), start it, edit a draft's frame,
goals and actions, apply suggestions, start a new revision, sign with the scan, download the patto.

The same rules as the pages: every operation goes through the plans selectors and services, so the policy (a
case manager of the case's team, PLAN_MANAGE) and the audit apply; a case the actor may not plan is a 404 like
a missing one; a stale ``version`` is a 409; refusals name their fields. Every write answers with the revision
as it now is, with its new ``version``.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, allow
from florwork.audit.models import Purpose
from florwork.plans import lifecycle, patto, selectors, services
from florwork.plans.models import ActionStatus, PlanRevision

router = Router(tags=["plans"])
CASES = Purpose.CASE_MANAGEMENT
Texts = dict[str, str]


# --- schemas ------------------------------------------------------------------------------------------

class ReviewIO(Schema):
    due_on: date
    note: str = Field("", max_length=200)


class FrameIn(Schema):
    starts_on: date
    ends_on: date
    review_dates: list[ReviewIO] = Field(default_factory=list, max_length=12)
    responsibilities: list[str] = Field(default_factory=list, max_length=20,
                                        description="the person's commitments, one sentence each")


class FrameUpdateIn(FrameIn):
    version: int = Field(ge=1, description="the revision's version as read")


class VersionIn(Schema):
    version: int = Field(ge=1, description="the revision's version as read")


class RevisionIn(VersionIn):
    note: str = Field("", max_length=300, description="why a new revision")


class GoalIn(VersionIn):
    title: str = Field(max_length=300)
    indicator: str = Field(max_length=300, description="how reaching the goal is measured")
    target_on: date
    dimension_id: int | None = Field(None, description="the assessment dimension the goal works on")


class ActionIn(VersionIn):
    service_id: int | None = Field(None, description="a service of the catalogue; empty for a free action")
    title: str = Field("", max_length=300, description="required for a free action")
    goal_id: int | None = None
    owner_organization_id: int | None = Field(None, description="default: the service's organization, or the hub")
    owner_name: str = Field("", max_length=200)
    starts_on: date
    ends_on: date
    cost: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2,
                                 description="EUR; default the service's cost per participant, 0 if free")
    status: ActionStatus = ActionStatus.PLANNED


class StatusIn(VersionIn):
    status: ActionStatus


class ChosenIn(Schema):
    key: str = Field(max_length=80, description="the suggestion's rule id")
    service_id: int | None = Field(None, description="the catalogue service chosen; empty for a free action")


class ApplyIn(VersionIn):
    chosen: list[ChosenIn] = Field(max_length=50)


class GoalOut(Schema):
    id: int
    title: str
    indicator: str
    target_on: date
    dimension: str | None
    suggestion: str


class ActionOut(Schema):
    id: int
    title: str
    service_id: int | None
    service_kind: str
    goal_id: int | None
    owner_organization_id: int
    owner_organization: str
    owner_name: str
    starts_on: date
    ends_on: date
    status: str
    cost: Decimal
    suggestion: str


class RevisionRowOut(Schema):
    number: int
    status: str
    version: int
    starts_on: date
    ends_on: date
    note: str
    created_at: datetime
    signed_at: datetime | None
    signed_by_label: str
    has_signed_document: bool


class RevisionOut(RevisionRowOut):
    plan_id: int
    case_id: int
    pathway: int | None
    responsibilities: list[str]
    review_dates: list[ReviewIO]
    goals: list[GoalOut]
    actions: list[ActionOut]
    total_cost: Decimal


class PlanOut(Schema):
    id: int
    case_id: int
    person_id: int
    current: RevisionOut
    revisions: list[RevisionRowOut]


class SuggestionOut(Schema):
    key: str
    kind: str
    action: Texts
    goal: Texts | None
    indicator: Texts
    dimension: str
    months: int
    why_pathway: int | None = Field(description="the pathway that matched, for a pathway rule")
    why_score: float | None = Field(description="the weak dimension's score, for a dimension rule")
    applied: bool = Field(description="already in the current revision")
    service_ids: list[int] = Field(description="live catalogue services of the suggested kind open to the pathway")


# --- bodies -------------------------------------------------------------------------------------------

def _row(revision: PlanRevision) -> dict:
    return {"number": revision.number, "status": revision.status, "version": revision.version,
            "starts_on": revision.starts_on, "ends_on": revision.ends_on, "note": revision.note,
            "created_at": revision.created_at, "signed_at": revision.signed_at,
            "signed_by_label": revision.signed_by_label, "has_signed_document": bool(revision.signed_document)}


def _revision(revision: PlanRevision) -> dict:
    revision = selectors.revision_content(revision)
    return {**_row(revision), "plan_id": revision.plan_id, "case_id": revision.plan.case_id,
            "pathway": revision.pathway, "responsibilities": revision.responsibilities,
            "review_dates": [{"due_on": r.due_on, "note": r.note} for r in revision.review_list],
            "goals": [{"id": g.pk, "title": g.title, "indicator": g.indicator, "target_on": g.target_on,
                       "dimension": g.dimension.code if g.dimension else None, "suggestion": g.suggestion}
                      for g in revision.goal_list],
            "actions": [{"id": a.pk, "title": a.title, "service_id": a.service_id, "service_kind": a.service_kind,
                         "goal_id": a.goal_id, "owner_organization_id": a.owner_organization_id,
                         "owner_organization": a.owner_organization.name, "owner_name": a.owner_name,
                         "starts_on": a.starts_on, "ends_on": a.ends_on, "status": a.status, "cost": a.cost,
                         "suggestion": a.suggestion} for a in revision.action_list],
            "total_cost": revision.total_cost}


def _plan_of(request, case_id: int):
    case = selectors.case_get_for_plan(actor=request.actor, case_id=case_id, purpose=request.purpose)
    plan = selectors.plan_of(case)
    if plan is None:
        raise Http404
    return case, plan


def _current(request, case_id: int) -> PlanRevision:
    _case, plan = _plan_of(request, case_id)
    return selectors.revision_current(plan)


def _item(revision: PlanRevision, related: str, item_id: int):
    item = getattr(revision, related).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _written(revision: PlanRevision) -> dict:
    revision.refresh_from_db()
    return _revision(revision)


# --- reading ------------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/plan", response={200: PlanOut, 404: Error})
@allow(Action.PLAN_MANAGE, CASES)
def plan_get(request, case_id: int):
    """The case's plan: its current revision (the draft, or the signed one) and the list of revisions."""
    _case, plan = _plan_of(request, case_id)
    current = selectors.revision_current(plan)
    selectors.audit_plan_read(actor=request.actor, plan=plan, purpose=request.purpose, revision=current.number)
    return {"id": plan.pk, "case_id": plan.case_id, "person_id": plan.person_id, "current": _revision(current),
            "revisions": [_row(r) for r in selectors.revisions(plan)]}


@router.get("/cases/{case_id}/plan/revisions/{number}", response={200: RevisionOut, 404: Error})
@allow(Action.PLAN_MANAGE, CASES)
def revision_get(request, case_id: int, number: int):
    """One revision as it was (a signed or superseded one never changes)."""
    _case, plan = _plan_of(request, case_id)
    revision = selectors.revision_get(plan=plan, number=number)
    selectors.audit_plan_read(actor=request.actor, plan=plan, purpose=request.purpose, revision=number)
    return _revision(revision)


@router.get("/cases/{case_id}/plan/suggestions", response={200: list[SuggestionOut], 404: Error})
@allow(Action.PLAN_MANAGE, CASES)
def suggestions_list(request, case_id: int):
    """What the rules in force suggest from the case's decided pathway and weakest dimensions; nothing is
    applied until you post the ones you choose."""
    case = selectors.case_get_for_plan(actor=request.actor, case_id=case_id, purpose=request.purpose)
    plan = selectors.plan_of(case)
    revision = selectors.revision_current(plan) if plan else None
    found = selectors.suggestions_for(actor=request.actor, case=case, revision=revision)
    return [{"key": r.suggestion.key, "kind": r.suggestion.kind, "action": dict(r.suggestion.action),
             "goal": dict(r.suggestion.goal) if r.suggestion.goal else None,
             "indicator": dict(r.suggestion.indicator), "dimension": r.suggestion.dimension,
             "months": r.suggestion.months, "why_pathway": r.suggestion.pathway, "why_score": r.suggestion.score,
             "applied": r.applied, "service_ids": [s.pk for s in r.services]} for r in found.rows]


@router.get("/cases/{case_id}/plan/patto.pdf", response={200: None, 404: Error})
@allow(Action.PLAN_MANAGE, CASES)
def patto_get(request, case_id: int, revision: int | None = None, language: str = "it"):
    """The patto of a revision (the current by default) as a PDF, in Italian or English (``language=en``);
    downloading it is audited as a read of the person's data."""
    case, plan = _plan_of(request, case_id)
    chosen = selectors.revision_get(plan=plan, number=revision)
    language = language if language in patto.LANGUAGES else "it"
    pdf = patto.patto_export(actor=request.actor, revision=chosen, language=language, purpose=request.purpose)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="patto-{case.code}-r{chosen.number}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- writing ------------------------------------------------------------------------------------------

@router.post("/cases/{case_id}/plan", response={201: PlanOut, 404: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def plan_create(request, case_id: int, payload: FrameIn):
    """Start the case's plan (an assessed case): its first, draft revision with the frame given."""
    case = selectors.case_get_for_plan(actor=request.actor, case_id=case_id, purpose=request.purpose)
    revision = services.plan_create(by=request.actor, case=case, data=payload.model_dump())
    plan = revision.plan
    return Status(201, {"id": plan.pk, "case_id": plan.case_id, "person_id": plan.person_id,
                        "current": _revision(revision), "revisions": [_row(revision)]})


@router.put("/cases/{case_id}/plan/frame", response={200: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def frame_update(request, case_id: int, payload: FrameUpdateIn):
    """The draft's dates, review dates and the person's responsibilities (goals and actions must still fit)."""
    revision = _current(request, case_id)
    data = payload.model_dump()
    services.plan_update(by=request.actor, revision=revision, version=data.pop("version"), data=data)
    return _written(revision)


@router.post("/cases/{case_id}/plan/revisions", response={201: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def revision_create(request, case_id: int, payload: RevisionIn):
    """A new draft revision copied from the signed one, which stays unchanged."""
    _case, plan = _plan_of(request, case_id)
    new = lifecycle.revision_start(by=request.actor, plan=plan, version=payload.version, note=payload.note)
    return Status(201, _revision(new))


@router.post("/cases/{case_id}/plan/suggestions", response={200: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def suggestions_apply(request, case_id: int, payload: ApplyIn):
    """Add the suggestions chosen, each with its catalogue service or as a free action."""
    revision = _current(request, case_id)
    chosen = {c.key: c.service_id for c in payload.chosen}
    lifecycle.suggestions_apply(by=request.actor, revision=revision, version=payload.version, chosen=chosen)
    return _written(revision)


@router.post("/cases/{case_id}/plan/goals", response={201: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def goal_create(request, case_id: int, payload: GoalIn):
    revision = _current(request, case_id)
    data = payload.model_dump()
    services.goal_add(by=request.actor, revision=revision, version=data.pop("version"), data=data)
    return Status(201, _written(revision))


@router.put("/cases/{case_id}/plan/goals/{goal_id}", response={200: RevisionOut, 404: Error, 409: Error,
                                                               422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def goal_update(request, case_id: int, goal_id: int, payload: GoalIn):
    revision = _current(request, case_id)
    data = payload.model_dump()
    services.goal_update(by=request.actor, goal=_item(revision, "goals", goal_id), version=data.pop("version"),
                         data=data)
    return _written(revision)


@router.delete("/cases/{case_id}/plan/goals/{goal_id}", response={200: RevisionOut, 404: Error, 409: Error,
                                                                  422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def goal_delete(request, case_id: int, goal_id: int, version: int):
    """Remove a goal of the draft (its actions stay, without a goal); ``version`` as a query parameter."""
    revision = _current(request, case_id)
    services.goal_remove(by=request.actor, goal=_item(revision, "goals", goal_id), version=version)
    return _written(revision)


@router.post("/cases/{case_id}/plan/actions", response={201: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def action_create(request, case_id: int, payload: ActionIn):
    """An action of the draft; dates outside the plan's are refused naming ``starts_on``/``ends_on``."""
    revision = _current(request, case_id)
    data = payload.model_dump()
    services.action_add(by=request.actor, revision=revision, version=data.pop("version"), data=data)
    return Status(201, _written(revision))


@router.put("/cases/{case_id}/plan/actions/{action_id}", response={200: RevisionOut, 404: Error, 409: Error,
                                                                   422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def action_update(request, case_id: int, action_id: int, payload: ActionIn):
    revision = _current(request, case_id)
    data = payload.model_dump()
    services.action_update(by=request.actor, action=_item(revision, "actions", action_id),
                           version=data.pop("version"), data=data)
    return _written(revision)


@router.delete("/cases/{case_id}/plan/actions/{action_id}", response={200: RevisionOut, 404: Error, 409: Error,
                                                                      422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def action_delete(request, case_id: int, action_id: int, version: int):
    revision = _current(request, case_id)
    services.action_remove(by=request.actor, action=_item(revision, "actions", action_id), version=version)
    return _written(revision)


@router.post("/cases/{case_id}/plan/actions/{action_id}/status",
             response={200: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def action_status(request, case_id: int, action_id: int, payload: StatusIn):
    """The progress of an action of the current revision, signed or draft."""
    revision = _current(request, case_id)
    services.action_set_status(by=request.actor, action=_item(revision, "actions", action_id),
                               status=payload.status.value, version=payload.version)
    return _written(revision)


@router.post("/cases/{case_id}/plan/sign", response={200: RevisionOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLAN_MANAGE, CASES)
def plan_sign(request, case_id: int, version: Form[int], document: File[UploadedFile]):
    """Record the signed patto (multipart: ``version`` and the scan as ``document``, PDF/JPEG/PNG up to 10 MB):
    the draft becomes the revision in force and an assessed case moves to planned."""
    revision = _current(request, case_id)
    lifecycle.plan_sign(by=request.actor, revision=revision, version=version, document=document)
    return _written(revision)
