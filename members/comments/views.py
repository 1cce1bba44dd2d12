"""The member-facing comment doors: send, edit, withdraw, and moderate from the page on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.comments.forms import CommentForm, EditCommentForm, ModerationForm
from members.comments.services import (
    CommentError,
    Decision,
    can_moderate_comment,
    edit_own_comment,
    moderate,
    submit_comment,
    withdraw_own_comment,
)
from members.models import Comment, Person
from site_pages.models import MeetingPage, OfficialDocumentPage
from site_pages.visibility import can_view


def _live_page_or_404(model, user, page_id):
    """A live page `user` may read; anyone else gets the same 404 as for a missing one."""
    page = get_object_or_404(model.objects.live().select_related("owning_unit"), pk=page_id)
    if not can_view(user, page):
        raise Http404
    return page


def _comment_or_404(user, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("meeting", "document", "author"), pk=comment_id)
    if not comment.page.live or not can_view(user, comment.page):
        raise Http404
    return comment


def _own_comment_or_404(user, comment_id):
    """Someone else's comment gets the same 404 as a missing one: nothing reveals it exists."""
    comment = _comment_or_404(user, comment_id)
    if comment.author.user_id != user.pk:
        raise Http404
    return comment


def _back_to(page, anchor="comments"):
    return redirect(f"{page.url}#{anchor}")


def _typed_text_error(form, *names):
    """The error on a field the person typed into (a NUL character, say), or None: the other
    fields are the page's own, and their errors get a message of their own."""
    return next((form.errors[name][0] for name in names if name in form.errors), None)


def _wants_json(request):
    """The phone's queue of opinions written offline (static/js/app.js) asks for JSON."""
    return request.headers.get("Accept") == "application/json"


def _submit(request, page):
    person = get_object_or_404(Person, user=request.user)
    form = CommentForm(request.POST)
    error = None
    if not form.is_valid():
        error = _typed_text_error(form, "body") or _(
            "The form has expired. Reload the page and send your comment again."
        )
    else:
        try:
            comment, created = submit_comment(
                page,
                person,
                form.cleaned_data["body"],
                form.cleaned_data["client_token"],
                written_at=form.cleaned_data["written_at"],
            )
        except CommentError as refusal:
            error = str(refusal)
    if error is not None:
        if _wants_json(request):
            return JsonResponse({"error": error}, status=409)
        messages.error(request, error)
        return _back_to(page)
    if created:
        # Shown beside the comment the redirect scrolls to, where the eye is (components/_comment.html).
        messages.success(
            request, _("Comment sent. Others will see it once the secretary approves it."), extra_tags=comment.anchor
        )
    if _wants_json(request):
        # Sent again from the queue, the same token names the same comment: stored once.
        return JsonResponse({"url": f"{page.url}#{comment.anchor}", "status": comment.status, "created": created})
    return _back_to(page, comment.anchor)


@login_required
@require_POST
def comment_submit(request, meeting_id):
    return _submit(request, _live_page_or_404(MeetingPage, request.user, meeting_id))


@login_required
@require_POST
def document_comment_submit(request, document_id):
    return _submit(request, _live_page_or_404(OfficialDocumentPage, request.user, document_id))


@login_required
@require_POST
def comment_edit(request, comment_id):
    comment = _own_comment_or_404(request.user, comment_id)
    person = get_object_or_404(Person, user=request.user)
    form = EditCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _typed_text_error(form, "body"))
        return _back_to(comment.page, f"comment-{comment.pk}")
    try:
        edit_own_comment(comment, person, form.cleaned_data["body"])
    except CommentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your comment was saved."))
    return _back_to(comment.page, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_withdraw(request, comment_id):
    comment = _own_comment_or_404(request.user, comment_id)
    person = get_object_or_404(Person, user=request.user)
    try:
        withdraw_own_comment(comment, person)
    except CommentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your comment was withdrawn."))
    return _back_to(comment.page)


DECISION_DONE = {
    Decision.APPROVE: lambda: _("Approved: the other members see it now, and the author is notified."),
    Decision.REJECT: lambda: _("Rejected: only the author sees it, with your reason."),
    Decision.HIDE: lambda: _("Hidden from the other members; the author is notified with your reason."),
}


@login_required
@require_POST
def comment_moderate(request, comment_id):
    comment = _comment_or_404(request.user, comment_id)
    if not can_moderate_comment(request.user, comment):
        raise Http404
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _typed_text_error(form, "reason", "reply") or _("Choose approve, reject or hide."))
        return _back_to(comment.page, f"comment-{comment.pk}")
    data = form.cleaned_data
    try:
        moderate(comment, request.user, data["decision"], data["reason"], data["reply"])
    except CommentError as error:
        messages.error(request, str(error))
    else:
        # Said beside the comment, where the secretary's eye is (components/_comment.html).
        messages.success(request, DECISION_DONE[data["decision"]](), extra_tags=comment.anchor)
    return _back_to(comment.page, f"comment-{comment.pk}")
