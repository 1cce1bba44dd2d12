"""Unit staff manage the people of their units in the Wagtail admin, through the real admin views."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Person, Role, RoleKind
from tests.factories import make_person

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/members/person/"
REFUSED = (302, 403, 404)


def person_url(action, person):
    return reverse(f"wagtailsnippets_members_person:{action}", args=[person.pk])


def listed_names(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response.content.decode()


def profile_data(person, **changes):
    data = {
        "full_name": person.full_name,
        "date_of_birth": "",
        "joined_on": "",
        "occupation": person.occupation,
        "phone": person.phone,
        "email": person.email,
    }
    return {**data, **changes}


def roles_formset(person, unit, kind):
    """The inline roles formset as the superuser's edit form posts it: `person`'s roles plus a new one."""
    rows = [
        {"id": role.pk, "unit": role.unit_id, "kind": role.kind, "started_on": role.started_on, "ended_on": ""}
        for role in person.roles.order_by("pk")
    ]
    rows.append({"id": "", "unit": unit.pk, "kind": kind, "started_on": "2026-01-01", "ended_on": ""})
    data = {
        "roles-TOTAL_FORMS": str(len(rows)),
        "roles-INITIAL_FORMS": str(len(rows) - 1),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"roles-{index}-{field}": str(value) for field, value in row.items()})
        data[f"roles-{index}-ORDER"] = str(index + 1)
    return data


@pytest.fixture
def people(units):
    return {code: make_person(units[code], full_name=f"Người ở {code}") for code in ("C1", "C2", "C3", "C4")}


@pytest.fixture
def secretary(units, client):
    person = make_person(units["C1"], kind=RoleKind.SECRETARY, full_name="Bí thư C1")
    client.force_login(person.user)
    return person


class TestSecretary:
    def test_lists_own_cell_only(self, client, secretary, people):
        html = listed_names(client)
        assert people["C1"].full_name in html and secretary.full_name in html
        assert people["C2"].full_name not in html and people["C4"].full_name not in html

    def test_filters_and_search_stay_inside_the_cell(self, client, secretary, people):
        html = listed_names(client, unit="W1")
        assert people["C1"].full_name in html and people["C2"].full_name not in html
        html = listed_names(client, q=people["C2"].card_number)
        assert people["C2"].full_name not in html

    def test_deputy_lists_own_cell(self, client, units, people):
        client.force_login(make_person(units["C2"], kind=RoleKind.DEPUTY_SECRETARY).user)
        html = listed_names(client)
        assert people["C2"].full_name in html and people["C1"].full_name not in html

    def test_edits_phone_of_a_person_in_the_cell(self, client, secretary, people):
        person = people["C1"]
        response = client.post(person_url("edit", person), profile_data(person, phone="0912 345 678"))
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.phone == "0912 345 678"

    def test_inspects_a_person_in_the_cell(self, client, secretary, people):
        response = client.get(person_url("inspect", people["C1"]))
        assert response.status_code == 200 and people["C1"].card_number in response.content.decode()

    @pytest.mark.parametrize("action", ["edit", "inspect", "history", "usage"])
    def test_person_of_another_cell_is_out_of_reach(self, client, secretary, people, action):
        assert client.get(person_url(action, people["C2"])).status_code in (403, 404)

    def test_edit_post_for_another_cell_changes_nothing(self, client, secretary, people):
        person = people["C2"]
        response = client.post(person_url("edit", person), profile_data(person, phone="0900 000 000"))
        assert response.status_code in (403, 404)
        person.refresh_from_db()
        assert person.phone == ""

    def test_cannot_add_people(self, client, secretary):
        assert client.get(reverse("wagtailsnippets_members_person:add")).status_code in REFUSED
        count = Person.objects.count()
        response = client.post(
            reverse("wagtailsnippets_members_person:add"), {"full_name": "Mới", "card_number": "NEW000001"}
        )
        assert response.status_code in REFUSED
        assert Person.objects.count() == count

    def test_cannot_delete_people(self, client, secretary, people):
        person = people["C1"]
        assert client.get(person_url("delete", person)).status_code in REFUSED
        assert client.post(person_url("delete", person)).status_code in REFUSED
        bulk_delete = reverse("wagtail_bulk_action", args=["members", "person", "delete"])
        client.post(f"{bulk_delete}?id={person.pk}")
        assert Person.objects.filter(pk=person.pk).exists()

    def test_edit_form_has_no_roles_and_a_read_only_card_number(self, client, secretary, people):
        html = client.get(person_url("edit", people["C1"])).content.decode()
        assert people["C1"].card_number in html
        assert 'name="card_number"' not in html and "roles-TOTAL_FORMS" not in html

    def test_posted_roles_and_card_number_change_nothing(self, client, units, secretary):
        roles_before = set(Role.objects.values_list("pk", "person_id", "unit_id", "kind", "ended_on"))
        data = {
            **profile_data(secretary, phone="0911 111 111"),
            "card_number": "HIJACKED1",
            **roles_formset(secretary, units["TW"], RoleKind.CHIEF_EDITOR),
        }
        response = client.post(person_url("edit", secretary), data)
        assert response.status_code == 302
        secretary.refresh_from_db()
        assert secretary.phone == "0911 111 111"  # the profile change went through...
        assert secretary.card_number != "HIJACKED1"  # ...the card number and roles did not
        assert set(Role.objects.values_list("pk", "person_id", "unit_id", "kind", "ended_on")) == roles_before

    def test_list_queries_do_not_grow_with_people(self, client, units, secretary):
        def count_list_queries():
            listed_names(client)  # the first request after force_login stamps the session (cms.middleware)
            with CaptureQueriesContext(connection) as queries:
                listed_names(client)
            return len(queries)

        for _ in range(4):
            make_person(units["C1"])
        with_five = count_list_queries()
        for _ in range(45):
            make_person(units["C1"])
        assert Person.objects.count() == 50
        assert count_list_queries() == with_five


class TestChiefEditor:
    def test_lists_people_of_the_units_subtree(self, client, units, people):
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P1"]).user)
        html = listed_names(client)
        assert people["C1"].full_name in html and people["C3"].full_name in html
        assert people["C4"].full_name not in html

    def test_edits_a_person_of_the_subtree_not_outside(self, client, units, people):
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P1"]).user)
        inside, outside = people["C3"], people["C4"]
        client.post(person_url("edit", inside), profile_data(inside, occupation="Kỹ sư"))
        assert client.post(person_url("edit", outside), profile_data(outside, occupation="Kỹ sư")).status_code in (
            403,
            404,
        )
        inside.refresh_from_db()
        outside.refresh_from_db()
        assert (inside.occupation, outside.occupation) == ("Kỹ sư", "")


class TestRefused:
    @pytest.mark.parametrize("kind", [RoleKind.EDITOR, RoleKind.MEMBER])
    def test_editor_and_plain_member_cannot_open_the_list(self, client, units, people, kind):
        client.force_login(make_person(units["C1"], kind=kind, unit=units["W1"]).user)
        assert client.get(LIST_URL).status_code in (302, 403)
        assert client.get(person_url("edit", people["C1"])).status_code in REFUSED

    def test_ended_secretary_role_gives_nothing(self, client, units, people):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        Role.objects.filter(person=secretary, kind=RoleKind.SECRETARY).update(ended_on="2026-01-01")
        client.force_login(secretary.user)
        assert client.get(LIST_URL).status_code in (302, 403)


class TestSuperuser:
    def test_edits_card_number_and_roles(self, client, units, people, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        person = people["C4"]
        data = {
            **profile_data(person),
            "card_number": "NEW000002",
            **roles_formset(person, units["P2"], RoleKind.EDITOR),
        }
        response = client.post(person_url("edit", person), data)
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.card_number == "NEW000002"
        assert set(Role.objects.filter(person=person).values_list("unit__code", "kind")) == {
            ("C4", RoleKind.MEMBER),
            ("P2", RoleKind.EDITOR),
        }
