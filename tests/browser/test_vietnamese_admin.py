"""What JavaScript draws in the admin is Vietnamese too (issue 14, part 6).

The page editor of every page type, editing and adding, as the staff member whose unit holds it,
and every chooser it opens, read in a real browser after its scripts ran (the DOM, hidden parts
included: menus and dialogs open later). tests/cms/test_vietnamese_everywhere.py reads the
server's HTML; both use tests/english_ui.py.
"""

from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse

from members.demo import DEMO_PASSWORD
from site_pages.models import HandbookPage, UnitPage
from tests.browser.conftest import BROWSER_TEST
from tests.english_ui import english_in_html, report

pytestmark = [*BROWSER_TEST, pytest.mark.every_database]

# Whose unit each walk starts from: a cell's secretary, a ward's editor, a province's chief editor.
STAFF_UNITS = {
    "secretary.haininh": "Chi bộ thôn Hải Ninh",
    "editor.nghialo": "Phường Nghĩa Lộ",
    "chief.quangngai": "Tỉnh Quảng Ngãi",
}
# The date picker's range button, which Wagtail's date fields never show (jQuery datetimepicker's
# own English, drawn hidden).
NEVER_SHOWN = ".xdsoft_save_selected"
ADD_INLINE_FORM = "[id$='-ADD']"
CHOOSER_BUTTON = "[data-chooser-action-choose]:visible"
OPEN_CHOOSER = ".modal.in"


def editor_paths(unit):
    """The editor of each page type the unit may add (adding) and of one page of each type in its
    subtree (editing)."""
    paths = [
        reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, unit.pk))
        for model in unit.specific_class.allowed_subpage_models()
    ]
    editable = HandbookPage.objects.descendant_of(unit, inclusive=True).order_by("content_type", "path")
    first_of_each_type = {}
    for page_id, content_type in editable.values_list("pk", "content_type"):
        first_of_each_type.setdefault(content_type, page_id)
    return paths + [reverse("wagtailadmin_pages:edit", args=(page_id,)) for page_id in first_of_each_type.values()]


def english_drawn(page):
    page.evaluate(f"document.querySelectorAll({NEVER_SHOWN!r}).forEach(element => element.remove())")
    return english_in_html(page.content())


def read_choosers(page, opened):
    """{chooser: English strings} of each chooser the editor offers on any of its tabs (a new inline
    form added where the chooser only shows in one), opened and read; `opened` holds the labels
    already read, so that each is read once."""
    found = {}
    tabs = page.locator("[role=tab]")
    for number in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(number).click()
        add_buttons = page.locator(ADD_INLINE_FORM)
        for add in range(add_buttons.count()):
            if add_buttons.nth(add).is_visible():
                add_buttons.nth(add).evaluate("button => button.click()")  # under a sticky panel at times
        buttons = page.locator(CHOOSER_BUTTON)
        for button in (buttons.nth(index) for index in range(buttons.count())):
            label = " ".join(button.inner_text().split())
            if label in opened:
                continue
            opened.add(label)
            button.evaluate("button => button.click()")  # under a sticky panel at times
            page.locator(OPEN_CHOOSER).wait_for()
            page.wait_for_load_state("networkidle")
            found[label] = english_drawn(page)
            page.locator(f"{OPEN_CHOOSER} [data-dismiss=modal]").click()
            page.locator(OPEN_CHOOSER).wait_for(state="hidden")
            page.locator(".modal-backdrop").wait_for(state="detached")  # it fades out after the dialog
    return found


def test_what_the_page_editor_and_its_choosers_draw_is_vietnamese(live_server, browser, settings):
    settings.LANGUAGE_CODE = "vi"
    call_command("seed_demo", stdout=StringIO())
    found = {}
    for username, unit_title in STAFF_UNITS.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # leaving an editor with inline forms added
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("main form [type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        paths = editor_paths(UnitPage.objects.get(title=unit_title))
        opened = set()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (username, path)
            page.wait_for_load_state("networkidle")
            found[f"{username} {path}"] = english_drawn(page)
            if "/edit/" in path:
                for chooser, english in read_choosers(page, opened).items():
                    found[f"{username} {path}, chooser {chooser!r}"] = english
        context.close()

    assert len(found) > 15  # every editor
    assert len([where for where in found if "chooser" in where]) >= 3  # pages, documents, people
    english = report(found)
    assert not english, f"English in what the admin's JavaScript draws:\n{english}"
