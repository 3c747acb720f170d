"""Governance pages: aggregates for the programme's steering, never a person."""

from django.shortcuts import render

from florwork.governance import selectors


def timeliness(request):
    period = request.GET.get("period", "365")
    if period not in selectors.PERIODS:
        period = "365"
    measures = selectors.timeliness(actor=request.actor, period=period)
    return render(request, "governance/timeliness.html", {"measures": measures, "period": period})
