"""Telling people things: an in-app notice at once, the email later by a background task.

The email never goes out inside the request that caused it (DESIGN.md, "Reading, reminders,
engagement"): the task is enqueued once the transaction commits, and the immediate backend
used in development and tests simply runs it then.
"""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommentStatus, MeetingAnnouncement, Notification, NotificationKind, Person, Role


def notify(people, kind, title, body="", url=""):
    """Create one inbox notice per person and schedule their emails."""
    return deliver([Notification(person=person, kind=kind, title=title, body=body, url=url) for person in people])


def deliver(notices):
    """Save unsaved `notices` in one query and schedule their emails after the commit."""
    notices = Notification.objects.bulk_create(notices)
    ids = [notice.pk for notice in notices]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return notices


@task()
def send_notification_emails(notification_ids):
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
    )
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    messages = [
        (notice.title, f"{notice.body}\n\n{base_url}{notice.url}".strip(), None, [notice.person.email])
        for notice in notices
    ]
    send_mass_mail(messages, fail_silently=False)
    Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed_at=timezone.now())
    return len(messages)


DECISION_TITLES = {
    CommentStatus.APPROVED: lambda: _("Your comment was approved"),
    CommentStatus.REJECTED: lambda: _("Your comment was rejected"),
    CommentStatus.HIDDEN: lambda: _("Your comment was hidden"),
}


def notify_moderation_decisions(comments):
    """Tell each author the decision on their comment and its reason (comments with page and author loaded)."""
    notices = []
    for comment in comments:
        on_page = _("Meeting: %(title)s") if comment.meeting_id else _("Document: %(title)s")
        lines = [on_page % {"title": comment.page.title}, "", comment.body]
        if comment.moderation_reason:
            lines += ["", _("Reason: %(reason)s") % {"reason": comment.moderation_reason}]
        if comment.reply:
            lines += ["", _("Reply from the secretary: %(reply)s") % {"reply": comment.reply}]
        notices.append(
            Notification(
                person=comment.author,
                kind=NotificationKind.COMMENT_MODERATED,
                title=DECISION_TITLES[comment.status](),
                body="\n".join(lines),
                url=f"{comment.page.url}#comment-{comment.pk}",
            )
        )
    return deliver(notices)


def announce_conclusions_once(meeting):
    """Announce the conclusions unless they were already announced; the unique announcement row
    decides, so re-publishing, old revisions or two publishes at once never announce twice."""
    try:
        with transaction.atomic():
            MeetingAnnouncement.objects.create(meeting=meeting, kind=NotificationKind.CONCLUSIONS_PUBLISHED)
    except IntegrityError:
        return []
    return announce_conclusions(meeting)


def announce_conclusions(meeting):
    """Tell everyone holding a current role on the meeting's unit that its conclusions are published."""
    people = Person.objects.filter(
        pk__in=Role.objects.current().filter(unit_id=meeting.owning_unit_id).values("person_id")
    )
    return notify(
        people,
        NotificationKind.CONCLUSIONS_PUBLISHED,
        _("Conclusions of %(title)s") % {"title": meeting.title},
        _("The decisions and tasks of the meeting are published."),
        meeting.url,
    )
