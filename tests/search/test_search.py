import itertools
from datetime import date, datetime, timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from site_pages.models import MeetingPage, OfficialDocumentPage, QuestionAnswerPage
from site_pages.tree import question_index
from tests.factories import make_news, make_person
from tests.search.helpers import titles_shown

pytestmark = pytest.mark.django_db
_slugs = itertools.count(1)


def publish(unit, page, published_on=None):
    """Add `page` live under `unit`, first published at noon on `published_on` (today by default)."""
    published_at = timezone.now()
    if published_on is not None:
        published_at = timezone.make_aware(datetime.combine(published_on, datetime.min.time()) + timedelta(hours=12))
    page.slug = f"trang-{next(_slugs)}"
    page.live = True
    page.first_published_at = page.last_published_at = published_at
    unit.add_child(instance=page)
    return page


def make_document(unit, title, **fields):
    fields.setdefault("issuing_body", "Ban Chấp hành Trung ương")
    fields.setdefault("issue_date", date(2026, 3, 1))
    return OfficialDocumentPage(title=title, **fields)


def found(client, **params):
    """Titles listed by /search/ for these parameters."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return set(titles_shown(response)) if response.context["results_part"] is not None else set()


@pytest.fixture
def member(client, units):
    person = make_person(units["C1"])
    client.force_login(person.user)
    return person


class TestAccentFolding:
    def test_unaccented_words_find_an_accented_title(self, client, units, member):
        publish(units["TW"], make_document(units["TW"], "Nghị quyết 35-NQ/TW"))
        assert found(client, q="nghi quyet") == {"Nghị quyết 35-NQ/TW"}

    def test_d_without_stroke_finds_the_d_with_stroke(self, client, units, member):
        publish(units["C1"], make_document(units["C1"], "Đảng viên gương mẫu"))
        assert found(client, q="dang vien") == {"Đảng viên gương mẫu"}

    def test_accented_and_capitalised_queries_still_match(self, client, units, member):
        publish(units["TW"], make_document(units["TW"], "Nghị quyết 35-NQ/TW"))
        publish(units["C1"], make_document(units["C1"], "Đảng viên gương mẫu"))
        assert found(client, q="Nghị quyết") == {"Nghị quyết 35-NQ/TW"}
        assert found(client, q="ĐẢNG VIÊN") == {"Đảng viên gương mẫu"}

    def test_words_that_differ_only_by_accents_are_found_alike(self, client, units, member):
        publish(units["C1"], make_document(units["C1"], "Đảng viên gương mẫu"))
        assert found(client, q="guong mau") == found(client, q="gương mẫu") == {"Đảng viên gương mẫu"}
        assert found(client, q="nghi quyet") == set()

    def test_each_page_type_folds_its_own_text(self, client, units, member):
        publish(units["TW"], make_document(units["TW"], "Văn bản A", issuing_body="Bộ Chính trị"))
        news = make_news(units["C1"], "Tin B")
        news.body = [("paragraph", "<p>Học tập và làm theo <b>tư tưởng</b></p>")]
        news.save()
        meeting = MeetingPage(title="Họp C", place="Hội trường thôn", starts_at=timezone.now() + timedelta(days=3))
        publish(units["C1"], meeting)
        assert found(client, q="bo chinh tri") == {"Văn bản A"}
        assert found(client, q="tu tuong") == {"Tin B"}
        assert found(client, q="hoi truong") == {"Họp C"}


class TestFilters:
    @pytest.fixture
    def pages(self, units):
        publish(units["TW"], make_document(units["TW"], "Nghị quyết trung ương"), date(2026, 1, 10))
        publish(units["C1"], make_document(units["C1"], "Nghị quyết chi bộ"), date(2026, 3, 10))
        make_news(units["C1"], "Tin về nghị quyết")
        meeting = MeetingPage(title="Họp học nghị quyết", place="Thôn", starts_at=timezone.now() + timedelta(days=3))
        publish(units["C1"], meeting, date(2026, 2, 10))
        answer = QuestionAnswerPage(title="Hỏi về nghị quyết", question="Học nghị quyết ở đâu?", answer="Ở chi bộ.")
        publish(question_index(units["P1"]), answer, date(2026, 4, 20))

    def test_by_level(self, client, member, pages):
        assert found(client, q="nghi quyet", level="central") == {"Nghị quyết trung ương"}
        assert found(client, q="nghi quyet", level="cell") == {
            "Nghị quyết chi bộ",
            "Tin về nghị quyết",
            "Họp học nghị quyết",
        }

    def test_by_type(self, client, member, pages):
        assert found(client, q="nghi quyet", type="document") == {"Nghị quyết trung ương", "Nghị quyết chi bộ"}
        assert found(client, q="nghi quyet", type="news") == {"Tin về nghị quyết"}
        assert found(client, q="nghi quyet", type="meeting") == {"Họp học nghị quyết"}
        assert found(client, q="nghi quyet", type="qa") == {"Hỏi về nghị quyết"}
        assert found(client, type="qa") == {"Hỏi về nghị quyết"}

    def test_questions_and_answers_are_a_type_to_choose(self, client, member, pages):
        html = client.get("/search/").content.decode()
        assert '<option value="qa">Question and answer</option>' in html

    def test_by_date(self, client, member, pages):
        within_february = {"published_from": "2026-02-01", "published_to": "2026-02-28"}
        assert found(client, q="nghi quyet", **within_february) == {"Họp học nghị quyết"}
        assert found(client, q="nghi quyet", published_to="2026-01-31") == {"Nghị quyết trung ương"}

    def test_filters_alone_list_the_newest_first(self, client, member, pages):
        response = client.get("/search/", {"type": "document"})
        assert [page.title for page in response.context["results"]] == ["Nghị quyết chi bộ", "Nghị quyết trung ương"]

    def test_a_bad_date_is_explained(self, client, member, pages):
        response = client.get("/search/", {"q": "nghi quyet", "published_from": "31/31/2026"})
        assert "Enter a date as day/month/year, for example 31/03/2026." in response.content.decode()
        assert response.context["results_part"] is None

    def test_vietnamese_dates_are_typed_day_first_and_shown_back_so(self, client, member, pages, settings):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        within_february = {"q": "nghi quyet", "published_from": "01/02/2026", "published_to": "28/02/2026"}
        assert found(client, **within_february) == {"Họp học nghị quyết"}
        html = client.get("/search/", within_february).content.decode()
        assert 'value="01/02/2026"' in html
        assert "Ngày/tháng/năm, ví dụ 31/03/2026." in html
        # No browser date picker, whose own order (month first on a phone set to English) would contradict the hint.
        assert 'type="date"' not in html

    def test_an_end_before_the_start_is_explained(self, client, member, pages):
        response = client.get("/search/", {"published_from": "2026-03-01", "published_to": "2026-02-01"})
        assert "The end date must not be before the start date." in response.content.decode()
        assert response.context["results_part"] is None

    def test_the_result_shows_type_unit_date_and_source(self, client, member, pages):
        html = client.get("/search/", {"q": "nghi quyet", "level": "cell", "type": "document"}).content.decode()
        text = " ".join(strip_tags(html).split())
        assert "1 result From your cell Nghị quyết chi bộ Official document · Chi bộ Một · 10/03/2026" in text


class TestVisibility:
    @pytest.fixture
    def cell_pages(self, units):
        publish(units["C1"], make_document(units["C1"], "Nghị quyết riêng chi bộ Một"))
        publish(units["C1"], make_document(units["C1"], "Nghị quyết công khai chi bộ Một", is_public=True))

    def test_a_member_of_another_cell_never_finds_the_cells_pages(self, client, units, cell_pages):
        client.force_login(make_person(units["C2"]).user)
        for filters in ({}, {"level": "cell"}, {"type": "document"}, {"published_from": "2026-01-01"}):
            assert found(client, q="nghi quyet", **filters) == {"Nghị quyết công khai chi bộ Một"}
        assert found(client, level="cell", type="document") == {"Nghị quyết công khai chi bộ Một"}

    def test_a_member_of_the_cell_finds_them(self, client, units, cell_pages):
        client.force_login(make_person(units["C1"]).user)
        assert found(client, q="nghi quyet", level="cell") == {
            "Nghị quyết riêng chi bộ Một",
            "Nghị quyết công khai chi bộ Một",
        }

    def test_anonymous_finds_public_pages_only(self, client, units, cell_pages):
        assert found(client, q="nghi quyet", level="cell", type="document") == {"Nghị quyết công khai chi bộ Một"}
        assert found(client, type="document") == {"Nghị quyết công khai chi bộ Một"}


class TestQueryCount:
    def queries(self, client, params):
        """Queries of finding the results, then of showing them kept, and what was shown."""
        client.get("/search/", params)  # fills the process-wide caches (content types, site root paths)
        # The full form's query string (every field sent): the same search under another key.
        form = {"q": "", "level": "", "type": "", "published_from": "", "published_to": "", **params}
        counts = []
        for _time in range(2):
            with CaptureQueriesContext(connection) as context:
                response = client.get("/search/", form)
            assert response.status_code == 200
            counts.append(len(context))
        return counts, titles_shown(response)

    @pytest.mark.parametrize("params", [{"q": "tin hoc tap"}, {"type": "news"}], ids=["words", "filter"])
    def test_the_same_queries_for_3_or_30_results(self, client, units, member, params):
        units_cycle = itertools.cycle([units["TW"], units["P1"], units["C1"]])
        for _number in range(3):
            make_news(next(units_cycle), "Tin học tập")
        few, shown = self.queries(client, params)
        assert len(shown) == 3
        for _number in range(27):
            make_news(next(units_cycle), "Tin học tập")
        many, shown = self.queries(client, params)
        assert len(shown) == 20
        assert few == many
        assert few[1] == 2  # kept: the session and the user

    def test_the_second_page_keeps_the_criteria(self, client, units, member):
        for _number in range(25):
            make_news(units["C1"], "Tin học tập")
        html = client.get("/search/", {"q": "tin hoc tap", "level": "cell"}).content.decode()
        assert 'href="?q=tin+hoc+tap&amp;level=cell&amp;page=2"' in html
        second = client.get("/search/", {"q": "tin hoc tap", "level": "cell", "page": 2})
        assert len(second.context["results"]) == 5


class TestQuerySyntaxIsPlainText:
    """Whatever a member types is words to find, never FTS5 or tsquery syntax (issue 7)."""

    @pytest.fixture
    def document(self, units):
        return publish(units["TW"], make_document(units["TW"], "Nghị quyết 35-NQ/TW về bảo vệ nền tảng"))

    @pytest.mark.parametrize("q", ['"', '"; DROP TABLE x;--', "NEAR(", "*", "a:b", "-x", "(", "AND", "x OR", "NOT"])
    def test_operators_and_punctuation_find_nothing_without_an_error(self, client, member, document, q):
        assert found(client, q=q) == set()

    @pytest.mark.parametrize("q", ['"nghi quyet"', "nghị quyết*", "(bao ve)", "bao ve;--"])
    def test_words_around_the_syntax_are_still_found(self, client, member, document, q):
        assert found(client, q=q) == {"Nghị quyết 35-NQ/TW về bảo vệ nền tảng"}

    @pytest.mark.parametrize("q", ["35-NQ/TW", "35-nq/tw nghị quyết"])
    def test_a_document_number_is_found(self, client, member, document, q):
        assert found(client, q=q) == {"Nghị quyết 35-NQ/TW về bảo vệ nền tảng"}


class TestCountedUpToALimit:
    """Past `SEARCH_RESULTS_COUNTED` the count says "more than"; it counts only what the person may read."""

    @pytest.fixture
    def pages(self, units, settings):
        settings.SEARCH_RESULTS_COUNTED = 3
        for number in range(4):
            publish(units["C1"], make_document(units["C1"], f"Nghị quyết chi bộ {number}"))
        for number in range(2):
            publish(units["TW"], make_document(units["TW"], f"Nghị quyết trung ương {number}"))

    def test_past_the_limit_the_count_says_more_than(self, client, units, pages):
        client.force_login(make_person(units["C1"]).user)
        response = client.get("/search/", {"q": "nghi quyet"})
        assert "More than 3 results" in response.content.decode()
        assert response.context["results"].paginator.num_pages == 1
        assert len(response.context["results"]) == 3

    def test_another_cells_matches_are_not_counted(self, client, units, pages):
        client.force_login(make_person(units["C2"]).user)
        response = client.get("/search/", {"q": "nghi quyet"})
        html = response.content.decode()
        assert "2 results" in html
        assert "More than" not in html
        assert found(client, q="nghi quyet") == {"Nghị quyết trung ương 0", "Nghị quyết trung ương 1"}

    def test_in_vietnamese(self, client, units, pages, settings):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        client.force_login(make_person(units["C1"]).user)
        assert "Hơn 3 kết quả" in client.get("/search/", {"q": "nghi quyet"}).content.decode()
