"""Staff accounts need a second factor (issue 13, item 3): enrolment with a QR code drawn locally,
recovery codes that work once, a reset by the staff of the unit above, and nothing reachable
before the code, on the member site as in the admin."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

from members.models import Comment, CommentStatus, RoleKind
from tests.factories import PASSWORD, make_person
from tests.members.meeting_helpers import comment_on, make_meeting, read_in_english

pytestmark = pytest.mark.django_db

SECOND_FACTOR = "/accounts/second-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.HANDBOOK_STAFF_SECOND_FACTOR = True


def logged_in(person):
    client = Client()
    read_in_english(client)
    response = client.post("/accounts/login/", {"username": person.user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def current_code(user, steps_later=0):
    """The app's code; `steps_later` for the next ones, as a code already used is refused."""
    device = TOTPDevice.objects.get(user=user)
    t0 = device.t0 - steps_later * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def enrolled(person):
    """A staff member who has enrolled; returns their recovery codes."""
    client = logged_in(person)
    page = client.get(SECOND_FACTOR).text
    assert "data:image/svg+xml" in page
    response = client.post(SECOND_FACTOR, {"code": current_code(person.user), "next": "/admin/"})
    assert response.status_code == 200
    return list(StaticToken.objects.filter(device__user=person.user).values_list("token", flat=True))


@pytest.fixture
def cell(units):
    meeting = make_meeting(units["C1"])
    return {
        "meeting": meeting,
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY),
        "member": make_person(units["C1"]),
        "comment": comment_on(meeting, make_person(units["C1"]), "Ý kiến chờ duyệt"),
    }


class TestEnrolment:
    def test_a_member_is_never_asked(self, cell):
        assert logged_in(cell["member"]).get("/me/").status_code == 200

    def test_staff_reach_nothing_before_the_code_neither_site_nor_admin(self, cell):
        client = logged_in(cell["secretary"])
        for path in ("/me/", "/admin/", cell["meeting"].url):
            response = client.get(path)
            assert response.status_code == 302 and response["Location"].startswith(SECOND_FACTOR), path
        moderate = reverse("members:comment_moderate", args=[cell["comment"].pk])
        assert client.post(moderate, {"decision": "approve"})["Location"].startswith(SECOND_FACTOR)
        assert Comment.objects.get(pk=cell["comment"].pk).status == CommentStatus.PENDING

    def test_enrolment_shows_a_local_qr_code_then_ten_recovery_codes_once(self, cell):
        client = logged_in(cell["secretary"])
        page = client.get(SECOND_FACTOR).text
        assert 'src="data:image/svg+xml' in page and "http://" not in page.split("<main", 1)[-1]
        wrong = client.post(SECOND_FACTOR, {"code": "000000"})
        assert "not right" in wrong.text and not TOTPDevice.objects.get().confirmed
        # django-otp makes a failed device wait before the next try; a person would wait that second.
        TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
        done = client.post(SECOND_FACTOR, {"code": current_code(cell["secretary"].user), "next": "/admin/"})
        codes = StaticToken.objects.filter(device__user=cell["secretary"].user).values_list("token", flat=True)
        assert len(codes) == 10 and all(code in done.text for code in codes)
        assert client.get("/admin/").status_code == 200
        assert client.get("/me/").status_code == 200


class TestLoggingInAgain:
    def test_with_the_apps_code(self, cell):
        enrolled(cell["secretary"])
        client = logged_in(cell["secretary"])
        assert client.get("/admin/").status_code == 302
        response = client.post(SECOND_FACTOR, {"code": current_code(cell["secretary"].user, 1), "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_a_recovery_code_works_once(self, cell):
        codes = enrolled(cell["secretary"])
        first = logged_in(cell["secretary"])
        assert first.post(SECOND_FACTOR, {"code": codes[0]})["Location"] == "/me/"
        second = logged_in(cell["secretary"])
        assert "not right" in second.post(SECOND_FACTOR, {"code": codes[0]}).text
        assert second.get("/me/").status_code == 302

    def test_next_never_leaves_the_site(self, cell):
        enrolled(cell["secretary"])
        client = logged_in(cell["secretary"])
        code = current_code(cell["secretary"].user, 1)
        assert client.post(SECOND_FACTOR, {"code": code, "next": "https://example.com/"})["Location"] == "/me/"


class TestReset:
    def test_the_unit_above_resets_it_with_an_audit_entry_and_the_sessions_end(self, units, cell):
        enrolled(cell["secretary"])
        secretarys_phone = logged_in(cell["secretary"])
        secretarys_phone.post(SECOND_FACTOR, {"code": current_code(cell["secretary"].user, 1)})
        assert secretarys_phone.get("/me/").status_code == 200
        chief = make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["W1"])
        client = Client()
        client.force_login(chief.user)
        url = reverse("person_reset_second_factor", args=[cell["secretary"].pk])
        # The chief editor is staff too: their session confirms their own device first.
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=chief.user, confirmed=True).persistent_id
        session.save()
        assert client.post(url).status_code == 302
        assert not TOTPDevice.objects.filter(user=cell["secretary"].user).exists()
        assert not StaticToken.objects.filter(device__user=cell["secretary"].user).exists()
        assert ModelLogEntry.objects.filter(action="members.person.second_factor_reset").count() == 1
        assert secretarys_phone.get("/me/").status_code == 302  # logged out
        # They enrol again at their next login.
        assert 'src="data:image/svg+xml' in logged_in(cell["secretary"]).get(SECOND_FACTOR).text

    @pytest.mark.parametrize("who", ["themself", "member", "other_secretary", "other_ward_chief"])
    def test_nobody_else_may_reset_it(self, settings, units, cell, who):
        settings.HANDBOOK_STAFF_SECOND_FACTOR = False  # so that force_login reaches the view itself
        enrolled_device = TOTPDevice.objects.create(user=cell["secretary"].user, name="authenticator", confirmed=True)
        actor = {
            "themself": lambda: cell["secretary"],
            "member": lambda: cell["member"],
            "other_secretary": lambda: make_person(units["C2"], kind=RoleKind.SECRETARY),
            "other_ward_chief": lambda: make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["W2"]),
        }[who]()
        client = Client()
        client.force_login(actor.user)
        url = reverse("person_reset_second_factor", args=[cell["secretary"].pk])
        assert client.post(url).status_code == 404
        assert TOTPDevice.objects.filter(pk=enrolled_device.pk).exists()
