"""Reading the audit log: only for roles granted AUDIT_VIEW; the log itself is checked by ``audit_verify``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.chain import CHAINED_FIELDS, ChainBreak, verify_chain
from florwork.audit.models import AuditEntry


def audit_entry_list(
    *,
    actor: Actor,
    query: str = "",
    operation: str = "",
    object_type: str = "",
    purpose: str = "",
    user_id: int | None = None,
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEntry]:
    if not may(actor, Action.AUDIT_VIEW):
        raise PermissionDenied
    entries = AuditEntry.objects.all()
    if query:
        entries = entries.filter(
            Q(actor_label__icontains=query) | Q(object_label__icontains=query)
            | Q(object_id=query) | Q(organization_label__icontains=query)
        )
    if operation:
        entries = entries.filter(operation=operation)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if purpose:
        entries = entries.filter(purpose=purpose)
    if user_id is not None:
        entries = entries.filter(actor_user_id=user_id)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-seq")


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct())


def audit_verify(*, batch_size: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Walk the whole chain in order, streaming, and report every break."""
    rows = (
        AuditEntry.objects.order_by("seq").values(*CHAINED_FIELDS, "hash").iterator(chunk_size=batch_size)
    )
    return verify_chain(rows)
