"""Meetings as iCalendar (RFC 5545): one meeting's .ics, and a person's private feed at a secret URL.

The feed URL carries no session, so the token stands for the person; the meetings in it still
pass through the one visibility rule for that person's login.
"""

from datetime import UTC, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import CalendarFeed, Person, Role
from site_pages.models import MeetingPage
from site_pages.visibility import can_view

FEED_HISTORY = timedelta(days=180)


def calendar_generation(person_id):
    """The page cache's generation of a person's feed (members.signals starts a new one on a change)."""
    return f"calendar:{person_id}"


LINE_OCTETS = 75


def escape_text(value):
    """TEXT escaping of RFC 5545 §3.3.11."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_event(meeting, host, now):
    ends_at = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(meeting.starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"LOCATION:{escape_text(meeting.place)}",
        f"URL:{escape_text(meeting.full_url or '')}",
        "END:VEVENT",
    ]
    return lines


def calendar_text(meetings, host, name):
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//so-tay-dang-vien//meetings//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines += meeting_event(meeting, host, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request, meeting_id):
    meeting = get_object_or_404(MeetingPage.objects.live(), pk=meeting_id)
    if not can_view(request.user, meeting):
        raise Http404
    return ics_response(calendar_text([meeting], request.get_host(), meeting.title), f"meeting-{meeting.pk}.ics")


def meetings_of(person):
    """Meetings of the units where `person` holds a current role, as far as they may read them."""
    unit_ids = Role.objects.current().filter(person=person).values("unit_id")
    return (
        MeetingPage.objects.visible_to(person.user)
        .filter(owning_unit_id__in=unit_ids, starts_at__gte=timezone.now() - FEED_HISTORY)
        .order_by("starts_at")
    )


def feed_ics(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("person__user"), token=token)
    if not feed.person.user.is_active:
        raise Http404
    return ics_response(
        calendar_text(meetings_of(feed.person), request.get_host(), _("Party meetings")), "meetings.ics"
    )


@transaction.atomic
def regenerate_feed(person):
    """A fresh secret URL; the old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    return CalendarFeed.objects.create(person=person)


def revoke_feed(person):
    CalendarFeed.objects.filter(person=person).delete()


@login_required
@require_POST
def manage_feed(request):
    person = get_object_or_404(Person, user=request.user)
    if request.POST.get("action") == "revoke":
        revoke_feed(person)
        messages.success(request, _("Your calendar address was revoked."))
    else:
        regenerate_feed(person)
        messages.success(request, _("Your new calendar address is ready. The old one no longer works."))
    return redirect("members:me")
