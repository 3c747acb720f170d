"""Visit plans through the pages: create and solve, the plan per day, the calendar, re-planning, parameters."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from florwork.visits.models import PlanStop, RoutingParameters, VisitPlan

pytestmark = pytest.mark.django_db


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def companies(make_company):
    return [make_company(name=f"Azienda {n}", comune=comune)
            for n, comune in enumerate(["Firenze", "Sesto Fiorentino", "Empoli", "Firenze"], start=1)]


def plan_post(companies, personas, **extra):
    officer = personas["company_officer"].pk
    data = {"title": "Settimana", "week_of": next_monday().isoformat(), "weekdays": ["0", "1"],
            "visit_minutes": "45", "companies": [str(c.pk) for c in companies],
            f"officer-{officer}-include": "on", f"officer-{officer}-start": "Firenze",
            f"officer-{officer}-work_start": "09:00", f"officer-{officer}-work_end": "17:00"}
    data.update(extra)
    return data


def test_officer_plans_visits_and_sees_them_per_day(client, login, personas, actors, companies):
    login(client, "company_officer")
    assert client.get(reverse("visit_plan_create")).status_code == 200
    response = client.post(reverse("visit_plan_create"), plan_post(companies, personas))
    plan = VisitPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("visit_plan_detail", args=[plan.pk])
    assert plan.status == "solved" and PlanStop.objects.filter(route__plan=plan).count() == 4
    # no priority given: each company's outreach score is its priority
    from florwork.outreach.selectors import priority_scores

    scores = priority_scores(actor=actors["company_officer"], company_ids=[c.pk for c in companies])
    assert {c.company_id: (c.priority, c.priority_source) for c in plan.companies.all()} == {
        pk: (round(result.score), "outreach") for pk, result in scores.items()}
    assert all(route.lunch_at is not None for route in plan.routes.all() if route.stops.count() > 2)
    page = client.get(response.url).content.decode()
    assert "Azienda 3" in page and 'class="fw-visit-map"' in page and f"day-{next_monday().isoformat()}" in page


def test_calendar_has_one_event_per_visit_of_the_officer(client, login, personas, companies):
    login(client, "company_officer")
    client.post(reverse("visit_plan_create"), plan_post(companies, personas))
    plan = VisitPlan.objects.get()
    officer = plan.officers.get()
    response = client.get(reverse("visit_plan_ics", args=[plan.pk, officer.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 4
    assert {str(e["LOCATION"]) for e in events} >= {"Via Roma 1"}
    assert all(e.decoded("DTSTART") < e.decoded("DTEND") for e in events)


def test_bad_plan_input_is_named_and_nothing_is_written(client, login, personas, companies, in_english):
    login(client, "company_officer")
    officer = personas["company_officer"].pk
    response = client.post(reverse("visit_plan_create"), plan_post(
        companies, personas, title="", **{f"officer-{officer}-start": "Atlantide"}))
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert "Atlantide" in response.content.decode() or "comune" in response.content.decode()
    response = client.post(reverse("visit_plan_create"), plan_post([], personas))
    assert "at least one company" in " ".join(response.context["form"].non_field_errors())
    assert not VisitPlan.objects.exists()


def test_replanning_with_an_appointment_and_priorities(client, login, personas, companies):
    login(client, "company_officer")
    client.post(reverse("visit_plan_create"), plan_post(companies, personas))
    plan = VisitPlan.objects.get()
    tuesday = next_monday() + timedelta(days=1)
    rows = {}
    for company in plan.companies.all():
        rows[f"company-{company.pk}-priority"] = "80"
    target = plan.companies.get(name="Azienda 2")
    rows.update({f"company-{target.pk}-appointment_day": tuesday.isoformat(),
                 f"company-{target.pk}-appointment_start": "15:00", f"company-{target.pk}-appointment_end": "15:30",
                 "version": plan.version})
    response = client.post(reverse("visit_plan_replan", args=[plan.pk]), rows)
    assert response.status_code == 302
    stop = PlanStop.objects.get(company=target)
    assert stop.route.day == tuesday
    start = timezone.localtime(stop.start_at)
    assert start.date() == tuesday and "15:00" <= start.strftime("%H:%M") <= "15:30"
    bad = client.post(reverse("visit_plan_replan", args=[plan.pk]), {**rows, f"company-{target.pk}-priority": "101",
                                                                       "version": plan.version + 1})
    assert bad.status_code == 400


def test_other_organization_cannot_see_the_plan(client, login, personas, companies, other_officer):
    login(client, "company_officer")
    client.post(reverse("visit_plan_create"), plan_post(companies, personas))
    plan = VisitPlan.objects.get()
    officer = plan.officers.get()
    client.force_login(other_officer[0])
    assert client.get(reverse("visit_plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("visit_plan_ics", args=[plan.pk, officer.pk])).status_code == 404
    assert plan.title not in client.get(reverse("visit_plan_list")).content.decode()


def test_roles_without_company_manage_get_403(client, login):
    login(client, "case_manager")
    assert client.get(reverse("visit_plan_create")).status_code == 403
    assert client.get(reverse("visit_routing_parameters")).status_code == 403


def test_routing_parameters_page(client, login):
    login(client, "company_officer")
    assert client.get(reverse("visit_routing_parameters")).status_code == 200
    lunch = {"lunch_minutes": "30", "lunch_from": "12:30", "lunch_to": "14:00"}
    response = client.post(reverse("visit_routing_parameters"), {"road_factor": "1.5", "speed_kmh": "40",
                                                                  "visit_minutes": "60", **lunch})
    assert response.status_code == 302
    row = RoutingParameters.objects.get()
    assert (str(row.road_factor), row.visit_minutes, row.lunch_minutes) == ("1.50", 60, 30)
    bad = client.post(reverse("visit_routing_parameters"), {"road_factor": "0.5", "speed_kmh": "40",
                                                             "visit_minutes": "60", **lunch})
    assert bad.status_code == 400 and "road_factor" in bad.context["form"].errors
    assert str(RoutingParameters.objects.get().road_factor) == "1.50"
