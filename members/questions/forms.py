"""The member's question form. It carries only what the person typed and chose: the asker always
comes from the session, and the units offered from their own chain (services.askable_units)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from members.comments.forms import NUL_REFUSED
from members.models import QUESTION_MAX_LENGTH


class QuestionForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("To"),
        coerce=int,
        error_messages={
            "required": _("Choose the unit your question is for."),
            "invalid_choice": _("Choose one of the units offered: questions go to your own ward, province or above."),
        },
    )
    # Length and emptiness are checked by members.questions.services.ask, the one place.
    text = forms.CharField(
        label=_("Your question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": QUESTION_MAX_LENGTH}),
        error_messages=NUL_REFUSED,
    )
    may_show_name = forms.BooleanField(label=_("My name may be shown if the answer is published"), required=False)
    # Generated for each rendered form: a resent form (double tap, flaky network) asks once.
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.title) for unit in units]

    @classmethod
    def blank(cls, units):
        return cls(units=units, initial={"client_token": uuid.uuid4()})
