"""`make run` shows what users see: its settings, the error pages, the icon and the admin's name, in Vietnamese."""

import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied

from wagtail.models import Site

from tests.factories import make_person

BASE_DIR = settings.BASE_DIR
# A link or a file from another site (Wagtail's guides, its "enable JavaScript" page).
OFF_SITE = re.compile(r'(?:href|src)="(?:https?:)?//')


@pytest.fixture
def vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def dev_settings(**extra_env):
    """DEBUG and ALLOWED_HOSTS as `make run` (cms.settings.dev) reads them."""
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_DEBUG", "ALLOWED_HOSTS")}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **extra_env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


class TestMakeRun:
    def test_debug_is_off_unless_asked_and_the_local_hosts_are_allowed(self):
        assert dev_settings() == "False ['127.0.0.1', 'localhost']"
        assert dev_settings(DJANGO_DEBUG="1").startswith("True")


@pytest.mark.django_db
class TestErrorPages:
    def test_a_missing_page_is_a_vietnamese_404(self, vietnamese, units):
        assert not settings.DEBUG
        response = vietnamese.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert '<html lang="vi">' in html
        assert "<h1>Không tìm thấy trang</h1>" in html
        assert "Not Found" not in html

    def test_a_refusal_is_a_vietnamese_403(self, units):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        with translation.override("vi"):
            response = permission_denied(request, PermissionDenied())
        assert response.status_code == 403
        assert "<h1>Không được phép</h1>" in response.content.decode()

    def test_an_expired_form_is_explained_in_vietnamese(self, units):
        strict = Client(enforce_csrf_checks=True)
        strict.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        response = strict.post("/accounts/login/", {"username": "x", "password": "y"})
        assert response.status_code == 403
        html = response.content.decode()
        assert "<h1>Biểu mẫu đã hết hạn</h1>" in html
        assert "CSRF verification failed" not in html

    def test_an_unknown_host_is_a_vietnamese_400(self, vietnamese, settings):
        settings.ALLOWED_HOSTS = ["127.0.0.1"]
        response = vietnamese.get("/", HTTP_HOST="elsewhere.example")
        assert response.status_code == 400
        assert "<h1>Không hiểu yêu cầu</h1>" in response.content.decode()


@pytest.mark.django_db
class TestNameAndFace:
    def test_favicon_answers_with_the_handbooks_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"].endswith("icons/favicon.ico")
        assert finders.find("icons/favicon.ico")

    def test_the_admin_carries_the_handbooks_name_not_localhost_nor_wagtail(self, client, units, settings):
        settings.LANGUAGE_CODE = "vi"
        assert Site.objects.get(is_default_site=True).site_name == "Sổ tay đảng viên"
        admin = make_person(None, username="quantri")
        admin.user.is_superuser = True
        admin.user.save()
        client.force_login(admin.user)
        html = client.get("/admin/").content.decode()
        assert re.search(r"<h1[^>]*>\s*Sổ tay đảng viên\s*</h1>", html)
        assert " - Sổ tay đảng viên</title>" in html
        assert "localhost" not in html
        assert "wagtailadmin/images/favicon.ico" not in html
        assert not OFF_SITE.findall(html)
        missing = client.get("/admin/khong-co-trang-nay/")
        assert missing.status_code == 404
        assert "icons/icon-192.png" in missing.content.decode()
        assert "icon-wagtail" not in missing.content.decode()

    def test_the_sign_in_page_shows_the_handbook_and_nothing_from_elsewhere(self, client, settings):
        settings.LANGUAGE_CODE = "vi"
        html = client.get("/admin/login/").content.decode()
        logo = re.search(r'<div class="login-logo[^"]*">(.*?)</div>', html, re.S).group(1)
        assert "icons/icon-192.png" in logo
        assert "Sổ tay đảng viên" in logo
        assert "icon-wagtail" not in html
        assert not OFF_SITE.findall(html)
