from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from florwork.accounts import views as accounts
from florwork.accounts.forms import LoginForm, PasswordResetTaskForm
from florwork.accounts.policy import Action
from florwork.accounts.routes import public, requires
from florwork.api import api_urls
from florwork.audit import views as audit
from florwork.audit.models import Purpose
from florwork.web import views as web

ADMIN = Purpose.ADMINISTRATION

urlpatterns = [
    path("", requires(Action.HUB_VIEW)(web.home), name="home"),
    path("i18n/setlang/", public(web.set_language), name="set_language"),
    path("i18n/js/", public(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    # authentication
    path("login/", public(auth_views.LoginView.as_view(authentication_form=LoginForm,
                                                        redirect_authenticated_user=True)), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("password/reset/", public(auth_views.PasswordResetView.as_view(form_class=PasswordResetTaskForm)),
         name="password_reset"),
    path("password/reset/sent/", public(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", public(auth_views.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("password/reset/done/", public(auth_views.PasswordResetCompleteView.as_view()),
         name="password_reset_complete"),
    # the user's own account
    path("account/", requires(Action.HUB_VIEW, Purpose.ACCOUNT)(accounts.account), name="account"),
    path("account/membership/", requires(Action.HUB_VIEW)(accounts.membership_switch), name="membership_switch"),
    path("account/tokens/", requires(Action.APITOKEN_MANAGE, Purpose.ACCOUNT)(accounts.token_create),
         name="token_create"),
    path("account/tokens/<int:token_id>/revoke/",
         requires(Action.APITOKEN_MANAGE, Purpose.ACCOUNT)(accounts.token_revoke), name="token_revoke"),
    # organizations and users
    path("organizations/", requires(Action.ORGANIZATION_VIEW)(accounts.organization_list), name="organization_list"),
    path("organizations/new/", requires(Action.ORGANIZATION_MANAGE, ADMIN)(accounts.organization_create),
         name="organization_create"),
    path("organizations/<int:organization_id>/", requires(Action.ORGANIZATION_VIEW, ADMIN)(
        accounts.organization_detail), name="organization_detail"),
    path("users/", requires(Action.USER_VIEW, ADMIN)(accounts.user_list), name="user_list"),
    path("users/new/", requires(Action.USER_MANAGE, ADMIN)(accounts.user_create), name="user_create"),
    path("users/<int:user_id>/", requires(Action.USER_VIEW, ADMIN)(accounts.user_detail), name="user_detail"),
    path("users/<int:user_id>/edit/", requires(Action.USER_MANAGE, ADMIN)(accounts.user_edit), name="user_edit"),
    path("users/<int:user_id>/memberships/", requires(Action.USER_MANAGE, ADMIN)(accounts.membership_add),
         name="membership_add"),
    # people and cases
    path("people/", include("florwork.people.urls")),
    path("cases/", include("florwork.cases.urls")),
    path("assessments/", include("florwork.assessment.urls")),
    path("network/", include("florwork.network.urls")),
    path("plans/", include("florwork.plans.urls")),
    path("tasks/", include("florwork.alerts.urls")),
    path("employers/", include("florwork.employers.urls")),
    path("matching/", include("florwork.matching.urls")),
    path("outreach/", include("florwork.outreach.urls")),
    path("visits/", include("florwork.visits.urls")),
    path("opportunities/", include("florwork.opportunities.urls")),
    path("shortlists/", include("florwork.shortlists.urls")),
    path("placements/", include("florwork.placements.urls")),
    path("governance/", include("florwork.governance.urls")),
    # audit
    path("audit/", requires(Action.AUDIT_VIEW, Purpose.SECURITY)(audit.entry_list), name="audit_list"),
    # JSON API
    path("api/", include(api_urls(), namespace="api")),
]

handler400 = "florwork.web.views.bad_request"
handler403 = "florwork.web.views.permission_denied"
handler404 = "florwork.web.views.page_not_found"
handler500 = "florwork.web.views.server_error"
