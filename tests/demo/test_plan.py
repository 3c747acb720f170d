"""The demo plan: deterministic for a seed, realistic, one user per role."""

from florwork.accounts.roles import ROLE_ORGANIZATION_KINDS, Role
from florwork.demo.plan import demo_plan


def test_the_same_seed_gives_the_same_plan():
    assert demo_plan(3) == demo_plan(3)


def test_another_seed_gives_other_names_but_the_same_usernames():
    one, two = demo_plan(1), demo_plan(2)

    assert [u.username for u in one.users] == [u.username for u in two.users]
    assert [u.email for u in one.users] != [u.email for u in two.users]


def test_e_mails_are_distinct_plain_ascii():
    emails = [u.email for u in demo_plan(5).users]

    assert len(set(emails)) == len(emails)
    assert all(e.isascii() and "'" not in e and " " not in e for e in emails)


def test_every_role_sits_in_an_organization_of_a_kind_that_may_hold_it():
    plan = demo_plan()
    kinds = {o.key: o.kind for o in plan.organizations}

    seats = [(role, kinds[org]) for u in plan.users for org, role in u.memberships]

    assert {role for role, _ in seats} == set(Role.values)
    assert all(kind in ROLE_ORGANIZATION_KINDS[role] for role, kind in seats)
