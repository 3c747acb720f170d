"""API operations on instruments, assessments and pathway decisions.

The same rules as the pages: every operation goes through the assessment selectors and services, so the
access policy (a case manager of the case's team) and the audit apply; an assessment or a case the actor
may not assess is answered with 404, as a missing one; a stale ``version`` with 409; refusals with the
services' own messages in the common error body.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, allow
from florwork.assessment import scoring, selectors, services
from florwork.assessment.models import (
    Assessment,
    Dimension,
    Instrument,
    InstrumentStatus,
    Item,
    Pathway,
    PathwayDecision,
    Respondent,
)
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record

router = Router(tags=["assessment"])

Texts = dict[str, str]  # {"it": …, "en": …}


# --- schemas ------------------------------------------------------------------------------------------

class AnchorOut(Schema):
    value: int
    label: Texts


class ItemOut(Schema):
    code: str
    question: Texts
    help: Texts
    scale_min: int
    scale_max: int
    anchors: list[AnchorOut]
    weight: float
    respondent: str = Field(description="who answers: operator or person (self-assessment)")
    reverse_scored: bool


class DimensionOut(Schema):
    code: str
    label: Texts
    weight: float
    order: int
    items: list[ItemOut]


class InstrumentOut(Schema):
    id: int
    code: str
    version: int
    title: Texts
    description: Texts
    status: str
    published_at: datetime | None
    dimensions: list[DimensionOut]


class InstrumentRefOut(Schema):
    id: int
    code: str
    version: int


class StartIn(Schema):
    instrument_code: str = Field(services.DEFAULT_INSTRUMENT, min_length=1, max_length=60,
                                 description="the instrument to assess with (its published version)")


class AnswerIn(Schema):
    value: int = Field(description="a value on the item's scale (scale_min to scale_max)")
    note: str = Field("", max_length=500)
    answered_by: Respondent = Field(Respondent.OPERATOR, description="operator, or person for a self-assessment item")


class AnswerOut(Schema):
    item_code: str
    value: int
    note: str
    answered_by: str
    answered_at: datetime


class FinalizeIn(Schema):
    version: int = Field(ge=1, description="the assessment's version as read")


class DecisionIn(Schema):
    chosen: Pathway = Field(description="1 job-ready, 2 upskilling, 3 reskilling, 4 work and inclusion; "
                                        "the proposed one confirms, another overrides (with a reason)")
    reason: str = Field("", max_length=4000, description="required when overriding the proposal")


class ConditionOut(Schema):
    dimension: str
    op: str
    value: float
    score: float | None
    met: bool


class ProposalOut(Schema):
    pathway: int
    rule: str = Field(description="the id of the rule that matched; empty when the default applied")
    label: Texts
    conditions: list[ConditionOut] = Field(description="the reasons: the conditions the rule checked")
    rule_set_version: int | None


class DecisionOut(Schema):
    id: int
    assessment_id: int
    proposed: int
    chosen: int
    override: bool
    reason: str
    decided_by_label: str
    decided_at: datetime


class DimensionScoreOut(Schema):
    code: str
    label: Texts
    score: float | None
    strength: bool
    barrier: bool


class ScoresOut(Schema):
    dimensions: list[DimensionScoreOut]
    overall: float | None
    strengths: list[str]
    barriers: list[str]
    formula: str


class AssessmentRowOut(Schema):
    id: int
    case_id: int
    person_id: int
    instrument: InstrumentRefOut
    status: str
    version: int
    started_at: datetime
    finalized_at: datetime | None
    overall: float | None
    proposed_pathway: int | None
    chosen_pathway: int | None


class AssessmentOut(AssessmentRowOut):
    observations: str
    answered: int
    items: int
    answers: list[AnswerOut]
    scores: ScoresOut | None = Field(description="per dimension and overall, once finalized")
    proposal: ProposalOut | None = Field(description="the proposed pathway with its reasons, once finalized")
    decision: DecisionOut | None


# --- building the bodies ------------------------------------------------------------------------------

def _texts(it: str, en: str) -> Texts:
    return {"it": it, "en": en}


def _item(item: Item) -> dict:
    anchors = item.scale.get("anchors", {})
    return {"code": item.code, "question": _texts(item.question_it, item.question_en),
            "help": _texts(item.help_it, item.help_en), "scale_min": item.scale_min, "scale_max": item.scale_max,
            "anchors": [{"value": value, "label": anchors.get(str(value), {})}
                        for value in range(item.scale_min, item.scale_max + 1) if str(value) in anchors],
            "weight": item.weight, "respondent": item.respondent, "reverse_scored": item.reverse_scored}


def _instrument(instrument: Instrument) -> dict:
    dimensions = []
    for dimension in instrument.dimensions.order_by("order").prefetch_related("items"):
        dimensions.append({"code": dimension.code, "label": _texts(dimension.label_it, dimension.label_en),
                           "weight": dimension.weight, "order": dimension.order,
                           "items": [_item(item) for item in sorted(dimension.items.all(), key=lambda i: i.order)]})
    return {"id": instrument.pk, "code": instrument.code, "version": instrument.version,
            "title": _texts(instrument.title_it, instrument.title_en),
            "description": _texts(instrument.description_it, instrument.description_en),
            "status": instrument.status, "published_at": instrument.published_at, "dimensions": dimensions}


def _decision(decision: PathwayDecision | None) -> dict | None:
    if decision is None:
        return None
    return {"id": decision.pk, "assessment_id": decision.assessment_id, "proposed": decision.proposed,
            "chosen": decision.chosen, "override": decision.is_override, "reason": decision.reason,
            "decided_by_label": decision.decided_by_label, "decided_at": decision.decided_at}


def _row(assessment: Assessment, decision: PathwayDecision | None) -> dict:
    snapshot = assessment.scores or {}
    return {"id": assessment.pk, "case_id": assessment.case_id, "person_id": assessment.person_id,
            "instrument": {"id": assessment.instrument.pk, "code": assessment.instrument.code,
                           "version": assessment.instrument.version},
            "status": assessment.status, "version": assessment.version, "started_at": assessment.started_at,
            "finalized_at": assessment.finalized_at, "overall": snapshot.get("overall"),
            "proposed_pathway": (snapshot.get("proposal") or {}).get("pathway"),
            "chosen_pathway": decision.chosen if decision else None}


def _assessment(assessment: Assessment) -> dict:
    decision = PathwayDecision.objects.filter(assessment=assessment).first()
    answers = assessment.answers.select_related("item").order_by("item__dimension__order", "item__order")
    items = Item.objects.filter(dimension__instrument_id=assessment.instrument_id).count()
    body = {**_row(assessment, decision), "observations": assessment.observations, "answered": len(answers),
            "items": items, "decision": _decision(decision), "scores": None, "proposal": None,
            "answers": [{"item_code": a.item.code, "value": a.value, "note": a.note, "answered_by": a.answered_by,
                         "answered_at": a.answered_at} for a in answers]}
    if assessment.is_finalized:
        snapshot = assessment.scores
        labels = {d.code: _texts(d.label_it, d.label_en)
                  for d in Dimension.objects.filter(instrument_id=assessment.instrument_id)}
        body["scores"] = {
            "dimensions": [{"code": code, "label": labels.get(code, {}), "score": score,
                            "strength": code in snapshot["strengths"], "barrier": code in snapshot["barriers"]}
                           for code, score in snapshot["dimensions"].items()],
            "overall": snapshot["overall"], "strengths": snapshot["strengths"], "barriers": snapshot["barriers"],
            "formula": snapshot.get("formula", scoring.FORMULA)}
        proposal = snapshot["proposal"]
        body["proposal"] = {"pathway": proposal["pathway"], "rule": proposal.get("rule", ""),
                            "label": proposal.get("label") or {}, "conditions": proposal.get("conditions", []),
                            "rule_set_version": snapshot.get("rule_set_version")}
    return body


def _error_status(status: int, code: str, error: ValidationError, fields=()) -> Status:
    return Status(status, {"error": {"code": code, "message": " ".join(error.messages), "fields": list(fields)}})


# --- instruments --------------------------------------------------------------------------------------

@router.get("/instruments", response=list[InstrumentOut])
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def instrument_list(request):
    """The published instruments, each with its dimensions and items (no personal data: not audited)."""
    return [_instrument(i) for i in Instrument.objects.filter(status=InstrumentStatus.PUBLISHED).order_by("code")]


@router.get("/instruments/{instrument_id}", response={200: InstrumentOut, 404: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def instrument_get(request, instrument_id: int):
    """A published or retired version (old assessments keep theirs); drafts are not served."""
    instrument = Instrument.objects.exclude(status=InstrumentStatus.DRAFT).filter(pk=instrument_id).first()
    if instrument is None:
        raise Http404
    return _instrument(instrument)


# --- assessments --------------------------------------------------------------------------------------

@router.get("/cases/{case_id}/assessments", response={200: list[AssessmentRowOut], 404: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def assessment_list(request, case_id: int):
    """The case's assessments, newest first."""
    actor = request.actor
    case = selectors.case_get_for_assessment(actor=actor, case_id=case_id, purpose=request.purpose)
    assessments = selectors.case_assessments(case=case)
    rows = []
    for assessment in assessments:
        audit_record(actor=actor, operation=Operation.READ, purpose=request.purpose,
                     object_type="assessment.Assessment", object_id=assessment.pk,
                     object_label=f"assessment {assessment.pk}", fields=["scores"],
                     detail={"case": assessment.case_id, "person": assessment.person_id})
        rows.append(_row(assessment, getattr(assessment, "decision", None)))
    return rows


@router.post("/cases/{case_id}/assessments", response={200: AssessmentOut, 201: AssessmentOut, 404: Error,
                                                       422: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def assessment_start(request, case_id: int, payload: StartIn):
    """Start an assessment of the case's person (201), or resume the one in progress (200)."""
    actor = request.actor
    case = selectors.case_get_for_assessment(actor=actor, case_id=case_id, purpose=request.purpose)
    known = {a.pk for a in selectors.case_assessments(case=case)}
    assessment = services.assessment_start(by=actor, case=case, code=payload.instrument_code)
    return Status(200 if assessment.pk in known else 201, _assessment(assessment))


@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, 404: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def assessment_get(request, assessment_id: int):
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    return _assessment(assessment)


@router.put("/assessments/{assessment_id}/answers/{item_code}", response={200: AnswerOut, 404: Error, 422: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def answer_save(request, assessment_id: int, item_code: str, payload: AnswerIn):
    """Record one answer; a value outside the item's scale is refused (422 naming ``value``)."""
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    answer = services.answer_save(by=request.actor, assessment=assessment, item_code=item_code,
                                  value=payload.value, answered_by=payload.answered_by.value, note=payload.note)
    return {"item_code": answer.item.code, "value": answer.value, "note": answer.note,
            "answered_by": answer.answered_by, "answered_at": answer.answered_at}


@router.post("/assessments/{assessment_id}/finalize", response={200: AssessmentOut, 404: Error, 409: Error,
                                                               422: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def assessment_finalize(request, assessment_id: int, payload: FinalizeIn):
    """Score and freeze the assessment, with the proposed pathway. An incomplete one is refused (422): the
    message names the missing items and ``fields`` has one ``answers.<item code>`` entry for each."""
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    try:
        services.assessment_finalize(by=request.actor, assessment=assessment, version=payload.version)
    except ValidationError as error:
        if error.code != "incomplete":
            raise
        missing = Item.objects.filter(dimension__instrument_id=assessment.instrument_id,
                                      code__in=error.params["missing"])
        fields = [{"field": f"answers.{item.code}", "message": item.question} for item in missing]
        return _error_status(422, "invalid", error, fields)
    return _assessment(assessment)


@router.post("/assessments/{assessment_id}/pathway", response={201: DecisionOut, 404: Error, 409: Error,
                                                              422: Error})
@allow(Action.ASSESSMENT_CONDUCT, Purpose.CASE_MANAGEMENT)
def pathway_decide(request, assessment_id: int, payload: DecisionIn):
    """Confirm the proposed pathway, or override it with a reason (422 naming ``reason`` without one);
    a pathway already decided is a conflict (409)."""
    assessment = selectors.assessment_get(actor=request.actor, assessment_id=assessment_id, purpose=request.purpose)
    try:
        decision = services.pathway_decide(by=request.actor, assessment=assessment, chosen=int(payload.chosen),
                                           reason=payload.reason)
    except ValidationError as error:
        if getattr(error, "code", None) == "decided":
            return _error_status(409, "conflict", error)
        raise
    return Status(201, _decision(decision))


from florwork.assessment import profile_api  # noqa: E402, F401 - the statistical profile's operations, same router
