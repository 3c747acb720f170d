"""The weights are data with history: the rules' owner (RULES_MANAGE, the programme manager) saves a new version,
the company officers read it; bad values are named and write nothing."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from florwork.outreach import services
from florwork.outreach.models import ScoringWeights
from florwork.outreach.priority import current_weights


def test_the_programme_manager_saves_a_new_version_in_force_from_now(client, login):
    before = ScoringWeights.objects.count()
    login(client, "programme_manager")
    values = {**current_weights()[0].to_dict(), "law68_shortfall": 40}

    response = client.post(reverse("outreach_weights"), {"values": json.dumps(values), "note": "Law 68 first"})

    assert response.status_code == 302
    assert ScoringWeights.objects.count() == before + 1
    weights, row = current_weights()
    assert weights.law68_shortfall == 40 and row.note == "Law 68 first" and row.by_user is not None


def test_a_company_officer_may_read_but_not_change_them(client, login, actors):
    login(client, "company_officer")

    assert client.post(reverse("outreach_weights"), {"values": "{}", "note": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.weights_save(by=actors["company_officer"], values={})


def test_bad_weights_are_named_and_write_nothing(client, login, actors):
    before = ScoringWeights.objects.count()
    login(client, "programme_manager")

    page = client.post(reverse("outreach_weights"), {"values": '{"size": -3}', "note": "oops"})
    with pytest.raises(ValidationError) as error:
        services.weights_save(by=actors["programme_manager"], values={"colour": 1})

    assert page.status_code == 400
    assert "size must not be negative" in page.content.decode()
    assert "unknown key 'colour'" in error.value.message_dict["values"][0]
    assert ScoringWeights.objects.count() == before
