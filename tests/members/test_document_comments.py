"""Members' comments on official documents: each cell discusses a document on its own, moderated
by that cell's secretaries, through the same comment machinery as meetings."""

import uuid

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from members.comments.services import CommentError, Decision, NotAllowed, moderate, submit_comment
from members.models import Comment, CommentStatus, Notification, RoleKind
from members.services import transfer_member
from site_pages.demo import add_document
from tests.factories import make_person
from tests.members.meeting_helpers import cold_queries, comment_on, count_queries, make_meeting, read_in_english

pytestmark = pytest.mark.django_db

QUEUE_URL_NAME = "wagtailsnippets_members_comment:list"


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def submit_url(document):
    return reverse("members:document_comment_submit", args=[document.pk])


def post_comment(client, document, body, token=None):
    data = {"body": body, "client_token": str(token or uuid.uuid4())}
    return client.post(submit_url(document), data, follow=True)


def page_text(client, person, document):
    client.force_login(person.user)
    response = client.get(document.url)
    assert response.status_code == 200
    return response.text


def bulk_url(action, comments):
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return reverse("wagtail_bulk_action", args=("members", "comment", action)) + f"?next=/admin/&{ids}"


@pytest.fixture
def ward(units):
    """A ward plan of W1, read by its cells C1 and C2."""
    return {
        "document": add_document(units["W1"], title="Kế hoạch của Đảng uỷ phường"),
        "author": make_person(units["C1"]),
        "other_member": make_person(units["C1"]),
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY),
        "neighbour": make_person(units["C2"]),
        "neighbour_secretary": make_person(units["C2"], kind=RoleKind.SECRETARY),
        "outsider": make_person(units["C3"]),
    }


@pytest.fixture
def pending(ward):
    return comment_on(ward["document"], ward["author"], "Góp ý về kế hoạch")


class TestCommentingOnADocument:
    def test_the_author_sees_it_at_once_awaiting_moderation_and_it_belongs_to_their_cell(self, client, ward, units):
        client.force_login(ward["author"].user)
        response = post_comment(client, ward["document"], "Đề nghị bổ sung chỉ tiêu.")
        comment = Comment.objects.get()
        assert (comment.document_id, comment.meeting_id, comment.cell_id, comment.status) == (
            ward["document"].pk,
            None,
            units["C1"].pk,
            CommentStatus.PENDING,
        )
        assert response.redirect_chain[-1][0].endswith(f"{ward['document'].url}#comment-{comment.pk}")
        assert f'id="comment-{comment.pk}"' in response.text
        assert "Awaiting moderation" in response.text

    def test_c1_secretary_approves_then_c1_reads_it_and_c2_never_does(self, client, ward, pending):
        assert "Góp ý về kế hoạch" not in page_text(client, ward["other_member"], ward["document"])
        secretary_page = page_text(client, ward["secretary"], ward["document"])
        assert "Góp ý về kế hoạch" in secretary_page
        assert 'value="approve"' in secretary_page

        response = client.post(reverse("members:comment_moderate", args=[pending.pk]), {"decision": "approve"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"{ward['document'].url}#comment-{pending.pk}")
        assert Comment.objects.get().status == CommentStatus.APPROVED

        assert "Góp ý về kế hoạch" in page_text(client, ward["other_member"], ward["document"])
        assert "Góp ý về kế hoạch" not in page_text(client, ward["neighbour"], ward["document"])
        assert "Góp ý về kế hoạch" not in page_text(client, ward["neighbour_secretary"], ward["document"])

    def test_the_author_is_told_the_decision_with_a_link_to_the_document(self, ward, pending):
        moderate(pending, ward["secretary"].user, Decision.REJECT, "Không thuộc kế hoạch")
        notice = Notification.objects.get(person=ward["author"])
        assert notice.url == f"{ward['document'].url}#comment-{pending.pk}"
        assert ward["document"].title in notice.body
        assert "Không thuộc kế hoạch" in notice.body

    def test_the_cell_is_the_one_at_the_time_of_writing(self, ward, pending, units):
        transfer_member(ward["author"], units["C2"])
        pending.refresh_from_db()
        assert pending.cell_id == units["C1"].pk
        with pytest.raises(NotAllowed):
            moderate(pending, ward["neighbour_secretary"].user, Decision.APPROVE)
        moderate(pending, ward["secretary"].user, Decision.APPROVE)

    def test_the_author_edits_then_withdraws_while_pending(self, client, ward, pending):
        client.force_login(ward["author"].user)
        response = client.post(reverse("members:comment_edit", args=[pending.pk]), {"body": "Bản sửa"})
        assert response["Location"].endswith(f"{ward['document'].url}#comment-{pending.pk}")
        client.post(reverse("members:comment_withdraw", args=[pending.pk]))
        pending.refresh_from_db()
        assert (pending.body, pending.status) == ("Bản sửa", CommentStatus.WITHDRAWN)
        assert "Bản sửa" not in page_text(client, ward["secretary"], ward["document"])


class TestRefusals:
    def test_a_member_of_another_ward_gets_404_and_writes_nothing(self, client, ward):
        client.force_login(ward["outsider"].user)
        assert client.get(ward["document"].url).status_code == 404
        response = client.post(submit_url(ward["document"]), {"body": "Xen vào", "client_token": str(uuid.uuid4())})
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_the_secretary_of_the_neighbour_cell_cannot_moderate(self, client, ward, pending):
        client.force_login(ward["neighbour_secretary"].user)
        response = client.post(reverse("members:comment_moderate", args=[pending.pk]), {"decision": "approve"})
        assert response.status_code == 404
        inspect = reverse("wagtailsnippets_members_comment:inspect", args=[pending.pk])
        assert client.get(inspect).status_code == 404
        client.post(bulk_url("approve_comments", [pending]), {"reason": ""})
        pending.refresh_from_db()
        assert (pending.status, pending.moderated_by_id, pending.moderated_at) == (CommentStatus.PENDING, None, None)
        assert not ModelLogEntry.objects.filter(action__startswith="members.comment").exists()

    def test_a_person_without_a_cell_is_told_why_and_writes_nothing(self, client, ward, units):
        editor = make_person(kind=RoleKind.EDITOR, unit=units["W1"])
        assert "Only members of a cell can comment" in page_text(client, editor, ward["document"])
        response = post_comment(client, ward["document"], "Ý kiến của biên tập viên")
        assert response.status_code == 200
        assert "Only members of a cell can comment" in response.text
        assert not Comment.objects.exists()

    def test_the_same_client_token_twice_gives_one_comment(self, client, ward):
        token = uuid.uuid4()
        client.force_login(ward["author"].user)
        post_comment(client, ward["document"], "Gửi lại do mạng yếu", token)
        post_comment(client, ward["document"], "Gửi lại do mạng yếu", token)
        assert Comment.objects.count() == 1

    def test_a_token_used_on_a_meeting_is_refused_on_a_document(self, ward, units):
        token = uuid.uuid4()
        submit_comment(make_meeting(units["C1"]), ward["author"], "Về cuộc họp", token)
        with pytest.raises(CommentError):
            submit_comment(ward["document"], ward["author"], "Về văn bản", token)
        assert Comment.objects.count() == 1

    def test_documents_never_close_for_comments(self, ward):
        comment, created = submit_comment(ward["document"], ward["author"], "Muộn vẫn được", uuid.uuid4())
        assert created and comment.status == CommentStatus.PENDING


class TestAdminQueue:
    def test_the_queue_of_each_secretary_holds_their_cells_comments_only(self, client, ward, pending):
        client.force_login(ward["secretary"].user)
        response = client.get(reverse(QUEUE_URL_NAME))
        assert response.status_code == 200
        assert "Góp ý về kế hoạch" in response.text
        client.force_login(ward["neighbour_secretary"].user)
        assert "Góp ý về kế hoạch" not in client.get(reverse(QUEUE_URL_NAME)).text

    def test_the_queue_filters_by_kind_and_by_document(self, client, ward, pending, units):
        comment_on(make_meeting(units["C1"]), ward["other_member"], "Ý kiến về cuộc họp")
        client.force_login(ward["secretary"].user)
        url = reverse(QUEUE_URL_NAME)
        documents = client.get(url, {"kind": "document"}).text
        assert "Góp ý về kế hoạch" in documents
        assert "Ý kiến về cuộc họp" not in documents
        meetings = client.get(url, {"kind": "meeting"}).text
        assert "Ý kiến về cuộc họp" in meetings
        assert "Góp ý về kế hoạch" not in meetings
        one_document = client.get(url, {"document": ward["document"].pk}).text
        assert "Góp ý về kế hoạch" in one_document
        assert "Ý kiến về cuộc họp" not in one_document

    def test_the_c1_secretary_approves_it_in_bulk(self, client, ward, pending):
        client.force_login(ward["secretary"].user)
        assert client.post(bulk_url("approve_comments", [pending]), {"reason": ""}).status_code == 302
        pending.refresh_from_db()
        assert pending.status == CommentStatus.APPROVED


class TestQueryCounts:
    @pytest.mark.parametrize("viewer", ["other_member", "secretary"])
    def test_the_document_page_keeps_a_constant_number_of_queries(
        self, client, ward, units, viewer, django_capture_on_commit_callbacks
    ):
        def grow(rounds):
            for _round in range(rounds):
                for cell, secretary in ((units["C1"], ward["secretary"]), (units["C2"], ward["neighbour_secretary"])):
                    author = make_person(cell)
                    moderate(comment_on(ward["document"], author, "Đồng ý"), secretary.user, Decision.APPROVE)
                    comment_on(ward["document"], author, "Chờ duyệt")

        client.force_login(ward[viewer].user)
        url = ward["document"].url
        grow(1)
        with django_capture_on_commit_callbacks(execute=True):
            count_queries(client, url)  # warm the caches of the first request, the reading record's once committed
        before = count_queries(client, url)
        cold_before = cold_queries(client, url)
        grow(3)
        with django_capture_on_commit_callbacks(execute=True):
            count_queries(
                client, url
            )  # fill the page cache again after the changes (the reading record's once committed)
        assert count_queries(client, url) == before == 2  # issue 12: at most 12
        assert cold_queries(client, url) == cold_before  # computing the page does not grow either
