"""Where news articles may be created: under a unit page or under the unit's news index."""

import pytest

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from members.models import RoleKind
from site_pages.models import CellPage, NewsArticlePage, NewsIndexPage, WardPage
from tests.factories import make_person


class TestNewsPlacement(WagtailPageTestCase):
    def test_news_articles_go_under_a_unit_or_its_news_index(self):
        self.assertCanCreateAt(NewsIndexPage, NewsArticlePage)
        self.assertCanCreateAt(WardPage, NewsArticlePage)
        self.assertCanCreateAt(CellPage, NewsArticlePage)
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})


@pytest.mark.django_db
def test_an_editor_writes_news_under_their_units_news_index(client, units):
    index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    units["W1"].add_child(instance=index)
    client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
    url = reverse("wagtailadmin_pages:add", args=["site_pages", "newsarticlepage", index.pk])
    response = client.post(url, {"title": "Tin mới", "slug": "tin-moi", "date": "2026-11-28", "body-count": "0"})
    assert response.status_code == 302
    article = NewsArticlePage.objects.get(slug="tin-moi")
    assert article.get_parent().pk == index.pk
    assert article.owning_unit_id == units["W1"].pk
