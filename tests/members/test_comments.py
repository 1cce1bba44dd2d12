"""Members' comments on a meeting: sending, seeing, editing, withdrawing, and refusing bad input."""

import uuid
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from members.comments.services import (
    CommentError,
    CommentsClosed,
    edit_own_comment,
    submit_comment,
    withdraw_own_comment,
)
from members.models import Comment, CommentStatus, RoleKind
from tests.factories import make_person
from tests.members.meeting_helpers import comment_on, make_meeting, read_in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def submit_url(meeting):
    return reverse("members:comment_submit", args=[meeting.pk])


def post_comment(client, meeting, body, token=None, extra=None):
    data = {"body": body, "client_token": str(token or uuid.uuid4()), **(extra or {})}
    return client.post(submit_url(meeting), data, follow=True)


@pytest.fixture
def cell(units):
    meeting = make_meeting(units["C1"])
    return {
        "meeting": meeting,
        "author": make_person(units["C1"]),
        "other_member": make_person(units["C1"]),
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY),
        "outsider": make_person(units["C2"]),
    }


class TestSendingAComment:
    def test_author_sees_it_at_once_awaiting_moderation(self, client, cell):
        client.force_login(cell["author"].user)
        response = post_comment(client, cell["meeting"], "Đề nghị họp sớm hơn.")
        assert response.status_code == 200
        comment = Comment.objects.get()
        assert comment.status == CommentStatus.PENDING
        assert "Đề nghị họp sớm hơn." in response.text
        assert f'id="comment-{comment.pk}"' in response.text
        assert "comment-pending" in response.text
        assert "Awaiting moderation" in response.text

    def test_other_members_do_not_see_a_pending_comment_but_the_secretary_does(self, client, cell):
        comment_on(cell["meeting"], cell["author"], "Ý kiến chờ duyệt")
        client.force_login(cell["other_member"].user)
        assert "Ý kiến chờ duyệt" not in client.get(cell["meeting"].url).text
        client.force_login(cell["secretary"].user)
        page = client.get(cell["meeting"].url).text
        assert "Ý kiến chờ duyệt" in page
        assert 'value="approve"' in page

    def test_author_status_and_meeting_come_from_the_session_and_url(self, client, cell, units):
        other_meeting = make_meeting(units["C1"])
        client.force_login(cell["author"].user)
        post_comment(
            client,
            cell["meeting"],
            "Nội dung",
            extra={"author": cell["other_member"].pk, "status": "approved", "meeting": other_meeting.pk},
        )
        comment = Comment.objects.get()
        assert (comment.author, comment.status, comment.meeting_id) == (
            cell["author"],
            CommentStatus.PENDING,
            cell["meeting"].pk,
        )

    def test_the_same_client_token_twice_gives_one_comment(self, client, cell):
        client.force_login(cell["author"].user)
        token = uuid.uuid4()
        post_comment(client, cell["meeting"], "Gửi lại do mạng yếu", token)
        post_comment(client, cell["meeting"], "Gửi lại do mạng yếu", token)
        assert Comment.objects.count() == 1

    def test_the_form_carries_a_fresh_token_generated_by_the_server(self, client, cell):
        client.force_login(cell["author"].user)
        page = client.get(cell["meeting"].url).text
        assert 'name="client_token"' in page
        assert page.count('name="client_token"') == 1


class TestBadInput:
    @pytest.mark.parametrize("body", ["", "   \n  "])
    def test_empty_comment_is_refused_with_a_message(self, client, cell, body):
        client.force_login(cell["author"].user)
        response = post_comment(client, cell["meeting"], body)
        assert "Write something before sending." in response.text
        assert not Comment.objects.exists()

    def test_too_long_comment_is_refused_and_2000_characters_pass(self, client, cell):
        client.force_login(cell["author"].user)
        response = post_comment(client, cell["meeting"], "a" * 2001)
        assert "at most 2000 characters" in response.text
        assert not Comment.objects.exists()
        post_comment(client, cell["meeting"], "a" * 2000)
        assert Comment.objects.get().body == "a" * 2000

    def test_html_and_script_are_stored_as_text_and_shown_inert(self, client, cell):
        client.force_login(cell["author"].user)
        body = '<script>alert("x")</script><b onclick="x()">đậm</b>'
        response = post_comment(client, cell["meeting"], body)
        assert Comment.objects.get().body == body
        assert "<script>alert" not in response.text
        assert "<b onclick" not in response.text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text

    def test_too_many_comments_a_minute_are_refused_with_a_message(self, client, cell, settings):
        settings.COMMENTS_PER_MINUTE = 3
        client.force_login(cell["author"].user)
        for number in range(3):
            post_comment(client, cell["meeting"], f"Ý kiến {number}")
        response = post_comment(client, cell["meeting"], "Ý kiến thứ tư")
        assert "Wait a minute" in response.text
        assert Comment.objects.count() == 3

    def test_a_nul_character_is_refused_with_a_message(self, client, cell):
        client.force_login(cell["author"].user)
        response = post_comment(client, cell["meeting"], "Ý kiến\x00")
        assert "invisible control character (NUL)" in response.text
        assert not Comment.objects.exists()

    def test_a_broken_token_is_refused_with_a_message(self, client, cell):
        client.force_login(cell["author"].user)
        response = client.post(submit_url(cell["meeting"]), {"body": "x", "client_token": "nope"}, follow=True)
        assert "Reload the page" in response.text
        assert not Comment.objects.exists()


class TestClosing:
    def test_comments_close_when_the_meeting_starts(self, client, units, cell):
        started = make_meeting(units["C1"], starts_in=timedelta(minutes=-5))
        client.force_login(cell["author"].user)
        response = post_comment(client, started, "Muộn")
        assert "Comments are closed" in response.text
        assert not Comment.objects.exists()
        with pytest.raises(CommentsClosed):
            submit_comment(started, cell["author"], "Muộn", uuid.uuid4())

    def test_a_meeting_can_keep_comments_open_after_it_starts(self, client, units, cell):
        started = make_meeting(units["C1"], starts_in=timedelta(minutes=-5), comments_open_after_start=True)
        client.force_login(cell["author"].user)
        post_comment(client, started, "Vẫn góp ý được")
        assert Comment.objects.filter(meeting=started).count() == 1


def milliseconds(moment):
    return str(int(moment.timestamp() * 1000))


class TestOpinionsWrittenAtSea:
    """Written on the phone before the meeting, sent when the link came back (issue 11, item 4)."""

    def test_taken_within_the_late_hours_and_shown_with_both_times(self, client, units, cell, settings):
        settings.LATE_OPINION_HOURS = 72
        started = make_meeting(units["C1"], starts_in=-timedelta(hours=70))
        written = started.starts_at - timedelta(hours=3)
        client.force_login(cell["author"].user)
        response = post_comment(client, started, "Viết trên biển", extra={"written_at": milliseconds(written)})
        comment = Comment.objects.get(meeting=started)
        assert abs(comment.written_at - written) < timedelta(seconds=1)
        assert comment.was_sent_late
        client.force_login(cell["secretary"].user)
        page = client.get(started.url).text
        assert f"written at {timezone.localtime(comment.written_at):%H:%M %d/%m/%Y}, received at" in page
        assert response.status_code == 200

    def test_refused_with_a_reason_after_the_late_hours(self, client, units, cell, settings):
        settings.LATE_OPINION_HOURS = 72
        started = make_meeting(units["C1"], starts_in=-timedelta(hours=73))
        client.force_login(cell["author"].user)
        written = started.starts_at - timedelta(hours=1)
        response = post_comment(client, started, "Quá muộn", extra={"written_at": milliseconds(written)})
        assert "more than 72 hours after it started" in response.text
        assert not Comment.objects.exists()

    def test_written_after_the_start_is_closed_and_a_time_to_come_is_now(self, client, units, cell):
        started = make_meeting(units["C1"], starts_in=-timedelta(hours=1))
        client.force_login(cell["author"].user)
        after = started.starts_at + timedelta(minutes=10)
        assert (
            "Comments are closed"
            in post_comment(client, started, "Sau", extra={"written_at": milliseconds(after)}).text
        )
        open_meeting = make_meeting(units["C1"])
        to_come = timezone.now() + timedelta(days=30)
        post_comment(client, open_meeting, "Giờ điện thoại sai", extra={"written_at": milliseconds(to_come)})
        comment = Comment.objects.get(meeting=open_meeting)
        assert comment.written_at <= timezone.now() and not comment.was_sent_late


class TestEditAndWithdraw:
    def test_author_edits_and_withdraws_a_pending_comment(self, client, cell):
        comment = comment_on(cell["meeting"], cell["author"], "Bản đầu")
        client.force_login(cell["author"].user)
        client.post(reverse("members:comment_edit", args=[comment.pk]), {"body": "Bản sửa"})
        assert Comment.objects.get().body == "Bản sửa"
        client.post(reverse("members:comment_withdraw", args=[comment.pk]))
        assert Comment.objects.get().status == CommentStatus.WITHDRAWN
        assert "Bản sửa" not in client.get(cell["meeting"].url).text

    def test_nobody_else_edits_or_withdraws_it(self, client, cell):
        comment = comment_on(cell["meeting"], cell["author"], "Của tôi")
        with pytest.raises(CommentError):
            edit_own_comment(comment, cell["other_member"], "Sửa trộm")
        with pytest.raises(CommentError):
            withdraw_own_comment(comment, cell["secretary"])
        client.force_login(cell["other_member"].user)
        edit = client.post(reverse("members:comment_edit", args=[comment.pk]), {"body": "Sửa trộm"})
        withdraw = client.post(reverse("members:comment_withdraw", args=[comment.pk]))
        # Another member's comment answers like a missing one.
        assert (edit.status_code, withdraw.status_code) == (404, 404)
        assert Comment.objects.get().body == "Của tôi"
        assert Comment.objects.get().status == CommentStatus.PENDING

    def test_an_edit_with_a_nul_character_is_refused_with_a_message(self, client, cell):
        comment = comment_on(cell["meeting"], cell["author"], "Bản đầu")
        client.force_login(cell["author"].user)
        url = reverse("members:comment_edit", args=[comment.pk])
        response = client.post(url, {"body": "Bản\x00sửa"}, follow=True)
        assert "invisible control character (NUL)" in response.text
        assert Comment.objects.get().body == "Bản đầu"

    def test_a_moderated_comment_can_no_longer_be_edited(self, cell):
        comment = comment_on(cell["meeting"], cell["author"], "Đã duyệt")
        Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)
        with pytest.raises(CommentError):
            edit_own_comment(comment, cell["author"], "Sửa sau khi duyệt")
        assert Comment.objects.get().body == "Đã duyệt"


class TestIsolation:
    """A member of another cell: 404 at every door of the meeting, and nothing written."""

    def test_outsider_gets_404_for_the_meeting_and_its_form(self, client, cell):
        client.force_login(cell["outsider"].user)
        assert client.get(cell["meeting"].url).status_code == 404
        response = client.post(submit_url(cell["meeting"]), {"body": "Chen vào", "client_token": str(uuid.uuid4())})
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_outsider_gets_404_for_its_comments(self, client, cell):
        comment = comment_on(cell["meeting"], cell["author"], "Nội bộ")
        client.force_login(cell["outsider"].user)
        for name in ("comment_edit", "comment_withdraw", "comment_moderate"):
            response = client.post(reverse(f"members:{name}", args=[comment.pk]), {"body": "x", "decision": "hide"})
            assert response.status_code == 404, name
        assert Comment.objects.get().body == "Nội bộ"
        assert Comment.objects.get().status == CommentStatus.PENDING

    def test_the_service_refuses_an_outsider_too(self, cell):
        with pytest.raises(CommentError):
            submit_comment(cell["meeting"], cell["outsider"], "Chen vào", uuid.uuid4())
        assert not Comment.objects.exists()

    def test_visitors_are_sent_to_log_in_and_nothing_is_written(self, client, cell):
        response = client.post(submit_url(cell["meeting"]), {"body": "Ẩn danh", "client_token": str(uuid.uuid4())})
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
        assert not Comment.objects.exists()

    def test_a_member_of_the_cell_is_allowed(self, client, cell):
        client.force_login(cell["other_member"].user)
        assert client.get(cell["meeting"].url).status_code == 200
        post_comment(client, cell["meeting"], "Được phép")
        assert Comment.objects.filter(author=cell["other_member"]).count() == 1
