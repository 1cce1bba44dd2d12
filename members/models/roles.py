"""Roles on units, and the one table of what each kind of role means.

A role (member of a cell, secretary, editor of a ward, ...) is the only thing anybody gives;
everything a role implies is read from `ROLE_KINDS` by the visibility rule
(site_pages.visibility.Scope), the derived admin groups (members.services), the approval task
(site_pages.models.workflows), comment moderation, the people admin and the imports.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey

from .people import Person


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    WARD = "ward", _("Ward/Commune")
    CELL = "cell", _("Party cell")


class RoleKind(models.TextChoices):
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    EDITOR = "editor", _("Editor")
    CHIEF_EDITOR = "chief_editor", _("Chief editor")
    COMMITTEE = "committee", _("Party-building committee member")


class ApproverRole(models.TextChoices):
    """Who approves pages at a workflow task (site_pages.models.UnitRoleApprovalTask)."""

    BY_LEVEL = "by_level", _("Cell secretary for cell pages, chief editor for other levels")
    SECRETARY = "secretary", _("Cell secretary or deputy secretary")
    CHIEF_EDITOR = "chief_editor", _("Chief editor")


PUBLISHING = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
WRITING = ("add_page", "change_page")
FILES = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


@dataclass(frozen=True)
class KindRules:
    # Reads every page of the unit's subtree, drafts included, and edits there with these rights.
    staff: bool = False
    cell_only: bool = False
    moderates_comments: bool = False
    approves_as: str | None = None  # an ApproverRole
    manages_people: bool = False  # the profiles of the subtree's members, in the admin
    sees_figures: bool = False  # engagement figures and reports of the subtree
    answers_questions: bool = False  # members' questions addressed to the unit or a unit below it
    admin_access: bool = False
    page_permissions: tuple = ()  # wagtailcore codenames, on the unit page
    collection_permissions: tuple = ()  # (app label, codename), on the unit's collection


_SECRETARY = KindRules(
    staff=True,
    cell_only=True,
    moderates_comments=True,
    approves_as=ApproverRole.SECRETARY,
    manages_people=True,
    sees_figures=True,
    admin_access=True,
    page_permissions=PUBLISHING,
    collection_permissions=FILES,
)
ROLE_KINDS = {
    RoleKind.MEMBER: KindRules(cell_only=True),
    RoleKind.SECRETARY: _SECRETARY,
    RoleKind.DEPUTY_SECRETARY: _SECRETARY,
    # Editors write and submit; publishing is for those who approve (the workflow task).
    RoleKind.EDITOR: KindRules(
        staff=True,
        answers_questions=True,
        admin_access=True,
        page_permissions=WRITING,
        collection_permissions=FILES,
    ),
    RoleKind.CHIEF_EDITOR: KindRules(
        staff=True,
        approves_as=ApproverRole.CHIEF_EDITOR,
        answers_questions=True,
        manages_people=True,
        sees_figures=True,
        admin_access=True,
        page_permissions=PUBLISHING,
        collection_permissions=FILES,
    ),
    # Follows the figures of the unit's subtree; edits nothing and reads what its own unit reads.
    RoleKind.COMMITTEE: KindRules(sees_figures=True, admin_access=True),
}


def kinds_where(rule):
    """The role kinds whose rules satisfy `rule` (a predicate on KindRules), in table order."""
    return tuple(kind for kind, rules in ROLE_KINDS.items() if rule(rules))


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def with_admin_rights(self):
        return self.filter(kind__in=kinds_where(lambda rules: rules.admin_access))


class Role(models.Model):
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

    @property
    def rules(self):
        return ROLE_KINDS[self.kind]

    def clean(self):
        if self.rules.cell_only and self.unit_id and self.unit.level != Level.CELL:
            raise ValidationError({"unit": _("This role can only be held in a party cell.")})
        if self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A role cannot end before it starts.")})
