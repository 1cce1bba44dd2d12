"""Search on the demo data, as the Hải Ninh member who tries it first."""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from site_pages.models import DocumentText, TextStatus
from tests.search.helpers import results

pytestmark = pytest.mark.django_db

CENTRAL_RESOLUTION = "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng"


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def member(client, seeded):
    client.force_login(get_user_model().objects.get(username="member.haininh"))


class TestDemoSearch:
    """One test: seeding the demo takes a while."""

    def test_files_decisions_and_ranking_on_the_demo(self, client, member):
        assert DocumentText.objects.count() == 4
        assert set(DocumentText.objects.values_list("status", flat=True)) == {TextStatus.INDEXED}

        titles, response = results(client, "Du thao nghi quyet")
        assert titles[0] == "Sinh hoạt chi bộ thường kỳ tháng này"
        assert "File “Dự thảo nghị quyết chi bộ tháng này”" in response.content.decode()

        assert results(client, "nghi quyet")[0][0] == CENTRAL_RESOLUTION
        assert results(client, "35 NQ TW")[0][0] == CENTRAL_RESOLUTION
        assert results(client, "chien si tren mat tran tu tuong")[0] == [CENTRAL_RESOLUTION]
        assert results(client, "ra khoi")[0] == ["Chỉ thị về tổ chức sinh hoạt chi bộ định kỳ"]
        assert "Sinh hoạt chi bộ thường kỳ tháng trước" in results(client, "to doan ket tren bien")[0]
