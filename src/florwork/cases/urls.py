"""URL routes of cases; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.cases import views

CASES = Purpose.CASE_MANAGEMENT

urlpatterns = [
    path("", requires(Action.CASE_VIEW, CASES)(views.caseload), name="caseload"),
    path("service-levels/", requires(Action.RULES_MANAGE, Purpose.GOVERNANCE)(views.sla_settings),
         name="sla_settings"),
    path("refer/", requires(Action.REFERRAL_CREATE, Purpose.REFERRAL)(views.referral_create), name="referral_create"),
    path("<int:case_id>/", requires(Action.CASE_VIEW, CASES)(views.case_detail), name="case_detail"),
    path("<int:case_id>/transition/", requires(Action.CASE_UPDATE, CASES)(views.case_transition),
         name="case_transition"),
    path("<int:case_id>/assign/", requires(Action.CASE_ASSIGN, CASES)(views.case_assign), name="case_assign"),
    path("<int:case_id>/contact/", requires(Action.CASE_UPDATE, CASES)(views.case_contact), name="case_contact"),
    path("<int:case_id>/note/", requires(Action.CASE_UPDATE, CASES)(views.case_note), name="case_note"),
    path("<int:case_id>/documents/<int:event_id>/", requires(Action.CASE_VIEW, CASES)(views.case_document),
         name="case_document"),
    path("<int:case_id>/attachments/<int:attachment_id>/", requires(Action.CASE_VIEW, CASES)(
        views.referral_attachment), name="referral_attachment"),
]
