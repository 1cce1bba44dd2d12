"""The admin's reports name people by their full name, never their login name (issue 14): where Wagtail
prints a user as text (filters, "Locked by", exports) and where it asks for the username (the aging
pages report)."""

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Workflow

from members.models import RoleKind
from tests.factories import make_news, make_person

pytestmark = pytest.mark.django_db

FULL_NAME = "Trương Quang Minh"
LOGIN = "chief.mot"


@pytest.fixture
def chief(units):
    return make_person(units["C1"], kind=RoleKind.CHIEF_EDITOR, unit=units["P1"], username=LOGIN, full_name=FULL_NAME)


@pytest.fixture
def superuser_client(client):
    admin = make_person(None, username="quantri")
    admin.user.is_superuser = True
    admin.user.save()
    client.force_login(admin.user)
    return client


def shown(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_the_aging_pages_report_names_the_last_publisher(superuser_client, chief, units):
    news = make_news(units["P1"])
    news.save_revision(user=chief.user).publish(user=chief.user)
    for export in ({}, {"export": "csv"}):
        text = shown(superuser_client, "wagtailadmin_reports:aging_pages", **export)
        assert FULL_NAME in text
        assert LOGIN not in text


def test_the_workflow_reports_filter_and_export_by_name(superuser_client, chief, units):
    news = make_news(units["P1"])
    news.save_revision(user=chief.user)
    Workflow.objects.get(name="Duyệt biên tập").start(news, chief.user)
    for export in ({}, {"export": "csv"}):
        text = shown(superuser_client, "wagtailadmin_reports:workflow", **export)
        assert FULL_NAME in text
        assert LOGIN not in text


def test_the_locked_pages_report_says_who_locked_by_name(superuser_client, chief, units):
    news = make_news(units["P1"])
    news.locked, news.locked_by, news.locked_at = True, chief.user, timezone.now()
    news.save()
    for export in ({}, {"export": "csv"}):
        text = shown(superuser_client, "wagtailadmin_reports:locked_pages", **export)
        assert FULL_NAME in text
        assert LOGIN not in text
