"""Editorial demo data: official documents at every level and one page awaiting review.

Call `seed_editorial_demo()` after the organisation tree and its people exist (members.demo.seed_demo).
"""

import datetime

from site_pages.models import DocumentIndexPage, DocumentKind, OfficialDocumentPage


def add_document(
    parent,
    *,
    title,
    kind=DocumentKind.RESOLUTION,
    number="",
    issuing_body="",
    issue_date=None,
    summary="",
    is_public=False,
    publish=True,
    user=None,
):
    """An official document under `parent` (a unit or a document index), published unless `publish` is False."""
    page = OfficialDocumentPage(
        title=title,
        kind=kind,
        number=number,
        issuing_body=issuing_body or parent.title,
        issue_date=issue_date or datetime.date.today(),
        summary=summary,
        is_public=is_public,
        live=publish,
        owner=user,
    )
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return page


def document_index(unit, title):
    """The unit's document index, created on first use."""
    existing = DocumentIndexPage.objects.child_of(unit).first()
    if existing is not None:
        return existing
    index = DocumentIndexPage(title=title, is_public=unit.is_public)
    unit.add_child(instance=index)
    index.save_revision().publish()
    return index
