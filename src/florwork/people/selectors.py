"""Reads of person records, filtered by the access policy; every read of personal data is audited."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.http import Http404

from florwork.accounts.models import Organization
from florwork.accounts.policy import Action, Actor, case_scope, may, person_scope
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.people import codice_fiscale as cf
from florwork.people.models import Consent, Person, PersonSensitive
from florwork.territory.models import Comune

BASIC_FIELDS = ["first_name", "last_name", "codice_fiscale", "birth_date", "sex", "residence_istat", "contacts"]


def visible_persons(*, actor: Actor, action: Action = Action.PERSON_VIEW) -> QuerySet[Person]:
    if not may(actor, action):
        return Person.objects.none()
    scope = person_scope(actor, action)
    return Person.objects.none() if scope is None else Person.objects.filter(scope)


def person_get(*, actor: Actor, person_id: int, purpose: str, action: Action = Action.PERSON_VIEW,
               fields: list[str] | None = None) -> Person:
    """The person, if the actor may see them (404 otherwise, as for a missing one); the read is audited."""
    person = visible_persons(actor=actor, action=action).filter(pk=person_id).first()
    if person is None:
        raise Http404
    special = may(actor, Action.PERSON_VIEW_SPECIAL, person)
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="people.Person",
                 object_id=person.pk, object_label=f"person {person.pk}",
                 fields=(fields or BASIC_FIELDS) + (["sensitive"] if special else []))
    return person


def person_search(*, actor: Actor, query: str = "") -> QuerySet[Person]:
    persons = visible_persons(actor=actor)
    for word in query.split():
        # codici fiscali are stored upper case: a prefix match (the first letters typed) can use the index
        persons = persons.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                 | Q(codice_fiscale__startswith=word.upper()))
    return persons.order_by("last_name", "first_name", "pk")


def persons_audit_list(*, actor: Actor, purpose: str, persons: list[Person]) -> None:
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="people.Person",
                 object_label=f"list of {len(persons)}", fields=["first_name", "last_name", "birth_date"],
                 detail={"ids": [p.pk for p in persons]})


def live_consents(person: Person) -> QuerySet[Consent]:
    return person.consents.filter(withdrawn_at__isnull=True)


# --- the person page ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Identity:
    """What the codice fiscale says, beside what the person stated (shown, never reconciled)."""

    decoded: cf.DecodedCF | None
    invalid_message: str  # the stored code is not valid (a record from before the checks): why
    birth_comune: Comune | None  # of the code's birth place, if an Italian comune
    stated_birth_comune: Comune | None
    mismatches: list[cf.Mismatch]


def person_identity(person: Person) -> Identity:
    decoded, message, mismatches = None, "", []
    if person.codice_fiscale:
        try:
            decoded = cf.decode(person.codice_fiscale)
            mismatches = cf.cross_check(person.codice_fiscale, last_name=person.last_name,
                                        first_name=person.first_name, birth_date=person.birth_date,
                                        sex=person.sex, birth_place_code=person.birth_place_code or None)
        except cf.CodiceFiscaleError as error:
            message = error.message
    codes = {c for c in (decoded and decoded.birth_place_code, person.birth_place_code) if c}
    comuni = {c.cadastral_code: c for c in Comune.objects.filter(cadastral_code__in=codes)} if codes else {}
    return Identity(decoded, message, comuni.get(decoded.birth_place_code) if decoded else None,
                    comuni.get(person.birth_place_code), mismatches)


def comuni_by_istat(codes) -> dict[str, Comune]:
    codes = {code for code in codes if code}
    return {c.istat_code: c for c in Comune.objects.filter(istat_code__in=codes)} if codes else {}


def person_sensitive(*, actor: Actor, person: Person) -> PersonSensitive | None:
    """The special-category record, only for roles granted PERSON_VIEW_SPECIAL on this person; an empty one
    when nothing is recorded yet (person_get has audited the read)."""
    if not may(actor, Action.PERSON_VIEW_SPECIAL, person):
        return None
    return PersonSensitive.objects.filter(person=person).first() or PersonSensitive(person=person)


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    organization_name: str


def person_consents(*, person: Person) -> list[ConsentRow]:
    consents = list(person.consents.order_by(F("withdrawn_at").asc(nulls_first=True), "-given_at", "-pk"))
    names = dict(Organization.objects.filter(pk__in={c.organization_id for c in consents if c.organization_id})
                 .values_list("pk", "name"))
    return [ConsentRow(c, names.get(c.organization_id, "")) for c in consents]


def person_cases(*, actor: Actor, person: Person) -> list:
    """The person's cases this actor may see (codes and states for links; the case pages check again)."""
    scope = case_scope(actor, Action.CASE_VIEW) if may(actor, Action.CASE_VIEW) else None
    if scope is None:
        return []
    return list(person.cases.filter(scope).order_by("-referred_at"))


# --- duplicate detection --------------------------------------------------------------------------

def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """0..1; tolerant of accents, case, typos and swapped first/last names."""
    a, b = _plain(f"{first_a} {last_a}"), _plain(f"{first_b} {last_b}")
    swapped = _plain(f"{last_a} {first_a}")
    return max(difflib.SequenceMatcher(None, a, b).ratio(), difflib.SequenceMatcher(None, swapped, b).ratio())


SIMILAR_NAME = 0.8


@dataclass(frozen=True)
class PossibleDuplicate:
    person: Person
    reason: str  # "codice_fiscale" or "name_and_birth_date"
    similarity: float
    visible: bool  # may the actor see this person's details? if not, show only that they exist


def person_duplicates(*, actor: Actor, codice_fiscale: str, first_name: str, last_name: str,
                      birth_date: date | None) -> list[PossibleDuplicate]:
    """Existing people who may be the same person: the same codice fiscale, or a similar name with the
    same birth date. Searches the whole hub (a duplicate must be found wherever it was registered), and
    says for each whether the actor may see it."""
    found: dict[int, PossibleDuplicate] = {}
    if codice_fiscale:
        for person in Person.objects.filter(codice_fiscale=codice_fiscale):
            found[person.pk] = PossibleDuplicate(person, "codice_fiscale", 1.0, False)
    if birth_date is not None:
        for person in Person.objects.filter(birth_date=birth_date).exclude(pk__in=found):
            score = name_similarity(first_name, last_name, person.first_name, person.last_name)
            if score >= SIMILAR_NAME:
                found[person.pk] = PossibleDuplicate(person, "name_and_birth_date", round(score, 2), False)
    visible_ids: set[int] = set()
    if found:
        visible_ids = set(visible_persons(actor=actor).filter(pk__in=found).values_list("pk", flat=True))
    return sorted(
        (PossibleDuplicate(d.person, d.reason, d.similarity, d.person.pk in visible_ids) for d in found.values()),
        key=lambda d: (-d.similarity, d.person.pk),
    )
