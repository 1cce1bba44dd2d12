"""At sea on a 360 px phone (issue 11): the worker fills the pack while online; with the link really gone
(the server stopped and the context offline, since Playwright's switch alone does not cover the worker's
own requests) the member's page, the next meeting and its file open from the phone with the banner;
/admin/ is never kept; the pages opened at sea are reported when the link returns; logging out leaves
nothing to open."""

import re
import threading
from io import StringIO

import pytest
from playwright.sync_api import Error as PlaywrightError

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from members.models import Comment, Person, ReadingRecord
from site_pages.models import MeetingPage
from tests.browser.conftest import BROWSER_TEST, OneRequestAtATime, phone_login

pytestmark = BROWSER_TEST

BANNER = re.compile(r"Đang ngoại tuyến — bản lưu lúc \d\d:\d\d \d\d/\d\d")
PACK_READY = "document.documentElement.dataset.offlinePack === 'ready'"


class OneRequestPerConnection(QuietWSGIRequestHandler):
    """No keep-alive: a connection the browser keeps open would outlive the stopped server."""

    def handle_one_request(self):
        super().handle_one_request()
        self.close_connection = True


class ReusableAddressThread(LiveServerThread):
    """Django's live server thread, allowed to bind again the port it just left (Django's refuses)."""

    server_class = OneRequestAtATime

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            OneRequestPerConnection,
            allow_reuse_address=True,
            connections_override=connections_override,
        )


class StoppableServer:
    """A live server of this test's own, so that the link can really go and come back on the same
    origin (the worker belongs to the origin, port included)."""

    def __init__(self, port=0):
        self.shared = {
            conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        self.thread = ReusableAddressThread(
            "127.0.0.1", static_handler=StaticFilesHandler, connections_override=self.shared, port=port
        )
        self.thread.daemon = True
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error

    @property
    def url(self):
        return f"http://127.0.0.1:{self.thread.port}"

    def stop(self):
        if self.thread.is_alive():
            self.thread.terminate()
            # Requests still being answered (the worker's own) close the shared connection when they end:
            # they must end before the connection stops being shared across threads.
            for thread in threading.enumerate():
                if thread.name.endswith("(process_request_thread)"):
                    thread.join(timeout=10)
            for conn in self.shared.values():
                conn.dec_thread_sharing()

    def restart(self):
        self.stop()
        return StoppableServer(self.thread.port)


@pytest.fixture
def server():
    running = StoppableServer()
    yield running
    running.stop()


def cached_urls(page):
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )


def go_offline(page, server):
    server.stop()
    page.context.set_offline(True)


class TestAtSea:
    def test_pack_opens_offline_with_the_banner_and_reads_are_reported_later(self, server, browser):
        call_command("seed_demo", stdout=StringIO())
        member = Person.objects.get(user__username="member.haininh")
        records_before = ReadingRecord.objects.filter(person=member).count()
        page = phone_login(browser, server, "member.haininh", service_workers="allow")
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "url": server.url}])
        page.reload()
        page.wait_for_function(PACK_READY, timeout=30_000)
        meeting_url = page.locator("#next-meeting h3 a").get_attribute("href")
        file_url = page.locator("#next-meeting .attachments a").first.get_attribute("href")
        meeting = MeetingPage.objects.get(url_path__endswith=meeting_url.rstrip("/").split("/")[-1] + "/")
        # Filling the pack read nothing: the worker's requests carry the background marker.
        assert ReadingRecord.objects.filter(person=member).count() == records_before
        urls = cached_urls(page)
        assert f"{server.url}{meeting_url}" in urls and f"{server.url}{file_url}" in urls
        assert not [url for url in urls if "/admin" in url]
        assert page.locator("#offline-storage").is_visible()

        go_offline(page, server)
        page.goto(f"{server.url}/me/")
        assert BANNER.fullmatch(page.locator("[data-offline-banner]").inner_text())
        assert page.locator("#next-meeting h3").inner_text() == meeting.title
        page.goto(f"{server.url}{meeting_url}")
        assert BANNER.fullmatch(page.locator("[data-offline-banner]").inner_text())
        assert page.locator(".agenda li").count() > 0
        assert page.locator("#documents .attachments a").count() > 0
        answer = page.evaluate(f"fetch('{file_url}').then(r => [r.status, r.headers.get('Content-Type')])")
        assert answer[0] == 200 and answer[1] != "text/html; charset=utf-8"
        page.goto(f"{server.url}/search/?q=nghi")  # not in the pack: the offline page
        assert page.locator("h1").inner_text() == "Không có kết nối mạng"
        with pytest.raises(PlaywrightError):
            page.goto(f"{server.url}/admin/")

        # The link returns: the meeting page opened at sea is reported and recorded once.
        server = server.restart()
        try:
            page.context.set_offline(False)
            page.goto(f"{server.url}/me/")
            page.wait_for_function("document.documentElement.dataset.offlinePack !== undefined", timeout=30_000)
            page.wait_for_timeout(500)
            assert ReadingRecord.objects.filter(person=member, page=meeting).count() == 1
        finally:
            server.stop()

    def test_after_logout_nothing_of_the_member_opens(self, server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_login(browser, server, "member.haininh", service_workers="allow")
        page.wait_for_function(PACK_READY, timeout=30_000)
        page.locator("form[data-logout] button").click()
        page.wait_for_load_state()
        page.wait_for_function("caches.keys().then(names => names.length === 0)", timeout=10_000)
        go_offline(page, server)
        for url in ("/me/", "/offline/"):
            with pytest.raises(PlaywrightError):
                page.goto(f"{server.url}{url}")


class TestOpinionWrittenAtSea:
    def test_arrives_exactly_once_when_the_link_returns(self, server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_login(browser, server, "member.haininh", service_workers="allow")
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "url": server.url}])
        page.reload()
        page.wait_for_function(PACK_READY, timeout=30_000)
        meeting_url = page.locator("#next-meeting h3 a").get_attribute("href")
        meeting = MeetingPage.objects.get(url_path__endswith=meeting_url.rstrip("/").split("/")[-1] + "/")
        opinion = "Đề nghị chi bộ bàn thêm về lịch đi biển tháng tới."

        go_offline(page, server)
        page.goto(f"{server.url}{meeting_url}")
        page.fill("#comments form.comment-form textarea", opinion)
        page.locator("#comments form.comment-form [type=submit]").click()
        assert page.locator(".comment-waiting .tag").inner_text() == "Chờ gửi"
        # Closed and opened again, still with no link: the opinion is still on the phone.
        context = page.context
        page.close()
        page = context.new_page()
        page.goto(f"{server.url}{meeting_url}")
        assert page.locator(".comment-waiting .comment-body").inner_text() == opinion

        server = server.restart()
        try:
            context.set_offline(False)  # the page hears "online" and sends what waits
            page.wait_for_selector(f".comment-pending:has-text('{opinion}')", timeout=30_000)
            mine = page.locator(".comment-pending", has_text=opinion)
            assert mine.locator(".tag").inner_text() == "Chờ duyệt"
            assert not page.locator(".comment-waiting").count()
            page.reload()
            assert Comment.objects.filter(meeting=meeting, body=opinion).count() == 1
        finally:
            server.stop()

    def test_background_sync_sends_it_with_no_page_open(self, server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_login(browser, server, "member.haininh", service_workers="allow")
        page.wait_for_function(PACK_READY, timeout=30_000)
        meeting_url = page.locator("#next-meeting h3 a").get_attribute("href")
        meeting = MeetingPage.objects.get(url_path__endswith=meeting_url.rstrip("/").split("/")[-1] + "/")
        opinion = "Tàu về muộn, xin góp ý qua điện thoại."
        cdp = page.context.new_cdp_session(page)
        registrations = []
        cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
        cdp.send("ServiceWorker.enable")

        go_offline(page, server)
        page.goto(f"{server.url}{meeting_url}")
        page.fill("#comments form.comment-form textarea", opinion)
        page.locator("#comments form.comment-form [type=submit]").click()
        page.wait_for_selector(".comment-waiting")
        tags = page.evaluate("navigator.serviceWorker.ready.then(registration => registration.sync.getTags())")
        assert tags == ["send-opinions"]
        page.goto("about:blank")  # no page of the handbook open: only the worker can send it

        server = server.restart()
        try:
            page.context.set_offline(False)
            # What the browser does when the link returns, asked for now as DevTools' "Sync" button does.
            registration = next(found for found in registrations if found["scopeURL"].startswith(server.url))
            cdp.send(
                "ServiceWorker.dispatchSyncEvent",
                {
                    "origin": server.url,
                    "registrationId": registration["registrationId"],
                    "tag": "send-opinions",
                    "lastChance": False,
                },
            )
            for _ in range(100):
                if Comment.objects.filter(meeting=meeting, body=opinion).exists():
                    break
                page.wait_for_timeout(200)
            page.wait_for_timeout(500)  # a second send, if any, would have landed by now
            assert Comment.objects.filter(meeting=meeting, body=opinion).count() == 1
        finally:
            server.stop()
