"""Every page renders for a persona allowed to see it, in the Bootstrap Italia frame, under the strict CSP."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from florwork.accounts.models import Membership

SKIP_LINK = b'href="#main"'
MAIN = b'<main id="main"'


def _assert_frame(response, language="it"):
    assert response.status_code == 200, response.status_code
    html = response.content
    assert f'<html lang="{language}">'.encode() in html
    assert SKIP_LINK in html and MAIN in html
    assert b"<header" in html and b"<footer" in html
    _assert_csp_clean(html)


def _assert_csp_clean(html: bytes):
    """The CSP allows only our own files: no inline style attribute, no <style>, no inline script."""
    assert not re.search(rb"\sstyle=", html), "inline style attribute"
    assert b"<style" not in html
    for script in re.findall(rb"<script[^>]*>", html):
        assert b" src=" in script, script


@pytest.fixture
def admin(client, login):
    return login(client, "administrator")


@pytest.mark.parametrize("persona", [
    "social_worker", "case_manager", "company_officer", "partner_operator",
    "programme_manager", "evaluator", "funder", "administrator",
])
def test_home_renders_for_every_role_with_their_role_and_organization(client, login, personas, persona):
    login(client, persona)
    response = client.get(reverse("home"))
    _assert_frame(response)
    membership = personas[persona].memberships.get()
    assert escape(membership.get_role_display()).encode() in response.content
    assert escape(membership.organization.name).encode() in response.content


@pytest.mark.parametrize("url_name", [
    "organization_list", "organization_create", "user_list", "user_create", "audit_list", "account",
])
def test_administrator_pages_render(admin, url_name):
    _assert_frame(admin.get(reverse(url_name)))


def test_organization_detail_lists_its_members(admin, organizations, personas):
    response = admin.get(reverse("organization_detail", args=[organizations["hub"].pk]))
    _assert_frame(response)
    assert b"case_manager@example.org" in response.content


def test_user_detail_shows_the_person(admin, personas):
    response = admin.get(reverse("user_detail", args=[personas["evaluator"].pk]))
    _assert_frame(response)
    assert b"evaluator@example.org" in response.content


@pytest.mark.parametrize("url_name", ["login", "password_reset", "password_reset_done", "password_reset_complete"])
def test_public_pages_render_for_anonymous_visitors(client, db, url_name):
    _assert_frame(client.get(reverse(url_name)))


def test_an_invalid_reset_link_says_so(client, db):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]), follow=True)
    _assert_frame(response)
    assert "non è più valido".encode() in response.content


def test_login_page_offers_password_reset(client, db):
    response = client.get(reverse("login"))
    assert reverse("password_reset").encode() in response.content
    assert b"Password dimenticata?" in response.content


def test_wrong_password_gets_one_clear_message_and_fields_tied_to_labels(client, personas):
    response = client.post(reverse("login"), {"username": "case_manager", "password": "wrong"})
    _assert_frame(response)
    assert b"Nome utente o password non corretti" in response.content
    assert b'<label for="id_username"' in response.content and b'id="id_username"' in response.content


def test_a_form_error_is_linked_to_its_field(admin):
    response = admin.post(reverse("organization_create"), {"name": "", "kind": "municipality"})
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert b'aria-describedby="id_name-errors"' in response.content
    assert b'id="id_name-errors"' in response.content


def test_navigation_differs_by_role(client, login):
    login(client, "administrator")
    admin_page = client.get(reverse("home")).content
    client.logout()
    login(client, "social_worker")
    social_page = client.get(reverse("home")).content
    assert b"Registro di audit" in admin_page
    assert reverse("audit_list").encode() in admin_page
    assert b"Registro di audit" not in social_page
    assert reverse("audit_list").encode() not in social_page


def test_the_current_section_is_marked_in_the_navigation(admin):
    html = admin.get(reverse("user_list")).content.decode()
    assert re.search(r'href="/users/"\s+aria-current="page"', html)


def test_home_links_only_built_modules_and_shows_the_others_as_coming(client, login):
    login(client, "programme_manager")
    html = client.get(reverse("home")).content.decode()
    assert "Tempestività" in html and "In arrivo" in html  # Timeliness is built, the governance reports to come
    assert reverse("organization_list") in html
    assert 'href=""' not in html and 'href="#"' not in html


def test_language_switch_changes_the_page_language(admin):
    assert b'<html lang="it">' in admin.get(reverse("home")).content
    response = admin.post(reverse("set_language"), {"language": "en", "next": reverse("user_list")}, follow=True)
    _assert_frame(response, language="en")
    assert b"Audit log" in response.content and b"Registro di audit" not in response.content
    assert response.redirect_chain[-1][0] == reverse("user_list")


def test_language_switch_is_a_post_form_with_csrf(admin):
    html = admin.get(reverse("home")).content.decode()
    form = re.search(r'<form action="/i18n/setlang/" method="post">(.*?)</form>', html, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(1) and 'name="language"' in form.group(1)


def test_logout_is_a_post_form(admin):
    html = admin.get(reverse("home")).content.decode()
    assert re.search(r'<form action="/logout/" method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"', html)


def test_membership_switch_appears_only_for_users_with_several_memberships(client, login, personas, organizations):
    login(client, "case_manager")
    assert b'name="membership"' not in client.get(reverse("home")).content
    Membership.objects.create(user=personas["case_manager"], organization=organizations["coop_b"],
                              role="partner_operator")
    html = client.get(reverse("home")).content.decode()
    assert 'action="/account/membership/"' in html and 'name="membership"' in html
    assert "Operatore partner" in html


def test_htmx_list_request_returns_only_the_results_partial(admin, organizations):
    url = reverse("organization_list")
    partial = admin.get(url, {"q": "Prato"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert b"<html" not in partial.content and b"<header" not in partial.content
    assert b"<table" in partial.content
    assert b"Consorzio Lavoro Prato" in partial.content
    assert b"Consorzio Lavoro Firenze" not in partial.content


def test_list_filters_work_without_javascript_and_drive_htmx(admin, organizations):
    url = reverse("organization_list")
    response = admin.get(url, {"q": "Prato"})
    _assert_frame(response)
    html = response.content.decode()
    results = html[html.index('id="results"'):]
    assert "Consorzio Lavoro Prato" in results and "Consorzio Lavoro Firenze" not in results
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", html, re.S).group(0)
    assert 'method="get"' in form and f'hx-get="{url}"' in form
    assert 'hx-target="#results"' in form and 'hx-push-url="true"' in form and "delay:" in form
    assert 'id="results"' in html


def test_pagination_keeps_the_filters(admin, organizations):
    from florwork.accounts.models import Organization

    Organization.objects.bulk_create(
        Organization(name=f"Cooperativa Test {i:02d}", kind="social_coop_a") for i in range(30)
    )
    html = admin.get(reverse("organization_list"), {"q": "Cooperativa Test", "kind": "social_coop_a"}).content.decode()
    assert "page=2" in html
    assert "?q=Cooperativa+Test&amp;kind=social_coop_a&amp;page=2" in html


def test_audit_log_page_has_its_filters_and_columns(admin):
    admin.get(reverse("user_list"))
    html = admin.get(reverse("audit_list")).content.decode()
    for name in ("q", "operation", "object_type", "purpose", "date_from", "date_to"):
        assert f'name="{name}"' in html
    assert "accounts.User" in html and "Finalità" in html


def test_account_page_lists_memberships_and_token_form(client, login):
    login(client, "case_manager")
    response = client.get(reverse("account"))
    _assert_frame(response)
    html = response.content.decode()
    assert "Case manager" in html and f'action="{reverse("token_create")}"' in html


def test_a_new_token_is_shown_once_with_a_warning(client, login):
    login(client, "case_manager")
    created = client.post(reverse("token_create"), {"name": "Export script"})
    _assert_frame(created)
    raw = created.context["raw_key"]
    assert raw.encode() in created.content
    assert "non verrà più mostrata".encode() in created.content
    account = client.get(reverse("account"))
    assert raw.encode() not in account.content
    assert f'action="{reverse("token_revoke", args=[created.context["token"].pk])}"'.encode() in account.content


def test_403_page_for_a_role_without_access(client, login):
    login(client, "social_worker")
    response = client.get(reverse("audit_list"))
    assert response.status_code == 403
    assert SKIP_LINK in response.content and b"Accesso negato" in response.content


def test_404_page_does_not_say_whether_the_record_exists(client, login, organizations):
    login(client, "social_worker")
    other = client.get(reverse("organization_detail", args=[organizations["other_hub"].pk]))
    missing = client.get(reverse("organization_detail", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert SKIP_LINK in missing.content and b"Pagina non trovata" in missing.content


def test_expired_form_gets_the_csrf_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["case_manager"])
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Il modulo è scaduto".encode() in response.content and b"Ricarica la pagina" in response.content


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Florwork" in html and "<html" in html
    _assert_csp_clean(html.encode())


def test_locked_out_page_says_to_wait_or_ask_the_administrator(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "funder", "password": "guess"})
    response = client.post(reverse("login"), {"username": "funder", "password": "guess"})
    assert response.status_code == 429
    assert b"30 minuti" in response.content and b"amministratore" in response.content


def test_the_company_officers_home_leads_to_every_part_of_their_work(client, login):
    login(client, "company_officer")
    html = client.get(reverse("home")).content.decode()
    for name in ("company_list", "opportunity_law68", "import_list", "outreach_priorities", "visit_plan_list",
                 "opportunity_list", "vacancy_list", "shortlist_funnel", "placement_list", "taxonomy_search"):
        assert f'href="{reverse(name)}"' in html, name
    assert "fw-badge-coming" not in html  # nothing of theirs is still to come
    nav = html[html.index('id="main-nav"'):]
    nav = nav[:nav.index("</nav>")] if "</nav>" in nav else nav
    assert reverse("import_list") not in nav and reverse("taxonomy_search") not in nav  # one line: from the cards
    assert f'href="{reverse("import_list")}"' in client.get(reverse("company_list")).content.decode()
    login(client, "case_manager")
    assert f'href="{reverse("import_list")}"' not in client.get(reverse("company_list")).content.decode()
