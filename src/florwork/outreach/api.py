"""JSON API of outreach: company priorities with their reasons (filters as on the page), campaigns with their
targets and progress, contacts (409 on a stale target version, opt-outs refused)."""

import math
from datetime import datetime
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import MAX_PAGE_SIZE, Error, Page, allow
from florwork.audit.models import Purpose
from florwork.employers.models import RelationshipState
from florwork.employers.selectors import outreach_contacts, registry_audit
from florwork.outreach import priority, selectors, services
from florwork.outreach.models import Campaign, CampaignStatus, CampaignTarget, Channel, Outcome
from florwork.outreach.reasons import reason_dicts

router = Router(tags=["outreach"])
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT


class ReasonOut(Schema):
    code: str
    value: int | float | str | None
    points: float
    max_points: float
    text: str


class ScoreOut(Schema):
    company_id: int
    legal_name: str
    ateco_code: str
    comune_istat: str
    state: str
    score: float
    last_contact_at: datetime | None
    reasons: list[ReasonOut]


class CampaignIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    purpose: str = Field(min_length=1)
    script: str = ""
    officer_ids: list[int] = []
    company_ids: list[int] = Field(default_factory=list, max_length=services.MAX_TARGETS)


class TargetOut(Schema):
    id: int
    company_id: int
    legal_name: str
    priority: float
    assigned_to: int | None
    last_outcome: str
    last_contact_at: datetime | None
    version: int


class CampaignOut(Schema):
    id: int
    code: str
    name: str
    purpose: str
    script: str
    status: str
    officer_ids: list[int]
    created_at: datetime
    version: int
    targets: int
    contacted: int
    by_outcome: dict[str, int]
    officers: list[dict[str, Any]]


class ContactIn(Schema):
    version: int = Field(ge=1, description="the target's version as read (409 when another officer recorded since)")
    channel: Channel
    outcome: Outcome
    at: datetime | None = None
    contact_id: int | None = None
    notes: str = Field("", max_length=4000)


class ContactOut(Schema):
    id: int
    target_id: int
    company_id: int
    contact_id: int | None
    officer: str
    at: datetime
    channel: str
    outcome: str
    notes: str


def _page(items: list, page: int, page_size: int) -> dict[str, Any]:
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise HttpError(422, f"page must be at least 1 and page_size between 1 and {MAX_PAGE_SIZE}")
    return {"items": items[(page - 1) * page_size: page * page_size], "count": len(items), "page": page,
            "pages": max(1, math.ceil(len(items) / page_size)), "page_size": page_size}


class _Ref:
    def __init__(self, pk: int):
        self.pk = pk


@router.get("/outreach/scores", response=Page[ScoreOut])
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def scores(request, comune: str = "", section: str = "", size: str = "", shortfall: bool = False,
           state: RelationshipState | None = None, not_contacted_days: int | None = None,
           q: str = "", page: int = 1, page_size: int = 50):
    """Companies best first with their priority (0–100) and reasons; ``section`` an ATECO section letter,
    ``size`` micro/small/medium/large/unknown, ``not_contacted_days`` never contacted or not for N days."""
    if not_contacted_days is not None and not_contacted_days < 0:
        raise HttpError(422, "not_contacted_days must not be negative")
    if size and size not in (*selectors.SIZE_BANDS, "unknown"):
        raise HttpError(422, "size must be one of micro, small, medium, large, unknown")
    filters = selectors.PriorityFilters(comune=comune, section=section.upper(), size=size, shortfall=shortfall,
                                        state=state.value if state else "", not_contacted_days=not_contacted_days,
                                        query=q)
    result = _page(selectors.priority_list(actor=request.actor, filters=filters), page, page_size)
    weights = priority.current_weights()[0]
    registry_audit(actor=request.actor, purpose=EMPLOYERS, companies=[_Ref(r.facts.id) for r, _s in result["items"]])
    result["items"] = [{"company_id": row.facts.id, "legal_name": row.legal_name, "ateco_code": row.ateco_code,
                        "comune_istat": row.comune, "state": row.facts.state, "score": score.score,
                        "last_contact_at": row.last_contact_at, "reasons": reason_dicts(score, weights)}
                       for row, score in result["items"]]
    return result


def _campaign(campaign: Campaign) -> dict[str, Any]:
    progress = selectors.campaign_progress(campaign=campaign)
    return {"id": campaign.pk, "code": campaign.code, "name": campaign.name, "purpose": campaign.purpose,
            "script": campaign.script, "status": campaign.status, "created_at": campaign.created_at,
            "officer_ids": list(campaign.officers.values_list("pk", flat=True)), "version": campaign.version,
            "targets": progress.targets, "contacted": progress.contacted, "by_outcome": progress.by_outcome,
            "officers": [{k: v for k, v in entry.items() if k != "lines"} for entry in progress.officers]}


def _target(target: CampaignTarget) -> dict[str, Any]:
    return {"id": target.pk, "company_id": target.company_id, "legal_name": target.company.legal_name,
            "priority": target.priority, "assigned_to": target.assigned_to_id, "last_outcome": target.last_outcome,
            "last_contact_at": target.last_contact_at, "version": target.version}


@router.get("/outreach/campaigns", response=list[CampaignOut])
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def campaign_list(request, status: CampaignStatus | None = None):
    campaigns = selectors.visible_campaigns(actor=request.actor)
    if status:
        campaigns = campaigns.filter(status=status.value)
    return [_campaign(c) for c in campaigns[:200]]


@router.post("/outreach/campaigns", response={201: CampaignOut, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def campaign_create(request, payload: CampaignIn):
    campaign = services.campaign_create(by=request.actor, name=payload.name, purpose=payload.purpose,
                                        script=payload.script, officer_ids=payload.officer_ids,
                                        company_ids=payload.company_ids)
    return Status(201, _campaign(campaign))


@router.get("/outreach/campaigns/{campaign_id}", response={200: CampaignOut, 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def campaign_get(request, campaign_id: int):
    return _campaign(selectors.campaign_get(actor=request.actor, campaign_id=campaign_id))


@router.get("/outreach/campaigns/{campaign_id}/targets", response={200: Page[TargetOut], 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def campaign_targets(request, campaign_id: int, page: int = 1, page_size: int = 50):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id)
    result = _page(list(selectors.campaign_targets(campaign=campaign)), page, page_size)
    result["items"] = [_target(t) for t in result["items"]]
    return result


def _contact(row) -> dict[str, Any]:
    return {"id": row.pk, "target_id": row.target_id, "company_id": row.company_id, "contact_id": row.contact_id,
            "officer": row.officer_label, "at": row.at, "channel": row.channel, "outcome": row.outcome,
            "notes": row.notes}


@router.get("/outreach/campaigns/{campaign_id}/targets/{target_id}/contacts",
            response={200: list[ContactOut], 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def contact_list(request, campaign_id: int, target_id: int):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id)
    target = selectors.target_get(actor=request.actor, campaign=campaign, target_id=target_id)
    return [_contact(c) for c in selectors.target_contacts(target=target)]


@router.post("/outreach/campaigns/{campaign_id}/targets/{target_id}/contacts",
             response={201: ContactOut, 404: Error, 409: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def contact_record(request, campaign_id: int, target_id: int, payload: ContactIn):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id, action=Action.COMPANY_MANAGE)
    target = selectors.target_get(actor=request.actor, campaign=campaign, target_id=target_id)
    person = None
    if payload.contact_id is not None:
        from django.core.exceptions import ValidationError

        person = target.company.contacts.filter(pk=payload.contact_id).first()
        if person is None:
            raise ValidationError({"contact_id": "no such contact at this company"})
        if not outreach_contacts(actor=request.actor, companies=[target.company_id], purpose=EMPLOYERS).filter(
                pk=person.pk).exists():
            raise ValidationError({"contact_id": "this person opted out of marketing contacts"})
    row = services.contact_record(by=request.actor, campaign=campaign, target=target, version=payload.version,
                                  channel=payload.channel.value, outcome=payload.outcome.value, at=payload.at,
                                  contact=person, notes=payload.notes)
    return Status(201, _contact(row))
