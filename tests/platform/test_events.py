"""Domain events run their subscribers after the commit, never on a rollback, and not while muted."""

import pytest
from django.db import transaction

from florwork import events


@pytest.fixture
def received():
    calls = []

    def handler(**ids):
        calls.append(ids)

    events.subscribe("test.happened", handler)
    yield calls
    events._subscribers["test.happened"].remove(handler)


@pytest.mark.django_db(transaction=True)
def test_subscribers_run_after_the_commit_with_the_ids(received):
    with transaction.atomic():
        events.publish("test.happened", case_id=7)
        assert received == []

    assert received == [{"case_id": 7}]


@pytest.mark.django_db(transaction=True)
def test_nothing_runs_when_the_transaction_rolls_back(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.happened", case_id=7)
        raise RuntimeError

    assert received == []


@pytest.mark.django_db(transaction=True)
def test_nothing_is_published_while_muted_and_publishing_resumes_after(received):
    with events.muted(), transaction.atomic():
        events.publish("test.happened", case_id=1)
    with transaction.atomic():
        events.publish("test.happened", case_id=2)

    assert received == [{"case_id": 2}]
