"""Pages of the company registry. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.conflicts import Conflict
from florwork.employers import selectors, services
from florwork.employers.forms import (
    Art14ParametersForm,
    CompanyCreateForm,
    CompanyEditForm,
    ContactForm,
    ConventionForm,
    RegistryFilterForm,
    SiteForm,
    StateForm,
)
from florwork.employers.models import CoordinatesSource
from florwork.territory.selectors import comuni_in_province
from florwork.web.lists import list_page, render_list

PER_PAGE = 25


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _comuni():
    return comuni_in_province(province_code="FI")


def _rows(request, page):
    companies = list(page.object_list)
    selectors.registry_audit(actor=request.actor, purpose=request.purpose, companies=companies)
    names = selectors.comune_names(c.hq_comune for c in companies)
    return [{"company": c, "comune": names.get(c.hq_comune)} for c in companies]


@require_GET
def company_list(request):
    comuni = _comuni()
    filters = RegistryFilterForm(request.GET or None, comuni=comuni)
    data = filters.cleaned_data if filters.is_valid() else {}
    companies = selectors.company_search(actor=request.actor, query=data.get("q", ""), comune=data.get("comune", ""),
                                         ateco=data.get("ateco", ""), state=data.get("state", ""),
                                         shortfall=bool(data.get("shortfall")))
    page = list_page(request, companies, per_page=PER_PAGE)
    context = {"rows": _rows(request, page), "can_manage": may(request.actor, Action.COMPANY_MANAGE),
               "can_import": may(request.actor, Action.COMPANY_IMPORT)}
    return render_list(request, template="employers/company_list.html", partial="employers/_company_rows.html",
                       page=page, filters=filters, context=context)


def company_create(request):
    form = CompanyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(by=request.actor, values=form.values(), site=form.site())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is in the registry.") % {"name": company.legal_name})
            return redirect("company_detail", company_id=company.pk)
    return render(request, "employers/company_form.html", {"form": form, "comuni_fi": _comuni()},
                  status=400 if form.errors else 200)


def _detail_context(request, company, **forms) -> dict:
    actor = request.actor
    can_manage = may(actor, Action.COMPANY_MANAGE, company)
    return {
        "company": company,
        "can_manage": can_manage,
        "provenance": selectors.company_provenance(company=company),
        "sites": selectors.company_sites(company=company),
        "contacts": selectors.company_contacts(actor=actor, company=company, purpose=request.purpose),
        "history": selectors.state_history(company=company),
        "law68": selectors.company_law68(company=company),
        "conventions": selectors.company_conventions(company=company),
        "state_form": forms.get("state_form") or StateForm(initial={"version": company.version},
                                                          current=company.state),
        "conflict": forms.get("conflict", False),
        "COMUNE_POINT": CoordinatesSource.COMUNE,
    }


@require_GET
def company_detail(request, company_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose)
    return render(request, "employers/company_detail.html", _detail_context(request, company))


def company_edit(request, company_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose,
                                    action=Action.COMPANY_MANAGE)
    form = CompanyEditForm(request.POST or None, initial=CompanyEditForm.initial_for(company))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            changes = form.changes(company)
            services.company_update(by=request.actor, company=company, values=changes,
                                    version=form.cleaned_data["version"])
        except Conflict:
            conflict = True
            form.add_error(None, _("Someone else saved this company while you were editing: nothing was "
                                   "overwritten. Reload it to see their changes, then make yours again."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changes else _("Nothing changed."))
            return redirect("company_detail", company_id=company.pk)
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "employers/company_form.html", {"form": form, "company": company, "conflict": conflict,
                                                           "comuni_fi": _comuni()}, status=status)


@require_POST
def company_transition(request, company_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose,
                                    action=Action.COMPANY_MANAGE)
    form = StateForm(request.POST, current=company.state)
    if form.is_valid():
        try:
            services.company_transition(by=request.actor, company=company, to_state=form.cleaned_data["to_state"],
                                        reason=form.cleaned_data["reason"], version=form.cleaned_data["version"])
        except Conflict:
            company.refresh_from_db()
            return render(request, "employers/company_detail.html",
                          _detail_context(request, company, conflict=True), status=409)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The relationship is now “%(state)s”.") % {
                "state": company.get_state_display()})
            return redirect("company_detail", company_id=company.pk)
    return render(request, "employers/company_detail.html", _detail_context(request, company, state_form=form),
                  status=400)


def _item(request, company_id: int, form_class, call, *, title: str, intro: str = "", template_extra=None):
    """A small form that adds one thing to a company (a site, a contact, a convention)."""
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose,
                                    action=Action.COMPANY_MANAGE)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call(company, form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("company_detail", company_id=company.pk)
    return render(request, "employers/item_form.html", {"form": form, "company": company, "title": title,
                                                        "intro": intro, "comuni_fi": _comuni()},
                  status=400 if form.errors else 200)


def site_add(request, company_id: int):
    return _item(request, company_id, SiteForm, lambda company, form: services.site_add(
        by=request.actor, company=company, data=form.data_for_service()), title=_("Add a site"),
        intro=_("Where the company works: visits are planned to its sites."))


def contact_add(request, company_id: int):
    return _item(request, company_id, ContactForm, lambda company, form: services.contact_add(
        by=request.actor, company=company, data=form.cleaned_data), title=_("Add a contact"),
        intro=_("A person at the company. Record why the hub may contact them; if they object, they are never "
                "listed for outreach again (GDPR art. 21)."))


def convention_add(request, company_id: int):
    return _item(request, company_id, ConventionForm, lambda company, form: services.convention_add(
        by=request.actor, company=company, **form.cleaned_data), title=_("Add an Art. 14 convention"),
        intro=_("Work the company commissions to a type-B social cooperative that employs disabled workers "
                "(Art. 14 D.Lgs 276/2003): it covers part of the Law 68 quota under the regional agreement."))


@require_POST
def contact_opt_out(request, company_id: int, contact_id: int):
    company = selectors.company_get(actor=request.actor, company_id=company_id, purpose=request.purpose,
                                    action=Action.COMPANY_MANAGE)
    contact = selectors.contact_get(actor=request.actor, company=company, contact_id=contact_id,
                                    action=Action.COMPANY_MANAGE)
    services.contact_opt_out(by=request.actor, contact=contact)
    messages.success(request, _("%(name)s will not be contacted again.") % {"name": str(contact)})
    return redirect("company_detail", company_id=company.pk)


def art14_parameters(request):
    """The administrator records the regional framework agreement's Art. 14 figures, per region and year."""
    from florwork.employers.models import Art14Parameters

    form = Art14ParametersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.art14_parameters_save(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Parameters saved; every company's Law 68 shortfall was recomputed."))
            return redirect("art14_parameters")
    return render(request, "employers/art14_parameters.html",
                  {"form": form, "rows": Art14Parameters.objects.order_by("region", "-year")},
                  status=400 if form.errors else 200)
