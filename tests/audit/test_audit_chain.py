"""The audit log: written with the action, append-only, hash-chained, tampering detected."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from florwork.accounts.models import User
from florwork.accounts.policy import SYSTEM
from florwork.accounts.services import user_create
from florwork.audit import services as audit_services
from florwork.audit.models import AuditEntry, Operation, Purpose
from florwork.audit.selectors import audit_verify


def _create_user(actors, organizations, username="new.user"):
    return user_create(by=actors["administrator"], username=username, first_name="Giulia", last_name="Neri",
                       email=f"{username}@example.org", organization=organizations["hub"], role="case_manager")


def test_creating_a_user_records_who_when_where_what_and_why(actors, organizations):
    user = _create_user(actors, organizations)
    entry = AuditEntry.objects.get(object_type="accounts.User", object_id=str(user.pk), operation=Operation.CREATE)
    assert entry.actor_user_id == actors["administrator"].user_id
    assert entry.organization_id == organizations["hub"].pk
    assert entry.role == "administrator"
    assert entry.purpose == Purpose.ADMINISTRATION
    assert {"first_name", "last_name", "email"} <= set(entry.fields)
    assert entry.at is not None


def test_if_the_audit_row_cannot_be_written_the_action_fails(actors, organizations, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(AuditEntry, "save", broken)
    with pytest.raises(DatabaseError):
        _create_user(actors, organizations)
    assert not User.objects.filter(username="new.user").exists()


def test_entries_cannot_be_changed_or_deleted_through_the_orm(actors, organizations):
    _create_user(actors, organizations)
    entry = AuditEntry.objects.first()
    entry.object_label = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_the_database_refuses_updates_and_deletes(actors, organizations):
    _create_user(actors, organizations)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(object_label="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.exclude(object_label="changed").count() == AuditEntry.objects.count()


def _disable_append_only_triggers():
    """What someone with the database owner's rights could do: switch the protection off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")


def _make_entries(n):
    for i in range(n):
        audit_services.audit_record(actor=SYSTEM, operation=Operation.READ, purpose=Purpose.ADMINISTRATION,
                                    object_type="test.Thing", object_id=i, object_label=f"thing {i}")


def test_verify_passes_on_an_intact_chain(db, capsys):
    _make_entries(5)
    call_command("audit", "verify")
    assert "5 entries" in capsys.readouterr().out
    assert audit_verify() == (5, [])


def test_verify_detects_a_changed_entry(db):
    _make_entries(5)
    _disable_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_label = 'forged' WHERE seq = 3")
    count, breaks = audit_verify()
    assert count == 5
    assert [b.seq for b in breaks] == [3]
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1


def test_verify_detects_a_removed_entry(db):
    _make_entries(5)
    _disable_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    _, breaks = audit_verify()
    assert [b.seq for b in breaks] == [3, 3]  # a gap in the sequence and a broken link


def test_verify_detects_a_rehashed_forgery(db):
    """Recomputing the forged entry's own hash is not enough: the next entry's link breaks."""
    from florwork.audit.chain import CHAINED_FIELDS, entry_hash

    _make_entries(4)
    _disable_append_only_triggers()
    row = AuditEntry.objects.filter(seq=2).values(*CHAINED_FIELDS).get()
    row["object_label"] = "forged"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_label = 'forged', hash = %s WHERE seq = 2",
                       [entry_hash(row)])
    _, breaks = audit_verify()
    assert [b.seq for b in breaks] == [3]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    errors = []

    def writer():
        try:
            for _ in range(10):
                with transaction.atomic():
                    _make_entries(1)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert audit_verify() == (40, [])
