"""Payloads in names, titles and comments inside every email the handbook sends (issue 13, item 7):
every message is plain text with no HTML part, so nothing in it can execute, and the handbook's
own emails carry none of the member's words at all."""

from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from members.comments.services import Decision, moderate
from members.models import NoticeEmail, RoleKind
from members.notices import send_digests
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import comment_on, make_meeting
from tests.site_pages.test_workflows import person_with_email, submit

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def emailed(person, choice=NoticeEmail.EACH):
    person.email = f"{person.card_number.lower()}@example.vn"
    person.notice_email = choice
    person.full_name = f"Người {PAYLOAD}"
    person.save()
    return person


def test_every_email_is_plain_text_and_ours_carry_no_payload(units, django_capture_on_commit_callbacks):
    secretary = emailed(make_person(units["C1"], kind=RoleKind.SECRETARY))
    author = emailed(make_person(units["C1"]))
    daily = emailed(make_person(units["C1"]), NoticeEmail.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        # A page announced to the cell, a comment to moderate, a decision with a reason.
        news = make_news(units["C1"], f"Tin {PAYLOAD}")
        news.save_revision().publish()
        meeting = make_meeting(units["C1"], title=f"Họp {PAYLOAD}")
        comment = comment_on(meeting, author, f"Ý kiến {PAYLOAD}")
        moderate(comment, secretary.user, Decision.REJECT, f"Lý do {PAYLOAD}")
    send_digests(timezone.now() + timedelta(days=1))
    ours = list(mail.outbox)
    # Wagtail's workflow email to the approver carries the page's title.
    chief = person_with_email(units["C1"], kind=RoleKind.CHIEF_EDITOR, unit=units["W1"])
    editor = person_with_email(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"])
    submit(units["W1"], editor, title=f"Văn bản {PAYLOAD}")
    workflow = list(mail.outbox)
    assert {address for message in ours for address in message.to} == {secretary.email, author.email, daily.email}
    assert chief.user.email in {address for message in workflow for address in message.to}
    for message in ours + workflow:
        assert message.content_subtype == "plain"
        assert getattr(message, "alternatives", []) == []
    for message in ours:
        assert "alert" not in message.subject + message.body
