"""``florwork demo``: the partnership, one user per role, printed logins, audited, safe to re-run."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.roles import Role
from florwork.audit.models import AuditEntry
from florwork.audit.selectors import audit_verify
from florwork.demo.plan import DEMO_PASSWORD, DEMO_USERNAMES, demo_plan
from florwork.territory.selectors import comune_by_istat

pytestmark = pytest.mark.django_db


def demo(*args) -> str:
    """The command without people unless asked: the partnership tests stay fast (people: test_demo_people)."""
    out = StringIO()
    call_command("demo", *(args if "--people" in args else ("--people", "0", *args)), stdout=out)
    return out.getvalue()


def demo_json(*args) -> dict:
    return json.loads(demo("--json", *args))


def test_every_role_gets_a_user():
    demo()

    roles = set(Membership.objects.filter(user__username__in=DEMO_USERNAMES).values_list("role", flat=True))
    assert roles == set(Role.values)


def test_each_demo_user_logs_in_with_the_demo_password():
    demo()

    for username in DEMO_USERNAMES:
        response = Client().post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username


def test_one_user_holds_two_memberships_to_show_the_switch():
    demo()

    user = User.objects.get(username="two_roles")
    assert set(user.memberships.values_list("role", flat=True)) == {Role.CASE_MANAGER, Role.PARTNER_OPERATOR}


def test_every_organization_sits_in_a_comune_of_the_territory_table():
    demo()

    for org in Organization.objects.all():
        assert comune_by_istat(istat_code=org.comune_istat) is not None, org.name
    assert Organization.objects.count() == len(demo_plan().organizations)


def test_the_florence_comuni_are_loaded_with_the_demo():
    report = demo_json()

    assert report["comuni"]["total"] > 7000
    assert comune_by_istat(istat_code=Organization.objects.get(name__startswith="Comune di Firenze").comune_istat)


def test_users_are_italian_with_one_in_english_and_example_org_addresses():
    demo()

    users = User.objects.filter(username__in=DEMO_USERNAMES)
    assert list(users.filter(language="en").values_list("username", flat=True)) == ["evaluator"]
    assert all(u.email.endswith("@example.org") for u in users)


def test_the_logins_table_is_printed():
    out = demo()

    header = next(line for line in out.splitlines() if line.startswith("username"))
    assert header.split() == ["username", "name", "role", "organization", "password"]
    for username in DEMO_USERNAMES:
        assert username in out
    assert DEMO_PASSWORD in out


def test_logins_only_reads_the_database():
    demo()
    entries = AuditEntry.objects.count()

    out = demo("--logins")

    assert "social_worker" in out and "created" not in out
    assert AuditEntry.objects.count() == entries


def test_logins_on_an_empty_database_says_how_to_load():
    assert "florwork demo" in demo("--logins")
    assert not Organization.objects.exists()


def test_a_changed_password_is_not_printed():
    demo()
    user = User.objects.get(username="funder")
    user.set_password("a-new-private-password")
    user.save()

    logins = {login["username"]: login for login in demo_json("--logins")["logins"]}

    assert logins["funder"]["password"] == ""
    assert logins["evaluator"]["password"] == DEMO_PASSWORD


def test_everything_created_is_audited_and_the_chain_holds():
    demo()

    audited_users = set(AuditEntry.objects.filter(object_type="accounts.User").values_list("object_label", flat=True))
    assert audited_users == set(DEMO_USERNAMES)
    orgs = AuditEntry.objects.filter(object_type="accounts.Organization")
    audited_orgs = set(orgs.values_list("object_id", flat=True))
    assert audited_orgs == {str(pk) for pk in Organization.objects.values_list("pk", flat=True)}
    assert AuditEntry.objects.filter(object_type="accounts.Membership").count() == 1
    assert AuditEntry.objects.get(object_type="territory.Comune").actor_label == "florwork (system)"
    assert audit_verify()[1] == []


def test_a_second_run_duplicates_nothing():
    demo()
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())

    second = demo_json()

    assert (second["organizations_created"], second["users_created"], second["memberships_created"]) == (0, 0, 0)
    assert (Organization.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_a_second_run_completes_what_is_missing():
    demo()
    Membership.objects.filter(user__username="two_roles", role=Role.PARTNER_OPERATOR).delete()

    assert demo_json()["memberships_created"] == 1


def test_if_empty_does_nothing_when_an_organization_exists():
    Organization.objects.create(name="Comune di Prato – Servizi sociali", kind="municipality")

    report = demo_json("--if-empty")

    assert report["loaded"] is False
    assert Organization.objects.count() == 1 and not User.objects.exists()
    assert not AuditEntry.objects.exists()


def test_if_empty_loads_an_empty_database():
    assert demo_json("--if-empty")["loaded"] is True
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)


def test_a_seed_gives_the_same_people_every_time():
    def people():
        return list(User.objects.order_by("username").values_list("username", "first_name", "last_name", "email"))

    demo("--seed", "7")
    first = people()
    User.objects.all().delete()
    Organization.objects.all().delete()

    demo("--seed", "7")

    assert people() == first


def test_a_bad_seed_is_refused():
    with pytest.raises(CommandError):
        demo("--seed", "seven")
