"""What a meeting page shows to one person, in a fixed number of queries."""

from django.utils import timezone

from members.comment_forms import CommentForm, EditCommentForm, ModerationForm
from members.comments import can_moderate
from members.models import Comment, Person
from site_pages.models import HandbookPage, MeetingDocument, MeetingReading
from site_pages.visibility import Scope


def study_material(meeting, user):
    """Files and linked official documents of `meeting`, the links limited to pages `user` may read."""
    documents = MeetingDocument.objects.filter(page=meeting).select_related("document").order_by("sort_order")
    readable = HandbookPage.objects.visible_to(user).values("pk")
    links = (
        MeetingReading.objects.filter(page=meeting, target__in=readable)
        .select_related("target", "target__owning_unit")
        .order_by("sort_order")
    )
    return list(documents), list(links)


def meeting_page_context(meeting, request):
    user = request.user
    now = timezone.now()
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    moderator = can_moderate(user, meeting)
    documents_visible = meeting.documents_visible_to(user, now)
    documents, links = study_material(meeting, user) if documents_visible else ([], [])
    context = {
        "now": now,
        "person": person,
        "is_moderator": moderator,
        "documents_visible": documents_visible,
        "study_documents": documents,
        "study_links": links,
        "comments": list(
            Comment.objects.filter(meeting=meeting)
            .shown_to(Scope.for_user(user), person, meeting.owning_unit_id)
            .select_related("author")
        ),
        "comments_open": meeting.comments_open(now),
        "comment_form": CommentForm.blank(),
        "edit_form": EditCommentForm(),
        "moderation_form": ModerationForm(),
    }
    if meeting.conclusions_published:
        context["attendance"] = list(meeting.attendance.select_related("person").order_by("sort_order"))
        context["tasks"] = list(meeting.tasks.select_related("assignee").order_by("sort_order"))
    return context
