"""The pure rules: the referral loop, capacity periods and eligibility."""

import datetime as dt

import pytest

from florwork.network import rules


@pytest.mark.parametrize(("source", "target"), [
    ("sent", "accepted"), ("sent", "declined"), ("sent", "waiting_list"), ("sent", "expired"),
    ("waiting_list", "accepted"), ("waiting_list", "declined"), ("accepted", "started"), ("accepted", "declined"),
    ("started", "completed"), ("started", "interrupted"),
])
def test_allowed_moves(source, target):
    move = rules.check_transition(source, target, reason="because")
    assert (move.from_state, move.to_state) == (source, target)


@pytest.mark.parametrize(("source", "target"), [
    ("sent", "started"), ("sent", "completed"), ("accepted", "waiting_list"), ("completed", "started"),
    ("declined", "accepted"), ("expired", "accepted"), ("interrupted", "started"), ("waiting_list", "expired"),
])
def test_refused_moves(source, target):
    with pytest.raises(rules.TransitionRefused) as refused:
        rules.check_transition(source, target, reason="because")
    assert refused.value.code == "not_allowed"


@pytest.mark.parametrize(("source", "target"), [("sent", "declined"), ("started", "interrupted"),
                                                 ("accepted", "declined")])
def test_declining_and_interrupting_need_a_reason(source, target):
    with pytest.raises(rules.TransitionRefused) as refused:
        rules.check_transition(source, target, reason="  ")
    assert refused.value.code == "reason_required"


def test_seats_are_taken_on_acceptance_and_given_back_when_no_longer_held():
    assert rules.check_transition("sent", "accepted").takes_seat
    assert rules.check_transition("waiting_list", "accepted").takes_seat
    assert not rules.check_transition("accepted", "started").takes_seat
    assert not rules.check_transition("accepted", "started").frees_seat
    assert rules.check_transition("accepted", "declined", reason="no show").frees_seat
    assert rules.check_transition("started", "completed").frees_seat
    assert rules.check_transition("started", "interrupted", reason="moved").frees_seat
    assert not rules.check_transition("sent", "declined", reason="full").frees_seat


def test_only_the_first_answer_stops_the_answer_clock():
    assert rules.check_transition("sent", "waiting_list").is_answer
    assert not rules.check_transition("waiting_list", "accepted").is_answer
    assert not rules.check_transition("sent", "expired").is_answer


def test_partner_targets_never_offer_expiry():
    assert rules.allowed_targets("sent") == ["accepted", "waiting_list", "declined"]
    assert rules.allowed_targets("completed") == []


@pytest.mark.parametrize(("period", "day", "start"), [
    ("month", dt.date(2026, 11, 26), dt.date(2026, 11, 1)),
    ("quarter", dt.date(2026, 11, 26), dt.date(2026, 10, 1)),
    ("quarter", dt.date(2026, 3, 31), dt.date(2026, 1, 1)),
    ("year", dt.date(2026, 11, 26), dt.date(2026, 1, 1)),
])
def test_period_start(period, day, start):
    assert rules.period_start(period, day) == start


def test_unknown_period_is_an_error():
    with pytest.raises(ValueError, match="week"):
        rules.period_start("week", dt.date(2026, 1, 1))


def test_seats_left():
    assert rules.seats_left(None, 40) is None
    assert rules.seats_left(3, 1) == 2
    assert rules.seats_left(3, 5) == 0


def test_eligibility_reasons():
    service = rules.Eligibility(min_age=18, max_age=29, pathways=(2, 3), disability_required=True,
                                residence_istat=("048017",))
    young = rules.Applicant(age=24, pathway=2, has_disability=True, residence_istat="048017")
    assert rules.ineligibility(service, young) == []
    other = rules.Applicant(age=45, pathway=4, has_disability=None, residence_istat="100005")
    assert rules.ineligibility(service, other) == ["age", "pathway", "disability", "residence"]


def test_open_rules_take_everyone():
    anyone = rules.Applicant(age=None, pathway=None, has_disability=None, residence_istat="")
    assert rules.ineligibility(rules.Eligibility(), anyone) == []


def test_age_on_a_birthday():
    assert rules.age_on(dt.date(2000, 11, 26), dt.date(2026, 11, 26)) == 26
    assert rules.age_on(dt.date(2000, 11, 27), dt.date(2026, 11, 26)) == 25
