"""Changes to person records, their history and their consents: one transaction each, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.conflicts import Conflict
from florwork.people import codice_fiscale as cf
from florwork.people.choices import ConsentPurpose
from florwork.people.models import Benefit, Consent, Person, PersonSensitive, WorkExperience

PERSON_FIELDS = (
    "codice_fiscale", "first_name", "last_name", "birth_date", "sex", "birth_place_code", "citizenship",
    "residence_istat", "address", "postcode", "phone", "email", "isced_level", "education_title", "italian_level",
    "other_languages", "driving_licences", "own_vehicle", "household_size", "minors_in_household",
    "caregiving_load", "skills", "occupations_sought", "hours_preference", "max_commute_minutes", "availability",
)
SENSITIVE_FIELDS = ("invalidity_percentage", "law68_enrolled", "law68_enrolled_on", "disability_detail",
                    "health_notes", "accessibility_needs")


def _require(actor: Actor, action: Action, obj=None) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied


def _audit(by: Actor, operation: str, person: Person, fields, purpose=Purpose.CASE_MANAGEMENT, **detail) -> None:
    audit_record(actor=by, operation=operation, purpose=purpose, object_type="people.Person", object_id=person.pk,
                 object_label=f"person {person.pk}", fields=fields, detail=detail)


def _cf_message(reason: cf.Reason, code: str) -> str:
    """What is wrong, in the user's language (the pure module's own messages are English, for logs)."""
    compact = cf.normalize(code)
    if reason == cf.Reason.WRONG_LENGTH:
        return _("A codice fiscale has 16 characters (or 11 digits if temporary); this one has %(length)d.") % {
            "length": len(compact)}
    if reason == cf.Reason.INVALID_CHARACTERS:
        found = ", ".join(sorted({f"“{c}”" for c in compact if not c.isascii() or not c.isalnum()}))
        return _("Only letters and digits go in a codice fiscale; found %(found)s.") % {"found": found}
    if reason == cf.Reason.INVALID_PATTERN:
        return _("Letters and digits are not where a codice fiscale has them: check for a letter O typed "
                 "for a zero, or the other way round.")
    if reason == cf.Reason.WRONG_CHECK_CHARACTER:
        return _("The last character (the check character) does not match the others: a character was "
                 "mistyped.")
    return _("The birth date written in the code does not exist: check the month letter (9th character) and "
             "the day (10th and 11th).")


def normalize_codice_fiscale(value: str) -> str:
    """The compact code, or a ValidationError on the field saying exactly what is wrong (its code is the
    reason, as in ``codice_fiscale.Reason``)."""
    if not value or not value.strip():
        return ""
    try:
        return cf.validate(value)
    except cf.CodiceFiscaleError as error:
        message = ValidationError(_cf_message(error.reason, value), code=str(error.reason))
        raise ValidationError({"codice_fiscale": message}) from None


def cf_mismatches(person: Person) -> list[cf.Mismatch]:
    """What the codice fiscale says that the person's stated data does not (shown, never fixed)."""
    if not person.codice_fiscale:
        return []
    return cf.cross_check(person.codice_fiscale, last_name=person.last_name, first_name=person.first_name,
                          birth_date=person.birth_date, sex=person.sex,
                          birth_place_code=person.birth_place_code or None)


def _validate(person: Person, *, accept_mismatches: bool) -> None:
    errors: dict[str, Any] = {}
    if person.birth_date and person.birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date is in the future.")
    try:
        person.codice_fiscale = normalize_codice_fiscale(person.codice_fiscale)
    except ValidationError as error:
        errors.update(error.error_dict)
    if person.codice_fiscale and Person.objects.filter(codice_fiscale=person.codice_fiscale).exclude(
            pk=person.pk).exists():
        errors["codice_fiscale"] = ValidationError(_("Another person already has this codice fiscale."),
                                                   code="duplicate")
    if errors:
        raise ValidationError(errors)
    person.full_clean(exclude=["codice_fiscale"] if not person.codice_fiscale else None)
    mismatches = cf_mismatches(person)
    if mismatches and not accept_mismatches:
        raise ValidationError(
            {m.field if m.field != "birth_place" else "birth_place_code": m.message for m in mismatches},
            code="cf_mismatch",
        )


def person_create(*, by: Actor, data: dict[str, Any], accept_mismatches: bool = False) -> Person:
    _require(by, Action.PERSON_CREATE)
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    person = Person(**data, created_by_organization_id=by.organization_id)
    with transaction.atomic():
        _validate(person, accept_mismatches=accept_mismatches)
        person.save()
        _audit(by, Operation.CREATE, person, [k for k, v in data.items() if v not in ("", None, [])],
               purpose=Purpose.REFERRAL if by.role == "social_worker" else Purpose.CASE_MANAGEMENT)
    return person


def person_update(*, by: Actor, person: Person, version: int, changes: dict[str, Any],
                  accept_mismatches: bool = False) -> Person:
    """Save changes made on a form opened at ``version``; Conflict if someone saved in between."""
    _require(by, Action.PERSON_UPDATE, person)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    if not changed:
        return person
    with transaction.atomic():
        for name in changed:
            setattr(person, name, changes[name])
        _validate(person, accept_mismatches=accept_mismatches)
        updated = Person.objects.filter(pk=person.pk, version=version).update(
            **{name: getattr(person, name) for name in changed}, version=F("version") + 1,
            updated_at=timezone.now())
        if updated == 0:
            raise Conflict
        person.version = version + 1
        _audit(by, Operation.UPDATE, person, changed)
    return person


def sensitive_update(*, by: Actor, person: Person, changes: dict[str, Any]) -> PersonSensitive:
    _require(by, Action.PERSON_VIEW_SPECIAL, person)
    unknown = set(changes) - set(SENSITIVE_FIELDS)
    if unknown:
        raise ValueError(f"not sensitive fields: {sorted(unknown)}")
    with transaction.atomic():
        record, _created = PersonSensitive.objects.select_for_update().get_or_create(person=person)
        changed = [name for name, value in changes.items() if getattr(record, name) != value]
        for name in changed:
            setattr(record, name, changes[name])
        record.full_clean()
        record.save()
        if changed:
            _audit(by, Operation.UPDATE, person, [f"sensitive.{name}" for name in changed])
    return record


def _overlaps(start: date, end: date | None):
    """Periods [start, end] that overlap the given one (an open end runs forever)."""
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    return q


def benefit_add(*, by: Actor, person: Person, kind: str, monthly_amount, start: date, end: date | None) -> Benefit:
    _require(by, Action.PERSON_UPDATE, person)
    benefit = Benefit(person=person, kind=kind, monthly_amount=monthly_amount, start=start, end=end)
    with transaction.atomic():
        benefit.full_clean()
        clash = Benefit.objects.select_for_update().filter(_overlaps(start, end), person=person, kind=kind).first()
        if clash is not None:
            raise ValidationError({"start": _("This period overlaps the same benefit already recorded from "
                                              "%(start)s to %(end)s.") % {
                "start": clash.start.strftime("%d/%m/%Y"),
                "end": clash.end.strftime("%d/%m/%Y") if clash.end else _("today")}})
        benefit.save()
        _audit(by, Operation.CREATE, person, ["benefits"], benefit=benefit.pk)
    return benefit


def work_experience_add(*, by: Actor, person: Person, occupation: str, employer: str, start: date,
                        end: date | None, contract_kind: str) -> WorkExperience:
    _require(by, Action.PERSON_UPDATE, person)
    experience = WorkExperience(person=person, occupation=occupation, employer=employer, start=start, end=end,
                                contract_kind=contract_kind)
    with transaction.atomic():
        experience.full_clean()
        if start > timezone.localdate():
            raise ValidationError({"start": _("A past job cannot start in the future.")})
        experience.save()
        _audit(by, Operation.CREATE, person, ["work_history"], experience=experience.pk)
    return experience


def consent_give(*, by: Actor, person: Person, purpose: str, organization_id: int | None = None,
                 given_at=None, document=None) -> Consent:
    _require(by, Action.PERSON_UPDATE, person)
    if purpose == ConsentPurpose.PARTNER_SHARING and organization_id is None:
        raise ValidationError({"organization": _("Sharing needs the partner organization it is given to.")})
    if purpose != ConsentPurpose.PARTNER_SHARING:
        organization_id = None
    with transaction.atomic():
        live = Consent.objects.select_for_update().filter(person=person, purpose=purpose,
                                                          organization_id=organization_id, withdrawn_at__isnull=True)
        if live.exists():
            raise ValidationError({"purpose": _("This consent is already given.")})
        consent = Consent(person=person, purpose=purpose, organization_id=organization_id,
                          given_at=given_at or timezone.now(), recorded_by_user_id=by.user_id,
                          recorded_by_label=by.label)
        if document is not None:
            consent.document = document
        consent.full_clean()
        consent.save()
        _audit(by, Operation.CREATE, person, ["consents"], consent=consent.pk, consent_purpose=purpose)
    return consent


def consent_withdraw(*, by: Actor, consent: Consent, withdrawn_at=None) -> Consent:
    """Takes effect at once: the access policy reads live consents on every check."""
    _require(by, Action.PERSON_UPDATE, consent.person)
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=withdrawn_at or timezone.now())
        if updated == 0:
            raise ValidationError({"consent": _("This consent was already withdrawn.")})
        consent.refresh_from_db()
        _audit(by, Operation.UPDATE, consent.person, ["consents"], consent=consent.pk, withdrawn=True)
    return consent
