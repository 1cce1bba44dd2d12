"""What a meeting or official document page shows of its comments, for one person, in a fixed
number of queries. Registered as a `handbook_page_context` hook (members.wagtail_hooks), so the
page models never call up into the comments code.

Each cell discusses a document on its own: members read their cell's approved comments and their
own, and secretaries moderate the comments of their cells. A meeting's comments all belong to the
meeting's cell.

What a person is shown is kept in the page cache per person (site_pages.page_cache), under the
page's comments generation (members.comments.generations: a comment written, edited, withdrawn,
moderated or deleted, its author renamed), and under the person's roles: the list depends on whose
comments they moderate.
"""

from members.comments.forms import CommentForm
from members.comments.generations import comments_generation
from members.models import Comment
from members.sessions import person_of
from site_pages.models import MeetingPage, OfficialDocumentPage, UnitPage
from site_pages.page_cache import ROLES, cached, person_generation
from site_pages.visibility import Scope

# Of the author, only the name shown: the kept lists hold no other personal detail (birth date, phone, email).
SHOWN_FIELDS = [*(field.name for field in Comment._meta.concrete_fields), "author__full_name"]


def _shown(page, user, scope, person, discussion_cell_id):
    def read():
        shown = page.comments.shown_to(scope, person, discussion_cell_id)
        return list(shown.select_related("author").only(*SHOWN_FIELDS))

    # The person's roles decide what they read and moderate, and so the discussion's cell on a document.
    comments = cached(
        "comments",
        [ROLES, person_generation(user.pk), comments_generation(page.pk)],
        [page.pk, user.pk or "-"],
        read,
    )
    for comment in comments:
        comment.moderatable = scope.moderates(comment.cell_id)
    return comments


def meeting_comments(meeting, user):
    scope = Scope.for_user(user)
    person = person_of(user) if user.is_authenticated else None
    return {
        "person": person,
        "is_moderator": scope.moderates(meeting.owning_unit_id),
        "comments": _shown(meeting, user, scope, person, meeting.owning_unit_id),
        "comment_form": CommentForm.blank(),
    }


def document_comments(document, user):
    if not user.is_authenticated:
        return {"comments_shown": False}
    scope = Scope.for_user(user)
    person = person_of(user)
    cell = None
    if scope.cell_id:
        # The cell's title and URL only: kept until the tree changes (site_pages.page_cache).
        cell = cached("unit", [], [scope.cell_id], lambda: UnitPage.objects.filter(pk=scope.cell_id).first())
    return {
        "comments_shown": True,
        "person": person,
        "comment_cell": cell,
        "comments": _shown(document, user, scope, person, scope.cell_id),
        "comment_form": CommentForm.blank() if cell is not None else None,
    }


def comments_context(page, request):
    if isinstance(page, MeetingPage):
        return meeting_comments(page, request.user)
    if isinstance(page, OfficialDocumentPage):
        return document_comments(page, request.user)
    return {}
