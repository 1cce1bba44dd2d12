"""Labels of Wagtail's snippet screens, read in each reader's language.

Wagtail 8.0.1 turns a few of them into text once per process (`gettext` where `gettext_lazy` was
meant), so they kept whichever language was active at that moment: a chooser's title "Choose" when
`wagtail.admin.viewsets.chooser` is imported, and a snippet viewset's breadcrumb "Home" (and
"Snippets") when the URLconf builds its views. The same labels, lazy, are translated on each
request instead.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet


class TranslatedSnippetViewSet(SnippetViewSet):
    @property
    def breadcrumbs_items(self):
        # Wagtail's items are "Home", then "Snippets" where the snippet has no menu item of its own.
        labels = (_("Home"), _("Snippets"))
        return [{**item, "label": label} for item, label in zip(super().breadcrumbs_items, labels, strict=False)]


class TranslatedSnippetChooserViewSet(SnippetChooserViewSet):
    # The modal's title. The widget's own labels ("Choose <model>", ...) are made per form by
    # AdminSnippetChooser, and the "Search" tab shows only beside a "Create" tab, which ours lack.
    choose_one_text = _("Choose")
