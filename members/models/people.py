"""People and their roles on units. A role is the single source of admin rights."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class RoleKind(models.TextChoices):
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    EDITOR = "editor", _("Editor")
    CHIEF_EDITOR = "chief_editor", _("Chief editor")


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


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def staff(self):
        return self.filter(kind__in=Role.STAFF_KINDS)


class Role(models.Model):
    CELL_KINDS = frozenset({RoleKind.MEMBER, RoleKind.SECRETARY, RoleKind.DEPUTY_SECRETARY})
    STAFF_KINDS = frozenset({RoleKind.SECRETARY, RoleKind.DEPUTY_SECRETARY, RoleKind.EDITOR, RoleKind.CHIEF_EDITOR})

    person = ParentalKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(
        "site_pages.UnitPage", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices, default=RoleKind.MEMBER)
    started_on = models.DateField(_("since"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            # A member belongs to exactly one cell at a time; past memberships stay as history.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="member", ended_on__isnull=True),
                name="one_current_cell_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "unit", "kind"],
                condition=Q(ended_on__isnull=True),
                name="one_current_role_per_unit_and_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "ended_on"]),
            models.Index(fields=["unit", "kind", "ended_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit_id}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from site_pages.models import Level

        if self.kind in self.CELL_KINDS and self.unit_id and self.unit.level != Level.CELL:
            raise ValidationError({"unit": _("This role can only be held in a party cell.")})
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A role cannot end before it starts.")})
