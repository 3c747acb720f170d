"""URL routes of network; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.network import views

SERVICE = Purpose.PARTNER_SERVICE

urlpatterns = [
    path("services/", requires(Action.SERVICE_VIEW, SERVICE)(views.service_list), name="service_list"),
    path("services/new/", requires(Action.SERVICE_MANAGE, SERVICE)(views.service_create), name="service_create"),
    path("services/<int:service_id>/", requires(Action.SERVICE_VIEW, SERVICE)(views.service_detail),
         name="service_detail"),
    path("services/<int:service_id>/edit/", requires(Action.SERVICE_MANAGE, SERVICE)(views.service_edit),
         name="service_edit"),
    path("services/<int:service_id>/remove/", requires(Action.SERVICE_MANAGE, SERVICE)(views.service_remove),
         name="service_remove"),
    path("cases/<int:case_id>/refer/<int:service_id>/", requires(Action.PARTNER_REFERRAL_SEND, SERVICE)(
        views.refer), name="partner_referral_send"),
    path("inbox/", requires(Action.PARTNER_REFERRAL_RECEIVE, SERVICE)(views.inbox), name="partner_inbox"),
    path("inbox/<int:referral_id>/", requires(Action.PARTNER_REFERRAL_RECEIVE, SERVICE)(views.referral_detail),
         name="partner_referral_detail"),
    path("inbox/<int:referral_id>/transition/", requires(Action.PARTNER_REFERRAL_RECEIVE, SERVICE)(
        views.referral_transition), name="partner_referral_transition"),
    path("cohort/", requires(Action.AGGREGATE_VIEW, Purpose.GOVERNANCE)(views.cohort), name="network_cohort"),
    path("terms/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(views.terms), name="network_terms"),
]
