"""URL routes of visits; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.visits import views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE

urlpatterns = [
    path("reports/<int:visit_id>/", requires(VIEW, EMPLOYERS)(views.visit_detail), name="visit_detail"),
    path("reports/<int:visit_id>/edit/", requires(MANAGE, EMPLOYERS)(views.visit_edit), name="visit_edit"),
    path("companies/<int:company_id>/record/", requires(MANAGE, EMPLOYERS)(views.visit_create),
         name="visit_create"),
]
