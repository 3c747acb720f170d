"""In a real browser, the visits part of issue 6's "done when": a company officer plans a week of visits for
chosen companies and two officers, sees the plan day by day as a list and on the map, downloads the .ics, and
records the visit report of one planned stop (the company becomes "visited")."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from florwork.employers.models import RelationshipState
from florwork.visits.models import PlanStop, Visit, VisitPlan
from tests.e2e.test_browser import log_in
from tests.employers import registry_support as support

pytestmark = pytest.mark.e2e

florence = support.florence  # the fixture
NAMES = ("Officine Arno", "Pasticceria Duomo", "Logistica Osmannoro", "Tipografia Oltrarno", "Cantina Chianti",
         "Ceramiche Empolesi")
NOTES = "Cercano due magazzinieri da gennaio; ingresso accessibile, interessati alla quota L. 68."


@pytest.fixture
def second_officer(organizations):
    from florwork.accounts.models import Membership, User
    from florwork.accounts.roles import Role

    user = User.objects.create_user(username="officer_two", password="x-x-x-x-x-x", first_name="Giada",
                                    last_name="Neri")
    Membership.objects.create(user=user, organization=organizations["agency"], role=Role.COMPANY_OFFICER)
    return user


@pytest.fixture
def companies(actors, florence):
    from florwork.employers.services import company_create, contact_add

    made = []
    for n, name in enumerate(NAMES):
        comune = ("Firenze", "Sesto Fiorentino", "Empoli")[n % 3]
        company = company_create(by=actors["company_officer"], values={"legal_name": name,
                                                                       "partita_iva": support.new_partita_iva()},
                                 site={"address": f"Via Roma {n + 1}", "comune_istat": florence[comune].istat_code})
        contact_add(by=actors["company_officer"], company=company,
                    data={"first_name": "Marta", "last_name": f"Conti{n}", "job_title": "HR"})
        made.append(company)
    return made


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 30, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _shot(browser, screenshots, name, width=1280):
    browser.set_window_size(width, 1000)
    browser.save_screenshot(str(screenshots / f"visits-{name}.png"))


def _fill(browser, name, value):
    field = browser.find_element(*_css(f"[name='{name}']"))
    browser.execute_script("arguments[0].value = arguments[1]", field, value)


def test_officer_plans_a_week_sees_list_and_map_downloads_ics_and_records_a_visit(
        fresh_browser, live_server, personas, second_officer, companies, screenshots):
    browser = fresh_browser
    browser.set_window_size(1280, 1000)
    log_in(browser, live_server, "company_officer")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())  # this week: Monday is past
    _plan_the_week(browser, live_server, companies, monday, screenshots)
    plan = VisitPlan.objects.get()
    _see_the_plan(browser, plan, screenshots)
    _download_the_calendars(browser, live_server, plan)
    _record_a_visit(browser, plan, screenshots)


def _plan_the_week(browser, live_server, companies, monday, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(live_server.url + reverse("visit_plan_list"))
    _click(browser, _wait(browser).until(ec.element_to_be_clickable(
        _css(f"a[href='{reverse('visit_plan_create')}']"))))
    # find the companies in the registry, tick five of them
    browser.find_element(*_css("#cand-q")).send_keys("a")
    _click(browser, browser.find_element(*_css(".fw-visit-search button[type=submit]")))
    _wait(browser).until(ec.presence_of_element_located(_css(f"#cand-{companies[0].pk}")))
    for company in companies[:5]:
        _click(browser, browser.find_element(*_css(f"label[for=cand-{company.pk}]")))
        assert browser.find_element(*_css(f"#cand-{company.pk}")).is_selected()
    browser.find_element(*_css("#id_title")).clear()
    browser.find_element(*_css("#id_title")).send_keys("Settimana di prova")
    _fill(browser, "week_of", monday.isoformat())
    # both officers are ticked by default (two officers); the second starts from Empoli, mornings only
    boxes = browser.find_elements(*_css(".fw-officer-row input[type=checkbox]"))
    assert len(boxes) == 2 and all(box.is_selected() for box in boxes)
    starts = browser.find_elements(*_css(".fw-officer-row input[name$='-start']"))
    starts[1].clear()
    starts[1].send_keys("Empoli")
    _shot(browser, screenshots, "1-plan-form")
    _click(browser, browser.find_element(*_css("#plan-form button[type=submit]")))
    _wait(browser).until(ec.presence_of_element_located(_css(".fw-plan-day")))


def _see_the_plan(browser, plan, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    stops = PlanStop.objects.filter(route__plan=plan)
    assert stops.count() == 5 and plan.officers.count() == 2
    # the list: every planned visit with its time window
    items = browser.find_elements(*_css(".fw-stop"))
    assert len(items) == 5
    # the map of each day with visits draws one numbered marker per visit (Leaflet, no tiles configured)
    _wait(browser).until(ec.presence_of_element_located(_css(".fw-visit-map.leaflet-container")))
    markers = browser.find_elements(*_css(".fw-map-stop"))
    assert len(markers) == 5
    assert browser.find_elements(*_css(".fw-visit-map.fw-map-blank"))
    first_day = stops.order_by("route__day").first().route.day
    browser.execute_script("document.getElementById(arguments[0]).scrollIntoView()", f"day-{first_day.isoformat()}")
    _shot(browser, screenshots, "2-plan-desktop")
    _shot(browser, screenshots, "3-plan-390", width=390)
    browser.set_window_size(1280, 1000)


def _download_the_calendars(browser, live_server, plan):
    import requests
    from icalendar import Calendar

    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    links = browser.find_elements(*_css("a[href$='visits.ics']"))
    assert len(links) == 2
    total = 0
    for link in links:
        response = requests.get(link.get_attribute("href"), cookies=cookies, timeout=60)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert all(str(e["SUMMARY"]).startswith("Visit") or "Visita" in str(e["SUMMARY"]) for e in events)
        total += len(events)
    assert total == 5


def _record_a_visit(browser, plan, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    stop = PlanStop.objects.filter(route__plan=plan).order_by("route__day", "start_at").first()
    company = stop.company.company
    _click(browser, browser.find_element(*_css(f"a[href$='?stop={stop.pk}']")))
    _wait(browser).until(ec.presence_of_element_located(_css(".fw-visit-form")))
    browser.set_window_size(390, 900)  # on the phone, between two visits
    contact = company.contacts.get()
    _click(browser, browser.find_element(*_css("label[for=id_contacts_0]")))
    browser.find_element(*_css("#id_notes")).send_keys(NOTES)
    _click(browser, browser.find_element(*_css("label[for=id_outcome_0]")))
    browser.find_element(*_css("#id_next_step")).send_keys("Inviare due profili")
    _shot(browser, screenshots, "4-record-390", width=390)
    _click(browser, browser.find_element(*_css(".fw-visit-form button[type=submit]")))
    _wait(browser).until(ec.presence_of_element_located(_css(".fw-visit-notes")))
    _shot(browser, screenshots, "5-report-390", width=390)
    visit = Visit.objects.get()
    assert visit.stop_id == stop.pk and visit.notes == NOTES and list(visit.contacts.all()) == [contact]
    company.refresh_from_db()
    assert company.state == RelationshipState.VISITED
    assert NOTES in browser.find_element(*_css(".fw-visit-notes")).text
    browser.set_window_size(1280, 1000)
