"""Reading records: when a member first and last opened a page or a file (DESIGN.md, "Reading,
reminders, engagement").

Recorded at the page and file doors (members.wagtail_hooks), after the visibility rule has let the
request through, so nothing is recorded for a refused request or an item the member may not see.
A write happens only on the first open and then at most hourly, each in its own savepoint (its own
short transaction outside one, so that on SQLite a plain view never takes the write lock), and a
failure is logged and never breaks the page. The last open read or written is kept in the page cache
until the next write is due, so a view within the hour costs no query at all.
"""

import logging
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone

from members.models import Person, ReadingRecord
from site_pages.page_cache import page_cache

logger = logging.getLogger(__name__)

# Requests the offline web app makes on its own (prefetching pages and files to keep them readable
# at sea) carry this header with the value "1": nobody opened anything, so nothing is recorded.
BACKGROUND_HEADER = "X-Handbook-Background"
LAST_OPEN_STEP = timedelta(hours=1)


def is_background(request):
    return request.headers.get(BACKGROUND_HEADER) == "1"


def should_record(request):
    return request.method == "GET" and request.user.is_authenticated and not is_background(request)


def record_open(user, *, page=None, document=None, now=None):
    """Record that `user` opened `page` or `document` (already allowed to)."""
    now = now or timezone.now()
    target = {"page_id": page.pk} if page is not None else {"document_id": document.pk}
    try:
        _record(user, target, now)
    except DatabaseError:
        logger.exception("Could not record that user %s opened %s", user.pk, target)


def _record(user, target, now):
    ((field, target_id),) = target.items()
    key = f"opened:{user.pk}:{field}:{target_id}"
    kept = page_cache().get(key)
    if kept is not None and now - kept < LAST_OPEN_STEP:
        return
    records = ReadingRecord.objects.filter(person__user_id=user.pk, **target)
    last_opened_at = records.values_list("last_opened_at", flat=True).first()
    if last_opened_at is None:
        person_id = Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        if person_id is None:  # not for an account without a profile (a superuser, say)
            return
        # Two first opens at once: the unique constraint keeps the first.
        with transaction.atomic():
            ReadingRecord.objects.bulk_create(
                [ReadingRecord(person_id=person_id, first_opened_at=now, last_opened_at=now, **target)],
                ignore_conflicts=True,
            )
        last_opened_at = now
    elif now - last_opened_at >= LAST_OPEN_STEP:
        # Conditional, so that two requests at once move it forward only once.
        with transaction.atomic():
            records.filter(last_opened_at__lte=now - LAST_OPEN_STEP).update(last_opened_at=now)
        last_opened_at = now
    seconds_left = (LAST_OPEN_STEP - (now - last_opened_at)).total_seconds()
    transaction.on_commit(lambda: page_cache().set(key, last_opened_at, seconds_left))


def record_reported_open(person_id, target, when):
    """Record an open the phone reports afterwards (members.offline): the first open moves back to
    `when` if earlier, the last forward if later. Conditional updates, so a report sent twice, or
    two at once, leaves the same row."""
    with transaction.atomic():
        ReadingRecord.objects.bulk_create(
            [ReadingRecord(person_id=person_id, first_opened_at=when, last_opened_at=when, **target)],
            ignore_conflicts=True,
        )
        records = ReadingRecord.objects.filter(person_id=person_id, **target)
        records.filter(first_opened_at__gt=when).update(first_opened_at=when)
        records.filter(last_opened_at__lt=when).update(last_opened_at=when)
