from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from members.comments.admin import BULK_ACTIONS, CommentModerationPolicy, CommentViewSet, add_pending_comments_panel
from members.comments.context import comments_context
from members.comments.services import LOG_ACTIONS
from members.models import Comment, Person
from members.people_admin import PersonViewSet, person_policy
from site_pages.models.base import PAGE_CONTEXT_HOOK

# People (members.people_admin): unit staff manage the profiles of the people in their units.
register_permission_policy(Person, person_policy)
register_snippet(PersonViewSet)


# Comment moderation (members.comments.admin): its own viewset, menu item, bulk actions and log actions.
register_permission_policy(Comment, CommentModerationPolicy(Comment))
register_snippet(CommentViewSet)
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
hooks.register("construct_homepage_panels", add_pending_comments_panel)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register(PAGE_CONTEXT_HOOK)
def add_comments(page, request):
    return comments_context(page, request)
