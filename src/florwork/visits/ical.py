"""A plan's visits for one officer as an iCalendar file (RFC 5545), for any calendar app."""

from __future__ import annotations

from datetime import UTC

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from florwork.visits.models import PlanOfficer, PlanStop, VisitPlan


def officer_calendar(*, plan: VisitPlan, officer: PlanOfficer, domain: str = "florwork.invalid") -> bytes:
    """One event per planned visit: the company, its address (with the point), the start and end."""
    calendar = Calendar()
    calendar.add("prodid", "-//Florwork//visit plans//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{plan.title} · {officer.label}")
    stops = (PlanStop.objects.filter(route__plan=plan, route__officer=officer)
             .select_related("company", "route").order_by("start_at", "pk"))
    stamp = (plan.solved_at or plan.created_at).astimezone(UTC)
    for stop in stops:
        event = Event()
        event.add("uid", f"visit-{plan.pk}-{stop.company_id}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", stop.start_at.astimezone(UTC))
        event.add("dtend", stop.end_at.astimezone(UTC))
        event.add("summary", _("Visit: %(company)s") % {"company": stop.company.name})
        event.add("location", stop.company.address)
        event.add("geo", (float(stop.company.latitude), float(stop.company.longitude)))
        event.add("description", _("Visit %(n)d of the day for %(officer)s (%(plan)s).")
                  % {"n": stop.sequence, "officer": officer.label, "plan": plan.title})
        calendar.add_component(event)
    return calendar.to_ical()
