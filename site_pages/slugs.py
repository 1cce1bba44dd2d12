"""Page addresses from Vietnamese titles, alike on the server and in the admin's live slug field.

The one rule is `search.folding.vietnamese_slug`. The admin's slug input (Wagtail's `w-slug`
controller) transliterates with character maps that have no Vietnamese (`ị`, `ế` vanish, `đ`
becomes `dj`), so the input is given the same folding as `formatters`, regex replacements the
controller runs before its own (`wagtail.admin.widgets.SlugInput(formatters=…)`, Wagtail 6.4+). They
are data attributes, so the admin's content policy is untouched.
"""

import unicodedata
from collections import defaultdict

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.widgets import SlugInput

from search.folding import fold, vietnamese_slug

_VOWELS = "aăâeêioôơuưy"
# Level, grave, acute, hook above, tilde, dot below: the six tones.
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _vietnamese_letters():
    lower = {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES} | {"đ"}
    return sorted(lower | {letter.upper() for letter in lower})


def _formatters():
    """One `[…]` → letter replacement per plain letter, from the folding itself."""
    by_plain = defaultdict(str)
    for letter in _vietnamese_letters():
        if fold(letter) != letter.lower():
            by_plain[fold(letter)] += letter
    return [(f"[{letters}]", plain) for plain, letters in sorted(by_plain.items())]


SLUG_FORMATTERS = _formatters()


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input with Vietnamese letters folded first (registered for every SlugField
    by site_pages.apps)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters=formatters or SLUG_FORMATTERS, locale=locale)


def free_slug(parent_page, title, page=None):
    """The address of `title` under `parent_page`, with `-2`, `-3`… when a sibling (other than
    `page`) has it already; empty when the title has no letter or digit to keep."""
    base = vietnamese_slug(title)
    if not base:
        return ""
    siblings = parent_page.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


class HandbookPageForm(WagtailAdminPageForm):
    """The admin's page form, with the slug optional: left empty (no JavaScript, or typed away),
    it is derived from the title here as the live slug field would have done."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        title = self.cleaned_data.get("title")
        if not self.cleaned_data.get("slug") and title:
            self.cleaned_data["slug"] = free_slug(self.parent_page, title, page=self.instance)
        return super().clean()


class HandbookCopyForm(CopyForm):
    """Wagtail's "copy page" form with the page form's slug rules (Wagtail builds its slug field with
    a plain SlugInput, outside the field overrides): the new slug follows the new title as it is
    typed and folds Vietnamese letters; left empty, it is derived from the new title here, under
    the parent the copy goes to. Given to every page type as `copy_form_class`, which Wagtail's copy
    view asks for."""

    # The title field's sync with the slug field, as Wagtail's TitleFieldPanel gives the page editor.
    TITLE_SYNC = {
        "data-controller": "w-sync",
        "data-action": "focus->w-sync#check blur->w-sync#apply change->w-sync#apply keyup->w-sync#apply",
        "data-w-sync-target-value": "#id_new_slug",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_title"].widget.attrs.update(self.TITLE_SYNC)
        slug = self.fields["new_slug"]
        slug.widget = VietnameseSlugInput(locale=self.page.locale)
        slug.required = False

    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("new_title")
        if title and not cleaned_data.get("new_slug") and "new_slug" not in self.errors:
            parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
            cleaned_data["new_slug"] = free_slug(parent, title)
        return cleaned_data
