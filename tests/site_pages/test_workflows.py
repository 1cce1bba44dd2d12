import datetime

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from members.models import RoleKind
from site_pages.demo import add_document
from site_pages.models import OfficialDocumentPage
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def person_with_email(cell, **kwargs):
    person = make_person(cell, **kwargs)
    person.user.email = f"{person.user.username}@example.org"
    person.user.save(update_fields=["email"])
    return person


@pytest.fixture
def staff(units):
    return {
        "C1_secretary": person_with_email(units["C1"], kind=RoleKind.SECRETARY),
        "C3_secretary": person_with_email(units["C3"], kind=RoleKind.SECRETARY),
        "W1_chief": person_with_email(units["C1"], kind=RoleKind.CHIEF_EDITOR, unit=units["W1"]),
        "W2_chief": person_with_email(units["C3"], kind=RoleKind.CHIEF_EDITOR, unit=units["W2"]),
        "P1_chief": person_with_email(units["C1"], kind=RoleKind.CHIEF_EDITOR, unit=units["P1"]),
        "W1_editor": person_with_email(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"]),
        "C1_editor": person_with_email(units["C1"], kind=RoleKind.EDITOR, unit=units["C1"]),
    }


def submit(parent, author, title="Thông báo"):
    """A draft by `author` under `parent`, submitted to the workflow of its place in the tree."""
    page = add_document(parent, title=title, publish=False, user=author.user)
    mail.outbox.clear()
    page.get_workflow().start(page, author.user)
    return OfficialDocumentPage.objects.get(pk=page.pk)


def reviewers(staff, page):
    """Whose dashboard shows `page` as awaiting their review."""
    return {
        name
        for name, person in staff.items()
        if TaskState.objects.reviewable_by(person.user).filter(workflow_state__object_id=str(page.pk)).exists()
    }


def notified(staff):
    addresses = {address for message in mail.outbox for address in message.to}
    return {name for name, person in staff.items() if person.user.email in addresses}


def act(client, person, page, action, comment=""):
    client.force_login(person.user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


class TestRouting:
    def test_a_fresh_install_routes_every_unit_through_one_workflow(self, units):
        assert {units[code].get_workflow().name for code in ("TW", "P1", "W1", "C1")} == {"Duyệt biên tập"}

    def test_a_cell_page_goes_to_that_cells_secretary_only(self, units, staff):
        page = submit(units["C1"], staff["C1_editor"])
        assert notified(staff) == {"C1_secretary"}
        assert reviewers(staff, page) == {"C1_secretary"}

    def test_a_ward_page_goes_to_that_wards_chief_editor(self, units, staff):
        page = submit(units["W1"], staff["W1_editor"])
        assert notified(staff) == {"W1_chief"}
        assert reviewers(staff, page) == {"W1_chief"}

    def test_a_cell_without_a_secretary_falls_back_to_the_unit_above(self, units, staff):
        editor = person_with_email(units["C2"], kind=RoleKind.EDITOR)
        page = submit(units["C2"], editor)
        assert notified(staff) == {"W1_chief"}
        assert reviewers(staff, page) == {"W1_chief"}

    def test_a_ward_without_a_chief_editor_falls_back_to_the_province(self, units, staff):
        editor = person_with_email(units["C4"], kind=RoleKind.EDITOR, unit=units["W3"])
        page = submit(units["W3"], editor)
        assert notified({**staff, "editor": editor}) == set()  # P2 has no chief editor either
        p2_chief = person_with_email(units["C4"], kind=RoleKind.CHIEF_EDITOR, unit=units["P2"])
        assert reviewers({**staff, "P2_chief": p2_chief}, page) == {"P2_chief"}


class TestDecisions:
    def test_the_approver_approves_and_the_page_goes_live(self, client, units, staff):
        page = submit(units["C1"], staff["C1_editor"])
        response = act(client, staff["C1_secretary"], page, "approve")
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.live
        assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_APPROVED

    def test_reject_returns_the_page_to_its_author_with_the_comment(self, client, units, staff):
        page = submit(units["C1"], staff["C1_editor"])
        mail.outbox.clear()
        act(client, staff["C1_secretary"], page, "reject", comment="Thiếu số hiệu văn bản.")
        page.refresh_from_db()
        assert not page.live
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert state.current_task_state.comment == "Thiếu số hiệu văn bản."
        assert notified(staff) == {"C1_editor"}
        assert "Thiếu số hiệu văn bản." in mail.outbox[0].body

    @pytest.mark.parametrize("outsider", ["C3_secretary", "W1_chief", "W2_chief", "W1_editor", "C1_editor"])
    def test_nobody_else_may_approve(self, client, units, staff, outsider):
        page = submit(units["C1"], staff["C1_editor"])
        response = act(client, staff[outsider], page, "approve")
        assert response.status_code in (302, 403)
        page.refresh_from_db()
        assert not page.live
        assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    def test_scheduled_go_live_waits_for_its_time_after_approval(self, client, units, staff):
        page = add_document(units["C1"], title="Thông báo hẹn giờ", publish=False, user=staff["C1_editor"].user)
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        page.save_revision(user=staff["C1_editor"].user)
        page.get_workflow().start(page, staff["C1_editor"].user)
        act(client, staff["C1_secretary"], page, "approve")
        page.refresh_from_db()
        assert not page.live
        assert page.latest_revision.approved_go_live_at is not None

    def test_the_dashboard_lists_the_page_for_its_approver(self, client, units, staff):
        page = submit(units["C1"], staff["C1_editor"], title="Chờ bí thư duyệt")
        client.force_login(staff["C1_secretary"].user)
        assert "Chờ bí thư duyệt" in client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(staff["C3_secretary"].user)
        assert "Chờ bí thư duyệt" not in client.get(reverse("wagtailadmin_home")).content.decode()
        assert page.pk


class TestEditorialDemo:
    def test_seeds_every_level_and_one_page_awaiting_review(self, units, staff):
        from site_pages.demo import PENDING_TITLE, seed_editorial_demo

        created = seed_editorial_demo()
        levels = {page.owning_unit.level for page in OfficialDocumentPage.objects.live().select_related("owning_unit")}
        assert levels == {"central", "province", "ward", "cell"}
        pending = OfficialDocumentPage.objects.get(title=PENDING_TITLE)
        assert pending.workflow_in_progress
        assert seed_editorial_demo() == []  # a second run adds nothing
        assert len(created) == 5


class TestEmailsByName:
    """Wagtail's workflow emails greet people by their full name, in the active language (issue 14)."""

    def test_the_approver_is_greeted_by_full_name_in_vietnamese(self, settings, units, staff):
        settings.LANGUAGE_CODE = "vi"
        submit(units["C1"], staff["C1_editor"])
        secretary = staff["C1_secretary"]
        (message,) = [message for message in mail.outbox if message.to == [secretary.user.email]]
        assert f"Kính gửi đồng chí {secretary.full_name}," in message.body
        assert "đã được gửi duyệt ở bước" in message.body
        assert secretary.user.username not in message.body
        assert "Hello" not in message.body

    def test_in_english_too(self, units, staff):
        submit(units["C1"], staff["C1_editor"])
        secretary = staff["C1_secretary"]
        (message,) = [message for message in mail.outbox if message.to == [secretary.user.email]]
        assert f"Hello {secretary.full_name}," in message.body

    def test_a_renamed_person_is_greeted_by_the_new_name(self, units, staff):
        secretary = staff["C1_secretary"]
        secretary.full_name = "Lê Thị Mới"
        secretary.save()
        submit(units["C1"], staff["C1_editor"])
        (message,) = [message for message in mail.outbox if message.to == [secretary.user.email]]
        assert "Hello Lê Thị Mới," in message.body
