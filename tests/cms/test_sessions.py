"""The session's idle expiry slides forward at most once per refresh interval, not on every request."""

from datetime import timedelta

import pytest

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.utils import timezone

from cms.middleware import SESSION_REFRESHED_AT
from members.models import Role, RoleKind
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, units):
    person = make_person(units["C1"])
    response = client.post("/accounts/login/", {"username": person.card_number, "password": PASSWORD})
    assert response["Location"] == "/me/"
    return client


MEMBER_SESSION_SECONDS = settings.MEMBER_SESSION_DAYS * 24 * 60 * 60


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


class TestSessionRefresh:
    def test_a_request_within_the_interval_does_not_write_the_session(self, member_client):
        saved_expiry = expiry(member_client)
        response = member_client.get("/me/")
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert expiry(member_client) == saved_expiry

    def test_a_request_after_the_interval_extends_the_session(self, member_client):
        # As if the last refresh was one interval and a second ago.
        past = timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
        session = member_client.session
        session[SESSION_REFRESHED_AT] -= int(past.total_seconds())
        session.save()
        Session.objects.filter(session_key=session.session_key).update(expire_date=F("expire_date") - past)
        old_expiry = expiry(member_client)

        response = member_client.get("/me/")
        assert response.status_code == 200
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == MEMBER_SESSION_SECONDS
        assert expiry(member_client) >= old_expiry + past

    def test_a_visitor_gets_no_session(self, client, units):
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert not Session.objects.exists()

    def test_logging_out_leaves_no_session(self, member_client):
        response = member_client.post("/accounts/logout/")
        assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
        assert not Session.objects.exists()


def logged_in(person):
    client = Client()
    response = client.post("/accounts/login/", {"username": person.user.username, "password": PASSWORD})
    assert response["Location"] == "/me/"
    return client


def still_in(client):
    return client.get("/me/").status_code == 200


class TestSessionsEnd:
    """A password change or a lost role ends the person's other sessions (issue 13)."""

    def test_a_password_set_anew_ends_the_sessions_started_with_the_old_one(self, units):
        # Members have no password page of their own yet; an administrator's reset or an activation
        # link sets it like this, and Django checks each session against the password's hash.
        person = make_person(units["C1"])
        phone = logged_in(person)
        person.user.set_password("Mật-khẩu-mới-2026")
        person.user.save()
        assert not still_in(phone)

    def test_a_role_ended_ends_every_session_of_its_person_only(self, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        colleague = make_person(units["C1"])
        phone, colleagues_phone = logged_in(secretary), logged_in(colleague)
        role = Role.objects.get(person=secretary, kind=RoleKind.SECRETARY)
        role.ended_on = timezone.localdate()
        role.save()
        assert not still_in(phone)
        assert still_in(colleagues_phone)
        # Logging in again starts a session that lasts.
        again = logged_in(secretary)
        assert still_in(again) and still_in(again)

    def test_a_role_deleted_ends_the_sessions_and_a_members_role_given_does_not(self, units):
        person = make_person(units["C1"])
        phone = logged_in(person)
        # Between cells (the old membership closed by an import, without signals), a new one given.
        Role.objects.filter(person=person).update(ended_on=timezone.localdate())
        Role.objects.create(person=person, unit=units["C2"], kind=RoleKind.MEMBER)
        assert still_in(phone)
        Role.objects.filter(person=person, unit=units["C2"]).delete()
        assert not still_in(phone)

    def test_a_staff_role_given_ends_the_members_long_session(self, units):
        person = make_person(units["C1"])
        phone = logged_in(person)
        Role.objects.create(person=person, unit=units["C1"], kind=RoleKind.SECRETARY)
        assert not still_in(phone)
        assert logged_in(person).session.get_expiry_age() == settings.SESSION_COOKIE_AGE

    def test_the_check_costs_no_query(self, units, django_assert_num_queries):
        person = make_person(units["C1"])
        phone = logged_in(person)
        phone.get("/accounts/login/")
        # Session and user (with the person) only, as for any logged-in request to a plain page.
        with django_assert_num_queries(2):
            phone.get("/accounts/login/")


class TestSessionLengthByRole:
    """Members at sea stay logged in for weeks; whoever can open the admin, for hours (issue 11)."""

    def log_in(self, client, person):
        client.post("/accounts/login/", {"username": person.card_number, "password": PASSWORD})
        return client.session.get_expiry_age()

    def test_a_member_stays_logged_in_for_the_member_days(self, client, units, settings):
        settings.MEMBER_SESSION_DAYS = 30
        assert self.log_in(client, make_person(units["C1"])) == 30 * 24 * 60 * 60

    def test_staff_keep_the_shorter_idle_age(self, client, units):
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        assert self.log_in(client, secretary) == settings.SESSION_COOKIE_AGE < MEMBER_SESSION_SECONDS
