"""The comment moderation queue in the Wagtail admin: who sees which comments, and the bulk decisions.

Rights come from roles, not groups: a current secretary or deputy of a cell moderates that
cell's comments, on meetings and on official documents alike (Scope.moderated_cell_ids).
Wagtail asks this policy instead of Django model permissions (https://docs.wagtail.org/en/stable/extending/permission_policies.html).
"""

from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import InspectView

from members.admin_display import ReadableInspectMixin
from members.comments.services import (
    REASON_MAX_LENGTH,
    CommentError,
    Decision,
    bulk_moderate,
    can_moderate_comment,
    pending_count,
)
from members.models import Comment, CommentStatus
from site_pages.admin_labels import TranslatedSnippetViewSet
from site_pages.admin_scope import ScopedSnippetChooserViewSet
from site_pages.models import MeetingPage, OfficialDocumentPage
from site_pages.visibility import Scope

MODERATION_ACTIONS = frozenset({"view"})


class CommentModerationPolicy(ModelPermissionPolicy):
    """Moderators may list and inspect; nobody adds, edits or deletes comments in the admin."""

    def _is_moderator(self, user):
        scope = Scope.for_user(user)
        return user.is_active and (scope.everything or bool(scope.moderated_cell_ids))

    def user_has_permission(self, user, action):
        return action in MODERATION_ACTIONS and self._is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_moderate_comment(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Comment.objects.none()
        return Comment.objects.moderated_in(Scope.for_user(user))


def meetings_for_filter(request):
    meetings = MeetingPage.objects.order_by("-starts_at")
    if request is None:
        return meetings.none()
    scope = Scope.for_user(request.user)
    return meetings if scope.everything else meetings.filter(owning_unit_id__in=scope.moderated_cell_ids)


def documents_for_filter(request):
    """Documents with comments to moderate: every cell discusses the same documents."""
    commented = Comment.objects.moderated_in(Scope.for_user(request.user)) if request else Comment.objects.none()
    return OfficialDocumentPage.objects.filter(pk__in=commented.values("document_id")).order_by("-issue_date")


class CommentedPageKind:
    MEETING = "meeting"
    DOCUMENT = "document"
    CHOICES = [(MEETING, _("Meetings")), (DOCUMENT, _("Official documents"))]


class CommentFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("Status"), choices=CommentStatus.choices, empty_label=_("Any status"))
    kind = ChoiceFilter(
        label=_("On"), choices=CommentedPageKind.CHOICES, empty_label=_("Meetings and documents"), method="filter_kind"
    )
    meeting = ModelChoiceFilter(label=_("Meeting"), queryset=meetings_for_filter)
    document = ModelChoiceFilter(label=_("Official document"), queryset=documents_for_filter)
    created_at = DateFromToRangeFilter(label=_("Sent"), widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = []

    def filter_kind(self, queryset, name, value):
        if value == CommentedPageKind.MEETING:
            return queryset.filter(meeting__isnull=False)
        return queryset.filter(document__isnull=False)


class ScopedInspectView(ReadableInspectMixin, InspectView):
    def get_object(self, queryset=None):
        comment = super().get_object(queryset)
        if not can_moderate_comment(self.request.user, comment):
            raise Http404
        return comment


class CommentViewSet(TranslatedSnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments to moderate")
    menu_name = "comment-moderation"
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "members/comments"
    list_display = ["__str__", "author", "page", "cell", "status", "created_at"]
    list_filter = None
    filterset_class = CommentFilterSet
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = ScopedInspectView
    chooser_viewset_class = ScopedSnippetChooserViewSet
    inspect_view_fields = [
        "body",
        "author",
        "page",
        "cell",
        "status",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "reply",
        "created_at",
    ]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return (
            Comment.objects.moderated_in(Scope.for_user(request.user))
            .select_related("author", "meeting", "document", "cell")
            .order_by("-created_at")
        )


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the authors)"), required=False, max_length=REASON_MAX_LENGTH, widget=forms.Textarea
    )


class CommentModerationBulkAction(SnippetBulkAction):
    """Approve, reject or hide all the chosen comments, or none (members.comments.bulk_moderate)."""

    models = [Comment]
    form_class = ModerationReasonForm
    template_name = "members/bulk_actions/confirm_moderation.html"
    decision = None

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(Comment.objects.filter(pk__in=object_ids).select_related("meeting", "document", "author"))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    def check_perm(self, comment):
        return can_moderate_comment(self.request.user, comment)

    def form_valid(self, form):
        objects, without_access = self.get_actionable_objects()
        chosen = objects + without_access["items_with_no_access"]
        try:
            decided = bulk_moderate(chosen, self.request.user, self.decision, form.cleaned_data["reason"])
        except CommentError as error:
            messages.error(self.request, str(error))
            return redirect(self.next_url)
        messages.success(self.request, self.success_message(len(decided)))
        return redirect(self.next_url)


class ApproveCommentsBulkAction(CommentModerationBulkAction):
    display_name = _("Approve")
    action_type = "approve_comments"
    aria_label = _("Approve the selected comments")
    decision = Decision.APPROVE
    action_priority = 10

    def success_message(self, count):
        return ngettext("%(count)d comment approved.", "%(count)d comments approved.", count) % {"count": count}


class RejectCommentsBulkAction(CommentModerationBulkAction):
    display_name = _("Reject")
    action_type = "reject_comments"
    aria_label = _("Reject the selected comments")
    decision = Decision.REJECT
    action_priority = 20

    def success_message(self, count):
        return ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count) % {"count": count}


class HideCommentsBulkAction(CommentModerationBulkAction):
    display_name = _("Hide")
    action_type = "hide_comments"
    aria_label = _("Hide the selected comments")
    decision = Decision.HIDE
    action_priority = 30

    def success_message(self, count):
        return ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count) % {"count": count}


BULK_ACTIONS = [ApproveCommentsBulkAction, RejectCommentsBulkAction, HideCommentsBulkAction]


class PendingCommentsPanel(Component):
    """The dashboard's count of comments waiting in the cells the person moderates."""

    name = "pending_comments"
    order = 50
    template_name = "members/_pending_comments_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "queue_url": reverse("wagtailsnippets_members_comment:list") + "?status=pending"}


def add_pending_comments_panel(request, panels):
    count = pending_count(request.user)
    if count is not None:
        panels.append(PendingCommentsPanel(count))
