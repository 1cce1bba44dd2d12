"""Readable addresses from Vietnamese titles: one slug rule for code, page saves and the admin."""

import json
import re

import pytest

from django.urls import reverse

from members.models import RoleKind
from search.folding import vietnamese_slug
from site_pages.demo import add_document
from site_pages.models import HandbookPage, NewsArticlePage, UnitPage
from site_pages.slugs import SLUG_FORMATTERS, HandbookCopyForm, HandbookPageForm
from site_pages.tree import save_unit
from tests.factories import make_news, make_person

CENTRAL_RESOLUTION = "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng"


class TestVietnameseSlug:
    @pytest.mark.parametrize(
        ("title", "slug"),
        [
            (CENTRAL_RESOLUTION, "nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang"),
            ("ĐẢNG ỦY Phường Đông Hải", "dang-uy-phuong-dong-hai"),
            ("Thành phố Đà Nẵng", "thanh-pho-da-nang"),
            ("Chi bộ tổ dân phố 27", "chi-bo-to-dan-pho-27"),
            ("Nghị quyết số 35-NQ/TW", "nghi-quyet-so-35-nqtw"),
            ("  —  ", ""),
        ],
    )
    def test_titles_become_readable_addresses(self, title, slug):
        assert vietnamese_slug(title) == slug

    def test_the_admin_field_gets_a_replacement_for_every_vietnamese_letter(self):
        # What the browser runs before Wagtail's own transliteration: each letter to its plain one.
        replaced = CENTRAL_RESOLUTION
        for pattern, plain in SLUG_FORMATTERS:
            replaced = re.sub(pattern, plain, replaced)
        assert replaced.isascii()
        assert replaced.lower() == "nghi quyet ve tang cuong xay dung, chinh don dang"


@pytest.mark.django_db
class TestSlugsFromCode:
    def test_units_get_the_folded_slug(self, units):
        unit, _created = save_unit(code="P9", title="Thành phố Đà Nẵng", level="province", parent=units["TW"])
        assert unit.slug == "thanh-pho-da-nang"

    def test_a_page_saved_without_a_slug_gets_the_vietnamese_one_and_a_free_one_next(self, units):
        first = add_document(units["TW"], title=CENTRAL_RESOLUTION)
        second = add_document(units["TW"], title=CENTRAL_RESOLUTION, publish=False)
        assert first.slug == "nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang"
        assert second.slug == "nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang-2"
        assert first.url_path.endswith("/nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang/")


@pytest.mark.django_db
class TestSlugsInTheAdmin:
    def test_a_page_created_with_an_empty_slug_gets_the_vietnamese_one(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        url = reverse("wagtailadmin_pages:add", args=["site_pages", "newsarticlepage", units["W1"].pk])
        title = "Đảng ủy phường đón nhận Huân chương"
        response = client.post(url, {"title": title, "slug": "", "date": "2026-11-28", "body-count": "0"})
        assert response.status_code == 302
        assert NewsArticlePage.objects.get(title=title).slug == "dang-uy-phuong-don-nhan-huan-chuong"

    @pytest.mark.parametrize(
        ("view", "slug_field"), [("wagtailadmin_pages:add", "slug"), ("wagtailadmin_pages:copy", "new_slug")]
    )
    def test_the_live_slug_field_carries_the_vietnamese_replacements(self, client, units, settings, view, slug_field):
        settings.LANGUAGE_CODE = "vi"
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        if view == "wagtailadmin_pages:add":
            url = reverse(view, args=["site_pages", "officialdocumentpage", units["W1"].pk])
        else:
            url = reverse(view, args=[make_news(units["W1"]).pk])
        html = client.get(url).content.decode()
        attribute = re.search(rf'<input[^>]*name="{slug_field}"[^>]*data-w-slug-formatters-value="([^"]*)"', html)
        assert attribute is not None
        formatters = json.loads(attribute.group(1).replace("&quot;", '"'))
        assert [pattern for (pattern, _flags), _plain in formatters] == [pattern for pattern, _ in SLUG_FORMATTERS]

    def test_a_copy_given_no_slug_gets_the_vietnamese_one_of_its_new_title(self, client, units):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        news = make_news(units["W1"], "Tin gốc")
        title = "Đảng ủy phường đón nhận Huân chương"
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[news.pk]),
            {"new_title": title, "new_slug": "", "new_parent_page": units["W1"].pk},
        )
        assert response.status_code == 302
        assert NewsArticlePage.objects.get(title=title).slug == "dang-uy-phuong-don-nhan-huan-chuong"


@pytest.mark.parametrize("model", [model for model in HandbookPage.__subclasses__() + UnitPage.__subclasses__()])
def test_every_page_type_keeps_the_handbook_form(model):
    # The empty-slug rule lives in the base form; a page type with its own form must build on it.
    assert issubclass(model.get_edit_handler().get_form_class(), HandbookPageForm)
    assert issubclass(model.copy_form_class, HandbookCopyForm)
