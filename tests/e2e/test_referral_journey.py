"""In a real browser, the referral-to-caseload journey of issue 3:
a social worker refers a new person (and is stopped from creating a duplicate), a programme manager
assigns the case, the case manager logs a first contact and moves the case to intake, the SLA clock
shows the elapsed working days, and a partner operator without a consent cannot open the person.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.cases.models import Case, CaseState
from florwork.cases.workdays import FLORENCE
from florwork.people.codice_fiscale import generate
from florwork.people.models import Person
from tests.e2e.test_browser import log_in, status_of

pytestmark = pytest.mark.e2e

BIRTH = dt.date(1998, 3, 15)
CODE = generate("Bianchi", "Giulia", BIRTH, "F", "D612")


def _by(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _fill_referral(browser):
    from selenium.webdriver.support.ui import Select

    browser.find_element(*_by("#id_first_name")).send_keys("Giulia")
    browser.find_element(*_by("#id_last_name")).send_keys("Bianchi")
    browser.find_element(*_by("#id_codice_fiscale")).send_keys(CODE)
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(*_by("#id_birth_date")),
                           BIRTH.isoformat())
    Select(browser.find_element(*_by("#id_sex"))).select_by_value("F")
    browser.find_element(*_by("#id_reason")).send_keys("Disoccupata da due anni, cerca lavoro nel commercio.")
    need = browser.find_element(*_by("input[name=needs][value=work]"))
    label = browser.find_element(*_by(f"label[for={need.get_attribute('id')}]"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", label)
    label.click()
    assert need.is_selected()


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _submit(browser, form_selector):
    _click(browser, browser.find_element(*_by(f"{form_selector} button[type=submit]")))


def _switch_user(browser, live_server, username):
    browser.delete_all_cookies()
    log_in(browser, live_server, username)


def test_referral_to_caseload_journey(fresh_browser, live_server, personas, screenshots):
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser = fresh_browser
    wait = WebDriverWait(browser, 15)

    # 1. the social worker refers a new person
    log_in(browser, live_server, personas["social_worker"].username)
    browser.get(live_server.url + reverse("referral_create"))
    _fill_referral(browser)
    browser.save_screenshot(str(screenshots / "journey-1-referral-form.png"))
    _click(browser, browser.find_element(*_by("form.fw-form > button.btn-primary[type=submit], form.fw-form "
                                               ".fw-form-actions button.btn-primary[type=submit]")))
    wait.until(expected_conditions.url_contains("/cases/"))
    case = Case.objects.get(person__codice_fiscale=CODE)
    assert case.state == CaseState.REFERRED
    assert browser.current_url.endswith(reverse("case_detail", args=[case.pk]))

    # ... and, referring the same person again, is offered the existing one instead of a duplicate
    browser.get(live_server.url + reverse("referral_create"))
    _fill_referral(browser)
    _click(browser, browser.find_element(*_by("form.fw-form > button.btn-primary[type=submit], form.fw-form "
                                               ".fw-form-actions button.btn-primary[type=submit]")))
    wait.until(expected_conditions.presence_of_element_located(_by("#duplicates")))
    browser.save_screenshot(str(screenshots / "journey-2-duplicate.png"))
    assert not browser.find_elements(*_by("#id_create_anyway"))  # the same codice fiscale: no second person
    assert browser.find_elements(*_by("#duplicates button[name=existing_person]"))
    assert Person.objects.filter(codice_fiscale=CODE).count() == 1

    # 2. the programme manager assigns the case from the caseload
    _switch_user(browser, live_server, personas["programme_manager"].username)
    browser.get(live_server.url + reverse("caseload"))
    Select(browser.find_element(*_by(f"#assign-{case.pk}"))).select_by_value(str(personas["case_manager"].pk))
    _click(browser, browser.find_element(*_by(f"#assign-{case.pk}")).find_element("xpath", "..").find_element(
        *_by("button[type=submit]")))
    wait.until(lambda _: Case.objects.get(pk=case.pk).owner_id == personas["case_manager"].pk)
    browser.save_screenshot(str(screenshots / "journey-3-assigned.png"))

    # the referral arrived some working days ago (moved back in time so that the clock has run)
    referred = timezone.now() - dt.timedelta(days=6)
    Case.objects.filter(pk=case.pk).update(referred_at=referred)
    expected_days = FLORENCE.working_days_between(timezone.localdate(referred), timezone.localdate())

    # 3. the case manager logs a first contact and moves the case to intake
    _switch_user(browser, live_server, personas["case_manager"].username)
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    Select(browser.find_element(*_by("#contact [name=channel]"))).select_by_value("phone")
    _submit(browser, "#contact")
    wait.until(lambda _: Case.objects.get(pk=case.pk).first_contact_at is not None)
    Select(browser.find_element(*_by("#transition [name=to_state]"))).select_by_value("intake")
    _submit(browser, "#transition")
    wait.until(lambda _: Case.objects.get(pk=case.pk).state == CaseState.INTAKE)
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    browser.save_screenshot(str(screenshots / "journey-4-intake-sla.png"))

    # 4. the SLA clocks show the working days elapsed from the referral to the first contact and intake
    clocks = browser.find_elements(*_by("#sla > li"))
    assert len(clocks) == 3
    assert f"{expected_days} " in clocks[0].text and f"{expected_days} " in clocks[1].text

    # 5. a partner operator without a consent for their organization cannot open the person
    _switch_user(browser, live_server, personas["partner_operator"].username)
    person_url = reverse("person_detail", args=[case.person_id])
    assert status_of(browser, person_url) == 404
    browser.get(live_server.url + person_url)
    browser.save_screenshot(str(screenshots / "journey-5-partner-404.png"))
    assert "Giulia" not in browser.page_source
