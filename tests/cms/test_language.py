"""Vietnamese by default on the site and in the admin, English on request, every string translated and shipped."""

import json
import re

import polib
import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import load_command_class
from django.test import override_settings
from django.utils import translation

from cms.settings import base as shipped_settings

# Ours (written by makemessages) and the Django and Wagtail strings their catalogs leave in English (kept by hand).
CATALOGS = sorted(po for path in settings.LOCALE_PATHS for po in (path / "vi" / "LC_MESSAGES").glob("*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")


@pytest.fixture(autouse=True)
def shipped_default_language(settings):
    # The test settings speak English so that other tests can assert source strings.
    settings.LANGUAGE_CODE = shipped_settings.LANGUAGE_CODE


def test_vietnamese_is_the_shipped_default():
    assert shipped_settings.LANGUAGE_CODE == "vi"


def html_lang(response):
    return re.search(r'<html lang="([\w-]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
class TestSiteLanguage:
    def test_vietnamese_is_the_default_without_accept_language(self, client):
        response = client.get("/accounts/login/")
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert "<h1>Đăng nhập</h1>" in html
        assert "Tên đăng nhập (số thẻ đảng viên)" in html
        assert "Username (party card number)" not in html

    def test_the_language_switch_shows_english_then_vietnamese_again(self, client):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        response = client.get("/accounts/login/")
        assert html_lang(response) == "en"
        assert "Username (party card number)" in response.content.decode()

        client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
        response = client.get("/accounts/login/")
        assert html_lang(response) == "vi"
        assert "Tên đăng nhập (số thẻ đảng viên)" in response.content.decode()

    def test_the_switch_offers_both_languages_by_their_vietnamese_names(self, client):
        html = client.get("/accounts/login/").content.decode()
        assert '<option value="vi" selected>Tiếng Việt</option>' in html
        assert '<option value="en">Tiếng Anh</option>' in html


@pytest.mark.django_db
class TestAdminLanguage:
    def test_the_wagtail_login_page_is_vietnamese_by_default(self, client):
        response = client.get("/admin/login/")
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert "Đăng nhập trang quản trị" in html
        assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*Mật khẩu', html)
        assert 'placeholder="Nhập tên đăng nhập"' in html
        assert "Sign in to Wagtail" not in html

    def test_the_dashboard_is_vietnamese_for_a_user_without_a_language_preference(self, client):
        admin = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2026")
        client.force_login(admin)
        response = client.get("/admin/")
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert "Tổng quan trang web" in html
        assert "Site summary" not in html

    def test_the_admin_javascript_strings_are_vietnamese(self, client):
        response = client.get("/admin/jsi18n/")
        assert response.status_code == 200
        # The catalog is JSON with non-ASCII letters escaped.
        assert json.dumps("Menu chính") in response.content.decode()


class TestCommandHelp:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [("vi", "Tạo tổ chức đảng, đảng viên"), ("en", "Build the fictional demo organisation")],
    )
    def test_seed_demo_help_follows_the_active_language(self, language, expected):
        command = load_command_class("members", "seed_demo")
        with translation.override(language):
            help_text = command.create_parser("manage.py", "seed_demo").format_help()
        assert expected in " ".join(help_text.split())


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
class TestCatalogs:
    def test_every_entry_is_translated_and_none_is_fuzzy(self, path):
        catalog = polib.pofile(str(path))
        assert len(catalog) > 0
        assert not catalog.metadata_is_fuzzy
        assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
        assert [entry.msgid for entry in catalog.untranslated_entries()] == []
        assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"

    def test_translations_keep_every_placeholder(self, path):
        wrong = []
        for entry in polib.pofile(str(path)):
            source = entry.msgid_plural or entry.msgid
            translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(translated))):
                wrong.append(entry.msgid)
        assert wrong == []

    def test_the_compiled_catalog_is_shipped_and_up_to_date(self, path):
        def texts(catalog):
            return {
                (entry.msgctxt, entry.msgid): entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
                for entry in catalog
            }

        assert texts(polib.mofile(str(path.with_suffix(".mo")))) == texts(polib.pofile(str(path)))


class TestBrowserLanguageIsIgnored:
    @override_settings(LANGUAGE_CODE="vi")
    def test_a_phone_set_to_english_still_gets_vietnamese(self, client):
        html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="vi">' in html

    @override_settings(LANGUAGE_CODE="vi")
    def test_the_switch_still_chooses_english(self, client):
        client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


class TestErrorPages:
    def test_not_found_page_is_translated_and_in_the_site_layout(self, client, db):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<h1>Không tìm thấy trang</h1>" in html
        assert "Trang này không tồn tại hoặc không dành cho đơn vị của đồng chí." in html
        assert "site-header" in html

    def test_password_reset_by_email_is_not_offered(self, client, db):
        assert client.get("/accounts/password_reset/").status_code == 404
        assert client.get("/admin/password_reset/").status_code == 404
        assert "/admin/password_reset/" not in client.get("/admin/login/").content.decode()
