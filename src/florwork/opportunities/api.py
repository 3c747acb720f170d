"""JSON API of opportunities: list with filters, record (at a company, optionally at a visit), read, change,
move the status, and turn a direct one into a vacancy. The same rules as the pages: the policy through the
selectors and services, the field and reason named on bad input, 409 on a stale ``version``."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.employers import selectors as company_selectors
from florwork.opportunities import lifecycle, selectors, services
from florwork.opportunities.models import Opportunity, OpportunityKind, OpportunitySource, OpportunityStatus

router = Router(tags=["opportunities"])
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT


class OpportunityFields(Schema):
    """What is known about an opportunity; on a change, fields left out are not touched."""

    kind: OpportunityKind | None = None
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    source: OpportunitySource | None = None
    expected_places: int | None = Field(None, ge=0, le=999)
    expected_value: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2,
                                           description="euro a year (for Art. 14: the work commissioned)")
    actual_value: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    cooperative_id: int | None = Field(None, description="a social cooperative (type B for Art. 14)")
    notes: str | None = Field(None, max_length=4000)
    next_step: str | None = Field(None, max_length=200)
    next_step_on: date | None = None
    officer_id: int | None = None


class OpportunityIn(OpportunityFields):
    company_id: int
    visit_id: int | None = None
    kind: OpportunityKind
    title: str = Field(min_length=1, max_length=200)


class OpportunityUpdateIn(OpportunityFields):
    version: int = Field(ge=1)


class StatusIn(Schema):
    to_status: OpportunityStatus
    reason: str = Field("", max_length=300)
    version: int = Field(ge=1)


class VacancyIn(Schema):
    """The vacancy's fields (as the vacancy form takes them); ``publish`` opens it to candidates at once."""

    occupation_id: int
    title: str = Field("", max_length=200, description="empty: the occupation's name")
    description: str = Field("", max_length=4000)
    essential_skill_ids: list[int] = []
    optional_skill_ids: list[int] = []
    contract_kind: str = Field(description="permanent, fixed_term, apprenticeship, agency or tirocinio")
    hours: str = "full_time"
    weekly_hours: int | None = Field(None, ge=1, le=48)
    positions: int = Field(1, ge=1, le=999)
    site_id: int | None = None
    required_licences: list[str] = []
    min_isced_level: int | None = None
    min_italian_level: str = ""
    other_requirements: str = Field("", max_length=4000)
    accessibility: list[str] = []
    law68_eligible: bool = False
    closes_on: date | None = None
    publish: bool = False


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: datetime
    by: str


class Art14Out(Schema):
    year: int
    region: str
    parameters_found: bool
    example_parameters: bool
    parameters_source: str
    value_per_position: Decimal | None
    positions_paid_for: int
    positions_counted: int
    company_room: int
    note: str


class OpportunityOut(Schema):
    id: int
    code: str
    company_id: int
    company: str
    visit_id: int | None
    kind: str
    direct: bool
    title: str
    description: str
    source: str
    status: str
    lost_reason: str
    status_changed_at: datetime
    allowed_transitions: list[str]
    expected_places: int | None
    expected_value: Decimal | None
    actual_value: Decimal | None
    cooperative_id: int | None
    cooperative: str
    notes: str
    next_step: str
    next_step_on: date | None
    officer_id: int | None
    vacancy_id: int | None
    vacancy_status: str
    convention_id: int | None
    art14: Art14Out | None
    history: list[StatusChangeOut] = []
    version: int


ART14_NOTE = gettext_lazy(
    "The coverage follows the parameters of the regional framework agreement (D.Lgs 276/2003 art. 14): one "
    "position per coefficient × labour cost of work a year, within the share of the quota allowed.")


def _art14(opportunity: Opportunity) -> dict | None:
    estimate = selectors.art14_estimate(opportunity=opportunity)
    if estimate is None:
        return None
    row = estimate.parameters
    return {"year": estimate.year, "region": estimate.region, "parameters_found": row is not None,
            "example_parameters": bool(row and row.is_example), "parameters_source": row.source if row else "",
            "value_per_position": estimate.value_per_position, "positions_paid_for": estimate.positions_paid_for,
            "positions_counted": estimate.positions_counted, "company_room": estimate.company_room,
            "note": str(ART14_NOTE)}


def opportunity_out(opportunity: Opportunity, *, history: bool = True) -> dict:
    fields = ("id", "code", "company_id", "visit_id", "kind", "title", "description", "source", "status",
              "lost_reason", "status_changed_at", "expected_places", "expected_value", "actual_value",
              "cooperative_id", "notes", "next_step", "next_step_on", "officer_id", "vacancy_id", "convention_id",
              "version")
    out = {name: getattr(opportunity, name) for name in fields}
    out |= {"company": opportunity.company.legal_name, "direct": opportunity.is_direct,
            "cooperative": opportunity.cooperative.name if opportunity.cooperative else "",
            "allowed_transitions": [s.value for s in lifecycle.allowed_targets(opportunity.status)],
            "art14": _art14(opportunity),
            "vacancy_status": opportunity.vacancy.status if opportunity.vacancy_id else ""}
    if history:
        out["history"] = [{"from_status": h.from_status, "to_status": h.to_status, "reason": h.reason, "at": h.at,
                           "by": h.by_label} for h in selectors.opportunity_history(opportunity=opportunity)]
    return out


def _data(payload: OpportunityFields) -> dict:
    """The payload as the services take it: ids resolved to rows (an unknown id is named as a bad field)."""
    data = payload.dict(exclude_unset=True, exclude={"version", "company_id", "visit_id"})
    for name in ("description", "notes", "next_step"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("kind", "source"):
        if data.get(name) is not None:
            data[name] = str(data[name].value if hasattr(data[name], "value") else data[name])
    if "cooperative_id" in data:
        ref = data.pop("cooperative_id")
        data["cooperative"] = Organization.objects.filter(pk=ref).first() if ref is not None else None
        if ref is not None and data["cooperative"] is None:
            raise ValidationError({"cooperative_id": [_("No organization has this id.")]})
    if "officer_id" in data:
        ref = data.pop("officer_id")
        data["officer"] = services.officer_queryset().filter(pk=ref).first() if ref is not None else None
        if ref is not None and data["officer"] is None:
            raise ValidationError({"officer_id": [_("No active company-relations officer has this id.")]})
    return data


@router.get("/opportunities", response=Page[OpportunityOut])
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def opportunity_list(request, kind: OpportunityKind | None = None, group: str = "",
                     status: OpportunityStatus | None = None, open: bool = False, company: str = "",
                     company_id: int | None = None, visit_id: int | None = None, officer_id: int | None = None,
                     shortfall: bool = False, page: int = 1, page_size: int = 50):
    """``group`` ``direct`` or ``indirect``; ``company`` words of its name; ``open`` only the open ones;
    ``shortfall`` only at companies with a Law 68 shortfall."""
    rows = selectors.opportunity_search(
        actor=request.actor, kind=kind.value if kind else "", group=group if group in ("direct", "indirect") else "",
        status=status.value if status else "", open_only=open, company=company, company_id=company_id,
        visit_id=visit_id, officer_id=officer_id, shortfall=shortfall)
    result = paginate(rows, page=page, page_size=page_size)
    result["items"] = [opportunity_out(o, history=False) for o in result["items"]]
    return result


@router.post("/opportunities", response={201: OpportunityOut, 403: Error, 404: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def opportunity_create(request, payload: OpportunityIn):
    from florwork.visits.selectors import visit_get

    company = company_selectors.company_get(actor=request.actor, company_id=payload.company_id, purpose=EMPLOYERS,
                                            action=Action.COMPANY_MANAGE)
    visit = visit_get(actor=request.actor, visit_id=payload.visit_id, purpose=EMPLOYERS) if payload.visit_id else None
    opportunity = services.opportunity_create(by=request.actor, company=company, data=_data(payload), visit=visit)
    return Status(201, opportunity_out(opportunity))


@router.get("/opportunities/{opportunity_id}", response={200: OpportunityOut, 404: Error})
@allow(Action.COMPANY_VIEW, EMPLOYERS)
def opportunity_get(request, opportunity_id: int):
    return opportunity_out(selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id,
                                                     purpose=EMPLOYERS))


@router.patch("/opportunities/{opportunity_id}", response={200: OpportunityOut, 404: Error, 409: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def opportunity_update(request, opportunity_id: int, payload: OpportunityUpdateIn):
    opportunity = selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id, purpose=EMPLOYERS,
                                            action=Action.COMPANY_MANAGE)
    services.opportunity_update(by=request.actor, opportunity=opportunity, data=_data(payload),
                                version=payload.version)
    return opportunity_out(opportunity)


@router.post("/opportunities/{opportunity_id}/status",
             response={200: OpportunityOut, 404: Error, 409: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def opportunity_transition(request, opportunity_id: int, payload: StatusIn):
    opportunity = selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id, purpose=EMPLOYERS,
                                            action=Action.COMPANY_MANAGE)
    services.opportunity_transition(by=request.actor, opportunity=opportunity, to_status=payload.to_status.value,
                                    reason=payload.reason, version=payload.version)
    return opportunity_out(opportunity)


def _vacancy_form(payload: VacancyIn, company):
    """The body checked by the vacancy form itself, so that the API and the page refuse the same things."""
    from django.utils.datastructures import MultiValueDict

    from florwork.matching.forms import VacancyForm

    body = payload.dict()
    data = MultiValueDict({
        "occupation": [body["occupation_id"]], "essential_skills": body["essential_skill_ids"],
        "optional_skills": body["optional_skill_ids"], "required_licences": body["required_licences"],
        "accessibility": body["accessibility"], "site": [body["site_id"] or ""],
        "law68_eligible": ["on"] if body["law68_eligible"] else [],
        "closes_on": [body["closes_on"].isoformat() if body["closes_on"] else ""],
        **{name: ["" if body[name] is None else body[name]] for name in (
            "title", "description", "contract_kind", "hours", "weekly_hours", "positions", "min_isced_level",
            "min_italian_level", "other_requirements")}})
    form = VacancyForm(data, company=company)
    if not form.is_valid():
        renamed = {"occupation": "occupation_id", "essential_skills": "essential_skill_ids",
                   "optional_skills": "optional_skill_ids", "site": "site_id"}
        raise ValidationError({renamed.get(name, name): errors for name, errors in form.errors.items()})
    return form.cleaned_data


@router.post("/opportunities/{opportunity_id}/vacancy",
             response={201: OpportunityOut, 403: Error, 404: Error, 422: Error})
@allow(Action.COMPANY_MANAGE, EMPLOYERS)
def opportunity_vacancy(request, opportunity_id: int, payload: VacancyIn):
    """Turn a direct opportunity into a vacancy (a draft, or published with ``publish``), linked to it."""
    opportunity = selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id, purpose=EMPLOYERS,
                                            action=Action.COMPANY_MANAGE)
    data = _vacancy_form(payload, opportunity.company)
    services.opportunity_to_vacancy(by=request.actor, opportunity=opportunity, data=data, publish=payload.publish)
    opportunity.refresh_from_db()
    return Status(201, opportunity_out(opportunity))
