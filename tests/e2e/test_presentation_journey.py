"""In a real browser, the presentation part of issue 7's "done when": the company officer opens a vacancy's
shortlist, adds ranked candidates (by code, no names), generates the anonymized profile (page and PDF, with
no identifying value), presents the candidate, records the company's interview request and the person's
agreement, reveals the identity (audited) and advances the candidate to the interview."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from florwork.audit.models import AuditEntry
from florwork.matching.pseudonyms import candidate_code
from florwork.shortlists.models import ShortlistEntry, Stage
from tests.e2e.test_browser import log_in
from tests.matching import vacancy_support as support

pytestmark = pytest.mark.e2e
make_company, make_candidate, make_vacancy = support.make_company, support.make_candidate, support.make_vacancy
company = support.company


@pytest.fixture
def florence(transactional_db):
    """Firenze only, in a flushed transactional database."""
    from florwork.territory.models import Comune

    comune = Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612", province_code="FI",
                                   province_name="Firenze", region="Toscana", latitude="43.77925",
                                   longitude="11.24626", coordinates_source="geonames_name")
    return {"Firenze": comune}


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations load, which an earlier transactional test may have flushed."""
    import importlib

    from django.apps import apps

    from florwork.accounts.policy import SYSTEM
    from florwork.matching.models import Occupation
    from florwork.matching.services import taxonomy_load_bundled

    if not Occupation.objects.exists():
        taxonomy_load_bundled(by=SYSTEM)
    importlib.import_module("florwork.matching.migrations.0005_default_weights").load(apps, None)


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _click(browser, selector):
    element = browser.find_element(*_css(selector))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _shot(browser, screenshots, name):
    browser.save_screenshot(str(screenshots / f"presentation-{name}.png"))


def _italian(text) -> str:
    with translation.override("it"):
        return str(text)


def _pdf_text(browser, url: str) -> str:
    import requests
    from pypdf import PdfReader

    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    response = requests.get(url, cookies=cookies, timeout=60)
    assert response.headers["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    return re.sub(r"\s+", " ", text)


def _advance(browser, stage: str):
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(*_css("#id_stage"))).select_by_value(stage)
    _click(browser, "#advance-submit")
    _wait(browser).until(lambda b: b.find_element(*_css("#entry-stage")).text == _italian(Stage(stage).label))


def test_officer_presents_an_anonymized_candidate_and_reveals_after_agreement(
        fresh_browser, live_server, reference_data, make_vacancy, make_candidate, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    browser = fresh_browser
    vacancy = make_vacancy(title="Aiuto cuoco per la mensa")
    lucia = make_candidate(first_name="Lucia", last_name="Esposito", phone="+39 333 123 4567",
                           email="lucia.esposito@example.org")
    make_candidate(first_name="Ahmed", last_name="Benali", how_many=4)
    make_candidate(first_name="Nessun", last_name="Zanobetti", consent=False)
    code = candidate_code(person_id=lucia.person_id, vacancy_id=vacancy.pk)

    # the vacancy page leads to its shortlist; the ranked candidates appear by code only
    log_in(browser, live_server, "company_officer")
    browser.get(live_server.url + reverse("vacancy_detail", args=[vacancy.pk]))
    _click(browser, "#shortlist-open")
    _wait(browser).until(ec.presence_of_element_located(_css("#ranking")))
    page = browser.find_element(*_css("main")).text
    for name in ("Lucia", "Esposito", "Ahmed", "Benali", "Nessun", "Zanobetti"):
        assert name not in page
    assert len(browser.find_elements(*_css("#ranking tbody tr"))) == 2
    _shot(browser, screenshots, "1-ranked")

    # adds both ranked candidates to the shortlist
    for _ in range(2):
        button = browser.find_element(*_css("#ranking tbody tr:first-child button[type=submit]"))
        _click(browser, "#ranking tbody tr:first-child button[type=submit]")
        _wait(browser).until(ec.staleness_of(button))  # the page after this add, not the one before it
        _wait(browser).until(ec.presence_of_element_located(_css("#shortlist-entries")))
    assert ShortlistEntry.objects.filter(vacancy=vacancy).count() == 2
    assert browser.find_elements(*_css("#ranking-empty"))
    _shot(browser, screenshots, "2-shortlist")

    # the anonymized profile, as a page and as the PDF for the company: the code, never the name
    entry = ShortlistEntry.objects.get(vacancy=vacancy, person=lucia.person)
    browser.find_element(*_css(f"#entry-{entry.pk} a[href$='/entry/{entry.pk}/']")).click()
    _wait(browser).until(ec.presence_of_element_located(_css("#profile-link")))
    _click(browser, "#profile-link")
    profile = _wait(browser).until(ec.presence_of_element_located(_css("#profile"))).text
    assert browser.find_element(*_css("#profile-code")).text == code
    assert "Lucia" not in browser.find_element(*_css("main")).text
    _shot(browser, screenshots, "3-profile")
    text = _pdf_text(browser, browser.find_element(*_css("#pdf-it")).get_attribute("href"))
    assert code in text and "Aiuto cuoco per la mensa" in text
    for value in ("Lucia", "Esposito", "333 123", "lucia.esposito", lucia.person.codice_fiscale):
        assert value not in text and value not in profile

    # presented; the company asks for an interview; the person agrees; the officer reveals the identity
    browser.get(live_server.url + reverse("shortlist_entry", args=[entry.pk]))
    _advance(browser, Stage.PRESENTED)
    browser.find_element(*_css("#id_request-note")).send_keys("Il titolare ha chiamato il 3 dicembre")
    _click(browser, "#request-submit")
    _wait(browser).until(ec.presence_of_element_located(_css("#agree-submit")))
    assert "Il titolare ha chiamato il 3 dicembre" in browser.find_element(*_css("#identity")).text
    _click(browser, "#agree-submit")
    _wait(browser).until(ec.presence_of_element_located(_css("#agreement")))
    _click(browser, "#reveal-submit")
    revealed = _wait(browser).until(ec.presence_of_element_located(_css("#revealed"))).text
    assert "Lucia Esposito" in revealed and "+39 333 123 4567" in revealed
    assert AuditEntry.objects.filter(object_type="shortlists.ShortlistEntry", object_id=str(entry.pk),
                                     operation="export", detail__reveal=True).count() == 1
    _shot(browser, screenshots, "4-revealed")

    # the interview
    _advance(browser, Stage.INTERVIEW)
    entry.refresh_from_db()
    assert (entry.stage, entry.interview_on is not None) == (Stage.INTERVIEW, True)
    assert [row.text.split()[0] for row in browser.find_elements(*_css("#entry-steps li"))] == [
        _italian(Stage.PROPOSED.label), _italian(Stage.PRESENTED.label), _italian(Stage.INTERVIEW.label)]
    _shot(browser, screenshots, "5-interview")
