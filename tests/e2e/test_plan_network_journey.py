"""In a real browser, the "done when" of issue 5: a case manager builds a plan from the suggestions, refers the
person to a partner's soft-skills lab, downloads the patto PDF and records it signed; the partner operator
accepts the referral in their inbox, seeing only what is shared; with the clock shifted past the lab's end
date, the alert scan opens an overdue-action task that the case manager finds in "My tasks" (and counted in
the navigation) and in the Italian digest e-mail."""

import datetime as dt
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from florwork.alerts.models import RuleCode, Task, TaskStatus
from florwork.network.models import PartnerReferral, ReferralState
from florwork.network.selectors import seats_left, service_get
from florwork.plans.models import PlanRevision, RevisionStatus
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e

WEAK = ("italian", "motivation", "basic_digital")  # the person's weakest dimensions
LAB_TITLE = "Laboratorio di competenze trasversali"
LAB_GOAL = "Rafforzare puntualità, lavoro in gruppo e fiducia in sé"  # the p4-soft-skills-lab rule's goal
ITALIAN_GOAL = "Migliorare l'italiano per il lavoro"  # the dim-italian rule's goal
REFERRAL_REASON = "Ha bisogno di ritrovare puntualità e fiducia prima di un tirocinio."


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations load, which a transactional test before this one may have flushed: the
    assessment instrument and routing rules, the SLA targets, the plan suggestion rules, the alert rules."""
    import importlib

    from django.apps import apps

    from florwork.alerts.models import AlertRule
    from florwork.assessment.models import Instrument
    from florwork.plans.models import SuggestionRuleSet

    if not Instrument.objects.filter(status="published").exists():
        importlib.import_module("florwork.assessment.migrations.0002_employability_instrument").load(apps, None)
    importlib.import_module("florwork.cases.migrations.0002_default_sla_targets").add_defaults(apps, None)
    if not SuggestionRuleSet.objects.exists():
        importlib.import_module("florwork.plans.migrations.0002_suggestion_rules").load(apps, None)
    if not AlertRule.objects.exists():
        importlib.import_module("florwork.alerts.migrations.0002_default_rules").load(apps, None)


@pytest.fixture
def firenze(transactional_db):
    from florwork.territory.models import Comune

    return Comune.objects.create(istat_code="048017", name="Firenze", cadastral_code="D612", province_code="FI",
                                 province_name="Firenze", region="Toscana")


@pytest.fixture
def assessed_case(actors, make_case, firenze, reference_data):
    """An assessed case of the hub's case manager: the assessment finalized with three weak dimensions, the
    pathway 4 (far from work) confirmed, the consents to case management and to sharing with the cooperative."""
    from florwork.assessment.models import Item
    from florwork.assessment.services import answer_save, assessment_finalize, assessment_start, pathway_decide
    from florwork.cases.services import case_log_contact, case_transition
    from florwork.people.services import consent_give

    by = actors["case_manager"]
    case = make_case(state="referred", first_name="Lucia", last_name="Esposito", sex="F",
                     birth_date=dt.date(1991, 4, 12), residence_istat=firenze.istat_code,
                     address="Via dei Serragli 12", phone="+39 333 123 4567", email="lucia.esposito@example.org")
    # the first interview, then the intake (the first-contact clock stops: no service-level task later)
    case_log_contact(by=by, case=case, channel="meeting", occurred_at=timezone.now(), text="Primo colloquio")
    case_transition(by=by, case=case, to_state="intake", version=case.version)
    consent_give(by=by, person=case.person, purpose="case_management", given_at=timezone.now())
    assessment = assessment_start(by=by, case=case)
    for item in Item.objects.filter(dimension__instrument=assessment.instrument).select_related("dimension"):
        low = item.dimension.code in WEAK
        high, bottom = (item.scale_min, item.scale_max) if item.reverse_scored else (item.scale_max, item.scale_min)
        middle = (item.scale_min + item.scale_max) // 2
        answer_save(by=by, assessment=assessment, item_code=item.code, value=bottom if low else middle,
                    answered_by=item.respondent)
    assessment.refresh_from_db()
    assessment_finalize(by=by, assessment=assessment, version=assessment.version)
    proposed = assessment.scores["proposal"]["pathway"]
    pathway_decide(by=by, assessment=assessment, chosen=4, reason="" if proposed == 4 else
                   "Italiano e fiducia in sé ancora fragili: serve prima un percorso di inclusione.")
    consent_give(by=by, person=case.person, purpose="partner_sharing", organization_id=actors[
        "partner_operator"].organization_id, given_at=timezone.now())
    case.refresh_from_db()
    assert case.state == "assessed"
    return case


@pytest.fixture
def lab(actors, organizations, firenze):
    """The cooperative's soft-skills lab, with free seats, in the network catalogue."""
    from florwork.network.services import service_create

    return service_create(by=actors["partner_operator"], organization=organizations["coop_b"], data={
        "kind": "soft_skills_lab", "title": LAB_TITLE, "dimension": "motivation", "pathways": [3, 4],
        "description": "Dodici incontri in piccolo gruppo su puntualità, lavoro in squadra e comunicazione.",
        "comune": firenze, "address": "Via Pisana 45", "schedule": "martedì e giovedì 9:30–12:30",
        "seats_per_period": 8, "cost_per_participant": "450.00", "contact_name": "Marta Rinaldi",
        "contact_phone": "055 123456", "contact_email": "laboratorio@ilponte.example.org"})


# --- browser helpers ---------------------------------------------------------------------------------

def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _tick(browser, checkbox_id):
    """Bootstrap Italia draws the checkbox on its label: a person clicks the label."""
    _click(browser, browser.find_element(*_css(f"label[for={checkbox_id}]")))
    assert browser.find_element(*_css(f"#{checkbox_id}")).is_selected()


def _set_date(browser, selector, day: dt.date):
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(*_css(selector)),
                           day.isoformat())


def _shot(browser, screenshots, name, selector=None):
    if selector:
        browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
                               browser.find_element(*_css(selector)))
    browser.save_screenshot(str(screenshots / f"plan-network-{name}.png"))


def _switch_user(browser, live_server, username):
    browser.delete_all_cookies()
    log_in(browser, live_server, username)


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def _italian(text) -> str:
    with translation.override("it"):
        return str(text)


# --- the journey -------------------------------------------------------------------------------------

def test_plan_referral_patto_inbox_and_overdue_task(fresh_browser, live_server, actors, personas, assessed_case, lab,
                                                    screenshots, tmp_path):
    browser = fresh_browser
    case, person = assessed_case, assessed_case.person
    today = timezone.localdate()
    _build_plan_from_suggestions(browser, live_server, case, lab, today, screenshots)
    referral = _refer_to_the_lab(browser, live_server, case, lab, screenshots)
    pdf = _download_and_sign_the_patto(browser, live_server, case, person, screenshots, tmp_path)
    _partner_accepts(browser, live_server, actors, referral, person, lab, screenshots)
    _overdue_task_in_my_tasks_and_digest(browser, live_server, case, personas, screenshots)
    assert pdf.startswith(b"%PDF")


def _build_plan_from_suggestions(browser, live_server, case, lab, today, screenshots):
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select

    wait = _wait(browser)
    log_in(browser, live_server, "case_manager")
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    wait.until(ec.presence_of_element_located(_css("#plan-start")))
    _shot(browser, screenshots, "0-case", "#plan")
    _click(browser, browser.find_element(*_css("#plan-start")))

    # the plan's frame: six months, a first review in two, what the person commits to
    wait.until(ec.presence_of_element_located(_css("#create")))
    _shot(browser, screenshots, "1-start")
    _set_date(browser, "#create #id_starts_on", today)
    _set_date(browser, "#create #id_ends_on", today + timedelta(days=180))
    _set_date(browser, "#create #id_review_on_1", today + timedelta(days=60))
    browser.find_element(*_css("#create #id_review_note_1")).send_keys("Come va il laboratorio")
    browser.find_element(*_css("#create #id_responsibilities")).send_keys(
        "Partecipare agli incontri del laboratorio\nAvvisare l'operatrice in caso di assenza")
    _click(browser, browser.find_element(*_css("#create button[type=submit]")))

    # the suggestions: the pathway's (with the cooperative's lab as its service) and a weak dimension's
    wait.until(ec.presence_of_element_located(_css("#suggestions form")))
    revision = PlanRevision.objects.get(plan__case=case)
    assert revision.status == RevisionStatus.DRAFT and revision.reviews.count() == 1
    pending = {e.get_attribute("value") for e in browser.find_elements(*_css("#suggestions input[name=suggestion]"))}
    assert {"p4-soft-skills-lab", "p4-tirocinio", "dim-italian", "dim-motivation"} <= pending
    assert not revision.actions.exists()  # nothing applied before the case manager's choice
    _tick(browser, "pick-p4-soft-skills-lab")
    Select(browser.find_element(*_css("#service-p4-soft-skills-lab"))).select_by_value(str(lab.pk))
    _tick(browser, "pick-dim-italian")
    _shot(browser, screenshots, "2-suggestions", "#suggestions")
    _click(browser, browser.find_element(*_css("#suggestions button[type=submit]")))
    wait.until(ec.presence_of_element_located(_css("#actions-table")))
    actions = {a.suggestion: a for a in revision.actions.all()}
    assert set(actions) == {"p4-soft-skills-lab", "dim-italian"}
    assert actions["p4-soft-skills-lab"].service_id == lab.pk
    assert {g.title for g in revision.goals.all()} == {LAB_GOAL, ITALIAN_GOAL}  # in Italian, the page's language
    assert len(browser.find_elements(*_css("#goals tbody tr"))) == 2
    assert len(browser.find_elements(*_css("#actions-table tbody tr"))) == 2
    _shot(browser, screenshots, "3-goals-and-actions", "#goals")

    # a second review date, on the frame form
    _set_date(browser, "#frame #id_review_on_2", today + timedelta(days=150))
    browser.find_element(*_css("#frame #id_review_note_2")).send_keys("Verifica prima della fine del piano")
    _click(browser, browser.find_element(*_css("#frame button[type=submit]")))
    wait.until(lambda b: revision.reviews.count() == 2)
    assert sorted(r.due_on for r in revision.reviews.all())[-1] == today + timedelta(days=150)


def _refer_to_the_lab(browser, live_server, case, lab, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    browser.get(live_server.url + reverse("case_detail", args=[case.pk]))
    _click(browser, wait.until(ec.presence_of_element_located(_css("#refer-to-service"))))

    # the catalogue opens filtered for the person; the lab is there, eligible, with the consent given
    wait.until(ec.presence_of_element_located(_css(f"#service-{lab.pk}-title")))
    _shot(browser, screenshots, "4-catalogue")
    card = browser.find_element(*_css(f"#service-{lab.pk}-title")).find_element("xpath", "./ancestor::article")
    _click(browser, card.find_element(*_css("a.btn-primary")))
    form = wait.until(ec.presence_of_element_located(_css("#refer form")))
    assert not browser.find_elements(*_css("#no-consent, #ineligible"))
    form.find_element(*_css("textarea[name=reason], input[name=reason]")).send_keys(REFERRAL_REASON)
    _shot(browser, screenshots, "5-refer", "#refer")
    _click(browser, browser.find_element(*_css("#refer-send")))
    wait.until(ec.url_contains(reverse("case_detail", args=[case.pk])))
    referral = PartnerReferral.objects.get(case=case, service=lab)
    assert referral.state == ReferralState.SENT and referral.reason == REFERRAL_REASON
    section = wait.until(ec.presence_of_element_located(_css("#partner-referrals")))
    assert LAB_TITLE in section.text
    _shot(browser, screenshots, "6-referred", "#partner-referrals")
    return referral


def _download_and_sign_the_patto(browser, live_server, case, person, screenshots, tmp_path):
    import requests
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    browser.get(live_server.url + reverse("plan_detail", args=[case.pk]))
    link = wait.until(ec.presence_of_element_located(_css("#patto-links a[href*='lang=it']")))
    # the download, fetched with the browser's own session
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    response = requests.get(link.get_attribute("href"), cookies=cookies, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Patto di servizio personalizzato" in text
    assert person.full_name in text
    assert LAB_GOAL in text and ITALIAN_GOAL in text
    assert LAB_TITLE in text
    assert "Firma" in text  # the signature blocks
    pdf = tmp_path / "patto.pdf"
    pdf.write_bytes(response.content)
    (screenshots / "plan-network-patto.pdf").write_bytes(response.content)  # for people to look at

    # signed with the person, scanned and uploaded back: the revision is frozen and in force
    upload = browser.find_element(*_css("#sign input[type=file]"))
    upload.send_keys(str(pdf))
    _shot(browser, screenshots, "7-sign", "#sign")
    _click(browser, browser.find_element(*_css("#sign button[type=submit]")))
    wait.until(ec.presence_of_element_located(_css("#frozen")))
    _shot(browser, screenshots, "8-signed")
    revision = PlanRevision.objects.get(plan__case=case)
    assert revision.status == RevisionStatus.SIGNED and revision.signed_document
    case.refresh_from_db()
    assert case.state == "planned"
    return response.content


def _partner_accepts(browser, live_server, actors, referral, person, lab, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    _switch_user(browser, live_server, "partner_operator")
    inbox = browser.find_element(*_css(f"#main-nav a[href='{reverse('partner_inbox')}']"))
    _click(browser, inbox)
    rows = wait.until(ec.presence_of_all_elements_located(_css("#inbox tbody tr")))
    _shot(browser, screenshots, "9-inbox")
    assert len(rows) == 1
    assert person.full_name in rows[0].text and LAB_TITLE in rows[0].text and referral.code in rows[0].text
    page = browser.page_source
    assert person.codice_fiscale not in page and person.address not in page

    _click(browser, rows[0].find_element(*_css("a")))
    wait.until(ec.presence_of_element_located(_css("#to-accepted")))
    shared = browser.find_element(*_css("#shared")).text
    assert person.phone in shared and person.email in shared and REFERRAL_REASON in shared
    page = browser.page_source
    for private in (person.codice_fiscale, person.address, person.birth_date.strftime("%d/%m/%Y"),
                    person.birth_date.isoformat()):
        assert private not in page
    # the state wears the inbox's colours: waiting for an answer, then taken on
    assert "bg-warning" in browser.find_element(*_css("#referral-state")).get_attribute("class")
    _shot(browser, screenshots, "10-referral")
    def free_seats():
        return seats_left(service_get(actor=actors["partner_operator"], service_id=lab.pk))

    seats_before = free_seats()
    _click(browser, browser.find_element(*_css("#to-accepted")))
    wait.until(ec.text_to_be_present_in_element(_css("#referral-state"), _italian(ReferralState.ACCEPTED.label)))
    _shot(browser, screenshots, "11-accepted")
    assert "bg-primary" in browser.find_element(*_css("#referral-state")).get_attribute("class")
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.answered_at is not None
    assert free_seats() == seats_before - 1
    assert not browser.find_elements(*_css("#to-accepted"))
    assert browser.find_elements(*_css("#to-started"))  # the next step is reporting the start


def _overdue_task_in_my_tasks_and_digest(browser, live_server, case, personas, screenshots):
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    signed = PlanRevision.objects.get(plan__case=case, status=RevisionStatus.SIGNED)
    lab_action = signed.actions.get(suggestion="p4-soft-skills-lab")
    day = lab_action.ends_on + timedelta(days=1)  # the lab should be over, and nobody said so

    out = io.StringIO()
    call_command("alerts", "scan", "--at", day.isoformat(), stdout=out)
    assert f"alert scan for {day.isoformat()}" in out.getvalue()
    task = Task.objects.get(case=case, rule__code=RuleCode.ACTION_OVERDUE, status=TaskStatus.OPEN)
    assert task.owner_id == personas["case_manager"].pk and task.detail["action"] == lab_action.pk
    call_command("alerts", "scan", "--at", day.isoformat(), stdout=io.StringIO())  # idempotent
    assert Task.objects.filter(case=case, rule__code=RuleCode.ACTION_OVERDUE).count() == 1

    # the case manager's "My tasks", and the count in the navigation
    _switch_user(browser, live_server, "case_manager")
    open_tasks = Task.objects.filter(owner=personas["case_manager"], status=TaskStatus.OPEN).count()
    badge = wait.until(ec.presence_of_element_located(_css("#nav-task-count")))
    assert badge.text.split()[0] == str(open_tasks)
    _click(browser, browser.find_element(*_css(f"#main-nav a[href='{reverse('task_list')}']")))
    item = wait.until(ec.presence_of_element_located(_css(f"#task-{task.pk}")))
    _shot(browser, screenshots, "12-my-tasks")
    _shot(browser, screenshots, "13-overdue-task", f"#task-{task.pk}")
    assert case.code in item.text and _italian(RuleCode.ACTION_OVERDUE.label) in item.text
    with translation.override("it"):
        assert date_format(lab_action.ends_on, "SHORT_DATE_FORMAT") in item.text  # "… past its end date (…)"

    # the daily digest of that day, in the case manager's language (Italian)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("alerts", "digest", "--at", day.isoformat(), "--base-url", live_server.url, stdout=out)
    digests = [m for m in mail.outbox if personas["case_manager"].email in m.to]
    assert len(digests) == 1, out.getvalue()
    body = digests[0].body
    (screenshots / "plan-network-digest.txt").write_text(f"{digests[0].subject}\n\n{body}", encoding="utf-8")
    with translation.override("it"):
        long_day = date_format(day, "DATE_FORMAT")
    assert long_day in body  # "… dicembre 2026": the Italian month, whatever the catalogue holds
    assert long_day.split()[1].lower() in (
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split())
    assert f"{case.code} · {_italian(RuleCode.ACTION_OVERDUE.label)}" in body
    assert live_server.url + reverse("task_list") in body
    assert case.person.last_name not in body and case.person.last_name not in digests[0].subject
    call_command("alerts", "digest", "--at", day.isoformat(), stdout=io.StringIO())  # once a day
    assert len([m for m in mail.outbox if personas["case_manager"].email in m.to]) == 1
