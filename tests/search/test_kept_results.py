"""Search results kept per reading scope (search.views.kept_results): shared by the members of a
cell, never reaching anyone who reads otherwise, and gone when what they show changes."""

from datetime import timedelta

import pytest
import time_machine

from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.documents import get_document_model

from members.models import RoleKind
from members.services import transfer_member
from site_pages.demo_files import make_pdf
from site_pages.file_text import read_document_text
from site_pages.models import OfficialDocumentPage
from tests.factories import make_person
from tests.search.helpers import meeting, official_document, store_file, titles_shown

pytestmark = pytest.mark.django_db

WORDS = {"q": "nghi quyet"}


def signed_in(person):
    client = Client()
    client.force_login(person.user)
    return client


def search(client, params=WORDS):
    """(titles shown, whether pages were searched) of one search."""
    with CaptureQueriesContext(connection) as context:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return titles_shown(response), any("site_pages_pagetext" in query["sql"] for query in context)


@pytest.fixture
def documents(units):
    return {
        "own": official_document(units["C1"], "Nghị quyết riêng chi bộ Một"),
        "public": official_document(units["C1"], "Nghị quyết công khai chi bộ Một", is_public=True),
        "province": official_document(units["P1"], "Nghị quyết tỉnh Một"),
    }


class TestKeptPerReadingScope:
    def test_members_of_one_cell_share_the_kept_results(self, units, documents):
        first, second = signed_in(make_person(units["C1"])), signed_in(make_person(units["C1"]))
        found, searched = search(first)
        kept, searched_again = search(second)
        assert kept == found
        assert set(found) == {"Nghị quyết riêng chi bộ Một", "Nghị quyết công khai chi bộ Một", "Nghị quyết tỉnh Một"}
        assert searched and not searched_again

    @pytest.mark.parametrize("other_cell", ["C2", "C4"])
    def test_a_kept_list_never_reaches_a_member_who_reads_otherwise(self, units, documents, other_cell):
        search(signed_in(make_person(units["C1"])))  # kept for the members of C1
        found, _searched = search(signed_in(make_person(units[other_cell])))
        expected = {"Nghị quyết công khai chi bộ Một"}
        if other_cell == "C2":  # the same province
            expected.add("Nghị quyết tỉnh Một")
        assert set(found) == expected
        assert set(search(Client())[0]) == {"Nghị quyết công khai chi bộ Một"}  # anonymous

    def test_staff_results_are_found_each_time(self, units, documents):
        secretary = signed_in(make_person(units["C1"], kind=RoleKind.SECRETARY))
        search(secretary)
        assert search(secretary)[1]


class TestKeptResultsGo:
    def test_when_the_cell_publishes(self, units, documents):
        member = signed_in(make_person(units["C1"]))
        search(member)
        official_document(units["C1"], "Nghị quyết mới của chi bộ")
        assert "Nghị quyết mới của chi bộ" in search(member)[0]

    def test_when_another_unit_publishes_a_public_page(self, units, documents):
        member = signed_in(make_person(units["C1"]))
        search(member)
        official_document(units["C4"], "Nghị quyết công khai chi bộ Bốn", is_public=True)
        assert "Nghị quyết công khai chi bộ Bốn" in search(member)[0]

    def test_when_a_public_page_stops_being_public(self, units, documents):
        other = signed_in(make_person(units["C4"]))
        assert search(other)[0] == ["Nghị quyết công khai chi bộ Một"]
        page = OfficialDocumentPage.objects.get(pk=documents["public"].pk)
        page.is_public = False
        page.save_revision().publish()
        assert search(other)[0] == []

    def test_when_the_member_moves_to_another_cell(self, units, documents):
        person = make_person(units["C1"])
        member = signed_in(person)
        assert "Nghị quyết riêng chi bộ Một" in search(member)[0]
        transfer_member(person, units["C4"])
        assert set(search(member)[0]) == {"Nghị quyết công khai chi bộ Một"}

    def test_when_a_page_is_unpublished(self, units, documents):
        member = signed_in(make_person(units["C1"]))
        search(member)
        documents["own"].unpublish()
        assert "Nghị quyết riêng chi bộ Một" not in search(member)[0]

    def test_when_a_files_text_is_read(self, units, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks():  # the reading of the text stays queued
            document = get_document_model()(title="chi-thi.pdf", collection_id=units["C1"].collection_id)
            document.file.save("chi-thi.pdf", ContentFile(make_pdf("Chỉ thị", ["Về kinh tế biển."])), save=False)
            document.save()
        official_document(units["C1"], "Chỉ thị của chi bộ", files=[document])
        member = signed_in(make_person(units["C1"]))
        assert search(member, {"q": "kinh te bien"})[0] == []  # the file's text is not read yet
        read_document_text.enqueue(document.pk)  # as the worker does
        assert search(member, {"q": "kinh te bien"})[0] == ["Chỉ thị của chi bộ"]

    def test_when_a_meetings_study_files_are_released(self, units, django_capture_on_commit_callbacks):
        content = make_pdf("Tài liệu", ["Học tập chuyên đề kinh tế biển."])
        document = store_file(units["C1"], "tai-lieu.pdf", content, django_capture_on_commit_callbacks)
        release = timezone.now() + timedelta(hours=3)
        meeting(units["C1"], "Sinh hoạt chuyên đề", files=[document], documents_published_at=release)
        member = signed_in(make_person(units["C1"]))
        assert search(member, {"q": "kinh te bien"})[0] == []  # kept until the files' release
        # Time passing, with no save that would start a new generation of the page cache (and less
        # than a day, so that nothing kept expires on its own).
        with time_machine.travel(release + timedelta(minutes=1)):
            assert search(member, {"q": "kinh te bien"})[0] == ["Sinh hoạt chuyên đề"]
