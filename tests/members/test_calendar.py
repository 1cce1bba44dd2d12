"""Meetings in the phone's calendar: one meeting's .ics and the private feed at a secret URL."""

from datetime import timedelta

import pytest

from django.urls import reverse

from members.calendar import calendar_text, escape_text, fold
from members.models import CalendarFeed
from tests.factories import make_person
from tests.members.meeting_helpers import make_meeting

pytestmark = pytest.mark.django_db


class TestICalendarText:
    def test_text_is_escaped_per_rfc_5545(self):
        assert escape_text("Họp; bàn, chốt\\kế hoạch\nmới") == "Họp\\; bàn\\, chốt\\\\kế hoạch\\nmới"

    def test_long_lines_fold_at_75_octets_without_breaking_characters(self):
        line = "SUMMARY:" + "Nghị quyết Đảng ủy xã về khai thác hải sản bền vững " * 4
        folded = fold(line)
        parts = folded.split("\r\n ")
        assert all(len(part.encode()) <= 75 for part in parts)
        assert "".join(parts) == line

    def test_a_calendar_has_one_event_per_meeting(self, units):
        meetings = [make_meeting(units["C1"], place="Nhà văn hoá, thôn 2"), make_meeting(units["C1"])]
        text = calendar_text(meetings, "example.org", "Lịch họp")
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        assert text.count("BEGIN:VEVENT") == 2
        assert "LOCATION:Nhà văn hoá\\, thôn 2\r\n" in text
        assert f"UID:meeting-{meetings[0].pk}@example.org" in text


class TestMeetingDownload:
    def test_members_download_and_other_cells_get_404(self, client, units):
        meeting = make_meeting(units["C1"])
        url = reverse("members:meeting_ics", args=[meeting.pk])
        client.force_login(make_person(units["C1"]).user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert meeting.title in response.text
        client.force_login(make_person(units["C2"]).user)
        assert client.get(url).status_code == 404

    def test_visitors_are_sent_to_log_in(self, client, units):
        meeting = make_meeting(units["C1"])
        response = client.get(reverse("members:meeting_ics", args=[meeting.pk]))
        assert response.status_code == 302


class TestPrivateFeed:
    def test_the_feed_holds_the_members_meetings_and_nothing_of_other_cells(self, client, units):
        member = make_person(units["C1"])
        make_meeting(units["C1"], title="Họp chi bộ Một")
        make_meeting(units["C1"], title="Họp tháng trước", starts_in=timedelta(days=-20))
        make_meeting(units["C2"], title="Họp chi bộ Hai")
        make_meeting(units["C1"], title="Bản nháp", live=False)
        client.force_login(member.user)
        client.post(reverse("members:calendar_feed_manage"), {"action": "regenerate"})
        feed = CalendarFeed.objects.get(person=member)
        assert reverse("members:calendar_feed", args=[feed.token]) in client.get(reverse("members:me")).text
        client.logout()
        text = client.get(reverse("members:calendar_feed", args=[feed.token])).text
        assert "Họp chi bộ Một" in text
        assert "Họp tháng trước" in text
        assert "Họp chi bộ Hai" not in text
        assert "Bản nháp" not in text

    def test_regenerating_retires_the_old_address_and_revoking_ends_it(self, client, units):
        member = make_person(units["C1"])
        client.force_login(member.user)
        manage = reverse("members:calendar_feed_manage")
        client.post(manage, {"action": "regenerate"})
        old_token = CalendarFeed.objects.get(person=member).token
        client.post(manage, {"action": "regenerate"})
        new_token = CalendarFeed.objects.get(person=member).token
        assert new_token != old_token
        assert client.get(reverse("members:calendar_feed", args=[old_token])).status_code == 404
        assert client.get(reverse("members:calendar_feed", args=[new_token])).status_code == 200
        client.post(manage, {"action": "revoke"})
        assert client.get(reverse("members:calendar_feed", args=[new_token])).status_code == 404

    def test_a_member_who_moves_away_stops_seeing_the_old_cells_meetings(self, client, units):
        from members.services import transfer_member

        member = make_person(units["C1"])
        make_meeting(units["C1"], title="Họp chi bộ Một")
        feed = CalendarFeed.objects.create(person=member)
        transfer_member(member, units["C4"])
        text = client.get(reverse("members:calendar_feed", args=[feed.token])).text
        assert "Họp chi bộ Một" not in text

    def test_a_guessed_token_gets_404(self, client, units):
        assert client.get(reverse("members:calendar_feed", args=["not-a-real-token"])).status_code == 404

    @pytest.mark.parametrize("token", ["%00", "a%00b", "%22%3B--", "%E1%BB%87"])
    def test_a_token_with_characters_no_token_has_gets_404(self, client, units, token):
        assert client.get(f"/calendar/{token}.ics").status_code == 404
