"""The in-app inbox. Emails for the same notices are sent by a background task (members.notifications)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person


class NotificationKind(models.TextChoices):
    COMMENT_MODERATED = "comment_moderated", _("Comment moderated")
    CONCLUSIONS_PUBLISHED = "conclusions_published", _("Meeting conclusions published")
    DOCUMENTS_RELEASED = "documents_released", _("Meeting documents released")
    REMINDER = "reminder", _("Reminder to read")


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


class MeetingAnnouncement(models.Model):
    """That a meeting's news of `kind` went out: at most one row each, so it goes out once."""

    meeting = models.ForeignKey(
        "site_pages.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting announcement")
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="one_announcement_per_kind")]

    def __str__(self):
        return f"{self.kind} — {self.meeting_id}"
