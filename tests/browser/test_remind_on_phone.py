"""A real Chromium on a 360 px phone: the Hải Ninh secretary sees who has read the coming meeting's
documents, reminds those who have not, and a reminded member finds the notice on their own page."""

from io import StringIO

import pytest
from playwright.sync_api import sync_playwright

from django.core.management import call_command

from members.demo import DEMO_PASSWORD
from members.demo_meetings import UPCOMING_SLUG
from members.models import Notification, NotificationKind
from members.reach import not_reached
from site_pages.models import MeetingPage
from tests.browser.test_meeting_comment import phone_login
from tests.browser.test_member_phone import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium package is not installed (/usr/bin/chromium)"),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses DB access there otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class TestRemindOnAPhone:
    def test_the_secretary_reminds_and_the_member_sees_the_notice(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
        missing = not_reached(meeting).select_related("user").order_by("full_name").first()
        missing.user.set_password(DEMO_PASSWORD)
        missing.user.save()

        secretary = phone_login(browser, live_server, "secretary.haininh")
        secretary.goto(f"{live_server.url}{meeting.url}#reach")
        reach = secretary.locator("#reach")
        # The test settings speak English: "Read N/M" is "Đã đọc N/M" in Vietnamese.
        assert "Read 24/34" in reach.inner_text()
        assert missing.full_name in reach.inner_text()
        assert secretary.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        reach.locator("button.remind").click()
        secretary.wait_for_load_state()
        assert Notification.objects.filter(person=missing, kind=NotificationKind.REMINDER).count() == 1

        member = phone_login(browser, live_server, missing.user.username)
        assert f"Read the documents of {meeting.title}" in member.locator("body").inner_text()
