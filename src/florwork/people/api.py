"""API operations on person records: list with search, read, create.

The same rules as the pages: the policy through the selectors and services, 404 for a person the actor
may not see, audited reads, and special-category data (health, disability) only for roles granted
PERSON_VIEW_SPECIAL on that person: for the others the ``sensitive`` key is absent, not empty.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from florwork.accounts.policy import Action, Actor, may
from florwork.accounts.roles import Role
from florwork.apicore import Error, Page, allow, paginate
from florwork.audit.models import Purpose
from florwork.people import selectors, services
from florwork.people.choices import (
    Availability,
    CaregivingLoad,
    CefrLevel,
    DrivingLicence,
    HoursPreference,
    IscedLevel,
    Sex,
)
from florwork.people.models import Person, PersonSensitive

router = Router(tags=["people"])

# why each role reads personal data, for the audit log (GDPR art. 5(1)(b))
READ_PURPOSE = {Role.SOCIAL_WORKER: Purpose.REFERRAL, Role.PARTNER_OPERATOR: Purpose.PARTNER_SERVICE,
                Role.PROGRAMME_MANAGER: Purpose.GOVERNANCE}


def read_purpose(actor: Actor) -> str:
    return READ_PURPOSE.get(actor.role, Purpose.CASE_MANAGEMENT)


class LanguageIn(Schema):
    language: str = Field(min_length=2, max_length=3, description="ISO 639 code")
    level: CefrLevel


class PersonIn(Schema):
    """A new person as the referrer states them; the codice fiscale is validated and cross-checked."""

    codice_fiscale: str = Field("", max_length=16)
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    sex: Sex
    birth_place_code: str = Field("", max_length=4)
    citizenship: str = Field("", max_length=2)
    residence_istat: str = Field("", max_length=6)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=5)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    isced_level: IscedLevel | None = None
    education_title: str = Field("", max_length=200)
    italian_level: CefrLevel | None = None
    other_languages: list[LanguageIn] = []
    driving_licences: list[DrivingLicence] = []
    own_vehicle: bool = False
    household_size: int = Field(1, ge=1, le=30)
    minors_in_household: int = Field(0, ge=0, le=29)
    caregiving_load: CaregivingLoad = CaregivingLoad.NONE
    skills: list[str] = []
    occupations_sought: list[str] = []
    hours_preference: HoursPreference = HoursPreference.ANY
    max_commute_minutes: int | None = Field(None, ge=0, le=240)
    availability: Availability = Availability.IMMEDIATE
    accept_mismatches: bool = Field(False, description="save even if the codice fiscale disagrees with the "
                                                       "stated data (the mismatch stays visible)")
    not_a_duplicate: bool = Field(False, description="save although a person with a similar name and the "
                                                     "same birth date exists")


class PersonSummaryOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: date
    sex: str
    codice_fiscale: str
    residence_istat: str


class MismatchOut(Schema):
    field: str
    message: str


class BenefitOut(Schema):
    kind: str
    monthly_amount: Decimal
    start: date
    end: date | None


class WorkExperienceOut(Schema):
    occupation: str
    employer: str
    start: date
    end: date | None
    contract_kind: str


class ConsentOut(Schema):
    purpose: str
    organization_id: int | None
    given_at: datetime
    withdrawn_at: datetime | None


class SensitiveOut(Schema):
    invalidity_percentage: int | None
    law68_enrolled: bool
    law68_enrolled_on: date | None
    disability_detail: str
    health_notes: str


class PersonOut(PersonSummaryOut):
    birth_place_code: str
    citizenship: str
    address: str
    postcode: str
    phone: str
    email: str
    isced_level: int | None
    education_title: str
    italian_level: str
    other_languages: list[dict[str, str]]
    driving_licences: list[str]
    own_vehicle: bool
    household_size: int
    minors_in_household: int
    caregiving_load: str
    skills: list[str]
    occupations_sought: list[str]
    hours_preference: str
    max_commute_minutes: int | None
    availability: str
    version: int
    created_at: datetime
    updated_at: datetime
    codice_fiscale_mismatches: list[MismatchOut]
    benefits: list[BenefitOut]
    work_history: list[WorkExperienceOut]
    consents: list[ConsentOut]
    # present only for roles granted PERSON_VIEW_SPECIAL on this person
    sensitive: SensitiveOut | None = None


def person_out(*, actor: Actor, person: Person) -> dict[str, Any]:
    """The record as this actor may see it (special-category data only if the policy allows)."""
    body = PersonOut.model_validate({
        **{name: getattr(person, name) for name in (*services.PERSON_FIELDS, "id", "version", "created_at",
                                                    "updated_at")},
        "codice_fiscale_mismatches": [{"field": m.field, "message": m.message}
                                      for m in services.cf_mismatches(person)],
        "benefits": list(person.benefits.all()),
        "work_history": list(person.work_history.all()),
        "consents": list(person.consents.all()),
    }).model_dump(exclude={"sensitive"})
    if may(actor, Action.PERSON_VIEW_SPECIAL, person):
        record = PersonSensitive.objects.filter(person=person).first() or PersonSensitive(person=person)
        body["sensitive"] = SensitiveOut.model_validate(record).model_dump()
    return body


def _refuse_duplicates(*, actor: Actor, data: PersonIn) -> None:
    """A 422 on the field that matches an existing person (named only if the actor may see them)."""
    code = services.normalize_codice_fiscale(data.codice_fiscale) if data.codice_fiscale else ""
    duplicates = selectors.person_duplicates(actor=actor, codice_fiscale=code, first_name=data.first_name,
                                             last_name=data.last_name, birth_date=data.birth_date)
    for duplicate in duplicates:
        if duplicate.reason != "codice_fiscale" and data.not_a_duplicate:
            continue
        who = (_("person %(id)d (%(name)s)") % {"id": duplicate.person.pk, "name": duplicate.person}
               if duplicate.visible else _("a person registered by another organization"))
        if duplicate.reason == "codice_fiscale":
            raise ValidationError({"codice_fiscale": _("This codice fiscale is already registered: %(who)s.")
                                   % {"who": who}}, code="duplicate")
        raise ValidationError({"not_a_duplicate": _("Possibly the same person as %(who)s: use the existing "
                                                     "record, or confirm that this is someone else.")
                               % {"who": who}}, code="duplicate")


def new_person_data(*, actor: Actor, data: PersonIn) -> dict[str, Any]:
    """The fields of the new person the body describes, once no existing person matches (used by referrals)."""
    _refuse_duplicates(actor=actor, data=data)
    fields = data.model_dump(exclude={"accept_mismatches", "not_a_duplicate"}, mode="json")
    fields["birth_date"] = data.birth_date
    fields["italian_level"] = fields["italian_level"] or ""
    return fields


@router.get("/persons", response=Page[PersonSummaryOut])
@allow(Action.PERSON_VIEW)
def person_list(request, q: str = "", page: int = 1, page_size: int = 50):
    result = paginate(selectors.person_search(actor=request.actor, query=q), page=page, page_size=page_size)
    selectors.persons_audit_list(actor=request.actor, purpose=read_purpose(request.actor), persons=result["items"])
    return result


@router.get("/persons/{person_id}", response=PersonOut, exclude_unset=True)
@allow(Action.PERSON_VIEW)
def person_get(request, person_id: int):
    person = selectors.person_get(actor=request.actor, person_id=person_id, purpose=read_purpose(request.actor),
                                  fields=[*services.PERSON_FIELDS, "benefits", "work_history", "consents"])
    return person_out(actor=request.actor, person=person)


@router.post("/persons", response={201: PersonOut, 422: Error}, exclude_unset=True)
@allow(Action.PERSON_CREATE)
def person_create(request, payload: PersonIn):
    person = services.person_create(by=request.actor, data=new_person_data(actor=request.actor, data=payload),
                                    accept_mismatches=payload.accept_mismatches)
    return Status(201, person_out(actor=request.actor, person=person))
