"""Reads of instruments, assessments, progress and routing, filtered by the access policy and audited."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone

from florwork.accounts.policy import Action, Actor, may
from florwork.assessment import scoring
from florwork.assessment.models import (
    Assessment,
    AssessmentStatus,
    Dimension,
    Instrument,
    Item,
    PathwayDecision,
    RoutingRuleSet,
)
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.cases.selectors import case_get, visible_cases
from florwork.rulesets import ruleset_current, ruleset_history

REASSESS_AFTER_MONTHS = 6


def instrument_specs(instrument: Instrument) -> tuple[list[scoring.DimensionSpec], list[scoring.ItemSpec]]:
    items = Item.objects.filter(dimension__instrument=instrument).select_related("dimension")
    dimensions = Dimension.objects.filter(instrument=instrument)
    return ([scoring.DimensionSpec(d.code, d.weight) for d in dimensions],
            [scoring.ItemSpec(i.code, i.dimension.code, i.scale_min, i.scale_max, i.weight, i.reverse_scored)
             for i in items])


def rules_current() -> RoutingRuleSet:
    return ruleset_current(RoutingRuleSet)


def rules_history() -> list[RoutingRuleSet]:
    return ruleset_history(RoutingRuleSet)


# --- sessions ----------------------------------------------------------------------------------------

def _conducting_cases(actor: Actor):
    if not may(actor, Action.ASSESSMENT_CONDUCT):
        return Case.objects.none()
    return visible_cases(actor=actor, action=Action.CASE_UPDATE)


def case_get_for_assessment(*, actor: Actor, case_id: int, purpose: str) -> Case:
    """The case, if the actor may assess its person (a case manager of its team); 404 otherwise."""
    if not may(actor, Action.ASSESSMENT_CONDUCT):
        raise Http404
    return case_get(actor=actor, case_id=case_id, purpose=purpose, action=Action.CASE_UPDATE)


def assessment_get(*, actor: Actor, assessment_id: int, purpose: str) -> Assessment:
    assessment = (Assessment.objects.filter(case__in=_conducting_cases(actor), pk=assessment_id)
                  .select_related("case", "person", "instrument").first())
    if assessment is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="assessment.Assessment",
                 object_id=assessment.pk, object_label=f"assessment {assessment.pk}",
                 fields=["answers", "scores", "observations"],
                 detail={"case": assessment.case_id, "person": assessment.person_id})
    return assessment


@dataclass
class SheetItem:
    item: Item
    value: int | None = None
    note: str = ""
    answered_by: str = ""
    error: str = ""


@dataclass
class SheetDimension:
    dimension: Dimension
    items: list[SheetItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.items if row.value is not None)


def assessment_sheet(assessment: Assessment, *, respondent: str | None = None) -> list[SheetDimension]:
    """The instrument's questions grouped by dimension with the answers so far (only one respondent's if given)."""
    answers = {a.item_id: a for a in assessment.answers.all()}
    sheet: dict[int, SheetDimension] = {}
    items = Item.objects.filter(dimension__instrument_id=assessment.instrument_id).select_related("dimension")
    for item in items:
        if respondent and item.respondent != respondent:
            continue
        answer = answers.get(item.pk)
        row = SheetItem(item, answer.value if answer else None, answer.note if answer else "",
                        answer.answered_by if answer else "")
        sheet.setdefault(item.dimension_id, SheetDimension(item.dimension)).items.append(row)
    return list(sheet.values())


def assessment_scores(assessment: Assessment) -> scoring.Scores:
    """The scores of the answers given so far (finalized assessments keep their frozen snapshot too)."""
    dimensions, items = instrument_specs(assessment.instrument)
    answers = dict(assessment.answers.values_list("item__code", "value"))
    return scoring.score(dimensions, items, answers)


def case_assessments(*, case: Case) -> list[Assessment]:
    return list(Assessment.objects.filter(case=case).select_related("instrument", "decision")
                .order_by("-started_at", "-pk"))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_assessment_due(case: Case) -> date | None:
    """When the case's person is next due for an assessment: six months after the last finalized one
    (None before the first; the intake SLA clock covers that one). For the alert engine."""
    last = (Assessment.objects.filter(case=case, status=AssessmentStatus.FINALIZED)
            .order_by("-finalized_at").values_list("finalized_at", flat=True).first())
    if last is None:
        return None
    return _add_months(timezone.localtime(last).date(), REASSESS_AFTER_MONTHS)


# --- distance travelled ------------------------------------------------------------------------------

def person_progress(*, actor: Actor, case: Case) -> list[Assessment]:
    """The finalized assessments of the case's person, oldest first, across the cases the actor may assess."""
    return list(Assessment.objects.filter(person_id=case.person_id, case__in=_conducting_cases(actor),
                                          status=AssessmentStatus.FINALIZED)
                .select_related("instrument").order_by("finalized_at", "pk"))


@dataclass(frozen=True)
class CohortRow:
    pathway: int
    people: int
    change: dict[str, float | None]  # dimension code → average change (latest − first), points on 0–100


def person_changes(*, person_ids=None) -> dict[int, dict[str, float]]:
    """Distance travelled per person: dimension code → change (latest − first finalized assessment), for
    people assessed at least twice (optionally only ``person_ids``). Aggregates build on it; no policy here."""
    rows = Assessment.objects.filter(status=AssessmentStatus.FINALIZED)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    by_person: dict[int, list[dict]] = defaultdict(list)
    for row in rows.order_by("person_id", "finalized_at", "pk").values("person_id", "scores", "pk"):
        by_person[row["person_id"]].append(row)
    changes: dict[int, dict[str, float]] = {}
    for person_id, series in by_person.items():
        if len(series) < 2:
            continue
        first, latest = series[0]["scores"]["dimensions"], series[-1]["scores"]["dimensions"]
        changes[person_id] = {code: value - first[code] for code, value in latest.items()
                              if value is not None and first.get(code) is not None}
    return changes


def cohort_change(*, actor: Actor) -> list[CohortRow]:
    """Average change per dimension by pathway (the latest chosen), first vs latest finalized assessment,
    over people with at least two; for the programme manager (aggregates only)."""
    if not may(actor, Action.RULES_MANAGE):
        return []
    pathways = dict(PathwayDecision.objects.order_by("decided_at", "pk")
                    .values_list("assessment__person_id", "chosen"))  # the latest wins
    changes: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[int, int] = defaultdict(int)
    for person_id, change in person_changes().items():
        if person_id not in pathways:
            continue
        counts[pathways[person_id]] += 1
        for code, value in change.items():
            changes[pathways[person_id]][code].append(value)
    return [CohortRow(pathway, counts[pathway], {code: round(sum(v) / len(v), 1) for code, v in
                                                  changes[pathway].items()})
            for pathway in sorted(counts)]


# --- pathway overrides -------------------------------------------------------------------------------

def overrides(*, actor: Actor):
    """The decisions that departed from the proposal, newest first, with the counts, for review."""
    if not may(actor, Action.RULES_MANAGE):
        return PathwayDecision.objects.none(), {"decisions": 0, "overrides": 0}
    decisions = PathwayDecision.objects.all()
    counts = decisions.aggregate(decisions=Count("pk"), overrides=Count("pk", filter=~Q(proposed=F("chosen"))))
    listed = decisions.exclude(proposed=F("chosen")).select_related("case", "rule_set").order_by("-decided_at")
    return listed, counts

