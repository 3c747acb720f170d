"""Law 68/1999 reserved quota, coverage and shortfall, and the coverage Art. 14 D.Lgs 276/2003 conventions yield.

Pure (no Django), exact (``Decimal``). The input is the *computable* headcount (base di computo): the
employees left after the exclusions of Art. 4 c.1 L. 68/1999 (e.g. the disabled and protected workers
already employed, apprentices, fixed-term contracts up to 6 months, executives) and with part-timers counted
in proportion to their hours (D.P.R. 333/2000 art. 3 c.5). Who is excluded is decided upstream (by the
employer's prospetto informativo, or the officer who records it): this module takes the number as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_DOWN, Decimal

SEVEN_PERCENT = Decimal("0.07")
ONE_PERCENT = Decimal("0.01")


def _round_above_half(value: Decimal) -> int:
    """Fractions above 0.50 count as one unit, 0.50 and below are dropped (D.P.R. 333/2000 art. 3 c.5)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_DOWN))


def disabled_quota(computable_headcount: int) -> int:
    """Positions reserved for disabled workers (Art. 1 L. 68/1999)."""
    if computable_headcount < 0:
        raise ValueError("the computable headcount cannot be negative")
    if computable_headcount < 15:  # Art. 3 c.1: the obligation starts at 15
        return 0
    if computable_headcount <= 35:  # Art. 3 c.1 lett. c): 15-35 employees, one worker
        return 1
    if computable_headcount <= 50:  # Art. 3 c.1 lett. b): 36-50 employees, two workers
        return 2
    return _round_above_half(SEVEN_PERCENT * computable_headcount)  # Art. 3 c.1 lett. a): 7% above 50


def protected_quota(computable_headcount: int) -> int:
    """Positions reserved for the other protected categories (orphans, widows, refugees…; Art. 18 c.2)."""
    if computable_headcount < 0:
        raise ValueError("the computable headcount cannot be negative")
    if computable_headcount <= 50:  # Art. 18 c.2: only employers with more than 50 employees
        return 0
    if computable_headcount <= 150:  # Art. 18 c.2: from 51 to 150 employees, one unit
        return 1
    return _round_above_half(ONE_PERCENT * computable_headcount)  # Art. 18 c.2: one percentage point


@dataclass(frozen=True)
class Art14Parameters:
    """The regional framework agreement's parameters for one year (stored as data, per region and year)."""

    coefficient: Decimal  # multiplies the labour cost: the commission value that covers one position
    annual_labour_cost: Decimal  # of the reference contract (CCNL cooperative sociali), euro per year
    max_share_of_quota: Decimal  # at most this share of the disabled quota may be covered by Art. 14 (0-1)

    @property
    def value_per_position(self) -> Decimal:
        return self.coefficient * self.annual_labour_cost


def art14_positions(commission_value: Decimal, parameters: Art14Parameters, workers_placed: int) -> int:
    """Whole positions a year of commissioned work covers: as many as its value pays for at the framework's
    unit value (Art. 14 c.2 lett. d D.Lgs 276/2003), and no more than the disabled workers the cooperative
    actually placed (Art. 14 c.3: only they count)."""
    if commission_value < 0 or workers_placed < 0:
        raise ValueError("a commission value or a number of workers cannot be negative")
    per_position = parameters.value_per_position
    if per_position <= 0:
        return 0
    paid_for = int((commission_value / per_position).to_integral_value(rounding=ROUND_DOWN))
    return min(paid_for, workers_placed)


def art14_cap(quota: int, parameters: Art14Parameters) -> int:
    """Most positions of the disabled quota that conventions may cover (Art. 14 c.3: framework limits)."""
    return int((parameters.max_share_of_quota * quota).to_integral_value(rounding=ROUND_DOWN))


@dataclass(frozen=True)
class Coverage:
    disabled_employed: int = 0  # disabled workers employed and counted (Art. 1)
    protected_employed: int = 0  # workers of the Art. 18 c.2 categories employed
    art14_positions: int = 0  # positions the conventions' commissions cover before the cap


@dataclass(frozen=True)
class Law68Status:
    computable_headcount: int
    disabled_quota: int
    protected_quota: int
    disabled_employed: int
    protected_employed: int
    art14_counted: int  # Art. 14 positions actually counted (capped, and never beyond what is missing)
    disabled_shortfall: int
    protected_shortfall: int
    art14_room: int  # further disabled positions a convention could still cover under the cap

    @property
    def shortfall(self) -> int:
        return self.disabled_shortfall + self.protected_shortfall

    @property
    def is_obliged(self) -> bool:
        return self.disabled_quota + self.protected_quota > 0


def law68_status(computable_headcount: int, coverage: Coverage, parameters: Art14Parameters | None) -> Law68Status:
    """Quota, coverage and shortfall. Excess hires in one category do not cover the other (kept apart as the
    prospetto informativo keeps them); Art. 14 covers the disabled quota only (Art. 14 c.3)."""
    if min(coverage.disabled_employed, coverage.protected_employed, coverage.art14_positions) < 0:
        raise ValueError("coverage counts cannot be negative")
    disabled = disabled_quota(computable_headcount)
    protected = protected_quota(computable_headcount)
    cap = art14_cap(disabled, parameters) if parameters is not None else 0
    missing_after_hires = max(0, disabled - coverage.disabled_employed)
    counted = min(coverage.art14_positions, cap, missing_after_hires)
    return Law68Status(
        computable_headcount=computable_headcount, disabled_quota=disabled, protected_quota=protected,
        disabled_employed=coverage.disabled_employed, protected_employed=coverage.protected_employed,
        art14_counted=counted, disabled_shortfall=missing_after_hires - counted,
        protected_shortfall=max(0, protected - coverage.protected_employed),
        art14_room=max(0, min(cap - counted, missing_after_hires - counted)),
    )
