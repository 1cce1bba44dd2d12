"""People: each member's profile and login. What they may do comes from their roles (members.models.roles)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel


class NoticeEmail(models.TextChoices):
    DAILY = "daily", _("A daily summary")
    EACH = "each", _("One email for each notice")
    NONE = "none", _("No email")


class Person(ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.CASCADE, related_name="person"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    card_number = models.CharField(_("party card number"), max_length=32, unique=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    joined_on = models.DateField(_("date of joining the party"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    notice_email = models.CharField(
        _("emails about notices"), max_length=10, choices=NoticeEmail.choices, default=NoticeEmail.DAILY
    )
    # The day whose summary was last sent, so that the daily command sends one per day however often it runs.
    digest_sent_on = models.DateField(_("daily summary sent on"), null=True, blank=True, editable=False)
    # Every unit notice created until then counts as seen: one value a person instead of a row per
    # notice read (members.notices.mark_seen); only notices read out of order get a NoticeRead row.
    # A newcomer starts from their arrival, not with their units' last three months unread.
    notices_seen_until = models.DateTimeField(_("notices seen until"), default=timezone.now, editable=False)
    # "Chữ lớn": larger text and higher contrast on every page, remembered for the person.
    large_text = models.BooleanField(_("large text"), default=False)
    # Bumped when the person loses a role: every session started before then ends (members.sessions).
    session_generation = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.card_number})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Wagtail greets a user by `get_short_name()` (its notification emails) and lists them by
        # `get_full_name()` (history, workflow, reports): both read the login's first name, which
        # carries the person's full name (imports write it in bulk the same way).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "full_name" in update_fields:
            get_user_model().objects.filter(pk=self.user_id).exclude(first_name=self.full_name, last_name="").update(
                first_name=self.full_name, last_name=""
            )
