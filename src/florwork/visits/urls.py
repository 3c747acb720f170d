"""URL routes of visits; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.visits import plan_views, views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE

urlpatterns = [
    path("", requires(MANAGE, EMPLOYERS)(plan_views.plan_list), name="visit_plan_list"),
    path("plans/new/", requires(MANAGE, EMPLOYERS)(plan_views.plan_create), name="visit_plan_create"),
    path("plans/<int:plan_id>/", requires(MANAGE, EMPLOYERS)(plan_views.plan_detail), name="visit_plan_detail"),
    path("plans/<int:plan_id>/replan/", requires(MANAGE, EMPLOYERS)(plan_views.plan_replan),
         name="visit_plan_replan"),
    path("plans/<int:plan_id>/officers/<int:officer_id>/visits.ics", requires(MANAGE, EMPLOYERS)(plan_views.plan_ics),
         name="visit_plan_ics"),
    path("routing-parameters/", requires(MANAGE, EMPLOYERS)(plan_views.routing_parameters_edit),
         name="visit_routing_parameters"),
    path("reports/<int:visit_id>/", requires(VIEW, EMPLOYERS)(views.visit_detail), name="visit_detail"),
    path("reports/<int:visit_id>/edit/", requires(MANAGE, EMPLOYERS)(views.visit_edit), name="visit_edit"),
    path("companies/<int:company_id>/record/", requires(MANAGE, EMPLOYERS)(views.visit_create),
         name="visit_create"),
]
