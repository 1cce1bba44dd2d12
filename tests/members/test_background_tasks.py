"""Notification emails leave the request: with the production task backend they wait in
the database until the worker (`manage.py db_worker`) sends them."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.test import override_settings

from members.models import NoticeEmail, Notification, NotificationKind
from members.notifications import notify
from tests.factories import make_person
from tests.tasks import run_queued

pytestmark = pytest.mark.django_db


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_email_is_queued_then_sent_by_the_worker(units, django_capture_on_commit_callbacks):
    person = make_person(units["C1"])
    person.email = "dang.vien@example.vn"
    person.notice_email = NoticeEmail.EACH
    person.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify([person], NotificationKind.CONCLUSIONS_PUBLISHED, "Kết luận đã công bố", url="/me/")

    assert Notification.objects.filter(person=person).count() == 1
    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path="members.notifications.send_notification_emails")
    assert queued.count() == 1

    run_queued([queued.get()])

    assert [message.to for message in mail.outbox] == [["dang.vien@example.vn"]]
    assert Notification.objects.get(person=person).emailed_at is not None
    assert queued.get().status == "SUCCESSFUL"
