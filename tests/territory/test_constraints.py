"""The database refuses a malformed comune."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from florwork.territory.models import Comune

pytestmark = pytest.mark.django_db

VALID = dict(istat_code="999001", name="Prova", cadastral_code="Z001", province_code="ZZ",
             province_name="Prova", region="Prova")


def test_a_valid_comune_without_coordinates_is_stored():
    assert Comune.objects.create(**VALID).pk


@pytest.mark.parametrize("bad", [
    {"latitude": Decimal("43.1")},
    {"latitude": Decimal("43.1"), "longitude": Decimal("11.2")},
    {"coordinates_source": "geonames_name"},
    {"istat_code": "48017"},
    {"cadastral_code": "d612"},
])
def test_malformed_comuni_are_refused(bad):
    with pytest.raises(IntegrityError):
        Comune.objects.create(**{**VALID, **bad})


def test_istat_and_cadastral_codes_are_unique():
    Comune.objects.create(**VALID)

    with pytest.raises(IntegrityError):
        Comune.objects.create(**{**VALID, "istat_code": "999002"})
