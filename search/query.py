"""Finding and ranking what a member may read: pages by their own text, and by the text of their files.

Matching uses Wagtail's search backend over accent-folded text (`HandbookPage.folded_text`, one
entry per page, and `DocumentText.folded_text`, one entry per file). The visibility rule narrows
plain querysets first; a file's text counts for a page only where the person may see that file
there: an official document's attachment with its page, a meeting's study file from the meeting's
release (`MeetingPage.documents_visible_q`, evaluated at query time).

Ranking is an explicit step in SQL over `PageText` (site_pages.models.base), the same on SQLite and
PostgreSQL whatever the backend's own scores: the exact document number first (35-NQ/TW, typed
`35 NQ TW` or `35-nq/tw` alike), then titles that begin with the words sought (an official
document's title begins with its kind: `Nghị quyết về ...`), then titles holding every word, then
the rest (body and file text); ties newest first.

With the database backend the matches stay subqueries, so a search is one count and one page of
rows. Another backend (OpenSearch, Elasticsearch: a settings change) returns ids instead; then at
most `MAX_BACKEND_MATCHES` of its best matches are ranked.
"""

from modelsearch.utils import get_descendants_content_types_pks

from django.contrib.postgres.search import SearchQuery
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Cast

from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.models import IndexEntry
from wagtail.search.query import PlainText

from search.folding import folded_words
from site_pages.models import (
    DocumentText,
    HandbookPage,
    MeetingDocument,
    MeetingPage,
    OfficialDocumentAttachment,
    PageText,
)

MAX_BACKEND_MATCHES = 1000


class Rank:
    NUMBER = 4
    TITLE_START = 3
    TITLE = 2
    TEXT = 1


def matching(queryset, query, field="pk"):
    """`field` of the rows of `queryset` that the search backend matches: a subquery where it can."""
    backend = get_search_backend()
    if isinstance(backend, PostgresSearchBackend):
        return _postgres_matching(backend, queryset, query, field)
    results = backend.search(query, queryset, order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # Wagtail's database backends
        return results.get_queryset().values(field)
    return [getattr(row, field) for row in results[:MAX_BACKEND_MATCHES]]


def _postgres_matching(backend, queryset, query, field):
    """On PostgreSQL, the index entries whose folded words (`body`) match, by its GIN index.

    Wagtail's own query there joins each page to its index entry through a text cast and matches
    `title || body`; PostgreSQL then guesses one match, and for common words (thousands of
    matches) loops over every page for each: tens of seconds at 100,000 pages. All our folded
    text is in `body` (the title column holds the raw title), so the match needs only that column.
    """
    entries = IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(queryset.model),
        body=SearchQuery(query.query_string, search_type="plain", config=backend.config),
    ).values(pk=Cast("object_id", IntegerField()))
    if field == "pk":
        return entries
    return queryset.filter(pk__in=entries).values(field)


class Search:
    """One member's words: what matches them and how to rank it."""

    def __init__(self, user, text, now=None):
        self.user = user
        # Accent-folded words split at any punctuation, as the index holds them (`folded_text`):
        # `35-NQ/TW` and `35 NQ TW` both look for 35, nq and tw, on SQLite FTS5 and PostgreSQL alike,
        # whose tokenizers would split `35-nq/tw` differently. No query syntax survives: Wagtail's
        # database backend quotes each word, and quotes, `*`, `:`, `-` and parentheses are gone.
        self.folded_words = folded_words(text)
        self.phrase = " ".join(self.folded_words)
        self.now = now
        self.query = PlainText(self.phrase) if self.folded_words else None

    def __bool__(self):
        return self.query is not None

    def matching_files(self):
        """Ids of documents whose text holds the words (any visibility: narrowed by the pages that use them)."""
        return matching(DocumentText.objects.all(), self.query, "document_id")

    def file_links(self, page_ids=None, every_file=False):
        """(page id, document id) of the files that match (or, with `every_file`, of all files) on
        pages where the person sees them.

        Official documents' attachments follow their page (filtered by the caller); a meeting's
        study files count only from the meeting's release, or for the meeting's staff."""
        attachments = OfficialDocumentAttachment.objects.all()
        meetings = MeetingPage.objects.filter(MeetingPage.documents_visible_q(self.user, self.now))
        study = MeetingDocument.objects.filter(page__in=meetings.values("pk"))
        if not every_file:
            files = self.matching_files()
            attachments, study = attachments.filter(document_id__in=files), study.filter(document_id__in=files)
        if page_ids is not None:
            attachments, study = attachments.filter(page_id__in=page_ids), study.filter(page_id__in=page_ids)
        return attachments, study

    def filter(self, pages):
        """`pages` (already narrowed to what the person may read) that match, by text, number or file.

        One `IN` over a `UNION ALL` of the routes: with an OR of one `IN` per route SQLite walked
        every route's matches and then checked each candidate against every route again (the
        full-text match four times over), three times the work for common words."""
        attachments, study = self.file_links()
        own_text = matching(HandbookPage.objects.all(), self.query)
        if isinstance(own_text, list):  # another search backend's ids
            own_text = HandbookPage.objects.filter(pk__in=own_text).values("pk")
        routes = [attachments.values("page_id"), study.values("page_id")]
        if self.phrase:
            # The indexed number, as a route of its own, so the database can start from the matches.
            routes.append(PageText.objects.filter(number=self.phrase).values("page_id"))
        # A compound query allows no ORDER BY in its parts.
        matches = own_text.order_by().union(*(route.order_by() for route in routes), all=True)
        return pages.filter(pk__in=matches)

    def rank(self):
        if not self.phrase:
            return Value(Rank.TEXT, output_field=IntegerField())
        every_word = Q()
        for word in self.folded_words:
            every_word &= Q(search_text__title__contains=f" {word} ")
        return Case(
            When(search_text__number=self.phrase, then=Value(Rank.NUMBER)),
            When(search_text__title__startswith=f" {self.phrase} ", then=Value(Rank.TITLE_START)),
            When(every_word, then=Value(Rank.TITLE)),
            default=Value(Rank.TEXT),
            output_field=IntegerField(),
        )

    def ranked(self, pages):
        return self.filter(pages).annotate(rank=self.rank()).order_by("-rank", "-first_published_at", "-pk")
