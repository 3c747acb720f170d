"""Italian working days: weekends, national public holidays and a comune's patron saint day.

A pure module (no Django): the SLA clocks in ``florwork.cases.sla`` count on it.

National holidays come from the ``holidays`` package (``holidays.Italy`` without a
subdivision), which tracks the legislation year by year:
L. 260/1949 as amended by L. 54/1977, D.P.R. 792/1985 (Epiphany back) and L. 336/2000
(2 June fixed again), plus L. 151/2025 (4 October, San Francesco d'Assisi, a public
holiday again from 2026). Easter Monday is in the same list.

The patron saint day is per *comune* (L. 260/1949 leaves it to local custom), so it is
configured here rather than taken from the package's province subdivisions, which give
the capoluogo's patron to every comune of the province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import holidays

SATURDAY = 5
PATRON_DAY_NAME = "Festa del santo patrono"
FLORENCE_PATRON_DAYS: tuple[tuple[int, int], ...] = ((6, 24),)  # San Giovanni Battista


@lru_cache(maxsize=256)
def _national_holidays(year: int) -> Mapping[dt.date, str]:
    calendar = holidays.Italy(years=year, language="it_IT")
    return MappingProxyType({day: str(name) for day, name in sorted(calendar.items())})


@lru_cache(maxsize=1024)
def _holidays(patron_days: tuple[tuple[int, int], ...], year: int) -> Mapping[dt.date, str]:
    days = dict(_national_holidays(year))
    for month, day in patron_days:
        try:
            patron_day = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        days[patron_day] = f"{days[patron_day]}; {PATRON_DAY_NAME}" if patron_day in days else PATRON_DAY_NAME
    return MappingProxyType(dict(sorted(days.items())))


@dataclass(frozen=True)
class WorkingCalendar:
    """Monday to Friday, less national public holidays and the comune's patron days.

    ``patron_days`` holds (month, day) pairs; the default is Florence's 24 June.
    """

    patron_days: tuple[tuple[int, int], ...] = FLORENCE_PATRON_DAYS

    def __post_init__(self) -> None:
        for month, day in self.patron_days:
            dt.date(2000, month, day)  # a leap year, so 29 February is accepted; raises on a bad pair

    def holidays_in(self, year: int) -> dict[dt.date, str]:
        """Public holidays of ``year`` by date, in date order, with their Italian names.

        Holidays that fall on a Sunday (Pasqua, the first Sunday of November) are listed too.
        """
        return dict(_holidays(self.patron_days, year))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < SATURDAY and day not in _holidays(self.patron_days, day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself when n is 0).

        ``day`` need not be a working day: one working day after a Saturday is the Monday.
        For n >= 1 this is the earliest date ``e`` with ``working_days_between(day, e) == n``.
        """
        if n < 0:
            raise ValueError(f"n must be zero or positive, got {n}")
        return _add_working_days(self, day, n)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in the half-open interval (start, end].

        ``start`` itself never counts (the day a clock starts is day zero); ``end`` counts when it
        is a working day. Zero when ``end <= start``. So Friday to the next Monday is 1, Saturday to
        Monday is 1, and a Thursday to the Friday after, when that Friday is a holiday, is 0.
        """
        if end <= start:
            return 0
        first = start + dt.timedelta(days=1)
        weeks, extra = divmod((end - first).days + 1, 7)
        count = weeks * 5 + sum(1 for i in range(extra) if (first.weekday() + i) % 7 < SATURDAY)
        for year in range(first.year, end.year + 1):  # holidays on weekdays inside the interval
            count -= sum(1 for day in _holidays(self.patron_days, year) if first <= day <= end
                         and day.weekday() < SATURDAY)
        return count


@lru_cache(maxsize=65536)
def _add_working_days(calendar: WorkingCalendar, day: dt.date, n: int) -> dt.date:
    # memoized: a caseload computes the same due dates for every case referred on the same day
    for _ in range(n):
        day = calendar.next_working_day(day)
    return day


FLORENCE = WorkingCalendar()
