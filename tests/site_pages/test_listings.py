import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_pages.demo import add_document, document_index
from site_pages.models import DocumentKind, NewsIndexPage
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db


def login(client, person):
    client.force_login(person.user)


def listed_titles(response):
    return [item.title for item in response.context["items"]]


@pytest.fixture
def ward_index(units):
    index = document_index(units["W1"], "Văn bản phường")
    index.is_public = True
    index.save_revision().publish()
    return index


class TestDocumentListing:
    def test_lists_what_the_visitor_may_read_newest_first(self, client, units, ward_index):
        add_document(ward_index, title="Kế hoạch công khai", is_public=True, issue_date=datetime.date(2025, 1, 5))
        add_document(ward_index, title="Kế hoạch nội bộ", issue_date=datetime.date(2025, 3, 1))
        add_document(ward_index, title="Bản nháp", publish=False)

        assert listed_titles(client.get(ward_index.url)) == ["Kế hoạch công khai"]

        login(client, make_person(units["C1"]))
        assert listed_titles(client.get(ward_index.url)) == ["Kế hoạch nội bộ", "Kế hoạch công khai"]

    def test_each_item_shows_its_kind_number_and_issue_date(self, client, units, ward_index):
        add_document(
            ward_index, title="Kế hoạch công khai", kind=DocumentKind.PLAN, number="12-KH/ĐU",
            issue_date=datetime.date(2025, 1, 5), is_public=True,
        )  # fmt: skip
        html = client.get(ward_index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Plan · 12-KH/ĐU · <time" in html
        assert "05/01/2025" in html

    def test_a_member_of_another_ward_sees_only_public_items(self, client, units, ward_index):
        add_document(ward_index, title="Kế hoạch công khai", is_public=True)
        add_document(ward_index, title="Kế hoạch nội bộ")
        login(client, make_person(units["C3"]))
        assert listed_titles(client.get(ward_index.url)) == ["Kế hoạch công khai"]

    def test_lists_documents_the_unit_placed_directly_under_itself(self, client, units, ward_index):
        add_document(units["W1"], title="Chỉ thị đặt dưới phường", is_public=True)
        add_document(units["C1"], title="Thông báo của chi bộ", is_public=True)
        assert listed_titles(client.get(ward_index.url)) == ["Chỉ thị đặt dưới phường"]

    def test_filters_by_kind_and_year(self, client, units, ward_index):
        add_document(
            ward_index, title="Nghị quyết 2024", kind=DocumentKind.RESOLUTION, issue_date=datetime.date(2024, 6, 1),
            is_public=True,
        )  # fmt: skip
        add_document(
            ward_index, title="Kế hoạch 2025", kind=DocumentKind.PLAN, issue_date=datetime.date(2025, 6, 1),
            is_public=True,
        )  # fmt: skip
        response = client.get(ward_index.url, {"kind": "plan"})
        assert listed_titles(response) == ["Kế hoạch 2025"]
        assert listed_titles(client.get(ward_index.url, {"year": "2024"})) == ["Nghị quyết 2024"]
        assert response.context["years"] == [2025, 2024]
        # Unknown filter values are ignored, never an error.
        assert len(listed_titles(client.get(ward_index.url, {"kind": "<x>", "year": "abc"}))) == 2
        for year in ("0", "-1", "10000", "9" * 21):
            assert len(listed_titles(client.get(ward_index.url, {"year": year}))) == 2

    def test_labels_each_item_with_its_source_level(self, client, units, ward_index):
        add_document(ward_index, title="Kế hoạch", is_public=True)
        response = client.get(ward_index.url)
        assert "From the ward" in response.content.decode()

    def test_paginates_by_twenty(self, client, units, ward_index):
        for number in range(21):
            add_document(ward_index, title=f"Văn bản {number}", is_public=True)
        assert len(listed_titles(client.get(ward_index.url))) == 20
        assert len(listed_titles(client.get(ward_index.url, {"page": 2}))) == 1


def count_queries(client, url):
    client.get(url)  # the first request after force_login stamps the session (cms.middleware)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestListingQueryCounts:
    def test_document_listing_costs_the_same_for_3_and_30_items(self, client, units, ward_index):
        login(client, make_person(units["C1"]))
        for number in range(3):
            add_document(ward_index, title=f"Văn bản {number}")
        few = count_queries(client, ward_index.url)
        for number in range(27):
            add_document(ward_index, title=f"Văn bản thêm {number}")
        assert count_queries(client, ward_index.url) == few

    def test_news_listing_costs_the_same_for_3_and_30_items(self, client, units):
        login(client, make_person(units["C1"]))
        index = NewsIndexPage(title="Tin tức")
        units["W1"].add_child(instance=index)
        index.save_revision().publish()
        for _number in range(3):
            make_news(units["W1"])
        few = count_queries(client, index.url)
        for _number in range(27):
            make_news(units["W1"])
        many = count_queries(client, index.url)
        assert many == few
        assert len(client.get(index.url).context["items"]) == 20


class TestDocumentPage:
    def test_member_view_shows_the_facts_first(self, client, units):
        login(client, make_person(units["C1"]))
        page = add_document(
            units["TW"], title="Nghị quyết về xây dựng Đảng", number="35-NQ/TW", issuing_body="Bộ Chính trị",
            issue_date=datetime.date(2025, 10, 22), summary="Tóm tắt nội dung.",
        )  # fmt: skip
        html = client.get(page.url).content.decode()
        assert html.index("35-NQ/TW") < html.index("Bộ Chính trị") < html.index("22/10/2025") < html.index("Tóm tắt")
        assert 'class="breadcrumbs"' in html
