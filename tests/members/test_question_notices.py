"""The answering staff of the unit asked are told of a new question, and of one moved to them (issue 10)."""

from datetime import timedelta

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import NoticeEmail, Notification, NotificationKind, Question, RoleKind
from members.notices import send_digests
from members.services import end_role, grant_role
from tests.members.meeting_helpers import read_in_english
from tests.members.test_questions import asked, post_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def told(person):
    return list(Notification.objects.filter(person=person, kind=NotificationKind.QUESTION_ASKED))


def choose(person, email, notice_email):
    person.email, person.notice_email = email, notice_email
    person.save()


class TestAnswerersAreTold:
    def test_a_question_tells_the_units_editors_and_no_one_else(
        self, client, units, org, django_capture_on_commit_callbacks
    ):
        choose(org["ward_editor"], "ward.editor@example.com", NoticeEmail.EACH)
        choose(org["other_ward_editor"], "other.editor@example.com", NoticeEmail.EACH)
        client.force_login(org["asker"].user)
        with django_capture_on_commit_callbacks(execute=True):
            post_question(client, units["W1"], "Sinh hoạt chi bộ trên tàu thế nào?")
        [notice] = told(org["ward_editor"])
        assert notice.title == f"A member asks {units['W1'].title}"
        assert notice.body == "Sinh hoạt chi bộ trên tàu thế nào?"
        assert notice.url == reverse("wagtailsnippets_members_question:edit", args=[Question.objects.get().pk])
        for other in ("province_chief", "other_ward_editor", "other_province_chief", "secretary", "asker"):
            assert told(org[other]) == [], other
        assert [message.to for message in mail.outbox] == [["ward.editor@example.com"]]

    def test_an_editor_who_is_also_chief_editor_is_told_once(self, units, org):
        grant_role(org["ward_editor"], units["W1"], RoleKind.CHIEF_EDITOR)
        asked(org, units["W1"])
        assert len(told(org["ward_editor"])) == 1

    def test_the_daily_summary_counts_the_notice(self, units, org):
        choose(org["ward_editor"], "ward.editor@example.com", NoticeEmail.DAILY)
        asked(org, units["W1"])
        assert send_digests(timezone.now() + timedelta(days=1)) == 1
        assert [message.to for message in mail.outbox] == [["ward.editor@example.com"]]

    def test_a_question_moved_up_tells_the_new_units_staff(self, units, org, django_capture_on_commit_callbacks):
        question = asked(org, units["W1"])
        with django_capture_on_commit_callbacks(execute=True):
            end_role(org["ward_editor"].roles.get())
        [notice] = told(org["province_chief"])
        assert notice.url == reverse("wagtailsnippets_members_question:edit", args=[question.pk])
        assert told(org["other_province_chief"]) == []
        assert told(org["other_ward_editor"]) == []
