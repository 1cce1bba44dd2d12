"""Forms of the meeting page. They carry only what the person typed: author, meeting and
status always come from the session and the URL."""

import uuid
from datetime import UTC, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from members.comments.services import REASON_MAX_LENGTH, Decision
from members.models import COMMENT_MAX_LENGTH
from site_pages.fragments import fragment_key

# Django's forms refuse NUL, which no PostgreSQL text column holds; said here in words a member reads.
NUL_REFUSED = {
    "null_characters_not_allowed": _(
        "The text contains an invisible control character (NUL) that cannot be saved. Type it again."
    )
}


# Length and emptiness of the text are checked by members.comments.clean_body, the one place.
class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages=NUL_REFUSED,
    )
    # Generated here for each rendered form; the offline queue may set its own (see DESIGN.md).
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    # Sent only by the offline queue: when the opinion was written, in milliseconds since 1970.
    written_at = forms.IntegerField(required=False, min_value=0, max_value=2**53, widget=forms.HiddenInput)

    def clean_written_at(self):
        milliseconds = self.cleaned_data["written_at"]
        return None if milliseconds is None else datetime.fromtimestamp(milliseconds / 1000, tz=UTC)

    @classmethod
    def blank(cls, label=None):
        """An empty form with a fresh token; `label` names the text box where the page needs its own
        words. Its label and text box are the same for everyone: kept as a part of the page
        (site_pages.fragments) under `fragment_key`, outside of which stay the token and the CSRF field."""
        form = cls(initial={"client_token": uuid.uuid4()})
        if label is not None:
            form.fields["body"].label = label
        form.fragment_key = fragment_key("comment-form", [], "own-label" if label is not None else "field-label")
        return form


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages=NUL_REFUSED,
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Decision.APPROVE, _("Approve")),
            (Decision.REJECT, _("Reject")),
            (Decision.HIDE, _("Hide")),
        ]
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX_LENGTH}),
        error_messages=NUL_REFUSED,
    )
    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages=NUL_REFUSED,
    )
