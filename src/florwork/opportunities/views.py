"""Pages of opportunities. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.conflicts import Conflict
from florwork.employers import selectors as company_selectors
from florwork.employers.forms import OpportunityFilterForm as Law68FilterForm
from florwork.opportunities import selectors, services
from florwork.opportunities.forms import (
    ConventionForm,
    OpportunityEditForm,
    OpportunityFilterForm,
    OpportunityForm,
    StatusForm,
    VisitOpportunityForm,
    posted_vacancy_initial,
    vacancy_initial,
)
from florwork.territory.selectors import comuni_in_province
from florwork.visits import selectors as visit_selectors
from florwork.web.lists import list_page, render_list

PER_PAGE = 25


def apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _company(request, company_id, action=Action.COMPANY_MANAGE):
    return company_selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose,
                                         action=action)


def _opportunity(request, opportunity_id, action=Action.COMPANY_VIEW):
    return selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id, purpose=request.purpose,
                                     action=action)


@require_GET
def opportunity_list(request):
    filters = OpportunityFilterForm(request.GET or None)
    rows = selectors.opportunity_search(actor=request.actor, **filters.search_arguments())
    page = list_page(request, rows, per_page=PER_PAGE)
    return render_list(request, template="opportunities/opportunity_list.html",
                       partial="opportunities/_opportunity_rows.html", page=page, filters=filters,
                       context={"can_manage": may(request.actor, Action.COMPANY_MANAGE)})


@require_GET
def law68_flags(request):
    """Companies with a Law 68 shortfall, each an opportunity for direct hiring and (with Art. 14 room) for
    indirect placement, with the opportunities already open there."""
    filters = Law68FilterForm(request.GET or None, comuni=comuni_in_province(province_code="FI"))
    data = filters.cleaned_data if filters.is_valid() else {}
    companies = company_selectors.company_search(
        actor=request.actor, query=data.get("q", ""), comune=data.get("comune", ""), ateco=data.get("ateco", ""),
        shortfall=not data.get("kind"), opportunity=data.get("kind", ""))
    page = list_page(request, companies, per_page=PER_PAGE)
    listed = list(page.object_list)
    company_selectors.registry_audit(actor=request.actor, purpose=request.purpose, companies=listed)
    counts = selectors.open_counts(company_ids=[c.pk for c in listed])
    names = company_selectors.comune_names(c.hq_comune for c in listed)
    rows = [{"company": c, "comune": names.get(c.hq_comune), "open": counts.get(c.pk, {})} for c in listed]
    return render_list(request, template="opportunities/law68_flags.html", partial="opportunities/_law68_rows.html",
                       page=page, filters=filters,
                       context={"rows": rows, "can_manage": may(request.actor, Action.COMPANY_MANAGE)})


@require_POST
def law68_record(request, company_id: int):
    company = _company(request, company_id)
    try:
        opportunity = services.opportunity_from_law68(by=request.actor, company=company,
                                                      indirect=request.POST.get("kind") == "indirect")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("opportunity_law68")
    messages.success(request, _("Opportunity recorded: complete it with what you know."))
    return redirect("opportunity_detail", opportunity_id=opportunity.pk)


def opportunity_create(request, company_id: int):
    company = _company(request, company_id)
    form = OpportunityForm(request.POST or None, initial={"kind": request.GET.get("kind", ""),
                                                          "officer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(by=request.actor, company=company, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Opportunity recorded."))
            return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/opportunity_form.html",
                  {"form": form, "company": company, "title": _("New opportunity")},
                  status=400 if form.errors else 200)


def opportunity_create_at_visit(request, visit_id: int):
    """The visit report's "add an opportunity" form lands here; back to the report when it is recorded."""
    visit = visit_selectors.visit_get(actor=request.actor, visit_id=visit_id, purpose=request.purpose)
    company = _company(request, visit.company_id)
    form = VisitOpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_create(by=request.actor, company=company, data=form.cleaned_data, visit=visit)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Opportunity recorded."))
            return redirect(reverse("visit_detail", args=[visit.pk]) + "#opportunities")
    return render(request, "opportunities/opportunity_form.html",
                  {"form": form, "company": company, "visit": visit, "title": _("New opportunity from the visit")},
                  status=400 if form.errors else 200)


def _detail_context(request, opportunity, **forms) -> dict:
    can_manage = may(request.actor, Action.COMPANY_MANAGE, opportunity)
    return {
        "opportunity": opportunity, "company": opportunity.company, "can_manage": can_manage,
        "history": selectors.opportunity_history(opportunity=opportunity),
        "art14": selectors.art14_estimate(opportunity=opportunity),
        "status_form": forms.get("status_form") or StatusForm(initial={"version": opportunity.version},
                                                              current=opportunity.status),
        "conflict": forms.get("conflict", False),
        "visit_link": reverse("visit_detail", args=[opportunity.visit_id]) if opportunity.visit_id else "",
        "vacancy_url": reverse("opportunity_vacancy", args=[opportunity.pk]),
        "vacancy_link": reverse("vacancy_detail", args=[opportunity.vacancy_id]) if opportunity.vacancy_id else "",
    }


@require_GET
def opportunity_detail(request, opportunity_id: int):
    opportunity = _opportunity(request, opportunity_id)
    return render(request, "opportunities/opportunity_detail.html", _detail_context(request, opportunity))


def opportunity_edit(request, opportunity_id: int):
    opportunity = _opportunity(request, opportunity_id, Action.COMPANY_MANAGE)
    form = OpportunityEditForm(request.POST or None, initial=OpportunityEditForm.initial_for(opportunity))
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.opportunity_update(by=request.actor, opportunity=opportunity, data=data,
                                        version=form.cleaned_data["version"])
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict:
            conflict = True
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/opportunity_form.html",
                  {"form": form, "company": opportunity.company, "opportunity": opportunity,
                   "title": _("Edit the opportunity"), "conflict": conflict},
                  status=409 if conflict else 400 if form.errors else 200)


@require_POST
def opportunity_status(request, opportunity_id: int):
    opportunity = _opportunity(request, opportunity_id, Action.COMPANY_MANAGE)
    form = StatusForm(request.POST, current=opportunity.status)
    if form.is_valid():
        try:
            services.opportunity_transition(by=request.actor, opportunity=opportunity,
                                            to_status=form.cleaned_data["to_status"],
                                            reason=form.cleaned_data["reason"], version=form.cleaned_data["version"])
        except ValidationError as error:
            apply_errors(form, error)
        except Conflict:
            opportunity.refresh_from_db()
            return render(request, "opportunities/opportunity_detail.html",
                          _detail_context(request, opportunity, conflict=True), status=409)
        else:
            messages.success(request, _("Status changed."))
            return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/opportunity_detail.html",
                  _detail_context(request, opportunity, status_form=form), status=400)


def opportunity_convention(request, opportunity_id: int):
    """A won Art. 14 opportunity recorded as the company's convention."""
    opportunity = _opportunity(request, opportunity_id, Action.COMPANY_MANAGE)
    form = ConventionForm(request.POST or None, initial=ConventionForm.initial_for(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_record_convention(by=request.actor, opportunity=opportunity, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The Art. 14 convention is recorded in the company's registry."))
            return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/convention_form.html",
                  {"form": form, "opportunity": opportunity, "company": opportunity.company,
                   "art14": selectors.art14_estimate(opportunity=opportunity)},
                  status=400 if form.errors else 200)


def opportunity_vacancy(request, opportunity_id: int):
    """A direct opportunity becomes a vacancy: the matching's vacancy form prefilled from it; saved as a draft
    (or published at once), linked to the opportunity in the same transaction."""
    from florwork.matching.forms import VacancyForm

    opportunity = _opportunity(request, opportunity_id, Action.COMPANY_MANAGE)
    if opportunity.vacancy_id or not opportunity.is_direct or not opportunity.is_open:
        messages.error(request, _("Only an open direct opportunity not yet turned into a vacancy can become one."))
        return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    company, status = opportunity.company, 200
    if request.method == "POST" and "refresh" in request.POST:
        initial = posted_vacancy_initial(request.POST)
        form = VacancyForm(initial=initial, company=company)
    elif request.method == "POST":
        initial = {"suggested_for": request.POST.get("suggested_for", "")}
        form = VacancyForm(request.POST, company=company)
        if form.is_valid():
            try:
                vacancy = services.opportunity_to_vacancy(by=request.actor, opportunity=opportunity,
                                                          data=form.cleaned_data, publish="publish" in request.POST)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The vacancy is published: candidates are ranked for it.")
                                 if vacancy.published_at else
                                 _("Vacancy saved as a draft: publish it to rank candidates."))
                return redirect("vacancy_detail", vacancy.pk)
        status = 400
    else:
        initial = vacancy_initial(opportunity)
        form = VacancyForm(initial=initial, company=company)
    return render(request, "opportunities/vacancy_form.html",
                  {"form": form, "opportunity": opportunity, "company": company,
                   "suggested_for": initial.get("suggested_for", "")}, status=status)
