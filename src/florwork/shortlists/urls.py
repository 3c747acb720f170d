"""URL routes of shortlists; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.shortlists import views

P = Action.PRESENTATION_MANAGE
MATCHING = Purpose.EMPLOYER_ENGAGEMENT


def _p(view):
    return requires(P, MATCHING)(view)


urlpatterns = [
    path("funnel/", _p(views.funnel_page), name="shortlist_funnel"),
    path("funnel/aggregate/", requires(Action.AGGREGATE_VIEW, Purpose.GOVERNANCE)(views.funnel_aggregate),
         name="shortlist_funnel_aggregate"),
    path("vacancy/<int:vacancy_id>/", _p(views.shortlist), name="shortlist"),
    path("vacancy/<int:vacancy_id>/add/", _p(views.entry_add), name="shortlist_add"),
    path("entry/<int:entry_id>/", _p(views.entry_detail), name="shortlist_entry"),
    path("entry/<int:entry_id>/advance/", _p(views.entry_advance), name="shortlist_entry_advance"),
    path("entry/<int:entry_id>/interview-request/", _p(views.entry_interview_request),
         name="shortlist_entry_interview_request"),
    path("entry/<int:entry_id>/agreement/", _p(views.entry_person_agree), name="shortlist_entry_agree"),
    path("entry/<int:entry_id>/agreement/from-case/",
         requires(Action.PLACEMENT_MANAGE, Purpose.CASE_MANAGEMENT)(views.entry_person_agree_from_case),
         name="shortlist_entry_agree_from_case"),
    path("entry/<int:entry_id>/reveal/", _p(views.entry_reveal), name="shortlist_entry_reveal"),
    path("entry/<int:entry_id>/remove/", _p(views.entry_remove), name="shortlist_entry_remove"),
    path("entry/<int:entry_id>/profile/", _p(views.profile_page), name="shortlist_profile"),
    path("entry/<int:entry_id>/profile.pdf", _p(views.profile_pdf), name="shortlist_profile_pdf"),
]
