"""The full-text match over `PageText`: ids of pages, straight from the index.

`PageText.words` holds a page's own folded text and its attachments' text, `study_words` a meeting's
study files; SQLite indexes both in an FTS5 table whose rowid is the page id (site_pages migration
0005), PostgreSQL their stripped `tsvector` in a narrow table of its own keyed by page id, with GIN
indexes (migration 0006). A match is a subquery of page ids that the database answers from the
index alone: Wagtail's own index (one row per object, joined by a text id, a file joined again to
the pages that attach it) cost one join per match, seconds for words found in most of 100,000 pages.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models.expressions import RawSQL

from site_pages.models import PageTextVector

COLUMNS = ("title", "words", "study_words")


def pages_matching(column, words):
    """A subquery: ids of the pages whose `column` holds every one of `words` (folded, as search.folding splits)."""
    if column not in COLUMNS:
        raise ValueError(column)
    if connection.vendor == "sqlite":
        # Each word quoted, so that nothing typed is FTS5 syntax; `\w+` words hold no quote.
        quoted = " AND ".join(f'"{word}"' for word in words)
        expression = f"{{{column}}} : ({quoted})"
        # Raw SQL: the ORM has no FTS5 table to query; the match expression is a parameter.
        sql = "SELECT rowid FROM site_pages_pagetext_fts WHERE site_pages_pagetext_fts MATCH %s"
        return RawSQL(sql, [expression])  # noqa: S611  # nosemgrep: handbook-no-raw-sql
    return PageTextVector.objects.filter(**{column: tsquery(words)}).values("page_id")


def tsquery(words):
    """PostgreSQL: every one of `words`, as the vectors of migration 0006 hold them (`simple`, no stemming)."""
    return SearchQuery(" ".join(words), search_type="plain", config="simple")
