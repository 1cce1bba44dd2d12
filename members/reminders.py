"""What `manage.py send_due_reminders` sends: a meeting's "documents released" notice once its
release time has passed, and one reminder to each member not yet reached a set time before the
meeting (the unit's `reminder_hours_before_meeting`, else REMINDER_HOURS_BEFORE_MEETING).

Both are points in time, not events, so a periodic run finds them; unique rows make every run,
and two runs at once, send each notice once (members.reach.send_reminders, members.notices.announce_page).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from members.models import NotificationKind, ReminderKind, UnitNotice
from members.notices import announce_after_commit
from members.reach import not_reached, send_reminders
from site_pages.models import MeetingPage, UnitPage
from site_pages.models.meetings import documents_lead_time


def announce_released_documents(now=None):
    """Queue the unit notice of each upcoming meeting whose documents were released; return the
    meetings queued. The notice's unique row (members.notices.announce_page) makes it once per
    meeting, whatever this run or a concurrent one queued before."""
    now = now or timezone.now()
    released = Q(documents_published_at__lte=now) | Q(
        documents_published_at__isnull=True, starts_at__lte=now + documents_lead_time()
    )
    announced = UnitNotice.objects.filter(kind=NotificationKind.DOCUMENTS_RELEASED).values("page_id")
    due = list(MeetingPage.objects.live().filter(released, starts_at__gt=now).exclude(pk__in=announced))
    for meeting in due:
        announce_after_commit(meeting, NotificationKind.DOCUMENTS_RELEASED)
    return due


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
