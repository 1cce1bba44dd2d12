import json

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.documents import get_document_model

from members.models import RoleKind
from site_pages.demo import add_document
from site_pages.models import OfficialDocumentAttachment, OfficialDocumentPage
from tests.factories import make_person

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stored_document(unit, name="bien-ban.pdf", content=TINY_PDF):
    document = get_document_model()(title=name, collection_id=unit.collection_id)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def attach(page, document):
    OfficialDocumentAttachment.objects.create(page=page, document=document)
    page = OfficialDocumentPage.objects.get(pk=page.pk)
    page.save_revision().publish()  # publishing refreshes Wagtail's reference index


def download(client, document, person=None):
    if person is not None:
        client.force_login(person.user)
    return client.get(document.url)


class TestFileAccess:
    def test_a_cell_file_is_for_that_cell_and_its_staff_above(self, client, units):
        document = stored_document(units["C1"])
        assert download(client, document, make_person(units["C1"])).status_code == 200
        assert (
            download(client, document, make_person(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"])).status_code
            == 200
        )

    @pytest.mark.parametrize("outsider_cell", ["C2", "C3", "C4"])
    def test_members_of_other_cells_get_404(self, client, units, outsider_cell):
        document = stored_document(units["C1"])
        assert download(client, document, make_person(units[outsider_cell])).status_code == 404

    def test_the_secretary_of_another_cell_gets_404(self, client, units):
        document = stored_document(units["C1"])
        secretary = make_person(units["C2"], kind=RoleKind.SECRETARY)
        assert download(client, document, secretary).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, units):
        response = download(client, stored_document(units["C1"]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_central_file_is_for_every_member(self, client, units):
        document = stored_document(units["TW"])
        assert download(client, document, make_person(units["C4"])).status_code == 200

    def test_a_file_used_by_a_public_page_is_public(self, client, units):
        document = stored_document(units["C1"])
        attach(add_document(units["C1"], title="Thông báo công khai", is_public=True), document)
        assert download(client, document).status_code == 200

    def test_a_file_used_by_a_members_page_opens_for_those_who_read_the_page(self, client, units):
        document = stored_document(units["C3"])
        attach(add_document(units["TW"], title="Nghị quyết"), document)
        assert download(client, document, make_person(units["C1"])).status_code == 200
        client.logout()
        assert download(client, document).status_code == 302

    def test_files_are_sent_as_private_downloads(self, client, units):
        response = download(client, stored_document(units["C1"]), make_person(units["C1"]))
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def upload(client, person, unit, name, content):
    client.force_login(person.user)
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "collection": unit.collection_id, "file": SimpleUploadedFile(name, content)},
    )


class TestUploadValidation:
    @pytest.fixture
    def editor(self, units):
        return make_person(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"])

    def test_a_real_pdf_is_stored_in_the_units_collection(self, client, units, editor):
        response = upload(client, editor, units["W1"], "ke-hoach.pdf", TINY_PDF)
        assert response.status_code == 302
        assert get_document_model().objects.get(title="ke-hoach.pdf").collection_id == units["W1"].collection_id

    @pytest.mark.parametrize(
        "name, content",
        [
            ("thong-bao.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
            ("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("bang.docx", TINY_PDF),
        ],
    )
    def test_content_that_is_not_what_the_name_says_is_refused(self, client, units, editor, name, content):
        response = upload(client, editor, units["W1"], name, content)
        assert response.status_code == 200
        assert "is not a" in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_other_extensions_are_refused(self, client, units, editor):
        response = upload(client, editor, units["W1"], "trang.html", b"<html></html>")
        assert response.status_code == 200
        assert not get_document_model().objects.exists()

    @override_settings(DOCUMENT_MAX_UPLOAD_BYTES=64)
    def test_an_oversized_file_is_refused_with_its_size(self, client, units, editor):
        response = upload(client, editor, units["W1"], "lon.pdf", TINY_PDF + b"0" * 100)
        assert response.status_code == 200
        assert "files may be at most" in response.content.decode()
        assert not get_document_model().objects.exists()


class TestRichText:
    def test_markup_scripts_and_javascript_links_from_an_editor_are_removed(self):
        paragraph = OfficialDocumentPage.body.field.stream_block.child_blocks["paragraph"]
        posted = {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "text": "<script>alert(1)</script><b onclick=x>hi</b> link",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 45, "length": 4, "key": 0}],
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}},
        }
        stored = paragraph.value_from_datadict({"p": json.dumps(posted)}, {}, "p").source
        assert "<script" not in stored
        assert "<b onclick" not in stored
        assert "javascript:" not in stored
