"""`fill_search_text`: pages and files stored before search kept their text become searchable (issue 10)."""

from io import StringIO

import pytest

from django.core.management import call_command

from site_pages.demo_files import make_pdf
from site_pages.models import DocumentText, PageText, TextStatus
from site_pages.search_text import fill_page_texts
from tests.factories import make_person
from tests.search.helpers import official_document, results, store_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def upgraded(client, units, django_capture_on_commit_callbacks):
    """A resolution with an attached PDF, as a database upgraded from before PageText and DocumentText holds them."""
    content = make_pdf("Dự thảo", ["Dự thảo nghị quyết về kinh tế biển."])
    document = store_file(units["C1"], "du-thao.pdf", content, django_capture_on_commit_callbacks)
    page = official_document(units["TW"], "Nghị quyết về biển", number="36-NQ/TW", files=[document])
    PageText.objects.all().delete()
    DocumentText.objects.all().delete()  # one by one: Wagtail drops their index entries too
    client.force_login(make_person(units["C1"]).user)
    return page


def fill():
    out = StringIO()
    call_command("fill_search_text", stdout=out)
    return out.getvalue()


class TestFillSearchText:
    def test_pages_and_files_stored_before_become_searchable(self, client, upgraded):
        assert results(client, "du thao nghi quyet kinh te bien")[0] == []
        assert fill() == ""  # not a terminal: quiet
        assert results(client, "du thao nghi quyet kinh te bien")[0] == ["Nghị quyết về biển"]
        text = PageText.objects.get(page=upgraded)
        assert (text.number, text.printed_number, text.title) == ("36 nq tw", "36-NQ/TW", " nghi quyet ve bien ")
        assert DocumentText.objects.get().status == TextStatus.INDEXED
        _titles, response = results(client, "36 NQ TW")
        assert [label for label, _snippet in response.context["results"][0].matches][0] == "Number"

    def test_rows_stored_before_the_full_text_index_are_completed(self, client, upgraded):
        fill()
        PageText.objects.update(words="", study_words="")  # as migration 0005 leaves the rows it finds
        assert results(client, "du thao nghi quyet kinh te bien")[0] == []
        fill()
        assert results(client, "du thao nghi quyet kinh te bien")[0] == ["Nghị quyết về biển"]

    def test_a_second_run_changes_nothing(self, upgraded):
        fill()
        before = list(PageText.objects.values_list("page_id", "title", "body")), DocumentText.objects.get().extracted_at
        fill()
        after = list(PageText.objects.values_list("page_id", "title", "body")), DocumentText.objects.get().extracted_at
        assert after == before

    def test_pages_are_written_in_batches(self, units, upgraded):
        fill()
        added = [official_document(units["P1"], f"Chỉ thị {number} về biển") for number in range(3)]
        PageText.objects.filter(page__in=added).delete()
        assert list(fill_page_texts(batch_size=2)) == [2, 1]
        assert PageText.objects.filter(page__in=added).count() == 3
