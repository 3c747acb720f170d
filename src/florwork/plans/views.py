"""Pages of the plan: build it from suggestions and the catalogue, revise it, print the patto, record the
signed scan; and the suggestion rules. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from florwork.accounts.policy import Action, may
from florwork.assessment.models import Dimension, InstrumentStatus, in_language
from florwork.conflicts import CONFLICT_MESSAGE, Conflict
from florwork.network.models import ServiceKind
from florwork.plans import lifecycle, patto, selectors, services
from florwork.plans.forms import (
    ActionForm,
    CreatePlanForm,
    GoalForm,
    PlanForm,
    RevisionForm,
    RulesForm,
    SignForm,
    StatusForm,
)
from florwork.plans.models import ActionStatus, PlanAction, RevisionStatus
from florwork.rulesets import ruleset_shown

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


def _apply_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _case_and_plan(request, case_id: int):
    case = selectors.case_get_for_plan(actor=request.actor, case_id=case_id, purpose=request.purpose)
    plan = selectors.plan_of(case)
    return case, plan


def _current(request, case_id: int):
    case, plan = _case_and_plan(request, case_id)
    if plan is None:
        raise Http404
    return case, plan, selectors.revision_current(plan)


def _to_plan(case_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("plan_detail", args=[case_id]) + (f"#{anchor}" if anchor else ""))


def _render(request, case, plan, *, status: int = 200, revision=None, **forms):
    """The plan page: the revision asked for (the current one by default) and the forms of a draft."""
    context = {"case": case, "plan": plan, "kinds": ServiceKind.choices, "conflict": forms.pop("conflict", False),
               "person_visible": may(request.actor, Action.PERSON_VIEW, case.person),
               "status_choices": ActionStatus.choices}
    if plan is None:
        context["create_form"] = forms.get("create_form") or CreatePlanForm()
        context["suggestions"] = selectors.suggestions_for(actor=request.actor, case=case, revision=None,
                                                           with_services=False)
        return render(request, "plans/plan.html", context, status=status)
    current = selectors.revision_current(plan)
    revision = selectors.revision_content(revision or current)
    editable = revision.pk == current.pk and revision.is_draft
    history = selectors.revisions(plan)
    context.update({
        "revision": revision, "current": current, "revisions": history, "editable": editable,
        "in_force": next((r for r in history if r.status == RevisionStatus.SIGNED), None),
        "progress": revision.status != RevisionStatus.SUPERSEDED,
    })
    if editable:
        context.update({
            "suggestions": selectors.suggestions_for(actor=request.actor, case=case, revision=revision),
            "plan_form": forms.get("plan_form") or PlanForm(initial=PlanForm.initial_from(revision)),
            "goal_form": forms.get("goal_form") or GoalForm(initial={"version": revision.version,
                                                                      "target_on": revision.ends_on}),
            "action_form": forms.get("action_form") or ActionForm(revision=revision, initial={
                "version": revision.version, "starts_on": revision.starts_on, "ends_on": revision.ends_on}),
            "sign_form": forms.get("sign_form") or SignForm(initial={"version": revision.version}),
            "picker_services": _picker_services(request, case),
            "suggestion_errors": forms.get("suggestion_errors", []),
        })
    elif revision.pk == current.pk:
        context["revision_form"] = forms.get("revision_form") or RevisionForm(initial={"version": revision.version})
    selectors.audit_plan_read(actor=request.actor, plan=plan, purpose=request.purpose, revision=revision.number)
    return render(request, "plans/plan.html", context, status=status)


def _picker_services(request, case) -> list:
    decision = selectors.latest_decision(case)
    return selectors.services_matching(actor=request.actor, pathway=decision.chosen if decision else None)


@require_GET
def plan_detail(request, case_id: int):
    case, plan = _case_and_plan(request, case_id)
    wanted = request.GET.get("revision", "")
    revision = selectors.revision_get(plan=plan, number=int(wanted)) if plan and wanted.isdigit() else None
    return _render(request, case, plan, revision=revision)


@require_POST
def plan_create(request, case_id: int):
    case, plan = _case_and_plan(request, case_id)
    form = CreatePlanForm(request.POST)
    if plan is None and form.is_valid():
        try:
            services.plan_create(by=request.actor, case=case, data=form.service_data())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Plan started: add goals and actions, from the suggestions or your own."))
            return _to_plan(case.pk)
    return _render(request, case, plan, status=400, create_form=form)


def _conflict(request, case, plan):
    return _render(request, case, plan, status=409, conflict=True)


@require_POST
def plan_update(request, case_id: int):
    case, plan, revision = _current(request, case_id)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_update(by=request.actor, revision=revision, version=form.cleaned_data["version"],
                                 data=form.service_data())
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Dates, reviews and responsibilities saved."))
            return _to_plan(case.pk, "frame")
    return _render(request, case, plan, status=400, plan_form=form)


@require_POST
def suggestions_apply(request, case_id: int):
    """Add the suggestions the case manager ticked, each with the service chosen for it (or as a free action)."""
    case, plan, revision = _current(request, case_id)
    chosen = {}
    for key in request.POST.getlist("suggestion"):
        raw = request.POST.get(f"service-{key}", "")
        chosen[key] = int(raw) if raw.isdigit() else None
    try:
        version = int(request.POST.get("version", ""))
        added = lifecycle.suggestions_apply(by=request.actor, revision=revision, version=version, chosen=chosen)
    except ValueError:
        return _render(request, case, plan, status=400, suggestion_errors=[_("The form is out of date: reload.")])
    except Conflict:
        return _conflict(request, case, plan)
    except ValidationError as error:
        return _render(request, case, plan, status=400, suggestion_errors=[
            m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
            for m in ms])
    messages.success(request, _("%(count)s suggested actions added: check their dates and who is responsible.")
                     % {"count": len(added)})
    return _to_plan(case.pk, "actions")


# --- goals and actions -------------------------------------------------------------------------------

def _goal(revision, goal_id: int):
    goal = revision.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


def _action(revision, action_id: int):
    action = revision.actions.select_related("service", "revision__plan__case").filter(pk=action_id).first()
    if action is None:
        raise Http404
    return action


@require_POST
def goal_add(request, case_id: int):
    case, plan, revision = _current(request, case_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.goal_add(by=request.actor, revision=revision, version=form.cleaned_data["version"], data=data)
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Goal added."))
            return _to_plan(case.pk, "goals")
    return _render(request, case, plan, status=400, goal_form=form)


def goal_edit(request, case_id: int, goal_id: int):
    case, plan, revision = _current(request, case_id)
    goal = _goal(revision, goal_id)
    form = GoalForm(request.POST or None, initial={
        "version": revision.version, "title": goal.title, "indicator": goal.indicator, "target_on": goal.target_on,
        "dimension_id": goal.dimension_id})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if request.POST.get("remove"):
                services.goal_remove(by=request.actor, goal=goal, version=form.cleaned_data["version"])
            else:
                services.goal_update(by=request.actor, goal=goal, version=form.cleaned_data["version"], data=data)
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Goal removed.") if request.POST.get("remove") else _("Goal saved."))
            return _to_plan(case.pk, "goals")
    return render(request, "plans/goal_edit.html", {"case": case, "revision": revision, "goal": goal, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def action_add(request, case_id: int):
    case, plan, revision = _current(request, case_id)
    form = ActionForm(request.POST, revision=revision)
    if form.is_valid():
        try:
            services.action_add(by=request.actor, revision=revision, version=form.cleaned_data["version"],
                                data=form.service_data())
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Action added."))
            return _to_plan(case.pk, "actions")
    return _render(request, case, plan, status=400, action_form=form)


def action_edit(request, case_id: int, action_id: int):
    case, plan, revision = _current(request, case_id)
    action = _action(revision, action_id)
    form = ActionForm(request.POST or None, revision=revision, initial={
        "version": revision.version, "service_id": action.service_id, "title": action.title,
        "goal_id": action.goal_id, "owner_organization_id": action.owner_organization_id,
        "owner_name": action.owner_name, "starts_on": action.starts_on, "ends_on": action.ends_on,
        "cost": action.cost, "status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("remove"):
                services.action_remove(by=request.actor, action=action, version=form.cleaned_data["version"])
            else:
                services.action_update(by=request.actor, action=action, version=form.cleaned_data["version"],
                                       data=form.service_data())
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Action removed.") if request.POST.get("remove") else _("Action saved."))
            return _to_plan(case.pk, "actions")
    return render(request, "plans/action_edit.html", {
        "case": case, "revision": revision, "action": action, "form": form, "kinds": ServiceKind.choices,
        "picker_services": _picker_with(request, case, action.service)},
        status=400 if form.errors else 200)


def _picker_with(request, case, service) -> list:
    found = _picker_services(request, case)
    if service is not None and service.pk not in {s.pk for s in found}:
        found.insert(0, service)  # the action's own service, even archived or outside the first results
    return found


@require_POST
def action_status(request, case_id: int, action_id: int):
    """The progress of an action, on the draft or on the signed revision in force."""
    case, plan = _case_and_plan(request, case_id)
    action = PlanAction.objects.select_related("revision__plan__case").filter(
        pk=action_id, revision__plan=plan).exclude(revision__status=RevisionStatus.SUPERSEDED).first()
    if plan is None or action is None:
        raise Http404
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(by=request.actor, action=action, status=form.cleaned_data["status"],
                                       version=form.cleaned_data["version"])
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Status saved: %(status)s.") % {"status": action.get_status_display()})
    else:
        messages.error(request, _("Choose a status."))
    if action.revision.pk != selectors.revision_current(plan).pk:
        return redirect(reverse("plan_detail", args=[case.pk]) + f"?revision={action.revision.number}#actions")
    return _to_plan(case.pk, f"action-{action.pk}")


@require_GET
def service_picker(request, case_id: int):
    """The catalogue searched from the action form (HTMX swaps the list; without JavaScript, a page)."""
    case, plan, revision = _current(request, case_id)
    decision = selectors.latest_decision(case)
    found = selectors.services_matching(actor=request.actor, kind=request.GET.get("kind", ""),
                                        query=request.GET.get("q", "")[:100],
                                        pathway=decision.chosen if decision and request.GET.get("pathway") else None)
    template = "plans/_service_picker.html" if request.htmx else "plans/service_picker.html"
    return render(request, template, {"case": case, "services": found, "q": request.GET.get("q", ""),
                                      "selected": request.GET.get("selected", ""),
                                      "kind": request.GET.get("kind", ""), "kinds": ServiceKind.choices})


# --- revisions, the patto and signing ----------------------------------------------------------------

@require_POST
def revision_start(request, case_id: int):
    case, plan, revision = _current(request, case_id)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            new = lifecycle.revision_start(by=request.actor, plan=plan, version=form.cleaned_data["version"],
                                           note=form.cleaned_data["note"])
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Revision %(n)s started from the signed one, which stays as it was.")
                             % {"n": new.number})
            return _to_plan(case.pk)
    return _render(request, case, plan, status=400, revision_form=form)


@require_POST
def plan_sign(request, case_id: int):
    case, plan, revision = _current(request, case_id)
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            lifecycle.plan_sign(by=request.actor, revision=revision, version=form.cleaned_data["version"],
                                document=form.cleaned_data["document"])
        except Conflict:
            return _conflict(request, case, plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Plan signed: revision %(n)s is in force.") % {"n": revision.number})
            return _to_plan(case.pk)
    return _render(request, case, plan, status=400, sign_form=form)


@require_GET
def patto_download(request, case_id: int):
    """The patto PDF of a revision (the current by default), in Italian or, on request, English."""
    case, plan = _case_and_plan(request, case_id)
    if plan is None:
        raise Http404
    wanted = request.GET.get("revision", "")
    revision = selectors.revision_get(plan=plan, number=int(wanted) if wanted.isdigit() else None)
    language = request.GET.get("lang", "it") if request.GET.get("lang") in patto.LANGUAGES else "it"
    pdf = patto.patto_export(actor=request.actor, revision=revision, language=language, purpose=request.purpose)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="patto-{case.code}-r{revision.number}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def signed_document(request, case_id: int, number: int):
    """The signed scan, only through the policy (never from a public media URL)."""
    case, plan = _case_and_plan(request, case_id)
    if plan is None:
        raise Http404
    revision = selectors.revision_get(plan=plan, number=number)
    if not revision.signed_document:
        raise Http404
    extension = Path(revision.signed_document.name).suffix.lower()
    try:
        handle = revision.signed_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    selectors.audit_plan_read(actor=request.actor, plan=plan, purpose=request.purpose, fields=["signed_document"],
                              revision=revision.number)
    response = FileResponse(handle, as_attachment=True, filename=f"patto-{case.code}-r{number}-signed{extension}",
                            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- suggestion rules --------------------------------------------------------------------------------

def rules(request):
    current = selectors.rules_current()
    form = RulesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = lifecycle.rules_save(by=request.actor, rules=form.cleaned_data["rules"],
                                         note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_save_errors(error)
        else:
            messages.success(request, _("Suggestion rules saved as version %(version)s.") % {"version": saved.version})
            return redirect("suggestion_rules")
    history = selectors.rules_history()
    shown = ruleset_shown(history, current, request.GET.get("version", ""))
    kinds = dict(ServiceKind.choices)
    labels = {d.code: d.label for d in Dimension.objects.filter(instrument__status=InstrumentStatus.PUBLISHED)}
    return render(request, "plans/rules.html", {
        "form": form, "current": current, "shown": shown, "history": history, "kinds": kinds,
        "readable": [{**rule, "kind_label": kinds.get(rule.get("kind", ""), _("free action")),
                      "action_text": in_language(rule.get("action") or {}),
                      "dimension_label": labels.get(rule["when"].get("dimension"), rule["when"].get("dimension"))}
                     for rule in (shown.rules.get("rules", []) if shown else [])]},
        status=400 if form.errors else 200)
