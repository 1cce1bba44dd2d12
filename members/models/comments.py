"""Members' comments on meetings and official documents: plain text, pre-moderated by a cell's secretaries.

A comment is on exactly one page, a meeting or an official document, and belongs to the unit
whose secretaries moderate it and whose members read it (`cell`): the meeting's owning unit, or
for a document the author's cell when writing, since each cell discusses the document itself.
Changes of status go through members.comments (the services), never through a form.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import Person

COMMENT_MAX_LENGTH = 2000


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")
    # Kept as a row, not deleted, so that a resend of the same client token stays harmless.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CommentQuerySet(models.QuerySet):
    """Who sees and who moderates which comments. `scope` is the person's
    site_pages.visibility.Scope, passed in because this layer sits below the rule."""

    def moderated_in(self, scope):
        """Comments of the cells `scope` moderates."""
        return self if scope.everything else self.filter(cell_id__in=scope.moderated_cell_ids)

    def shown_to(self, scope, person, discussion_cell_id):
        """What a page shows `person`: every comment of the cells they moderate, the approved
        comments of the cell whose discussion the page shows (a meeting's cell, or the person's
        own cell on a document) and their own. Withdrawn comments are shown to nobody."""
        shown = self.exclude(status=CommentStatus.WITHDRAWN)
        if scope.everything:
            return shown
        condition = Q(cell_id__in=scope.moderated_cell_ids)
        if discussion_cell_id is not None:
            condition |= Q(cell_id=discussion_cell_id, status=CommentStatus.APPROVED)
        if person is not None:
            condition |= Q(author=person)
        return shown.filter(condition)


# Below this, the time it arrived is time enough to show.
SENT_LATE_AFTER = timedelta(minutes=10)


class Comment(models.Model):
    meeting = models.ForeignKey(
        "site_pages.MeetingPage",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    document = models.ForeignKey(
        "site_pages.OfficialDocumentPage",
        verbose_name=_("official document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    cell = models.ForeignKey(
        "site_pages.UnitPage",
        verbose_name=_("cell"),
        editable=False,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The unit whose secretaries moderate the comment and whose members read it."),
    )
    author = models.ForeignKey(Person, verbose_name=_("author"), on_delete=models.CASCADE, related_name="comments")
    # When the phone says it was written, if it was sent later (an opinion queued with no link).
    written_at = models.DateTimeField(_("written at"), null=True, blank=True, editable=False)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING, editable=False
    )
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    reply = models.TextField(_("secretary's reply"), max_length=COMMENT_MAX_LENGTH, blank=True, editable=False)
    client_token = models.UUIDField(_("client token"), editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "client_token"], name="one_comment_per_client_token"),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, document__isnull=True)
                | Q(meeting__isnull=True, document__isnull=False),
                name="comment_on_one_meeting_or_document",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status", "created_at"]),
            models.Index(fields=["document", "cell", "status"]),
            models.Index(fields=["cell", "status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        excerpt = self.body if len(self.body) <= 60 else f"{self.body[:57]}…"
        return excerpt

    @property
    def was_sent_late(self):
        """Queued on a phone with no link and received more than a few minutes after it was written."""
        return self.written_at is not None and self.created_at - self.written_at > SENT_LATE_AFTER

    @property
    def anchor(self):
        """The id of the comment on its page; a confirmation tagged with it is shown beside it."""
        return f"comment-{self.pk}"

    @property
    @admin.display(description=_("page"))
    def page(self):
        """The meeting or official document commented on (load it with select_related)."""
        return self.meeting if self.meeting_id else self.document

    @property
    def page_id(self):
        return self.meeting_id or self.document_id

    @property
    def is_pending(self):
        return self.status == CommentStatus.PENDING
