"""Light and readable on a 360 px phone (issue 11, item 6), measured by the browser: page weight, tap targets,
text sizes, the next meeting first on /me/, and the confirmation of a sent opinion where the eye is."""

from io import StringIO

from django.core.management import call_command

from tests.browser.conftest import BROWSER_TEST, phone_login

pytestmark = BROWSER_TEST

# Navigation links, controls and buttons (links inside running text are exempt).
TARGETS = ".site-header a, .site-header button, .breadcrumbs a, .meeting > p > a, .unit-chain a, main button"
SMALL_TEXT = ".meta, small, time, .eyebrow, .breadcrumbs li"
TOO_SMALL = """selector => [...document.querySelectorAll(selector)]
    .filter(element => element.offsetParent !== null)
    .map(element => [element.textContent.trim().slice(0, 30), element.getBoundingClientRect()])
    .filter(([_text, box]) => box.height < 44 || box.width < 44)
    .map(([text, box]) => `${text}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""
FONT_SIZES = """selector => [...document.querySelectorAll(selector)]
    .filter(element => element.offsetParent !== null)
    .map(element => parseFloat(getComputedStyle(element).fontSize))"""
TRANSFERRED = """() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
    .reduce((sum, entry) => sum + entry.transferSize, 0)"""


class TestOnAPhone:
    def test_weight_targets_text_order_and_confirmation(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_login(browser, live_server, "member.haininh")

        # Weight: a first load of /me/ (no cache) and a later one, compressed, everything included.
        fresh = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block", bypass_csp=True)
        fresh.add_cookies(page.context.cookies())
        weighed = fresh.new_page()
        weighed.goto(f"{live_server.url}/me/", wait_until="networkidle")
        first = weighed.evaluate(TRANSFERRED)
        weighed.goto(f"{live_server.url}/me/", wait_until="networkidle")
        later = weighed.evaluate(TRANSFERRED)
        fresh.close()
        print(f"/me/ transferred: first load {first} bytes, later visit {later} bytes")
        assert first <= 30 * 1024 and later <= 10 * 1024

        page.goto(f"{live_server.url}/me/")
        assert page.evaluate(TOO_SMALL, TARGETS) == []
        assert min(page.evaluate(FONT_SIZES, "body, main p, main li")) >= 16
        assert min(page.evaluate(FONT_SIZES, SMALL_TEXT)) >= 14
        assert page.evaluate(
            "document.querySelector('#next-meeting').compareDocumentPosition("
            "document.querySelector('#notices') || document.body.lastElementChild) & Node.DOCUMENT_POSITION_FOLLOWING"
        )

        page.locator("#next-meeting h3 a").click()
        page.wait_for_load_state()
        assert page.evaluate(TOO_SMALL, TARGETS) == []
        assert min(page.evaluate(FONT_SIZES, SMALL_TEXT)) >= 14
        page.fill("#comments form.comment-form textarea", "Tôi nhất trí với dự thảo kế hoạch.")
        page.locator("#comments form.comment-form [type=submit]").click()
        confirmation = page.locator(".confirmation")
        confirmation.wait_for()
        box = confirmation.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740
