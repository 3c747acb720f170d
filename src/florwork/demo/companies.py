"""Demo companies: a few hundred firms across the comuni of the province of Florence, in real ATECO sectors,
with valid partite IVA, sizes such that some miss their Law 68 quota, sites, contacts (some opted out),
relationships at every stage and a few Art. 14 conventions with the demo's type-B cooperatives.

Deterministic for a seed: ``companies_plan`` draws everything from ``random.Random(seed)``; the load goes
through the registry services as the demo company officer, so every row has its claims and audit entries.
Idempotent: a company whose partita IVA is already in the registry is skipped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.demo.plan import FEMALE_NAMES, MALE_NAMES, ORGANIZATIONS, SURNAMES
from florwork.demo.population import FIRENZE_POSTCODES, RESIDENCE_WEIGHTS, STREETS
from florwork.employers import law68, services
from florwork.employers.identifiers import partita_iva_with_check_digit
from florwork.employers.models import Company, MarketingBasis
from florwork.employers.relationship import Relationship as R
from florwork.people.codice_fiscale import generate as personal_code
from florwork.territory.models import Comune
from florwork.territory.selectors import comuni_in_province

FLORENCE_OFFICE = "048"  # digits 8-10 of a partita IVA: the provincial office (Florence)
CHAMBER_FILE = "import:registro-imprese-fi-2025.csv"  # the source the demo's first values come from
CHAMBER_DATE = date(2025, 12, 31)
SMALL, MEDIUM, LARGE = (1, 14), (10, 90), (45, 420)


@dataclass(frozen=True)
class Sector:
    ateco: str  # ATECO 2025 subcategory
    weight: int
    stems: tuple[str, ...]
    size: tuple[int, int]
    forms: tuple[str, ...]


SECTORS = (
    Sector("56.11.11", 14, ("Ristorante", "Trattoria", "Osteria"), SMALL, ("di", "snc", "srl")),
    Sector("55.10.00", 8, ("Hotel", "Albergo"), MEDIUM, ("srl", "spa")),
    Sector("47.11.02", 6, ("Supermercati", "Market"), LARGE, ("spa", "srl", "coop")),
    Sector("10.71.10", 7, ("Panificio", "Forno"), SMALL, ("di", "snc", "sas")),
    Sector("13.20.00", 4, ("Tessitura", "Lanificio"), MEDIUM, ("srl", "spa")),
    Sector("15.12.00", 8, ("Pelletteria", "Manifattura Pelle"), MEDIUM, ("srl", "spa")),
    Sector("15.20.10", 4, ("Calzaturificio",), MEDIUM, ("srl", "spa")),
    Sector("25.11.00", 5, ("Carpenteria Metallica", "Officine"), MEDIUM, ("srl", "snc")),
    Sector("28.29.99", 4, ("Meccanica", "Costruzioni Meccaniche"), LARGE, ("srl", "spa")),
    Sector("41.00.00", 6, ("Edilizia", "Costruzioni"), MEDIUM, ("srl", "sas")),
    Sector("43.21.01", 5, ("Impianti Elettrici",), SMALL, ("di", "snc", "srl")),
    Sector("49.41.00", 5, ("Autotrasporti", "Trasporti"), MEDIUM, ("srl", "coop")),
    Sector("52.10.10", 4, ("Logistica", "Magazzini"), LARGE, ("srl", "spa")),
    Sector("62.10.00", 4, ("Software", "Digital Lab"), MEDIUM, ("srl",)),
    Sector("81.21.00", 5, ("Multiservizi", "Servizi di Pulizia"), LARGE, ("srl", "coop")),
    Sector("81.30.00", 3, ("Giardini", "Verde Pubblico"), SMALL, ("di", "snc", "srl")),
    Sector("87.30.00", 3, ("Residenza", "RSA"), LARGE, ("srl", "coop")),
    Sector("96.21.00", 5, ("Parrucchieria", "Barberia"), SMALL, ("di", "snc")),
    Sector("01.21.00", 4, ("Fattoria", "Tenuta"), SMALL, ("srl", "sas", "di")),
    Sector("11.02.10", 3, ("Cantine", "Vini"), MEDIUM, ("srl", "spa")),
    Sector("56.22.01", 3, ("Ristorazione Collettiva", "Mense"), LARGE, ("spa", "coop")),
    Sector("47.71.10", 5, ("Abbigliamento", "Boutique"), SMALL, ("di", "snc", "srl")),
)
PLACES = ("Arno", "Mugello", "Chianti", "Valdarno", "Bisenzio", "Valdelsa", "Sieve", "Oltrarno", "Fiesole",
          "Medicea", "del Giglio", "Toscana", "Brunelleschi", "San Frediano", "Ponte Vecchio", "Valdipesa")
SUFFIX = {"di": "", "snc": " S.n.c.", "sas": " S.a.s.", "srl": " S.r.l.", "spa": " S.p.A.",
          "coop": " Soc. Coop."}
STATES = ((R.PROSPECT, 55), (R.CONTACTED, 16), (R.VISITED, 12), (R.PARTNER, 11), (R.DORMANT, 6))
PATHS = {R.PROSPECT: (), R.CONTACTED: (R.CONTACTED,), R.VISITED: (R.CONTACTED, R.VISITED),
         R.PARTNER: (R.CONTACTED, R.VISITED, R.PARTNER), R.DORMANT: (R.CONTACTED, R.DORMANT)}
JOB_TITLES = ("Responsabile del personale", "Titolare", "Amministrazione", "Direttore di stabilimento",
              "Ufficio HR", "Responsabile di negozio")
COOPERATIVES = tuple(spec.name for spec in ORGANIZATIONS if spec.kind == "social_coop_b")


@dataclass(frozen=True)
class ContactSpec:
    first_name: str
    last_name: str
    job_title: str
    phone: str
    email: str
    basis: str
    opted_out: bool


@dataclass(frozen=True)
class CompanySpec:
    values: dict
    site: dict
    state: str
    contacts: tuple[ContactSpec, ...] = ()
    officer_recount: int | None = None  # an officer later learns a different headcount (a manual claim)
    convention: tuple[int, int] | None = None  # (index of the cooperative, positions paid for)
    extra: dict = field(default_factory=dict)


def _size(rng: random.Random, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return int(round(low * (high / low) ** rng.random()))  # log-uniform: many small, a few big


def _law68(rng: random.Random, employees: int) -> dict:
    """The declared figures: often the quota is filled, often one or two are missing (the opportunities)."""
    if employees < 15 or rng.random() < 0.2:  # small, or the computable headcount is not known yet
        return {}
    computable = employees - rng.randint(0, max(1, employees // 10))
    quota = law68.disabled_quota(computable)
    missing = rng.choice((0, 0, 0, 1, 1, 2, 3))
    return {"computable_headcount": computable, "disabled_employed": max(0, quota - missing),
            "protected_employed": max(0, law68.protected_quota(computable) - rng.choice((0, 0, 1)))}


def _name(rng: random.Random, sector: Sector, form: str) -> tuple[str, str | None]:
    stem = rng.choice(sector.stems)
    if form == "di":
        first = rng.choice(FEMALE_NAMES + MALE_NAMES)
        return f"{stem} {first} {rng.choice(SURNAMES)}", first
    tail = rng.choice(SURNAMES) if rng.random() < 0.6 else rng.choice(PLACES)
    return f"{stem} {tail}{SUFFIX[form]}", None


def _contacts(rng: random.Random, domain: str) -> tuple[ContactSpec, ...]:
    contacts = []
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        first, last = rng.choice(FEMALE_NAMES + MALE_NAMES), rng.choice(SURNAMES)
        local = f"{first}.{last}".lower().replace("'", "").replace("ò", "o")
        contacts.append(ContactSpec(first, last, rng.choice(JOB_TITLES), f"055 {rng.randint(200000, 999999)}",
                                    f"{local}@{domain}", rng.choice((MarketingBasis.LEGITIMATE_INTEREST,) * 3
                                                                    + (MarketingBasis.CONSENT,)),
                                    rng.random() < 0.12))
    return tuple(contacts)


def companies_plan(*, seed: int, count: int, comuni: list[tuple[str, str]]) -> list[CompanySpec]:
    """``comuni``: (ISTAT code, name) of the province; Florence and the big towns are weighted as people are."""
    rng = random.Random(seed * 7919 + 68)
    weights = [RESIDENCE_WEIGHTS.get(name, (1, ""))[0] for _code, name in comuni]
    numbers = rng.sample(range(100_000, 9_999_999), count)
    specs = []
    for number in numbers:
        sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
        form = rng.choice(sector.forms)
        name, owner = _name(rng, sector, form)
        employees = _size(rng, sector.size)
        istat, comune = rng.choices(comuni, weights=weights)[0]
        piva = partita_iva_with_check_digit(f"{number:07d}{FLORENCE_OFFICE}")
        cf = piva
        if owner:  # a sole trader's codice fiscale is the owner's personal code
            born = date(1960, 1, 1).toordinal() + rng.randrange(30 * 365)
            cf = personal_code(name.split()[-1], owner, date.fromordinal(born),
                               "F" if owner in FEMALE_NAMES else "M", "D612")
        domain = f"{name.split()[-2 if form != 'di' else -1].lower()}{number % 97}.example.it".replace("'", "")
        values = {"legal_name": name, "partita_iva": piva, "codice_fiscale": cf, "legal_form": form,
                  "ateco_code": sector.ateco, "ateco_edition": "2025", "employees": employees,
                  "employees_as_of": CHAMBER_DATE, "phone": f"055 {rng.randint(200000, 999999)}",
                  "website": f"www.{domain}" if rng.random() < 0.6 else "", **_law68(rng, employees)}
        postcode = rng.choice(FIRENZE_POSTCODES) if comune == "Firenze" else RESIDENCE_WEIGHTS.get(comune, (0, ""))[1]
        site = {"address": f"{rng.choice(STREETS)} {rng.randint(1, 180)}", "postcode": postcode,
                "comune_istat": istat, "is_headquarters": True}
        state = rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES])[0]
        recount = max(1, employees + rng.randint(-5, 8)) if rng.random() < 0.25 else None
        convention = None
        if values.get("computable_headcount", 0) > 50 and rng.random() < 0.35:
            convention = (rng.randrange(len(COOPERATIVES)), rng.randint(1, 2))
        specs.append(CompanySpec(values, site, state, _contacts(rng, domain), recount, convention))
    return specs


def _officer() -> Actor:
    seat = (Membership.objects.filter(role=Role.COMPANY_OFFICER, is_active=True, user__username="company_officer")
            .select_related("organization", "user").first())
    return actor_for_membership(seat) if seat is not None else SYSTEM


def _placed(spec: CompanySpec) -> dict:
    """The site with a point of its own near its comune's centre, as a geocoded address would have (the demo's
    addresses are invented, so is the point): visit routes and maps then separate the companies of one comune
    instead of stacking them on the town hall. Deterministic by partita IVA; up to about 2.5 km away."""
    comune = Comune.objects.filter(istat_code=spec.site["comune_istat"]).values_list("latitude", "longitude").first()
    if not comune or comune[0] is None:
        return spec.site
    rng = random.Random(spec.values["partita_iva"])
    latitude = Decimal(str(comune[0])) + Decimal(rng.uniform(-0.022, 0.022)).quantize(Decimal("0.00001"))
    longitude = Decimal(str(comune[1])) + Decimal(rng.uniform(-0.03, 0.03)).quantize(Decimal("0.00001"))
    return {**spec.site, "latitude": latitude, "longitude": longitude}


def _load_one(spec: CompanySpec, officer: Actor, cooperatives: list[Organization], year: int,
              has_parameters: bool) -> None:
    observed = timezone.make_aware(datetime.combine(CHAMBER_DATE, time(12)))
    with transaction.atomic():
        company = services.company_create(by=officer, values=spec.values, site=_placed(spec), source=CHAMBER_FILE,
                                          observed_at=observed)
        if spec.officer_recount is not None:
            services.company_update(by=officer, company=company, values={"employees": spec.officer_recount},
                                    version=company.version)
        for step in PATHS[R(spec.state)]:
            services.company_transition(by=officer, company=company, to_state=step, version=company.version)
        for contact in spec.contacts:
            services.contact_add(by=officer, company=company, data={
                "first_name": contact.first_name, "last_name": contact.last_name, "job_title": contact.job_title,
                "phone": contact.phone, "email": contact.email, "marketing_basis": contact.basis,
                "consent_given_at": observed if contact.basis == MarketingBasis.CONSENT else None,
                "opted_out": contact.opted_out})
        if spec.convention and has_parameters and cooperatives:
            coop, positions = spec.convention
            parameters = services.art14_parameters(region=services.company_region(company), year=year)
            if parameters is not None:
                services.convention_add(
                    by=officer, company=company, cooperative=cooperatives[coop % len(cooperatives)], year=year,
                    commission_value=(parameters.value_per_position * positions).quantize(Decimal("0.01")),
                    disabled_workers_placed=positions, signed_on=date(year, 1, 15))


def demo_companies_load(*, seed: int = 1, count: int = 300) -> int:
    """Create the demo companies that are missing; returns how many were created (one transaction each)."""
    comuni = [(c.istat_code, c.name) for c in comuni_in_province(province_code="FI")]
    if not comuni:
        raise ValueError("the comuni of the province of Florence are not in the territory table")
    officer = _officer()
    cooperatives = list(Organization.objects.filter(name__in=COOPERATIVES).order_by("name"))
    year = timezone.localdate().year
    has_parameters = services.art14_parameters(region=services.DEFAULT_REGION, year=year) is not None
    specs = companies_plan(seed=seed, count=count, comuni=comuni)
    existing = set(Company.objects.filter(partita_iva__in=[s.values["partita_iva"] for s in specs])
                   .values_list("partita_iva", flat=True))
    created = 0
    for spec in specs:
        if spec.values["partita_iva"] in existing:
            continue
        _load_one(spec, officer, cooperatives, year, has_parameters)
        created += 1
    return created
