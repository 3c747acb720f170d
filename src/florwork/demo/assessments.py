"""Loading the demo assessments through the assessment services, as the case manager would have done them:
start, answer, observe, finalize, decide the pathway. The services stamp everything with the current
time; the demo tells a past story, so the timestamps are moved afterwards to the planned moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from florwork.accounts.policy import Actor
from florwork.assessment.models import Answer, Assessment, Instrument, InstrumentStatus, Item, PathwayDecision
from florwork.assessment.scoring import ItemSpec, in_scale
from florwork.assessment.selectors import instrument_specs
from florwork.assessment.services import (
    DEFAULT_INSTRUMENT,
    assessment_finalize,
    assessment_start,
    observations_save,
    pathway_decide,
)
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.demo.assessments_plan import ROME, AssessmentPlan, assessments_plan, override_for
from florwork.demo.people_plan import PersonPlan


@dataclass(frozen=True)
class Instrumentation:
    """The published instrument's questions, in order, and who answers each; None: no assessments."""

    items: list[ItemSpec]
    respondents: dict[str, str]
    item_ids: dict[str, int]
    horizon: datetime
    seed: int

    def plan(self, person: PersonPlan) -> list[AssessmentPlan]:
        return assessments_plan(person, seed=self.seed, items=self.items, horizon=self.horizon)


def demo_instrumentation(*, seed: int, anchor) -> Instrumentation | None:
    instrument = Instrument.objects.filter(code=DEFAULT_INSTRUMENT, status=InstrumentStatus.PUBLISHED).first()
    if instrument is None:
        return None
    _dimensions, items = instrument_specs(instrument)
    rows = Item.objects.filter(dimension__instrument=instrument).values_list("code", "respondent", "pk")
    return Instrumentation(items=items, respondents={code: who for code, who, _pk in rows},
                           item_ids={code: pk for code, _who, pk in rows}, seed=seed,
                           horizon=datetime.combine(anchor, time(0), tzinfo=ROME))


def assessment_load(by: Actor, case: Case, plan: AssessmentPlan, instrumentation: Instrumentation) -> Assessment:
    assessment = assessment_start(by=by, case=case)
    _answers(by, assessment, plan, instrumentation)
    if plan.observations:
        observations_save(by=by, assessment=assessment, text=plan.observations, version=assessment.version)
    decision = None
    if plan.finalized_at is not None:
        assessment_finalize(by=by, assessment=assessment, version=assessment.version)
        proposed = assessment.scores["proposal"]["pathway"]
        chosen, reason = (proposed, "") if plan.override is None else override_for(proposed, plan.override)
        decision = pathway_decide(by=by, assessment=assessment, chosen=chosen, reason=reason)
    _backdate(assessment, decision, plan)
    return assessment


def _answers(by: Actor, assessment: Assessment, plan: AssessmentPlan, instrumentation: Instrumentation) -> None:
    """The whole sheet at once. answer_save is made for the screen's save-as-you-go: a lock, a lookup and
    an audit entry per answer, about 2 ms each, which for some 10,000 demo answers would double the time
    the demo takes to load. So the demo writes the answers in one go, already at their planned moments,
    with one audit entry for them; they are checked against the scale here, and assessment_finalize
    still checks that none is missing and scores them."""
    specs = {item.code: item for item in instrumentation.items}
    for code, value, _at in plan.answers:
        if not in_scale(specs[code], value):
            raise ValueError(f"demo answer {code}={value} is outside the scale")
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=instrumentation.item_ids[code], value=value,
               answered_by=instrumentation.respondents[code], answered_at=at)
        for code, value, at in plan.answers)
    audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.CASE_MANAGEMENT,
                 object_type="assessment.Assessment", object_id=assessment.pk,
                 object_label=f"assessment {assessment.pk}", fields=["answers"],
                 detail={"case": assessment.case_id, "person": assessment.person_id,
                         "items": [code for code, _value, _at in plan.answers]})


def _backdate(assessment: Assessment, decision: PathwayDecision | None, plan: AssessmentPlan) -> None:
    """The services stamp the session with the current time; the demo's assessments happened in the
    past, between the case's milestones, so their moments are set to the planned ones."""
    Assessment.objects.filter(pk=assessment.pk).update(started_at=plan.started_at, finalized_at=plan.finalized_at)
    if decision is not None:
        PathwayDecision.objects.filter(pk=decision.pk).update(decided_at=plan.decided_at)
