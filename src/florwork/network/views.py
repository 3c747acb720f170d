"""Pages of the services catalogue, of referring a person and of the partner's inbox. Thin: parse, call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.accounts.roles import Role
from florwork.assessment.models import Pathway
from florwork.cases.selectors import case_get
from florwork.conflicts import Conflict
from florwork.network import rules, selectors, services
from florwork.network.forms import (
    InboxFilterForm,
    NetworkTermsForm,
    ReferForm,
    ReferralTransitionForm,
    ServiceFilterForm,
    ServiceForm,
    dimension_choices,
)
from florwork.network.sharing import SHARED_PERSON_FIELDS, shared_view
from florwork.web.lists import list_page, render_list

SERVICES_PER_PAGE = 20
INBOX_PER_PAGE = 30
OPEN_STATES = ("sent", "waiting_list", "accepted", "started")


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _referring_case(request):
    """The case the catalogue is searched for (``?case=``), if the actor may refer its person; else None."""
    case_id = request.GET.get("case") or request.POST.get("case") or ""
    if not case_id.isdigit() or not may(request.actor, Action.PARTNER_REFERRAL_SEND):
        return None
    return case_get(actor=request.actor, case_id=int(case_id), purpose=request.purpose, action=Action.CASE_UPDATE)


# --- catalogue ---------------------------------------------------------------------------------------

@require_GET
def service_list(request):
    actor = request.actor
    case = _referring_case(request)
    data = request.GET.copy()
    if case is not None and "eligible" not in data and not request.htmx:
        data["eligible"] = "on"  # the case page's action opens the catalogue already filtered for the person
    filters = ServiceFilterForm(data, with_eligible=case is not None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    services_found = selectors.service_search(
        actor=actor, kind=cleaned.get("kind", ""), dimension=cleaned.get("dimension", ""),
        comune_istat=cleaned.get("comune", ""), available=cleaned.get("available", False),
        query=cleaned.get("q", ""))
    applicant = selectors.applicant_for(actor, case) if case is not None else None
    if applicant is not None and cleaned.get("eligible"):
        services_found = selectors.eligible(services_found, applicant)
    page = list_page(request, services_found, per_page=SERVICES_PER_PAGE)
    labels = dict(dimension_choices())
    rows = [{"service": s, "left": selectors.seats_left(s), "dimension": labels.get(s.dimension, ""),
             "ineligible": rules.ineligibility(selectors.eligibility_of(s), applicant) if applicant else []}
            for s in page.object_list]
    context = {"rows": rows, "case": case, "applicant": applicant,
               "consenting": selectors.consenting_partners(person_id=case.person_id) if case else set(),
               "pathway_label": Pathway(applicant.pathway).label if applicant and applicant.pathway else "",
               "can_manage": may(actor, Action.SERVICE_MANAGE)}
    return render_list(request, template="network/service_list.html", partial="network/_service_rows.html",
                       page=page, filters=filters, context=context)


@require_GET
def service_detail(request, service_id: int):
    actor = request.actor
    service = selectors.service_get(actor=actor, service_id=service_id)
    case = _referring_case(request)
    context = {"service": service, "left": selectors.seats_left(service), "case": case,
               "dimension": dict(dimension_choices()).get(service.dimension, ""),
               "pathways": [Pathway(p).label for p in service.pathways],
               "can_manage": may(actor, Action.SERVICE_MANAGE, service)}
    if case is not None:
        context.update(_refer_context(actor, case, service))
    return render(request, "network/service_detail.html", context)


def _refer_context(actor, case, service, form=None) -> dict:
    reasons = rules.ineligibility(selectors.eligibility_of(service), selectors.applicant_for(actor, case))
    return {"refer_form": form or ReferForm(), "ineligible": [str(services.INELIGIBLE[r]) for r in reasons],
            "consent": services.has_sharing_consent(person_id=case.person_id,
                                                    organization_id=service.organization_id),
            "shared_fields": [str(label) for label in SHARED_PERSON_FIELDS.values()]}


def _manage_organization_choice(actor) -> bool:
    return actor.is_system or actor.role == Role.PROGRAMME_MANAGER


def service_create(request):
    actor = request.actor
    choose = _manage_organization_choice(actor)
    form = ServiceForm(request.POST or None, choose_organization=choose)
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"] if choose else None
        if organization is None:
            from florwork.accounts.models import Organization

            organization = Organization.objects.get(pk=actor.organization_id)
        try:
            service = services.service_create(by=actor, organization=organization, data=form.service_data(),
                                              residence_comuni=form.cleaned_data["residence_comuni"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Service published in the catalogue."))
            return redirect("service_detail", service_id=service.pk)
    return render(request, "network/service_form.html", {"form": form, "service": None},
                  status=400 if form.errors else 200)


def service_edit(request, service_id: int):
    actor = request.actor
    service = selectors.service_get(actor=actor, service_id=service_id, action=Action.SERVICE_MANAGE)
    form = ServiceForm(request.POST or None, instance=service,
                       initial={"residence_comuni": list(service.residence_comuni.all())})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(by=actor, service=service, version=form.cleaned_data["version"] or 0,
                                    changes=form.service_data(), residence_comuni=form.cleaned_data["residence_comuni"])
        except Conflict:
            form.add_error(None, _("Someone else saved this service while you were editing: nothing was "
                                   "overwritten. Reload it and make your changes again."))
            status = 409
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Service saved."))
            return redirect("service_detail", service_id=service.pk)
    return render(request, "network/service_form.html", {"form": form, "service": service},
                  status=status if status != 200 else (400 if form.errors else 200))


@require_POST
def service_remove(request, service_id: int):
    service = selectors.service_get(actor=request.actor, service_id=service_id, action=Action.SERVICE_MANAGE)
    outcome = services.service_remove(by=request.actor, service=service)
    if outcome == "archived":
        messages.success(request, _("The service has referrals, so it was archived rather than deleted: it keeps "
                                    "its history and takes no new referrals."))
        return redirect("service_detail", service_id=service.pk)
    messages.success(request, _("Service deleted."))
    return redirect("service_list")


# --- referring a person ------------------------------------------------------------------------------

@require_POST
def refer(request, case_id: int, service_id: int):
    actor = request.actor
    case = case_get(actor=actor, case_id=case_id, purpose=request.purpose, action=Action.CASE_UPDATE)
    service = selectors.service_get(actor=actor, service_id=service_id)
    form = ReferForm(request.POST)
    if form.is_valid():
        try:
            referral = services.partner_referral_send(by=actor, case=case, service=service,
                                                      reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Referral %(code)s sent to %(partner)s.") % {
                "code": referral.code, "partner": service.organization.name})
            return redirect(reverse("case_detail", args=[case.pk]) + "#partner-referrals")
    context = {"service": service, "left": selectors.seats_left(service), "case": case,
               "dimension": dict(dimension_choices()).get(service.dimension, ""),
               "pathways": [Pathway(p).label for p in service.pathways], "can_manage": False,
               **_refer_context(actor, case, service, form)}
    return render(request, "network/service_detail.html", context, status=400)


# --- the partner's inbox -----------------------------------------------------------------------------

@require_GET
def inbox(request):
    actor = request.actor
    filters = InboxFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    state = cleaned.get("state", "")
    referrals = selectors.inbox(actor=actor, state="" if state in ("", "all") else state,
                                query=cleaned.get("q", ""), open_only=state == "")
    page = list_page(request, referrals, per_page=INBOX_PER_PAGE)
    items = list(page.object_list)
    selectors.referrals_audit(actor=actor, purpose=request.purpose, referrals=items)
    rows = [shared_view(r, consent_live=r.consent_live) for r in items]
    return render_list(request, template="network/inbox.html", partial="network/_inbox_rows.html", page=page,
                       filters=filters, context={"rows": rows})


ACTION_LABELS = {
    "accepted": gettext_lazy("Accept"), "waiting_list": gettext_lazy("Put on the waiting list"),
    "declined": gettext_lazy("Decline"), "started": gettext_lazy("The person started"),
    "completed": gettext_lazy("Completed"), "interrupted": gettext_lazy("Interrupted"),
}


def _render_referral(request, referral, *, form=None, status=200, conflict=False):
    view = shared_view(referral, consent_live=referral.consent_live)
    targets = rules.allowed_targets(referral.state)
    labels = ACTION_LABELS
    return render(request, "network/referral_detail.html", {
        "referral": view, "service": referral.service, "conflict": conflict,
        "actions": [{"state": t, "label": labels[t], "needs_reason": t in rules.NEEDS_REASON} for t in targets],
        "form": form or ReferralTransitionForm(initial={"version": referral.version}),
        "waiting_list": referral.service.waiting_list,
        "left": selectors.seats_left(selectors.service_get(actor=request.actor, service_id=referral.service_id)),
    }, status=status)


@require_GET
def referral_detail(request, referral_id: int):
    referral = selectors.partner_referral_get(actor=request.actor, referral_id=referral_id, purpose=request.purpose)
    return _render_referral(request, referral)


@require_POST
def referral_transition(request, referral_id: int):
    actor = request.actor
    referral = selectors.partner_referral_get(actor=actor, referral_id=referral_id, purpose=request.purpose)
    form = ReferralTransitionForm(request.POST)
    if not form.is_valid():
        return _render_referral(request, referral, form=form, status=400)
    try:
        services.partner_referral_transition(by=actor, referral=referral, to_state=form.cleaned_data["to_state"],
                                             reason=form.cleaned_data["reason"], version=form.cleaned_data["version"])
    except Conflict:
        referral = selectors.partner_referral_get(actor=actor, referral_id=referral_id, purpose=request.purpose)
        return _render_referral(request, referral, status=409, conflict=True)
    except ValidationError as error:
        _apply_errors(form, error)
        return _render_referral(request, referral, form=form, status=400)
    messages.success(request, _("Referral %(code)s is now %(state)s.") % {
        "code": referral.code, "state": referral.get_state_display()})
    return redirect("partner_referral_detail", referral_id=referral.pk)


# --- programme manager -------------------------------------------------------------------------------

def terms(request):
    current = selectors.network_terms()
    form = NetworkTermsForm(request.POST or None,
                            initial={"answer_within_working_days": current.answer_within_working_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.network_terms_update(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved: referrals sent from now on expire after %(days)d working days "
                                        "without an answer.") % {"days": form.cleaned_data[
                                            "answer_within_working_days"]})
            return redirect("network_terms")
    return render(request, "network/terms.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def cohort(request):
    """Distance travelled by partner service used, for the programme manager (aggregates only)."""
    rows = selectors.cohort_by_service(actor=request.actor)
    labels = dict(dimension_choices())
    return render(request, "network/cohort.html", {
        "labels": labels, "small_group": selectors.SMALL_GROUP,
        "rows": [{"row": r, "changes": [r.change.get(code) for code in labels]} for r in rows]})
