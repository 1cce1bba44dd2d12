import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import RoleKind
from site_pages.tree import save_unit
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db


def grow(units, factor):
    """Add `factor` times the pages, members and cells around C1's chain."""
    for index in range(factor):
        for code in ("TW", "P1", "W1", "C1", "C2"):
            make_news(units[code])
        make_person(units["C1"])
        save_unit(code=f"W1-X{factor}-{index}", title=f"Chi bộ thêm {factor}-{index}", level="cell", parent=units["W1"])


def queries_for(client, url):
    client.get(url)  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


class TestMemberPage:
    def test_shows_who_and_the_unit_chain_with_links(self, client, units):
        person = make_person(units["C1"], full_name="Nguyễn Thị Hoa")
        client.force_login(person.user)
        html = client.get("/me/").content.decode()
        assert "Nguyễn Thị Hoa" in html and person.card_number in html
        for code in ("P1", "W1", "C1"):
            assert f'href="{units[code].url}"' in html
        assert units["TW"].title in html

    def test_groups_newest_pages_by_level(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        older = make_news(units["W1"], "Tin cũ của phường")
        newer = make_news(units["W1"], "Tin mới của phường")
        html = client.get("/me/").content.decode()
        assert html.index(newer.title) < html.index(older.title)
        assert html.index("level-central") < html.index("level-province") < html.index("level-ward")
        assert html.index("level-ward") < html.index("level-cell")

    def test_staff_see_their_roles(self, client, units):
        client.force_login(make_person(units["C1"], kind=RoleKind.SECRETARY).user)
        html = client.get("/me/").content.decode()
        assert "Bí thư" in html or "Secretary" in html

    def test_works_for_a_login_without_a_unit(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("khach", password="x"))
        assert client.get("/me/").status_code == 200

    def test_requires_login(self, client):
        assert client.get("/me/")["Location"].startswith("/accounts/login/")

    def test_query_count_does_not_grow_with_data(self, client, units):
        person = make_person(units["C1"], kind=RoleKind.SECRETARY)
        client.force_login(person.user)
        grow(units, 1)
        small = queries_for(client, "/me/")
        grow(units, 10)
        assert queries_for(client, "/me/") == small == 3  # issue 12: at most 12


class TestHome:
    def test_visitors_see_the_public_root_and_a_login_link(self, client, units):
        units["TW"].is_public = True
        units["TW"].save()
        html = client.get("/").content.decode()
        assert units["TW"].title in html
        assert "/accounts/login/" in html

    def test_members_are_taken_to_their_page(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        assert client.get("/")["Location"] == "/me/"


class TestLargeText:
    """The member's "Chữ lớn" switch (issue 11, item 6): remembered for them, on every page, free."""

    def test_the_switch_is_remembered_for_that_member_only(self, client, units):
        member, neighbour = make_person(units["C1"]), make_person(units["C1"])
        client.force_login(member.user)
        response = client.post(reverse("members:large_text"), {"large_text": "on", "next": "/search/"})
        assert response["Location"] == "/search/"
        assert 'class="large-text"' in client.get("/me/").text
        client.force_login(neighbour.user)
        assert 'class="large-text"' not in client.get("/me/").text
        client.force_login(member.user)
        client.post(reverse("members:large_text"), {"next": "https://example.com/"})
        assert 'class="large-text"' not in client.get("/me/").text

    def test_only_by_post_and_logged_in(self, client, units):
        assert client.post(reverse("members:large_text"), {"large_text": "on"})["Location"].startswith("/accounts/")
        client.force_login(make_person(units["C1"]).user)
        assert client.get(reverse("members:large_text")).status_code == 405
