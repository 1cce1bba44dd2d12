"""The page cache (site_pages.page_cache): what one member's request caches never reaches a member
who may not see it, every change shows on the next request, and per-person state stays per person."""

from datetime import timedelta

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.comments.services import Decision, moderate
from members.models import Role, RoleKind
from members.services import grant_role, transfer_member
from site_pages.models import MeetingTask
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import comment_on, make_meeting

pytestmark = pytest.mark.django_db


def logged_in(client, person):
    client.force_login(person.user)
    return client


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_cells(units, client, django_user_model):
    """A member of C1 and one of C2 (same ward), one of C3 (another ward), each with own client."""
    from django.test import Client

    return {
        code: logged_in(Client(), make_person(units[code], full_name=f"Người của {code}"))
        for code in ("C1", "C2", "C3")
    }


class TestNoLeak:
    def test_a_cell_list_cached_for_one_member_never_reaches_another_cell_or_ward(self, units, two_cells):
        make_news(units["C1"], "Tin riêng Chi bộ Một")
        make_news(units["W1"], "Tin của Phường Một")
        assert "Tin riêng Chi bộ Một" in html_of(two_cells["C1"], "/me/")  # cached now, C1 and W1 lists
        other_cell, other_ward = html_of(two_cells["C2"], "/me/"), html_of(two_cells["C3"], "/me/")
        assert "Tin riêng Chi bộ Một" not in other_cell and "Tin riêng Chi bộ Một" not in other_ward
        assert "Tin của Phường Một" in other_cell  # the ward's list is shared within the ward...
        assert "Tin của Phường Một" not in other_ward  # ...and only there

    def test_a_route_cached_for_one_member_serves_nobody_else(self, units, two_cells):
        news = make_news(units["C1"], "Tin riêng")
        assert two_cells["C1"].get(news.url).status_code == 200
        assert two_cells["C2"].get(news.url).status_code == 404
        assert two_cells["C3"].get(news.url).status_code == 404

    def test_breadcrumbs_cached_for_staff_show_a_member_only_what_they_read(self, units, client):
        from django.test import Client

        public = make_news(units["C1"], "Tin công khai", is_public=True)
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        staff_trail = html_of(logged_in(Client(), secretary), public.url)
        assert f'href="{units["C1"].url}"' in staff_trail
        outsider_trail = html_of(logged_in(client, make_person(units["C3"])), public.url)
        assert f'href="{units["C1"].url}"' not in outsider_trail and f'href="{units["P1"].url}"' in outsider_trail


class TestChangesShowAtOnce:
    def test_the_page_served_is_the_one_last_published(self, units, two_cells):
        news = make_news(units["C1"], "Tin bản đầu", is_public=True)
        outsider = two_cells["C3"]
        assert "Tin bản đầu" in html_of(outsider, news.url)  # the page is kept now (site_pages.routing)
        news.title, news.is_public = "Tin bản sửa", False
        news.save_revision().publish()
        assert "Tin bản sửa" in html_of(two_cells["C1"], news.url)
        assert outsider.get(news.url).status_code == 404  # no longer public: the kept page went with it

    def test_publish_and_unpublish(self, units, two_cells):
        member = two_cells["C1"]
        html_of(member, "/me/")
        news = make_news(units["C1"], "Tin mới đăng")
        assert "Tin mới đăng" in html_of(member, "/me/")
        news.unpublish()
        assert "Tin mới đăng" not in html_of(member, "/me/")
        assert member.get(news.url).status_code == 404

    def test_move(self, units, two_cells):
        news = make_news(units["C1"], "Tin chuyển đi")
        old_url = news.url
        assert "Tin chuyển đi" in html_of(two_cells["C1"], "/me/")
        assert two_cells["C1"].get(old_url).status_code == 200
        news.move(units["C2"], pos="last-child")
        news.refresh_from_db()
        assert "Tin chuyển đi" not in html_of(two_cells["C1"], "/me/")
        assert two_cells["C1"].get(news.url).status_code == 404
        assert "Tin chuyển đi" in html_of(two_cells["C2"], "/me/")
        assert two_cells["C2"].get(news.url).status_code == 200
        # Wagtail's redirects app sends the old address on to the new one.
        assert two_cells["C2"].get(old_url)["Location"] == news.url

    def test_unit_renamed(self, units, two_cells):
        html_of(two_cells["C1"], "/me/")
        ward = units["W1"]
        ward.title = "Phường Một Mới"
        ward.save_revision().publish()
        assert "Phường Một Mới" in html_of(two_cells["C1"], "/me/")

    def test_role_change(self, units, client):
        person = make_person(units["C1"])
        theirs, elsewhere = make_news(units["C1"], "Tin C1"), make_news(units["C3"], "Tin C3")
        logged_in(client, person)
        assert client.get(theirs.url).status_code == 200 and client.get(elsewhere.url).status_code == 404
        transfer_member(person, units["C3"])  # ends the C1 membership, which ends the session
        logged_in(client, person)
        assert client.get(theirs.url).status_code == 404 and client.get(elsewhere.url).status_code == 200
        assert "Tin C3" in html_of(client, "/me/") and "Tin C1" not in html_of(client, "/me/")

    def test_role_given_without_a_new_session(self, units, client):
        person = make_person(units["C1"])
        province_news = make_news(units["P2"], "Tin Tỉnh Hai")
        logged_in(client, person)
        assert client.get(province_news.url).status_code == 404
        Role.objects.filter(person=person).delete()  # ended: logged out
        logged_in(client, person)
        grant_role(person, units["C4"], RoleKind.MEMBER)  # given: the session goes on
        assert client.get(province_news.url).status_code == 200

    def test_published_conclusions(self, units, two_cells):
        member = two_cells["C1"]
        meeting = make_meeting(units["C1"], starts_in=-timedelta(days=3), title="Họp tháng trước")
        MeetingTask.objects.create(page=meeting, description="Rà soát hồ sơ", sort_order=0)
        assert "Rà soát hồ sơ" not in html_of(member, "/me/")
        meeting.conclusions_published = True
        meeting.save_revision().publish()
        assert "Rà soát hồ sơ" in html_of(member, "/me/")

    def test_approved_comment(self, units, two_cells):
        meeting = make_meeting(units["C1"])
        author = make_person(units["C1"])
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        reader = two_cells["C1"]
        comment = comment_on(meeting, author, "Ý kiến cần duyệt")
        assert "Ý kiến cần duyệt" not in html_of(reader, meeting.url)
        moderate(comment, secretary.user, Decision.APPROVE)
        assert "Ý kiến cần duyệt" in html_of(reader, meeting.url)


class TestKeptComments:
    """What a person is shown of a page's comments is kept per person (members.comments.context): each
    change shows on the next view, and a list kept for a moderator never reaches a member."""

    def test_own_comment_written_edited_withdrawn_and_deleted(self, units):
        from django.test import Client

        from members.comments.services import edit_own_comment, withdraw_own_comment

        meeting = make_meeting(units["C1"])
        author = make_person(units["C1"])
        client = logged_in(Client(), author)
        html_of(client, meeting.url)  # kept now, with no comment
        comment = comment_on(meeting, author, "Ý kiến thứ nhất")
        assert "Ý kiến thứ nhất" in html_of(client, meeting.url)
        edit_own_comment(comment, author, "Ý kiến đã sửa")
        assert "Ý kiến đã sửa" in html_of(client, meeting.url)
        withdraw_own_comment(comment, author)
        assert "Ý kiến đã sửa" not in html_of(client, meeting.url)
        other = comment_on(meeting, author, "Ý kiến sẽ bị xoá")
        assert "Ý kiến sẽ bị xoá" in html_of(client, meeting.url)
        other.delete()
        assert "Ý kiến sẽ bị xoá" not in html_of(client, meeting.url)

    def test_an_authors_new_name_shows_at_once(self, units, two_cells):
        meeting = make_meeting(units["C1"])
        author = make_person(units["C1"], full_name="Tên Cũ Của Tác Giả")
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        moderate(comment_on(meeting, author, "Ý kiến có tên"), secretary.user, Decision.APPROVE)
        reader = two_cells["C1"]
        assert "Tên Cũ Của Tác Giả" in html_of(reader, meeting.url)
        author.full_name = "Tên Mới Của Tác Giả"
        author.save()
        assert "Tên Mới Của Tác Giả" in html_of(reader, meeting.url)

    def test_a_kept_list_holds_of_its_authors_only_their_names(self, units, two_cells):
        from django.core.cache import caches

        meeting = make_meeting(units["C1"])
        author = make_person(units["C1"], full_name="Tác Giả Có Số Điện Thoại")
        author.phone, author.email = "0905123456", "tacgia@example.vn"
        author.save()
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        moderate(comment_on(meeting, author, "Ý kiến đã duyệt"), secretary.user, Decision.APPROVE)
        assert "Tác Giả Có Số Điện Thoại" in html_of(two_cells["C1"], meeting.url)
        # What this process keeps, pickled (test settings always have this local copy of the page cache).
        kept = b"".join(caches["pages_local"]._cache.values())
        assert "Tác Giả Có Số Điện Thoại".encode() in kept
        assert b"0905123456" not in kept and b"tacgia@example.vn" not in kept

    def test_a_moderators_list_never_reaches_a_member(self, units, two_cells):
        from django.test import Client

        meeting = make_meeting(units["C1"])
        comment_on(meeting, make_person(units["C1"]), "Ý kiến đang chờ duyệt")
        person = make_person(units["C1"], kind=RoleKind.SECRETARY)
        secretary = logged_in(Client(), person)
        assert "Ý kiến đang chờ duyệt" in html_of(secretary, meeting.url)  # kept now, for the secretary
        assert "Ý kiến đang chờ duyệt" not in html_of(two_cells["C1"], meeting.url)
        # The secretary's role ends (and with it their session): their kept list goes too.
        Role.objects.filter(person=person, kind=RoleKind.SECRETARY).delete()
        assert "Ý kiến đang chờ duyệt" not in html_of(logged_in(secretary, person), meeting.url)


class TestTimeIsReadPerRequest:
    def test_files_appear_at_their_release_and_comments_close_at_the_start(self, units, two_cells):
        from django.utils import timezone

        from tests.members.test_meetings import meeting_with_file

        starts_at = timezone.now() + timedelta(hours=2)
        meeting, document = meeting_with_file(
            units["C1"], starts_at=starts_at, documents_published_at=starts_at - timedelta(hours=1)
        )
        member = two_cells["C1"]
        before = html_of(member, meeting.url)  # the page and its parts are kept now
        assert document.title not in before and 'name="body"' in before
        # Time passing, with no save that would start a new generation of the cache (and less than a
        # day, so that nothing kept expires on its own).
        with time_machine.travel(starts_at + timedelta(minutes=1)):
            after = html_of(member, meeting.url)
        assert document.title in after and 'name="body"' not in after


class TestPerPersonStateStaysPerPerson:
    def test_names_own_comments_and_tokens(self, units, two_cells):
        meeting = make_meeting(units["C1"])
        from django.test import Client

        author = make_person(units["C1"], full_name="Tác Giả Riêng")
        author_client = logged_in(Client(enforce_csrf_checks=True), author)
        comment_on(meeting, author, "Ý kiến chưa duyệt của tôi")
        own, other = html_of(author_client, meeting.url), html_of(two_cells["C1"], meeting.url)
        assert "Ý kiến chưa duyệt của tôi" in own and "Ý kiến chưa duyệt của tôi" not in other
        assert "Tác Giả Riêng" in html_of(author_client, "/me/")
        assert "Tác Giả Riêng" not in html_of(two_cells["C1"], "/me/")
        token_of = {}
        for name, member in (("author", author_client), ("other", two_cells["C1"])):
            page = html_of(member, "/me/")
            start = page.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" value="')
            token_of[name] = page[start : page.index('"', start)]
        assert token_of["author"] != token_of["other"]


def served_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


class TestRouting:
    def test_a_deep_page_is_routed_in_one_query(self, units, client):
        news = make_news(units["C1"], "Tin sâu")
        logged_in(client, make_person(units["C1"]))
        deep = served_queries(client, news.url)
        shallow = served_queries(client, make_news(units["TW"], "Tin nông").url)
        # The same cost at depth 5 as at depth 2: no query per path segment (Wagtail's own walk).
        assert deep == shallow

    def test_the_site_is_read_once_and_again_after_a_change(self, units, client):
        from wagtail.models import Site

        news = make_news(units["TW"], "Tin trung ương", is_public=True)
        client.get(news.url)  # Wagtail looks the site up: kept now
        with CaptureQueriesContext(connection) as context:
            client.get(news.url)
        assert not any("wagtailcore_site" in query["sql"] for query in context.captured_queries)
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Sổ tay mới"
        site.save()
        with CaptureQueriesContext(connection) as context:
            client.get(news.url)
        assert any("wagtailcore_site" in query["sql"] for query in context.captured_queries)
