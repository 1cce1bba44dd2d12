"""The comments part of an official document page for one person, in a fixed number of queries.

Each cell discusses a document on its own: members read their cell's approved comments and
their own, and secretaries moderate the comments of their cells (members.comments).
"""

from members.comment_forms import CommentForm
from members.models import Comment, Person
from members.services import current_cell
from site_pages.visibility import Scope


def document_page_context(document, request):
    user = request.user
    if not user.is_authenticated:
        return {"comments_shown": False}
    person = Person.objects.filter(user=user).first()
    cell = current_cell(person) if person is not None else None
    scope = Scope.for_user(user)
    comments = list(
        Comment.objects.filter(document=document)
        .shown_to(scope, person, cell.pk if cell is not None else None)
        .select_related("author")
    )
    for comment in comments:
        comment.moderatable = scope.moderates(comment.cell_id)
    return {
        "comments_shown": True,
        "person": person,
        "comment_cell": cell,
        "comments": comments,
        "comment_form": CommentForm.blank() if cell is not None else None,
    }
