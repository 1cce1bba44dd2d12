"""Reading the text of uploaded files for search, within limits, in a background task.

PDF files are read with pypdf, DOCX files with python-docx; other formats are kept but not read.
Every limit is a setting (cms/settings/base.py, `DOCUMENT_ARCHIVE_*` and `DOCUMENT_TEXT_*`):
- office files are zip archives: their entry count and inflated size, as the archive declares
  them, are checked before anything is inflated (Python's zipfile never inflates an entry past its
  declared size: a lie ends in a CRC error, read here as a damaged file); the same check refuses
  such an archive at upload (site_pages.documents.HandbookDocumentForm);
- a PDF's streams are inflated under pypdf's own output limits, set to the same byte limit for the
  read (`pypdf.apply_configuration`), its pages are counted before any is read;
- the text's length and the time spent are checked after each page or paragraph.
A file over a limit, damaged or encrypted is stored with its status and a message for its editor
(shown on the document's edit screen) and is not searchable; nothing here ever refuses a page.
"""

import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import docx
import pypdf
from django_tasks import task
from lxml.etree import LxmlError
from pypdf.errors import LimitReachedError, PyPdfError

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model

from site_pages.models import DocumentText, PageText, TextStatus

logger = logging.getLogger(__name__)

ARCHIVE_EXTENSIONS = {"docx", "xlsx", "pptx", "odt"}
READ_EXTENSIONS = {"pdf", "docx"}


@dataclass(frozen=True)
class Limits:
    archive_inflated_bytes: int
    archive_entries: int
    inflated_bytes: int
    pages: int
    chars: int
    seconds: float

    @classmethod
    def from_settings(cls):
        return cls(
            archive_inflated_bytes=settings.DOCUMENT_ARCHIVE_MAX_INFLATED_BYTES,
            archive_entries=settings.DOCUMENT_ARCHIVE_MAX_ENTRIES,
            inflated_bytes=settings.DOCUMENT_TEXT_MAX_INFLATED_BYTES,
            pages=settings.DOCUMENT_TEXT_MAX_PAGES,
            chars=settings.DOCUMENT_TEXT_MAX_CHARS,
            seconds=settings.DOCUMENT_TEXT_MAX_SECONDS,
        )


class Unreadable(Exception):
    """The file's text is not read: `status` says why in one word, `message` for its editor."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str  # the file's own title metadata, or ""


def extension_of(name):
    return PurePath(name).suffix.lower().lstrip(".")


def check_archive(stream, limits):
    """Refuse a zip archive with too many entries or too many inflated bytes, before inflating any."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Unreadable(TextStatus.DAMAGED, _("The file is not a valid archive.")) from error
    finally:
        stream.seek(0)
    if len(entries) > limits.archive_entries:
        raise Unreadable(
            TextStatus.TOO_LARGE,
            _("The archive holds %(count)d files; at most %(limit)d are accepted.")
            % {"count": len(entries), "limit": limits.archive_entries},
        )
    inflated = sum(entry.file_size for entry in entries)
    if inflated > limits.archive_inflated_bytes:
        raise Unreadable(
            TextStatus.TOO_LARGE,
            _("Unpacked, the file would take %(size)s; at most %(limit)s are accepted.")
            % {"size": filesizeformat(inflated), "limit": filesizeformat(limits.archive_inflated_bytes)},
        )


class _Budget:
    """Characters and seconds left while reading one file."""

    def __init__(self, limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.parts = []
        self.length = 0

    def add(self, text):
        if text:
            self.parts.append(text)
            self.length += len(text) + 1
        if self.length > self.limits.chars:
            raise Unreadable(
                TextStatus.TOO_LARGE,
                _("The text is longer than %(limit)d characters.") % {"limit": self.limits.chars},
            )
        if time.monotonic() > self.deadline:
            raise Unreadable(
                TextStatus.TOO_LARGE,
                _("Reading the text took longer than %(seconds)d seconds.") % {"seconds": self.limits.seconds},
            )

    def text(self):
        return "\n".join(self.parts)


def _pdf_limits(limits):
    bound = limits.inflated_bytes
    return {
        "maximum_declared_stream_length": bound,
        "array_based_stream_maximum_output_length": bound,
        "zlib_maximum_output_length": bound,
        "lzw_maximum_output_length": bound,
        "run_length_maximum_output_length": bound,
        "jbig2_maximum_output_length": bound,
        "brotli_maximum_output_length": bound,
        "image_maximum_buffer_size": bound,
        "stream_decoding_work_maximum_length": bound * 4,
    }


def read_pdf(stream, limits, title_only=False):
    budget = _Budget(limits)
    with pypdf.apply_configuration(**_pdf_limits(limits)):
        reader = pypdf.PdfReader(stream)
        if reader.is_encrypted:
            raise Unreadable(TextStatus.UNSUPPORTED, _("The file is encrypted."))
        title = ((reader.metadata.title if reader.metadata else None) or "").strip()
        if title_only:
            return Extracted("", title)
        pages = len(reader.pages)
        if pages > limits.pages:
            raise Unreadable(
                TextStatus.TOO_LARGE,
                _("The file has %(count)d pages; the text of at most %(limit)d is read.")
                % {"count": pages, "limit": limits.pages},
            )
        for page in reader.pages:
            budget.add(page.extract_text())
    return Extracted(budget.text(), title)


def read_docx(stream, limits, title_only=False):
    check_archive(stream, limits)
    document = docx.Document(stream)
    title = (document.core_properties.title or "").strip()
    if title_only:
        return Extracted("", title)
    budget = _Budget(limits)
    for paragraph in document.paragraphs:
        budget.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            budget.add(" ".join(cell.text for cell in row.cells))
    return Extracted(budget.text(), title)


READERS = {"pdf": read_pdf, "docx": read_docx}


def extract(stream, name, limits=None, title_only=False):
    """The text and title metadata of the file `name` read from `stream`; raises Unreadable."""
    limits = limits or Limits.from_settings()
    extension = extension_of(name)
    reader = READERS.get(extension)
    if reader is None:
        if extension in ARCHIVE_EXTENSIONS:
            check_archive(stream, limits)
        raise Unreadable(TextStatus.UNSUPPORTED, _("Only the text of PDF and DOCX files is searched."))
    try:
        return reader(stream, limits, title_only=title_only)
    except Unreadable:
        raise
    except LimitReachedError as error:
        raise Unreadable(TextStatus.TOO_LARGE, _("A part of the file is too large to read.")) from error
    except (PyPdfError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, LxmlError) as error:
        # python-docx raises KeyError for a missing part and ValueError for a wrong content type.
        raise Unreadable(TextStatus.DAMAGED, _("The file could not be read: it may be damaged.")) from error
    except Exception as error:
        # A reader's unexpected failure on a strange file still only leaves that file unsearchable.
        logger.exception("Reading %s failed", name)
        raise Unreadable(TextStatus.DAMAGED, _("The file could not be read: it may be damaged.")) from error


def readable_title(name, stream=None):
    """A title for an uploaded file whose editor gave none: its own title metadata, or its name
    turned back into words (`du_thao-nghi_quyet.pdf` → `Du thao nghi quyet`), never a slug."""
    if stream is not None:
        try:
            title = extract(stream, name, title_only=True).title
        except Unreadable:
            title = ""
        finally:
            stream.seek(0)
        if title:
            return title[:255]
    words = re.sub(r"[_\-.+]+", " ", PurePath(name).stem).split()
    title = " ".join(words) or name
    return (title[:1].upper() + title[1:])[:255]


@task()
def read_document_text(document_id):
    """Store the text of one document (or why it has none); done again only when its file changed."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    stored = DocumentText.objects.filter(document=document).first()
    if stored is not None and stored.source_name == document.file.name:
        return
    status, message, text = TextStatus.INDEXED, "", ""
    try:
        with document.file.open("rb") as file:
            stream = io.BytesIO(file.read())
        text = extract(stream, document.file.name).text
    except Unreadable as refusal:
        status, message = refusal.status, refusal.message
    except FileNotFoundError:
        status, message = TextStatus.DAMAGED, _("The file is missing from storage.")
    if status != TextStatus.INDEXED:
        logger.info("Text of document %s not searchable: %s", document_id, message)
    # save() rather than update_or_create: Wagtail's search index follows post_save.
    DocumentText(
        document=document,
        status=status,
        message=message[:300],
        source_name=document.file.name,
        text=text,
        extracted_at=timezone.now(),
    ).save()
    # The pages this file is found with hold its words (PageText.words, study_words).
    PageText.store_for_files([document.pk])


def read_after_commit(document):
    """Queue the reading of `document`'s text; the request that stored it does nothing more."""
    document_id = document.pk
    transaction.on_commit(lambda: read_document_text.enqueue(document_id))
