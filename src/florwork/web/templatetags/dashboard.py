"""The home dashboard: for each role, what it does in the hub (DESIGN.md, "Who uses it").

A card links to its page only when the page exists and the access policy grants its action;
modules not built yet show as "coming", never as dead links.
"""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from florwork.accounts.policy import Action, may
from florwork.accounts.roles import Role

register = template.Library()


@dataclass(frozen=True)
class Card:
    title: Promise
    text: Promise
    icon: str
    url_name: str = ""  # empty: the module is still to come
    action: Action | None = None


ORGANIZATIONS = Card(_("Organizations"), _("The partnership of the hub: who does what, and their people."),
                     "it-pa", "organization_list", Action.ORGANIZATION_VIEW)
USERS = Card(_("Users"), _("People who work in the hub, their organization and role."),
             "it-user", "user_list", Action.USER_VIEW)

CARDS: dict[str, list[Card]] = {
    Role.SOCIAL_WORKER: [
        Card(_("Refer a person"), _("Send a person who depends on assistance to the hub, with their consent."),
             "it-arrow-right-circle", "referral_create", Action.REFERRAL_CREATE),
        Card(_("My referrals"), _("Follow the people you referred: where they are on their path."), "it-list",
             "caseload", Action.CASE_VIEW),
        ORGANIZATIONS,
        USERS,
    ],
    Role.CASE_MANAGER: [
        Card(_("Caseload"), _("The people you follow, their state and what is due."), "it-folder",
             "caseload", Action.CASE_VIEW),
        Card(_("People"), _("The records of the people you follow: identity, history, consents."), "it-user",
             "person_list", Action.PERSON_VIEW),
        Card(_("Tasks and alerts"), _("Deadlines, reminders and service-level clocks."), "it-clock",
             "task_list", Action.TASK_VIEW),
        Card(_("Partners' services"), _("The catalogue of the partners' services, with free seats and eligibility."),
             "it-tool", "service_list", Action.SERVICE_VIEW),
        Card(_("Occupations and skills"), _("The ESCO occupations and skills, searched in Italian. Each case page "
                                            "shows the person's best vacancies and the skills they lack."),
             "it-search", "taxonomy_search", Action.MATCHING_RUN),
        ORGANIZATIONS,
    ],
    Role.COMPANY_OFFICER: [
        Card(_("Company registry"), _("Employers, sectors, sites and Law 68/99 obligations."), "it-card",
             "company_list", Action.COMPANY_VIEW),
        Card(_("Law 68 opportunities"), _("Companies short of their Law 68/99 quota: direct hiring or an Art. 14 "
                                          "convention."), "it-horn", "opportunity_law68", Action.COMPANY_VIEW),
        Card(_("Imports"), _("Partner databases linked into one registry, with provenance."), "it-upload",
             "import_list", Action.COMPANY_IMPORT),
        Card(_("Outreach"), _("Which companies to approach first and why; outreach campaigns and their calls."),
             "it-telephone", "outreach_priorities", Action.COMPANY_MANAGE),
        Card(_("Visit plans"), _("A week of visits routed per officer and day, on a map and in your calendar; "
                                 "visit reports."), "it-map-marker-circle", "visit_plan_list", Action.COMPANY_MANAGE),
        Card(_("Opportunities"), _("Direct and indirect opportunities found with employers; a direct one becomes "
                                   "a vacancy."), "it-star-outline", "opportunity_list", Action.COMPANY_VIEW),
        Card(_("Vacancies"), _("Vacancies with their candidates ranked and explained, shortlists and anonymized "
                               "presentations."), "it-presentation", "vacancy_list", Action.VACANCY_MANAGE),
        Card(_("Placement funnel"), _("From proposal to hiring, by vacancy, company, officer and pathway."),
             "it-chart-line", "shortlist_funnel", Action.PRESENTATION_MANAGE),
        Card(_("Placements"), _("Tirocini and contracts, their extensions and early endings."), "it-check-circle",
             "placement_list", Action.PLACEMENT_MANAGE),
        Card(_("Occupations and skills"), _("The ESCO occupations and skills, searched in Italian."), "it-search",
             "taxonomy_search", Action.MATCHING_RUN),
        ORGANIZATIONS,
    ],
    Role.PARTNER_OPERATOR: [
        Card(_("Referrals received"), _("People referred to your organization, and only those."), "it-inbox",
             "partner_inbox", Action.PARTNER_REFERRAL_RECEIVE),
        Card(_("Services offered"), _("Your services, capacity and eligibility rules."), "it-tool",
             "service_list", Action.SERVICE_VIEW),
        ORGANIZATIONS,
        USERS,
    ],
    Role.PROGRAMME_MANAGER: [
        Card(_("Timeliness"), _("Median and 90th percentile of the hub's and the partners' response times."),
             "it-clock", "timeliness", Action.AGGREGATE_VIEW),
        Card(_("Dashboards"), _("Flows, results and service levels of the programme."), "it-chart-line"),
        Card(_("All cases"), _("Every case of the programme, with assignment."), "it-files",
             "caseload", Action.CASE_VIEW),
        Card(_("Pathways"), _("The rules that propose a GOL pathway, and the case managers' overrides."),
             "it-share", "routing_rules", Action.RULES_MANAGE),
        Card(_("Distance travelled"), _("Average change per dimension by pathway, first to latest assessment."),
             "it-chart-line", "assessment_cohort", Action.RULES_MANAGE),
        Card(_("Distance travelled by service"), _("Average change per dimension by the partner service used."),
             "it-chart-line", "network_cohort", Action.AGGREGATE_VIEW),
        Card(_("Statistical profile"), _("The model's card, its accuracy and its fairness audit; activation."),
             "it-chart-line", "profile_list", Action.PROFILE_VIEW),
        Card(_("Placement funnel"), _("Candidates presented, interviewed, in tirocinio and hired, by pathway; "
                                      "small counts hidden."), "it-chart-line", "shortlist_funnel_aggregate",
             Action.AGGREGATE_VIEW),
        Card(_("Outreach weights"), _("How much each reason counts in the companies' outreach priority."),
             "it-settings", "outreach_weights", Action.RULES_MANAGE),
        Card(_("Ranking weights"), _("How much skills, experience, education and readiness count in matching."),
             "it-settings", "ranking_weights", Action.RULES_MANAGE),
        Card(_("Escalated tasks"), _("Tasks overdue with their case manager, escalated to you."), "it-warning-circle",
             "task_list", Action.TASK_VIEW),
        Card(_("Service-level targets"), _("Working days allowed from referral to contact, intake and assessment."),
             "it-clock", "sla_settings", Action.RULES_MANAGE),
        Card(_("Plan suggestions"), _("The rules that suggest plan actions from the pathway and the weakest "
                                      "dimensions."), "it-list", "suggestion_rules", Action.RULES_MANAGE),
        Card(_("Alert rules"), _("When the hub raises a task, with what severity and how soon."), "it-clock",
             "alert_rules", Action.RULES_MANAGE),
        Card(_("Network terms"), _("How many working days a partner has to answer a referral."), "it-settings",
             "network_terms", Action.RULES_MANAGE),
        Card(_("Governance reports"), _("Steering-committee report and open aggregated data."), "it-file-pdf"),
        ORGANIZATIONS,
        USERS,
    ],
    Role.EVALUATOR: [
        Card(_("Pseudonymized datasets"), _("Research extracts with no direct identifiers."), "it-file-csv"),
        Card(_("Statistical profile"), _("The model's card, its accuracy and its fairness audit."), "it-chart-line",
             "profile_list", Action.PROFILE_VIEW),
        Card(_("Timeliness"), _("Median and 90th percentile of the hub's and the partners' response times."),
             "it-clock", "timeliness", Action.AGGREGATE_VIEW),
        Card(_("Impact evaluation"), _("Counterfactual estimates of what changed for people."), "it-chart-line"),
        Card(_("Outcome verification"), _("Evidence behind each outcome claimed for payment."), "it-check-circle"),
        ORGANIZATIONS,
    ],
    Role.FUNDER: [
        Card(_("Aggregates"), _("Programme figures, never a single person."), "it-chart-line"),
        Card(_("Contract ledger"), _("Outcome contracts, verified outcomes and payments."), "it-card"),
        ORGANIZATIONS,
    ],
    Role.ADMINISTRATOR: [
        USERS,
        ORGANIZATIONS,
        Card(_("Audit log"), _("Who read or changed personal data, when, and why."), "it-locked",
             "audit_list", Action.AUDIT_VIEW),
        Card(_("Parameters"), _("Public-finance parameters and rules of the hub."), "it-settings"),
    ],
}


def _url(card: Card, actor) -> str:
    if not card.url_name or card.action is None or not may(actor, card.action):
        return ""
    try:
        return reverse(card.url_name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def role_cards(actor) -> list[dict]:
    """This actor's cards as {title, text, icon, url}; url is empty for a module still to come."""
    if actor is None or not actor.role:
        return []
    return [{"title": c.title, "text": c.text, "icon": c.icon, "url": _url(c, actor)}
            for c in CARDS.get(actor.role, [])]
