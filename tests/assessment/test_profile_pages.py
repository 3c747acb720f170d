"""The statistical profile's pages: the programme manager's model list, model card with the calibration
curve and the fairness table, training and activation forms with their refusals; the case manager's advice
on the case page."""

import pytest
from django.urls import reverse

from florwork.assessment.profile_models import ProfileModel
from florwork.assessment.profile_services import profile_activate
from florwork.assessment.services import assessment_finalize
from florwork.audit.models import AuditEntry
from florwork.demo.profile_model import FEATURES, history_csv
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import store

fair_core, biased_core = profile_fixtures.fair_core, profile_fixtures.biased_core
REASON = "Il divario nasce da lavori non registrati: il modello resta un consiglio mentre correggiamo i dati."


@pytest.fixture
def pm(client, login, english):
    return login(client, "programme_manager")


# --- list and model card ---------------------------------------------------------------------------

def test_the_programme_manager_sees_the_models_and_the_forms(pm, fair_core):
    model = store(fair_core)
    response = pm.get(reverse("profile_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("profile_detail", args=[model.pk]) in html
    assert 'id="train-form"' in html and 'id="gate-form"' in html
    assert "Statistical profile" in html  # the navigation entry


def test_the_evaluator_sees_the_models_but_no_forms(client, login, english, fair_core):
    model = store(fair_core)
    login(client, "evaluator")
    assert 'id="train-form"' not in client.get(reverse("profile_list")).content.decode()
    html = client.get(reverse("profile_detail", args=[model.pk])).content.decode()
    assert 'id="fairness-groups"' in html and 'id="activate-form"' not in html


@pytest.mark.parametrize("role", ["case_manager", "social_worker", "administrator", "funder"])
def test_other_roles_cannot_see_the_profile_pages(client, login, fair_core, role):
    model = store(fair_core)
    login(client, role)
    assert client.get(reverse("profile_list")).status_code == 403
    assert client.get(reverse("profile_detail", args=[model.pk])).status_code == 403


def test_a_missing_model_is_not_found(pm):
    assert pm.get(reverse("profile_detail", args=[999])).status_code == 404


def test_the_model_card_shows_data_period_metrics_calibration_fairness_limits_and_intended_use(pm, fair_core):
    model = store(fair_core)
    html = pm.get(reverse("profile_detail", args=[model.pk])).content.decode()
    for part in ('id="card-data"', "closed cases, ", 'id="metric-auc"', 'id="metric-brier"', "Calibration slope",
                 "Calibration intercept", 'id="calibration-chart"', 'id="fairness-groups"', 'id="fairness-gaps"',
                 'id="limits"', "never an automatic decision", "history.csv", "2022"):
        assert part in html, part
    assert html.count("<circle") == 10  # one point per decile
    table = html[html.index('id="calibration-table"'):]
    assert table[:table.index("</table>")].count("<tr>") == 11  # header and ten deciles
    assert "fw-gap-over" not in html and "Every gap is within the threshold" in html


def test_over_threshold_gaps_are_highlighted_and_the_sign_off_is_asked(pm, biased_core):
    model = store(biased_core)
    html = pm.get(reverse("profile_detail", args=[model.pk])).content.decode()
    assert "fw-gap-over" in html and "over the threshold" in html
    assert 'id="gate-failed"' in html and 'name="reason"' in html


def test_the_card_downloads_as_markdown(pm, fair_core):
    model = store(fair_core)
    response = pm.get(reverse("profile_card", args=[model.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")
    assert b"## Fairness" in response.content


# --- activation -----------------------------------------------------------------------------------

def test_activating_a_biased_model_without_a_reason_is_refused_on_the_page(pm, biased_core):
    model = store(biased_core)
    response = pm.post(reverse("profile_activate", args=[model.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "needs your sign-off" in response.content.decode()
    model.refresh_from_db()
    assert model.status == "trained"


def test_activating_a_biased_model_with_a_reason_records_the_sign_off(pm, biased_core):
    model = store(biased_core)
    response = pm.post(reverse("profile_activate", args=[model.pk]), {"reason": REASON})
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.status == "active" and model.signoff_reason == REASON
    html = pm.get(reverse("profile_detail", args=[model.pk])).content.decode()
    assert 'id="signoff"' in html and REASON.split(":")[0] in html
    assert pm.post(reverse("profile_retire", args=[model.pk])).status_code == 302
    model.refresh_from_db()
    assert model.status == "retired"


def test_the_case_manager_cannot_activate(client, login, fair_core):
    model = store(fair_core)
    login(client, "case_manager")
    assert client.post(reverse("profile_activate", args=[model.pk]), {"reason": REASON}).status_code == 403
    model.refresh_from_db()
    assert model.status == "trained"


# --- training and threshold forms -----------------------------------------------------------------

ALL_FEATURES = ",".join(FEATURES)


def _upload(features=ALL_FEATURES, data=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"horizon": "12", "source": "imported", "outcome": "in_work_12m", "features": features,
            "protected": "sex,citizenship,disability,age_band", "date_column": "intake_date",
            "data": SimpleUploadedFile("storia.csv", data or history_csv(300, seed=3), content_type="text/csv")}


def test_a_protected_attribute_as_a_feature_is_refused_on_the_page(pm):
    response = pm.post(reverse("profile_train"), _upload(features="isced_level,citizenship"))
    assert response.status_code == 400
    assert "citizenship cannot be model inputs" in response.content.decode()
    assert not ProfileModel.objects.exists()


def test_too_few_hub_cases_are_refused_on_the_page(pm):
    response = pm.post(reverse("profile_train"), {"horizon": "6", "source": "hub_cases"})
    assert response.status_code == 400 and "Too few cases to train: 0" in response.content.decode()


def test_an_upload_is_needed_for_imported_data(pm):
    response = pm.post(reverse("profile_train"), {"horizon": "6", "source": "imported"})
    assert response.status_code == 400 and "Choose the CSV file" in response.content.decode()


def test_training_from_an_upload_queues_the_task_and_the_list_shows_the_new_model(
        pm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # in a test, the task runs after the response
        response = pm.post(reverse("profile_train"), _upload())
    assert response.status_code == 302 and response["Location"] == reverse("profile_list")
    model = ProfileModel.objects.get()
    html = pm.get(reverse("profile_list")).content.decode()
    assert 'id="trainings"' in html and reverse("profile_detail", args=[model.pk]) in html


def test_the_threshold_form_saves_and_refuses_out_of_range(pm):
    assert pm.post(reverse("profile_gate"), {"max_gap": "0.15"}).status_code == 302
    response = pm.post(reverse("profile_gate"), {"max_gap": "2"})
    assert response.status_code == 400
    assert "0.15" in pm.get(reverse("profile_list")).content.decode()


# --- the case manager's advice on the case page --------------------------------------------------

def _score_reads():
    return [e for e in AuditEntry.objects.filter(object_type="people.Person", operation="read")
            if "profile_score" in e.fields]


@pytest.fixture
def assessed_case(started, fill, actors):
    """A case past intake with its case-management consent (collected at intake) and a finalized assessment."""
    from django.utils import timezone

    from florwork.people.services import consent_give

    assessment = fill(started())
    consent_give(by=actors["case_manager"], person=assessment.person, purpose="case_management",
                 given_at=timezone.now())
    assessment.refresh_from_db()
    assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)
    return assessment.case


def test_the_case_manager_sees_the_probability_and_its_factors(client, login, english, actors, assessed_case,
                                                               fair_core):
    profile_activate(by=actors["programme_manager"], model=store(fair_core))
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[assessed_case.pk])).content.decode()
    section = html[html.index('id="profile"'):]
    assert "advice" in section and "never an automatic decision" in section
    assert 'id="profile-12"' in section and "%" in section
    assert "Raised by" in section and "Lowered by" in section and "No active model for work at 6 months" in section
    [entry] = _score_reads()
    assert entry.detail["case"] == assessed_case.pk and entry.purpose == "case_management"


def test_without_an_active_model_or_an_assessment_the_case_page_says_so(client, login, english, make_case,
                                                                       assessed_case, fair_core, actors):
    login(client, "case_manager")
    html = client.get(reverse("case_detail", args=[assessed_case.pk])).content.decode()
    assert "No statistical profile model is active." in html
    profile_activate(by=actors["programme_manager"], model=store(fair_core))
    other = make_case(state="intake")
    html = client.get(reverse("case_detail", args=[other.pk])).content.decode()
    assert "No finalized assessment yet: the profile" in html


def test_without_a_live_consent_the_person_is_not_scored(client, login, english, actors, assessed_case,
                                                        fair_core):
    from florwork.people.models import Consent
    from florwork.people.services import consent_withdraw

    profile_activate(by=actors["programme_manager"], model=store(fair_core))
    consent = Consent.objects.get(person_id=assessed_case.person_id, purpose="case_management")
    consent_withdraw(by=actors["case_manager"], consent=consent)
    login(client, "case_manager")
    response = client.get(reverse("case_detail", args=[assessed_case.pk]))
    assert response.status_code == 200  # the case stays visible to its team; the person's record does not
    section = response.content.decode().split('id="profile"')[1].split("</section>")[0]
    assert "not visible to you" in section and "profile-probability" not in section
    assert not _score_reads()


def test_the_programme_manager_and_another_hub_do_not_see_a_persons_score(client, login, actors, assessed_case,
                                                                         fair_core):
    profile_activate(by=actors["programme_manager"], model=store(fair_core))
    login(client, "programme_manager")
    response = client.get(reverse("case_detail", args=[assessed_case.pk]))
    assert response.status_code == 200 and 'id="profile"' not in response.content.decode()
    login(client, "other_case_manager")
    assert client.get(reverse("case_detail", args=[assessed_case.pk])).status_code == 404
    assert not _score_reads()
