"""Reads of outreach, filtered by the access policy: company priorities (the registry is hub-wide, so
whoever may view companies sees them), campaigns (their organization's only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from florwork.accounts.policy import Action, Actor, may
from florwork.employers.models import Company, Site
from florwork.employers.selectors import visible_companies
from florwork.outreach import priority, scoring
from florwork.outreach.models import Campaign, CampaignContact, CampaignTarget, Outcome, ScoringWeights
from florwork.outreach.sectors import sector_map

ScoreResult = scoring.ScoreResult

# size bands (employees), as in the EU SME definition (Recommendation 2003/361/EC) with micro split at the
# Law 68/1999 threshold (15 computable employees: no reserved quota below it)
SIZE_BANDS = {
    "micro": (0, 14),
    "small": (15, 49),
    "medium": (50, 249),
    "large": (250, None),
}


def priority_scores(*, actor: Actor, company_ids: list[int] | None = None) -> dict[int, ScoreResult]:
    """The priority (0–100) of each company the actor may view, with its reasons; all of them when
    ``company_ids`` is None. The visit planner uses ``.score`` as the VROOM priority."""
    companies = visible_companies(actor=actor)
    if company_ids is not None:
        companies = companies.filter(pk__in=company_ids)
    rows = priority.company_rows(companies)
    if not rows:
        return {}
    return {row.facts.id: result for row, result in priority.score_rows(rows)}


@dataclass(frozen=True)
class PriorityFilters:
    comune: str = ""
    section: str = ""  # ATECO section letter
    size: str = ""  # a SIZE_BANDS key, or "unknown"
    shortfall: bool = False
    state: str = ""
    not_contacted_days: int | None = None
    query: str = ""


def _filtered(actor: Actor, filters: PriorityFilters) -> QuerySet[Company]:
    companies = visible_companies(actor=actor)
    for word in filters.query.split():
        companies = companies.filter(Q(legal_name__icontains=word) | Q(trade_names__icontains=word))
    if filters.comune:
        companies = companies.filter(Exists(Site.objects.filter(company_id=OuterRef("pk"),
                                                                comune_istat=filters.comune)))
    if filters.section:
        condition = Q()
        for edition in ("2007", "2025"):
            divisions = sector_map().divisions_of(filters.section, edition)
            by_edition = Q(ateco_edition="2025") if edition == "2025" else ~Q(ateco_edition="2025")
            prefixes = Q()
            for division in divisions:
                prefixes |= Q(ateco_code__startswith=division)
            if divisions:
                condition |= by_edition & prefixes
        companies = companies.filter(condition) if condition else companies.none()
    if filters.size == "unknown":
        companies = companies.filter(employees__isnull=True)
    elif filters.size in SIZE_BANDS:
        low, high = SIZE_BANDS[filters.size]
        companies = companies.filter(employees__gte=low)
        if high is not None:
            companies = companies.filter(employees__lte=high)
    if filters.shortfall:
        companies = companies.filter(law68_shortfall__gt=0)
    if filters.state:
        companies = companies.filter(state=filters.state)
    return companies


def priority_list(*, actor: Actor, filters: PriorityFilters,
                  now: datetime | None = None) -> list[tuple[priority.CompanyRow, ScoreResult]]:
    """The companies matching the filters, best first, each with its reasons."""
    rows = priority.company_rows(_filtered(actor, filters), now=now)
    if filters.not_contacted_days is not None:
        days = filters.not_contacted_days
        rows = [r for r in rows if r.facts.days_since_contact is None or r.facts.days_since_contact >= days]
    if not rows:
        return []
    return priority.score_rows(rows)


def weights_history(*, limit: int = 20) -> list[ScoringWeights]:
    return list(ScoringWeights.objects.order_by("-pk")[:limit])


# --- campaigns ------------------------------------------------------------------------------------------

def visible_campaigns(*, actor: Actor, action: Action = Action.COMPANY_VIEW) -> QuerySet[Campaign]:
    if not may(actor, action):
        return Campaign.objects.none()
    if actor.is_system:
        return Campaign.objects.all()
    return Campaign.objects.filter(organization_id=actor.organization_id)


def campaign_get(*, actor: Actor, campaign_id: int, action: Action = Action.COMPANY_VIEW) -> Campaign:
    """The gate: the campaign if it belongs to the actor's organization and the role may act, else 404."""
    campaign = visible_campaigns(actor=actor, action=action).filter(pk=campaign_id).first()
    if campaign is None or not may(actor, action, campaign):
        raise Http404
    return campaign


def target_get(*, actor: Actor, campaign: Campaign, target_id: int) -> CampaignTarget:
    target = campaign.targets.select_related("company", "assigned_to").filter(pk=target_id).first()
    if target is None:
        raise Http404
    return target


def campaign_list(*, actor: Actor) -> QuerySet[Campaign]:
    return visible_campaigns(actor=actor).annotate(
        target_count=Count("targets", distinct=True),
        reached=Count("targets", filter=~Q(targets__last_outcome=""), distinct=True))


@dataclass
class Progress:
    targets: int = 0
    contacted: int = 0  # targets with at least one contact
    by_outcome: dict[str, int] = field(default_factory=dict)  # latest outcome per target
    officers: list[dict] = field(default_factory=list)  # per officer: contacts made, by outcome

    @property
    def percent(self) -> int:
        return round(100 * self.contacted / self.targets) if self.targets else 0


def campaign_progress(*, campaign: Campaign) -> Progress:
    """Counts per outcome (each target's latest) and per officer (every contact they made)."""
    progress = Progress(targets=campaign.targets.count())
    latest = dict(campaign.targets.exclude(last_outcome="").values("last_outcome")
                  .annotate(n=Count("pk")).values_list("last_outcome", "n"))
    progress.by_outcome = {code: latest.get(code, 0) for code in Outcome.values}
    progress.contacted = sum(latest.values())
    officers: dict[str, dict] = {}
    rows = (CampaignContact.objects.filter(target__campaign=campaign).values("officer_label", "outcome")
            .annotate(n=Count("pk")).order_by("officer_label", "outcome"))
    for row in rows:
        entry = officers.setdefault(row["officer_label"], {"officer": row["officer_label"], "contacts": 0,
                                                           "by_outcome": {}})
        entry["contacts"] += row["n"]
        entry["by_outcome"][row["outcome"]] = row["n"]
    labels = dict(Outcome.choices)
    for entry in officers.values():
        entry["lines"] = [(str(labels[code]), entry["by_outcome"][code]) for code in Outcome.values
                          if code in entry["by_outcome"]]
    progress.officers = list(officers.values())
    return progress


def campaign_targets(*, campaign: Campaign) -> QuerySet[CampaignTarget]:
    return campaign.targets.select_related("company", "assigned_to").order_by("-priority", "company__legal_name")


def target_contacts(*, target: CampaignTarget) -> QuerySet[CampaignContact]:
    return target.contacts.select_related("contact").order_by("-at", "-pk")


def company_campaign_contacts(*, actor: Actor, company: Company, limit: int = 5) -> list[CampaignContact]:
    """The latest outreach contacts with a company, from the actor's organization's campaigns."""
    campaigns = visible_campaigns(actor=actor)
    return list(CampaignContact.objects.filter(company=company, target__campaign__in=campaigns)
                .select_related("target__campaign").order_by("-at", "-pk")[:limit])
