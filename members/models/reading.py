"""What members opened, who was told in person, and the reminders sent (members.reading, members.reach).

Only opening is recorded, never time spent: the first open once, the last at most hourly.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import Person


class ReadingRecord(models.Model):
    """That `person` opened a handbook page or downloaded a file: exactly one of the two is set."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "site_pages.HandbookPage", verbose_name=_("page"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    first_opened_at = models.DateTimeField(_("first opened at"))
    last_opened_at = models.DateTimeField(_("last opened at"))

    class Meta:
        verbose_name = _("reading record")
        verbose_name_plural = _("reading records")
        constraints = [
            # Page (or file) first: the figures ask "who opened this", a person's own row follows.
            models.UniqueConstraint(fields=["page", "person"], name="one_reading_per_page"),
            models.UniqueConstraint(fields=["document", "person"], name="one_reading_per_document"),
            models.CheckConstraint(
                condition=Q(page__isnull=False, document__isnull=True) | Q(page__isnull=True, document__isnull=False),
                name="reading_of_a_page_or_a_file",
            ),
        ]
        # "Active in the last 30 days" per person.
        indexes = [models.Index(fields=["person", "last_opened_at"])]

    def __str__(self):
        return f"{self.person_id} — {self.page_id or self.document_id}"


class InformedInPerson(models.Model):
    """A member without a smartphone told of a meeting's documents in person or given a printed copy."""

    meeting = models.ForeignKey(
        "site_pages.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("informed in person")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_in_person_mark")]

    def __str__(self):
        return f"{self.meeting_id} — {self.person_id}"


class ReminderKind(models.TextChoices):
    BY_SECRETARY = "by_secretary", _("Sent by the secretary")
    BEFORE_MEETING = "before_meeting", _("Sent automatically before the meeting")


class Reminder(models.Model):
    """The last reminder of each kind sent to a member about a meeting. `batch` names the request or
    command run that sent it, so that concurrent runs each notify only the rows they wrote."""

    meeting = models.ForeignKey(
        "site_pages.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    batch = models.UUIDField(_("batch"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["meeting", "person", "kind"], name="one_reminder_per_kind")]
        indexes = [models.Index(fields=["batch"])]

    def __str__(self):
        return f"{self.kind} — {self.meeting_id} — {self.person_id}"
