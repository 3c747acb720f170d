"""Shared by the registry tests: the comuni of Florence, valid identifiers and a company made through the service."""

import itertools

import pytest

from florwork.employers.identifiers import partita_iva_with_check_digit

_numbers = itertools.count(1001)


def new_partita_iva() -> str:
    return partita_iva_with_check_digit(f"{next(_numbers):07d}048")


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.fixture
def florence(db):
    from florwork.accounts.policy import SYSTEM
    from florwork.territory.services import comuni_load
    from florwork.territory.sources import read_comuni

    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.province_code == "FI"])
    from florwork.territory.selectors import comune_by_name

    return {name: comune_by_name(name=name, province_code="FI") for name in ("Firenze", "Prato", "Empoli",
                                                                             "Sesto Fiorentino")
            if comune_by_name(name=name, province_code="FI")}


@pytest.fixture
def make_company(actors, florence):
    from florwork.employers.services import company_create

    def make(*, name="Officine Rossi S.r.l.", by="company_officer", comune="Firenze", site=True, **values):
        values = {"legal_name": name, "partita_iva": new_partita_iva(), **values}
        where = {"address": "Via Roma 1", "comune_istat": florence[comune].istat_code} if site else None
        return company_create(by=actors[by], values=values, site=where)

    return make
