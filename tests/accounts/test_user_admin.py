"""Administrators create users, edit them and give them memberships; roles must fit the organization."""

from django.urls import reverse

from florwork.accounts.models import Membership, User
from florwork.audit.models import AuditEntry, Operation


def _new_user_form(org, role="case_manager", username="l.bianchi"):
    return {"username": username, "first_name": "Laura", "last_name": "Bianchi",
            "email": f"{username}@example.org", "language": "it", "organization": org.pk, "role": role}


def test_administrator_creates_a_user_with_a_membership(client, login, organizations):
    login(client, "administrator")
    response = client.post(reverse("user_create"), _new_user_form(organizations["hub"]))
    user = User.objects.get(username="l.bianchi")
    assert response.status_code == 302
    assert not user.has_usable_password()  # they choose it through the reset e-mail
    assert user.memberships.get().role == "case_manager"


def test_a_role_that_does_not_fit_the_organization_is_refused_on_the_field(client, login, organizations):
    login(client, "administrator")
    response = client.post(reverse("user_create"), _new_user_form(organizations["funder"], role="case_manager"))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not User.objects.filter(username="l.bianchi").exists()


def test_duplicate_username_is_refused_without_writing(client, login, organizations):
    login(client, "administrator")
    response = client.post(reverse("user_create"), _new_user_form(organizations["hub"], username="case_manager"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert AuditEntry.objects.filter(operation=Operation.CREATE).count() == 0


def test_editing_records_only_the_changed_fields(client, login, personas):
    login(client, "administrator")
    target = personas["evaluator"]
    response = client.post(reverse("user_edit", args=[target.pk]), {
        "first_name": target.first_name, "last_name": "Verdi", "email": target.email,
        "language": "en", "is_active": "on"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.last_name, target.language) == ("Verdi", "en")
    entry = AuditEntry.objects.get(operation=Operation.UPDATE, object_id=str(target.pk))
    assert sorted(entry.fields) == ["language", "last_name"]


def test_deactivated_user_cannot_log_in(client, login, personas):
    login(client, "administrator")
    target = personas["evaluator"]
    client.post(reverse("user_edit", args=[target.pk]), {
        "first_name": target.first_name, "last_name": target.last_name, "email": target.email, "language": "it"})
    other = client.__class__()
    response = other.post(reverse("login"), {"username": "evaluator", "password": "correct-horse-battery-staple"})
    assert "_auth_user_id" not in other.session
    assert response.status_code == 200


def test_a_second_membership_lets_the_user_switch_role(client, login, personas, organizations):
    login(client, "administrator")
    target = personas["case_manager"]
    client.post(reverse("membership_add", args=[target.pk]),
                {"organization": organizations["coop_b"].pk, "role": "partner_operator"})
    assert target.memberships.count() == 2
    client.logout()
    login(client, "case_manager")
    second = Membership.objects.get(user=target, organization=organizations["coop_b"])
    client.post(reverse("membership_switch"), {"membership": second.pk})
    assert client.get("/api/me").json()["role"] == "partner_operator"
    assert client.get(reverse("organization_detail", args=[organizations["hub"].pk])).status_code == 404


def test_non_administrators_cannot_manage_users(client, login, personas):
    login(client, "programme_manager")
    assert client.get(reverse("user_create")).status_code == 403
    assert client.get(reverse("user_edit", args=[personas["social_worker"].pk])).status_code == 403
