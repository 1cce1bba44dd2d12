"""Filling the searchable text of pages and files stored before search kept it (`fill_search_text`).

A page's `PageText` row is written by every full save, and a file's `DocumentText` by the task that
reads it after upload; a database upgraded from a version without them has pages and files with no
row, which search cannot find. The functions below write only the missing rows, a batch at a time,
so they can be run again, or stopped and resumed, at no cost.
"""

from django.db.models import Q

from wagtail.documents import get_document_model

from site_pages.file_text import read_document_text
from site_pages.models import HandbookPage, PageText
from site_pages.models.base import STORED_FIELDS
from site_pages.page_cache import TREE, bump

BATCH = 500


def pages_without_text():
    """Pages with no `PageText`, or with one stored before it held the words to match (migration 0005)."""
    return HandbookPage.objects.filter(Q(search_text__isnull=True) | Q(search_text__words=""))


def files_never_read():
    return get_document_model().objects.filter(extracted_text__isnull=True)


def _batches(missing, batch_size):
    """The primary keys of `missing` rows, a list at a time, in order (a filled row drops out of `missing`)."""
    last = 0
    while ids := list(missing.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]):
        yield ids
        last = ids[-1]


def fill_page_texts(batch_size=BATCH):
    """Write the `PageText` of every page that has none or an incomplete one; yields how many each batch wrote."""
    for ids in _batches(pages_without_text(), batch_size):
        pages = HandbookPage.objects.filter(pk__in=ids).specific()
        PageText.objects.bulk_create(
            [PageText.for_page(page) for page in pages],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=STORED_FIELDS,
        )
        # Search results kept before it (search.views.kept_results) could not find these pages.
        bump(TREE)
        yield len(ids)


def fill_file_texts(batch_size=BATCH):
    """Read the text of every document never read, as the task does after an upload; yields a count per batch."""
    for ids in _batches(files_never_read(), batch_size):
        for document_id in ids:
            read_document_text.call(document_id)
        yield len(ids)
