"""Assessment sessions: start and resume, save as you go (HTMX and plain form), the person's own items,
finalize (refused while incomplete, naming what is missing), scores, the case moves to assessed, audit, policy."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from florwork.assessment.models import Answer, Assessment, Item
from florwork.assessment.services import answer_save, assessment_finalize, assessment_start
from florwork.audit.models import AuditEntry

pytestmark = pytest.mark.usefixtures("english")


def test_the_case_manager_starts_from_the_case_page_and_resumes_the_same_one(client, login, make_case):
    case = make_case(state="intake")
    login(client, "case_manager")
    assert 'id="assessment-start"' in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    response = client.post(reverse("assessment_start", args=[case.pk]))
    assessment = Assessment.objects.get()
    assert response.url == reverse("assessment_detail", args=[assessment.pk])
    assert 'id="assessment-resume"' in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    client.post(reverse("assessment_start", args=[case.pk]))
    assert Assessment.objects.count() == 1


def test_the_page_groups_the_questions_in_accessible_radio_groups(client, login, started):
    assessment = started()
    login(client, "case_manager")
    html = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert html.count("<fieldset") == Item.objects.filter(dimension__instrument=assessment.instrument).count()
    assert "<legend" in html and 'for="item-we_cv-1"' not in html and 'for="item-js_cv-1"' in html
    assert "Work experience and skills" in html and "answered by the person" in html


def test_an_answer_is_saved_by_htmx_without_a_page(client, login, started):
    assessment = started()
    login(client, "case_manager")
    response = client.post(reverse("assessment_answer", args=[assessment.pk, "js_cv"]),
                           {"item-js_cv": "3", "note-js_cv": "old CV"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Saved" in response.content.decode()
    assert "<html" not in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.value, answer.note, answer.answered_by) == (3, "old CV", "operator")
    assert AuditEntry.objects.filter(object_type="assessment.Assessment", detail__item="js_cv").exists()


def test_a_value_outside_the_scale_is_refused(client, login, started, actors):
    assessment = started()
    login(client, "case_manager")
    response = client.post(reverse("assessment_answer", args=[assessment.pk, "js_cv"]), {"item-js_cv": "9"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "between 1 and 5" in response.content.decode()
    with pytest.raises(ValidationError):
        answer_save(by=actors["case_manager"], assessment=assessment, item_code="js_cv", value=0,
                    answered_by="operator")
    assert not Answer.objects.exists()


def test_without_javascript_the_whole_form_saves_and_pauses(client, login, started):
    assessment = started()
    login(client, "case_manager")
    response = client.post(reverse("assessment_save", args=[assessment.pk]), {
        "version": assessment.version, "item-js_cv": "2", "item-mo_want_work": "5",
        "observations": "Came with her sister.", "action": "pause"})
    assert response.url == reverse("case_detail", args=[assessment.case_id])
    assessment.refresh_from_db()
    assert assessment.observations == "Came with her sister." and assessment.answers.count() == 2
    assert assessment.status == "in_progress"


def test_the_person_mode_shows_only_the_persons_items_and_records_them_as_theirs(client, login, started):
    assessment = started()
    login(client, "case_manager")
    html = client.get(reverse("assessment_detail", args=[assessment.pk]) + "?mode=person").content.decode()
    assert "I want to work in the coming months." in html
    assert "up-to-date CV" not in html and 'name="observations"' not in html
    client.post(reverse("assessment_answer", args=[assessment.pk, "mo_want_work"]),
                {"item-mo_want_work": "4", "mode": "person"}, HTTP_HX_REQUEST="true")
    assert Answer.objects.get().answered_by == "person"
    response = client.post(reverse("assessment_answer", args=[assessment.pk, "js_cv"]),
                           {"item-js_cv": "4", "mode": "person"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and Answer.objects.count() == 1


def test_finalizing_an_incomplete_assessment_names_the_missing_items(client, login, started, fill):
    assessment = fill(started(), skip=("js_cv", "ho_stable"))
    login(client, "case_manager")
    response = client.post(reverse("assessment_save", args=[assessment.pk]),
                           {"version": assessment.version, "action": "finalize"})
    html = response.content.decode()
    assert response.status_code == 400 and "2 questions are not answered yet" in html
    assert "js_cv" in html and "ho_stable" in html
    assessment.refresh_from_db()
    assert assessment.status == "in_progress"


def test_finalizing_scores_freezes_and_moves_the_case_to_assessed(client, login, started, fill):
    assessment = fill(started(), value=5)
    login(client, "case_manager")
    response = client.post(reverse("assessment_save", args=[assessment.pk]),
                           {"version": assessment.version, "action": "finalize"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assessment.case.refresh_from_db()
    assert assessment.status == "finalized" and assessment.case.state == "assessed"
    # every answer 5: plain items score 100, reverse items 0
    assert assessment.scores["dimensions"]["italian"] == 100.0
    assert assessment.scores["dimensions"]["health"] == pytest.approx(33.3, abs=0.1)
    html = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert 'id="formula"' in html and "weighted mean" in html
    assert "strength" in html and "barrier" in html
    assert AuditEntry.objects.filter(object_type="cases.Case", detail__to_state="assessed").exists()


def test_a_finalized_assessment_cannot_change(started, fill, actors):
    assessment = fill(started())
    assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)
    with pytest.raises(ValidationError, match="finalized"):
        answer_save(by=actors["case_manager"], assessment=assessment, item_code="js_cv", value=1,
                    answered_by="operator")


def test_a_case_already_past_intake_stays_where_it_is(make_case, fill, actors):
    case = make_case(state="planned")
    assessment = fill(assessment_start(by=actors["case_manager"], case=case))
    assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)
    case.refresh_from_db()
    assert case.state == "planned"


def test_the_page_view_is_audited(client, login, started):
    assessment = started()
    login(client, "case_manager")
    client.get(reverse("assessment_detail", args=[assessment.pk]))
    assert AuditEntry.objects.filter(object_type="assessment.Assessment", operation="read",
                                     object_id=str(assessment.pk)).exists()


@pytest.mark.parametrize("persona", ["other_case_manager", "programme_manager"])
def test_others_cannot_see_or_answer_the_assessment(client, login, started, persona):
    assessment = started()
    login(client, persona)
    expected = 404 if persona == "other_case_manager" else 403
    assert client.get(reverse("assessment_detail", args=[assessment.pk])).status_code == expected
    response = client.post(reverse("assessment_answer", args=[assessment.pk, "js_cv"]), {"item-js_cv": "3"})
    assert response.status_code == expected and not Answer.objects.exists()


def test_another_teams_case_manager_cannot_start_one(client, login, make_case):
    case = make_case(state="intake")
    login(client, "other_case_manager")
    assert client.post(reverse("assessment_start", args=[case.pk])).status_code == 404
    assert not Assessment.objects.exists()
