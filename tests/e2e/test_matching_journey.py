"""In a real browser, the matching part of issue 7's "done when": the company officer creates a vacancy from the
taxonomy (the occupation found by a job title, its ESCO skills suggested), publishes it, opens its ranking and
sees the consenting candidates by pseudonymous code with the reasons for each rank; the case manager opens a
case and sees the person's top vacancies and the essential skills they lack."""

import pytest
from django.urls import reverse
from django.utils import translation

from florwork.matching.explain import PART_LABELS
from florwork.matching.pseudonyms import candidate_code
from florwork.matching.vacancy_models import Vacancy, VacancyStatus
from tests.e2e.test_browser import log_in
from tests.matching import vacancy_support as support

pytestmark = pytest.mark.e2e
make_company, make_candidate = support.make_company, support.make_candidate  # the fixtures


@pytest.fixture
def florence(transactional_db):
    """Firenze only (the whole province is not needed), in a flushed transactional database."""
    from florwork.territory.models import Comune

    comune = Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612", province_code="FI",
                                   province_name="Firenze", region="Toscana", latitude="43.77925",
                                   longitude="11.24626", coordinates_source="geonames_name")
    return {"Firenze": comune}


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations load, which an earlier transactional test may have flushed: the bundled
    taxonomy, the ranking's weights."""
    import importlib

    from django.apps import apps

    from florwork.accounts.policy import SYSTEM
    from florwork.matching.models import Occupation
    from florwork.matching.services import taxonomy_load_bundled

    if not Occupation.objects.exists():
        taxonomy_load_bundled(by=SYSTEM)
    importlib.import_module("florwork.matching.migrations.0005_default_weights").load(apps, None)


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _shot(browser, screenshots, name, selector=None):
    if selector:
        browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
                               browser.find_element(*_css(selector)))
    browser.save_screenshot(str(screenshots / f"matching-{name}.png"))


def _click(browser, selector):
    element = browser.find_element(*_css(selector))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _italian(text) -> str:
    """A lazy label or a msgid, as the Italian page shows it."""
    with translation.override("it"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def test_officer_ranks_a_vacancy_and_case_manager_sees_top_vacancies(
        fresh_browser, live_server, reference_data, make_company, make_candidate, screenshots):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select

    browser = fresh_browser
    company = make_company(name="Trattoria Il Fiasco S.r.l.")
    strong = make_candidate(first_name="Lucia", last_name="Esposito")
    weak = make_candidate(first_name="Ahmed", last_name="Benali", how_many=4)
    make_candidate(first_name="Nessun", last_name="Zanobetti", consent=False)

    # the officer creates the vacancy from the company's page: job title -> occupation -> suggested skills
    log_in(browser, live_server, "company_officer")
    browser.get(live_server.url + reverse("vacancy_create") + f"?company={company.pk}")
    browser.find_element(*_css("#id_occupation_query")).send_keys("aiuto cuoco")
    browser.find_element(*_css("button[name=refresh][value=occupation]")).click()
    job = support.occupation(support.KITCHEN_ASSISTANT)
    label = _wait(browser).until(ec.element_to_be_clickable(_css("label[for=id_occupation_0]")))
    assert job.label in label.text
    label.click()
    _wait(browser).until(ec.presence_of_element_located(_css("input[name=essential_skills][checked]")))
    _shot(browser, screenshots, "1-vacancy-form", "#vacancy-form")
    Select(browser.find_element(*_css("#id_contract_kind"))).select_by_value("tirocinio")
    browser.find_element(*_css("#id_title")).send_keys("Aiuto cuoco per la mensa")
    _click(browser, ".fw-form-actions button[type=submit]")
    _wait(browser).until(ec.presence_of_element_located(_css("#publish")))
    vacancy = Vacancy.objects.get(company=company)
    assert vacancy.skill_links.filter(essential=True).count() > 5
    _click(browser, "#publish")
    published = _italian(VacancyStatus.PUBLISHED.label).casefold()
    _wait(browser).until(lambda b: b.find_element(*_css("#vacancy-status")).text.casefold() == published)

    # ... opens its ranking: codes, scores and the reasons, no names; the non-consenting person is not counted
    _click(browser, "#open-ranking")
    _wait(browser).until(ec.presence_of_element_located(_css("#ranking")))
    codes = [element.text for element in browser.find_elements(*_css("#ranking .candidate-code"))]
    assert codes == [candidate_code(person_id=c.person_id, vacancy_id=vacancy.pk) for c in (strong, weak)]
    page = browser.find_element(*_css("main")).text
    for name in ("Lucia", "Esposito", "Ahmed", "Benali", "Nessun", "Zanobetti"):
        assert name not in page
    assert _italian(PART_LABELS["essential"]) in page
    counts = browser.find_element(*_css("#ranking-counts")).text
    assert counts.startswith("2 ")
    _click(browser, f"#candidate-{codes[1]} summary")
    assert "✗" in browser.find_element(*_css(f"#candidate-{codes[1]}")).text  # its missing essential skills
    _shot(browser, screenshots, "2-ranking", "#ranking")

    # the case manager opens the weaker candidate's case: the vacancy, with the skills the person lacks
    browser.delete_all_cookies()
    log_in(browser, live_server, "case_manager")
    browser.get(live_server.url + reverse("case_detail", args=[weak.pk]))
    section = _wait(browser).until(ec.presence_of_element_located(_css("#case-vacancies")))
    assert "Aiuto cuoco per la mensa" in section.text
    missing = section.find_element(*_css(".missing-skills")).text
    assert missing and _italian("Missing essential skills:") in missing
    _shot(browser, screenshots, "3-case-vacancies", "#case-vacancies")
