"""Rights by unit through the real admin views (issue 3, point 3).

tests/members/test_role_rights.py covers opening the editor and the add form; this matrix
covers every change an editor might try on pages outside their unit, and checks that the
database is untouched whatever the view answered.
"""

import pytest

from django.urls import reverse

from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from members.models import RoleKind
from site_pages.models import NewsArticlePage
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db

OUTSIDE_UNITS = ("W2", "P1", "TW")  # a sibling ward, the province above, the central unit


def edit_form(page, **changes):
    """What the admin's edit form posts for a news article."""
    return {"title": page.title, "slug": page.slug, "date": "2026-11-28", "summary": "", "body-count": "0", **changes}


def database_state(page):
    """Everything an admin action could change about `page`, read from the database."""
    return {
        "page": Page.objects.filter(pk=page.pk).values("title", "live", "path", "latest_revision_id", "locked").first(),
        "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        "workflow": sorted(WorkflowState.objects.filter(object_id=str(page.pk)).values_list("status", flat=True)),
        "tasks": sorted(
            TaskState.objects.filter(workflow_state__object_id=str(page.pk)).values_list("status", flat=True)
        ),
        "log": PageLogEntry.objects.filter(page_id=page.pk).count(),
    }


def submit_for_review(page, author):
    page.save_revision(user=author.user)
    page.get_workflow().start(page, author.user)
    return page.current_workflow_task_state


def approve(client, person, page):
    task_state = page.current_workflow_task_state
    client.force_login(person.user)
    return client.post(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)))


@pytest.fixture
def editor(units):
    return make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])


class TestEditorOutsideTheirUnit:
    # Every admin door that changes a page, with how it is knocked on. "publish" is the edit
    # view posted with Wagtail's action-publish button.
    actions = [
        ("wagtailadmin_pages:edit", "get"),
        ("wagtailadmin_pages:edit", "post"),
        ("wagtailadmin_pages:edit", "publish"),
        ("wagtailadmin_pages:move", "get"),
        ("wagtailadmin_pages:move_confirm", "get"),
        ("wagtailadmin_pages:move_confirm", "post"),
        ("wagtailadmin_pages:delete", "get"),
        ("wagtailadmin_pages:delete", "post"),
        ("wagtailadmin_pages:unpublish", "get"),
        ("wagtailadmin_pages:unpublish", "post"),
        ("wagtailadmin_pages:workflow_action", "post"),
    ]

    def knock(self, client, url_name, method, page, destination):
        if url_name == "wagtailadmin_pages:move_confirm":
            args = (page.pk, destination.pk)
        elif url_name == "wagtailadmin_pages:workflow_action":
            args = (page.pk, "approve", page.current_workflow_task_state.pk)
        else:
            args = (page.pk,)
        url = reverse(url_name, args=args)
        if method == "get":
            return client.get(url)
        data = edit_form(page, title="Changed by an outsider")
        if method == "publish":
            data["action-publish"] = "1"
        return client.post(url, data)

    @pytest.mark.parametrize(("url_name", "method"), actions)
    def test_is_refused_and_changes_nothing(self, client, units, editor, url_name, method):
        pages = {code: make_news(units[code], title=f"Tin của {code}") for code in OUTSIDE_UNITS}
        if url_name == "wagtailadmin_pages:workflow_action":
            for code, page in pages.items():
                submit_for_review(page, make_person(None, kind=RoleKind.EDITOR, unit=units[code]))
        before = {code: database_state(page) for code, page in pages.items()}
        client.force_login(editor.user)
        statuses = {
            code: self.knock(client, url_name, method, page, destination=units["W1"]).status_code
            for code, page in pages.items()
        }
        assert set(statuses.values()) <= {302, 403}, statuses
        assert {code: database_state(page) for code, page in pages.items()} == before

    @pytest.mark.parametrize(("url_name", "method"), actions)
    def test_the_same_request_works_for_a_superuser(self, client, units, django_user_model, url_name, method):
        """The requests above are well formed: where rights allow, they do reach and change the page."""
        page = make_news(units["W2"], title="Tin của W2")
        if url_name == "wagtailadmin_pages:workflow_action":
            submit_for_review(page, make_person(None, kind=RoleKind.EDITOR, unit=units["W2"]))
        before = database_state(page)
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        response = self.knock(client, url_name, method, page, destination=units["W1"])
        if method == "get":
            assert response.status_code == 200
        else:
            assert database_state(page) != before


class TestEditorInsideTheirUnit:
    def test_edits_a_draft(self, client, units, editor):
        page = make_news(units["W1"], title="Tin phường")
        client.force_login(editor.user)
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form(page, title="Bản sửa"))
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.get_latest_revision_as_object().title == "Bản sửa"
        assert page.title == "Tin phường"  # still a draft: the live page is unchanged

    def test_submits_to_the_workflow_instead_of_publishing(self, client, units, editor):
        page = make_news(units["C1"], live=False)
        client.force_login(editor.user)
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        client.post(url, edit_form(page, **{"action-publish": "1"}))
        page.refresh_from_db()
        assert not page.live
        assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()
        client.post(url, edit_form(page, **{"action-submit": "1"}))
        page = NewsArticlePage.objects.get(pk=page.pk)
        assert not page.live
        assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    def test_cannot_approve_their_own_units_pages(self, client, units, editor):
        page = make_news(units["W1"], live=False)
        submit_for_review(page, editor)
        approve(client, editor, page)
        page.refresh_from_db()
        assert not page.live
        assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    def test_previews(self, client, units, editor):
        page = make_news(units["W1"], title="Tin phường")
        client.force_login(editor.user)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        assert client.post(url, edit_form(page, title="Xem trước bản sửa")).json()["is_valid"]
        response = client.get(url)
        assert response.status_code == 200
        assert "Xem trước bản sửa" in response.content.decode()


class TestChiefEditorApproval:
    def test_approves_their_provinces_pages_only(self, client, units):
        chief = make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P1"])
        own = make_news(units["P1"], live=False)
        other = make_news(units["P2"], live=False)
        submit_for_review(own, make_person(None, kind=RoleKind.EDITOR, unit=units["P1"]))
        submit_for_review(other, make_person(None, kind=RoleKind.EDITOR, unit=units["P2"]))
        assert approve(client, chief, other).status_code in (302, 403)
        approve(client, chief, own)
        own.refresh_from_db()
        other.refresh_from_db()
        assert own.live
        assert not other.live
        assert other.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
