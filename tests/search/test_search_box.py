"""The search box in the header of every page, /me/ included: a plain GET form that works without JavaScript."""

import re

import pytest

from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db

BOX = re.compile(
    r'<form class="search-box" method="get" action="/search/" role="search">\s*'
    r'<label for="site-search">Search the handbook</label>\s*'
    r'<input type="search" id="site-search" name="q" value="" maxlength="200">'
)


class TestSearchBox:
    def test_on_me_on_a_page_and_on_the_login_page(self, client, units):
        news = make_news(units["C1"], "Tin chi bộ")
        assert BOX.search(client.get("/accounts/login/").content.decode())
        client.force_login(make_person(units["C1"]).user)
        for url in ("/me/", news.url):
            assert BOX.search(client.get(url).content.decode()), url

    def test_the_search_page_keeps_the_words_in_the_box(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        html = client.get("/search/", {"q": '"><script>'}).content.decode()
        assert 'id="site-search" name="q" value="&quot;&gt;&lt;script&gt;"' in html
