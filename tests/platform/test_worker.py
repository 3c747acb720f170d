"""Background jobs: queued in the database, run by `florwork worker`, in the recipient's language."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_queued_and_sent_by_the_worker(client, personas):
    with override_settings(TASKS=DATABASE_TASKS):
        client.post(reverse("password_reset"), {"email": personas["case_manager"].email})
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1
        call_command("worker", "--batch", "--interval", "0")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["case_manager"].email]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_worker_refuses_to_start_without_a_queue(db):
    with pytest.raises(CommandError) as refused:
        call_command("worker", "--batch")
    assert refused.value.returncode == 2
