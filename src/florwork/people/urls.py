"""URL routes of people; each declares its access policy (see accounts/routes.py). Ids only in paths:
no personal data in a URL."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.people import views

CM = Purpose.CASE_MANAGEMENT
VIEW, UPDATE, SPECIAL = Action.PERSON_VIEW, Action.PERSON_UPDATE, Action.PERSON_VIEW_SPECIAL

urlpatterns = [
    path("", requires(VIEW, CM)(views.person_list), name="person_list"),
    path("<int:person_id>/", requires(VIEW, CM)(views.person_detail), name="person_detail"),
    path("<int:person_id>/edit/", requires(UPDATE, CM)(views.person_edit), name="person_edit"),
    path("<int:person_id>/health/", requires(SPECIAL, CM)(views.person_sensitive_edit),
         name="person_sensitive_edit"),
    path("<int:person_id>/benefits/new/", requires(UPDATE, CM)(views.benefit_add), name="person_benefit_add"),
    path("<int:person_id>/work/new/", requires(UPDATE, CM)(views.work_experience_add), name="person_work_add"),
    path("<int:person_id>/consents/new/", requires(UPDATE, CM)(views.consent_give), name="person_consent_give"),
    path("<int:person_id>/consents/<int:consent_id>/withdraw/", requires(UPDATE, CM)(views.consent_withdraw),
         name="person_consent_withdraw"),
    path("<int:person_id>/consents/<int:consent_id>/document/", requires(VIEW, CM)(views.consent_document),
         name="person_consent_document"),
]
