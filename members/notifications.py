"""Telling one person something: an in-app notice at once, the email later by a background task.

Notices to whole units (a page published) are members.notices. The email never goes out inside
the request that caused it (DESIGN.md, "Reading, reminders, engagement"): the task is enqueued
once the transaction commits, and the immediate backend used in development and tests simply
runs it then. Only people who chose one email per notice get one here; the daily summary
(`send_notice_digests`) counts the rest.
"""

from django_tasks import task

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import (
    CommentStatus,
    NoticeEmail,
    Notification,
    NotificationKind,
    Person,
    Role,
    kinds_where,
)
from members.notices import BATCH, notices_changed, send_counts


def notify(people, kind, title, body="", url=""):
    """Create one inbox notice per person and schedule their emails."""
    return deliver([Notification(person=person, kind=kind, title=title, body=body, url=url) for person in people])


def notify_each(messages):
    """One inbox notice per (person, kind, title, body, url), saved in one query; emails after the commit."""
    return deliver(
        [
            Notification(person=person, kind=kind, title=title, body=body, url=url)
            for person, kind, title, body, url in messages
        ]
    )


def deliver(notices):
    """Save unsaved `notices` in one query and schedule their emails after the commit."""
    notices = Notification.objects.bulk_create(notices, batch_size=BATCH)
    notices_changed(notice.person_id for notice in notices)
    ids = [notice.pk for notice in notices]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return notices


@task()
def send_notification_emails(notification_ids):
    notices = list(
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, person__notice_email=NoticeEmail.EACH
        )
        .exclude(person__email="")
        .values_list("pk", "person__email")
    )
    # Marked first: a retried task must not send twice, and the inbox holds the notice anyway.
    Notification.objects.filter(pk__in=[pk for pk, _email in notices]).update(emailed_at=timezone.now())
    return send_counts((email, 1) for _pk, email in notices)


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


MODERATING_KINDS = kinds_where(lambda rules: rules.moderates_comments)


def notify_comment_submitted(comment, page):
    """Tell the secretary and deputies of the comment's cell that a comment waits for them."""
    moderators = Person.objects.filter(
        pk__in=Role.objects.current().filter(unit_id=comment.cell_id, kind__in=MODERATING_KINDS).values("person_id")
    ).exclude(pk=comment.author_id)
    return notify(
        moderators,
        NotificationKind.COMMENT_SUBMITTED,
        _("A comment waits for moderation"),
        _("On: %(title)s") % {"title": page.title},
        f"{page.url}#comment-{comment.pk}",
    )
