"""Members' comments on meetings and official documents: submitting, editing, withdrawing and moderating.

A comment's `cell` decides who moderates it and which members read it once approved: a
meeting's owning unit, or the author's current cell for a document, which every cell discusses
on its own. Moderation rights key on that one column for both kinds.

Every change of status is a conditional UPDATE on the status it expects, so two people acting
on one comment at once leave exactly one decision; the other gets AlreadyModerated.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from members.comments.generations import comments_changed
from members.models import COMMENT_MAX_LENGTH, Comment, CommentStatus
from members.notifications import notify_comment_submitted, notify_moderation_decisions
from members.rate_limits import over_rate
from members.services import current_cell
from site_pages.models import MeetingPage, OfficialDocumentPage
from site_pages.visibility import Scope, can_view

REASON_MAX_LENGTH = 500


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    HIDE = "hide"


# decision → (statuses it may act on, resulting status, audit-log action)
DECISIONS = {
    Decision.APPROVE: ((CommentStatus.PENDING,), CommentStatus.APPROVED, "members.comment.approve"),
    Decision.REJECT: ((CommentStatus.PENDING,), CommentStatus.REJECTED, "members.comment.reject"),
    Decision.HIDE: ((CommentStatus.PENDING, CommentStatus.APPROVED), CommentStatus.HIDDEN, "members.comment.hide"),
}
LOG_ACTIONS = {
    "members.comment.approve": (gettext_lazy("Approve comment"), gettext_lazy("Comment approved")),
    "members.comment.reject": (gettext_lazy("Reject comment"), gettext_lazy("Comment rejected")),
    "members.comment.hide": (gettext_lazy("Hide comment"), gettext_lazy("Comment hidden")),
}


class CommentError(Exception):
    """A refusal with a message fit to show the person who asked."""


class CommentsClosed(CommentError):
    pass


class RateLimited(CommentError):
    pass


class NotAllowed(CommentError):
    pass


class AlreadyModerated(CommentError):
    pass


def clean_body(body):
    body = (body or "").strip()
    if not body:
        raise CommentError(_("Write something before sending."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise CommentError(
            _("A comment can be at most %(max)d characters; this one has %(count)d.")
            % {"max": COMMENT_MAX_LENGTH, "count": len(body)}
        )
    return body


def _placement(page, person, now, written_at):
    """The fields that place a new comment by `person` on `page`: the page and the moderating cell."""
    if isinstance(page, MeetingPage):
        if not page.comments_open(now) and not _late_but_taken(page, now, written_at):
            if written_at is not None and written_at < page.starts_at:
                raise CommentsClosed(
                    _(
                        "Your opinion was written before the meeting but reached the handbook more than "
                        "%(hours)d hours after it started: it can no longer be taken."
                    )
                    % {"hours": settings.LATE_OPINION_HOURS}
                )
            raise CommentsClosed(_("Comments are closed: the meeting has started."))
        return {"meeting": page, "cell_id": page.owning_unit_id}
    if isinstance(page, OfficialDocumentPage):
        cell = current_cell(person)
        if cell is None:
            raise NotAllowed(
                _("Only members of a cell can comment on documents: your comment goes to your cell's discussion.")
            )
        return {"document": page, "cell": cell}
    raise NotAllowed(_("Comments are not taken on this page."))


def _late_but_taken(meeting, now, written_at):
    """Written before the meeting started (on the phone's word) and arrived within LATE_OPINION_HOURS."""
    late_until = meeting.starts_at + timedelta(hours=settings.LATE_OPINION_HOURS)
    return written_at is not None and written_at < meeting.starts_at and now <= late_until


@transaction.atomic
def submit_comment(page, person, body, client_token, *, now=None, written_at=None):
    """Comment on a meeting or an official document; return `(comment, created)`.

    A token already used by `person` returns that comment unchanged. `written_at` is when the
    phone queued it, if it was sent later; it is kept (never later than now) and shown beside the
    time it arrived.
    """
    existing = Comment.objects.filter(author=person, client_token=client_token).first()
    if existing is not None:
        if existing.page_id != page.pk:
            raise CommentError(_("This form was already used for another page. Reload the page and try again."))
        return existing, False
    if not can_view(person.user, page):
        raise NotAllowed(_("You cannot comment on this page."))
    now = now or timezone.now()
    written_at = min(written_at, now) if written_at is not None else None
    placement = _placement(page, person, now, written_at)
    body = clean_body(body)
    if over_rate(Comment.objects.filter(author=person), settings.COMMENTS_PER_MINUTE, now):
        raise RateLimited(_("You have sent many comments in the last minute. Wait a minute, then send again."))
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                **placement, author=person, body=body, client_token=client_token, written_at=written_at
            )
    except IntegrityError:
        # The same token arrived twice at once: the other request created it.
        return Comment.objects.get(author=person, client_token=client_token), False
    notify_comment_submitted(comment, page)
    return comment, True


def edit_own_comment(comment, person, body):
    body = clean_body(body)
    changed = Comment.objects.filter(pk=comment.pk, author=person, status=CommentStatus.PENDING).update(
        body=body, updated_at=timezone.now()
    )
    if not changed:
        raise CommentError(_("This comment can no longer be changed: it was already moderated or withdrawn."))
    comments_changed([comment.page_id])
    comment.body = body
    return comment


def withdraw_own_comment(comment, person):
    changed = Comment.objects.filter(pk=comment.pk, author=person, status=CommentStatus.PENDING).update(
        status=CommentStatus.WITHDRAWN, updated_at=timezone.now()
    )
    if not changed:
        raise CommentError(_("This comment can no longer be withdrawn: it was already moderated."))
    comments_changed([comment.page_id])
    comment.status = CommentStatus.WITHDRAWN
    return comment


def pending_count(user):
    """How many comments wait in the cells `user` moderates; None (and no query) for everyone else."""
    scope = Scope.for_user(user)
    if not scope.moderated_cell_ids:
        return None
    return Comment.objects.moderated_in(scope).filter(status=CommentStatus.PENDING).count()


def can_moderate(user, meeting):
    """Whether `user` moderates the comments on `meeting` (all belong to its owning unit)."""
    return Scope.for_user(user).moderates(meeting.owning_unit_id)


def can_moderate_comment(user, comment):
    return Scope.for_user(user).moderates(comment.cell_id)


def _check_reason(decision, reason):
    reason = (reason or "").strip()
    if decision in (Decision.REJECT, Decision.HIDE) and not reason:
        raise CommentError(_("Give a reason: the author will see it."))
    if len(reason) > REASON_MAX_LENGTH:
        raise CommentError(_("The reason can be at most %(max)d characters.") % {"max": REASON_MAX_LENGTH})
    return reason


def moderate(comment, user, decision, reason="", reply=""):
    return bulk_moderate([comment], user, decision, reason, reply)[0]


@transaction.atomic
def bulk_moderate(comments, user, decision, reason="", reply=""):
    """Apply one decision to all `comments` or to none of them.

    Refused whole if any comment is outside the user's cells or was already decided.
    """
    if decision not in DECISIONS:
        raise CommentError(_("Unknown decision."))
    reason = _check_reason(decision, reason)
    reply = (reply or "").strip()
    if len(reply) > COMMENT_MAX_LENGTH:
        raise CommentError(_("The reply can be at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH})
    ids = [comment.pk for comment in comments]
    if not ids:
        raise CommentError(_("Choose at least one comment."))
    targets = Comment.objects.filter(pk__in=ids)
    if targets.exclude(pk__in=Comment.objects.moderated_in(Scope.for_user(user)).values("pk")).exists():
        raise NotAllowed(_("You can only moderate the comments of your own cells. Nothing was changed."))
    from_statuses, new_status, action = DECISIONS[decision]
    now = timezone.now()
    changes = {"status": new_status, "moderation_reason": reason, "moderated_by": user, "moderated_at": now}
    if reply:
        changes["reply"] = reply
    changed = targets.filter(status__in=from_statuses).update(**changes, updated_at=now)
    if changed != len(set(ids)):
        # Someone else decided first; raising rolls back whatever this call changed.
        if len(ids) == 1:
            raise AlreadyModerated(_("This comment was already moderated by someone else."))
        raise AlreadyModerated(_("Some of these comments were already moderated. Nothing was changed."))
    decided = list(targets.select_related("meeting", "document", "author"))
    comments_changed(comment.page_id for comment in decided)
    for comment in decided:
        log(comment, action, user=user, data={"reason": reason, "status": new_status})
    notify_moderation_decisions(decided)
    return decided
