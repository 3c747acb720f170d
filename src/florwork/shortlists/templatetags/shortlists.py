"""Shortlist sections of lower apps' pages (the vacancy page of matching, the case page of cases) and the
small helpers of the shortlist pages."""

from __future__ import annotations

from django import template

from florwork.accounts.policy import Action, may
from florwork.shortlists import selectors
from florwork.shortlists.models import Stage

register = template.Library()

STAGE_BADGES = {Stage.PROPOSED: "bg-secondary", Stage.PRESENTED: "bg-primary", Stage.INTERVIEW: "bg-primary",
                Stage.TRIAL: "bg-warning", Stage.HIRED: "bg-success", Stage.NOT_HIRED: "bg-danger"}


@register.filter
def stage_badge(stage: str) -> str:
    return STAGE_BADGES.get(stage, "bg-secondary")


@register.inclusion_tag("shortlists/_vacancy_section.html")
def vacancy_shortlist(actor, vacancy):
    """The vacancy's shortlist in brief, with the way to it; for the officers who present candidates."""
    if actor is None or not may(actor, Action.PRESENTATION_MANAGE):
        return {"visible": False}
    entries = selectors.shortlist_of(vacancy)
    counts = {stage: sum(1 for entry in entries if entry.stage == stage and entry.consenting) for stage in Stage.values}
    return {"visible": True, "vacancy": vacancy, "entries": entries[:8], "total": len(entries),
            "withdrawn": sum(1 for entry in entries if not entry.consenting),
            "counts": [(Stage(stage).label, stage, n) for stage, n in counts.items() if n]}


@register.inclusion_tag("shortlists/_case_section.html")
def case_shortlist_entries(actor, case):
    """The person's candidacies and their stages, for the case managers of the case's team."""
    if actor is None or not may(actor, Action.CASE_VIEW, case):
        return {"visible": False}
    entries = selectors.case_entries(actor=actor, case=case)
    return {"visible": bool(entries) or may(actor, Action.CASE_UPDATE, case), "entries": entries,
            "may_record_agreement": may(actor, Action.PLACEMENT_MANAGE)}
