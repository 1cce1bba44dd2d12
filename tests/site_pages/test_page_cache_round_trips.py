"""The page cache's round trips (site_pages.page_cache): a member's page asks the shared cache only
for the generations' tokens, each once, in a few calls, and takes the kept parts from the process's
own memory, which a change made by any process still replaces on the next request."""

import pytest

from django.test import override_settings

from site_pages.page_cache import bump, unit_generation
from tests.factories import make_news, make_person
from tests.members.meeting_helpers import make_meeting
from tests.site_pages import counting_cache

pytestmark = pytest.mark.django_db

SHARED_AND_LOCAL = {
    "default": {"BACKEND": "tests.site_pages.counting_cache.CountingCache", "LOCATION": "default-counted"},
    "pages": {"BACKEND": "tests.site_pages.counting_cache.CountingCache", "LOCATION": "shared-counted"},
    "pages_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local-counted"},
}


@pytest.fixture
def member(units, client):
    with override_settings(CACHES=SHARED_AND_LOCAL):
        client.force_login(make_person(units["C1"], full_name="Người đọc").user)
        yield client


def shared_calls_of(client, url):
    """The calls to the shared page cache of a warm request; it asks nothing of Django's default
    cache either (where Wagtail keeps the sites' root paths, which the page cache holds instead)."""
    client.get(url)  # warm: what the page keeps is kept now
    counting_cache.calls.clear()
    response = client.get(url)
    assert response.status_code == 200
    assert [call for call in counting_cache.calls if call[0] != "shared-counted"] == []
    return [(method, keys) for _location, method, keys in counting_cache.calls]


@pytest.mark.parametrize("page", ["/me/", "meeting"])
def test_a_warm_member_page_asks_the_shared_cache_only_for_generations_each_once(units, member, page):
    make_news(units["C1"], "Tin chi bộ")
    meeting = make_meeting(units["C1"])
    calls = shared_calls_of(member, "/me/" if page == "/me/" else meeting.url)
    asked = [key for _method, keys in calls for key in keys]
    # The meeting page also asks once when the member last opened it (members.reading).
    opened = [] if page == "/me/" else [f"opened:{member.session['_auth_user_id']}:page_id:{meeting.pk}"]
    assert [key for key in asked if not key.startswith("gen:")] == opened
    assert len(asked) == len(set(asked)), "a generation read twice in one request"
    # The common ones, the person's, their units' (one call), their notices' and calendar's; the meeting
    # page first its own unit's, for the kept page (site_pages.routing), before the person's are known,
    # and its comments' (members.comments.context).
    assert len(calls) == {"/me/": 4, "meeting": 7}[page], calls


def test_a_change_made_in_another_process_replaces_what_this_process_keeps(units, member):
    news = make_news(units["C1"], "Tên cũ")
    assert "Tên cũ" in member.get("/me/").content.decode()
    # Another process changes the page and starts the unit's new generation in the shared cache; this
    # process still holds the old part in its own memory, under the old generation's key.
    type(news).objects.filter(pk=news.pk).update(title="Tên mới")
    assert "Tên cũ" in member.get("/me/").content.decode()  # kept, until the generation changes
    bump(unit_generation(units["C1"].pk))
    html = member.get("/me/").content.decode()
    assert "Tên mới" in html and "Tên cũ" not in html
