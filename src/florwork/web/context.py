"""Navigation by role: each entry shows only where the access policy grants its action."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from florwork.accounts.policy import Action, may
from florwork.accounts.selectors import memberships_of

# the bar holds each role's daily work; the programme manager's rule pages (routing, SLA, plan suggestions,
# alerts, network terms) and, for all but the administrator, organizations and users are reached from the
# home dashboard's cards, so the bar stays on one line
NAVIGATION = [
    ("home", _("Home"), Action.HUB_VIEW),
    ("referral_create", _("Refer a person"), Action.REFERRAL_CREATE),
    ("caseload", _("Cases"), Action.CASE_VIEW),
    ("task_list", _("My tasks"), Action.TASK_VIEW),
    ("person_list", _("People"), Action.PERSON_VIEW),
    ("service_list", _("Services"), Action.SERVICE_VIEW),
    ("partner_inbox", _("Referrals received"), Action.PARTNER_REFERRAL_RECEIVE),
    ("company_list", _("Companies"), Action.COMPANY_VIEW),
    # the company officer's day, in the order of the work: whom to approach, visits, what was found there,
    # the vacancies and their candidates, the placements; imports and the taxonomy are reached from the home
    # cards (and imports from the registry), so the bar stays on one line
    ("outreach_priorities", _("Outreach"), Action.COMPANY_MANAGE),
    ("visit_plan_list", _("Visit plans"), Action.COMPANY_MANAGE),
    ("opportunity_list", _("Opportunities"), Action.COMPANY_MANAGE),
    ("vacancy_list", _("Vacancies"), Action.VACANCY_MANAGE),
    ("placement_list", _("Placements"), Action.PRESENTATION_MANAGE),  # the officers' list (case managers: case page)
    ("organization_list", _("Organizations"), Action.ORGANIZATION_MANAGE),
    ("user_list", _("Users"), Action.USER_MANAGE),
    ("profile_list", _("Statistical profile"), Action.PROFILE_VIEW),
    ("shortlist_funnel_aggregate", _("Placement funnel"), Action.AGGREGATE_VIEW),
    ("audit_list", _("Audit log"), Action.AUDIT_VIEW),
]


def navigation(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = [{"url": reverse(name), "label": label, "name": name, "active": False}
             for name, label, action in NAVIGATION if may(actor, action)]
    # the active entry is the longest one the page's path starts with ("/cases/refer/" is not "/cases/")
    candidates = [item for item in items
                  if (path == item["url"] if item["name"] == "home" else path.startswith(item["url"]))]
    if candidates:
        max(candidates, key=lambda item: len(item["url"]))["active"] = True
    # for the header's membership switch; read only when a page shows it
    memberships = SimpleLazyObject(lambda: memberships_of(request.user))
    return {"navigation": items, "actor": actor, "user_memberships": memberships}
