from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from members import second_factor
from members.comments.admin import BULK_ACTIONS, CommentModerationPolicy, CommentViewSet, add_pending_comments_panel
from members.comments.context import comments_context
from members.comments.services import LOG_ACTIONS
from members.engagement_admin import LOG_ACTIONS as ENGAGEMENT_LOG_ACTIONS
from members.engagement_admin import EngagementReportView, engagement_menu_item
from members.models import Comment, Person, Question
from members.people_admin import PersonViewSet, person_policy
from members.questions.admin import QuestionAnsweringPolicy, QuestionViewSet
from members.questions.services import LOG_ACTIONS as QUESTION_LOG_ACTIONS
from members.reach import LOG_ACTIONS as REACH_LOG_ACTIONS
from members.reach import reach_context
from members.reading import record_open, should_record
from site_pages.models import HandbookPage
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

# Members' questions (members.questions.admin): the queue of the units a person answers for.
register_permission_policy(Question, QuestionAnsweringPolicy(Question))
register_snippet(QuestionViewSet)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    logged = LOG_ACTIONS | REACH_LOG_ACTIONS | ENGAGEMENT_LOG_ACTIONS | QUESTION_LOG_ACTIONS | second_factor.LOG_ACTIONS
    for action, (label, message) in logged.items():
        actions.register_action(action, label, message)


@hooks.register(PAGE_CONTEXT_HOOK)
def add_comments(page, request):
    return comments_context(page, request)


@hooks.register(PAGE_CONTEXT_HOOK)
def add_reach(page, request):
    return reach_context(page, request)


# Reading records (members.reading). Order 1: after the visibility checks of site_pages.wagtail_hooks
# (order 0), which answer 404 or the login page first, so only what the person may see is recorded.
@hooks.register("before_serve_page", order=1)
def record_page_open(page, request, serve_args, serve_kwargs):
    if isinstance(page, HandbookPage) and should_record(request):
        record_open(request.user, page=page)


@hooks.register("before_serve_document", order=1)
def record_document_download(document, request):
    if should_record(request):
        record_open(request.user, document=document)


# The engagement report (members.engagement_admin).
@hooks.register("register_admin_urls")
def engagement_report_urls():
    return [
        path("reports/engagement/", EngagementReportView.as_view(), name="engagement_report"),
        path(
            "reports/engagement/results/",
            EngagementReportView.as_view(results_only=True),
            name="engagement_report_results",
        ),
    ]


hooks.register("register_reports_menu_item", engagement_menu_item)


# The admin readable on a secretary's phone (static/css/admin.css).
@hooks.register("insert_global_admin_css")
def phone_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
