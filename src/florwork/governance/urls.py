"""URL routes of governance; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.governance import views

aggregates = requires(Action.AGGREGATE_VIEW, Purpose.GOVERNANCE)

urlpatterns = [
    path("timeliness/", aggregates(views.timeliness), name="timeliness"),
]
