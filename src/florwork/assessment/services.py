"""Instrument versions, assessment sessions, pathway decisions and routing rules: one transaction each, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.assessment import instruments, routing, scoring
from florwork.assessment.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    Instrument,
    InstrumentStatus,
    Item,
    PathwayDecision,
    Respondent,
    RoutingRuleSet,
)
from florwork.assessment.selectors import instrument_specs, rules_current
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.lifecycle import State
from florwork.cases.models import Case
from florwork.cases.services import case_transition
from florwork.conflicts import Conflict
from florwork.events import publish
from florwork.rulesets import ruleset_save

DEFAULT_INSTRUMENT = "florwork-employability"


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _require_conduct(actor: Actor, case: Case) -> None:
    _require(actor, Action.ASSESSMENT_CONDUCT)
    _require(actor, Action.CASE_UPDATE, case)


def _audit(by: Actor, operation: str, assessment: Assessment, fields, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.CASE_MANAGEMENT,
                 object_type="assessment.Assessment", object_id=assessment.pk,
                 object_label=f"assessment {assessment.pk}", fields=fields,
                 detail={"case": assessment.case_id, "person": assessment.person_id, **detail})


# --- instruments -------------------------------------------------------------------------------------

def _instrument_models() -> dict[str, Any]:
    return {"instrument_model": Instrument, "dimension_model": Dimension, "item_model": Item}


def _audit_instrument(by: Actor, operation: str, instrument: Instrument, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.GOVERNANCE, object_type="assessment.Instrument",
                 object_id=instrument.pk, object_label=str(instrument), fields=["instrument"], detail=detail)


def instrument_revise(*, by: Actor, instrument: Instrument, data: dict[str, Any]) -> Instrument:
    """Change an instrument. A draft changes in place; a published or retired version never changes:
    the change becomes a new draft version, and assessments made with the old one keep it."""
    _require(by, Action.RULES_MANAGE)
    if data.get("code", instrument.code) != instrument.code:
        raise ValidationError({"code": _("The code of an instrument cannot change.")})
    at = timezone.now()
    with transaction.atomic():
        if instrument.status == InstrumentStatus.DRAFT:
            version = instrument.version
            instrument.delete()
        else:
            version = (Instrument.objects.filter(code=instrument.code).aggregate(v=Max("version"))["v"] or 0) + 1
        revised = instruments.create_rows(data={**data, "code": instrument.code}, version=version,
                                          status=InstrumentStatus.DRAFT, at=at, **_instrument_models())
        _audit_instrument(by, Operation.CREATE, revised, revised_from=instrument.version)
    return revised


def instrument_publish(*, by: Actor, instrument: Instrument) -> Instrument:
    """Publish a draft: new assessments use it; the version it replaces is retired (its assessments keep it)."""
    _require(by, Action.RULES_MANAGE)
    if instrument.status != InstrumentStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can be published.")})
    at = timezone.now()
    with transaction.atomic():
        Instrument.objects.filter(code=instrument.code, status=InstrumentStatus.PUBLISHED).update(
            status=InstrumentStatus.RETIRED)
        instrument.status, instrument.published_at = InstrumentStatus.PUBLISHED, at
        instrument.save(update_fields=["status", "published_at"])
        _audit_instrument(by, Operation.UPDATE, instrument, status="published")
    return instrument


# --- assessment sessions -----------------------------------------------------------------------------

def assessment_start(*, by: Actor, case: Case, code: str = DEFAULT_INSTRUMENT) -> Assessment:
    """Start an assessment of the case's person, or resume the one in progress (there is at most one)."""
    _require_conduct(by, case)
    if not case.is_open:
        raise ValidationError(_("The case is closed: no new assessment."))
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        current = Assessment.objects.filter(case=case, status=AssessmentStatus.IN_PROGRESS).first()
        if current is not None:
            return current
        instrument = Instrument.objects.filter(code=code, status=InstrumentStatus.PUBLISHED).first()
        if instrument is None:
            raise ValidationError(_("There is no published instrument to assess with."))
        assessment = Assessment.objects.create(case=case, person_id=case.person_id, instrument=instrument,
                                               started_by_id=by.user_id, started_at=timezone.now())
        _audit(by, Operation.CREATE, assessment, ["assessment"], instrument=str(instrument))
    return assessment


def _locked_in_progress(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationError(_("This assessment is finalized: it can no longer change."), code="finalized")
    return locked


def answer_save(*, by: Actor, assessment: Assessment, item_code: str, value: int, answered_by: str,
                note: str = "") -> Answer:
    """Record one answer (saved as the assessment is filled in); a value outside the item's scale is refused."""
    _require_conduct(by, assessment.case)
    item = Item.objects.filter(dimension__instrument_id=assessment.instrument_id, code=item_code).first()
    if item is None:
        raise ValidationError({"item": _("Unknown question.")})
    if answered_by not in Respondent.values:
        raise ValidationError({"answered_by": _("Unknown respondent.")})
    if answered_by == Respondent.PERSON and item.respondent != Respondent.PERSON:
        raise ValidationError({"item": _("This question is for the operator.")}, code="operator_item")
    if isinstance(value, bool) or not isinstance(value, int) or not item.scale_min <= value <= item.scale_max:
        raise ValidationError({"value": _("The answer must be between %(min)s and %(max)s.") % {
            "min": item.scale_min, "max": item.scale_max}}, code="out_of_scale")
    at = timezone.now()
    with transaction.atomic():
        _locked_in_progress(assessment)
        answer, _created = Answer.objects.update_or_create(
            assessment=assessment, item=item,
            defaults={"value": value, "answered_by": answered_by, "note": note.strip()[:500], "answered_at": at})
        _audit(by, Operation.UPDATE, assessment, ["answers"], item=item.code, answered_by=answered_by)
    return answer


def _bump(assessment: Assessment, version: int, **changes: Any) -> None:
    updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
        **changes, version=F("version") + 1)
    if updated == 0:
        raise Conflict
    for name, value in changes.items():
        setattr(assessment, name, value)
    assessment.version = version + 1


def observations_save(*, by: Actor, assessment: Assessment, text: str, version: int) -> Assessment:
    _require_conduct(by, assessment.case)
    with transaction.atomic():
        _locked_in_progress(assessment)
        _bump(assessment, version, observations=text.strip())
        _audit(by, Operation.UPDATE, assessment, ["observations"])
    return assessment


def _missing_message(missing: list[Item]) -> str:
    listed = "; ".join(f"{item.code} ({item.question})" for item in missing)
    return _("%(count)s questions are not answered yet: %(items)s.") % {"count": len(missing), "items": listed}


def assessment_finalize(*, by: Actor, assessment: Assessment, version: int) -> Assessment:
    """Score the assessment and freeze it, with the pathway the rules in force propose; a case still in
    intake moves to assessed. An incomplete assessment is refused, naming the missing questions."""
    _require_conduct(by, assessment.case)
    dimensions, items = instrument_specs(assessment.instrument)
    at = timezone.now()
    with transaction.atomic():
        _locked_in_progress(assessment)
        answers = dict(assessment.answers.values_list("item__code", "value"))
        missing_codes = scoring.missing_items(items, answers)
        if missing_codes:
            missing = list(Item.objects.filter(dimension__instrument_id=assessment.instrument_id,
                                               code__in=missing_codes))
            raise ValidationError(_missing_message(missing), code="incomplete",
                                  params={"missing": missing_codes})
        scores = scoring.score(dimensions, items, answers)
        rule_set = rules_current()
        proposal = routing.propose(rule_set.rules, {**scores.by_code(), routing.OVERALL: scores.overall})
        snapshot = {"dimensions": scores.by_code(), "overall": scores.overall, "strengths": list(scores.strengths),
                    "barriers": list(scores.barriers), "formula": scoring.FORMULA,
                    "proposal": proposal.as_dict(), "rule_set": rule_set.pk, "rule_set_version": rule_set.version}
        _bump(assessment, version, status=AssessmentStatus.FINALIZED, finalized_at=at, finalized_by_id=by.user_id,
              scores=snapshot)
        _audit(by, Operation.UPDATE, assessment, ["status", "scores"], status="finalized",
               overall=scores.overall, proposed=int(proposal.pathway))
        case = Case.objects.get(pk=assessment.case_id)
        if case.state == State.INTAKE:
            case_transition(by=by, case=case, to_state=State.ASSESSED, version=case.version, at=at)
            assessment.case = case
        publish("assessment.finalized", case_id=assessment.case_id, assessment_id=assessment.pk)
    return assessment


def pathway_decide(*, by: Actor, assessment: Assessment, chosen: int, reason: str = "") -> PathwayDecision:
    """The case manager confirms the proposed pathway or overrides it, saying why."""
    _require_conduct(by, assessment.case)
    if not assessment.is_finalized:
        raise ValidationError(_("Finalize the assessment before deciding the pathway."), code="not_finalized")
    if chosen not in {int(p) for p in routing.Pathway}:
        raise ValidationError({"chosen": _("Choose one of the four pathways.")})
    proposal = assessment.scores["proposal"]
    reason = reason.strip()
    if chosen != proposal["pathway"] and not reason:
        raise ValidationError({"reason": _("Say why you choose a pathway other than the one proposed.")},
                              code="reason_required")
    with transaction.atomic():
        if PathwayDecision.objects.select_for_update().filter(assessment=assessment).exists():
            raise ValidationError(_("The pathway of this assessment is already decided."), code="decided")
        decision = PathwayDecision.objects.create(
            assessment=assessment, case_id=assessment.case_id, rule_set_id=assessment.scores["rule_set"],
            proposed=proposal["pathway"], chosen=chosen, reasons=proposal, reason=reason,
            decided_by_id=by.user_id, decided_by_label=by.label[:200], decided_at=timezone.now())
        _audit(by, Operation.UPDATE, assessment, ["pathway"], proposed=proposal["pathway"], chosen=chosen,
               override=chosen != proposal["pathway"])
    return decision


# --- routing rules -----------------------------------------------------------------------------------

def rules_save(*, by: Actor, rules: Any, note: str = "") -> RoutingRuleSet:
    """Save the routing rules as a new version (the history is every version); invalid rules are refused."""
    _require(by, Action.RULES_MANAGE)
    known = Dimension.objects.filter(instrument__status=InstrumentStatus.PUBLISHED).values_list("code", flat=True)
    try:
        routing.validate(rules, known)
    except routing.InvalidRules as invalid:
        raise ValidationError({"rules": invalid.errors}, code="invalid_rules") from None
    return ruleset_save(RoutingRuleSet, by=by, rules=rules, note=note)
