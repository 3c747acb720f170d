"""Shortlist use cases: add and remove candidates, move them through the funnel, record the company's
interview request and the person's agreement, reveal the identity. One transaction each, audited."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from florwork.accounts.policy import Action, Actor, may
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record
from florwork.cases.models import Case, CaseState
from florwork.conflicts import Conflict
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from florwork.people.choices import ConsentPurpose
from florwork.people.models import Consent
from florwork.shortlists import funnel
from florwork.shortlists.models import STEP_DATE, NotHiredReason, ShortlistEntry, Stage

# cases a candidate can be proposed from: the hub works with the person and they are not placed or closed
PROPOSABLE_CASE_STATES = (CaseState.ASSESSED, CaseState.PLANNED, CaseState.ACTIVE, CaseState.FOLLOW_UP)

NO_CONSENT = gettext_lazy("The person has not given (or has withdrawn) consent to be presented to employers: "
                          "record it on their profile before presenting them.")
STEP_MESSAGES = {
    "unknown_stage": gettext_lazy("Unknown stage."),
    "not_allowed": gettext_lazy("A candidate cannot move from “%(from)s” to “%(to)s”."),
    "future_date": gettext_lazy("The date cannot be in the future."),
    "before_previous": gettext_lazy("The date cannot be before the previous step (%(previous)s)."),
    "reason_required": gettext_lazy("Choose why the candidate was not hired."),
}
# the steps on the company's side of the presentation; the later ones also belong to the placement
PRESENTATION_STAGES = frozenset({Stage.PRESENTED, Stage.INTERVIEW})


def _audit(by: Actor, operation: str, entry: ShortlistEntry, fields, **detail: Any) -> None:
    audit_record(actor=by, operation=operation, purpose=Purpose.EMPLOYER_ENGAGEMENT,
                 object_type="shortlists.ShortlistEntry", object_id=entry.pk, object_label=entry.code,
                 fields=fields, detail={"vacancy": entry.vacancy_id, "case": entry.case_id,
                                        "person": entry.person_id, **detail})


def has_presentation_consent(person_id: int) -> bool:
    return Consent.objects.filter(person_id=person_id, purpose=ConsentPurpose.EMPLOYER_PRESENTATION,
                                  withdrawn_at__isnull=True).exists()


def _entry_for_update(entry_id: int, by: Actor, *actions: Action) -> ShortlistEntry:
    entry = ShortlistEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    if not any(may(by, action, entry) for action in actions):
        if any(may(by, action) for action in actions):
            raise Http404  # the role may, but not on this entry: do not confirm it exists
        raise PermissionDenied
    return entry


def _check_version(entry: ShortlistEntry, version: int | None) -> None:
    if version is not None and version != entry.version:
        raise Conflict


def _save(entry: ShortlistEntry, fields: list[str]) -> None:
    entry.updated_at = timezone.now()
    ShortlistEntry.objects.filter(pk=entry.pk).update(
        **{name: getattr(entry, name) for name in fields}, updated_at=entry.updated_at, version=F("version") + 1)
    entry.version += 1


def entry_add(*, vacancy_id: int, case_id: int, by: Actor, score: float | None = None,
              explanation: dict | None = None, on: datetime.date | None = None) -> ShortlistEntry:
    """Propose a ranked candidate for the vacancy; refused without a live consent to be presented."""
    if not may(by, Action.PRESENTATION_MANAGE):
        raise PermissionDenied
    from florwork.matching.pseudonyms import candidate_code

    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    case = Case.objects.select_related("person").filter(pk=case_id).first()
    if vacancy is None or case is None:
        raise Http404
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise ValidationError({"vacancy_id": _("Candidates are proposed only for a published vacancy.")})
    if case.state not in PROPOSABLE_CASE_STATES:
        raise ValidationError({"case_id": _("The case is %(state)s: only a case the hub is working on can be "
                                         "proposed.") % {"state": case.get_state_display()}})
    if not has_presentation_consent(case.person_id):
        raise ValidationError({"case_id": NO_CONSENT}, code="no_consent")
    now = timezone.now()
    entry = ShortlistEntry(vacancy=vacancy, case=case, person_id=case.person_id, stage=Stage.PROPOSED,
                           code=candidate_code(person_id=case.person_id, vacancy_id=vacancy.pk),
                           score=score, explanation=explanation or {}, proposed_on=on or timezone.localdate(),
                           officer_user_id=by.user_id, officer_label=by.label[:200],
                           officer_organization_id=by.organization_id, created_at=now, updated_at=now)
    try:
        with transaction.atomic():
            entry.save()
            _audit(by, Operation.CREATE, entry, ["vacancy", "case", "stage"], stage=entry.stage)
    except IntegrityError:  # the unique constraint: one entry per person and vacancy
        raise ValidationError({"case_id": _("This person is already on the shortlist of this vacancy (%(code)s): "
                                         "a person is presented only once to a vacancy.") % {
            "code": entry.code}}, code="duplicate") from None
    return entry


def _explanation(ranked) -> dict:
    """The ranking's explanation as JSON (a snapshot kept with the entry)."""
    explanation = getattr(ranked, "explanation", None)
    if isinstance(explanation, dict):
        return explanation
    if callable(getattr(explanation, "as_dict", None)):
        return json.loads(json.dumps(explanation.as_dict(), default=str))
    if dataclasses.is_dataclass(explanation) and not isinstance(explanation, type):
        return json.loads(json.dumps(dataclasses.asdict(explanation), default=str))
    return {}


def entry_add_from_ranking(*, vacancy_id: int, case_id: int, by: Actor) -> ShortlistEntry:
    """Propose a candidate of the vacancy's ranking (the matching app's), with their score and reasons.
    A person missing from the ranking is refused, with the consent named first when it is the cause."""
    from florwork.shortlists.selectors import ranked_candidate, vacancy_for_shortlist

    vacancy = vacancy_for_shortlist(actor=by, vacancy_id=vacancy_id)
    ranked = ranked_candidate(actor=by, vacancy=vacancy, case_id=case_id)
    if ranked is None:
        case = Case.objects.filter(pk=case_id).only("person_id").first()
        if case is not None and not has_presentation_consent(case.person_id):
            raise ValidationError({"case_id": NO_CONSENT}, code="no_consent")
        if case is not None and ShortlistEntry.objects.filter(vacancy_id=vacancy.pk, person_id=case.person_id).exists():
            raise ValidationError({"case_id": _("This person is already on the shortlist of this vacancy: a person is "
                                                "presented only once to a vacancy.")}, code="duplicate")
        raise ValidationError({"case_id": _("This candidate is not in the vacancy's ranking (the case is not active, "
                                            "or a requirement of the vacancy is not met).")}, code="not_ranked")
    return entry_add(vacancy_id=vacancy.pk, case_id=case_id, by=by, score=ranked.score,
                     explanation=_explanation(ranked))


def entry_remove(*, entry_id: int, by: Actor) -> None:
    """Take a candidate off the shortlist; only while still proposed (a presentation is history)."""
    with transaction.atomic():
        entry = _entry_for_update(entry_id, by, Action.PRESENTATION_MANAGE)
        if entry.stage != Stage.PROPOSED:
            raise ValidationError({"stage": _("Only a candidate not yet presented can be removed; record why "
                                              "they were not hired instead.")})
        _audit(by, Operation.DELETE, entry, ["vacancy", "case"])
        entry.delete()


def _last_step_on(entry: ShortlistEntry) -> datetime.date | None:
    dates = [getattr(entry, field) for field in STEP_DATE.values() if getattr(entry, field) is not None]
    return max(dates) if dates else None


def _step_error(code: str, entry: ShortlistEntry, stage: str) -> ValidationError:
    field = {"future_date": "on", "before_previous": "on", "reason_required": "reason"}.get(code, "stage")
    labels = dict(Stage.choices)
    message = STEP_MESSAGES[code] % {"from": labels.get(entry.stage, entry.stage), "to": labels.get(stage, stage),
                                     "previous": _last_step_on(entry)}
    return ValidationError({field: message}, code=code)


def entry_advance(*, entry_id: int, stage: str, on: datetime.date, reason: str = "", by: Actor,
                  note: str = "", version: int | None = None) -> ShortlistEntry:
    """Move the entry one allowed step forward on the date ``on``. Moving to the stage it already has
    changes nothing (a placement recorded twice does not fail). Presenting re-checks the consent; the
    interview needs the company's request and the person's agreement; not hired needs a reason."""
    actions = ((Action.PRESENTATION_MANAGE,) if stage in PRESENTATION_STAGES
               else (Action.PRESENTATION_MANAGE, Action.PLACEMENT_MANAGE))
    with transaction.atomic():
        entry = _entry_for_update(entry_id, by, *actions)
        _check_version(entry, version)
        if stage == entry.stage:
            return entry
        try:
            funnel.check_step(entry.stage, stage, on=on, last_step_on=_last_step_on(entry),
                              today=timezone.localdate(), reason=reason, reasons=NotHiredReason.values)
        except funnel.StepRefused as refused:
            raise _step_error(refused.code, entry, stage) from None
        if stage == Stage.PRESENTED and not has_presentation_consent(entry.person_id):
            raise ValidationError({"stage": NO_CONSENT}, code="no_consent")
        if stage == Stage.INTERVIEW and not entry.may_reveal:
            raise ValidationError({"stage": _("Record the company's interview request and the person's agreement "
                                              "first.")}, code="no_agreement")
        from_stage = entry.stage
        entry.stage = stage
        setattr(entry, STEP_DATE[Stage(stage)], on)
        fields = ["stage", STEP_DATE[Stage(stage)]]
        if stage == Stage.NOT_HIRED:
            entry.not_hired_reason, entry.not_hired_note = reason, note.strip()[:300]
            fields += ["not_hired_reason", "not_hired_note"]
        _save(entry, fields)
        _audit(by, Operation.UPDATE, entry, fields, from_stage=from_stage, to_stage=stage,
               reason=reason if stage == Stage.NOT_HIRED else "")
    return entry


def entry_interview_request(*, entry_id: int, by: Actor, note: str = "",
                            at: datetime.datetime | None = None, version: int | None = None) -> ShortlistEntry:
    """The company asked to interview the presented candidate (by phone, e-mail…; the officer records it)."""
    with transaction.atomic():
        entry = _entry_for_update(entry_id, by, Action.PRESENTATION_MANAGE)
        _check_version(entry, version)
        if entry.stage != Stage.PRESENTED:
            raise ValidationError({"stage": _("The company can ask to interview a candidate once presented, "
                                              "before the interview.")})
        entry.interview_requested_at = at or timezone.now()
        entry.interview_request_note = note.strip()[:300]
        entry.interview_requested_by_label = by.label[:200]
        fields = ["interview_requested_at", "interview_request_note", "interview_requested_by_label"]
        _save(entry, fields)
        _audit(by, Operation.UPDATE, entry, fields)
    return entry


def entry_person_agree(*, entry_id: int, by: Actor, at: datetime.datetime | None = None,
                       version: int | None = None) -> ShortlistEntry:
    """The person agreed to meet the company and to have their identity given to it; who recorded it, when.
    The officer records it, or the person's case manager, who usually hears it first."""
    with transaction.atomic():
        entry = _entry_for_update(entry_id, by, Action.PRESENTATION_MANAGE, Action.PLACEMENT_MANAGE)
        _check_version(entry, version)
        if entry.interview_requested_at is None:
            raise ValidationError({"stage": _("Record the company's interview request first: the person agrees "
                                              "to a named company's request.")})
        if entry.person_agreed_at is not None:
            return entry
        entry.person_agreed_at = at or timezone.now()
        entry.person_agreed_by_user_id, entry.person_agreed_by_label = by.user_id, by.label[:200]
        fields = ["person_agreed_at", "person_agreed_by_user_id", "person_agreed_by_label"]
        _save(entry, fields)
        _audit(by, Operation.UPDATE, entry, fields)
    return entry


def entry_reveal(*, entry_id: int, by: Actor) -> dict[str, str]:
    """The candidate's name and contacts for the officer, once the company asked and the person agreed.
    Every reveal is audited (an EXPORT of identity), not only the first."""
    with transaction.atomic():
        entry = _entry_for_update(entry_id, by, Action.PRESENTATION_MANAGE)
        if not entry.may_reveal:
            raise ValidationError({"stage": _("The identity is revealed only after the company asked for an "
                                              "interview and the person agreed.")}, code="no_agreement")
        if not has_presentation_consent(entry.person_id):
            raise ValidationError({"stage": NO_CONSENT}, code="no_consent")
        now = timezone.now()
        if entry.first_revealed_at is None:
            entry.first_revealed_at = now
            ShortlistEntry.objects.filter(pk=entry.pk).update(first_revealed_at=now)
        person = entry.person
        _audit(by, Operation.EXPORT, entry, ["first_name", "last_name", "phone", "email"], reveal=True)
    return {"code": entry.code, "first_name": person.first_name, "last_name": person.last_name,
            "phone": person.phone, "email": person.email}
