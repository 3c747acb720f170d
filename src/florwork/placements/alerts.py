"""The placement rules of the alert engine, registered in ``PlacementsConfig.ready`` (alerts never imports
placements): a placement ending soon with no next step, and one that ended with none.

A next step is an extension recorded lately, or another placement of the case starting on or after this
one's start (the contract after the tirocinio, a new job). Each evaluator is two queries whatever the number
of cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q

from florwork.alerts.engine import Context, Hit, register
from florwork.alerts.evaluators import only_asked, open_cases
from florwork.placements.models import Extension, Placement

PLACEMENT_ENDING = "placement_ending"
PLACEMENT_ENDED = "placement_ended"
CODES = [PLACEMENT_ENDING, PLACEMENT_ENDED]
ENDED_LOOKBACK_DAYS = 60  # an end older than this is history: the case manager has moved on or closed it


def _next_placement():
    return Placement.objects.filter(case_id=OuterRef("case_id"), start_on__gte=OuterRef("start_on")).exclude(
        pk=OuterRef("pk"))


def _placements(ctx: Context):
    return only_asked(Placement.objects, "case_id", ctx).filter(case__in=open_cases(ctx))


def placements_ending(ctx: Context) -> Iterable[Hit]:
    """A tirocinio or contract ends within ``threshold`` days, not extended in that time, with no placement
    after it; the earliest per case."""
    extended = Extension.objects.filter(placement_id=OuterRef("pk"),
                                        recorded_at__gte=ctx.day_start(ctx.today - timedelta(days=ctx.threshold)))
    rows = (_placements(ctx).filter(terminated_on__isnull=True, end_on__gte=ctx.today,
                                    end_on__lte=ctx.today + timedelta(days=ctx.threshold))
            .exclude(Exists(extended)).exclude(Exists(_next_placement()))
            .order_by("case_id", "end_on", "pk").values_list("case_id", "case__owner_id", "pk", "end_on", "kind"))
    seen: set[int] = set()
    for case_id, owner_id, pk, end_on, kind in rows:
        if case_id in seen:
            continue
        seen.add(case_id)
        yield Hit(case_id, owner_id, key=f"PL{pk}:{end_on.isoformat()}", detail={
            "placement": pk, "kind": kind, "ends_on": end_on.isoformat(), "days": (end_on - ctx.today).days})


def placements_ended(ctx: Context) -> Iterable[Hit]:
    """The case's placement ended (ran out, or was cut short) ``threshold`` days ago or more, within the last
    two months, and nothing came after it: no later placement, none still running."""
    since = ctx.today - timedelta(days=ENDED_LOOKBACK_DAYS)
    natural = Q(terminated_on__isnull=True, end_on__gte=since,
                end_on__lte=ctx.today - timedelta(days=max(ctx.threshold, 1)))
    early = Q(terminated_on__gte=since, terminated_on__lte=ctx.today - timedelta(days=ctx.threshold))
    running = Placement.objects.filter(case_id=OuterRef("case_id"), terminated_on__isnull=True).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=ctx.today))
    rows = (_placements(ctx).filter(natural | early).exclude(Exists(_next_placement())).exclude(Exists(running))
            .order_by("case_id", "-start_on", "-pk")
            .values_list("case_id", "case__owner_id", "pk", "end_on", "terminated_on", "kind"))
    seen: set[int] = set()
    for case_id, owner_id, pk, end_on, terminated_on, kind in rows:
        if case_id in seen:
            continue
        seen.add(case_id)
        ended = terminated_on or end_on
        yield Hit(case_id, owner_id, key=f"PL{pk}", detail={
            "placement": pk, "kind": kind, "ended_on": ended.isoformat(), "terminated": terminated_on is not None})


def register_all() -> None:
    register(PLACEMENT_ENDING, placements_ending)
    register(PLACEMENT_ENDED, placements_ended)


def on_placement_changed(*, case_id: int, **_ids: int) -> None:
    """After a placement is recorded, extended or terminated: re-evaluate that case's placement rules."""
    from florwork.alerts.tasks import evaluate_case

    evaluate_case.enqueue(case_id=case_id, codes=CODES)
