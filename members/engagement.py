"""Adoption and engagement figures for the party-building committees (`Báo cáo tham gia`).

One row per unit directly below the chosen unit, each rolled up over that unit's whole subtree
(province → its wards → their cells), plus a total row for the chosen unit. Every figure is one
grouped query over tree paths, so the number of queries does not grow with units or members.

Definitions (members are the current `member` roles of cells in the subtree):
- members: how many;
- activated: those whose login has a usable password (an account taken into use);
- active: those who opened at least one page or file in the last 30 days (members.reading);
- opinions: comments sent by anyone in the subtree's cells in the last 30 days.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone

from members.models import Comment, Person, ReadingRecord, Role, RoleKind
from site_pages.models import UnitPage
from site_pages.visibility import STEPLEN, Scope

RECENT_DAYS = 30


@dataclass
class UnitFigures:
    unit: UnitPage
    members: int = 0
    activated: int = 0
    active: int = 0
    opinions: int = 0

    @property
    def active_share(self):
        return self.active / self.members if self.members else 0.0


def default_unit(user):
    """The highest unit whose figures `user` sees; the central unit for superusers."""
    scope = Scope.for_user(user)
    units = UnitPage.objects.order_by("depth", "path")
    return units.first() if scope.everything else units.filter(path__in=scope.figures_paths).first()


def _by_prefix(queryset, path_field, prefix_length, **aggregates):
    """{path prefix: {aggregate: value}} grouped by the first `prefix_length` characters of `path_field`."""
    rows = (
        queryset.annotate(prefix=Substr(path_field, 1, prefix_length))
        .values("prefix")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("prefix"): row for row in rows}


def figures_below(unit, now=None):
    """(total for `unit`, rows for each unit directly below it), in four queries."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENT_DAYS)
    children = list(UnitPage.objects.child_of(unit).order_by("title"))
    child_length = len(unit.path) + STEPLEN
    memberships = Role.objects.current().filter(kind=RoleKind.MEMBER, unit__path__startswith=unit.path)
    people = _by_prefix(
        memberships,
        "unit__path",
        child_length,
        members=Count("pk"),
        activated=Count("pk", filter=~Q(person__user__password__startswith=UNUSABLE_PASSWORD_PREFIX)),
        active=Count("pk", filter=Exists(recent_reading(OuterRef("person"), since))),
    )
    opinions = _by_prefix(
        Comment.objects.filter(cell__path__startswith=unit.path, created_at__gte=since),
        "cell__path",
        child_length,
        opinions=Count("pk"),
    )
    rows = []
    for child in children:
        counts = people.get(child.path, {})
        rows.append(
            UnitFigures(
                unit=child,
                members=counts.get("members", 0),
                activated=counts.get("activated", 0),
                active=counts.get("active", 0),
                opinions=opinions.get(child.path, {}).get("opinions", 0),
            )
        )
    total = UnitFigures(
        unit=unit,
        members=sum(row.members for row in rows),
        activated=sum(row.activated for row in rows),
        active=sum(row.active for row in rows),
        opinions=sum(row.opinions for row in rows),
    )
    return total, rows


def recent_reading(person, since):
    return ReadingRecord.objects.filter(person=person, last_opened_at__gte=since)


@dataclass
class MemberFigures:
    person: Person
    activated: bool
    active: bool
    opinions: int


def member_rows(cell, now=None):
    """One row per current member of `cell`: for the cell's own secretary and deputies only."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENT_DAYS)
    people = (
        Person.objects.filter(roles__unit=cell, roles__kind=RoleKind.MEMBER, roles__ended_on__isnull=True)
        .select_related("user")
        .annotate(
            opinions=Count("comments", filter=Q(comments__cell=cell, comments__created_at__gte=since)),
            active=Exists(recent_reading(OuterRef("pk"), since)),
        )
        .order_by("full_name")
    )
    return [
        MemberFigures(person, person.user.has_usable_password(), person.active, person.opinions) for person in people
    ]
