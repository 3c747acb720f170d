"""Loading the demo: territory, organizations, users and memberships in one transaction, then the people.

Everything goes through the accounts services with the SYSTEM actor, so every row the demo
creates has its audit entry. Re-running is safe: what already exists (by organization name or
username) is left as it is, and only what is missing is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from florwork import events
from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.policy import Actor
from florwork.accounts.roles import Role
from florwork.accounts.services import membership_add, organization_create, user_create
from florwork.demo.alerts import demo_alerts_load
from florwork.demo.companies import demo_companies_load
from florwork.demo.imports import demo_imports_load
from florwork.demo.network import demo_network_load
from florwork.demo.opportunities import demo_opportunities_load
from florwork.demo.outreach import demo_outreach_load
from florwork.demo.people import PeopleLoadError, demo_people_load
from florwork.demo.placements import demo_placements_load
from florwork.demo.plan import DEMO_PASSWORD, DEMO_USERNAMES, DemoPlan, OrganizationSpec, UserSpec, demo_plan
from florwork.demo.plans import demo_plans_load
from florwork.demo.profile_model import demo_profile_load
from florwork.demo.shortlists import demo_shortlists_load
from florwork.demo.vacancies import demo_matching_load
from florwork.demo.visits import demo_visits_load
from florwork.territory.selectors import comune_by_name
from florwork.territory.services import LoadReport, comuni_load


class DemoError(Exception):
    pass


@dataclass(frozen=True)
class DemoReport:
    seed: int
    comuni: LoadReport
    organizations_created: int
    users_created: int
    memberships_created: int
    people_created: int = 0
    cases_created: int = 0
    services_created: int = 0
    partner_referrals_created: int = 0
    plans_created: int = 0
    profile_models_created: int = 0
    companies_created: int = 0
    campaign_contacts_created: int = 0
    visit_plans_created: int = 0
    visits_created: int = 0
    vacancies_created: int = 0
    person_skills_created: int = 0
    opportunities_created: int = 0
    shortlist_entries_created: int = 0
    placements_created: int = 0
    import_files: tuple[str, ...] = ()
    tasks_opened: int = 0


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organization: str
    language: str
    password: str  # the demo password while it still works, otherwise empty


def demo_database_is_empty() -> bool:
    return not Organization.objects.exists()


def _organization(by: Actor, spec: OrganizationSpec) -> tuple[Organization, bool]:
    existing = Organization.objects.filter(name=spec.name).first()
    if existing is not None:
        return existing, False
    comune = comune_by_name(name=spec.comune, province_code=spec.province_code)
    if comune is None:
        raise DemoError(f"comune {spec.comune} ({spec.province_code}) is not in the territory table")
    org = organization_create(by=by, name=spec.name, kind=spec.kind, comune_istat=comune.istat_code,
                              email=spec.email)
    return org, True


def _user(by: Actor, spec: UserSpec, orgs: dict[str, Organization]) -> tuple[int, int]:
    """Creates the user and their memberships if missing; returns (users created, memberships created)."""
    user = User.objects.filter(username=spec.username).first()
    users_created = memberships_created = 0
    first_org, first_role = spec.memberships[0]
    if user is None:
        user = user_create(
            by=by, username=spec.username, first_name=spec.first_name, last_name=spec.last_name,
            email=spec.email, organization=orgs[first_org], role=first_role, language=spec.language,
            password=DEMO_PASSWORD,
        )
        users_created = memberships_created = 1
    for org_key, role in spec.memberships:
        if not Membership.objects.filter(user=user, organization=orgs[org_key]).exists():
            membership_add(by=by, user=user, organization=orgs[org_key], role=role)
            memberships_created += 1
    return users_created, memberships_created


def demo_load(*, by: Actor, seed: int = 1, plan: DemoPlan | None = None, people: int = 0) -> DemoReport:
    """The partnership in one transaction, then ``people`` demo people, one transaction each, with the
    partners' catalogue, referrals, plans, the statistical profile, companies with their outreach, visits,
    opportunities, vacancies, shortlists and placements, three partner spreadsheets to import, and the
    alert scan.
    With ``people=0``, only the partnership."""
    plan = plan or demo_plan(seed)
    with transaction.atomic():
        comuni = comuni_load(by=by)
        orgs, orgs_created = {}, 0
        for org_spec in plan.organizations:
            orgs[org_spec.key], created = _organization(by, org_spec)
            orgs_created += created
        users_created = memberships_created = 0
        for user_spec in plan.users:
            u, m = _user(by, user_spec, orgs)
            users_created += u
            memberships_created += m
    if people == 0:  # the partnership alone (organizations and users): what the command's own tests need
        return DemoReport(seed=plan.seed, comuni=comuni, organizations_created=orgs_created,
                          users_created=users_created, memberships_created=memberships_created)
    # in the order the data flows: people and cases, the catalogue and referrals, plans built on them; the
    # events that would evaluate each case's alerts one by one are muted, since the whole scan runs after
    with events.muted():
        try:
            people_created, cases_created = demo_people_load(seed=plan.seed, count=people)
        except PeopleLoadError as exc:
            raise DemoError(str(exc)) from exc
        services_created, referrals_created = demo_network_load(seed=plan.seed)
        plans = demo_plans_load(seed=plan.seed)
    profile = demo_profile_load(by=by)  # the statistical profile and the companies stand apart
    companies_created = demo_companies_load(seed=plan.seed)
    # employer engagement and matching, in the order the data flows: priorities, then the visits planned on
    # them, vacancies and the candidates' skills, the opportunities found at the visits (some become
    # vacancies), shortlists from the rankings, placements from the shortlists; the scan runs last
    outreach = demo_outreach_load(seed=plan.seed)
    visits = demo_visits_load(seed=plan.seed)
    vacancies_created, person_skills_created = demo_matching_load(seed=plan.seed)
    opportunities_created = demo_opportunities_load(seed=plan.seed)
    entries_created = demo_shortlists_load(seed=plan.seed)
    placements = demo_placements_load(seed=plan.seed)
    import_files = demo_imports_load(seed=plan.seed)  # three partner spreadsheets for the officer to import
    alerts = demo_alerts_load(seed=plan.seed, by=by)
    return DemoReport(seed=plan.seed, comuni=comuni, organizations_created=orgs_created,
                      users_created=users_created, memberships_created=memberships_created,
                      people_created=people_created, cases_created=cases_created,
                      services_created=services_created, partner_referrals_created=referrals_created,
                      plans_created=plans.plans, profile_models_created=profile.created,
                      companies_created=companies_created, campaign_contacts_created=outreach.contacts,
                      visit_plans_created=visits.plans_created, visits_created=visits.visits_created,
                      vacancies_created=vacancies_created, person_skills_created=person_skills_created,
                      opportunities_created=opportunities_created, shortlist_entries_created=entries_created,
                      placements_created=placements.tirocini + placements.contracts,
                      import_files=tuple(str(path) for path in import_files), tasks_opened=alerts.opened)


def demo_logins() -> list[DemoLogin]:
    """The demo users' seats as they are in the database, in the order of the plan."""
    order = {username: i for i, username in enumerate(DEMO_USERNAMES)}
    memberships = (
        Membership.objects.filter(user__username__in=DEMO_USERNAMES, is_active=True, user__is_active=True)
        .select_related("user", "organization")
        .order_by("pk")
    )
    password_works: dict[int, bool] = {}
    logins = []
    for m in sorted(memberships, key=lambda m: (order[m.user.username], m.pk)):
        if m.user_id not in password_works:
            password_works[m.user_id] = m.user.check_password(DEMO_PASSWORD)
        logins.append(DemoLogin(
            username=m.user.username, full_name=m.user.get_full_name(), role=str(Role(m.role).label),
            organization=m.organization.name, language=m.user.language,
            password=DEMO_PASSWORD if password_works[m.user_id] else "",
        ))
    return logins
