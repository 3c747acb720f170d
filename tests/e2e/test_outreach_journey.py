"""In a real browser, the outreach part of issue 6's "done when": the officer filters the prioritised list, opens a
company's reasons, creates a campaign from the filtered list and records the outcome of a call."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from florwork.outreach.models import Campaign, CampaignContact
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def registry(actors, make_case, transactional_db):
    """Two restaurants and a builder in Florence, and a candidate seeking a waiter's job (with the bundled ESCO
    taxonomy that maps the title to its ISCO group, reloaded if a transactional test flushed it)."""
    from django.utils import timezone

    from florwork.employers.services import company_create
    from florwork.matching.models import Occupation
    from florwork.people.services import consent_give
    from florwork.territory.models import Comune
    from tests.employers.registry_support import new_partita_iva

    if not Occupation.objects.exists():
        importlib.import_module("florwork.matching.migrations.0002_bundled_taxonomy").load(apps, None)
    firenze = Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612", province_code="FI",
                                    province_name="Firenze", region="Toscana", latitude="43.77", longitude="11.25",
                                    coordinates_source="geonames_name")
    case = make_case(state="assessed", occupations_sought=["cameriere"], residence_istat=firenze.istat_code)
    consent_give(by=actors["case_manager"], person=case.person, purpose="employer_presentation",
                 given_at=timezone.now())
    for name, ateco, employees in (("Trattoria Da Gino", "56.11.11", 40), ("Osteria del Ponte", "56.11.11", 12),
                                   ("Edil Rossi", "41.00.00", 3)):
        company_create(by=actors["company_officer"], values={
            "legal_name": name, "partita_iva": new_partita_iva(), "ateco_code": ateco, "employees": employees,
            "phone": "055 123456"}, site={"address": "Via Roma 1", "comune_istat": firenze.istat_code})


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def test_the_officer_filters_priorities_builds_a_campaign_and_records_a_call(
        fresh_browser, live_server, registry, screenshots):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser, wait = fresh_browser, WebDriverWait(fresh_browser, 20)
    log_in(browser, live_server, "company_officer")
    browser.get(live_server.url + reverse("outreach_priorities"))
    wait.until(ec.presence_of_element_located(_css("#results table")))
    assert "Edil Rossi" in browser.find_element(*_css("#results")).text

    # filter: hotels and restaurants (ATECO section I); htmx refreshes the results only
    Select(browser.find_element(*_css("select[name=section]"))).select_by_value("I")
    wait.until(lambda b: "Edil Rossi" not in b.find_element(*_css("#results")).text)
    rows = browser.find_elements(*_css("#results tbody tr"))
    assert [r.find_element(*_css("th a")).text for r in rows] == ["Trattoria Da Gino", "Osteria del Ponte"]

    # the first company's reasons: all six, each with its points
    first = rows[0]
    _click(browser, first.find_element(*_css("details.fw-why summary")))
    reasons = first.find_elements(*_css("details.fw-why .fw-reason"))
    wait.until(lambda b: reasons[0].is_displayed())
    assert len(reasons) == 6
    assert "40" in reasons[1].text  # its 40 employees
    browser.save_screenshot(str(screenshots / "outreach-1-priorities.png"))

    # a campaign from the filtered list
    _click(browser, browser.find_element(*_css("#campaign-from-filters")))
    wait.until(ec.presence_of_element_located(_css("#target-count")))
    assert "2" in browser.find_element(*_css("#target-count")).text
    browser.find_element(*_css("[name=name]")).send_keys("Ristoranti di Firenze")
    browser.find_element(*_css("[name=purpose]")).send_keys("Camerieri e aiuto cuochi per la stagione")
    browser.find_element(*_css("[name=script]")).send_keys("Presentarsi, chiedere dei posti stagionali.")
    _click(browser, browser.find_element(*_css("form.fw-form button[type=submit]")))
    wait.until(ec.url_matches(r"/outreach/campaigns/\d+/$"))
    campaign = Campaign.objects.get()
    assert [t.company.legal_name for t in campaign.targets.order_by("-priority")] == ["Trattoria Da Gino",
                                                                                     "Osteria del Ponte"]
    browser.save_screenshot(str(screenshots / "outreach-2-campaign.png"))

    # the outcome of a call to the first company
    _click(browser, browser.find_element(*_css("a[href*='/contact/']")))
    wait.until(ec.presence_of_element_located(_css("select[name=outcome]")))
    Select(browser.find_element(*_css("select[name=outcome]"))).select_by_value("appointment")
    browser.find_element(*_css("[name=notes]")).send_keys("Appuntamento martedì alle 10")
    _click(browser, browser.find_element(*_css("form.fw-form button[type=submit]")))
    wait.until(ec.presence_of_element_located(_css("#progress-summary")))
    assert "1" in browser.find_element(*_css("#progress-summary")).text
    contact = CampaignContact.objects.get()
    assert contact.outcome == "appointment" and contact.company.legal_name == "Trattoria Da Gino"
    assert browser.find_elements(*_css(".fw-outcome-appointment"))
    browser.save_screenshot(str(screenshots / "outreach-3-contact.png"))
