"""Writing the audit log. Call ``audit_record`` inside the action's own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from florwork.accounts.policy import Actor
from florwork.audit.chain import GENESIS, entry_hash
from florwork.audit.models import AuditEntry

# One lock for the whole chain: on PostgreSQL, appends are serialized by a transaction-scoped
# advisory lock; on SQLite, the IMMEDIATE transaction mode already serializes writers.
_CHAIN_LOCK_KEY = 0x466C6F72  # "Flor"


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_record(
    *,
    actor: Actor,
    operation: str,
    purpose: str,
    object_type: str,
    object_id: Any = "",
    object_label: str = "",
    fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Raises if it cannot be written, failing the action with it."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
        entry = AuditEntry(
            seq=(last["seq"] + 1) if last else 1,
            at=at or timezone.now(),
            actor_user_id=actor.user_id,
            actor_label=actor.label[:200],
            organization_id=actor.organization_id,
            organization_label=actor.organization_label[:200],
            role=actor.role or "",
            operation=operation,
            object_type=object_type,
            object_id=str(object_id),
            object_label=object_label[:200],
            fields=sorted(fields),
            purpose=purpose,
            detail=detail or {},
            prev_hash=last["hash"] if last else GENESIS,
        )
        entry.hash = entry_hash(entry.__dict__)
        entry.save(force_insert=True)
        return entry
