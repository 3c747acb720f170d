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

# --- statistical profile (issue 4) ---
from florwork.assessment import profile_views  # noqa: E402

profile_view = requires(Action.PROFILE_VIEW, GOVERNANCE)
profile_manage = requires(Action.PROFILE_MANAGE, GOVERNANCE)
urlpatterns += [
    path("profiles/", profile_view(profile_views.profile_list), name="profile_list"),
    path("profiles/train/", profile_manage(profile_views.profile_train), name="profile_train"),
    path("profiles/threshold/", profile_manage(profile_views.profile_gate), name="profile_gate"),
    path("profiles/<int:model_id>/", profile_view(profile_views.profile_detail), name="profile_detail"),
    path("profiles/<int:model_id>/card.md", profile_view(profile_views.profile_card), name="profile_card"),
    path("profiles/<int:model_id>/activate/", profile_manage(profile_views.profile_activate),
         name="profile_activate"),
    path("profiles/<int:model_id>/retire/", profile_manage(profile_views.profile_retire), name="profile_retire"),
]
