"""Personas: one user per role in a Florence-like partnership, plus outsiders in other organizations.

``personas["case_manager"]`` is a User; ``login(client, "case_manager")`` logs the client in as them.
The outsiders (``other_social_worker``, ``other_case_manager``) sit in a second municipality and a
second hub operator, for the negative tests ("cannot see another organization's ...").
"""

import pytest

from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.roles import OrganizationKind, Role
from florwork.accounts.selectors import actor_for_membership

PASSWORD = "correct-horse-battery-staple"

ORGANIZATIONS = {
    "municipality": ("Comune di Firenze – Servizi sociali", OrganizationKind.MUNICIPALITY),
    "hub": ("Consorzio Lavoro Firenze", OrganizationKind.HUB_OPERATOR),
    "agency": ("Agenzia per il Lavoro Toscana", OrganizationKind.EMPLOYMENT_AGENCY),
    "coop_b": ("Cooperativa Sociale Il Ponte", OrganizationKind.SOCIAL_COOP_B),
    "university": ("Università di Firenze – Dipartimento di Economia", OrganizationKind.UNIVERSITY),
    "funder": ("Fondazione per l'Impatto Sociale", OrganizationKind.FUNDER),
    "other_municipality": ("Comune di Prato – Servizi sociali", OrganizationKind.MUNICIPALITY),
    "other_hub": ("Consorzio Lavoro Prato", OrganizationKind.HUB_OPERATOR),
}

PERSONAS = {
    "social_worker": ("municipality", Role.SOCIAL_WORKER),
    "case_manager": ("hub", Role.CASE_MANAGER),
    "company_officer": ("agency", Role.COMPANY_OFFICER),
    "partner_operator": ("coop_b", Role.PARTNER_OPERATOR),
    "programme_manager": ("municipality", Role.PROGRAMME_MANAGER),
    "evaluator": ("university", Role.EVALUATOR),
    "funder": ("funder", Role.FUNDER),
    "administrator": ("hub", Role.ADMINISTRATOR),
    "other_social_worker": ("other_municipality", Role.SOCIAL_WORKER),
    "other_case_manager": ("other_hub", Role.CASE_MANAGER),
}


@pytest.fixture
def organizations(db) -> dict[str, Organization]:
    return {key: Organization.objects.create(name=name, kind=kind) for key, (name, kind) in ORGANIZATIONS.items()}


@pytest.fixture
def personas(organizations) -> dict[str, User]:
    users = {}
    for key, (org_key, role) in PERSONAS.items():
        user = User.objects.create_user(
            username=key, password=PASSWORD, email=f"{key}@example.org",
            first_name=key.replace("_", " ").title(), last_name="Test",
        )
        Membership.objects.create(user=user, organization=organizations[org_key], role=role)
        users[key] = user
    return users


@pytest.fixture
def actors(personas):
    """The Actor of each persona, through their (only) membership."""
    return {key: actor_for_membership(user.memberships.select_related("organization", "user").get())
            for key, user in personas.items()}


@pytest.fixture
def login(personas):
    def log_in(client, key: str):
        client.force_login(personas[key])
        return client

    return log_in


def _allow_flushing_the_audit_log() -> None:
    """Transactional tests empty every table between tests; the audit table's append-only triggers
    refuse that, as they should in production. In tests only, flushing lifts them for the flush,
    with the database owner's rights, and puts them back."""
    import importlib

    from django.db.backends.postgresql.base import DatabaseOperations as PostgresOps
    from django.db.backends.sqlite3.base import DatabaseOperations as SqliteOps

    triggers = importlib.import_module("florwork.audit.migrations.0002_append_only")
    table = "audit_auditentry"

    def wrap(ops_class, before, after):
        original = ops_class.sql_flush

        def sql_flush(self, style, tables, **kwargs):
            statements = original(self, style, tables, **kwargs)
            if table not in tables:
                return statements
            return [*before, *statements, *after]

        ops_class.sql_flush = sql_flush

    wrap(SqliteOps, triggers.SQLITE_REVERSE, triggers.SQLITE)
    wrap(PostgresOps, [f"ALTER TABLE {table} DISABLE TRIGGER USER"], [f"ALTER TABLE {table} ENABLE TRIGGER USER"])


_allow_flushing_the_audit_log()


@pytest.fixture
def make_person(actors):
    """make_person(first_name="Mario", ...) -> a Person with a valid codice fiscale, registered by the
    social worker's organization (through the service, so it is audited like a real one)."""
    import datetime as dt

    from florwork.people.codice_fiscale import generate
    from florwork.people.services import person_create

    counter = iter(range(1, 10_000))

    def make(*, first_name="Mario", last_name="Rossi", birth_date=None, sex="M", birth_place_code="D612",
             by=None, **extra):
        birth_date = birth_date or dt.date(1980, 1, 1) + dt.timedelta(days=next(counter) * 37)
        code = generate(last_name, first_name, birth_date, sex, birth_place_code)
        data = dict(codice_fiscale=code, first_name=first_name, last_name=last_name, birth_date=birth_date,
                    sex=sex, birth_place_code=birth_place_code, **extra)
        return person_create(by=by or actors["social_worker"], data=data)

    return make


@pytest.fixture
def make_case(actors, personas, make_person):
    """make_case(state="intake", owner="case_manager") -> an open Case referred by the social worker and
    walked through the lifecycle by the services (with a case-management consent once past intake)."""
    from django.utils import timezone

    from florwork.cases.services import case_assign, case_transition, referral_create
    from florwork.people.services import consent_give

    path = ["intake", "assessed", "planned", "active", "placed", "follow_up", "closed"]

    def make(*, state="referred", owner="case_manager", person=None, **person_fields):
        person = person or make_person(**person_fields)
        case = referral_create(by=actors["social_worker"], person=person, reason="Needs work", needs=["work"],
                               urgency="normal")
        if owner:
            case_assign(by=actors["programme_manager"], case=case, case_manager_id=personas[owner].pk,
                        version=case.version)
        manager = actors[owner or "case_manager"]
        if state in ("suspended", "dropped"):
            if state == "suspended":  # only a case past the referral can be suspended
                case_transition(by=manager, case=case, to_state="intake", version=case.version)
            case_transition(by=manager, case=case, to_state=state, reason="test", version=case.version)
            return case
        for step in path[: path.index(state) + 1] if state != "referred" else []:
            if step == "assessed":
                consent_give(by=manager, person=person, purpose="case_management", given_at=timezone.now())
            case_transition(by=manager, case=case, to_state=step, version=case.version)
        return case

    return make


@pytest.fixture
def english(personas):
    """The personas' pages in English (their language setting), so that assertions on page words hold once
    the Italian catalogue translates them. ``in_english`` also switches the active language of the test."""
    for user in personas.values():
        user.language = "en"
        user.save(update_fields=["language"])
    return personas


@pytest.fixture
def in_english(personas):
    """Pages, API answers and service messages in English, for tests that read English words (Italian is the
    default: the personas' language and the active language are switched for the test)."""
    from django.utils import translation

    for user in personas.values():
        user.language = "en"
        user.save(update_fields=["language"])
    with translation.override("en"):
        yield personas
