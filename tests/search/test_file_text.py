"""Search finds the text of attached PDF and DOCX files, per file, where the member may see the file."""

from datetime import timedelta

import pytest

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

from site_pages.demo_files import make_docx, make_pdf
from site_pages.models import DocumentText, TextStatus
from tests.factories import make_person
from tests.search.helpers import meeting, official_document, results, store_file

pytestmark = pytest.mark.django_db

PDF_TEXT = ["Phát triển kinh tế biển gắn với bảo vệ chủ quyền biển đảo.", "Ngư dân bám biển dài ngày."]
DOCX_TEXT = ["Kế hoạch tuyên truyền về phòng chống thiên tai.", "Mỗi tổ tàu thuyền cử một người trực bộ đàm."]


@pytest.fixture
def pdf(units, django_capture_on_commit_callbacks):
    content = make_pdf("Tài liệu kinh tế biển", PDF_TEXT)
    return store_file(units["C1"], "kinh-te-bien.pdf", content, django_capture_on_commit_callbacks)


@pytest.fixture
def docx_file(units, django_capture_on_commit_callbacks):
    content = make_docx("Kế hoạch tuyên truyền", DOCX_TEXT)
    return store_file(units["C1"], "tuyen-truyen.docx", content, django_capture_on_commit_callbacks)


@pytest.fixture
def member(client, units):
    person = make_person(units["C1"])
    client.force_login(person.user)
    return person


class TestTextOfFiles:
    def test_the_task_stores_the_text_of_a_pdf_and_a_docx(self, pdf, docx_file):
        assert DocumentText.objects.get(document=pdf).status == TextStatus.INDEXED
        assert "chủ quyền biển đảo" in DocumentText.objects.get(document=pdf).text
        assert "trực bộ đàm" in DocumentText.objects.get(document=docx_file).text

    def test_text_only_inside_a_pdf_is_found_and_the_file_named(self, client, units, member, pdf):
        official_document(units["C1"], "Văn bản có tệp", files=[pdf])
        titles, response = results(client, "chu quyen bien dao")
        assert titles == ["Văn bản có tệp"]
        html = response.content.decode()
        assert "File “Tài liệu kinh tế biển”" in html or "File “kinh-te-bien.pdf”" in html
        assert "<mark>chủ</mark> <mark>quyền</mark> <mark>biển</mark> <mark>đảo</mark>" in html

    def test_text_only_inside_a_docx_is_found(self, client, units, member, docx_file):
        official_document(units["TW"], "Văn bản trung ương có tệp", files=[docx_file])
        titles, response = results(client, "truc bo dam")
        assert titles == ["Văn bản trung ương có tệp"]
        assert "<mark>trực</mark> <mark>bộ</mark> <mark>đàm</mark>" in response.content.decode()

    def test_a_member_of_another_cell_gets_no_hit_and_no_count(self, client, units, pdf, docx_file):
        official_document(units["C1"], "Văn bản có tệp", files=[pdf, docx_file])
        client.force_login(make_person(units["C2"]).user)
        for q in ("chu quyen bien dao", "truc bo dam"):
            titles, response = results(client, q)
            assert titles == []
            assert response.context["results"].paginator.count == 0
            assert "0 results" in response.content.decode()

    def test_a_file_not_attached_to_any_page_finds_nothing(self, client, member, pdf):
        assert results(client, "chu quyen bien dao")[0] == []

    def test_snippets_escape_the_files_text(self, client, units, member, django_capture_on_commit_callbacks):
        content = make_pdf("Tệp", ["<script>alert(1)</script> hải đăng"])
        document = store_file(units["C1"], "x.pdf", content, django_capture_on_commit_callbacks)
        official_document(units["C1"], "Văn bản", files=[document])
        html = results(client, "hai dang")[1].content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>hải</mark> <mark>đăng</mark>" in html


class TestFileReadAfterThePage:
    """A file's text is read by a task after the upload; pages published before it are found once it is read."""

    @pytest.fixture
    def unread(self, units, django_capture_on_commit_callbacks):
        document = get_document_model()(title="Tệp chưa đọc", collection_id=units["C1"].collection_id)
        with django_capture_on_commit_callbacks() as reads:
            document.file.save("chua-doc.pdf", ContentFile(make_pdf("Tệp", PDF_TEXT)), save=False)
            document.save()
        return document, reads

    def test_an_attachment(self, client, units, member, unread):
        document, reads = unread
        official_document(units["C1"], "Văn bản đính kèm", files=[document])
        assert results(client, "chu quyen bien dao")[0] == []
        for read in reads:
            read()
        assert results(client, "chu quyen bien dao")[0] == ["Văn bản đính kèm"]

    def test_a_study_file_for_the_cell_only(self, client, units, member, unread):
        document, reads = unread
        meeting(units["C1"], "Họp chi bộ", starts_in=timedelta(hours=1), files=[document])
        for read in reads:
            read()
        assert results(client, "chu quyen bien dao")[0] == ["Họp chi bộ"]
        client.force_login(make_person(units["C2"]).user)
        titles, response = results(client, "chu quyen bien dao")
        assert titles == []
        assert response.context["results"].paginator.count == 0


class TestMeetings:
    def test_the_agenda_is_searched(self, client, units, member):
        agenda = [("item", {"title": "Bàn về sửa chữa bến neo đậu", "presenter": "", "notes": ""})]
        meeting(units["C1"], "Họp tháng", agenda=agenda)
        assert results(client, "ben neo dau")[0] == ["Họp tháng"]

    def test_decisions_and_tasks_are_found_once_the_conclusions_are_published(self, client, units, member):
        meeting(
            units["C1"],
            "Họp đã kết luận",
            starts_in=-timedelta(days=3),
            decisions="<p>Chi bộ thống nhất lắp thiết bị giám sát hành trình.</p>",
            tasks=["Vận động hộ ngư dân đóng góp quỹ khuyến học"],
            published=True,
        )
        meeting(
            units["C1"],
            "Họp chưa công bố kết luận",
            starts_in=-timedelta(days=2),
            decisions="<p>Chi bộ thống nhất lắp thiết bị giám sát hành trình.</p>",
            tasks=["Vận động hộ ngư dân đóng góp quỹ khuyến học"],
            published=False,
        )
        assert results(client, "giam sat hanh trinh")[0] == ["Họp đã kết luận"]
        assert results(client, "quy khuyen hoc")[0] == ["Họp đã kết luận"]

    def test_another_cell_never_finds_the_decisions(self, client, units):
        meeting(units["C1"], "Họp đã kết luận", decisions="<p>Giám sát hành trình.</p>", published=True)
        client.force_login(make_person(units["C2"]).user)
        titles, response = results(client, "giam sat hanh trinh")
        assert titles == [] and response.context["results"].paginator.count == 0

    def test_a_study_file_is_found_only_from_the_release(self, client, units, member, pdf):
        page = meeting(units["C1"], "Họp tháng tới", starts_in=timedelta(days=10), files=[pdf])
        assert results(client, "chu quyen bien dao")[0] == []
        page.documents_published_at = timezone.now() - timedelta(minutes=1)
        page.save()
        assert results(client, "chu quyen bien dao")[0] == ["Họp tháng tới"]

    def test_a_study_file_is_released_by_the_lead_time_at_query_time(self, client, units, member, pdf):
        meeting(units["C1"], "Họp ngày mai", starts_in=timedelta(days=1), files=[pdf])
        assert results(client, "chu quyen bien dao")[0] == ["Họp ngày mai"]

    def test_the_cells_secretary_finds_it_before_the_release(self, client, units, pdf):
        meeting(units["C1"], "Họp tháng tới", starts_in=timedelta(days=10), files=[pdf])
        secretary = make_person(units["C1"], kind="secretary")
        client.force_login(secretary.user)
        assert results(client, "chu quyen bien dao")[0] == ["Họp tháng tới"]

    def test_another_cell_never_finds_a_released_study_file(self, client, units, pdf):
        meeting(units["C1"], "Họp ngày mai", starts_in=timedelta(days=1), files=[pdf])
        client.force_login(make_person(units["C2"]).user)
        titles, response = results(client, "chu quyen bien dao")
        assert titles == [] and response.context["results"].paginator.count == 0
