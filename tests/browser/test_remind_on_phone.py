"""A real Chromium on a 360 px phone: the Hải Ninh secretary sees who has read the coming meeting's
documents, reminds those who have not, and a reminded member finds the notice on their own page,
all in Vietnamese as they would."""

from io import StringIO

from django.core.management import call_command

from members.demo import DEMO_PASSWORD
from members.demo_meetings import UPCOMING_SLUG
from members.models import Notification, NotificationKind
from members.reach import not_reached
from site_pages.models import MeetingPage
from tests.browser.conftest import BROWSER_TEST, phone_login

pytestmark = BROWSER_TEST


class TestRemindOnAPhone:
    def test_the_secretary_reminds_and_the_member_sees_the_notice(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
        missing = not_reached(meeting).select_related("user").order_by("full_name").first()
        missing.user.set_password(DEMO_PASSWORD)
        missing.user.save()

        secretary = phone_login(browser, live_server, "secretary.haininh", language="vi")
        secretary.goto(f"{live_server.url}{meeting.url}#reach")
        reach = secretary.locator("#reach")
        assert "Đã đọc 24/34" in reach.inner_text()
        assert missing.full_name in reach.inner_text()
        assert secretary.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        reach.locator("button.remind").click()
        secretary.wait_for_load_state()
        assert Notification.objects.filter(person=missing, kind=NotificationKind.REMINDER).count() == 1

        member = phone_login(browser, live_server, missing.user.username, language="vi")
        assert f"Hãy đọc tài liệu của {meeting.title}" in member.locator("body").inner_text()
