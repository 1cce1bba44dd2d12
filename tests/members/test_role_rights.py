"""Roles imply admin rights, checked through the real Wagtail admin views."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import Role, RoleKind
from members.services import end_role, grant_role
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_news_url(parent):
    return reverse("wagtailadmin_pages:add", args=["site_pages", "newsarticlepage", parent.pk])


def can_open(client, url):
    return client.get(url).status_code == 200


class TestEditorRights:
    def test_editor_edits_own_subtree_only(self, client, units):
        editor = make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])
        client.force_login(editor.user)
        pages = {code: make_news(units[code]) for code in ("W1", "C1", "W2", "P1", "TW", "C4")}
        outcomes = {code: can_open(client, edit_url(page)) for code, page in pages.items()}
        assert outcomes == {"W1": True, "C1": True, "W2": False, "P1": False, "TW": False, "C4": False}

    def test_editor_adds_pages_under_own_unit_only(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        assert can_open(client, add_news_url(units["W1"]))
        response = client.get(add_news_url(units["W2"]))
        assert response.status_code in (302, 403)

    def test_editor_cannot_publish(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        page = make_news(units["W1"], live=False)
        client.post(
            edit_url(page),
            {"title": page.title, "slug": page.slug, "date": "2026-11-28", "body-count": "0", "action-publish": "1"},
        )
        page.refresh_from_db()
        assert page.live is False

    def test_revoking_the_role_takes_the_rights_away(self, client, units):
        editor = make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])
        page = make_news(units["W1"])
        client.force_login(editor.user)
        assert can_open(client, edit_url(page))
        end_role(Role.objects.get(person=editor, kind=RoleKind.EDITOR))
        assert not can_open(client, edit_url(page))
        assert client.get(reverse("wagtailadmin_home")).status_code == 302

    def test_deleting_the_role_takes_the_rights_away(self, units):
        editor = make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])
        Role.objects.filter(person=editor).delete()
        assert not editor.user.groups.exists()


class TestCellAndChiefRights:
    def test_secretary_edits_own_cell_only(self, client, units):
        client.force_login(make_person(units["C1"], kind=RoleKind.SECRETARY).user)
        pages = {code: make_news(units[code]) for code in ("C1", "C2", "W1")}
        outcomes = {code: can_open(client, edit_url(page)) for code, page in pages.items()}
        assert outcomes == {"C1": True, "C2": False, "W1": False}

    def test_chief_editor_of_a_province_reaches_its_subtree(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P1"]).user)
        pages = {code: make_news(units[code]) for code in ("P1", "C3", "P2", "TW")}
        outcomes = {code: can_open(client, edit_url(page)) for code, page in pages.items()}
        assert outcomes == {"P1": True, "C3": True, "P2": False, "TW": False}

    def test_plain_member_has_no_admin(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        assert client.get(reverse("wagtailadmin_home")).status_code == 302


class TestRoleGroups:
    def test_one_group_per_unit_and_kind_shared_by_holders(self, units):
        first = make_person(units["C1"], kind=RoleKind.SECRETARY)
        second = make_person(units["C1"], kind=RoleKind.SECRETARY)
        group = Group.objects.get(name="role:secretary:C1")
        assert set(group.user_set.all()) == {first.user, second.user}
        assert {p.permission.codename for p in group.page_permissions.all()} >= {"add_page", "publish_page"}
        assert group.collection_permissions.filter(collection_id=units["C1"].collection_id).exists()

    def test_granting_twice_keeps_one_role(self, units):
        person = make_person(None, kind=RoleKind.EDITOR, unit=units["W1"])
        grant_role(person, units["W1"], RoleKind.EDITOR)
        assert Role.objects.filter(person=person, kind=RoleKind.EDITOR).count() == 1


class TestPeopleAdmin:
    url = "/admin/snippets/members/person/"

    def test_superuser_filters_people_by_unit_and_searches_by_card(self, client, units, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        in_c1 = make_person(units["C1"], full_name="Trần Thị Lan")
        in_c4 = make_person(units["C4"], full_name="Lê Văn Hải")
        html = client.get(self.url, {"unit": "W1"}).content.decode()
        assert in_c1.full_name in html and in_c4.full_name not in html
        html = client.get(self.url, {"q": in_c4.card_number}).content.decode()
        assert in_c4.full_name in html and in_c1.full_name not in html

    def test_secretary_lists_only_the_people_of_their_cell(self, client, units):
        client.force_login(make_person(units["C1"], kind=RoleKind.SECRETARY).user)
        in_c1 = make_person(units["C1"], full_name="Trần Thị Lan")
        in_c2 = make_person(units["C2"], full_name="Lê Văn Hải")
        response = client.get(self.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert in_c1.full_name in html and in_c2.full_name not in html

    def test_editor_cannot_open_the_people_list(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        assert client.get(self.url).status_code in (302, 403)
