"""Administrators browse and filter the audit log; nobody else can."""

from django.urls import reverse

from florwork.audit.models import AuditEntry, Operation


def test_administrator_sees_the_log_newest_first(client, login):
    login(client, "administrator")
    client.get(reverse("user_detail", args=[client.session["_auth_user_id"]]))
    page = client.get(reverse("audit_list"))
    assert page.status_code == 200
    seqs = [entry.seq for entry in page.context["page"]]
    assert seqs == sorted(seqs, reverse=True) and seqs


def test_filter_by_operation(client, login, personas):
    login(client, "administrator")
    client.get(reverse("user_detail", args=[personas["case_manager"].pk]))
    page = client.get(reverse("audit_list"), {"operation": Operation.READ})
    entries = list(page.context["page"])
    assert entries and {e.operation for e in entries} == {Operation.READ}


def test_search_by_object_label(client, login, personas):
    login(client, "administrator")
    client.get(reverse("user_detail", args=[personas["evaluator"].pk]))
    page = client.get(reverse("audit_list"), {"q": "evaluator"})
    assert {e.object_label for e in page.context["page"]} == {"evaluator"}


def test_htmx_filter_returns_only_the_rows(client, login):
    login(client, "administrator")
    full = client.get(reverse("audit_list"))
    partial = client.get(reverse("audit_list"), HTTP_HX_REQUEST="true")
    assert b"<html" in full.content
    assert b"<html" not in partial.content


def test_other_roles_get_403(client, login):
    for key in ("programme_manager", "case_manager", "evaluator", "funder"):
        client.logout()
        login(client, key)
        assert client.get(reverse("audit_list")).status_code == 403


def test_viewing_a_user_is_itself_audited(client, login, personas):
    login(client, "administrator")
    client.get(reverse("user_detail", args=[personas["funder"].pk]))
    entry = AuditEntry.objects.filter(operation=Operation.READ, object_id=str(personas["funder"].pk)).get()
    assert entry.actor_user_id == personas["administrator"].pk
    assert entry.purpose == "administration"
