"""Pages of visit plans: list, create, the plan per day (list and map), iCalendar export, routing parameters."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.conflicts import Conflict
from florwork.employers import selectors as employers
from florwork.territory.models import Comune
from florwork.territory.selectors import comuni_in_province
from florwork.visits import ical, planning, selectors
from florwork.visits.forms import OfficerRowForm, PlanForm, RoutingParametersForm, StopRowForm
from florwork.visits.models import PlanRoute
from florwork.visits.views import apply_errors

CANDIDATES_SHOWN = 100
PALETTE = 6  # route colours in visits.css and visits-map.js
REASONS = {"closed": gettext_lazy("closed on every day of the plan"),
           "unreachable": gettext_lazy("its hours cannot be reached within the officers' working day"),
           "no_room": gettext_lazy("no room left: higher priorities filled the days")}


@require_GET
def plan_list(request):
    plans = selectors.visible_plans(actor=request.actor).order_by("-created_at", "-pk")[:50]
    return render(request, "visits/plan_list.html", {"plans": plans,
                                                     "can_manage": may(request.actor, Action.COMPANY_MANAGE)})


def _officer_forms(request, memberships):
    return [(m, OfficerRowForm(request.POST or None, prefix=f"officer-{m.user_id}",
                               initial={"include": len(memberships) <= 2})) for m in memberships]


def _candidates(request):
    """The registry filtered by the page's search (name, comune), to tick the companies to visit."""
    query, comune = request.GET.get("q", ""), request.GET.get("comune", "")
    companies = list(employers.company_search(actor=request.actor, query=query, comune=comune)[:CANDIDATES_SHOWN])
    scores = planning.outreach_priorities(actor=request.actor, company_ids=[c.pk for c in companies])
    if scores:
        companies.sort(key=lambda c: (-scores.get(c.pk, -1), c.legal_name))
    names = employers.comune_names(c.hq_comune for c in companies)
    return [{"company": c, "comune": names.get(c.hq_comune), "score": scores.get(c.pk)} for c in companies]


def _officer_choices(rows) -> tuple[list[planning.OfficerChoice], bool]:
    choices, ok = [], True
    for membership, form in rows:
        if not form.is_valid():
            ok = False
            continue
        if not form.cleaned_data["include"]:
            continue
        name = form.cleaned_data["start"]
        comune = Comune.objects.filter(name__iexact=" ".join(name.split()), latitude__isnull=False).order_by(
            "-province_code").first()
        if comune is None:
            form.add_error("start", _("No comune with a known point has this name."))
            ok = False
            continue
        choices.append(planning.OfficerChoice(membership.user_id, comune.name, comune.latitude, comune.longitude,
                                              form.cleaned_data["work_start"], form.cleaned_data["work_end"]))
    return choices, ok


def _plan_errors(form, error: ValidationError) -> None:
    """The service's errors beside their field; companies and officers (lists, not fields) at the top."""
    for field, errors in error.message_dict.items():
        field = "weekdays" if field == "days" else field
        form.add_error(field if field in form.fields else None, errors)


def plan_create(request):
    actor = request.actor
    parameters = selectors.routing_parameters()
    form = PlanForm(request.POST or None, initial={"visit_minutes": parameters.visit_minutes,
                                                   "title": _("Visits of the week")})
    officer_rows = _officer_forms(request, list(planning.officers_of(actor.organization_id)))
    chosen = [int(v) for v in request.POST.getlist("companies") if v.isdigit()]
    if request.method == "POST":
        officers, officers_ok = _officer_choices(officer_rows)
        if form.is_valid() and officers_ok:
            try:
                plan = planning.plan_create(by=actor, title=form.cleaned_data["title"], days=form.days(),
                                            officers=officers, visit_minutes=form.cleaned_data["visit_minutes"],
                                            companies=[planning.CompanyChoice(pk) for pk in chosen])
                planning.plan_solve(by=actor, plan=plan)
            except ValidationError as error:
                _plan_errors(form, error)
            else:
                messages.success(request, _("The plan is ready: check it day by day."))
                return redirect("visit_plan_detail", plan_id=plan.pk)
    return render(request, "visits/plan_form.html", {
        "form": form, "officer_rows": officer_rows, "candidates": _candidates(request), "chosen": set(chosen),
        "q": request.GET.get("q", ""), "comune": request.GET.get("comune", ""),
        "comuni_fi": comuni_in_province(province_code="FI"),
    }, status=400 if request.method == "POST" else 200)


def _day_sections(plan):
    routes = list(PlanRoute.objects.filter(plan=plan).select_related("officer")
                  .prefetch_related("stops__company", "stops__visit").order_by("day", "officer_id"))
    by_day = defaultdict(list)
    for route in routes:
        by_day[route.day].append(route)
    officer_index = {o.pk: n for n, o in enumerate(plan.officers.all())}
    days = []
    for iso in plan.days:
        day = date.fromisoformat(iso)
        day_routes = by_day.get(day, [])
        for route in day_routes:
            route.colour = officer_index.get(route.officer_id, 0) % PALETTE
        days.append({"day": day, "routes": day_routes, "map": _map_data(day_routes, officer_index),
                     "map_id": f"map-{iso}"})
    return days


def _map_data(routes, officer_index) -> dict:
    """What the map script draws: per route its colour index, start point and numbered stops."""
    return {"routes": [{
        "officer": route.officer.label, "colour": officer_index.get(route.officer_id, 0) % PALETTE,
        "start": [float(route.officer.start_latitude), float(route.officer.start_longitude)],
        "stops": [{"n": stop.sequence, "name": stop.company.name, "time": stop.start_at.strftime("%H:%M"),
                   "at": [float(stop.company.latitude), float(stop.company.longitude)]} for stop in route.stops.all()],
    } for route in routes]}


@require_GET
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    companies = list(plan.companies.all())
    return render(request, "visits/plan_detail.html", _plan_context(request, plan, companies))


def _plan_context(request, plan, companies, rows=None, **extra) -> dict:
    rows = rows or {c.pk: _stop_form(None, c) for c in companies}
    left_out = [(c, REASONS.get(c.left_out_reason, c.left_out_reason)) for c in companies if c.left_out_reason]
    return {"plan": plan, "days": _day_sections(plan), "officers": list(plan.officers.all()),
            "company_rows": [(c, rows[c.pk]) for c in companies], "left_out": left_out,
            "can_manage": may(request.actor, Action.COMPANY_MANAGE, plan),
            "tiles_url": settings.VISITS_MAP_TILES_URL, "tiles_attribution": settings.VISITS_MAP_ATTRIBUTION,
            **extra}


def _stop_form(data, company):
    return StopRowForm(data, prefix=f"company-{company.pk}", initial={
        "priority": company.priority, "appointment_day": company.appointment_day,
        "appointment_start": company.appointment_start, "appointment_end": company.appointment_end})


@require_POST
def plan_replan(request, plan_id: int):
    """Save the companies' priorities and appointments, and solve again."""
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id, action=Action.COMPANY_MANAGE)
    companies = list(plan.companies.all())
    rows = {c.pk: _stop_form(request.POST, c) for c in companies}
    errors = []
    if all(form.is_valid() for form in rows.values()):
        choices = [planning.CompanyChoice(pk, form.cleaned_data["priority"], form.cleaned_data["appointment_day"],
                                          form.cleaned_data["appointment_start"], form.cleaned_data["appointment_end"])
                   for pk, form in rows.items()]
        try:
            planning.plan_companies_update(by=request.actor, plan=plan, choices=choices)
            planning.plan_solve(by=request.actor, plan=plan, version=int(request.POST.get("version") or 0))
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
        except Conflict:
            errors = [_("Someone else re-planned this plan while you had it open: reload it.")]
        else:
            messages.success(request, _("The plan is solved again."))
            return redirect("visit_plan_detail", plan_id=plan.pk)
    return render(request, "visits/plan_detail.html", _plan_context(request, plan, companies, rows,
                                                                     replan_errors=errors), status=400)


@require_GET
def plan_ics(request, plan_id: int, officer_id: int):
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    officer = plan.officers.filter(pk=officer_id).first()
    if officer is None:
        raise Http404
    body = ical.officer_calendar(plan=plan, officer=officer, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = slugify(f"{plan.title}-{officer.label}") or "visits"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


def routing_parameters_edit(request):
    row = selectors.routing_parameters()
    form = RoutingParametersForm(request.POST or None, initial={
        "road_factor": row.road_factor, "speed_kmh": row.speed_kmh, "visit_minutes": row.visit_minutes,
        "lunch_minutes": row.lunch_minutes, "lunch_from": row.lunch_from, "lunch_to": row.lunch_to})
    can_manage = may(request.actor, Action.COMPANY_MANAGE)
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            planning.routing_parameters_save(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The routing parameters are saved: new plans use them."))
            return redirect("visit_routing_parameters")
    return render(request, "visits/routing_parameters.html", {"form": form, "row": row, "can_manage": can_manage},
                  status=400 if form.errors else 200)
