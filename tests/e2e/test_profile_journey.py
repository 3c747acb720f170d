"""In a real browser, the statistical profile part of issue 4: the programme manager opens a model's page,
sees the model card and the fairness table, cannot activate an over-threshold model without a sign-off
reason, activates it with one; the case manager sees the score and its factors on a case."""

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.assessment.profile_models import ProfileModel
from florwork.assessment.services import assessment_finalize
from florwork.people.services import consent_give
from tests.assessment import conftest as assessment_fixtures
from tests.assessment import profile_fixtures
from tests.assessment.profile_fixtures import store
from tests.e2e.test_assessment_journey import instrument_and_rules  # noqa: F401 - a fixture
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e

started, fill = assessment_fixtures.started, assessment_fixtures.fill
fair_core, biased_core = profile_fixtures.fair_core, profile_fixtures.biased_core
REASON = ("Il divario per cittadinanza nasce da lavori non registrati: il modello resta un consiglio "
          "mentre il consorzio corregge la raccolta dei dati.")


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _submit(browser, selector):
    button = browser.find_element(*_css(selector))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()


def test_model_card_fairness_gate_and_the_case_managers_advice(fresh_browser, live_server, actors, started, fill,
                                                               screenshots, instrument_and_rules, fair_core,  # noqa: F811
                                                               biased_core):
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser, wait = fresh_browser, WebDriverWait(fresh_browser, 30)
    fair, biased = store(fair_core, horizon=6), store(biased_core, horizon=12)
    assessment = fill(started())
    consent_give(by=actors["case_manager"], person=assessment.person, purpose="case_management",
                 given_at=timezone.now())
    assessment.refresh_from_db()
    assessment_finalize(by=actors["case_manager"], assessment=assessment, version=assessment.version)

    # the programme manager finds the models through the navigation and opens the biased one's card
    log_in(browser, live_server, "programme_manager")
    browser.get(live_server.url + reverse("profile_list"))
    assert browser.find_elements(*_css(f"#models a[href='{reverse('profile_detail', args=[biased.pk])}']"))
    browser.get(live_server.url + reverse("profile_detail", args=[biased.pk]))
    wait.until(expected_conditions.presence_of_element_located(_css("#fairness-groups")))
    browser.save_screenshot(str(screenshots / "profile-1-card.png"))
    assert browser.find_element(*_css("#card-data")).text and browser.find_element(*_css("#metric-auc")).text
    assert len(browser.find_elements(*_css("#calibration-chart circle"))) == 10
    assert len(browser.find_elements(*_css("#fairness-groups tbody tr"))) >= 9  # sex 2, citizenship 3, …
    over = browser.find_elements(*_css("#fairness-gaps tr.fw-gap-over"))
    assert over and any("extra UE" in row.text for row in over)  # non-EU citizens underrated (Italian page)

    # without a reason the sign-off is refused; with one the model is activated and the sign-off shown
    _submit(browser, "#activate-submit")
    wait.until(expected_conditions.presence_of_element_located(_css("#id_reason-errors")))
    assert ProfileModel.objects.get(pk=biased.pk).status == "trained"
    browser.find_element(*_css("#id_reason")).send_keys(REASON)
    _submit(browser, "#activate-submit")
    wait.until(expected_conditions.presence_of_element_located(_css("#signoff")))
    browser.save_screenshot(str(screenshots / "profile-2-signed-off.png"))
    biased.refresh_from_db()
    assert biased.status == "active" and biased.signoff_reason == REASON

    # a model within the threshold is activated with one click
    browser.get(live_server.url + reverse("profile_detail", args=[fair.pk]))
    _submit(browser, "#activate-submit")
    wait.until(expected_conditions.text_to_be_present_in_element(_css("#model-status"), "attiv"))

    # the case manager sees the probability at 6 and 12 months and the factors behind it, as advice
    browser.delete_all_cookies()
    log_in(browser, live_server, "case_manager")
    browser.get(live_server.url + reverse("case_detail", args=[assessment.case_id]))
    wait.until(expected_conditions.presence_of_element_located(_css("#profile")))
    section = browser.find_element(*_css("#profile"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", section)
    browser.save_screenshot(str(screenshots / "profile-3-case.png"))
    probabilities = [e.text for e in section.find_elements(*_css(".profile-probability"))]
    assert len(probabilities) == 2 and all(p.endswith("%") for p in probabilities)
    factors = section.find_elements(*_css(".profile-raised li, .profile-lowered li"))
    assert len(factors) >= 2
