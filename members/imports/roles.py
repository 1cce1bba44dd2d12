"""`import_roles`: editors and chief editors of units, from `username,unit_code,role`.

Additive: roles already held are kept, and roles missing from the file are not ended
(ending a role is a decision made in the admin, not by leaving a line out)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.imports.reading import RowError, Table, chunks, progress
from members.models import Role, kinds_where
from members.rights import sync_role_groups
from site_pages.models import UnitPage
from site_pages.page_cache import ROLES, bump

ROLE_COLUMNS = ("username", "unit_code", "role")
UNIT_ROLE_KINDS = kinds_where(lambda rules: not rules.cell_only)


class RoleImport:
    def __init__(self, path, *, show_progress=True):
        self.table = Table(path, required=ROLE_COLUMNS)
        self.show_progress = show_progress
        self.grants = []

    def check(self):
        records = list(progress(self.table, enabled=self.show_progress, description=_("Checking")))
        people = _people_by_username({record["username"] for _line, record in records})
        units = _unit_ids_by_code({record["unit_code"] for _line, record in records})
        errors = []
        first_line = {}
        for line, record in records:
            username, unit_code, kind = record["username"], record["unit_code"], record["role"]
            problems = []
            if username not in people:
                problems.append(_("unknown username %(username)r") % {"username": username})
            elif people[username][1] is None:
                problems.append(
                    _("%(username)s has no member profile; import the person with import_members first")
                    % {"username": username}
                )
            if unit_code not in units:
                problems.append(_("unknown unit code %(code)r") % {"code": unit_code})
            if kind not in UNIT_ROLE_KINDS:
                problems.append(
                    _("unknown role %(role)r (one of %(roles)s)") % {"role": kind, "roles": ", ".join(UNIT_ROLE_KINDS)}
                )
            key = (username, unit_code, kind)
            if key in first_line:
                problems.append(_("repeats line %(line)d") % {"line": first_line[key]})
            first_line.setdefault(key, line)
            errors += [RowError(line, problem) for problem in problems]
            if not problems:
                user_id, person_id = people[username]
                self.grants.append((user_id, person_id, units[unit_code], kind))
        return errors

    @transaction.atomic
    def write(self):
        person_ids = {person_id for _user, person_id, _unit, _kind in self.grants}
        held = set()
        for batch in chunks(person_ids):
            held.update(
                Role.objects.current()
                .filter(person_id__in=batch, kind__in=UNIT_ROLE_KINDS)
                .values_list("person_id", "unit_id", "kind")
            )
        new_grants = [grant for grant in self.grants if grant[1:] not in held]
        today = timezone.localdate()
        Role.objects.bulk_create(
            Role(person_id=person_id, unit_id=unit_id, kind=kind, started_on=today)
            for _user, person_id, unit_id, kind in new_grants
        )
        # bulk_create sends no signals: the rights of each new role holder and the cached Scopes follow here.
        sync_role_groups({user_id for user_id, *_rest in new_grants})
        bump(ROLES)
        return _("Roles: %(granted)d granted, %(held)d already held.") % {
            "granted": len(new_grants),
            "held": len(self.grants) - len(new_grants),
        }


def _people_by_username(usernames):
    found = {}
    for batch in chunks(usernames):
        found.update(
            (username, (user_id, person_id))
            for username, user_id, person_id in get_user_model()
            .objects.filter(username__in=batch)
            .values_list("username", "pk", "person__pk")
        )
    return found


def _unit_ids_by_code(codes):
    found = {}
    for batch in chunks(codes):
        found.update(UnitPage.objects.filter(code__in=batch).values_list("code", "pk"))
    return found
