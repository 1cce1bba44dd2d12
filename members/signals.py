"""Roles change through services, the admin's person form and imports alike; whichever
path saved or deleted a role, the holder's rights and held Scope follow."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from members.models import ROLE_KINDS, Role
from members.rights import sync_role_groups
from site_pages.visibility import Scope


@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def sync_rights_with_roles(sender, instance, **kwargs):
    Scope.forget()
    if not ROLE_KINDS[instance.kind].admin_access:
        return
    # On a cascade from a deleted person the user may already be gone.
    user_id = get_user_model().objects.filter(person__pk=instance.person_id).values_list("pk", flat=True).first()
    if user_id is not None:
        sync_role_groups([user_id])
