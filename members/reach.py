"""Who of a meeting's cell has been reached, and reminding the rest (DESIGN.md, "Reading, reminders,
engagement").

A member of the cell is reached when, after the documents' release, they first opened the meeting
page or one of its files to study (members.reading), when the secretary or a deputy marked them as
informed in person, or when they sent a written opinion before the meeting (members at sea take
part that way). Reminders go only to those not reached, once per `Reminder` row: the secretary's
at most every REMIND_AGAIN_AFTER, the automatic one once per meeting (members.reminders). Each
sender writes its rows under its own batch token, with a conditional insert or update, and then
notifies exactly the rows of its batch, so double clicks and concurrent runs never notify twice.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from members.models import (
    Comment,
    CommentStatus,
    InformedInPerson,
    NotificationKind,
    Person,
    ReadingRecord,
    Reminder,
    ReminderKind,
    Role,
    RoleKind,
)
from members.notifications import notify
from site_pages.models import MeetingDocument, MeetingPage
from site_pages.visibility import Scope

REMIND_AGAIN_AFTER = timedelta(hours=12)
LOG_ACTIONS = {
    "members.meeting.informed_in_person": (
        gettext_lazy("Mark as informed in person"),
        gettext_lazy("Member marked as informed in person"),
    ),
    "members.meeting.informed_in_person_undone": (
        gettext_lazy("Undo informed in person"),
        gettext_lazy("Member no longer marked as informed in person"),
    ),
}


def cell_members(unit_id):
    """The current members of the cell `unit_id`."""
    return Person.objects.filter(
        pk__in=Role.objects.current().filter(unit_id=unit_id, kind=RoleKind.MEMBER).values("person_id")
    )


def members_with_reach(meeting):
    """The cell's members, each annotated with how they were reached (one query when listed)."""
    person = OuterRef("pk")
    study_files = MeetingDocument.objects.filter(page_id=meeting.pk).values("document_id")
    opened = ReadingRecord.objects.filter(person=person, first_opened_at__gte=meeting.documents_release_at).filter(
        Q(page_id=meeting.pk) | Q(document_id__in=study_files)
    )
    informed = InformedInPerson.objects.filter(meeting_id=meeting.pk, person=person)
    wrote = Comment.objects.filter(meeting_id=meeting.pk, author=person, created_at__lt=meeting.starts_at).exclude(
        status=CommentStatus.WITHDRAWN
    )
    reminded = (
        Reminder.objects.filter(meeting_id=meeting.pk, person=person)
        .values("person")
        .annotate(last=Max("sent_at"))
        .values("last")
    )
    return cell_members(meeting.owning_unit_id).annotate(
        has_read=Exists(opened),
        informed_in_person=Exists(informed),
        wrote=Exists(wrote),
        last_reminded_at=Subquery(reminded),
    )


def not_reached(meeting):
    return members_with_reach(meeting).filter(has_read=False, informed_in_person=False, wrote=False)


@dataclass(frozen=True)
class Reach:
    total: int
    read: int
    informed_in_person: int
    wrote: int
    not_reached: list  # Person rows, by name
    marked_informed: list  # Person rows, by name: each mark can be undone


def meeting_reach(meeting):
    members = list(members_with_reach(meeting).order_by("full_name", "pk"))
    return Reach(
        total=len(members),
        read=sum(member.has_read for member in members),
        informed_in_person=sum(member.informed_in_person for member in members),
        wrote=sum(member.wrote for member in members),
        not_reached=[
            member for member in members if not (member.has_read or member.informed_in_person or member.wrote)
        ],
        marked_informed=[member for member in members if member.informed_in_person],
    )


def can_follow_reach(user, meeting):
    """The cell's secretary and deputies (the role table's comment moderators) follow who was reached."""
    return Scope.for_user(user).moderates(meeting.owning_unit_id)


def reach_context(page, request):
    """The `handbook_page_context` part for a meeting page: one query, for its moderators only."""
    if not isinstance(page, MeetingPage) or not can_follow_reach(request.user, page):
        return {}
    return {"reach": meeting_reach(page), "documents_released": timezone.now() >= page.documents_release_at}


def send_reminders(meeting, person_ids, kind, *, again_after=None, now=None):
    """Remind `person_ids` about `meeting`, each at most once per `again_after` (never again when
    None) for this `kind` of reminder; return the people notified."""
    now = now or timezone.now()
    batch = uuid.uuid4()
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [Reminder(meeting=meeting, person_id=pk, kind=kind, sent_at=now, batch=batch) for pk in person_ids],
            ignore_conflicts=True,
        )
        if again_after is not None:
            Reminder.objects.filter(
                meeting=meeting, person_id__in=person_ids, kind=kind, sent_at__lte=now - again_after
            ).update(sent_at=now, batch=batch)
        people = list(Person.objects.filter(pk__in=Reminder.objects.filter(batch=batch).values("person_id")))
        notify(
            people,
            kind=NotificationKind.REMINDER,
            title=_("Read the documents of %(title)s") % {"title": meeting.title},
            body=_("The documents to study are ready. Read them before the meeting, or send your opinion."),
            url=meeting.url,
        )
    return people


def remind_not_reached(meeting, now=None):
    """The secretary's button: remind those not reached, each at most once in REMIND_AGAIN_AFTER."""
    person_ids = list(not_reached(meeting).values_list("pk", flat=True))
    return send_reminders(meeting, person_ids, ReminderKind.BY_SECRETARY, again_after=REMIND_AGAIN_AFTER, now=now)


def mark_informed_in_person(meeting, person, user):
    """Record that `person` was told in person or given a printed copy; return whether it is new."""
    _mark, created = InformedInPerson.objects.get_or_create(
        meeting=meeting, person=person, defaults={"marked_by": user}
    )
    if created:
        log(
            meeting,
            "members.meeting.informed_in_person",
            user=user,
            data={"person_id": person.pk, "full_name": person.full_name},
        )
    return created


def unmark_informed_in_person(meeting, person, user):
    """Take back a mark made by mistake; return whether there was one. The audit log keeps both."""
    deleted, _by_model = InformedInPerson.objects.filter(meeting=meeting, person=person).delete()
    if deleted:
        log(
            meeting,
            "members.meeting.informed_in_person_undone",
            user=user,
            data={"person_id": person.pk, "full_name": person.full_name},
        )
    return bool(deleted)
