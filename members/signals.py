"""Members' side of events that happen elsewhere: roles changed by services, the admin's
person form or imports (rights and the held Scope follow), and meetings published."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from members.models import ROLE_KINDS, Role
from members.notifications import announce_conclusions_once
from members.rights import sync_role_groups
from site_pages.models import MeetingPage
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


@receiver(page_published, sender=MeetingPage)
def announce_published_conclusions(sender, instance, **kwargs):
    """Tell the members, once, the first time the meeting is published with its conclusions."""
    if instance.conclusions_published:
        announce_conclusions_once(instance)
