"""Italian first; English when the user chooses it, remembered with their account."""

from django.urls import reverse


def test_anonymous_visitors_get_italian_whatever_their_browser_says(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "it"
    assert b'lang="it"' in response.content


def test_the_switch_sets_english_for_an_anonymous_visitor(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert client.get(reverse("login"))["Content-Language"] == "en"


def test_a_users_saved_language_follows_them_to_any_browser(client, personas):
    user = personas["evaluator"]
    user.language = "en"
    user.save()
    client.force_login(user)
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_switching_language_when_logged_in_saves_the_preference(client, login, personas):
    login(client, "case_manager")
    assert client.get(reverse("home"))["Content-Language"] == "it"
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    personas["case_manager"].refresh_from_db()
    assert personas["case_manager"].language == "en"
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_an_unknown_language_is_ignored(client, login, personas):
    login(client, "case_manager")
    client.post(reverse("set_language"), {"language": "xx", "next": reverse("home")})
    personas["case_manager"].refresh_from_db()
    assert personas["case_manager"].language == "it"
