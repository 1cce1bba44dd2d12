"""The read replica (cms/replica.py): members' pages read from it, a writer reads from the primary for a while.

The replica is Django's mirror of the test database (cms/settings/test.py), so both aliases see the
same rows and the tests tell where a request read from by the queries each connection ran.
"""

import time
import uuid

import pytest

from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.replica import PIN_COOKIE
from tests.factories import make_person
from tests.members.meeting_helpers import make_meeting

# Transactional: the replica's connection sees only what is committed. serialized_rollback: a
# transactional test before this one on the worker flushed the migrated root page.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    """The settings DATABASE_REPLICA_URL gives (cms/settings/base.py), on the mirror."""
    settings.DATABASE_ROUTERS = ["cms.replica.PrimaryReplicaRouter"]
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:sessions],
        "cms.replica.ReadReplicaMiddleware",
        *settings.MIDDLEWARE[sessions:],
    ]
    yield settings
    # The mirror's own connection to the test database, closed, so the database can be dropped at the end.
    connections["replica"].close()


def reads(client, url):
    """(SELECTs on the primary, SELECTs on the replica, the response) of one GET."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client.get(url)
    selects = [[q["sql"] for q in log if q["sql"].lstrip().upper().startswith("SELECT")] for log in (primary, copy)]
    return len(selects[0]), len(selects[1]), response


def comment(client, meeting, body):
    return client.post(
        reverse("members:comment_submit", args=[meeting.pk]), {"body": body, "client_token": str(uuid.uuid4())}
    )


class TestReadReplica:
    def test_a_members_pages_are_read_from_the_replica(self, replica, units, client):
        meeting = make_meeting(units["C1"])
        client.force_login(make_person(units["C1"]).user)
        for url in ["/me/", meeting.url, reverse("search") + "?q=sinh+hoat"]:
            on_primary, on_replica, response = reads(client, url)
            assert response.status_code == 200, url
            assert (on_primary, on_replica > 0) == (0, True), url

    def test_who_has_just_commented_reads_their_comment_from_the_primary(self, replica, units, client):
        meeting = make_meeting(units["C1"])
        author = make_person(units["C1"])
        client.force_login(author.user)
        answer = comment(client, meeting, "Đề nghị bổ sung kế hoạch đánh bắt xa bờ.")
        assert answer.status_code == 302
        assert answer.cookies[PIN_COOKIE]["max-age"] == replica.DATABASE_REPLICA_PIN_SECONDS

        on_primary, on_replica, page = reads(client, meeting.url)
        assert on_replica == 0
        assert on_primary > 0
        assert "Đề nghị bổ sung kế hoạch đánh bắt xa bờ." in page.content.decode()

        # Another member of the cell, who wrote nothing, still reads from the replica.
        client.logout()  # a new client's cookies: no pin
        client.force_login(make_person(units["C1"]).user)
        on_primary, on_replica, _page = reads(client, meeting.url)
        assert (on_primary, on_replica > 0) == (0, True)

    def test_the_writer_returns_to_the_replica_once_the_pin_has_passed(self, replica, units, client):
        replica.DATABASE_REPLICA_PIN_SECONDS = 1
        meeting = make_meeting(units["C1"])
        client.force_login(make_person(units["C1"]).user)
        comment(client, meeting, "Tôi đồng ý với dự thảo.")
        time.sleep(2.2)  # the signed cookie's timestamp counts whole seconds
        on_primary, on_replica, _page = reads(client, meeting.url)
        assert (on_primary, on_replica > 0) == (0, True)

    def test_a_tampered_pin_cookie_is_ignored(self, replica, units, client):
        client.force_login(make_person(units["C1"]).user)
        client.cookies[PIN_COOKIE] = "1"
        on_primary, on_replica, _page = reads(client, "/me/")
        assert (on_primary, on_replica > 0) == (0, True)
