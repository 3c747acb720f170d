"""URL routes of alerts; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.alerts import views
from florwork.audit.models import Purpose

CASES = Purpose.CASE_MANAGEMENT

urlpatterns = [
    path("", requires(Action.TASK_VIEW, CASES)(views.task_list), name="task_list"),
    path("<int:task_id>/done/", requires(Action.TASK_VIEW, CASES)(views.task_done), name="task_done"),
    path("<int:task_id>/snooze/", requires(Action.TASK_VIEW, CASES)(views.task_snooze), name="task_snooze"),
    path("rules/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(views.rule_list), name="alert_rules"),
    path("rules/<int:rule_id>/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(views.rule_edit),
         name="alert_rule_edit"),
]
