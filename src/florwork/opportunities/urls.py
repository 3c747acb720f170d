"""URL routes of opportunities; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.opportunities import views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE

urlpatterns = [
    path("", requires(VIEW, EMPLOYERS)(views.opportunity_list), name="opportunity_list"),
    path("law68/", requires(VIEW, EMPLOYERS)(views.law68_flags), name="opportunity_law68"),
    path("law68/<int:company_id>/record/", requires(MANAGE, EMPLOYERS)(views.law68_record),
         name="opportunity_law68_record"),
    path("new/<int:company_id>/", requires(MANAGE, EMPLOYERS)(views.opportunity_create), name="opportunity_create"),
    path("visit/<int:visit_id>/new/", requires(MANAGE, EMPLOYERS)(views.opportunity_create_at_visit),
         name="opportunity_create_at_visit"),
    path("<int:opportunity_id>/", requires(VIEW, EMPLOYERS)(views.opportunity_detail), name="opportunity_detail"),
    path("<int:opportunity_id>/edit/", requires(MANAGE, EMPLOYERS)(views.opportunity_edit), name="opportunity_edit"),
    path("<int:opportunity_id>/status/", requires(MANAGE, EMPLOYERS)(views.opportunity_status),
         name="opportunity_status"),
    path("<int:opportunity_id>/vacancy/", requires(MANAGE, EMPLOYERS)(views.opportunity_vacancy),
         name="opportunity_vacancy"),
    path("<int:opportunity_id>/convention/", requires(MANAGE, EMPLOYERS)(views.opportunity_convention),
         name="opportunity_convention"),
]
