from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.search.query import PlainText

from search.folding import fold
from search.forms import PAGE_TYPES, SearchForm
from site_pages.models import HandbookPage
from site_pages.models.indexes import source_label

RESULTS_PER_PAGE = 20


def plain_words(text):
    """What a member typed, as accent-folded words with no query syntax.

    Wagtail's database backend quotes each word of a `PlainText` query for SQLite FTS5 and
    PostgreSQL, so AND, NEAR, `*`, `:`, `-` and parentheses are plain text; it does not escape
    a double quote inside an FTS5 string, so quotes are dropped here: both indexes split words
    on them anyway. A document number such as 35-NQ/TW stays one word, as the index holds it.
    """
    return fold(text).replace('"', " ").split()


def find_pages(user, criteria):
    """Pages `user` may read that match the words and filters; by relevance, or newest first without words.

    The visibility rule and the filters narrow plain querysets before Wagtail's search, so
    any search backend (database, OpenSearch, Elasticsearch) only sees an id filter.
    """
    candidates = HandbookPage.objects.visible_to(user)
    if criteria["level"]:
        candidates = candidates.filter(owning_unit__level=criteria["level"])
    if criteria["type"]:
        page_model = PAGE_TYPES[criteria["type"]]
        candidates = candidates.filter(content_type=ContentType.objects.get_for_model(page_model))
    if criteria["published_from"]:
        candidates = candidates.filter(first_published_at__date__gte=criteria["published_from"])
    if criteria["published_to"]:
        candidates = candidates.filter(first_published_at__date__lte=criteria["published_to"])
    pages = HandbookPage.objects.filter(pk__in=candidates.values("pk")).select_related("owning_unit", "content_type")
    if criteria["q"]:
        words = plain_words(criteria["q"])
        if not words:
            return pages.none()
        # The index holds an accent-free copy of each page's text (HandbookPage.folded_text).
        return pages.search(PlainText(" ".join(words)))
    return pages.order_by("-first_published_at", "-pk")


def search(request):
    """Search over what the person may read only: the visibility rule filters first."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.has_criteria():
        results = Paginator(find_pages(request.user, form.cleaned_data), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        for page in results:
            page.source_label = source_label(page)
    criteria = request.GET.copy()
    criteria.pop("page", None)
    return render(
        request,
        "pages/search.html",
        {"form": form, "query": form["q"].value() or "", "results": results, "criteria": criteria.urlencode()},
    )
