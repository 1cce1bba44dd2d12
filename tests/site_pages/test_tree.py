import pytest

from wagtail.models import Revision

from site_pages.models import CellPage, HandbookPage, NewsArticlePage, ProvincePage, WardPage
from site_pages.tree import UnitPlacementError, save_unit
from tests.factories import make_news

pytestmark = pytest.mark.django_db


class TestUnitPlacement:
    def test_each_level_only_under_the_level_above(self):
        assert CellPage.can_create_at(WardPage()) is True
        assert CellPage.can_create_at(ProvincePage()) is False
        assert ProvincePage.can_create_at(CellPage()) is False
        assert WardPage.can_create_at(ProvincePage()) is True

    def test_save_unit_refuses_a_cell_under_a_province(self, units):
        with pytest.raises(UnitPlacementError):
            save_unit(code="BAD", title="Chi bộ lạc", level="cell", parent=units["P1"])
        assert not CellPage.objects.filter(code="BAD").exists()

    def test_central_unit_is_the_site_root(self, client, units):
        assert units["TW"].get_site().root_page_id == units["TW"].pk
        assert units["C1"].get_url() == "/tinh-mot/phuong-mot/chi-bo-mot/"


class TestOwningUnit:
    def test_units_own_themselves_and_content_their_unit(self, units):
        news = make_news(units["C1"])
        assert units["C1"].owning_unit_id == units["C1"].pk
        assert HandbookPage.objects.get(pk=news.pk).owning_unit_id == units["C1"].pk

    def test_move_reassigns_owning_unit(self, units):
        news = make_news(units["C1"])
        news.move(units["W2"], pos="last-child")
        assert HandbookPage.objects.get(pk=news.pk).owning_unit_id == units["W2"].pk

    def test_copy_sets_owning_unit_of_destination(self, units):
        news = make_news(units["C1"])
        copy = news.copy(to=units["C3"], update_attrs={"slug": "ban-sao", "title": "Bản sao"})
        assert NewsArticlePage.objects.get(pk=copy.pk).owning_unit_id == units["C3"].pk
        assert NewsArticlePage.objects.get(pk=news.pk).owning_unit_id == units["C1"].pk

    def test_moving_a_cell_keeps_its_pages_owned_by_it(self, units):
        news = make_news(units["C1"])
        units["C1"].move(units["W2"], pos="last-child")
        assert HandbookPage.objects.get(pk=news.pk).owning_unit_id == units["C1"].pk

    def test_publishing_an_old_revision_after_a_move_keeps_the_new_owner(self, units):
        news = make_news(units["C1"])
        revision = news.save_revision()
        news.move(units["W2"], pos="last-child")
        Revision.objects.get(pk=revision.pk).publish()
        assert HandbookPage.objects.get(pk=news.pk).owning_unit_id == units["W2"].pk
