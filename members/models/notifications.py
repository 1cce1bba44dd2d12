"""The in-app inbox: notices to a whole unit stored once, notices to one person stored per person.

A page published by a unit concerns everyone whose pages include that unit's, up to a whole
province: one `UnitNotice` row per page and kind; what each person has seen is a watermark
on `Person`, with a `NoticeRead` row only for a notice seen out of order. Only what concerns
one person (a decision on their comment, a comment to moderate, a reminder) is a `Notification`
row of its own. Emails are sent by background tasks
(members.notifications, members.notices).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person


class NotificationKind(models.TextChoices):
    COMMENT_MODERATED = "comment_moderated", _("Comment moderated")
    CONCLUSIONS_PUBLISHED = "conclusions_published", _("Meeting conclusions published")
    DOCUMENTS_RELEASED = "documents_released", _("Meeting documents released")
    REMINDER = "reminder", _("Reminder to read")
    PAGE_PUBLISHED = "page_published", _("Page published")
    COMMENT_SUBMITTED = "comment_submitted", _("Comment to moderate")
    QUESTION_ANSWERED = "question_answered", _("Question answered")
    QUESTION_MOVED = "question_moved", _("Question passed to another unit")
    QUESTION_ASKED = "question_asked", _("Question to answer")


class Notification(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self):
        return self.title


class UnitNotice(models.Model):
    """That `page` of `unit` was published (or its conclusions were): one row for every reader of
    the unit's pages, at most one per page and kind, so republishing never tells anyone twice."""

    unit = models.ForeignKey("site_pages.UnitPage", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "site_pages.HandbookPage", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("unit notice")
        verbose_name_plural = _("unit notices")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["page", "kind"], name="one_unit_notice_per_page_and_kind")]
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self):
        return self.title


class NoticeRead(models.Model):
    """That `person` has seen `notice` on their inbox above an older notice they have not seen yet;
    removed once their watermark (`Person.notices_seen_until`) passes it."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(UnitNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice read")
        constraints = [models.UniqueConstraint(fields=["person", "notice"], name="one_read_per_person_and_notice")]

    def __str__(self):
        return f"{self.person_id} — {self.notice_id}"
