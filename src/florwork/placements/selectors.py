"""Reads of placements, filtered by the access policy (placements/access.py) and audited where they show a
person's placement."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.cases.models import Case
from florwork.cases.selectors import case_get
from florwork.placements.access import placement_scope
from florwork.placements.models import Placement, PlacementStatus, RegionalContribution


def visible_placements(*, actor: Actor) -> QuerySet[Placement]:
    if not may(actor, Action.PLACEMENT_MANAGE):
        return Placement.objects.none()
    scope = placement_scope(actor, Action.PLACEMENT_MANAGE)
    return Placement.objects.none() if scope is None else Placement.objects.filter(scope)


def placement_get(*, actor: Actor, placement_id: int, purpose: str) -> Placement:
    """The placement if the actor may manage it (404 otherwise, as for a missing one); the read is audited."""
    placement = (visible_placements(actor=actor)
                 .select_related("case__person", "case__owner", "company", "site", "vacancy", "promoter",
                                 "shortlist_entry").filter(pk=placement_id).first())
    if placement is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="placements.Placement",
                 object_id=placement.pk, object_label=placement.code, fields=["placement"],
                 detail={"case": placement.case_id, "person": placement.case.person_id})
    return placement


def _status_filter(status: str, today: date) -> Q:
    live = Q(terminated_on__isnull=True)
    return {
        PlacementStatus.PLANNED: live & Q(start_on__gt=today),
        PlacementStatus.ONGOING: live & Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today)),
        PlacementStatus.ENDED: live & Q(end_on__lt=today),
        PlacementStatus.TERMINATED: Q(terminated_on__isnull=False),
    }[PlacementStatus(status)]


def placement_search(*, actor: Actor, status: str = "", kind: str = "", company_id: int | None = None,
                     case_id: int | None = None, query: str = "", today: date | None = None) -> QuerySet[Placement]:
    """The placements a list shows, newest start first (pseudonymous: case codes, companies and jobs)."""
    placements = visible_placements(actor=actor).select_related("case", "company", "promoter")
    if status:
        placements = placements.filter(_status_filter(status, today or timezone.localdate()))
    if kind:
        placements = placements.filter(kind=kind)
    if company_id:
        placements = placements.filter(company_id=company_id)
    if case_id:
        placements = placements.filter(case_id=case_id)
    for word in query.split():
        placements = placements.filter(Q(company__legal_name__icontains=word) | Q(job_title__icontains=word))
    return placements.order_by("-start_on", "-pk")


def case_placements(*, actor: Actor, case: Case) -> list[Placement]:
    return list(visible_placements(actor=actor).filter(case=case).select_related("company", "promoter")
                .prefetch_related("follow_ups").order_by("-start_on", "-pk"))


def case_for_placement(*, actor: Actor, case_id: int, purpose: str) -> Case:
    """The case a placement is recorded for: a case manager's team case; for a company officer, a case with a
    candidate on a shortlist (the officer reaches the person through the shortlist, never the caseload)."""
    if may(actor, Action.CASE_UPDATE):
        return case_get(actor=actor, case_id=case_id, purpose=purpose, action=Action.CASE_UPDATE)
    if not may(actor, Action.PLACEMENT_MANAGE):
        raise Http404
    case = Case.objects.select_related("person").filter(pk=case_id, shortlist_entries__isnull=False).first()
    if case is None:
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="cases.Case",
                 object_id=case.pk, object_label=case.code, fields=["state"], detail={"person": case.person_id})
    return case


def entry_for_placement(*, actor: Actor, entry_id: int):
    """The shortlist entry a placement is recorded from, if the actor may record placements on it."""
    from florwork.shortlists.models import ShortlistEntry

    entry = ShortlistEntry.objects.select_related("vacancy__company", "vacancy__site", "case").filter(
        pk=entry_id).first()
    if entry is None or not may(actor, Action.PLACEMENT_MANAGE, entry):
        raise Http404
    return entry


def regional_contributions(*, on: date, region: str = "Toscana") -> list[RegionalContribution]:
    """The Region's contribution rows in force on ``on`` (the latest date applying, every category)."""
    latest = (RegionalContribution.objects.filter(region=region, applies_from__lte=on).order_by("-applies_from")
              .values_list("applies_from", flat=True).first())
    if latest is None:
        return []
    return list(RegionalContribution.objects.filter(region=region, applies_from=latest).order_by("monthly_amount"))
