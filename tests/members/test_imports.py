"""The import commands, run as an operator would (call_command on real files, real database)."""

import datetime
from io import StringIO

import pytest
from openpyxl import Workbook

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from wagtail.models import GroupPagePermission, ReferenceIndex

from members.models import ROLE_KINDS, Person, Role, RoleKind
from members.rights import sync_role_groups
from site_pages.models import CellPage, UnitPage
from tests.factories import make_person

User = get_user_model()
MEMBER_HEADER = "card_number,full_name,cell_code,role,phone,email,date_of_birth,joined_on,username,password"


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in their English source form, whatever translations exist.
    with translation.override("en"):
        yield


def write_csv(tmp_path, name, lines, *, bom=False):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
    return path


def run_import(command, path):
    call_command(command, str(path), "--no-progress")


def rejected(command, path):
    """The error lines a rejected import prints, and the command's final message."""
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(command, str(path), "--no-progress", stderr=err)
    return err.getvalue(), str(failure.value)


def counts():
    return (Person.objects.count(), Role.objects.count(), User.objects.count(), UnitPage.objects.count())


class TestImportUnits:
    def test_good_file_builds_the_tree(self, tmp_path, units):
        path = write_csv(
            tmp_path,
            "units.csv",
            [
                "code,name,level,parent_code",
                "W9,Phường Chín,ward,P1",
                "C91,Chi bộ 91,cell,W9",
                "C92,Chi bộ 92,cell,W9",
            ],
            bom=True,
        )
        run_import("import_units", path)
        cell = CellPage.objects.get(code="C91")
        assert cell.get_parent().specific.code == "W9"
        assert cell.get_parent().get_parent().specific.code == "P1"
        assert cell.collection.get_parent().name.endswith("(W9)")
        # Search indexing is batched during the import; the new units must still be found.
        assert cell in list(CellPage.objects.live().search("Chi bộ 91"))
        assert ReferenceIndex.get_references_for_object(cell).exists()

    def test_reimport_renames_without_duplicates(self, tmp_path, units):
        lines = ["code,name,level,parent_code", "W9,Phường Chín,ward,P1", "C91,Chi bộ 91,cell,W9"]
        run_import("import_units", write_csv(tmp_path, "a.csv", lines))
        lines[2] = "C91,Chi bộ Chín Mốt,cell,W9"
        run_import("import_units", write_csv(tmp_path, "b.csv", lines))
        assert UnitPage.objects.filter(code__in=["W9", "C91"]).count() == 2
        assert UnitPage.objects.get(code="C91").title == "Chi bộ Chín Mốt"

    def test_bad_rows_are_all_reported_and_nothing_is_written(self, tmp_path, units):
        path = write_csv(
            tmp_path,
            "units.csv",
            [
                "code,name,level,parent_code",
                "W9,Phường Chín,ward,P1",
                "C91,Chi bộ 91,cell,P1",
                "C92,,cell,W9",
                "C93,Chi bộ 93,hamlet,W9",
                "W9,Phường Chín bis,ward,P1",
                "C94,Chi bộ 94,cell,W99",
                "C1,Chi bộ Một,cell,W2",
            ],
        )
        before = counts()
        output, message = rejected("import_units", path)
        assert "line 3: a cell unit must be placed under a ward unit" in output
        assert "line 4: missing name" in output
        assert "line 5: unknown level 'hamlet'" in output
        assert "line 6: duplicate code W9 (first on line 2)" in output
        assert "line 7: unknown parent code W99" in output
        assert "line 8: unit C1 already exists under W1" in output
        assert "line 2:" not in output
        assert message == "6 bad rows; nothing was imported."
        assert counts() == before

    def test_file_not_in_utf8_is_refused(self, tmp_path, units):
        path = tmp_path / "units.csv"
        path.write_bytes("code,name,level,parent_code\nW9,Phường Chín,ward,P1\n".encode("utf-16"))
        with pytest.raises(CommandError, match="not UTF-8"):
            run_import("import_units", path)
        assert not UnitPage.objects.filter(code="W9").exists()

    def test_missing_column_is_refused(self, tmp_path, units):
        path = write_csv(tmp_path, "units.csv", ["code,name,parent_code", "W9,Phường Chín,P1"])
        with pytest.raises(CommandError, match="missing column.*level"):
            run_import("import_units", path)


def member_file(tmp_path, rows, name="members.csv"):
    return write_csv(tmp_path, name, [MEMBER_HEADER, *rows])


class TestSeveralFiles:
    """One command imports a province's files in turn (Django starts once); each file whole or not at all."""

    def test_each_file_is_imported_in_turn(self, tmp_path, units):
        first = member_file(tmp_path, ["D101,Nguyễn Văn Một,C1,member,,,,,,"], name="members-01.csv")
        second = member_file(tmp_path, ["D102,Trần Văn Hai,C3,member,,,,,,"], name="members-02.csv")
        out = StringIO()
        call_command("import_members", str(first), str(second), "--no-progress", stdout=out)
        assert set(Person.objects.values_list("card_number", flat=True)) >= {"D101", "D102"}
        assert f"{first}: " in out.getvalue() and f"{second}: " in out.getvalue()  # each file's summary, named

    def test_a_bad_file_stops_the_import_there_and_says_what_was_imported(self, tmp_path, units):
        good = member_file(tmp_path, ["D201,Nguyễn Văn Một,C1,member,,,,,,"], name="members-01.csv")
        bad = member_file(tmp_path, ["D202,Trần Văn Hai,C99,member,,,,,,"], name="members-02.csv")
        after = member_file(tmp_path, ["D203,Lê Văn Ba,C1,member,,,,,,"], name="members-03.csv")
        err = StringIO()
        with pytest.raises(CommandError) as failure:
            call_command("import_members", str(good), str(bad), str(after), "--no-progress", stderr=err)
        assert f"{bad}: line 2: " in err.getvalue()
        assert str(failure.value) == (
            f"{bad}: 1 bad row; nothing was imported. "
            "The 1 file before it was imported; this file and those after it were not."
        )
        cards = set(Person.objects.values_list("card_number", flat=True))
        assert "D201" in cards and not {"D202", "D203"} & cards


class TestImportMembers:
    def test_good_file(self, tmp_path, units):
        path = member_file(
            tmp_path,
            [
                "D001,Nguyễn Văn An,C1,member,0901000001,an@example.org,1980-05-17,03/02/2005,,",
                "D002,Trần Thị Bình,C1,secretary,,,,,binh.c1,Vung-Tau-2026!",
                "D003,Lê Hữu Cường,C3,deputy_secretary,,,17/05/1975,,,",
            ],
        )
        run_import("import_members", path)
        an = Person.objects.select_related("user").get(card_number="D001")
        assert an.full_name == "Nguyễn Văn An"
        assert an.date_of_birth == datetime.date(1980, 5, 17)
        assert an.joined_on == datetime.date(2005, 2, 3)
        assert an.user.username == "D001"
        assert an.user.email == "an@example.org"
        assert not an.user.has_usable_password()
        binh = Person.objects.select_related("user").get(card_number="D002")
        assert binh.user.username == "binh.c1"
        assert binh.user.check_password("Vung-Tau-2026!")
        assert set(Role.objects.current().filter(person=binh).values_list("unit__code", "kind")) == {
            ("C1", RoleKind.MEMBER),
            ("C1", RoleKind.SECRETARY),
        }
        assert set(binh.user.groups.values_list("name", flat=True)) == {"role:secretary:C1"}
        cuong = Person.objects.get(card_number="D003")
        assert cuong.date_of_birth == datetime.date(1975, 5, 17)
        assert cuong.user.groups.get().name == "role:deputy_secretary:C3"
        assert GroupPagePermission.objects.filter(group__name="role:secretary:C1", page=units["C1"]).exists()

    def test_bad_rows_are_all_reported_and_nothing_is_written(self, tmp_path, units):
        make_person(units["C2"], username="taken.login")
        existing = make_person(units["C2"], username="kept.login")
        path = member_file(
            tmp_path,
            [
                "D001,Nguyễn Văn An,C1,member,,,,,,",
                "D002,Trần Thị Bình,C99,member,,,,,,",
                "D001,Nguyễn Văn An bis,C1,member,,,,,,",
                "D004,Lê Văn Dũng,C1,member,,,1980-13-01,,,",
                "D005,Phạm Thị Hà,C1,chairman,,,,,,",
                "D006,Hoàng Văn Hải,C1,member,,not-an-email,,,,",
                "D007,,C1,member,,,,,,",
                f"{existing.card_number},Đảng viên cũ,C2,member,,,,,other.login,",
                "D009,Vũ Văn Long,C1,member,,,,,taken.login,",
                "D010,Đỗ Thị Mai,W1,member,,,,,,",
                "D011,Bùi Văn Nam,C1,member,,,,,,12345678",
                "D012,Ngô Văn Phúc,C1,member,,,31/02/1990,,,",
            ],
        )
        before = counts()
        output, message = rejected("import_members", path)
        expected = [
            "line 3: unknown cell code C99",
            "line 4: duplicate card number D001 (first on line 2)",
            "line 5: date_of_birth: malformed date '1980-13-01'",
            "line 6: unknown role 'chairman'",
            "line 7: bad email 'not-an-email'",
            "line 8: missing full_name",
            f"line 9: card number {existing.card_number} belongs to the login kept.login, not other.login",
            "line 10: username taken.login is already used by another login",
            "line 11: W1 is a Ward/Commune unit, not a cell",
            "line 12: weak password:",
            "line 13: date_of_birth: malformed date '31/02/1990'",
        ]
        for fragment in expected:
            assert fragment in output
        assert "line 2:" not in output
        assert message == "11 bad rows; nothing was imported."
        assert counts() == before

    def test_reimport_updates_and_creates_no_duplicates(self, tmp_path, units):
        rows = ["D001,Nguyễn Văn An,C1,secretary,,,,,,", "D002,Trần Thị Bình,C1,member,,,,,,"]
        run_import("import_members", member_file(tmp_path, rows))
        run_import("import_members", member_file(tmp_path, rows, name="again.csv"))
        assert counts()[:3] == (2, 3, 2)
        rows[1] = "D002,Trần Thị Bình Minh,C1,member,0905123456,,,,,"
        run_import("import_members", member_file(tmp_path, rows, name="changed.csv"))
        binh = Person.objects.select_related("user").get(card_number="D002")
        assert (binh.full_name, binh.phone) == ("Trần Thị Bình Minh", "0905123456")
        assert counts()[:3] == (2, 3, 2)

    def test_the_login_carries_the_full_name_from_the_first_import_and_after_a_rename(self, tmp_path, units):
        # Wagtail greets and lists people by it (issue 14).
        run_import("import_members", member_file(tmp_path, ["D003,Lê Văn Cường,C1,member,,,,,,"]))
        assert Person.objects.get(card_number="D003").user.get_full_name() == "Lê Văn Cường"
        run_import(
            "import_members", member_file(tmp_path, ["D003,Lê Văn Cường Mới,C1,member,,,,,,"], name="renamed.csv")
        )
        assert Person.objects.get(card_number="D003").user.get_full_name() == "Lê Văn Cường Mới"

    def test_transfer_by_reimport_keeps_the_old_membership(self, tmp_path, units):
        run_import("import_members", member_file(tmp_path, ["D001,Nguyễn Văn An,C1,secretary,,,,,,"]))
        run_import("import_members", member_file(tmp_path, ["D001,Nguyễn Văn An,C3,member,,,,,,"], name="moved.csv"))
        person = Person.objects.select_related("user").get(card_number="D001")
        roles = {(role.unit.code, role.kind): role for role in person.roles.select_related("unit")}
        assert roles[("C1", RoleKind.MEMBER)].ended_on is not None
        assert roles[("C1", RoleKind.SECRETARY)].ended_on is not None
        assert roles[("C3", RoleKind.MEMBER)].ended_on is None
        assert not person.user.groups.exists()

    def test_xlsx_file_with_typed_cells(self, tmp_path, units):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(MEMBER_HEADER.split(","))
        sheet.append([51000001, "Nguyễn Văn An", "C1", "member", None, None, datetime.datetime(1980, 5, 17)])
        sheet.append(["D002", "Trần Thị Bình", "C2", "secretary", "0901", None, "17/05/1975", "2001-01-02"])
        path = tmp_path / "members.xlsx"
        workbook.save(path)
        run_import("import_members", path)
        an = Person.objects.get(card_number="51000001")
        assert an.date_of_birth == datetime.date(1980, 5, 17)
        binh = Person.objects.get(card_number="D002")
        assert (binh.date_of_birth, binh.joined_on) == (datetime.date(1975, 5, 17), datetime.date(2001, 1, 2))

    def test_minimal_columns(self, tmp_path, units):
        path = write_csv(tmp_path, "m.csv", ["card_number,full_name,cell_code,role", "D001,Nguyễn Văn An,C1,member"])
        run_import("import_members", path)
        assert Person.objects.get(card_number="D001").user.username == "D001"


class TestImportRoles:
    def test_roles_grant_admin_groups(self, tmp_path, units):
        editor = make_person(units["C1"], username="editor.w1")
        path = write_csv(
            tmp_path,
            "roles.csv",
            ["username,unit_code,role", "editor.w1,W1,editor", "editor.w1,P1,chief_editor"],
        )
        run_import("import_roles", path)
        run_import("import_roles", path)
        assert set(editor.user.groups.values_list("name", flat=True)) == {"role:editor:W1", "role:chief_editor:P1"}
        assert Role.objects.current().filter(person=editor).count() == 3
        assert GroupPagePermission.objects.filter(
            group__name="role:editor:W1", page=units["W1"], permission__codename="change_page"
        ).exists()

    def test_bad_rows_are_all_reported(self, tmp_path, units):
        make_person(units["C1"], username="editor.w1")
        User.objects.create_user("no.profile")
        path = write_csv(
            tmp_path,
            "roles.csv",
            [
                "username,unit_code,role",
                "editor.w1,W1,editor",
                "nobody,W1,editor",
                "editor.w1,W99,editor",
                "editor.w1,W1,secretary",
                "no.profile,W1,editor",
                "editor.w1,W1,editor",
            ],
        )
        before = (Role.objects.count(), Group.objects.count())
        output, message = rejected("import_roles", path)
        assert "line 3: unknown username 'nobody'" in output
        assert "line 4: unknown unit code 'W99'" in output
        assert "line 5: unknown role 'secretary'" in output
        assert "line 6: no.profile has no member profile" in output
        assert "line 7: repeats line 2" in output
        assert message == "5 bad rows; nothing was imported."
        assert (Role.objects.count(), Group.objects.count()) == before


class TestRoleRights:
    def test_groups_carry_what_the_role_table_says(self, units):
        """One engine (members.rights) for one person and for a batch: the groups follow ROLE_KINDS."""
        secretary = make_person(units["C1"], kind=RoleKind.SECRETARY)
        chief = make_person(units["C3"], kind=RoleKind.CHIEF_EDITOR, unit=units["P1"])
        snapshot = _rights_snapshot()
        for name, kind, unit in (
            ("role:secretary:C1", RoleKind.SECRETARY, units["C1"]),
            ("role:chief_editor:P1", RoleKind.CHIEF_EDITOR, units["P1"]),
        ):
            rules = ROLE_KINDS[kind]
            assert snapshot[name][0] == {"access_admin"}
            assert snapshot[name][2] == {(unit.pk, codename) for codename in rules.page_permissions}
            assert snapshot[name][3] == {
                (unit.collection_id, codename) for _app, codename in rules.collection_permissions
            }
        Group.objects.filter(name__startswith="role:").delete()
        sync_role_groups([secretary.user_id, chief.user_id])
        assert _rights_snapshot() == snapshot
        Role.objects.filter(person=chief, kind=RoleKind.CHIEF_EDITOR).update(ended_on=datetime.date.today())
        sync_role_groups([chief.user_id, secretary.user_id])
        assert not chief.user.groups.exists()
        assert secretary.user.groups.get().name == "role:secretary:C1"

    def test_a_committee_member_reaches_the_admin_and_edits_nothing(self, units):
        committee = make_person(None, kind=RoleKind.COMMITTEE, unit=units["P1"])
        group = committee.user.groups.get()
        assert group.name == "role:committee:P1"
        assert not group.page_permissions.exists()
        assert not group.collection_permissions.exists()
        assert committee.user.has_perm("wagtailadmin.access_admin")


def _rights_snapshot():
    groups = Group.objects.filter(name__startswith="role:").prefetch_related("permissions", "user_set")
    return {
        group.name: (
            {p.codename for p in group.permissions.all()},
            {u.username for u in group.user_set.all()},
            set(group.page_permissions.values_list("page_id", "permission__codename")),
            set(group.collection_permissions.values_list("collection_id", "permission__codename")),
        )
        for group in groups
    }
