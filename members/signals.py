"""Members' side of events that happen elsewhere: roles changed by services, the admin's
person form or imports (rights, the held Scope and questions left without answerers follow),
and pages published."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from members.calendar import calendar_generation
from members.comments.generations import comments_changed
from members.models import ROLE_KINDS, CalendarFeed, Comment, Notification, NotificationKind, Person, Role, UnitNotice
from members.notices import announce_after_commit, is_announced, notices_changed, unit_notices_changed
from members.questions.services import mark_published, move_orphaned_questions
from members.rights import sync_role_groups
from members.sessions import end_sessions_of, ends_sessions
from site_pages.models import HandbookPage, MeetingPage, QuestionAnswerPage
from site_pages.page_cache import bump, person_generation
from site_pages.visibility import Scope


@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def sync_rights_with_roles(sender, instance, **kwargs):
    Scope.forget()
    if ends_sessions(instance, created=kwargs.get("created", False), deleted=kwargs["signal"] is post_delete):
        end_sessions_of([instance.person_id])
    # On a cascade from a deleted person the user may already be gone.
    user_id = get_user_model().objects.filter(person__pk=instance.person_id).values_list("pk", flat=True).first()
    if user_id is None:
        return
    bump(person_generation(user_id))  # the cached Scope (site_pages.page_cache)
    if ROLE_KINDS[instance.kind].admin_access:
        sync_role_groups([user_id])


@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def move_questions_left_without_answerers(sender, instance, **kwargs):
    """When an editor's or chief editor's role ends or goes, the unit's open questions move up if
    nobody is left to answer them; checked after the commit, once the whole change is saved (the
    admin's person form ends one role and adds another in one request)."""
    ended = "created" not in kwargs or instance.ended_on is not None
    if ended and ROLE_KINDS[instance.kind].answers_questions:
        unit_id = instance.unit_id
        transaction.on_commit(lambda: move_orphaned_questions([unit_id]))


@receiver(page_published)
def publish_question(sender, instance, **kwargs):
    if isinstance(instance, QuestionAnswerPage):
        mark_published(instance)


@receiver(user_logged_in)
def session_length_by_role(sender, request, user, **kwargs):
    """A member stays logged in for MEMBER_SESSION_DAYS without a visit (issue 11: at sea for weeks, the
    offline pack refreshes and the opinions written offline are sent only within a session); anyone
    who can open the admin keeps the shorter SESSION_COOKIE_AGE. Both slide forward with use
    (cms.middleware.SessionRefreshMiddleware)."""
    if request is None or user.is_staff or user.is_superuser:
        return
    kinds = Role.objects.current().filter(person__user=user).values_list("kind", flat=True)
    if not any(ROLE_KINDS[kind].admin_access for kind in kinds):
        request.session.set_expiry(settings.MEMBER_SESSION_DAYS * 24 * 60 * 60)


@receiver(page_published)
def announce_published_page(sender, instance, **kwargs):
    """Tell the unit's readers of a page, and of a meeting's conclusions, the first time each is
    published. Wagtail sends this signal for a direct publish, a scheduled one and a workflow's
    approval alike; the unique notice row (members.notices.announce_page) makes every later
    publish, revert or approval of the same page silent."""
    if not isinstance(instance, HandbookPage) or not is_announced(instance):
        return
    announce_after_commit(instance)
    if isinstance(instance, MeetingPage) and instance.conclusions_published:
        announce_after_commit(instance, NotificationKind.CONCLUSIONS_PUBLISHED)


@receiver(post_save, sender=Notification)
@receiver(post_delete, sender=Notification)
def new_unread_count_of_person(sender, instance, **kwargs):
    # One notice saved or deleted by itself; members.notifications.deliver bumps for its bulk writes.
    notices_changed([instance.person_id])


@receiver(post_save, sender=UnitNotice)
@receiver(post_delete, sender=UnitNotice)
def new_unread_count_of_readers(sender, instance, **kwargs):
    unit_notices_changed([instance.unit_id])


@receiver(post_save, sender=CalendarFeed)
@receiver(post_delete, sender=CalendarFeed)
def new_calendar_generation(sender, instance, **kwargs):
    bump(calendar_generation(instance.person_id))


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def new_comments_generation(sender, instance, **kwargs):
    # One comment saved or deleted by itself; members.comments.services bumps for its update() calls.
    comments_changed([instance.page_id])


@receiver(post_save, sender=Person)
def new_comments_generation_of_author(sender, instance, created, update_fields=None, **kwargs):
    """Kept comment lists show their authors' names."""
    if not created and (update_fields is None or "full_name" in update_fields):
        commented = instance.comments.values_list("meeting_id", "document_id").distinct()
        comments_changed(meeting_id or document_id for meeting_id, document_id in commented)
