"""Meetings and comments for the tests of issue 4 (meetings, comments, moderation, calendar)."""

import itertools
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.comments.services import submit_comment
from site_pages.models import MeetingPage

_sequence = itertools.count(1)


def make_meeting(unit, *, starts_in=timedelta(days=5), live=True, **fields):
    number = next(_sequence)
    meeting = MeetingPage(
        title=fields.pop("title", f"Sinh hoạt tháng {number}"),
        slug=f"hop-{number}",
        starts_at=timezone.now() + starts_in,
        place=fields.pop("place", "Nhà văn hoá thôn"),
        live=live,
        **fields,
    )
    unit.add_child(instance=meeting)
    if live:
        meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk)


def comment_on(meeting, person, body="Tôi đồng ý với dự thảo.", token=None):
    comment, _created = submit_comment(meeting, person, body, token or uuid.uuid4())
    return comment


def read_in_english(client):
    """Pages in English, so that tests read source strings whatever the Vietnamese catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def cold_queries(client, url):
    """The queries of a request that finds nothing kept in the page cache: what computing the page costs."""
    for alias in ("pages", "pages_local"):
        caches[alias].clear()
    return count_queries(client, url)
