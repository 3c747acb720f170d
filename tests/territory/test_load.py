"""``florwork territory load``: every comune, codes and coordinates, idempotent, audited."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from florwork.accounts.policy import SYSTEM
from florwork.audit.models import AuditEntry
from florwork.territory.models import Comune
from florwork.territory.selectors import comuni_in_province
from florwork.territory.services import comuni_load
from florwork.territory.sources import SOURCE_MAIN_TOWN, SOURCE_NAME, read_comuni

pytestmark = pytest.mark.django_db

# A generous box around the Metropolitan City of Florence (Firenzuola to the north, Certaldo and
# Barberino Tavarnelle to the south, Fucecchio to the west, San Godenzo to the east).
FI_BOX = {"lat": (Decimal("43.40"), Decimal("44.25")), "lon": (Decimal("10.65"), Decimal("11.80"))}


def load(*args) -> dict:
    out = StringIO()
    call_command("territory", "load", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_41_comuni_of_florence_are_loaded_with_codes_and_coordinates():
    load()

    comuni = list(comuni_in_province(province_code="FI"))
    assert len(comuni) == 41
    for comune in comuni:
        assert comune.istat_code.startswith("048") and len(comune.istat_code) == 6
        assert len(comune.cadastral_code) == 4
        assert comune.province_name == "Firenze" and comune.region == "Toscana"
        assert FI_BOX["lat"][0] <= comune.latitude <= FI_BOX["lat"][1], comune.name
        assert FI_BOX["lon"][0] <= comune.longitude <= FI_BOX["lon"][1], comune.name


def test_geonames_finds_38_by_name_and_the_3_merged_comuni_take_their_main_town():
    load()

    comuni = comuni_in_province(province_code="FI")
    assert comuni.filter(coordinates_source=SOURCE_NAME).count() == 38
    merged = dict(comuni.filter(coordinates_source=SOURCE_MAIN_TOWN).values_list("name", "coordinates_place"))
    assert merged == {
        "Barberino Tavarnelle": "Barberino Val d'Elsa",
        "Figline e Incisa Valdarno": "Figline Valdarno",
        "Scarperia e San Piero": "Scarperia",
    }
    assert Comune.objects.get(name="Firenze").coordinates_place == "Florence"


def test_the_report_counts_what_happened():
    report = load()

    assert report["created"] == report["total"] == Comune.objects.count() > 7000
    assert report["updated"] == report["deactivated"] == 0
    assert report["with_coordinates"] + report["without_coordinates"] == report["total"]
    assert report["with_coordinates"] > 0.9 * report["total"]


def test_the_text_report_reads_in_one_line():
    out = StringIO()

    call_command("territory", "load", stdout=out)

    assert out.getvalue().startswith("comuni: ") and "coordinates:" in out.getvalue()


def test_running_twice_changes_nothing():
    load()
    before = list(Comune.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    second = load()

    assert (second["created"], second["updated"], second["deactivated"]) == (0, 0, 0)
    assert list(Comune.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == entries


def test_the_load_is_audited():
    load()

    entry = AuditEntry.objects.get(object_type="territory.Comune")
    assert entry.detail["created"] == Comune.objects.count()


def test_a_comune_gone_from_the_source_is_deactivated_not_deleted_and_comes_back():
    records = read_comuni()
    comuni_load(by=SYSTEM, records=records)
    [firenze] = [r for r in records if r.name == "Firenze"]

    report = comuni_load(by=SYSTEM, records=[r for r in records if r is not firenze])

    assert report.deactivated == 1
    assert Comune.objects.get(istat_code=firenze.istat_code).is_active is False
    assert comuni_in_province(province_code="FI").count() == 40
    assert comuni_load(by=SYSTEM, records=records).updated == 1
    assert Comune.objects.get(istat_code=firenze.istat_code).is_active is True


def test_a_changed_source_row_updates_its_comune():
    records = read_comuni()
    comuni_load(by=SYSTEM, records=records[:10])
    renamed = [records[0].__class__(**{**vars(records[0]), "name": "Nome Nuovo"}), *records[1:10]]

    report = comuni_load(by=SYSTEM, records=renamed)

    assert (report.created, report.updated) == (0, 1)
    assert Comune.objects.get(istat_code=records[0].istat_code).name == "Nome Nuovo"
