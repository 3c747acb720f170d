"""Law 68/1999 quota, coverage and shortfall (pure core), at the headcount boundaries and as properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from florwork.employers.law68 import (
    Art14Parameters,
    Coverage,
    art14_cap,
    art14_positions,
    disabled_quota,
    law68_status,
    protected_quota,
)

PARAMS = Art14Parameters(coefficient=Decimal("1.0"), annual_labour_cost=Decimal("28000"),
                         max_share_of_quota=Decimal("0.30"))


@pytest.mark.parametrize(("headcount", "disabled", "protected"), [
    (0, 0, 0), (14, 0, 0),
    (15, 1, 0), (35, 1, 0),  # Art. 3 c.1 lett. c
    (36, 2, 0), (50, 2, 0),  # Art. 3 c.1 lett. b
    (51, 4, 1),  # 7% of 51 = 3.57: above one half, four; Art. 18 c.2: one unit from 51 to 150
    (57, 4, 1),  # 3.99
    (58, 4, 1),  # 4.06
    (64, 4, 1),  # 4.48
    (65, 5, 1),  # 4.55
    (150, 10, 1),  # 10.50 is not above one half: ten; 150 is still one unit of Art. 18
    (151, 11, 2),  # 10.57 -> 11; 1% of 151 = 1.51 -> 2
    (250, 17, 2),  # 17.50: exactly one half is not "above 0.50" (D.P.R. 333/2000 art. 3 c.5); 2.50 -> 2
])
def test_the_quota_table(headcount, disabled, protected):
    assert disabled_quota(headcount) == disabled
    assert protected_quota(headcount) == protected


def test_a_negative_headcount_is_refused():
    with pytest.raises(ValueError):
        disabled_quota(-1)


def test_shortfall_counts_what_is_missing_in_each_category():
    status = law68_status(100, Coverage(disabled_employed=3, protected_employed=0), PARAMS)

    assert (status.disabled_quota, status.protected_quota) == (7, 1)
    assert (status.disabled_shortfall, status.protected_shortfall, status.shortfall) == (4, 1, 5)


def test_art14_positions_are_what_the_value_pays_for_and_the_workers_placed():
    assert art14_positions(Decimal("56000"), PARAMS, workers_placed=5) == 2
    assert art14_positions(Decimal("55999.99"), PARAMS, workers_placed=5) == 1
    assert art14_positions(Decimal("280000"), PARAMS, workers_placed=3) == 3


def test_art14_counts_up_to_the_framework_share_of_the_quota():
    # quota 7, at most 30% -> 2 positions by Art. 14, whatever the commission
    status = law68_status(100, Coverage(disabled_employed=0, art14_positions=5), PARAMS)

    assert art14_cap(7, PARAMS) == 2
    assert status.art14_counted == 2 and status.disabled_shortfall == 5 and status.art14_room == 0


def test_art14_room_is_what_a_convention_could_still_cover():
    status = law68_status(100, Coverage(disabled_employed=4), PARAMS)

    assert status.disabled_shortfall == 3 and status.art14_room == 2


def test_without_parameters_art14_covers_nothing():
    status = law68_status(100, Coverage(art14_positions=3), None)

    assert status.art14_counted == 0 and status.art14_room == 0 and status.disabled_shortfall == 7


headcounts = st.integers(min_value=0, max_value=20_000)
counts = st.integers(min_value=0, max_value=2_000)


@given(headcounts)
def test_quotas_are_monotone_in_the_headcount(n):
    assert disabled_quota(n) <= disabled_quota(n + 1)
    assert protected_quota(n) <= protected_quota(n + 1)


@given(headcounts)
def test_above_fifty_the_quota_is_seven_percent_rounded(n):
    if n > 50:
        assert abs(disabled_quota(n) - Decimal("0.07") * n) <= Decimal("0.5")


@given(headcounts, counts, counts, counts)
def test_shortfall_is_never_negative_and_never_above_the_quota(n, disabled, protected, art14):
    status = law68_status(n, Coverage(disabled, protected, art14), PARAMS)

    assert 0 <= status.disabled_shortfall <= status.disabled_quota
    assert 0 <= status.protected_shortfall <= status.protected_quota
    assert status.art14_counted <= art14_cap(status.disabled_quota, PARAMS)
    assert status.disabled_shortfall + status.art14_counted + min(disabled, status.disabled_quota) \
        == status.disabled_quota


@given(headcounts, counts, counts)
def test_hiring_one_more_never_raises_the_shortfall(n, disabled, protected):
    before = law68_status(n, Coverage(disabled, protected), PARAMS)
    after = law68_status(n, Coverage(disabled + 1, protected), PARAMS)

    assert after.shortfall <= before.shortfall
