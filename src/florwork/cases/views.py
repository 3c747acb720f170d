"""Pages of referrals, cases and caseloads. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.accounts.roles import Role
from florwork.cases import selectors, services
from florwork.cases.forms import (
    SCOPE_TEAM,
    AssignForm,
    CaseloadFilterForm,
    ContactForm,
    NoteForm,
    ReferralForm,
    SlaTargetsForm,
    TimelineFilterForm,
    TransitionForm,
)
from florwork.cases.lifecycle import State, allowed_targets
from florwork.cases.models import Need, SlaClock
from florwork.cases.sla import SlaState
from florwork.conflicts import Conflict
from florwork.people.selectors import person_duplicates, persons_audit_list, visible_persons
from florwork.territory.selectors import comuni_in_province
from florwork.web.lists import list_page, render_list

DUPLICATE_SALT = "florwork.cases.referral.duplicate"
CASELOAD_PER_PAGE = 50
TIMELINE_PER_PAGE = 50


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _person_url(person_id: int) -> str:
    try:
        return reverse("person_detail", args=[person_id])
    except NoReverseMatch:  # the person pages are not there (yet)
        return ""


def _safe_next(request, default: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return default


# --- referral ----------------------------------------------------------------------------------------

def _duplicate_rows(request, duplicates) -> list[dict]:
    """What the social worker may be shown of each possible duplicate: details only if they may see them."""
    rows = []
    for duplicate in duplicates:
        person = duplicate.person
        row = {"token": signing.dumps(person.pk, salt=DUPLICATE_SALT), "visible": duplicate.visible,
               "same_cf": duplicate.reason == "codice_fiscale", "birth_year": person.birth_date.year,
               "initials": f"{person.first_name[:1]}. {person.last_name[:1]}.".upper()}
        if duplicate.visible:
            row.update(name=person.full_name, birth_date=person.birth_date, codice_fiscale=person.codice_fiscale,
                       url=_person_url(person.pk))
        rows.append(row)
    visible = [d.person for d in duplicates if d.visible]
    if visible:
        persons_audit_list(actor=request.actor, purpose=request.purpose, persons=visible)
    return rows


def _chosen_duplicate(token: str, duplicates):
    """The existing person the social worker chose, only if they are among those found for these data."""
    try:
        person_id = signing.loads(token, salt=DUPLICATE_SALT, max_age=6 * 3600)
    except signing.BadSignature:
        return None
    return next((d.person for d in duplicates if d.person.pk == person_id), None)


def _refer(request, form: ReferralForm, context: dict):
    """Refer an existing person, or register a new one and refer them; None while something needs an answer."""
    data, cleaned = form.person_data(), form.cleaned_data
    referral = {"reason": cleaned["reason"], "needs": cleaned["needs"], "urgency": cleaned["urgency"],
                "attachments": cleaned["attachments"]}
    duplicates = person_duplicates(actor=request.actor, codice_fiscale=data["codice_fiscale"],
                                   first_name=data["first_name"], last_name=data["last_name"],
                                   birth_date=data["birth_date"])
    chosen = request.POST.get("existing_person", "")
    if chosen:
        person = _chosen_duplicate(chosen, duplicates)
        if person is None:
            form.add_error(None, _("The person chosen no longer matches the data entered: check them and choose "
                                   "again."))
            context["duplicates"] = _duplicate_rows(request, duplicates)
            return None
        return services.referral_create(by=request.actor, person=person, **referral)
    same_cf = any(d.reason == "codice_fiscale" for d in duplicates)
    if duplicates and (same_cf or not cleaned["create_anyway"]):
        context.update(duplicates=_duplicate_rows(request, duplicates), same_cf=same_cf)
        return None
    mismatches = form.mismatches()
    if mismatches and not cleaned["confirm_mismatch"]:
        context["mismatches"] = mismatches
        return None
    return services.referral_create_for_new_person(by=request.actor, person_data=data,
                                                   accept_mismatches=bool(mismatches), **referral)


def referral_create(request):
    form = ReferralForm(request.POST or None, request.FILES or None)
    context = {"form": form, "duplicates": [], "mismatches": [], "same_cf": False,
               "comuni": comuni_in_province(province_code="FI")}
    if request.method == "POST" and form.is_valid():
        try:
            case = _refer(request, form, context)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if case is not None:
                messages.success(request, _("Referral sent: the hub has opened case %(code)s.") % {"code": case.code})
                return redirect("case_detail", case_id=case.pk)
        context["files_dropped"] = bool(request.FILES)
    return render(request, "cases/referral_form.html", context, status=400 if form.errors else 200)


SLA_STATES = {
    SlaState.NOT_STARTED: (gettext_lazy("not started"), "bg-secondary"),
    SlaState.RUNNING: (gettext_lazy("running"), "bg-primary"),
    SlaState.DUE_SOON: (gettext_lazy("due soon"), "bg-warning text-dark"),
    SlaState.BREACHED: (gettext_lazy("breached"), "bg-danger"),
    SlaState.MET: (gettext_lazy("met"), "bg-success"),
    SlaState.MET_LATE: (gettext_lazy("met late"), "bg-danger"),
}
CLOCK_LABELS = dict(SlaClock.choices)


def sla_display(statuses) -> list[dict]:
    """Each clock as the page shows it: its name, a labelled badge and its numbers."""
    return [{"status": status, "label": CLOCK_LABELS[status.clock.value], "state_label": SLA_STATES[status.state][0],
             "badge": SLA_STATES[status.state][1], "running": status.state in (
                 SlaState.RUNNING, SlaState.DUE_SOON, SlaState.BREACHED)} for status in statuses]


# --- case page ---------------------------------------------------------------------------------------

def _timeline(request, case):
    filters = TimelineFilterForm(request.GET or None)
    kinds = filters.cleaned_data["kind"] if filters.is_valid() else []
    page = list_page(request, selectors.case_timeline(case=case, kinds=kinds), per_page=TIMELINE_PER_PAGE)
    page.object_list = list(page.object_list)
    needs = dict(Need.choices)
    for event in page.object_list:
        event.filename = (event.detail.get("name") or event.document.name.rsplit("/", 1)[-1]) if event.document \
            else ""
        event.need_labels = [needs.get(need, need) for need in event.detail.get("needs", [])]
    query = request.GET.copy()
    query.pop("page", None)
    return {"timeline_filters": filters, "page": page, "querystring": query.urlencode(), "case": case}


def _render_case(request, case, *, status: int = 200, conflict: bool = False, **forms):
    actor = request.actor
    timeline = _timeline(request, case)
    if request.method == "GET" and request.htmx and request.htmx.target == "timeline-results":
        return render(request, "cases/_timeline.html", timeline)
    can_update = may(actor, Action.CASE_UPDATE, case)
    can_assign = may(actor, Action.CASE_ASSIGN, case)
    targets = _targets(case)
    person_visible = may(actor, Action.PERSON_VIEW, case.person)
    context = {
        **timeline,
        "case": case,
        "person_visible": person_visible,
        "person_url": _person_url(case.person_id) if person_visible else "",
        "sla": sla_display(selectors.case_sla(case, selectors.sla_targets(), timezone.localdate())),
        "risk_flags": selectors.case_risk_flags(case, timezone.localdate()),
        "can_update": can_update and case.is_open,
        "can_assign": can_assign and case.is_open,
        "conflict": conflict,
        "attachments": list(case.referral.attachments.all()),
        "transition_form": forms.get("transition_form") or TransitionForm(
            initial={"version": case.version}, targets=targets),
        "has_targets": bool(targets),
        "contact_form": forms.get("contact_form") or ContactForm(
            initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}),
        "note_form": forms.get("note_form") or NoteForm(),
    }
    if context["can_assign"]:
        managers = selectors.case_managers_by_team(team_ids=[case.team_organization_id])
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            initial={"version": case.version, "case_manager": case.owner_id},
            managers=managers.get(case.team_organization_id, []))
    return render(request, "cases/case_detail.html", context, status=status)


@require_GET
def case_detail(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=request.purpose)
    return _render_case(request, case)


def _targets(case):
    return allowed_targets(State(case.state), State(case.suspended_from) if case.suspended_from else None)


@require_POST
def case_transition(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=request.purpose,
                              action=Action.CASE_UPDATE)
    form = TransitionForm(request.POST, targets=_targets(case))
    if not form.is_valid():
        return _render_case(request, case, status=400, transition_form=form)
    try:
        services.case_transition(by=request.actor, case=case, to_state=form.cleaned_data["to_state"],
                                 reason=form.cleaned_data["reason"], version=form.cleaned_data["version"])
    except Conflict:
        case.refresh_from_db()
        return _render_case(request, case, status=409, conflict=True)
    except ValidationError as error:
        _apply_errors(form, error)
        return _render_case(request, case, status=400, transition_form=form)
    messages.success(request, _("The case is now %(state)s.") % {"state": case.get_state_display()})
    return redirect("case_detail", case_id=case.pk)


@require_POST
def case_assign(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=request.purpose,
                              action=Action.CASE_ASSIGN)
    managers = selectors.case_managers_by_team(team_ids=[case.team_organization_id]).get(case.team_organization_id,
                                                                                         [])
    form = AssignForm(request.POST, managers=managers)
    back = _safe_next(request, reverse("case_detail", args=[case.pk]))
    if not form.is_valid():
        messages.error(request, _("Choose a case manager of the case's hub team."))
        return redirect(back)
    try:
        services.case_assign(by=request.actor, case=case, case_manager_id=form.cleaned_data["case_manager"],
                             version=form.cleaned_data["version"])
    except Conflict:
        messages.error(request, _("Someone else changed case %(code)s while you had it open: nothing was "
                                  "overwritten. Check who has it now and assign again if needed.") % {
            "code": case.code})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = dict(managers).get(case.owner_id, "")
        messages.success(request, _("Case %(code)s assigned to %(name)s.") % {"code": case.code, "name": label})
    return redirect(back)


@require_POST
def case_contact(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=request.purpose,
                              action=Action.CASE_UPDATE)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.case_log_contact(by=request.actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Contact logged."))
            return redirect("case_detail", case_id=case.pk)
    return _render_case(request, case, status=400, contact_form=form)


@require_POST
def case_note(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, purpose=request.purpose,
                              action=Action.CASE_UPDATE)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_add_note(by=request.actor, case=case, text=form.cleaned_data["text"],
                                   document=form.cleaned_data["document"] or None)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added to the timeline."))
            return redirect("case_detail", case_id=case.pk)
    return _render_case(request, case, status=400, note_form=form)


def _download(file, name: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def case_document(request, case_id: int, event_id: int):
    event = selectors.case_document_get(actor=request.actor, case_id=case_id, event_id=event_id,
                                        purpose=request.purpose)
    return _download(event.document, event.detail.get("name") or event.document.name.rsplit("/", 1)[-1])


@require_GET
def referral_attachment(request, case_id: int, attachment_id: int):
    attachment = selectors.referral_attachment_get(actor=request.actor, case_id=case_id,
                                                   attachment_id=attachment_id, purpose=request.purpose)
    return _download(attachment.file, attachment.name)


# --- caseload ----------------------------------------------------------------------------------------

def _next_due(row):
    """The case's own next due date, else the nearest due date of a clock still running."""
    if row.case.next_due_date:
        return row.case.next_due_date
    running = [s.due_date for s in row.sla if s.due_date and s.state in (
        SlaState.RUNNING, SlaState.DUE_SOON, SlaState.BREACHED)]
    return min(running, default=None)


def _caseload_filters(request, actor, loads):
    if actor.role == Role.CASE_MANAGER:
        fields = ("scope", "q", "state")
    elif may(actor, Action.CASE_ASSIGN):
        fields = ("q", "state", "owner")
    else:
        fields = ("q", "state")
    managers = [(load.user_id, load.label) for load in loads if load.user_id]
    return CaseloadFilterForm(request.GET or None, role_fields=fields, managers=managers)


def _manager_options(seats) -> str:
    """The <option>s of a team's case managers, rendered once per page, not once per row."""
    return format_html_join("", '<option value="{}">{}</option>', seats)


def _with_selected(options: str, owner_id: int | None):
    if owner_id is None:
        return mark_safe(format_html('<option value="">{}</option>', _("Not assigned")) + options)  # noqa: S308
    return mark_safe(options.replace(f'<option value="{owner_id}">', f'<option value="{owner_id}" selected>', 1))  # noqa: S308


@require_GET
def caseload(request):
    actor = request.actor
    programme = may(actor, Action.CASE_ASSIGN)
    loads = selectors.load_per_case_manager(actor=actor) if programme else []
    filters = _caseload_filters(request, actor, loads)
    data = filters.cleaned_data if filters.is_valid() else {}
    owner = data.get("owner", "")
    mine = actor.role == Role.CASE_MANAGER and data.get("scope") != SCOPE_TEAM
    cases = selectors.caseload(actor=actor, mine=mine, state=data.get("state", ""),
                               owner_id=int(owner) if owner.isdigit() else None, unassigned=owner == "none",
                               query=data.get("q", "")).select_related("team_organization")
    page = list_page(request, cases, per_page=CASELOAD_PER_PAGE)
    rows = selectors.caseload_rows(page.object_list)
    selectors.caseload_audit(actor=actor, purpose=request.purpose, cases=[row.case for row in rows])
    person_ids = {row.case.person_id for row in rows}
    visible = set(visible_persons(actor=actor).filter(pk__in=person_ids).values_list("pk", flat=True)) \
        if person_ids else set()
    managers = selectors.case_managers_by_team(team_ids={row.case.team_organization_id for row in rows}) \
        if programme and rows else {}
    options = {team: _manager_options(seats) for team, seats in managers.items()}
    context = {
        "rows": [{"row": row, "case": row.case, "next_due": _next_due(row), "person_visible":
                  row.case.person_id in visible,
                  "manager_options": _with_selected(options.get(row.case.team_organization_id, ""),
                                                    row.case.owner_id),
                  "overdue": sum(1 for s in row.sla if s.state == SlaState.BREACHED),
                  "met_late": sum(1 for s in row.sla if s.state == SlaState.MET_LATE)}
                 for row in rows],
        "programme": programme, "mine": mine, "is_case_manager": actor.role == Role.CASE_MANAGER,
    }
    if programme and not request.htmx:
        context.update(loads=loads, breaches=selectors.sla_breaches_per_team(actor=actor))
    return render_list(request, template="cases/caseload.html", partial="cases/_caseload_rows.html", page=page,
                       filters=filters, context=context)


def sla_settings(request):
    """The programme manager sets the SLA targets, in Italian working days."""
    form = SlaTargetsForm(request.POST or None, targets=selectors.sla_targets(), labels=CLOCK_LABELS)
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_targets_update(by=request.actor, targets=form.targets())
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        else:
            messages.success(request, _("Service-level targets saved."))
            return redirect("sla_settings")
    return render(request, "cases/sla_settings.html", {"form": form})
