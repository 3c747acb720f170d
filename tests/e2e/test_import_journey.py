"""In a real browser, the imports part of issue 6's "done when": the company officer imports the three demo partner
spreadsheets one after another (upload, column matching, check report, import), resolves the review queue, and
opens a merged company whose fields show their provenance from more than one partner file."""

import re

import pytest
from django.urls import reverse

from florwork.demo.imports import CNA, CONFARTIGIANATO, PARTNER_XLSX, SOURCES, demo_import_files_write
from florwork.employers.import_models import ImportFile, ImportStatus, PairStatus, ReviewPair
from florwork.employers.models import FieldClaim
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.e2e

COUNT = 40  # demo companies in the registry (the demo loads 300; fewer keep the journey short)


@pytest.fixture
def registry(transactional_db, personas):
    """The comuni of Florence, the thresholds row (a transactional test before may have flushed the migration's
    rows) and the demo companies the spreadsheets were made from."""
    from decimal import Decimal

    from django.utils import timezone

    from florwork.accounts.policy import SYSTEM
    from florwork.demo.companies import demo_companies_load
    from florwork.employers.import_models import LinkageSettings
    from florwork.territory.services import comuni_load
    from florwork.territory.sources import read_comuni

    comuni_load(by=SYSTEM, records=[r for r in read_comuni() if r.province_code == "FI"])
    LinkageSettings.objects.all().delete()
    LinkageSettings.objects.create(merge_threshold=Decimal("0.99"), review_threshold=Decimal("0.5"),
                                   updated_at=timezone.now())
    return demo_companies_load(seed=1, count=COUNT)


def _css(selector):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _wait(browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # an element read while HTMX or a redirect replaces it is stale: read it again on the next poll
    return WebDriverWait(browser, 60, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _click(browser, element):
    """Scrolled to the middle of the window first (the sticky header would take a click at the edges)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def _shot(browser, screenshots, name):
    browser.save_screenshot(str(screenshots / f"imports-{name}.png"))


def _import(browser, live_server, path, screenshots, step):
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(live_server.url + reverse("import_list"))
    browser.find_element(*_css("#id_source")).send_keys(SOURCES[path.name])
    browser.find_element(*_css("#id_file")).send_keys(str(path))
    _click(browser, browser.find_element(*_css("form.fw-form button[type=submit]")))
    _wait(browser).until(ec.url_contains("/mapping/"))
    assert browser.find_element(*_css("#id_column_0")).get_attribute("value") == "name"  # suggested
    _shot(browser, screenshots, f"{step}-mapping")
    _click(browser, browser.find_element(*_css("form.fw-form button[type=submit]")))
    _wait(browser).until(ec.presence_of_element_located(_css("form[action$='/run/'] button")))
    _shot(browser, screenshots, f"{step}-report")
    assert "not imported" in browser.page_source or "non importat" in browser.page_source
    _click(browser, browser.find_element(*_css("form[action$='/run/'] button")))
    _wait(browser).until(ec.presence_of_element_located(_css("#rows")))
    _shot(browser, screenshots, f"{step}-outcome")
    file = ImportFile.objects.get(filename=path.name)
    assert file.status == ImportStatus.IMPORTED
    return file


def _resolve_the_queue(browser, live_server, screenshots) -> int:
    """Decide every pair: the same company when the names agree once spelt alike, else different ones."""
    from selenium.webdriver.support import expected_conditions as ec

    decided = 0
    for _ in range(60):
        browser.get(live_server.url + reverse("import_review"))
        pairs = browser.find_elements(*_css("section.fw-pair"))
        if not pairs:
            break
        if decided == 0:
            _shot(browser, screenshots, "4-review")
        first = pairs[0]
        assert first.find_elements(*_css("tr.fw-compare-differs"))  # the differing fields are marked
        names = [cell.text for cell in first.find_elements(*_css("tbody tr:first-child td"))]
        same = _letters(names[0])[:4] == _letters(names[1])[:4]
        _click(browser, first.find_element(*_css(f"button[value={'same' if same else 'different'}]")))
        _wait(browser).until(ec.presence_of_element_located(_css(".alert, .callout")))
        decided += 1
    assert "fw-pair" not in browser.page_source
    _shot(browser, screenshots, "5-review-done")
    return decided


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def test_the_officer_imports_three_spreadsheets_and_resolves_the_review(fresh_browser, live_server, registry,
                                                                         screenshots, tmp_path):
    browser = fresh_browser
    paths = {p.name: p for p in demo_import_files_write(directory=tmp_path, seed=1, count=COUNT)}
    log_in(browser, live_server, "company_officer")

    files = [_import(browser, live_server, paths[name], screenshots, step)
             for step, name in enumerate((CONFARTIGIANATO, CNA, PARTNER_XLSX), start=1)]
    assert ReviewPair.objects.filter(status=PairStatus.PENDING).exists()
    decided = _resolve_the_queue(browser, live_server, screenshots)

    assert decided >= 2 and not ReviewPair.objects.filter(status=PairStatus.PENDING).exists()
    merged = _company_with_two_partner_files(files)
    browser.get(live_server.url + reverse("company_detail", args=[merged]))
    _shot(browser, screenshots, "6-company")
    registry_text = browser.find_element(*_css("#registry")).get_attribute("textContent")
    named = {f.filename for f in files if f.filename in registry_text}
    assert len(named) >= 2, named  # provenance per field from more than one partner file


def _company_with_two_partner_files(files) -> int:
    by_company: dict[int, set[int]] = {}
    prefixes = {f"import:{f.filename}#{f.pk}/": f.pk for f in files}
    for company_id, source in FieldClaim.objects.filter(source__contains="#").values_list("company_id", "source"):
        for prefix, file_id in prefixes.items():
            if source.startswith(prefix):
                by_company.setdefault(company_id, set()).add(file_id)
    merged = [company for company, found in by_company.items() if len(found) >= 2]
    assert merged, "no company has claims from two partner files"
    return merged[0]
