"""The installable web app's doors and headers (issue 11, items 1, 5 and 6), through Django's test client."""

import gzip

import pytest

from django.conf import settings
from django.urls import reverse

from tests.factories import make_person
from tests.members.meeting_helpers import read_in_english

pytestmark = pytest.mark.django_db


def in_vietnamese(client):
    """The site's default language (the test settings speak English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"


class TestManifest:
    def test_is_vietnamese_with_icons_theme_and_start_url(self, client):
        in_vietnamese(client)
        response = client.get("/manifest.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/manifest+json"
        manifest = response.json()
        assert manifest["name"] == "Sổ tay đảng viên"
        assert manifest["start_url"] == "/me/" and manifest["scope"] == "/"
        assert manifest["theme_color"] == "#a1161b" and manifest["display"] == "standalone"
        assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
        assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])

    def test_every_page_links_it_the_icon_and_the_script(self, client):
        page = client.get(reverse("login")).content.decode()
        assert '<link rel="manifest" href="/manifest.json">' in page
        assert 'rel="icon"' in page and "js/app.js" in page and 'data-service-worker="/sw.js"' in page


class TestServiceWorker:
    def test_is_javascript_for_the_whole_site_and_never_cached_unchecked(self, client):
        response = client.get("/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/javascript; charset=utf-8"
        assert response["Cache-Control"] == "no-cache"
        script = response.content.decode()
        assert "const PACK_URL = '/me/offline/pack.json';" in script
        assert "X-Handbook-Background" in script and "{%" not in script and "{{" not in script

    def test_anonymous_pages_start_no_pack(self, client):
        assert "data-offline-pack" not in client.get(reverse("login")).content.decode()


class TestOfflinePageAndBanner:
    def test_offline_page_and_banner_are_translated(self, client, units):
        in_vietnamese(client)
        response = client.get("/offline/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Đang ngoại tuyến — bản lưu lúc HH:MM DD/MM" in page  # filled in by the worker
        assert "data-offline-banner hidden" in page

    def test_the_member_page_has_the_banner_the_pack_and_the_storage_section(self, client, units):
        member = make_person(units["C1"])
        client.force_login(member.user)
        read_in_english(client)
        page = client.get("/me/").content.decode()
        assert 'data-offline-pack="member"' in page and 'id="offline-storage" hidden' in page
        assert "Offline — copy saved at HH:MM DD/MM" in page


class TestPrivacy:
    def test_member_pages_are_private(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        assert "private" in client.get("/me/")["Cache-Control"]
        assert "private" in client.get(reverse("members:notifications"))["Cache-Control"]

    def test_logout_clears_the_site_data(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert response["Clear-Site-Data"] == '"cache", "storage"'


class TestCompression:
    def test_pages_are_gzipped(self, client, units):
        client.force_login(make_person(units["C1"]).user)
        response = client.get("/me/", headers={"Accept-Encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        assert b"<html" in gzip.decompress(response.content)
