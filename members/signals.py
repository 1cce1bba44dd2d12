"""Roles change through services, the admin's person form and imports alike; whichever
path saved or deleted a staff role, the holder's rights follow."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from members.models import Role
from members.services import sync_role_groups


@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def sync_rights_with_roles(sender, instance, **kwargs):
    if instance.kind not in Role.STAFF_KINDS:
        return
    # On a cascade from a deleted person the user may already be gone.
    user = get_user_model().objects.filter(person__pk=instance.person_id).first()
    if user is not None:
        sync_role_groups(user)
