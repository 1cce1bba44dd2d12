from django.http import Http404

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from members.comments import LOG_ACTIONS
from members.models import Comment, Person
from members.moderation_admin import BULK_ACTIONS, CommentModerationPolicy, CommentViewSet
from members.people_admin import PersonViewSet, person_policy
from site_pages.models import MeetingPage
from site_pages.visibility import can_view

# People (members.people_admin): unit staff manage the profiles of the people in their units.
register_permission_policy(Person, person_policy)
register_snippet(PersonViewSet)


# Comment moderation (members.moderation_admin): its own viewset, menu item, bulk actions and log actions.
register_permission_policy(Comment, CommentModerationPolicy(Comment))
register_snippet(CommentViewSet)
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("before_serve_document")
def hold_back_unreleased_meeting_documents(document, request):
    """A meeting's study file waits for the meeting's release time, even for members who may
    otherwise read it. Who may read it at all is site_pages' document rule (site_pages.documents)."""
    meetings = MeetingPage.objects.filter(study_documents__document=document).distinct()
    readable = [meeting for meeting in meetings if can_view(request.user, meeting)]
    if readable and not any(meeting.documents_visible_to(request.user) for meeting in readable):
        raise Http404
