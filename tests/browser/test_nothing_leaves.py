"""Nothing leaves the site (issue 13, item 4): every request a browser makes on the admin's main
screens and on member pages, as the superuser and as a cell secretary, goes to the handbook itself."""

from io import StringIO

import pytest

from django.core.management import call_command

from members.demo_meetings import UPCOMING_SLUG
from site_pages.models import MeetingPage, OfficialDocumentPage
from tests.browser.conftest import BROWSER_TEST, desktop_walk

pytestmark = BROWSER_TEST

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def requests_of(browser, live_server, username, paths):
    """Every URL requested while logging in and opening each of `paths`."""
    requested = []
    desktop_walk(
        browser, live_server, username, paths, lambda page: page.on("request", lambda r: requested.append(r.url))
    )
    return requested


@pytest.mark.parametrize("username", ["admin", "secretary.haininh"])
def test_admin_screens_and_member_pages_only_call_the_site(live_server, browser, username):
    call_command("seed_demo", stdout=StringIO())
    meeting = MeetingPage.objects.get(slug=UPCOMING_SLUG)
    document = OfficialDocumentPage.objects.live().filter(owning_unit__code="TW").first()
    paths = [
        "/admin/",
        f"/admin/pages/{meeting.pk}/edit/",
        f"/admin/pages/{meeting.get_parent().pk}/",
        "/admin/reports/engagement/",
        "/admin/documents/",
        "/me/",
        meeting.url,
        document.url,
        "/search/?q=nghi+quyet",
    ]
    requested = requests_of(browser, live_server, username, paths)
    assert len(requested) > len(paths)
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith(LOCAL_SCHEMES)]
    assert outside == []
