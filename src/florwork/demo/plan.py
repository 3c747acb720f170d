"""What the demo creates: a Florence-like hub partnership (generic names) and one user per role.

Deterministic for a seed: the seed picks the people's names, nothing else, so the usernames
printed in the README stay the same whatever the seed.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from florwork.accounts.roles import OrganizationKind as K
from florwork.accounts.roles import Role as R

DEMO_PASSWORD = "florwork-demo-2026"
EMAIL_DOMAIN = "example.org"


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    name: str
    kind: str
    comune: str  # looked up in the territory table by name and province: the ISTAT code is never typed
    province_code: str
    email: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    memberships: tuple[tuple[str, str], ...]  # (organization key, role); the first one is created with the user


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    organizations: tuple[OrganizationSpec, ...]
    users: tuple[UserSpec, ...]


def _org(key, name, kind, comune, email_local, province_code="FI") -> OrganizationSpec:
    return OrganizationSpec(key, name, kind, comune, province_code, f"{email_local}@{EMAIL_DOMAIN}")


ORGANIZATIONS = (
    _org("municipality", "Comune di Firenze – Direzione Servizi Sociali", K.MUNICIPALITY, "Firenze", "servizi.sociali"),
    _org("hub", "Consorzio Lavoro Insieme", K.HUB_OPERATOR, "Firenze", "hub"),
    _org("agency", "Arno Lavoro – Agenzia per il Lavoro", K.EMPLOYMENT_AGENCY, "Sesto Fiorentino", "apl"),
    _org("coop_a", "Cooperativa Sociale Il Ponte (tipo A)", K.SOCIAL_COOP_A, "Scandicci", "ilponte"),
    _org("coop_b", "Cooperativa Sociale La Filanda (tipo B)", K.SOCIAL_COOP_B, "Campi Bisenzio", "lafilanda"),
    _org("coop_b2", "Cooperativa Sociale Orti Solidali (tipo B)", K.SOCIAL_COOP_B, "Empoli", "ortisolidali"),
    _org("training", "Centro di Formazione Professionale Valdarno", K.TRAINING_PROVIDER,
         "Figline e Incisa Valdarno", "formazione"),
    _org("association", "Associazione Porte Aperte ETS", K.THIRD_SECTOR, "Firenze", "porteaperte"),
    _org("university", "Università – Laboratorio di Valutazione delle Politiche", K.UNIVERSITY, "Firenze",
         "valutazione"),
    _org("funder", "Fondazione Esiti Sociali", K.FUNDER, "Firenze", "fondazione"),
    _org("investor", "Fondo Impatto Sociale Italia", K.FUNDER, "Milano", "fondo", province_code="MI"),
)

# username, language, memberships; one user per role, one with two seats to show the switch, and two
# more case managers so that the caseloads can be compared
USERS = (
    ("social_worker", "it", (("municipality", R.SOCIAL_WORKER),)),
    ("case_manager", "it", (("hub", R.CASE_MANAGER),)),
    ("case_manager_2", "it", (("hub", R.CASE_MANAGER),)),
    ("case_manager_3", "it", (("hub", R.CASE_MANAGER),)),
    ("company_officer", "it", (("agency", R.COMPANY_OFFICER),)),
    ("partner_operator", "it", (("coop_b", R.PARTNER_OPERATOR),)),
    ("programme_manager", "it", (("municipality", R.PROGRAMME_MANAGER),)),
    ("evaluator", "en", (("university", R.EVALUATOR),)),
    ("funder", "it", (("funder", R.FUNDER),)),
    ("administrator", "it", (("hub", R.ADMINISTRATOR),)),
    ("two_roles", "it", (("hub", R.CASE_MANAGER), ("coop_a", R.PARTNER_OPERATOR))),
)
DEMO_USERNAMES = tuple(username for username, _, _ in USERS)
# who takes the demo cases; the user with two seats gets a few, so their case manager seat is not empty
DEMO_CASE_MANAGERS = ("case_manager", "case_manager", "case_manager_2", "case_manager_2", "case_manager_3",
                      "case_manager_3", "two_roles")

FEMALE_NAMES = (
    "Alessandra", "Chiara", "Elena", "Federica", "Francesca", "Giulia", "Ilaria", "Laura", "Lucia",
    "Marta", "Martina", "Paola", "Sara", "Serena", "Silvia", "Valentina",
)
MALE_NAMES = (
    "Alessandro", "Andrea", "Daniele", "Fabio", "Filippo", "Francesco", "Giacomo", "Leonardo", "Lorenzo",
    "Luca", "Marco", "Matteo", "Niccolò", "Paolo", "Simone", "Tommaso",
)
SURNAMES = (
    "Bagni", "Baldi", "Bartolini", "Becattini", "Bellini", "Benelli", "Biagini", "Cappelli", "Carrai",
    "Cecchi", "Ciampi", "D'Angelo", "Fabbri", "Fantoni", "Frosali", "Giovannelli", "Guidi", "Innocenti",
    "Landi", "Lotti", "Martelli", "Mazzoni", "Mugnai", "Nesi", "Niccolai", "Nocentini", "Parenti",
    "Pecchioli", "Pieri", "Pratesi", "Sarti", "Tognetti", "Vannini",
)


def _email_local(*parts: str) -> str:
    text = ".".join(parts)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum() or ch == ".")


def demo_plan(seed: int = 1) -> DemoPlan:
    rng = random.Random(seed)
    surnames = rng.sample(SURNAMES, len(USERS))  # distinct surnames: distinct e-mails
    first_names = [rng.sample(FEMALE_NAMES, len(USERS)), rng.sample(MALE_NAMES, len(USERS))]
    users = []
    for (username, language, memberships), last_name in zip(USERS, surnames, strict=True):
        first_name = first_names[rng.randrange(2)].pop()
        email = f"{_email_local(first_name, last_name)}@{EMAIL_DOMAIN}"
        users.append(UserSpec(username, first_name, last_name, email, language, memberships))
    return DemoPlan(seed=seed, organizations=ORGANIZATIONS, users=tuple(users))
