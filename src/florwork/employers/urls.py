"""URL routes of employers; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.employers import views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE

urlpatterns = [
    path("", requires(VIEW, EMPLOYERS)(views.company_list), name="company_list"),
    path("opportunities/", requires(VIEW, EMPLOYERS)(views.opportunities), name="company_opportunities"),
    path("new/", requires(MANAGE, EMPLOYERS)(views.company_create), name="company_create"),
    path("art14-parameters/", requires(Action.PARAMETERS_MANAGE, Purpose.ADMINISTRATION)(views.art14_parameters),
         name="art14_parameters"),
    path("<int:company_id>/", requires(VIEW, EMPLOYERS)(views.company_detail), name="company_detail"),
    path("<int:company_id>/edit/", requires(MANAGE, EMPLOYERS)(views.company_edit), name="company_edit"),
    path("<int:company_id>/relationship/", requires(MANAGE, EMPLOYERS)(views.company_transition),
         name="company_transition"),
    path("<int:company_id>/sites/new/", requires(MANAGE, EMPLOYERS)(views.site_add), name="company_site_add"),
    path("<int:company_id>/contacts/new/", requires(MANAGE, EMPLOYERS)(views.contact_add),
         name="company_contact_add"),
    path("<int:company_id>/contacts/<int:contact_id>/opt-out/", requires(MANAGE, EMPLOYERS)(views.contact_opt_out),
         name="company_contact_opt_out"),
    path("<int:company_id>/art14/new/", requires(MANAGE, EMPLOYERS)(views.convention_add),
         name="company_convention_add"),
]
