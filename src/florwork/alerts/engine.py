"""The alert engine: a REGISTRY of evaluators by rule code, and the scan that turns their hits into tasks.

An evaluator answers one question set-based, in a handful of queries whatever the number of cases:
"on which open cases does this rule hold today, with this threshold?" It returns ``Hit`` rows (the case,
its owner, the occurrence ``key`` and a small ``detail`` of ids and figures). Apps register their
evaluators in their own ``AppConfig.ready``; an app above alerts (``matching`` for placements,
``outcomes`` for follow-ups) does the same, so alerts never imports it::

    from florwork.alerts.engine import register
    register("placement_ending", placements_ending)

A rule without an evaluator is skipped by the scan and reported as such.

Each rule is applied in its own transaction: a crash in one rule rolls back that rule only, and a
re-run picks up where the data stands (tasks already opened are found, never duplicated). The partial
UNIQUE constraint on live tasks settles a race with an event-driven evaluation of the same case: the
loser's insert is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from florwork.alerts.models import LIVE_STATUSES, AlertRule, Task, TaskStatus

log = logging.getLogger(__name__)
BATCH = 1000


@dataclass(frozen=True)
class Hit:
    case_id: int
    owner_id: int | None
    key: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What an evaluator is asked: the day, the rule's threshold, and the cases (None: every open case)."""

    today: date
    threshold: int
    case_ids: Collection[int] | None = None

    def day_start(self, day: date) -> datetime:
        """Midnight in Florence at the start of ``day`` (for comparing aware datetimes with dates)."""
        return timezone.make_aware(datetime.combine(day, time.min))


Evaluator = Callable[[Context], Iterable[Hit]]
REGISTRY: dict[str, Evaluator] = {}


def register(code: str, evaluator: Evaluator) -> None:
    REGISTRY[code] = evaluator


@dataclass
class RuleOutcome:
    rule: str
    hits: int = 0
    opened: int = 0
    resolved: int = 0
    skipped: str = ""
    error: str = ""


@dataclass
class ScanSummary:
    today: date
    rules: list[RuleOutcome] = field(default_factory=list)
    woken: int = 0
    escalated: int = 0
    reassigned: int = 0
    expired_referrals: int = 0

    @property
    def failed(self) -> list[str]:
        return [r.rule for r in self.rules if r.error]

    def as_dict(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "rules": [vars(r) for r in self.rules], "woken": self.woken,
                "escalated": self.escalated, "reassigned": self.reassigned,
                "expired_referrals": self.expired_referrals, "failed": self.failed,
                "opened": sum(r.opened for r in self.rules), "resolved": sum(r.resolved for r in self.rules)}


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def apply_rule(rule: AlertRule, ctx: Context, *, now: datetime) -> RuleOutcome:
    """Evaluate one rule and reconcile its live tasks with the hits, in one transaction."""
    outcome = RuleOutcome(rule.code)
    evaluator = REGISTRY.get(rule.code)
    if evaluator is None:
        outcome.skipped = "no evaluator registered"
        return outcome
    with transaction.atomic():
        hits = {hit.case_id: hit for hit in evaluator(ctx)}
        outcome.hits = len(hits)
        tasks = Task.objects.filter(rule=rule)
        if ctx.case_ids is not None:
            tasks = tasks.filter(case_id__in=list(ctx.case_ids))
        live: dict[int, int] = {}
        done: set[tuple[int, str]] = set()
        # one query for both: the live tasks (to keep or resolve) and the done ones (not to reopen)
        for case_id, pk, status, key in tasks.filter(status__in=[*LIVE_STATUSES, TaskStatus.DONE]).values_list(
                "case_id", "pk", "status", "key"):
            if status == TaskStatus.DONE:
                done.add((case_id, key))
            else:
                live[case_id] = pk
        # the condition no longer holds: the task resolves itself (the user is spared a stale task)
        gone = [pk for case_id, pk in live.items() if case_id not in hits]
        for batch in _chunks(gone):
            outcome.resolved += Task.objects.filter(pk__in=batch, status__in=LIVE_STATUSES).update(
                status=TaskStatus.RESOLVED, closed_at=now, closed_by_label="florwork (system)",
                version=F("version") + 1)
        new = [hit for hit in hits.values() if hit.case_id not in live and (hit.case_id, hit.key[:80]) not in done]
        outcome.opened = insert_tasks(rule, new, today=ctx.today, now=now)
    return outcome


_COLUMNS = ("case_id", "rule_id", "key", "detail", "severity", "owner_id", "status", "opened_at", "opened_on",
            "due_on", "snooze_reason", "closed_by_label", "note", "version")


def insert_tasks(rule: AlertRule, hits: list[Hit], *, today: date, now: datetime) -> int:
    """Open a task per hit; how many were opened. Plain multi-row INSERTs: at 100,000 cases building model
    instances cost more than the database did. ON CONFLICT DO NOTHING (PostgreSQL and SQLite alike): a
    concurrent evaluation of the same case may have opened the task first, and the partial UNIQUE index
    keeps it the only one."""
    from django.db import connection

    ops = connection.ops
    opened_at, opened_on = ops.adapt_datetimefield_value(now), ops.adapt_datefield_value(today)
    due_on = ops.adapt_datefield_value(today + timedelta(days=rule.due_in_days))
    table = ops.quote_name(Task._meta.db_table)
    columns = ", ".join(ops.quote_name(Task._meta.get_field(c.removesuffix("_id")).column) for c in _COLUMNS)
    row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    opened = 0
    with connection.cursor() as cursor:
        for batch in _chunks(hits):
            params: list[Any] = []
            for hit in batch:
                params += [hit.case_id, rule.pk, hit.key[:80], ops.adapt_json_value(hit.detail, None), rule.severity,
                           hit.owner_id, TaskStatus.OPEN.value, opened_at, opened_on, due_on, "", "", "", 1]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))} "
                           "ON CONFLICT DO NOTHING", params)
            opened += max(cursor.rowcount, 0)
    return opened


def enabled_rules(codes: Collection[str] | None = None) -> list[AlertRule]:
    rules = AlertRule.objects.filter(enabled=True).order_by("pk")
    return list(rules.filter(code__in=codes) if codes else rules)


def wake_snoozed(today: date) -> int:
    """Snoozed tasks whose date has come are open again, due after the rule's days to act."""
    woken = 0
    for rule in AlertRule.objects.all():
        woken += Task.objects.filter(rule=rule, status=TaskStatus.SNOOZED, snoozed_until__lte=today).update(
            status=TaskStatus.OPEN, due_on=today + timedelta(days=rule.due_in_days), version=F("version") + 1)
    return woken


def escalate_overdue(today: date, *, now: datetime) -> int:
    """Open tasks past their due date go to the programme manager (they stay with their owner too)."""
    return Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today, escalated_at__isnull=True).update(
        escalated_at=now, version=F("version") + 1)


def follow_owners(case_ids: Collection[int] | None = None) -> int:
    """Live tasks follow their case to its current case manager (one UPDATE)."""
    from florwork.cases.models import Case

    owner = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("owner_id")[:1])
    tasks = Task.objects.filter(status__in=LIVE_STATUSES)
    if case_ids is not None:
        tasks = tasks.filter(case_id__in=list(case_ids))
    # spelled out for NULLs: a task and a case both without an owner are not stale
    stale = tasks.annotate(case_owner=owner).filter(
        (Q(owner__isnull=False, case_owner__isnull=False) & ~Q(owner_id=F("case_owner")))
        | Q(owner__isnull=True, case_owner__isnull=False) | Q(owner__isnull=False, case_owner__isnull=True))
    return Task.objects.filter(pk__in=stale.values("pk")).update(owner_id=owner, version=F("version") + 1)


def refresh_next_due(case_ids: Collection[int] | None = None) -> int:
    """``Case.next_due_date`` is the earliest due date of the case's open tasks (none when it has none): the
    caseload puts what is due first at the top. One UPDATE of the cases whose date is stale; the case's
    ``version`` is not bumped, the date being derived, so an open case form does not conflict."""
    from florwork.cases.models import Case

    earliest = Subquery(Task.objects.filter(case_id=OuterRef("pk"), status=TaskStatus.OPEN)
                        .order_by("due_on").values("due_on")[:1])
    cases = Case.objects.all() if case_ids is None else Case.objects.filter(pk__in=list(case_ids))
    stale = cases.annotate(earliest=earliest).filter(
        Q(next_due_date__isnull=True, earliest__isnull=False) | Q(next_due_date__isnull=False, earliest__isnull=True)
        | (Q(next_due_date__isnull=False, earliest__isnull=False) & ~Q(next_due_date=F("earliest"))))
    return Case.objects.filter(pk__in=stale.values("pk")).update(next_due_date=earliest)


def run(*, today: date, codes: Collection[str] | None = None, case_ids: Collection[int] | None = None,
        now: datetime | None = None) -> ScanSummary:
    """Apply every enabled rule (or those named), each in its own transaction; a rule that fails is logged
    and reported, the others still run."""
    now = now or timezone.now()
    summary = ScanSummary(today=today)
    for rule in enabled_rules(codes):
        try:
            summary.rules.append(apply_rule(rule, Context(today, rule.threshold, case_ids), now=now))
        except Exception as error:  # noqa: BLE001 — one broken rule must not stop the others
            log.exception("alert rule %s failed", rule.code)
            summary.rules.append(RuleOutcome(rule.code, error=f"{type(error).__name__}: {error}"))
    return summary
