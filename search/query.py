"""Finding and ranking what a member may read: pages by their own text, and by the text of their files.

Matching uses the full-text index over `PageText` (search/fulltext.py): a page's own folded text
with its attachments' text (an official document's attachment is seen with its page), and, apart, a
meeting's study files, which count only where the person sees them: from the meeting's release
(`MeetingPage.documents_visible_q`, evaluated at query time). The visibility rule narrows plain
querysets around the match.

Ranking is an explicit step in SQL over `PageText` (site_pages.models.base), the same on SQLite and
PostgreSQL whatever the index's own scores: the exact document number first (35-NQ/TW, typed
`35 NQ TW` or `35-nq/tw` alike), then titles that begin with the words sought (an official
document's title begins with its kind: `Nghị quyết về ...`), then titles holding every word, then
the rest (body and file text); ties newest first.

With Wagtail's database backend (SQLite or PostgreSQL) the match stays a subquery, answered from
the index by page id. Another backend (OpenSearch, Elasticsearch: a settings change) returns ids
instead, of pages and of files (Wagtail indexes `folded_text` of both); then at most
`MAX_BACKEND_MATCHES` of its best matches are ranked.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from search.folding import folded_words
from search.fulltext import pages_matching, tsquery
from site_pages.models import (
    DocumentText,
    HandbookPage,
    MeetingDocument,
    MeetingPage,
    OfficialDocumentAttachment,
    PageText,
    PageTextVector,
)

MAX_BACKEND_MATCHES = 1000


class Rank:
    NUMBER = 4
    TITLE_START = 3
    TITLE = 2
    TEXT = 1


def backend_matching(model, query, field="pk"):
    """`field` of the best `MAX_BACKEND_MATCHES` rows of `model` that a search server matches."""
    results = get_search_backend().search(query, model.objects.all(), order_by_relevance=False)
    return [getattr(row, field) for row in results[:MAX_BACKEND_MATCHES]]


def uses_database_index():
    """With Wagtail's database backend (SQLite or PostgreSQL), search matches through search/fulltext.py."""
    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "wagtail.search.backends.database"


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

    def file_links(self, page_ids=None, every_file=False):
        """(page id, document id) of the files that match (or, with `every_file`, of all files) on
        pages where the person sees them.

        Official documents' attachments follow their page (filtered by the caller); a meeting's
        study files count only from the meeting's release, or for the meeting's staff."""
        attachments = OfficialDocumentAttachment.objects.all()
        meetings = MeetingPage.objects.filter(MeetingPage.documents_visible_q(self.user, self.now))
        study = MeetingDocument.objects.filter(page__in=meetings.values("pk"))
        if not every_file:
            files = backend_matching(DocumentText, self.query, "document_id")
            attachments, study = attachments.filter(document_id__in=files), study.filter(document_id__in=files)
        if page_ids is not None:
            attachments, study = attachments.filter(page_id__in=page_ids), study.filter(page_id__in=page_ids)
        return attachments, study

    def filter(self, pages):
        """`pages` (already narrowed to what the person may read) that match, by text, number or file."""
        if uses_database_index():
            return pages.filter(self._found_by_text())
        # One `IN` over a `UNION ALL` of the routes: with an OR of one `IN` per route SQLite walked
        # every route's matches and then checked each candidate against every route again.
        attachments, study = self.file_links()
        routes = [
            HandbookPage.objects.filter(pk__in=backend_matching(HandbookPage, self.query)).values("pk"),
            attachments.values("page_id"),
            study.values("page_id"),
            PageText.objects.filter(number=self.phrase).values("page_id"),
        ]
        first, *others = [route.order_by() for route in routes]  # a compound query allows no ORDER BY in its parts
        return pages.filter(pk__in=first.union(*others, all=True))

    def _found_by_text(self, field="pk"):
        """With the full-text index: pages whose words (with their attachments') hold every word, or
        released study files of a meeting (the number's words are among the page's words)."""
        if connection.vendor == "postgresql":
            return Q(pk__in=self._text_vectors().values("page_id"))
        study = self._meetings_showing_files().filter(pk__in=pages_matching("study_words", self.folded_words))
        return Q(**{f"{field}__in": pages_matching("words", self.folded_words)}) | Q(pk__in=study.values("pk"))

    def _meetings_showing_files(self):
        return MeetingPage.objects.filter(MeetingPage.documents_visible_q(self.user, self.now))

    def _text_vectors(self):
        """PostgreSQL: the narrow table's rows found by text, both routes in one subquery. Under an OR,
        each `IN (subquery)` stays a subplan that PostgreSQL builds in full and guesses to hold half
        the pages, whatever the words; one `IN` is a semi-join weighed from the vectors' statistics,
        which for a common word walks the pages and checks each by primary key."""
        query = tsquery(self.folded_words)
        study = Q(study_words=query, page_id__in=self._meetings_showing_files().values("pk"))
        return PageTextVector.objects.filter(Q(words=query) | study)

    def _numbered(self):
        return PageText.objects.filter(number=self.phrase)

    def _found_by_title_or_number(self):
        titled = pages_matching("title", self.folded_words)
        if connection.vendor == "postgresql":
            return Q(pk__in=titled.union(self._numbered().values("page_id"), all=True))  # one IN, as above
        return Q(pk__in=titled) | Q(pk__in=self._numbered().values("page_id"))

    def _found_by_text_only(self, pages, walk_newest_first):
        """`pages` found by text, neither by title nor by number."""
        if connection.vendor == "postgresql":
            # A semi-join and an anti-join (NOT IN, like OR, would be a subplan built in full).
            text_only = self._text_vectors().exclude(title=tsquery(self.folded_words))
            numbered = self._numbered().filter(page_id=OuterRef("pk"))
            return pages.filter(pk__in=text_only.values("page_id")).exclude(Exists(numbered))
        if walk_newest_first:
            # Many matches: the newest 20 are among the newest pages. SQLite would list and sort every
            # match; `pk + 0` keeps it from starting from the matches, so it reads pages newest first
            # from the date index and checks each against the match list.
            pages = pages.alias(walked=F("pk") + 0).filter(self._found_by_text("walked"))
        else:
            pages = pages.filter(self._found_by_text())
        return pages.exclude(self._found_by_title_or_number())

    def ranked_ids(self, pages, start, stop, found):
        """Ids of the ranked matches among `pages`, from `start` to `stop` (at most a thousand), of
        `found` matches (more than that when the count stopped at its limit).

        With the full-text index, in two steps: the pages found by number or title (the ranks above
        text), ranked; then, if the page is not full, the pages found by text alone, newest first.
        Ranking every match of a common word (95,000 pages) in one sort read each match's rows."""
        if not uses_database_index():
            return list(self.ranked(pages).values_list("pk", flat=True)[start:stop])
        if connection.vendor == "postgresql":
            top_ids = self._top_ids_postgresql(pages, stop)
        else:
            top = self.ranked_queryset(pages.filter(self._found_by_title_or_number()))
            top_ids = list(top.values_list("pk", flat=True)[:stop])
        if len(top_ids) >= min(stop, found):
            return top_ids[start:stop]
        text_only = self._found_by_text_only(pages, walk_newest_first=found > settings.SEARCH_RESULTS_COUNTED)
        newest = text_only.order_by("-first_published_at", "-pk").values_list("pk", flat=True)
        return top_ids[start:] + list(newest[max(start - len(top_ids), 0) : stop - len(top_ids)])

    def _top_ids_postgresql(self, pages, stop):
        """The first `stop` pages found by number or title, ranked, in one query of three parts.

        A common title (`Nghị quyết về ...`: 14,000 pages) made ranking every title match cost 100 to
        200 ms. So: the pages of the exact number (rank 4), then the newest whose title begins with
        the words (rank 3: PostgreSQL walks pages newest first, or uses the title's prefix index of
        migration 0006 when few begin so), and only if these two are fewer than `stop`, the other
        title matches ranked as before. A title that begins with the words or holds each as a word
        holds them in its full-text vector too, so the parts are the ranks' own sets."""
        number = Q(search_text__number=self.phrase)
        title_start = Q(search_text__title__startswith=f" {self.phrase} ")
        newest = ("-first_published_at", "-pk")

        def ranked(condition, rank, order=newest):
            rows = pages.filter(condition).annotate(rank=rank).order_by(*order)
            return rows.values_list("pk", "rank", "first_published_at")[:stop]

        enough_above = Exists(pages.filter(number | title_start).order_by()[stop - 1 : stop])
        others = self._found_by_title_or_number() & ~number & ~title_start & ~Q(enough_above)
        parts = [
            ranked(number, Value(Rank.NUMBER)),
            ranked(title_start & ~number, Value(Rank.TITLE_START)),
            ranked(others, self.rank(), order=("-rank", *newest)),
        ]
        first, *rest = parts
        return [pk for pk, _rank, _published in first.union(*rest, all=True).order_by("-rank", *newest)[:stop]]

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

    def ranked_queryset(self, pages):
        return pages.annotate(rank=self.rank()).order_by("-rank", "-first_published_at", "-pk")

    def ranked(self, pages):
        return self.ranked_queryset(self.filter(pages))
