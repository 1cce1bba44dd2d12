"""Files follow the organisation: who may download a document or see an image, and what may be uploaded.

Documents and images are media objects in a collection, used by pages; one rule covers both.
Such an object is visible to a user when
- it is used (referenced, per Wagtail's reference index) by a live page the user may read
  under the one rule (`HandbookPage.objects.visible_to`), or
- it lives in the collection of a unit whose own pages the user reads as a member (their
  unit and the units above it) or as staff (a unit in their staff subtree).
The public flag of a unit page does not open its collection: a file is public only when a
public page uses it. Both parts reuse `Scope`; there is no second rule.
"""

import mimetypes
import os

import filetype

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from site_pages.file_text import ARCHIVE_EXTENSIONS, Limits, Unreadable, check_archive, readable_title
from site_pages.models import DocumentText, HandbookPage, MeetingPage, TextStatus, UnitPage
from site_pages.visibility import Scope, can_view

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


def can_view_collection_media(user, media):
    """Whether `user` may see `media`, a document or image (the rule in the module docstring)."""
    scope = Scope.for_user(user)
    if scope.everything:
        return True
    if _units_in_scope(scope).filter(collection_id=media.collection_id).exists():
        return True
    page_ids = (
        ReferenceIndex.get_references_to(media)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return HandbookPage.objects.visible_to(user).filter(pk__in=[int(pk) for pk in page_ids]).exists()


can_view_image = can_view_collection_media


def can_view_document(user, document):
    """The rule for media, and a meeting's study file waits for the meeting's release time,
    even for members who may otherwise read it."""
    if not can_view_collection_media(user, document):
        return False
    meetings = MeetingPage.objects.filter(study_documents__document=document).distinct()
    readable = [meeting for meeting in meetings if can_view(user, meeting)]
    return not readable or any(meeting.documents_visible_to(user) for meeting in readable)


def _units_in_scope(scope):
    """Units whose collections `scope` reads: its member units and staff subtrees, never public ones."""
    return UnitPage.objects.filter(Q(pk__in=scope.unit_ids) | scope.staff_q())


# Wagtail's serve view checks the hooks and sends the file with nosniff; shared caches must not keep it.
serve_document = cache_control(private=True)(wagtail_serve_document)


def refuse_unseen(request):
    """A visitor logs in; a logged-in outsider gets a 404 that does not reveal whether the file exists."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@cache_control(private=True)
def serve_image_rendition(request, rendition_id, filename):
    """The only door to image files: each rendition's `url` (site_pages.models.images) points here."""
    rendition_model = get_image_model().get_rendition_model()
    rendition = get_object_or_404(rendition_model.objects.select_related("image"), pk=rendition_id)
    if os.path.basename(rendition.file.name) != filename:
        raise Http404
    if not can_view_image(request.user, rendition.image):
        return refuse_unseen(request)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(rendition.file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def max_upload_bytes():
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


class HandbookDocumentForm(BaseDocumentForm):
    """The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a file must be what its name says,
    an office archive must stay within its limits once unpacked, and a file without a title gets a
    readable one. The edit screen tells whether the file's text is searchable, and why not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the file's own title or its name.")
        if self.instance.pk and "file" in self.fields:
            self.fields["file"].help_text = search_status_text(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        uploaded = cleaned_data.get("file")
        title = (cleaned_data.get("title") or "").strip()
        if uploaded and (not title or title == os.path.splitext(os.path.basename(uploaded.name))[0]):
            # Empty, or the bare file name that Wagtail's multiple upload fills in.
            if "file" in self.changed_data:
                cleaned_data["title"] = readable_title(uploaded.name, uploaded)
            elif not title:
                cleaned_data["title"] = readable_title(uploaded.name)
            self.instance.title = cleaned_data["title"]
        return cleaned_data

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
        if extension in ARCHIVE_EXTENSIONS:
            try:
                check_archive(uploaded, Limits.from_settings())
            except Unreadable as refusal:
                raise forms.ValidationError(refusal.message, code="archive_refused") from refusal
        return uploaded


def search_status_text(document):
    """For the document's editor: whether its text is found by search, and why not."""
    stored = DocumentText.objects.filter(document=document).only("status", "message").first()
    if stored is None:
        return _("Search: the file's text has not been read yet.")
    if stored.status == TextStatus.INDEXED:
        return _("Search: the file's text is searchable.")
    return _("Search: %(status)s. %(message)s") % {"status": stored.get_status_display(), "message": stored.message}
