"""Adoption and engagement figures for the party-building committees (`Báo cáo tham gia`).

One row per unit directly below the chosen unit, each rolled up over that unit's whole subtree
(province → its wards → their cells), plus a total row for the chosen unit. Every figure is one
grouped query over tree paths, so the number of queries does not grow with units or members.

Definitions (members are the current `member` roles of cells in the subtree):
- members: how many;
- activated: those whose login has a usable password (an account taken into use);
- active: those who opened at least one page or file in the last 30 days (members.reading);
- read the last meeting: those who first opened their cell's last past meeting page or one of its
  files between the documents' release and the meeting's start;
- opinions: comments sent by anyone in the subtree's cells in the last 30 days.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone

from members.models import Comment, Person, ReadingRecord, Role, RoleKind
from site_pages.models import MeetingDocument, MeetingPage, UnitPage
from site_pages.visibility import STEPLEN, Scope

RECENT_DAYS = 30


@dataclass
class UnitFigures:
    unit: UnitPage
    members: int = 0
    activated: int = 0
    active: int = 0
    read_last_meeting: int = 0
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
    """(total for `unit`, rows for each unit directly below it), in seven queries."""
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
    readers = readers_of_last_meetings(unit, now)
    rows = []
    for child in children:
        counts = people.get(child.path, {})
        rows.append(
            UnitFigures(
                unit=child,
                members=counts.get("members", 0),
                activated=counts.get("activated", 0),
                active=counts.get("active", 0),
                read_last_meeting=sum(count for path, count in readers.items() if path.startswith(child.path)),
                opinions=opinions.get(child.path, {}).get("opinions", 0),
            )
        )
    total = UnitFigures(
        unit=unit,
        members=sum(row.members for row in rows),
        activated=sum(row.activated for row in rows),
        active=sum(row.active for row in rows),
        read_last_meeting=sum(row.read_last_meeting for row in rows),
        opinions=sum(row.opinions for row in rows),
    )
    return total, rows


def readers_of_last_meetings(unit, now):
    """{cell path: how many of its current members read its last past meeting in time}, in three
    queries: each cell's last past meeting, their files, and the first opens of both by members."""
    last_meetings = list(
        MeetingPage.objects.live()
        .filter(owning_unit__path__startswith=unit.path, starts_at__lt=now)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("owning_unit_id")], order_by=[F("starts_at").desc(), F("pk")])
        )
        .filter(rank=1)
        .select_related("owning_unit")
        .only("pk", "starts_at", "documents_published_at", "owning_unit__path")
    )
    meetings = {meeting.pk: meeting for meeting in last_meetings}
    meetings_of_file = defaultdict(list)
    for page_id, document_id in MeetingDocument.objects.filter(page_id__in=meetings).values_list(
        "page_id", "document_id"
    ):
        meetings_of_file[document_id].append(meetings[page_id])
    opens = ReadingRecord.objects.filter(
        Q(page_id__in=meetings) | Q(document_id__in=list(meetings_of_file)),
        person__roles__kind=RoleKind.MEMBER,
        person__roles__ended_on__isnull=True,
    ).values_list("person_id", "person__roles__unit_id", "page_id", "document_id", "first_opened_at")
    readers = set()
    for person_id, cell_id, page_id, document_id, opened_at in opens:
        for meeting in [meetings[page_id]] if page_id else meetings_of_file[document_id]:
            if meeting.owning_unit_id == cell_id and meeting.documents_release_at <= opened_at < meeting.starts_at:
                readers.add((meeting.owning_unit.path, person_id))
    return Counter(path for path, _person_id in readers)


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
