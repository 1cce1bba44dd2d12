"""Sessions with REDIS_URL (cms/settings/base.py): read from the shared cache, kept in the database too.

CI's PostgreSQL run has Redis as the cache (.ci/run), the SQLite run local memory; the engine is the same.
"""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def session_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:me"))
    assert response.status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"]]


class TestSessionsOnTheCache:
    @pytest.fixture(autouse=True)
    def cached_sessions(self, settings):
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

    def test_a_logged_in_member_is_read_from_the_cache_and_survives_its_loss(self, client, units):
        person = make_person(units["C1"])
        answer = client.post(reverse("login"), {"username": person.card_number, "password": PASSWORD})
        assert answer.status_code == 302

        assert session_queries(client) == []  # from the cache, no query
        cache.clear()  # Redis restarted, or evicted the key
        assert len(session_queries(client)) == 1  # from the database, and still logged in
        assert session_queries(client) == []  # and cached again
