"""Training, storing, activating and retiring statistical profile models: one transaction each, audited.

Training is queued as a background task (it takes seconds to minutes); its refusals are recorded on the
training request and shown on the page. A model is activated directly only when no group's gap exceeds
the programme manager's threshold (``activation_allowed``); otherwise only with a recorded sign-off.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import SYSTEM, Action, Actor, may
from florwork.assessment import profile as core
from florwork.assessment import profile_selectors as selectors
from florwork.assessment.profile.data import parse_outcome
from florwork.assessment.profile.train import check_outcome, check_request
from florwork.assessment.profile_models import (
    SIGNOFF_MIN_CHARS,
    Horizon,
    ProfileGate,
    ProfileModel,
    ProfileStatus,
    ProfileTraining,
    TrainingSource,
    TrainingStatus,
)
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# the app never uses age as a feature (the CLI accepts raw age for its contract; ADR 0004)
NEVER_FEATURES = frozenset({"age", "eta", "età", "birth_date", "data_nascita"})


def _require(actor: Actor, action: Action) -> None:
    if not may(actor, action):
        raise PermissionDenied


def min_cases() -> int:
    return int(getattr(settings, "PROFILE_MIN_CASES", core.DEFAULT_MIN_CASES))


def _audit(by: Actor, operation: str, obj, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.GOVERNANCE, object_type=obj._meta.label,
                 object_id=obj.pk, object_label=str(obj), fields=fields, detail=detail)


# --- the threshold --------------------------------------------------------------------------------

def gate_update(*, by: Actor, max_gap: float) -> ProfileGate:
    """Set the largest group gap a model may show and be activated without a sign-off."""
    _require(by, Action.PROFILE_MANAGE)
    if not 0.01 <= max_gap <= 0.5:
        raise ValidationError({"max_gap": _("The threshold must be between 0.01 and 0.5.")})
    with transaction.atomic():
        before = selectors.gate_max_gap()
        gate, _created = ProfileGate.objects.update_or_create(pk=1, defaults={
            "max_gap": max_gap, "updated_at": timezone.now(), "updated_by_label": by.label[:200]})
        _audit(by, Operation.UPDATE, gate, ["max_gap"], before=before, after=max_gap)
    return gate


# --- training requests ----------------------------------------------------------------------------

def _names(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return [v.strip() for v in values if v and v.strip()]


def _check_upload(*, data: bytes, filename: str, outcome: str, features: list[str], protected: list[str],
                  date_column: str) -> core.Table:
    """The refusals a user can fix at once, in their language; the core's own checks follow."""
    if not data or not data.strip():
        raise ValidationError({"data": _("The file is empty.")})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"data": _("The file is larger than 50 MB.")})
    if not outcome:
        raise ValidationError({"outcome": _("Name the outcome column.")})
    if not features:
        raise ValidationError({"features": _("Name at least one feature column.")})
    forbidden = core.PROTECTED_NAMES | NEVER_FEATURES | {p.lower() for p in protected}
    refused = [name for name in features if name.lower() in forbidden]
    if refused:
        raise ValidationError({"features": _(
            "%(names)s cannot be model inputs: protected attributes (and age) are used only to audit the "
            "model's fairness. List them as protected attributes instead.") % {"names": ", ".join(refused)}})
    unknown = sorted(set(features) - selectors.known_features())
    if unknown:
        raise ValidationError({"features": _(
            "%(names)s: Florwork does not record this for a person, so the model could not score anyone. "
            "Use these names: %(known)s.") % {"names": ", ".join(unknown),
                                               "known": ", ".join(sorted(selectors.known_features()))}})
    try:
        table = core.parse_table(bytes(data), filename or "upload.csv")
    except core.ProfileError as problem:
        raise ValidationError({"data": str(problem)}) from None
    _check_core(table, core.TrainOptions(outcome=outcome, features=features, protected=protected,
                                         date_column=date_column or None, min_cases=min_cases()))
    return table


def _too_few(rows: int) -> ValidationError:
    return ValidationError(_("Too few cases to train: %(rows)s, the minimum is %(minimum)s. A model learned from "
                             "fewer cases would mostly learn noise.") % {"rows": rows, "minimum": min_cases()},
                           code="too_few")


def _check_core(table: core.Table, options: core.TrainOptions) -> None:
    if table.rows < options.min_cases:
        raise _too_few(table.rows)
    try:
        check_request(table, options)
        check_outcome(parse_outcome(table, options.outcome), options)
    except core.ProfileError as problem:
        raise ValidationError(str(problem), code="refused") from None


def training_request(*, by: Actor, horizon: int, source: str, data: bytes | None = None, filename: str = "",
                     outcome: str = "", features=(), protected=(), date_column: str = "", note: str = "",
                     seed: int = 0) -> ProfileTraining:
    """Queue the training of a model: from the hub's closed cases, or from an uploaded CSV in the CLI's
    format (the same columns). What can be refused at once is refused here, with the reason."""
    _require(by, Action.PROFILE_MANAGE)
    if horizon not in Horizon.values:
        raise ValidationError({"horizon": _("Choose 6 or 12 months.")})
    if source not in TrainingSource.values:
        raise ValidationError({"source": _("Choose the hub's closed cases or an uploaded file.")})
    features, protected = _names(features), _names(protected)
    fields: dict = {}
    if source == TrainingSource.IMPORTED:
        table = _check_upload(data=data or b"", filename=filename, outcome=outcome.strip(), features=features,
                              protected=protected, date_column=date_column.strip())
        fields = {"data": bytes(data or b""), "filename": filename[:200], "sha256": table.sha256,
                  "outcome": outcome.strip(), "feature_names": features, "protected": protected,
                  "date_column": date_column.strip()}
    else:
        available = selectors.training_cases_count()
        if available < min_cases():
            raise _too_few(available)
    with transaction.atomic():
        training = ProfileTraining.objects.create(
            horizon=horizon, source=source, note=note.strip()[:500], seed=seed, requested_at=timezone.now(),
            requested_by_id=by.user_id, requested_by_label=by.label[:200], **fields)
        _audit(by, Operation.CREATE, training, ["training"], horizon=horizon, source=source,
               file=training.filename, sha256=training.sha256)
        transaction.on_commit(lambda pk=training.pk: _enqueue(pk))
    return training


def _enqueue(training_id: int) -> None:
    from florwork.assessment.tasks import train_profile

    train_profile.enqueue(training_id=training_id)


# --- running a training (the task) ----------------------------------------------------------------

def _hub_options(training: ProfileTraining) -> tuple[core.Table, core.TrainOptions]:
    table = selectors.training_table(horizon=training.horizon)
    audit_record(actor=SYSTEM, operation=Operation.READ, purpose=Purpose.GOVERNANCE, object_type="cases.Case",
                 object_label="closed cases for profile training", fields=["intake", "assessment", "outcome",
                                                                            *selectors.PROTECTED],
                 detail={"training": training.pk, "cases": table.rows})
    return table, core.TrainOptions(outcome=selectors.OUTCOME, features=selectors.hub_feature_names(table),
                                    protected=list(selectors.PROTECTED), date_column=selectors.DATE_COLUMN,
                                    seed=training.seed, min_cases=min_cases())


def _imported_options(training: ProfileTraining) -> tuple[core.Table, core.TrainOptions]:
    table = core.parse_table(bytes(training.data or b""), training.filename or "upload.csv")
    return table, core.TrainOptions(outcome=training.outcome, features=list(training.feature_names),
                                    protected=list(training.protected), date_column=training.date_column or None,
                                    seed=training.seed, min_cases=min_cases())


def training_run(*, training_id: int) -> ProfileTraining:
    """Train the model a request asked for, store it with its card, and record the outcome on the request:
    ``done`` with the model, or ``failed`` with the reason (the core's refusals are reasons, not errors)."""
    with transaction.atomic():
        training = ProfileTraining.objects.select_for_update().get(pk=training_id)
        if training.status != TrainingStatus.QUEUED:
            return training  # already run by another worker
        training.status = TrainingStatus.RUNNING
        training.save(update_fields=["status"])
    try:
        table, options = (_hub_options(training) if training.source == TrainingSource.HUB_CASES
                          else _imported_options(training))
        if table.rows < options.min_cases:
            raise _too_few(table.rows)
        trained = core.train(table, options)
    except (core.ProfileError, ValidationError) as problem:
        message = str(problem) if isinstance(problem, core.ProfileError) else " ".join(problem.messages)
        return _finish(training, TrainingStatus.FAILED, message=message)
    except Exception:
        logger.exception("profile training %s failed", training_id)
        _finish(training, TrainingStatus.FAILED, message=_("Unexpected error: see the server's log."))
        raise
    return _finish(training, TrainingStatus.DONE, trained=trained)


def _finish(training: ProfileTraining, status: str, *, message: str = "",
            trained: core.TrainedProfile | None = None) -> ProfileTraining:
    with transaction.atomic():
        if trained is not None:
            training.model = profile_model_store(trained=trained, training=training)
        training.status, training.message, training.finished_at = status, message[:4000], timezone.now()
        training.data = None  # imported rows are kept only as long as the training needs them
        training.save(update_fields=["status", "message", "finished_at", "data", "model"])
        audit_record(actor=SYSTEM, operation=Operation.UPDATE, purpose=Purpose.GOVERNANCE,
                     object_type="assessment.ProfileTraining", object_id=training.pk, object_label=str(training),
                     fields=["status"], detail={"status": status, "model": training.model_id,
                                                "requested_by": training.requested_by_label})
    return training


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def profile_model_store(*, trained: core.TrainedProfile, training: ProfileTraining) -> ProfileModel:
    """Keep a trained model with its card; the gate is evaluated with the threshold in force now."""
    card = trained.card
    card["data"]["source"] = training.source
    card["data"]["horizon_months"] = training.horizon
    if training.note:
        card["data"]["note"] = training.note
    max_gap = selectors.gate_max_gap()
    gate = core.activation_allowed(card, max_gap)
    period = card["data"].get("period") or [None, None]
    model = ProfileModel.objects.create(
        horizon=training.horizon, source=training.source, file=core.dumps(trained),
        format_version=core.FORMAT_VERSION, kind=trained.model, features=card["features"], metrics=card["metrics"],
        calibration_curve=card["calibration_curve"], fairness=card["fairness"], card=card,
        period_start=_date(period[0]), period_end=_date(period[1]), cases=card["data"]["rows"],
        positives=card["data"]["positives"], max_gap=max_gap, gate_reasons=gate.reasons,
        trained_at=timezone.now(), trained_by_id=training.requested_by_id,
        trained_by_label=training.requested_by_label)
    audit_record(actor=SYSTEM, operation=Operation.CREATE, purpose=Purpose.GOVERNANCE,
                 object_type="assessment.ProfileModel", object_id=model.pk, object_label=str(model),
                 fields=["model", "card"], detail={"training": training.pk, "horizon": model.horizon,
                                                   "auc": card["metrics"]["auc"], "gate_passed": gate.allowed})
    return model


# --- activation -----------------------------------------------------------------------------------

def activation_check(model: ProfileModel) -> core.Activation:
    """Whether the model may be activated without a sign-off, under the threshold in force now."""
    return core.activation_allowed(model.card, selectors.gate_max_gap())


def profile_activate(*, by: Actor, model: ProfileModel, reason: str = "") -> ProfileModel:
    """Make the model the one that scores people for its horizon, retiring the previous one. When a group's
    gap exceeds the threshold, only with the programme manager's sign-off: a written reason, recorded."""
    _require(by, Action.PROFILE_MANAGE)
    reason = reason.strip()
    max_gap = selectors.gate_max_gap()
    gate = core.activation_allowed(model.card, max_gap)
    if not gate.allowed and len(reason) < SIGNOFF_MIN_CHARS:
        raise ValidationError({"reason": _(
            "Some group's gap exceeds the threshold of %(max_gap)s: activating this model needs your sign-off, "
            "with a reason of at least %(chars)s characters.") % {"max_gap": max_gap, "chars": SIGNOFF_MIN_CHARS}},
            code="signoff_required", params={"gaps": gate.reasons})
    core.loads(model.file, source=f"profile model {model.pk}")  # an unreadable file is never activated
    at = timezone.now()
    try:
        with transaction.atomic():
            locked = ProfileModel.objects.select_for_update().get(pk=model.pk)
            if locked.status == ProfileStatus.ACTIVE:
                raise Conflict
            previous = list(ProfileModel.objects.select_for_update().filter(horizon=locked.horizon,
                                                                             status=ProfileStatus.ACTIVE))
            for old in previous:
                old.status, old.retired_at = ProfileStatus.RETIRED, at
                old.save(update_fields=["status", "retired_at"])
                _audit(by, Operation.UPDATE, old, ["status"], status="retired", replaced_by=locked.pk)
            locked.status, locked.activated_at = ProfileStatus.ACTIVE, at
            locked.activated_by_id, locked.activated_by_label = by.user_id, by.label[:200]
            locked.activation_max_gap, locked.retired_at = max_gap, None
            signed = not gate.allowed
            locked.signoff_at, locked.signoff_reason = (at, reason) if signed else (None, "")
            locked.signoff_by_id = by.user_id if signed else None
            locked.signoff_by_label = by.label[:200] if signed else ""
            locked.signoff_gaps = gate.reasons
            locked.save()
            _audit(by, Operation.UPDATE, locked, ["status", *(["signoff"] if signed else [])], status="active",
                   horizon=locked.horizon, max_gap=max_gap, gate_passed=gate.allowed, signed_off=signed,
                   gaps_over=len(gate.reasons), retired=[old.pk for old in previous])
    except IntegrityError:
        raise Conflict from None  # another activation for this horizon won the race
    return locked


def profile_retire(*, by: Actor, model: ProfileModel) -> ProfileModel:
    """Stop an active model: nobody is scored for its horizon until another is activated."""
    _require(by, Action.PROFILE_MANAGE)
    with transaction.atomic():
        locked = ProfileModel.objects.select_for_update().get(pk=model.pk)
        if locked.status != ProfileStatus.ACTIVE:
            raise ValidationError(_("Only the active model can be retired."), code="not_active")
        locked.status, locked.retired_at = ProfileStatus.RETIRED, timezone.now()
        locked.save(update_fields=["status", "retired_at"])
        _audit(by, Operation.UPDATE, locked, ["status"], status="retired", horizon=locked.horizon)
    return locked
