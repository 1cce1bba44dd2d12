"""Fixtures shared by the members tests."""

import pytest

from members.models import NoticeEmail, RoleKind
from tests.factories import make_person


@pytest.fixture
def org(units):
    asker = make_person(units["C1"], full_name="Trần Văn Hỏi")
    asker.email = "asker@example.com"
    asker.notice_email = NoticeEmail.EACH
    asker.save()
    return {
        "asker": asker,
        "ward_editor": make_person(None, kind=RoleKind.EDITOR, unit=units["W1"]),
        "province_chief": make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P1"]),
        "other_ward_editor": make_person(None, kind=RoleKind.EDITOR, unit=units["W2"]),
        "other_province_chief": make_person(None, kind=RoleKind.CHIEF_EDITOR, unit=units["P2"]),
        "secretary": make_person(units["C1"], kind=RoleKind.SECRETARY),
        "other_cell_member": make_person(units["C2"]),
    }
