"""People, referrals, cases, consents and timeline events for the caseload benchmark.

Shaped like a hub a few years in: most cases closed or dropped, about 2,400 open ones spread over 40 case
managers (the measured one holds 60), some referrals still unassigned, and the timeline events spread
over the cases by how long each has run. Rows carry explicit ids and go in with COPY on PostgreSQL
(bulk_create elsewhere); the sequences are moved past them at the end.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from bench.seed import _batches
from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.roles import Role
from florwork.cases.models import Case, CaseEvent, Referral
from florwork.people.codice_fiscale import generate
from florwork.people.models import Consent, Person

FIRST_NAMES = {
    "F": ["Giulia", "Sara", "Chiara", "Elena", "Francesca", "Anna", "Martina", "Laura", "Valentina", "Irene",
          "Fatima", "Amina", "Elisa", "Silvia", "Marta", "Alessia", "Ioana", "Mariam", "Olena", "Rosa"],
    "M": ["Marco", "Luca", "Matteo", "Andrea", "Paolo", "Davide", "Simone", "Giovanni", "Alessio", "Omar",
          "Ahmed", "Mohamed", "Lorenzo", "Stefano", "Francesco", "Riccardo", "Ion", "Karim", "Samuel", "Enrico"],
}
LAST_NAMES = ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
              "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana",
              "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
              "Bencini", "Cecchi", "Bartolini", "Innocenti", "Fani", "Nardi", "Benali", "Popescu", "Hossain",
              "Kovalenko", "Diallo", "Chen", "Santos", "Haddad", "Mazzoni", "Baldi", "Niccolai", "Papini"]
# the comune of birth (Firenze, Prato, Empoli, Napoli, Palermo) or a foreign state (Morocco, Romania, ...)
BIRTH_PLACES = ["D612"] * 8 + ["G999", "D403", "F839", "G273", "Z330", "Z129", "Z249", "Z138", "Z210", "Z336"]
CASE_MANAGERS = 40
MEASURED_OPEN_CASES = 60
UNASSIGNED_REFERRALS = 150
OPEN_STATES = ["referred"] * 2 + ["intake"] * 3 + ["assessed"] * 3 + ["planned"] * 4 + ["active"] * 8 \
    + ["placed"] * 3 + ["follow_up"] * 3 + ["suspended"]
CHANNELS = ["meeting", "phone", "phone", "message", "message", "missed"]
REASONS = ["Lost their job and has no income", "Long-term unemployed, receives ADI", "Single parent looking "
           "for part-time work", "Recently arrived, needs Italian and a first job", "Left school early"]


@dataclass
class Staff:
    social_worker: User
    programme_manager: User
    case_manager: User  # the measured one, with MEASURED_OPEN_CASES open cases
    case_managers: list[User]


def _user(username: str, org: Organization, role: str, first: str, last: str) -> User:
    user = User.objects.create(username=username, first_name=first, last_name=last, password="!",
                               email=f"{username}@example.org")
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def seed_staff(*, municipality: Organization, hub: Organization) -> Staff:
    managers = [_user(f"bench-cm{i:02d}", hub, Role.CASE_MANAGER, "Case", f"Manager {i:02d}")
                for i in range(CASE_MANAGERS)]
    return Staff(social_worker=_user("bench-sw", municipality, Role.SOCIAL_WORKER, "Social", "Worker"),
                 programme_manager=_user("bench-pm", municipality, Role.PROGRAMME_MANAGER, "Programme", "Manager"),
                 case_manager=managers[0], case_managers=managers)


def _load(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows (values in ``fields`` order, by attname): COPY on PostgreSQL, bulk_create elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
        with transaction.atomic(), connection.cursor() as cursor:
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v for v in row])
                    count += 1
        return count
    for batch in _batches(rows):
        model.objects.bulk_create(model(**dict(zip(fields, row, strict=True))) for row in batch)
        count += len(batch)
    return count


def _reset_sequences(models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.uniform(0, max(1.0, (end - start).total_seconds())))


@dataclass
class CasePlan:
    id: int
    person_id: int
    state: str
    owner_id: int | None
    referred_at: datetime
    closed_at: datetime | None
    milestones: dict[str, datetime | None]


def _open_owners(staff: Staff, rng: random.Random, open_cases: int) -> list[int | None]:
    """Who holds each open case: the measured manager 60, the others the rest, some unassigned."""
    owners: list[int | None] = [staff.case_manager.pk] * MEASURED_OPEN_CASES + [None] * UNASSIGNED_REFERRALS
    others = [m.pk for m in staff.case_managers[1:]]
    owners += [others[i % len(others)] for i in range(max(0, open_cases - len(owners)))]
    rng.shuffle(owners)
    return owners[:open_cases]


def _plan_cases(*, people: int, staff: Staff, rng: random.Random, now: datetime) -> list[CasePlan]:
    open_count = min(people // 4, MEASURED_OPEN_CASES + UNASSIGNED_REFERRALS + 55 * (CASE_MANAGERS - 1))
    owners = iter(_open_owners(staff, rng, open_count))
    open_people = set(rng.sample(range(1, people + 1), open_count))
    plans: list[CasePlan] = []
    for person_id in range(1, people + 1):
        earlier = rng.random() < 0.1  # one in ten came back: an earlier closed case first
        for n in range(2 if earlier else 1):
            last = n == (1 if earlier else 0)
            is_open = last and person_id in open_people
            if is_open:
                state = rng.choice(OPEN_STATES)
                owner = next(owners) if state != "referred" else None
                referred = _moment(rng, now - timedelta(days=300 if state != "referred" else 20), now)
                closed = None
            else:
                state = "closed" if rng.random() < 0.8 else "dropped"
                owner = rng.choice(staff.case_managers).pk
                referred = _moment(rng, now - timedelta(days=6 * 365), now - timedelta(days=400 if n == 0 else 60))
                closed = _moment(rng, referred + timedelta(days=30), min(now, referred + timedelta(days=540)))
            plans.append(CasePlan(len(plans) + 1, person_id, state, owner, referred, closed,
                                  _milestones(rng, state, referred, closed or now)))
    return plans


def _milestones(rng: random.Random, state: str, referred: datetime, until: datetime) -> dict:
    step = (until - referred) / 6
    past_referral = state != "referred"
    past_intake = state not in ("referred", "intake")
    first_contact = referred + step * rng.uniform(0.05, 0.5) if past_referral or rng.random() < 0.5 else None
    return {"first_contact_at": first_contact,
            "intake_at": referred + step * rng.uniform(0.5, 1) if past_referral else None,
            "assessed_at": referred + step * rng.uniform(1, 2) if past_intake else None,
            "last_contact_at": (until - step * rng.uniform(0, 0.5)) if first_contact else None}


def _people_rows(people: int, rng: random.Random, municipality_id: int, now: datetime) -> Iterator[tuple]:
    seen: set[str] = set()
    for pk in range(1, people + 1):
        sex = rng.choice("FM")
        first, last = rng.choice(FIRST_NAMES[sex]), rng.choice(LAST_NAMES)
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(45 * 365))
        place = rng.choice(BIRTH_PLACES)
        code = generate(last, first, born, sex, place)
        code = "" if code in seen else code  # two people alike in every letter: left to the case manager
        seen.add(code)
        yield (pk, code, first, last, born, sex, place, "IT" if place[0] != "Z" else "", "048017", "", "", "",
               f"{first.lower()}.{pk}@example.org", rng.choice([1, 2, 3, 3, 3, 6]), "", rng.choice(["B1", "native"]),
               [], [], rng.random() < 0.3, rng.choice([1, 2, 3, 4]), 0, "none", [], [], "any", None,
               "immediate", now, now, municipality_id, 1)


PERSON_FIELDS = ["id", "codice_fiscale", "first_name", "last_name", "birth_date", "sex", "birth_place_code",
                 "citizenship", "residence_istat", "address", "postcode", "phone", "email", "isced_level",
                 "education_title", "italian_level", "other_languages", "driving_licences", "own_vehicle",
                 "household_size", "minors_in_household", "caregiving_load", "skills", "occupations_sought",
                 "hours_preference", "max_commute_minutes", "availability", "created_at", "updated_at",
                 "created_by_organization_id", "version"]
REFERRAL_FIELDS = ["id", "person_id", "referring_organization_id", "referred_by_id", "reason", "needs", "urgency",
                   "created_at"]
CASE_FIELDS = ["id", "person_id", "referral_id", "team_organization_id", "owner_id", "state", "state_reason",
               "suspended_from", "state_changed_at", "referred_at", "first_contact_at", "intake_at", "assessed_at",
               "closed_at", "last_contact_at", "next_due_date", "risk_flags", "version"]
EVENT_FIELDS = ["case_id", "kind", "channel", "occurred_at", "recorded_at", "by_user_id", "by_label", "text",
                "from_state", "to_state", "document", "detail"]
CONSENT_FIELDS = ["person_id", "purpose", "organization_id", "given_at", "withdrawn_at", "document",
                  "recorded_by_user_id", "recorded_by_label"]


def _case_rows(plans: list[CasePlan], hub_id: int, rng: random.Random, today: date) -> Iterator[tuple]:
    for p in plans:
        m = p.milestones
        changed = p.closed_at or max(v for v in (p.referred_at, *m.values()) if v is not None)
        due = today + timedelta(days=rng.randrange(-5, 30)) if p.closed_at is None and rng.random() < 0.7 else None
        flags = rng.choice([[], [], [], ["no_contact_30d"], ["housing"]]) if p.closed_at is None else []
        yield (p.id, p.person_id, p.id, hub_id, p.owner_id, p.state, "moved away" if p.state == "dropped" else "",
               "active" if p.state == "suspended" else "", changed, p.referred_at, m["first_contact_at"],
               m["intake_at"], m["assessed_at"], p.closed_at, m["last_contact_at"], due, flags, 1)


def _event_counts(plans: list[CasePlan], events: int, rng: random.Random) -> list[int]:
    """Events per case, proportional to how long each case has run, summing to ``events`` exactly."""
    now = timezone.now()
    weights = [((p.closed_at or now) - p.referred_at).days * rng.uniform(0.5, 1.5) + 1 for p in plans]
    scale = max(0, events - len(plans)) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    short = events - sum(counts)
    for i in rng.sample(range(len(plans)), min(len(plans), abs(short))) if short else []:
        counts[i] = max(1, counts[i] + (1 if short > 0 else -1))
    return counts


def _event_rows(plans: list[CasePlan], counts: list[int], staff: Staff, rng: random.Random,
                now: datetime) -> Iterator[tuple]:
    sw = staff.social_worker
    for plan, count in zip(plans, counts, strict=True):
        yield (plan.id, "referral", "", plan.referred_at, plan.referred_at, sw.pk, str(sw), rng.choice(REASONS),
               "", "referred", "", {})
        end = plan.closed_at or now
        for _ in range(count - 1):
            at = _moment(rng, plan.referred_at, end)
            roll = rng.random()
            if roll < 0.65:
                yield (plan.id, "contact", rng.choice(CHANNELS), at, at, plan.owner_id, "Case Manager", "Sentito",
                       "", "", "", {})
            elif roll < 0.9:
                yield (plan.id, "note", "", at, at, plan.owner_id, "Case Manager", "Aggiornamento del percorso", "",
                       "", "", {})
            else:
                yield (plan.id, "state_change", "", at, at, plan.owner_id, "Case Manager", "", "", "", "", {})


def seed_people_and_cases(*, people: int, events: int, municipality: Organization, hub: Organization,
                          staff: Staff, rng: random.Random) -> dict[str, int]:
    now = timezone.now()
    plans = _plan_cases(people=people, staff=staff, rng=rng, now=now)
    loaded = {"people": _load(Person, PERSON_FIELDS, _people_rows(people, rng, municipality.pk, now))}
    sw = staff.social_worker.pk
    loaded["referrals"] = _load(Referral, REFERRAL_FIELDS, (
        (p.id, p.person_id, municipality.pk, sw, rng.choice(REASONS), ["work"], "normal", p.referred_at)
        for p in plans))
    loaded["cases"] = _load(Case, CASE_FIELDS, _case_rows(plans, hub.pk, rng, timezone.localdate()))
    # consent for case management is collected at intake: every case past it has one (live while open)
    loaded["consents"] = _load(Consent, CONSENT_FIELDS, (
        (p.person_id, "case_management", None, p.milestones["intake_at"], p.closed_at, "", p.owner_id,
         "Case Manager") for p in plans if p.milestones["intake_at"] is not None))
    loaded["events"] = _load(CaseEvent, EVENT_FIELDS,
                             _event_rows(plans, _event_counts(plans, events, rng), staff, rng, now))
    _reset_sequences([Person, Referral, Case, CaseEvent, Consent])
    return loaded
