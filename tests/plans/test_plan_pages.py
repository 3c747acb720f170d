"""The plan page: start it, add goals and actions (catalogue picker or free), apply suggestions, revise, record
progress; the case page section; who may see it."""

import datetime as dt

import pytest
from django.urls import reverse

from florwork.audit.models import AuditEntry
from florwork.plans.models import Goal, Plan, PlanAction, PlanRevision

from .conftest import END, START

pytestmark = pytest.mark.usefixtures("english")


def _page(client, case, **params):
    return client.get(reverse("plan_detail", args=[case.pk]), params)


def _frame(**extra):
    return {"starts_on": START.isoformat(), "ends_on": END.isoformat(), "review_on_1": "2027-03-01",
            "review_note_1": "metà percorso", "responsibilities": "Frequentare il corso\nAvvisare se assente",
            **extra}


def test_the_case_page_offers_to_build_the_plan_once_assessed(client, login, decided, make_case):
    case = decided()
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="plan-start"' in html and reverse("plan_detail", args=[case.pk]) in html
    early = make_case(state="intake")
    assert 'id="plan-start"' not in client.get(reverse("case_detail", args=[early.pk])).content.decode()


def test_the_case_page_shows_the_signed_revision_and_the_next_review(client, login, decided, filled, sign):
    case = decided()
    sign(filled(case))
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Revision 1 signed on" in html and "Review on 03/01/2027" in html and 'id="plan-open"' in html


def test_starting_the_plan_from_the_page(client, login, decided):
    case = decided(weak=("italian",), pathway=4)
    login(client, "case_manager")
    html = _page(client, case).content.decode()
    assert 'id="create"' in html and "What the rules will suggest" in html and "Italian as a second language" in html
    response = client.post(reverse("plan_create", args=[case.pk]), _frame())
    assert response.status_code == 302
    revision = PlanRevision.objects.get()
    assert revision.responsibilities == ["Frequentare il corso", "Avvisare se assente"]
    assert list(revision.reviews.values_list("note", flat=True)) == ["metà percorso"]
    assert not PlanAction.objects.exists()  # suggestions are not applied by starting the plan


def test_bad_plan_dates_are_refused_on_the_page(client, login, decided):
    case = decided()
    login(client, "case_manager")
    response = client.post(reverse("plan_create", args=[case.pk]), _frame(ends_on="2026-01-01"))
    assert response.status_code == 400 and "The plan cannot end before it starts." in response.content.decode()
    assert not Plan.objects.exists()


def test_the_draft_page_lists_suggestions_with_services_and_applies_the_ticked_ones(
        client, login, decided, draft, make_service):
    case = decided(weak=("italian",), pathway=4)
    revision = draft(case)
    lab = make_service(kind="soft_skills_lab", title="Laboratorio Ripartire")
    login(client, "case_manager")
    html = _page(client, case).content.decode()
    assert 'id="suggestion-p4-soft-skills-lab"' in html and "Laboratorio Ripartire" in html
    assert "Why: pathway 4" in html and "is among the weakest" in html
    response = client.post(reverse("plan_suggestions", args=[case.pk]), {
        "version": revision.version, "suggestion": ["p4-soft-skills-lab", "dim-italian"],
        "service-p4-soft-skills-lab": str(lab.pk)})
    assert response.status_code == 302
    assert dict(PlanAction.objects.values_list("suggestion", "service")) == {"p4-soft-skills-lab": lab.pk,
                                                                              "dim-italian": None}


def test_adding_a_goal_and_a_catalogue_action_from_the_page(client, login, decided, draft, make_service):
    case = decided()
    revision = draft(case)
    service = make_service(title="Corso di italiano L2", kind="italian_course", cost_per_participant="80.00")
    login(client, "case_manager")
    assert "Corso di italiano L2" in _page(client, case).content.decode()  # the picker lists the catalogue
    client.post(reverse("plan_goal_add", args=[case.pk]), {
        "version": revision.version, "title": "Parlare italiano al lavoro", "indicator": "A2",
        "target_on": "2027-05-01"})
    goal = Goal.objects.get()
    response = client.post(reverse("plan_action_add", args=[case.pk]), {
        "version": revision.version + 1, "service_id": str(service.pk), "goal_id": str(goal.pk),
        "starts_on": "2027-01-10", "ends_on": "2027-04-30", "status": "planned", "owner_name": "Giulia"})
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.title == "Corso di italiano L2" and str(action.cost) == "80.00" and action.goal == goal
    assert action.owner_organization == service.organization


def test_an_action_outside_the_plan_is_refused_on_the_page_with_the_field_error(client, login, decided, draft):
    case = decided()
    revision = draft(case)
    login(client, "case_manager")
    response = client.post(reverse("plan_action_add", args=[case.pk]), {
        "version": revision.version, "title": "Tirocinio", "starts_on": "2026-11-01", "ends_on": "2027-03-01",
        "status": "planned"})
    html = response.content.decode()
    assert response.status_code == 400 and "Outside the plan&#x27;s dates (12/01/2026 – 05/31/2027)." in html
    assert 'id="id_starts_on-errors"' in html and "<details" in html and " open" in html
    assert not PlanAction.objects.exists()


def test_a_stale_form_is_a_conflict(client, login, decided, draft):
    case = decided()
    revision = draft(case)
    login(client, "case_manager")
    data = {"version": revision.version, "title": "Lavoro", "indicator": "Contratto", "target_on": "2027-05-01"}
    client.post(reverse("plan_goal_add", args=[case.pk]), data)
    response = client.post(reverse("plan_goal_add", args=[case.pk]), {**data, "title": "Altro"})
    assert response.status_code == 409 and 'id="conflict"' in response.content.decode()
    assert Goal.objects.count() == 1


def test_the_service_picker_searches_the_catalogue(client, login, decided, draft, make_service):
    case = decided()
    draft(case)
    make_service(title="Laboratorio di falegnameria", kind="on_the_job_training")
    make_service(title="Corso di italiano L2", kind="italian_course")
    login(client, "case_manager")
    url = reverse("plan_service_picker", args=[case.pk])
    html = client.get(url, {"q": "falegnameria"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Laboratorio di falegnameria" in html and "Corso di italiano" not in html and "<html" not in html
    html = client.get(url, {"kind": "italian_course"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Corso di italiano L2" in html and "falegnameria" not in html


def test_revising_from_the_page_keeps_the_signed_revision_readable(client, login, decided, filled, sign):
    case = decided()
    first = filled(case)
    sign(first)
    login(client, "case_manager")
    html = _page(client, case).content.decode()
    assert 'id="revise"' in html and 'id="frozen"' in html and 'id="action-add"' not in html
    response = client.post(reverse("plan_revision_start", args=[case.pk]), {"version": first.version + 0,
                                                                            "note": "verifica"})
    assert response.status_code == 302 and PlanRevision.objects.count() == 2
    html = _page(client, case, revision=1).content.decode()
    assert "Revision 1 is signed and in force while revision 2 is being drafted." in html
    assert 'id="action-add"' not in html and "Corso di italiano serale" in html
    assert 'id="action-add"' in _page(client, case).content.decode()


def test_progress_of_an_action_from_the_page(client, login, decided, filled, sign):
    case = decided()
    revision = filled(case)
    sign(revision)
    revision.refresh_from_db()
    action = revision.actions.get()
    login(client, "case_manager")
    response = client.post(reverse("plan_action_status", args=[case.pk, action.pk]),
                           {"version": revision.version, "status": "done"})
    assert response.status_code == 302 and PlanAction.objects.get(pk=action.pk).status == "done"


def test_editing_and_removing_an_action(client, login, decided, filled):
    case = decided()
    revision = filled(case)
    action = revision.actions.get()
    login(client, "case_manager")
    url = reverse("plan_action_edit", args=[case.pk, action.pk])
    assert "Corso di italiano serale" in client.get(url).content.decode()
    client.post(url, {"version": revision.version, "title": "Corso serale", "starts_on": "2026-12-01",
                      "ends_on": "2027-01-31", "status": "planned", "cost": "99.90"})
    action.refresh_from_db()
    assert action.title == "Corso serale" and str(action.cost) == "99.90"
    client.post(url, {"version": revision.version + 1, "remove": "1", "starts_on": "2026-12-01",
                      "ends_on": "2027-01-31", "status": "planned"})
    assert not PlanAction.objects.exists()


def test_the_plan_page_is_audited(client, login, decided, filled):
    case = decided()
    revision = filled(case)
    login(client, "case_manager")
    _page(client, case)
    assert AuditEntry.objects.filter(object_type="plans.Plan", object_id=str(revision.plan_id),
                                     operation="read").exists()


@pytest.mark.parametrize("persona, status", [("other_case_manager", 404), ("social_worker", 403),
                                             ("partner_operator", 403), ("programme_manager", 403)])
def test_who_may_not_open_the_plan(client, login, decided, filled, persona, status):
    case = decided()
    revision = filled(case)
    login(client, persona)
    assert _page(client, case).status_code == status
    response = client.post(reverse("plan_goal_add", args=[case.pk]), {
        "version": revision.version, "title": "x", "indicator": "y", "target_on": dt.date(2027, 1, 1)})
    assert response.status_code == status and Goal.objects.count() == 1
