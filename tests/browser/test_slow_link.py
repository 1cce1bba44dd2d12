"""On a slow link (Chrome's "Slow 3G": 400 ms round trips, 400 kbit/s), a first visit to /me/ shows the next
meeting's title and time within 3 seconds (issue 11)."""

import time
from io import StringIO

from django.core.management import call_command

from tests.browser.conftest import BROWSER_TEST, PHONE, phone_login

pytestmark = BROWSER_TEST

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


class TestSlowLink:
    def test_next_meeting_title_and_time_within_three_seconds(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        logged_in = phone_login(browser, live_server, "member.haininh")
        # A first visit: nothing cached, no worker.
        context = browser.new_context(viewport=PHONE, is_mobile=True, service_workers="block", bypass_csp=True)
        context.add_cookies(logged_in.context.cookies())
        page = context.new_page()
        network = context.new_cdp_session(page)
        network.send("Network.enable")
        network.send("Network.emulateNetworkConditions", SLOW_3G)
        started = time.monotonic()
        page.goto(f"{live_server.url}/me/", wait_until="commit")
        page.locator("#next-meeting h3").wait_for(state="visible", timeout=3000)
        page.locator("#next-meeting time").first.wait_for(state="visible", timeout=3000)
        # Visible on screen: painted, the render-blocking stylesheet in.
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=3000)
        elapsed = time.monotonic() - started
        print(f"next meeting visible after {elapsed:.2f} s on Slow 3G")
        assert elapsed < 3
        context.close()
