"""In a real browser: each role sees its own navigation, and a page outside the role answers 403.

Screenshots land in var/screenshots/ for people to look at.
"""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def log_in(browser, live_server, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    login_url = live_server.url + reverse("login")
    browser.get(login_url)
    browser.find_element(By.NAME, "username").send_keys(username)
    password = browser.find_element(By.NAME, "password")
    password.send_keys(PASSWORD)
    password.submit()
    WebDriverWait(browser, 15).until(expected_conditions.url_changes(login_url))


def navigation_links(browser) -> set[str]:
    from selenium.webdriver.common.by import By

    return {link.get_attribute("pathname") for link in browser.find_elements(By.CSS_SELECTOR, "#main-nav a[href]")}


def status_of(browser, path: str) -> int:
    """The HTTP status the browser's own session gets for ``path`` (WebDriver does not expose it)."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})"
        ".then(r => done(r.status), e => done(String(e)));",
        path,
    )


def test_roles_see_different_navigation(fresh_browser, live_server, personas, screenshots):
    log_in(fresh_browser, live_server, personas["administrator"].username)
    fresh_browser.save_screenshot(str(screenshots / "administrator-home.png"))
    administrator_links = navigation_links(fresh_browser)
    fresh_browser.delete_all_cookies()

    log_in(fresh_browser, live_server, personas["social_worker"].username)
    fresh_browser.save_screenshot(str(screenshots / "social-worker-home.png"))
    social_worker_links = navigation_links(fresh_browser)

    assert reverse("audit_list") in administrator_links
    assert reverse("user_list") in administrator_links
    assert reverse("home") in social_worker_links
    assert reverse("audit_list") not in social_worker_links


def test_audit_log_is_forbidden_to_a_social_worker(fresh_browser, live_server, personas, screenshots):
    log_in(fresh_browser, live_server, personas["social_worker"].username)

    fresh_browser.get(live_server.url + reverse("audit_list"))
    fresh_browser.save_screenshot(str(screenshots / "social-worker-audit-403.png"))

    assert status_of(fresh_browser, reverse("audit_list")) == 403
    assert "403" in fresh_browser.title + fresh_browser.page_source
    assert reverse("audit_list") not in navigation_links(fresh_browser)


def test_audit_log_opens_for_an_administrator(fresh_browser, live_server, personas, screenshots):
    log_in(fresh_browser, live_server, personas["administrator"].username)

    fresh_browser.get(live_server.url + reverse("audit_list"))
    fresh_browser.save_screenshot(str(screenshots / "administrator-audit-log.png"))

    assert status_of(fresh_browser, reverse("audit_list")) == 200
    assert personas["administrator"].username in fresh_browser.page_source  # their own login, just audited
