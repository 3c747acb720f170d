"""In a real browser, the assessment part of issue 4: a case manager completes an assessment, sees the
proposed pathway with its reasons, overrides it with a reason, and after a second assessment sees the
distance travelled."""

import pytest
from django.urls import reverse

from florwork.assessment.models import Assessment, Item, PathwayDecision
from florwork.assessment.services import answer_save, assessment_finalize, assessment_start
from florwork.cases.models import CaseState
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def instrument_and_rules(transactional_db):
    """The reference data the migration loads: a transactional test before this one may have flushed it."""
    import importlib

    from django.apps import apps

    from florwork.assessment.models import Instrument

    if not Instrument.objects.filter(status="published").exists():
        importlib.import_module("florwork.assessment.migrations.0002_employability_instrument").load(apps, None)


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def test_assessment_pathway_override_and_distance_travelled(fresh_browser, live_server, actors, personas,
                                                            make_case, screenshots, instrument_and_rules):
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser = fresh_browser
    wait = WebDriverWait(browser, 20)
    case = make_case(state="intake")

    # the case manager starts the assessment from the case page and answers every question
    log_in(browser, live_server, personas["case_manager"].username)
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    start = browser.find_element(*_css("#assessment-start"))
    browser.save_screenshot(str(screenshots / "assessment-0-case.png"))
    start.find_element("xpath", "./ancestor::form").submit()  # the form itself: no overlay can take the click
    wait.until(expected_conditions.url_contains("/assessments/"))
    wait.until(expected_conditions.presence_of_element_located(_css("#assessment-form")))
    names = browser.execute_script(
        "return [...new Set([...document.querySelectorAll('#assessment-form input[type=radio]')]"
        ".map(r => r.name))]")
    assert len(names) >= 30
    for name in names:  # a low answer everywhere: a person far from work
        browser.execute_script("document.querySelector(arguments[0]).click()", f"input[name='{name}'][value='2']")
    browser.save_screenshot(str(screenshots / "assessment-1-filled.png"))
    _click(browser, browser.find_element(*_css("button[name=action][value=finalize]")))

    # scores, the proposed pathway and its reasons
    wait.until(expected_conditions.presence_of_element_located(_css("#pathway")))
    browser.save_screenshot(str(screenshots / "assessment-2-result.png"))
    first = Assessment.objects.get(case=case)
    assert first.status == "finalized"
    assert browser.find_elements(*_css("#reasons li"))
    case.refresh_from_db()
    assert case.state == CaseState.ASSESSED

    # the case manager overrides the proposal, with a reason
    proposed = first.scores["proposal"]["pathway"]
    other = next(str(n) for n in (1, 2, 3, 4) if n != proposed)
    browser.execute_script("document.querySelector(arguments[0]).click()",
                           f"#decision-form input[name=chosen][value='{other}']")
    browser.find_element(*_css("#decision-form textarea[name=reason], #decision-form input[name=reason]")).send_keys(
        "Ha già un'offerta di lavoro concreta da un'azienda del territorio.")
    _click(browser, browser.find_element(*_css("#decision-form button[type=submit]")))
    wait.until(expected_conditions.presence_of_element_located(_css("#decision")))
    decision = PathwayDecision.objects.get(assessment=first)
    assert decision.chosen == int(other) and decision.is_override and decision.reason

    # six months on, a second assessment shows progress
    second = assessment_start(by=actors["case_manager"], case=case)
    for item in Item.objects.filter(dimension__instrument=second.instrument):
        answer_save(by=actors["case_manager"], assessment=second, item_code=item.code, value=4,
                    answered_by=item.respondent)
    second.refresh_from_db()
    assessment_finalize(by=actors["case_manager"], assessment=second, version=second.version)
    browser.get(live_server.url + reverse("assessment_progress", args=[case.pk]))
    browser.save_screenshot(str(screenshots / "assessment-3-progress.png"))
    assert len(browser.find_elements(*_css("#charts svg"))) >= 10
    header = browser.find_elements(*_css("#progress-table thead th"))
    assert len(header) == 4  # dimension, two assessments, change
    rows = browser.find_elements(*_css("#progress-table tbody tr"))
    changes = [row.find_elements(*_css("td"))[-1].text for row in rows]
    assert len(changes) == 10  # one row per dimension, each with its change
    assert sum(change.startswith("+") for change in changes) >= 7  # mostly better (reverse-scored items aside)
