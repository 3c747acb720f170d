"""The placement pages: the tirocinio form (the minimum refused, then accepted), the contract form, from a
shortlist entry, the placement page with its extension and termination forms, the list, and who may see them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.placements.models import Placement

pytestmark = pytest.mark.usefixtures("in_english")


def _tirocinio_post(case, company, organizations, **overrides):
    start = timezone.localdate()
    return {"case": case.pk, "kind": "tirocinio", "company": company.pk, "job_title": "Addetto magazzino",
            "start_on": start.isoformat(), "end_on": (start + dt.timedelta(days=180)).isoformat(),
            "weekly_hours": 30, "trainee_category": "general", "monthly_allowance": "600.00",
            "promoter": organizations["hub"].pk, "promoter_tutor": "Marco Neri", "host_tutor": "Anna Verdi",
            "training_project": "Magazzino", **overrides}


def test_the_case_manager_records_a_tirocinio_after_the_minimum_is_refused(client, login, make_case, company,
                                                                           organizations):
    case = make_case(state="active")
    login(client, "case_manager")
    url = reverse("placement_create")
    page = client.get(url, {"case": case.pk})
    assert page.status_code == 200 and "at least € 600.00" in page.content.decode()
    refused = client.post(url, _tirocinio_post(case, company, organizations, monthly_allowance="450"))
    assert refused.status_code == 400 and "must be at least € 600.00" in refused.content.decode()
    assert not Placement.objects.exists()
    done = client.post(url, _tirocinio_post(case, company, organizations))
    placement = Placement.objects.get()
    assert done.status_code == 302 and done.url == reverse("placement_detail", args=[placement.pk])
    detail = client.get(done.url).content.decode()
    assert "Follow-ups" in detail, detail[detail.find("<main"):][:3000]
    assert 'id="regional-contribution"' in detail and "400 a month" in detail


def test_a_contract_end_before_the_start_is_a_field_error_on_the_page(client, login, make_case, company):
    case = make_case(state="active")
    login(client, "case_manager")
    start = timezone.localdate()
    page = client.post(reverse("placement_create"), {
        "case": case.pk, "kind": "contract", "company": company.pk, "job_title": "Magazziniere",
        "contract_kind": "fixed_term", "start_on": start.isoformat(),
        "end_on": (start - dt.timedelta(days=3)).isoformat(), "gross_monthly_wage": "1400"})
    assert page.status_code == 400 and "The end cannot be before the start." in page.content.decode()
    assert 'id="id_end_on-errors"' in page.content.decode()


def test_the_case_page_shows_the_placements_section(client, login, make_case, make_placement):
    case = make_case(state="active")
    make_placement(case)
    login(client, "case_manager")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="placements"' in page and "Addetto al magazzino" in page


def test_extension_and_termination_forms(client, login, make_case, make_placement):
    placement = make_placement(make_case(state="active"))
    login(client, "case_manager")
    new_end = placement.end_on + dt.timedelta(days=30)
    page = client.post(reverse("placement_extend", args=[placement.pk]),
                       {"new_end_on": new_end.isoformat(), "reason": "Più tempo per la formazione",
                        "version": placement.version})
    assert page.status_code == 302
    placement.refresh_from_db()
    assert placement.end_on == new_end and placement.extensions.count() == 1
    stale = client.post(reverse("placement_terminate", args=[placement.pk]),
                        {"on": timezone.localdate().isoformat(), "reason": "resigned", "version": 1})
    assert stale.status_code == 409
    done = client.post(reverse("placement_terminate", args=[placement.pk]),
                       {"on": timezone.localdate().isoformat(), "reason": "resigned", "version": placement.version})
    assert done.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "terminated"


def test_the_company_officer_records_from_a_shortlist_entry(client, login, make_case, company, vacancy,
                                                            organizations):
    from florwork.shortlists.models import ShortlistEntry

    case = make_case(state="active")
    today = timezone.localdate()
    entry = ShortlistEntry.objects.create(
        vacancy=vacancy, case=case, person=case.person, code="K-0001", stage="interview",
        proposed_on=today - dt.timedelta(days=10), presented_on=today - dt.timedelta(days=8),
        interview_on=today - dt.timedelta(days=2), created_at=timezone.now(), updated_at=timezone.now())
    login(client, "company_officer")
    page = client.get(reverse("placement_create"), {"entry": entry.pk}).content.decode()
    assert f'<option value="{company.pk}" selected>' in page and "K-0001" in page
    post = _tirocinio_post(case, company, organizations, vacancy=vacancy.pk)
    del post["case"]
    done = client.post(reverse("placement_create"), {**post, "entry": entry.pk})
    assert done.status_code == 302, done.content.decode()[:2000]
    entry.refresh_from_db()
    placement = Placement.objects.get()
    assert entry.stage == "trial" and entry.trial_on == today and placement.shortlist_entry_id == entry.pk
    detail = client.get(done.url).content.decode()
    assert case.person.first_name not in detail and "K-0001" in detail  # the officer sees codes, not the name


def test_the_officers_list_shows_placements_by_status(client, login, make_case, make_placement):
    make_placement(make_case(state="active"))
    login(client, "company_officer")
    page = client.get(reverse("placement_list"), {"status": "ongoing"}).content.decode()
    assert "Addetto al magazzino" in page
    assert "Addetto al magazzino" not in client.get(reverse("placement_list"), {"status": "ended"}).content.decode()


def test_another_hub_gets_404_and_a_role_without_the_grant_403(client, login, make_case, make_placement):
    case = make_case(state="active")
    placement = make_placement(case)
    login(client, "other_case_manager")
    assert client.get(reverse("placement_detail", args=[placement.pk])).status_code == 404
    assert client.get(reverse("placement_create"), {"case": case.pk}).status_code == 404
    assert "Addetto" not in client.get(reverse("placement_list")).content.decode()
    login(client, "social_worker")
    assert client.get(reverse("placement_detail", args=[placement.pk])).status_code == 403


def test_a_company_officer_cannot_open_a_case_that_is_on_no_shortlist(client, login, make_case):
    case = make_case(state="active")
    login(client, "company_officer")
    assert client.get(reverse("placement_create"), {"case": case.pk}).status_code == 404
