"""Pages of visit reports. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from florwork.accounts.policy import Action, may
from florwork.conflicts import Conflict
from florwork.employers import selectors as employers
from florwork.visits import selectors, services
from florwork.visits.forms import VisitForm


def apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
def visit_detail(request, visit_id: int):
    visit = selectors.visit_get(actor=request.actor, visit_id=visit_id, purpose=request.purpose)
    return render(request, "visits/visit_detail.html", {
        "visit": visit, "company": visit.company,
        "contacts": selectors.visit_contacts(actor=request.actor, visit=visit),
        "can_edit": may(request.actor, Action.COMPANY_MANAGE, visit),
    })


def visit_create(request, company_id: int):
    """Record a visit at a company: ad hoc, or the planned stop named by ``?stop=``."""
    actor = request.actor
    company = employers.company_get(actor=actor, company_id=company_id, purpose=request.purpose,
                                    action=Action.COMPANY_MANAGE)
    stop_id = request.GET.get("stop") or request.POST.get("stop")
    stop = selectors.stop_get(actor=actor, stop_id=int(stop_id)) if str(stop_id or "").isdigit() else None
    contacts = employers.company_contacts(actor=actor, company=company, purpose=request.purpose)
    # a report is written on or after the visit: a planned visit done earlier than planned is dated today
    initial = {"site": stop.company.site_id, "date": min(stop.route.day, timezone.localdate())} if stop else {}
    form = VisitForm(request.POST or None, company=company, contacts=contacts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(by=actor, company=company, values=form.values(), stop=stop)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The visit to %(name)s is recorded.") % {"name": company.legal_name})
            return redirect("visit_detail", visit_id=visit.pk)
    return render(request, "visits/visit_form.html", {"form": form, "company": company, "stop": stop,
                                                      "title": _("Record a visit")},
                  status=400 if form.errors else 200)


def visit_edit(request, visit_id: int):
    actor = request.actor
    visit = selectors.visit_get(actor=actor, visit_id=visit_id, purpose=request.purpose, action=Action.COMPANY_MANAGE)
    company = visit.company
    contacts = employers.company_contacts(actor=actor, company=company, purpose=request.purpose)
    initial = {"date": visit.date, "site": visit.site_id, "contacts": list(visit.contacts.all()),
               "met_others": visit.met_others, "notes": visit.notes, "outcome": visit.outcome,
               "next_step": visit.next_step, "next_step_on": visit.next_step_on, "version": visit.version}
    form = VisitForm(request.POST or None, company=company, contacts=contacts, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(by=actor, visit=visit, values=form.values(),
                                  version=form.cleaned_data.get("version") or 0)
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict:
            conflict = True
        else:
            messages.success(request, _("The visit report is updated."))
            return redirect("visit_detail", visit_id=visit.pk)
    return render(request, "visits/visit_form.html", {"form": form, "company": company, "visit": visit,
                                                      "conflict": conflict, "title": _("Correct the visit report")},
                  status=409 if conflict else 400 if form.errors else 200)
