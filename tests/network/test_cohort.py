"""Distance travelled by partner service used: averages per dimension, small groups suppressed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.assessment.models import Assessment, Instrument
from florwork.network.selectors import cohort_by_service

pytestmark = pytest.mark.usefixtures("english")


def _assessed(case, before: float, after: float) -> None:
    """Two finalized assessments six months apart (their scores as finalization freezes them)."""
    instrument = Instrument.objects.get(status="published")
    now = timezone.now()
    for when, score in ((now - dt.timedelta(days=180), before), (now, after)):
        Assessment.objects.create(case=case, person=case.person, instrument=instrument, started_at=when,
                                  finalized_at=when, status="finalized",
                                  scores={"dimensions": {"motivation": score, "italian": 50.0}})


@pytest.fixture
def used(make_service, referable, send, move):
    lab, course = make_service(title="Laboratorio"), make_service(title="Corso L2")
    for i in range(5):
        case = referable()
        _assessed(case, 40.0, 60.0 + i)  # +20 … +24
        referral = send(case, lab)
        move(referral, "accepted")
        move(referral, "started")
        if i == 0:
            move(referral, "completed")
    for _ in range(2):
        case = referable()
        _assessed(case, 30.0, 70.0)
        referral = send(case, course)
        move(referral, "accepted")
        move(referral, "started")
    never_started = referable()
    _assessed(never_started, 10.0, 90.0)
    send(never_started, lab)  # sent only: not a use of the service
    return lab, course


def test_average_change_per_service_used(actors, used):
    lab, course = used
    rows = {row.title: row for row in cohort_by_service(actor=actors["programme_manager"])}
    assert rows["Laboratorio"].people == 5 and not rows["Laboratorio"].suppressed
    assert rows["Laboratorio"].change == {"motivation": 22.0, "italian": 0.0}
    assert rows["Corso L2"].suppressed and rows["Corso L2"].change == {}


def test_the_page_suppresses_small_groups(client, login, used):
    login(client, "programme_manager")
    html = client.get(reverse("network_cohort")).content.decode()
    assert 'id="cohort"' in html and "+22.0" in html and "+40.0" not in html and "&lt; 5" in html


def test_evaluators_see_the_aggregates_too(client, login, used):
    login(client, "evaluator")
    assert "+22.0" in client.get(reverse("network_cohort")).content.decode()


@pytest.mark.parametrize("persona", ["case_manager", "partner_operator", "social_worker"])
def test_roles_without_aggregates_cannot_open_it(client, login, actors, persona):
    login(client, persona)
    assert client.get(reverse("network_cohort")).status_code == 403
    assert cohort_by_service(actor=actors[persona]) == []
