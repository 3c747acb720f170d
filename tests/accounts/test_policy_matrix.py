"""Every cell of role × action, checked against this table (X = allowed, . = denied).

The table is the contract: change the policy and this test must be changed with it, on purpose.
Columns: SW social worker, CM case manager, CO company officer, PO partner operator,
PM programme manager, EV evaluator, FU funder/investor, AD administrator.
"""

import pytest

from florwork.accounts.policy import ANONYMOUS, Action, Actor, may, role_may
from florwork.accounts.roles import Role

COLUMNS = ["social_worker", "case_manager", "company_officer", "partner_operator",
           "programme_manager", "evaluator", "funder", "administrator"]

TABLE = """
                           SW CM CO PO PM EV FU AD
hub.view                    X  X  X  X  X  X  X  X
organization.view           X  X  X  X  X  X  X  X
organization.manage         .  .  .  .  .  .  .  X
user.view                   X  X  X  X  X  .  .  X
user.manage                 .  .  .  .  .  .  .  X
audit.view                  .  .  .  .  .  .  .  X
parameters.manage           .  .  .  .  .  .  .  X
apitoken.manage             X  X  X  X  X  X  X  X
person.view                 X  X  .  X  X  .  .  .
person.create               X  X  .  .  .  .  .  .
person.update               .  X  .  .  .  .  .  .
person.view_special         .  X  .  .  .  .  .  .
referral.create             X  .  .  .  .  .  .  .
referral.view               X  X  .  .  X  .  .  .
case.view                   X  X  .  .  X  .  .  .
case.update                 .  X  .  .  .  .  .  .
case.assign                 .  .  .  .  X  .  .  .
assessment.conduct          .  X  .  .  .  .  .  .
plan.manage                 .  X  .  .  .  .  .  .
rules.manage                .  .  .  .  X  .  .  .
partner_referral.receive    .  .  .  X  .  .  .  .
partner_referral.send       .  X  .  .  .  .  .  .
service.view                X  X  .  X  X  .  .  .
service.manage              .  .  .  X  X  .  .  .
task.view                   .  X  .  .  X  .  .  .
profile.view                .  .  .  .  X  X  .  .
profile.manage              .  .  .  .  X  .  .  .
company.view                .  X  X  .  X  .  .  .
company.manage              .  .  X  .  .  .  .  .
company.import              .  .  X  .  .  .  .  .
vacancy.manage              .  .  X  .  .  .  .  .
matching.run                .  X  X  .  .  .  .  .
presentation.manage         .  .  X  .  .  .  .  .
placement.manage            .  X  X  .  .  .  .  .
dataset.pseudonymized       .  .  .  .  .  X  .  .
aggregate.view              .  .  .  .  X  X  X  .
contract.view               .  .  .  .  X  .  X  .
"""


def _expected() -> dict[tuple[str, str], bool]:
    cells = {}
    lines = [line for line in TABLE.strip().splitlines()[1:]]
    for line in lines:
        action, *marks = line.split()
        assert len(marks) == len(COLUMNS), f"row {action} has {len(marks)} marks"
        for role, mark in zip(COLUMNS, marks, strict=True):
            assert mark in "X.", f"row {action}: mark {mark!r}"
            cells[(role, action)] = mark == "X"
    return cells


EXPECTED = _expected()


def test_table_covers_every_role_and_action():
    assert sorted(COLUMNS) == sorted(Role.values)
    assert {action for _, action in EXPECTED} == {a.value for a in Action}


@pytest.mark.parametrize("role", COLUMNS)
@pytest.mark.parametrize("action", [a.value for a in Action])
def test_cell(role, action):
    assert role_may(role, Action(action)) is EXPECTED[(role, action)]
    actor = Actor(user_id=1, membership_id=1, organization_id=1, role=role)
    assert may(actor, Action(action)) is EXPECTED[(role, action)]


@pytest.mark.parametrize("action", list(Action))
def test_anonymous_and_roleless_users_may_do_nothing(action):
    assert may(ANONYMOUS, action) is False
    assert may(Actor(user_id=7), action) is False  # logged in, but no membership


def test_unknown_object_type_is_denied():
    class Stranger:
        class _meta:  # noqa: N801 - mimics a model without an object rule
            label = "nowhere.Stranger"

    actor = Actor(user_id=1, membership_id=1, organization_id=1, role=Role.ADMINISTRATOR)
    assert may(actor, Action.HUB_VIEW, Stranger()) is False
