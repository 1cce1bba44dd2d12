"""Admin rights derived from roles: the only code that writes role groups and their permissions.

Rights are carried by Wagtail groups named `role:<kind>:<unit code>`, created on demand with the
page and collection permissions the kind implies (members.models.ROLE_KINDS). Wagtail reads
`GroupPagePermission` directly in several places (explorer, workflow notifications,
`users_with_any_permission`), so real groups keep every part of the admin consistent; nobody
edits these groups by hand. One engine serves one user (a role saved in the admin) and a
province's thousands (imports) alike, in a fixed number of queries per batch.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from members.imports.reading import chunks
from members.models import ROLE_KINDS, Role

ROLE_GROUP_PREFIX = "role:"
ADMIN_ACCESS = ("wagtailadmin", "access_admin")


def role_group_name(kind, unit_code):
    return f"{ROLE_GROUP_PREFIX}{kind}:{unit_code}"


def sync_role_groups(user_ids):
    """Make each user's role groups exactly those implied by their current roles, in a fixed
    number of queries per batch of users."""
    for batch in chunks(user_ids):
        roles = (
            Role.objects.current()
            .with_admin_rights()
            .filter(person__user_id__in=batch)
            .values_list("person__user_id", "kind", "unit_id", "unit__code", "unit__collection_id")
        )
        wanted = {user_id: set() for user_id in batch}
        group_specs = {}
        for user_id, kind, unit_id, unit_code, collection_id in roles:
            name = role_group_name(kind, unit_code)
            wanted[user_id].add(name)
            group_specs[name] = (kind, unit_id, collection_id)
        group_ids = _ensure_groups(group_specs)
        _set_user_groups(wanted, group_ids)


def _ensure_groups(group_specs):
    """Group id by name, creating missing groups with the rights their kind implies."""
    group_ids = dict(Group.objects.filter(name__in=list(group_specs)).values_list("name", "pk"))
    missing = [name for name in group_specs if name not in group_ids]
    if not missing:
        return group_ids
    Group.objects.bulk_create(Group(name=name) for name in missing)
    created = dict(Group.objects.filter(name__in=missing).values_list("name", "pk"))
    group_ids.update(created)
    permissions = _permission_ids()
    Group.permissions.through.objects.bulk_create(
        Group.permissions.through(group_id=pk, permission_id=permissions[ADMIN_ACCESS]) for pk in created.values()
    )
    page_permissions = []
    collection_permissions = []
    for name, group_id in created.items():
        kind, unit_id, collection_id = group_specs[name]
        page_permissions += [
            GroupPagePermission(
                group_id=group_id, page_id=unit_id, permission_id=permissions[("wagtailcore", codename)]
            )
            for codename in ROLE_KINDS[kind].page_permissions
        ]
        if collection_id:
            collection_permissions += [
                GroupCollectionPermission(
                    group_id=group_id, collection_id=collection_id, permission_id=permissions[pair]
                )
                for pair in ROLE_KINDS[kind].collection_permissions
            ]
    GroupPagePermission.objects.bulk_create(page_permissions)
    GroupCollectionPermission.objects.bulk_create(collection_permissions)
    return group_ids


def _permission_ids():
    pairs = {ADMIN_ACCESS}
    for rules in ROLE_KINDS.values():
        pairs |= {("wagtailcore", codename) for codename in rules.page_permissions}
        pairs |= set(rules.collection_permissions)
    condition = Q()
    for app_label, codename in pairs:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(condition).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }


def _set_user_groups(wanted, group_ids):
    membership = get_user_model().groups.through
    held = membership.objects.filter(user_id__in=list(wanted), group__name__startswith=ROLE_GROUP_PREFIX)
    held_pairs = {(user_id, group_id): pk for pk, user_id, group_id in held.values_list("pk", "user_id", "group_id")}
    wanted_pairs = {(user_id, group_ids[name]) for user_id, names in wanted.items() for name in names}
    stale = [pk for pair, pk in held_pairs.items() if pair not in wanted_pairs]
    if stale:
        membership.objects.filter(pk__in=stale).delete()
    membership.objects.bulk_create(
        membership(user_id=user_id, group_id=group_id)
        for user_id, group_id in wanted_pairs
        if (user_id, group_id) not in held_pairs
    )
