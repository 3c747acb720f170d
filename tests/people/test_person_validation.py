"""Editing a person: bad input reaches the user on the field, nothing is half-saved, a disagreeing codice
fiscale needs confirmation, and a stale form never overwrites someone else's save."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.people.codice_fiscale import generate
from florwork.people.forms import PersonForm
from florwork.people.models import Person

pytestmark = pytest.mark.django_db


def form_data(person: Person, **changes) -> dict:
    """What the edit form posts back unchanged, with ``changes`` typed over it."""
    data = {}
    for name, value in PersonForm.initial_for(person).items():
        field = PersonForm.base_fields[name]
        value = field.prepare_value(value) if hasattr(field, "prepare_value") else value
        if isinstance(value, dt.date):
            value = value.isoformat()
        if name == "driving_licences":
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.fixture
def editor(client, login, followed):
    login(client, "case_manager")
    return client


def _edit(client, person, **changes):
    return client.post(reverse("person_edit", args=[person.pk]), form_data(person, **changes))


def test_the_edit_form_shows_the_record(editor, followed):
    response = editor.get(reverse("person_edit", args=[followed.pk]))
    assert response.status_code == 200
    assert followed.codice_fiscale in response.content.decode()


def test_a_valid_edit_is_saved_and_audited(editor, followed, personas):
    response = _edit(editor, followed, phone="055 123456", skills="saldatura\ncarrellista",
                     other_languages="en B1", driving_licences=["B"])
    assert response.status_code == 302
    followed.refresh_from_db()
    assert followed.phone == "055 123456"
    assert followed.skills == ["saldatura", "carrellista"]
    assert followed.other_languages == [{"language": "en", "level": "B1"}]
    assert followed.driving_licences == ["B"]
    assert followed.version == 2
    entry = AuditEntry.objects.filter(operation="update", object_id=str(followed.pk)).first()
    assert entry.actor_user_id == personas["case_manager"].pk
    assert set(entry.fields) == {"phone", "skills", "other_languages", "driving_licences"}


@pytest.mark.parametrize(("code", "reason"), [
    ("RSSMRA85T10A562", "wrong_length"),
    ("RSSMRA85T10A562€", "invalid_characters"),
    ("RSSMRAO5T10A562S", "invalid_pattern"),
    ("RSSMRA85T10A562X", "wrong_check_character"),
    ("RSSMRA85F10A562S", "impossible_date"),
])
def test_each_reason_of_an_invalid_codice_fiscale_is_a_field_error(editor, followed, code, reason):
    before = followed.codice_fiscale
    response = _edit(editor, followed, codice_fiscale=code, phone="055 999")
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["codice_fiscale"]
    assert errors[0].code == reason
    assert errors[0].messages[0] in response.content.decode().replace("&#x27;", "'")
    followed.refresh_from_db()
    assert followed.codice_fiscale == before and followed.phone == ""  # nothing half-saved


def test_a_birth_date_in_the_future_is_refused_on_the_field(editor, followed):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _edit(editor, followed, birth_date=tomorrow.isoformat())
    assert "birth_date" in response.context["form"].errors
    followed.refresh_from_db()
    assert followed.birth_date != tomorrow


def test_minors_must_be_fewer_than_the_household(editor, followed):
    response = _edit(editor, followed, household_size="2", minors_in_household="2")
    assert "minors_in_household" in response.context["form"].errors


def test_an_unknown_language_level_is_a_field_error(editor, followed):
    response = _edit(editor, followed, other_languages="English fluent")
    assert "other_languages" in response.context["form"].errors


def test_the_residence_may_be_given_by_name(editor, followed, tuscany):
    assert _edit(editor, followed, residence="Scandicci").status_code == 302
    followed.refresh_from_db()
    assert followed.residence_istat == "048041"


def test_an_unknown_residence_is_a_field_error(editor, followed, tuscany):
    response = _edit(editor, followed, residence="Atlantide")
    assert "residence" in response.context["form"].errors


# --- the codice fiscale disagrees with what the person states ---------------------------------------

def test_a_disagreeing_codice_fiscale_is_shown_and_nothing_is_saved(editor, followed):
    other_code = generate("Verdi", "Anna", dt.date(1990, 6, 1), "F", "D612")
    response = _edit(editor, followed, codice_fiscale=other_code)
    assert response.status_code == 200
    content = response.content.decode()
    assert "accept_mismatches" in content
    fields = {row["field"] for row in response.context["mismatches"]}
    assert fields == {"last_name", "first_name", "birth_date", "sex"}
    followed.refresh_from_db()
    assert followed.codice_fiscale != other_code


def _confirm(client, person, **changes):
    """Post, read the mismatches shown, and confirm them."""
    shown = _edit(client, person, **changes)
    assert shown.context["mismatches"]
    return _edit(client, person, **changes, accept_mismatches="on",
                 mismatches_seen=shown.context["form"].mismatch_signature())


def test_a_confirmed_disagreement_is_saved_as_stated_and_stays_visible(editor, followed):
    other_code = generate("Verdi", "Anna", dt.date(1990, 6, 1), "F", "D612")
    response = _confirm(editor, followed, codice_fiscale=other_code)
    assert response.status_code == 302
    followed.refresh_from_db()
    assert followed.codice_fiscale == other_code
    assert followed.last_name == "Rossi" and followed.sex == "M"  # stated data kept, not "fixed"
    page = editor.get(reverse("person_detail", args=[followed.pk]))
    assert page.context["mismatches"]
    assert "fw-mismatch" in page.content.decode()


def test_a_confirmation_holds_only_for_the_mismatches_that_were_shown(editor, followed):
    shown = _edit(editor, followed, first_name="Luigi")
    signature = shown.context["form"].mismatch_signature()
    # the operator then also changes the birth date: a new mismatch they have not seen
    response = _edit(editor, followed, first_name="Luigi", birth_date="1970-01-01", accept_mismatches="on",
                     mismatches_seen=signature)
    assert response.status_code == 200
    assert {row["field"] for row in response.context["mismatches"]} == {"first_name", "birth_date"}
    assert 'name="accept_mismatches" id="id_accept_mismatches">' in response.content.decode()  # not ticked
    followed.refresh_from_db()
    assert followed.first_name == "Mario"


def test_ticking_the_box_without_having_seen_the_mismatches_saves_nothing(editor, followed):
    response = _edit(editor, followed, first_name="Luigi", accept_mismatches="on")
    assert response.status_code == 200
    followed.refresh_from_db()
    assert followed.first_name == "Mario"


def test_a_lowercase_code_with_spaces_is_stored_compact(editor, followed):
    code = followed.codice_fiscale
    spaced = f"{code[:6].lower()} {code[6:11]} {code[11:]}"
    assert _edit(editor, followed, codice_fiscale=spaced, phone="1").status_code == 302
    followed.refresh_from_db()
    assert followed.codice_fiscale == code


def test_the_same_codice_fiscale_as_another_person_is_refused(editor, followed, make_person):
    other = make_person(first_name="Anna", last_name="Verdi", sex="F")
    response = _confirm(editor, followed, codice_fiscale=other.codice_fiscale)
    assert response.status_code == 200
    assert "codice_fiscale" in response.context["form"].errors


# --- two people editing at once ---------------------------------------------------------------------

def test_the_second_of_two_concurrent_saves_gets_a_conflict_and_the_first_is_kept(client, login, followed,
                                                                                   django_user_model):
    from django.test import Client

    login(client, "case_manager")
    colleague = Client()
    login(colleague, "case_manager")
    opened_first = form_data(followed)
    opened_second = form_data(followed)  # both opened at version 1
    opened_first["phone"] = "055 111111"
    assert client.post(reverse("person_edit", args=[followed.pk]), opened_first).status_code == 302
    opened_second["phone"] = "055 222222"
    response = colleague.post(reverse("person_edit", args=[followed.pk]), opened_second)
    assert response.status_code == 409
    assert "qualcun altro ha salvato questa scheda" in response.content.decode().lower()  # Italian by default
    followed.refresh_from_db()
    assert followed.phone == "055 111111"
    assert followed.version == 2


def test_nobody_but_those_who_may_update_can_post(client, login, followed):
    login(client, "programme_manager")
    response = client.post(reverse("person_edit", args=[followed.pk]), form_data(followed, phone="1"))
    assert response.status_code == 403


def test_another_hubs_case_manager_gets_404_on_the_edit_form(client, login, followed):
    login(client, "other_case_manager")
    assert client.get(reverse("person_edit", args=[followed.pk])).status_code == 404
