"""In a real browser, the opportunities' part of issue 6's "done when": the officer opens a visit report,
records a direct opportunity and an indirect (Art. 14) one on it, turns the direct one into a vacancy (the
form prefilled from it, the ESCO occupation guessed from its title) and publishes the vacancy."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from florwork.matching.vacancy_models import Vacancy
from florwork.opportunities.models import Opportunity
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations load, which a transactional test before this one may have flushed: the bundled
    ESCO taxonomy (the occupation of the vacancy) and the example Art. 14 parameters (the coverage)."""
    from florwork.employers.models import Art14Parameters
    from florwork.matching.models import Occupation

    if not Occupation.objects.exists():
        importlib.import_module("florwork.matching.migrations.0002_bundled_taxonomy").load(apps, None)
    if not Art14Parameters.objects.exists():
        importlib.import_module("florwork.employers.migrations.0002_art14_parameters").load(apps, None)


@pytest.fixture
def visit(actors, reference_data):
    """A company short of its Law 68 quota (100 computable employees, 3 disabled workers: 4 missing, room for
    2 through Art. 14) and the officer's visit report, recorded through the visits' service."""
    from florwork.employers.services import company_create
    from florwork.territory.models import Comune
    from florwork.visits.services import visit_record
    from tests.employers.registry_support import new_partita_iva

    firenze = Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612",
                                    province_code="FI", province_name="Firenze", region="Toscana")
    company = company_create(by=actors["company_officer"], values={
        "legal_name": "Logistica Fiorentina S.r.l.", "partita_iva": new_partita_iva(), "computable_headcount": 100,
        "disabled_employed": 3, "protected_employed": 1},
        site={"address": "Via Pistoiese 120", "comune_istat": firenze.istat_code})
    return visit_record(by=actors["company_officer"], company=company, values={
        "date": timezone.localdate(), "notes": "Incontro con la responsabile del personale: cercano magazzinieri.",
        "outcome": "opportunity"})


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _shot(browser, screenshots, name, selector=None):
    if selector:
        browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
                               browser.find_element(*_css(selector)))
    browser.save_screenshot(str(screenshots / f"opportunity-{name}.png"))


def _add_opportunity(browser, live_server, visit, fields: dict, selects: dict):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select

    form = browser.find_element(*_css("#visit-opportunity-form"))
    for name, value in selects.items():
        Select(form.find_element(*_css(f"[name={name}]"))).select_by_value(str(value))
    for name, value in fields.items():
        form.find_element(*_css(f"[name={name}]")).send_keys(value)
    _click(browser, form.find_element(*_css("button[type=submit]")))
    _wait(browser).until(ec.url_contains(reverse("visit_detail", args=[visit.pk])))


def test_the_officer_records_two_opportunities_at_a_visit_and_publishes_a_vacancy(
        fresh_browser, live_server, visit, organizations, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    browser, wait = fresh_browser, _wait(fresh_browser)
    log_in(browser, live_server, "company_officer")
    browser.get(live_server.url + reverse("visit_detail", args=[visit.pk]))
    wait.until(ec.presence_of_element_located(_css("#visit-opportunity-form")))
    _shot(browser, screenshots, "0-visit", "#opportunities")

    # a direct opportunity and an indirect one (an Art. 14 commission to the type-B cooperative)
    _add_opportunity(browser, live_server, visit, {"title": "Magazziniere", "expected_places": "2"},
                     {"kind": "vacancy"})
    _add_opportunity(browser, live_server, visit, {
        "title": "Pulizia degli uffici", "expected_places": "2", "expected_value": "56000",
        "description": "Commessa annuale a una cooperativa di tipo B"},
        {"kind": "art14", "cooperative": organizations["coop_b"].pk})
    rows = browser.find_elements(*_css("#opportunities tbody tr"))
    assert len(rows) == 2
    direct = Opportunity.objects.get(kind="vacancy")
    art14 = Opportunity.objects.get(kind="art14")
    assert direct.visit == visit == art14.visit and art14.cooperative == organizations["coop_b"]
    _shot(browser, screenshots, "1-visit-with-opportunities", "#opportunities")

    # the Art. 14 one shows the coverage under the regional framework agreement: € 56,000 pays for 2 positions
    browser.get(live_server.url + reverse("opportunity_detail", args=[art14.pk]))
    wait.until(ec.presence_of_element_located(_css("#h-art14")))
    coverage = browser.find_element(*_css("section[aria-labelledby=h-art14]"))
    assert "2" in coverage.text and "28.000" in coverage.text
    _shot(browser, screenshots, "2-art14")

    # the direct one becomes a vacancy: the form prefilled, the occupation guessed from the title
    browser.get(live_server.url + reverse("opportunity_detail", args=[direct.pk]))
    _click(browser, wait.until(ec.element_to_be_clickable(_css("#to-vacancy"))))
    wait.until(ec.presence_of_element_located(_css("#vacancy-form")))
    assert browser.find_element(*_css("[name=title]")).get_attribute("value") == "Magazziniere"
    assert browser.find_element(*_css("[name=positions]")).get_attribute("value") == "2"
    assert browser.find_elements(*_css("[name=occupation]:checked")), "an occupation is guessed from the title"
    _shot(browser, screenshots, "3-vacancy-form")
    _click(browser, browser.find_element(*_css("#vacancy-save")))

    # the draft on the vacancy page, published by the officer
    publish = wait.until(ec.element_to_be_clickable(_css("#publish")))
    vacancy = Vacancy.objects.get()
    direct.refresh_from_db()
    assert direct.vacancy == vacancy and direct.status == "in_progress" and vacancy.status == "draft"
    _click(browser, publish)
    wait.until(lambda b: Vacancy.objects.get().status == "published")
    wait.until(ec.presence_of_element_located(_css("#vacancy-status")))
    _shot(browser, screenshots, "4-vacancy-published")
    assert Vacancy.objects.get().published_at is not None
