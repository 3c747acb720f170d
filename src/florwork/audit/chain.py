"""The audit hash chain (pure: no Django). Each entry's hash covers its content and the previous hash,
so changing, removing or reordering any entry breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

CHAINED_FIELDS = (
    "seq", "at", "actor_user_id", "actor_label", "organization_id", "organization_label", "role",
    "operation", "object_type", "object_id", "object_label", "fields", "purpose", "detail", "prev_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("audit timestamps must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(entry: Mapping[str, Any]) -> str:
    payload = {name: _canonical(entry[name]) for name in CHAINED_FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> tuple[int, list[ChainBreak]]:
    """Check entries given in ascending ``seq`` order; returns (entries checked, breaks found)."""
    breaks: list[ChainBreak] = []
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for entry in entries:
        count += 1
        seq = entry["seq"]
        if seq != expected_seq:
            breaks.append(ChainBreak(seq, f"sequence gap: expected {expected_seq}"))
        if entry["prev_hash"] != expected_prev:
            breaks.append(ChainBreak(seq, "previous hash does not match the entry before"))
        if entry_hash(entry) != entry["hash"]:
            breaks.append(ChainBreak(seq, "content does not match its hash"))
        expected_prev, expected_seq = entry["hash"], seq + 1
    return count, breaks
