"""WCAG 2.2 AA on the member pages, checked with axe-core in Chromium on a 360 px phone (issue 11, item 6).

axe-core comes from the npm registry (`make test` installs it into .cache/, see the Makefile), never
from a CDN: the page under test loads nothing from another host.
"""

from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command

from site_pages.models import MeetingPage, OfficialDocumentPage
from tests.browser.conftest import BROWSER_TEST, phone_login

AXE = Path(__file__).resolve().parents[2] / ".cache/axe-core/node_modules/axe-core/axe.min.js"

pytestmark = [
    *BROWSER_TEST,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: `make test` installs it with npm"),
]

RUN_AXE = """async () => {
    const results = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']});
    return results.violations
      .filter(violation => ['serious', 'critical'].includes(violation.impact))
      .map(v => `${v.id} (${v.impact}): ${v.nodes.map(node => node.target).join(', ')}`);
}"""


def violations(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


class TestMemberPagesPassAxe:
    def test_no_serious_or_critical_violation(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_login(browser, live_server, "member.haininh")
        meeting = MeetingPage.objects.live().filter(owning_unit__title="Chi bộ thôn Hải Ninh").first()
        document = OfficialDocumentPage.objects.live().first()
        found = {}
        for url in ("/me/", meeting.url, document.url, "/search/?q=nghi+quyet", "/me/notifications/"):
            found[url] = violations(page, f"{live_server.url}{url}")
        assert found == {url: [] for url in found}
