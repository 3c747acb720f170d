"""Which of the claims about a company field is its current value: the stated rule, in one place.

Pure (no Django). Every source that says something about a field (an officer typing it, an imported
partner file, later a visit report) leaves a claim; the registry shows the value chosen here and, beside
it, every claim with its source and date.

The rule: the latest *manual* claim wins over any import (an officer has checked it); without a manual
claim, the claim observed latest wins (a newer file is more likely right); ties go to the one recorded last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MANUAL = "manual"
IMPORT_PREFIX = "import:"


@dataclass(frozen=True)
class Claim:
    field: str
    value: Any
    source: str
    observed_at: datetime
    seq: int  # the order the claims were recorded in (the row id)

    @property
    def is_manual(self) -> bool:
        return self.source == MANUAL


def current_claim(claims: Iterable[Claim]) -> Claim | None:
    """The claim whose value the field takes (None when nobody said anything)."""
    claims = list(claims)
    if not claims:
        return None
    manual = [c for c in claims if c.is_manual]
    pool = manual or claims
    return max(pool, key=lambda c: (c.observed_at, c.seq))


def current_values(claims: Iterable[Claim]) -> dict[str, Claim]:
    """The chosen claim of every field that has claims."""
    by_field: dict[str, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    chosen = {name: current_claim(group) for name, group in by_field.items()}
    return {name: claim for name, claim in chosen.items() if claim is not None}
