"""What `manage.py send_due_reminders` sends: a meeting's "documents released" notice once its
release time has passed, and one reminder to each member not yet reached a set time before the
meeting (the unit's `reminder_hours_before_meeting`, else REMINDER_HOURS_BEFORE_MEETING).

Both are points in time, not events, so a periodic run finds them; unique rows make every run,
and two runs at once, send each notice once (members.reach.send_reminders, MeetingAnnouncement).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MeetingAnnouncement, NotificationKind, Person, ReminderKind, Role
from members.notifications import notify
from members.reach import not_reached, send_reminders
from site_pages.models import MeetingPage, UnitPage
from site_pages.models.meetings import documents_lead_time


def announce_released_documents(now=None):
    """Tell the people of each unit whose upcoming meeting's documents were released, once per meeting;
    return the meetings announced by this run."""
    now = now or timezone.now()
    released = Q(documents_published_at__lte=now) | Q(
        documents_published_at__isnull=True, starts_at__lte=now + documents_lead_time()
    )
    due = (
        MeetingPage.objects.live()
        .filter(released, starts_at__gt=now)
        .exclude(pk__in=MeetingAnnouncement.objects.filter(kind=NotificationKind.DOCUMENTS_RELEASED).values("meeting"))
    )
    announced = []
    for meeting in due:
        try:
            with transaction.atomic():
                MeetingAnnouncement.objects.create(meeting=meeting, kind=NotificationKind.DOCUMENTS_RELEASED)
                people = Person.objects.filter(
                    pk__in=Role.objects.current().filter(unit_id=meeting.owning_unit_id).values("person_id")
                )
                notify(
                    people,
                    NotificationKind.DOCUMENTS_RELEASED,
                    _("Documents to study for %(title)s") % {"title": meeting.title},
                    _("Read them before the meeting and send your opinion."),
                    meeting.url,
                )
        except IntegrityError:
            continue  # another run announced it first
        announced.append(meeting)
    return announced


def remind_before_meetings(now=None):
    """Remind, once per member and meeting, those not reached when the meeting is close; return how many."""
    now = now or timezone.now()
    default_hours = settings.REMINDER_HOURS_BEFORE_MEETING
    longest = max(default_hours, UnitPage.objects.aggregate(hours=Max("reminder_hours_before_meeting"))["hours"] or 0)
    upcoming = (
        MeetingPage.objects.live()
        .filter(starts_at__gt=now, starts_at__lte=now + timedelta(hours=longest))
        .select_related("owning_unit")
    )
    reminded = 0
    for meeting in upcoming:
        hours = meeting.owning_unit.reminder_hours_before_meeting
        hours = default_hours if hours is None else hours
        if meeting.starts_at - timedelta(hours=hours) > now or meeting.documents_release_at > now:
            continue
        person_ids = list(not_reached(meeting).values_list("pk", flat=True))
        reminded += len(send_reminders(meeting, person_ids, ReminderKind.BEFORE_MEETING, now=now))
    return reminded
