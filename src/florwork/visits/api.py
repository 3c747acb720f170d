"""JSON API of visits: visit plans (create, solve, get, one officer's iCalendar) and visit reports (list, create,
get). The same rules as the pages: policy through selectors and services, fields named on bad input, 409 on a
stale ``version``."""

from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.employers import selectors as employers
from florwork.visits import ical, planning, selectors, services
from florwork.visits.models import Visit, VisitOutcome, VisitPlan

router = Router(tags=["visits"])
EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE


class OfficerIn(Schema):
    user_id: int
    start_label: str = Field("", max_length=200)
    latitude: Decimal = Field(ge=-90, le=90)
    longitude: Decimal = Field(ge=-180, le=180)
    work_start: time = time(9)
    work_end: time = time(17)


class CompanyIn(Schema):
    company_id: int
    priority: int | None = Field(None, ge=0, le=100, description="0-100; left out: the outreach score, else 50")
    appointment_day: date | None = None
    appointment_start: time | None = None
    appointment_end: time | None = None


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    days: list[date] = Field(min_length=1, max_length=7)
    officers: list[OfficerIn] = Field(min_length=1)
    companies: list[CompanyIn] = Field(min_length=1)
    visit_minutes: int | None = Field(None, ge=5, le=480)
    solve: bool = True


class SolveIn(Schema):
    version: int | None = Field(None, ge=1)


class StopOut(Schema):
    sequence: int
    company_id: int | None
    name: str
    address: str
    latitude: Decimal
    longitude: Decimal
    arrive_at: datetime
    start_at: datetime
    end_at: datetime
    travel_seconds: int
    distance_m: int
    visit_id: int | None


class RouteOut(Schema):
    officer_id: int
    officer: str
    day: date
    leave_at: datetime
    back_at: datetime
    lunch_at: datetime | None
    travel_seconds: int
    distance_m: int
    stops: list[StopOut]


class LeftOutOut(Schema):
    company_id: int | None
    name: str
    priority: int
    reason: str


class PlanOfficerOut(Schema):
    id: int
    user_id: int | None
    label: str
    start_label: str
    ics_url: str


class PlanOut(Schema):
    id: int
    code: str
    title: str
    days: list[date]
    status: str
    visit_minutes: int
    road_factor: Decimal
    speed_kmh: Decimal
    travel_seconds: int
    distance_m: int
    solve_seconds: float | None
    version: int
    officers: list[PlanOfficerOut]
    routes: list[RouteOut]
    left_out: list[LeftOutOut]


class VisitIn(Schema):
    company_id: int
    date: date
    notes: str = Field(min_length=1, max_length=5000)
    outcome: VisitOutcome
    site_id: int | None = None
    contact_ids: list[int] = []
    met_others: str = Field("", max_length=300)
    next_step: str = Field("", max_length=300)
    next_step_on: date | None = None
    stop_id: int | None = Field(None, description="the planned visit this report realises")


class VisitOut(Schema):
    id: int
    code: str
    company_id: int
    site_id: int | None
    organization_id: int
    officer: str
    date: date
    contact_ids: list[int] | None
    met_others: str
    notes: str
    outcome: str
    next_step: str
    next_step_on: date | None
    stop_id: int | None
    version: int


def _stop(stop) -> dict:
    company = stop.company
    return {"sequence": stop.sequence, "company_id": company.company_id, "name": company.name,
            "address": company.address, "latitude": company.latitude, "longitude": company.longitude,
            "arrive_at": stop.arrive_at, "start_at": stop.start_at, "end_at": stop.end_at,
            "travel_seconds": stop.travel_seconds, "distance_m": stop.distance_m,
            "visit_id": getattr(getattr(stop, "visit", None), "pk", None)}


def plan_out(plan: VisitPlan) -> dict:
    routes = plan.routes.select_related("officer").prefetch_related("stops__company", "stops__visit")
    return {
        "id": plan.pk, "code": plan.code, "title": plan.title, "days": plan.days, "status": plan.status,
        "visit_minutes": plan.visit_minutes, "road_factor": plan.road_factor, "speed_kmh": plan.speed_kmh,
        "travel_seconds": plan.travel_seconds, "distance_m": plan.distance_m, "solve_seconds": plan.solve_seconds,
        "version": plan.version,
        "officers": [{"id": o.pk, "user_id": o.user_id, "label": o.label, "start_label": o.start_label,
                      "ics_url": f"/api/visit-plans/{plan.pk}/officers/{o.pk}/ics"} for o in plan.officers.all()],
        "routes": [{"officer_id": r.officer_id, "officer": r.officer.label, "day": r.day, "leave_at": r.leave_at,
                    "back_at": r.back_at, "lunch_at": r.lunch_at, "travel_seconds": r.travel_seconds,
                    "distance_m": r.distance_m,
                    "stops": [_stop(s) for s in r.stops.all()]} for r in routes],
        "left_out": [{"company_id": c.company_id, "name": c.name, "priority": c.priority, "reason": c.left_out_reason}
                     for c in plan.companies.exclude(left_out_reason="")],
    }


def visit_out(visit: Visit, actor) -> dict:
    contacts = selectors.visit_contacts(actor=actor, visit=visit)
    return {"id": visit.pk, "code": visit.code, "company_id": visit.company_id, "site_id": visit.site_id,
            "organization_id": visit.organization_id, "officer": visit.officer_label, "date": visit.date,
            "contact_ids": [c.pk for c in contacts] if contacts is not None else None,
            "met_others": visit.met_others, "notes": visit.notes, "outcome": visit.outcome,
            "next_step": visit.next_step, "next_step_on": visit.next_step_on, "stop_id": visit.stop_id,
            "version": visit.version}


# --- plans ------------------------------------------------------------------------------------------------------

@router.post("/visit-plans", response={201: PlanOut, 403: Error, 422: Error})
@allow(MANAGE, EMPLOYERS)
def plan_create(request, payload: PlanIn):
    plan = planning.plan_create(
        by=request.actor, title=payload.title, days=payload.days, visit_minutes=payload.visit_minutes,
        officers=[planning.OfficerChoice(o.user_id, o.start_label, o.latitude, o.longitude, o.work_start, o.work_end)
                  for o in payload.officers],
        companies=[planning.CompanyChoice(c.company_id, c.priority, c.appointment_day, c.appointment_start,
                                          c.appointment_end) for c in payload.companies])
    if payload.solve:
        plan = planning.plan_solve(by=request.actor, plan=plan)
    return Status(201, plan_out(plan))


@router.post("/visit-plans/{plan_id}/solve", response={200: PlanOut, 404: Error, 409: Error, 422: Error})
@allow(MANAGE, EMPLOYERS)
def plan_solve(request, plan_id: int, payload: SolveIn):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id, action=MANAGE)
    return plan_out(planning.plan_solve(by=request.actor, plan=plan, version=payload.version))


@router.get("/visit-plans/{plan_id}", response={200: PlanOut, 404: Error})
@allow(MANAGE, EMPLOYERS)
def plan_get(request, plan_id: int):
    return plan_out(selectors.plan_get(actor=request.actor, plan_id=plan_id))


@router.get("/visit-plans/{plan_id}/officers/{officer_id}/ics", response={200: None, 404: Error})
@allow(MANAGE, EMPLOYERS)
def plan_ics(request, plan_id: int, officer_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    officer = plan.officers.filter(pk=officer_id).first()
    if officer is None:
        raise Http404
    return HttpResponse(ical.officer_calendar(plan=plan, officer=officer), content_type="text/calendar; charset=utf-8")


# --- visit reports ----------------------------------------------------------------------------------------------

@router.get("/visits", response=Page[VisitOut])
@allow(VIEW, EMPLOYERS)
def visit_list(request, company_id: int | None = None, page: int = 1, page_size: int = 50):
    result = paginate(selectors.visit_list(actor=request.actor, company_id=company_id), page=page,
                      page_size=page_size)
    result["items"] = [visit_out(v, request.actor) for v in result["items"]]
    return result


@router.post("/visits", response={201: VisitOut, 403: Error, 404: Error, 422: Error})
@allow(MANAGE, EMPLOYERS)
def visit_create(request, payload: VisitIn):
    company = employers.company_get(actor=request.actor, company_id=payload.company_id, purpose=request.purpose,
                                    action=MANAGE)
    stop = selectors.stop_get(actor=request.actor, stop_id=payload.stop_id) if payload.stop_id else None
    site = company.sites.filter(pk=payload.site_id).first() if payload.site_id else None
    if payload.site_id and site is None:
        raise ValidationError({"site_id": _("Choose one of the company's sites.")})
    contacts = list(company.contacts.filter(pk__in=payload.contact_ids))
    if len(contacts) != len(set(payload.contact_ids)):
        raise ValidationError({"contact_ids": _("Choose people of this company.")})
    values = payload.dict(include={"date", "notes", "outcome", "met_others", "next_step", "next_step_on"})
    visit = services.visit_record(by=request.actor, company=company, stop=stop,
                                  values={**values, "site": site, "contacts": contacts})
    return Status(201, visit_out(visit, request.actor))


@router.get("/visits/{visit_id}", response={200: VisitOut, 404: Error})
@allow(VIEW, EMPLOYERS)
def visit_get(request, visit_id: int):
    visit = selectors.visit_get(actor=request.actor, visit_id=visit_id, purpose=request.purpose)
    return visit_out(visit, request.actor)
