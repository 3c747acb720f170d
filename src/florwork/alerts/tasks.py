"""Background jobs of alerts. Tasks take ids, load, and call one service."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from florwork.accounts.models import User

# the rules an event can change the outcome of (a case change can change any: state, owner, contact)
EVENT_RULES: dict[str, list[str] | None] = {
    "case.changed": None,
    "assessment.finalized": ["assessment_due", "risk_worsened", "sla_breach"],
    "plan.changed": ["action_overdue"],
    "partner_referral.changed": ["referral_unanswered"],
}


@task()
def evaluate_case(case_id: int, codes: list[str] | None = None) -> dict:
    from florwork.alerts.services import alerts_evaluate_case

    return alerts_evaluate_case(case_id=case_id, codes=codes).as_dict()


def subscriber(event: str):
    """The subscriber of one event: queue the evaluation of that case, for the rules the event concerns."""
    codes = EVENT_RULES[event]

    def on_event(*, case_id: int, **_ids: int) -> None:
        evaluate_case.enqueue(case_id=case_id, codes=codes)

    on_event.__name__ = f"alerts_on_{event.replace('.', '_')}"
    return on_event


@task()
def send_task_digest(user_id: int, day: str, base_url: str = "") -> bool:
    """The user's daily digest, in their language; at most once per user and day.

    The row recording the digest is written in the same transaction as the sending: if the e-mail server
    refuses, the row rolls back and a re-run sends it; once sent and recorded, a re-run skips the user.
    """
    from florwork.alerts.models import DigestSent
    from florwork.alerts.selectors import digest_tasks

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    today = date.fromisoformat(day)
    with transaction.atomic():
        row, created = DigestSent.objects.get_or_create(user=user, day=today,
                                                        defaults={"sent_at": timezone.now()})
        if not created:
            return False
        tasks = digest_tasks(user=user, today=today)
        if not tasks:
            transaction.set_rollback(True)
            return False
        context = {"user": user, "tasks": tasks, "today": today, "base_url": base_url.rstrip("/"),
                   "overdue": sum(1 for t in tasks if t.due_on < today)}
        with translation.override(user.language):
            subject = "".join(render_to_string("alerts/digest_subject.txt", context).splitlines())
            body = render_to_string("alerts/digest_email.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        DigestSent.objects.filter(pk=row.pk).update(tasks=len(tasks))
    return True
