"""entry_advance: the funnel moves forward along allowed steps, dated, audited; bad steps write nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from florwork.shortlists.models import ShortlistEntry, Stage
from florwork.shortlists.services import entry_advance, entry_interview_request, entry_person_agree


def _today():
    return timezone.localdate()


@pytest.fixture
def entry(vacancy, candidate, make_entry):
    return make_entry(vacancy=vacancy, case=candidate(), stage=Stage.PROPOSED, days_ago=10)


def _agreed(entry, by):
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=by)
    entry_interview_request(entry_id=entry.pk, by=by, note="Chiamata del titolare")
    return entry_person_agree(entry_id=entry.pk, by=by)


def test_the_officer_walks_an_entry_to_hired_each_step_dated_and_audited(entry, actors):
    officer = actors["company_officer"]
    _agreed(entry, officer)
    entry_advance(entry_id=entry.pk, stage=Stage.INTERVIEW, on=_today(), by=officer)
    entry_advance(entry_id=entry.pk, stage=Stage.TRIAL, on=_today(), by=officer)
    done = entry_advance(entry_id=entry.pk, stage=Stage.HIRED, on=_today(), by=officer)
    entry.refresh_from_db()
    assert entry.stage == done.stage == Stage.HIRED
    assert entry.presented_on == entry.interview_on == entry.trial_on == entry.hired_on == _today()
    audited = AuditEntry.objects.filter(object_type="shortlists.ShortlistEntry", object_id=str(entry.pk))
    assert {row.detail.get("to_stage") for row in audited} >= {"presented", "interview", "trial", "hired"}


def test_the_same_stage_again_changes_nothing(entry, actors):
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=actors["company_officer"])
    again = entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=actors["company_officer"])
    assert again.stage == Stage.PRESENTED and again.version == 2


def test_the_case_manager_of_the_team_records_a_trial_but_not_a_presentation(entry, actors):
    officer = actors["company_officer"]
    _agreed(entry, officer)
    entry_advance(entry_id=entry.pk, stage=Stage.INTERVIEW, on=_today(), by=officer)
    entry_advance(entry_id=entry.pk, stage=Stage.TRIAL, on=_today(), by=actors["case_manager"])
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.TRIAL


def test_another_hub_case_manager_gets_404_and_the_social_worker_403(entry, actors):
    with pytest.raises(Http404):
        entry_advance(entry_id=entry.pk, stage=Stage.TRIAL, on=_today(), by=actors["other_case_manager"])
    with pytest.raises(PermissionDenied):
        entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=actors["social_worker"])
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.PROPOSED


def test_skipping_a_step_is_refused_naming_the_stage_and_writes_nothing(entry, actors):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        entry_advance(entry_id=entry.pk, stage=Stage.HIRED, on=_today(), by=actors["company_officer"])
    assert "stage" in refused.value.message_dict
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.PROPOSED and AuditEntry.objects.count() == before


def test_a_future_date_or_one_before_the_proposal_is_refused(entry, actors):
    officer = actors["company_officer"]
    for on in (_today() + dt.timedelta(days=1), _today() - dt.timedelta(days=30)):
        with pytest.raises(ValidationError) as refused:
            entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=on, by=officer)
        assert "on" in refused.value.message_dict


def test_not_hired_needs_a_listed_reason(entry, actors):
    officer = actors["company_officer"]
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=officer)
    with pytest.raises(ValidationError) as refused:
        entry_advance(entry_id=entry.pk, stage=Stage.NOT_HIRED, on=_today(), reason="", by=officer)
    assert "reason" in refused.value.message_dict
    closed = entry_advance(entry_id=entry.pk, stage=Stage.NOT_HIRED, on=_today(), reason="no_show", by=officer)
    assert (closed.stage, closed.not_hired_reason, closed.not_hired_on) == (Stage.NOT_HIRED, "no_show", _today())


def test_presenting_rechecks_the_consent(entry, actors, in_english):
    entry.person.consents.filter(purpose="employer_presentation").update(withdrawn_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=actors["company_officer"])
    assert "consent" in str(refused.value)
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.PROPOSED


def test_the_interview_needs_the_request_and_the_agreement(entry, actors):
    officer = actors["company_officer"]
    entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=officer)
    with pytest.raises(ValidationError):
        entry_advance(entry_id=entry.pk, stage=Stage.INTERVIEW, on=_today(), by=officer)
    entry_interview_request(entry_id=entry.pk, by=officer)
    with pytest.raises(ValidationError):
        entry_advance(entry_id=entry.pk, stage=Stage.INTERVIEW, on=_today(), by=officer)


def test_a_stale_version_is_a_conflict(entry, actors):
    with pytest.raises(Conflict):
        entry_advance(entry_id=entry.pk, stage=Stage.PRESENTED, on=_today(), by=actors["company_officer"],
                      version=entry.version + 3)
