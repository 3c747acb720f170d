"""The anonymized profile (page and PDF) shows skills, experience, education, languages, licences,
availability and hours under a code, and none of the person's identifying values."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from florwork.audit.models import AuditEntry
from florwork.people.models import WorkExperience
from florwork.shortlists.models import Stage

DISTINCT = dict(first_name="Zenobia", last_name="Quartermaine", birth_date=dt.date(1977, 3, 14), sex="F",
                birth_place_code="Z330",  # born in Morocco: the birthplace and nationality must not show
                citizenship="MA", address="Via dei Vibrissi 77", postcode="50133", phone="+39 333 9876543",
                email="zenobia.q@esempio.it", isced_level=3, education_title="Diploma alberghiero",
                italian_level="B2", other_languages=[{"language": "fr", "level": "C1"}],
                driving_licences=["B"], own_vehicle=True, skills=["cucina mediterranea", "HACCP"],
                hours_preference="part_time", availability="immediate")


@pytest.fixture
def entry(vacancy, candidate, make_entry):
    case = candidate(**DISTINCT)
    WorkExperience.objects.create(person=case.person, occupation="Aiuto cuoco", employer="Trattoria Garibaldi Srl",
                                  start=dt.date(2019, 1, 1), end=dt.date(2021, 7, 1), contract_kind="fixed_term")
    return make_entry(vacancy=vacancy, case=case, stage=Stage.PRESENTED, code="C-ZXQ7P4")


def _identifying(person):
    return [person.first_name, person.last_name, person.codice_fiscale, person.address, person.phone,
            person.email, "1977", "14/03", "Marocco", "Morocco", "marocchina", "Trattoria Garibaldi", "50133",
            "Via dei Vibrissi", "femmina", "female", "Quartermaine"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_page_shows_the_profile_and_no_identifying_value(client, login, entry):
    login(client, "company_officer")
    page = client.get(reverse("shortlist_profile", args=[entry.pk])).content.decode()
    for shown in ("C-ZXQ7P4", "Aiuto cuoco", "cucina mediterranea", "HACCP", "B2", "C1", "Diploma alberghiero"):
        assert shown in page
    for value in _identifying(entry.person):
        assert value not in page, value


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_pdf_shows_the_profile_and_no_identifying_value(client, login, entry, language):
    login(client, "company_officer")
    answer = client.get(reverse("shortlist_profile_pdf", args=[entry.pk]), {"lang": language})
    assert answer["Content-Type"] == "application/pdf"
    text = _text(answer.content)
    for shown in ("C-ZXQ7P4", "Aiuto cuoco", "HACCP", "Magazziniere"):
        assert shown in text
    for value in _identifying(entry.person):
        assert value not in text, value
    assert AuditEntry.objects.filter(object_type="shortlists.ShortlistEntry", operation="export").exists()


def test_the_pdf_is_a4(client, login, entry):
    login(client, "company_officer")
    page = PdfReader(io.BytesIO(client.get(reverse("shortlist_profile_pdf", args=[entry.pk])).content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_without_consent_the_profile_is_refused(client, login, entry):
    entry.person.consents.update(withdrawn_at=entry.person.consents.first().given_at)
    login(client, "company_officer")
    assert client.get(reverse("shortlist_profile", args=[entry.pk])).status_code == 403
    assert client.get(reverse("shortlist_profile_pdf", args=[entry.pk])).status_code == 403


@pytest.mark.parametrize(("persona", "status"), [("case_manager", 403), ("programme_manager", 403),
                                                 ("social_worker", 403)])
def test_roles_without_presentation_cannot_open_it(client, login, entry, persona, status):
    login(client, persona)
    assert client.get(reverse("shortlist_profile_pdf", args=[entry.pk])).status_code == status
