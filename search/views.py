from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.shortcuts import render

from search.forms import PAGE_TYPES, SearchForm
from search.query import Search
from search.snippets import describe_matches, has_every_word
from site_pages.models import HandbookPage
from site_pages.models.indexes import source_label

RESULTS_PER_PAGE = 20


def candidate_pages(user, criteria):
    """Pages `user` may read, narrowed by the filters; the visibility rule comes first.

    The conditions stay on the outer query (no `pk IN (visible pages)` subquery), so that with words
    the database starts from the matches and checks each one, instead of listing every visible page."""
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
    return candidates


def shown_pages(ids, search=None):
    """The pages `ids`, in that order, with what a result shows: unit, type, searchable text and rank."""
    pages = HandbookPage.objects.filter(pk__in=ids).select_related("owning_unit", "content_type", "search_text")
    if search:
        pages = pages.annotate(rank=search.rank())
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids]


def page_with_count(candidates, number, search=None):
    """One page of the `candidates` that match `search` (all of them, newest first, without words),
    and how many there are, counted up to `SEARCH_RESULTS_COUNTED` (1,000).

    Narrow queries: the count, stopped past the limit (counting every match of a common word, 95,000
    of 100,000 pages, cost more than finding the page shown; past the limit the page says "more than
    1,000 results" and offers the first 1,000); the ids of the page's rows in order (search.query),
    with no column nor join the order does not need; then those rows with what they show. The
    candidates are what the visibility rule lets the person read: a member is never told of
    matches they may not read. A page number past the end shows the last page, as
    Paginator.get_page does."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    limit = settings.SEARCH_RESULTS_COUNTED
    matches = search.filter(candidates) if search else candidates
    found = matches.order_by()[: limit + 1].count()
    paginator = Paginator(matches, RESULTS_PER_PAGE)
    paginator.count = min(found, limit)  # overrides Paginator's cached property
    paginator.more = found > limit
    number = min(number, paginator.num_pages)
    start = (number - 1) * RESULTS_PER_PAGE
    stop = min(start + RESULTS_PER_PAGE, limit)
    if not found:
        ids = []
    elif search:
        ids = search.ranked_ids(candidates, start, stop, found)
    else:
        ids = list(candidates.order_by("-first_published_at", "-pk").values_list("pk", flat=True)[start:stop])
    return PaginatorPage(shown_pages(ids, search) if ids else [], number, paginator)


def files_matched(search, pages):
    """{page id: [(file title, file text)]} of the files whose text holds every word, for the shown results.

    The files seen on these few pages are read in one query and their text checked here, with the
    folding the index uses (search.snippets.has_every_word): asking the full-text index again would
    list every matching file of the site (all of them, for common words) to keep a handful."""
    attachments, study = search.file_links(page_ids=[page.pk for page in pages], every_file=True)
    fields = ("page_id", "document__title", "document__extracted_text__text")
    found = {}
    rows = attachments.order_by().values_list(*fields).union(study.order_by().values_list(*fields))
    for page_id, title, text in sorted(rows, key=lambda row: (row[0], row[1])):
        if text and has_every_word(text, search.folded_words):
            found.setdefault(page_id, []).append((title, text))
    return found


def search(request):
    """Search over what the person may read only: the visibility rule filters first."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.has_criteria():
        words = Search(request.user, form.cleaned_data["q"]) if form.cleaned_data["q"] else None
        candidates = candidate_pages(request.user, form.cleaned_data)
        if words is not None and not words:  # nothing but punctuation: no words to find
            candidates = candidates.none()
        results = page_with_count(candidates, request.GET.get("page"), words)
        files = files_matched(words, results) if words and len(results) else {}
        for page in results:
            page.source_label = source_label(page)
            if words:
                page.matches = describe_matches(page, words.folded_words, files.get(page.pk, []))
    criteria = request.GET.copy()
    criteria.pop("page", None)
    return render(
        request,
        "pages/search.html",
        {"form": form, "query": form["q"].value() or "", "results": results, "criteria": criteria.urlencode()},
    )
