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
# Typed as day/month/year (cms/formats) rather than the phone's date picker, which shows the phone's own
# order (month first on the many phones set to English): README, "Dates and numbers".
DATE_HELP = _("Day/month/year, for example 31/03/2026.")
BAD_DATE = _("Enter a date as day/month/year, for example 31/03/2026.")
DATE_WIDGET_ATTRS = {"autocomplete": "off", "size": 10}


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
        widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS),
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        help_text=DATE_HELP,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS),
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
