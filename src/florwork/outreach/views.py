"""Pages of outreach. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from florwork.accounts.models import User
from florwork.accounts.policy import Action, may
from florwork.conflicts import CONFLICT_MESSAGE, Conflict
from florwork.employers.selectors import comune_names, outreach_contacts, registry_audit
from florwork.outreach import priority, selectors, services
from florwork.outreach.forms import CampaignEditForm, CampaignForm, ContactForm, PriorityFilterForm, WeightsForm
from florwork.outreach.models import Outcome
from florwork.outreach.reasons import PART_LABELS, reason_lines
from florwork.territory.selectors import comuni_in_province
from florwork.web.lists import render_list

PER_PAGE = 25
TARGETS_PER_PAGE = 50


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _filter_form(data) -> PriorityFilterForm:
    return PriorityFilterForm(data or None, comuni=comuni_in_province(province_code="FI"))


@require_GET
def priorities(request):
    """The registry in priority order, each company with its reasons."""
    filters = _filter_form(request.GET)
    scored = selectors.priority_list(actor=request.actor, filters=filters.filters())
    page = Paginator(scored, PER_PAGE).get_page(request.GET.get("page"))
    weights = priority.current_weights()[0]
    names = comune_names(row.comune for row, _result in page.object_list)
    rows = []
    for row, result in page.object_list:
        reasons = reason_lines(result, weights)
        strongest = sorted((r for r in reasons if r.points > 0), key=lambda r: (-r.percent, -r.points))[:3]
        rows.append({"row": row, "result": result, "reasons": reasons, "strongest": strongest,
                     "comune": names.get(row.comune)})
    registry_audit(actor=request.actor, purpose=request.purpose,
                   companies=[_Ref(r["row"].facts.id) for r in rows])
    query = request.GET.copy()
    query.pop("page", None)
    context = {"rows": rows, "total": len(scored), "can_manage": may(request.actor, Action.COMPANY_MANAGE),
               "create_query": query.urlencode()}
    return render_list(request, template="outreach/priorities.html", partial="outreach/_priority_rows.html",
                       page=page, filters=filters, context=context)


class _Ref:
    """What the registry's list audit reads of a company: its id."""

    def __init__(self, pk: int):
        self.pk = pk


def _officers(request):
    from florwork.outreach.services import _managing_roles

    return (User.objects.filter(memberships__organization_id=request.actor.organization_id,
                                memberships__role__in=_managing_roles(), is_active=True)
            .distinct().order_by("last_name", "first_name"))


def _targets_from(request) -> tuple[list[int], dict]:
    """The companies a new campaign targets: those picked (?company=…), else the filtered list's."""
    picked = [int(pk) for pk in request.GET.getlist("company") if pk.isdigit()]
    if picked:
        return picked, {"picked": len(picked)}
    form = _filter_form(request.GET)
    scored = selectors.priority_list(actor=request.actor, filters=form.filters())
    spec = {k: v for k, v in (form.cleaned_data.items() if form.is_valid() else ()) if v not in ("", None, False)}
    return [row.facts.id for row, _result in scored[:services.MAX_TARGETS]], spec


def campaign_list(request):
    campaigns = selectors.campaign_list(actor=request.actor)
    return render(request, "outreach/campaign_list.html",
                  {"campaigns": campaigns, "can_manage": may(request.actor, Action.COMPANY_MANAGE)})


def campaign_create(request):
    ids, spec = _targets_from(request)
    officers = _officers(request)
    initial = {"officers": [str(request.actor.user_id)]}
    form = CampaignForm(request.POST or None, officers=officers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(by=request.actor, name=data["name"], purpose=data["purpose"],
                                                script=data["script"], officer_ids=data["officers"],
                                                company_ids=ids, filters=spec)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Campaign created with %(n)d companies.") % {"n": len(ids)})
            return redirect("outreach_campaign_detail", campaign_id=campaign.pk)
    return render(request, "outreach/campaign_form.html",
                  {"form": form, "count": len(ids), "spec": spec, "query": request.GET.urlencode()},
                  status=400 if form.errors else 200)


@require_GET
def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id)
    targets = Paginator(selectors.campaign_targets(campaign=campaign), TARGETS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "outreach/campaign_detail.html", {
        "campaign": campaign, "page": targets, "progress": selectors.campaign_progress(campaign=campaign),
        "outcomes": Outcome.choices, "officers": campaign.officers.all(),
        "can_manage": may(request.actor, Action.COMPANY_MANAGE, campaign)})


def campaign_edit(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id, action=Action.COMPANY_MANAGE)
    initial = {"name": campaign.name, "purpose": campaign.purpose, "script": campaign.script,
               "status": campaign.status, "version": campaign.version,
               "officers": [str(pk) for pk in campaign.officers.values_list("pk", flat=True)]}
    form = CampaignEditForm(request.POST or None, officers=_officers(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(by=request.actor, campaign=campaign, version=data["version"], name=data["name"],
                                     purpose=data["purpose"], script=data["script"], officer_ids=data["officers"],
                                     status=data["status"])
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("outreach_campaign_detail", campaign_id=campaign.pk)
    return render(request, "outreach/campaign_form.html", {"form": form, "campaign": campaign},
                  status=409 if form.non_field_errors() else 400 if form.errors else 200)


def contact_record(request, campaign_id: int, target_id: int):
    campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id, action=Action.COMPANY_MANAGE)
    target = selectors.target_get(actor=request.actor, campaign=campaign, target_id=target_id)
    people = list(outreach_contacts(actor=request.actor, companies=[target.company_id], purpose=request.purpose))
    form = ContactForm(request.POST or None, contacts=people, initial={"version": target.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((p for p in people if str(p.pk) == data["contact"]), None)
        try:
            services.contact_record(by=request.actor, campaign=campaign, target=target, version=data["version"],
                                    channel=data["channel"], outcome=data["outcome"], at=data["at"],
                                    contact=person, notes=data["notes"])
        except Conflict:
            target.refresh_from_db()
            form = ContactForm(request.POST, contacts=people)
            form.data = _with_version(request.POST, target.version)
            form.is_valid()
            form.add_error(None, _("Another officer recorded a contact with this company meanwhile: check the "
                                   "history below, then save again if yours is still needed."))
            status = 409
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Contact recorded."))
            return redirect("outreach_campaign_detail", campaign_id=campaign.pk)
    return render(request, "outreach/contact_form.html", {
        "form": form, "campaign": campaign, "target": target, "people": people,
        "history": selectors.target_contacts(target=target)}, status=400 if form.errors and status == 200 else status)


def _with_version(data: QueryDict, version: int) -> QueryDict:
    copy = data.copy()
    copy["version"] = str(version)
    return copy


def weights(request):
    """The weights in force and their history; the rules' owner (RULES_MANAGE) saves a new version."""
    current, row = priority.current_weights()
    can_edit = may(request.actor, Action.RULES_MANAGE)
    form = WeightsForm(request.POST or None, initial={"values": json.dumps(current.to_dict(), indent=2)})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.weights_save(by=request.actor, values=form.cleaned_data["values"],
                                      note=form.cleaned_data["note"])
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("New weights saved: the priorities use them from now on."))
                return redirect("outreach_weights")
    return render(request, "outreach/weights.html", {
        "form": form, "current": current, "row": row, "can_edit": can_edit,
        "points": [(str(PART_LABELS[code]), value) for code, value in current.points().items()],
        "history": selectors.weights_history()}, status=400 if form.errors else 200)
