"""A real Chromium on a phone: a member comments on the next meeting, the secretary approves it
from the meeting page, and another member of the cell then reads it."""

from io import StringIO

from django.core.management import call_command

from members.demo import DEMO_PASSWORD
from members.demo_meetings import UPCOMING_SLUG, seed_meetings_demo
from members.models import Comment, CommentStatus, Person
from site_pages.models import MeetingPage
from tests.browser.conftest import BROWSER_TEST, phone_login

pytestmark = BROWSER_TEST

COMMENT = "Đề nghị <b>chi bộ</b> bố trí họp trước giờ ra khơi"


def second_member_login():
    """A member of the cell without a demo login gets one for this test."""
    person = Person.objects.filter(full_name="Lê Văn Sóng").select_related("user").get()
    person.user.set_password(DEMO_PASSWORD)
    person.user.save()
    return person.user.username


class TestMeetingCommentOnAPhone:
    def test_comment_is_sent_approved_and_seen_by_another_member(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        seed_meetings_demo()
        meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)

        member = phone_login(browser, live_server, "member.haininh", service_workers="allow")
        member.locator("#next-meeting h3 a").click()
        member.wait_for_url(f"{live_server.url}{meeting.url}")
        member.fill("#comments .comment-form textarea[name=body]", COMMENT)
        member.locator("#comments .comment-form [type=submit]").click()
        # Sent by the page's queue (static/js/app.js), which then opens the comment on its page.
        member.wait_for_function("location.hash.startsWith('#comment-')")
        member.wait_for_load_state()
        comment = Comment.objects.get(body=COMMENT)
        card = member.locator(f"#comment-{comment.pk}")
        card.wait_for()
        assert COMMENT in card.inner_text()
        assert card.evaluate("node => node.classList.contains('comment-pending')")
        assert member.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Done with the member's phone: its worker's background requests would race this test's own
        # writes on the test server's shared in-memory SQLite ("database table is locked").
        member.context.close()

        secretary = phone_login(browser, live_server, "secretary.haininh")
        secretary.goto(f"{live_server.url}{meeting.url}#comment-{comment.pk}")
        secretary.locator(f"#comment-{comment.pk} button[value=approve]").click()
        secretary.wait_for_load_state()
        assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED

        other = phone_login(browser, live_server, second_member_login())
        other.goto(f"{live_server.url}{meeting.url}")
        assert COMMENT in other.locator(f"#comment-{comment.pk}").inner_text()
