"""The text of an uploaded file, for search (extracted by site_pages/file_text.py).

A model of its own, one-to-one with Wagtail's stock `Document`, rather than a custom document model
(`WAGTAILDOCS_DOCUMENT_MODEL`): swapping the document model can only be chosen before the first
migration of `wagtaildocs` and would tie every document reference to our table, while the text is
written later by a background task and is needed only by search. A missing row means the file has
not been read yet.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model_string
from wagtail.search import index

from search.folding import normalized


class TextStatus(models.TextChoices):
    INDEXED = "indexed", _("Searchable")
    TOO_LARGE = "too_large", _("Not searchable: over a limit")
    DAMAGED = "damaged", _("Not searchable: the file could not be read")
    UNSUPPORTED = "unsupported", _("Not searchable: this kind of file is not read")


class DocumentText(index.Indexed, models.Model):
    document = models.OneToOneField(
        get_document_model_string(),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="extracted_text",
    )
    status = models.CharField(_("status"), max_length=20, choices=TextStatus.choices)
    # Why the file is not searchable, for its editor (a limit and the file's figure, or the reader's error).
    message = models.CharField(_("message"), max_length=300, blank=True)
    # The file name the text was read from: a new upload has a new name and is read again.
    source_name = models.CharField(max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    extracted_at = models.DateTimeField(_("read at"))

    # Only searchable files have text; the index holds it without accents, like pages' text.
    search_fields = [index.SearchField("folded_text")]

    class Meta:
        verbose_name = _("text of a file")
        verbose_name_plural = _("texts of files")

    def __str__(self):
        return self.get_status_display()

    def folded_text(self):
        return normalized(self.text)
