"""Domain events: a higher app reacts to a lower app's change without the lower app importing it.

A service publishes ``publish("case.changed", case_id=…)`` inside its transaction; each subscriber runs
after the commit (never on a rollback), with ids only, like a task. A subscriber that fails is logged
and does not undo or break the change that published the event (``robust=True``). Subscribers register
in their app's ``AppConfig.ready`` and should be cheap (enqueue a task, touch one row).

Events (name: ids):
- ``case.changed``: case_id — a case's state, owner, contact or SLA changed
- ``assessment.finalized``: case_id, assessment_id
- ``plan.changed``: case_id, plan_id
- ``partner_referral.changed``: case_id, partner_referral_id
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction

Handler = Callable[..., None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)
_muted: ContextVar[bool] = ContextVar("florwork_events_muted", default=False)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def publish(event: str, **ids: int) -> None:
    if _muted.get():
        return
    for handler in list(_subscribers.get(event, ())):
        transaction.on_commit(partial(handler, **ids), robust=True)


@contextmanager
def muted() -> Iterator[None]:
    """Publish nothing inside: for bulk loads (the demo) that run the whole alert scan afterwards."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)
