"""Rendered parts kept in the page cache (site_pages.fragments): a part kept for one reader never
reaches one who may not see it, each change that touches a part shows on the next request, and no
part holds a CSRF token. /me/'s lists are parts too: tests/site_pages/test_page_cache.py checks
them against publishing, unpublishing, moves, renames and role changes."""

from datetime import timedelta

import pytest

from django.conf import settings
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from members.me import meetings_overview
from members.models import RoleKind
from members.services import transfer_member
from site_pages.fragments import FragmentHoldsCsrfToken, fragment_key
from site_pages.models import MeetingPage, MeetingReading, MeetingTask, StudyMaterial
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import make_meeting, read_in_english
from tests.members.test_meetings import meeting_with_file
from tests.site_pages.test_page_cache import html_of

pytestmark = pytest.mark.django_db


def reader(person):
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def public_meeting(units):
    """A public meeting of C1 linking a page of its own cell and one of the province above it."""
    cell_page = make_news(units["C1"], "Tin riêng Chi bộ Một")
    province_page = make_news(units["P1"], "Nghị quyết của Tỉnh Một")
    meeting = MeetingPage(
        title="Họp công khai", slug="hop-cong-khai", place="Thôn", is_public=True, starts_at=timezone.now()
    )
    meeting.study_pages.add(MeetingReading(target=cell_page, sort_order=0))
    meeting.study_pages.add(MeetingReading(target=province_page, sort_order=1))
    units["C1"].add_child(instance=meeting)
    meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk), cell_page, province_page


class TestNoLeak:
    def test_links_kept_for_one_cell_never_reach_another(self, units, public_meeting):
        meeting, _cell_page, _province_page = public_meeting
        assert "Tin riêng Chi bộ Một" in html_of(reader(make_person(units["C1"])), meeting.url)  # kept now
        elsewhere = html_of(reader(make_person(units["C3"])), meeting.url)
        assert "Tin riêng Chi bộ Một" not in elsewhere and "Nghị quyết của Tỉnh Một" in elsewhere
        assert "Tin riêng Chi bộ Một" not in html_of(Client(), meeting.url)  # nor to a visitor

    def test_one_key_for_a_cell_another_for_each_other_reading(self, units, public_meeting):
        meeting, _cell_page, _province_page = public_meeting
        now = timezone.now()

        def key(person):
            return StudyMaterial(meeting, person.user, now).fragment_key

        first, second = make_person(units["C1"]), make_person(units["C1"])
        assert key(first) == key(second)  # shared within the cell: what makes the part worth keeping
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        assert len({key(first), key(secretary), key(make_person(units["C2"])), key(make_person(units["C3"]))}) == 4

    def test_documents_kept_for_a_secretary_before_their_release_never_reach_a_member(self, units):
        tomorrow = timezone.now() + timedelta(days=1)
        meeting, document = meeting_with_file(
            units["C1"], starts_at=tomorrow + timedelta(days=1), documents_published_at=tomorrow
        )
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        assert document.title in html_of(reader(secretary), meeting.url)  # the unit's staff prepare them
        member = reader(make_person(units["C1"]))
        assert document.title not in html_of(member, meeting.url)
        assert document.title not in html_of(member, "/me/")

    def test_a_part_kept_in_one_language_is_not_shown_in_another(self, units):
        member = reader(make_person(units["C1"]))
        member.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        assert "Phường/Xã" in html_of(member, "/me/")  # each level's list kept, in Vietnamese
        read_in_english(member)
        english = html_of(member, "/me/")
        assert "Ward/Commune" in english and "Phường/Xã" not in english


class TestChangesShowAtOnce:
    def test_a_linked_page_unpublished_leaves_the_meeting(self, units, public_meeting):
        meeting, _cell_page, province_page = public_meeting
        member = reader(make_person(units["C1"]))
        assert "Nghị quyết của Tỉnh Một" in html_of(member, meeting.url)
        province_page.unpublish()  # a change of the province, not of the meeting's cell
        assert "Nghị quyết của Tỉnh Một" not in html_of(member, meeting.url)

    def test_a_republished_meeting_shows_its_new_place(self, units):
        meeting = make_meeting(units["C1"], place="Nhà văn hoá thôn")
        member = reader(make_person(units["C1"]))
        assert "Nhà văn hoá thôn" in html_of(member, meeting.url)
        meeting.place = "Hội trường xã"
        meeting.save_revision().publish()
        assert "Hội trường xã" in html_of(member, meeting.url)

    def test_the_breadcrumbs_show_a_renamed_page_and_a_renamed_ward(self, units):
        meeting = make_meeting(units["C1"], title="Họp tháng Một")
        member = reader(make_person(units["C1"]))
        assert 'aria-current="page">Họp tháng Một<' in html_of(member, meeting.url)  # kept now
        meeting.title = "Họp tháng Một (dời lịch)"
        meeting.save_revision().publish()
        assert 'aria-current="page">Họp tháng Một (dời lịch)<' in html_of(member, meeting.url)
        ward = units["W1"]
        ward.title = "Phường Một Mới"
        ward.save_revision().publish()
        assert ">Phường Một Mới</a></li>" in html_of(member, meeting.url)

    def test_published_conclusions_show_on_the_meeting_page(self, units):
        meeting = make_meeting(units["C1"], starts_in=-timedelta(days=2))
        MeetingTask.objects.create(page=meeting, description="Rà soát hồ sơ", sort_order=0)
        member = reader(make_person(units["C1"]))
        assert "Rà soát hồ sơ" not in html_of(member, meeting.url)
        meeting.conclusions_published = True
        meeting.save_revision().publish()
        assert "Rà soát hồ sơ" in html_of(member, meeting.url)

    def test_a_member_moved_to_another_cell_no_longer_sees_the_old_cells_links(self, units, public_meeting):
        meeting, _cell_page, _province_page = public_meeting
        person = make_person(units["C1"])
        assert "Tin riêng Chi bộ Một" in html_of(reader(person), meeting.url)
        transfer_member(person, units["C3"])  # ends the session: a new one below
        assert "Tin riêng Chi bộ Một" not in html_of(reader(person), meeting.url)

    def test_me_shows_a_new_meeting_and_moves_on_when_one_is_over(self, units):
        def next_meeting(client):
            html = html_of(client, "/me/")
            start = html.index('id="next-meeting"')
            return html[start : html.index("</section>", start)]

        person = make_person(units["C1"])
        member = reader(person)
        assert "Họp sắp tới" not in next_meeting(member)  # kept now: no meeting
        soon = make_meeting(
            units["C1"], starts_in=timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2), title="Họp sắp tới"
        )
        make_meeting(units["C1"], starts_in=timedelta(days=3), title="Họp tuần sau")
        assert "Họp sắp tới" in next_meeting(member)  # the lists kept now
        # Three hours on, from the same kept lists: the first meeting is over.
        later = meetings_overview(person.user, person, [units["C1"].pk], now=soon.ends_at + timedelta(hours=1))
        assert later["next_meeting"].title == "Họp tuần sau"


class TestWhatAPartMayHold:
    def test_a_part_holding_a_csrf_token_is_refused(self):
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        template = Template("{% load fragments %}{% fragment key %}<form>{% csrf_token %}</form>{% endfragment %}")
        context = Context({"key": fragment_key("test-form", []), "request": request, "csrf_token": "a-token"})
        with pytest.raises(FragmentHoldsCsrfToken):
            template.render(context)

    def test_a_preview_is_never_kept(self, units):
        meeting = make_meeting(units["C1"], place="Nhà văn hoá thôn")
        meeting.place = "Địa điểm nháp"  # a draft, previewed in the admin
        assert "Địa điểm nháp" in meeting.make_preview_request().content.decode()
        html = html_of(reader(make_person(units["C1"])), meeting.url)
        assert "Nhà văn hoá thôn" in html and "Địa điểm nháp" not in html

    def test_without_a_key_a_part_is_rendered_each_time(self):
        template = Template("{% load fragments %}{% fragment key %}{{ value }}{% endfragment %}")
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        assert template.render(Context({"key": None, "request": request, "value": "một"})) == "một"
        assert template.render(Context({"key": None, "request": request, "value": "hai"})) == "hai"
        # A key that is not set in the context at all (Django gives "") keeps nothing either.
        assert template.render(Context({"request": request, "value": "ba"})) == "ba"
        assert template.render(Context({"request": request, "value": "bốn"})) == "bốn"
