"""Reads of opportunities, filtered by the access policy, and the Art. 14 coverage an opportunity would yield."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.employers import law68
from florwork.employers.models import Art14Parameters, Company
from florwork.employers.services import art14_convention_positions, company_region
from florwork.opportunities.models import (
    DIRECT_KINDS,
    INDIRECT_KINDS,
    OPEN_STATUSES,
    Opportunity,
    OpportunityKind,
    OpportunityStatusChange,
)

GROUP_DIRECT = "direct"
GROUP_INDIRECT = "indirect"


def visible_opportunities(*, actor: Actor, action: Action = Action.COMPANY_VIEW) -> QuerySet[Opportunity]:
    if not may(actor, action):
        return Opportunity.objects.none()
    return Opportunity.objects.select_related("company", "officer", "cooperative", "vacancy")


def opportunity_get(*, actor: Actor, opportunity_id: int, purpose: str,
                    action: Action = Action.COMPANY_VIEW) -> Opportunity:
    """The opportunity if the actor may act on it (404 otherwise); the read is audited like its company's."""
    opportunity = visible_opportunities(actor=actor, action=action).filter(pk=opportunity_id).first()
    if opportunity is None or not may(actor, action, opportunity):
        raise Http404
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="opportunities.Opportunity",
                 object_id=opportunity.pk, object_label=opportunity.code, fields=["opportunity"],
                 detail={"company": opportunity.company_id})
    return opportunity


def opportunity_search(*, actor: Actor, kind: str = "", group: str = "", status: str = "", company: str = "",
                       company_id: int | None = None, visit_id: int | None = None, officer_id: int | None = None,
                       open_only: bool = False, shortfall: bool = False) -> QuerySet[Opportunity]:
    """Opportunities filtered by kind (or direct / indirect), status, words of the company's name, officer, and
    whether the company has a Law 68 shortfall."""
    rows = visible_opportunities(actor=actor)
    if kind:
        rows = rows.filter(kind=kind)
    if group == GROUP_DIRECT:
        rows = rows.filter(kind__in=[str(k) for k in DIRECT_KINDS])
    elif group == GROUP_INDIRECT:
        rows = rows.filter(kind__in=[str(k) for k in INDIRECT_KINDS])
    if status:
        rows = rows.filter(status=status)
    elif open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    for word in company.split():
        rows = rows.filter(Q(company__legal_name__icontains=word) | Q(company__trade_names__icontains=word))
    if company_id is not None:
        rows = rows.filter(company_id=company_id)
    if visit_id is not None:
        rows = rows.filter(visit_id=visit_id)
    if officer_id is not None:
        rows = rows.filter(officer_id=officer_id)
    if shortfall:
        rows = rows.filter(company__law68_shortfall__gt=0)
    return rows.order_by("-updated_at", "-pk")


def company_opportunities(*, actor: Actor, company: Company) -> list[Opportunity]:
    return list(opportunity_search(actor=actor, company_id=company.pk))


def opportunity_history(*, opportunity: Opportunity) -> QuerySet[OpportunityStatusChange]:
    return opportunity.status_changes.order_by("-at", "-pk")


def open_counts(*, company_ids) -> dict[int, dict[str, int]]:
    """Open opportunities per company, direct and indirect (for the Law 68 flags)."""
    rows = (Opportunity.objects.filter(company_id__in=list(company_ids), status__in=OPEN_STATUSES)
            .values("company_id").annotate(
                direct=Count("pk", filter=Q(kind__in=[str(k) for k in DIRECT_KINDS])),
                indirect=Count("pk", filter=Q(kind=OpportunityKind.ART14))))
    return {row["company_id"]: {"direct": row["direct"], "indirect": row["indirect"]} for row in rows}


@dataclass(frozen=True)
class Art14Estimate:
    """What an Art. 14 commission would cover, under the regional framework agreement in force this year."""

    year: int
    region: str
    parameters: Any  # the Art14Parameters row (source, example flag), or None when the region has none
    value_per_position: Decimal | None
    positions_paid_for: int  # whole positions the yearly value pays for (capped by the workers placed)
    positions_counted: int  # of those, what the company's quota can still take (cap and shortfall)
    company_room: int


def art14_estimate(*, opportunity: Opportunity) -> Art14Estimate | None:
    """For an Art. 14 opportunity: positions = value ÷ (coefficient × labour cost), no more than the disabled
    workers the cooperative places (D.Lgs 276/2003 art. 14 c.2-3), no more than the company's Art. 14 room."""
    if opportunity.kind != OpportunityKind.ART14:
        return None
    company = opportunity.company
    year = opportunity.convention.year if opportunity.convention_id else timezone.localdate().year
    region = company_region(company)
    row = Art14Parameters.objects.filter(region=region, year=year).first()
    if row is None:
        return Art14Estimate(year, region, None, None, 0, 0, company.law68_art14_room)
    parameters = law68.Art14Parameters(row.coefficient, row.annual_labour_cost, row.max_share_of_quota)
    if opportunity.convention_id:
        covered = art14_convention_positions(opportunity.convention, parameters)
        return Art14Estimate(year, region, row, parameters.value_per_position, covered, covered,
                             company.law68_art14_room)
    value = opportunity.expected_value or Decimal(0)
    unlimited = int(value // parameters.value_per_position) if parameters.value_per_position > 0 else 0
    workers = opportunity.expected_places if opportunity.expected_places is not None else unlimited
    paid_for = law68.art14_positions(value, parameters, workers)
    return Art14Estimate(year, region, row, parameters.value_per_position, paid_for,
                         min(paid_for, company.law68_art14_room), company.law68_art14_room)
