"""`import_members`: people, their logins and their cell roles from one file.

Built for a province at a time (tens of thousands of rows): the file is checked against
the database in a few batched queries, then written in chunks, all in one transaction: new
rows through the bulk row writer (`site_pages.bulk_rows`: plain dicts, COPY on PostgreSQL),
changes through bulk updates. Per person the file states the whole cell situation: member
of `cell_code`, plus secretary or deputy there if `role` says so. A different cell means a
transfer (the old membership ends, as `members.services.transfer_member` does); cell staff
roles the row no longer states are ended.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.imports.people_state import ExistingPeople
from members.imports.reading import RowError, Table, chunks, parse_date, progress
from members.models import Person, Role, RoleKind, kinds_where
from members.rights import sync_role_groups
from site_pages.bulk_rows import insert_rows, new_row, own_fields
from site_pages.models import Level, UnitPage
from site_pages.page_cache import ROLES, bump

REQUIRED_COLUMNS = ("card_number", "full_name", "cell_code", "role")
OPTIONAL_COLUMNS = ("phone", "email", "date_of_birth", "joined_on", "username", "password")
PROFILE_FIELDS = ("full_name", "phone", "email", "date_of_birth", "joined_on")
CELL_ROLE_KINDS = kinds_where(lambda rules: rules.cell_only)
WRITE_CHUNK = 2000
BULK_BATCH = 500
_person_field = Person._meta.get_field
MAX_LENGTHS = {name: _person_field(name).max_length for name in ("card_number", "full_name", "phone", "email")}
MAX_LENGTHS["username"] = get_user_model()._meta.get_field("username").max_length


@dataclass(slots=True)
class MemberRow:
    line: int
    card_number: str
    full_name: str
    cell_id: int
    role: str
    phone: str
    email: str
    date_of_birth: datetime.date | None
    joined_on: datetime.date | None
    username: str
    password: str


class MemberImport:
    def __init__(self, path, *, show_progress=True):
        self.table = Table(path, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
        self.show_progress = show_progress
        # Columns left out of the file leave those fields as they are.
        self.profile_fields = [name for name in PROFILE_FIELDS if name == "full_name" or self.table.has(name)]
        self.rows = []
        self.existing = None

    # Checking

    def check(self):
        records = progress(self.table, enabled=self.show_progress, description=_("Checking"))
        parsed = []
        errors = []
        for line, record in records:
            row, problems = self._parse(line, record)
            errors += [RowError(line, problem) for problem in problems]
            parsed.append((row, not problems))
        cells = _units_by_code({row.cell_id for row, _ok in parsed if row.cell_id})
        self.existing = ExistingPeople.load(
            card_numbers={row.card_number for row, _ok in parsed if row.card_number},
            usernames={row.username for row, _ok in parsed if row.username},
        )
        first_card_line = {}
        first_username_line = {}
        for row, parsed_cleanly in parsed:
            problems = self._cross_check(row, cells, first_card_line, first_username_line)
            errors += [RowError(row.line, problem) for problem in problems]
            if parsed_cleanly and not problems:
                self.rows.append(row)
        errors.sort(key=lambda error: error.line)
        return errors

    def _parse(self, line, record):
        """The row's own values; `cell_id` holds the cell code until the cross-check."""
        problems = []
        values = {name: _text(record.get(name, "")) for name in ("card_number", "full_name", "phone", "email")}
        for name in ("card_number", "full_name"):
            if not values[name]:
                problems.append(_("missing %(column)s") % {"column": name})
        for name, max_length in MAX_LENGTHS.items():
            value = _text(record.get(name, "")) if name == "username" else values[name]
            if len(value) > max_length:
                problems.append(_("%(column)s longer than %(max)d characters") % {"column": name, "max": max_length})
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problems.append(_("bad email %(value)r") % {"value": values["email"]})
        dates = {}
        for name in ("date_of_birth", "joined_on"):
            try:
                dates[name] = parse_date(record.get(name, ""))
            except ValueError as error:
                problems.append(f"{name}: {error}")
        role = _text(record["role"])
        if role not in CELL_ROLE_KINDS:
            problems.append(
                _("unknown role %(role)r (one of %(roles)s)") % {"role": role, "roles": ", ".join(CELL_ROLE_KINDS)}
            )
        username = _text(record.get("username", ""))
        if username:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                problems.append(_("username %(value)r has characters a login cannot use") % {"value": username})
        cell_code = _text(record["cell_code"])
        if not cell_code:
            problems.append(_("missing cell_code"))
        row = MemberRow(
            line=line,
            card_number=values["card_number"],
            full_name=values["full_name"],
            cell_id=cell_code,
            role=role,
            phone=values["phone"],
            email=values["email"],
            date_of_birth=dates.get("date_of_birth"),
            joined_on=dates.get("joined_on"),
            username=username,
            password=_text(record.get("password", "")),
        )
        return row, problems

    def _cross_check(self, row, cells, first_card_line, first_username_line):
        """Checks against other rows and the database; resolves the cell and the username."""
        problems = []
        cell = cells.get(row.cell_id)
        if row.cell_id and cell is None:
            problems.append(_("unknown cell code %(code)s") % {"code": row.cell_id})
        elif cell is not None and cell[1] != Level.CELL:
            problems.append(
                _("%(code)s is a %(level)s unit, not a cell") % {"code": row.cell_id, "level": Level(cell[1]).label}
            )
        row.cell_id = cell[0] if cell else None
        if not row.card_number:
            return problems
        if row.card_number in first_card_line:
            problems.append(
                _("duplicate card number %(card)s (first on line %(line)d)")
                % {"card": row.card_number, "line": first_card_line[row.card_number]}
            )
            return problems
        first_card_line[row.card_number] = row.line
        person = self.existing.person(row.card_number)
        if person and row.username and row.username != person.username:
            problems.append(
                _("card number %(card)s belongs to the login %(username)s, not %(other)s")
                % {"card": row.card_number, "username": person.username, "other": row.username}
            )
            return problems
        row.username = person.username if person else (row.username or row.card_number)
        if row.username in first_username_line:
            problems.append(
                _("duplicate username %(username)s (first on line %(line)d)")
                % {"username": row.username, "line": first_username_line[row.username]}
            )
            return problems
        first_username_line[row.username] = row.line
        owner = self.existing.username_owner(row.username)
        if owner is not None and owner != row.card_number:
            problems.append(
                _("username %(username)s is already used by another login (%(owner)s)")
                % {"username": row.username, "owner": owner or _("not a party member")}
            )
        if row.password and (person is None or not person.has_usable_password):
            problems += self._password_problems(row)
        return problems

    def _password_problems(self, row):
        user = get_user_model()(username=row.username, email=row.email)
        try:
            password_validation.validate_password(row.password, user)
        except ValidationError as error:
            return [_("weak password: %(reasons)s") % {"reasons": " ".join(error.messages)}]
        return []

    # Writing

    @transaction.atomic
    def write(self):
        today = timezone.localdate()
        counts = {"created": 0, "updated": 0, "moved": 0}
        staff_changed = set()
        rows = progress(self.rows, enabled=self.show_progress, description=_("Writing"), total=len(self.rows))
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == WRITE_CHUNK:
                self._write_chunk(batch, today, counts, staff_changed)
                batch = []
        if batch:
            self._write_chunk(batch, today, counts, staff_changed)
        # Bulk inserts and update() send no signals: rights follow the staff roles here.
        sync_role_groups(staff_changed)
        return _(
            "Members: %(rows)d rows; %(created)d people created, %(updated)d profiles updated, "
            "%(moved)d moved to another cell."
        ) % {**counts, "rows": len(self.rows)}

    def _write_chunk(self, rows, today, counts, staff_changed):
        user_ids = self._write_users(rows)
        person_ids = self._write_persons(rows, user_ids, counts)
        self._write_roles(rows, person_ids, user_ids, today, counts, staff_changed)

    def _write_users(self, rows):
        User = get_user_model()
        new_users = []
        changed_users = []
        for row in rows:
            person = self.existing.person(row.card_number)
            password = None
            if row.password and (person is None or not person.has_usable_password):
                password = make_password(row.password)
            # The login carries the full name, as Person.save keeps it (Wagtail greets and lists by it).
            if person is None:
                new_users.append(
                    new_row(
                        User,
                        username=row.username,
                        email=row.email,
                        first_name=row.full_name,
                        password=password or unusable_password(),
                    )
                )
            elif (
                password
                or ("email" in self.profile_fields and person.user_email != row.email)
                or person.full_name != row.full_name
            ):
                user = User(pk=person.user_id, email=row.email if "email" in self.profile_fields else person.user_email)
                user.password = password or person.password
                user.first_name = row.full_name
                changed_users.append(user)
        insert_rows(User, own_fields(User), new_users, new_ids=True)
        User.objects.bulk_update(changed_users, ["email", "password", "first_name"], batch_size=BULK_BATCH)
        user_ids = {user["username"]: user["id"] for user in new_users}
        for row in rows:
            person = self.existing.person(row.card_number)
            if person is not None:
                user_ids[row.username] = person.user_id
        return user_ids

    def _write_persons(self, rows, user_ids, counts):
        new_persons = []
        changed_persons = []
        for row in rows:
            person = self.existing.person(row.card_number)
            profile = {name: getattr(row, name) for name in self.profile_fields}
            if person is None:
                new_persons.append(
                    new_row(Person, user_id=user_ids[row.username], card_number=row.card_number, **profile)
                )
            elif any(getattr(person, name) != value for name, value in profile.items()):
                changed_persons.append(Person(pk=person.pk, **profile))
        insert_rows(Person, own_fields(Person), new_persons, new_ids=True)
        Person.objects.bulk_update(changed_persons, self.profile_fields, batch_size=BULK_BATCH)
        counts["created"] += len(new_persons)
        counts["updated"] += len(changed_persons)
        person_ids = {person["card_number"]: person["id"] for person in new_persons}
        for row in rows:
            person = self.existing.person(row.card_number)
            if person is not None:
                person_ids[row.card_number] = person.pk
        return person_ids

    def _write_roles(self, rows, person_ids, user_ids, today, counts, staff_changed):
        to_end = []
        to_create = []
        for row in rows:
            person = self.existing.person(row.card_number)
            held = person.cell_roles if person else {}
            wanted = {(row.cell_id, RoleKind.MEMBER)}
            if row.role != RoleKind.MEMBER:
                wanted.add((row.cell_id, row.role))
            ended = [pk for key, pk in held.items() if key not in wanted]
            added = [key for key in wanted if key not in held]
            to_end += ended
            to_create += [
                new_row(Role, person_id=person_ids[row.card_number], unit_id=unit_id, kind=kind, started_on=today)
                for unit_id, kind in added
            ]
            if person and any(kind == RoleKind.MEMBER for _unit, kind in added):
                counts["moved"] += 1
            if any(kind != RoleKind.MEMBER for _unit, kind in added) or any(
                held_kind != RoleKind.MEMBER for (_unit, held_kind), pk in held.items() if pk in ended
            ):
                staff_changed.add(user_ids[row.username])
        # End before creating: one current membership per person is a database constraint.
        for pks in chunks(to_end):
            Role.objects.filter(pk__in=pks).update(ended_on=today)
        insert_rows(Role, own_fields(Role), to_create)
        bump(ROLES)  # update() and bulk inserts send no signals: every cached Scope is read again


def unusable_password():
    """What make_password(None) gives, without its 40 calls to secrets.choice per row."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _text(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _units_by_code(codes):
    found = {}
    for batch in chunks(codes):
        found.update(
            (code, (pk, level))
            for code, pk, level in UnitPage.objects.filter(code__in=batch).values_list("code", "pk", "level")
        )
    return found
