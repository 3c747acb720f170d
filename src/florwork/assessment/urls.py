"""URL routes of assessment; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.assessment import views
from florwork.audit.models import Purpose

CASES = Purpose.CASE_MANAGEMENT
GOVERNANCE = Purpose.GOVERNANCE
conduct = requires(Action.ASSESSMENT_CONDUCT, CASES)

urlpatterns = [
    path("case/<int:case_id>/start/", conduct(views.assessment_start), name="assessment_start"),
    path("case/<int:case_id>/progress/", conduct(views.progress), name="assessment_progress"),
    path("<int:assessment_id>/", conduct(views.assessment_detail), name="assessment_detail"),
    path("<int:assessment_id>/answers/<slug:item_code>/", conduct(views.answer_save), name="assessment_answer"),
    path("<int:assessment_id>/save/", conduct(views.assessment_save), name="assessment_save"),
    path("<int:assessment_id>/pathway/", conduct(views.pathway_decide), name="pathway_decide"),
    path("routing-rules/", requires(Action.RULES_MANAGE, GOVERNANCE)(views.rules), name="routing_rules"),
    path("overrides/", requires(Action.RULES_MANAGE, GOVERNANCE)(views.overrides), name="pathway_overrides"),
    path("cohort/", requires(Action.RULES_MANAGE, GOVERNANCE)(views.cohort), name="assessment_cohort"),
]
