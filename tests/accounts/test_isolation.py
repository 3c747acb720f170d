"""A user of organization A guessing the ids of organization B gets 404, never a hint."""

from django.urls import reverse


def test_own_organization_is_visible(client, login, organizations):
    login(client, "social_worker")
    assert client.get(reverse("organization_detail", args=[organizations["municipality"].pk])).status_code == 200


def test_another_organization_is_404_like_a_missing_one(client, login, organizations):
    login(client, "social_worker")
    other = client.get(reverse("organization_detail", args=[organizations["hub"].pk]))
    missing = client.get(reverse("organization_detail", args=[999999]))
    assert other.status_code == missing.status_code == 404


def test_programme_manager_sees_every_organization(client, login, organizations):
    login(client, "programme_manager")
    assert client.get(reverse("organization_detail", args=[organizations["other_hub"].pk])).status_code == 200


def test_user_of_another_organization_is_404(client, login, personas):
    login(client, "case_manager")
    assert client.get(reverse("user_detail", args=[personas["administrator"].pk])).status_code == 200  # same org
    assert client.get(reverse("user_detail", args=[personas["other_case_manager"].pk])).status_code == 404


def test_user_list_shows_only_own_organization(client, login, personas):
    login(client, "social_worker")
    page = client.get(reverse("user_list"))
    usernames = {u.username for u in page.context["page"]}
    assert usernames == {"social_worker", "programme_manager"}


def test_membership_switch_refuses_a_membership_that_is_not_yours(client, login, personas):
    login(client, "case_manager")
    foreign = personas["other_case_manager"].memberships.get()
    assert client.post(reverse("membership_switch"), {"membership": foreign.pk}).status_code == 404
