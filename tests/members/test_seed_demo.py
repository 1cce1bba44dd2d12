import csv
import io
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from wagtail.models import Revision

from members.demo import ACCOUNTS, DEMO_PASSWORD, FISHERMAN
from members.demo_meetings import UPCOMING_SLUG
from members.models import InformedInPerson, Notification, Person, Question, ReadingRecord, Role, RoleKind
from site_pages.models import (
    HandbookPage,
    Level,
    MeetingPage,
    NewsArticlePage,
    OfficialDocumentPage,
    QuestionAnswerPage,
    UnitPage,
)
from tests.members.meeting_helpers import read_in_english

pytestmark = pytest.mark.django_db

HAI_NINH = "Chi bộ thôn Hải Ninh"


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            get_user_model(),
            Person,
            Role,
            UnitPage,
            HandbookPage,
            NewsArticlePage,
            Revision,
            Group,
            ReadingRecord,
            InformedInPerson,
            Question,
            Notification,
        )
    }


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module's readers (a seed costs seconds): inside a transaction
    rolled back at the module's end, with each test in a savepoint of its own (the `db` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    pass


class TestSeedDemo:
    def test_second_run_changes_nothing(self):
        call_command("seed_demo", stdout=StringIO())
        first = snapshot()
        call_command("seed_demo", stdout=StringIO())
        call_command("seed_demo", "--if-empty", stdout=StringIO())
        assert snapshot() == first

    def test_if_empty_leaves_an_existing_organisation_alone(self, units):
        output = StringIO()
        call_command("seed_demo", "--if-empty", stdout=output)
        assert not UnitPage.objects.filter(code="QNG").exists()
        assert output.getvalue()

    def test_prints_its_summary_and_the_demo_logins_and_nothing_else(self, db, settings, capsys):
        # `make run`'s mail backend prints every email to the console: the demo's own actions send none.
        settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
        output = StringIO()
        call_command("seed_demo", stdout=output)
        lines = output.getvalue().splitlines()
        assert lines[0].startswith("Created 16 units, ")
        assert lines[1] == f"Demo logins (password {DEMO_PASSWORD}):"
        assert [line.split()[0] for line in lines[2:]] == [account.username for account in ACCOUNTS]
        assert capsys.readouterr() == ("", "")
        # The demo's addresses come out readable too (đ → d).
        resolution = OfficialDocumentPage.objects.get(title="Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng")
        assert resolution.slug == "nghi-quyet-ve-tang-cuong-xay-dung-chinh-don-dang"

    def test_builds_the_organisation_described_in_the_readme(self, seeded):
        cell = UnitPage.objects.get(title=HAI_NINH)
        members = Person.objects.filter(roles__unit=cell, roles__kind=RoleKind.MEMBER, roles__ended_on=None)
        assert members.count() == 34
        assert members.filter(occupation=FISHERMAN).count() == 3
        assert cell.get_parent().title == "Xã Bình Sơn"
        assert UnitPage.objects.get(title="Chi bộ tổ dân phố 27").get_parent().title == "Phường Nghĩa Lộ"
        assert 70 <= Role.objects.current().filter(kind=RoleKind.MEMBER).count() <= 90
        assert set(Role.objects.values_list("kind", flat=True)) == set(RoleKind.values)
        assert UnitPage.objects.get(level=Level.CENTRAL).is_public

        live_news = NewsArticlePage.objects.live()
        assert set(live_news.values_list("owning_unit__level", flat=True)) == set(Level.values)
        assert live_news.filter(is_public=True, owning_unit__level=Level.CENTRAL).exists()

        users = get_user_model().objects
        assert users.get(username="admin").is_superuser
        assert users.get(username="chief.quangngai").groups.filter(name="role:chief_editor:QNG").exists()
        assert users.get(username="secretary.haininh").groups.filter(name="role:secretary:QNG-BS-HN").exists()
        assert not users.get(username="member.haininh").groups.exists()

    def test_every_demo_account_logs_in_and_a_wrong_password_does_not(self, seeded):
        for account in ACCOUNTS:
            client = Client()
            response = client.post("/accounts/login/", {"username": account.username, "password": DEMO_PASSWORD})
            assert response.status_code == 302, account.username
            assert client.get("/me/").status_code == 200
        client = Client()
        response = client.post("/accounts/login/", {"username": "member.haininh", "password": "demo-2025"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_fisherman_sees_his_cell_and_unit_chain(self, client, seeded):
        client.post("/accounts/login/", {"username": "member.haininh", "password": DEMO_PASSWORD})
        html = client.get("/me/").content.decode()
        assert "Trần Văn Lực" in html
        chain = ["Trung ương", "Tỉnh Quảng Ngãi", "Xã Bình Sơn", HAI_NINH]
        positions = [html.index(f">{title}</a>") for title in chain]
        assert positions == sorted(positions)
        assert "Ra quân làm sạch bãi biển thôn Hải Ninh" in html
        # Another ward's news stays out of his page.
        assert "Phường Nghĩa Lộ ra quân chỉnh trang đô thị" not in html

    def test_the_hai_ninh_secretary_sees_who_has_read_with_names_missing(self, seeded, client):
        read_in_english(client)
        client.force_login(get_user_model().objects.get(username="secretary.haininh"))
        html = client.get(MeetingPage.objects.get(slug=UPCOMING_SLUG).url).text
        section = html[html.index('id="reach"') : html.index('id="comments"')]
        assert "Read 24/34" in section
        assert "Informed in person 1" in section
        assert section.count("Mark as informed in person") == 6

    def test_the_province_sees_a_spread_of_wards_in_the_engagement_report(self, seeded, client):
        client.force_login(get_user_model().objects.get(username="chief.quangngai"))
        response = client.get("/admin/reports/engagement/", {"unit": "QNG", "export": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        heading = rows[0]
        shares = {
            row[0]: int(row[heading.index("Active in the last 30 days")]) / int(row[heading.index("Members")])
            for row in rows[1:]
        }
        assert max(shares.values()) >= 0.9
        assert min(shares.values()) < 0.9


class TestDemoQuestions:
    def test_open_and_answered_questions_and_published_qa_at_province_and_ward(self, seeded):
        statuses = set(Question.objects.values_list("asker__user__username", "status"))
        assert {("member.haininh", "open"), ("member.haininh", "published"), ("member.to27", "answered")} <= statuses
        published = QuestionAnswerPage.objects.live().select_related("owning_unit")
        assert {page.owning_unit.code for page in published} == {"QNG", "QNG-NL"}
        assert {page.asker_name for page in published} == {
            "",
            Person.objects.get(user__username="member.to27").full_name,
        }

    def test_the_fisherman_reads_his_questions_and_the_provinces_answer(self, client, seeded):
        client.post("/accounts/login/", {"username": "member.haininh", "password": DEMO_PASSWORD})
        assert "ngư dân đi biển dài ngày" in client.get("/me/questions/").content.decode()
        page = QuestionAnswerPage.objects.get(owning_unit__code="QNG")
        assert client.get(page.url).status_code == 200
