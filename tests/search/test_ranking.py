"""Ranking: the exact document number first, then titles, then text and files; ties newest first."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from site_pages.demo_files import make_pdf
from site_pages.models import DocumentKind
from tests.factories import make_person
from tests.search.helpers import meeting, official_document, results, store_file, titles_shown

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def member(client, units):
    person = make_person(units["C1"])
    client.force_login(person.user)
    return person


@pytest.fixture
def demo_like(units, django_capture_on_commit_callbacks):
    """The demo's documents at every level, a meeting and a study file; the central resolution is the oldest."""
    official_document(
        units["TW"],
        "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng",
        number="35-NQ/TW",
        kind=DocumentKind.RESOLUTION,
        summary="Những giải pháp chủ yếu để nâng cao năng lực lãnh đạo của tổ chức cơ sở đảng.",
        published_at=days_ago(30),
    )
    official_document(
        units["P1"],
        "Chỉ thị về tổ chức sinh hoạt chi bộ định kỳ",
        number="12-CT/TU",
        kind=DocumentKind.DIRECTIVE,
        summary="Triển khai Nghị quyết 35-NQ/TW; mỗi đảng viên đọc tài liệu trước kỳ họp.",
        published_at=days_ago(20),
    )
    official_document(
        units["W1"],
        "Kế hoạch học tập, quán triệt nghị quyết năm nay",
        number="08-KH/ĐU",
        kind=DocumentKind.PLAN,
        published_at=days_ago(10),
    )
    official_document(units["C1"], "Thông báo lịch sinh hoạt chi bộ tháng tới", number="03-TB/CB")
    study = store_file(
        units["C1"],
        "du-thao.pdf",
        make_pdf("Dự thảo", ["Dự thảo nghị quyết của Chi bộ về khai thác hải sản."]),
        django_capture_on_commit_callbacks,
        title="Tài liệu nghiên cứu",
    )
    agenda = [("item", {"title": "Quán triệt nghị quyết của Đảng ủy xã", "presenter": "", "notes": ""})]
    meeting(units["C1"], "Sinh hoạt chi bộ tháng này", starts_in=timedelta(days=1), agenda=agenda, files=[study])


class TestRanking:
    def test_the_central_resolution_comes_first_for_nghi_quyet(self, client, member, demo_like):
        titles, _response = results(client, "nghi quyet")
        assert titles == [
            "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng",
            "Kế hoạch học tập, quán triệt nghị quyết năm nay",
            "Sinh hoạt chi bộ tháng này",
            "Chỉ thị về tổ chức sinh hoạt chi bộ định kỳ",
        ]

    @pytest.mark.parametrize("q", ["35-NQ/TW", "35 NQ TW", "35-nq/tw", "35/NQ-TW"])
    def test_the_exact_number_comes_first_however_it_is_typed(self, client, member, demo_like, q):
        titles, response = results(client, q)
        assert titles[0] == "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng"
        # The directive that cites the number, newer, comes after it.
        assert "Chỉ thị về tổ chức sinh hoạt chi bộ định kỳ" in titles[1:]
        assert "<dt>Number</dt><dd><mark>35</mark>-<mark>NQ</mark>/<mark>TW</mark></dd>" in response.content.decode()

    def test_title_matches_come_before_text_and_file_matches(self, client, units, member, demo_like):
        official_document(units["P1"], "Về dự thảo nghị quyết đại hội", published_at=days_ago(60))
        titles, response = results(client, "du thao nghi quyet")
        assert titles == ["Về dự thảo nghị quyết đại hội", "Sinh hoạt chi bộ tháng này"]
        html = response.content.decode()
        assert "<dt>File “Tài liệu nghiên cứu”</dt><dd><mark>Dự</mark> <mark>thảo</mark> <mark>nghị</mark>" in html

    def test_ties_are_newest_first(self, client, units, member):
        for days in (5, 1, 3):
            official_document(units["TW"], f"Nghị quyết {days}", published_at=days_ago(days))
        assert results(client, "nghi quyet")[0] == ["Nghị quyết 1", "Nghị quyết 3", "Nghị quyết 5"]

    def test_more_titles_beginning_with_the_words_than_a_page_holds(self, client, units, member):
        """The number, the titles that begin with the words, those that hold them elsewhere, then the
        text, over two pages (PostgreSQL reads the first two ranks newest first, apart)."""
        text = official_document(units["TW"], "Thông báo", summary="Quán triệt nghị quyết", published_at=days_ago(1))
        within = official_document(units["TW"], "Kế hoạch thực hiện nghị quyết", published_at=days_ago(2))
        starting = [official_document(units["TW"], f"Nghị quyết {n}", published_at=days_ago(10 + n)) for n in range(22)]
        numbered = official_document(units["TW"], "Tờ trình", number="Nghị quyết", published_at=days_ago(100))
        expected = [page.title for page in [numbered, *starting, within, text]]
        first, response = results(client, "nghi quyet")
        second, _response = results(client, "nghi quyet", page=2)
        assert first + second == expected
        assert response.context["results"].paginator.count == 25

    def test_each_result_says_where_it_matched(self, client, member, demo_like):
        html = results(client, "nghi quyet")[1].content.decode()
        assert "<dt>Title</dt><dd><mark>Nghị</mark> <mark>quyết</mark> về tăng cường" in html
        assert (
            "<dt>Text</dt><dd>Nhà văn hóa\nQuán triệt <mark>nghị</mark> <mark>quyết</mark> của Đảng ủy xã</dd>" in html
        )
        assert "<dt>File “Tài liệu nghiên cứu”</dt><dd>Dự thảo <mark>nghị</mark> <mark>quyết</mark> của Chi bộ" in html

    def test_another_cell_sees_neither_the_cells_pages_nor_their_count(self, client, units, demo_like):
        client.force_login(make_person(units["C2"]).user)
        titles, response = results(client, "nghi quyet")
        assert "Sinh hoạt chi bộ tháng này" not in titles
        assert response.context["results"].paginator.count == len(titles) == 3


class TestQueryCount:
    # The search form sends every field; the search box in the header only the words: the same
    # search, kept under another query string, so that the form's request finds the results anew.
    FORM = {"level": "", "type": "", "published_from": "", "published_to": ""}

    def count(self, client, q):
        """Queries of finding the results, then of showing them kept."""
        client.get("/search/", {"q": q})  # fills the process-wide caches
        counts = []
        for _time in range(2):
            with CaptureQueriesContext(connection) as context:
                response = client.get("/search/", {"q": q, **self.FORM})
            assert response.status_code == 200
            counts.append(len(context))
        return counts, response

    def test_the_same_queries_for_3_or_30_results_with_files(
        self, client, units, member, django_capture_on_commit_callbacks
    ):
        def add(count):
            for number in range(count):
                content = make_pdf(f"Tệp {number}", ["Bảo vệ nền tảng tư tưởng của Đảng."])
                document = store_file(units["C1"], f"tep-{number}.pdf", content, django_capture_on_commit_callbacks)
                official_document(units["TW"], f"Văn bản {number}", files=[document], summary="Nền tảng tư tưởng")

        add(3)
        few, response = self.count(client, "nen tang tu tuong")
        assert len(titles_shown(response)) == 3
        add(27)
        many, response = self.count(client, "nen tang tu tuong")
        assert len(titles_shown(response)) == 20
        # Found: the session and the user, the count, the ids in two steps, the rows, the files (the
        # meetings' releases are kept since the first search); kept: the session and the user.
        assert few == many == [7, 2]

    def test_a_page_past_the_end_shows_the_last_page(self, client, units, member):
        for number in range(23):
            official_document(units["TW"], f"Nghị quyết {number}")
        response = client.get("/search/", {"q": "nghi quyet", "page": 9})
        assert response.context["results"].number == 2
        assert len(response.context["results"]) == 3
        assert response.context["results"].paginator.count == 23
        assert client.get("/search/", {"q": "nghi quyet", "page": "x"}).context["results"].number == 1
