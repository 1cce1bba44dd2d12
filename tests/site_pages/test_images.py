"""Images follow the documents' rule: renditions through a checked view, no direct media URL."""

import importlib
import io
import json
import re

import pytest
from PIL import Image as PillowImage

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from django.urls import Resolver404, URLResolver, reverse
from django.urls.resolvers import RegexPattern

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import cms.urls
from members.models import RoleKind
from site_pages.demo import add_document
from site_pages.models import OfficialDocumentPage
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def tiny_png(name="anh.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


def stored_image(collection=None):
    """An image in the root collection: it belongs to no unit, so only the pages using it open it."""
    image = get_image_model()(title="Ảnh", collection=collection or Collection.get_first_root_node())
    image.file = tiny_png()
    image.save()
    return image


def show_on(parent, image, *, is_public=False):
    """A live official document under `parent` whose body shows `image`."""
    page = add_document(parent, title="Văn bản có ảnh", is_public=is_public)
    page = OfficialDocumentPage.objects.get(pk=page.pk)
    page.body = json.dumps([{"type": "image", "value": {"image": image.pk, "alt_text": "Ảnh", "decorative": False}}])
    page.save_revision().publish()  # publishing refreshes Wagtail's reference index
    return page


def rendition_url(image):
    """Where one of `image`'s renditions is served; every rendition follows the same rule."""
    return image.get_rendition("original").url


class TestRenditions:
    def test_an_image_on_a_cell_page_is_for_that_cells_members(self, client, units):
        image = stored_image()
        page = show_on(units["C1"], image)
        client.force_login(make_person(units["C1"]).user)
        url = re.search(r'<img [^>]*src="([^"]+)"', client.get(page.url).content.decode()).group(1)
        assert url.startswith("/images/")
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "private" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    @pytest.mark.parametrize("outsider_cell", ["C2", "C3", "C4"])
    def test_members_of_other_cells_get_404(self, client, units, outsider_cell):
        image = stored_image()
        show_on(units["C1"], image)
        client.force_login(make_person(units[outsider_cell]).user)
        assert client.get(rendition_url(image)).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, units):
        image = stored_image()
        show_on(units["C1"], image)
        response = client.get(rendition_url(image))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_an_image_on_a_public_page_is_for_everyone(self, client, units):
        image = stored_image()
        show_on(units["C1"], image, is_public=True)
        assert client.get(rendition_url(image)).status_code == 200

    def test_an_unused_image_in_a_units_collection_is_for_that_unit_and_its_staff(self, client, units):
        image = stored_image(collection=units["C3"].collection)
        url = rendition_url(image)
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W2"]).user)
        assert client.get(url).status_code == 200
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        assert client.get(url).status_code == 404

    def test_a_wrong_file_name_is_404(self, client, units):
        image = stored_image()
        show_on(units["C1"], image, is_public=True)
        rendition = image.get_rendition("original")
        assert client.get(reverse("handbook_image_rendition", args=[rendition.pk, "other.png"])).status_code == 404


class TestNoDirectMediaUrl:
    def test_original_images_and_renditions_are_not_served_from_media(self, client, units):
        image = stored_image()
        show_on(units["C1"], image, is_public=True)
        rendition = image.get_rendition("original")
        assert image.file.url.startswith("/media/")
        assert client.get(image.file.url).status_code == 404
        assert client.get(rendition.file.url).status_code == 404

    def test_documents_are_not_served_from_media(self, client, units, django_user_model):
        document = get_document_model()(title="Nghị quyết", collection_id=units["TW"].collection_id)
        document.file.save("nghi-quyet.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        document.save()
        client.force_login(django_user_model.objects.create_superuser("root", password="x"))
        assert client.get(document.url).status_code == 200
        assert client.get(document.file.url).status_code == 404

    def test_no_url_serves_the_media_folder_even_in_debug(self):
        with override_settings(DEBUG=True):
            debug_urls = importlib.reload(cms.urls)
        try:
            resolver = URLResolver(RegexPattern(r"^/"), debug_urls.urlpatterns)
            with pytest.raises(Resolver404):
                resolver.resolve("/media/original_images/a.png")
        finally:
            importlib.reload(cms.urls)
