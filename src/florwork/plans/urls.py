"""URL routes of plans; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.plans import views

manage = requires(Action.PLAN_MANAGE, Purpose.CASE_MANAGEMENT)
CASE = "case/<int:case_id>/"

urlpatterns = [
    path(CASE, manage(views.plan_detail), name="plan_detail"),
    path(CASE + "create/", manage(views.plan_create), name="plan_create"),
    path(CASE + "frame/", manage(views.plan_update), name="plan_update"),
    path(CASE + "suggestions/", manage(views.suggestions_apply), name="plan_suggestions"),
    path(CASE + "goals/", manage(views.goal_add), name="plan_goal_add"),
    path(CASE + "goals/<int:goal_id>/", manage(views.goal_edit), name="plan_goal_edit"),
    path(CASE + "actions/", manage(views.action_add), name="plan_action_add"),
    path(CASE + "actions/<int:action_id>/", manage(views.action_edit), name="plan_action_edit"),
    path(CASE + "actions/<int:action_id>/status/", manage(views.action_status), name="plan_action_status"),
    path(CASE + "services/", manage(views.service_picker), name="plan_service_picker"),
    path(CASE + "revisions/", manage(views.revision_start), name="plan_revision_start"),
    path(CASE + "sign/", manage(views.plan_sign), name="plan_sign"),
    path(CASE + "patto.pdf", manage(views.patto_download), name="plan_patto"),
    path(CASE + "revisions/<int:number>/signed/", manage(views.signed_document), name="plan_signed_document"),
    path("suggestion-rules/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(views.rules),
         name="suggestion_rules"),
]
