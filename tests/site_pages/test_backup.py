"""Backup and restore (issue 13, item 6): a backup restored into a wiped database and media folder
brings everything back, the visibility rule holds as before, and the backup is its owner's only."""

import shutil
import stat
from io import StringIO

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page

from members.models import Person
from site_pages.backup import backup
from site_pages.models import HandbookPage
from tests.access import POSITIONS, expected_outcomes, person_with_role
from tests.factories import STANDARD_TREE, build_tree, make_news, make_person
from tests.members.test_meetings import make_document

pytestmark = pytest.mark.django_db


def served(client, url):
    return client.get(url).status_code == 200


# Committed rows, as pg_dump sees only those; the serialized rollback gives the tests that follow the
# migrations' rows (the page tree's root) back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_keeps_every_rule(client, tmp_path):
    units = build_tree(STANDARD_TREE)
    news = {code: make_news(unit, f"Tin riêng của {code}") for code, unit in units.items()}
    people = {role: person_with_role(role, units) for role in POSITIONS}
    document = make_document(units["C1"])
    outsider = make_person(units["C2"])

    call_command("backup_handbook", str(tmp_path), stdout=StringIO())
    (folder,) = tmp_path.iterdir()
    assert backup(tmp_path) != folder  # a second backup never overwrites the first
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o600}

    # Everything the backup holds is lost: the unit tree with its pages, the people, the files.
    Page.objects.filter(depth=2).delete()
    get_user_model().objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not HandbookPage.objects.exists() and not Person.objects.exists()
    call_command("restore_handbook", str(folder), "--yes", stdout=StringIO())

    for role, person in people.items():
        client.force_login(person.user)
        outcomes = {relation: served(client, news[code].url) for relation, code in POSITIONS[role][1].items()}
        assert outcomes == expected_outcomes(role), role
    client.force_login(people["member"].user)
    response = client.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"noi dung"
    client.force_login(outsider.user)
    assert client.get(document.url).status_code == 404


def test_restore_asks_for_confirmation_and_names_a_wrong_folder(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_handbook", str(tmp_path))
    with pytest.raises(CommandError, match=str(tmp_path)):
        call_command("restore_handbook", str(tmp_path), "--yes")
