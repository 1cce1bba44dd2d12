"""The secretary's moderation on a 360 px phone (issue 11, item 7): the comment queue's text is
readable, approve, reject and hide look different, and each decision says what it did."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from members.demo_meetings import UPCOMING_SLUG
from members.models import Comment, CommentStatus
from site_pages.models import MeetingPage
from tests.browser.conftest import BROWSER_TEST, phone_login

pytestmark = BROWSER_TEST


def test_the_secretary_moderates_comfortably_on_a_phone(live_server, browser):
    call_command("seed_demo", stdout=StringIO())
    meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
    pending = Comment.objects.filter(meeting=meeting, status=CommentStatus.PENDING).order_by("pk").first()
    page = phone_login(browser, live_server, "secretary.haininh")

    page.goto(f"{live_server.url}{reverse('wagtailsnippets_members_comment:list')}")
    text_width = page.evaluate("document.querySelector('table.listing tbody td.title').getBoundingClientRect().width")
    assert text_width >= 150  # words, not letters, on a line

    page.goto(f"{live_server.url}{meeting.url}#{pending.anchor}")
    comment = page.locator(f"#{pending.anchor}")
    colours = {
        decision: comment.locator(f"button.decision-{decision}").evaluate("b => getComputedStyle(b).backgroundColor")
        for decision in ("approve", "reject", "hide")
    }
    assert len(set(colours.values())) == 3, colours
    comment.locator("button.decision-approve").click()
    page.wait_for_load_state()
    confirmation = page.locator(f"#{pending.anchor} .confirmation")
    assert "Approved" in confirmation.inner_text()
    assert confirmation.is_visible()
    assert Comment.objects.get(pk=pending.pk).status == CommentStatus.APPROVED
