"""Durations, relative times and dates as Vietnamese write them, on the site and in the admin."""

import re
from datetime import date, timedelta

import pytest

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.timesince import timesince

from wagtail.admin.templatetags.wagtailadmin_tags import timesince_last_update, timesince_simple
from wagtail.admin.widgets import AdminDateInput

from members.models import RoleKind
from site_pages.models import NewsArticlePage
from tests.factories import make_person
from tests.members.meeting_helpers import make_meeting

NBSP = "\xa0"


class TestDurations:
    def test_durations_and_relative_times_read_vietnamese(self):
        now = timezone.now()
        with translation.override("vi"):
            assert timesince(now - timedelta(days=1, hours=5), now) == f"1{NBSP}ngày, 5{NBSP}giờ"
            assert timesince(now - timedelta(days=800), now) == f"2{NBSP}năm, 2{NBSP}tháng"
            assert timesince(now - timedelta(days=15), now) == f"2{NBSP}tuần, 1{NBSP}ngày"
            # The admin's listings and history.
            assert timesince_simple(now - timedelta(minutes=3)) == f"3{NBSP}phút trước"
            assert timesince_simple(now) == "vừa xong"
            assert timesince_last_update(now - timedelta(days=3)) == f"3{NBSP}ngày trước"

    def test_english_stays_english(self):
        now = timezone.now()
        with translation.override("en"):
            assert timesince(now - timedelta(days=1, hours=5), now) == f"1{NBSP}day, 5{NBSP}hours"

    @pytest.mark.django_db
    def test_the_members_page_counts_down_in_vietnamese(self, client, units):
        make_meeting(units["C1"], starts_in=timedelta(days=1, hours=5, minutes=30))
        client.force_login(make_person(units["C1"]).user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        html = client.get(reverse("members:me")).content.decode()
        assert f"Bắt đầu sau 1{NBSP}ngày, 5{NBSP}giờ." in html


class TestDates:
    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_dates_are_typed_and_shown_day_first_in_both_languages(self, language):
        with translation.override(language):
            # What Wagtail's check wagtailadmin.E003 asks of its pickers' formats, in every language.
            assert settings.WAGTAIL_DATE_FORMAT in get_format("DATE_INPUT_FORMATS")
            assert settings.WAGTAIL_DATETIME_FORMAT in get_format("DATETIME_INPUT_FORMATS")
            assert settings.WAGTAIL_TIME_FORMAT in get_format("TIME_INPUT_FORMATS")
            assert forms.DateField().clean("03/04/2026") == date(2026, 4, 3)
            assert date_format(date(2026, 3, 31), "SHORT_DATE_FORMAT") == "31/03/2026"

    def test_the_admin_date_picker_writes_day_first(self):
        widget = AdminDateInput()
        assert widget.format_value(date(2026, 3, 31)) == "31/03/2026"
        assert widget.get_config()["format"] == "d/m/Y"
        assert widget.get_config()["dayOfWeekStart"] == 1  # Monday

    @pytest.mark.django_db
    def test_a_vietnamese_editor_saves_a_day_first_date(self, client, units, settings):
        settings.LANGUAGE_CODE = "vi"
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]).user)
        url = reverse("wagtailadmin_pages:add", args=["site_pages", "newsarticlepage", units["W1"].pk])
        response = client.post(url, {"title": "Tin ngày", "slug": "tin-ngay", "date": "03/04/2026", "body-count": "0"})
        assert response.status_code == 302
        page = NewsArticlePage.objects.get(slug="tin-ngay")
        assert page.date == date(2026, 4, 3)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert re.search(r'name="date"[^>]*value="03/04/2026"', html)
