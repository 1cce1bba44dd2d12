"""Who has read a meeting's documents, reminders and in-person marks (issue 9, items 3 and 4)."""

import threading
from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from members.models import InformedInPerson, Notification, NotificationKind, Reminder, RoleKind, UnitNotice
from members.reach import remind_not_reached
from members.reading import record_open
from members.reminders import remind_before_meetings
from tests.factories import make_person
from tests.members.meeting_helpers import comment_on, make_meeting, read_in_english
from tests.members.test_meetings import meeting_with_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def reminders_of(person):
    return Notification.objects.filter(person=person, kind=NotificationKind.REMINDER).count()


@pytest.fixture
def cell(units):
    """C1 with a secretary, a reader, a commenter, a member told in person and one not reached."""
    released = timezone.now() - timedelta(hours=2)
    meeting, document = meeting_with_file(
        units["C1"], starts_at=timezone.now() + timedelta(days=1), documents_published_at=released
    )
    people = {
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY, full_name="Bí Thư"),
        "reader": make_person(units["C1"], full_name="Người Đọc"),
        "early": make_person(units["C1"], full_name="Đọc Sớm"),
        "writer": make_person(units["C1"], full_name="Người Viết"),
        "told": make_person(units["C1"], full_name="Người Nghe"),
        "missing": make_person(units["C1"], full_name="Người Vắng"),
    }
    record_open(people["reader"].user, document=document)
    # Opened before the release (as a draft reader would): not counted as read.
    record_open(people["early"].user, page=meeting, now=released - timedelta(hours=1))
    comment_on(meeting, people["writer"])
    InformedInPerson.objects.create(meeting=meeting, person=people["told"])
    return meeting, people


class TestWhoHasRead:
    def test_the_secretary_sees_the_figures_and_who_is_missing(self, client, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        html = client.get(meeting.url).text
        # The secretary's own open counts: 2 of the 6 members read, 1 was told in person.
        assert "Read 2/6" in html
        assert "Informed in person 1" in html
        section = html[html.index('class="page-list reach-missing"') : html.index('id="comments"')]
        missing, informed = section.split('class="page-list reach-informed"')
        for name in ("Đọc Sớm", "Người Vắng"):
            assert name in missing
        for name in ("Người Đọc", "Người Viết", "Người Nghe"):
            assert name not in missing
        assert "Remind those who have not read" in missing
        assert "Người Nghe" in informed and "Undo" in informed

    @pytest.mark.parametrize("who", ["member", "other_secretary"])
    def test_others_see_nothing_and_cannot_act(self, client, units, cell, who):
        meeting, people = cell
        viewer = people["reader"] if who == "member" else make_person(units["C2"], kind=RoleKind.SECRETARY)
        client.force_login(viewer.user)
        expected = 200 if who == "member" else 404
        html = client.get(meeting.url).text
        assert client.get(meeting.url).status_code == expected
        assert "Read 2/6" not in html and "Remind those who have not read" not in html
        assert client.post(reverse("members:meeting_remind", args=[meeting.pk])).status_code == 404
        informed = client.post(
            reverse("members:meeting_mark_informed", args=[meeting.pk]), {"person": people["missing"].pk}
        )
        assert informed.status_code == 404
        undone = client.post(
            reverse("members:meeting_mark_informed", args=[meeting.pk]), {"person": people["told"].pk, "undo": "1"}
        )
        assert undone.status_code == 404
        assert InformedInPerson.objects.filter(person=people["told"]).exists()
        assert reminders_of(people["missing"]) == 0
        assert not InformedInPerson.objects.filter(person=people["missing"]).exists()

    def test_a_member_pays_no_query_for_it(self, client, cell):
        meeting, people = cell
        client.force_login(people["reader"].user)
        client.get(meeting.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(meeting.url)
        assert not [query for query in queries if "members_informedinperson" in query["sql"]]

    def test_the_secretarys_page_costs_the_same_for_more_members_and_records(self, client, units, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(meeting.url).status_code == 200
            return len(queries)

        count()
        before = count()
        for _index in range(5):
            record_open(make_person(units["C1"]).user, page=meeting)
            make_person(units["C1"])
        assert count() == before


class TestRemind:
    def test_remind_notifies_exactly_those_not_reached_once_in_12_hours(self, client, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        client.get(meeting.url)  # the secretary reads the page, and so is reached
        url = reverse("members:meeting_remind", args=[meeting.pk])
        assert client.post(url).status_code == 302
        client.post(url)  # a double tap
        assert {name: reminders_of(person) for name, person in people.items()} == {
            "secretary": 0,
            "reader": 0,
            "early": 1,
            "writer": 0,
            "told": 0,
            "missing": 1,
        }
        remind_not_reached(meeting, now=timezone.now() + timedelta(hours=11))
        assert reminders_of(people["missing"]) == 1
        remind_not_reached(meeting, now=timezone.now() + timedelta(hours=13))
        assert reminders_of(people["missing"]) == 2

    def test_the_reminded_member_sees_the_notice_on_me(self, client, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        client.post(reverse("members:meeting_remind", args=[meeting.pk]))
        client.force_login(people["missing"].user)
        assert f"Read the documents of {meeting.title}" in client.get(reverse("members:me")).text

    def test_marking_a_member_informed_counts_and_goes_to_the_audit_log(self, client, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        url = reverse("members:meeting_mark_informed", args=[meeting.pk])
        assert client.post(url, {"person": people["missing"].pk}).status_code == 302
        client.post(url, {"person": people["missing"].pk})
        assert "Informed in person 2" in client.get(meeting.url).text
        entries = PageLogEntry.objects.filter(page=meeting, action="members.meeting.informed_in_person")
        assert [entry.data["person_id"] for entry in entries] == [people["missing"].pk]

    def test_a_mark_made_by_mistake_is_undone_and_both_go_to_the_audit_log(self, client, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        url = reverse("members:meeting_mark_informed", args=[meeting.pk])
        client.post(url, {"person": people["missing"].pk})
        assert client.post(url, {"person": people["missing"].pk, "undo": "1"}).status_code == 302
        assert not InformedInPerson.objects.filter(meeting=meeting, person=people["missing"]).exists()
        html = client.get(meeting.url).text
        assert "Informed in person 1" in html  # the fixture's own mark stays
        missing = html[html.index('class="page-list reach-missing"') : html.index('class="page-list reach-informed"')]
        assert people["missing"].full_name in missing
        actions = PageLogEntry.objects.filter(page=meeting, action__startswith="members.meeting.informed")
        assert sorted(actions.values_list("action", flat=True)) == [
            "members.meeting.informed_in_person",
            "members.meeting.informed_in_person_undone",
        ]

    def test_only_members_of_the_cell_can_be_marked(self, client, units, cell):
        meeting, people = cell
        client.force_login(people["secretary"].user)
        outsider = make_person(units["C2"])
        url = reverse("members:meeting_mark_informed", args=[meeting.pk])
        for value in (outsider.pk, "x", ""):
            assert client.post(url, {"person": value}).status_code == 302
        assert not InformedInPerson.objects.filter(person=outsider).exists()


class TestSendDueReminders:
    def test_reminds_once_per_member_and_meeting_however_often_it_runs(self, units, django_capture_on_commit_callbacks):
        meeting = make_meeting(units["C1"], starts_in=timedelta(hours=10))
        reader, missing = make_person(units["C1"]), make_person(units["C1"])
        record_open(reader.user, page=meeting)
        for _run in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_due_reminders", stdout=StringIO())
        assert (reminders_of(reader), reminders_of(missing)) == (0, 1)
        # One unit notice for the cell, whoever of it reads the inbox; the second run adds none.
        released = UnitNotice.objects.filter(kind=NotificationKind.DOCUMENTS_RELEASED)
        assert list(released.values_list("page_id", "unit_id")) == [(meeting.pk, units["C1"].pk)]

    def test_not_before_the_units_time(self, units, settings):
        settings.REMINDER_HOURS_BEFORE_MEETING = 24
        make_meeting(units["C1"], starts_in=timedelta(hours=30))
        early = make_meeting(units["C2"], starts_in=timedelta(hours=30))
        units["C2"].reminder_hours_before_meeting = 48
        units["C2"].save()
        c1_member, c2_member = make_person(units["C1"]), make_person(units["C2"])
        assert remind_before_meetings() == 1
        assert (reminders_of(c1_member), reminders_of(c2_member)) == (0, 1)
        assert early.documents_release_at < timezone.now()

    def test_not_before_the_documents_are_released(self, units):
        later = timezone.now() + timedelta(hours=1)
        make_meeting(units["C1"], starts_in=timedelta(hours=10), documents_published_at=later)
        member = make_person(units["C1"])
        assert remind_before_meetings() == 0
        assert reminders_of(member) == 0

    def test_secretarys_reminder_does_not_stop_the_automatic_one(self, units):
        meeting = make_meeting(units["C1"], starts_in=timedelta(hours=10))
        member = make_person(units["C1"])
        remind_not_reached(meeting)
        remind_before_meetings()
        assert reminders_of(member) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestTwoRunsAtOnce:
    def test_two_runs_at_once_send_one_reminder_each(self, units):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite serialises writers; the race is real on PostgreSQL")
        meeting = make_meeting(units["C1"], starts_in=timedelta(hours=10))
        members = [make_person(units["C1"]) for _index in range(20)]
        barrier = threading.Barrier(2)
        now = timezone.now()

        def run():
            try:
                barrier.wait()
                remind_before_meetings(now=now)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [reminders_of(member) for member in members] == [1] * 20
        assert Reminder.objects.filter(meeting=meeting).count() == 20
