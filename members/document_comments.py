"""The comments part of an official document page for one person, in a fixed number of queries.

Each cell discusses a document on its own: members read their cell's approved comments and
their own, and secretaries moderate the comments of their cells (members.comments).
"""

from django.db.models import Q

from members.comment_forms import CommentForm
from members.comments import moderated_unit_ids
from members.models import Comment, CommentStatus, Person
from members.services import current_cell


def visible_document_comments(document, person, cell, moderated_ids):
    """Approved comments of `cell`, `person`'s own, and every comment of the moderated cells
    (`moderated_ids` None: all cells). Withdrawn comments are shown to nobody."""
    if moderated_ids is None:
        shown = Q()
    else:
        shown = Q(cell_id__in=moderated_ids)
        if cell is not None:
            shown |= Q(cell=cell, status=CommentStatus.APPROVED)
        if person is not None:
            shown |= Q(author=person)
    return (
        Comment.objects.filter(document=document)
        .exclude(status=CommentStatus.WITHDRAWN)
        .filter(shown)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def document_page_context(document, request):
    user = request.user
    if not user.is_authenticated:
        return {"comments_shown": False}
    person = Person.objects.filter(user=user).first()
    cell = current_cell(person) if person is not None else None
    moderated_ids = moderated_unit_ids(user)
    comments = list(visible_document_comments(document, person, cell, moderated_ids))
    for comment in comments:
        comment.moderatable = moderated_ids is None or comment.cell_id in moderated_ids
    return {
        "comments_shown": True,
        "person": person,
        "comment_cell": cell,
        "comments": comments,
        "comment_form": CommentForm.blank() if cell is not None else None,
    }
