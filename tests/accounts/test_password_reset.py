"""Password reset by e-mail, sent by a background task in the recipient's language."""

import re

from django.core import mail
from django.urls import reverse

from florwork.accounts.models import User


def test_reset_mail_is_sent_in_the_users_language_and_its_link_sets_a_new_password(
    client, personas, django_capture_on_commit_callbacks
):
    user = personas["evaluator"]
    user.language = "en"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "password" in message.subject.lower()
    link = re.search(r"https?://testserver(/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "a-brand-new-Passw0rd",
                                                        "new_password2": "a-brand-new-Passw0rd"})
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("a-brand-new-Passw0rd")


def test_reset_mail_in_italian_by_default(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": personas["case_manager"].email})
    italian = mail.outbox[0].body
    assert "password" in mail.outbox[0].subject.lower()
    mail.outbox.clear()
    user = personas["case_manager"]
    user.language = "en"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": user.email})
    assert mail.outbox[0].body != italian  # the same mail, in the other language


def test_unknown_address_gets_the_same_page_and_no_mail(client, personas):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
