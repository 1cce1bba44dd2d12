"""The sea pack and the reads reported afterwards (issue 11, items 2 and 3), through the real views."""

import json
import uuid
from datetime import timedelta

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Comment, ReadingRecord
from members.offline import account_key
from members.reading import BACKGROUND_HEADER
from site_pages.models import MeetingReading, MeetingTask
from tests.access import expected_outcomes, page_unit_code, person_with_role
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import make_meeting, read_in_english
from tests.members.test_meetings import meeting_with_file

pytestmark = pytest.mark.django_db

BACKGROUND = {"headers": {BACKGROUND_HEADER: "1"}}
PACK = reverse("members:offline_pack")
READS = reverse("members:offline_reads")


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def pack_urls(client):
    response = client.get(PACK, **BACKGROUND)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    return {item["url"]: item for item in response.json()["items"]}


def released_meeting(unit, **fields):
    now = timezone.now()
    return meeting_with_file(
        unit, starts_at=now + timedelta(days=1), documents_published_at=now - timedelta(hours=1), **fields
    )


def report(client, *reads):
    body = json.dumps({"reads": [{"item": item, "at": at} for item, at in reads]})
    return client.post(READS, body, content_type="application/json")


def ms(moment):
    return int(moment.timestamp() * 1000)


class TestThePack:
    def test_the_member_gets_their_page_next_meeting_released_files_and_study_pages(self, client, units):
        meeting, document = released_meeting(units["C1"])
        directive = make_news(units["P1"], "Chỉ thị")
        MeetingReading.objects.create(page=meeting, target=directive)
        member = make_person(units["C1"])
        client.force_login(member.user)
        urls = pack_urls(client)
        assert {"/me/", "/offline/", meeting.url, document.url, directive.url} <= set(urls)
        assert urls[meeting.url]["item"] == f"page:{meeting.pk}"
        assert urls[document.url]["item"] == f"file:{document.pk}" and urls[document.url]["version"]
        assert any(url.endswith("css/site.css") for url in urls)

    def test_files_not_yet_released_are_not_in_the_pack(self, client, units):
        meeting, document = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(days=5))
        member = make_person(units["C1"])
        client.force_login(member.user)
        urls = pack_urls(client)
        assert meeting.url in urls and document.url not in urls

    def test_a_member_of_another_cell_gets_none_of_its_urls(self, client, units):
        meeting, document = released_meeting(units["C1"])
        news = make_news(units["C1"], "Tin chi bộ")
        owner = make_person(units["C1"])
        client.force_login(owner.user)
        client.get(news.url)  # opened: in the owner's last opened
        outsider = make_person(units["C2"])
        ReadingRecord.objects.create(  # even a record of an item once seen gives nothing
            person=outsider, page=news, first_opened_at=timezone.now(), last_opened_at=timezone.now()
        )
        client.force_login(outsider.user)
        urls = pack_urls(client)
        assert not {meeting.url, document.url, news.url} & set(urls)
        body = client.get(PACK).content.decode()
        assert meeting.title not in body and str(meeting.pk) not in json.dumps(
            [item["item"] for item in json.loads(body)["items"]]
        )

    def test_open_tasks_last_conclusions_and_last_opened(self, client, units):
        member = make_person(units["C1"])
        past = make_meeting(units["C1"], starts_in=-timedelta(days=10), conclusions_published=True)
        MeetingTask.objects.create(page=past, description="Thu đảng phí", assignee=member)
        news = make_news(units["W1"])
        client.force_login(member.user)
        client.get(news.url)
        urls = pack_urls(client)
        assert past.url in urls and news.url in urls

    def test_large_files_are_listed_as_large(self, client, units, settings):
        settings.OFFLINE_FILE_MAX_BYTES = 4
        meeting, document = released_meeting(units["C1"])
        document.get_file_size()  # as the admin's upload stores it
        member = make_person(units["C1"])
        client.force_login(member.user)
        assert pack_urls(client)[document.url]["large"] is True
        page = client.get(meeting.url).content.decode()
        assert f'data-keep-offline="{document.url}"' in page and "Save to read offline" in page

    def test_caches_are_named_per_account(self, client, units):
        first, second = make_person(units["C1"]), make_person(units["C1"])
        client.force_login(first.user)
        assert client.get(PACK).json()["account"] == account_key(first.user) != account_key(second.user)

    def test_anonymous_is_refused(self, client):
        assert client.get(PACK).status_code == 403

    def test_filling_the_pack_records_no_read(self, client, units):
        meeting, document = released_meeting(units["C1"])
        member = make_person(units["C1"])
        client.force_login(member.user)
        for url in pack_urls(client):
            if url.startswith("/static/"):
                continue  # whitenoise's, outside the test client
            response = client.get(url, **BACKGROUND)
            assert response.status_code == 200, url
        assert not ReadingRecord.objects.filter(person=member).exists()

    def test_the_pack_costs_a_fixed_number_of_queries(self, client, units, django_assert_max_num_queries):
        released_meeting(units["C1"])
        member = make_person(units["C1"])
        client.force_login(member.user)
        for _ in range(3):
            client.get(make_news(units["W1"]).url)
        with django_assert_max_num_queries(14):
            client.get(PACK)

    @pytest.mark.parametrize("role", ["member", "secretary", "editor"])
    def test_matrix_row(self, client, units, role):
        person = person_with_role(role, units)
        client.force_login(person.user)
        meetings = {}
        for relation, allowed in expected_outcomes(role).items():
            unit = units[page_unit_code(role, relation)]
            if unit.specific_class.__name__ in ("CellPage", "WardPage"):
                meetings[relation] = (make_meeting(unit, starts_in=timedelta(hours=5)), allowed)
        urls = pack_urls(client)
        for relation, (meeting, allowed) in meetings.items():
            # Next meetings are those of the units a role is held on; never another unit's.
            if not allowed:
                assert meeting.url not in urls, relation


class TestReportedReads:
    def test_records_opens_clamped_between_release_and_now(self, client, units):
        news = make_news(units["C1"])
        member = make_person(units["C1"])
        client.force_login(member.user)
        too_early = news.first_published_at - timedelta(days=3)
        response = report(client, (f"page:{news.pk}", ms(too_early)))
        assert response.json() == {"recorded": 1}
        record = ReadingRecord.objects.get(person=member, page=news)
        assert record.first_opened_at == news.first_published_at

        before = timezone.now()
        report(client, (f"page:{news.pk}", ms(before + timedelta(days=30))))  # the phone's clock runs ahead
        record.refresh_from_db()
        assert before <= record.last_opened_at <= timezone.now()

    def test_a_file_is_clamped_to_its_meetings_release(self, client, units):
        meeting, document = released_meeting(units["C1"])
        type(document).objects.filter(pk=document.pk).update(created_at=timezone.now() - timedelta(days=9))
        member = make_person(units["C1"])
        client.force_login(member.user)
        report(client, (f"file:{document.pk}", ms(meeting.documents_release_at - timedelta(days=1))))
        record = ReadingRecord.objects.get(person=member, document=document)
        assert record.first_opened_at == meeting.documents_release_at

    def test_sending_twice_records_once(self, client, units):
        news = make_news(units["C1"])
        member = make_person(units["C1"])
        client.force_login(member.user)
        at = ms(timezone.now() - timedelta(minutes=5))
        for _ in range(3):
            assert report(client, (f"page:{news.pk}", at), (f"page:{news.pk}", at)).status_code == 200
        [record] = ReadingRecord.objects.filter(person=member)
        assert record.first_opened_at == record.last_opened_at

    def test_an_earlier_offline_open_moves_the_first_open_back(self, client, units):
        news = make_news(units["C1"])
        type(news).objects.filter(pk=news.pk).update(first_published_at=timezone.now() - timedelta(days=1))
        member = make_person(units["C1"])
        client.force_login(member.user)
        client.get(news.url)
        record = ReadingRecord.objects.get(person=member)
        earlier = timezone.now() - timedelta(seconds=30)
        report(client, (f"page:{news.pk}", ms(earlier)))
        record.refresh_from_db()
        assert abs(record.first_opened_at - earlier) < timedelta(milliseconds=2)

    def test_other_units_items_and_unreleased_files_are_refused(self, client, units):
        secret = make_news(units["C2"])
        _meeting, hidden_file = meeting_with_file(units["C2"], starts_at=timezone.now() + timedelta(days=1))
        _later, waiting = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(days=9))
        member = make_person(units["C1"])
        client.force_login(member.user)
        now = ms(timezone.now())
        response = report(
            client, (f"page:{secret.pk}", now), (f"file:{hidden_file.pk}", now), (f"file:{waiting.pk}", now)
        )
        assert response.json() == {"recorded": 0}
        assert not ReadingRecord.objects.filter(person=member).exists()

    def test_malformed_reports_are_ignored(self, client, units):
        member = make_person(units["C1"])
        client.force_login(member.user)
        body = json.dumps({"reads": [{"item": "page:x", "at": 1}, "nonsense", {"item": "page:1", "at": "now"}]})
        assert client.post(READS, body, content_type="application/json").json() == {"recorded": 0}
        assert client.post(READS, "not json", content_type="application/json").status_code == 400

    def test_anonymous_and_csrf_less_posts_are_refused(self, client, units):
        assert client.post(READS, "{}", content_type="application/json").status_code == 403
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(make_person(units["C1"]).user)
        assert strict.post(READS, "{}", content_type="application/json").status_code == 403
        assert strict.get(READS).status_code == 405


class TestOpinionsFromThePhonesQueue:
    def test_resent_with_its_token_it_is_stored_once(self, client, units):
        meeting = make_meeting(units["C1"])
        member = make_person(units["C1"])
        client.force_login(member.user)
        url = reverse("members:comment_submit", args=[meeting.pk])
        data = {"client_token": str(uuid.uuid4()), "body": "Viết lúc ngoài khơi."}
        answers = [client.post(url, data, headers={"Accept": "application/json"}) for _ in range(3)]
        assert [answer.status_code for answer in answers] == [200, 200, 200]
        assert [answer.json()["created"] for answer in answers] == [True, False, False]
        assert answers[0].json()["url"].startswith(meeting.url) and answers[0].json()["status"] == "pending"
        assert Comment.objects.filter(meeting=meeting, author=member).count() == 1

    def test_a_refusal_answers_with_its_reason(self, client, units):
        meeting = make_meeting(units["C1"], starts_in=-timedelta(hours=1))
        member = make_person(units["C1"])
        client.force_login(member.user)
        url = reverse("members:comment_submit", args=[meeting.pk])
        answer = client.post(
            url, {"client_token": str(uuid.uuid4()), "body": "Muộn."}, headers={"Accept": "application/json"}
        )
        assert answer.status_code == 409 and answer.json()["error"]
        assert not Comment.objects.filter(meeting=meeting).exists()

    def test_another_cells_meeting_is_404(self, client, units):
        meeting = make_meeting(units["C2"])
        client.force_login(make_person(units["C1"]).user)
        url = reverse("members:comment_submit", args=[meeting.pk])
        data = {"client_token": str(uuid.uuid4()), "body": "?"}
        assert client.post(url, data, headers={"Accept": "application/json"}).status_code == 404
