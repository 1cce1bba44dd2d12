"""People: each member's profile and login. What they may do comes from their roles (members.models.roles)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel


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

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.card_number})"
