"""Fast, deterministic bulk data for the benchmark: users with memberships, and a valid audit chain."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from florwork.accounts.models import Membership, Organization, User
from florwork.accounts.roles import ROLE_ORGANIZATION_KINDS, OrganizationKind, Role
from florwork.audit.chain import GENESIS, entry_hash
from florwork.audit.models import AuditEntry, Operation, Purpose

BATCH = 5000
FIRST_NAMES = ["Giulia", "Marco", "Sara", "Luca", "Chiara", "Matteo", "Elena", "Andrea", "Francesca", "Paolo",
               "Anna", "Davide", "Martina", "Simone", "Laura", "Giovanni", "Valentina", "Alessio", "Irene", "Omar"]
LAST_NAMES = ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
              "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana",
              "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo"]
ORGANIZATIONS = [
    ("Comune di Firenze – Servizi sociali", OrganizationKind.MUNICIPALITY),
    ("Consorzio Lavoro Firenze", OrganizationKind.HUB_OPERATOR),
    ("Agenzia per il Lavoro Toscana", OrganizationKind.EMPLOYMENT_AGENCY),
    ("Cooperativa Sociale Il Ponte", OrganizationKind.SOCIAL_COOP_B),
    ("Università di Firenze – Dipartimento di Economia", OrganizationKind.UNIVERSITY),
    ("Fondazione per l'Impatto Sociale", OrganizationKind.FUNDER),
]
OBJECT_TYPES = ["accounts.User", "accounts.Organization", "people.Person", "cases.Case", "plans.Plan"]


def _batches(items: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def seed_organizations() -> list[Organization]:
    return [Organization.objects.create(name=name, kind=kind) for name, kind in ORGANIZATIONS]


def seed_administrator(hub: Organization) -> User:
    admin = User.objects.create(username="bench-admin", first_name="Bench", last_name="Admin",
                                email="bench-admin@example.org", password="!")  # unusable: force_login only
    Membership.objects.create(user=admin, organization=hub, role=Role.ADMINISTRATOR)
    return admin


def seed_users(*, rows: int, organizations: list[Organization], rng: random.Random) -> None:
    """``rows`` staff users, each with one membership of a role their organization's kind allows."""
    # case managers are seeded with the cases (a hub has tens of them, not thousands)
    seats = [(org, role) for org in organizations for role in Role
             if role not in (Role.ADMINISTRATOR, Role.CASE_MANAGER) and org.kind in ROLE_ORGANIZATION_KINDS[role]]

    def users():
        for i in range(rows):
            yield User(username=f"user{i:07d}", first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
                       email=f"user{i:07d}@example.org", password="!")

    for batch in _batches(users()):
        with transaction.atomic():
            created = User.objects.bulk_create(batch)
            Membership.objects.bulk_create(
                Membership(user_id=u.pk, organization=org, role=role)
                for u, (org, role) in zip(created, (rng.choice(seats) for _ in created), strict=True)
            )


def seed_audit_entries(*, rows: int, rng: random.Random) -> None:
    """``rows`` entries ending now, chained exactly as ``audit_record`` chains them."""
    now = timezone.now()
    operations = [Operation.READ] * 6 + [Operation.CREATE, Operation.UPDATE, Operation.LOGIN]
    prev_hash = GENESIS

    def entries():
        nonlocal prev_hash
        for seq in range(1, rows + 1):
            user_no = rng.randrange(rows)
            entry = {
                "seq": seq, "at": now - timedelta(seconds=30 * (rows - seq)),
                "actor_user_id": user_no + 1, "actor_label": f"user{user_no:07d}",
                "organization_id": 1, "organization_label": ORGANIZATIONS[1][0], "role": Role.CASE_MANAGER.value,
                "operation": rng.choice(operations).value, "object_type": rng.choice(OBJECT_TYPES),
                "object_id": str(rng.randrange(1, 50_000)), "object_label": f"{rng.choice(LAST_NAMES)} #{seq}",
                "fields": ["first_name", "last_name"], "purpose": Purpose.CASE_MANAGEMENT.value, "detail": {},
                "prev_hash": prev_hash,
            }
            entry["hash"] = prev_hash = entry_hash(entry)
            yield AuditEntry(**entry)

    for batch in _batches(entries()):
        AuditEntry.objects.bulk_create(batch)


def settle() -> None:
    """What autovacuum does soon after a bulk load in production: statistics and the visibility map."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
