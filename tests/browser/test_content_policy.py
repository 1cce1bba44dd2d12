"""The content policy holds (issue 13, item 2): member pages and the admin's main screens, walked in
Chromium as a member, a secretary and the superuser, log no Content-Security-Policy violation and
every response carries its policy."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse

from members.demo import DEMO_PASSWORD
from members.demo_meetings import UPCOMING_SLUG
from site_pages.models import MeetingPage, OfficialDocumentPage
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


def walk(browser, live_server, username, paths):
    """Log in, open each path, and return the policy violations the console reported."""
    # No service worker: its background pack requests would race the walk on the test server's
    # shared in-memory SQLite (tests/browser/test_offline.py tries the worker itself).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")
    context.close()
    return violations


@pytest.mark.parametrize("username", ["member.haininh", "secretary.haininh", "admin"])
def test_no_page_breaks_its_content_policy(live_server, browser, username):
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
    paths = member_pages if username == "member.haininh" else member_pages[:1] + admin_pages
    assert walk(browser, live_server, username, paths) == []
