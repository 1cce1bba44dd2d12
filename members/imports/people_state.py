"""What the database already holds about the people in an import file, in a few batched queries."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable

from members.imports.reading import chunks
from members.models import Person, Role, kinds_where


@dataclass(slots=True)
class KnownPerson:
    pk: int
    user_id: int
    username: str
    user_email: str
    password: str
    full_name: str
    phone: str
    email: str
    date_of_birth: datetime.date | None
    joined_on: datetime.date | None
    # Current cell roles: (unit id, kind) -> role id.
    cell_roles: dict = field(default_factory=dict)

    @property
    def has_usable_password(self):
        return is_password_usable(self.password)


class ExistingPeople:
    def __init__(self, persons, username_owners):
        self._persons = persons
        self._username_owners = username_owners

    @classmethod
    def load(cls, *, card_numbers, usernames):
        persons = {}
        for batch in chunks(card_numbers):
            for pk, card_number, *values in Person.objects.filter(card_number__in=batch).values_list(
                "pk",
                "card_number",
                "user_id",
                "user__username",
                "user__email",
                "user__password",
                "full_name",
                "phone",
                "email",
                "date_of_birth",
                "joined_on",
            ):
                persons[card_number] = KnownPerson(pk, *values)
        by_pk = {person.pk: person for person in persons.values()}
        for batch in chunks(by_pk):
            for pk, person_id, unit_id, kind in (
                Role.objects.current()
                .filter(person_id__in=batch, kind__in=kinds_where(lambda rules: rules.cell_only))
                .values_list("pk", "person_id", "unit_id", "kind")
            ):
                by_pk[person_id].cell_roles[(unit_id, kind)] = pk
        # A new person's login defaults to the card number, so those names are checked too.
        owners = {}
        for batch in chunks(set(usernames) | set(card_numbers)):
            owners.update(
                (username, card_number or "")
                for username, card_number in get_user_model()
                .objects.filter(username__in=batch)
                .values_list("username", "person__card_number")
            )
        return cls(persons, owners)

    def person(self, card_number):
        return self._persons.get(card_number)

    def username_owner(self, username):
        """The card number holding `username`, "" for a login without a person, None if free."""
        return self._username_owners.get(username)
