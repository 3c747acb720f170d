"""API operations of the statistical profile, on the assessment router (imported at the end of api.py).

Models are aggregates (no personal data): listed and read by who may see the profile; trained, activated
and retired by the programme manager, with the same services, refusals and audit as the pages. A case's
score is the case manager's, through the same gate as the case's assessments.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from ninja import Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, allow
from florwork.assessment import profile_selectors as profile
from florwork.assessment import profile_services as services
from florwork.assessment import selectors
from florwork.assessment.api import router
from florwork.assessment.profile_models import ProfileModel, ProfileTraining
from florwork.audit.models import Purpose

GOVERNANCE, CASES = Purpose.GOVERNANCE, Purpose.CASE_MANAGEMENT


class GateOut(Schema):
    allowed: bool = Field(description="true: may be activated without a sign-off under the threshold in force")
    max_gap: float
    reasons: list[str] = Field(description="the gaps over the threshold")


class SignoffOut(Schema):
    by: str
    at: datetime
    reason: str
    gaps: list[str]


class ProfileRowOut(Schema):
    id: int
    horizon: int = Field(description="months: the outcome is being in work at 6 or 12 months")
    status: str = Field(description="trained, active or retired")
    source: str = Field(description="hub_cases or imported")
    model: str = Field(description="logistic or gbm")
    cases: int
    positives: int
    auc: float | None
    brier: float | None
    period_start: date | None
    period_end: date | None
    trained_at: datetime
    activated_at: datetime | None
    gaps_over_threshold_at_training: int


class ProfileOut(ProfileRowOut):
    metrics: dict[str, Any] = Field(description="cross-validated auc, brier, calibration_slope, "
                                                "calibration_intercept")
    calibration_curve: list[dict[str, Any]]
    fairness: dict[str, Any] = Field(description="groups and gaps by protected attribute, with 95% intervals")
    card: dict[str, Any] = Field(description="the model card: data, period, metrics, limits, intended use")
    gate: GateOut
    signoff: SignoffOut | None


class ActivateIn(Schema):
    reason: str = Field("", max_length=4000, description="the sign-off, needed when a gap exceeds the threshold")


class TrainIn(Schema):
    horizon: Literal[6, 12]
    source: Literal["hub_cases", "imported"]
    data: str = Field("", max_length=50_000_000, description="imported: the CSV text, in the CLI's format")
    filename: str = Field("", max_length=200)
    outcome: str = Field("", max_length=100)
    features: list[str] = Field(default_factory=list, max_length=200)
    protected: list[str] = Field(default_factory=list, max_length=20)
    date_column: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class TrainingOut(Schema):
    id: int
    horizon: int
    source: str
    status: str = Field(description="queued, running, done or failed")
    message: str = Field(description="why it failed (a refusal), when it did")
    model_id: int | None
    requested_at: datetime
    finished_at: datetime | None


class FactorOut(Schema):
    feature: str
    label: str
    value: str
    effect: float = Field(description="log-odds against the average person of the training data")


class HorizonScoreOut(Schema):
    horizon: int
    model_id: int | None
    probability: float | None
    raised_by: list[FactorOut]
    lowered_by: list[FactorOut]
    error: str


class CaseProfileOut(Schema):
    case_id: int
    assessment_id: int | None = Field(description="the latest finalized assessment the score comes from")
    person_visible: bool = Field(description="false: no live case-management consent, so no score")
    intended_use: str
    scores: list[HorizonScoreOut]


def _row(model: ProfileModel) -> dict:
    return {"id": model.pk, "horizon": model.horizon, "status": model.status, "source": model.source,
            "model": model.kind, "cases": model.cases, "positives": model.positives,
            "auc": model.metrics.get("auc"), "brier": model.metrics.get("brier"),
            "period_start": model.period_start, "period_end": model.period_end, "trained_at": model.trained_at,
            "activated_at": model.activated_at, "gaps_over_threshold_at_training": len(model.gate_reasons)}


def _model(model: ProfileModel) -> dict:
    gate = services.activation_check(model)
    signoff = None if model.signoff_at is None else {
        "by": model.signoff_by_label, "at": model.signoff_at, "reason": model.signoff_reason,
        "gaps": model.signoff_gaps}
    return {**_row(model), "metrics": model.metrics, "calibration_curve": model.calibration_curve,
            "fairness": model.fairness, "card": model.card, "signoff": signoff,
            "gate": {"allowed": gate.allowed, "max_gap": profile.gate_max_gap(), "reasons": gate.reasons}}


def _training(training: ProfileTraining) -> dict:
    return {"id": training.pk, "horizon": training.horizon, "source": training.source, "status": training.status,
            "message": training.message, "model_id": training.model_id, "requested_at": training.requested_at,
            "finished_at": training.finished_at}


def _error(status: int, code: str, error: ValidationError) -> Status:
    by_field = error.message_dict if hasattr(error, "error_dict") else {"body": error.messages}
    fields = [{"field": name, "message": str(m)} for name, messages in by_field.items() for m in messages]
    return Status(status, {"error": {"code": code, "message": " ".join(m["message"] for m in fields),
                                     "fields": fields}})


@router.get("/profiles", response=list[ProfileRowOut])
@allow(Action.PROFILE_VIEW, GOVERNANCE)
def profile_list(request):
    """The trained models, newest first (aggregates: no personal data)."""
    return [_row(m) for m in profile.profile_models(actor=request.actor)[:200]]


@router.get("/profiles/{model_id}", response={200: ProfileOut, 404: Error})
@allow(Action.PROFILE_VIEW, GOVERNANCE)
def profile_get(request, model_id: int):
    """One model with its card, metrics, calibration curve, fairness audit and activation gate."""
    return _model(profile.profile_model_get(actor=request.actor, model_id=model_id))


@router.post("/profiles/{model_id}/activate", response={200: ProfileOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PROFILE_MANAGE, GOVERNANCE)
def profile_activate(request, model_id: int, payload: ActivateIn):
    """Activate the model for its horizon (the previous one is retired). When a group's gap exceeds the
    threshold, ``reason`` is the programme manager's sign-off (422 naming ``reason`` without it); an
    already active model is a conflict (409)."""
    model = profile.profile_model_get(actor=request.actor, model_id=model_id)
    return _model(services.profile_activate(by=request.actor, model=model, reason=payload.reason))


@router.post("/profiles/{model_id}/retire", response={200: ProfileOut, 404: Error, 422: Error})
@allow(Action.PROFILE_MANAGE, GOVERNANCE)
def profile_retire(request, model_id: int):
    """Stop the active model: nobody is scored for its horizon until another is activated."""
    model = profile.profile_model_get(actor=request.actor, model_id=model_id)
    return _model(services.profile_retire(by=request.actor, model=model))


@router.post("/profile-trainings", response={202: TrainingOut, 422: Error})
@allow(Action.PROFILE_MANAGE, GOVERNANCE)
def training_create(request, payload: TrainIn):
    """Queue a training from the hub's closed cases or from imported CSV text; refusals that need no model
    (too few cases, a single class, a protected attribute as a feature) are answered at once (422)."""
    try:
        training = services.training_request(
            by=request.actor, horizon=payload.horizon, source=payload.source,
            data=payload.data.encode() if payload.data else None, filename=payload.filename,
            outcome=payload.outcome, features=payload.features, protected=payload.protected,
            date_column=payload.date_column, note=payload.note)
    except ValidationError as error:
        return _error(422, "invalid", error)
    training.refresh_from_db()
    return Status(202, _training(training))


@router.get("/profile-trainings/{training_id}", response={200: TrainingOut, 404: Error})
@allow(Action.PROFILE_VIEW, GOVERNANCE)
def training_get(request, training_id: int):
    """A training request: queued, running, done (with its model) or failed (with the reason)."""
    return _training(profile.training_get(actor=request.actor, training_id=training_id))


@router.get("/cases/{case_id}/profile", response={200: CaseProfileOut, 404: Error})
@allow(Action.ASSESSMENT_CONDUCT, CASES)
def case_profile(request, case_id: int):
    """The active models' probability of work for the case's person, with the factors that raised and
    lowered it, from their latest finalized assessment: advice to the case manager (audited)."""
    case = selectors.case_get_for_assessment(actor=request.actor, case_id=case_id, purpose=request.purpose)
    result = profile.case_profile(actor=request.actor, case=case, purpose=request.purpose)

    def factors(items):
        return [{"feature": f.feature, "label": f.label, "value": f.value, "effect": f.effect} for f in items]

    return {"case_id": case.pk, "assessment_id": result.assessment.pk if result.assessment else None,
            "person_visible": not result.person_hidden,
            "intended_use": services.core.INTENDED_USE,
            "scores": [{"horizon": s.horizon, "model_id": s.model.pk if s.model else None,
                        "probability": s.probability, "raised_by": factors(s.raised),
                        "lowered_by": factors(s.lowered), "error": s.error} for s in result.scores]}
