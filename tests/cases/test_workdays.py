"""Italian working-day calendar: holidays by law and year, patron days, counting edges."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from florwork.cases.workdays import FLORENCE, PATRON_DAY_NAME, WorkingCalendar

D = dt.date


def test_florence_holidays_2025_are_the_national_list_plus_san_giovanni():
    assert list(FLORENCE.holidays_in(2025)) == [
        D(2025, 1, 1),
        D(2025, 1, 6),
        D(2025, 4, 20),  # Pasqua (a Sunday anyway)
        D(2025, 4, 21),
        D(2025, 4, 25),
        D(2025, 5, 1),
        D(2025, 6, 2),
        D(2025, 6, 24),
        D(2025, 8, 15),
        D(2025, 11, 1),
        D(2025, 11, 2),  # giorno dell'unità nazionale, first Sunday of November (L. 54/1977)
        D(2025, 12, 8),
        D(2025, 12, 25),
        D(2025, 12, 26),
    ]


def test_holiday_names_are_italian():
    names = FLORENCE.holidays_in(2025)

    assert names[D(2025, 4, 21)] == "Lunedì dell'Angelo"
    assert names[D(2025, 6, 24)] == PATRON_DAY_NAME


def test_san_francesco_is_a_holiday_from_2026_not_before():
    assert D(2025, 10, 4) not in FLORENCE.holidays_in(2025)
    assert D(2026, 10, 4) in FLORENCE.holidays_in(2026)
    assert not FLORENCE.is_working_day(D(2027, 10, 4))  # a Monday
    assert FLORENCE.is_working_day(D(2024, 10, 4))  # a Friday, before L. 151/2025


def test_epiphany_was_a_working_day_until_dpr_792_1985():
    assert FLORENCE.is_working_day(D(1985, 1, 7)) and D(1985, 1, 6) not in FLORENCE.holidays_in(1985)
    assert D(1986, 1, 6) in FLORENCE.holidays_in(1986)


def test_republic_day_is_fixed_on_2_june_again_since_law_336_2000():
    assert FLORENCE.is_working_day(D(2000, 6, 2))  # a Friday, the feast then on the first Sunday of June
    assert not FLORENCE.is_working_day(D(2003, 6, 2))  # a Monday


@pytest.mark.parametrize(
    "easter_monday",
    [D(2008, 3, 24), D(2011, 4, 25), D(2019, 4, 22), D(2024, 4, 1), D(2025, 4, 21), D(2026, 4, 6), D(2038, 4, 26)],
)
def test_easter_monday_on_known_dates(easter_monday):
    assert easter_monday in FLORENCE.holidays_in(easter_monday.year)
    assert not FLORENCE.is_working_day(easter_monday)


def test_good_friday_is_a_working_day():
    assert FLORENCE.is_working_day(D(2025, 4, 18))


def test_weekends_are_not_working_days():
    assert not FLORENCE.is_working_day(D(2025, 3, 8))
    assert not FLORENCE.is_working_day(D(2025, 3, 9))
    assert FLORENCE.is_working_day(D(2025, 3, 10))


def test_patron_day_belongs_to_the_comune():
    assert not FLORENCE.is_working_day(D(2025, 6, 24))
    assert WorkingCalendar(patron_days=()).is_working_day(D(2025, 6, 24))
    assert not WorkingCalendar(patron_days=((7, 7),)).is_working_day(D(2025, 7, 7))


def test_patron_day_on_a_national_holiday_keeps_both_names():
    names = WorkingCalendar(patron_days=((12, 26),)).holidays_in(2025)

    assert names[D(2025, 12, 26)] == f"Santo Stefano; {PATRON_DAY_NAME}"


def test_patron_day_on_29_february_only_in_leap_years():
    calendar = WorkingCalendar(patron_days=((2, 29),))

    assert not calendar.is_working_day(D(2028, 2, 29))
    assert calendar.is_working_day(D(2027, 3, 1))


def test_an_impossible_patron_day_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar(patron_days=((6, 31),))


def test_holidays_in_returns_a_copy():
    FLORENCE.holidays_in(2025).clear()

    assert D(2025, 12, 25) in FLORENCE.holidays_in(2025)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 5), D(2025, 3, 5), 0),  # same day
        (D(2025, 3, 6), D(2025, 3, 5), 0),  # end before start
        (D(2025, 3, 5), D(2025, 3, 6), 1),  # next day
        (D(2025, 3, 7), D(2025, 3, 10), 1),  # Friday to Monday
        (D(2025, 3, 8), D(2025, 3, 10), 1),  # weekend start
        (D(2025, 3, 8), D(2025, 3, 9), 0),  # Saturday to Sunday
        (D(2025, 4, 24), D(2025, 4, 25), 0),  # end on a holiday (Liberazione)
        (D(2025, 6, 20), D(2025, 6, 24), 1),  # end on San Giovanni: only Monday 23 counts
        (D(2025, 3, 3), D(2025, 3, 14), 9),  # two full weeks less the start day
    ],
)
def test_working_days_between(start, end, expected):
    assert FLORENCE.working_days_between(start, end) == expected


def test_adding_zero_working_days_is_the_same_day_even_on_a_weekend():
    assert FLORENCE.add_working_days(D(2025, 3, 8), 0) == D(2025, 3, 8)


def test_adding_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        FLORENCE.add_working_days(D(2025, 3, 8), -1)


def test_adding_working_days_across_christmas_and_epiphany():
    start = D(2025, 12, 23)

    assert FLORENCE.add_working_days(start, 5) == D(2026, 1, 2)
    assert FLORENCE.add_working_days(start, 6) == D(2026, 1, 5)
    assert FLORENCE.add_working_days(start, 7) == D(2026, 1, 7)


def test_adding_working_days_across_easter_week_2025():
    assert FLORENCE.add_working_days(D(2025, 4, 17), 2) == D(2025, 4, 22)
    assert FLORENCE.add_working_days(D(2025, 4, 17), 5) == D(2025, 4, 28)  # 25 April on the Friday


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_adding_then_counting_gives_back_n_and_lands_on_a_working_day(start, n):
    end = FLORENCE.add_working_days(start, n)

    assert FLORENCE.working_days_between(start, end) == n
    assert FLORENCE.is_working_day(end)
    assert FLORENCE.working_days_between(start, end - dt.timedelta(days=1)) == n - 1
