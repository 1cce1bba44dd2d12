"""Secretaries moderate their own cells' comments, from the meeting page and from the admin queue."""

import re
import threading

import pytest

from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

from members.comments.services import AlreadyModerated, CommentError, Decision, NotAllowed, bulk_moderate, moderate
from members.models import Comment, CommentStatus, NoticeEmail, Notification, RoleKind
from tests.factories import make_person
from tests.members.meeting_helpers import comment_on, make_meeting, read_in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


QUEUE_URL_NAME = "wagtailsnippets_members_comment:list"


def bulk_url(action, comments):
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return reverse("wagtail_bulk_action", args=("members", "comment", action)) + f"?next=/admin/&{ids}"


def moderate_url(comment):
    return reverse("members:comment_moderate", args=[comment.pk])


@pytest.fixture
def cell(units):
    meeting = make_meeting(units["C1"])
    author = make_person(units["C1"])
    author.email = "author@example.com"
    author.save()
    return {
        "meeting": meeting,
        "author": author,
        "other_member": make_person(units["C1"]),
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY),
        "deputy": make_person(units["C1"], kind=RoleKind.DEPUTY_SECRETARY),
        "other_secretary": make_person(units["C2"], kind=RoleKind.SECRETARY),
        "comment": comment_on(meeting, author, "Ý kiến cần duyệt"),
    }


def page_text(client, person, meeting):
    client.force_login(person.user)
    return client.get(meeting.url).text


class TestLifecycle:
    def test_approved_comment_is_seen_by_the_other_members(self, client, cell):
        assert "Ý kiến cần duyệt" not in page_text(client, cell["other_member"], cell["meeting"])
        moderate(cell["comment"], cell["secretary"].user, Decision.APPROVE, reply="Cảm ơn đồng chí")
        other_view = page_text(client, cell["other_member"], cell["meeting"])
        assert "Ý kiến cần duyệt" in other_view
        assert "Cảm ơn đồng chí" in other_view

    def test_rejected_comment_shows_its_reason_to_the_author_only(self, client, cell):
        moderate(cell["comment"], cell["secretary"].user, Decision.REJECT, "Không đúng nội dung cuộc họp")
        author_view = page_text(client, cell["author"], cell["meeting"])
        assert "Ý kiến cần duyệt" in author_view
        assert "Không đúng nội dung cuộc họp" in author_view
        assert "Ý kiến cần duyệt" not in page_text(client, cell["other_member"], cell["meeting"])

    def test_hiding_an_approved_comment_takes_it_away_from_the_others(self, client, cell):
        moderate(cell["comment"], cell["secretary"].user, Decision.APPROVE)
        moderate(cell["comment"], cell["deputy"].user, Decision.HIDE, "Lộ thông tin cá nhân")
        assert Comment.objects.get().status == CommentStatus.HIDDEN
        assert "Ý kiến cần duyệt" not in page_text(client, cell["other_member"], cell["meeting"])
        assert "Lộ thông tin cá nhân" in page_text(client, cell["author"], cell["meeting"])
        assert "Ý kiến cần duyệt" in page_text(client, cell["secretary"], cell["meeting"])

    def test_reject_and_hide_need_a_reason(self, cell):
        for decision in (Decision.REJECT, Decision.HIDE):
            with pytest.raises(CommentError):
                moderate(cell["comment"], cell["secretary"].user, decision, "  ")
        assert Comment.objects.get().status == CommentStatus.PENDING

    def test_the_author_is_notified_with_the_reason_and_it_is_in_the_audit_log(
        self, cell, django_capture_on_commit_callbacks
    ):
        cell["author"].notice_email = NoticeEmail.EACH
        cell["author"].save()
        with django_capture_on_commit_callbacks(execute=True):
            moderate(cell["comment"], cell["secretary"].user, Decision.REJECT, "Trùng ý kiến trước")
        notice = Notification.objects.get(person=cell["author"])
        assert "Trùng ý kiến trước" in notice.body
        assert notice.emailed_at is not None
        assert mail.outbox[0].to == ["author@example.com"]
        # The email only points to the inbox: the comment and the reason are members-only.
        assert "Trùng ý kiến trước" not in mail.outbox[0].body
        entry = ModelLogEntry.objects.get(object_id=str(cell["comment"].pk))
        assert (entry.action, entry.user_id) == ("members.comment.reject", cell["secretary"].user.pk)
        assert entry.timestamp is not None

    def test_the_author_reads_the_decision_on_their_page(self, client, cell):
        moderate(cell["comment"], cell["secretary"].user, Decision.HIDE, "Nội dung <i>riêng tư</i>")
        client.force_login(cell["author"].user)
        page = client.get(reverse("members:me")).text
        assert 'id="notices"' in page
        assert "Nội dung &lt;i&gt;riêng tư&lt;/i&gt;" in page
        client.force_login(cell["other_member"].user)
        assert 'id="notices"' not in client.get(reverse("members:me")).text


class TestConcurrentModeration:
    def test_two_decisions_on_one_pending_comment_leave_exactly_one(self, cell):
        moderate(cell["comment"], cell["secretary"].user, Decision.APPROVE)
        with pytest.raises(AlreadyModerated):
            moderate(cell["comment"], cell["deputy"].user, Decision.REJECT, "Không phù hợp")
        comment = Comment.objects.get()
        assert (comment.status, comment.moderated_by_id) == (CommentStatus.APPROVED, cell["secretary"].user.pk)
        assert ModelLogEntry.objects.filter(object_id=str(comment.pk)).count() == 1
        assert Notification.objects.filter(person=cell["author"]).count() == 1

    def test_through_the_meeting_page_the_second_secretary_is_told(self, client, cell):
        client.force_login(cell["secretary"].user)
        client.post(moderate_url(cell["comment"]), {"decision": "approve"})
        client.force_login(cell["deputy"].user)
        response = client.post(moderate_url(cell["comment"]), {"decision": "reject", "reason": "Muộn"}, follow=True)
        assert "already moderated by someone else" in response.text
        assert Comment.objects.get().status == CommentStatus.APPROVED

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; the race is real on PostgreSQL"
    )
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_two_secretaries_at_once_through_the_views_one_wins_and_the_other_is_told(self, cell):
        barrier = threading.Barrier(2)
        answers = {}

        def decide(who, data):
            client = Client()
            read_in_english(client)
            client.force_login(cell[who].user)
            try:
                barrier.wait()
                answers[who] = client.post(moderate_url(cell["comment"]), data, follow=True).text
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=decide, args=("secretary", {"decision": "approve"})),
            threading.Thread(target=decide, args=("deputy", {"decision": "reject", "reason": "Không phù hợp"})),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        comment = Comment.objects.get()
        winner = "secretary" if comment.status == CommentStatus.APPROVED else "deputy"
        loser = "deputy" if winner == "secretary" else "secretary"
        assert comment.moderated_by_id == cell[winner].user.pk
        assert ("Approved:" if winner == "secretary" else "Rejected:") in answers[winner]
        assert "already moderated by someone else" in answers[loser]
        assert ModelLogEntry.objects.filter(object_id=str(comment.pk)).count() == 1
        assert Notification.objects.filter(person=cell["author"]).count() == 1

    def test_a_bulk_action_over_an_already_decided_comment_changes_nothing(self, cell):
        second = comment_on(cell["meeting"], cell["other_member"], "Ý kiến hai")
        moderate(cell["comment"], cell["deputy"].user, Decision.APPROVE)
        with pytest.raises(AlreadyModerated):
            bulk_moderate([cell["comment"], second], cell["secretary"].user, Decision.REJECT, "Trùng")
        assert Comment.objects.get(pk=second.pk).status == CommentStatus.PENDING


class TestFromTheMeetingPage:
    def test_secretary_approves_from_the_phone_without_javascript(self, client, cell):
        client.force_login(cell["secretary"].user)
        response = client.post(moderate_url(cell["comment"]), {"decision": "approve", "reply": "Đã ghi nhận"})
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert (comment.status, comment.reply) == (CommentStatus.APPROVED, "Đã ghi nhận")

    @pytest.mark.parametrize(
        ("decision", "said"), [("approve", "Approved:"), ("reject", "Rejected:"), ("hide", "Hidden from the other")]
    )
    def test_each_decision_says_what_it_did_beside_the_comment(self, client, cell, decision, said):
        client.force_login(cell["secretary"].user)
        html = client.post(moderate_url(cell["comment"]), {"decision": decision, "reason": "Lý do"}, follow=True).text
        card = html[html.index(f'id="{cell["comment"].anchor}"') :]
        assert said in card[: card.index("</div>")]

    def test_a_reply_with_a_nul_character_is_refused_with_a_message(self, client, cell):
        client.force_login(cell["secretary"].user)
        data = {"decision": "approve", "reply": "Đã\x00ghi nhận"}
        response = client.post(moderate_url(cell["comment"]), data, follow=True)
        assert "invisible control character (NUL)" in response.text
        assert Comment.objects.get().status == CommentStatus.PENDING

    def test_a_plain_member_cannot_moderate(self, client, cell):
        client.force_login(cell["other_member"].user)
        assert client.post(moderate_url(cell["comment"]), {"decision": "approve"}).status_code == 404
        assert 'value="approve"' not in client.get(cell["meeting"].url).text
        assert Comment.objects.get().status == CommentStatus.PENDING

    def test_secretary_of_another_cell_cannot_moderate(self, client, cell):
        client.force_login(cell["other_secretary"].user)
        assert client.post(moderate_url(cell["comment"]), {"decision": "approve"}).status_code == 404
        with pytest.raises(NotAllowed):
            moderate(cell["comment"], cell["other_secretary"].user, Decision.APPROVE)
        assert Comment.objects.get().status == CommentStatus.PENDING


class TestAdminQueue:
    def test_queue_lists_only_the_secretarys_cells(self, client, cell, units):
        elsewhere = comment_on(make_meeting(units["C2"]), make_person(units["C2"]), "Ý kiến chi bộ Hai")
        client.force_login(cell["secretary"].user)
        response = client.get(reverse(QUEUE_URL_NAME))
        assert response.status_code == 200
        assert "Ý kiến cần duyệt" in response.text
        assert "Ý kiến chi bộ Hai" not in response.text
        client.force_login(cell["other_secretary"].user)
        response = client.get(reverse(QUEUE_URL_NAME))
        assert "Ý kiến chi bộ Hai" in response.text
        assert "Ý kiến cần duyệt" not in response.text
        inspect = reverse("wagtailsnippets_members_comment:inspect", args=[cell["comment"].pk])
        assert client.get(inspect).status_code == 404
        assert elsewhere.status == CommentStatus.PENDING

    def test_the_inspect_view_names_the_moderator_and_shows_no_none(self, client, cell):
        client.force_login(cell["secretary"].user)
        inspect = reverse("wagtailsnippets_members_comment:inspect", args=[cell["comment"].pk])
        pending = client.get(inspect).text
        assert not re.search(r">\s*None\s*<", pending)  # the moderator and time, not yet set
        moderate(cell["comment"], cell["deputy"].user, Decision.APPROVE)
        decided = client.get(inspect).text
        assert cell["deputy"].full_name in decided
        assert cell["deputy"].user.username not in decided

    def test_queue_query_count_does_not_grow_with_comments(self, client, cell):
        client.force_login(cell["secretary"].user)

        def queue_queries():
            client.get(reverse(QUEUE_URL_NAME))  # warm Wagtail's per-process caches
            with CaptureQueriesContext(connection) as context:
                assert client.get(reverse(QUEUE_URL_NAME)).status_code == 200
            return len(context.captured_queries)

        def add_comments(count):
            for _ in range(count):
                comment_on(cell["meeting"], make_person(cell["meeting"].owning_unit), "Ý kiến thêm")

        add_comments(3)
        few = queue_queries()
        add_comments(27)
        assert queue_queries() == few

    def test_queue_filters_by_status(self, client, cell):
        comment_on(cell["meeting"], cell["other_member"], "Ý kiến đã duyệt")
        moderate(Comment.objects.get(body="Ý kiến đã duyệt"), cell["secretary"].user, Decision.APPROVE)
        client.force_login(cell["secretary"].user)
        response = client.get(reverse(QUEUE_URL_NAME), {"status": "pending"})
        assert "Ý kiến cần duyệt" in response.text
        assert "Ý kiến đã duyệt" not in response.text

    def test_a_plain_member_has_no_queue(self, client, cell):
        client.force_login(cell["other_member"].user)
        assert client.get(reverse(QUEUE_URL_NAME)).status_code in (302, 403)

    def test_bulk_reject_with_a_reason_is_logged_and_notified(self, client, cell, django_capture_on_commit_callbacks):
        second = comment_on(cell["meeting"], cell["other_member"], "Ý kiến hai")
        client.force_login(cell["secretary"].user)
        url = bulk_url("reject_comments", [cell["comment"], second])
        assert client.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"reason": "Ngoài chương trình họp"})
        assert response.status_code == 302
        assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.REJECTED}
        assert ModelLogEntry.objects.filter(action="members.comment.reject").count() == 2
        assert Notification.objects.filter(body__contains="Ngoài chương trình họp").count() == 2

    def test_bulk_action_with_a_comment_of_another_cell_is_refused_whole(self, client, cell, units):
        elsewhere = comment_on(make_meeting(units["C2"]), make_person(units["C2"]), "Ý kiến chi bộ Hai")
        client.force_login(cell["secretary"].user)
        response = client.post(bulk_url("approve_comments", [cell["comment"], elsewhere]), {"reason": ""})
        assert response.status_code == 404  # the bulk-action gate (site_pages.admin_doors)
        assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}
        assert not ModelLogEntry.objects.filter(action__startswith="members.comment").exists()

    def test_secretary_of_another_cell_cannot_bulk_moderate_it(self, client, cell):
        client.force_login(cell["other_secretary"].user)
        client.post(bulk_url("approve_comments", [cell["comment"]]), {"reason": ""})
        assert Comment.objects.get().status == CommentStatus.PENDING
