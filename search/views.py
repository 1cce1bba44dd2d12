import hashlib
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import DateTimeField, F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from search.forms import PAGE_TYPES, SearchForm
from search.query import Search
from search.snippets import describe_matches, has_every_word
from site_pages.fragments import as_shown_in, checked, fragment_key
from site_pages.models import HandbookPage, MeetingPage
from site_pages.models.indexes import source_label
from site_pages.models.meetings import documents_lead_time
from site_pages.page_cache import PUBLIC_PAGES, cached, keep, read, unit_generation
from site_pages.visibility import Scope

RESULTS_PER_PAGE = 20
SHOWN_FIELDS = (
    "title",
    "url_path",
    "first_published_at",
    "content_type",
    "owning_unit__title",
    "owning_unit__level",
    "search_text__printed_number",
    "search_text__body",
)
# A cell's members search for what they were told to study within hours; a country's cells times
# their searches would fill the shared cache if each were kept a day, as the pages' parts are.
KEPT_FOR = timedelta(hours=6)


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
    pages = (
        HandbookPage.objects.filter(pk__in=ids)
        .select_related("owning_unit", "content_type", "search_text")
        # Only what a result shows: a page row and its unit's are some thirty columns each.
        .only(*SHOWN_FIELDS)
    )
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
    results_part = None
    if form.is_valid() and form.has_criteria():
        results_part = kept_results(request, form)
    context = {"form": form, "query": form["q"].value() or "", "results_part": results_part}
    return render(request, "pages/search.html", context)


def kept_results(request, form):
    """The form's and the results' HTML, kept per reading scope (the members of a cell share one) and
    query string.

    A cell told to study a resolution searches for it, each member in turn. The key names what the
    results depend on: the generations of the units whose pages the reader reads and of the public
    pages, the reader's scope and the query; a kept list also ends at the next release of a meeting's
    study files among the reader's meetings (their files are found from then on). Staff read whole
    subtrees, whose units are too many to name in a key: theirs is found every time."""
    scope = Scope.for_user(request.user)
    key = None
    if not (scope.everything or scope.staff_paths):
        query = hashlib.blake2b(urlencode(sorted(request.GET.lists()), doseq=True).encode(), digest_size=8)
        key = fragment_key("search", what_members_read(scope), scope.reading_key(), query.hexdigest())
        key = as_shown_in(key, request)
        held = read(key)
        if held is not None and timezone.now() < held[0]:
            return held[1]
    now = timezone.now()
    html = checked(found_results(request, form, now), "search")
    if key:
        keep(key, (next_files_release(request.user, now), html), KEPT_FOR.total_seconds())
    return html


def what_members_read(scope):
    """The generations of the pages a member (not staff) with this scope reads: their units' and the public ones."""
    return [PUBLIC_PAGES, *(unit_generation(unit_id) for unit_id in sorted(scope.unit_ids))]


def next_files_release(user, now):
    """When the next meeting `user` reads releases its study files (or `now + KEPT_FOR`)."""
    scope = Scope.for_user(user)
    # Every release to come, as of the first time asked, kept with what can change them (a meeting
    # published or rescheduled in one of the units; a public one anywhere): each passes in its turn.
    releases = cached(
        "files-releases", what_members_read(scope), [scope.reading_key()], lambda: files_releases(user, now)
    )
    return next((release for release in releases if release > now), now + KEPT_FOR)


def files_releases(user, now):
    """The times, in order, at which meetings `user` reads release their study files after `now`."""
    lead = documents_lead_time()
    pending = MeetingPage.objects.visible_to(user).filter(
        Q(documents_published_at__gt=now) | Q(documents_published_at__isnull=True, starts_at__gt=now + lead)
    )
    release = Coalesce("documents_published_at", F("starts_at") - lead, output_field=DateTimeField())
    return list(pending.annotate(release=release).order_by("release").values_list("release", flat=True))


def found_results(request, form, now):
    """The form's and the results' HTML, found now."""
    criteria = form.cleaned_data
    words = Search(request.user, criteria["q"], now) if criteria["q"] else None
    candidates = candidate_pages(request.user, criteria)
    if words is not None and not words:  # nothing but punctuation: no words to find
        candidates = candidates.none()
    results = page_with_count(candidates, request.GET.get("page"), words)
    files = files_matched(words, results) if words and len(results) else {}
    for page in results:
        page.source_label = source_label(page)
        if words:
            page.matches = describe_matches(page, words.folded_words, files.get(page.pk, []))
    links = request.GET.copy()
    links.pop("page", None)
    context = {"form": form, "results": results, "criteria": links.urlencode()}
    return render_to_string("pages/_search_results.html", context, request)
