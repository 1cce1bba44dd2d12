"""Activation links: printed for members who have not set a password, usable once, end to end."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from members.models import Person
from tests.factories import make_person

NEW_PASSWORD = "Sa-Huynh-bien-2026"


@pytest.fixture
def imported(tmp_path, units):
    """Three members imported without a password: two in W1's cells, one in another province."""
    path = tmp_path / "members.csv"
    path.write_text(
        "card_number,full_name,cell_code,role\n"
        "D001,Nguyễn Văn An,C1,member\n"
        '"D002","Trần Thị Bình, con",C2,secretary\n'
        "D003,Lê Hữu Cường,C4,member\n",
        encoding="utf-8",
    )
    call_command("import_members", str(path), "--no-progress")
    return {person.card_number: person for person in Person.objects.select_related("user")}


def activation_lines(unit_code):
    out = StringIO()
    call_command("activation_links", unit_code, stdout=out)
    return out.getvalue().splitlines()


def link_of(lines, card_number):
    (line,) = [line for line in lines if line.startswith(card_number + ",")]
    return line.rsplit(",", 1)[1]


class TestActivationLinks:
    def test_lists_the_unit_subtree_members_not_yet_activated(self, imported, units, settings):
        settings.WAGTAILADMIN_BASE_URL = "https://sotay.example.vn/"
        make_person(units["C1"])  # has a password: nothing to activate
        lines = activation_lines("W1")
        assert [line.split(",")[0] for line in lines] == ["D001", "D002"]
        assert lines[1].startswith('D002,"Trần Thị Bình, con",https://sotay.example.vn/accounts/reset/')
        assert activation_lines("C4")[0].startswith("D003,Lê Hữu Cường,")

    def test_unknown_unit(self, db):
        with pytest.raises(CommandError), translation.override("en"):
            activation_lines("NOPE")

    def test_link_sets_the_password_once(self, imported, client):
        link = link_of(activation_lines("C1"), "D001")
        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200
        assert b'name="new_password1"' in form_page.content
        done = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
        )
        assert done.redirect_chain[-1][0].endswith("/accounts/reset/done/")

        login = client.post("/accounts/login/", {"username": "D001", "password": NEW_PASSWORD})
        assert login.status_code == 302
        assert client.session["_auth_user_id"] == str(imported["D001"].user_id)
        client.post("/accounts/logout/")

        again = client.get(link, follow=True)
        assert b'name="new_password1"' not in again.content
        assert "D001" not in [line.split(",")[0] for line in activation_lines("C1")]

    def test_link_of_one_member_does_not_open_another_account(self, imported, client):
        lines = activation_lines("W1")
        uid_of_an = link_of(lines, "D001").split("/")[-3]
        token_of_binh = link_of(lines, "D002").split("/")[-2]
        forged = client.get(f"/accounts/reset/{uid_of_an}/{token_of_binh}/", follow=True)
        assert forged.status_code == 200
        assert b'name="new_password1"' not in forged.content
