"""URL routes of placements; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.placements import views

MANAGE = requires(Action.PLACEMENT_MANAGE, Purpose.CASE_MANAGEMENT)

urlpatterns = [
    path("", MANAGE(views.placement_list), name="placement_list"),
    path("new/", MANAGE(views.placement_create), name="placement_create"),
    path("<int:placement_id>/", MANAGE(views.placement_detail), name="placement_detail"),
    path("<int:placement_id>/extend/", MANAGE(views.placement_extend), name="placement_extend"),
    path("<int:placement_id>/terminate/", MANAGE(views.placement_terminate), name="placement_terminate"),
    path("<int:placement_id>/project/", MANAGE(views.placement_document), name="placement_document"),
]
