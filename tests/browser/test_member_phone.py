"""A real Chromium on a phone-sized screen: a fisherman logs in and reads his own page."""

from io import StringIO

from django.core.management import call_command

from members.demo import DEMO_PASSWORD
from tests.browser.conftest import BROWSER_TEST, phone_page

CHAIN = ["Trung ương", "Tỉnh Quảng Ngãi", "Xã Bình Sơn", "Chi bộ thôn Hải Ninh"]

pytestmark = BROWSER_TEST


class TestMemberOnAPhone:
    def test_fisherman_logs_in_and_sees_his_cell_and_chain_without_horizontal_scroll(self, live_server, browser):
        call_command("seed_demo", stdout=StringIO())
        page = phone_page(browser)

        page.goto(f"{live_server.url}/accounts/login/?next=/me/")
        page.fill("input[name=username]", "member.haininh")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("main form [type=submit]").first.click()  # the header holds the search form
        page.wait_for_url(f"{live_server.url}/me/")

        assert page.locator(".cell-name", has_text=CHAIN[-1]).is_visible()
        chain_links = page.locator(".unit-chain a")
        assert chain_links.all_inner_texts() == CHAIN
        for link in chain_links.all():
            assert link.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
