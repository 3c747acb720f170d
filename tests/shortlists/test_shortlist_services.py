"""Adding ranked candidates (consent checked, once per vacancy), removing them, the interview request,
the person's agreement and the audited identity reveal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.matching.pseudonyms import candidate_code
from florwork.shortlists.models import ShortlistEntry, Stage
from florwork.shortlists.services import (
    entry_add,
    entry_add_from_ranking,
    entry_advance,
    entry_interview_request,
    entry_person_agree,
    entry_remove,
    entry_reveal,
)


@pytest.fixture
def officer(actors):
    return actors["company_officer"]


def test_a_ranked_candidate_is_added_with_code_score_and_reasons(vacancy, candidate, officer):
    case = candidate(first_name="Lucia")
    entry = entry_add_from_ranking(vacancy_id=vacancy.pk, case_id=case.pk, by=officer)
    assert entry.stage == Stage.PROPOSED and entry.proposed_on == timezone.localdate()
    assert entry.code == candidate_code(person_id=case.person_id, vacancy_id=vacancy.pk)
    assert entry.score is not None and "parts" in entry.explanation
    assert entry.officer_user_id == officer.user_id
    assert AuditEntry.objects.filter(object_type="shortlists.ShortlistEntry", operation="create").exists()


def test_without_consent_the_candidate_is_refused_with_a_clear_message(vacancy, candidate, officer, in_english):
    case = candidate(consent=False)
    for add in (lambda: entry_add_from_ranking(vacancy_id=vacancy.pk, case_id=case.pk, by=officer),
                lambda: entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=officer)):
        with pytest.raises(ValidationError) as refused:
            add()
        assert "consent" in str(refused.value)
    assert not ShortlistEntry.objects.exists()


def test_the_same_person_twice_to_one_vacancy_is_refused(vacancy, candidate, officer, in_english):
    case = candidate()
    entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=officer)
    with pytest.raises(ValidationError) as refused:
        entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=officer)
    assert "already on the shortlist" in str(refused.value)
    assert ShortlistEntry.objects.count() == 1


def test_the_database_refuses_a_second_entry_for_the_same_person_and_vacancy(vacancy, candidate, make_entry):
    case = candidate()
    make_entry(vacancy=vacancy, case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(vacancy=vacancy, case=case, code="C-OTHER")


def test_the_same_person_may_be_proposed_to_another_vacancy(make_vacancy, candidate, officer):
    case = candidate()
    first = entry_add(vacancy_id=make_vacancy().pk, case_id=case.pk, by=officer)
    second = entry_add(vacancy_id=make_vacancy(title="Cuoco").pk, case_id=case.pk, by=officer)
    assert first.code != second.code  # a company cannot link one person across its vacancies


def test_a_draft_vacancy_or_a_closed_case_is_refused(make_vacancy, candidate, officer):
    with pytest.raises(ValidationError) as draft:
        entry_add(vacancy_id=make_vacancy(status="draft").pk, case_id=candidate().pk, by=officer)
    assert "vacancy_id" in draft.value.message_dict
    with pytest.raises(ValidationError) as intake:
        entry_add(vacancy_id=make_vacancy().pk, case_id=candidate(state="intake", consent=False).pk, by=officer)
    assert "case_id" in intake.value.message_dict


def test_roles_without_presentation_cannot_add(vacancy, candidate, actors):
    case = candidate()
    for role in ("case_manager", "programme_manager", "social_worker"):
        with pytest.raises(PermissionDenied):
            entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=actors[role])


def test_a_proposed_candidate_is_removed_a_presented_one_is_not(vacancy, candidate, officer):
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=officer)
    entry_remove(entry_id=entry.pk, by=officer)
    assert not ShortlistEntry.objects.exists()
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=officer)
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=timezone.localdate(), by=officer)
    with pytest.raises(ValidationError):
        entry_remove(entry_id=entry.pk, by=officer)
    assert ShortlistEntry.objects.filter(pk=entry.pk).exists()


def _presented(vacancy, candidate, officer, **person):
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate(**person).pk, by=officer)
    return entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=timezone.localdate(), by=officer)


def test_the_identity_is_revealed_after_the_request_and_the_agreement_and_each_reveal_is_audited(
        vacancy, candidate, officer):
    entry = _presented(vacancy, candidate, officer, first_name="Ottavia", phone="+39 055 123456")
    with pytest.raises(ValidationError):
        entry_reveal(entry_id=entry.pk, by=officer)
    entry_interview_request(entry_id=entry.pk, by=officer, note="Il titolare vuole incontrarla")
    with pytest.raises(ValidationError):
        entry_reveal(entry_id=entry.pk, by=officer)
    agreed = entry_person_agree(entry_id=entry.pk, by=officer)
    assert agreed.person_agreed_by_label == officer.label and agreed.person_agreed_at is not None
    first = entry_reveal(entry_id=entry.pk, by=officer)
    entry_reveal(entry_id=entry.pk, by=officer)
    assert (first["first_name"], first["phone"]) == ("Ottavia", "+39 055 123456")
    reveals = AuditEntry.objects.filter(object_type="shortlists.ShortlistEntry", object_id=str(entry.pk),
                                        operation="export")
    assert reveals.count() == 2
    assert "Ottavia" not in str([row.detail for row in reveals])  # ids and labels only
    assert ShortlistEntry.objects.get(pk=entry.pk).first_revealed_at is not None


def test_a_refused_reveal_writes_nothing(vacancy, candidate, officer):
    entry = _presented(vacancy, candidate, officer)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        entry_reveal(entry_id=entry.pk, by=officer)
    assert AuditEntry.objects.count() == before
    assert ShortlistEntry.objects.get(pk=entry.pk).first_revealed_at is None


def test_the_agreement_needs_the_request_first(vacancy, candidate, officer):
    entry = _presented(vacancy, candidate, officer)
    with pytest.raises(ValidationError):
        entry_person_agree(entry_id=entry.pk, by=officer)


def test_a_case_manager_cannot_reveal(vacancy, candidate, officer, actors):
    entry = _presented(vacancy, candidate, officer)
    with pytest.raises(PermissionDenied):
        entry_reveal(entry_id=entry.pk, by=actors["case_manager"])
    with pytest.raises(Http404):
        entry_reveal(entry_id=entry.pk + 1000, by=officer)
