"""Logging in and out, failures, lockout, expired sessions and forged requests."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from florwork.audit.models import AuditEntry, Operation
from tests.conftest import PASSWORD


def _post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_login_with_the_right_password_opens_the_hub_and_is_audited(client, personas):
    response = _post_login(client, "case_manager", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(operation=Operation.LOGIN, object_id=str(personas["case_manager"].pk)).exists()


def test_wrong_password_and_unknown_user_get_the_same_answer(client, personas):
    wrong = _post_login(client, "case_manager", "not-the-password")
    unknown = _post_login(client, "nobody-by-this-name", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    message = wrong.context["form"].non_field_errors()
    assert message and message == unknown.context["form"].non_field_errors()
    assert b"nobody-by-this-name" not in unknown.content.replace(b'value="nobody-by-this-name"', b"")
    assert AuditEntry.objects.filter(operation=Operation.LOGIN_FAILED).count() == 2
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "social_worker", "guess")
    locked = _post_login(client, "social_worker", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # another user from the same address is not locked out
    assert _post_login(Client(), "case_manager", PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(client, login):
    login(client, "case_manager")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_expired_session_sends_the_user_back_to_login(client, login):
    login(client, "administrator")
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_forged_csrf_token_is_refused_with_a_clear_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["administrator"])
    response = client.post(reverse("organization_create"), {"name": "X", "kind": "funder",
                                                            "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"


def test_passwords_are_hashed_with_argon2_in_production():
    from florwork import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        from django.contrib.auth.hashers import make_password

        assert identify_hasher(make_password("secret-password")).algorithm == "argon2"


@pytest.mark.parametrize("url_name", ["user_create", "organization_create", "audit_list"])
def test_a_role_without_the_action_gets_403(client, login, url_name):
    login(client, "social_worker")
    assert client.get(reverse(url_name)).status_code == 403


def test_failed_logins_leave_no_username_or_address_in_the_log(client, personas, caplog):
    caplog.set_level("DEBUG")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _post_login(client, "social_worker", "guess")
    text = caplog.text
    assert "social_worker" not in text
    assert "10.0.0.1" not in text
