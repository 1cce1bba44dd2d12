"""Reading records (issue 9, item 2): what opening a page or a file records, and what it never does."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import ReadingRecord
from members.reading import BACKGROUND_HEADER, record_open
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import read_in_english
from tests.members.test_meetings import meeting_with_file

pytestmark = pytest.mark.django_db

BACKGROUND = {"headers": {BACKGROUND_HEADER: "1"}}


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def records_of(person):
    return list(ReadingRecord.objects.filter(person=person))


class TestRecording:
    def test_opening_a_page_records_the_first_open_once(self, client, units):
        member = make_person(units["C1"])
        news = make_news(units["W1"])
        client.force_login(member.user)
        assert client.get(news.url).status_code == 200
        [record] = records_of(member)
        assert record.page_id == news.pk and record.document_id is None
        assert record.first_opened_at == record.last_opened_at
        client.get(news.url)
        assert records_of(member) == [record]
        assert ReadingRecord.objects.get(pk=record.pk).first_opened_at == record.first_opened_at

    def test_the_last_open_moves_at_most_hourly(self, units):
        member = make_person(units["C1"])
        news = make_news(units["C1"])
        start = timezone.now()
        record_open(member.user, page=news, now=start)
        record_open(member.user, page=news, now=start + timedelta(minutes=59))
        record = ReadingRecord.objects.get(person=member)
        assert record.last_opened_at == start
        record_open(member.user, page=news, now=start + timedelta(hours=2))
        record.refresh_from_db()
        assert (record.first_opened_at, record.last_opened_at) == (start, start + timedelta(hours=2))

    def test_downloading_a_released_file_is_recorded(self, client, units):
        meeting, document = meeting_with_file(
            units["C1"],
            starts_at=timezone.now() + timedelta(days=1),
            documents_published_at=timezone.now() - timedelta(hours=1),
        )
        member = make_person(units["C1"])
        client.force_login(member.user)
        assert client.get(document.url).status_code == 200
        assert [record.document_id for record in records_of(member)] == [document.pk]

    def test_nothing_for_a_refused_page(self, client, units):
        outsider = make_person(units["C2"])
        news = make_news(units["C1"])
        client.force_login(outsider.user)
        assert client.get(news.url).status_code == 404
        assert records_of(outsider) == []

    def test_nothing_for_a_file_not_yet_released(self, client, units):
        meeting, document = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(days=5))
        member = make_person(units["C1"])
        client.force_login(member.user)
        assert client.get(document.url).status_code == 404
        assert client.get(meeting.url).status_code == 200
        # The meeting page itself is readable and recorded; its unreleased file is not.
        assert [(record.page_id, record.document_id) for record in records_of(member)] == [(meeting.pk, None)]

    def test_nothing_for_the_offline_apps_background_requests(self, client, units):
        meeting, document = meeting_with_file(
            units["C1"],
            starts_at=timezone.now() + timedelta(days=1),
            documents_published_at=timezone.now() - timedelta(hours=1),
        )
        member = make_person(units["C1"])
        client.force_login(member.user)
        assert client.get(meeting.url, **BACKGROUND).status_code == 200
        assert client.get(document.url, **BACKGROUND).status_code == 200
        assert records_of(member) == []

    def test_nothing_for_visitors_and_logins_without_a_profile(self, client, units, django_user_model):
        public = make_news(units["TW"], is_public=True)
        assert client.get(public.url).status_code == 200
        client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
        assert client.get(public.url).status_code == 200
        assert not ReadingRecord.objects.exists()

    def test_a_view_within_the_hour_costs_one_query(self, client, units):
        member = make_person(units["C1"])
        news = make_news(units["C1"])
        client.force_login(member.user)
        client.get(news.url)  # the first open, and warm caches

        def count(**extra):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(news.url, **extra).status_code == 200
            return len(queries)

        assert count() == count(**BACKGROUND) + 1

    def test_me_says_what_is_recorded_and_who_sees_it(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        html = client.get(reverse("members:me")).text
        assert "records when you first and last open a page or file" in html
