"""Demo tasks: the alert scan run over the demo data as the scheduler would have run it, a week ago and
today, so that some tasks are open, some overdue and escalated to the programme manager; then a few are
done or snoozed by their case manager (chosen by the seed). Deterministic for a seed and a day, idempotent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from florwork.accounts.models import Membership
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.alerts.models import Task, TaskStatus
from florwork.alerts.services import alerts_scan, task_done, task_snooze

SCAN_DAYS_AGO = 7  # the scan of a week ago opens tasks that are overdue by today
DONE_SHARE = 0.15
SNOOZE_SHARE = 0.1
SNOOZE_REASONS = ["La persona è in ospedale fino a fine mese", "In attesa della risposta del servizio sociale",
                  "Colloquio già fissato per la prossima settimana"]


@dataclass(frozen=True)
class DemoAlertsReport:
    opened: int
    open: int
    overdue: int
    escalated: int
    done: int
    snoozed: int


def _owner_actor(user_id: int) -> Actor | None:
    seat = (Membership.objects.filter(user_id=user_id, role=Role.CASE_MANAGER, is_active=True)
            .select_related("user", "organization").first())
    return actor_for_membership(seat) if seat else None


def _work_some(rng: random.Random, today: date) -> tuple[int, int]:
    """A few tasks done and snoozed by their case manager, as on a normal morning; only the first time."""
    if Task.objects.filter(status__in=[TaskStatus.DONE, TaskStatus.SNOOZED], closed_by__isnull=False).exists() or \
            Task.objects.filter(status=TaskStatus.SNOOZED).exists():
        return 0, 0
    done = snoozed = 0
    for task in Task.objects.filter(status=TaskStatus.OPEN, owner__isnull=False).select_related("rule").order_by("pk"):
        roll = rng.random()
        if roll >= DONE_SHARE + SNOOZE_SHARE:
            continue
        actor = _owner_actor(task.owner_id)
        if actor is None:
            continue
        if roll < DONE_SHARE:
            task_done(by=actor, task=task, version=task.version, note="Sentita la persona, tutto in ordine")
            done += 1
        else:
            task_snooze(by=actor, task=task, version=task.version, until=today + timedelta(days=rng.randint(3, 20)),
                        reason=rng.choice(SNOOZE_REASONS), today=today)
            snoozed += 1
    return done, snoozed


def demo_alerts_load(*, seed: int = 1, today: date | None = None, by: Actor = SYSTEM) -> DemoAlertsReport:
    today = today or timezone.localdate()
    week_ago = today - timedelta(days=SCAN_DAYS_AGO)
    opened = 0
    # the past scan only once: scanning an earlier day after a later one would reopen what today resolved
    if not Task.objects.filter(opened_on__lte=week_ago).exists():
        opened += alerts_scan(today=week_ago, by=by).as_dict()["opened"]
    opened += alerts_scan(today=today, by=by).as_dict()["opened"]
    done, snoozed = _work_some(random.Random(seed), today)
    live = Task.objects.filter(status=TaskStatus.OPEN)
    return DemoAlertsReport(opened=opened, open=live.count(),
                            overdue=live.filter(due_on__lt=today).count(),
                            escalated=live.filter(escalated_at__isnull=False).count(), done=done, snoozed=snoozed)
