"""Damaged files, zip bombs and archives with too many entries: refused at upload with a message, or
stored unsearchable with a message for the editor; a page using them always saves. Readable titles."""

import io
import zipfile

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model

from members.models import RoleKind
from site_pages.demo_files import make_docx, make_pdf
from site_pages.models import DocumentText, OfficialDocumentPage, TextStatus
from tests.factories import make_person
from tests.search.helpers import official_document, store_file

pytestmark = pytest.mark.django_db

DAMAGED_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nstream\x00\xff garbage"


def zip_bytes(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb():
    """Small compressed (a few kB), 5 MB inflated: over the 1 MB limit these tests set."""
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", b"\0" * 5_000_000)])


def many_entries():
    return zip_bytes([("[Content_Types].xml", "<Types/>")] + [(f"word/media/{n}.xml", "x") for n in range(50)])


LIMITS = {"DOCUMENT_ARCHIVE_MAX_INFLATED_BYTES": 1_000_000, "DOCUMENT_ARCHIVE_MAX_ENTRIES": 20}


@pytest.fixture
def limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)


@pytest.fixture
def editor(client, units):
    person = make_person(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"])
    client.force_login(person.user)
    return person


def upload(client, unit, name, content, title="", on_commit=None):
    data = {"title": title, "collection": unit.collection_id, "file": SimpleUploadedFile(name, content)}
    if on_commit is None:
        return client.post(reverse("wagtaildocs:add"), data)
    with on_commit(execute=True):
        return client.post(reverse("wagtaildocs:add"), data)


@pytest.mark.usefixtures("limits")
class TestUpload:
    def test_a_zip_bomb_is_refused_with_a_message(self, client, units, editor):
        assert len(zip_bomb()) < 20_000
        response = upload(client, units["W1"], "bom.docx", zip_bomb(), title="Bom")
        assert response.status_code == 200
        assert "Unpacked, the file would take 4.8\xa0MB; at most 976.6\xa0KB are accepted." in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_an_archive_with_too_many_entries_is_refused_with_a_message(self, client, units, editor):
        response = upload(client, units["W1"], "nhieu.docx", many_entries(), title="Nhiều")
        assert response.status_code == 200
        assert "The archive holds 51 files; at most 20 are accepted." in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_a_damaged_pdf_is_stored_unsearchable_and_its_edit_screen_says_so(
        self, client, units, editor, django_capture_on_commit_callbacks
    ):
        response = upload(client, units["W1"], "hong.pdf", DAMAGED_PDF, "Hỏng", django_capture_on_commit_callbacks)
        assert response.status_code == 302
        document = get_document_model().objects.get()
        assert DocumentText.objects.get(document=document).status == TextStatus.DAMAGED
        html = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
        assert (
            "Search: Not searchable: the file could not be read. The file could not be read: it may be damaged." in html
        )

    def test_a_readable_file_says_so_on_its_edit_screen(
        self, client, units, editor, django_capture_on_commit_callbacks
    ):
        upload(client, units["W1"], "a.pdf", make_pdf("A", ["Chữ"]), "A", django_capture_on_commit_callbacks)
        document = get_document_model().objects.get()
        html = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
        assert "Search: the file&#x27;s text is searchable." in html


@pytest.mark.usefixtures("limits")
class TestStoredAnyway:
    """Files that came in past the upload form (an import, a limit lowered since) are kept unsearchable."""

    @pytest.mark.parametrize(
        "name, content, status",
        [
            ("hong.pdf", DAMAGED_PDF, TextStatus.DAMAGED),
            ("bom.docx", zip_bomb(), TextStatus.TOO_LARGE),
            ("nhieu.docx", many_entries(), TextStatus.TOO_LARGE),
            ("hong.docx", b"PK\x03\x04 not really a zip", TextStatus.DAMAGED),
        ],
        ids=["damaged-pdf", "zip-bomb", "too-many-entries", "damaged-docx"],
    )
    def test_the_page_saves_and_the_file_is_not_searched(
        self, client, units, name, content, status, django_capture_on_commit_callbacks
    ):
        document = store_file(units["C1"], name, content, django_capture_on_commit_callbacks)
        stored = DocumentText.objects.get(document=document)
        assert stored.status == status and stored.message and stored.text == ""
        page = official_document(units["C1"], "Văn bản kèm tệp lỗi", files=[document])
        page = OfficialDocumentPage.objects.get(pk=page.pk)
        page.summary = "Sửa tóm tắt"
        page.save_revision().publish()
        client.force_login(make_person(units["C1"]).user)
        assert client.get("/search/", {"q": "sua tom tat"}).context["results"][0].title == "Văn bản kèm tệp lỗi"

    def test_text_over_the_character_limit_is_not_searched(self, settings, units, django_capture_on_commit_callbacks):
        settings.DOCUMENT_TEXT_MAX_CHARS = 20
        document = store_file(
            units["C1"],
            "dai.pdf",
            make_pdf("Dài", ["Một đoạn văn dài hơn hai mươi chữ cái."]),
            django_capture_on_commit_callbacks,
        )
        stored = DocumentText.objects.get(document=document)
        assert stored.status == TextStatus.TOO_LARGE
        assert stored.message == "The text is longer than 20 characters."

    def test_a_pdf_over_the_page_limit_is_not_searched(self, settings, units, django_capture_on_commit_callbacks):
        settings.DOCUMENT_TEXT_MAX_PAGES = 0
        document = store_file(
            units["C1"], "trang.pdf", make_pdf("T", ["Một trang"]), django_capture_on_commit_callbacks
        )
        assert (
            DocumentText.objects.get(document=document).message
            == "The file has 1 pages; the text of at most 0 is read."
        )


class TestReadableTitle:
    def test_a_pdf_without_a_title_takes_its_own_title(self, client, units, editor):
        upload(client, units["W1"], "du_thao_nq.pdf", make_pdf("Dự thảo nghị quyết chi bộ", ["x"]))
        assert get_document_model().objects.get().title == "Dự thảo nghị quyết chi bộ"

    def test_a_docx_without_a_title_takes_its_own_title(self, client, units, editor):
        upload(client, units["W1"], "ke-hoach.docx", make_docx("Kế hoạch học tập", ["x"]))
        assert get_document_model().objects.get().title == "Kế hoạch học tập"

    def test_without_title_metadata_the_file_name_becomes_words(self, client, units, editor):
        upload(client, units["W1"], "bien_ban-hop_chi-bo.pdf", make_pdf("", ["x"]))
        assert get_document_model().objects.get().title == "Bien ban hop chi bo"

    def test_the_bare_file_name_filled_in_by_the_multiple_upload_is_replaced(self, client, units, editor):
        upload(client, units["W1"], "bien_ban.pdf", make_pdf("Biên bản họp", ["x"]), title="bien_ban")
        assert get_document_model().objects.get().title == "Biên bản họp"

    def test_a_title_given_by_the_editor_is_kept(self, client, units, editor):
        upload(client, units["W1"], "a.pdf", make_pdf("Biên bản họp", ["x"]), title="Tên do biên tập viên đặt")
        assert get_document_model().objects.get().title == "Tên do biên tập viên đặt"


class TestOtherArchives:
    def test_a_zip_that_is_no_docx_is_damaged(self, units, django_capture_on_commit_callbacks):
        document = store_file(units["C1"], "la.docx", zip_bytes([("a.txt", "x")]), django_capture_on_commit_callbacks)
        assert DocumentText.objects.get(document=document).status == TextStatus.DAMAGED

    def test_an_xlsx_is_kept_and_its_text_not_read(self, units, django_capture_on_commit_callbacks):
        content = zip_bytes([("xl/a.xml", "x")])
        document = store_file(units["C1"], "bang.xlsx", content, django_capture_on_commit_callbacks)
        assert DocumentText.objects.get(document=document).status == TextStatus.UNSUPPORTED
