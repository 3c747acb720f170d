"""The statistical profile's outcome read from placements: "in work at N months" is a tirocinio or an
employment contract that started within N months of intake (registered into assessment, which is lower)."""

from __future__ import annotations

from datetime import date

from django.db.models import Min

from florwork.placements.models import Placement


def first_work_starts(case_ids: list[int]) -> dict[int, date]:
    """The start of each case's first placement, for the cases that have one."""
    rows = (Placement.objects.filter(case_id__in=case_ids).values("case_id").annotate(first=Min("start_on"))
            .values_list("case_id", "first"))
    return dict(rows)


def register() -> None:
    from florwork.assessment.profile_selectors import register_work_starts

    register_work_starts(first_work_starts)
