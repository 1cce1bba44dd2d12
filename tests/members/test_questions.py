"""Members ask the editorial teams; the editors and chief editors of the unit asked and of the units
above it answer in the admin; an answer becomes a Q&A page without the asker's cell (issue 10)."""

import json
import uuid

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

from members.models import Notification, NotificationKind, Question, QuestionStatus, RoleKind
from members.questions.services import answer, ask, draft_page
from members.services import end_role, grant_role
from site_pages.models import QuestionAnswerPage, QuestionIndexPage
from tests.factories import make_person
from tests.members.meeting_helpers import read_in_english

pytestmark = pytest.mark.django_db

QUESTIONS_URL = "/me/questions/"


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def asked(org, unit, text="Đảng viên đi biển dài ngày sinh hoạt thế nào?", **options):
    question, _created = ask(
        org["asker"], unit.pk, text, options.get("may_show_name", False), options.get("token", uuid.uuid4())
    )
    return question


def post_question(client, unit, text="Câu hỏi về sinh hoạt chi bộ", token=None, **extra):
    data = {"unit": unit.pk, "text": text, "client_token": str(token or uuid.uuid4()), **extra}
    return client.post(QUESTIONS_URL, data)


def admin_url(name, question):
    return reverse(f"wagtailsnippets_members_question:{name}", args=[question.pk])


def queue_url():
    return reverse("wagtailsnippets_members_question:list")


class TestAsking:
    def test_the_form_offers_only_the_units_of_the_chain_with_someone_to_answer(self, client, units, org):
        client.force_login(org["asker"].user)
        offered = client.get(QUESTIONS_URL).context["form"].fields["unit"].choices
        assert [pk for pk, _title in offered] == [units["P1"].pk, units["W1"].pk]

    def test_a_unit_without_editors_is_not_offered(self, client, units, org):
        end_role(org["ward_editor"].roles.get())
        client.force_login(org["asker"].user)
        offered = client.get(QUESTIONS_URL).context["form"].fields["unit"].choices
        assert [pk for pk, _title in offered] == [units["P1"].pk]

    def test_the_central_level_only_when_the_deployment_allows_it(self, client, units, org, settings):
        make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["TW"])
        client.force_login(org["asker"].user)
        assert units["TW"].pk not in dict(client.get(QUESTIONS_URL).context["form"].fields["unit"].choices)
        settings.HANDBOOK_QUESTIONS_TO_CENTRAL = True
        assert units["TW"].pk in dict(client.get(QUESTIONS_URL).context["form"].fields["unit"].choices)

    def test_a_member_asks_and_sees_the_question_with_its_status(self, client, units, org):
        client.force_login(org["asker"].user)
        response = post_question(client, units["W1"], "Nghị quyết mới áp dụng từ khi nào?", may_show_name="on")
        question = Question.objects.get()
        assert response["Location"] == f"{QUESTIONS_URL}#question-{question.pk}"
        assert (question.asker, question.unit_id, question.may_show_name) == (org["asker"], units["W1"].pk, True)
        page = client.get(QUESTIONS_URL).content.decode()
        assert "Nghị quyết mới áp dụng từ khi nào?" in page and "Awaiting an answer" in page

    def test_a_resent_form_asks_once(self, client, units, org):
        client.force_login(org["asker"].user)
        token = uuid.uuid4()
        post_question(client, units["W1"], token=token)
        post_question(client, units["W1"], token=token)
        assert Question.objects.count() == 1

    def test_a_unit_outside_the_chain_is_refused_with_a_message(self, client, units, org):
        client.force_login(org["asker"].user)
        response = post_question(client, units["W2"])
        assert response.status_code == 200
        assert not Question.objects.exists()
        assert "Choose one of the units offered" in response.content.decode()

    def test_empty_and_overlong_questions_are_refused(self, client, units, org):
        client.force_login(org["asker"].user)
        assert "Write your question" in post_question(client, units["W1"], "   ").content.decode()
        assert "at most 2000 characters" in post_question(client, units["W1"], "x" * 2001).content.decode()
        assert not Question.objects.exists()

    def test_the_text_stays_plain(self, client, units, org):
        client.force_login(org["asker"].user)
        post_question(client, units["W1"], "<script>alert(1)</script>")
        page = client.get(QUESTIONS_URL).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page

    def test_rate_limited_like_comments(self, client, units, org, settings):
        settings.QUESTIONS_PER_MINUTE = 2
        client.force_login(org["asker"].user)
        for _number in range(2):
            post_question(client, units["W1"])
        response = post_question(client, units["W1"])
        assert Question.objects.count() == 2
        assert "many questions in the last minute" in response.content.decode()

    def test_a_login_without_a_cell_is_offered_nothing(self, client, org):
        client.force_login(org["ward_editor"].user)
        response = client.get(QUESTIONS_URL)
        assert response.status_code == 200 and response.context["units"] == []

    def test_linked_from_the_member_page(self, client, org):
        client.force_login(org["asker"].user)
        assert f'href="{QUESTIONS_URL}"' in client.get("/me/").content.decode()


class TestWhoReadsAQuestion:
    def test_the_unit_asked_and_the_units_above_see_it_in_the_queue(self, client, units, org):
        question = asked(org, units["W1"])
        for reader in ("ward_editor", "province_chief"):
            client.force_login(org[reader].user)
            assert question.text in client.get(queue_url()).content.decode()
            assert client.get(admin_url("edit", question)).status_code == 200

    def test_other_units_staff_get_404(self, client, units, org):
        question = asked(org, units["W1"])
        for outsider in ("other_ward_editor", "other_province_chief"):
            client.force_login(org[outsider].user)
            assert question.text not in client.get(queue_url()).content.decode()
            for name in ("edit", "inspect", "history", "usage", "draft_page"):
                assert client.get(admin_url(name, question)).status_code == 404, name
            assert client.post(admin_url("edit", question), {"answer": "Trả lời"}).status_code == 404
        assert Question.objects.get().is_open

    def test_a_question_to_the_province_is_not_the_wards(self, client, units, org):
        question = asked(org, units["P1"])
        client.force_login(org["ward_editor"].user)
        assert client.get(admin_url("edit", question)).status_code == 404
        client.force_login(org["province_chief"].user)
        assert client.get(admin_url("edit", question)).status_code == 200

    def test_secretaries_and_members_have_no_queue(self, client, units, org):
        question = asked(org, units["W1"])
        for person in ("secretary", "other_cell_member"):
            client.force_login(org[person].user)
            assert client.get(queue_url()).status_code in (302, 403)
            assert question.text not in client.get(admin_url("edit", question), follow=True).content.decode()

    def test_a_member_of_another_cell_never_sees_it(self, client, units, org):
        question = asked(org, units["W1"])
        answer(question, org["ward_editor"].user, "Câu trả lời riêng")
        client.force_login(org["other_cell_member"].user)
        page = client.get(QUESTIONS_URL).content.decode()
        assert question.text not in page and "Câu trả lời riêng" not in page

    def test_filters_open_answered_published(self, client, units, org):
        open_question = asked(org, units["W1"], "Câu hỏi còn chờ")
        answered = asked(org, units["W1"], "Câu hỏi đã trả lời")
        answer(answered, org["ward_editor"].user, "Đã trả lời")
        client.force_login(org["ward_editor"].user)
        listed = client.get(queue_url(), {"status": "answered"}).content.decode()
        assert answered.text in listed and open_question.text not in listed


class TestAnswering:
    def test_the_answer_is_written_on_the_questions_admin_page_and_the_asker_told(
        self, client, units, org, django_capture_on_commit_callbacks
    ):
        question = asked(org, units["W1"])
        client.force_login(org["ward_editor"].user)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(admin_url("edit", question), {"answer": "Sinh hoạt ghép khi tàu về bến."})
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.status == QuestionStatus.ANSWERED
        assert question.answer == "Sinh hoạt ghép khi tàu về bến."
        assert question.answered_by == org["ward_editor"].user and question.answered_at
        notice = Notification.objects.get(person=org["asker"])
        assert notice.kind == NotificationKind.QUESTION_ANSWERED
        assert "Sinh hoạt ghép khi tàu về bến." in notice.body
        # The email says only that there is something new: no members-only text leaves the handbook.
        assert [message.to for message in mail.outbox] == [["asker@example.com"]]
        assert "tàu về bến" not in mail.outbox[0].body and question.text not in mail.outbox[0].body
        history = ModelLogEntry.objects.filter(object_id=str(question.pk), action="members.question.answer")
        assert history.get().user == org["ward_editor"].user
        assert "Publish as Q&amp;A" in client.get(admin_url("edit", question)).content.decode()
        client.post(admin_url("edit", question), {"answer": "Sinh hoạt ghép khi tàu về bến."})
        assert Notification.objects.filter(person=org["asker"]).count() == 1  # saved again unchanged
        asker_view = client.get(QUESTIONS_URL)  # still the editor: their own list, not the asker's
        assert question.text not in asker_view.content.decode()

    def test_the_asker_reads_the_answer_on_their_page(self, client, units, org):
        question = asked(org, units["W1"])
        answer(question, org["province_chief"].user, "Trả lời của tỉnh")
        client.force_login(org["asker"].user)
        page = client.get(QUESTIONS_URL).content.decode()
        assert "Trả lời của tỉnh" in page and "Answered" in page

    def test_the_answer_cannot_be_empty_and_only_the_answer_is_written(self, client, units, org):
        question = asked(org, units["W1"])
        client.force_login(org["ward_editor"].user)
        client.post(admin_url("edit", question), {"answer": ""})
        assert Question.objects.get().is_open
        client.post(admin_url("edit", question), {"answer": "Trả lời", "text": "Đổi câu hỏi", "unit": units["W2"].pk})
        question.refresh_from_db()
        assert (question.text, question.unit_id) == ("Đảng viên đi biển dài ngày sinh hoạt thế nào?", units["W1"].pk)

    def test_history_shows_who_answered(self, client, units, org):
        question = asked(org, units["W1"])
        answer(question, org["ward_editor"].user, "Lần đầu")
        answer(question, org["province_chief"].user, "Sửa lại")
        client.force_login(org["province_chief"].user)
        history = client.get(admin_url("history", question)).content.decode()
        assert "Question answered" in history
        assert Notification.objects.filter(person=org["asker"], kind=NotificationKind.QUESTION_ANSWERED).count() == 2


def revisions_json(page):
    return [json.dumps(revision.content, ensure_ascii=False) for revision in page.revisions.all()]


class TestPublishing:
    def answered(self, org, units, **options):
        question = asked(org, units["W1"], **options)
        return answer(question, org["ward_editor"].user, "Chi bộ tổ chức sinh hoạt ghép khi tàu về bến.")

    def test_the_draft_names_neither_the_asker_nor_their_cell(self, client, units, org):
        question = self.answered(org, units)
        client.force_login(org["ward_editor"].user)
        assert client.get(admin_url("draft_page", question)).status_code == 200
        response = client.post(admin_url("draft_page", question))
        page = QuestionAnswerPage.objects.get()
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert not page.live and page.get_parent().specific_class is QuestionIndexPage
        assert page.get_parent().get_parent().pk == units["W1"].pk and page.owning_unit_id == units["W1"].pk
        assert page.question == question.text and page.asker_name == ""
        assert page.workflow_in_progress
        asker = org["asker"]
        secrets = [asker.full_name, asker.card_number, asker.user.username, units["C1"].title]
        for content in revisions_json(page):
            assert not [secret for secret in secrets if secret in content]
        assert Question.objects.get().page_id == page.pk

    def test_the_name_only_when_the_asker_agreed_and_never_the_cell(self, units, org):
        question = self.answered(org, units, may_show_name=True)
        page = draft_page(question, org["ward_editor"].user)
        assert page.asker_name == "Trần Văn Hỏi"
        for content in revisions_json(page):
            assert units["C1"].title not in content and org["asker"].card_number not in content

    def test_drafting_twice_gives_the_same_page_and_an_open_question_none(self, units, org):
        question = self.answered(org, units)
        assert draft_page(question, org["ward_editor"].user).pk == draft_page(question, org["ward_editor"].user).pk
        assert QuestionAnswerPage.objects.count() == 1 and QuestionIndexPage.objects.count() == 1
        with pytest.raises(Exception, match="Answer the question"):
            draft_page(asked(org, units["W1"]), org["ward_editor"].user)

    def test_the_published_page_follows_the_visibility_rule_and_is_found(self, client, units, org):
        question = self.answered(org, units)
        page = draft_page(question, org["ward_editor"].user)
        page.get_latest_revision().publish(user=org["province_chief"].user)
        assert Question.objects.get().status == QuestionStatus.PUBLISHED
        page.refresh_from_db()
        client.force_login(org["other_cell_member"].user)  # C2, same ward: reads the ward's pages
        assert client.get(page.url).status_code == 200
        assert page.title in client.get("/search/", {"q": "tau ve ben"}).content.decode()
        client.force_login(make_person(units["C4"]).user)  # another province
        assert client.get(page.url).status_code == 404
        assert page.title not in client.get("/search/", {"q": "tau ve ben"}).content.decode()
        assert Question.objects.get().status == QuestionStatus.PUBLISHED

    def test_the_units_qa_index_lists_the_published_answers(self, client, units, org):
        page = draft_page(self.answered(org, units), org["ward_editor"].user)
        page.get_latest_revision().publish(user=org["province_chief"].user)
        index = QuestionIndexPage.objects.get()
        assert index.title == "Hỏi đáp" and index.live
        client.force_login(org["other_cell_member"].user)
        listing = client.get(index.url).content.decode()
        assert page.title in listing
        assert org["asker"].full_name not in client.get(QuestionAnswerPage.objects.get().url).content.decode()


class TestOrphanedQuestions:
    def test_the_open_questions_of_a_unit_left_without_answerers_move_up(
        self, units, org, django_capture_on_commit_callbacks
    ):
        question = asked(org, units["W1"])
        answered = answer(asked(org, units["W1"], "Đã trả lời rồi"), org["ward_editor"].user, "Có")
        with django_capture_on_commit_callbacks(execute=True):
            end_role(org["ward_editor"].roles.get())
        assert Question.objects.get(pk=question.pk).unit_id == units["P1"].pk
        assert Question.objects.get(pk=answered.pk).unit_id == units["W1"].pk
        moved = Notification.objects.get(person=org["asker"], kind=NotificationKind.QUESTION_MOVED)
        assert units["P1"].title in moved.title
        assert ModelLogEntry.objects.filter(object_id=str(question.pk), action="members.question.move").exists()

    def test_a_deleted_role_moves_them_too_skipping_a_unit_without_answerers(
        self, units, org, django_capture_on_commit_callbacks
    ):
        question = asked(org, units["W1"])
        end_role(org["province_chief"].roles.get())
        central = make_person(None, kind=RoleKind.EDITOR, unit=units["TW"])
        with django_capture_on_commit_callbacks(execute=True):
            org["ward_editor"].roles.get().delete()
        assert Question.objects.get(pk=question.pk).unit_id == units["TW"].pk
        assert central  # the central editor now reads it

    def test_they_stay_while_someone_is_left(self, units, org, django_capture_on_commit_callbacks):
        question = asked(org, units["W1"])
        grant_role(org["province_chief"], units["W1"], RoleKind.EDITOR)
        with django_capture_on_commit_callbacks(execute=True):
            end_role(org["ward_editor"].roles.get())
        assert Question.objects.get(pk=question.pk).unit_id == units["W1"].pk
        assert not Notification.objects.filter(kind=NotificationKind.QUESTION_MOVED).exists()


def count_queries(client, url, params=None):
    client.get(url, params)  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


class TestQueryCounts:
    @pytest.fixture(autouse=True)
    def no_rate_limit(self, settings):
        settings.QUESTIONS_PER_MINUTE = 1000

    def test_the_members_page_in_a_fixed_number_of_queries(self, client, units, org):
        client.force_login(org["asker"].user)
        for _number in range(2):
            answer(asked(org, units["W1"]), org["ward_editor"].user, "Trả lời")
        small = count_queries(client, QUESTIONS_URL)
        for _number in range(20):
            answer(asked(org, units["P1"]), org["province_chief"].user, "Trả lời")
        # session, user with their person, the cell, units offered, count, rows (the Scope and the header's unread
        # count cached)
        assert count_queries(client, QUESTIONS_URL) == small == 6

    def test_the_queue_in_a_fixed_number_of_queries(self, client, units, org):
        client.force_login(org["province_chief"].user)
        for _number in range(2):
            answer(asked(org, units["W1"]), org["ward_editor"].user, "Trả lời")
        small = count_queries(client, queue_url())
        for _number in range(20):
            asked(org, units["P1"])
        assert count_queries(client, queue_url()) == small == 11
