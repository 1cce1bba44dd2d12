"""The admin's live slug fields (the page editor's and the copy form's) turn a Vietnamese title into
the address the server would give it."""

from playwright.sync_api import expect

from django.urls import reverse

from members.models import RoleKind
from search.folding import vietnamese_slug
from tests.browser.conftest import BROWSER_TEST
from tests.factories import PASSWORD, build_tree, make_news, make_person

pytestmark = BROWSER_TEST

TITLE = "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng"


def signed_in_editor(live_server, browser):
    units = build_tree([("TW", "Trung ương", [("P1", "Tỉnh Một", [("W1", "Phường Một", [])])])])
    make_person(None, kind=RoleKind.EDITOR, unit=units["W1"], username="editor.slug")
    page = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block").new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor.slug")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, units["W1"]


def test_typing_a_vietnamese_title_fills_the_folded_slug(live_server, browser):
    page, ward = signed_in_editor(live_server, browser)
    add_url = reverse("wagtailadmin_pages:add", args=["site_pages", "officialdocumentpage", ward.pk])
    page.goto(f"{live_server.url}{add_url}")

    # Typed as an editor types: the title field syncs the slug on its key presses and on blur.
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_title").blur()

    expect(page.locator("input[name=slug]")).to_have_value("nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang")
    assert page.locator("input[name=slug]").input_value() == vietnamese_slug(TITLE)


def test_a_copys_new_title_fills_its_folded_slug(live_server, browser):
    page, ward = signed_in_editor(live_server, browser)
    news = make_news(ward)  # its slug is its title's ("Tin 3", tin-3): the copy's slug follows the title
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:copy', args=[news.pk])}")

    page.locator("#id_new_title").fill("")
    page.locator("#id_new_title").press_sequentially(TITLE)
    page.locator("#id_new_title").blur()

    expect(page.locator("#id_new_slug")).to_have_value(vietnamese_slug(TITLE))
