"""``florwork demo --people N``: the demo people's assessments, pathway decisions and distance travelled.

The demo is loaded once for the module (40 people) inside a transaction rolled back at the end; each
test runs in a savepoint of it.
"""

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from florwork.assessment.models import Answer, Assessment, AssessmentStatus, Item, PathwayDecision
from florwork.cases.lifecycle import State
from florwork.cases.models import Case, CaseEvent, EventKind
from florwork.demo.assessments import demo_instrumentation
from florwork.demo.assessments_plan import dimension_targets
from florwork.demo.people import demo_anchor, demo_places
from florwork.demo.people_plan import people_plan
from florwork.demo.plan import DEMO_CASE_MANAGERS

PEOPLE = 40
pytestmark = pytest.mark.django_db
PAST_INTAKE = {State.ASSESSED, State.PLANNED, State.ACTIVE, State.PLACED, State.FOLLOW_UP, State.CLOSED}


@pytest.fixture(scope="module", autouse=True)
def demo_people(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--people", str(PEOPLE), "--json", stdout=out)
        yield json.loads(out.getvalue())
        transaction.set_rollback(True)


def _plans(seed=1):
    anchor = timezone.localdate(demo_anchor())
    plans = people_plan(seed=seed, count=PEOPLE, anchor=anchor, places=demo_places(),
                        managers=list(DEMO_CASE_MANAGERS))
    return plans, demo_instrumentation(seed=seed, anchor=anchor)


def test_every_case_past_intake_has_a_finalized_assessment_by_its_case_manager_before_it_was_assessed():
    cases = Case.objects.filter(assessed_at__isnull=False)
    assert set(cases.values_list("state", flat=True)) >= PAST_INTAKE
    assert cases.filter(state__in=[State.SUSPENDED, State.DROPPED]).exists()
    items = Item.objects.filter(dimension__instrument__status="published").count()
    for case in cases:
        first = case.assessments.filter(status=AssessmentStatus.FINALIZED).order_by("finalized_at").first()
        assert first is not None, case
        intake = case.events.filter(kind=EventKind.STATE_CHANGE, to_state=State.INTAKE).first()
        assert intake.occurred_at < first.started_at < first.finalized_at <= case.assessed_at
        assert first.answers.count() == items
        assert first.finalized_by.username in DEMO_CASE_MANAGERS
        assert first.decision.decided_at > first.finalized_at
        answered = first.answers.values_list("answered_at", flat=True)
        assert all(first.started_at <= at <= first.finalized_at for at in answered)
    assert not Assessment.objects.filter(case__assessed_at__isnull=True, status=AssessmentStatus.FINALIZED).exists()


def test_some_cases_are_assessed_again_later_and_show_progress():
    twice = Case.objects.annotate(n=Count("assessments")).filter(n=2)
    assert twice.exists()
    assert set(twice.values_list("state", flat=True)) <= {s.value for s in PAST_INTAKE} | {"suspended"}
    gains = 0
    for case in twice:
        first, second = case.assessments.order_by("finalized_at")
        assert second.finalized_at > first.finalized_at + timezone.timedelta(days=150)
        assert second.finalized_at <= (case.closed_at or timezone.now())
        before, after = first.scores["dimensions"], second.scores["dimensions"]
        gains += sum(after[code] - before[code] >= 10 for code in before)
    assert gains >= twice.count() * 2


def test_overrides_have_reasons_and_most_proposals_are_confirmed():
    decisions = PathwayDecision.objects.all()
    overridden = [d for d in decisions if d.is_override]
    assert decisions.count() == Assessment.objects.filter(status=AssessmentStatus.FINALIZED).count()
    assert len(overridden) < decisions.count() * 0.3
    assert all(d.reason.strip() for d in overridden)
    assert all(not d.reason for d in decisions if not d.is_override)


def test_some_cases_in_intake_have_an_assessment_paused_halfway():
    paused = Assessment.objects.filter(status=AssessmentStatus.IN_PROGRESS)
    assert paused.exists()
    assert set(paused.values_list("case__state", flat=True)) == {State.INTAKE}
    items = Item.objects.filter(dimension__instrument__status="published").count()
    assert all(0 < a.answers.count() < items for a in paused)


def test_scores_follow_the_profiles():
    plans, instrumentation = _plans()
    by_cf = {p.codice_fiscale: p for p in plans}
    for assessment in Assessment.objects.filter(status=AssessmentStatus.FINALIZED).select_related("person"):
        plan = by_cf[assessment.person.codice_fiscale]
        scores = assessment.scores["dimensions"]
        if plan.profile.data.get("italian_level") in ("A1",):
            assert scores["italian"] < 50
        if plan.profile.data.get("italian_level") == "native":
            assert scores["italian"] >= 60
        if plan.profile.data.get("caregiving_load") == "heavy" and assessment == assessment.case.assessments \
                .order_by("started_at").first():
            assert scores["caring"] < 60
    assert Answer.objects.exists()


def test_targets_are_deterministic_and_plans_reproduce_the_database():
    plans, instrumentation = _plans()
    again, _ = _plans()
    first = [instrumentation.plan(p) for p in plans]
    assert first == [instrumentation.plan(p) for p in again]
    planned = sum(1 for person in first for a in person if a.finalized_at is not None)
    assert planned == Assessment.objects.filter(status=AssessmentStatus.FINALIZED).count()
    assert dimension_targets(plans[0], random.Random(1)) == dimension_targets(plans[0], random.Random(1))


def test_the_same_seed_gives_the_same_answers():
    plans, instrumentation = _plans()
    by_cf = {p.codice_fiscale: instrumentation.plan(p) for p in plans}
    for assessment in Assessment.objects.select_related("person").prefetch_related("answers__item"):
        planned = [a for a in by_cf[assessment.person.codice_fiscale] if a.started_at == assessment.started_at]
        assert len(planned) == 1
        assert {a.item.code: a.value for a in assessment.answers.all()} == \
            {code: value for code, value, _ in planned[0].answers}


def test_rerunning_adds_no_assessment():
    counts = (Assessment.objects.count(), Answer.objects.count(), PathwayDecision.objects.count(),
              CaseEvent.objects.count())
    call_command("demo", "--people", str(PEOPLE), stdout=StringIO())
    assert counts == (Assessment.objects.count(), Answer.objects.count(), PathwayDecision.objects.count(),
                      CaseEvent.objects.count())
