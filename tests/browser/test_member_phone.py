"""A real Chromium on a phone-sized screen: a fisherman logs in and reads his own page."""

from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from django.core.management import call_command

from members.demo import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
CHAIN = ["Trung ương", "Tỉnh Quảng Ngãi", "Xã Bình Sơn", "Chi bộ thôn Hải Ninh"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium package is not installed (/usr/bin/chromium)"),
]


@pytest.fixture
def phone_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses DB access there otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
        yield context.new_page()
        context.close()
        browser.close()


class TestMemberOnAPhone:
    def test_fisherman_logs_in_and_sees_his_cell_and_chain_without_horizontal_scroll(self, live_server, phone_page):
        call_command("seed_demo", stdout=StringIO())
        page = phone_page

        page.goto(f"{live_server.url}/accounts/login/?next=/me/")
        page.fill("input[name=username]", "member.haininh")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("form [type=submit]").first.click()
        page.wait_for_url(f"{live_server.url}/me/")

        assert page.locator(".cell-name", has_text=CHAIN[-1]).is_visible()
        chain_links = page.locator(".unit-chain a")
        assert chain_links.all_inner_texts() == CHAIN
        for link in chain_links.all():
            assert link.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
