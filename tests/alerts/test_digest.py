"""The daily digest: one e-mail per recipient and day, in their language, retried when the server is down."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from florwork.alerts.models import DigestSent
from florwork.alerts.services import digest_enqueue

from .conftest import TODAY, at, backdate, tasks_of

pytestmark = pytest.mark.django_db
MESI = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
        "novembre", "dicembre"]
FAILING = "tests.alerts.failing_mail.FailingBackend"


@pytest.fixture
def overdue_task(make_case, scan, only):
    only("no_contact")
    case = backdate(make_case(state="intake"), last_contact_at=at(TODAY - dt.timedelta(days=40)))
    scan(today=TODAY - dt.timedelta(days=10))
    scan()  # ten days later: the task is overdue and escalated
    return tasks_of("no_contact", case=case).get()


def _mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_digest_is_in_italian_for_an_italian_user(overdue_task, personas):
    digest_enqueue(day=TODAY, base_url="https://florwork.example")
    [message] = _mail_to(personas["case_manager"])
    # the date in Italian (Django's own catalogue); the project's strings follow once translated
    assert MESI[TODAY.month - 1] in message.body.lower()
    assert overdue_task.case.code in message.body
    assert "https://florwork.example" + reverse("task_list") in message.body
    assert overdue_task.case.person.last_name not in message.body  # case codes only, no personal data


def test_the_digest_is_in_english_for_an_english_user(overdue_task, personas):
    user = personas["case_manager"]
    user.language = "en"
    user.save(update_fields=["language"])
    digest_enqueue(day=TODAY)
    [message] = _mail_to(user)
    assert message.subject == "Florwork: 1 open task · 1 overdue"
    assert "Your tasks on" in message.body and "No contact with the person" in message.body
    assert "OVERDUE since" in message.body and TODAY.strftime("%b") in message.body
    assert MESI[TODAY.month - 1] not in message.body.lower()


def test_the_programme_manager_gets_the_escalated_tasks(overdue_task, personas):
    digest_enqueue(day=TODAY)
    [message] = _mail_to(personas["programme_manager"])
    assert overdue_task.case.code in message.body


def test_a_second_run_the_same_day_sends_nothing(overdue_task):
    digest_enqueue(day=TODAY)
    sent = len(mail.outbox)
    assert digest_enqueue(day=TODAY)["recipients"] == 0
    assert len(mail.outbox) == sent == DigestSent.objects.filter(day=TODAY).count()


def test_with_the_mail_server_down_nothing_is_recorded_and_a_rerun_sends_the_missing(overdue_task, personas):
    with override_settings(EMAIL_BACKEND=FAILING):
        result = digest_enqueue(day=TODAY)
    assert result["failed"] == result["recipients"] == 2 and not mail.outbox
    assert not DigestSent.objects.exists()
    result = digest_enqueue(day=TODAY)
    assert result == {"recipients": 2, "queued": 2, "failed": 0} and len(mail.outbox) == 2
    assert digest_enqueue(day=TODAY)["recipients"] == 0 and len(mail.outbox) == 2  # never twice


def test_a_partial_failure_resends_only_to_who_missed_it(overdue_task, personas):
    from tests.alerts import failing_mail

    failing_mail.FAIL_FOR = {personas["programme_manager"].email}
    try:
        with override_settings(EMAIL_BACKEND="tests.alerts.failing_mail.SelectiveBackend"):
            assert digest_enqueue(day=TODAY)["failed"] == 1
    finally:
        failing_mail.FAIL_FOR = set()
    assert [m.to for m in mail.outbox] == [[personas["case_manager"].email]]
    digest_enqueue(day=TODAY)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas["case_manager"].email,
                                                          personas["programme_manager"].email])


def test_the_web_keeps_working_while_the_mail_server_is_down(overdue_task, client, login):
    with override_settings(EMAIL_BACKEND=FAILING):
        digest_enqueue(day=TODAY)
        assert login(client, "case_manager").get(reverse("task_list")).status_code == 200


def test_the_command_exits_1_when_some_digests_failed(overdue_task):
    with override_settings(EMAIL_BACKEND=FAILING), pytest.raises(CommandError) as failed:
        call_command("alerts", "digest", "--at", TODAY.isoformat(), stdout=io.StringIO())
    assert failed.value.returncode == 1
    out = io.StringIO()
    call_command("alerts", "digest", "--at", TODAY.isoformat(), "--json", stdout=out)
    assert '"failed": 0' in out.getvalue()
