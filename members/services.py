"""Acting on people and roles. Admin rights are derived from roles here and nowhere else.

Rights are carried by Wagtail groups named `role:<kind>:<unit code>`, created on demand
with their page and collection permissions. Wagtail reads `GroupPagePermission` directly
in several places (explorer, workflow notifications, `users_with_any_permission`), so
real groups keep every part of the admin consistent; nobody edits these groups by hand.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from members.models import Person, Role, RoleKind

ROLE_GROUP_PREFIX = "role:"
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


@dataclass(frozen=True)
class RoleRights:
    page_permissions: tuple


# Editors write and submit; publishing is for those who approve (see the workflow tasks).
ROLE_RIGHTS = {
    RoleKind.SECRETARY: RoleRights(("add_page", "change_page", "publish_page", "lock_page", "unlock_page")),
    RoleKind.DEPUTY_SECRETARY: RoleRights(("add_page", "change_page", "publish_page", "lock_page", "unlock_page")),
    RoleKind.EDITOR: RoleRights(("add_page", "change_page")),
    RoleKind.CHIEF_EDITOR: RoleRights(("add_page", "change_page", "publish_page", "lock_page", "unlock_page")),
}


def role_group_name(kind, unit_code):
    return f"{ROLE_GROUP_PREFIX}{kind}:{unit_code}"


def _permissions(pairs):
    lookup = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _app, codename in pairs]
        )
    }
    return [lookup[pair] for pair in pairs]


def ensure_role_group(kind, unit):
    """The group carrying the rights of `kind` on `unit`, created with its permissions."""
    group, created = Group.objects.get_or_create(name=role_group_name(kind, unit.code))
    if created:
        group.permissions.add(*_permissions([ADMIN_ACCESS]))
        page_permissions = _permissions([("wagtailcore", codename) for codename in ROLE_RIGHTS[kind].page_permissions])
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=unit.pk, permission=permission) for permission in page_permissions
        )
        if unit.collection_id:
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(group=group, collection_id=unit.collection_id, permission=permission)
                for permission in _permissions(COLLECTION_PERMISSIONS)
            )
    return group


def sync_role_groups(user):
    """Make `user`'s role groups exactly those implied by their current staff roles."""
    roles = Role.objects.current().staff().filter(person__user=user).select_related("unit")
    wanted = {ensure_role_group(role.kind, role.unit) for role in roles}
    held = set(user.groups.filter(name__startswith=ROLE_GROUP_PREFIX))
    user.groups.remove(*(held - wanted))
    user.groups.add(*(wanted - held))
    if hasattr(user, "_handbook_scope"):
        del user._handbook_scope


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
