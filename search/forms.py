from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from site_pages.models import Level, MeetingPage, NewsArticlePage, OfficialDocumentPage, QuestionAnswerPage

# The page types a member can narrow a search to, by the value sent in `type`.
PAGE_TYPES = {
    "document": OfficialDocumentPage,
    "news": NewsArticlePage,
    "meeting": MeetingPage,
    "qa": QuestionAnswerPage,
}

TYPE_CHOICES = [(key, capfirst(model._meta.verbose_name)) for key, model in PAGE_TYPES.items()]
DATE_HELP = _("For example 2026-03-31.")
BAD_DATE = _("Enter a valid date, for example 2026-03-31.")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to find"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *TYPE_CHOICES],
    )
    published_from = forms.DateField(
        label=_("Published from"),
        required=False,
        help_text=DATE_HELP,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        help_text=DATE_HELP,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("published_from"), cleaned_data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", _("The end date must not be before the start date."))
        return cleaned_data

    def has_criteria(self):
        """Something to look for: words or at least one filter."""
        return any(self.cleaned_data.values())
