"""Index pages of a unit: its official documents, its news and its answers to members' questions, newest first.

An index lists what its unit issues (pages owned by the index's owning unit), wherever
they sit in the unit's subtree: directly under the unit page or under the index.
Each listing costs the same few queries whatever the number of items (tests/site_pages/test_listings.py).
"""

from datetime import MAXYEAR, MINYEAR

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from .base import HandbookPage, HandbookPageManager
from .documents import DocumentKind, OfficialDocumentPage
from .news import NewsArticlePage
from .questions import QuestionAnswerPage
from .units import UNIT_PAGE_TYPES, Level

PAGE_SIZE = 20

# Where an item comes from, as a member reads it: a member only ever sees their own cell's pages.
SOURCE_LABELS = {
    Level.CENTRAL: _("From the central committee"),
    Level.PROVINCE: _("From the province"),
    Level.WARD: _("From the ward"),
    Level.CELL: _("From your cell"),
}


def source_label(page):
    """The "from the central / province / ward / your cell" label; needs owning_unit loaded."""
    return SOURCE_LABELS.get(page.owning_unit.level, "") if page.owning_unit_id else ""


def _year_or_none(value):
    """A year a date can have; Django builds the dates of a `__year` lookup and fails on any other."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if MINYEAR <= year <= MAXYEAR else None


class UnitIndexMixin:
    """A paginated listing of one model's pages owned by this index's unit, filterable by year."""

    listing_model = None
    date_field = None
    kind_choices = ()

    def listing_queryset(self, user):
        return (
            self.listing_model.objects.visible_to(user)
            .filter(owning_unit_id=self.owning_unit_id)
            .select_related("owning_unit")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.listing_queryset(request.user)
        years = [day.year for day in items.dates(self.date_field, "year", order="DESC")]
        year = _year_or_none(request.GET.get("year"))
        if year is not None:
            items = items.filter(**{f"{self.date_field}__year": year})
        kind = request.GET.get("kind")
        if kind in dict(self.kind_choices):
            items = items.filter(kind=kind)
        else:
            kind = None
        items = items.order_by(f"-{self.date_field}", "-first_published_at", "-pk")
        page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        for item in page_obj:
            item.source_label = source_label(item)
        context.update(
            page_obj=page_obj,
            items=page_obj.object_list,
            years=years,
            selected_year=year,
            kind_choices=self.kind_choices,
            selected_kind=kind,
        )
        return context


class DocumentIndexPage(UnitIndexMixin, HandbookPage):
    listing_model = OfficialDocumentPage
    date_field = "issue_date"
    kind_choices = DocumentKind.choices

    objects = HandbookPageManager()

    is_creatable = True
    parent_page_types = UNIT_PAGE_TYPES
    subpage_types = ["site_pages.OfficialDocumentPage"]
    template = "pages/document_index_page.html"

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")


class NewsIndexPage(UnitIndexMixin, HandbookPage):
    listing_model = NewsArticlePage
    date_field = "date"

    objects = HandbookPageManager()

    is_creatable = True
    parent_page_types = UNIT_PAGE_TYPES
    subpage_types = ["site_pages.NewsArticlePage"]
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")


class QuestionIndexPage(UnitIndexMixin, HandbookPage):
    """The unit's `Hỏi đáp`: one per unit, created with the first Q&A page (site_pages.tree.question_index)."""

    listing_model = QuestionAnswerPage
    date_field = "answered_on"

    objects = HandbookPageManager()

    is_creatable = True
    max_count_per_parent = 1
    parent_page_types = UNIT_PAGE_TYPES
    subpage_types = ["site_pages.QuestionAnswerPage"]
    template = "pages/question_index_page.html"

    class Meta:
        verbose_name = _("Q&A index")
        verbose_name_plural = _("Q&A indexes")
