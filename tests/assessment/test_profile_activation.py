"""Activating a statistical profile model: the fairness gate (a biased model is refused without the
programme manager's recorded sign-off, activated with it, audited), one active model per horizon, the
configurable threshold, retiring."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from florwork.assessment.profile_models import ProfileGate, ProfileModel
from florwork.assessment.profile_services import gate_update, profile_activate, profile_retire
from florwork.audit.models import AuditEntry
from florwork.conflicts import Conflict
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import store

fair_core, biased_core = profile_fixtures.fair_core, profile_fixtures.biased_core
REASON = "Il divario nasce da lavori non registrati: il modello resta un consiglio mentre correggiamo i dati."


def _audits(model, **detail):
    entries = AuditEntry.objects.filter(object_type="assessment.ProfileModel", object_id=str(model.pk),
                                        operation="update", purpose="governance")
    return [e for e in entries if all(e.detail.get(k) == v for k, v in detail.items())]


def test_a_model_within_the_threshold_is_activated_directly(db, actors, fair_core):
    model = store(fair_core)
    assert model.gate_reasons == []
    profile_activate(by=actors["programme_manager"], model=model)
    model.refresh_from_db()
    assert model.status == "active" and model.activated_at and model.signoff_at is None
    assert model.activation_max_gap == 0.1
    [entry] = _audits(model, status="active")
    assert entry.detail["gate_passed"] is True and entry.detail["signed_off"] is False


def test_a_biased_model_is_refused_without_a_sign_off_and_nothing_changes(db, actors, biased_core):
    model = store(biased_core)
    assert any(r.startswith("citizenship: fnr gap") for r in model.gate_reasons)
    for reason in ("", "ok"):
        with pytest.raises(ValidationError) as refused:
            profile_activate(by=actors["programme_manager"], model=model, reason=reason)
        assert "needs your sign-off" in refused.value.message_dict["reason"][0]
    model.refresh_from_db()
    assert model.status == "trained" and not _audits(model)


def test_a_biased_model_is_activated_with_the_programme_managers_recorded_sign_off(db, actors, personas,
                                                                                   biased_core):
    model = store(biased_core)
    profile_activate(by=actors["programme_manager"], model=model, reason=REASON)
    model.refresh_from_db()
    assert model.status == "active" and model.signoff_reason == REASON
    assert model.signoff_by == personas["programme_manager"] and model.signoff_at == model.activated_at
    assert model.signoff_gaps == model.gate_reasons
    [entry] = _audits(model, status="active")
    assert entry.detail["signed_off"] is True and entry.detail["gaps_over"] == len(model.gate_reasons)
    assert REASON not in str(entry.detail)  # the reason lives on the model, the audit keeps ids and labels
    assert "signoff" in entry.fields


def test_activating_retires_the_previous_model_of_the_same_horizon_only(db, actors, fair_core):
    first, second, other = store(fair_core), store(fair_core), store(fair_core, horizon=6)
    for model in (first, other, second):
        profile_activate(by=actors["programme_manager"], model=model)
    statuses = dict(ProfileModel.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "retired", second.pk: "active", other.pk: "active"}
    assert _audits(first, status="retired", replaced_by=second.pk)


def test_the_database_allows_one_active_model_per_horizon(db, actors, fair_core):
    first, second = store(fair_core), store(fair_core)
    profile_activate(by=actors["programme_manager"], model=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileModel.objects.filter(pk=second.pk).update(status="active", activated_at=first.activated_at)


def test_the_signoff_reason_and_date_go_together_in_the_database(db, fair_core):
    model = store(fair_core)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileModel.objects.filter(pk=model.pk).update(signoff_reason="because")


def test_activating_the_active_model_again_is_a_conflict(db, actors, fair_core):
    model = store(fair_core)
    profile_activate(by=actors["programme_manager"], model=model)
    with pytest.raises(Conflict):
        profile_activate(by=actors["programme_manager"], model=model)


def test_the_threshold_is_the_programme_managers_and_applies_at_activation(db, actors, biased_core):
    model = store(biased_core)
    gate_update(by=actors["programme_manager"], max_gap=0.5)
    assert ProfileGate.objects.get().max_gap == 0.5
    assert AuditEntry.objects.filter(object_type="assessment.ProfileGate", detail__after=0.5).exists()
    profile_activate(by=actors["programme_manager"], model=model)  # every gap is within 0.5
    model.refresh_from_db()
    assert model.status == "active" and model.activation_max_gap == 0.5 and not model.signoff_at


@pytest.mark.parametrize("value", [0, 0.001, 0.9, -1])
def test_a_threshold_out_of_range_is_refused(db, actors, value):
    with pytest.raises(ValidationError, match="between 0.01 and 0.5"):
        gate_update(by=actors["programme_manager"], max_gap=value)
    assert not ProfileGate.objects.exists()


@pytest.mark.parametrize("role", ["case_manager", "evaluator", "administrator", "funder"])
def test_only_the_programme_manager_activates_retires_and_sets_the_threshold(db, actors, fair_core, role):
    model = store(fair_core)
    with pytest.raises(PermissionDenied):
        profile_activate(by=actors[role], model=model, reason=REASON)
    with pytest.raises(PermissionDenied):
        gate_update(by=actors[role], max_gap=0.2)
    profile_activate(by=actors["programme_manager"], model=model)
    with pytest.raises(PermissionDenied):
        profile_retire(by=actors[role], model=model)


def test_retiring_the_active_model_stops_it(db, actors, fair_core):
    model = store(fair_core)
    profile_activate(by=actors["programme_manager"], model=model)
    profile_retire(by=actors["programme_manager"], model=model)
    model.refresh_from_db()
    assert model.status == "retired" and model.retired_at
    with pytest.raises(ValidationError, match="Only the active model"):
        profile_retire(by=actors["programme_manager"], model=model)
