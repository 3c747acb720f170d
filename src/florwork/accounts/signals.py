"""Security events (login, logout, failed login) go into the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import translation

from florwork.accounts.policy import ANONYMOUS, Actor
from florwork.accounts.selectors import actor_for_membership, memberships_of
from florwork.audit.models import Operation, Purpose
from florwork.audit.services import audit_record


def _actor_of(user) -> Actor:
    memberships = memberships_of(user)
    if memberships:
        return actor_for_membership(memberships[0])
    return Actor(user_id=user.pk, label=user.username)


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    translation.activate(user.language)  # the next page's language comes from LanguageMiddleware
    audit_record(actor=_actor_of(user), operation=Operation.LOGIN, purpose=Purpose.SECURITY,
                 object_type="accounts.User", object_id=user.pk, object_label=user.username)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=_actor_of(user), operation=Operation.LOGOUT, purpose=Purpose.SECURITY,
                     object_type="accounts.User", object_id=user.pk, object_label=user.username)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    attempted = str(credentials.get("username", ""))[:150]
    audit_record(actor=ANONYMOUS, operation=Operation.LOGIN_FAILED, purpose=Purpose.SECURITY,
                 object_type="accounts.User", object_label=attempted)
