"""The access policy: the one place that answers "may this actor do this action on this object".

Two questions, both deny-by-default:
1. may the actor's role perform the action at all (ROLE_GRANTS, the table below);
2. if an object is given, may this actor perform it on that object (OBJECT_RULES, by model label).

Object rules are keyed by model label (``"accounts.Organization"``) so that this module never
imports the apps above it; every selector and service of every app asks here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from florwork.accounts.roles import Role


class Action(StrEnum):
    HUB_VIEW = "hub.view"
    ORGANIZATION_VIEW = "organization.view"
    ORGANIZATION_MANAGE = "organization.manage"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    PARAMETERS_MANAGE = "parameters.manage"
    APITOKEN_MANAGE = "apitoken.manage"
    # people and cases (issue 3 adds their object rules)
    PERSON_VIEW = "person.view"
    PERSON_CREATE = "person.create"
    PERSON_UPDATE = "person.update"
    PERSON_VIEW_SPECIAL = "person.view_special"
    REFERRAL_CREATE = "referral.create"
    REFERRAL_VIEW = "referral.view"
    CASE_VIEW = "case.view"
    CASE_UPDATE = "case.update"
    CASE_ASSIGN = "case.assign"
    ASSESSMENT_CONDUCT = "assessment.conduct"
    PLAN_MANAGE = "plan.manage"
    RULES_MANAGE = "rules.manage"
    PARTNER_REFERRAL_RECEIVE = "partner_referral.receive"
    PARTNER_REFERRAL_SEND = "partner_referral.send"
    SERVICE_VIEW = "service.view"
    SERVICE_MANAGE = "service.manage"
    TASK_VIEW = "task.view"
    PROFILE_VIEW = "profile.view"
    PROFILE_MANAGE = "profile.manage"
    # employers and matching
    COMPANY_VIEW = "company.view"
    COMPANY_MANAGE = "company.manage"
    COMPANY_IMPORT = "company.import"
    VACANCY_MANAGE = "vacancy.manage"
    MATCHING_RUN = "matching.run"
    PRESENTATION_MANAGE = "presentation.manage"
    PLACEMENT_MANAGE = "placement.manage"
    # evidence, money and governance
    DATASET_PSEUDONYMIZED = "dataset.pseudonymized"
    AGGREGATE_VIEW = "aggregate.view"
    CONTRACT_VIEW = "contract.view"


A = Action
_EVERY_ROLE = {A.HUB_VIEW, A.ORGANIZATION_VIEW, A.APITOKEN_MANAGE}

ROLE_GRANTS: dict[str, frozenset[Action]] = {
    Role.SOCIAL_WORKER: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.PERSON_VIEW, A.PERSON_CREATE, A.REFERRAL_CREATE, A.REFERRAL_VIEW, A.CASE_VIEW,
        A.SERVICE_VIEW,
    }),
    Role.CASE_MANAGER: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.PERSON_VIEW, A.PERSON_CREATE, A.PERSON_UPDATE, A.PERSON_VIEW_SPECIAL,
        A.REFERRAL_VIEW, A.CASE_VIEW, A.CASE_UPDATE, A.ASSESSMENT_CONDUCT, A.PLAN_MANAGE,
        A.COMPANY_VIEW, A.MATCHING_RUN, A.SERVICE_VIEW, A.PARTNER_REFERRAL_SEND, A.TASK_VIEW,
        A.PLACEMENT_MANAGE,
    }),
    Role.COMPANY_OFFICER: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.COMPANY_VIEW, A.COMPANY_MANAGE, A.COMPANY_IMPORT, A.VACANCY_MANAGE,
        A.MATCHING_RUN, A.PRESENTATION_MANAGE, A.PLACEMENT_MANAGE,
    }),
    Role.PARTNER_OPERATOR: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.PERSON_VIEW, A.PARTNER_REFERRAL_RECEIVE, A.SERVICE_VIEW, A.SERVICE_MANAGE,
    }),
    Role.PROGRAMME_MANAGER: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.PERSON_VIEW, A.REFERRAL_VIEW, A.CASE_VIEW, A.CASE_ASSIGN, A.RULES_MANAGE,
        A.COMPANY_VIEW, A.AGGREGATE_VIEW, A.CONTRACT_VIEW, A.SERVICE_VIEW, A.SERVICE_MANAGE, A.TASK_VIEW,
        A.PROFILE_VIEW, A.PROFILE_MANAGE,
    }),
    Role.EVALUATOR: frozenset(_EVERY_ROLE | {A.DATASET_PSEUDONYMIZED, A.AGGREGATE_VIEW, A.PROFILE_VIEW}),
    Role.FUNDER: frozenset(_EVERY_ROLE | {A.AGGREGATE_VIEW, A.CONTRACT_VIEW}),
    Role.ADMINISTRATOR: frozenset(_EVERY_ROLE | {
        A.USER_VIEW, A.USER_MANAGE, A.ORGANIZATION_MANAGE, A.AUDIT_VIEW, A.PARAMETERS_MANAGE,
    }),
}

# Roles whose view of organizations and users spans the whole hub, not only their own organization.
HUB_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER})


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user through one membership (one organization, one role)."""

    user_id: int | None
    membership_id: int | None = None
    organization_id: int | None = None
    organization_label: str = ""
    role: str | None = None
    label: str = ""
    is_system: bool = False  # a management command run by the operator of the machine

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Actor(user_id=None)
SYSTEM = Actor(user_id=None, label="florwork (system)", is_system=True)

ObjectRule = Callable[[Actor, Action, Any], bool]
OBJECT_RULES: dict[str, ObjectRule] = {}


def object_rule(model_label: str) -> Callable[[ObjectRule], ObjectRule]:
    def register(rule: ObjectRule) -> ObjectRule:
        OBJECT_RULES[model_label] = rule
        return rule

    return register


def role_may(role: str | None, action: Action) -> bool:
    return role is not None and action in ROLE_GRANTS.get(role, frozenset())


def may(actor: Actor, action: Action, obj: Any = None) -> bool:
    """True only if the role grants the action and, for an object, its rule allows it."""
    if actor.is_system:
        return True
    if not actor.is_authenticated or not role_may(actor.role, action):
        return False
    if obj is None:
        return True
    rule = OBJECT_RULES.get(obj._meta.label)
    return rule is not None and rule(actor, action, obj)


def hub_wide(actor: Actor) -> bool:
    return actor.role in HUB_WIDE_ROLES


@object_rule("accounts.Organization")
def _organization_rule(actor: Actor, action: Action, org: Any) -> bool:
    if action == A.ORGANIZATION_VIEW:
        return hub_wide(actor) or org.pk == actor.organization_id
    return action == A.ORGANIZATION_MANAGE


@object_rule("accounts.User")
def _user_rule(actor: Actor, action: Action, user: Any) -> bool:
    if action == A.USER_MANAGE:
        return True
    if action == A.USER_VIEW:
        return (
            hub_wide(actor)
            or user.pk == actor.user_id
            or user.memberships.filter(organization_id=actor.organization_id).exists()
        )
    return False


@object_rule("accounts.ApiToken")
def _token_rule(actor: Actor, action: Action, token: Any) -> bool:
    return action == A.APITOKEN_MANAGE and token.membership.user_id == actor.user_id


# --- people and cases -------------------------------------------------------------------------------
# Each scope is a Q over the model, so that lists (selectors) and single objects (may) apply the very
# same rule. Models are looked up lazily: this module never imports the apps above it.

CASE_MANAGEMENT = "case_management"
PARTNER_SHARING = "partner_sharing"
_EARLY_CASE_STATES = ("referred", "intake")  # consent for case management is collected at intake


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _live_consent(purpose: str, organization_id: int | None = None, person_ref: str = "pk"):
    from django.db.models import Exists, OuterRef

    consents = _model("people.Consent").objects.filter(
        person_id=OuterRef(person_ref), purpose=purpose, withdrawn_at__isnull=True)
    if organization_id is not None:
        consents = consents.filter(organization_id=organization_id)
    return Exists(consents)


def person_scope(actor: Actor, action: Action):
    """The persons this actor may act on (a Q over people.Person), or None for none at all."""
    from django.db.models import Exists, OuterRef, Q

    if actor.is_system or (actor.role == Role.PROGRAMME_MANAGER and action == A.PERSON_VIEW):
        return Q()
    if actor.role == Role.SOCIAL_WORKER and action == A.PERSON_VIEW:
        referred = _model("cases.Referral").objects.filter(
            person_id=OuterRef("pk"), referring_organization_id=actor.organization_id)
        return Q(Exists(referred)) | Q(created_by_organization_id=actor.organization_id)
    if actor.role == Role.CASE_MANAGER and action in (A.PERSON_VIEW, A.PERSON_UPDATE, A.PERSON_VIEW_SPECIAL):
        cases = _model("cases.Case").objects.filter(
            person_id=OuterRef("pk"), team_organization_id=actor.organization_id)
        early = cases.filter(state__in=_EARLY_CASE_STATES)
        return Q(Exists(cases)) & (Q(Exists(early)) | Q(_live_consent(CASE_MANAGEMENT)))
    if actor.role == Role.PARTNER_OPERATOR and action == A.PERSON_VIEW:
        return Q(_live_consent(PARTNER_SHARING, actor.organization_id))
    return None


def case_scope(actor: Actor, action: Action):
    """The cases this actor may act on (a Q over cases.Case), or None."""
    from django.db.models import Q

    if actor.is_system or (actor.role == Role.PROGRAMME_MANAGER and action in (A.CASE_VIEW, A.CASE_ASSIGN)):
        return Q()
    if actor.role == Role.SOCIAL_WORKER and action == A.CASE_VIEW:
        return Q(referral__referring_organization_id=actor.organization_id)
    if actor.role == Role.CASE_MANAGER and action in (A.CASE_VIEW, A.CASE_UPDATE):
        return Q(team_organization_id=actor.organization_id)
    return None


def _scoped_rule(scope_of):
    def rule(actor: Actor, action: Action, obj: Any) -> bool:
        scope = scope_of(actor, action)
        if scope is None:
            return False
        return type(obj)._default_manager.filter(scope, pk=obj.pk).exists()

    return rule


OBJECT_RULES["people.Person"] = _scoped_rule(person_scope)
OBJECT_RULES["cases.Case"] = _scoped_rule(case_scope)


# --- network (services catalogue and partner referrals) ---------------------------------------------

def service_scope(actor: Actor, action: Action):
    """The services this actor may act on (a Q over network.Service), or None.

    Everyone granted SERVICE_VIEW browses the whole catalogue; a partner operator manages only their own
    organization's services, the programme manager any."""
    from django.db.models import Q

    if actor.is_system or (action == A.SERVICE_VIEW and role_may(actor.role, action)):
        return Q()
    if action == A.SERVICE_MANAGE and actor.role == Role.PROGRAMME_MANAGER:
        return Q()
    if action == A.SERVICE_MANAGE and actor.role == Role.PARTNER_OPERATOR:
        return Q(organization_id=actor.organization_id)
    return None


def partner_referral_scope(actor: Actor, action: Action):
    """The partner referrals this actor may act on (a Q over network.PartnerReferral), or None: the
    receiving organization's partner operators work their inbox; the case managers of the case's hub team
    send and follow them."""
    from django.db.models import Q

    if actor.is_system:
        return Q()
    if action == A.PARTNER_REFERRAL_RECEIVE and actor.role == Role.PARTNER_OPERATOR:
        return Q(organization_id=actor.organization_id)
    if action == A.PARTNER_REFERRAL_SEND and actor.role == Role.CASE_MANAGER:
        return Q(case__team_organization_id=actor.organization_id)
    return None


OBJECT_RULES["network.Service"] = _scoped_rule(service_scope)
OBJECT_RULES["network.PartnerReferral"] = _scoped_rule(partner_referral_scope)


# --- plans ------------------------------------------------------------------------------------------
# A plan belongs to its case: the case managers of the case's hub team build it (PLAN_MANAGE).

def plan_scope(actor: Actor, action: Action):
    """The plans this actor may act on (a Q over plans.Plan), or None."""
    from django.db.models import Q

    if actor.is_system:
        return Q()
    if actor.role == Role.CASE_MANAGER and action == A.PLAN_MANAGE:
        return Q(case__team_organization_id=actor.organization_id)
    return None


OBJECT_RULES["plans.Plan"] = _scoped_rule(plan_scope)


# --- employers: the company registry ----------------------------------------------------------------
# The registry is one for the hub partnership: whoever holds COMPANY_VIEW / COMPANY_MANAGE may act on any
# company. Contacts are personal data of the companies' employees: the company officers and the case
# managers (who call them about candidates) see them; the programme manager, who steers, does not.
CONTACT_READERS = frozenset({Role.COMPANY_OFFICER, Role.CASE_MANAGER})


@object_rule("employers.Company")
def _company_rule(actor: Actor, action: Action, company: Any) -> bool:
    return action in (A.COMPANY_VIEW, A.COMPANY_MANAGE)


def may_read_contacts(actor: Actor) -> bool:
    return actor.is_system or (actor.role in CONTACT_READERS and role_may(actor.role, A.COMPANY_VIEW))


@object_rule("employers.Contact")
def _contact_rule(actor: Actor, action: Action, contact: Any) -> bool:
    if action == A.COMPANY_VIEW:
        return may_read_contacts(actor)
    return action == A.COMPANY_MANAGE




# --- employers: imports of partner databases ----------------------------------------------------------------
# Imports feed the one registry of the partnership: any holder of COMPANY_IMPORT works on any import.
def _import_rule(actor: Actor, action: Action, obj: Any) -> bool:
    return action == A.COMPANY_IMPORT


for _label in ("employers.ImportFile", "employers.ImportRow", "employers.ReviewPair"):
    OBJECT_RULES[_label] = _import_rule


# --- matching: vacancies ----------------------------------------------------------------------------
# Vacancies belong to the hub partnership's one company registry: the company officers manage any of them
# (VACANCY_MANAGE) and rank candidates for any (MATCHING_RUN); the case managers, who rank vacancies for
# their people (MATCHING_RUN), see the ones that were published, never a company's drafts.

def vacancy_scope(actor: Actor, action: Action):
    """The vacancies this actor may act on (a Q over matching.Vacancy), or None."""
    from django.db.models import Q

    if actor.is_system:
        return Q()
    if not role_may(actor.role, action) or action not in (A.VACANCY_MANAGE, A.MATCHING_RUN):
        return None
    if role_may(actor.role, A.VACANCY_MANAGE):
        return Q()
    return ~Q(status="draft")


OBJECT_RULES["matching.Vacancy"] = _scoped_rule(vacancy_scope)


# --- outreach: campaigns ----------------------------------------------------------------------------
# A campaign belongs to the organization whose officer created it: its officers see and work it (the
# registry it draws on is hub-wide, the calling plan is not).

def campaign_scope(actor: Actor, action: Action):
    """The campaigns this actor may act on (a Q over outreach.Campaign), or None."""
    from django.db.models import Q

    if actor.is_system:
        return Q()
    if action in (A.COMPANY_VIEW, A.COMPANY_MANAGE) and role_may(actor.role, action):
        return Q(organization_id=actor.organization_id)
    return None


OBJECT_RULES["outreach.Campaign"] = _scoped_rule(campaign_scope)
