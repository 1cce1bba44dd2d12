"""The content policy holds and nothing leaves the site (issue 13, items 2 and 4): member pages and the
admin's main screens, walked in Chromium as a member, a secretary and the superuser, log no
Content-Security-Policy violation, every response carries its policy, and every request the browser
makes goes to the handbook itself. One walk per person serves both checks: each walk seeds the demo
and drives a browser through some twenty screens, which is most of this suite's browser time."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse

from members.demo_meetings import UPCOMING_SLUG
from site_pages.models import MeetingPage, OfficialDocumentPage
from tests.browser.conftest import BROWSER_TEST, desktop_walk

pytestmark = BROWSER_TEST

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def walk(browser, live_server, username, paths):
    """The policy violations the console reported and every URL requested, logging in and opening
    each of `paths`; every answer must carry the policy."""
    violations, requested = [], []

    def watch(page):
        def on_console(message):
            if "Content Security Policy" in message.text:
                violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("request", lambda request: requested.append(request.url))

    headers = desktop_walk(browser, live_server, username, paths, watch)
    assert [path for path, answer in headers.items() if "content-security-policy" not in answer] == []
    return violations, requested


@pytest.mark.parametrize("username", ["member.haininh", "secretary.haininh", "admin"])
def test_no_page_breaks_its_content_policy_or_calls_another_host(live_server, browser, username):
    call_command("seed_demo", stdout=StringIO())
    meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
    document = OfficialDocumentPage.objects.live().filter(owning_unit__code="TW").first()
    member_pages = [
        "/me/",
        "/me/notifications/",
        "/me/questions/",
        meeting.url,
        document.url,
        "/search/?q=nghi+quyet",
        "/offline/",
    ]
    admin_pages = [
        "/admin/",
        f"/admin/pages/{meeting.get_parent().pk}/",
        f"/admin/pages/{meeting.pk}/edit/",
        f"/admin/pages/{meeting.pk}/history/",
        "/admin/reports/engagement/",
        "/admin/documents/",
        "/admin/images/",
        reverse("wagtailsnippets_members_comment:list"),
    ]
    if username == "admin":
        admin_pages += [
            f"/admin/pages/{document.pk}/edit/",
            reverse("wagtailsnippets_members_person:list"),
            reverse("wagtailsnippets_members_question:list"),
        ]
    paths = member_pages if username == "member.haininh" else member_pages + admin_pages

    violations, requested = walk(browser, live_server, username, paths)

    assert violations == []
    assert len(requested) > len(paths)
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith(LOCAL_SCHEMES)]
    assert outside == []
