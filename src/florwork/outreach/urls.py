"""URL routes of outreach; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.outreach import views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE

urlpatterns = [
    path("", requires(VIEW, EMPLOYERS)(views.priorities), name="outreach_priorities"),
    path("weights/", requires(VIEW, EMPLOYERS)(views.weights), name="outreach_weights"),
    path("campaigns/", requires(VIEW, EMPLOYERS)(views.campaign_list), name="outreach_campaign_list"),
    path("campaigns/new/", requires(MANAGE, EMPLOYERS)(views.campaign_create), name="outreach_campaign_create"),
    path("campaigns/<int:campaign_id>/", requires(VIEW, EMPLOYERS)(views.campaign_detail),
         name="outreach_campaign_detail"),
    path("campaigns/<int:campaign_id>/edit/", requires(MANAGE, EMPLOYERS)(views.campaign_edit),
         name="outreach_campaign_edit"),
    path("campaigns/<int:campaign_id>/targets/<int:target_id>/contact/",
         requires(MANAGE, EMPLOYERS)(views.contact_record), name="outreach_contact_record"),
]
