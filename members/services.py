"""Acting on people and roles. The admin rights a role implies follow it through
members.signals and members.rights."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.models import Person, Role, RoleKind


@transaction.atomic
def grant_role(person, unit, kind, *, on=None):
    role, _created = Role.objects.get_or_create(
        person=person, unit=unit, kind=kind, ended_on=None, defaults={"started_on": on or timezone.localdate()}
    )
    return role


@transaction.atomic
def end_role(role, *, on=None):
    role.ended_on = on or timezone.localdate()
    role.save(update_fields=["ended_on"])


@transaction.atomic
def transfer_member(person, cell, *, on=None):
    """Move `person` to `cell`; the membership in the previous cell stays as history."""
    on = on or timezone.localdate()
    current = Role.objects.current().filter(person=person, kind=RoleKind.MEMBER).first()
    if current and current.unit_id == cell.pk:
        return current
    if current:
        end_role(current, on=on)
    return Role.objects.create(person=person, unit=cell, kind=RoleKind.MEMBER, started_on=on)


def current_cell(person):
    role = Role.objects.current().filter(person=person, kind=RoleKind.MEMBER).select_related("unit").first()
    return role.unit if role else None


def create_login(*, username, email="", password=None):
    """A login; without a password it waits for activation (`manage.py activation_links`)."""
    user = get_user_model()(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def create_person(*, card_number, full_name, username=None, password=None, **profile):
    user = create_login(username=username or card_number, email=profile.get("email", ""), password=password)
    return Person.objects.create(user=user, card_number=card_number, full_name=full_name, **profile)
