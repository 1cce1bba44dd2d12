"""What every real-browser test shares: Debian's Chromium, a 360 px phone, logging in on it, and a live
server that answers one request at a time."""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections

from members.demo import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach the closed internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
# serialized_rollback: the live server needs committed data, and the next test the migrated root page back.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium package is not installed (/usr/bin/chromium)"),
]


class OneRequestAtATime(ThreadedWSGIServer):
    """On SQLite the live server's requests share the test's one in-memory connection. Two at once (a
    page sending an opinion while the worker reports reads, say) interleave their statements on it, and
    SQLite then refuses to release a savepoint: "SQL statements in progress". The turn is taken per
    request, not per connection: a connection the browser keeps alive would hold it between requests."""

    turn = threading.Lock()

    def set_app(self, application):
        def one_request_at_a_time(environ, start_response):
            with self.turn:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]  # the whole answer, and its closing, within the turn
                finally:
                    response.close()

        super().set_app(one_request_at_a_time)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address rules), answering one request at a time."""
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    server.thread.server_class = OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses DB access there otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps the test's connections apart from those it has
        # outside it (asgiref's Local): closed here, or PostgreSQL's test database could not be dropped.
        connections.close_all()


def phone_page(browser, live_server=None, language=None, service_workers="block"):
    """A phone's page; with `language`, the site's language switch already set to it (the test
    settings default to English so that most assertions read plainly)."""
    # The tests' own probes (wait_for_function's expressions, axe-core) are scripts the content
    # policy rightly refuses; tests/browser/test_content_policy.py checks the policy without this.
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        bypass_csp=True,
        service_workers=service_workers,
    )
    if language:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return context.new_page()


def phone_login(browser, live_server, username, language=None, service_workers="block"):
    """Logged in on a phone. The service worker only for tests of the offline app (`"allow"`): its
    background requests race other requests and the test's own writes on the test server's
    shared in-memory SQLite ("database table is locked")."""
    page = phone_page(browser, live_server, language, service_workers)
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()  # the header holds the search form
    page.wait_for_url(f"{live_server.url}/me/")
    return page


def desktop_walk(browser, live_server, username, paths, watch):
    """Log in on a desktop-sized page, with `watch(page)` called first to listen, then open each of
    `paths` (each must answer 200); return the headers of each answer by path."""
    # No service worker: its background pack requests would race the walk on the test server's
    # shared in-memory SQLite (tests/browser/test_offline.py tries the worker itself).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    watch(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    headers = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        headers[path] = response.headers
        page.wait_for_load_state("networkidle")
    context.close()
    return headers
