"""Pages of shortlists: a vacancy's shortlist with its ranked candidates, an entry (presentation, the
company's request, the person's agreement, the identity reveal, the funnel steps), the anonymized profile
as a page and a PDF, the funnel figures. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action
from florwork.conflicts import CONFLICT_MESSAGE, Conflict
from florwork.shortlists import presentation, selectors, services
from florwork.shortlists.forms import AddForm, AdvanceForm, InterviewRequestForm, LanguageForm, VersionForm
from florwork.shortlists.models import Stage

RANKED_SHOWN = 15  # the best ranked; the whole ranking is on the matching app's ranking page


def _errors(error: ValidationError) -> list[str]:
    return [message for messages_ in error.message_dict.values() for message in messages_] \
        if hasattr(error, "error_dict") else error.messages


@require_GET
def shortlist(request, vacancy_id: int):
    vacancy = selectors.vacancy_for_shortlist(actor=request.actor, vacancy_id=vacancy_id)
    return render(request, "shortlists/shortlist.html", {
        "vacancy": vacancy, "entries": selectors.shortlist_of(vacancy),
        "candidates": selectors.ranked_candidates(actor=request.actor, vacancy=vacancy, limit=RANKED_SHOWN)})


@require_POST
def entry_add(request, vacancy_id: int):
    vacancy = selectors.vacancy_for_shortlist(actor=request.actor, vacancy_id=vacancy_id)
    form = AddForm(request.POST)
    back = reverse("shortlist", args=[vacancy.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a candidate of the ranking."))
        return redirect(back)
    try:
        entry = services.entry_add_from_ranking(vacancy_id=vacancy.pk, case_id=form.cleaned_data["case_id"],
                                                by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect(back)
    messages.success(request, _("Candidate %(code)s added to the shortlist.") % {"code": entry.code})
    return redirect(back)


def _placement_url(entry) -> str:
    """The placement form of the placements app, once it exists (it sits above this app)."""
    try:
        return reverse("placement_create") + f"?entry={entry.pk}"
    except NoReverseMatch:
        return ""


def _advance_form(entry, data=None) -> AdvanceForm:
    return AdvanceForm(data, current=entry.stage, by_placement=bool(_placement_url(entry)),
                       initial={"version": entry.version})


def _render_entry(request, entry, *, status: int = 200, advance_form=None, revealed=None, errors=()):
    return render(request, "shortlists/entry.html", {
        "entry": entry, "vacancy": entry.vacancy, "stages": entry.step_dates(), "revealed": revealed,
        "errors": list(errors), "consent": services.has_presentation_consent(entry.person_id),
        "advance_form": advance_form or _advance_form(entry),
        "request_form": InterviewRequestForm(initial={"version": entry.version}),
        "placement_url": _placement_url(entry) if entry.stage in (Stage.INTERVIEW, Stage.TRIAL) else "",
    }, status=status)


def _entry(request, entry_id: int):
    return selectors.entry_get(actor=request.actor, entry_id=entry_id, purpose=request.purpose)


@require_GET
def entry_detail(request, entry_id: int):
    return _render_entry(request, _entry(request, entry_id))


def _act(request, entry_id: int, call, done: str, form_class=VersionForm):
    """Run one service on the entry from a small POST form; errors come back on the entry page."""
    entry = _entry(request, entry_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, status=400, errors=[_("Reload the page and try again.")])
    try:
        call(entry, form.cleaned_data)
    except Conflict:
        entry.refresh_from_db()
        return _render_entry(request, entry, status=409, errors=[CONFLICT_MESSAGE])
    except ValidationError as error:
        return _render_entry(request, entry, status=400, errors=_errors(error))
    messages.success(request, done)
    return redirect("shortlist_entry", entry_id=entry.pk)


@require_POST
def entry_advance(request, entry_id: int):
    entry = _entry(request, entry_id)
    form = _advance_form(entry, request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, status=400, advance_form=form)
    data = form.cleaned_data
    try:
        services.entry_advance(entry_id=entry.pk, stage=data["stage"], on=data["on"], reason=data["reason"],
                               note=data["note"], by=request.actor, version=data["version"])
    except Conflict:
        entry.refresh_from_db()
        return _render_entry(request, entry, status=409, errors=[CONFLICT_MESSAGE])
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_entry(request, entry, status=400, advance_form=form)
    messages.success(request, _("Step recorded: %(stage)s.") % {"stage": Stage(data["stage"]).label})
    return redirect("shortlist_entry", entry_id=entry.pk)


@require_POST
def entry_interview_request(request, entry_id: int):
    return _act(request, entry_id, lambda entry, data: services.entry_interview_request(
        entry_id=entry.pk, by=request.actor, note=data["note"], version=data["version"]),
        _("The company's interview request is recorded."), InterviewRequestForm)


@require_POST
def entry_person_agree(request, entry_id: int):
    return _act(request, entry_id, lambda entry, data: services.entry_person_agree(
        entry_id=entry.pk, by=request.actor, version=data["version"]), _("The person's agreement is recorded."))


@require_POST
def entry_person_agree_from_case(request, entry_id: int):
    """The case manager records the person's agreement from the case page, and goes back to it."""
    entry = selectors.entry_get(actor=request.actor, entry_id=entry_id, purpose=request.purpose,
                                action=Action.PLACEMENT_MANAGE)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Reload the page and try again."))
        services.entry_person_agree(entry_id=entry.pk, by=request.actor, version=form.cleaned_data["version"])
    except (ValidationError, Conflict) as error:
        messages.error(request, " ".join(_errors(error)) if isinstance(error, ValidationError) else CONFLICT_MESSAGE)
    else:
        messages.success(request, _("The person's agreement is recorded: the officer may now give their name to "
                                    "the company."))
    return redirect(reverse("case_detail", args=[entry.case_id]) + "#candidacies")


@require_POST
def entry_reveal(request, entry_id: int):
    entry = _entry(request, entry_id)
    try:
        revealed = services.entry_reveal(entry_id=entry.pk, by=request.actor)
    except ValidationError as error:
        return _render_entry(request, entry, status=400, errors=_errors(error))
    entry.refresh_from_db()
    # shown once, on this answer only: never kept in the session or put in a URL
    response = _render_entry(request, entry, revealed=revealed)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def entry_remove(request, entry_id: int):
    entry = _entry(request, entry_id)
    try:
        services.entry_remove(entry_id=entry.pk, by=request.actor)
    except ValidationError as error:
        return _render_entry(request, entry, status=400, errors=_errors(error))
    messages.success(request, _("Candidate %(code)s removed from the shortlist.") % {"code": entry.code})
    return redirect("shortlist", vacancy_id=entry.vacancy_id)


def _language(request) -> str:
    form = LanguageForm(request.GET)
    return (form.cleaned_data.get("lang") if form.is_valid() else "") or "it"


def _no_consent(request, entry):
    return _render_entry(request, entry, status=403, errors=[str(services.NO_CONSENT)])


@require_GET
def profile_page(request, entry_id: int):
    entry = _entry(request, entry_id)
    if not services.has_presentation_consent(entry.person_id):
        return _no_consent(request, entry)
    language = _language(request)
    return render(request, "shortlists/profile.html", {
        "entry": entry, "p": presentation.anonymized_profile(entry, language), "language": language})


@require_GET
def profile_pdf(request, entry_id: int):
    entry = _entry(request, entry_id)
    if not services.has_presentation_consent(entry.person_id):
        return _no_consent(request, entry)
    language = _language(request)
    pdf = presentation.profile_export(actor=request.actor, entry=entry, language=language, purpose=request.purpose)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{presentation.filename(entry, language)}"'
    return response


def _funnel(request, aggregate: bool):
    grouping = request.GET.get("by", "vacancy")
    table = selectors.funnel_table(actor=request.actor, grouping=grouping, aggregate=aggregate)
    rows = [{"label": table.labels.get(row.group, "") if row.group else _("All"), "all": not row.group,
             "url": reverse("shortlist", args=[int(row.group[1:])])
             if not aggregate and table.grouping == "vacancy" and row.group else "",
             "steps": [{"count": step.count,
                        "percent": None if step.conversion is None else round(step.conversion * 100)}
                       for step in row.steps]} for row in table.rows]
    return render(request, "shortlists/funnel.html", {
        "table": table, "rows": rows, "aggregate": aggregate, "groupings": selectors.GROUPINGS,
        "stages": [selectors.STAGE_LABELS[stage] for stage in selectors.funnel.FUNNEL_STAGES],
        "small_cell": selectors.funnel.SMALL_CELL})


@require_GET
def funnel_page(request):
    return _funnel(request, aggregate=False)


@require_GET
def funnel_aggregate(request):
    return _funnel(request, aggregate=True)
