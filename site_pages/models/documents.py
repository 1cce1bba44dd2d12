"""Official documents: resolutions, directives, regulations... as printed by a unit."""

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable
from wagtail.search import index

from search.folding import stream_text
from site_pages.page_cache import cached, unit_generation
from site_pages.rich_text import CleanRichTextBlock

from .base import HandbookPage, HandbookPageManager
from .units import UNIT_PAGE_TYPES

# Editors format text; they never write markup. Anything else posted is stripped by
# Wagtail's whitelist (see tests/site_pages/test_documents.py).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    REGULATION = "regulation", _("Regulation")
    CONCLUSION = "conclusion", _("Conclusion")
    INSTRUCTION = "instruction", _("Instruction")
    PLAN = "plan", _("Plan")
    OTHER = "other", _("Other")


class OfficialDocumentTag(TaggedItemBase):
    content_object = ParentalKey("site_pages.OfficialDocumentPage", on_delete=models.CASCADE, related_name="tagged")


class OfficialDocumentPage(HandbookPage):
    listed_on_member_page = True
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.RESOLUTION)
    number = models.CharField(
        _("number/symbol"), max_length=60, blank=True, help_text=_("As printed on the document, e.g. 35-NQ/TW.")
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    issue_date = models.DateField(_("issue date"), db_index=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    tags = ClusterTaggableManager(through=OfficialDocumentTag, blank=True, verbose_name=_("topics"))
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
            ("paragraph", CleanRichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraph"))),
            ("quote", blocks.BlockQuoteBlock(label=_("Quote"))),
            ("table", TableBlock(label=_("Table"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    objects = HandbookPageManager()

    is_creatable = True
    parent_page_types = [*UNIT_PAGE_TYPES, "site_pages.DocumentIndexPage"]
    subpage_types = []
    template = "pages/official_document_page.html"
    content_panels = [
        *HandbookPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldPanel("tags"),
            ],
            heading=_("As issued"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attached files"), label=_("File")),
    ]
    search_fields = [
        *HandbookPage.search_fields,
        index.SearchField("number"),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("issue_date"),
    ]

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")

    def text_to_fold(self):
        return [*super().text_to_fold(), self.number, self.issuing_body, self.summary, *stream_text(self.body)]

    def document_number(self):
        return self.number

    def files_to_fold(self):
        return [attachment.document_id for attachment in self.attachments.all()], []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"], context["tags"] = self._shared_rows()
        return context

    def _shared_rows(self):
        """Attached files and topics, kept in the page cache under the unit's generation (a publish
        starts a new one; a file changed or deleted, the tree's); read fresh for a preview."""

        def read():
            return list(self.attachments.select_related("document")), list(self.tags.all())

        if not isinstance(self.attachments.all(), QuerySet):
            return read()
        return cached("document-rows", [unit_generation(self.owning_unit_id)], [self.pk], read)


class OfficialDocumentAttachment(Orderable):
    page = ParentalKey(OfficialDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("Defaults to the file's title."))

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    @property
    def display_label(self):
        return self.label or self.document.title
