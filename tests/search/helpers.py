"""Pages with files and meetings for the search tests."""

import html
import itertools
import re
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

from site_pages.models import (
    MeetingDocument,
    MeetingPage,
    MeetingTask,
    OfficialDocumentAttachment,
    OfficialDocumentPage,
)

_numbers = itertools.count(1)


def store_file(unit, name, content, on_commit, title=None):
    """A document in `unit`'s collection; its text is read by the task once the transaction commits."""
    document = get_document_model()(title=title or name, collection_id=unit.collection_id)
    with on_commit(execute=True):
        document.file.save(name, ContentFile(content), save=False)
        document.save()
    return document


def live(page, unit, published_at=None):
    """`page` added live under `unit` (a full save, as publishing does)."""
    published_at = published_at or timezone.now()
    page.slug = f"trang-tim-{next(_numbers)}"
    page.live = True
    page.first_published_at = page.last_published_at = published_at
    unit.add_child(instance=page)
    return page


def official_document(unit, title, *, number="", files=(), summary="", published_at=None, **fields):
    page = OfficialDocumentPage(
        title=title,
        number=number,
        summary=summary,
        issuing_body=fields.pop("issuing_body", unit.title),
        issue_date=fields.pop("issue_date", date(2026, 3, 1)),
        **fields,
    )
    for document in files:
        page.attachments.add(OfficialDocumentAttachment(document=document))
    return live(page, unit, published_at)


def meeting(unit, title, *, starts_in=timedelta(days=10), files=(), decisions="", tasks=(), published=False, **fields):
    page = MeetingPage(
        title=title,
        place=fields.pop("place", "Nhà văn hóa"),
        starts_at=timezone.now() + starts_in,
        decisions=decisions,
        conclusions_published=published,
        **fields,
    )
    for document in files:
        page.study_documents.add(MeetingDocument(document=document))
    for description in tasks:
        page.tasks.add(MeetingTask(description=description))
    return live(page, unit)


def results(client, q, **params):
    """(titles in order, response) of /search/ for `q`."""
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return titles_shown(response), response


def titles_shown(response):
    """The titles a search page lists, in order, as the member reads them (kept or found anew)."""
    listed = response.content.decode().split('<ul class="page-list">', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(title) for title in re.findall(r'<a href="[^"]*">([^<]*)</a>', listed)]
