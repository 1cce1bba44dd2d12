"""The secret address of a person's calendar feed. Revoking deletes it; regenerating replaces it."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Person


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.person)
