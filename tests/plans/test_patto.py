"""The patto: a PDF of the plan in Italian (English on request) with the person's name, the goals and actions,
the signature blocks, the consents and the review date; downloading it is audited and policed."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from florwork.audit.models import AuditEntry

pytestmark = pytest.mark.usefixtures("english")


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _download(client, case, **params):
    return client.get(reverse("plan_patto", args=[case.pk]), params)


def test_the_patto_in_italian_has_the_person_goals_signatures_and_review(client, login, decided, filled):
    case = decided()
    filled(case)
    login(client, "case_manager")  # an English-speaking operator still prints the Italian patto by default
    text = _text(_download(client, case))
    assert "Patto di servizio personalizzato" in text and "Consorzio Lavoro Firenze" in text
    assert "Mario Rossi" in text and case.person.codice_fiscale in text
    assert "Imparare l'italiano per il lavoro" in text and "Livello A2 certificato" in text
    assert "Corso di italiano serale" in text and "Anna Bianchi" in text and "€ 120,50" in text
    assert "Partecipare agli incontri concordati" in text
    assert "Verifiche del piano" in text and "1 marzo 2027" in text
    assert "Firme" in text and "LA PERSONA" in text and "L'OPERATORE DEL SERVIZIO" in text
    assert text.count("Firma") == 2 and "Case Manager Test" in text
    assert "Consensi in vigore" in text and "Pagina 1 di" in text and "BOZZA" in text


def test_the_patto_in_english_on_request(client, login, decided, filled):
    case = decided()
    filled(case)
    login(client, "case_manager")
    text = _text(_download(client, case, lang="en"))
    assert "Personal service agreement" in text and "Mario Rossi" in text
    assert "Imparare l'italiano per il lavoro" in text  # what was written stays as written
    assert "Plan reviews" in text and "1 March 2027" in text
    assert "Signatures" in text and "THE PERSON" in text and "THE SERVICE'S OPERATOR" in text
    assert "Consents in force" in text and "Page 1 of" in text


def test_a_signed_revision_prints_without_the_draft_mark(client, login, decided, filled, sign):
    case = decided()
    sign(filled(case))
    login(client, "case_manager")
    text = _text(_download(client, case, revision=1))
    assert "BOZZA" not in text and "Revisione 1" in text


def test_downloading_the_patto_is_audited_as_a_read(client, login, decided, filled):
    case = decided()
    revision = filled(case)
    login(client, "case_manager")
    _download(client, case, lang="en")
    entry = AuditEntry.objects.filter(object_type="plans.Plan", object_id=str(revision.plan_id),
                                      operation="read").last()
    assert entry.detail["document"] == "patto.pdf" and entry.detail["language"] == "en"
    assert entry.purpose == "case_management" and "patto" in entry.fields


def test_another_organizations_case_manager_gets_404_and_other_roles_403(client, login, decided, filled):
    case = decided()
    filled(case)
    login(client, "other_case_manager")
    assert _download(client, case).status_code == 404
    login(client, "social_worker")
    assert _download(client, case).status_code == 403
    assert not AuditEntry.objects.filter(object_type="plans.Plan", operation="read").exists()


def test_an_unknown_revision_is_404(client, login, decided, filled):
    case = decided()
    filled(case)
    login(client, "case_manager")
    assert _download(client, case, revision=7).status_code == 404
