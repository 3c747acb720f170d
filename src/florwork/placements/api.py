"""JSON API of placements: list (by case or company), create (for a case or from a shortlist entry), get,
extend, terminate. The same rules as the pages: the policy through the selectors and services, 404 for what
the actor may not see, field errors naming the field, 409 on a stale ``version``."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, may
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.employers.models import Company, Site
from florwork.matching.vacancy_models import Vacancy
from florwork.placements import selectors, services
from florwork.placements.models import (
    ContractKind,
    Placement,
    PlacementKind,
    PlacementStatus,
    TerminationReason,
    TraineeCategory,
)

router = Router(tags=["placements"])
PURPOSE = Purpose.CASE_MANAGEMENT


class PlacementIn(Schema):
    kind: PlacementKind
    case_id: int | None = Field(None, description="the case; or give entry_id (a shortlist entry)")
    entry_id: int | None = Field(None, description="a shortlist entry: its case, company and vacancy are used")
    company_id: int | None = Field(None, description="required unless entry_id is given")
    site_id: int | None = None
    vacancy_id: int | None = None
    job_title: str = Field("", max_length=200, description="empty: the vacancy's title")
    start_on: date
    end_on: date | None = Field(None, description="required for a tirocinio, fixed-term and agency work; "
                                                  "none for a permanent contract")
    weekly_hours: int | None = Field(None, ge=1, le=40)
    # tirocinio
    promoter_id: int | None = None
    host_tutor: str = Field("", max_length=200)
    promoter_tutor: str = Field("", max_length=200)
    monthly_allowance: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    trainee_category: TraineeCategory | None = None
    training_project: str = Field("", max_length=10000)
    # contract
    contract_kind: ContractKind | None = None
    part_time_percentage: int | None = Field(None, ge=1, le=99)
    gross_monthly_wage: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)


class ExtendIn(Schema):
    new_end_on: date
    reason: str = Field(min_length=1, max_length=500)
    version: int = Field(ge=1)


class TerminateIn(Schema):
    on: date
    reason: TerminationReason
    note: str = Field("", max_length=500)
    version: int = Field(ge=1)


class ExtensionOut(Schema):
    previous_end_on: date
    new_end_on: date
    reason: str
    recorded_by: str


class FollowUpOut(Schema):
    months: int
    due_on: date
    status: str


class PlacementOut(Schema):
    id: int
    code: str
    case_id: int
    kind: str
    status: PlacementStatus
    company_id: int
    company: str
    site_id: int | None
    vacancy_id: int | None
    shortlist_entry_id: int | None
    job_title: str
    start_on: date
    end_on: date | None
    original_end_on: date | None
    weekly_hours: int | None
    promoter_id: int | None
    host_tutor: str
    promoter_tutor: str
    monthly_allowance: Decimal | None
    trainee_category: str
    training_project: str
    contract_kind: str
    part_time_percentage: int | None
    gross_monthly_wage: Decimal | None
    terminated_on: date | None
    termination_reason: str
    termination_note: str
    version: int
    extensions: list[ExtensionOut] = []
    follow_ups: list[FollowUpOut] = []


def _out(p: Placement, *, full: bool = True) -> dict:
    fields = ("id", "code", "case_id", "kind", "company_id", "site_id", "vacancy_id", "shortlist_entry_id",
              "job_title", "start_on", "end_on", "original_end_on", "weekly_hours", "promoter_id", "host_tutor",
              "promoter_tutor", "monthly_allowance", "trainee_category", "training_project", "contract_kind",
              "part_time_percentage", "gross_monthly_wage", "terminated_on", "termination_reason",
              "termination_note", "version")
    out = {name: getattr(p, name) for name in fields}
    out.update(status=p.status, company=p.company.legal_name)
    if full:
        out["extensions"] = [{"previous_end_on": e.previous_end_on, "new_end_on": e.new_end_on, "reason": e.reason,
                              "recorded_by": e.recorded_by_label} for e in p.extensions.all()]
        out["follow_ups"] = [{"months": f.months, "due_on": f.due_on, "status": f.status} for f in p.follow_ups.all()]
    return out


def _get(model, pk: int | None, field: str):
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: "not found"})
    return row


@router.get("/placements", response=Page[PlacementOut])
@allow(Action.PLACEMENT_MANAGE, PURPOSE)
def placement_list(request, case_id: int | None = None, company_id: int | None = None,
                   status: PlacementStatus | None = None, kind: PlacementKind | None = None, page: int = 1,
                   page_size: int = 50):
    found = selectors.placement_search(actor=request.actor, case_id=case_id, company_id=company_id,
                                       status=status.value if status else "", kind=kind.value if kind else "")
    result = paginate(found, page=page, page_size=page_size)
    result["items"] = [_out(p, full=False) for p in result["items"]]
    return result


@router.post("/placements", response={201: PlacementOut, 404: Error, 422: Error})
@allow(Action.PLACEMENT_MANAGE, PURPOSE)
def placement_create(request, payload: PlacementIn):
    """Record a tirocinio or an employment contract; the case moves to placed, the follow-ups are scheduled,
    a shortlist entry moves to trial (tirocinio) or hired (contract)."""
    actor = request.actor
    entry = selectors.entry_for_placement(actor=actor, entry_id=payload.entry_id) if payload.entry_id else None
    case_id = entry.case_id if entry is not None else payload.case_id
    if case_id is None:
        raise ValidationError({"case_id": "give case_id or entry_id"})
    case = (entry.case if entry is not None and not may(actor, Action.CASE_UPDATE)
            else selectors.case_for_placement(actor=actor, case_id=case_id, purpose=request.purpose))
    company = _get(Company, payload.company_id, "company_id") or (entry.vacancy.company if entry else None)
    if company is None:
        raise ValidationError({"company_id": "required"})
    vacancy = _get(Vacancy, payload.vacancy_id, "vacancy_id") or (entry.vacancy if entry else None)
    data = payload.dict(include={"job_title", "start_on", "end_on", "weekly_hours", "host_tutor", "promoter_tutor",
                                 "monthly_allowance", "trainee_category", "training_project", "contract_kind",
                                 "part_time_percentage", "gross_monthly_wage"})
    placement = services.placement_create(
        by=actor, case=case, kind=payload.kind.value, company=company, data=data,
        site=_get(Site, payload.site_id, "site_id"), vacancy=vacancy,
        promoter=_get(Organization, payload.promoter_id, "promoter_id"),
        entry_id=entry.pk if entry is not None else None)
    return Status(201, _out(selectors.placement_get(actor=actor, placement_id=placement.pk, purpose=request.purpose)))


@router.get("/placements/{placement_id}", response={200: PlacementOut, 404: Error})
@allow(Action.PLACEMENT_MANAGE, PURPOSE)
def placement_get(request, placement_id: int):
    return _out(selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose))


@router.post("/placements/{placement_id}/extend", response={200: PlacementOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLACEMENT_MANAGE, PURPOSE)
def placement_extend(request, placement_id: int, payload: ExtendIn):
    placement = selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose)
    services.placement_extend(by=request.actor, placement=placement, new_end_on=payload.new_end_on,
                              reason=payload.reason, version=payload.version)
    return _out(selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose))


@router.post("/placements/{placement_id}/terminate",
             response={200: PlacementOut, 404: Error, 409: Error, 422: Error})
@allow(Action.PLACEMENT_MANAGE, PURPOSE)
def placement_terminate(request, placement_id: int, payload: TerminateIn):
    placement = selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose)
    services.placement_terminate(by=request.actor, placement=placement, on=payload.on, reason=payload.reason.value,
                                 note=payload.note, version=payload.version)
    return _out(selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose))

