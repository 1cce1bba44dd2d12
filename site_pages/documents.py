"""Documents follow the organisation: who may download a file, and what may be uploaded.

A document is visible to a user when
- it is used (referenced, per Wagtail's reference index) by a live page the user may read
  under the one rule (`HandbookPage.objects.visible_to`), or
- it lives in the collection of a unit whose own pages the user reads as a member (their
  unit and the units above it) or as staff (a unit in their staff subtree).
The public flag of a unit page does not open its collection: a file is public only when a
public page uses it. Both parts reuse `Scope`; there is no second rule.
"""

import filetype

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.models import Page, ReferenceIndex

from site_pages.models import HandbookPage, UnitPage
from site_pages.visibility import Scope

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# What the content of an allowed file may be detected as. Office files are zip containers;
# filetype recognises most of them by name, but older writers produce a plain zip signature.
ACCEPTED_CONTENT = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
}


def can_view_document(user, document):
    scope = Scope.for_user(user)
    if scope.everything:
        return True
    if _units_in_scope(scope).filter(collection_id=document.collection_id).exists():
        return True
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id=str(document.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return HandbookPage.objects.visible_to(user).filter(pk__in=[int(pk) for pk in page_ids]).exists()


def _units_in_scope(scope):
    """Units whose collections `scope` reads: its member units and staff subtrees, never public ones."""
    condition = Q(pk__in=scope.unit_ids)
    for path in scope.staff_paths:
        condition |= Q(path__startswith=path)
    return UnitPage.objects.filter(condition)


# Wagtail's serve view checks the hooks and sends the file with nosniff; shared caches must not keep it.
serve_document = cache_control(private=True)(wagtail_serve_document)


def max_upload_bytes():
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


class HandbookDocumentForm(BaseDocumentForm):
    """The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a file must be what its name says."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        limit = max_upload_bytes()
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; files may be at most %(limit)s."),
                params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
                code="file_too_large",
            )
        extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        uploaded.seek(0)
        detected = filetype.guess(uploaded.read(8192))
        uploaded.seek(0)
        if detected is None or detected.extension not in ACCEPTED_CONTENT.get(extension, ()):
            raise forms.ValidationError(
                _("The content of this file is not a %(extension)s document. Allowed: PDF, DOCX, XLSX, PPTX, ODT."),
                params={"extension": extension.upper() or "?"},
                code="content_mismatch",
            )
        return uploaded
