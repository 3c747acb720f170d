"""Who the demo people are: identity with a valid codice fiscale, residence, education, household,
benefits, work history and disability. Pure (no Django): places come in as plain tuples.

Every person is drawn from their own random stream (seed and position), so the first 40 people of
``--people 300`` are the 40 people of ``--people 40``, and the same seed always gives the same people.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from florwork.demo import population as pop
from florwork.people import codice_fiscale as cf

ADI_START = date(2024, 1, 1)  # Assegno di inclusione: from 1 January 2024 (D.L. 48/2023)
SFL_START = date(2023, 9, 1)  # Supporto formazione e lavoro: from 1 September 2023
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Places:
    """Comuni from the territory table: residence (istat, name, weight, postcode), birth (code, weight)."""

    residence: tuple[tuple[str, str, int, str], ...]
    birth: tuple[tuple[str, int], ...]
    firenze_birth_code: str


@dataclass(frozen=True)
class BenefitPlan:
    kind: str
    monthly_amount: Decimal
    start: date
    end: date | None


@dataclass(frozen=True)
class JobPlan:
    occupation: str
    employer: str
    start: date
    end: date | None
    contract_kind: str


@dataclass
class Profile:
    index: int
    origin: str
    situation: str  # the key of the referral reason
    data: dict[str, Any]
    sensitive: dict[str, Any] | None = None
    benefits: list[BenefitPlan] = field(default_factory=list)
    jobs: list[JobPlan] = field(default_factory=list)
    sector: str = ""

    @property
    def codice_fiscale(self) -> str:
        return self.data["codice_fiscale"]


def _weighted(rng: random.Random, items, weight=lambda item: item[-1]):
    return rng.choices(items, weights=[weight(i) for i in items])[0]


def _years_ago(anchor: date, years: int, extra_days: int) -> date:
    try:
        day = anchor.replace(year=anchor.year - years)
    except ValueError:  # 29 February
        day = anchor.replace(year=anchor.year - years, day=28)
    return day - timedelta(days=extra_days)


def _age(rng: random.Random) -> int:
    band = rng.choices(((16, 17), (18, 29), (30, 49), (50, 64)), weights=(4, 40, 35, 21))[0]
    return rng.randint(*band)


def _identity(rng: random.Random, anchor: date, places: Places, twin_source: bool
              ) -> tuple[pop.Origin, dict, bool]:
    born_abroad = rng.random() < 0.36 and not twin_source
    origin = _weighted(rng, pop.FOREIGN, lambda o: o.weight) if born_abroad else pop.ITALY
    second_generation = not born_abroad and not twin_source and rng.random() < 0.08
    if second_generation:
        origin = _weighted(rng, pop.FOREIGN, lambda o: o.weight)
    sex = rng.choice("MF")
    first_name = rng.choice(origin.male if sex == "M" else origin.female)
    last_name = rng.choice(pop.SAME_LETTERS)[0] if twin_source else rng.choice(origin.surnames)
    age = _age(rng) if not second_generation else rng.randint(16, 29)
    birth_date = _years_ago(anchor, age, rng.randint(1, 364))
    if born_abroad:
        place = origin.state_code
    elif second_generation:
        place = places.firenze_birth_code
    else:
        place = _weighted(rng, places.birth)[0]
    naturalized = born_abroad and age >= 30 and rng.random() < 0.15
    citizenship = "IT" if origin is pop.ITALY or naturalized or (second_generation and rng.random() < 0.4) \
        else origin.citizenship
    data = {"first_name": first_name, "last_name": last_name, "birth_date": birth_date, "sex": sex,
            "birth_place_code": place, "citizenship": citizenship}
    return origin, data, born_abroad


def _codice_fiscale(data: dict, used: set[str]) -> str:
    base = cf.generate(data["last_name"], data["first_name"], data["birth_date"], data["sex"],
                       data["birth_place_code"])
    code, substitutions = base, 0
    while code in used:  # the Agenzia's omocodia: the next free variant
        substitutions += 1
        code = cf.to_omocode(base, substitutions)
    used.add(code)
    return code


def _residence(rng: random.Random, places: Places, data: dict, index: int) -> None:
    istat, name, _weight, postcode = _weighted(rng, places.residence, lambda r: r[2])
    if name == "Firenze":
        postcode = rng.choice(pop.FIRENZE_POSTCODES)
    data.update(residence_istat=istat, postcode=postcode,
                address=f"{rng.choice(pop.STREETS)} {rng.randint(1, 180)}")
    if rng.random() < 0.85:
        data["phone"] = f"+39 3{rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    if rng.random() < 0.6:
        plain = unicodedata.normalize("NFKD", f"{data['first_name']}.{data['last_name']}".lower())
        local = "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch == "."))
        data["email"] = f"{local}.{index}@example.org"


def _education(rng: random.Random, data: dict, origin: pop.Origin, born_abroad: bool, age: int) -> None:
    if age < 19:
        level = rng.choices((1, 2, 3), weights=(1, 8, 1))[0]
    elif born_abroad:
        level = rng.choices(range(8), weights=(4, 12, 30, 34, 3, 1, 12, 4))[0]
    else:
        level = rng.choices(range(8), weights=(0, 2, 38, 44, 5, 2, 6, 3))[0]
    titles = pop.EDUCATION_TITLES[level]
    title = rng.choice([t for t in titles if ("estero" in t) == born_abroad] or titles)
    data.update(isced_level=level, education_title=title)
    languages = []
    if origin is pop.ITALY or not born_abroad:
        data["italian_level"] = "native"
        languages = [{"language": lang, "level": "native"} for lang in origin.languages if lang != "it"]
    else:
        data["italian_level"] = rng.choices(("A1", "A2", "B1", "B2", "C1"), weights=(15, 30, 30, 17, 8))[0]
        languages = [{"language": origin.languages[0], "level": "native"}]
        languages += [{"language": lang, "level": rng.choice(("B1", "B2", "C1"))} for lang in origin.languages[1:]]
    if level >= 3 and rng.random() < 0.5 and "en" not in origin.languages:
        languages.append({"language": "en", "level": rng.choice(("A2", "B1", "B2"))})
    data["other_languages"] = languages


def _mobility_household(rng: random.Random, data: dict, born_abroad: bool, age: int) -> None:
    licences: list[str] = []
    if age >= 18 and rng.random() < (0.35 if born_abroad else 0.6):
        licences = ["B"] + (["C", "CQC"] if rng.random() < 0.06 else [])
    elif age < 18 and rng.random() < 0.3:
        licences = ["AM"]
    data.update(driving_licences=licences, own_vehicle=bool(licences) and rng.random() < 0.5)
    if age < 30:
        size = rng.choices((1, 2, 3, 4, 5), weights=(10, 20, 35, 25, 10))[0]
        minors = rng.choices((0, 1), weights=(8, 2))[0] if size > 1 else 0
    else:
        size = rng.choices((1, 2, 3, 4, 5, 6), weights=(20, 20, 25, 20, 10, 5))[0]
        minors = rng.randint(0, max(0, size - 1)) if size > 1 else 0
    load = "none"
    if minors and (size - minors == 1 or rng.random() < 0.3):
        load = "heavy" if minors >= 2 or size - minors == 1 else "light"
    elif rng.random() < 0.1:
        load = "light"
    data.update(household_size=size, minors_in_household=minors, caregiving_load=load)


def _work_history(rng: random.Random, age: int, born_abroad: bool, referral_floor: date) -> list[JobPlan]:
    """Past jobs, newest first, one after the other with gaps; all ended before the referral."""
    years_working = max(0, age - 18)
    count = 0 if years_working == 0 else rng.choices((0, 1, 2, 3), weights=(3, 4, 3, 2))[0]
    if age < 23:
        count = min(count, 1)
    jobs, end = [], referral_floor - timedelta(days=rng.randint(60, 500))
    sector = rng.choice(pop.OCCUPATIONS)
    for _ in range(count):
        occupation = sector if rng.random() < 0.6 else rng.choice(pop.OCCUPATIONS)
        months = rng.choice((2, 3, 6, 9, 12, 18, 24, 36, 60, 96)) if age > 25 else rng.choice((1, 2, 3, 6, 12))
        start = end - timedelta(days=30 * months)
        if start < referral_floor - timedelta(days=365 * years_working):
            break
        usual = occupation.contracts[0]
        contract = rng.choice((usual, usual, *occupation.contracts))
        if age < 25 and rng.random() < 0.3:
            contract = "tirocinio"
        jobs.append(JobPlan(occupation.name, rng.choice(occupation.employers), start, end, contract))
        end = start - timedelta(days=rng.randint(30, 400))
    return jobs


def _benefits(rng: random.Random, situation: str, age: int, jobs: list[JobPlan], referral_floor: date,
              anchor: date) -> list[BenefitPlan]:
    """Benefits around the referral: periods of the same kind never overlap, each within its law's dates."""
    benefits: list[BenefitPlan] = []
    if jobs and jobs[0].contract_kind in ("permanent", "fixed_term", "apprenticeship", "agency") \
            and rng.random() < 0.5:
        start = jobs[0].end + timedelta(days=8)
        months = rng.randint(4, 16)
        end = start + timedelta(days=30 * months)
        amount = Decimal(rng.randrange(650, 1250, 5)).quantize(CENT)
        benefits.append(BenefitPlan("naspi", amount, start, min(end, anchor - timedelta(days=1))))
    if situation in ("adi", "care", "housing", "disability", "long_unemployed") and rng.random() < 0.7:
        start = max(ADI_START, referral_floor - timedelta(days=rng.randint(30, 300)))
        start = start.replace(day=1)
        first_end = start + timedelta(days=30 * 18 - 1)  # granted for 18 months
        amount = (Decimal(rng.randrange(250, 900, 5)) + Decimal("0.50") * rng.randint(0, 1)).quantize(CENT)
        if first_end < anchor - timedelta(days=45):  # renewed after the one-month pause
            benefits.append(BenefitPlan("adi", amount, start, first_end))
            renewal = (first_end + timedelta(days=35)).replace(day=1)
            benefits.append(BenefitPlan("adi", amount, renewal, None))
        else:
            benefits.append(BenefitPlan("adi", amount, start, None))
    elif 18 <= age <= 59 and situation in ("neet", "long_unemployed", "over50") and rng.random() < 0.3:
        start = max(SFL_START, referral_floor - timedelta(days=rng.randint(0, 120))).replace(day=1)
        amount = Decimal("500.00") if start.year >= 2025 else Decimal("350.00")
        end = min(start + timedelta(days=30 * 12 - 1), anchor - timedelta(days=1))
        benefits.append(BenefitPlan("sfl", amount, start, end))
    if situation == "housing" or rng.random() < 0.12:
        start = referral_floor - timedelta(days=rng.randint(0, 200))
        end = start + timedelta(days=30 * rng.choice((6, 12)) - 1)
        amount = Decimal(rng.randrange(150, 400, 10)).quantize(CENT)
        benefits.append(BenefitPlan("housing", amount, start, min(end, anchor)))
    if rng.random() < 0.15:
        start = referral_floor - timedelta(days=rng.randint(0, 150))
        benefits.append(BenefitPlan("municipal", Decimal(rng.randrange(100, 350, 50)).quantize(CENT), start,
                                    start + timedelta(days=30 * rng.randint(2, 6) - 1)))
    return [b for b in benefits if b.start < anchor]


def _disability(rng: random.Random, anchor: date) -> dict[str, Any]:
    percentage = rng.choice((46, 50, 55, 60, 67, 70, 74, 75, 80, 100, 34, 40))
    detail, notes = rng.choice(pop.DISABILITIES)
    enrolled = percentage > 45 and rng.random() < 0.85
    return {"invalidity_percentage": percentage, "law68_enrolled": enrolled,
            "law68_enrolled_on": anchor - timedelta(days=rng.randint(200, 3000)) if enrolled else None,
            "disability_detail": detail, "health_notes": notes}


def _situation(rng: random.Random, age: int, data: dict, born_abroad: bool, disabled: bool) -> str:
    if disabled:
        return "disability"
    if born_abroad and data["italian_level"] in ("A1", "A2") and rng.random() < 0.6:
        return "language"
    if data["caregiving_load"] == "heavy" and rng.random() < 0.6:
        return "care"
    if 18 <= age <= 29 and rng.random() < 0.7:
        return "neet"
    if age >= 50 and rng.random() < 0.6:
        return "over50"
    return rng.choice(("adi", "long_unemployed", "housing", "adi"))


def profile_plan(*, rng: random.Random, index: int, anchor: date, places: Places, used_codes: set[str],
                 referral_floor: date, twin_source: bool = False) -> Profile:
    """One person; ``referral_floor`` is the day of their first referral (their history ends before it).
    A ``twin_source`` is Italian-born with a surname that has a same-letters twin (see ``twin_of``)."""
    origin, data, born_abroad = _identity(rng, anchor, places, twin_source)
    age = (anchor - data["birth_date"]).days // 365
    _residence(rng, places, data, index)
    _education(rng, data, origin, born_abroad, age)
    _mobility_household(rng, data, born_abroad, age)
    disabled = rng.random() < 0.14
    situation = _situation(rng, age, data, born_abroad, disabled)
    jobs = _work_history(rng, age, born_abroad, referral_floor)
    sector = rng.choice(pop.OCCUPATIONS)
    sought = [sector.name] + ([jobs[0].occupation] if jobs and jobs[0].occupation != sector.name else [])
    skills = sorted({*rng.sample(sector.skills, min(2, len(sector.skills))),
                     *rng.sample(pop.COMMON_SKILLS, rng.randint(0, 2))})
    if data["driving_licences"] and "patente B" not in skills:
        skills.append("patente B")
    data.update(
        skills=skills, occupations_sought=sought,
        hours_preference="part_time" if data["caregiving_load"] == "heavy" else rng.choice(
            ("full_time", "part_time", "any", "any")),
        max_commute_minutes=rng.choice((20, 30, 30, 45, 45, 60, 90)),
        availability=rng.choices(("immediate", "one_month", "later"), weights=(7, 2, 1))[0],
    )
    data["codice_fiscale"] = _codice_fiscale(data, used_codes)
    profile = Profile(index=index, origin=origin.key, situation=situation, data=data, jobs=jobs,
                      sector=sector.sector)
    profile.sensitive = _disability(rng, anchor) if disabled else None
    profile.benefits = _benefits(rng, situation, age, jobs, referral_floor, anchor)
    return profile


def twin_of(profile: Profile, rng: random.Random, index: int, used_codes: set[str]) -> Profile | None:
    """A second person with the same base codice fiscale (an omocode): same birth, first name and sex,
    a surname with the same three letters. None when the first person's surname has no such twin."""
    for one, other in pop.SAME_LETTERS:
        if profile.data["last_name"] in (one, other):
            break
    else:
        return None
    data = dict(profile.data, last_name=other if profile.data["last_name"] == one else one,
                email="", phone="", address=f"{rng.choice(pop.STREETS)} {rng.randint(1, 180)}")
    data["codice_fiscale"] = _codice_fiscale(data, used_codes)
    return Profile(index=index, origin=profile.origin, situation=rng.choice(("adi", "long_unemployed")),
                   data=data, jobs=[], sector=profile.sector)
