"""The opportunity lifecycle (pure): identified → qualified → in progress → won / lost, lost with a reason."""

from florwork.opportunities import lifecycle
from florwork.opportunities.lifecycle import Stage


def test_an_opportunity_moves_forward_and_can_be_dropped_at_any_open_step():
    assert lifecycle.allowed_targets("identified") == [Stage.QUALIFIED, Stage.IN_PROGRESS, Stage.LOST]
    assert lifecycle.may_move("in_progress", "won")
    assert all(lifecycle.may_move(stage, "lost") for stage in lifecycle.OPEN)


def test_won_is_final_and_lost_can_only_be_reopened():
    assert lifecycle.allowed_targets("won") == []
    assert lifecycle.allowed_targets("lost") == [Stage.IDENTIFIED]
    assert not lifecycle.may_move("identified", "won")


def test_unknown_statuses_never_move_and_only_lost_needs_a_reason():
    assert not lifecycle.may_move("identified", "paid")
    assert lifecycle.needs_reason("lost") and not lifecycle.needs_reason("won")
