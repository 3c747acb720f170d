"""Reads of the comuni. Public reference data: no access policy, nothing personal."""

from __future__ import annotations

from django.db.models import QuerySet

from florwork.territory.models import Comune


def comune_by_istat(*, istat_code: str) -> Comune | None:
    return Comune.objects.filter(istat_code=istat_code.strip()).first()


def comune_by_cadastral_code(*, cadastral_code: str) -> Comune | None:
    """The comune of a codice fiscale's birth place (characters 12-15), if it is an Italian comune."""
    return Comune.objects.filter(cadastral_code=cadastral_code.strip().upper()).first()


def comune_by_name(*, name: str, province_code: str) -> Comune | None:
    return Comune.objects.filter(name__iexact=name.strip(), province_code=province_code.strip().upper()).first()


def comuni_in_province(*, province_code: str, active_only: bool = True) -> QuerySet[Comune]:
    comuni = Comune.objects.filter(province_code=province_code.strip().upper())
    if active_only:
        comuni = comuni.filter(is_active=True)
    return comuni.order_by("name")
