"""Input no one meant to send gets an answer below 500: out-of-range ids (issue 7)."""

import re

import pytest

from django.urls import Resolver404, URLResolver, get_resolver, resolve

from tests.factories import make_person
from tests.members.meeting_helpers import make_meeting

pytestmark = pytest.mark.django_db

# One past what a bigint holds: the first id no table can have.
OUT_OF_RANGE = str(2**63)
# A path parameter (`<int:pk>`) or a regex group without nested groups (`(?P<pk>\d+)`, `(.*)`).
PARAMETER = re.compile(r"<[^>]+>|\((?:\?P<\w+>)?[^()]*\)")
# What is left of a regex route that PARAMETER cannot turn into a URL (Wagtail's page-path catch-all).
REGEX_LEFT = re.compile(r"[()*+?|\[\]{}]")


def urls_taking_a_value(patterns=None, prefix="/"):
    """Every URL of the project that takes a value, each value set to OUT_OF_RANGE; ours and Wagtail's."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = PARAMETER.sub(OUT_OF_RANGE, str(entry.pattern)).removeprefix("^").removesuffix("$")
        route = prefix + route.replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from urls_taking_a_value(entry.url_patterns, route)
        elif OUT_OF_RANGE in route and not REGEX_LEFT.search(route):
            yield route


def resolves(url):
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def answer(client, url):
    """The status for GET, or for POST where the view takes only POST (its lookup comes after that check)."""
    status = client.get(url).status_code
    return client.post(url).status_code if status == 405 else status


class TestOutOfRangeIds:
    def test_the_21_digit_meeting_calendar_is_not_found(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        assert client.get("/meetings/999999999999999999999/calendar.ics").status_code == 404

    def test_the_largest_bigint_is_still_an_id(self, units):
        meeting = make_meeting(units["C1"])
        assert resolve(f"/meetings/{meeting.pk}/calendar.ics").kwargs == {"meeting_id": meeting.pk}
        assert resolve(f"/meetings/{2**63 - 1}/calendar.ics").kwargs == {"meeting_id": 2**63 - 1}
        assert not resolves(f"/meetings/{2**63}/calendar.ics")

    def test_every_url_answers_an_out_of_range_value_without_an_error(self, client, django_user_model):
        """A superuser passes every permission check, so each view reaches its lookup."""
        client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.org", "x"))
        client.raise_request_exception = False
        urls = sorted(set(urls_taking_a_value()))
        assert "/meetings/9223372036854775808/calendar.ics" in urls
        assert "/admin/pages/9223372036854775808/edit/" in urls
        answers = {url: answer(client, url) for url in urls}
        assert {url: status for url, status in answers.items() if status >= 500} == {}
