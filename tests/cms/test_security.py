import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt

from django.conf import settings

from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def login(client, username, password, ip="10.0.0.1", next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


class TestHeaders:
    def test_every_response_carries_the_security_headers(self, client, units):
        response = client.get("/accounts/login/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


class TestLogin:
    def test_login_with_card_number_lands_on_my_page(self, client, units):
        person = make_person(units["C1"])
        response = login(client, person.card_number, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/me/"

    def test_an_overlong_username_is_a_failed_login_not_an_error(self, client, units):
        assert login(client, "9" * 3000, "sai").status_code == 200
        assert client.post("/admin/login/", {"username": "8" * 3000, "password": "sai"}).status_code == 200
        # Axes records the attempt on our page with the username cut to fit its column.
        assert AccessAttempt.objects.get().username == "9" * 255

    def test_next_redirect_stays_on_our_site(self, client, units):
        person = make_person(units["C1"])
        response = login(client, person.card_number, PASSWORD, next_url="https://evil.example/steal")
        assert response["Location"] == "/me/"

    def test_next_redirect_to_our_page_is_kept(self, client, units):
        person = make_person(units["C1"])
        response = login(client, person.card_number, PASSWORD, next_url=units["C1"].url)
        assert response["Location"] == units["C1"].url

    def test_logout_ends_the_session_on_the_server(self, client, units):
        person = make_person(units["C1"])
        login(client, person.card_number, PASSWORD)
        old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.post("/accounts/logout/")
        client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
        assert client.get("/me/").status_code == 302


class TestLockout:
    def test_lockout_is_per_username_and_ip(self, client, units):
        victim = make_person(units["C1"])
        neighbour = make_person(units["C1"])
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            login(client, victim.card_number, "wrong-password", ip="10.0.0.9")
        assert login(client, victim.card_number, PASSWORD, ip="10.0.0.9").status_code == 429
        # Same carrier IP, another member: not locked out.
        assert login(client, neighbour.card_number, PASSWORD, ip="10.0.0.9")["Location"] == "/me/"
        client.post("/accounts/logout/")
        # Same member from another IP: not locked out either.
        assert login(client, victim.card_number, PASSWORD, ip="10.0.0.10")["Location"] == "/me/"


class TestProductionSettings:
    def run_check(self, **extra_env):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
        }
        env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **extra_env)
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def test_production_passes_the_deploy_check(self):
        result = self.run_check(
            DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-for-check-1234567890", ALLOWED_HOSTS="example.org"
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = self.run_check(ALLOWED_HOSTS="example.org")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_passwords_are_hashed_with_argon2(self):
        from cms.settings import base

        assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
