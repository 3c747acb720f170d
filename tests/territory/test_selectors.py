"""Looking comuni up by ISTAT code, cadastral code and province."""

import pytest

from florwork.accounts.policy import SYSTEM
from florwork.territory.selectors import comune_by_cadastral_code, comune_by_istat, comune_by_name, comuni_in_province
from florwork.territory.services import comuni_load
from florwork.territory.sources import read_comuni

pytestmark = pytest.mark.django_db


@pytest.fixture
def tuscany():
    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.region == "Toscana"])
    return {r.name: r for r in read_comuni() if r.province_code == "FI"}


def test_by_istat_code(tuscany):
    assert comune_by_istat(istat_code=tuscany["Empoli"].istat_code).name == "Empoli"


def test_by_cadastral_code_as_written_in_a_codice_fiscale(tuscany):
    code = tuscany["Firenze"].cadastral_code

    assert comune_by_cadastral_code(cadastral_code=code.lower()).name == "Firenze"


def test_unknown_codes_give_none(tuscany):
    assert comune_by_istat(istat_code="000000") is None
    assert comune_by_cadastral_code(cadastral_code="Z404") is None  # a foreign state, not a comune


def test_by_name_within_a_province(tuscany):
    found = comune_by_name(name="sesto fiorentino", province_code="fi")

    assert found.istat_code == tuscany["Sesto Fiorentino"].istat_code
    assert comune_by_name(name="Sesto Fiorentino", province_code="PO") is None


def test_comuni_in_a_province_sorted_by_name(tuscany):
    names = [c.name for c in comuni_in_province(province_code="FI")]

    assert len(names) == 41 and names == sorted(names)
