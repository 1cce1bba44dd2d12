"""Input no one meant to send gets an answer below 500: out-of-range ids, and any text in any
field a member can reach (issue 7)."""

import re
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from wagtail.models import Page

from members.models import RoleKind
from site_pages.demo import add_document, document_index
from site_pages.models import NewsIndexPage
from tests.factories import make_person
from tests.members.meeting_helpers import comment_on, make_meeting

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


# Known troublemakers first, then anything: NUL and other control characters, lone surrogates
# (sent as the invalid UTF-8 a client could send), very long text, any integer, any date.
NAMED = ['"', '"; DROP TABLE x;--', "NEAR(", "*", "a:b", "-x", "9" * 21, str(2**63), "-1", "0", "\x00", "\ud800"]
ANY_TEXT = st.one_of(
    st.sampled_from(NAMED),
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.text(st.characters(exclude_categories=()), min_size=1, max_size=3).map(lambda text: text * 3000),
    st.integers().map(str),
    st.dates().map(date.isoformat),
)


@pytest.fixture
def world(units):
    """What one member reaches: they are secretary of their cell, with a meeting, a document,
    an index of each kind, their own comment and another member's."""
    member = make_person(units["C1"], kind=RoleKind.SECRETARY)
    meeting = make_meeting(units["C1"])
    documents = document_index(units["C1"], "Văn bản chi bộ")
    news = NewsIndexPage(title="Tin tức chi bộ")
    units["C1"].add_child(instance=news)
    news.save_revision().publish()
    return {
        "member": member,
        "meeting": meeting,
        "document": add_document(documents, title="Nghị quyết chi bộ"),
        "document_index": documents,
        "news_index": Page.objects.get(pk=news.pk),
        "own_comment": comment_on(meeting, member),
        "other_comment": comment_on(meeting, make_person(units["C1"])),
    }


# Each door: method, its path in `world`, the fields it reads, and whether it is for visitors.
DOORS = {
    "search": ("get", lambda w: "/search/", ["q", "level", "type", "published_from", "published_to", "page"], False),
    "document index": ("get", lambda w: w["document_index"].url, ["year", "kind", "page"], False),
    "news index": ("get", lambda w: w["news_index"].url, ["year", "page"], False),
    "meeting comment": ("post", lambda w: f"/meetings/{w['meeting'].pk}/comments/", ["body", "client_token"], False),
    "document comment": (
        "post",
        lambda w: f"/official-documents/{w['document'].pk}/comments/",
        ["body", "client_token"],
        False,
    ),
    "comment edit": ("post", lambda w: f"/comments/{w['own_comment'].pk}/edit/", ["body"], False),
    "comment withdraw": ("post", lambda w: f"/comments/{w['own_comment'].pk}/withdraw/", ["body"], False),
    "moderation": (
        "post",
        lambda w: f"/comments/{w['other_comment'].pk}/moderate/",
        ["decision", "reason", "reply"],
        False,
    ),
    "calendar feed manage": ("post", lambda w: "/me/calendar/", ["action"], False),
    "set language": ("post", lambda w: "/i18n/setlang/", ["language", "next"], False),
    "login": ("post", lambda w: "/accounts/login/", ["username", "password", "next"], True),
}


def send(client, method, path, fields):
    """Fields sent as a browser would, byte for byte: a lone surrogate becomes invalid UTF-8."""
    encoded = urlencode(fields, errors="surrogatepass")
    if method == "get":
        return client.get(f"{path}?{encoded}")
    return client.post(path, encoded, content_type="application/x-www-form-urlencoded")


# `world` is built once per test and shared by its examples, which only add rows to it.
class TestAnyInput:
    @pytest.mark.parametrize("door", DOORS)
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_no_field_a_member_reaches_gives_a_server_error(self, world, door, data):
        method, path, field_names, for_visitors = DOORS[door]
        client = Client(raise_request_exception=False)
        if not for_visitors:
            client.force_login(world["member"].user)
        fields = {name: data.draw(ANY_TEXT, label=name) for name in field_names}
        response = send(client, method, path(world), fields)
        assert response.status_code < 500, (
            f"{door}: {response.status_code} {response.exc_info and response.exc_info[1]!r}"
        )

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(token=ANY_TEXT)
    def test_no_calendar_feed_token_gives_a_server_error(self, world, token):
        client = Client(raise_request_exception=False)
        response = client.get("/calendar/" + quote(token.encode(errors="surrogatepass"), safe="") + ".ics")
        assert response.status_code < 500, f"{response.status_code} {response.exc_info and response.exc_info[1]!r}"
