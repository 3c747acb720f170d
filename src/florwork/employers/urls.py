"""URL routes of employers; each declares its access policy (see accounts/routes.py)."""

from django.urls import path

from florwork.accounts.policy import Action
from florwork.accounts.routes import requires
from florwork.audit.models import Purpose
from florwork.employers import import_views, views

EMPLOYERS = Purpose.EMPLOYER_ENGAGEMENT
VIEW, MANAGE = Action.COMPANY_VIEW, Action.COMPANY_MANAGE
IMPORT = Action.COMPANY_IMPORT

urlpatterns = [
    path("", requires(VIEW, EMPLOYERS)(views.company_list), name="company_list"),
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
    # imports of partner databases (import_views)
    path("export.csv", requires(VIEW, EMPLOYERS)(import_views.registry_export), name="company_export"),
    path("imports/", requires(IMPORT, EMPLOYERS)(import_views.import_list), name="import_list"),
    path("imports/review/", requires(IMPORT, EMPLOYERS)(import_views.import_review), name="import_review"),
    path("imports/settings/", requires(IMPORT, EMPLOYERS)(import_views.linkage_settings), name="import_settings"),
    path("imports/demo/<str:name>", requires(IMPORT, EMPLOYERS)(import_views.demo_file), name="import_demo_file"),
    path("imports/<int:file_id>/", requires(IMPORT, EMPLOYERS)(import_views.import_detail), name="import_detail"),
    path("imports/<int:file_id>/mapping/", requires(IMPORT, EMPLOYERS)(import_views.import_mapping),
         name="import_mapping"),
    path("imports/<int:file_id>/run/", requires(IMPORT, EMPLOYERS)(import_views.import_run), name="import_run"),
    path("imports/pairs/<int:pair_id>/decide/", requires(IMPORT, EMPLOYERS)(import_views.pair_decide),
         name="import_pair_decide"),
    path("imports/rows/<int:row_id>/undo/", requires(IMPORT, EMPLOYERS)(import_views.row_undo),
         name="import_row_undo"),
]
