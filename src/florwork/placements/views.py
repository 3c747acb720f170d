"""Pages of placements: record a tirocinio or a contract (for a case, or from a shortlist entry), the
placement's page with its extension and termination forms, the list. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.conflicts import CONFLICT_MESSAGE, Conflict
from florwork.placements import selectors, services
from florwork.placements.forms import FORMS, ExtendForm, PlacementFilterForm, TerminateForm
from florwork.placements.models import PlacementKind
from florwork.web.lists import list_page, render_list

PER_PAGE = 25


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _origin(request):
    """The case (and the shortlist entry, if any) the placement is recorded for, from ``?entry=`` or ``?case=``."""
    params = request.POST if request.method == "POST" else request.GET
    entry_id, case_id = _int(params.get("entry")), _int(params.get("case"))
    if entry_id is not None:
        entry = selectors.entry_for_placement(actor=request.actor, entry_id=entry_id)
        case = selectors.case_for_placement(actor=request.actor, case_id=entry.case_id, purpose=request.purpose) \
            if may(request.actor, Action.CASE_UPDATE) else entry.case
        return case, entry
    if case_id is None:
        raise Http404
    return selectors.case_for_placement(actor=request.actor, case_id=case_id, purpose=request.purpose), None


def _initial(case, entry) -> dict:
    if entry is None:
        return {"promoter": case.team_organization_id, "start_on": timezone.localdate()}
    vacancy = entry.vacancy
    return {"company": vacancy.company_id, "vacancy": vacancy.pk, "site": vacancy.site_id,
            "job_title": vacancy.title, "weekly_hours": vacancy.weekly_hours, "start_on": timezone.localdate(),
            "promoter": case.team_organization_id}


def placement_create(request):
    actor = request.actor
    case, entry = _origin(request)
    params = request.POST if request.method == "POST" else request.GET
    kind = params.get("kind") if params.get("kind") in PlacementKind.values else PlacementKind.TIROCINIO
    form_class = FORMS[PlacementKind(kind)]
    company = entry.vacancy.company if entry is not None else None
    form = form_class(request.POST or None, request.FILES or None, company=company,
                      initial=_initial(case, entry))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_create(
                by=actor, case=case, kind=kind, company=data["company"], data=form.placement_data(),
                site=data.get("site"), vacancy=data.get("vacancy"), promoter=data.get("promoter"),
                entry_id=entry.pk if entry is not None else None, document=data.get("training_project_file"))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(code)s recorded: the case is placed and the follow-ups at 3, 6 and 12 "
                                        "months are scheduled.") % {"code": placement.code})
            return redirect("placement_detail", placement_id=placement.pk)
    context = {"form": form, "case": case, "entry": entry, "kind": kind, "kinds": PlacementKind.choices,
               "person_visible": may(actor, Action.PERSON_VIEW, case.person),
               "minimum": services.minimum_allowance(timezone.localdate())}
    return render(request, "placements/placement_form.html", context, status=400 if form.errors else 200)


def _detail_context(request, placement, extend_form=None, terminate_form=None) -> dict:
    actor = request.actor
    today = timezone.localdate()
    return {
        "placement": placement, "status": placement.status_on(today),
        "extensions": list(placement.extensions.all()), "follow_ups": list(placement.follow_ups.all()),
        "person_visible": may(actor, Action.PERSON_VIEW, placement.case.person),
        "case_visible": may(actor, Action.CASE_VIEW, placement.case),
        "minimum": services.minimum_allowance(placement.start_on) if placement.kind == PlacementKind.TIROCINIO
        else None,
        "contributions": selectors.regional_contributions(on=placement.start_on)
        if placement.kind == PlacementKind.TIROCINIO else [],
        "extend_form": extend_form or ExtendForm(initial={"version": placement.version}),
        "terminate_form": terminate_form or TerminateForm(initial={"version": placement.version, "on": today}),
    }


@require_GET
def placement_detail(request, placement_id: int):
    placement = selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose)
    return render(request, "placements/placement_detail.html", _detail_context(request, placement))


def _change(request, placement_id: int, form_class, act, success: str, form_key: str):
    placement = selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            act(placement, form.cleaned_data)
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
            status = 409
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("placement_detail", placement_id=placement.pk)
    placement.refresh_from_db()
    return render(request, "placements/placement_detail.html",
                  _detail_context(request, placement, **{form_key: form}), status=status)


@require_POST
def placement_extend(request, placement_id: int):
    def act(placement, data):
        services.placement_extend(by=request.actor, placement=placement, new_end_on=data["new_end_on"],
                                  reason=data["reason"], version=data["version"])

    return _change(request, placement_id, ExtendForm, act, _("Placement extended."), "extend_form")


@require_POST
def placement_terminate(request, placement_id: int):
    def act(placement, data):
        services.placement_terminate(by=request.actor, placement=placement, on=data["on"], reason=data["reason"],
                                     note=data["note"], version=data["version"])

    return _change(request, placement_id, TerminateForm, act, _("Early termination recorded."), "terminate_form")


@require_GET
def placement_document(request, placement_id: int):
    placement = selectors.placement_get(actor=request.actor, placement_id=placement_id, purpose=request.purpose)
    if not placement.training_project_file:
        raise Http404
    return FileResponse(placement.training_project_file.open("rb"), as_attachment=True,
                        filename=placement.training_project_file.name.rsplit("/", 1)[-1])


@require_GET
def placement_list(request):
    filters = PlacementFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    placements = selectors.placement_search(actor=request.actor, status=cleaned.get("status", ""),
                                            kind=cleaned.get("kind", ""), query=cleaned.get("q", ""))
    page = list_page(request, placements, per_page=PER_PAGE)
    return render_list(request, template="placements/placement_list.html", partial="placements/_placement_rows.html",
                       page=page, filters=filters, context={"today": timezone.localdate()})
