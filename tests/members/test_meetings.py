"""Meeting pages: where they may be created, when their documents appear, the conclusions, and
constant query counts for the meeting page and /me/."""

from datetime import timedelta

import pytest

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model

from members.comments.services import Decision, moderate
from members.demo_meetings import seed_meetings_demo
from members.models import NoticeEmail, NotificationKind, RoleKind, UnitNotice
from members.notices import unread_count
from site_pages.models import (
    Attendance,
    CellPage,
    MeetingDocument,
    MeetingPage,
    MeetingTask,
    ProvincePage,
    TaskStatus,
    WardPage,
)
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import cold_queries, comment_on, count_queries, make_meeting, read_in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    read_in_english(client)


def make_document(unit, title="Dự thảo nghị quyết"):
    document = get_document_model()(title=title, collection_id=unit.collection_id)
    document.file.save("du-thao.txt", ContentFile(b"noi dung"), save=False)
    document.save()
    return document


def meeting_with_file(unit, **fields):
    document = make_document(unit)
    meeting = MeetingPage(title="Họp có tài liệu", slug="hop-co-tai-lieu", place="Thôn", **fields)
    meeting.study_documents.add(MeetingDocument(document=document))
    unit.add_child(instance=meeting)
    meeting.save_revision().publish()
    return meeting, document


class TestPlacement:
    def test_meetings_belong_to_cells_and_wards(self):
        assert MeetingPage.can_create_at(CellPage()) is True
        assert MeetingPage.can_create_at(WardPage()) is True
        assert MeetingPage.can_create_at(ProvincePage()) is False

    def test_documents_release_defaults_to_the_lead_days_before_the_start(self, units, settings):
        settings.MEETING_DOCUMENTS_LEAD_DAYS = 3
        meeting = make_meeting(units["C1"])
        assert meeting.documents_release_at == meeting.starts_at - timedelta(days=3)
        override = meeting.starts_at - timedelta(hours=6)
        meeting.documents_published_at = override
        assert meeting.documents_release_at == override


class TestDocumentsPublishTime:
    def test_members_see_date_place_agenda_but_no_documents_before_the_release(self, client, units):
        meeting, document = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(days=5))
        member = make_person(units["C1"])
        client.force_login(member.user)
        page = client.get(meeting.url).text
        assert "Thôn" in page
        assert "Dự thảo nghị quyết" not in page
        assert "The documents will be available from" in page
        assert client.get(document.url).status_code == 404

    def test_members_see_the_documents_after_the_release(self, client, units):
        meeting, document = meeting_with_file(
            units["C1"],
            starts_at=timezone.now() + timedelta(days=5),
            documents_published_at=timezone.now() - timedelta(minutes=1),
        )
        member = make_person(units["C1"])
        client.force_login(member.user)
        assert "Dự thảo nghị quyết" in client.get(meeting.url).text
        assert client.get(document.url).status_code == 200

    def test_the_secretary_prepares_the_documents_before_the_release(self, client, units):
        meeting, document = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(days=5))
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        client.force_login(secretary.user)
        assert "Dự thảo nghị quyết" in client.get(meeting.url).text

    def test_another_cell_gets_404_for_the_file_after_the_release(self, client, units):
        meeting, document = meeting_with_file(units["C1"], starts_at=timezone.now() + timedelta(hours=1))
        client.force_login(make_person(units["C2"]).user)
        assert client.get(document.url).status_code == 404

    def test_linked_official_documents_from_above_appear_when_readable(self, client, units):
        from site_pages.models import MeetingReading

        resolution = make_news(units["W1"], "Nghị quyết Đảng ủy phường")
        meeting = MeetingPage(title="Họp", slug="hop", place="Thôn", starts_at=timezone.now() + timedelta(hours=1))
        meeting.study_pages.add(MeetingReading(target=resolution))
        units["C1"].add_child(instance=meeting)
        meeting.save_revision().publish()
        client.force_login(make_person(units["C1"]).user)
        assert "Nghị quyết Đảng ủy phường" in client.get(meeting.url).text


class TestConclusions:
    def test_members_are_told_once_when_the_conclusions_are_published(
        self, units, django_capture_on_commit_callbacks, mailoutbox
    ):
        member = make_person(units["C1"])
        member.email = "member@example.com"
        member.notice_email = NoticeEmail.EACH
        member.save()
        outsider = make_person(units["C2"])
        meeting = make_meeting(units["C1"], starts_in=timedelta(days=-1))
        meeting.conclusions_published = True
        meeting.decisions = "<p>Thống nhất kế hoạch.</p>"
        with django_capture_on_commit_callbacks(execute=True):
            meeting.save_revision().publish()
            meeting.save_revision().publish()
        conclusions = UnitNotice.objects.filter(page=meeting, kind=NotificationKind.CONCLUSIONS_PUBLISHED)
        assert conclusions.count() == 1
        assert unread_count(member.user) == 2  # the meeting itself, then its conclusions
        assert unread_count(outsider.user) == 0
        assert [message.to for message in mailoutbox] == [["member@example.com"]] * 2

    def test_conclusions_show_decisions_attendance_and_tasks(self, client, units):
        member = make_person(units["C1"], full_name="Trần Văn Lực")
        meeting = MeetingPage(
            title="Họp tháng trước",
            slug="hop-thang-truoc",
            place="Thôn",
            starts_at=timezone.now() - timedelta(days=3),
            conclusions_published=True,
            decisions="<p>Lắp thiết bị giám sát hành trình.</p>",
        )
        meeting.attendance.add(Attendance(person=member, present=False, absence_reason="Đi biển"))
        meeting.tasks.add(MeetingTask(description="Vận động tổ 2", assignee=member, status=TaskStatus.OPEN))
        units["C1"].add_child(instance=meeting)
        meeting.save_revision().publish()
        client.force_login(member.user)
        page = client.get(meeting.url).text
        for text in ("Lắp thiết bị giám sát hành trình.", "Đi biển", "Vận động tổ 2"):
            assert text in page
        me_page = client.get(reverse("members:me")).text
        assert "Vận động tổ 2" in me_page
        assert "Họp tháng trước" in me_page


class TestMePage:
    def test_next_meeting_comes_first_with_its_form(self, client, units):
        member = make_person(units["C1"])
        make_meeting(units["C1"], title="Họp tháng sau", starts_in=timedelta(days=20))
        make_meeting(units["C1"], title="Họp tuần này", starts_in=timedelta(days=3))
        make_meeting(units["C2"], title="Họp chi bộ khác", starts_in=timedelta(days=1))
        client.force_login(member.user)
        page = client.get(reverse("members:me")).text
        section = page[page.index('id="next-meeting"') : page.index("</section>", page.index('id="next-meeting"'))]
        assert "Họp tuần này" in section
        assert "Họp tháng sau" not in section
        assert "Họp chi bộ khác" not in page
        assert 'name="client_token"' in section
        assert "Starts in" in section


def grow_cell(units, meeting, secretary, rounds):
    for _round in range(rounds):
        author = make_person(units["C1"])
        moderate(comment_on(meeting, author, "Đồng ý"), secretary.user, Decision.APPROVE)
        comment_on(meeting, author, "Chờ duyệt")
        past = make_meeting(units["C1"], starts_in=timedelta(days=-10), conclusions_published=True)
        past.tasks.add(MeetingTask(description="Việc", assignee=author))
        past.save_revision().publish()
        make_meeting(units["C1"], starts_in=timedelta(days=30))


class TestQueryCounts:
    @pytest.mark.parametrize("viewer", ["member", "secretary"])
    def test_meeting_page_and_me_keep_a_constant_number_of_queries(
        self, client, units, viewer, django_capture_on_commit_callbacks
    ):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        meeting, _document = meeting_with_file(
            units["C1"], starts_at=timezone.now() + timedelta(days=1), documents_published_at=timezone.now()
        )
        person = secretary if viewer == "secretary" else make_person(units["C1"])
        grow_cell(units, meeting, secretary, 1)
        client.force_login(person.user)
        urls = [meeting.url, reverse("members:me")]
        # Warm caches (site root paths, content types); the reading record is kept once committed.
        with django_capture_on_commit_callbacks(execute=True):
            for url in urls:
                count_queries(client, url)
        before = [count_queries(client, url) for url in urls]
        cold_before = [cold_queries(client, url) for url in urls]
        grow_cell(units, meeting, secretary, 4)
        with django_capture_on_commit_callbacks(execute=True):
            for url in urls:
                count_queries(client, url)  # the changes started new generations of the page cache: fill it again
        after = [count_queries(client, url) for url in urls]
        # Meeting page, /me/ (issue 12: at most 12 each); the secretary's pages add who was reached.
        assert after == before == {"member": [2, 2], "secretary": [3, 3]}[viewer]
        assert [cold_queries(client, url) for url in urls] == cold_before  # computing them does not grow either


class TestDemo:
    def test_hai_ninh_gets_its_month_once(self, units):
        from site_pages.tree import save_unit

        cell, _created = save_unit(code="QNG-BS-HN", title="Chi bộ thôn Hải Ninh", level="cell", parent=units["W1"])
        make_person(cell, kind=RoleKind.SECRETARY, username="secretary.haininh")
        for _number in range(4):
            make_person(cell)
        created = seed_meetings_demo()
        assert len(created) == 2
        assert seed_meetings_demo() == []
        upcoming = MeetingPage.objects.get(slug="sinh-hoat-chi-bo-thang-nay")
        statuses = sorted(upcoming.comments.values_list("status", flat=True))
        assert "pending" in statuses and "approved" in statuses
        assert upcoming.documents_visible_to(make_person(cell).user)
        past = MeetingPage.objects.get(slug="sinh-hoat-chi-bo-thang-truoc")
        assert past.conclusions_published and past.tasks.exists()


class TestAdminForm:
    def post_meeting(self, client, cell, assignee):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        starts_at = timezone.localtime() + timedelta(days=7)
        data = nested_form_data(
            {
                "title": "Họp tháng mười hai",
                "slug": "hop-thang-muoi-hai",
                "starts_at": starts_at.strftime("%Y-%m-%d %H:%M"),
                "ends_at": "",
                "place": "Nhà văn hoá",
                "kind": "regular",
                "agenda": streamfield([("item", {"title": "Tổng kết năm", "presenter": "", "notes": ""})]),
                "documents_published_at": "",
                "study_documents": inline_formset([]),
                "study_pages": inline_formset([]),
                "decisions": rich_text(""),
                "attendance": inline_formset([]),
                "tasks": inline_formset(
                    [{"description": "Chuẩn bị báo cáo", "assignee": assignee.pk, "due_on": "", "status": "open"}]
                ),
            }
        )
        url = reverse("wagtailadmin_pages:add", args=["site_pages", "meetingpage", cell.pk])
        return client.post(url, data)

    def test_the_secretary_creates_a_meeting_with_a_task_for_a_member(self, client, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        member = make_person(units["C1"])
        client.force_login(secretary.user)
        url = reverse("wagtailadmin_pages:add", args=["site_pages", "meetingpage", units["C1"].pk])
        assert client.get(url).status_code == 200
        response = self.post_meeting(client, units["C1"], member)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        meeting = MeetingPage.objects.get(slug="hop-thang-muoi-hai")
        assert meeting.owning_unit_id == units["C1"].pk
        assert list(meeting.tasks.values_list("assignee_id", flat=True)) == [member.pk]

    def test_a_task_for_someone_of_another_cell_is_refused(self, client, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        client.force_login(secretary.user)
        response = self.post_meeting(client, units["C1"], make_person(units["C2"]))
        assert response.status_code == 200
        assert not MeetingPage.objects.filter(slug="hop-thang-muoi-hai").exists()
        task_errors = response.context["form"].formsets["tasks"].errors
        assert [list(errors) for errors in task_errors] == [["assignee"]]
