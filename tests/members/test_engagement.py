"""The engagement report, checked against a hand-built dataset, and who may see which unit's figures."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageLogEntry

from members.engagement_admin import EngagementReportView
from members.models import Comment, ReadingRecord, RoleKind
from tests.factories import make_person
from tests.members.meeting_helpers import comment_on, make_meeting

pytestmark = pytest.mark.django_db

URL = "/admin/reports/engagement/"


def member(cell, *, activated=True):
    person = make_person(cell)
    if not activated:
        person.user.set_unusable_password()
        person.user.save()
    return person


@pytest.fixture
def dataset(units):
    """C1: 3 members (one never activated), one who opened a page this month and one only before,
    2 recent opinions and an old one; C2: 2 members; C3 (another ward): 1 member, 1 opinion, active;
    C4 (another province): 1 member."""
    c1 = [member(units["C1"]), member(units["C1"]), member(units["C1"], activated=False)]
    c2 = [member(units["C2"]) for _ in range(2)]
    c3 = member(units["C3"])
    member(units["C4"])
    meeting = make_meeting(units["C1"])
    comment_on(meeting, c1[0])
    comment_on(meeting, c1[1])
    old = comment_on(meeting, c1[0], "Ý kiến cũ")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    c3_meeting = make_meeting(units["C3"])
    comment_on(c3_meeting, c3)
    now = timezone.now()
    for person, page, opened in (
        (c1[0], meeting, now),
        (c1[1], meeting, now - timedelta(days=40)),
        (c3, c3_meeting, now),
    ):
        ReadingRecord.objects.create(person=person, page=page, first_opened_at=opened, last_opened_at=opened)
    # Last past meetings (documents released two days before): C1's read in time by one member,
    # C2's opened only before the release.
    for cell, reader, opened_before_start in ((units["C1"], c1[0], 1), (units["C2"], c2[0], 3)):
        past = make_meeting(cell, starts_in=-timedelta(days=1))
        opened = past.starts_at - timedelta(days=opened_before_start)
        ReadingRecord.objects.create(person=reader, page=past, first_opened_at=opened, last_opened_at=opened)
    return units


def figures(response):
    """{unit title: (members, activated, opinions)} from the CSV export."""
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return {row[0]: tuple(int(value) for value in row[2:]) for row in rows[1:]}


def export(client, unit_code, fmt="csv"):
    return client.get(URL, {"unit": unit_code, "export": fmt})


class TestFigures:
    def test_a_province_rolls_its_wards_up(self, client, dataset):
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=dataset["P1"]).user)
        # (members, activated, active, read the last meeting in time, opinions)
        assert figures(export(client, "P1")) == {"Phường Một": (5, 4, 2, 1, 2), "Phường Hai": (1, 1, 1, 0, 1)}
        assert figures(export(client, "W1")) == {"Chi bộ Một": (3, 2, 1, 1, 2), "Chi bộ Hai": (2, 2, 1, 0, 0)}
        page = client.get(URL, {"unit": "P1"}).content.decode()
        assert "Phường Một" in page
        assert "Tỉnh Hai" not in page

    def test_the_default_unit_is_the_persons_own(self, client, dataset):
        client.force_login(make_person(None, kind=RoleKind.COMMITTEE, unit=dataset["P1"]).user)
        response = client.get(URL)
        assert response.status_code == 200
        assert "Phường Hai" in response.content.decode()

    def test_member_rows_are_for_the_cells_own_secretary(self, client, dataset):
        secretary = make_person(dataset["C1"], kind=RoleKind.SECRETARY, full_name="Bí thư Một")
        client.force_login(secretary.user)
        rows = list(csv.reader(io.StringIO(b"".join(export(client, "C1").streaming_content).decode())))
        assert len(rows) == 1 + 4  # heading, three members and the secretary, a member too
        assert ["Bí thư Một", secretary.card_number, "yes", "no", "0"] in rows
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=dataset["P1"]).user)
        assert "Bí thư Một" not in client.get(URL, {"unit": "C1"}).content.decode()

    def test_queries_do_not_grow_with_members(self, client, dataset):
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=dataset["P1"]).user)
        client.get(URL, {"unit": "P1"})
        with CaptureQueriesContext(connection) as before:
            client.get(URL, {"unit": "P1"})
        for cell in ("C1", "C2", "C3"):
            [member(dataset[cell]) for _ in range(5)]
        with CaptureQueriesContext(connection) as after:
            client.get(URL, {"unit": "P1"})
        assert len(after) == len(before)


class TestAccess:
    @pytest.mark.parametrize(
        ("kind", "unit_code"),
        [
            (RoleKind.EDITOR, "W1"),  # editors see no figures, even of their own ward
            (RoleKind.CHIEF_EDITOR, "W2"),  # another ward's chief editor
            (RoleKind.COMMITTEE, "P2"),  # another province's committee
            (RoleKind.MEMBER, "C1"),
        ],
    )
    def test_others_get_nothing_of_the_ward(self, client, dataset, kind, unit_code):
        person = make_person(dataset[unit_code], kind=kind) if kind == RoleKind.MEMBER else None
        person = person or make_person(None, kind=kind, unit=dataset[unit_code])
        client.force_login(person.user)
        for params in ({"unit": "W1"}, {"unit": "W1", "export": "csv"}, {"unit": "W1", "export": "xlsx"}):
            # 302: a plain member is sent away from the admin; 404: staff without these figures.
            assert client.get(URL, params).status_code in (302, 404)
        assert not PageLogEntry.objects.filter(action="members.engagement.export").exists()

    def test_the_menu_item_is_for_those_who_see_figures(self, client, dataset):
        client.force_login(make_person(None, kind=RoleKind.EDITOR, unit=dataset["W1"]).user)
        assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(make_person(None, kind=RoleKind.COMMITTEE, unit=dataset["W1"]).user)
        assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


class TestExports:
    def test_xlsx_export_and_the_audit_log(self, client, dataset):
        chief = make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=dataset["P1"])
        client.force_login(chief.user)
        response = export(client, "P1", "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert rows["Phường Một"] == ("W1", 5, 4, 2, 1, 2)
        # Counts stay numbers, shown with the thousands mark of the reader's spreadsheet (60.000 in Vietnamese).
        assert {cell.number_format for cell in sheet[2][2:]} == {"#,##0"}
        assert PageLogEntry.objects.filter(page=dataset["P1"], action="members.engagement.export", user=chief.user)

    def test_a_vietnamese_export_reads_vietnamese(self, client, dataset, settings):
        settings.LANGUAGE_CODE = "vi"
        secretary = make_person(dataset["C1"], kind=RoleKind.SECRETARY, full_name="Bí thư Một")
        client.force_login(secretary.user)
        rows = list(csv.reader(io.StringIO(b"".join(export(client, "C1").streaming_content).decode())))
        headings = ["Đảng viên", "Số thẻ đảng viên", "Tài khoản đã kích hoạt", "Hoạt động trong 30 ngày qua"]
        assert rows[0] == [*headings, "Ý kiến trong 30 ngày qua"]
        assert ["Bí thư Một", secretary.card_number, "Có", "Không", "0"] in rows

    @pytest.mark.parametrize(("language", "written"), [("vi", "60.000"), ("en", "60,000")])
    def test_counts_are_grouped_as_the_language_writes_them(self, language, written):
        view = EngagementReportView()
        with translation.override(language):
            assert view.preprocess_field_value("members", 60000, view.FORMAT_CSV) == written
            assert Template("{% load humanize %}{{ count|intcomma }}").render(Context({"count": 60000})) == written

    def test_a_formula_in_a_unit_title_stays_text(self, client, dataset):
        dataset["W2"].title = '=HYPERLINK("http://example.com","x")'
        dataset["W2"].save()
        client.force_login(make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=dataset["P1"]).user)
        body = b"".join(export(client, "P1").streaming_content).decode()
        assert "'=HYPERLINK" in body
