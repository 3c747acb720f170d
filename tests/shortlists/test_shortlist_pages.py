"""The shortlist pages: the vacancy's shortlist with its ranking, adding, the entry page and its forms,
the case page's candidacies, the funnel pages; with the roles that may not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.audit.models import AuditEntry
from florwork.shortlists.models import ShortlistEntry, Stage
from florwork.shortlists.services import entry_add


@pytest.fixture
def ranked(vacancy, candidate):
    return [candidate(first_name=name) for name in ("Anna", "Bruno")]


def test_the_officer_sees_ranked_candidates_by_code_and_adds_one(client, login, vacancy, ranked, in_english):
    login(client, "company_officer")
    page = client.get(reverse("shortlist", args=[vacancy.pk])).content.decode()
    assert "Anna" not in page and "Bruno" not in page
    assert page.count('name="case_id"') == 2
    answer = client.post(reverse("shortlist_add", args=[vacancy.pk]), {"case_id": ranked[0].pk}, follow=True)
    entry = ShortlistEntry.objects.get()
    assert entry.code in answer.content.decode() and "added to the shortlist" in answer.content.decode()
    assert client.get(reverse("shortlist", args=[vacancy.pk])).content.decode().count('name="case_id"') == 1


def test_adding_a_person_without_consent_shows_why(client, login, vacancy, candidate, in_english):
    case = candidate(consent=False)
    login(client, "company_officer")
    answer = client.post(reverse("shortlist_add", args=[vacancy.pk]), {"case_id": case.pk}, follow=True)
    assert "consent" in answer.content.decode() and not ShortlistEntry.objects.exists()


@pytest.mark.parametrize("persona", ["case_manager", "programme_manager", "social_worker", "funder"])
def test_roles_without_presentation_get_403(client, login, vacancy, persona):
    login(client, persona)
    assert client.get(reverse("shortlist", args=[vacancy.pk])).status_code == 403


def test_an_unknown_vacancy_or_entry_is_404(client, login, vacancy):
    login(client, "company_officer")
    assert client.get(reverse("shortlist", args=[vacancy.pk + 99])).status_code == 404
    assert client.get(reverse("shortlist_entry", args=[999])).status_code == 404


def test_the_entry_page_walks_request_agreement_reveal_and_interview(client, login, vacancy, candidate, actors,
                                                                      in_english):
    case = candidate(first_name="Ottavia", phone="+39 055 999888")
    entry = entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=actors["company_officer"])
    login(client, "company_officer")
    url = reverse("shortlist_entry", args=[entry.pk])
    today = timezone.localdate().isoformat()
    assert "Ottavia" not in client.get(url).content.decode()
    client.post(reverse("shortlist_entry_advance", args=[entry.pk]), {"stage": "presented", "on": today,
                                                                      "version": 1})
    client.post(reverse("shortlist_entry_interview_request", args=[entry.pk]),
                {"request-note": "per telefono", "request-version": 2})
    client.post(reverse("shortlist_entry_agree", args=[entry.pk]), {"version": 3})
    revealed = client.post(reverse("shortlist_entry_reveal", args=[entry.pk]))
    assert "Ottavia" in revealed.content.decode() and revealed["Cache-Control"] == "no-store"
    assert "Ottavia" not in client.get(url).content.decode()  # shown once, on the reveal's answer only
    client.post(reverse("shortlist_entry_advance", args=[entry.pk]), {"stage": "interview", "on": today,
                                                                      "version": 4})
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.INTERVIEW
    page = client.get(url).content.decode()
    assert f'{reverse("placement_create")}?entry={entry.pk}' in page  # the tirocinio or contract (placements)
    assert 'value="trial"' not in page and 'value="hired"' not in page  # recorded with the placement


def test_a_bad_step_shows_the_error_on_the_field_and_writes_nothing(client, login, vacancy, candidate, actors,
                                                                     in_english):
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=actors["company_officer"])
    login(client, "company_officer")
    client.get(reverse("shortlist_entry", args=[entry.pk]))
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    answer = client.post(reverse("shortlist_entry_advance", args=[entry.pk]),
                         {"stage": "presented", "on": "2099-01-01", "version": 1})
    assert answer.status_code == 400 and "cannot be in the future" in answer.content.decode()
    assert ShortlistEntry.objects.get(pk=entry.pk).stage == Stage.PROPOSED
    assert not AuditEntry.objects.filter(seq__gt=last).exclude(operation="read").exists()


def test_a_stale_form_is_a_conflict(client, login, vacancy, candidate, actors, in_english):
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=actors["company_officer"])
    login(client, "company_officer")
    answer = client.post(reverse("shortlist_entry_advance", args=[entry.pk]),
                         {"stage": "presented", "on": timezone.localdate().isoformat(), "version": 7})
    assert answer.status_code == 409


def test_the_case_page_lists_the_persons_candidacies(client, login, vacancy, candidate, actors, in_english):
    case = candidate()
    entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=actors["company_officer"])
    login(client, "case_manager")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="candidacies"' in page and vacancy.title in page
    login(client, "other_case_manager")
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404


def test_the_funnel_pages(client, login, vacancy, candidate, make_entry, actors, in_english):
    for stage in ("proposed", "presented", "interview", "hired", "not_hired"):
        make_entry(vacancy=vacancy, case=candidate(), stage=stage, officer=actors["company_officer"])
    make_entry(vacancy=vacancy, case=candidate(consent=False, state="active"), stage="hired")
    login(client, "company_officer")
    page = client.get(reverse("shortlist_funnel")).content.decode()
    assert vacancy.title in page
    assert client.get(reverse("shortlist_funnel_aggregate")).status_code == 403
    login(client, "programme_manager")
    aggregate = client.get(reverse("shortlist_funnel_aggregate"), {"by": "pathway"}).content.decode()
    assert "&lt; 5" in aggregate
    assert client.get(reverse("shortlist_funnel")).status_code == 403


def test_the_vacancy_page_shows_its_shortlist_to_the_officer(client, login, vacancy, candidate, actors, in_english):
    entry = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=actors["company_officer"])
    login(client, "company_officer")
    page = client.get(reverse("vacancy_detail", args=[vacancy.pk])).content.decode()
    assert 'id="shortlist-section"' in page and entry.code in page
    login(client, "case_manager")
    page = client.get(reverse("vacancy_detail", args=[vacancy.pk]))
    assert 'id="shortlist-section"' not in page.content.decode()


def test_the_case_manager_records_the_persons_agreement_from_the_case_page(client, login, vacancy, candidate, actors,
                                                                            in_english):
    from florwork.shortlists.services import entry_advance, entry_interview_request

    case = candidate()
    officer = actors["company_officer"]
    entry = entry_add(vacancy_id=vacancy.pk, case_id=case.pk, by=officer)
    entry_advance(entry_id=entry.pk, stage="presented", on=timezone.localdate(), by=officer)
    entry = entry_interview_request(entry_id=entry.pk, by=officer)
    login(client, "other_case_manager")
    url = reverse("shortlist_entry_agree_from_case", args=[entry.pk])
    assert client.post(url, {"version": entry.version}).status_code == 404
    login(client, "case_manager")
    assert f'id="agree-{entry.pk}"' in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    answer = client.post(url, {"version": entry.version})
    assert answer.status_code == 302 and answer["Location"].endswith("#candidacies")
    entry.refresh_from_db()
    assert entry.person_agreed_by_label == actors["case_manager"].label
    login(client, "social_worker")
    assert client.post(url, {"version": entry.version}).status_code == 403


def test_a_withdrawn_consent_is_flagged_to_the_officer_and_never_counted(client, login, vacancy, candidate, actors,
                                                                         in_english):
    kept = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=actors["company_officer"])
    gone = entry_add(vacancy_id=vacancy.pk, case_id=candidate().pk, by=actors["company_officer"])
    gone.person.consents.filter(purpose="employer_presentation").update(withdrawn_at=timezone.now())
    login(client, "company_officer")
    section = client.get(reverse("vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "proposed · 1" in section and "consent withdrawn" in section and kept.code in section
    listing = client.get(reverse("shortlist", args=[vacancy.pk])).content.decode()
    assert listing.count("consent withdrawn") == 1
