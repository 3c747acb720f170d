"""The rules a placement must meet (pure: no Django): dates, the tirocinio's allowance and duration, the
contract's end by kind, and the status derived from the dates.

Each check returns the problems found as ``{field: code}`` (empty when all is well); the service turns the
codes into translated messages naming the field. The figures (the minimum allowance by date) come in as
arguments: they are data rows with their source (see ``models.AllowanceMinimum``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    TIROCINIO = "tirocinio"
    CONTRACT = "contract"


class ContractKind(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    APPRENTICESHIP = "apprenticeship"
    AGENCY = "agency"  # somministrazione through the employment agency (ApL)


class TraineeCategory(StrEnum):
    GENERAL = "general"  # unemployed or never employed: tirocinio di inserimento/reinserimento
    RECENT_GRADUATE = "recent_graduate"  # within 12 months of a diploma, degree or qualification
    DISADVANTAGED = "disadvantaged"  # L. 381/1991 art. 4, victims of trafficking, refugees (art. 17 ter c. 8)
    DISABLED = "disabled"  # L. 68/1999


class Status(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    ENDED = "ended"
    TERMINATED = "terminated"  # ended early


# L.R. Toscana 32/2002 art. 17 ter c. 7-8 (as amended by L.R. 2/2013), months including extensions
MAX_MONTHS = {TraineeCategory.RECENT_GRADUATE: 6, TraineeCategory.GENERAL: 12,
              TraineeCategory.DISADVANTAGED: 12, TraineeCategory.DISABLED: 24}
# Linee guida Conferenza Stato-Regioni 25 maggio 2017, par. 4: a tirocinio lasts at least two months
MIN_MONTHS = 2
END_REQUIRED = frozenset({ContractKind.FIXED_TERM, ContractKind.AGENCY})
NO_END = frozenset({ContractKind.PERMANENT})
MAX_WEEKLY_HOURS = 40  # the full-time week of the national collective agreements (D.Lgs. 66/2003 art. 3)


def is_valid(enum: type[StrEnum], value: str) -> bool:
    return value in enum._value2member_map_


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Terms:
    """What is checked of a placement, whatever its kind."""

    kind: str
    start_on: date | None
    end_on: date | None
    weekly_hours: int | None = None
    # tirocinio
    monthly_allowance: Decimal | None = None
    trainee_category: str = ""
    # contract
    contract_kind: str = ""
    part_time_percentage: int | None = None
    gross_monthly_wage: Decimal | None = None


def check_dates(start_on: date | None, end_on: date | None) -> dict[str, str]:
    if start_on is None:
        return {"start_on": "required"}
    if end_on is not None and end_on < start_on:
        return {"end_on": "before_start"}
    return {}


def check_duration(category: str, start_on: date, end_on: date) -> dict[str, str]:
    """A tirocinio's planned end within its category's maximum (extensions included) and after the minimum."""
    limit = MAX_MONTHS.get(TraineeCategory(category)) if is_valid(TraineeCategory, category) else None
    if limit is not None and end_on > add_months(start_on, limit):
        return {"end_on": "too_long"}
    if end_on < add_months(start_on, MIN_MONTHS):
        return {"end_on": "too_short"}
    return {}


def check(terms: Terms, *, minimum_allowance: Decimal | None) -> dict[str, str]:
    """Every problem of the terms, one code per field."""
    problems = check_dates(terms.start_on, terms.end_on)
    if terms.weekly_hours is not None and not 1 <= terms.weekly_hours <= MAX_WEEKLY_HOURS:
        problems.setdefault("weekly_hours", "hours_range")
    if terms.kind == Kind.TIROCINIO:
        problems.update({k: v for k, v in _check_tirocinio(terms, minimum_allowance).items() if k not in problems})
    elif terms.kind == Kind.CONTRACT:
        problems.update({k: v for k, v in _check_contract(terms).items() if k not in problems})
    else:
        problems["kind"] = "unknown_kind"
    return problems


def _check_tirocinio(terms: Terms, minimum: Decimal | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not is_valid(TraineeCategory, terms.trainee_category):
        problems["trainee_category"] = "required"
    if terms.end_on is None:
        problems["end_on"] = "required"
    elif terms.start_on is not None and "trainee_category" not in problems:
        problems.update(check_duration(terms.trainee_category, terms.start_on, terms.end_on))
    if terms.weekly_hours is None:
        problems["weekly_hours"] = "required"
    if terms.monthly_allowance is None:
        problems["monthly_allowance"] = "required"
    elif minimum is not None and terms.monthly_allowance < minimum:
        problems["monthly_allowance"] = "below_minimum"
    return problems


def _check_contract(terms: Terms) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not is_valid(ContractKind, terms.contract_kind):
        problems["contract_kind"] = "required"
    elif terms.contract_kind in END_REQUIRED and terms.end_on is None:
        problems["end_on"] = "required_for_kind"
    elif terms.contract_kind in NO_END and terms.end_on is not None:
        problems["end_on"] = "none_for_permanent"
    if terms.part_time_percentage is not None and not 1 <= terms.part_time_percentage <= 99:
        problems["part_time_percentage"] = "percentage_range"
    if terms.gross_monthly_wage is None:
        problems["gross_monthly_wage"] = "required"
    elif terms.gross_monthly_wage <= 0:
        problems["gross_monthly_wage"] = "positive"
    return problems


def status(*, start_on: date, end_on: date | None, terminated_on: date | None, today: date) -> Status:
    """Derived from the dates: a termination wins; an end date passed means ended."""
    if terminated_on is not None:
        return Status.TERMINATED
    if start_on > today:
        return Status.PLANNED
    if end_on is not None and end_on < today:
        return Status.ENDED
    return Status.ONGOING


def follow_up_dates(start_on: date, months: tuple[int, ...] = (3, 6, 12)) -> dict[int, date]:
    """The outcome follow-ups at 3, 6 and 12 months after the start (DESIGN.md, outcomes)."""
    return {m: add_months(start_on, m) for m in months}
