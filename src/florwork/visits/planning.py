"""Use cases of visit plans: create (a snapshot of the chosen companies), solve with the routing core, and the
routing parameters. One transaction each, audited, the policy asked first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import Role
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.employers.models import Company, Site
from florwork.visits import routing
from florwork.visits.models import (
    PlanCompany,
    PlanOfficer,
    PlanRoute,
    PlanStatus,
    PlanStop,
    RoutingParameters,
    Visit,
    VisitPlan,
)
from florwork.visits.routing.hours import check_opening_hours
from florwork.visits.selectors import routing_parameters

MAX_DAYS, MAX_OFFICERS, MAX_COMPANIES = 7, 10, 300
DEFAULT_PRIORITY = 50


@dataclass(frozen=True)
class OfficerChoice:
    user_id: int
    start_label: str
    latitude: Decimal
    longitude: Decimal
    work_start: time
    work_end: time


@dataclass(frozen=True)
class CompanyChoice:
    company_id: int
    priority: int | None = None  # None: the outreach score when there is one
    appointment_day: date | None = None
    appointment_start: time | None = None
    appointment_end: time | None = None


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, plan: VisitPlan, fields, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT, object_type="visits.VisitPlan",
                 object_id=plan.pk, object_label=plan.code, fields=fields, detail=detail)


# --- priorities: the one hook to outreach -------------------------------------------------------------------

def outreach_priorities(*, actor: Actor, company_ids: list[int]) -> dict[int, int]:
    """Each company's outreach score (0-100) as its VROOM priority; {} while outreach gives none."""
    try:
        from florwork.outreach.selectors import priority_scores
    except ImportError:
        return {}
    scores = priority_scores(actor=actor, company_ids=company_ids)
    return {company_id: max(0, min(100, round(result.score))) for company_id, result in scores.items()}


# --- creating a plan --------------------------------------------------------------------------------------------

def officers_of(organization_id: int | None):
    """The users who may be sent on visits for an organization: its active company officers."""
    return (Membership.objects.filter(organization_id=organization_id, role=Role.COMPANY_OFFICER, is_active=True,
                                      user__is_active=True)
            .select_related("user").order_by("user__last_name", "user__first_name", "pk"))


def visit_site(company: Company) -> Site | None:
    """Where a company is visited: its registered office if it has coordinates, else its first located site."""
    return company.sites.filter(latitude__isnull=False).order_by("-is_headquarters", "pk").first()


def _check_days(days: list[date]) -> list[date]:
    days = sorted(set(days))
    if not days:
        raise ValidationError({"days": _("Choose at least one day.")})
    if len(days) > MAX_DAYS or (days[-1] - days[0]).days >= MAX_DAYS:
        raise ValidationError({"days": _("A plan covers at most one week.")})
    return days


def _check_officers(officers: list[OfficerChoice], organization_id: int | None) -> dict[int, str]:
    if not officers:
        raise ValidationError({"officers": _("Choose at least one officer.")})
    if len(officers) > MAX_OFFICERS or len({o.user_id for o in officers}) != len(officers):
        raise ValidationError({"officers": _("Choose each officer once, at most %(n)d.") % {"n": MAX_OFFICERS}})
    names = {m.user_id: m.user.get_full_name() or m.user.username for m in officers_of(organization_id)}
    for officer in officers:
        if officer.user_id not in names:
            raise ValidationError({"officers": _("Only the company officers of your organization can be planned.")})
        if officer.work_start >= officer.work_end:
            raise ValidationError({"officers": _("%(name)s: the working day must start before it ends.")
                                   % {"name": names[officer.user_id]}})
        if not (-90 <= officer.latitude <= 90 and -180 <= officer.longitude <= 180):
            raise ValidationError({"officers": _("%(name)s: the start point has impossible coordinates.")
                                   % {"name": names[officer.user_id]}})
    return names


def _check_company(choice: CompanyChoice, company: Company, days: list[date]) -> Site:
    site = visit_site(company)
    if site is None:
        raise ValidationError({"companies": _("%(name)s has no site with coordinates: add its address first.")
                               % {"name": company.legal_name}})
    parts = (choice.appointment_day, choice.appointment_start, choice.appointment_end)
    if any(p is not None for p in parts):
        if None in parts or choice.appointment_start >= choice.appointment_end:  # type: ignore[operator]
            raise ValidationError({"companies": _("%(name)s: an appointment needs its day, a start and a later end.")
                                   % {"name": company.legal_name}})
        if choice.appointment_day not in days:
            raise ValidationError({"companies": _("%(name)s: the appointment is not on one of the plan's days.")
                                   % {"name": company.legal_name}})
    if choice.priority is not None and not 0 <= choice.priority <= 100:
        raise ValidationError({"companies": _("%(name)s: a priority goes from 0 to 100.")
                               % {"name": company.legal_name}})
    try:
        check_opening_hours(site.opening_hours or {})
    except ValueError:
        site.opening_hours = {}  # unreadable hours are treated as unknown rather than blocking the plan
    return site


def _check_companies(choices: list[CompanyChoice], days: list[date]) -> list[tuple[CompanyChoice, Company, Site]]:
    if not choices:
        raise ValidationError({"companies": _("Choose at least one company.")})
    if len(choices) > MAX_COMPANIES or len({c.company_id for c in choices}) != len(choices):
        raise ValidationError({"companies": _("Choose each company once, at most %(n)d.") % {"n": MAX_COMPANIES}})
    companies = Company.objects.in_bulk([c.company_id for c in choices])
    checked = []
    for choice in choices:
        company = companies.get(choice.company_id)
        if company is None:
            raise ValidationError({"companies": _("One of the companies is not in the registry.")})
        checked.append((choice, company, _check_company(choice, company, days)))
    return checked


def plan_create(*, by: Actor, title: str, days: list[date], officers: list[OfficerChoice],
                companies: list[CompanyChoice], visit_minutes: int | None = None,
                organization: Organization | None = None) -> VisitPlan:
    """A draft plan with a snapshot of each company (name, address, point, opening hours) and its priority.

    ``organization`` is for the system actor (demo data); a user plans for their own organization."""
    _require(by, Action.COMPANY_MANAGE)
    organization_id = organization.pk if by.is_system and organization else by.organization_id
    title = " ".join(title.split())[:200]
    if not title:
        raise ValidationError({"title": _("Give the plan a title.")})
    parameters = routing_parameters()
    minutes = visit_minutes or parameters.visit_minutes
    if not 5 <= minutes <= 480:
        raise ValidationError({"visit_minutes": _("A visit lasts from 5 to 480 minutes.")})
    days = _check_days(days)
    names = _check_officers(officers, organization_id)
    checked = _check_companies(companies, days)
    scores = outreach_priorities(actor=by, company_ids=[c.company_id for c in companies])
    now = timezone.now()
    with transaction.atomic():
        plan = VisitPlan.objects.create(
            organization_id=organization_id, title=title, days=[d.isoformat() for d in days], visit_minutes=minutes,
            road_factor=parameters.road_factor, speed_kmh=parameters.speed_kmh, lunch_minutes=parameters.lunch_minutes,
            lunch_from=parameters.lunch_from, lunch_to=parameters.lunch_to, created_at=now,
            created_by_id=by.user_id, created_by_label=by.label[:200])
        PlanOfficer.objects.bulk_create(PlanOfficer(
            plan=plan, user_id=o.user_id, label=names[o.user_id][:200], start_label=o.start_label[:200] or "—",
            start_latitude=o.latitude, start_longitude=o.longitude, work_start=o.work_start, work_end=o.work_end)
            for o in officers)
        PlanCompany.objects.bulk_create(_snapshot(plan, choice, company, site, scores)
                                        for choice, company, site in checked)
        _audit(by, Operation.CREATE, plan, ["days", "officers", "companies"], days=plan.days,
               officers=[o.user_id for o in officers], companies=[c.company_id for c in companies])
    return plan


def _snapshot(plan: VisitPlan, choice: CompanyChoice, company: Company, site: Site,
              scores: dict[int, int]) -> PlanCompany:
    if choice.priority is not None:
        priority, source = choice.priority, "officer"
    elif company.pk in scores:
        priority, source = scores[company.pk], "outreach"
    else:
        priority, source = DEFAULT_PRIORITY, "default"
    address = ", ".join(part for part in (site.address, site.postcode) if part)
    return PlanCompany(plan=plan, company=company, site=site, name=company.legal_name[:200], address=address[:300],
                       latitude=site.latitude, longitude=site.longitude, opening_hours=site.opening_hours or {},
                       priority=priority, priority_source=source, appointment_day=choice.appointment_day,
                       appointment_start=choice.appointment_start, appointment_end=choice.appointment_end)


# --- solving ----------------------------------------------------------------------------------------------------

def matrix_builder(road_factor: Decimal, speed_kmh: Decimal) -> routing.MatrixBuilder:
    """Road times from OSRM when a server is configured, else the straight line with the plan's parameters."""
    if settings.VISITS_OSRM_URL:
        return routing.OsrmMatrix(settings.VISITS_OSRM_URL)
    return routing.StraightLineMatrix(routing.TravelModel(float(road_factor), float(speed_kmh)))


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60


def _point(latitude: Decimal, longitude: Decimal) -> routing.Point:
    return routing.Point(float(latitude), float(longitude))


def _lunch(plan: VisitPlan, officer: PlanOfficer) -> routing.Lunch | None:
    """The plan's lunch break for an officer whose working day spans it (a morning-only day has none)."""
    if not plan.lunch_minutes or plan.lunch_from is None or plan.lunch_to is None:
        return None
    earliest, latest = max(_seconds(plan.lunch_from), _seconds(officer.work_start)), _seconds(plan.lunch_to)
    if earliest > latest or latest + plan.lunch_minutes * 60 > _seconds(officer.work_end):
        return None
    return routing.Lunch(earliest, latest, plan.lunch_minutes)


def problem_of(plan: VisitPlan) -> routing.Problem:
    days = [date.fromisoformat(d) for d in plan.days]
    shifts = [routing.Shift(o.pk, day, _point(o.start_latitude, o.start_longitude),
                            _point(o.start_latitude, o.start_longitude), _seconds(o.work_start), _seconds(o.work_end),
                            _lunch(plan, o))
              for day in days for o in plan.officers.order_by("pk")]
    jobs = []
    for c in plan.companies.order_by("pk"):
        appointment = (routing.problem.Appointment(c.appointment_day, _seconds(c.appointment_start),
                                                   _seconds(c.appointment_end)) if c.appointment_day else None)
        jobs.append(routing.Job(c.pk, _point(c.latitude, c.longitude), plan.visit_minutes * 60, priority=c.priority,
                                opening_hours=c.opening_hours or {}, appointment=appointment))
    return routing.Problem(shifts, jobs)


def moment(first_day: date, seconds: int) -> datetime:
    """Plan seconds as an aware local datetime (whole days counted as calendar days, right across DST)."""
    day = first_day + timedelta(days=seconds // routing.DAY)
    rest = seconds % routing.DAY
    return timezone.make_aware(datetime.combine(day, time(rest // 3600, rest % 3600 // 60, rest % 60)))


def plan_solve(*, by: Actor, plan: VisitPlan, version: int | None = None) -> VisitPlan:
    """Solve (or re-solve) the plan from its snapshot; refused once a visit of it has been reported."""
    _require(by, Action.COMPANY_MANAGE, plan)
    if Visit.objects.filter(stop__route__plan=plan).exists():
        raise ValidationError({"plan": _("Visits of this plan are already reported: it can no longer be re-planned.")})
    problem = problem_of(plan)
    solution = routing.solve(problem, matrix_builder(plan.road_factor, plan.speed_kmh))
    reasons = {o.job: o.reason for o in solution.left_out}
    first_day = problem.first_day
    with transaction.atomic():
        query = VisitPlan.objects.filter(pk=plan.pk)
        if version is not None:
            query = query.filter(version=version)
        if not query.update(status=PlanStatus.SOLVED, solved_at=timezone.now(), solve_seconds=solution.seconds,
                            travel_seconds=solution.travel, distance_m=solution.distance, version=F("version") + 1):
            raise Conflict
        plan.routes.all().delete()
        _store_routes(plan, solution, first_day)
        for company in plan.companies.all():
            company.left_out_reason = str(reasons.get(company.pk, ""))
            company.save(update_fields=["left_out_reason"])
        _audit(by, Operation.UPDATE, plan, ["routes"], placed=solution.placed, left_out=len(solution.left_out))
    plan.refresh_from_db()
    return plan


def _store_routes(plan: VisitPlan, solution: routing.Solution, first_day: date) -> None:
    for route in solution.routes:
        row = PlanRoute.objects.create(plan=plan, officer_id=route.shift.officer, day=route.shift.day,
                                       leave_at=moment(first_day, route.leave), back_at=moment(first_day, route.back),
                                       lunch_at=moment(first_day, route.lunch) if route.lunch is not None else None,
                                       travel_seconds=route.travel, distance_m=route.distance)
        PlanStop.objects.bulk_create(
            PlanStop(route=row, company_id=step.job, sequence=n, arrive_at=moment(first_day, step.arrival),
                     start_at=moment(first_day, step.start), end_at=moment(first_day, step.end),
                     travel_seconds=step.travel, distance_m=step.distance)
            for n, step in enumerate(route.steps, start=1))


# --- routing parameters -----------------------------------------------------------------------------------------

def routing_parameters_save(*, by: Actor, road_factor: Decimal, speed_kmh: Decimal, visit_minutes: int,
                            lunch_minutes: int = 45, lunch_from: time = time(12, 30),
                            lunch_to: time = time(14)) -> RoutingParameters:
    """New plans use them; saved plans keep the parameters they were made with."""
    _require(by, Action.COMPANY_MANAGE)
    errors = {}
    if not Decimal(1) <= road_factor <= Decimal(5):
        errors["road_factor"] = [_("A road factor goes from 1 to 5 (roads are never shorter than the line).")]
    if not Decimal(0) < speed_kmh <= Decimal(150):
        errors["speed_kmh"] = [_("An average speed goes above 0 and up to 150 km/h.")]
    if not 5 <= visit_minutes <= 480:
        errors["visit_minutes"] = [_("A visit lasts from 5 to 480 minutes.")]
    if not 0 <= lunch_minutes <= 180:
        errors["lunch_minutes"] = [_("A lunch break lasts from 0 (none) to 180 minutes.")]
    if lunch_from > lunch_to:
        errors["lunch_to"] = [_("The latest start of lunch comes after the earliest.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = routing_parameters()
        row.road_factor, row.speed_kmh, row.visit_minutes = road_factor, speed_kmh, visit_minutes
        row.lunch_minutes, row.lunch_from, row.lunch_to = lunch_minutes, lunch_from, lunch_to
        row.updated_at, row.by_label = timezone.now(), by.label[:200]
        row.save()
        audit_record(actor=by, operation=Operation.UPDATE, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                     object_type="visits.RoutingParameters", object_id=row.pk, object_label=str(row),
                     fields=["road_factor", "speed_kmh", "visit_minutes", "lunch"])
    return row


def plan_companies_update(*, by: Actor, plan: VisitPlan, choices: list[CompanyChoice]) -> VisitPlan:
    """Change companies' priorities and appointments (keyed by the plan's company rows); solve again after."""
    _require(by, Action.COMPANY_MANAGE, plan)
    days = [date.fromisoformat(d) for d in plan.days]
    rows = {c.pk: c for c in plan.companies.all()}
    errors: list[str] = []
    for choice in choices:
        row = rows.get(choice.company_id)
        if row is None:
            raise ValidationError({"companies": _("One of the companies is not in this plan.")})
        parts = (choice.appointment_day, choice.appointment_start, choice.appointment_end)
        if any(p is not None for p in parts) and (None in parts or choice.appointment_start >= choice.appointment_end
                                                  or choice.appointment_day not in days):  # type: ignore[operator]
            errors.append(_("%(name)s: an appointment needs one of the plan's days, a start and a later end.")
                          % {"name": row.name})
        if choice.priority is None or not 0 <= choice.priority <= 100:
            errors.append(_("%(name)s: a priority goes from 0 to 100.") % {"name": row.name})
    if errors:
        raise ValidationError({"companies": errors})
    with transaction.atomic():
        for choice in choices:
            row = rows[choice.company_id]
            changed = (row.priority != choice.priority, row.appointment_day != choice.appointment_day,
                       row.appointment_start != choice.appointment_start, row.appointment_end != choice.appointment_end)
            if any(changed):
                if row.priority != choice.priority:
                    row.priority_source = "officer"
                row.priority = choice.priority or 0
                row.appointment_day, row.appointment_start, row.appointment_end = parts_of(choice)
                row.save(update_fields=["priority", "priority_source", "appointment_day", "appointment_start",
                                        "appointment_end"])
        _audit(by, Operation.UPDATE, plan, ["priorities", "appointments"])
    return plan


def parts_of(choice: CompanyChoice) -> tuple[date | None, time | None, time | None]:
    return choice.appointment_day, choice.appointment_start, choice.appointment_end
