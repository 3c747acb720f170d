"""Pages of alerts: my tasks (done, snooze), the rules the programme manager tunes. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from florwork.accounts.roles import Role
from florwork.alerts import selectors, services
from florwork.alerts.describe import describe
from florwork.alerts.forms import DoneForm, RuleForm, SnoozeForm
from florwork.alerts.models import TaskStatus
from florwork.conflicts import Conflict
from florwork.web.lists import list_page

TASKS_PER_PAGE = 50


def _row(task, today, *, snooze_form=None, done_form=None, name=""):
    return {"task": task, "name": name, "text": describe(task),
            "overdue": task.status == TaskStatus.OPEN and task.due_on < today,
            "snooze_form": snooze_form or SnoozeForm(initial={"version": task.version}, prefix=f"s{task.pk}"),
            "done_form": done_form or DoneForm(initial={"version": task.version}, prefix=f"d{task.pk}")}


def _named_row(request, task, today, **forms):
    """One task's row for an HTMX answer, with the person's name as on the list."""
    names = selectors.task_people(actor=request.actor, tasks=[task], purpose=request.purpose)
    return _row(task, today, name=names.get(task.pk, ""), **forms)


def task_list(request):
    show = request.GET.get("show", "open")
    show = show if show in selectors.SHOW_CHOICES else "open"
    today = timezone.localdate()
    page = list_page(request, selectors.my_tasks(actor=request.actor, show=show), TASKS_PER_PAGE)
    tasks = list(page.object_list)
    names = selectors.task_people(actor=request.actor, tasks=tasks, purpose=request.purpose)
    rows = [_row(task, today, name=names.get(task.pk, "")) for task in tasks]
    return render(request, "alerts/task_list.html", {
        "page": page, "rows": rows, "show": show, "today": today,
        "counts": selectors.task_counts(actor=request.actor, today=today),
        "is_programme_manager": request.actor.role == Role.PROGRAMME_MANAGER})


def _answer(request, task, row_context, ok_message: str | None):
    if request.htmx:
        return render(request, "alerts/_task_row.html", {**row_context, "today": timezone.localdate(),
                                                          "message": ok_message})
    if ok_message:
        messages.success(request, ok_message)
    else:
        messages.error(request, _("The task was not changed: see the errors below."))
    return redirect("task_list")


@require_POST
def task_done(request, task_id: int):
    task = selectors.task_get(actor=request.actor, task_id=task_id)
    form = DoneForm(request.POST, prefix=f"d{task.pk}")
    today = timezone.localdate()
    if form.is_valid():
        try:
            services.task_done(by=request.actor, task=task, version=form.cleaned_data["version"],
                               note=form.cleaned_data["note"])
            return _answer(request, task, _named_row(request, task, today), _("Task done."))
        except Conflict:
            form.add_error(None, _("Someone else changed this task meanwhile: reload the page."))
        except ValidationError as error:
            form.add_error(None, error.messages)
    return _answer(request, task, _named_row(request, task, today, done_form=form), None)


@require_POST
def task_snooze(request, task_id: int):
    task = selectors.task_get(actor=request.actor, task_id=task_id)
    form = SnoozeForm(request.POST, prefix=f"s{task.pk}")
    today = timezone.localdate()
    if form.is_valid():
        try:
            services.task_snooze(by=request.actor, task=task, version=form.cleaned_data["version"],
                                 until=form.cleaned_data["until"], reason=form.cleaned_data["reason"])
            return _answer(request, task, _named_row(request, task, today), _("Task snoozed until %(date)s.") % {
                "date": form.cleaned_data["until"].strftime("%d/%m/%Y")})
        except Conflict:
            form.add_error(None, _("Someone else changed this task meanwhile: reload the page."))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    return _answer(request, task, _named_row(request, task, today, snooze_form=form), None)


def rule_list(request):
    rules = selectors.rules_all()
    forms = [(rule, RuleForm(initial={"version": rule.version, "threshold": rule.threshold, "severity": rule.severity,
                                      "due_in_days": rule.due_in_days, "enabled": rule.enabled},
                             prefix=f"r{rule.pk}")) for rule in rules]
    from florwork.alerts.engine import REGISTRY

    return render(request, "alerts/rules.html", {"forms": forms, "history": selectors.rules_history(),
                                                 "evaluated": set(REGISTRY)})


@require_POST
def rule_edit(request, rule_id: int):
    rule = selectors.rule_get(actor=request.actor, rule_id=rule_id)
    form = RuleForm(request.POST, prefix=f"r{rule.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rule_update(by=request.actor, rule=rule, version=data["version"], threshold=data["threshold"],
                                 severity=data["severity"], enabled=data["enabled"], due_in_days=data["due_in_days"],
                                 note=data["note"])
        except Conflict:
            messages.error(request, _("Someone else changed this rule meanwhile: check it and try again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rule “%(rule)s” saved: the next scan applies it.") % {"rule": rule.label})
    else:
        problems = "; ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                             for f, e in form.errors.items())
        messages.error(request, _("The rule was not saved: %(problems)s") % {"problems": problems})
    return redirect("alert_rules")
