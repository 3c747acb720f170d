"""In a real browser, the tirocinio part of issue 7's "done when": the case manager records a tirocinio for an
active case — the allowance below Tuscany's minimum refused first, naming the field, then accepted — sees it on
the case page (the case now placed) and extends it, the extension kept in the placement's history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.placements.models import Placement
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations load, which an earlier transactional test may have flushed: the alert rules
    and Tuscany's tirocinio figures."""
    import importlib

    from django.apps import apps

    from florwork.alerts.models import AlertRule

    if not AlertRule.objects.filter(code="no_contact").exists():
        importlib.import_module("florwork.alerts.migrations.0002_default_rules").load(apps, None)
    importlib.import_module("florwork.placements.migrations.0002_regional_figures_and_rule").load(apps, None)


@pytest.fixture
def company(transactional_db):
    from florwork.employers.models import Company, Site

    now = timezone.now()
    company = Company.objects.create(legal_name="Ristorante Il Cantuccio S.r.l.", state_changed_at=now,
                                     created_at=now, updated_at=now)
    Site.objects.create(company=company, label="Cucina", address="Via Pisana 40", comune_istat="048017",
                        created_at=now)
    return company


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _set(browser, selector, value):
    """Set a field's value as typed (dates through the value: the date picker is the browser's own)."""
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(*_css(selector)), str(value))


def _choose(browser, selector, text):
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(*_css(selector))).select_by_visible_text(text)


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _shot(browser, screenshots, name, selector=None):
    if selector:
        browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
                               browser.find_element(*_css(selector)))
    browser.save_screenshot(str(screenshots / f"placement-{name}.png"))


def test_record_a_tirocinio_see_it_on_the_case_page_and_extend_it(fresh_browser, live_server, make_case, company,
                                                                  organizations, reference_data, screenshots):
    from selenium.webdriver.support import expected_conditions

    browser = fresh_browser
    case = make_case(state="active", first_name="Samira", last_name="Benali", sex="F")
    start = timezone.localdate()
    log_in(browser, live_server, "case_manager")
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    _click(browser, browser.find_element(*_css("#record-placement")))
    _wait(browser).until(expected_conditions.presence_of_element_located(_css("#placement-form")))
    assert "600" in browser.find_element(*_css("#allowance-minimum")).text

    # the form, with an allowance below the minimum
    _choose(browser, "#id_company", company.legal_name)
    browser.find_element(*_css("#id_job_title")).send_keys("Aiuto cuoco")
    _set(browser, "#id_start_on", start.isoformat())
    _set(browser, "#id_end_on", (start + dt.timedelta(days=150)).isoformat())
    browser.find_element(*_css("#id_weekly_hours")).send_keys("30")
    browser.find_element(*_css("#id_monthly_allowance")).send_keys("450")
    browser.find_element(*_css("#id_promoter_tutor")).send_keys("Marco Neri")
    browser.find_element(*_css("#id_host_tutor")).send_keys("Chef Paolo Rinaldi")
    browser.find_element(*_css("#id_training_project")).send_keys("Preparazione della linea, HACCP, pulizia.")
    _shot(browser, screenshots, "1-form", "#placement-form")
    _click(browser, browser.find_element(*_css("#placement-save")))
    error = _wait(browser).until(expected_conditions.presence_of_element_located(_css("#id_monthly_allowance-errors")))
    assert "600,00" in error.text or "600.00" in error.text
    assert not Placement.objects.exists()
    _shot(browser, screenshots, "2-below-minimum", "#id_monthly_allowance")

    # corrected: recorded, the case is placed
    allowance = browser.find_element(*_css("#id_monthly_allowance"))
    allowance.clear()
    allowance.send_keys("600")
    _set(browser, "#id_start_on", start.isoformat())  # a re-rendered date input keeps its value; set it anyway
    _set(browser, "#id_end_on", (start + dt.timedelta(days=150)).isoformat())
    _click(browser, browser.find_element(*_css("#placement-save")))
    _wait(browser).until(expected_conditions.presence_of_element_located(_css("#placement-status")))
    placement = Placement.objects.get()
    assert placement.monthly_allowance == 600 and placement.kind == "tirocinio"
    assert len(browser.find_elements(*_css("#follow-ups li"))) == 3
    _shot(browser, screenshots, "3-detail")
    case.refresh_from_db()
    assert case.state == "placed"

    # on the case page
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    section = browser.find_element(*_css("#placements"))
    assert "Aiuto cuoco" in section.text and company.legal_name in section.text
    _shot(browser, screenshots, "4-case-page", "#placements")

    # extended
    _click(browser, section.find_element(*_css("a[href*='/placements/']")))
    _wait(browser).until(expected_conditions.presence_of_element_located(_css("#extend-form")))
    new_end = placement.end_on + dt.timedelta(days=30)
    _set(browser, "#id_new_end_on", new_end.isoformat())
    browser.find_element(*_css("#id_reason")).send_keys("Più tempo per la preparazione dei dolci")
    _click(browser, browser.find_element(*_css("#extend-save")))
    _wait(browser).until(expected_conditions.text_to_be_present_in_element(_css("#extensions"), "dolci"))
    placement.refresh_from_db()
    assert placement.end_on == new_end and placement.extensions.count() == 1
    _shot(browser, screenshots, "5-extended", "#extensions")
